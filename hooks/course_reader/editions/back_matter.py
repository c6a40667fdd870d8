"""The books' front and back matter, made from the print page and the edition: the PDF's title page, the glossary's
"Appears in" as places and pages, the index of glossary terms, and the colophon (PDF and EPUB) with the edition, its
licences and the source statement, once. Page numbers are the PDF stylesheet's (`target-counter`, editions/pdf.css):
each place links to the first use of the term there, so one layout gives every number."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from course_reader.core.fields import text_of
from course_reader.editions.book_parts import GLOSSARY_KEY, Part, Use
from course_reader.editions.print_rewrite import element_end

if TYPE_CHECKING:
    from course_reader.editions.pdf_edition import Edition

INDEX_KEY = "book-index"  # the index part's id (a page of the site may be called index: the home page is)
COLOPHON_KEY = "colophon"
ENTRY = re.compile(r'<h4 class="glossary-entry" id="glossary-([^"]+)"[^>]*>(.*?)</h4>', re.S)
BACKLINKS = re.compile(r'<(div|p) class="glossary-backlinks">')
SOURCE = re.compile(r'<div class="print-source">')
USE_ID = "term-use-{}"
PART_TAG = '<section class="print-page" id="{}">'


def licence_lines(edition: Edition) -> list[str]:
    """The colophon's copyright line, as plain text: mkdocs.yml's own `copyright` (the edition's `rights`); the
    licences follow in the source statement, worded once by content/attribution.py (`rights_statement`)."""
    return [edition.rights] if edition.rights else []


def title_page(edition: Edition) -> str:
    """The PDF's title page (its cover holds the one h1)."""
    return str(
        Markup(
            '<section class="title-page" aria-label="Title page"><p class="title-page__title">{}</p>'
            '<p class="title-page__kind">A course reader</p><p class="title-page__author">{}</p>'
            '<p class="title-page__edition">Edition of {}</p><p class="title-page__online">Online, with search, '
            'self-checks and flashcards: <a href="{}">{}</a></p></section>'
        ).format(edition.title, edition.author, edition.day, edition.site_url, edition.site_url)
    )


def take_source(content: str) -> tuple[str, str]:
    """The content without the print page's source statement (its title page's <div class="print-source">), and
    that statement's inner HTML ('' if it has none): the books give it once, in the colophon."""
    match = SOURCE.search(content)
    if match is None:
        return content, ""
    end = element_end(content, match.start(), "div")
    inner = content[match.end() : end - len("</div>")]
    inner = re.sub(r'^<p class="print-source__kicker">.*?</p>', "", inner, count=1, flags=re.S)
    return content[: match.start()] + content[end:], inner


def colophon(edition: Edition, source: str, *, pdf: bool) -> str:
    """The colophon part: the edition (date and commit), where it is online, its licences and the source statement
    (`source`, HTML from `take_source`); the PDF's also names its typefaces."""
    commit = Markup(", made from commit <code>{}</code> of the reader's source").format(edition.commit[:12])
    lines = [
        Markup("<p><cite>{}</cite>, a course reader. This edition: {}{}.</p>").format(
            edition.title, edition.day, commit if edition.commit else ""
        ),
        Markup('<p>Online: <a href="{}">{}</a></p>').format(edition.site_url, edition.site_url),
        *(Markup('<p class="colophon__licence">{}</p>').format(line) for line in licence_lines(edition)),
    ]
    if pdf:
        lines.append(
            Markup(
                "<p>Set in Linux Libertine and Linux Biolinum, made with MkDocs and WeasyPrint. Page numbers after a "
                "link give the page it leads to.</p>"
            )
        )
    about = f'<h3 id="{COLOPHON_KEY}-source">The source article</h3>{source}' if source else ""
    return (
        f'<section class="print-page" id="{COLOPHON_KEY}"><h2 id="{COLOPHON_KEY}-title">Colophon</h2>'
        f"{''.join(lines)}{about}</section>"
    )


def mark_uses(content: str, uses: list[Use]) -> tuple[str, dict[str, list[tuple[Part, str]]]]:
    """The content with an id on the first use of each term in each part, and for each term the parts that use it
    with that id, in reading order."""
    places: dict[str, list[tuple[Part, str]]] = {}
    marked: list[int] = []
    for use in uses:
        seen = places.setdefault(use.term, [])
        if not seen or seen[-1][0].key != use.part.key:  # uses come in reading order, a part's together
            seen.append((use.part, USE_ID.format(len(marked))))
            marked.append(use.position)
    out, done = [], 0
    for number, position in enumerate(marked):
        cut = position + len("<a")
        out += [content[done:cut], f' id="{USE_ID.format(number)}"']
        done = cut
    out.append(content[done:])
    return "".join(out), places


def appears_in(content: str, places: dict[str, list[tuple[Part, str]]]) -> str:
    """The glossary with each term's "Appears in" as the places that use it, each with the page of its first use
    there (the stylesheet prints the page)."""

    def entry_places(term: str) -> str:
        listed = places.get(term, [])
        if not listed:
            return '<p class="glossary-backlinks">Not used in the reader’s chapters.</p>'
        links = Markup("; ").join(
            Markup('<a class="place" href="#{}">{}</a>').format(
                ident, f"ch. {part.number}" if part.number else part.title
            )
            for part, ident in listed
        )
        return str(Markup('<p class="glossary-backlinks">Appears in: {}</p>').format(links))

    out, done = [], 0
    entries = list(ENTRY.finditer(content))
    for i, entry in enumerate(entries):
        stop = entries[i + 1].start() if i + 1 < len(entries) else len(content)
        block = BACKLINKS.search(content, entry.end(), stop)
        if block is None:
            continue
        end = element_end(content, block.start(), block.group(1))
        out += [content[done : block.start()], entry_places(entry.group(1))]
        done = end
    out.append(content[done:])
    return "".join(out)


def index(content: str, places: dict[str, list[tuple[Part, str]]], chapter_of: dict[str, str]) -> str:
    """The index part: every glossary term, in the glossary's order, with the page of its first use in each chapter
    of the book (chapters start on a new page, so no page is listed twice) and the page of its glossary entry."""
    items = []
    for entry in ENTRY.finditer(content):
        term = entry.group(1)
        name = " ".join(text_of(entry.group(2)).removesuffix("¶").split())
        pages = Markup(", ").join(
            Markup('<a class="index__page" href="#{}"></a>').format(ident)
            for ident in _chapter_firsts(places.get(term, []), chapter_of)
        )
        items.append(
            Markup(
                '<li><span class="index__term">{}</span> {}{}<a class="index__glossary" href="#glossary-{}">glossary</a></li>'
            ).format(name, pages, Markup("; ") if pages else "", term)
        )
    intro = (
        "The glossary’s terms with the pages where each is used: the first page in each chapter that uses it, then "
        "its entry in the glossary."
    )
    return (
        f'<section class="print-page" id="{INDEX_KEY}"><h2 id="{INDEX_KEY}-title">Index</h2>'
        f'<p class="index__intro">{escape(intro)}</p><ul class="index">{"".join(items)}</ul></section>'
    )


def _chapter_firsts(listed: Iterable[tuple[Part, str]], chapter_of: dict[str, str]) -> list[str]:
    """Of the places that use a term (in reading order), the first in each chapter of the book (`chapter_of`: a
    part's key -> the key of the part that opens its chapter)."""
    firsts: dict[str, str] = {}
    for part, ident in listed:
        firsts.setdefault(chapter_of[part.key], ident)
    return list(firsts.values())


def to_the_back(content: str, back: list[tuple[str, str, str]]) -> str:
    """The content with the glossary moved to the back, after the parts in `back` that come before it, and the
    parts in `back` added: (id, title, HTML) each, in order, with the key of the glossary standing for the glossary
    itself (its HTML ignored); the contents list follows, each entry once."""
    glossary = PART_TAG.format(GLOSSARY_KEY)
    start = content.find(glossary)
    moved = ""
    if start >= 0:
        end = element_end(content, start, "section")
        moved, content = content[start:end], content[:start] + content[end:]
    glossary_entry = f'<li><a href="#{GLOSSARY_KEY}">Glossary</a></li>'
    content = content.replace(glossary_entry, "", 1)
    html, entries = [], []
    for key, title, part in back:
        if key == GLOSSARY_KEY:
            if moved:
                html.append(moved)
                entries.append(glossary_entry)
            continue
        if part:
            html.append(part)
            entries.append(str(Markup('<li><a href="#{}">{}</a></li>').format(key, title)))
    toc_end = content.find("</ul></nav>")
    if toc_end < 0:
        raise ValueError('the print page\'s contents list (<nav id="print-page-toc">) is missing')
    content = content[:toc_end] + "".join(entries) + content[toc_end:]
    close = content.rindex("</div>")
    return content[:close] + "".join(html) + content[close:]
