"""Load the YAML under data/ with line numbers, so every data error can name file, line, entry and field."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ContentError(Exception):
    """A contributor mistake in data or pages; the message says where and how to fix it."""


@dataclass(frozen=True)
class Located:
    """A YAML mapping with the line of each key (1-based), for error messages."""

    value: dict[str, Any]
    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~15× faster


def _plain(node: yaml.Node) -> Any:
    return _LOADER("").construct_document(node) if node else None


def load_list(path: Path, key: str, root: Path | None = None) -> tuple[str, list[Located]]:
    """Return (display name, entries) for the list under top-level `key` in `path`.

    Raises ContentError naming the file and line for YAML syntax errors, tabs,
    and a file whose shape is not `key: [mapping, ...]`.
    """
    name = _display(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{name}: cannot read the file ({exc.strerror}) — restore it from git") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            raise ContentError(
                f"{name}:{number}: a tab is used for indentation — YAML needs spaces; replace it with two spaces"
            )
    try:
        document = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(
            f"{where}: invalid YAML ({problem}) — check the indentation (two spaces per level) "
            "and quote text that contains ': ' or starts with a special character"
        ) from exc
    if not isinstance(document, yaml.MappingNode):
        raise ContentError(f"{name}:1: expected a mapping with a '{key}:' list at the top")
    top = {k.value: v for k, v in document.value}
    if key not in top:
        raise ContentError(f"{name}:1: the top-level '{key}:' list is missing — start the file with '{key}:'")
    seq = top[key]
    if not isinstance(seq, yaml.SequenceNode):
        raise ContentError(
            f"{name}:{seq.start_mark.line + 1}: '{key}' must be a list of entries, each starting with '- id:'"
        )
    entries = []
    for item in seq.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            raise ContentError(
                f"{name}:{line}: each entry of '{key}' must be a mapping of fields (id:, …) — check the indentation"
            )
        key_lines = {k.value: k.start_mark.line + 1 for k, _ in item.value}
        entries.append(Located(_plain(item), line, key_lines))
    return name, entries


def load_mapping(path: Path, root: Path | None = None) -> tuple[str, dict[str, Any]]:
    """Load a whole YAML file as a mapping, with the same error style as load_list."""
    name = _display(path, root)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        raise ContentError(
            f"{where}: invalid YAML ({getattr(exc, 'problem', exc)}) — check indentation and quoting"
        ) from exc
    if not isinstance(data, dict):
        raise ContentError(f"{name}:1: expected a mapping at the top level")
    return name, data


def suggest(word: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_fields(
    name: str,
    entry: Located,
    label: str,
    spec: dict[str, tuple[type | tuple[type, ...], bool, str]],
) -> list[str]:
    """Check an entry against spec {field: (type, required, hint)}; return every problem as one line."""
    problems = []
    for field in entry.value:
        if field not in spec:
            problems.append(
                f"{name}:{entry.line_of(field)}: {label}: unknown field '{field}'{suggest(field, list(spec))}"
                f" — allowed fields: {', '.join(spec)}"
            )
    for field, (kind, required, hint) in spec.items():
        value = entry.value.get(field)
        if value is None:
            if required:
                problems.append(f"{name}:{entry.line}: {label}: field '{field}' is missing — add {hint}")
            continue
        if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
            problems.append(
                f"{name}:{entry.line_of(field)}: {label}: field '{field}' must be {hint}, got {type(value).__name__} {value!r:.40}"
            )
        elif isinstance(value, list) and not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(
                f"{name}:{entry.line_of(field)}: {label}: field '{field}' must be {hint} (a list of non-empty text items)"
            )
    return problems


def checked_entries(
    name: str,
    entries: list[Located],
    spec: dict[str, tuple[type | tuple[type, ...], bool, str]],
    problems: list[str],
) -> Iterator[tuple[Located, str, str]]:
    """The entries whose fields are right and whose id is well formed and unique, as (entry, label, id);
    every problem found on the way is appended to `problems`."""
    first_line: dict[str, int] = {}
    for index, entry in enumerate(entries, 1):
        raw = entry.value
        label = f"entry '{raw['id']}'" if isinstance(raw.get("id"), str) else f"entry #{index}"
        found = check_fields(name, entry, label, spec)
        problems += found
        if found:
            continue
        entry_id = raw["id"]
        if not ID_PATTERN.match(entry_id):
            slug = re.sub(r"[^a-z0-9]+", "-", entry_id.lower()).strip("-") or "entry"
            problems.append(
                f"{name}:{entry.line_of('id')}: {label}: field 'id' must be lowercase letters, digits and hyphens, e.g. '{slug}'"
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


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
