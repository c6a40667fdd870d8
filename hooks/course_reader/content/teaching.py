"""Material for instructors: load and validate data/teaching.yml (discussion prompts for every chapter, each with a
rubric, and a timeline), render the prompts and the timeline. Every text field is plain text
(core/fields.py). The sessions are the unit plan's (data/unit.yml, instructors/unit_plan.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from course_reader import build_state
from course_reader.core.datafile import ContentError, line_of, load_document, mapping_items, plain
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
    "rubric": Field(list, True, RUBRIC_HINT, PLAIN),
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
    rubric: tuple[str, ...] = ()  # what a strong answer does, two to four points (required in data/teaching.yml)


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
    prompts = _prompts(name, data.get("prompts") or {}, _prompt_lines(document), chapters, problems)
    timeline = _timeline(
        name,
        data.get("timeline") or [],
        {"article": chapters, "glossary": sorted(terms), "note": sorted(notes)},
        problems,
    )
    if problems:
        raise ContentError("\n".join(problems))
    return Teaching(name, prompts, tuple(timeline))


@dataclass(frozen=True)
class _Lines:
    """Where things are in the file, for messages: 'prompts:', each chapter under it and each of its prompts."""

    prompts: int = 1
    chapters: dict[str, tuple[int, tuple[int, ...]]] = field(default_factory=dict)

    def chapter(self, chapter: object) -> int:
        return self.chapters.get(str(chapter), (self.prompts, ()))[0]

    def prompt(self, chapter: object, number: int) -> int:
        line, items = self.chapters.get(str(chapter), (self.prompts, ()))
        return items[number - 1] if number <= len(items) else line


def _prompt_lines(document: yaml.Node | None) -> _Lines:
    if not isinstance(document, yaml.MappingNode):
        return _Lines()
    found = next(((line, node) for key, line, node in mapping_items(document) if key == "prompts"), None)
    if found is None or not isinstance(found[1], yaml.MappingNode):
        return _Lines(found[0] if found else 1)
    return _Lines(
        found[0],
        {
            chapter: (line, tuple(line_of(item) for item in node.value) if isinstance(node, yaml.SequenceNode) else ())
            for chapter, line, node in mapping_items(found[1])
        },
    )


def _prompts(
    name: str, raw_prompts: object, lines: _Lines, chapters: list[str], problems: list[str]
) -> dict[str, tuple[Prompt, ...]]:
    """Each chapter's discussion prompts, at least MIN_PROMPTS with a counter-argument, each with a rubric
    (problems appended, each with its line)."""
    prompts: dict[str, tuple[Prompt, ...]] = {}
    written: dict[str, list[Any]] = {}  # each chapter's prompts as written, counted whether or not they pass
    if not isinstance(raw_prompts, dict):
        problems.append(
            f"{name}:{lines.prompts}: 'prompts:' must have one entry per chapter, e.g. 'role/index.md:' with its"
            " prompts under it"
        )
        raw_prompts = {}
    for chapter, items in raw_prompts.items():
        if chapter not in chapters:
            problems.append(
                f"{name}:{lines.chapter(chapter)}: prompts: '{chapter}' is not a chapter{suggest(str(chapter), chapters)}"
            )
            continue
        if not isinstance(items, list):
            problems.append(
                f"{name}:{lines.chapter(chapter)}: prompts: {chapter}: expected a list of prompts, each '- kind: …'"
                " with 'text:' and 'rubric:' under it"
            )
            continue
        found = []
        written[chapter] = items
        for number, item in enumerate(items, 1):
            where = f"{name}:{lines.prompt(chapter, number)}: prompts: {chapter}: prompt {number}"
            if not isinstance(item, dict) or not _text(item.get("text")):
                problems.append(f"{where}: needs 'kind:', 'text:' and 'rubric:'")
            elif problem := not_one_of(where, "kind", str(item.get("kind")), PROMPT_KINDS):
                problems.append(problem)
            elif unknown := [key for key in item if key not in PROMPT_FIELDS]:
                problems.append(f"{where}: unknown field '{unknown[0]}' — allowed fields: {', '.join(PROMPT_FIELDS)}")
            elif problem := rubric_problem(item.get("rubric"), needed_by="every prompt"):
                problems.append(f"{where}: field 'rubric' {problem}")
            else:
                found.append(Prompt(str(item["kind"]), _text(item["text"]), rubric_of(item["rubric"])))
        prompts[chapter] = tuple(found)
    for chapter in chapters:
        listed = written.get(chapter, [])
        kinds = [item.get("kind") for item in listed if isinstance(item, dict)]
        if len(listed) < MIN_PROMPTS or "counter-argument" not in kinds:
            problems.append(
                f"{name}:{lines.chapter(chapter)}: prompts: chapter '{chapter}' has {len(listed)} prompt(s) — give at"
                f" least {MIN_PROMPTS}, one of them a counter-argument"
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
