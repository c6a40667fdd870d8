"""The print page read as a book, for the PDF and the EPUB: its parts (one per page of the site) with their place,
title and chapter number, which of them open a chapter of the book (a new page in the PDF) and which run on, and
where each glossary term is used. Read from the print page's own markup (hooks/course_reader/editions/print_page.py
writes it), with no HTML parser; a part that cannot be read is a ValueError naming it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from course_reader.core.fields import text_of
from course_reader.editions.print_rewrite import element_end

PART = re.compile(r'<section class="print-page( md-section)?"(?: id="([^"]+)")?>')
TITLE = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)
NUMBER = re.compile(r'^<h2\b[^>]*><span class="chapter-number">([^<]+)</span>')
TERM_USE = re.compile(r'<a class="glossary-term" data-term="([^"]+)"')
GLOSSARY_KEY = "glossary"


@dataclass(frozen=True)
class Part:
    """One page of the site as a part of the print page: `start`/`end` index its <section> in the content."""

    key: str
    start: int
    end: int
    title: str  # plain text, with the chapter number if it has one
    number: str  # the chapter number ('2.1'), or ''
    section: str  # the id of the nav section holding it ('' at the top level)
    first: bool  # the first part of its nav section (the section's index page)

    @property
    def opens_chapter(self) -> bool:
        """A chapter of the book starts here (a new page in the PDF): a page at the top level of the nav, the first
        page of a nav section, or a top-level numbered chapter ('3', not '3.1'). Other parts run on."""
        return not self.section or self.first or bool(self.number and "." not in self.number)

    @property
    def label(self) -> str:
        """How a list of places names the part: its chapter number, else its title."""
        return self.number or self.title


def parts(content: str) -> list[Part]:
    """The parts of the print page's content (every <section class="print-page" id="…"> that is not a nav
    section), in reading order."""
    found: list[Part] = []
    sections: list[tuple[str, int, list[str]]] = []  # open nav sections: (id, end, keys of their parts so far)
    for match in PART.finditer(content):
        while sections and sections[-1][1] <= match.start():
            sections.pop()
        key = match.group(2)
        if key is None:
            continue  # the contents
        end = element_end(content, match.start(), "section")
        if match.group(1):
            sections.append((key, end, []))
            continue
        inner = content[match.end() : end]
        heading = TITLE.search(inner)
        if heading is None:
            raise ValueError(
                f"the print page's part '{key}' has no title (h2): hooks/course_reader/editions/print_page.py changed"
            )
        number = NUMBER.match(inner[heading.start() :])
        owner = sections[-1] if sections else None
        found.append(
            Part(
                key=key,
                start=match.start(),
                end=end,
                title=" ".join(text_of(heading.group(1)).removesuffix("¶").split()),
                number=number.group(1) if number else "",
                section=owner[0] if owner else "",
                first=owner is not None and not owner[2],
            )
        )
        if owner is not None:
            owner[2].append(key)
    if not found:
        raise ValueError('the print page has no parts (<section class="print-page" id="…">)')
    return found


def chapters(found: list[Part]) -> dict[str, str]:
    """Each part's chapter of the book: part key -> the key of the part that opens the chapter it is in."""
    chapter_of, opener = {}, found[0].key
    for part in found:
        opener = part.key if part.opens_chapter else opener
        chapter_of[part.key] = opener
    return chapter_of


def part_at(found: list[Part], position: int) -> Part | None:
    """The part holding `position` of the content, if any."""
    for part in found:
        if part.start <= position < part.end:
            return part
    return None


@dataclass(frozen=True)
class Use:
    """A glossary term used in the text: the index in the content of its link's start tag, and its part."""

    term: str
    position: int
    part: Part


def term_uses(content: str, found: list[Part]) -> list[Use]:
    """Every use of a glossary term (a term link) outside the glossary itself, in reading order."""
    uses = []
    for match in TERM_USE.finditer(content):
        part = part_at(found, match.start())
        if part is not None and part.key != GLOSSARY_KEY:
            uses.append(Use(match.group(1), match.start(), part))
    return uses
