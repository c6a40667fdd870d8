"""The reader's macros: glossary terms, case studies, learning material, the course map, progress and flashcards.
Each takes the page being rendered (a `Here`) first and delegates to the module that owns its data; the build's data
comes from build_state. macros/__init__.py registers them with mkdocs-macros."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from course_reader import build_state
from course_reader.content.case_studies import render_card, render_table
from course_reader.content.glossary import render_page
from course_reader.content.reading_time import minutes_marker
from course_reader.content.self_check import render_objectives, render_questions, render_takeaways
from course_reader.core.fields import md_text
from course_reader.macros.editorial import course_mix, further_reading, level_mix, support_href
from course_reader.macros.page import Here, has_page, numbered_title, title
from course_reader.study.flashcards import ANKI_FILE, cards_of, render_deck
from course_reader.study.progress import PAGE as PROGRESS_PAGE
from course_reader.study.progress import render_part, render_summary

# The macros


def term(here: Here, term_id: str, text: str | None = None) -> Markup:
    """{{ term("nato") }} or {{ term("nato", "the Alliance") }}: a glossary link with a tooltip."""
    return here.term_link(term_id, text)


def glossary(here: Here) -> str:
    """The whole A–Z glossary (backlinks are filled in by hooks/course_reader/site/pages.py)."""
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
        f"[All case studies]({here.md_link('cases/index.md')}){{ .md-button }}\n{{ .web-only }}\n"
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
    """Home page: every chapter with its number, reading time and first objective, and a start button (the button
    and the download prompt are web-only: names.WEB_ONLY). On a phone the table shows each chapter as a card
    (docs/assets/reader.css), each cell labelled by its column (`data-label`)."""
    build = build_state.get()
    rows = []
    for src_uri, number in build.numbers.items():
        chapter = build.learning.chapters.get(src_uri)
        first = md_text(chapter.objectives[0]) if chapter else ""
        depth = "sub" if "." in number else "top"
        rows.append(
            f'<tr class="course-map__{depth}"><td>{number}</td><th scope="row"><a href="{here.href(src_uri)}">'
            f'{md_text(title(src_uri))}</a></th><td data-label="Reading time">'
            f'{minutes_marker(src_uri)} min</td><td data-label="You will learn to">{first}</td>'
            f'<td data-label="Self-check">{md_text(level_mix(chapter)) if chapter else ""}</td></tr>'
        )
    goals = "\n".join(f"- {md_text(o)}" for o in build.learning.home_objectives)
    start = start_button(here, map_link=False)
    start += (
        "\n\nReading offline, on paper or on an e-reader? "
        f"[Download the reader as a PDF, an EPUB or a zip, or open the print edition]({here.md_link('download.md')})."
        "\n{ .web-only }"
    )
    summary = render_summary(here.href(PROGRESS_PAGE)) if has_page(PROGRESS_PAGE) else ""
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


def start_reading(here: Here) -> str:
    """{{ start_reading() }}: the home page's primary button, under its title so that it is in the first screen of a
    phone; progress-article.js makes it "Continue with …" the first chapter not read yet."""
    return start_button(here, map_link=True)


def progress(here: Here, part: str) -> Markup:
    """{{ progress("chapters") }}, ("review") or ("data"): a part of the "Your progress" page (hooks/course_reader/study/progress.py)."""
    build = build_state.get()
    chapters = [(here.href(src), numbered_title(src)) for src in build.numbers]
    try:
        return render_part(part, chapters)
    except ValueError as error:
        raise ValueError(f"docs/{here.src}: {error}") from None


def flashcards(here: Here) -> Markup:
    """{{ flashcards() }}: every glossary term as a card, with the chapter where it is first met (hooks/course_reader/study/flashcards.py)."""
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
    start_reading,
    progress,
    flashcards,
)


# Helpers


def related(here: Here) -> str:
    """The chapter's "Related material": its case studies, the glossary terms it uses, the next page. Web-only
    (names.WEB_ONLY), as a whole: on paper and in the EPUB the case-study cards and the index say the same."""
    build = build_state.get()
    lines = [
        '<section class="related-material web-only" markdown>',
        "",
        "## Related material { #related-material }",
        "",
    ]
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
        link = f"[{md_text(numbered_title(nxt.file.src_uri))}]({here.md_link(nxt.file.src_uri)})"
        lines += [f"**Next:** {link}", ""]
    return "\n".join([*lines, "</section>", ""])


def start_button(here: Here, *, map_link: bool) -> str:
    """The "Start reading" button (a raw HTML block: not a paragraph of the article), to the first chapter; with
    `map_link`, a link down to the course map beside it. `data-continue` lets progress-article.js point it at the first chapter
    not read yet; it is for the screen only (`web-only`: the print page, PDF and EPUB drop it)."""
    first_chapter = next(iter(build_state.get().numbers), None)
    if first_chapter is None:
        return ""
    more = ' <a class="reader-start__map" href="#course-map">See the course map</a>' if map_link else ""
    return (
        f'<p class="reader-start web-only"><a class="md-button md-button--primary" href="{here.href(first_chapter)}"'
        f' data-continue="">Start reading</a>{more}</p>'
    )
