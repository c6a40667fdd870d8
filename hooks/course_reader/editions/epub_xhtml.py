"""The EPUB's content (for hooks/course_reader/editions/epub_edition.py): the print page's parts as XHTML content documents. Converting the
HTML to XHTML is a few literal rewrites of what Python-Markdown and the hooks write (entities, empty attributes, void
elements), checked by an XML parse: no HTML parser runs. Links between parts point to the document and id they
landed in."""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from html.entities import name2codepoint
from xml.etree import ElementTree

from markupsafe import escape

from course_reader.core.fields import text_of
from course_reader.editions.pdf_edition import HEADERLINK, Edition
from course_reader.editions.print_rewrite import ID, TAG, element_end

GLOSSARY_KEY = "glossary"
PART = re.compile(r'<section class="print-page" id="([^"]+)">')
ENTITY = re.compile(r"&([a-zA-Z][a-zA-Z0-9]*);")
XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
VOID = re.compile(
    r"<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)\s*/?>"
)
ATTRIBUTE = re.compile(r"""(\s+)([^\s=>/"']+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+))?""")
HREF = re.compile(r"""(\shref=")([^"]*)(")""")
HEADING_TAG = re.compile(r"<(/?)h([2-6])(?=[\s>])")


@dataclass(frozen=True)
class Part:
    key: str  # the part's id in the print page
    title: str  # plain text
    body: str  # XHTML, headings one level up again (the part's title is its document's h1)

    @property
    def name(self) -> str:
        return f"{self.key}.xhtml"


def split(content: str) -> list[Part]:
    """The print page's parts, in order, each as XHTML."""
    parts = []
    for match in PART.finditer(content):
        end = element_end(content, match.start(), "section")
        inner = content[match.end() : end - len("</section>")]
        inner = promote(xhtml(HEADERLINK.sub("", inner)))
        heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", inner, re.S)
        title = text_of(heading.group(1)) if heading else match.group(1)
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
    epub_type, role = {
        "glossary": ("glossary", "doc-glossary"),
        "chapter": ("chapter", "doc-chapter"),
        "colophon": ("colophon", "doc-colophon"),
    }[kind]
    return xhtml_page(
        title,
        f'<section epub:type="{epub_type}" role="{role}" {_label(title, body)}>{body}</section>',
        edition,
    )


def check_xml(name: str, data: bytes) -> None:
    """ValueError naming the file and line if `data` is not well-formed XML."""
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        line = data.decode("utf-8", "replace").splitlines()[error.position[0] - 1]
        start = max(0, error.position[1] - 60)
        raise ValueError(f"{name} is not well-formed XML ({error}): …{line[start : start + 120]}…") from None


def xhtml_page(title: str, body: str, edition: Edition) -> str:
    """An XHTML content document of the EPUB, with its title and the edition's stylesheet."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{edition.language}" xml:lang="{edition.language}">'
        f'<head><meta charset="utf-8"/><title>{escape(title)}</title>'
        '<link rel="stylesheet" type="text/css" href="style.css"/></head>'
        f"<body>{body}</body></html>\n"
    )


def part_kind(key: str) -> str:
    """A part's kind of content document: the glossary, the colophon, or a chapter."""
    return {GLOSSARY_KEY: "glossary", "colophon": "colophon"}.get(key, "chapter")


def element_ids(body: str) -> list[str]:
    """The ids of the elements of a part."""
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
