"""Editor's notes: load and validate data/notes.yml, check where pages place them, render the note element.

A note gives context the article does not (a later event, a correction, a distinction the literature makes), in
the reader's own words, with named public sources, the date it is true as of and the date it was last checked against
them (`due()` lists the notes not checked for CHECK_EVERY_MONTHS: the build logs them, `make notes-due` fails on them).
It is set apart from the article's text in every edition. content/editorial.py loads the notes once per build and checks that each note is
placed, once, on its own chapter with {{ editor_note("id") }}; macros/editorial.py renders them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import Markup

from course_reader import build_state
from course_reader.core.datafile import ContentError
from course_reader.core.entries import Entry, load_entries, lookup, missing_pages
from course_reader.core.fields import PLAIN, Field, md_text

# The fields of a note; text is PLAIN (shown as typed, never Markdown or HTML): see hooks/course_reader/core/fields.py
FIELDS: dict[str, Field] = {
    "id": Field(str, True, "a lowercase id such as 'rimpac-biennial' (letters, digits, hyphens)"),
    "chapter": Field(str, True, "the page the note belongs on, as a path under docs/, e.g. 'tools/exercises.md'"),
    "title": Field(str, True, "a few words saying what the note is about", PLAIN),
    "text": Field(str, True, "the note itself: plain text, neutral, only what the sources say", PLAIN),
    "sources": Field(
        list, True, "a list of named, checkable public sources (treaty, official statement, reference work)", PLAIN
    ),
    "as_of": Field((str, date), True, "the date the note is true as of, as YYYY-MM or YYYY-MM-DD"),
    "checked": Field(
        (str, date), True, "the date the note was last checked against its sources, as YYYY-MM or YYYY-MM-DD"
    ),
}
CHECK_EVERY_MONTHS = 12  # a note not checked for this long is listed as due
AS_OF = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\Z")
CALL = re.compile(r"""\{\{-?\s*editor_note\(\s*(['"])(.*?)\1""")


@dataclass(frozen=True)
class Note:
    id: str
    chapter: str
    title: str
    text: str
    sources: tuple[str, ...]
    as_of: str  # YYYY-MM or YYYY-MM-DD
    checked: str = ""  # YYYY-MM or YYYY-MM-DD: when the note was last checked against its sources
    line: int = 0

    @property
    def anchor(self) -> str:
        return f"note-{self.id}"

    @property
    def as_of_label(self) -> str:
        """'August 2022' or '5 August 2022'."""
        return _label(self.as_of)

    @property
    def checked_label(self) -> str:
        return _label(self.checked) if self.checked else ""


def _label(when: str) -> str:
    match = AS_OF.match(when)
    assert match is not None  # validated on load
    month = calendar.month_name[int(match.group(2))]
    return f"{int(match.group(3))} {month} {match.group(1)}" if match.group(3) else f"{month} {match.group(1)}"


def _first_day(when: str) -> date:
    """A validated YYYY-MM or YYYY-MM-DD as a date; a month alone counts from its first day, so a note checked
    "2025-12" is due from 1 December 2026."""
    match = AS_OF.match(when)
    assert match is not None  # validated on load
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))


@dataclass(frozen=True)
class Notes:
    source: str = "data/notes.yml"
    notes: dict[str, Note] = field(default_factory=dict)

    def get(self, note_id: str, where: str = "") -> Note:
        return lookup(self.notes, note_id, where, what="editor's note", source=self.source, add="the note")

    def for_page(self, src_uri: str) -> list[Note]:
        return [n for n in self.notes.values() if n.chapter == src_uri]


def load_notes(path: Path, pages: set[str], root: Path | None = None) -> Notes:
    """Load and validate; `pages` are the docs-relative paths that exist. Raise ContentError with every problem."""

    def note(e: Entry) -> Note:
        raw = e.value
        e.problems.extend(
            missing_pages(e, "chapter", pages, " — give the path relative to docs/, e.g. 'tools/exercises.md'")
        )
        as_of, checked = (
            raw[key].isoformat() if isinstance(raw[key], date) else raw[key].strip() for key in ("as_of", "checked")
        )
        for key, value in (("as_of", as_of), ("checked", checked)):
            if not AS_OF.match(value):
                e.problems.append(
                    f"{e.where(key)}: field '{key}' is '{value}' — write the date as YYYY-MM or YYYY-MM-DD, e.g. '2024-12'"
                )
        if AS_OF.match(as_of) and AS_OF.match(checked) and checked[:7] < as_of[:7]:
            e.problems.append(
                f"{e.where('checked')}: field 'checked' is {checked}, before 'as_of' ({as_of}) — a note cannot be true"
                " as of a date later than its last check; check it again and set 'checked' to today"
            )
        return Note(
            id=e.id,
            chapter=raw["chapter"],
            title=" ".join(raw["title"].split()),
            text=" ".join(raw["text"].split()),
            sources=tuple(" ".join(s.split()) for s in raw["sources"]),
            as_of=as_of,
            checked=checked,
            line=e.line,
        )

    name, notes = load_entries(path, "notes", FIELDS, note, root)
    return Notes(name, notes)


def due(notes: Notes, today: date, months: int = CHECK_EVERY_MONTHS) -> list[str]:
    """One line for each note last checked `months` or more before `today` (file, line, id, date), oldest first."""
    total = today.year * 12 + today.month - 1 - months
    limit = date(total // 12, total % 12 + 1, min(today.day, calendar.monthrange(total // 12, total % 12 + 1)[1]))
    late = sorted((n for n in notes.notes.values() if _first_day(n.checked) <= limit), key=lambda n: n.checked)
    return [
        f"{notes.source}:{n.line}: editor's note '{n.id}' was last checked {n.checked_label} — check it against its"
        " sources, update it if needed and set 'checked' to today"
        for n in late
    ]


def check_placement(notes: Notes, calls: dict[str, list[tuple[str, int]]]) -> list[str]:
    """Each note placed exactly once, on its own chapter; `calls` maps a page to its (note id, line) calls."""
    problems = []
    placed: dict[str, str] = {}
    for src_uri, page_calls in calls.items():
        for note_id, line in page_calls:
            where = f"docs/{src_uri}:{line}: "
            try:
                note = notes.get(note_id, where)
            except ContentError as exc:
                problems.append(str(exc))
                continue
            if note.chapter != src_uri:
                problems.append(
                    f"{where}editor's note '{note_id}' belongs on docs/{note.chapter} ({notes.source}:{note.line}, field "
                    "'chapter') — place it there, or change its chapter"
                )
            elif note_id in placed:
                problems.append(f"{where}editor's note '{note_id}' is placed twice on this page — keep one")
            placed[note_id] = src_uri
    for note in notes.notes.values():
        if note.id not in placed:
            problems.append(
                f"{notes.source}:{note.line}: editor's note '{note.id}' is not placed — add "
                f'{{{{ editor_note("{note.id}") }}}} to docs/{note.chapter} after the paragraph it comments on'
            )
    return problems


def calls_in(text: str) -> list[tuple[str, int]]:
    """The (note id, line) of every editor_note() call in a page's source."""
    return [(m.group(2), text.count("\n", 0, m.start()) + 1) for m in CALL.finditer(text)]


def render_note(note: Note, chapter_href: str | None = None, chapter_title: str = "") -> Markup:
    """The note element: labelled "Editor's note", apart from the article's text, with its sources and date.
    With `chapter_href`, a line linking the chapter it belongs to (for lists of notes outside the chapter)."""
    sources = Markup("").join(Markup("<li>{}</li>").format(md_text(s)) for s in note.sources)
    where = (
        Markup('<p class="editor-note__chapter">On <a href="{}">{}</a></p>').format(
            chapter_href, md_text(chapter_title)
        )
        if chapter_href is not None
        else ""
    )
    return Markup(
        '<aside class="editor-note" id="{anchor}" aria-labelledby="{anchor}-title">'
        '<p class="editor-note__title" id="{anchor}-title"><span class="editor-note__label">Editor’s note</span> '
        "{title}</p>{where}"
        '<p class="editor-note__text">{text}</p>'
        '<p class="editor-note__meta">As of {as_of}; last checked {checked}. Sources:</p>'
        '<ul class="editor-note__sources">{sources}</ul></aside>'
    ).format(
        anchor=note.anchor,
        title=md_text(note.title),
        where=where,
        text=md_text(note.text),
        as_of=note.as_of_label,
        checked=note.checked_label or "not recorded",
        sources=sources,
    )


# This build's notes


@dataclass
class NotesState:
    """This build's notes (build_state.get().part(NotesState)), loaded by hooks/course_reader/content/editorial.py."""

    notes: Notes = field(default_factory=Notes)


def current() -> Notes:
    return build_state.get().part(NotesState).notes
