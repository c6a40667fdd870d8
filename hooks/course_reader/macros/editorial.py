"""The editorial layer's macros (issue 12): editor's notes and the source article's attribution. hooks/course_reader/macros/reader.py
registers EDITORIAL_MACROS with the others; each takes the page being rendered first and delegates to the module
that owns its data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from markupsafe import Markup

from course_reader import build_state
from course_reader.content import attribution, notes, readings, teaching
from course_reader.content.learning import HIGHER, LEVELS, Chapter, Question
from course_reader.core.fields import md_text
from course_reader.macros.page import Here, numbered_title
from course_reader.site.paragraphs import paragraph_id

T = TypeVar("T")


def editor_note(here: Here, note_id: str) -> Markup:
    """{{ editor_note("rimpac-biennial") }}: the note, set apart from the article's text."""
    return notes.render_note(notes.current().get(note_id, f"docs/{here.src}: "))


def editor_notes(here: Here) -> Markup:
    """Every editor's note, in chapter order, each with a link to its place in its chapter."""
    order = {page: n for n, page in enumerate(build_state.get().numbers)}
    listed = sorted(notes.current().notes.values(), key=lambda n: order.get(n.chapter, len(order)))
    return Markup("\n").join(
        notes.render_note(n, chapter_href=f"{here.href(n.chapter)}#{n.anchor}", chapter_title=numbered_title(n.chapter))
        for n in listed
    )


def source_attribution(here: Here) -> Markup:
    """The home page's "About the source article" section (extra.source and extra.license in mkdocs.yml)."""
    return attribution.render_block(attribution.current(), attribution.current_rights())


def support_href(here: Here) -> Callable[[Question], str]:
    """Where a self-check answer's support is, from the page being rendered: the editor's note, or the paragraph's
    anchor (hooks/course_reader/site/paragraphs.py makes it from the paragraph's first words, which the question gives)."""

    def href(question: Question) -> str:
        if question.note:
            return f"#{notes.current().get(question.note, f'docs/{here.src}: ').anchor}"
        anchor = paragraph_id(question.paragraph, set())
        return f"#{anchor}" if anchor else here.href(here.src)

    return href


def level_mix(chapter: Chapter) -> str:
    """'2 remember · 1 understand · 2 analyze': a chapter's questions by level."""
    return " · ".join(f"{count} {level}" for level, count in chapter.level_mix().items())


def course_mix(chapters: Iterable[Chapter]) -> str:
    """The whole course's questions by level, for the course map."""
    totals: dict[str, int] = {}
    for chapter in chapters:
        for level, count in chapter.level_mix().items():
            totals[level] = totals.get(level, 0) + count
    ordered = " · ".join(f"{totals[level]} {level}" for level in LEVELS if level in totals)
    higher = sum(totals.get(level, 0) for level in HIGHER)
    return f"{sum(totals.values())} self-check questions: {ordered} ({higher} ask you to apply, analyze or evaluate)."


def further_reading(here: Here) -> str:
    """A chapter's "Further reading" (data/readings.yml), or nothing."""
    listed = readings.current().for_page(here.src)
    if not listed:
        return ""
    return f"## Further reading {{ #further-reading }}\n\n{readings.render_list(listed)}\n"


def reading_list(here: Here) -> Markup:
    """Every reading, each with the chapters it is suggested for."""
    chapters = {src: (here.href(src), numbered_title(src)) for src in build_state.get().learning.chapters}
    return readings.render_list(list(readings.current().readings.values()), with_chapters=chapters)


def discussion_prompts(here: Here) -> str:
    """Every chapter's discussion prompts, under the chapter's numbered title."""
    out = []
    for src, prompts in _in_course_order(teaching.current().prompts):
        out += [
            f"## {md_text(numbered_title(src))}",
            "",
            f"[Read the chapter]({here.md_link(src)})",
            "{ .web-only }",
            "",
        ]
        out += [str(teaching.render_prompts(prompts)), ""]
    return "\n".join(out)


def timeline(here: Here) -> Markup:
    """The dates in the article, the glossary and the editor's notes, each linked to where the reader gives it."""

    def source(event: teaching.Event) -> tuple[str, str]:
        if event.source_kind == "article":
            return here.href(event.source_id), f"The article: {numbered_title(event.source_id)}"
        if event.source_kind == "glossary":
            term = build_state.get().glossary.terms[event.source_id]
            return f"{here.href('glossary.md')}#{term.id}", f"Glossary: {term.term}"
        note = notes.current().notes[event.source_id]
        return f"{here.href(note.chapter)}#{note.anchor}", f"Editor’s note: {note.title}"

    return teaching.render_timeline(teaching.current().timeline, source)


def _in_course_order(by_page: dict[str, T]) -> list[tuple[str, T]]:
    order = {page: n for n, page in enumerate(build_state.get().numbers)}
    return sorted(by_page.items(), key=lambda item: order.get(item[0], len(order)))


EDITORIAL_MACROS: tuple[Callable[..., Any], ...] = (
    editor_note,
    editor_notes,
    source_attribution,
    reading_list,
    discussion_prompts,
    timeline,
)
