"""The case-studies module (hooks/case_studies.py): what a card shows."""

from __future__ import annotations

from bs4 import BeautifulSoup
from markupsafe import Markup

from case_studies import CaseStudy, render_card

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
