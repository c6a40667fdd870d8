"""Case studies: load and validate data/case_studies.yml; render cards, filtered tables and generated pages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup

from course_reader.content.glossary import Glossary
from course_reader.core.entries import Entry, load_entries, lookup, missing_pages, not_one_of, suggest
from course_reader.core.fields import PLAIN, Field, md_text, one_line

KINDS = ("alliance", "bilateral", "multilateral", "exercise", "agreement", "coalition")
SUMMARY_SOURCES = ("verbatim", "quote", "paraphrase")
# The fields of an entry; text is PLAIN (shown as typed) or INLINE (restricted Markdown): see hooks/course_reader/core/fields.py
FIELDS: dict[str, Field] = {
    "id": Field(str, True, "a lowercase id such as 'us-nato' (letters, digits, hyphens)"),
    "title": Field(str, True, "the case study's title", PLAIN),
    "parties": Field(list, True, "a list of the countries or organisations involved", PLAIN),
    "region": Field(str, True, "a region, e.g. 'Europe', 'Asia-Pacific', 'Middle East' or 'Global'", PLAIN),
    "kind": Field(str, True, f"one of: {', '.join(KINDS)}"),
    "summary": Field(str, True, "a summary in the article's own words", PLAIN),
    "summary_source": Field(str, False, "how the summary relates to the article: verbatim, quote or paraphrase"),
    "source_page": Field(
        str, True, "the chapter the summary comes from, as a path under docs/, e.g. 'history/case-studies.md'"
    ),
    "tools": Field(list, False, "a list of tools, e.g. ['joint exercises']", PLAIN),
    "takeaways": Field(list, False, "a list of one-sentence takeaways", PLAIN),
    "terms": Field(list, False, "a list of glossary ids, e.g. ['nato']"),
    "pages": Field(list, True, "a list of pages under docs/ that discuss it, e.g. ['history/case-studies.md']"),
}
CARD_ID_PREFIX = "card-"  # a card's heading id is card-<id>


@dataclass(frozen=True)
class CaseStudy:
    id: str
    title: str
    parties: tuple[str, ...]
    region: str
    kind: str
    summary: str
    summary_source: str = "verbatim"
    source_page: str = ""
    tools: tuple[str, ...] = ()
    takeaways: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()

    @property
    def src_uri(self) -> str:
        return f"cases/{self.id}.md"


@dataclass(frozen=True)
class CaseStudies:
    source: str
    cases: dict[str, CaseStudy]

    def get(self, case_id: str, where: str = "") -> CaseStudy:
        return lookup(self.cases, case_id, where, what="case study", source=self.source, add="the case study")

    def for_page(self, src_uri: str) -> list[CaseStudy]:
        return [c for c in self.cases.values() if src_uri in c.pages]

    def filtered(self, region: str | None = None, kind: str | None = None) -> list[CaseStudy]:
        return [
            c
            for c in self.cases.values()
            if (region is None or c.region.casefold() == region.casefold()) and (kind is None or c.kind == kind)
        ]


def load_case_studies(path: Path, glossary: Glossary, pages: Iterable[str], root: Path | None = None) -> CaseStudies:
    """Load and validate; `pages` are the docs-relative paths that exist. Raise ContentError with every problem."""
    known_pages = set(pages)

    def case_study(e: Entry) -> CaseStudy:
        _check_case(e, glossary, known_pages)
        raw = e.value
        return CaseStudy(
            id=e.id,
            title=raw["title"].strip(),
            parties=tuple(raw["parties"]),
            region=raw["region"].strip(),
            kind=raw["kind"],
            summary=" ".join(raw["summary"].split()),
            summary_source=raw.get("summary_source", "verbatim"),
            source_page=raw["source_page"],
            tools=tuple(raw.get("tools") or ()),
            takeaways=tuple(raw.get("takeaways") or ()),
            terms=tuple(raw.get("terms") or ()),
            pages=tuple(raw["pages"]),
        )

    name, cases = load_entries(path, "case_studies", FIELDS, case_study, root)
    return CaseStudies(name, cases)


def _check_case(e: Entry, glossary: Glossary, known_pages: set[str]) -> None:
    """A case study's checks beyond its fields' types (problems added to the entry's): an id whose page is free, a
    summary source and kind from their lists, glossary terms and pages that exist."""
    raw = e.value
    page = f"cases/{e.id}.md"
    if page in known_pages:
        e.problems.append(
            f"{e.where('id')}: the id '{e.id}' would make the page {page}, which is "
            f"docs/{page} already — choose another id (the case study's page is cases/<id>.md)"
        )
    if raw.get("summary_source", "verbatim") not in SUMMARY_SOURCES:
        e.problems.append(
            f"{e.where('summary_source')}: field 'summary_source' must be one of: {', '.join(SUMMARY_SOURCES)}"
        )
    if problem := not_one_of(e.where("kind"), "kind", raw["kind"], KINDS):
        e.problems.append(problem)
    for term_id in raw.get("terms") or []:
        if term_id not in glossary.terms:
            e.problems.append(
                f"{e.where('terms')}: field 'terms' names unknown glossary term "
                f"'{term_id}'{suggest(term_id, list(glossary.terms))} — use an id from {glossary.source}"
            )
    e.problems.extend(
        missing_pages(
            e,
            "source_page",
            known_pages,
            " — give the chapter the summary comes from, e.g. 'history/case-studies.md'",
        )
        + missing_pages(e, "pages", known_pages, " — give the path relative to docs/, e.g. 'history/case-studies.md'")
    )


def _list(items: tuple[str, ...]) -> Markup:
    return Markup(", ").join(md_text(item) for item in items)


def _facts(case: CaseStudy) -> Markup:
    """The facts as a definition list; the line breaks keep the words apart in the search index's text."""
    return Markup(
        '<dl class="case-facts">\n<div><dt>Parties</dt>\n<dd>{parties}</dd></div>\n'
        "<div><dt>Region</dt>\n<dd>{region}</dd></div>\n<div><dt>Kind</dt>\n<dd>{kind}</dd></div>\n{tools}</dl>"
    ).format(
        parties=_list(case.parties),
        region=md_text(case.region),
        kind=md_text(case.kind),
        tools=Markup("<div><dt>Tools</dt>\n<dd>{}</dd></div>\n").format(_list(case.tools)) if case.tools else "",
    )


def render_card(
    case: CaseStudy,
    case_href: str,
    term_link: Callable[[str], Markup],
    heading_level: int = 3,
    standalone: bool = False,
    source: tuple[str, str] | None = None,
    above: tuple[str, str] | None = None,
) -> Markup:
    """An HTML card: title, facts, the article's summary (as a quotation), takeaways, linked terms, read more.
    `standalone` is the case study's own page: its heading is the page title, and there is nothing to read more.
    `source` is (href, title) of the chapter the summary comes from. `above` is (href, opening) of the paragraph the
    summary comes from when the card is in that chapter: the card points to it instead of repeating it. Every field is
    plain text (hooks/course_reader/core/fields.py): escaped for HTML and inert for the Markdown around the card."""
    takeaways = Markup("").join(Markup("<li>{}</li>").format(md_text(t)) for t in case.takeaways)
    terms = Markup(", ").join(term_link(t) for t in case.terms)
    title = md_text(case.title)
    body = Markup("{facts}{summary}{takeaways}{terms}").format(
        facts=_facts(case),
        summary=render_summary(case, source) if above is None else render_pointer(case, above),
        takeaways=Markup('<p class="case-card__label">Takeaways</p><ul>{}</ul>').format(takeaways) if takeaways else "",
        terms=Markup('<p class="case-card__terms">Key terms: {}</p>').format(terms) if terms else "",
    )
    if standalone:
        return Markup('<section class="case-card case-card--page" aria-label="{}: key facts">{}</section>').format(
            title, body
        )
    return Markup(
        '<section class="case-card" aria-labelledby="{prefix}{id}">'
        '<h{n} class="case-card__title" id="{prefix}{id}">{title}</h{n}>{body}'
        '<p class="case-card__more"><a href="{href}">Read more: {title}</a></p></section>'
    ).format(prefix=CARD_ID_PREFIX, id=case.id, n=heading_level, title=title, body=body, href=case_href)


def render_summary(case: CaseStudy, source: tuple[str, str] | None = None) -> Markup:
    """The summary: a marked quotation of the article, or a labelled paraphrase of it, with the chapter it comes from."""
    origin = (
        Markup('<p class="case-summary__source">From the article, chapter <a href="{}">{}</a></p>').format(
            source[0], md_text(source[1])
        )
        if source
        else ""
    )
    if case.summary_source == "paraphrase":
        return Markup(
            '<p class="case-summary"><span class="case-summary__label">The article, paraphrased:</span> {}</p>{}'
        ).format(md_text(case.summary), origin)
    return Markup('<blockquote class="case-summary" data-article-quote><p>{}</p></blockquote>{}').format(
        md_text(case.summary), origin
    )


def render_pointer(case: CaseStudy, above: tuple[str, str]) -> Markup:
    """In the chapter the summary comes from: where the article gives it, above, instead of the same words again."""
    href, opening = above
    what = "discusses it" if case.summary_source == "paraphrase" else "gives it"
    words = opening.split()
    shown = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return Markup(
        '<p class="case-summary case-summary--above">The article {} above, in <a href="{}">the paragraph beginning'
        " “{}”</a>.</p>"
    ).format(what, href, md_text(shown))


def source_paragraph(case: CaseStudy, openings: list[str]) -> str | None:
    """The paragraph of the chapter the summary comes from (`openings`: its paragraphs' text, from
    self_check.paragraph_openings): the one that holds most of the summary's words, if it holds at least half."""

    def words(text: str) -> set[str]:
        return {w for w in _WORDS.findall(text.lower()) if len(w) > 3}

    wanted = words(case.summary)
    if not wanted:
        return None
    best = max(openings, key=lambda o: len(wanted & words(o)), default=None)
    return best if best is not None and 2 * len(wanted & words(best)) >= len(wanted) else None


_WORDS = re.compile(r"\w+")


def render_table(cases: list[CaseStudy], href_for: Callable[[CaseStudy], str], caption: str = "Case studies") -> Markup:
    if not cases:
        return Markup('<p class="case-table--empty">No case study matches this filter.</p>')
    rows = Markup("").join(
        Markup(
            '<tr><td><a href="{href}">{title}</a></td>\n<td>{parties}</td>\n<td>{region}</td>\n<td>{kind}</td></tr>\n'
        ).format(
            href=href_for(c), title=md_text(c.title), parties=_list(c.parties), region=md_text(c.region), kind=c.kind
        )
        for c in cases
    )
    return Markup(
        '<table class="case-table"><caption>{}</caption><thead><tr><th scope="col">Case study</th>\n<th scope="col">Parties</th>\n'
        '<th scope="col">Region</th>\n<th scope="col">Kind</th></tr></thead>\n<tbody>\n{}</tbody></table>'
    ).format(caption, rows)  # line breaks between cells keep the words apart in the search index's text


def page_source(case: CaseStudy) -> str:
    """Markdown of the generated page for one case study: front matter serialised by yaml.safe_dump (never
    assembled from strings), the title as plain text that neither Markdown nor Jinja acts on, and the body
    rendered by the case_study_page macro."""
    front = {
        "title": one_line(case.title),
        "description": f"Case study: {one_line(case.title)} — {case.kind}, {one_line(case.region)}.",
        "edit_source": "data/case_studies.yml",
    }
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return f'---\n{header}---\n\n# {md_text(case.title)}\n\n{{{{ case_study_page("{case.id}") }}}}\n'
