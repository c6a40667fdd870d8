"""Material for instructors: load and validate data/teaching.yml (discussion prompts for every chapter, each with an
optional rubric, and a timeline), render the prompts and the timeline. Every text field is plain text
(core/fields.py). The sessions are the unit plan's (data/unit.yml, instructors/unit_plan.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from course_reader import build_state
from course_reader.core.datafile import ContentError, load_document, plain
from course_reader.core.entries import not_one_of, suggest
from course_reader.core.fields import PLAIN, Field, md_text
from course_reader.instructors.rubrics import RUBRIC_HINT, rubric_of, rubric_problem

PROMPT_KINDS = ("discussion", "counter-argument")
MIN_PROMPTS = 2  # per chapter, at least one of them a counter-argument
FROM = re.compile(r"^(article|glossary|note) (\S+)\Z")
# The fields of each part of the file; text is PLAIN (shown as typed): see hooks/course_reader/core/fields.py. Chapters, kinds and
# 'from' are ids and choices, checked by load_teaching
PROMPT_FIELDS: dict[str, Field] = {
    "kind": Field(str, True, f"one of: {', '.join(PROMPT_KINDS)}"),
    "text": Field(str, True, "the prompt", PLAIN),
    "rubric": Field(list, False, RUBRIC_HINT, PLAIN),
}
TIMELINE_FIELDS: dict[str, Field] = {
    "year": Field(int, True, "the year, e.g. 1949"),
    "event": Field(str, True, "what happened", PLAIN),
    "from": Field(str, True, "where the reader says it: 'article PAGE', 'glossary ID' or 'note ID'"),
}


@dataclass(frozen=True)
class Prompt:
    kind: str
    text: str
    rubric: tuple[str, ...] = ()  # what a strong answer does, two to four points


@dataclass(frozen=True)
class Event:
    year: int
    event: str
    source_kind: str  # article, glossary or note
    source_id: str  # a page (article), a term id or a note id


@dataclass(frozen=True)
class Teaching:
    source: str = "data/teaching.yml"
    prompts: dict[str, tuple[Prompt, ...]] = field(default_factory=dict)
    timeline: tuple[Event, ...] = ()


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def load_teaching(
    path: Path, chapters: list[str], terms: set[str], notes: set[str], root: Path | None = None
) -> Teaching:
    """Load and validate against the chapters (data/learning.yml), glossary ids and note ids; every problem at once."""
    name, document = load_document(path, root)
    data = plain(document)
    if not isinstance(data, dict):
        raise ContentError(f"{name}:1: expected 'prompts:' and 'timeline:' at the top of the file")
    problems: list[str] = [
        f"{name}: unknown top-level key '{key}' — the file has 'prompts:' and 'timeline:' (sessions are in data/unit.yml)"
        for key in data
        if key not in ("prompts", "timeline")
    ]
    prompts = _prompts(name, data.get("prompts") or {}, chapters, problems)
    timeline = _timeline(
        name,
        data.get("timeline") or [],
        {"article": chapters, "glossary": sorted(terms), "note": sorted(notes)},
        problems,
    )
    if problems:
        raise ContentError("\n".join(problems))
    return Teaching(name, prompts, tuple(timeline))


def _prompts(
    name: str, raw_prompts: dict[Any, Any], chapters: list[str], problems: list[str]
) -> dict[str, tuple[Prompt, ...]]:
    """Each chapter's discussion prompts, at least MIN_PROMPTS with a counter-argument (problems appended)."""
    prompts: dict[str, tuple[Prompt, ...]] = {}
    for chapter, items in raw_prompts.items():
        if chapter not in chapters:
            problems.append(f"{name}: prompts: '{chapter}' is not a chapter{suggest(str(chapter), chapters)}")
            continue
        found = []
        for number, item in enumerate(items or [], 1):
            where = f"{name}: prompts: {chapter}: prompt {number}"
            if not isinstance(item, dict) or not _text(item.get("text")):
                problems.append(f"{where}: needs 'kind:' and 'text:'")
            elif problem := not_one_of(where, "kind", str(item.get("kind")), PROMPT_KINDS):
                problems.append(problem)
            elif unknown := [key for key in item if key not in PROMPT_FIELDS]:
                problems.append(f"{where}: unknown field '{unknown[0]}' — allowed fields: {', '.join(PROMPT_FIELDS)}")
            elif problem := rubric_problem(item.get("rubric")):
                problems.append(f"{where}: field 'rubric' {problem}")
            else:
                found.append(Prompt(str(item["kind"]), _text(item["text"]), rubric_of(item.get("rubric"))))
        prompts[chapter] = tuple(found)
    for chapter in chapters:
        listed = prompts.get(chapter, ())
        if len(listed) < MIN_PROMPTS or not any(p.kind == "counter-argument" for p in listed):
            problems.append(
                f"{name}: prompts: chapter '{chapter}' has {len(listed)} prompt(s) — give at least {MIN_PROMPTS},"
                " one of them a counter-argument"
            )
    return prompts


def _timeline(name: str, raw_events: list[Any], sources: dict[str, list[str]], problems: list[str]) -> list[Event]:
    """The timeline's events in order of year, each from a chapter, a glossary term or a note (`sources`: the ids of
    each kind; problems appended)."""
    timeline = []
    for number, raw in enumerate(raw_events, 1):
        where = f"{name}: timeline: event {number}"
        match = FROM.match(str(raw.get("from", ""))) if isinstance(raw, dict) else None
        if not (isinstance(raw, dict) and isinstance(raw.get("year"), int) and _text(raw.get("event")) and match):
            problems.append(
                f"{where}: needs 'year:' (a number), 'event:' and 'from:' ('article PAGE', 'glossary ID' or 'note ID')"
            )
            continue
        kind, ident = match.groups()
        known = sources[kind]
        if ident not in known:
            problems.append(
                f"{where}: 'from: {kind} {ident}' names no such {kind if kind != 'article' else 'chapter'}{suggest(ident, list(known))}"
            )
            continue
        timeline.append(Event(raw["year"], _text(raw["event"]), kind, ident))
    if [e.year for e in timeline] != sorted(e.year for e in timeline):
        problems.append(f"{name}: timeline: list the events in order of year")
    return timeline


def render_prompts(prompts: tuple[Prompt, ...]) -> Markup:
    items = Markup("").join(
        Markup('<li class="prompt prompt--{}"><span class="prompt__kind">{}</span> {}</li>').format(
            p.kind, "Counter-argument" if p.kind == "counter-argument" else "Discussion", md_text(p.text)
        )
        for p in prompts
    )
    return Markup('<ul class="discussion-prompts">{}</ul>').format(items)


def render_timeline(events: tuple[Event, ...], source_link: Callable[[Event], tuple[str, str]]) -> Markup:
    """A table: year, event, where the reader says it (`source_link(event)` gives href and label)."""
    rows = Markup("").join(
        Markup('<tr><td>{}</td>\n<td>{}</td>\n<td><a href="{}">{}</a></td></tr>\n').format(
            e.year, md_text(e.event), source_link(e)[0], md_text(source_link(e)[1])
        )
        for e in events
    )
    return Markup(
        '<table class="timeline"><caption>Dates in the article, the glossary and the editor’s notes</caption>'
        '<thead><tr><th scope="col">Year</th>\n<th scope="col">Event</th>\n<th scope="col">In the reader</th></tr>'
        "</thead>\n<tbody>\n{}</tbody></table>"
    ).format(rows)


@dataclass
class TeachingState:
    """This build's teaching material (build_state.get().part(TeachingState)), loaded by hooks/course_reader/content/editorial.py."""

    teaching: Teaching = field(default_factory=Teaching)


def current() -> Teaching:
    return build_state.get().part(TeachingState).teaching
