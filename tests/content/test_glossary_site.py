"""Glossary and case studies in the built site: links, tooltips, backlinks, cards, pages, index."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from course_reader.content.case_studies import load_case_studies
from course_reader.content.glossary import load_glossary
from support.helpers import built_path
from support.helpers import edition_pages as html_pages
from support.helpers import fresh_soup as soup
from support.project import ROOT

GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml", ROOT)
CASES = load_case_studies(
    ROOT / "data" / "case_studies.yml",
    GLOSSARY,
    {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")},
    ROOT,
)


def resolve(page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    target = (page.parent / parts.path).resolve() if parts.path else page.resolve()
    return (target / "index.html" if target.is_dir() else target), parts.fragment


@pytest.fixture(scope="module")
def glossary_page(site) -> Path:
    return site / "glossary" / "index.html"


def test_every_term_link_points_at_its_glossary_anchor_and_carries_its_definition(site, glossary_page):
    anchors = {el["id"] for el in soup(glossary_page).select("[id]")}
    count = 0
    for page in html_pages(site):
        html = soup(page)
        for link in html.select("a.glossary-term"):
            term = GLOSSARY.terms[link["data-term"]]
            target, fragment = resolve(page, link["href"])
            assert target == glossary_page.resolve() and fragment == term.id and fragment in anchors
            # the definition is the link's description, carried once per page (hooks/course_reader/site/previews.py), not a title
            assert "title" not in link.attrs and html.find(id=link["aria-describedby"]).get_text() == term.short
            count += 1
    assert count > 150


def test_glossary_page_has_every_entry_letters_and_see_also(glossary_page):
    html = soup(glossary_page)
    for term in GLOSSARY.terms.values():
        entry = html.find(id=term.id)
        assert entry is not None and term.term in entry.get_text(), term.id
    letters = [a.get_text() for a in html.select(".glossary-az a")]
    assert letters == sorted(letters) and {"A", "N", "R"} <= set(letters)
    for a in html.select(".glossary-az a"):
        assert html.find(id=a["href"][1:]), a["href"]
    assert html.select(".glossary-see-also a")


def uses_in_site(site: Path) -> dict[str, set[Path]]:
    uses = defaultdict(set)
    for page in html_pages(site):
        if page.parent.name == "glossary":
            continue
        for link in soup(page).select("article a.glossary-term"):
            uses[link["data-term"]].add(page.resolve())
    return uses


def test_backlinks_are_exactly_the_pages_that_use_each_term(site, glossary_page):
    uses = uses_in_site(site)
    html = soup(glossary_page)
    for term_id in GLOSSARY.terms:
        heading = html.find(id=term_id)
        block = heading.find_next(class_="glossary-backlinks")
        linked = {resolve(glossary_page, a["href"])[0] for a in block.select("a")}
        assert linked == uses[term_id], term_id
        for a in block.select("a"):  # the section anchor exists on the target page
            target, fragment = resolve(glossary_page, a["href"])
            assert not fragment or soup(target).find(id=fragment), a["href"]


def test_backlinks_name_sections(glossary_page):
    block = soup(glossary_page).find(id="nato").find_next(class_="glossary-backlinks")
    assert any("›" in a.get_text() for a in block.select("a"))


def test_backlinks_are_in_reading_order_with_chapter_numbers(site, glossary_page):
    html = soup(glossary_page)
    order = [resolve(glossary_page, a["href"])[0] for a in html.select(".md-nav--primary a.md-nav__link[href]")]
    for term_id in GLOSSARY.terms:
        block = html.find(id=term_id).find_next(class_="glossary-backlinks")
        places = [order.index(resolve(glossary_page, a["href"])[0]) for a in block.select("a")]
        assert places == sorted(places), f"{term_id}: 'Appears in' is not in reading order"
        for a in block.select("a"):
            target = soup(resolve(glossary_page, a["href"])[0])
            number = target.select_one("article h1 .chapter-number")
            if number is not None:  # a chapter is named with its number, as the navigation names it
                assert a.get_text().startswith(number.get_text() + " "), a.get_text()
    nato = [a.get_text() for a in html.find(id="nato").find_next(class_="glossary-backlinks").select("a")]
    assert nato[0].startswith("2 Historical Context") and any(t.startswith("2.1 ") for t in nato)


def test_every_term_is_used(site):
    assert set(uses_in_site(site)) == set(GLOSSARY.terms)


def test_term_is_linked_at_first_mention_only(site):
    for page in html_pages(site):
        article = soup(page).select_one("article")
        for node in article.select(".case-card, #related-material ~ *, .glossary-backlinks"):
            node.decompose()
        ids = [a["data-term"] for a in article.select("a.glossary-term")]
        assert len(ids) == len(set(ids)), f"{page}: {sorted(i for i in ids if ids.count(i) > 1)}"


def test_each_case_study_has_its_page_and_card(site):
    for case in CASES.cases.values():
        page = site / "cases" / case.id / "index.html"
        html = soup(page)
        assert html.h1.get_text(strip=True).startswith(case.title)
        card = html.select_one(".case-card")
        assert card and case.region in card.get_text() and case.kind in card.get_text()
        back = {resolve(page, a["href"])[0] for a in html.select("article a[href]")}
        for src in case.pages:  # links back to every chapter that discusses it
            assert built_path(site, src).resolve() in back, (case.id, src)


def test_case_study_index_lists_all_with_region_and_kind(site):
    page = site / "cases" / "index.html"
    table = soup(page).select_one("table.case-table")
    rows = table.select("tbody tr")
    assert len(rows) == len(CASES.cases)
    for row, case in zip(rows, CASES.cases.values(), strict=True):
        cells = [td.get_text(strip=True) for td in row.select("td")]
        assert cells[0] == case.title and cells[2] == case.region and cells[3] == case.kind
        assert resolve(page, row.a["href"])[0] == (site / "cases" / case.id / "index.html").resolve()
    europe = soup(page).find(id="europe").find_next("table")
    assert {r.a.get_text() for r in europe.select("tbody tr")} == {c.title for c in CASES.filtered(region="Europe")}


def test_chapters_show_their_case_studies(site):
    for case in CASES.cases.values():
        for src in case.pages:
            if src == "history/case-studies.md":
                continue
            cards = {c["aria-labelledby"] for c in soup(built_path(site, src)).select(".case-card")}
            assert f"card-{case.id}" in cards, (case.id, src)


def test_search_index_finds_terms_and_case_studies(site):
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]

    def pages_with(word):
        return {d["location"].split("#")[0] for d in docs if word.lower() in (d["title"] + " " + d["text"]).lower()}

    assert "glossary/" in pages_with("RIMPAC") and "tools/exercises/" in pages_with("RIMPAC")
    assert "glossary/" in pages_with("attaché") and "tools/attaches/" in pages_with("attaché")
    assert "cases/russia-belarus/" in pages_with("Belarus")
