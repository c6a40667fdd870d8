"""A page's source, checked before anything renders: front matter, template syntax and the ids its macro calls use.
The one place that reads a page's front matter and its term calls; the build state keeps what it finds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
from mkdocs.utils import meta

from case_studies import CaseStudies
from datafile import ContentError
from glossary import Glossary

MACRO_CALL = re.compile(r"\{\{-?\s*(term|case_study)\(\s*(['\"])(.*?)\2")

_JINJA = jinja2.Environment()  # only parses pages, to report macro syntax errors with their line
# A macro call with literal arguments, e.g. {{ term("nato", "the alliance") }}: a page whose only template syntax is
# such calls is valid Jinja, and needs no parse (1.5 ms a page; the macros plugin parses it again to render it)
_LITERAL = r"""(?:"[^"\\\n]*"|'[^'\\\n]*'|-?\d+(?:\.\d+)?|[Tt]rue|[Ff]alse|[Nn]one)"""
_KEYWORD = rf"[A-Za-z_]\w*\s*=\s*{_LITERAL}"
_ARGS = rf"(?:{_LITERAL}(?:\s*,\s*{_LITERAL})*(?:\s*,\s*{_KEYWORD})*|{_KEYWORD}(?:\s*,\s*{_KEYWORD})*)(?:\s*,)?"
SIMPLE_CALL = re.compile(rf"\{{\{{-?\s*[A-Za-z_]\w*\(\s*(?:{_ARGS})?\s*\)\s*-?\}}\}}")


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
        if not only_simple_calls(text):
            _JINJA.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        found.problems.append(
            f"{where}:{exc.lineno}: macro syntax error ({exc.message}) — a macro reads like "
            '{{ term("nato") }}: check the brackets, quotes and closing }}'
        )
    for match in MACRO_CALL.finditer(text):
        kind, ident = match.group(1), match.group(3)
        line = text.count("\n", 0, match.start()) + 1
        try:
            if kind == "term":
                glossary.get(ident, f"{where}:{line}: ")
                found.term_calls.append(ident)
            else:
                cases.get(ident, f"{where}:{line}: ")
        except ContentError as exc:
            found.problems.append(str(exc))
    return found


def only_simple_calls(text: str) -> bool:
    """True if the page's only template syntax is macro calls with literal arguments (so it is valid Jinja)."""
    return "{%" not in text and "{#" not in text and "{{" not in SIMPLE_CALL.sub("", text)
