"""Load the YAML under data/ with line numbers, so every data error can name file, line, entry and field (the
entries' fields and ids are checked by hooks/course_reader/core/entries.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


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
MAX_BYTES = 1_000_000  # per data file: 13× the largest today; a bigger file is a mistake, not a course
MAX_PAGE_BYTES = 1_000_000  # per page: 400× the largest today; a bigger page would cost minutes before any error
MAX_DEPTH = 32  # levels of nesting in a data file or front matter (the reader's files use 5 at most)
_QUOTE_HELP = (
    "close it with the same quote character; inside '…' write a quote as '', inside \"…\" as \\\", "
    "or put the text after >- on the next lines without quotes"
)


def read_text(path: Path, name: str, limit: int | None = MAX_BYTES) -> str:
    """The file as text: ContentError (file and line) if it cannot be read, is over `limit` bytes or is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"{name}: cannot read the file ({exc.strerror}) — restore it from git") from exc
    return decode(data, name, limit)


def decode(data: bytes, name: str, limit: int | None = MAX_BYTES, what: str = "data file") -> str:
    """UTF-8 bytes as text, or a ContentError naming the line of the first byte that is not UTF-8."""
    if limit is not None and len(data) > limit:
        raise ContentError(
            f"{name}: the file is {len(data):,} bytes, over the limit of {limit:,} for one {what} — "
            "check that nothing was pasted in by mistake, or split the content"
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            f"{name}:{line}: byte {data[exc.start]:#04x} in column {column} is not UTF-8 text — save the file as "
            "UTF-8 (in most editors: File › Save with encoding › UTF-8) and check the characters on that line"
        ) from None


def parse_yaml(text: str, name: str, first_line: int = 1) -> yaml.Node | None:
    """Compose YAML `text` into nodes, refusing what a data file never needs: tabs in indentation, aliases
    (an alias bomb grows without bound), duplicate keys and keys that are not text. `first_line` is the line
    of the file where `text` starts (front matter starts on line 2). Raises ContentError naming file and line."""
    offset = first_line - 1
    _check_depth(text, name, offset)
    for number, line in enumerate(text.splitlines(), first_line):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            raise ContentError(
                f"{name}:{number}: a tab is used for indentation — YAML needs spaces; replace it with two spaces"
            )
    try:
        document = yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as exc:
        where = text.count("\n", 0, exc.position) + first_line
        raise ContentError(
            f"{name}:{where}: the control character {exc.character:#04x} is not allowed in YAML — delete it "
            "(it is invisible in most editors: retype the line)"
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise ContentError(_syntax_message(exc, name, offset)) from None
    except RecursionError:
        raise ContentError(f"{name}: the YAML is nested too deeply — check the brackets and indentation") from None
    if document is not None:
        problems = _structure_problems(document, text, name, offset)
        if problems:
            raise ContentError("\n".join(problems))
    return document


_BRACKETS = re.compile(r"[\[\]{}]")
_BLOCK_INDICATORS = re.compile(r"^[ \t?:-]*", re.M)


def _check_depth(text: str, name: str, offset: int) -> None:
    """ContentError if the YAML nests deeper than MAX_DEPTH: composing 100,000 nested brackets overflows the C stack
    of libyaml's composer and kills the interpreter without a word, and parsing them takes minutes. A linear
    estimate first (brackets, and the indentation and '- ' indicators starting a line, quotes not considered); only
    above the limit are the parser's events read, stopping at the first level too deep, for an exact answer."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    if deepest + max((len(m.group()) for m in _BLOCK_INDICATORS.finditer(text)), default=0) <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 + offset if event.start_mark else 1 + offset
                    raise ContentError(
                        f"{name}:{line}: the YAML is nested more than {MAX_DEPTH} levels deep here (lists or mappings "
                        "inside each other) — check the brackets and indentation: the reader's files need 5 at most"
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: compose reports it with its line


def _syntax_message(exc: yaml.MarkedYAMLError, name: str, offset: int) -> str:
    problem = exc.problem or str(exc)
    context = exc.context or ""
    opened = exc.context_mark
    if opened is not None and "quoted scalar" in context:
        return f"{name}:{opened.line + 1 + offset}: this quote is never closed ({problem}) — {_QUOTE_HELP}"
    where = exc.problem_mark.line + 1 + offset if exc.problem_mark else 1 + offset
    if opened is not None and "flow" in context:
        bracket = "[" if "sequence" in context else "{"
        return (
            f"{name}:{where}: invalid YAML ({problem}) — the '{bracket}' opened on line {opened.line + 1 + offset} "
            "is not closed before this line; close it, or write the list one '- item' per line"
        )
    return (
        f"{name}:{where}: invalid YAML ({problem}) — check the indentation (two spaces per level) "
        "and quote text that contains ': ' or starts with a special character"
    )


def _structure_problems(document: yaml.Node, text: str, name: str, offset: int) -> list[str]:
    """Aliases, duplicate keys and non-text keys, found in one walk of the node graph (an alias is a node
    seen twice, so the walk stays linear even for an alias bomb)."""
    problems: list[str] = []
    seen: set[int] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return [_alias_message(text, name, offset)]
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1 + offset
                if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                    problems.append(f"{name}:{line}: a key must be plain text, like 'title:' — check this line")
                elif key.value in first:
                    problems.append(
                        f"{name}:{line}: duplicate key '{key.value}' (first on line {first[key.value]}) — "
                        "a key may appear once per entry: remove one of the two or merge them"
                    )
                else:
                    first[key.value] = line
                stack += [value, key]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return problems


def _alias_message(text: str, name: str, offset: int) -> str:
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                line = event.start_mark.line + 1 + offset
                return (
                    f"{name}:{line}: YAML aliases (*{event.anchor}) are not allowed in the reader's files — write "
                    "the text out in full (a repeated alias can make the build use unbounded memory)"
                )
    except yaml.YAMLError:
        pass
    return f"{name}: YAML aliases (*name) are not allowed in the reader's files — write the text out in full"


def load_document(path: Path, root: Path | None = None, limit: int | None = MAX_BYTES) -> tuple[str, yaml.Node | None]:
    """(display name, composed YAML) of a data file, after every check of read_text and parse_yaml."""
    name = _display(path, root)
    return name, parse_yaml(read_text(path, name, limit), name)


def plain(node: yaml.Node | None) -> Any:
    """The Python value of a checked node (str, int, list, dict, …)."""
    return _LOADER("").construct_document(node) if node is not None else None


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def mapping_items(node: yaml.MappingNode) -> list[tuple[str, int, yaml.Node]]:
    """(key, line of the key, value node) of a mapping node whose keys parse_yaml checked."""
    return [(k.value, k.start_mark.line + 1, v) for k, v in node.value]


def located(node: yaml.MappingNode, value: dict[str, Any] | None = None) -> Located:
    """A checked mapping node as a Located (its value, its line, the line of each key); pass `value` when it is
    already constructed (construct a document once, not once per level)."""
    lines = {k: line for k, line, _ in mapping_items(node)}
    return Located(plain(node) if value is None else value, line_of(node), lines)


def children(node: yaml.MappingNode, value: dict[Any, Any]) -> list[tuple[str, int, yaml.Node, Any]]:
    """(key, line, node, constructed value) of each entry of a mapping, in order (keys are unique: parse_yaml)."""
    return [(k, line, child, v) for (k, line, child), v in zip(mapping_items(node), value.values(), strict=True)]


def load_list(path: Path, key: str, root: Path | None = None) -> tuple[str, list[Located]]:
    """Return (display name, entries) for the list under top-level `key` in `path`.

    Raises ContentError naming the file and line for unreadable or non-UTF-8 files, YAML syntax errors, tabs,
    aliases, duplicate keys, and a file whose shape is not `key: [mapping, ...]`.
    """
    name, document = load_document(path, root)
    if not isinstance(document, yaml.MappingNode):
        raise ContentError(f"{name}:1: expected a mapping with a '{key}:' list at the top")
    top = {k: v for k, _, v in mapping_items(document)}
    if key not in top:
        raise ContentError(f"{name}:1: the top-level '{key}:' list is missing — start the file with '{key}:'")
    seq = top[key]
    if not isinstance(seq, yaml.SequenceNode):
        raise ContentError(f"{name}:{line_of(seq)}: '{key}' must be a list of entries, each starting with '- id:'")
    entries = []
    for item, value in zip(seq.value, plain(seq), strict=True):
        if not isinstance(item, yaml.MappingNode):
            raise ContentError(
                f"{name}:{line_of(item)}: each entry of '{key}' must be a mapping of fields (id:, …) — check the indentation"
            )
        entries.append(located(item, value))
    return name, entries


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
