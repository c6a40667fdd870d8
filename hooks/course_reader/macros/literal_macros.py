"""Pages whose only template syntax is literal macro calls (`{{ term("nato") }}`, `{{ case_studies(region="Europe") }}`)
rendered without compiling them as Jinja templates: the same text, in less time (mkdocs-macros compiles every page
into Python code before running it, which cost the build more than the macros' own work).

`render_literal_calls` returns None for anything else (a `{% … %}` block, a `{# … #}` comment, a variable, a filter,
an argument that is not a plain string, a macro shadowed by a variable or the page's front matter), and hooks/macros.py
then leaves the page to Jinja, so the output is Jinja's in every case: the text between calls as written (newlines
as Jinja normalizes them, one trailing newline dropped), each call's result as `str()` gives it."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from typing import Any

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_STRING = r"""(?:"[^"\\{}\r\n]*"|'[^'\\{}\r\n]*')"""  # no escapes, braces or newlines: its value is what it says
_ARG = rf"(?:{_NAME}[ \t]*=[ \t]*)?{_STRING}"
CALL = re.compile(rf"\{{\{{[ \t]*({_NAME})\([ \t]*((?:{_ARG}(?:[ \t]*,[ \t]*{_ARG})*)?)[ \t]*\)[ \t]*\}}\}}")
ONE_ARG = re.compile(rf"(?:({_NAME})[ \t]*=[ \t]*)?({_STRING})")
NEWLINE = re.compile(r"(\r\n|\r|\n)")  # Jinja's newline_re
OTHER_SYNTAX = ("{%", "{#")  # blocks and comments: left to Jinja
# The Jinja settings this rendering reproduces (mkdocs-macros' defaults); any other value leaves every page to Jinja
JINJA_DEFAULTS = {
    "block_start_string": "{%",
    "variable_start_string": "{{",
    "variable_end_string": "}}",
    "comment_start_string": "{#",
    "line_statement_prefix": None,
    "line_comment_prefix": None,
    "keep_trailing_newline": False,
    "newline_sequence": "\n",
    "finalize": None,
    "autoescape": False,
}


@dataclass
class LiteralRendering:
    """The build state's part (build_state) for the page being rendered here: its text, from macros/__init__.py's
    `on_pre_page_macros` to its `on_post_page_macros`."""

    markdown: str | None = None


def jinja_compatible(environment: Any) -> bool:
    """Whether the Jinja environment's syntax and output settings are those this module reproduces (and it has no
    extension, which could rewrite a template's source or add syntax)."""
    defaults = all(getattr(environment, name, None) == value for name, value in JINJA_DEFAULTS.items())
    return defaults and not getattr(environment, "extensions", None)


@dataclass(frozen=True)
class LiteralCall:
    """One `{{ name("arg", key="value") }}` of a page: the macro, its string arguments, where it is."""

    name: str
    args: tuple[str, ...]
    kwargs: dict[str, str]
    line: int  # 1-based, as Jinja counts it
    start: int  # the span of `{{ … }}` in the normalized text
    end: int


def literal_template(text: str) -> tuple[str, list[LiteralCall]] | None:
    """(the text with its newlines as Jinja's lexer leaves them, its calls in order) if its only template syntax is
    calls with string arguments; None otherwise (Jinja then parses it, and reports what is wrong)."""
    if any(marker in text for marker in OTHER_SYNTAX):
        return None
    lines = NEWLINE.split(text)[::2]
    if lines[-1] == "":
        del lines[-1]  # keep_trailing_newline=False: Jinja drops one trailing newline
    text = "\n".join(lines)
    calls = []
    start = line = 0
    for match in CALL.finditer(text):
        between = text[start : match.start()]
        if "{{" in between or between.endswith("{"):
            return None
        args = _arguments(match.group(2))
        if args is None:
            return None
        line += between.count("\n")
        calls.append(LiteralCall(match.group(1), *args, line=line + 1, start=match.start(), end=match.end()))
        start = match.end()
    if "{{" in text[start:]:
        return None
    return text, calls


def render_literal_calls(
    text: str, functions: Mapping[str, Callable[..., Any]], shadowed: Container[str]
) -> str | None:
    """`text` rendered as Jinja would, if its only template syntax is calls of `functions` with string arguments
    (and none of their names is in `shadowed`); None otherwise. A call that raises leaves the page to Jinja too."""
    scanned = literal_template(text)
    if scanned is None:
        return None
    text, calls = scanned
    parts = []
    start = 0
    for call in calls:
        function = functions.get(call.name)
        if function is None or call.name in shadowed or getattr(function, "jinja_pass_arg", None) is not None:
            return None  # not a macro, hidden by a variable, or wants Jinja's context: not a plain call
        try:
            value = function(*call.args, **call.kwargs)
        except Exception:  # Jinja reports it, with the page and the line
            return None
        parts += [text[start : call.start], str(value)]
        start = call.end
    parts.append(text[start:])
    return "".join(parts)


def _arguments(source: str) -> tuple[tuple[str, ...], dict[str, str]] | None:
    """The positional and keyword string arguments of a call; None where Jinja would refuse the call (a positional
    argument after a keyword, a keyword given twice)."""
    positional: list[str] = []
    keywords: dict[str, str] = {}
    for match in ONE_ARG.finditer(source):
        keyword, literal = match.group(1), match.group(2)[1:-1]
        if keyword is None:
            if keywords:
                return None
            positional.append(literal)
        elif keyword in keywords:
            return None
        else:
            keywords[keyword] = literal
    return tuple(positional), keywords
