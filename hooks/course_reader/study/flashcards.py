"""Flashcards from the glossary: one card per term (the term and its short definition, with the chapter where the
reader first meets it), the deck as HTML for the Flashcards page (docs/assets/flashcards.js runs the sessions) and as
a file Anki imports. Terms and definitions are plain text (hooks/course_reader/core/fields.py): md_text() in the page (the deck is HTML
in the Markdown source), one line in Anki's plain-text fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from course_reader.content.case_studies import CaseStudies
from course_reader.content.glossary import Glossary
from course_reader.core.fields import md_text, one_line
from course_reader.names import FLASHCARDS_PAGE

if TYPE_CHECKING:
    from course_reader.build_state import Build

ANKI_FILE = "flashcards/glossary-anki.txt"  # where the deck for Anki is written in the site
ANKI_NOTETYPE = "Basic (and reversed card)"  # one of Anki's built-in note types: term -> definition and back
PAGE = FLASHCARDS_PAGE


@dataclass(frozen=True)
class Card:
    id: str  # the glossary id: the card's identity in the reader's progress and in Anki
    term: str
    short: str
    chapter: str | None  # src_uri of the first chapter that uses the term
    chapter_title: str  # with its number: '2.1 Evolution of Military Alliances'


def first_chapters(
    term_calls: dict[str, list[str]], reading_order: Iterable[str], cases: CaseStudies
) -> dict[str, str]:
    """The first page in reading order that links each term (a term shown only on a case-study card counts from the
    first chapter that shows the card)."""
    order = list(reading_order)
    first: dict[str, str] = {}
    for src in order:
        for term_id in term_calls.get(src, []):
            first.setdefault(term_id, src)
    for src in order:
        for case in cases.for_page(src):
            for term_id in case.terms:
                first.setdefault(term_id, src)
    return first


def make_cards(glossary: Glossary, first: dict[str, str], titles: Callable[[str], str]) -> list[Card]:
    """One card per glossary term, in the glossary's (alphabetical) order."""
    return [
        Card(t.id, t.term, t.short, first.get(t.id), titles(first[t.id]) if t.id in first else "")
        for t in glossary.terms.values()
    ]


def cards_of(build: Build) -> list[Card]:
    """The build's cards: first chapters in reading order (the home page, then the numbered chapters)."""

    def titled(src: str) -> str:
        number, title = build.numbers.get(src), build.titles.get(src, src)
        return f"{number} {title}" if number else title

    return make_cards(
        build.glossary, first_chapters(build.term_calls, ["index.md", *build.numbers], build.cases), titled
    )


# Where flashcards.js runs a session: hidden until the script shows it (without JavaScript, only the list is there)
SESSION = Markup(
    '<div class="reader-flashcards__session" data-flashcards-session hidden>'
    '<p class="reader-session__count"></p>'
    '<label class="reader-session__reverse"><input type="checkbox"> Show the definition first</label>'
    '<div class="reader-session__card"><p class="reader-session__side"></p>'
    '<p class="reader-session__front" tabindex="-1"></p><div class="reader-session__back" hidden></div></div>'
    '<div class="reader-session__buttons">'
    '<button type="button" class="md-button md-button--primary">Show the answer</button>'
    '<button type="button" class="md-button md-button--primary">I knew it</button>'
    '<button type="button" class="md-button">Not yet</button>'
    '<button type="button" class="md-button md-button--primary">Start a new session</button></div>'
    '<p class="reader-session__status reader-sr" role="status"></p></div>'  # the card shows what it says
)


def render_deck(cards: list[Card], *, href: Callable[[str], str], anki_href: str) -> Markup:
    """The Flashcards page's deck: the Anki download, where flashcards.js runs a session, and every card as a
    definition list (what a reader without JavaScript, or a screen reader's list navigation, gets)."""
    rows = []
    for card in cards:
        where = (
            Markup('<p class="reader-card__where">First met in <a href="{}">{}</a></p>').format(
                href(card.chapter), md_text(card.chapter_title)
            )
            if card.chapter
            else Markup("")
        )
        rows.append(
            Markup('<div class="reader-card" data-card="{}"><dt>{}</dt><dd><p>{}</p>{}</dd></div>').format(
                card.id, md_text(card.term), md_text(card.short), where
            )
        )
    return Markup(
        '<div class="reader-flashcards" data-flashcards>'
        "{session}"
        '<details class="reader-flashcards__all"><summary>All {count} cards</summary>'
        '<dl class="reader-flashcards__list">{rows}</dl></details>'
        '<p class="reader-flashcards__anki"><a href="{anki}" download>Download the deck for Anki</a> '
        "({count} notes; in Anki: File → Import, then choose the file).</p></div>"
    ).format(session=SESSION, count=len(cards), rows=Markup("").join(rows), anki=anki_href)


def anki_deck(cards: list[Card], *, deck: str, tag: str) -> str:
    """The deck in Anki's text import format: headers for the separator, plain text (no HTML), the note type, the
    deck, and columns Front, Back, Tags, GUID (a re-import updates the notes instead of adding them again)."""
    lines = [
        "#separator:tab",
        "#html:false",
        f"#notetype:{ANKI_NOTETYPE}",
        f"#deck:{_one_line(deck)}",
        "#columns:Front\tBack\tTags\tGUID",
        "#tags column:3",
        "#guid column:4",
    ]
    tag = "_".join(tag.split())
    for card in cards:
        back = card.short + (f" (First met in {card.chapter_title}.)" if card.chapter_title else "")
        lines.append("\t".join([_field(card.term), _field(back), _field(tag), _field(f"{tag}-{card.id}")]))
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return one_line(text)


def _field(text: str) -> str:
    """A field as Anki's importer reads it: one line; quoted, with inner quotes doubled, when it holds a quote or
    starts with '#' (Anki skips a line that starts with '#' as a comment: a term such as '#MeToo' would be lost)."""
    text = _one_line(text)
    return '"' + text.replace('"', '""') + '"' if '"' in text or text.startswith("#") else text
