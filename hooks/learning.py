"""Learning material: objectives, takeaways and self-check questions from data/learning.yml, reading time."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from lxml import html as lxml_html
from markupsafe import Markup

from datafile import ContentError, Located, children, line_of, load_document, located, mapping_items, plain
from entries import check_fields, suggest
from fields import PLAIN, Field, md_text, one_line

WORDS_PER_MINUTE = 200


# Question levels (a revised Bloom's taxonomy, American spelling); the last three ask for more than recall
LEVELS = ("remember", "understand", "apply", "analyze", "evaluate")
HIGHER = frozenset({"apply", "analyze", "evaluate"})
HIGHER_SHARE = 1 / 3  # at least this share of each chapter's questions is HIGHER
TESTING_VERBS = re.compile(r"\b(compare|evaluate)\b", re.I)  # an objective with these has a question that tests it


@dataclass(frozen=True)
class Question:
    """A self-check question; its answer's support is a `paragraph` of the chapter (its opening words) or an
    editor's `note` (its id); `objective` is the number of the chapter objective it tests, if any."""

    q: str
    a: str
    level: str
    paragraph: str = ""
    note: str = ""
    objective: int | None = None


@dataclass(frozen=True)
class Chapter:
    objectives: tuple[str, ...]
    takeaways: tuple[str, ...]
    questions: tuple[Question, ...]

    def level_mix(self) -> dict[str, int]:
        """How many questions of each level, in LEVELS order, the levels with none left out."""
        counts = {level: sum(q.level == level for q in self.questions) for level in LEVELS}
        return {level: n for level, n in counts.items() if n}


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
# level is a choice, paragraph and note are checked against the chapter and data/notes.yml (ids, not text)
QUESTION_FIELDS: dict[str, Field] = {
    "q": Field(str, True, "the question", PLAIN),
    "a": Field(str, True, "the answer", PLAIN),
    "level": Field(str, True, f"the question's level, one of: {', '.join(LEVELS)}"),
    "paragraph": Field(str, False, "the opening words of the chapter's paragraph that supports the answer"),
    "note": Field(str, False, "the id of the editor's note on this chapter that supports the answer"),
    "objective": Field(int, False, "the number of the chapter objective the question tests, e.g. 2"),
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
            if not wrong:
                objectives = chapter.value.get("objectives")
                checked, wrong = _question(
                    name, question, where, len(objectives) if isinstance(objectives, list) else 0
                )
                if checked:
                    questions.append(checked)
            found += wrong
        if not found:
            found += _check_mix(
                f"{name}:{line}: {label}", tuple(one_line(o) for o in chapter.value["objectives"]), questions
            )
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


def _question(name: str, item: Located, where: str, objectives: int) -> tuple[Question | None, list[str]]:
    """One question's fields checked (after check_fields): a level, exactly one support, an objective that exists."""
    problems = []
    value = item.value
    level = value["level"]
    if level not in LEVELS:
        problems.append(
            f"{name}:{item.line_of('level')}: {where}: field 'level' is '{one_line(level)}'"
            f"{suggest(level, list(LEVELS))} — use one of: {', '.join(LEVELS)}"
        )
    paragraph, note = value.get("paragraph"), value.get("note")
    if bool(paragraph) == bool(note):
        problems.append(
            f"{name}:{item.line}: {where}: give the answer's support, either 'paragraph:' (the opening words of the"
            " chapter's paragraph that supports it) or 'note:' (the id of an editor's note), not both"
        )
    objective = value.get("objective")
    if objective is not None and not 1 <= objective <= objectives:
        problems.append(
            f"{name}:{item.line_of('objective')}: {where}: field 'objective' must be the number of one of the"
            f" chapter's {objectives} objectives"
        )
    if problems:
        return None, problems
    question = Question(
        q=one_line(value["q"]),
        a=one_line(value["a"]),
        level=level,
        paragraph=one_line(paragraph or ""),
        note=one_line(note or ""),
        objective=objective,
    )
    return question, []


def _check_mix(where: str, objectives: tuple[str, ...], questions: list[Question]) -> list[str]:
    """At least a third of the questions apply, analyze or evaluate; each compare/evaluate objective is tested."""
    problems = []
    higher = sum(q.level in HIGHER for q in questions)
    if higher < HIGHER_SHARE * len(questions):
        need = math.ceil(HIGHER_SHARE * len(questions))
        problems.append(
            f"{where}: {higher} of {len(questions)} questions ask to apply, analyze or evaluate — at least {need} should"
            " (compare two cases, test a claim against a case, judge an argument)"
        )
    for number, objective in enumerate(objectives, 1):
        verb = TESTING_VERBS.search(objective)
        if verb and not any(q.objective == number and q.level in ("analyze", "evaluate") for q in questions):
            problems.append(
                f"{where}: objective {number} asks to {verb.group(1).lower()} — add a question with 'objective:"
                f" {number}' and level analyze or evaluate that tests exactly that"
            )
    return problems


PARAGRAPH_WORDS = 6  # a paragraph's anchor is made from its first six words (hooks/paragraphs.py)
_ANCHOR_WORD = re.compile(r"[a-z0-9]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_TERM_CALL = re.compile(r"""\{\{-?\s*term\(\s*(['"])([^'"]*)\1\s*(?:,\s*(['"])(.*?)\3)?\s*\)\s*-?\}\}""")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def paragraph_openings(markdown: str, term_names: dict[str, str]) -> list[str]:
    """The text of each paragraph and list item of a page's Markdown, as the reader sees it: term macros as their
    text (`term_names` gives a term's name when the call has no text), links as their text, no list or bold marks."""
    openings = []
    for line in markdown.splitlines():
        line = _TERM_CALL.sub(lambda m: m.group(4) if m.group(4) is not None else term_names.get(m.group(2), ""), line)
        line = _LINK.sub(r"\1", line)
        line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line).replace("**", "").strip()
        if line and not line.startswith(("{{", "{%", "<", "#", "!!!", "???", "---")):
            openings.append(line)
    return openings


def check_supports(learning: Learning, openings: dict[str, list[str]], notes: dict[str, str]) -> list[str]:
    """Each answer's support exists: a paragraph of the chapter that opens with the given words (`openings` from
    paragraph_openings), or an editor's note placed on the chapter (`notes`: note id -> its chapter)."""
    problems = []
    for src_uri, chapter in learning.chapters.items():
        for number, question in enumerate(chapter.questions, 1):
            where = f"{learning.source}: chapter '{src_uri}': question {number}"
            if question.note and notes.get(question.note) != src_uri:
                problems.append(
                    f"{where}: field 'note' names '{question.note}', which is not an editor's note on docs/{src_uri}"
                    f"{suggest(question.note, [n for n, page in notes.items() if page == src_uri])} — use the id of a"
                    " note in data/notes.yml whose chapter is this page"
                )
            elif question.paragraph and len(_ANCHOR_WORD.findall(_ascii(question.paragraph))) < PARAGRAPH_WORDS:
                problems.append(
                    f"{where}: field 'paragraph' is '{question.paragraph}' — give at least {PARAGRAPH_WORDS} words of"
                    " the paragraph's opening, so the answer can link to the paragraph"
                )
            elif question.paragraph and not any(o.startswith(question.paragraph) for o in openings.get(src_uri, [])):
                problems.append(
                    f"{where}: field 'paragraph' is '{question.paragraph}', which does not open a paragraph of"
                    f" docs/{src_uri} — copy the first words of the paragraph exactly"
                )
    return problems


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


def render_questions(chapter: Chapter, support_href: Callable[[Question], str] | None = None) -> str:
    """The self-check: each question folded, its answer, its level and where its support is (`support_href`)."""
    out = [
        '<section class="self-check" aria-labelledby="self-check" markdown>',
        "",
        "## Check your understanding { #self-check }",
        "",
    ]
    for number, question in enumerate(chapter.questions, 1):
        out += [f'??? question "{number}. {md_text(question.q)}"', "", f"    {md_text(question.a)}", ""]
        out += [f"    {render_support(question, support_href)}", ""]
    out += ["</section>", ""]
    return "\n".join(out)


def render_support(question: Question, support_href: Callable[[Question], str] | None = None) -> Markup:
    """The answer's level and a link to its support: the paragraph beginning with … or the editor's note."""
    if question.note:
        what = Markup("the editor’s note on this page")
    else:
        what = Markup("the paragraph beginning “{}…”").format(md_text(question.paragraph))
    where = Markup('<a href="{}">{}</a>').format(support_href(question), what) if support_href else what
    return Markup('<span class="self-check__support"><span class="self-check__level">{}</span> · See {}</span>').format(
        question.level.capitalize(), where
    )


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
    return sum(len(_WORD.findall(text)) for text in root.itertext())


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
