"""A page's source, checked before anything renders: front matter, template syntax and the ids its macro calls use.
The one place that reads a page's front matter and its term calls; the build state keeps what it finds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import nodes
from mkdocs.utils import meta

from case_studies import CaseStudies
from datafile import ContentError
from glossary import Glossary

ID_MACROS = ("term", "case_study")  # macros whose first argument is an id the check looks up

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


def check_source(src_uri: str, text: str, glossary: Glossary, cases: CaseStudies) -> Source:
    """Front matter, template syntax and macro ids of one page."""
    where = f"docs/{src_uri}"
    try:
        _, front = meta.get_data(text)
    except Exception as exc:  # mkdocs' own parser reports YAML problems loosely
        return Source(
            [f"{where}:1: the front matter is not valid YAML ({exc}) — check the lines between the '---' markers"]
        )
    found = Source(front=front)
    if not text.startswith("---"):
        found.problems.append(
            f"{where}:1: the page has no front matter — start it with '---', 'title: …', 'description: …', '---'"
        )
    else:
        for name, hint in (("title", "the page title"), ("description", "one sentence describing the page")):
            if not isinstance(front.get(name), str) or not front[name].strip():
                found.problems.append(f"{where}:1: the front matter has no '{name}:' — add {name}: {hint}")
    try:
        calls = macro_calls(text)
    except jinja2.TemplateSyntaxError as exc:
        found.problems.append(
            f"{where}:{exc.lineno}: macro syntax error ({exc.message}) — a macro reads like "
            '{{ term("nato") }}: check the brackets, quotes and closing }}'
        )
        return found
    for name, ident, line in calls:
        try:
            if name == "term":
                glossary.get(ident, f"{where}:{line}: ")
                found.term_calls.append(ident)
            else:
                cases.get(ident, f"{where}:{line}: ")
        except ContentError as exc:
            found.problems.append(str(exc))
    return found


def macro_calls(text: str) -> list[tuple[str, str, int]]:
    """(macro, id, line) of each call of an ID_MACROS macro with a literal id, in page order, from Jinja's own parse
    of the page (so a call inside {% raw %} or a comment is not one). TemplateSyntaxError if the page is not valid
    Jinja."""
    if "{" not in text:
        return []
    calls = []
    for call in _JINJA.parse(text).find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in ID_MACROS and call.args:
            first = call.args[0]
            if isinstance(first, nodes.Const) and isinstance(first.value, str):
                calls.append((call.node.name, first.value, call.lineno))
    return sorted(calls, key=lambda c: c[2])
