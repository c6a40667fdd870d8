"""Accent-insensitive search (issue 15): each entry of Material's search index gets, in fields of their own, the
accent-folded form of those words of its title and text that have accents ("Attachés" → "attaches"), so "attache"
finds "Military Attachés". The fields are indexed (lunr indexes every field the index's config lists), with the
boost of the field they fold, but never shown in a result; pages carry nothing more: the work is done once, on the
written index, before hooks/course_reader/editions/offline.py ships it."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

SEARCH_JSON = "search/search_index.json"
FOLDED = {"title": "folded_title", "text": "folded_text"}  # a field -> the field of its folded words
NON_ASCII_WORD = re.compile(r"\w*[^\x00-\x7f]\w*")  # only a word with a non-ASCII letter can fold
# A run of word or non-ASCII characters: a NON_ASCII_WORD never crosses anything else (an ASCII space or
# punctuation), so it is looked for only in the runs that have a non-ASCII character (found in one linear pass; on
# the whole text its backtracking took ten times longer)
RUN = re.compile(r"[0-9A-Za-z_\x80-\U0010ffff]+")
TAG = re.compile(r"<[^>]*>")


def fold(text: str) -> str:
    """`text` without its accents and other combining marks (NFKD, marks dropped)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def folded_words(text: str) -> str:
    """The folded form of each word of `text` that folding changes, in lower case (as lunr indexes it), once each."""
    words = (
        [word for run in RUN.findall(TAG.sub(" ", text)) if not run.isascii() for word in NON_ASCII_WORD.findall(run)]
        if not text.isascii()
        else []
    )
    return " ".join(dict.fromkeys(folded.lower() for word in words if (folded := fold(word)) != word))


def fold_index(index: dict[str, Any]) -> bool:
    """Add the folded words to each entry of Material's search index that has any; whether any had."""
    added = set()
    for doc in index.get("docs", []):
        for field, folded in FOLDED.items():
            words = folded_words(doc.get(field, ""))
            if words:
                doc[folded] = words
                added.add(field)
    fields = index.setdefault("config", {}).setdefault("fields", {})
    for field, folded in FOLDED.items():  # in a fixed order: two builds give the same index (and zip)
        if field in added:
            fields[folded] = {"boost": fields.get(field, {}).get("boost", 1)}
    return bool(added)


def on_post_build(*, config: MkDocsConfig) -> None:
    """After the search plugin wrote its index (plugins' on_post_build run before hooks')."""
    path = Path(config.site_dir) / SEARCH_JSON
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if fold_index(index):
        path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
