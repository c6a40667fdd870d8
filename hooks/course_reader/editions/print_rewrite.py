"""Each page's HTML made a part of the print page (for hooks/course_reader/editions/print_page.py): its ids prefixed with the part's id, the
references to them and its links following, its headings one level down, its screen-only blocks left out."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs.utils import get_relative_url

HEADING_TAG = re.compile(r"<(/?)h([1-5])(?=[\s>])")  # h1-h5 start and end tags; h6 stays h6 (nothing is deeper)
# A start tag (quoted attribute values may hold '>'); in it, an attribute holding an id, a URL or id references
# Limits (tests/editions/test_rewrite_limits.py holds every built page within them): unquoted attribute values are left as
# they are, and text inside <script> that reads like a start tag would be rewritten as one.
TAG = re.compile(r"""<[a-zA-Z](?:[^>"']|"[^"]*"|'[^']*')*>""")
ATTRIBUTE = re.compile(
    r"""(\s(id|href|src|for|headers|aria-(?:labelledby|describedby|controls|owns|details|flowto|errormessage))=)"""
    r"""(?:"([^"]*)"|'([^']*)')"""
)
ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_key(url: str) -> str:
    """The id of a page's part, from its URL, as mkdocs-print-site-plugin made it: 'history/alliances/' (or
    'history/alliances.html') -> 'history-alliances'; the home page is 'index'."""
    return url.lower().strip().rstrip("/").replace(".html", "").replace("/", "-").lstrip("-") or "index"


@dataclass(frozen=True)
class Links:
    """Where a URL written in a page points once the page is a part of the print page. `parts` maps the URL of each
    page the print page holds (as MkDocs writes page URLs: '', 'history/alliances/', 'history/alliances.html') to
    its part's id; `url` is the print page's own URL."""

    parts: dict[str, str]
    url: str

    @classmethod
    def of(cls, pages: Iterable[tuple[str, str]], url: str) -> Links:
        """From (page URL, part id) pairs."""
        return cls({_location(page_url): key for page_url, key in pages}, url)

    def href(self, href: str, *, page_url: str, key: str) -> str:
        """A link of the page at `page_url`, whose part is `key`: to a page of the print page it becomes an in-page
        link ('#key' or '#key-anchor'); any other relative URL is made relative to the print page."""
        if href.startswith("#"):
            return f"#{key}-{href[1:]}" if len(href) > 1 else f"#{key}"
        if href.startswith("/") or SCHEME.match(href):
            return href
        path, _, fragment = href.partition("#")
        path = path.partition("?")[0]
        part = key if not path else self.parts.get(_location(posixpath.join(_folder(page_url), path)))
        if part is None:
            return self.resource(href, page_url=page_url)
        return f"#{part}-{fragment}" if fragment else f"#{part}"

    def resource(self, url: str, *, page_url: str) -> str:
        """A relative URL of the page at `page_url` (an image, a page left out), made relative to the print page."""
        if not url or url.startswith(("#", "/", "?")) or SCHEME.match(url):
            return url
        cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
        path, rest = url[:cut], url[cut:]
        target = posixpath.normpath(posixpath.join(_folder(page_url), path))
        if target == ".." or target.startswith("../"):
            return url  # above the site's root: not ours to move
        relative = get_relative_url(target, self.url)
        if path.endswith(("/", "/.", "/..")) or path in (".", ".."):
            relative = relative.rstrip("/") + "/"
        return relative + rest


def rewrite_part(html: str, *, key: str, page_url: str, links: Links, taken: set[str] | None = None) -> str:
    """One page's HTML as its part of the print page: every id gets the part's id as prefix ('key-id'), every
    reference to one of them (in-page links, labels, aria-*) follows, and links go where `links` says. Two passes
    over the page's HTML, each linear in its size; text outside tags is left as it is. `taken`, if given, holds the
    ids the print page has so far: a new id already in it is a ValueError, and the part's ids are added to it."""
    own = {double or single for tag in TAG.findall(html) for double, single in ID.findall(tag)}
    new_ids: list[str] = []

    def rewrite(match: re.Match[str]) -> str:
        start, name = match.group(1), match.group(2)
        quote, value = ('"', match.group(3)) if match.group(3) is not None else ("'", match.group(4))
        if name == "id":
            new = f"{key}-{value}"
            new_ids.append(new)
            if taken is not None and new in taken:
                raise ValueError(
                    f"the id '{value}' becomes '{new}' in the print edition, an id it already has: give the "
                    f"heading (or element) another id, e.g. '## Heading {{ #other-id }}'"
                )
        elif name == "href":
            new = links.href(value, page_url=page_url, key=key)
        elif name == "src":
            new = links.resource(value, page_url=page_url)
        else:
            new = " ".join(f"{key}-{ref}" if ref in own else ref for ref in value.split())
        return f"{start}{quote}{new}{quote}"

    html = TAG.sub(lambda tag: ATTRIBUTE.sub(rewrite, tag.group(0)), html)
    if taken is not None:
        taken.update(new_ids)
    return html


def demote_headings(html: str) -> str:
    """Every heading one level down (h1 -> h2 … h5 -> h6; h6 stays): in the print page, a page's title is a part."""
    return HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


def drop_blocks(html: str, classes: Iterable[str]) -> str:
    """`html` without the elements whose class list holds one of `classes` (with all they contain)."""
    for name in classes:
        start = re.compile(
            rf"""<([a-zA-Z][a-zA-Z0-9]*)\s[^>]*?\bclass=(["'])(?:[^"']*\s)?{re.escape(name)}(?:\s[^"']*)?\2"""
        )
        while match := start.search(html):
            end = element_end(html, match.start(), match.group(1))
            html = html[: match.start()] + html[end:]
    return html


def element_end(html: str, start: int, tag: str) -> int:
    """The index just past the end tag of the `tag` element that starts at `start` (nested ones of the same name
    counted); ValueError if it is not closed."""
    pattern = re.compile(rf"<(/?){tag}(?=[\s>/])", re.I)
    depth = 0
    for match in pattern.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            close = html.find(">", match.end())
            return close + 1
    raise ValueError(f"<{tag}> at character {start} is not closed")


FOLDED = re.compile(
    r'<details class="([^"]*\badmonition\b[^"]*)"(?:\s+open(?:="open")?)?>\s*<summary>(.*?)</summary>', re.S
)


def unfold_admonitions(html: str) -> str:
    """`html` with each admonition the screen lets fold (a <details>: objectives, takeaways, study material) as the
    plain box it is on paper and in an e-reader, which may have no <details>: a <div> and its title."""
    while match := FOLDED.search(html):
        end = element_end(html, match.start(), "details")
        inner = html[match.end() : end - len("</details>")]
        box = f'<div class="{match.group(1)}"><p class="admonition-title">{match.group(2)}</p>{inner}</div>'
        html = html[: match.start()] + box + html[end:]
    return html


# Internals


def _folder(page_url: str) -> str:
    """The folder a page's relative URLs start from: the page URL itself with directory URLs ('a/b/'), else its
    parent ('a/b.html' -> 'a/')."""
    if not page_url or page_url.endswith("/"):
        return page_url
    parent = posixpath.dirname(page_url)
    return parent + "/" if parent else ""


def _location(path: str) -> str:
    """A site path in one spelling, so that a link and a page URL can be compared: 'a/b/', 'a/b/index.html' and
    'a/b' are 'a/b'; the root ('', 'index.html', './') is '.'."""
    path = posixpath.normpath(path) if path else "."
    if path == "index.html":
        return "."
    return path.removesuffix("/index.html")
