"""The entries' checks that every loader shares (hooks/course_reader/core/entries.py); each loader's own messages: tests/content/test_glossary.py,
test_case_studies.py, test_editorial.py, test_mistakes.py."""

from __future__ import annotations

import pytest

from course_reader.core.datafile import ContentError, Located
from course_reader.core.entries import Entry, load_entries, lookup, missing_pages, not_one_of
from support.data_fixtures import load_error, write

SPEC = {"id": (str, True, "an id"), "page": (str, True, "a page")}


def _entry(value: dict, problems: list[str] | None = None) -> Entry:
    located = Located(value, 4, {"id": 4, "page": 6})
    return Entry("data/x.yml", located, f"entry '{value['id']}'", value["id"], [] if problems is None else problems)


def test_lookup_names_the_closest_id_and_where_to_add_one():
    assert lookup({"nato": 1}, "nato", "", what="t", source="s", add="a") == 1
    with pytest.raises(ContentError) as info:
        lookup({"nato": 1}, "natto", "docs/a.md:3: ", what="glossary term", source="data/glossary.yml", add="the term")
    assert str(info.value) == (
        "docs/a.md:3: unknown glossary term 'natto' (did you mean 'nato'?) — use an id from data/glossary.yml, "
        "or add the term there"
    )


def test_not_one_of_is_none_for_a_choice_and_suggests_otherwise():
    assert not_one_of("f:1: entry 'x'", "kind", "book", ("book", "article")) is None
    assert not_one_of("f:1: entry 'x'", "kind", "bok", ("book", "article")) == (
        "f:1: entry 'x': field 'kind' is 'bok' (did you mean 'book'?) — use one of: book, article"
    )


@pytest.mark.parametrize(("page", "found"), [("a.md", []), (["a.md", "b.md"], ["b.md"]), ("b.md", ["b.md"])])
def test_missing_pages_names_each_path_that_is_not_a_page(page, found):
    problems = missing_pages(_entry({"id": "x", "page": page}), "page", {"a.md", "ab.md"}, " — fix it")
    assert problems == [
        f"data/x.yml:6: entry 'x': field 'page' names '{p}', which is not a page under docs/ (did you mean 'ab.md'?)"
        " — fix it"
        for p in found
    ]


def test_load_entries_makes_each_entry_and_reports_every_problem_at_once(tmp_path):
    text = "items:\n  - id: one\n    page: a.md\n  - id: two\n    page: c.md\n  - id: two\n    page: a.md\n"

    def make(entry: Entry) -> str:
        entry.problems.extend(missing_pages(entry, "page", {"a.md"}))
        return entry.value["page"]

    good = write(tmp_path, "x.yml", text.split("  - id: two")[0])
    assert load_entries(good, "items", SPEC, make, tmp_path) == ("data/x.yml", {"one": "a.md"})
    message = load_error(lambda path: load_entries(path, "items", SPEC, make, tmp_path), write(tmp_path, "x.yml", text))
    assert message.splitlines() == [
        "data/x.yml:5: entry 'two': field 'page' names 'c.md', which is not a page under docs/ (did you mean 'a.md'?)",
        "data/x.yml:6: entry 'two': duplicate id 'two' (first defined on line 4) — rename one of them or merge the two"
        " entries",
    ]
