"""The one-page print edition (print_page/): every page of the nav in reading order on one page, to print or save as
PDF, opened by a table of contents, with the chapter numbers, each page starting a new sheet, and every link and id
made to work inside the one page.

The page is an ordinary MkDocs page, generated as `print_page.md` outside the nav and rendered by MkDocs' own page
loop like any other: it gets the theme, its relative base (Material's scripts load from file:// too), the CSS and JS
with no second theme render and no rewrite of the written file. (mkdocs-print-site-plugin, which this replaces,
rendered the whole theme a second time, and its post-build pass grew with the square of the number of pages.)
MkDocs builds it last, so when its `on_page_context` runs every other page holds its final HTML, after
hooks/course.py filled in glossary backlinks and reading times. Each page's HTML is rewritten in two passes over
itself alone, so the print page costs time linear in the size of the site.

`extra: print_edition: false` in mkdocs.yml (`READER_PRINT=false`, as `make serve` sets it) leaves the page out: then
`print_page.md` is not among the build's files and hooks/offline.py lists no print edition."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

import course_state
from navigation import walk_nav, walk_pages

SRC_URI = "print_page.md"  # hooks/offline.py finds the print page by this name
DOWNLOAD_PAGE = "download.md"  # hooks/offline.py lists the downloads on it
# Pages the print edition leaves out (links to them go to the page itself): the downloads, and the study pages, which
# work in a browser only (hooks/progress.py, hooks/flashcards.py)
LEFT_OUT = frozenset({DOWNLOAD_PAGE, "progress.md", "flashcards.md"})
TOC_TITLE = "Contents"
TOC_DEPTH = 2  # nav levels the contents nest; a page further down is listed at the last level, so none is missing
TOC_ID = "print-page-toc"
TITLE_ID = "print-page-title"  # the page's one h1: the course's title (every page's headings go one level down)
CONTENT_ID = "print-site-page"  # the element holding every part (docs/assets/print.css styles the parts by it)
STYLESHEET = (
    "assets/print.css"  # the print edition's own styles, linked from its page only (reader.css prints any page)
)
SOURCE = """---
title: Print edition
description: Every chapter of the course reader, the case studies and the glossary on one page, to print or save as PDF.
hide:
  - navigation
search:
  exclude: true
---
"""

# Screen-only blocks of each page that the print edition leaves out: "Cite this page" (a region with a copy button;
# 27 of them, all alike, would be 27 regions and 27 buttons named "Copy citation" on one page) and the home page's
# reading-progress line (a link to a page the print edition leaves out)
SCREEN_ONLY = ("cite-this", "reader-progress-summary")
HEADING_TAG = re.compile(r"<(/?)h([1-5])(?=[\s>])")  # h1-h5 start and end tags; h6 stays h6 (nothing is deeper)
# A start tag (quoted attribute values may hold '>'); in it, an attribute holding an id, a URL or id references
# Limits (tests/test_rewrite_limits.py holds every built page within them): unquoted attribute values are left as
# they are, and text inside <script> that reads like a start tag would be rewritten as one.
TAG = re.compile(r"""<[a-zA-Z](?:[^>"']|"[^"]*"|'[^']*')*>""")
ATTRIBUTE = re.compile(
    r"""(\s(id|href|src|for|headers|aria-(?:labelledby|describedby|controls|owns|details|flowto|errormessage))=)"""
    r"""(?:"([^"]*)"|'([^']*)')"""
)
ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass
class PrintState:
    """This hook's part of the build state (course_state)."""

    enabled: bool = False
    built: set[str] = field(default_factory=set)  # src_uri of every page written so far in this build


def _state() -> PrintState:
    return course_state.get().part(PrintState)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the print page (unless it is switched off) as a page outside the nav."""
    state = _state()
    state.enabled = enabled(config)
    if state.enabled:
        files.append(File.generated(config, SRC_URI, content=SOURCE, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


@event_priority(-100)  # after every other on_nav: nav dates are set (hooks/course.py) and no page is added later
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Make the print page the last page MkDocs builds, dated like the newest page (a reproducible sitemap.xml.gz)."""
    file = files.get_file_from_path(SRC_URI) if _state().enabled else None
    if file is not None and file.page is not None:
        files.remove(file)
        files.append(file)
        file.page.update_date = max((page.update_date for page in nav.pages), default=file.page.update_date)
    return nav


def on_template_context(context: dict[str, Any], *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """Leave the print page out of sitemap.xml: it repeats the site's pages."""
    if template_name == "sitemap.xml" and _state().enabled:
        context["pages"] = [file for file in context["pages"] if file.src_uri != SRC_URI]
    return context


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Put the print page together from every page's final HTML, and give it its contents as its table of contents."""
    if page.file.src_uri != SRC_URI:
        return context
    ready = _state().built | LEFT_OUT
    waiting = [p.file.src_uri for p in nav.pages if p.file.src_uri not in ready]
    if waiting:
        pages = ", ".join(f"docs/{src}" for src in waiting[:3]) + (" …" if len(waiting) > 3 else "")
        raise PluginError(
            f"hooks/print_edition.py: the print page is being built before {pages}, so it would miss their final "
            "HTML. It must be the last page built: a full `mkdocs build` or `mkdocs serve` does that (`--dirty` does "
            "not; with --dirty set READER_PRINT=false)"
        )
    try:
        html, toc = combine(nav.items, url=page.url, title=config.site_name, left_out=LEFT_OUT)
    except ValueError as error:
        raise PluginError(str(error)) from None
    page.content = html
    page.toc = TableOfContents(toc)
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Note that this page's HTML is final: the print page checks that every page it holds is. The print page
    links its own stylesheet (no other page needs it)."""
    _state().built.add(page.file.src_uri)
    if page.file.src_uri == SRC_URI:
        link = f'<link rel="stylesheet" href="{get_relative_url(STYLESHEET, page.url)}">'
        output = output.replace("</head>", f"{link}</head>", 1)
    return output


def enabled(config: MkDocsConfig) -> bool:
    """`extra: print_edition:` in mkdocs.yml, true unless set otherwise."""
    value = config.extra.get("print_edition", True)
    if not isinstance(value, bool):
        raise PluginError(
            f"mkdocs.yml: 'extra: print_edition: {value}' must be true or false "
            "(READER_PRINT=false turns the print edition off)"
        )
    return value


# Pure helpers (unit-tested in tests/test_print.py)


def page_key(url: str) -> str:
    """The id of a page's part, from its URL, as mkdocs-print-site-plugin made it: 'history/alliances/' (or
    'history/alliances.html') -> 'history-alliances'; the home page is 'index'."""
    return url.lower().strip().rstrip("/").replace(".html", "").replace("/", "-").lstrip("-") or "index"


def section_id(number: str) -> str:
    """The id of a nav section's part: its position in the nav, '1.3' -> 'section-1-3'."""
    return "section-" + number.replace(".", "-")


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


def render_toc(entries: list[AnchorLink], title: str = TOC_TITLE) -> str:
    """The contents as HTML: a nested list of links to the parts."""
    return str(
        Markup('<nav id="{}" aria-labelledby="{}-title"><h2 id="{}-title">{}</h2>{}</nav>').format(
            TOC_ID, TOC_ID, TOC_ID, title, Markup(_toc_list(entries))
        )
    )


def combine(
    items: list[Any], *, url: str, title: str = "", left_out: Container[str] = LEFT_OUT
) -> tuple[str, list[AnchorLink]]:
    """The print page's HTML and its contents, from the nav's items (pages holding their final HTML, and sections)
    in reading order: a header with the page's one h1 (`title`), the contents, then a part per page (a
    <section class="print-page"> with the page's id, its headings one level down: h1 -> h2 …) inside a part per nav
    section (<section class="print-page md-section">, untitled: its index page's heading says the same). Pages in
    `left_out` (by src_uri) are left out; a page listed twice in the nav is printed once; screen-only blocks
    (`SCREEN_ONLY`) are left out."""
    pages = list(_pages(items, left_out))
    taken = {section_id(number) for number, item in walk_nav(items) if getattr(item, "is_section", False)} | {
        TOC_ID,
        f"{TOC_ID}-title",
        CONTENT_ID,
        TITLE_ID,
    }
    owners: dict[str, str] = {}  # part id -> src_uri
    for page in pages:
        key = page_key(page.url)
        if key in taken:
            other = f"docs/{owners[key]}" if key in owners else "another part of the page"
            raise ValueError(
                f"docs/{page.file.src_uri}: its part of the print edition would have the id '{key}', as {other} "
                "has: rename the file"
            )
        taken.add(key)
        owners[key] = page.file.src_uri
    links = Links.of(((page.url, page_key(page.url)) for page in pages), url)
    done: set[str] = set()

    def walk(children: list[Any], prefix: str, depth: int) -> tuple[list[str], list[AnchorLink]]:
        html: list[str] = []
        entries: list[AnchorLink] = []
        for position, item in enumerate(children, 1):
            number = f"{prefix}{position}"
            level = min(depth, TOC_DEPTH) - 1
            if getattr(item, "is_page", False):
                if item.file.src_uri in left_out or item.file.src_uri in done:
                    continue
                done.add(item.file.src_uri)
                key = page_key(item.url)
                content = item.content or ""
                if "<h1" not in content:  # as Material's content.html does, a page without one shows its title
                    content = str(Markup("<h1>{}</h1>").format(item.title)) + content
                content = demote_headings(drop_blocks(content, SCREEN_ONLY))
                try:
                    part = rewrite_part(content, key=key, page_url=item.url, links=links, taken=taken)
                except ValueError as error:
                    raise ValueError(f"docs/{item.file.src_uri}: {error}") from None
                html.append(f'<section class="print-page" id="{key}">{part}</section>')
                entries.append(AnchorLink(str(escape(item.title)), key, level))
            elif getattr(item, "is_section", False):
                inner, below = walk(item.children, number + ".", depth + 1)
                if not inner:
                    continue
                ident = section_id(number)
                html.append(f'<section class="print-page md-section" id="{ident}">')
                html += inner
                html.append("</section>")
                if depth < TOC_DEPTH:
                    entry = AnchorLink(str(escape(item.title)), ident, level)
                    entry.children = below
                    entries.append(entry)
                else:  # too deep to nest: its pages are listed at this level (its index page carries its title)
                    entries.extend(below)
        return html, entries

    parts, toc = walk(items, "", 1)
    header = Markup('<header id="{}-header"><h1 id="{}">{}</h1></header>').format(TITLE_ID, TITLE_ID, title)
    contents = f'<section class="print-page">{render_toc(toc)}</section>'
    return f'<div id="{CONTENT_ID}">{header}{contents}{"".join(parts)}</div>', toc


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


# Internals


def _toc_list(entries: list[AnchorLink]) -> str:
    items = "".join(
        f'<li><a href="#{entry.id}">{entry.title}</a>{_toc_list(entry.children) if entry.children else ""}</li>'
        for entry in entries
    )
    return f"<ul>{items}</ul>"


def _pages(items: list[Any], left_out: Container[str]) -> Iterable[Any]:
    """The pages of the print page in reading order, each once."""
    seen: set[str] = set()
    for page in walk_pages(items):
        if page.file.src_uri not in left_out and page.file.src_uri not in seen:
            seen.add(page.file.src_uri)
            yield page


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
