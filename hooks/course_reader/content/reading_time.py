"""Reading time: the words a reader reads on a page (as Material's reading time counts them) and the minutes shown
after its title; a marker for the minutes of another page (the course map), filled in once every page is rendered."""

from __future__ import annotations

import math
import re

from lxml import html as lxml_html

WORDS_PER_MINUTE = 200

_WORD = re.compile(r"[\w’'-]+")


# What the word count leaves out: scripts, styles and the course map (a table of contents, not prose)
_NOT_READ = '//script|//style|//table[contains(concat(" ", normalize-space(@class), " "), " course-map ")]'


def count_words(html: str) -> int:
    """Words a reader reads, as Material's reading time counts them: the text outside tags and comments (the
    backlink markers), entities decoded, each text node on its own; scripts, styles and the course map left out.
    Parsed by lxml's HTML parser (libxml2): the same counts as html.parser, at a third of the time."""
    if not html.strip():
        return 0
    root = lxml_html.document_fromstring(f"<html><body>{html}</body></html>")
    for element in root.xpath(_NOT_READ):
        element.drop_tree()
    return len(_WORD.findall(" ".join(root.itertext())))  # a space between text nodes: no word spans two


def reading_minutes(words: int) -> int:
    return max(1, math.floor(words / WORDS_PER_MINUTE + 0.5))


_MINUTES_MARKER = re.compile(r"<!-- reader:minutes:(\S+) -->")


def add_reading_time(html: str) -> tuple[str, int]:
    """The page's HTML with its reading time after the first h1 (or at the top), and the minutes. The time is
    web-only (names.WEB_ONLY): the print page, PDF and EPUB leave it out."""
    words = count_words(html)
    minutes = reading_minutes(words)
    badge = f'<p class="reading-time web-only" data-words="{words}">{minutes} min read</p>'
    html = re.sub(r"(</h1>)", r"\1" + badge, html, count=1) if "</h1>" in html else badge + html
    return html, minutes


def minutes_marker(src_uri: str) -> str:
    """Where the reading time of the page `src_uri` goes (filled in by `fill_minutes` once every page rendered)."""
    return f"<!-- reader:minutes:{src_uri} -->"


def fill_minutes(html: str, minutes: dict[str, int]) -> str:
    return _MINUTES_MARKER.sub(lambda m: str(minutes.get(m.group(1), "")), html)
