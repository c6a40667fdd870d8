"""Glue for mkdocs-print-site-plugin (the one-page print edition): write it into the staged site, from each page's
final HTML, and make every in-page link of the combined page land on its target."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs_print_site_plugin.urls import get_page_key

PLUGIN = "print-site"
# Where the plugin starts each page's part ('print-page') or a nav section's part ('print-page md-section')
PART = re.compile(r"""<section class=(["'])print-page( md-section)?\1 id=\1([^"']+)\1""")
PART_END = '</section></div><style>'  # the plugin closes its <div id="print-site-page"> like this
ID = re.compile(r'(\sid=")([^"]+)(")')
# The plugin renders its page with the 404 page's context, whose base is absolute (site_url's path): wrong from file://
CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base": )"[^"]*"')
# Block-level start tags: a line break before them changes nothing on the page
BLOCK = re.compile(r"(?<!\n)(?=<(?:h[1-6]|p|li|ul|ol|dl|dt|dd|div|section|table|tr|td|th|blockquote|details|summary|nav)[\s>])")
HEADING_NUMBER = re.compile(r"(<section class=(['\"])print-page[^>]*?\s)heading-number=")
STYLE_IN_BODY = re.compile(r"</section></div>(<style>.*?</style>)", re.S)
IN_PAGE_LINK = re.compile(r'href="#([^"]+)"')
REFERENCE = re.compile(r'(\s(?:aria-labelledby|aria-describedby|for)="|\shref="#)([^"]+)(")')


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """The plugin records where its page goes before hooks/course.py moves the build to a staging dir: follow it."""
    file = getattr(config.plugins.get(PLUGIN), "print_file", None)
    if file is not None and file.dest_dir != config.site_dir:
        file.dest_dir = config.site_dir
        file.__dict__.pop("abs_dest_path", None)  # a cached property
    return config


_page_urls: dict[str, str] = {}  # print-page key -> page URL, for pages left out of the print page


def on_nav(nav: Navigation, *, config: MkDocsConfig, files) -> Navigation:
    _page_urls.clear()
    _page_urls.update({get_page_key(page.url): page.url for page in nav.pages})
    return nav


def on_env(env: Environment, *, config: MkDocsConfig, files) -> Environment:
    """The plugin renders its page with `config.theme.get_env()`, a new Jinja environment that compiles every
    template again (~0.3 s a build): hand it this build's environment, whose templates are compiled already."""
    config.theme.get_env = lambda: env
    return env


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """The plugin keeps each page's HTML from before hooks/course.py filled in backlinks and reading times: give it
    the final HTML, one block per line (its id-rewriting regex scans whole lines: 1.3 s on one-line pages)."""
    page.html = BLOCK.sub("\n", page.content or "")
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    """Fix the finished print page: its in-page anchors, and the base URL that Material's scripts load from."""
    file = getattr(config.plugins.get(PLUGIN), "print_file", None)
    if file is None:
        return
    path = Path(file.abs_dest_path)
    html = fix_anchors(path.read_text(encoding="utf-8"))
    html = link_left_out_pages(html, lambda url: get_relative_url(url, file.url))
    html = valid_markup(html)
    html = CONFIG_BASE.sub(lambda m: m.group(1) + json.dumps(get_relative_url(".", file.url)), html, count=1)
    path.write_text(html, encoding="utf-8")


def fix_anchors(html: str) -> str:
    """Give every id inside a page's part that page's prefix, as the plugin does for headings only, and point
    references to those ids (links, labels) at the new names; a link to the home page becomes '#index'."""
    parts = list(PART.finditer(html))
    if not parts:
        return html
    end = html.find(PART_END, parts[-1].end())
    if end < 0:
        raise PluginError(
            f"hooks/print_edition.py: the print page no longer ends with {PART_END!r} — "
            "mkdocs-print-site-plugin changed its output: check its pinned version in requirements.txt"
        )
    out = [html[: parts[0].end()]]
    for part, following in zip(parts, parts[1:] + [None]):
        stop = following.start() if following else end
        body = html[part.end() : stop]
        out.append(body if part.group(2) else _prefix_ids(body, part.group(3)))
        if following:
            out.append(html[following.start() : following.end()])
    out.append(html[end:])
    return "".join(out).replace('href="#."', 'href="#index"')


def valid_markup(html: str) -> str:
    """Make the plugin's markup valid HTML: its made-up `heading-number` attribute becomes a data- attribute, and
    its <style> block (inside <body>; with enumerate_headings off it styles nothing) moves into <head>."""
    html = HEADING_NUMBER.sub(r"\1data-heading-number=", html)
    style = STYLE_IN_BODY.search(html)
    if style:
        html = html[: style.start(1)] + html[style.end(1) :]
        html = html.replace("</head>", style.group(1) + "</head>", 1)
    return html


def link_left_out_pages(html: str, relative: Callable[[str], str]) -> str:
    """A link to a page the print page leaves out (e.g. Download) points at that page itself, not at a missing part."""
    present = {m.group(2) for m in ID.finditer(html)}

    def target(m: re.Match) -> str:
        key = m.group(1)
        if key in present or key not in _page_urls:
            return m.group(0)
        return f'href="{relative(_page_urls[key])}"'

    return IN_PAGE_LINK.sub(target, html)


def _prefix_ids(body: str, key: str) -> str:
    def prefixed(name: str) -> str:
        return name if name == key or name.startswith(key + "-") else f"{key}-{name}"

    body = ID.sub(lambda m: m.group(1) + prefixed(m.group(2)) + m.group(3), body)
    present = {m.group(2) for m in ID.finditer(body)}

    def reference(m: re.Match) -> str:
        names = [n if n in present or prefixed(n) not in present else prefixed(n) for n in m.group(2).split(" ")]
        return m.group(1) + " ".join(names) + m.group(3)

    return REFERENCE.sub(reference, body)
