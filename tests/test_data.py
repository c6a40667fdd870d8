"""Unit tests of the data loaders, validators and macro renderers (no site build)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from case_studies import load_case_studies, render_card, render_table
from conftest import ROOT
from datafile import ContentError
from glossary import load_glossary, render_link, render_page
from learning import count_words, load_learning, reading_minutes

GOOD_TERMS = """\
terms:
  - id: nato
    term: NATO
    abbr: NATO
    aliases: [North Atlantic Treaty Organization]
    short: A military alliance of North American and European states founded in 1949.
    definition: The *North Atlantic Treaty Organization*.
    see_also: [deterrence]
  - id: deterrence
    term: Deterrence
    short: Discouraging an attack by making its costs outweigh its gains.
"""

GOOD_CASES = """\
case_studies:
  - id: us-nato
    title: U.S.–NATO cooperation
    parties: [United States, NATO]
    region: Europe
    kind: alliance
    summary: The enduring partnership between the United States and NATO exemplifies effective military diplomacy.
    terms: [nato]
    pages: [history/case-studies.md]
    source_page: history/case-studies.md
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "data" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def glossary_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ContentError) as info:
        load_glossary(write(tmp_path, "glossary.yml", text), tmp_path)
    return str(info.value)


def cases_error(tmp_path: Path, text: str) -> str:
    glossary = load_glossary(write(tmp_path, "glossary.yml", GOOD_TERMS), tmp_path)
    with pytest.raises(ContentError) as info:
        load_case_studies(write(tmp_path, "case_studies.yml", text), glossary, {"history/case-studies.md"}, tmp_path)
    return str(info.value)


# The project's own data


def test_project_data_is_valid_and_large_enough():
    glossary = load_glossary(ROOT / "data" / "glossary.yml", ROOT)
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    cases = load_case_studies(ROOT / "data" / "case_studies.yml", glossary, pages, ROOT)
    assert len(glossary.terms) >= 30
    assert len(cases.cases) >= 7
    assert {"us-nato", "india-japan", "russia-belarus"} <= set(cases.cases)
    for term in glossary.terms.values():
        assert term.short.endswith(".") and "\n" not in term.short, term.id


# Glossary validation: one test per error class, asserting the message


def test_good_glossary_loads(tmp_path):
    glossary = load_glossary(write(tmp_path, "glossary.yml", GOOD_TERMS), tmp_path)
    assert glossary.terms["nato"].see_also == ("deterrence",)
    assert glossary.source == "data/glossary.yml"


def test_unknown_field_is_named_with_suggestion(tmp_path):
    message = glossary_error(tmp_path, GOOD_TERMS.replace("    abbr: NATO", "    abbrev: NATO"))
    assert message == (
        "data/glossary.yml:4: entry 'nato': unknown field 'abbrev' (did you mean 'abbr'?) — allowed fields: "
        "id, term, abbr, aliases, short, definition, see_also"
    )


def test_missing_required_field(tmp_path):
    message = glossary_error(
        tmp_path, GOOD_TERMS.replace("    short: Discouraging an attack by making its costs outweigh its gains.\n", "")
    )
    assert (
        message
        == "data/glossary.yml:9: entry 'deterrence': field 'short' is missing — add a one-sentence definition (it becomes the tooltip)"
    )


def test_wrong_type(tmp_path):
    message = glossary_error(tmp_path, GOOD_TERMS.replace("see_also: [deterrence]", "see_also: deterrence"))
    assert message.startswith(
        "data/glossary.yml:8: entry 'nato': field 'see_also' must be a list of other glossary ids"
    )


def test_duplicate_id(tmp_path):
    message = glossary_error(tmp_path, GOOD_TERMS.replace("id: deterrence", "id: nato"))
    assert (
        "data/glossary.yml:9: entry 'nato': duplicate id 'nato' (first defined on line 2) — rename one of them"
        in message
    )


def test_duplicate_alias(tmp_path):
    text = GOOD_TERMS + "    aliases: [north atlantic treaty organization]\n"
    message = glossary_error(tmp_path, text)
    assert (
        "entry 'deterrence': duplicate alias 'north atlantic treaty organization' (already used by entry 'nato')"
        in message
    )


def test_see_also_pointing_to_nothing(tmp_path):
    message = glossary_error(tmp_path, GOOD_TERMS.replace("see_also: [deterrence]", "see_also: [deterence]"))
    assert message == (
        "data/glossary.yml:8: entry 'nato': field 'see_also' points to unknown id 'deterence' (did you mean 'deterrence'?)"
        " — use an id defined in data/glossary.yml"
    )


def test_bad_id_format(tmp_path):
    message = glossary_error(tmp_path, GOOD_TERMS.replace("id: deterrence", "id: Deterrence Theory"))
    assert "field 'id' must be lowercase letters, digits and hyphens, e.g. 'deterrence-theory'" in message


def test_tab_indentation_names_line(tmp_path):
    message = glossary_error(tmp_path, GOOD_TERMS.replace("    short: Discouraging", "\tshort: Discouraging"))
    assert (
        message == "data/glossary.yml:11: a tab is used for indentation — YAML needs spaces; replace it with two spaces"
    )


def test_bad_indentation_names_line(tmp_path):
    message = glossary_error(tmp_path, GOOD_TERMS.replace("    term: Deterrence", "      term: Deterrence"))
    assert message.startswith("data/glossary.yml:10: invalid YAML (")
    assert "check the indentation" in message


def test_every_problem_reported_at_once(tmp_path):
    text = GOOD_TERMS.replace("abbr: NATO", "abbrev: NATO").replace("see_also: [deterrence]", "see_also: [nope]")
    text = text.replace("    short: Discouraging an attack by making its costs outweigh its gains.\n", "")
    assert len(glossary_error(tmp_path, text).splitlines()) == 2  # nato's unknown field + deterrence's missing short


def test_missing_top_level_key(tmp_path):
    assert (
        glossary_error(tmp_path, "- id: nato\n")
        == "data/glossary.yml:1: expected a mapping with a 'terms:' list at the top"
    )


# Case-study validation


def test_good_cases_load(tmp_path):
    glossary = load_glossary(write(tmp_path, "glossary.yml", GOOD_TERMS), tmp_path)
    cases = load_case_studies(
        write(tmp_path, "case_studies.yml", GOOD_CASES), glossary, {"history/case-studies.md"}, tmp_path
    )
    assert cases.for_page("history/case-studies.md")[0].id == "us-nato"
    assert cases.filtered(region="europe", kind="alliance") and not cases.filtered(kind="exercise")


def test_case_terms_pointing_to_nothing(tmp_path):
    message = cases_error(tmp_path, GOOD_CASES.replace("terms: [nato]", "terms: [natto]"))
    assert message == (
        "data/case_studies.yml:8: entry 'us-nato': field 'terms' names unknown glossary term 'natto' (did you mean 'nato'?)"
        " — use an id from data/glossary.yml"
    )


def test_case_pages_pointing_to_nothing(tmp_path):
    message = cases_error(tmp_path, GOOD_CASES.replace("history/case-studies.md]", "history/case-study.md]"))
    assert message.startswith(
        "data/case_studies.yml:9: entry 'us-nato': field 'pages' names 'history/case-study.md', which is not a page under docs/"
        " (did you mean 'history/case-studies.md'?)"
    )


def test_case_unknown_kind(tmp_path):
    message = cases_error(tmp_path, GOOD_CASES.replace("kind: alliance", "kind: aliance"))
    assert "field 'kind' is 'aliance' (did you mean 'alliance'?) — use one of: alliance, bilateral" in message


def test_case_duplicate_id_and_missing_field(tmp_path):
    text = GOOD_CASES + GOOD_CASES.split("case_studies:\n")[1].replace("    region: Europe\n", "")
    message = cases_error(tmp_path, text)
    assert "data/case_studies.yml:11: entry 'us-nato': field 'region' is missing" in message


# Rendering and escaping


def test_term_link_has_tooltip_and_anchor():
    glossary_term = load_glossary(ROOT / "data" / "glossary.yml", ROOT).terms["nato"]
    link = BeautifulSoup(str(render_link(glossary_term, "the Alliance", "../glossary/")), "html.parser").a
    assert link["href"] == "../glossary/#nato" and link["title"] == glossary_term.short
    assert link.get_text() == "the Alliance" and link["data-term"] == "nato"


def test_data_is_escaped_everywhere(tmp_path):
    evil = GOOD_TERMS.replace(
        "short: A military alliance of North American and European states founded in 1949.",
        'short: \'Bad " onmouseover="alert(1)" <script>alert(2)</script>\'',
    ).replace("definition: The *North Atlantic Treaty Organization*.", "definition: <script>alert(3)</script> <b>x</b>")
    glossary = load_glossary(write(tmp_path, "glossary.yml", evil), tmp_path)
    link = BeautifulSoup(str(render_link(glossary.terms["nato"], None, "g/")), "html.parser")
    assert not link.find("script") and link.a.attrs.keys() == {"class", "data-term", "href", "title"}
    assert link.a["title"].startswith('Bad " onmouseover=')
    page = render_page(glossary)
    assert "<script>" not in page and "&#60;script&#62;alert(3)" in page and "<b>" not in page
    cases = load_case_studies(
        write(
            tmp_path,
            "case_studies.yml",
            GOOD_CASES.replace("title: U.S.–NATO cooperation", "title: '<img src=x onerror=alert(4)>'"),
        ),
        glossary,
        {"history/case-studies.md"},
        tmp_path,
    )
    card = str(render_card(cases.cases["us-nato"], "x/", lambda t: render_link(glossary.terms[t], None, "g/")))
    table = str(render_table(list(cases.cases.values()), lambda c: "x/"))
    for html in (card, table):
        assert not BeautifulSoup(html, "html.parser").find("img") and "&#60;img src=x" in html


def test_card_and_table_content(tmp_path):
    glossary = load_glossary(write(tmp_path, "glossary.yml", GOOD_TERMS), tmp_path)
    cases = load_case_studies(
        write(tmp_path, "case_studies.yml", GOOD_CASES), glossary, {"history/case-studies.md"}, tmp_path
    )
    card = BeautifulSoup(
        str(
            render_card(
                cases.cases["us-nato"], "../cases/us-nato/", lambda t: render_link(glossary.terms[t], None, "g/")
            )
        ),
        "html.parser",
    )
    assert card.h3.get_text() == "U.S.–NATO cooperation"
    assert "United States, NATO" in card.get_text() and "Europe" in card.get_text() and "alliance" in card.get_text()
    assert card.select_one("blockquote[data-article-quote]").get_text().startswith("The enduring partnership")
    assert card.select_one("a.glossary-term")["data-term"] == "nato"
    assert card.select_one(".case-card__more a")["href"] == "../cases/us-nato/"


# Learning helpers


def test_reading_time_and_word_count():
    assert count_words("<p>One two <a href='x'>three</a></p><p>four’s five-six</p>") == 5
    assert reading_minutes(99) == 1 and reading_minutes(301) == 2 and reading_minutes(500) == 3


def test_learning_data_covers_every_chapter():
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    learning = load_learning(ROOT / "data" / "learning.yml", pages, ROOT)
    assert len(learning.chapters) == 16
    for chapter in learning.chapters.values():
        assert 3 <= len(chapter.questions) <= 5 and chapter.objectives and chapter.takeaways


def test_learning_errors_name_the_chapter(tmp_path):
    path = write(
        tmp_path,
        "learning.yml",
        "chapters:\n  a.md:\n    objectives: [x, y]\n    takeaways: [x, y]\n    questions:\n      - q: Why\n",
    )
    with pytest.raises(ContentError) as info:
        load_learning(path, {"a.md"}, tmp_path)
    assert "data/learning.yml:5: chapter 'a.md': field 'questions' needs 3–5 items, has 1" in str(info.value)
