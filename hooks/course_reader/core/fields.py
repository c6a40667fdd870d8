"""The escaping contract: each text field of the data files and of front matter is plain text or inline Markdown
(declared in the loaders' FIELDS tables with `Field`), and these functions render it for every place it lands.
Nothing a contributor writes becomes raw HTML, an attribute, a script URL or a template."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import markdown
from markupsafe import Markup

PLAIN = "plain text"  # shown exactly as typed: escaped for HTML and for Markdown, never interpreted
INLINE = "inline Markdown"  # *emphasis*, **strong**, `code`, [links](to relative paths, http(s): or mailto:) only
URL_SCHEMES = ("http", "https", "mailto")  # besides relative paths


class Field(NamedTuple):
    """One field of a data-file entry: its YAML type, whether it is required, what to write (for messages), and,
    for text and lists of text, whether it is PLAIN or INLINE (None: an id, a choice or a path, checked by its
    loader against a pattern or a list); for a list, the type of its items."""

    kind: type | tuple[type, ...]
    required: bool
    hint: str
    text: str | None = None
    items: type = str  # for a list: the type of its items


# Front matter of every page (docs/**/*.md); other keys are MkDocs/Material settings, not text shown as written.
FRONT_MATTER: dict[str, Field] = {
    "title": Field(str, True, "the page title", PLAIN),
    "description": Field(str, True, "one sentence describing the page", PLAIN),
}
# `tool: true` in a page's front matter: a tool rather than text (progress, Flashcards, Download), so no reading time,
# no "Cite this page" and no citation meta tags (hooks/course_reader/site/pages.py, hooks/course_reader/study/cite.py; hooks/course_reader/content/sources.py checks the value)
TOOL = "tool"


def is_tool(meta: Mapping[str, Any]) -> bool:
    return meta.get(TOOL) is True


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # direction controls: never in a title
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}#"}  # '#': a heading drops a trailing one
_MD_SPECIAL_RE = re.compile("[" + re.escape("".join(_MD_SPECIAL)) + "]")
_INLINE_SYNTAX = re.compile(r"[*_`\[\]<>&\\!]|  |^\s*(\d+[.)]|[#+\-=>!?:|*])(\s|$)")
_LINE_START = re.compile(
    r"^(\d+)([.)])(?=\s|$)|^([#+\-=!?:|%])"
)  # a list, heading, rule, admonition or table at line start


def one_line(text: str) -> str:
    """The text with its whitespace collapsed and control characters removed (Python-Markdown uses two of them
    to mark its placeholders); already-escaped Markup is turned back into the text it shows."""
    if isinstance(text, Markup):
        text = text.unescape()
    return " ".join(_CONTROL.sub("", str(text)).split())


def strip_bidi(text: str) -> str:
    return _BIDI.sub("", text)


@functools.lru_cache(maxsize=8192, typed=True)  # pure; a build escapes ~2,500 texts, ~900 of them different
def md_text(text: str) -> Markup:
    """Plain text for Markdown source or HTML (element text or a quoted attribute): every character that HTML,
    Markdown, attr_list or Jinja could act on becomes a character reference, so the reader sees it as typed."""
    encoded = _MD_SPECIAL_RE.sub(lambda m: _MD_SPECIAL[m.group()], one_line(text))
    encoded = _LINE_START.sub(
        lambda m: m.group(1) + f"&#{ord(m.group(2))};" if m.group(1) else f"&#{ord(m.group(3))};", encoded, count=1
    )
    return Markup(encoded)


def html_text(text: str) -> Markup:
    """Plain text for HTML that Markdown never sees (titles in templates: nav, header, <title>); never a template
    either (mkdocs-macros evaluates `{{ … }}` in a page title)."""
    escaped = html.escape(strip_bidi(one_line(text)), quote=True)
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))  # mkdocs-macros renders {{ in titles


def safe_url(url: str) -> bool:
    """A relative path or an http(s):/mailto: URL. Browsers ignore control characters and whitespace in a
    scheme (`java\\tscript:`), so they are removed before looking at it."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url))
    if cleaned.startswith(("//", "\\\\", "/\\")):
        return False  # another host without a scheme
    scheme = urlsplit(cleaned).scheme.lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", cleaned) else ""
    return scheme in ("", *URL_SCHEMES)


def md_inline(text: str) -> Markup:
    """Inline Markdown for Markdown source: emphasis, strong, code and links whose target safe_url accepts
    (relative links stay Markdown links, so MkDocs checks and rewrites them); everything else as plain text."""
    if not _INLINE_SYNTAX.search(text):
        return md_text(text)  # nothing Markdown would act on: the same text, without a Markdown parse
    return Markup(_render(text, "markdown"))


def html_inline(text: str) -> Markup:
    """Inline Markdown for HTML that Markdown never sees: the same as md_inline, with links as <a href>."""
    return Markup(_render(text, "html"))


def inline_text(text: str) -> str:
    """Inline Markdown as plain text (tooltips, meta descriptions, titles): the words, without the markup."""
    parser = _Inline("text")
    parser.feed(_convert(text))
    parser.close()
    return one_line(parser.result())


def inline_problems(text: str) -> list[str]:
    """What the restricted Markdown will not render, as short phrases for a loader's message."""
    problems: list[str] = []
    if "[" not in text and "<" not in text:
        return problems  # a link needs one or the other
    for url in _Links.of(_convert(text)):
        if not safe_url(url):
            problems.append(
                f"the link to '{one_line(url)[:60]}' is not allowed (links go to relative paths, http(s): or mailto:)"
            )
    return problems


def for_markdown(value: str, kind: str) -> Markup:
    """A field's value for Markdown source, by its declared kind."""
    return md_inline(value) if kind == INLINE else md_text(value)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(fragment: str) -> str:
    """The text of an HTML fragment as a reader sees it: tags dropped, entities decoded, white space collapsed. The
    one helper that takes text out of HTML (headings, captions, previews, titles)."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def as_text(value: str, kind: str) -> str:
    """A field's value as plain text (a tooltip, a title, a meta description), by its declared kind."""
    return inline_text(value) if kind == INLINE else one_line(value)


# The restricted Markdown: Python-Markdown without raw HTML or extensions, its output re-serialised by an
# allow-list (so not even a bug in the Markdown parser can let an attribute or a tag through)

_MD = markdown.Markdown(extensions=[])
_MD.preprocessors.deregister("html_block")
_MD.inlinePatterns.deregister("html")


@functools.lru_cache(maxsize=4096)  # a field is checked when loaded and converted again when rendered
def _convert(text: str) -> str:
    """One paragraph of HTML: the text on one line, a block marker at its start (1. # - > …) escaped."""
    line = re.sub(
        r"^(\d+)([.)])|^([#+\-=>!?:|*])(?=\s|$)",
        lambda m: f"{m.group(1) or ''}\\{m.group(2) or m.group(3)}",
        one_line(text),
    )
    _MD.reset()
    return str(_MD.convert(line))


def _render(text: str, links: str) -> str:
    parser = _Inline(links)
    parser.feed(_convert(text))
    parser.close()
    return one_line(parser.result())


class _Inline(HTMLParser):
    """Python-Markdown's HTML to Markdown-inert output (`links` = 'markdown' or 'html') or to text ('text')."""

    KEEP = ("em", "strong", "code")

    def __init__(self, links: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links = links
        self.out: list[str] = []
        self.open_links: list[str | None] = []

    def result(self) -> str:
        return "".join(self.out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.links == "text":
            if tag == "img":
                self.out.append(dict(attrs).get("alt") or "")
            return
        if tag in self.KEEP:
            self.out.append(f"<{tag}>")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            url = href if safe_url(href) else None
            self.open_links.append(url)
            if url is not None:
                self.out.append("[" if self.links == "markdown" else f'<a href="{_attr_url(url)}">')
        elif tag == "img":
            self.out.append(str(md_text(dict(attrs).get("alt") or "")))
        elif tag in ("br", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr"):
            self.out.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.links == "text":
            return
        if tag in self.KEEP:
            self.out.append(f"</{tag}>")
        elif tag == "a" and self.open_links:
            url = self.open_links.pop()
            if url is not None:
                self.out.append(f"]({_md_url(url)})" if self.links == "markdown" else "</a>")
        elif tag in ("p", "li", "blockquote", "pre"):
            self.out.append(" ")

    def handle_data(self, data: str) -> None:
        if self.links == "text" or not data.strip():
            self.out.append(data)
            return
        lead = " " if data[0].isspace() else ""
        self.out.append(lead + str(md_text(data)) + (" " if data[-1].isspace() else ""))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "img"):
            self.urls.append(dict(attrs).get("href" if tag == "a" else "src") or "")

    @classmethod
    def of(cls, rendered: str) -> list[str]:
        parser = cls()
        parser.feed(rendered)
        parser.close()
        return parser.urls


def _md_url(url: str) -> str:
    """A link target for Markdown: characters that could end it or start markup are percent-encoded."""
    return re.sub(r"[\s()<>\"'`{}\[\]\\*_]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def _attr_url(url: str) -> str:
    return str(md_text(_md_url(url)))
