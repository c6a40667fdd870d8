"""Material's search plugin looks up each section's entry in the page's table of contents by walking the whole table
(SearchIndex._find_toc_by_id): quadratic in a page's headings. The glossary page has one heading per term, so 20,000
terms took 170 s there. This feature gives the plugin the same lookup through an index of the table, made once per
page: the same answer (the first entry with that id, in the table's order), in linear time."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

_PATCHED = "_course_reader_indexed"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:  # not Material's search: nothing to speed up
        return config
    if not getattr(SearchIndex, _PATCHED, False):
        SearchIndex._find_toc_by_id = find_toc_by_id
        setattr(SearchIndex, _PATCHED, True)
    return config


def find_toc_by_id(index: Any, toc: list[Any], id: str) -> Any:
    """Material's `_find_toc_by_id(toc, id)`, from an index of `toc` kept for as long as the page's table is the one
    asked about (the index holds the table itself, so a later table can never be taken for it)."""
    cached = getattr(index, "_course_reader_toc", None)
    if cached is None or cached[0] is not toc:
        by_id: dict[str, Any] = {}
        stack = list(toc)[::-1]
        while stack:  # depth first, in the table's order: the first entry with an id wins, as in Material's walk
            item = stack.pop()
            by_id.setdefault(item.id, item)
            stack.extend(list(item.children)[::-1])
        cached = (toc, by_id)
        index._course_reader_toc = cached
    return cached[1].get(id)
