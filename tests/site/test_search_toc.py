"""site/search_toc.py: Material's search finds a section's table-of-contents entry through an index, with the same
answers as Material's own walk, in linear time."""

from __future__ import annotations

import time
from types import SimpleNamespace

from material.plugins.search.plugin import SearchIndex

from course_reader.site import search_toc


def entry(id: str, *children) -> SimpleNamespace:
    return SimpleNamespace(id=id, children=list(children))


def material_walk(toc, id):
    for item in toc:
        if item.id == id:
            return item
        found = material_walk(item.children, id)
        if found is not None:
            return found
    return None


def test_the_same_answers_as_materials_walk():
    toc = [entry("a", entry("b"), entry("dup", entry("c"))), entry("dup"), entry("d", entry("c"))]
    holder = SimpleNamespace()
    for id in ("a", "b", "c", "d", "dup", "missing"):
        assert search_toc.find_toc_by_id(holder, toc, id) is material_walk(toc, id), id
    other = [entry("a")]
    assert search_toc.find_toc_by_id(holder, other, "a") is other[0], "another page's table: indexed afresh"


def test_the_plugin_uses_it_and_it_is_linear():
    search_toc.on_config(None)  # type: ignore[arg-type]
    assert SearchIndex._find_toc_by_id is search_toc.find_toc_by_id
    toc = [entry(f"t{n}") for n in range(20_000)]
    holder = SimpleNamespace()
    started = time.monotonic()
    for n in range(20_000):
        assert search_toc.find_toc_by_id(holder, toc, f"t{n}") is toc[n]
    assert time.monotonic() - started < 2  # Material's walk: about 20 s here
