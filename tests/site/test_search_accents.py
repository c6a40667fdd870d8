"""Accent-insensitive search (hooks/course_reader/site/search_accents.py): the folded words of each index entry, in fields lunr indexes
and Material never shows; in the online index and in the offline copy's. The browser side is in
tests/browser/test_browser_a11y.py."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from course_reader.site.search_accents import FOLDED, NON_ASCII_WORD, RUN, TAG, fold, fold_index, folded_words


def test_fold_drops_combining_marks_only():
    assert fold("Attachés") == "Attaches"
    assert fold("Kjellén naïve Ångström") == "Kjellen naive Angstrom"
    assert fold("U.S.–China") == "U.S.–China"  # punctuation is kept


def test_folded_words_are_those_folding_changes_once_each_in_lower_case():
    text = "<p>Attachés and attachés; the attaché, <code>café</code> and a plain word</p>"
    assert folded_words(text) == "attaches attache cafe"
    assert folded_words("no accents here") == ""


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab _-.,’'<>/é\u0301ñ—9 \n\u00a0\u2009Ωß😀")), max_size=60))
def test_the_words_are_found_in_runs_as_in_the_whole_text(text):
    """folded_words looks for words only in the runs of word and non-ASCII characters that have a non-ASCII one:
    the same words, in the same order, as one search of the whole text (whose backtracking was slow)."""
    text = TAG.sub(" ", text)
    found = [word for run in RUN.findall(text) if not run.isascii() for word in NON_ASCII_WORD.findall(run)]
    assert found == NON_ASCII_WORD.findall(text)


def test_fold_index_adds_fields_with_the_boost_of_the_field_they_fold():
    index = {
        "config": {"fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "a/", "title": "Military Attachés", "text": "<p>The attaché reports.</p>"},
            {"location": "b/", "title": "Plain", "text": "<p>Nothing to fold.</p>"},
        ],
    }
    assert fold_index(index)
    a, b = index["docs"]
    assert a[FOLDED["title"]] == "attaches" and a[FOLDED["text"]] == "attache"
    assert a["title"] == "Military Attachés" and a["text"] == "<p>The attaché reports.</p>"  # shown as written
    assert not set(FOLDED.values()) & set(b)
    fields = index["config"]["fields"]
    assert fields[FOLDED["title"]] == {"boost": 1000.0} and fields[FOLDED["text"]] == {"boost": 1.0}
    assert not fold_index({"config": {}, "docs": [b]})


def test_built_index_and_offline_index_have_the_folded_words(site, offline_copy):
    online = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    script = (offline_copy / "search" / "search_index.js").read_text(encoding="utf-8")
    offline = json.loads(script.removeprefix("var __index = "))
    for index, location in ((online, "tools/attaches/"), (offline, "tools/attaches/index.html")):
        assert set(FOLDED.values()) <= set(index["config"]["fields"])
        page = next(doc for doc in index["docs"] if doc["location"] == location)
        assert "attaches" in page[FOLDED["title"]].split() and "Attachés" in page["title"]
    folded = [doc for doc in online["docs"] if set(FOLDED.values()) & set(doc)]
    assert 0 < len(folded) < len(online["docs"]) // 2  # only the entries with accented words
