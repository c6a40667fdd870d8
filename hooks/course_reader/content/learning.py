"""Learning material: objectives, takeaways and self-check questions loaded from data/learning.yml and validated.
Their rendering and the answers' supports are in hooks/course_reader/content/self_check.py; reading time in hooks/course_reader/content/reading_time.py."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from course_reader.core.datafile import (
    ContentError,
    Located,
    children,
    line_of,
    load_document,
    located,
    mapping_items,
    plain,
)
from course_reader.core.entries import check_fields, suggest
from course_reader.core.fields import PLAIN, Field, one_line
from course_reader.instructors.rubrics import RUBRIC_HINT, rubric_of, rubric_problem

WORDS_PER_MINUTE = 200


# Question levels (a revised Bloom's taxonomy, American spelling); the last three ask for more than recall
LEVELS = ("remember", "understand", "apply", "analyze", "evaluate")
HIGHER = frozenset({"apply", "analyze", "evaluate"})
HIGHER_SHARE = 1 / 3  # at least this share of each chapter's questions is HIGHER
RUBRIC_LEVELS = frozenset({"evaluate"})  # open questions: each needs a rubric (what a strong answer does)
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
    rubric: tuple[str, ...] = ()  # what a strong answer does (open questions): for the instructor, not for students


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


# The fields of each part of the file; text is PLAIN (shown as typed): see hooks/course_reader/core/fields.py
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
    "rubric": Field(list, False, RUBRIC_HINT, PLAIN),
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
        chapter, found = _chapter(name, f"chapter '{src_uri}'", (src_uri, line, node, value), pages)
        problems += found
        if chapter is not None:
            chapters[src_uri] = chapter
    if problems:
        raise ContentError("\n".join(problems))
    return Learning(name, home, chapters)


def _chapter(
    name: str, label: str, entry: tuple[str, int, yaml.Node, Any], pages: set[str]
) -> tuple[Chapter | None, list[str]]:
    """One chapter's entry checked: a page of the reader, its fields and their counts, its questions, their mix."""
    src_uri, line, node, value = entry
    if src_uri not in pages:
        return None, [
            f"{name}:{line}: {label}: no such page under docs/{suggest(src_uri, sorted(pages))} — "
            "use the page path relative to docs/, e.g. 'role/index.md'"
        ]
    if not isinstance(node, yaml.MappingNode):
        return None, [f"{name}:{line}: {label}: expected objectives:, takeaways: and questions: under it"]
    chapter = located(node, value)
    found = check_fields(name, chapter, label, CHAPTER_FIELDS)
    for field, (low, high) in COUNTS.items():
        items = chapter.value.get(field)
        if isinstance(items, list) and not low <= len(items) <= high:
            found.append(
                f"{name}:{chapter.line_of(field)}: {label}: field '{field}' needs {low}–{high} items, has {len(items)}"
            )
    questions = _questions(name, label, node, chapter, found)
    if not found:
        found += _check_mix(
            f"{name}:{line}: {label}", tuple(one_line(o) for o in chapter.value["objectives"]), questions
        )
    if found:
        return None, found
    return Chapter(
        objectives=tuple(one_line(o) for o in chapter.value["objectives"]),
        takeaways=tuple(one_line(t) for t in chapter.value["takeaways"]),
        questions=tuple(questions),
    ), found


def _questions(name: str, label: str, node: yaml.MappingNode, chapter: Located, found: list[str]) -> list[Question]:
    """A chapter's questions that pass their checks; the problems of the others appended to `found`."""
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
            checked, wrong = _question(name, question, where, len(objectives) if isinstance(objectives, list) else 0)
            if checked:
                questions.append(checked)
        found += wrong
    return questions


def _question(name: str, item: Located, where: str, objectives: int) -> tuple[Question | None, list[str]]:
    """One question's fields checked (after check_fields): a level, exactly one support, an objective that exists,
    a rubric where the level needs one."""
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
    needed_by = f"an {level} question" if level in RUBRIC_LEVELS else ""
    if problem := rubric_problem(value.get("rubric"), needed_by=needed_by):
        problems.append(f"{name}:{item.line_of('rubric')}: {where}: field 'rubric' {problem}")
    if problems:
        return None, problems
    question = Question(
        q=one_line(value["q"]),
        a=one_line(value["a"]),
        level=level,
        paragraph=one_line(paragraph or ""),
        note=one_line(note or ""),
        objective=objective,
        rubric=rubric_of(value.get("rubric")),
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
