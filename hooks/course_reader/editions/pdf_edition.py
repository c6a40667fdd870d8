"""The PDF edition (downloads/military-diplomacy-reader.pdf): the print page's final HTML made a book by WeasyPrint.

One source of truth: the part of the built print page (print_page/index.html, hooks/course_reader/editions/print_edition.py) that holds
every chapter, the case studies and the glossary, with its links and ids already made to work inside one document.
`book_html` gives it a cover and drops what only a screen needs; editions/pdf.css lays it out as a book (contents
with page numbers, running head, page numbers, chapters on new pages, external links printed after their text) and
WeasyPrint writes a tagged PDF (PDF/UA-1: structure tree, document language, title shown as the window title, a
bookmark per heading, subset fonts embedded). With the dates and the file identifier fixed, the same input gives the
same bytes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup

from course_reader.editions import answers, back_matter, book_parts
from course_reader.editions.print_page import CONTENT_ID, TITLE_ID
from course_reader.editions.print_rewrite import drop_blocks, element_end

CSS = Path(__file__).with_name("pdf.css")
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>(?:&para;|¶)</a>')
RELATIVE_HREF = re.compile(r"""(<a\s[^>]*?href=")(?![#]|[a-zA-Z][a-zA-Z0-9+.-]*:|/)([^"]*)(")""")
DETAILS = re.compile(r"<details(?=[\s>])(?![^>]*\sopen)")
FURTHER_READING = re.compile(r'\s*<h3 id="[^"]*further-reading">.*?</h3>\s*<ul class="further-reading">', re.S)
# Classes the book's HTML carries that the PDF prints plainly on purpose (pdf.css styles every other one: a test
# fails on a class in neither, so a new block cannot print unstyled): class -> why it needs no rule of its own
PLAIN_CLASSES = {
    "abstract": "an admonition's kind: .admonition styles the box",
    "success": "an admonition's kind: .admonition styles the box",
    "learning-objectives": "an admonition: .admonition styles the box",
    "key-takeaways": "an admonition: .admonition styles the box",
    "md-section": "the wrapper of a nav section's parts",
    "course-map__top": "a top-level chapter's row: the table's own style",
    "editor-note__text": "the note's text: .editor-note sets its face",
    "prompt--discussion": "a prompt's kind: its .prompt__kind label says it",
    "prompt--counter-argument": "a prompt's kind: its .prompt__kind label says it",
    "questions": "the wrapper of a chapter's questions: each .question is styled",
    "reader-scroll": "a table's scroll region on screen: a plain block on paper",
    "colophon__licence": "a paragraph of the colophon",
    "source-status": "a paragraph of the source statement (colophon)",
    "case-summary--above": "a case card's summary pointing to the paragraph above it: .case-summary styles it",
    "source-rights": "a paragraph of the source statement (colophon): the licences",
}
ARTICLE_BLOCK = re.compile(r'<(p|li) id="[^"]*-p-[^"]*">')  # the article's paragraphs (site/paragraphs.py)
INTERNAL_LINK = re.compile(r'<a href="#([^"]+)">')  # a link inside the book (a term link starts with its class)
CHAPTER = "book-chapter"  # the class of a part that opens a chapter of the book: a new page (pdf.css)
SOURCE_BLOCK = "source-attribution"  # the home page's source statement: the books give it once, in the colophon


@dataclass(frozen=True)
class Edition:
    """What a cover and a file's metadata say about this edition."""

    title: str
    author: str
    description: str
    language: str
    site_url: str  # the online reader, ending in '/'
    epoch: int  # the last commit's time (or SOURCE_DATE_EPOCH): the edition's date
    commit: str  # the last commit's hash ('' outside git)
    download_name: str = "course-reader"  # the files' name (the EPUB's identifier is made from it)
    rights: str = ""  # mkdocs.yml's `copyright`: the colophon's licence line (back_matter.licence_lines)

    @property
    def date(self) -> datetime:
        return datetime.fromtimestamp(self.epoch, tz=UTC)

    @property
    def iso(self) -> str:
        return self.date.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def day(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"


def print_content(page_html: str) -> str:
    """The print page's content element (every part, with its contents list) out of the built page."""
    start = page_html.find(f'<div id="{CONTENT_ID}">')
    if start < 0:
        raise ValueError(
            f'the built print page has no <div id="{CONTENT_ID}">: hooks/course_reader/editions/print_edition.py made no parts'
        )
    return page_html[start : element_end(page_html, start, "div")]


def cover(edition: Edition) -> Markup:
    """The cover, as the EPUB's (epub_package.cover_image): the title on the reader's indigo, the edition's date."""
    return Markup(
        '<section class="cover" id="{}-header"><h1 id="{}">{}</h1><p class="cover__kind">Course reader</p>'
        '<p class="cover__edition">{}</p></section>'
    ).format(TITLE_ID, TITLE_ID, edition.title, edition.day)


def book_html(content: str, edition: Edition, *, page_url: str) -> str:
    """The PDF's HTML: a cover and a title page instead of the print page's title; each chapter's questions with
    their answers at the back; the glossary after them with its "Appears in" as places and pages, an index and a
    colophon (with the source statement, once); chapters marked to open a page; permalink signs dropped; links to
    pages the print page leaves out made absolute (`page_url` is the print page's URL in the site)."""
    header = content.find(f'<header id="{TITLE_ID}-header">')
    if header < 0:
        raise ValueError(
            f'the print page has no <header id="{TITLE_ID}-header">: hooks/course_reader/editions/print_edition.py changed'
        )
    front = str(cover(edition)) + back_matter.title_page(edition)
    content = content[:header] + front + content[element_end(content, header, "header") :]
    content, source = back_matter.take_source(content)
    content = drop_blocks(content, (SOURCE_BLOCK,))
    content = HEADERLINK.sub("", content)
    content, answers_part = answers.move_answers(content, pdf=True)
    content = _chapter_ends(content)
    content = _margin_refs(content)
    found = book_parts.parts(content)
    content, places = back_matter.mark_uses(content, book_parts.term_uses(content, found))
    glossary = back_matter.appears_in(_part(content, book_parts.GLOSSARY_KEY), places)
    back = [
        (answers.KEY, answers.TITLE, answers_part),
        (book_parts.GLOSSARY_KEY, "Glossary", ""),
        (back_matter.INDEX_KEY, "Index", back_matter.index(glossary, places, book_parts.chapters(found))),
        (back_matter.COLOPHON_KEY, "Colophon", back_matter.colophon(edition, source, pdf=True)),
    ]
    content = back_matter.to_the_back(content.replace(_part(content, book_parts.GLOSSARY_KEY), glossary, 1), back)
    for part in book_parts.parts(content):
        if part.opens_chapter:
            tag = f'<section class="print-page" id="{part.key}">'
            content = content.replace(tag, f'<section class="print-page {CHAPTER}" id="{part.key}">', 1)
    content = DETAILS.sub("<details open", content)
    base = urljoin(edition.site_url, page_url)
    content = RELATIVE_HREF.sub(lambda m: m.group(1) + urljoin(base, m.group(2)) + m.group(3), content)
    head = Markup(
        '<meta charset="utf-8"><title>{}</title><meta name="author" content="{}"><meta name="description" '
        'content="{}"><meta name="dcterms.created" content="{}"><meta name="dcterms.modified" content="{}">'
    ).format(edition.title, edition.author, edition.description, edition.iso, edition.iso)
    return f'<!DOCTYPE html><html lang="{edition.language}"><head>{head}</head><body>{content}</body></html>'


def _margin_refs(content: str) -> str:
    """Each paragraph of the article that links inside the book gets, before its first such link, the pages its
    links lead to (<span class="margin-refs">, set in the outer margin beside that line by pdf.css): the article's
    sentences read as written."""
    out, done = [], 0
    for block in ARTICLE_BLOCK.finditer(content):
        end = element_end(content, block.start(), block.group(1))
        links = list(INTERNAL_LINK.finditer(content, block.end(), end))
        if links:
            refs = ", ".join(f'<a href="#{link.group(1)}"></a>' for link in links)
            out += [content[done : links[0].start()], f'<span class="margin-refs">{refs}</span>']
            done = links[0].start()
    out.append(content[done:])
    return "".join(out)


def _chapter_ends(content: str) -> str:
    """Each chapter's questions and further reading kept on one page (<div class="chapter-end">, pdf.css): a
    chapter never ends with a few lines alone on its last page."""
    for check in reversed(list(answers.SELF_CHECK.finditer(content))):
        end = element_end(content, check.start(), "section")
        further = FURTHER_READING.match(content, end)
        if further is not None:
            end = element_end(content, further.end() - len('<ul class="further-reading">'), "ul")
        content = (
            f'{content[: check.start()]}<div class="chapter-end">{content[check.start() : end]}</div>{content[end:]}'
        )
    return content


def _part(content: str, key: str) -> str:
    """The HTML of the part `key` ('' if the print page has none)."""
    start = content.find(f'<section class="print-page" id="{key}">')
    return content[start : element_end(content, start, "section")] if start >= 0 else ""


def identifier(edition: Edition) -> bytes:
    """The PDF's file identifier: the same for the same edition (site and commit), so two builds give one file."""
    return hashlib.md5(f"{edition.site_url} {edition.commit} {edition.epoch}".encode()).hexdigest().encode()


def render(html: str, edition: Edition, *, base_url: str, css: Path = CSS) -> bytes:
    """The PDF's bytes (WeasyPrint, imported here: the online build never loads it)."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=base_url)
    pdf: bytes = document.write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(css))],
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier(edition),
    )
    return pdf
