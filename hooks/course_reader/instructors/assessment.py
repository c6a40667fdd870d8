"""Assignments and their analytic rubrics: load and validate data/assessment.yml — each assignment's task, the
session it follows, the chapters it draws on, and its criteria, each with points and one descriptor per level (the
file's `levels`, best first). Pure data in, data out; the instructors' pages, the handouts and the answer key render
it. Every text field is plain text (core/fields.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from course_reader import build_state
from course_reader.core.datafile import ContentError, load_document, located, mapping_items, plain
from course_reader.core.entries import checked_entries, suggest
from course_reader.core.fields import PLAIN, Field, one_line

LEVEL_COUNT = 4  # an analytic rubric's levels, best first
FIELDS: dict[str, Field] = {
    "id": Field(str, True, "a lowercase id such as 'policy-memo' (letters, digits, hyphens)"),
    "title": Field(str, True, "the assignment's title", PLAIN),
    "kind": Field(str, True, "what students write, e.g. 'policy memo'", PLAIN),
    "after": Field(str, True, "the id of the session (data/unit.yml) after which it is set"),
    "words": Field(str, True, "the length, e.g. '900–1,100'", PLAIN),
    "chapters": Field(list, True, "the chapters it draws on, e.g. ['regions/us-china.md']"),
    "task": Field(str, True, "the task as students read it", PLAIN),
    "criteria": Field(
        list, True, "the rubric: '- name: …' with 'points:' and 'levels:' (one text per level)", items=dict
    ),
}
CRITERION_FIELDS = ("name", "points", "levels")


@dataclass(frozen=True)
class Criterion:
    name: str
    points: int
    levels: tuple[str, ...]  # one descriptor per level, best first


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    kind: str
    after: str
    words: str
    chapters: tuple[str, ...]
    task: str
    criteria: tuple[Criterion, ...]

    @property
    def points(self) -> int:
        return sum(c.points for c in self.criteria)


@dataclass(frozen=True)
class Assessment:
    source: str = "data/assessment.yml"
    levels: tuple[str, ...] = ()
    assignments: tuple[Assignment, ...] = ()


def load_assessment(path: Path, pages: set[str], sessions: set[str], root: Path | None = None) -> Assessment:
    """Load and validate against the pages under docs/ and the unit plan's session ids; every problem at once."""
    name, document = load_document(path, root)
    if not isinstance(document, yaml.MappingNode):
        raise ContentError(f"{name}:1: expected 'levels:' and 'assignments:' at the top of the file")
    nodes = {key: (line, node) for key, line, node in mapping_items(document)}
    problems = [
        f"{name}:{line}: unknown top-level key '{key}'{suggest(key, ['levels', 'assignments'])}"
        for key, (line, _) in nodes.items()
        if key not in ("levels", "assignments")
    ]
    levels = plain(nodes["levels"][1]) if "levels" in nodes else None
    if not (isinstance(levels, list) and len(levels) == LEVEL_COUNT and all(_text(x) for x in levels)):
        problems.append(f"{name}:1: 'levels:' must list {LEVEL_COUNT} level names, best first, e.g. Excellent")
        levels = []
    assignments: list[Assignment] = []
    seq = nodes.get("assignments", (1, None))[1]
    if not isinstance(seq, yaml.SequenceNode):
        problems.append(f"{name}:1: 'assignments:' must be a list, each starting with '- id:'")
    else:
        entries = [located(item) for item in seq.value if isinstance(item, yaml.MappingNode)]
        for entry, label, assignment_id in checked_entries(name, entries, FIELDS, problems):
            raw = entry.value
            where = f"{name}:{entry.line}: {label}"
            if raw["after"] not in sessions:
                problems.append(
                    f"{name}:{entry.line_of('after')}: {label}: 'after: {raw['after']}' names no session of "
                    f"data/unit.yml{suggest(str(raw['after']), sorted(sessions))}"
                )
            for page in raw["chapters"]:
                if page not in pages:
                    problems.append(
                        f"{where}: chapter '{page}' is not a page under docs/{suggest(str(page), sorted(pages))}"
                    )
            assignments.append(
                Assignment(
                    id=assignment_id,
                    title=one_line(raw["title"]),
                    kind=one_line(raw["kind"]),
                    after=raw["after"],
                    words=one_line(raw["words"]),
                    chapters=tuple(raw["chapters"]),
                    task=one_line(raw["task"]),
                    criteria=tuple(_criteria(where, raw["criteria"], problems)),
                )
            )
    if problems:
        raise ContentError("\n".join(problems))
    return Assessment(name, tuple(one_line(x) for x in levels), tuple(assignments))


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _criteria(where: str, items: list[dict[str, Any]], problems: list[str]) -> list[Criterion]:
    found = []
    for number, item in enumerate(items, 1):
        at = f"{where}: criterion {number}"
        unknown = [key for key in item if key not in CRITERION_FIELDS]
        points, levels = item.get("points"), item.get("levels")
        if unknown:
            problems.append(f"{at}: unknown field '{unknown[0]}' — allowed fields: {', '.join(CRITERION_FIELDS)}")
        elif not _text(item.get("name")):
            problems.append(f"{at}: 'name' must be the criterion's name, e.g. 'Use of evidence'")
        elif not (isinstance(points, int) and not isinstance(points, bool) and points > 0):
            problems.append(f"{at}: 'points' must be a whole number above 0")
        elif not (isinstance(levels, list) and len(levels) == LEVEL_COUNT and all(_text(x) for x in levels)):
            problems.append(
                f"{at}: 'levels' must give {LEVEL_COUNT} descriptors, best first: what work at each level does"
            )
        else:
            found.append(Criterion(one_line(item["name"]), points, tuple(one_line(x) for x in levels)))
    if not 3 <= len(items) <= 6:
        problems.append(f"{where}: field 'criteria' needs 3–6 criteria, has {len(items)}")
    return found


@dataclass
class AssessmentState:
    """This build's assignments (build_state.get().part(AssessmentState)), loaded by instructors/kit.py."""

    assessment: Assessment = field(default_factory=Assessment)


def current() -> Assessment:
    return build_state.get().part(AssessmentState).assessment
