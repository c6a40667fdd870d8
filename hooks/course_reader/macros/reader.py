"""mkdocs-macros entry point: `define_env` registers the reader's macros, the functions listed in MACROS. Each takes
the page being rendered (a `Here`) first and delegates to glossary, case_studies or learning; the build's data
comes from build_state."""

from __future__ import annotations

import functools
import posixpath
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from course_reader import build_state
from course_reader.content.case_studies import CaseStudy, render_card, render_table
from course_reader.macros.editorial import EDITORIAL_MACROS, course_mix, further_reading, level_mix, support_href
from course_reader.core.fields import md_text
from course_reader.study.flashcards import ANKI_FILE, cards_of, render_deck
from course_reader.content.glossary import render_link, render_page
from course_reader.macros.literal_macros import LiteralRendering, jinja_compatible, render_literal_calls
from course_reader.study.progress import PAGE as PROGRESS_PAGE
from course_reader.study.progress import render_part, render_summary
from course_reader.content.reading_time import minutes_marker
from course_reader.content.self_check import render_objectives, render_questions, render_takeaways


class Here:
    """The page the macros are rendering, and links from it."""

    def __init__(self, env: Any) -> None:
        self._env = env
        # (page, target) -> URL, for one build (a page links the glossary many times)
        self._hrefs: dict[tuple[str, str], str] = {}
        self._hrefs_build: Any = None

    @property
    def page(self) -> Any:
        return self._env.page

    @property
    def src(self) -> str:
        return str(self._env.page.file.src_uri)

    def md_link(self, target: str) -> str:
        """A Markdown link target from the current page to docs/<target> (MkDocs checks and rewrites it)."""
        return posixpath.relpath(target, posixpath.dirname(self.src) or ".")

    def href(self, target: str) -> str:
        """A built URL from the current page to docs/<target>, for raw HTML."""
        build = build_state.get()
        if build is not self._hrefs_build:
            self._hrefs, self._hrefs_build = {}, build
        key = (self.src, target)
        if key not in self._hrefs:
            file = build.site_files().get_file_from_path(target)
            if file is None:
                raise ValueError(f"docs/{self.src}: links to docs/{target}, which is not a page of the site")
            self._hrefs[key] = str(file.url_relative_to(self.page.file))
        return self._hrefs[key]

    def term_link(self, term_id: str, text: str | None = None) -> Markup:
        glossary = build_state.get().glossary
        return render_link(glossary.get(term_id, f"docs/{self.src}: "), text, self.href("glossary.md"))

    def quote_source(self, case: CaseStudy) -> tuple[str, str]:
        """(href, numbered title) of the chapter a case study's summary comes from."""
        return self.href(case.source_page), numbered_title(case.source_page)

    def card(self, case: CaseStudy) -> Markup:
        return render_card(case, self.href(case.src_uri), self.term_link, source=self.quote_source(case))


def define_env(env: Any) -> None:
    """Register every macro of MACROS under its own name, bound to the page being rendered."""
    here = Here(env)
    for macro in MACROS:
        env.macro(functools.update_wrapper(functools.partial(macro, here), macro), macro.__name__)


def on_pre_page_macros(env: Any) -> None:
    """A page whose only template syntax is literal macro calls is rendered here, without compiling it as a template
    (the same text, faster); mkdocs-macros then renders an empty page, and `on_post_page_macros` puts this back."""
    state = build_state.get().part(LiteralRendering)
    state.markdown = None
    meta = env.page.meta
    if "render_macros" in meta or not env.config["render_by_default"] or not jinja_compatible(env.env):
        return  # mkdocs-macros decides, as it always does
    functions = {name: env.env.globals[name] for name in env.macros if name in env.env.globals}
    rendered = render_literal_calls(env.markdown, functions, shadowed={*env.variables, *meta})
    if rendered is not None:
        state.markdown, env.markdown = rendered, ""


def on_post_page_macros(env: Any) -> None:
    state = build_state.get().part(LiteralRendering)
    if state.markdown is not None:
        env.markdown, state.markdown = state.markdown, None


# The macros


def term(here: Here, term_id: str, text: str | None = None) -> Markup:
    """{{ term("nato") }} or {{ term("nato", "the Alliance") }}: a glossary link with a tooltip."""
    return here.term_link(term_id, text)


def glossary(here: Here) -> str:
    """The whole A–Z glossary (backlinks are filled in by hooks/course.py)."""
    return render_page(build_state.get().glossary)


def case_study(here: Here, case_id: str) -> Markup:
    """{{ case_study("us-nato") }}: a card for one case study."""
    return here.card(build_state.get().cases.get(case_id, f"docs/{here.src}: "))


def case_studies(here: Here, region: str | None = None, kind: str | None = None) -> Markup:
    """{{ case_studies(region="Europe", kind="alliance") }}: a table of matching case studies."""
    cases = build_state.get().cases.filtered(region, kind)
    caption = "Case studies" + "".join(f", {part}" for part in (region, kind) if part)
    return render_table(cases, lambda c: here.href(c.src_uri), caption)


def case_study_page(here: Here, case_id: str) -> str:
    """The body of a generated case-study page."""
    case = build_state.get().cases.get(case_id, f"docs/{here.src}: ")
    card = render_card(case, "", here.term_link, standalone=True, source=here.quote_source(case))
    chapters = "\n".join(f"- [{md_text(title(p))}]({here.md_link(p)})" for p in case.pages)
    return (
        f"{card}\n\n"
        f"## Where the reader discusses it\n\n{chapters}\n\n"
        f"[All case studies]({here.md_link('cases/index.md')}){{ .md-button }}\n"
    )


def related_cases(here: Here) -> str:
    """Cards for the case studies this chapter discusses (nothing if none)."""
    cases = build_state.get().cases.for_page(here.src)
    if not cases or here.page.meta.get("case_cards") is False:
        return ""
    cards = "\n".join(str(here.card(c)) for c in cases)
    return f"## Case studies in this chapter {{ #chapter-case-studies }}\n\n{cards}\n"


def objectives(here: Here) -> str:
    """The chapter's learning objectives (data/learning.yml)."""
    return render_objectives(build_state.get().learning.chapter(here.src))


def chapter_end(here: Here) -> str:
    """The chapter's case-study cards, key takeaways, self-check questions and related material."""
    chapter = build_state.get().learning.chapter(here.src)
    questions = render_questions(chapter, support_href(here))
    parts = [related_cases(here), render_takeaways(chapter), questions, further_reading(here), related(here)]
    return "\n".join(parts)


def course_map(here: Here) -> str:
    """Home page: every chapter with its number, reading time and first objective, and a start button."""
    build = build_state.get()
    rows = []
    for src_uri, number in build.numbers.items():
        chapter = build.learning.chapters.get(src_uri)
        first = md_text(chapter.objectives[0]) if chapter else ""
        depth = "sub" if "." in number else "top"
        rows.append(
            f'<tr class="course-map__{depth}"><td>{number}</td><th scope="row"><a href="{here.href(src_uri)}">'
            f"{md_text(title(src_uri))}</a></th><td>{minutes_marker(src_uri)} min</td><td>{first}</td>"
            f"<td>{md_text(level_mix(chapter)) if chapter else ''}</td></tr>"
        )
    goals = "\n".join(f"- {md_text(o)}" for o in build.learning.home_objectives)
    first_chapter = next(iter(build.numbers), None)
    start = (
        f"[Start reading]({here.md_link(first_chapter)}){{ .md-button .md-button--primary }}" if first_chapter else ""
    )
    start += (
        "\n\nReading offline, on paper or on an e-reader? "
        f"[Download the reader as a PDF, an EPUB or a zip, or open the print edition]({here.md_link('download.md')})."
    )
    summary = render_summary(here.href(PROGRESS_PAGE)) if _has_page(PROGRESS_PAGE) else ""
    return (
        "## Course map { #course-map }\n\n"
        f"By the end of the course you can:\n\n{goals}\n\n"
        f"{summary}"
        '<table class="course-map"><caption>Chapters, reading time, what each teaches and its self-check questions by'
        " level</caption>"
        '<thead><tr><th scope="col">No.</th><th scope="col">Chapter</th><th scope="col">Reading time</th>'
        '<th scope="col">You will learn to…</th><th scope="col">Self-check questions</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>\n\n"
        + f"{md_text(course_mix(build.learning.chapters.values()))}\n\n"
        + start
        + "\n"
    )


def progress(here: Here, part: str) -> Markup:
    """{{ progress("chapters") }}, ("review") or ("data"): a part of the "Your progress" page (hooks/progress.py)."""
    build = build_state.get()
    chapters = [(here.href(src), numbered_title(src)) for src in build.numbers]
    try:
        return render_part(part, chapters)
    except ValueError as error:
        raise ValueError(f"docs/{here.src}: {error}") from None


def flashcards(here: Here) -> Markup:
    """{{ flashcards() }}: every glossary term as a card, with the chapter where it is first met (hooks/flashcards.py)."""
    return render_deck(
        cards_of(build_state.get()), href=here.href, anki_href=get_relative_url(ANKI_FILE, here.page.url)
    )


MACROS: tuple[Callable[..., Any], ...] = (
    term,
    glossary,
    case_study,
    case_studies,
    case_study_page,
    related_cases,
    objectives,
    chapter_end,
    course_map,
    progress,
    flashcards,
    *EDITORIAL_MACROS,  # editor's notes, the source article (hooks/editorial_macros.py)
)


# Helpers


def related(here: Here) -> str:
    """The chapter's "Related material": its case studies, the glossary terms it uses, the next page."""
    build = build_state.get()
    lines = ["## Related material { #related-material }", ""]
    cases = build.cases.for_page(here.src)
    if cases:
        lines += [
            "**Case studies:** " + ", ".join(f"[{md_text(c.title)}]({here.md_link(c.src_uri)})" for c in cases),
            "",
        ]
    used = list(dict.fromkeys(build.term_calls.get(here.src, [])))
    if used:
        links = (f"[{md_text(build.glossary.terms[t].term)}]({here.md_link('glossary.md')}#{t})" for t in used)
        lines += ["**Glossary terms on this page:** " + ", ".join(links), ""]
    nxt = here.page.next_page
    if nxt is not None:
        lines += [f"**Next:** [{md_text(numbered_title(nxt.file.src_uri))}]({here.md_link(nxt.file.src_uri)})", ""]
    return "\n".join(lines)


def title(src_uri: str) -> str:
    """A page's front-matter title (hooks/sources.py read it before any page rendered)."""
    return build_state.get().titles.get(src_uri, src_uri)


def numbered_title(src_uri: str) -> str:
    """A page's title with its chapter number, if it has one: '2.1 Alliances'."""
    number = build_state.get().numbers.get(src_uri)
    return f"{number} {title(src_uri)}" if number else title(src_uri)


def _has_page(src_uri: str) -> bool:
    return build_state.get().site_files().get_file_from_path(src_uri) is not None
