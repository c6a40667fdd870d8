"""A page's source, checked before anything renders: front matter, template syntax and the ids its macro calls use.
The one place that reads a page's front matter and its term calls; the build state keeps what it finds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
import yaml
from jinja2 import nodes

from course_reader.content.case_studies import CaseStudies
from course_reader.content.glossary import Glossary
from course_reader.core.datafile import MAX_PAGE_BYTES, ContentError, decode, mapping_items, parse_yaml, plain
from course_reader.core.entries import describe
from course_reader.core.fields import FRONT_MATTER, TOOL
from course_reader.macros.literal_macros import literal_template

ID_MACROS = ("term", "case_study")  # macros whose first argument is an id the check looks up
FRONT_MATTER_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)  # as MkDocs reads it

_JINJA = jinja2.Environment()  # only parses pages: syntax errors with their line, and the macro calls


@dataclass
class Source:
    """What the check of one page found: its problems ('docs/page.md:line: …'), front matter and term calls."""

    problems: list[str] = field(default_factory=list)
    front: dict[str, Any] = field(default_factory=dict)
    term_calls: list[str] = field(default_factory=list)  # glossary ids in the order the page calls term()

    @property
    def title(self) -> str | None:
        title = self.front.get("title")
        return title if isinstance(title, str) else None


def page_text(src_uri: str, data: bytes) -> str:
    """A page's source as text, with its line ends as MkDocs reads them (CRLF or CR: LF); ContentError naming the
    line if it is not UTF-8 (MkDocs would stop with a traceback that names no file), or if the page is so large
    that building it would take minutes."""
    text = decode(data, f"docs/{src_uri}", limit=MAX_PAGE_BYTES, what="page")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def check_source(src_uri: str, text: str, glossary: Glossary, cases: CaseStudies) -> Source:
    """Front matter, template syntax and macro ids of one page."""
    where = f"docs/{src_uri}"
    found = Source()
    body = text
    if not text.startswith("---"):
        found.problems.append(
            f"{where}:1: the page has no front matter — start it with '---', 'title: …', 'description: …', '---'"
        )
    else:
        match = FRONT_MATTER_BLOCK.match(text)
        if match is None:
            return Source(
                [f"{where}:1: the front matter is not closed — end it with a line '---' after its last field"]
            )
        try:
            node = parse_yaml(match.group(1), where, first_line=2)
        except ContentError as exc:
            return Source([str(exc)])
        if not isinstance(node, yaml.MappingNode):
            return Source([f"{where}:2: the front matter must be 'name: value' lines, e.g. 'title: The page title'"])
        found.front = plain(node)
        found.problems += _check_front(where, found.front, node)
        # The macros render the page without its front matter: blank it, keeping the line numbers
        body = "\n" * text.count("\n", 0, match.end()) + text[match.end() :]
    _check_macros(where, body, glossary, cases, found)
    return found


def _check_front(where: str, front: dict[str, Any], node: yaml.MappingNode) -> list[str]:
    """Each field of FRONT_MATTER is there, as text; `tool`, if given, is true or false."""
    problems = []
    lines = {key: line + 1 for key, line, _ in mapping_items(node)}
    for name, spec in FRONT_MATTER.items():
        value = front.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"{where}:1: the front matter has no '{name}:' — add {name}: {spec.hint}")
        elif not isinstance(value, str):
            problems.append(
                f"{where}:{lines[name]}: the front matter's '{name}' must be {spec.hint}, as text, "
                f"got {describe(value)}"
            )
    tool = front.get(TOOL, False)
    if not isinstance(tool, bool):
        problems.append(
            f"{where}:{lines[TOOL]}: the front matter's '{TOOL}' must be true or false (true: a tool rather than "
            f'text, with no reading time, no "Cite this page" and no citation meta tags), got {describe(tool)}'
        )
    return problems


def _check_macros(where: str, body: str, glossary: Glossary, cases: CaseStudies, found: Source) -> None:
    """The page's template syntax, and the id of each macro call (the term calls noted in `found`)."""
    try:
        calls = macro_calls(body)
    except jinja2.TemplateSyntaxError as exc:
        found.problems.append(
            f"{where}:{exc.lineno}: macro syntax error ({exc.message}) — a macro reads like "
            '{{ term("nato") }}: check the brackets, quotes and closing }}'
        )
        return
    for name, ident, line in calls:
        try:
            if name == "term":
                glossary.get(ident, f"{where}:{line}: ")
                found.term_calls.append(ident)
            else:
                cases.get(ident, f"{where}:{line}: ")
        except ContentError as exc:
            found.problems.append(str(exc))


def macro_calls(text: str) -> list[tuple[str, str, int]]:
    """(macro, id, line) of each call of an ID_MACROS macro with a literal id, in page order, as Jinja's own parse of
    the page finds them (so a call inside {% raw %} or a comment is not one). TemplateSyntaxError if the page is not
    valid Jinja. A page whose only template syntax is literal calls (most) is scanned without a parse
    (hooks/literal_macros.py), with the same result."""
    if "{" not in text:
        return []
    literal = literal_template(text)
    if literal is not None:
        return [(c.name, c.args[0], c.line) for c in literal[1] if c.name in ID_MACROS and c.args]
    return parsed_macro_calls(text)


def parsed_macro_calls(text: str) -> list[tuple[str, str, int]]:
    """`macro_calls` from Jinja's parse of the page."""
    calls = []
    for call in _JINJA.parse(text).find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in ID_MACROS and call.args:
            first = call.args[0]
            if isinstance(first, nodes.Const) and isinstance(first.value, str):
                calls.append((call.node.name, first.value, call.lineno))
    return sorted(calls, key=lambda c: c[2])
