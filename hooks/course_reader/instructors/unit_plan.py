"""The unit plan: load and validate data/unit.yml — the scope statement and the sessions, each with its chapters, a
50- and a 90-minute plan whose steps add up to the plan's length, the reading to do before class (further readings
with pages or parts only as given), the discussion prompts it uses and a follow-up task. Pure data in, data out; the
syllabus page (macros/lecturer.py) and the handouts (handouts.py) render it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from course_reader import build_state
from course_reader.core.datafile import ContentError, load_document, located, mapping_items, plain
from course_reader.core.entries import checked_entries, suggest
from course_reader.core.fields import PLAIN, Field, one_line

PLANS = {"plan_50": 50, "plan_90": 90}  # the plan variants and their lengths in minutes
PROMPT_REF = re.compile(r"^(\S+) ([1-9][0-9]?)$")  # "history/index.md 2": a chapter's second discussion prompt
SESSION_FIELDS: dict[str, Field] = {
    "id": Field(str, True, "a lowercase id such as 'foundations' (letters, digits, hyphens)"),
    "title": Field(str, True, "the session's title", PLAIN),
    "chapters": Field(list, True, "the chapters read before it, in the article's order, e.g. ['role/index.md']"),
    "readings": Field(list, False, "further readings: '- id: walt-1987' with 'pages:' or 'part:' if given", items=dict),
    "prompts": Field(list, True, "the discussion prompts it uses, as 'CHAPTER N', e.g. 'history/index.md 2'"),
    "plan_50": Field(list, True, "the 50-minute plan: '- minutes: 10' with 'activity: …', adding up to 50", items=dict),
    "plan_90": Field(list, True, "the 90-minute plan: '- minutes: 15' with 'activity: …', adding up to 90", items=dict),
    "follow_up": Field(str, True, "the task after the session, one or two sentences", PLAIN),
}
READING_FIELDS = ("id", "pages", "part")
SCOPE_FIELDS = ("words", "summary", "weeks")


@dataclass(frozen=True)
class Step:
    minutes: int
    activity: str


@dataclass(frozen=True)
class ReadingRef:
    id: str
    pages: str = ""  # e.g. "461–495", as printed
    part: str = ""  # e.g. "Article 5"


@dataclass(frozen=True)
class Session:
    id: str
    title: str
    chapters: tuple[str, ...]
    readings: tuple[ReadingRef, ...]
    prompts: tuple[tuple[str, int], ...]  # (chapter, 1-based number)
    plans: dict[int, tuple[Step, ...]]  # minutes -> steps
    follow_up: str


@dataclass(frozen=True)
class Scope:
    words: int = 0
    summary: str = ""
    weeks: str = ""


@dataclass(frozen=True)
class UnitPlan:
    source: str = "data/unit.yml"
    scope: Scope = field(default_factory=Scope)
    sessions: tuple[Session, ...] = ()

    def session(self, session_id: str) -> Session:
        return next(s for s in self.sessions if s.id == session_id)


def load_unit(
    path: Path,
    chapters: list[str],
    prompt_counts: dict[str, int],
    readings: set[str],
    root: Path | None = None,
) -> UnitPlan:
    """Load and validate against the chapters in course order, each chapter's number of discussion prompts
    (data/teaching.yml) and the reading ids (data/readings.yml); every problem at once."""
    name, document = load_document(path, root)
    if not isinstance(document, yaml.MappingNode):
        raise ContentError(f"{name}:1: expected 'scope:' and 'sessions:' at the top of the file")
    nodes = {key: (line, node) for key, line, node in mapping_items(document)}
    problems = [
        f"{name}:{line}: unknown top-level key '{key}'{suggest(key, ['scope', 'sessions'])} — use 'scope:' and 'sessions:'"
        for key, (line, _) in nodes.items()
        if key not in ("scope", "sessions")
    ]
    scope = _scope(name, nodes.get("scope"), problems)
    sessions: list[Session] = []
    if "sessions" not in nodes or not isinstance(nodes["sessions"][1], yaml.SequenceNode):
        problems.append(f"{name}:1: 'sessions:' must be a list of sessions, each starting with '- id:'")
    else:
        entries = [located(item) for item in nodes["sessions"][1].value if isinstance(item, yaml.MappingNode)]
        for entry, label, session_id in checked_entries(name, entries, SESSION_FIELDS, problems):
            where = f"{name}:{entry.line}: {label}"
            sessions.append(_session(where, entry.value, session_id, chapters, prompt_counts, readings, problems))
        _check_coverage(name, sessions, chapters, problems)
    if problems:
        raise ContentError("\n".join(problems))
    return UnitPlan(name, scope, tuple(sessions))


def _scope(name: str, found: tuple[int, yaml.Node] | None, problems: list[str]) -> Scope:
    if found is None or not isinstance(found[1], yaml.MappingNode):
        problems.append(f"{name}:1: 'scope:' is missing — give 'words:' (the article's words), 'summary:' and 'weeks:'")
        return Scope()
    line, node = found
    value = plain(node)
    words, summary, weeks = value.get("words"), value.get("summary"), value.get("weeks")
    wrong = [key for key in value if key not in SCOPE_FIELDS]
    if wrong:
        problems.append(f"{name}:{line}: scope: unknown field '{wrong[0]}' — allowed fields: {', '.join(SCOPE_FIELDS)}")
    if not (isinstance(words, int) and not isinstance(words, bool) and words > 0):
        problems.append(f"{name}:{line}: scope: 'words' must be the article's number of words, e.g. 2612")
    if not (isinstance(summary, str) and summary.strip() and isinstance(weeks, str) and weeks.strip()):
        problems.append(f"{name}:{line}: scope: 'summary' and 'weeks' must be text, e.g. weeks: \"1–2\"")
        return Scope()
    return Scope(words if isinstance(words, int) else 0, one_line(summary), one_line(weeks))


def _session(
    where: str,
    raw: dict[str, Any],
    session_id: str,
    chapters: list[str],
    prompt_counts: dict[str, int],
    readings: set[str],
    problems: list[str],
) -> Session:
    pages = [p for p in raw["chapters"] if isinstance(p, str)]
    for page in pages:
        if page not in chapters:
            problems.append(f"{where}: chapter '{page}' is not a chapter{suggest(page, chapters)}")
    return Session(
        id=session_id,
        title=one_line(raw["title"]),
        chapters=tuple(pages),
        readings=tuple(_readings(where, raw.get("readings") or [], readings, problems)),
        prompts=tuple(_prompts(where, raw["prompts"], chapters, prompt_counts, problems)),
        plans={minutes: _plan(where, key, raw[key], minutes, problems) for key, minutes in PLANS.items()},
        follow_up=one_line(raw["follow_up"]),
    )


def _readings(where: str, items: list[Any], known: set[str], problems: list[str]) -> list[ReadingRef]:
    found = []
    for number, item in enumerate(items, 1):
        at = f"{where}: reading {number}"
        unknown = [key for key in item if key not in READING_FIELDS]
        if unknown:
            problems.append(f"{at}: unknown field '{unknown[0]}' — allowed fields: {', '.join(READING_FIELDS)}")
            continue
        texts = {key: item.get(key) for key in READING_FIELDS}
        if any(value is not None and not (isinstance(value, str) and value.strip()) for value in texts.values()):
            problems.append(f"{at}: 'id', 'pages' and 'part' must be text (pages as printed, e.g. \"461–495\")")
            continue
        if texts["pages"] and texts["part"]:
            problems.append(f"{at}: give 'pages' or 'part', not both")
            continue
        reading_id = str(texts["id"] or "")
        if reading_id not in known:
            problems.append(
                f"{at}: '{reading_id}' is not a reading{suggest(reading_id, sorted(known))} — use an id from data/readings.yml"
            )
            continue
        found.append(ReadingRef(reading_id, one_line(texts["pages"] or ""), one_line(texts["part"] or "")))
    return found


def _prompts(
    where: str, refs: list[Any], chapters: list[str], counts: dict[str, int], problems: list[str]
) -> list[tuple[str, int]]:
    """The prompts a session uses, each (chapter, number): a position in data/teaching.yml that must exist. A
    reference cannot tell a reordered prompt from the one it meant: data/teaching.yml's header and CONTRIBUTING ask
    whoever reorders prompts to update these, and tests/instructors/test_lecturer_kit.py ties each to its session's plan."""
    found = []
    for ref in refs:
        match = PROMPT_REF.match(ref) if isinstance(ref, str) else None
        if match is None:
            problems.append(f"{where}: prompt '{ref}' must be 'CHAPTER N', e.g. 'history/index.md 2'")
            continue
        chapter, number = match.group(1), int(match.group(2))
        if chapter not in chapters:
            problems.append(
                f"{where}: prompt '{ref}': '{chapter}' is not a chapter{suggest(chapter, chapters)} — use 'CHAPTER N',"
                " e.g. 'history/index.md 2'"
            )
            continue
        if not 1 <= number <= counts.get(chapter, 0):
            problems.append(
                f"{where}: prompt '{ref}': chapter '{chapter}' has {counts.get(chapter, 0)} discussion prompt(s) in"
                " data/teaching.yml — give the number of one of them"
            )
            continue
        found.append((chapter, number))
    return found


def _plan(where: str, key: str, steps: list[Any], length: int, problems: list[str]) -> tuple[Step, ...]:
    found = []
    for number, step in enumerate(steps, 1):
        minutes, activity = step.get("minutes"), step.get("activity")
        if set(step) != {"minutes", "activity"} or not (
            isinstance(minutes, int) and not isinstance(minutes, bool) and minutes > 0
        ):
            problems.append(f"{where}: {key} step {number}: needs 'minutes:' (a whole number) and 'activity:' only")
            continue
        if not (isinstance(activity, str) and activity.strip()):
            problems.append(f"{where}: {key} step {number}: 'activity' must be text")
            continue
        found.append(Step(minutes, one_line(activity)))
    total = sum(step.minutes for step in found)
    if len(found) == len(steps) and total != length:
        problems.append(f"{where}: {key}: the steps add up to {total} minutes — make them add up to {length}")
    return tuple(found)


def _check_coverage(name: str, sessions: list[Session], chapters: list[str], problems: list[str]) -> None:
    """Every chapter in exactly one session, and the sessions' chapters in the article's order."""
    covered = [page for session in sessions for page in session.chapters]
    for chapter in chapters:
        if covered.count(chapter) != 1:
            problems.append(
                f"{name}: sessions: chapter '{chapter}' must be in exactly one session (it is in {covered.count(chapter)})"
            )
    order = [page for page in covered if page in chapters]
    if order == sorted(order, key=chapters.index) or len(set(order)) != len(order):
        return
    problems.append(f"{name}: sessions: list the chapters in the article's order ({', '.join(chapters)})")


def minutes_total(session: Session, reading_minutes: dict[str, int]) -> int:
    """The minutes of reading the session's chapters take, as the reader shows them."""
    return sum(reading_minutes.get(page, 0) for page in session.chapters)


@dataclass
class UnitState:
    """This build's unit plan (build_state.get().part(UnitState)), loaded by instructors/kit.py."""

    unit: UnitPlan = field(default_factory=UnitPlan)


def current() -> UnitPlan:
    return build_state.get().part(UnitState).unit
