"""The one-page print edition (print_page/): every page of the nav in reading order on one page, to print or save as
PDF, opened by a table of contents, with the chapter numbers, each page starting a new sheet, and every link and id
made to work inside the one page.

The page is an ordinary MkDocs page, generated as `print_page.md` outside the nav and rendered by MkDocs' own page
loop like any other: it gets the theme, its relative base (Material's scripts load from file:// too), the CSS and JS
with no second theme render and no rewrite of the written file. (mkdocs-print-site-plugin, which this replaces,
rendered the whole theme a second time, and its post-build pass grew with the square of the number of pages.)
MkDocs builds it last, so when its `on_page_context` runs every other page holds its final HTML, after
hooks/course_reader/site/pages.py filled in glossary backlinks and reading times. Each page's HTML is rewritten in two passes over
itself alone, so the print page costs time linear in the size of the site. This module is the hook; the page is put
together in hooks/course_reader/editions/print_page.py, and each page's HTML rewritten as its part in hooks/course_reader/editions/print_rewrite.py.

`extra: print_edition: false` in mkdocs.yml (`READER_PRINT=false`, as `make serve` sets it) leaves the page out: then
`print_page.md` is not among the build's files and hooks/course_reader/editions/offline.py lists no print edition."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from course_reader import build_state
from course_reader.editions.print_page import LEFT_OUT, combine
from course_reader.names import PRINT_PAGE
from course_reader.site.page_assets import link_stylesheet

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


@dataclass
class PrintState:
    """This feature's part of the build state (build_state)."""

    enabled: bool = False
    built: set[str] = field(default_factory=set)  # src_uri of every page written so far in this build


def _state() -> PrintState:
    return build_state.get().part(PrintState)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the print page (unless it is switched off) as a page outside the nav."""
    state = _state()
    state.enabled = enabled(config)
    if state.enabled:
        files.append(File.generated(config, PRINT_PAGE, content=SOURCE, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


@event_priority(
    -100
)  # after every other on_nav: nav dates are set (hooks/course_reader/site/pages.py) and no page is added later
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Make the print page the last page MkDocs builds, dated like the newest page (a reproducible sitemap.xml.gz)."""
    file = files.get_file_from_path(PRINT_PAGE) if _state().enabled else None
    if file is not None and file.page is not None:
        files.remove(file)
        files.append(file)
        file.page.update_date = max((page.update_date for page in nav.pages), default=file.page.update_date)
    return nav


def on_template_context(context: dict[str, Any], *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """Leave the print page out of sitemap.xml: it repeats the site's pages."""
    if template_name == "sitemap.xml" and _state().enabled:
        context["pages"] = [file for file in context["pages"] if file.src_uri != PRINT_PAGE]
    return context


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Put the print page together from every page's final HTML, and give it its contents as its table of contents."""
    if page.file.src_uri != PRINT_PAGE:
        return context
    ready = _state().built | LEFT_OUT
    waiting = [p.file.src_uri for p in nav.pages if p.file.src_uri not in ready]
    if waiting:
        pages = ", ".join(f"docs/{src}" for src in waiting[:3]) + (" …" if len(waiting) > 3 else "")
        raise PluginError(
            f"hooks/course_reader/editions/print_edition.py: the print page is being built before {pages}, so it would miss their final "
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
    return link_stylesheet(output, STYLESHEET, page) if page.file.src_uri == PRINT_PAGE else output


def enabled(config: MkDocsConfig) -> bool:
    """The `course` plugin's `print_edition` option (READER_PRINT=false, as `make serve` sets it, turns it off)."""
    return build_state.get().options.print_edition
