"""Attribution of the source article: `extra.source` in mkdocs.yml (title, author, publisher, date, url), shown on
the home page (a macro), in every page's footer and on the print edition's title page; an unset field shows as
"not stated". hooks/course_reader/content/editorial.py validates it once per build and adds it to the footer and the print page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from course_reader import build_state
from course_reader.core.entries import suggest

NOT_STATED = "not stated"
PRINT_TITLE_END = re.compile(r"(<header id=\"print-page-title-header\">.*?</header>)", re.S)
URL = re.compile(r"^https?://[^\s<>\"']+$")


@dataclass(frozen=True)
class Source:
    """The article the chapters reproduce; '' for a field the course owner has not set."""

    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""

    def shown(self, name: str) -> str:
        return getattr(self, name) or NOT_STATED


FIELD_NAMES = tuple(f.name for f in fields(Source))
LABELS = {"title": "Title", "author": "Author", "publisher": "Publisher", "date": "Date", "url": "Original"}


def load_source(extra: Mapping[str, Any], site_name: str) -> Source:
    """`extra.source` from mkdocs.yml; the title defaults to the site name. Raise ValueError naming every problem."""
    raw = extra.get("source") or {}
    where = "mkdocs.yml: extra: source:"
    if not isinstance(raw, dict):
        raise ValueError(f"{where} must be a mapping with title, author, publisher, date and url (each may be empty)")
    problems = []
    values: dict[str, str] = {}
    for key, value in raw.items():
        if key == "authors":  # the plural key hooks/course_reader/study/citations.py also reads
            key = "author"
        if key == "author" and isinstance(
            value, list
        ):  # several authors, as hooks/course_reader/study/citations.py reads them
            value = ", ".join(" ".join(str(v).split()) for v in value if v is not None)
        if key not in FIELD_NAMES:
            problems.append(
                f"{where} unknown field '{key}'{suggest(str(key), list(FIELD_NAMES))} — allowed: {', '.join(FIELD_NAMES)}"
            )
        elif value is None:
            values[key] = ""
        elif isinstance(value, date):
            values[key] = value.isoformat()
        elif isinstance(value, str | int):
            values[key] = " ".join(str(value).split())
        else:
            problems.append(f"{where} field '{key}' must be text, got {type(value).__name__}")
    if values.get("url") and not URL.match(values["url"]):
        problems.append(f"{where} field 'url' is '{values['url']}' — give the article's address, starting https://")
    if problems:
        raise ValueError("\n".join(problems))
    return Source(
        title=values.get("title") or site_name,
        **{k: v for k, v in values.items() if k != "title"},
    )


def render_facts(source: Source) -> Markup:
    """The source's fields as a definition list, 'not stated' where unset; a set url is a link."""
    rows = []
    for name in FIELD_NAMES:
        value = source.shown(name)
        if name == "url" and source.url:
            shown = Markup('<a href="{}">{}</a>').format(source.url, source.url)
        elif name == "title":
            shown = Markup("<cite>{}</cite>").format(value)
        else:
            shown = Markup("{}").format(value)
        css = " source-facts__unset" if not getattr(source, name) else ""
        rows.append(
            Markup('<div class="source-facts__row{}"><dt>{}</dt>\n<dd>{}</dd></div>\n').format(css, LABELS[name], shown)
        )
    return Markup('<dl class="source-facts">\n{}</dl>').format(Markup("").join(rows))


def render_statement(source: Source) -> Markup:
    """One sentence: what the chapters reproduce and what the reader adds."""
    return Markup(
        "The chapters reproduce the article <cite>{}</cite> sentence by sentence, in its order and its own words. "
        "Everything else (glossary, case-study cards, learning objectives, questions, editor’s notes and the "
        "material for instructors) is written for this reader and marked as such."
    ).format(source.title)


def render_block(source: Source, heading_level: int = 2) -> Markup:
    """The home page's "About the source article" section."""
    return Markup(
        '<section class="source-attribution" aria-labelledby="source-article"><h{n} id="source-article">'
        "About the source article</h{n}><p>{statement}</p>{facts}</section>"
    ).format(n=heading_level, statement=render_statement(source), facts=render_facts(source))


def footer_line(source: Source) -> Markup:
    """The footer's line: the article and its author, publisher and date ('not stated' where unset)."""
    title = Markup('<a href="{}">{}</a>').format(source.url, source.title) if source.url else escape(source.title)
    return Markup("Chapters reproduce the article “{}” (author: {}; publisher: {}; date: {})").format(
        title, source.shown("author"), source.shown("publisher"), source.shown("date")
    )


# This build's source


@dataclass
class SourceState:
    """This build's `extra.source` (build_state.get().part(SourceState)), loaded by hooks/course_reader/content/editorial.py."""

    source: Source = field(default_factory=lambda: Source(""))
    rights: str = ""  # mkdocs.yml's own `copyright`, as written (before the source's line joins it in the footer)


def current() -> Source:
    return build_state.get().part(SourceState).source


def with_footer_line(copyright: str | None, source: Source) -> str:
    """The footer's text: the project's own `copyright` (escaped) and the source article's line."""
    own = escape(copyright or "")
    line = footer_line(source)
    return str(Markup("{} · {}").format(own, line) if own else line)


def add_to_title_page(content: str, source: Source) -> str:
    """The print page's HTML with the source article named on its title page, right after its header (the PDF
    replaces the header with its cover, so the statement follows the cover there)."""
    block = str(
        Markup('<div class="print-source"><p class="print-source__kicker">A course reader</p><p>{}</p>{}</div>').format(
            render_statement(source), render_facts(source)
        )
    )
    content, found = PRINT_TITLE_END.subn(lambda m: m.group(1) + block, content, count=1)
    return content if found else block + content
