"""The case-studies module (hooks/course_reader/content/case_studies.py): loading and validating the data, what a card and the table show."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from course_reader.content.case_studies import CaseStudies, CaseStudy, load_case_studies, render_card, render_table
from course_reader.content.glossary import Glossary, load_glossary, render_link
from support.data_fixtures import EVIL_TERMS, GOOD_CASES, GOOD_TERMS, load_error, project_pages, write
from support.project import ROOT

CASE = CaseStudy(
    id="x",
    title="X–Y partnership",
    parties=("X", "Y"),
    region="Europe",
    kind="alliance",
    summary="The words of the article.",
    summary_source="verbatim",
    source_page="history/case-studies.md",
    tools=("joint exercises", "arms sales", "training"),
    pages=("history/case-studies.md",),
)


def _card(case: CaseStudy) -> BeautifulSoup:
    return BeautifulSoup(str(render_card(case, "../cases/x/", lambda t: Markup(t))), "html.parser")


def test_the_facts_list_every_party_and_every_tool():
    facts = {div.dt.get_text(): div.dd.get_text() for div in _card(CASE).select("dl.case-facts > div")}
    assert facts == {
        "Parties": "X, Y",
        "Region": "Europe",
        "Kind": "alliance",
        "Tools": "joint exercises, arms sales, training",
    }


def test_a_verbatim_summary_is_a_marked_quotation():
    quote = _card(CASE).select_one("blockquote.case-summary[data-article-quote]")
    assert quote is not None and quote.get_text() == "The words of the article."


def test_a_paraphrase_is_labelled_and_never_marked_as_the_articles_words():
    card = _card(CaseStudy(**{**CASE.__dict__, "summary_source": "paraphrase"}))
    assert card.select("[data-article-quote]") == [] and card.select("blockquote") == []
    summary = card.select_one("p.case-summary")
    assert summary.select_one(".case-summary__label").get_text() == "The article, paraphrased:"
    assert summary.get_text().endswith("The words of the article.")


# Loading data/case_studies.yml: the project's own data, and one message per error class


def load_good_cases(tmp_path: Path, text: str = GOOD_CASES, terms: str = GOOD_TERMS) -> tuple[Glossary, CaseStudies]:
    glossary = load_glossary(write(tmp_path, "glossary.yml", terms), tmp_path)
    cases = load_case_studies(
        write(tmp_path, "case_studies.yml", text), glossary, {"history/case-studies.md"}, tmp_path
    )
    return glossary, cases


def cases_error(tmp_path: Path, text: str) -> str:
    glossary = load_glossary(write(tmp_path, "glossary.yml", GOOD_TERMS), tmp_path)
    pages = {"history/case-studies.md"}
    return load_error(
        lambda path: load_case_studies(path, glossary, pages, tmp_path), write(tmp_path, "case_studies.yml", text)
    )


def test_project_data_is_valid_and_large_enough():
    glossary = load_glossary(ROOT / "data" / "glossary.yml", ROOT)
    cases = load_case_studies(ROOT / "data" / "case_studies.yml", glossary, project_pages(ROOT), ROOT)
    assert len(cases.cases) >= 7
    assert {"us-nato", "india-japan", "russia-belarus"} <= set(cases.cases)


def test_good_cases_load(tmp_path):
    _, cases = load_good_cases(tmp_path)
    assert cases.for_page("history/case-studies.md")[0].id == "us-nato"
    assert cases.filtered(region="europe", kind="alliance") and not cases.filtered(kind="exercise")


def test_case_terms_pointing_to_nothing(tmp_path):
    message = cases_error(tmp_path, GOOD_CASES.replace("terms: [nato]", "terms: [natto]"))
    assert message == (
        "data/case_studies.yml:8: entry 'us-nato': field 'terms' names unknown glossary term 'natto' (did you mean 'nato'?)"
        " — use an id from data/glossary.yml"
    )


# (text in GOOD_CASES, replaced by, a part of the message)
PARTIAL_ERRORS = {
    "pages-pointing-to-nothing": (
        "history/case-studies.md]",
        "history/case-study.md]",
        "data/case_studies.yml:9: entry 'us-nato': field 'pages' names 'history/case-study.md', which is not a page "
        "under docs/ (did you mean 'history/case-studies.md'?)",
    ),
    "unknown-kind": (
        "kind: alliance",
        "kind: aliance",
        "field 'kind' is 'aliance' (did you mean 'alliance'?) — use one of: alliance, bilateral",
    ),
}


@pytest.mark.parametrize(("old", "new", "message"), PARTIAL_ERRORS.values(), ids=PARTIAL_ERRORS.keys())
def test_a_case_study_error_is_named(tmp_path, old, new, message):
    assert message in cases_error(tmp_path, GOOD_CASES.replace(old, new))


def test_case_duplicate_id_and_missing_field(tmp_path):
    text = GOOD_CASES + GOOD_CASES.split("case_studies:\n")[1].replace("    region: Europe\n", "")
    message = cases_error(tmp_path, text)
    assert "data/case_studies.yml:11: entry 'us-nato': field 'region' is missing" in message


# Rendering and escaping


def test_case_data_is_escaped_in_cards_and_tables(tmp_path):
    evil = GOOD_CASES.replace("title: U.S.–NATO cooperation", "title: '<img src=x onerror=alert(4)>'")
    glossary, cases = load_good_cases(tmp_path, evil, EVIL_TERMS)
    card = str(render_card(cases.cases["us-nato"], "x/", lambda t: render_link(glossary.terms[t], None, "g/")))
    table = str(render_table(list(cases.cases.values()), lambda c: "x/"))
    for html in (card, table):
        assert not BeautifulSoup(html, "html.parser").find("img") and "&#60;img src=x" in html


def test_card_and_table_content(tmp_path):
    glossary, cases = load_good_cases(tmp_path)
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
