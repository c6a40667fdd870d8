"""Learning material: objectives, takeaways and self-check questions from data/learning.yml, reading time."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from datafile import (
    ContentError,
    check_fields,
    children,
    line_of,
    load_document,
    located,
    mapping_items,
    plain,
    suggest,
)
from fields import PLAIN, Field, md_text, one_line

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


# The fields of each part of the file; text is PLAIN (shown as typed): see hooks/fields.py
TOP_FIELDS: dict[str, Field] = {
    "home": Field(dict, False, "the home page's course objectives, as 'objectives:' with a list under it"),
    "chapters": Field(dict, True, "one entry per chapter page, e.g. 'role/index.md:' with its fields under it"),
}
HOME_FIELDS: dict[str, Field] = {"objectives": Field(list, True, "a list of the course's objectives", PLAIN)}
CHAPTER_FIELDS: dict[str, Field] = {
    "objectives": Field(list, True, "a list of learning objectives, one sentence each", PLAIN),
    "takeaways": Field(list, True, "a list of key takeaways, one sentence each", PLAIN),
    "questions": Field(list, True, "a list of self-check questions, each '- q: …' with 'a: …' under it", items=dict),
}
QUESTION_FIELDS: dict[str, Field] = {
    "q": Field(str, True, "the question", PLAIN),
    "a": Field(str, True, "the answer", PLAIN),
}
COUNTS = {"objectives": (2, 5), "takeaways": (2, 5), "questions": (3, 5)}


def load_learning(path: Path, pages: set[str], root: Path | None = None) -> Learning:
    """Load and validate; raise ContentError listing every problem with its file and line."""
    name, document = load_document(path, root)
    if not isinstance(document, yaml.MappingNode):
        raise ContentError(f"{name}:1: expected 'home:' and 'chapters:' at the top of the file")
    data = plain(document)
    problems = check_fields(name, located(document, data), "top level", TOP_FIELDS)
    top = {key: (node, value) for key, _, node, value in children(document, data)}
    if problems:
        raise ContentError("\n".join(problems))
    home: tuple[str, ...] = ()
    if "home" in top:
        home_node, home_value = top["home"]
        assert isinstance(home_node, yaml.MappingNode)  # check_fields: a dict
        found = check_fields(name, located(home_node, home_value), "'home'", HOME_FIELDS)
        problems += found
        if not found:
            home = tuple(one_line(o) for o in home_value["objectives"])
    chapters: dict[str, Chapter] = {}
    chapters_node, chapters_value = top["chapters"]
    assert isinstance(chapters_node, yaml.MappingNode)
    for src_uri, line, node, value in children(chapters_node, chapters_value):
        label = f"chapter '{src_uri}'"
        if src_uri not in pages:
            problems.append(
                f"{name}:{line}: {label}: no such page under docs/{suggest(src_uri, sorted(pages))} — "
                "use the page path relative to docs/, e.g. 'role/index.md'"
            )
            continue
        if not isinstance(node, yaml.MappingNode):
            problems.append(f"{name}:{line}: {label}: expected objectives:, takeaways: and questions: under it")
            continue
        chapter = located(node, value)
        found = check_fields(name, chapter, label, CHAPTER_FIELDS)
        for field, (low, high) in COUNTS.items():
            items = chapter.value.get(field)
            if isinstance(items, list) and not low <= len(items) <= high:
                found.append(
                    f"{name}:{chapter.line_of(field)}: {label}: field '{field}' needs {low}–{high} items, has {len(items)}"
                )
        questions = []
        question_nodes = next((v for k, _, v in mapping_items(node) if k == "questions"), None)
        pairs: Iterable[tuple[yaml.Node, Any]] = ()
        if isinstance(question_nodes, yaml.SequenceNode):
            pairs = zip(question_nodes.value, chapter.value["questions"], strict=True)
        for number, (item, item_value) in enumerate(pairs, 1):
            where = f"{label}, question {number}"
            if not isinstance(item, yaml.MappingNode):
                found.append(
                    f"{name}:{line_of(item)}: {where}: write it as '- q: the question' with 'a: the answer' under it"
                )
                continue
            question = located(item, item_value)
            wrong = check_fields(name, question, where, QUESTION_FIELDS)
            found += wrong
            if not wrong:
                questions.append((one_line(question.value["q"]), one_line(question.value["a"])))
        problems += found
        if not found:
            chapters[src_uri] = Chapter(
                objectives=tuple(one_line(o) for o in chapter.value["objectives"]),
                takeaways=tuple(one_line(t) for t in chapter.value["takeaways"]),
                questions=tuple(questions),
            )
    if problems:
        raise ContentError("\n".join(problems))
    return Learning(name, home, chapters)


def _admonition(kind: str, title: str, body: list[str], css: str = "") -> str:
    classes = f"{kind} {css}".strip()
    lines = [f'!!! {classes} "{title}"', ""]
    lines += ["    " + line if line else "" for line in body]
    return "\n".join(lines) + "\n"


def render_objectives(chapter: Chapter) -> str:
    body = ["After this chapter you can:", ""] + [f"- {md_text(o)}" for o in chapter.objectives]
    return _admonition("abstract", "Learning objectives", body, "learning-objectives")


def render_takeaways(chapter: Chapter) -> str:
    return _admonition("success", "Key takeaways", [f"- {md_text(t)}" for t in chapter.takeaways], "key-takeaways")


def render_questions(chapter: Chapter) -> str:
    out = [
        '<section class="self-check" aria-labelledby="self-check" markdown>',
        "",
        "## Check your understanding { #self-check }",
        "",
    ]
    for number, (question, answer) in enumerate(chapter.questions, 1):
        out += [f'??? question "{number}. {md_text(question)}"', "", f"    {md_text(answer)}", ""]
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
