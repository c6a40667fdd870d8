"""Learning material: objectives, takeaways and self-check questions from data/learning.yml, reading time."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import escape

from datafile import ContentError, load_mapping

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class Chapter:
    objectives: tuple[str, ...]
    takeaways: tuple[str, ...]
    questions: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Learning:
    source: str
    home_objectives: tuple[str, ...]
    chapters: dict[str, Chapter]

    def chapter(self, src_uri: str) -> Chapter:
        try:
            return self.chapters[src_uri]
        except KeyError:
            raise ContentError(
                f"docs/{src_uri}: no learning material for this page — add a '{src_uri}:' entry under 'chapters:' in {self.source}"
            ) from None


def load_learning(path: Path, pages: set[str], root: Path | None = None) -> Learning:
    name, data = load_mapping(path, root)
    problems = []
    chapters: dict[str, Chapter] = {}
    for src_uri, raw in (data.get("chapters") or {}).items():
        where = f"{name}: chapter '{src_uri}'"
        if src_uri not in pages:
            problems.append(f"{where}: no such page under docs/ — use the page path relative to docs/")
            continue
        if not isinstance(raw, dict):
            problems.append(f"{where}: expected objectives:, takeaways: and questions:")
            continue
        lists = {}
        for field, low, high in (("objectives", 2, 5), ("takeaways", 2, 5), ("questions", 3, 5)):
            items = raw.get(field)
            if not isinstance(items, list) or not low <= len(items) <= high:
                problems.append(f"{where}: field '{field}' needs {low}–{high} items")
                items = []
            lists[field] = items
        questions = []
        for number, item in enumerate(lists["questions"], 1):
            if not (isinstance(item, dict) and isinstance(item.get("q"), str) and isinstance(item.get("a"), str)):
                problems.append(f"{where}: question {number} needs a 'q:' (question) and an 'a:' (answer)")
                continue
            questions.append((" ".join(item["q"].split()), " ".join(item["a"].split())))
        chapters[src_uri] = Chapter(
            objectives=tuple(" ".join(str(o).split()) for o in lists["objectives"]),
            takeaways=tuple(" ".join(str(t).split()) for t in lists["takeaways"]),
            questions=tuple(questions),
        )
    if problems:
        raise ContentError("\n".join(problems))
    home = tuple(" ".join(str(o).split()) for o in (data.get("home") or {}).get("objectives") or ())
    return Learning(name, home, chapters)


def _admonition(kind: str, title: str, body: list[str], css: str = "") -> str:
    classes = f"{kind} {css}".strip()
    lines = [f'!!! {classes} "{title}"', ""]
    lines += ["    " + line if line else "" for line in body]
    return "\n".join(lines) + "\n"


def render_objectives(chapter: Chapter) -> str:
    body = ["After this chapter you can:", ""] + [f"- {escape(o)}" for o in chapter.objectives]
    return _admonition("abstract", "Learning objectives", body, "learning-objectives")


def render_takeaways(chapter: Chapter) -> str:
    return _admonition("success", "Key takeaways", [f"- {escape(t)}" for t in chapter.takeaways], "key-takeaways")


def render_questions(chapter: Chapter) -> str:
    out = [
        '<section class="self-check" aria-labelledby="self-check" markdown>',
        "",
        "## Check your understanding { #self-check }",
        "",
    ]
    for number, (question, answer) in enumerate(chapter.questions, 1):
        out += [f'??? question "{number}. {escape(question)}"', "", f"    {escape(answer)}", ""]
    out += ["</section>", ""]
    return "\n".join(out)


_WORD = re.compile(r"[\w’'-]+")


class _Words(HTMLParser):
    """Counts the words of a page's text, as Material's reading time does: text outside tags and comments, entities
    decoded; scripts, styles and the course map (a table of contents, not prose) left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words = 0
        self._skipping: str | None = None  # the element whose text does not count, while inside it
        self._depth = 0  # how many of it are open (a table in a table)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping:
            self._depth += tag == self._skipping
        elif tag in ("script", "style") or (
            tag == "table" and "course-map" in (dict(attrs).get("class") or "").split()
        ):
            self._skipping, self._depth = tag, 1

    def handle_endtag(self, tag: str) -> None:
        if tag == self._skipping:
            self._depth -= 1
            if not self._depth:
                self._skipping = None

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.words += len(_WORD.findall(data))


def count_words(html: str) -> int:
    """Words a reader reads: text, not tags, comments (the backlink markers), scripts or the course-map table."""
    counter = _Words()
    counter.feed(html)
    counter.close()
    return counter.words


def reading_minutes(words: int) -> int:
    return max(1, math.floor(words / WORDS_PER_MINUTE + 0.5))


_MINUTES_MARKER = re.compile(r"<!-- reader:minutes:(\S+) -->")


def add_reading_time(html: str) -> tuple[str, int]:
    """The page's HTML with its reading time after the first h1 (or at the top), and the minutes."""
    words = count_words(html)
    minutes = reading_minutes(words)
    badge = f'<p class="reading-time" data-words="{words}">{minutes} min read</p>'
    html = re.sub(r"(</h1>)", r"\1" + badge, html, count=1) if "</h1>" in html else badge + html
    return html, minutes


def minutes_marker(src_uri: str) -> str:
    """Where the reading time of the page `src_uri` goes (filled in by `fill_minutes` once every page rendered)."""
    return f"<!-- reader:minutes:{src_uri} -->"


def fill_minutes(html: str, minutes: dict[str, int]) -> str:
    return _MINUTES_MARKER.sub(lambda m: str(minutes.get(m.group(1), "")), html)
