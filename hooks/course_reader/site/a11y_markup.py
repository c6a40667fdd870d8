"""Accessibility fixes to the final HTML that Material's templates leave: the "¶" permalinks leave the headings'
accessible names and the Tab order (the table of contents links every section), the contents' nested lists are no
navigation landmarks, and the course's tables scroll in a labelled, focusable region instead of being clipped."""

from __future__ import annotations

import html as htmlmod
import re

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from course_reader.core.fields import text_of

HEADERLINK = re.compile(r'<a class="headerlink" href="([^"]*)" title="([^"]*)">')
TABLE = re.compile(
    r'<table class="(course-map|case-table|timeline)"[^>]*>(?:<caption>(.*?)</caption>)?.*?</table>', re.S
)
NAV_TAG = re.compile(r"<nav\b[^>]*>|</nav>")
TOC_NAV = re.compile(
    r'<nav class="md-nav" aria-label="[^"]*">'
)  # a nested list of the contents (partials/toc-item.html)
DEFAULT_LABELS = {"course-map": "Course map", "case-table": "Case studies", "timeline": "Timeline"}


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    output = HEADERLINK.sub(r'<a class="headerlink" href="\1" title="\2" aria-hidden="true" tabindex="-1">', output)
    output = TABLE.sub(scroll_region, output)
    return unnest_toc(output)


def unnest_toc(html: str) -> str:
    """The contents' nested lists as <div>s: each was a navigation landmark named after its heading (the glossary had
    one per letter), inside the one "Table of contents" landmark."""
    stack: list[bool] = []

    def tag(match: re.Match[str]) -> str:
        if match.group(0) == "</nav>":
            return "</div>" if stack and stack.pop() else "</nav>"
        nested = TOC_NAV.fullmatch(match.group(0)) is not None
        stack.append(nested)
        return '<div class="md-nav">' if nested else str(match.group(0))

    return NAV_TAG.sub(tag, html)


def scroll_region(match: re.Match[str]) -> str:
    """The table inside a region named by its caption, which scrolls sideways and takes focus to scroll by keyboard."""
    caption = text_of(match.group(2) or "")
    label = caption or DEFAULT_LABELS[match.group(1)]
    return (
        str(Markup('<div class="reader-scroll" role="region" tabindex="0" aria-label="{}">').format(label))
        + match.group(0)
        + "</div>"
    )
