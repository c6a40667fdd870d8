"""Attribution and rights: the source article (the `course` plugin's `source` option: title, author, publisher,
date, license, url) and the reader's own licenses (its `license` option: one for its editorial material, one for its
code). The one model of the source article (`Source`): study/citations.py cites it from here.
This module is the one place their wording lives: the home page (a macro), every page's footer and the print
edition's title page (and with it the PDF; the EPUB has the home page) show it, and a colophon can read it too
(`rights_statement`, `source_status`). Known source fields are listed; the unknown ones are named once, in one
sentence, never as "not stated" lines. hooks/course_reader/content/editorial.py validates both once per build."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from course_reader import build_state
from course_reader.core.entries import suggest

PRINT_TITLE_END = re.compile(r"(<header id=\"print-page-title-header\">.*?</header>)", re.S)
URL = re.compile(r"^https?://[^\s<>\"']+\Z")
SPDX = re.compile(r"^[A-Za-z0-9.+-]+\Z")


@dataclass(frozen=True)
class Source:
    """The article the chapters reproduce; '' for a field the course owner has not set."""

    title: str
    authors: tuple[str, ...] = ()
    publisher: str = ""
    date: str = ""  # 'YYYY' or 'YYYY-MM-DD'
    license: str = ""
    url: str = ""

    @property
    def author(self) -> str:
        return ", ".join(self.authors)

    def unset(self) -> list[str]:
        """The labels of the fields not known, in order, for the one sentence that names them."""
        return [UNSET_WORDS[name] for name in UNSET_WORDS if not getattr(self, name)]


FIELD_NAMES = ("title", "author", "publisher", "date", "license", "url")
PLACEHOLDERS = {"not stated", "unknown", "n/a", "none"}  # written for an unknown field: the same as leaving it empty
DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
LABELS = {
    "title": "Title",
    "author": "Author",
    "publisher": "Publisher",
    "date": "Date",
    "license": "License",
    "url": "Original",
}
UNSET_WORDS = {
    "author": "author",
    "publisher": "publisher",
    "date": "date",
    "license": "license",
    "url": "original address",
}


@dataclass(frozen=True)
class License:
    """One of the reader's licenses: its SPDX id (as in CITATION.cff), the name shown and where its terms are."""

    spdx: str
    name: str
    url: str


@dataclass(frozen=True)
class Rights:
    """The reader's own licenses: `content` for its editorial material, `code` for the code that builds it."""

    content: License
    code: License


RIGHTS_PARTS = ("content", "code")
LICENSE_FIELDS = ("spdx", "name", "url")


def load_source(options: Mapping[str, Any], site_name: str) -> Source:
    """The `course` plugin's `source` option (`options["source"]`); the title defaults to the site name, a field
    written as "not stated" or "unknown" counts as unset. Raise ValueError naming every problem."""
    raw = options.get("source") or {}
    where = "mkdocs.yml: plugins: course: source:"
    if not isinstance(raw, dict):
        raise ValueError(
            f"{where} must be a mapping with title, author, publisher, date, license and url (each may be empty)"
        )
    problems = []
    values: dict[str, str] = {}
    authors: tuple[str, ...] = ()
    for key, value in raw.items():
        if key in ("author", "authors"):  # one name, or a list of names
            names = value if isinstance(value, list) else [value]
            authors = tuple(n for n in (_text(v) for v in names) if n)
        elif key not in FIELD_NAMES:
            problems.append(
                f"{where} unknown field '{key}'{suggest(str(key), list(FIELD_NAMES))} — allowed: {', '.join(FIELD_NAMES)}"
            )
        elif value is not None and not isinstance(value, date | str | int):
            problems.append(f"{where} field '{key}' must be text, got {type(value).__name__}")
        else:
            values[key] = _text(value)
    if values.get("url") and not URL.match(values["url"]):
        problems.append(f"{where} field 'url' is '{values['url']}' — give the article's address, starting https://")
    if values.get("date") and not DATE.match(values["date"]):
        problems.append(f"{where} field 'date' is '{values['date']}' — give it as YYYY or YYYY-MM-DD")
    if problems:
        raise ValueError("\n".join(problems))
    return Source(
        title=values.get("title") or site_name,
        authors=authors,
        **{k: v for k, v in values.items() if k != "title"},
    )


def _text(value: object) -> str:
    """A field's value as one line of text; '' for nothing or a placeholder such as "not stated"."""
    if value is None:
        return ""
    text = " ".join((value.isoformat() if isinstance(value, date) else str(value)).split())
    return "" if text.lower() in PLACEHOLDERS else text


def load_rights(extra: Mapping[str, Any]) -> Rights:
    """The `course` plugin's `license` option (`options["license"]`): `content` and `code`, each with spdx, name and url. Raise ValueError naming
    every problem."""
    raw = extra.get("license")
    where = "mkdocs.yml: plugins: course: license:"
    if not isinstance(raw, dict):
        raise ValueError(f"{where} must be a mapping with 'content:' and 'code:', each with spdx, name and url")
    problems = [
        f"{where} unknown part '{key}'{suggest(str(key), list(RIGHTS_PARTS))} — allowed: {', '.join(RIGHTS_PARTS)}"
        for key in raw
        if key not in RIGHTS_PARTS
    ]
    found: dict[str, License] = {}
    for part in RIGHTS_PARTS:
        entry = raw.get(part)
        if not isinstance(entry, dict):
            problems.append(f"{where} {part}: missing — give spdx, name and url")
            continue
        values = {k: " ".join(str(entry.get(k) or "").split()) for k in LICENSE_FIELDS}
        problems += [
            f"{where} {part}: unknown field '{k}'{suggest(str(k), list(LICENSE_FIELDS))}"
            for k in entry
            if k not in LICENSE_FIELDS
        ]
        problems += [f"{where} {part}: field '{k}' is missing" for k, v in values.items() if not v]
        if values["spdx"] and not SPDX.match(values["spdx"]):
            problems.append(f"{where} {part}: field 'spdx' is '{values['spdx']}' — give an SPDX id such as 'MIT'")
        if values["url"] and not URL.match(values["url"]):
            problems.append(f"{where} {part}: field 'url' is '{values['url']}' — give the license's address, https://")
        found[part] = License(**values)
    if problems:
        raise ValueError("\n".join(problems))
    return Rights(**found)


def _series(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def source_status(source: Source) -> str:
    """One plain sentence on what is not known about the source article, or '' when everything is."""
    unset = source.unset()
    if not unset:
        return ""
    return f"Reproduced as supplied; {_series(unset)} not stated — check before redistributing."


def rights_statement(rights: Rights) -> Markup:
    """What the reader's licenses cover and what they do not (the article)."""
    return Markup(
        "The reader’s own material (glossary, case-study cards, learning objectives and questions, editor’s notes, "
        "further reading and the material for instructors) is licensed under "
        '<a href="{}" rel="license">{}</a>: you may copy, adapt and share it, in course packs too, if you credit the '
        "course reader and link the license. The code that builds the reader is licensed under the "
        '<a href="{}" rel="license">{}</a>. Neither license covers the article the chapters reproduce.'
    ).format(rights.content.url, rights.content.name, rights.code.url, rights.code.name)


def render_facts(source: Source) -> Markup:
    """The source's known fields as a definition list (the title always); a set url is a link."""
    rows = []
    for name in FIELD_NAMES:
        value = getattr(source, name)
        if not value:
            continue
        if name == "url":
            shown = Markup('<a href="{}">{}</a>').format(value, value)
        elif name == "title":
            shown = Markup("<cite>{}</cite>").format(value)
        else:
            shown = Markup("{}").format(value)
        rows.append(
            Markup('<div class="source-facts__row"><dt>{}</dt>\n<dd>{}</dd></div>\n').format(LABELS[name], shown)
        )
    return Markup('<dl class="source-facts">\n{}</dl>').format(Markup("").join(rows))


def render_statement(source: Source) -> Markup:
    """One sentence: what the chapters reproduce and what the reader adds."""
    return Markup(
        "The chapters reproduce the article <cite>{}</cite> sentence by sentence, in its order and its own words. "
        "Everything else (glossary, case-study cards, learning objectives, questions, editor’s notes and the "
        "material for instructors) is written for this reader and marked as such."
    ).format(source.title)


def _status(source: Source) -> Markup:
    status = source_status(source)
    return Markup('<p class="source-status">{}</p>').format(status) if status else Markup("")


def render_block(source: Source, rights: Rights, heading_level: int = 2) -> Markup:
    """The home page's "About the source article" section, with the reader's licenses."""
    return Markup(
        '<section class="source-attribution" aria-labelledby="source-article"><h{n} id="source-article">'
        "About the source article</h{n}><p>{statement}</p>{facts}{status}"
        '<p class="source-rights">{rights}</p></section>'
    ).format(
        n=heading_level,
        statement=render_statement(source),
        facts=render_facts(source),
        status=_status(source),
        rights=rights_statement(rights),
    )


def footer_line(source: Source) -> Markup:
    """The footer's line on the article: its title and the fields that are known, nothing about the unknown ones
    (the home page says that once)."""
    title = Markup('<a href="{}">{}</a>').format(source.url, source.title) if source.url else escape(source.title)
    known = [(name, getattr(source, name)) for name in ("author", "publisher", "date", "license")]
    facts = Markup("; ").join(Markup("{}: {}").format(name, value) for name, value in known if value)
    line = Markup("Chapters reproduce the article “{}”").format(title)
    return Markup("{} ({})").format(line, facts) if facts else line


def license_line(rights: Rights) -> Markup:
    """The footer's line on the reader's own licenses."""
    return Markup('Reader’s text: <a href="{}" rel="license">{}</a>; code: <a href="{}" rel="license">{}</a>').format(
        rights.content.url, rights.content.name, rights.code.url, rights.code.name
    )


# This build's source and rights


@dataclass
class SourceState:
    """This build's source article and licenses (build_state.get().part(SourceState)), loaded by
    hooks/course_reader/content/editorial.py."""

    source: Source = field(default_factory=lambda: Source(""))
    rights: Rights = field(default_factory=lambda: Rights(License("", "", ""), License("", "", "")))
    copyright: str = ""  # mkdocs.yml's own `copyright`, as written (before the licence and source lines join it)


def current() -> Source:
    return build_state.get().part(SourceState).source


def current_rights() -> Rights:
    return build_state.get().part(SourceState).rights


def with_footer_line(copyright: str | None, source: Source, rights: Rights) -> str:
    """The footer's text: the project's own `copyright` (escaped), its licenses and the source article's line."""
    parts = [escape(copyright)] if copyright else []
    return str(Markup(" · ").join([*parts, license_line(rights), footer_line(source)]))


def add_to_title_page(content: str, source: Source, rights: Rights) -> str:
    """The print page's HTML with the source article and the reader's licenses on its title page, right after its
    header (the PDF replaces the header with its cover, so the statement follows the cover there)."""
    block = str(
        Markup(
            '<div class="print-source"><p class="print-source__kicker">A course reader</p><p>{}</p>{}{}'
            '<p class="source-rights">{}</p></div>'
        ).format(render_statement(source), render_facts(source), _status(source), rights_statement(rights))
    )
    content, found = PRINT_TITLE_END.subn(lambda m: m.group(1) + block, content, count=1)
    return content if found else block + content
