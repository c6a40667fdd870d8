"""The EPUB 3 edition (downloads/military-diplomacy-reader.epub), made from the same print-page HTML as the PDF.

Each part of the print page (a chapter, a case study, the glossary) becomes one XHTML document, in the nav's order
with the site's numbering; links between parts point to the document and id they landed in. The package has a
cover, a navigation document with the contents and landmarks, the glossary marked as one (epub:type and ARIA role),
each chapter's questions linked to their answers in an Answers part and back (no <details>: every reader follows a
link), a colophon with the edition, its licences and the source statement,
EPUB Accessibility 1.1 metadata, a stable identifier and dcterms:modified from git. The zip is written by hand:
mimetype first and stored, then the other entries sorted, all with one timestamp, so one input gives one file.
Converting the HTML to XHTML is a few literal rewrites of what Python-Markdown and the hooks write (entities, empty
attributes, void elements), checked by an XML parse: no HTML parser runs.

This module puts the book together; the content documents are made in hooks/course_reader/editions/epub_xhtml.py, the navigation, cover,
package document and zip in hooks/course_reader/editions/epub_package.py."""

from __future__ import annotations

import re
from pathlib import Path

from course_reader.editions import answers, back_matter, book_parts
from course_reader.editions.epub_package import CONTAINER, cover_image, cover_page, navigation, pack, package
from course_reader.editions.epub_xhtml import check_xml, document, element_ids, link, part_kind, split
from course_reader.editions.pdf_edition import SOURCE_BLOCK, Edition
from course_reader.editions.print_page import TOC_ID
from course_reader.editions.print_rewrite import drop_blocks, element_end

CSS = Path(__file__).with_name("epub.css")
TOC = re.compile(rf'<nav id="{TOC_ID}"')


def book_content(content: str, edition: Edition) -> str:
    """The print page's content as the EPUB's: the source statement moved to a colophon at the back, each
    chapter's questions linked to an Answers part (and back), the glossary after the answers."""
    content, source = back_matter.take_source(content)
    content = drop_blocks(content, (SOURCE_BLOCK,))
    content, answers_part = answers.move_answers(content, pdf=False)
    back = [
        (answers.KEY, answers.TITLE, answers_part),
        (book_parts.GLOSSARY_KEY, "Glossary", ""),
        (back_matter.COLOPHON_KEY, "Colophon", back_matter.colophon(edition, source, pdf=False)),
    ]
    return back_matter.to_the_back(content, back)


def build(content: str, edition: Edition, *, css: Path = CSS) -> bytes:
    """The EPUB's bytes from the print page's content element (hooks/pdf_edition.print_content)."""
    content = book_content(content, edition)
    parts = split(content)
    owner = {ident: f"{part.name}#{ident}" for part in parts for ident in element_ids(part.body)}
    owner.update({part.key: part.name for part in parts})  # a link to a part opens its document
    files: dict[str, bytes] = {}
    for part in parts:
        body = link(part.body, owner=owner, here=part.name, site_url=edition.site_url)
        files[f"EPUB/{part.name}"] = document(part.title, body, edition, kind=part_kind(part.key)).encode()
    toc_start = TOC.search(content)
    if toc_start is None:
        raise ValueError(
            f'the print page has no <nav id="{TOC_ID}"> (its contents list): hooks/course_reader/editions/print_edition.py changed'
        )
    toc = content[toc_start.start() : element_end(content, toc_start.start(), "nav")]
    openers = {part.section: part.key for part in book_parts.parts(content) if part.first}
    files["EPUB/nav.xhtml"] = navigation(toc, parts, owner=owner, edition=edition, openers=openers).encode()
    files["EPUB/cover.xhtml"] = cover_page(edition).encode()
    files["EPUB/cover.svg"] = cover_image(edition).encode()
    files["EPUB/style.css"] = css.read_bytes()
    files["EPUB/package.opf"] = package(parts, edition).encode()
    files["META-INF/container.xml"] = CONTAINER.encode()
    for name, data in files.items():
        if name.endswith((".xhtml", ".opf", ".svg", ".xml")):
            check_xml(name, data)
    return pack(files, epoch=edition.epoch)
