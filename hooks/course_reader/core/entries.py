"""Check the entries of a data file (hooks/course_reader/core/datafile.py reads it): each entry's fields against its loader's `FIELDS`
table, ids well formed and unique, and the problems every loader words alike (an unknown id, a value outside its
choices, a path that is not a page), with the closest right value suggested."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from course_reader.core.datafile import ContentError, Located, load_list
from course_reader.core.fields import INLINE, Field, inline_problems

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: "$" would also match before a final newline
T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    """An entry of a data file whose fields are right and whose id is well formed and unique (`load_entries`), as
    its loader checks it further: `where(field)` starts a message with file, line and entry; problems go to
    `problems`, all reported at once."""

    file: str  # as shown in messages, e.g. data/notes.yml
    located: Located
    label: str  # "entry 'x'"
    id: str
    problems: list[str]

    @property
    def value(self) -> dict[str, Any]:
        return self.located.value

    @property
    def line(self) -> int:
        return self.located.line

    def where(self, field: str | None = None) -> str:
        """'data/x.yml:12: entry 'x'': the line of `field` (of the entry if None or absent)."""
        return f"{self.file}:{self.located.line if field is None else self.located.line_of(field)}: {self.label}"


def suggest(word: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def lookup(items: Mapping[str, T], key: str, where: str, *, what: str, source: str, add: str) -> T:
    """items[key], or a ContentError naming the closest key: "{where}unknown {what} 'key' (did you mean …?) — use an
    id from {source}, or add {add} there"."""
    try:
        return items[key]
    except KeyError:
        raise ContentError(
            f"{where}unknown {what} '{key}'{suggest(key, list(items))} — use an id from {source}, or add {add} there"
        ) from None


def not_one_of(where: str, field: str, value: str, choices: Iterable[str]) -> str | None:
    """The problem "{where}: field 'x' is 'value' (did you mean …?) — use one of: …", or None if `value` is one."""
    options = list(choices)
    if value in options:
        return None
    return f"{where}: field '{field}' is '{value}'{suggest(value, options)} — use one of: {', '.join(options)}"


def missing_pages(entry: Entry, field: str, pages: Iterable[str], hint: str = "") -> list[str]:
    """A problem for each path that the entry's `field` (a path, or a list of them) names and that is not a page
    under docs/ (one of `pages`), with the closest page suggested and `hint` (" — give …") after it."""
    value = entry.value[field]
    known = set(pages)
    return [
        f"{entry.where(field)}: field '{field}' names '{page}', which is not a page under "
        f"docs/{suggest(page, sorted(known))}{hint}"
        for page in (value if isinstance(value, list) else [value])
        if page not in known
    ]


Spec = Mapping[str, Field | tuple[type | tuple[type, ...], bool, str]]  # plain 3-tuples: fields with no text kind


def describe(value: Any) -> str:
    """A YAML value's kind in a contributor's words, for 'must be …, got …' messages."""
    kinds = ((bool, "true/false"), (int, "a number"), (float, "a number"), (dict, "a mapping (key: value lines)"))
    for kind, words in kinds + ((list, "a list"), (date, "a date")):
        if isinstance(value, kind):
            return words
    return "empty text" if isinstance(value, str) and not value.strip() else "text"


def check_fields(name: str, entry: Located, label: str, spec: Spec) -> list[str]:
    """Check an entry against spec {field: Field}; return every problem as one line."""
    problems = []
    for field in entry.value:
        if field not in spec:
            problems.append(
                f"{name}:{entry.line_of(field)}: {label}: unknown field '{field}'{suggest(field, list(spec))}"
                f" — allowed fields: {', '.join(spec)}"
            )
    for field, declared in spec.items():
        kind, required, hint, text, item_kind = Field(*declared)
        value = entry.value.get(field)
        where = f"{name}:{entry.line_of(field)}: {label}: field '{field}'"
        if value is None:
            if required:
                problems.append(f"{name}:{entry.line}: {label}: field '{field}' is missing — add {hint}")
            continue
        if (
            not isinstance(value, kind)
            or isinstance(value, bool) is not (kind is bool)
            or (isinstance(value, str) and not value.strip())
        ):
            problems.append(f"{where} must be {hint}, got {describe(value)}")
            continue
        items = value if isinstance(value, list) else [value]
        wrong = [v for v in items if not isinstance(v, item_kind) or (isinstance(v, str) and not v.strip())]
        if isinstance(value, list) and wrong:
            problems.append(f"{where} must be {hint} (one item is {describe(wrong[0])})")
        elif text == INLINE:
            problems += [
                f"{where}: {problem} — change or remove the link" for v in items for problem in inline_problems(str(v))
            ]
    return problems


def checked_entries(
    name: str,
    entries: list[Located],
    spec: Spec,
    problems: list[str],
) -> Iterator[tuple[Located, str, str]]:
    """The entries whose fields are right and whose id is well formed and unique, as (entry, label, id);
    every problem found on the way is appended to `problems`."""
    first_line: dict[str, int] = {}
    for index, entry in enumerate(entries, 1):
        raw = entry.value
        label = f"entry {raw['id']!r}" if isinstance(raw.get("id"), str) else f"entry #{index}"
        found = check_fields(name, entry, label, spec)
        problems += found
        if found:
            continue
        entry_id = raw["id"]
        if not ID_PATTERN.match(entry_id):
            slug = re.sub(r"[^a-z0-9]+", "-", entry_id.lower()).strip("-") or "entry"
            spaces = " (it has a space or a line break: check the quotes)" if re.search(r"\s", entry_id) else ""
            problems.append(
                f"{name}:{entry.line_of('id')}: {label}: field 'id' must be lowercase letters, digits and hyphens, "
                f"e.g. '{slug}'{spaces}"
            )
            continue
        if entry_id in first_line:
            problems.append(
                f"{name}:{entry.line_of('id')}: {label}: duplicate id '{entry_id}' (first defined on line {first_line[entry_id]})"
                " — rename one of them or merge the two entries"
            )
            continue
        first_line[entry_id] = entry.line
        yield entry, label, entry_id


def load_entries(
    path: Path, key: str, spec: Spec, make: Callable[[Entry], T], root: Path | None = None
) -> tuple[str, dict[str, T]]:
    """(display name, {id: make(entry)}) for the list under top-level `key` in `path`: the entries are checked
    against `spec` (checked_entries), then made by `make`, which appends its own problems to `entry.problems`.
    Raise ContentError with every problem at once."""
    name, entries = load_list(path, key, root)
    problems: list[str] = []
    items = {
        entry_id: make(Entry(name, located, label, entry_id, problems))
        for located, label, entry_id in checked_entries(name, entries, spec, problems)
    }
    if problems:
        raise ContentError("\n".join(problems))
    return name, items
