"""The EPUB's package (for hooks/course_reader/editions/epub_edition.py): the navigation document with the contents and landmarks, the
cover, the package document (OPF) with EPUB Accessibility 1.1 metadata and a stable identifier, and the zip written
by hand: mimetype first and stored, then the other entries sorted, all with one timestamp."""

from __future__ import annotations

import re
import uuid
import zipfile
from datetime import UTC, datetime
from io import BytesIO

from markupsafe import Markup, escape

from course_reader.editions.back_matter import COLOPHON_KEY
from course_reader.editions.epub_xhtml import GLOSSARY_KEY, HREF, Part, xhtml, xhtml_page
from course_reader.editions.pdf_edition import Edition
from course_reader.names import ZIP_EPOCH

CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>'
    "</container>\n"
)
SUMMARY = (
    "This publication meets EPUB Accessibility 1.1 and WCAG 2.2 Level AA as far as its automated checks (EPUBCheck, "
    "Ace by DAISY) can tell. It is text only: every chapter is structured with headings, lists and tables with "
    "header cells, and has a table of contents and landmarks; glossary terms link to their definitions, and each "
    "self-check question links to its answer at the back and back again, with no scripting. The text can be restyled "
    "by the reader."
)


def navigation(
    toc_html: str, parts: list[Part], *, owner: dict[str, str], edition: Edition, openers: dict[str, str] | None = None
) -> str:
    """The navigation document: the print page's contents and landmarks. A nav section's entry opens the document
    of its first page (`openers`: section id -> part key), else it is an unlinked entry."""
    openers = openers or {}
    inner = xhtml(toc_html[toc_html.index(">") + 1 : toc_html.rindex("</nav>")])
    inner = re.sub(r"<h2\b[^>]*>(.*?)</h2>", r"<h1>\1</h1>", inner, count=1)

    def section(match: re.Match[str]) -> str:
        key = openers.get(match.group(1))
        return f'<a href="#{key}">{match.group(2)}</a>' if key else f"<span>{match.group(2)}</span>"

    inner = re.sub(r'<a href="#(section-[^"]*)">(.*?)</a>', section, inner)
    inner = HREF.sub(lambda m: f"{m.group(1)}{owner[m.group(2)[1:]]}{m.group(3)}", inner)  # parts: no fragment
    inner = inner.replace("<ul>", "<ol>").replace("</ul>", "</ol>")
    first = next((p for p in parts if p.key != "index"), parts[0])
    glossary = next((p for p in parts if p.key == GLOSSARY_KEY), None)
    marks = [("cover", "cover.xhtml", "Cover"), ("toc", "nav.xhtml#toc", "Contents")]
    marks.append(("bodymatter", first.name, "Start of content"))
    if glossary is not None:
        marks.append(("glossary", glossary.name, "Glossary"))
    colophon = next((p for p in parts if p.key == COLOPHON_KEY), None)
    if colophon is not None:
        marks.append(("colophon", colophon.name, "Colophon"))
    landmarks = "".join(
        str(Markup('<li><a epub:type="{}" href="{}">{}</a></li>').format(kind, href, label))
        for kind, href, label in marks
    )
    inner = inner.replace("<h1>", '<h1 id="toc-title">', 1)
    body = (
        f'<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">{inner}</nav>'
        f'<nav epub:type="landmarks" id="landmarks" aria-label="Landmarks" hidden="hidden"><h2>Landmarks</h2>'
        f"<ol>{landmarks}</ol></nav>"
    )
    return xhtml_page("Contents", body, edition)


def cover_page(edition: Edition) -> str:
    commit = Markup(", commit {}").format(edition.commit[:12]) if edition.commit else ""
    body = Markup(
        '<section epub:type="titlepage" class="cover" aria-labelledby="cover-title">'
        '<p><img src="cover.svg" alt="" class="cover__image"/></p>'
        '<h1 id="cover-title">{}</h1><p class="cover__kind">Course reader</p><p>Edition of {}{}</p>'
        '<p>Online: <a href="{}">{}</a></p></section>'
    ).format(edition.title, edition.day, commit, edition.site_url, edition.site_url)
    return xhtml_page(edition.title, str(body), edition)


def cover_image(edition: Edition) -> str:
    """The cover as SVG: the title in a few lines on the reader's indigo, the edition's date below."""
    lines, line = [], ""
    for word in edition.title.split():
        if line and len(line) + 1 + len(word) > 16:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    text = "".join(
        str(Markup('<text x="300" y="{}" font-size="52" text-anchor="middle">{}</text>').format(260 + 70 * i, words))
        for i, words in enumerate(lines)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 900" width="600" height="900" role="img" '
        'aria-labelledby="t">'
        f'<title id="t">{escape(edition.title)}: course reader, edition of {escape(edition.day)}</title>'
        '<rect width="600" height="900" fill="#283593"/>'
        f'<g fill="#ffffff" font-family="DejaVu Sans, sans-serif" font-weight="bold">{text}</g>'
        '<text x="300" y="780" fill="#ffffff" font-family="DejaVu Sans, sans-serif" font-size="28" '
        f'text-anchor="middle">Course reader · {escape(edition.day)}</text></svg>\n'
    )


def identifier(edition: Edition) -> str:
    """The same for every build of this edition (the site's address names it)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, edition.site_url + edition.download_name + '.epub')}"


def package(parts: list[Part], edition: Edition) -> str:
    modified = datetime.fromtimestamp(edition.epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = [
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", SUMMARY),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
        ("a11y:certifiedBy", edition.author),
        ("dcterms:modified", modified),
    ]
    items = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>',
        '<item id="cover-image" href="cover.svg" media-type="image/svg+xml" properties="cover-image"/>',
        '<item id="style" href="style.css" media-type="text/css"/>',
    ]
    items += [f'<item id="p-{p.key}" href="{p.name}" media-type="application/xhtml+xml"/>' for p in parts]
    spine = ['<itemref idref="cover"/>', '<itemref idref="nav"/>']
    spine += [f'<itemref idref="p-{p.key}"/>' for p in parts]
    metadata = "".join(str(Markup('<meta property="{}">{}</meta>').format(k, v)) for k, v in meta)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" '
        f'xml:lang="{edition.language}">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        + str(
            Markup(
                '<dc:identifier id="uid">{}</dc:identifier><dc:title>{}</dc:title><dc:language>{}</dc:language>'
                "<dc:creator>{}</dc:creator><dc:description>{}</dc:description><dc:date>{}</dc:date>"
                '<dc:source>{}</dc:source><meta name="cover" content="cover-image"/>'
            ).format(
                identifier(edition),
                edition.title,
                edition.language,
                edition.author,
                edition.description,
                modified,
                edition.site_url,
            )
        )
        + metadata
        + f"</metadata><manifest>{''.join(items)}</manifest><spine>{''.join(spine)}</spine></package>\n"
    )


def pack(files: dict[str, bytes], *, epoch: int) -> bytes:
    """The EPUB container: 'mimetype' first and stored, then every file sorted, one timestamp, fixed permissions."""
    when = datetime.fromtimestamp(max(epoch, ZIP_EPOCH), tz=UTC).timetuple()[:6]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entries = [("mimetype", b"application/epub+zip")] + sorted(files.items())
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()
