"""The EPUB 3 edition (downloads/military-diplomacy-reader.epub), made from the same print-page HTML as the PDF.

Each part of the print page (a chapter, a case study, the glossary) becomes one XHTML document, in the nav's order
with the site's numbering; links between parts point to the document and id they landed in. The package has a
cover, a navigation document with the contents and landmarks, the glossary marked as one (epub:type and ARIA role),
the self-check answers as <details> (they open without JavaScript, or show open where a reader has no <details>),
EPUB Accessibility 1.1 metadata, a stable identifier and dcterms:modified from git. The zip is written by hand:
mimetype first and stored, then the other entries sorted, all with one timestamp, so one input gives one file.
Converting the HTML to XHTML is a few literal rewrites of what Python-Markdown and the hooks write (entities, empty
attributes, void elements), checked by an XML parse: no HTML parser runs."""

from __future__ import annotations

import html as htmllib
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from html.entities import name2codepoint
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

from markupsafe import Markup, escape

from pdf_edition import HEADERLINK, Edition
from print_page import TOC_ID
from print_rewrite import ID, TAG, element_end

CSS = Path(__file__).resolve().parent.parent / "editions" / "epub.css"
GLOSSARY_KEY = "glossary"
PART = re.compile(r'<section class="print-page" id="([^"]+)">')
TOC = re.compile(rf'<nav id="{TOC_ID}"')
ENTITY = re.compile(r"&([a-zA-Z][a-zA-Z0-9]*);")
XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
VOID = re.compile(
    r"<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)\s*/?>"
)
ATTRIBUTE = re.compile(r"""(\s+)([^\s=>/"']+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+))?""")
HREF = re.compile(r"""(\shref=")([^"]*)(")""")
HEADING_TAG = re.compile(r"<(/?)h([2-6])(?=[\s>])")
TAGS = re.compile(r"<[^>]+>")
EPOCH_MIN = 315532800  # 1980-01-01, the earliest date a zip entry can carry

CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>'
    "</container>\n"
)
SUMMARY = (
    "This publication meets EPUB Accessibility 1.1 and WCAG 2.2 Level AA as far as its automated checks (EPUBCheck, "
    "Ace by DAISY) can tell. It is text only: every chapter is structured with headings, lists and tables with "
    "header cells, and has a table of contents and landmarks; glossary terms link to their definitions, and the "
    "self-check answers are in expandable sections that need no scripting. The text can be restyled by the reader."
)


@dataclass(frozen=True)
class Part:
    key: str  # the part's id in the print page
    title: str  # plain text
    body: str  # XHTML, headings one level up again (the part's title is its document's h1)

    @property
    def name(self) -> str:
        return f"{self.key}.xhtml"


def build(content: str, edition: Edition, *, css: Path = CSS) -> bytes:
    """The EPUB's bytes from the print page's content element (hooks/pdf_edition.print_content)."""
    parts = split(content)
    owner = {ident: f"{part.name}#{ident}" for part in parts for ident in _ids(part.body)}
    owner.update({part.key: part.name for part in parts})  # a link to a part opens its document
    files: dict[str, bytes] = {}
    for part in parts:
        body = link(part.body, owner=owner, here=part.name, site_url=edition.site_url)
        files[f"EPUB/{part.name}"] = document(part.title, body, edition, kind=_kind(part.key)).encode()
    toc_start = TOC.search(content)
    if toc_start is None:
        raise ValueError(
            f'the print page has no <nav id="{TOC_ID}"> (its contents list): hooks/print_edition.py changed'
        )
    toc = content[toc_start.start() : element_end(content, toc_start.start(), "nav")]
    files["EPUB/nav.xhtml"] = navigation(toc, parts, owner=owner, edition=edition).encode()
    files["EPUB/cover.xhtml"] = cover_page(edition).encode()
    files["EPUB/cover.svg"] = cover_image(edition).encode()
    files["EPUB/style.css"] = css.read_bytes()
    files["EPUB/package.opf"] = package(parts, edition).encode()
    files["META-INF/container.xml"] = CONTAINER.encode()
    for name, data in files.items():
        if name.endswith((".xhtml", ".opf", ".svg", ".xml")):
            check_xml(name, data)
    return pack(files, epoch=edition.epoch)


def split(content: str) -> list[Part]:
    """The print page's parts, in order, each as XHTML."""
    parts = []
    for match in PART.finditer(content):
        end = element_end(content, match.start(), "section")
        inner = content[match.end() : end - len("</section>")]
        inner = promote(xhtml(HEADERLINK.sub("", inner)))
        heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", inner, re.S)
        title = " ".join(htmllib.unescape(TAGS.sub("", heading.group(1))).split()) if heading else match.group(1)
        parts.append(Part(match.group(1), title, inner))
    if not parts:
        raise ValueError('the print page has no parts (<section class="print-page" id="…">)')
    return parts


def xhtml(html: str) -> str:
    """HTML as written by Python-Markdown and the hooks, as XHTML: named entities as characters, attributes with a
    quoted value (`open` -> `open="open"`), void elements closed (`<br>` -> `<br/>`)."""
    html = ENTITY.sub(_entity, html)
    html = TAG.sub(lambda tag: _attributes(tag.group(0)), html)
    return VOID.sub(lambda m: f"<{m.group(1)}{m.group(2)}/>", html)


def promote(html: str) -> str:
    """Headings one level up (h2 -> h1 …): the print page put every page's headings one level down."""
    return HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) - 1}", html)


def link(body: str, *, owner: dict[str, str], here: str, site_url: str) -> str:
    """In-page links ('#id') to where `owner` says the id is ('doc.xhtml#id', or 'doc.xhtml' for a whole part), in
    the same document as '#id'; relative links to pages the print page left out made absolute on the online
    reader."""

    def rewrite(match: re.Match[str]) -> str:
        href = htmllib.unescape(match.group(2))
        if href.startswith("#"):
            target = owner.get(href[1:]) or _part_of(href[1:], owner)
            if target is None:
                raise ValueError(f"a link to '{href}' in {here} has no target in the edition")
            href = target.removeprefix(here) or here
        elif not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", href):
            href = site_url + re.sub(r"^(\.\./)+", "", href)
        return f"{match.group(1)}{escape(href)}{match.group(3)}"

    return HREF.sub(rewrite, body)


def document(title: str, body: str, edition: Edition, *, kind: str) -> str:
    """One XHTML content document: the part in a section with its epub:type and matching ARIA role."""
    epub_type, role = {"glossary": ("glossary", "doc-glossary"), "chapter": ("chapter", "doc-chapter")}[kind]
    return _xhtml_page(
        title,
        f'<section epub:type="{epub_type}" role="{role}" {_label(title, body)}>{body}</section>',
        edition,
    )


def navigation(toc_html: str, parts: list[Part], *, owner: dict[str, str], edition: Edition) -> str:
    """The navigation document: the print page's contents (nav sections as unlinked entries) and landmarks."""
    inner = xhtml(toc_html[toc_html.index(">") + 1 : toc_html.rindex("</nav>")])
    inner = re.sub(r"<h2\b[^>]*>(.*?)</h2>", r"<h1>\1</h1>", inner, count=1)
    inner = re.sub(r'<a href="#(section-[^"]*)">(.*?)</a>', r"<span>\2</span>", inner)
    inner = HREF.sub(lambda m: f"{m.group(1)}{owner[m.group(2)[1:]]}{m.group(3)}", inner)  # parts: no fragment
    inner = inner.replace("<ul>", "<ol>").replace("</ul>", "</ol>")
    first = next((p for p in parts if p.key != "index"), parts[0])
    glossary = next((p for p in parts if p.key == GLOSSARY_KEY), None)
    marks = [("cover", "cover.xhtml", "Cover"), ("toc", "nav.xhtml#toc", "Contents")]
    marks.append(("bodymatter", first.name, "Start of content"))
    if glossary is not None:
        marks.append(("glossary", glossary.name, "Glossary"))
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
    return _xhtml_page("Contents", body, edition)


def cover_page(edition: Edition) -> str:
    commit = Markup(", commit {}").format(edition.commit[:12]) if edition.commit else ""
    body = Markup(
        '<section epub:type="titlepage" class="cover" aria-labelledby="cover-title">'
        '<p><img src="cover.svg" alt="" class="cover__image"/></p>'
        '<h1 id="cover-title">{}</h1><p class="cover__kind">Course reader</p><p>Edition of {}{}</p>'
        '<p>Online: <a href="{}">{}</a></p></section>'
    ).format(edition.title, edition.day, commit, edition.site_url, edition.site_url)
    return _xhtml_page(edition.title, str(body), edition)


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
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, edition.site_url + 'military-diplomacy-reader.epub')}"


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
    when = datetime.fromtimestamp(max(epoch, EPOCH_MIN), tz=UTC).timetuple()[:6]
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


def check_xml(name: str, data: bytes) -> None:
    """ValueError naming the file and line if `data` is not well-formed XML."""
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        line = data.decode("utf-8", "replace").splitlines()[error.position[0] - 1]
        start = max(0, error.position[1] - 60)
        raise ValueError(f"{name} is not well-formed XML ({error}): …{line[start : start + 120]}…") from None


# Internals


def _xhtml_page(title: str, body: str, edition: Edition) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{edition.language}" xml:lang="{edition.language}">'
        f'<head><meta charset="utf-8"/><title>{escape(title)}</title>'
        '<link rel="stylesheet" type="text/css" href="style.css"/></head>'
        f"<body>{body}</body></html>\n"
    )


def _kind(key: str) -> str:
    return "glossary" if key == GLOSSARY_KEY else "chapter"


def _ids(body: str) -> list[str]:
    return [double or single for tag in TAG.findall(body) for double, single in ID.findall(tag)]


def _part_of(ident: str, owner: dict[str, str]) -> str | None:
    """The document of the part whose id starts `ident` ('tools-attaches-gone' -> 'tools-attaches.xhtml'): a link to
    an anchor MkDocs already reported missing (a strict build stops after) still opens its page."""
    parts = [key for key, where in owner.items() if "#" not in where and ident.startswith(f"{key}-")]
    return owner[max(parts, key=len)] if parts else None


def _label(title: str, body: str) -> str:
    """The section's name: its h1 (by id), or its title."""
    match = re.search(r'<h1\b[^>]*\sid="([^"]+)"', body)
    return f'aria-labelledby="{match.group(1)}"' if match else f'aria-label="{escape(title)}"'


def _entity(match: re.Match[str]) -> str:
    name: str = match.group(1)
    if name in name2codepoint and name not in XML_ENTITIES:
        return chr(name2codepoint[name])
    return f"&{name};"  # XML's own, or unknown: left for the XML check to report


def _attributes(tag: str) -> str:
    """A start tag with every attribute quoted: `open` -> `open="open"`, `data-x` -> `data-x=""`, `a=b` -> `a="b"`."""
    start = re.match(r"<[a-zA-Z][a-zA-Z0-9]*", tag)
    name_end = start.end() if start else 1

    def quote(m: re.Match[str]) -> str:
        space, name, equals, value = m.groups()
        if value is None:
            value = '""' if name.startswith("data-") else f'"{name}"'
        elif value[0] not in "\"'":
            value = f'"{value}"'
        return f"{space}{name}={value}"

    rest = tag[name_end:]
    closing = "/>" if rest.endswith("/>") else ">"
    inner = rest[: -len(closing)]
    return tag[:name_end] + ATTRIBUTE.sub(quote, inner) + closing
