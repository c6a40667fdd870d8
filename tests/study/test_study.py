"""Flashcards and progress, the build's side (hooks/course_reader/study/flashcards.py, hooks/course_reader/study/progress.py, hooks/course_reader/study/study.py): the cards and
the chapter where each term is first met, the Anki deck's format, and the pages that carry them. The browser side:
tests/browser/test_browser_study.py."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from course_reader.content.glossary import load_glossary
from course_reader.core.fields import one_line
from course_reader.study.flashcards import ANKI_FILE, Card, anki_deck, first_chapters, make_cards, render_deck
from course_reader.study.progress import render_part, render_summary
from support.export_readers import anki_rows
from support.helpers import built_path, html_pages, nav_sources, soup
from support.project import ROOT

GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml", ROOT)
HEADERS = ["#separator:tab", "#html:false", "#notetype:Basic (and reversed card)"]


class _Cases:
    def __init__(self, cards: dict[str, list]) -> None:
        self.cards = cards

    def for_page(self, src: str) -> list:
        return self.cards.get(src, [])


def test_first_chapter_is_the_first_in_reading_order():
    calls = {"b.md": ["nato", "deterrence"], "a.md": ["deterrence"], "c.md": ["nato"]}
    cases = _Cases({"c.md": [SimpleNamespace(terms=["rimpac", "nato"])]})
    first = first_chapters(calls, ["a.md", "b.md", "c.md"], cases)
    assert first == {"deterrence": "a.md", "nato": "b.md", "rimpac": "c.md"}


def test_cards_follow_the_glossary_and_name_their_chapter():
    cards = make_cards(GLOSSARY, {"nato": "history/alliances.md"}, lambda src: f"2.1 {src}")
    assert [c.id for c in cards] == list(GLOSSARY.terms)
    nato = next(c for c in cards if c.id == "nato")
    assert (nato.term, nato.short) == (GLOSSARY.terms["nato"].term, GLOSSARY.terms["nato"].short)
    assert (nato.chapter, nato.chapter_title) == ("history/alliances.md", "2.1 history/alliances.md")
    assert all(c.chapter is None and c.chapter_title == "" for c in cards if c.id != "nato")


ODD = [
    Card("x", 'The "quoted" <b>term</b>', "Tab\there, new\nline & <script>", "a.md", "1 A"),
    Card("y", "Plain", "No chapter.", None, ""),
]


def read_anki(text: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows as Anki's importer reads the file (tab-separated, double quotes around a field)."""
    lines = text.splitlines()
    headers = [line for line in lines if line.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines[len(headers) :])), delimiter="\t", quotechar='"'))
    return headers, rows


def test_anki_deck_is_anki_text_import_format():
    headers, rows = read_anki(anki_deck(ODD, deck="Reader::Glossary", tag="my reader"))
    assert headers[:3] == HEADERS
    assert "#deck:Reader::Glossary" in headers and "#columns:Front\tBack\tTags\tGUID" in headers
    assert "#tags column:3" in headers and "#guid column:4" in headers
    assert rows == [
        ['The "quoted" <b>term</b>', "Tab here, new line & <script> (First met in 1 A.)", "my_reader", "my_reader-x"],
        ["Plain", "No chapter.", "my_reader", "my_reader-y"],
    ]


@settings(max_examples=300, deadline=None)
@given(
    term=st.text(st.characters(exclude_categories=("Cs",)), min_size=1).filter(lambda t: bool(one_line(t))),
    short=st.text(st.characters(exclude_categories=("Cs",)), min_size=1).filter(lambda t: bool(one_line(t))),
)
def test_anki_reads_every_field_back(term, short):
    """Issue 26: a term starting with '#' (Anki's comment character) was skipped by Anki's importer."""
    rows = anki_rows(anki_deck([Card("x", term, short, None, "")], deck="Deck", tag="#my reader"))
    assert rows == [[one_line(term), one_line(short), "#my_reader", "#my_reader-x"]]


def test_deck_html_escapes_the_glossary_text():
    html = str(render_deck(ODD, href=lambda src: f"../{src}", anki_href="deck.txt"))
    parsed = BeautifulSoup(html, "html.parser")
    assert not parsed.find(["b", "script"])
    assert parsed.select_one("[data-card='x'] dt").get_text() == 'The "quoted" <b>term</b>'
    assert parsed.select_one("[data-card='x'] .reader-card__where a")["href"] == "../a.md"
    assert not parsed.select_one("[data-card='y'] .reader-card__where")
    assert parsed.select_one("a[download]")["href"] == "deck.txt"


def test_progress_parts():
    chapters = BeautifulSoup(str(render_part("chapters", [("../a/", "1 <A> *b*")])), "html.parser")
    link = chapters.select_one("[data-progress-chapters] li > a")
    assert (link["href"], link.get_text()) == ("../a/", "1 <A> *b*") and not link.find(True)
    tools = BeautifulSoup(str(render_part("data", [])), "html.parser")
    assert tools.select_one("[data-progress-tools]").has_attr("hidden")
    assert [b.get_text() for b in tools.select("button")] == [
        "Export my progress",
        "Import progress…",
        "Forget my progress",
    ]
    assert "review later" in str(render_part("review", []))
    assert 'href="p/"' in str(render_summary("p/"))


def test_progress_counts_chapters_and_sections_apart():
    """The reader numbers chapters 1 to 10 and their sections 2.1 …: each count is given a selector for each."""
    part = BeautifulSoup(
        str(render_part("chapters", [("a/", "2 History"), ("b/", "2.1 Alliances"), ("c/", "10 End")])), "html.parser"
    )
    chapters, sections = part.select_one("[data-progress-count]")["data-progress-count"].split("|")
    assert [a["href"] for a in part.select(chapters)] == ["a/", "c/"]
    assert [a["href"] for a in part.select(sections)] == ["b/"]
    summary = BeautifulSoup(str(render_summary("p/")), "html.parser").select_one("[data-progress-count]")
    assert [s.strip() for s in summary["data-progress-count"].split("|")] == [
        "table.course-map .course-map__top a[href]",
        "table.course-map .course-map__sub a[href]",
    ]
    with pytest.raises(ValueError, match="unknown part 'nope'"):
        render_part("nope", [])


# The built site


def test_flashcards_page_has_every_term_with_its_first_chapter(site):
    page = soup(built_path(site, "flashcards.md"))
    cards = page.select("[data-flashcards] [data-card]")
    assert [c["data-card"] for c in cards] == list(GLOSSARY.terms)
    reading = [  # the home page and the chapters: not the glossary, study, instructors' or case-study pages
        src
        for src in nav_sources()
        if src not in ("glossary.md", "download.md", "progress.md", "flashcards.md")
        and not src.startswith(("cases/", "instructors/"))
    ]
    used = {el["data-term"] for src in reading for el in soup(built_path(site, src)).select("article [data-term]")}
    for card in cards:
        term = GLOSSARY.terms[card["data-card"]]
        assert card.select_one("dt").get_text() == term.term
        assert card.select_one("dd > p").get_text() == term.short
        link = card.select_one(".reader-card__where a")
        if term.id not in used:  # e.g. defense diplomacy: the glossary sets it against the article's term
            assert link is None, f"{term.id}: no chapter shows it, yet its card names one"
            continue
        assert link, f"{term.id}: no chapter"
        chapter = (built_path(site, "flashcards.md").parent / link["href"]).resolve() / "index.html"
        shown = soup(chapter).select(f"article [data-term='{term.id}']")
        assert shown, f"{term.id}: {link['href']} does not show the term"
    assert any(s["src"] == "../assets/flashcards.js" for s in page.select("script[src]"))


def test_only_the_flashcards_page_loads_its_script(site):
    for path in html_pages(site):
        scripts = [s["src"] for s in soup(path).select("script[src]")]
        if path.parent.name != "flashcards":
            assert not any(s.endswith("flashcards.js") for s in scripts), path
        if "print_page" not in path.parts:
            assert any(s.endswith("assets/course.js") for s in scripts), path  # progress.js, bundled


def test_anki_deck_is_written_into_the_site_and_the_offline_copy(site, offline_copy):
    text = (site / ANKI_FILE).read_text(encoding="utf-8")
    headers, rows = read_anki(text)
    assert headers[:3] == HEADERS and len(rows) == len(GLOSSARY.terms)
    assert {row[0] for row in rows} == {t.term for t in GLOSSARY.terms.values()}
    page = soup(built_path(site, "flashcards.md"))
    unmet = {  # terms no chapter shows (defense diplomacy): their cards name no chapter
        GLOSSARY.terms[c["data-card"]].term
        for c in page.select("[data-flashcards] [data-card]")
        if not c.select_one(".reader-card__where a")
    }
    assert len(unmet) < len(rows) / 10, unmet
    assert all(len(row) == 4 and ("(First met in " in row[1]) is (row[0] not in unmet) for row in rows)
    assert (offline_copy / ANKI_FILE).read_text(encoding="utf-8") == text
    link = soup(built_path(site, "flashcards.md")).select_one("a[download]")
    assert (built_path(site, "flashcards.md").parent / link["href"]).resolve() == (site / ANKI_FILE).resolve()


def test_progress_page_lists_every_chapter_and_says_nothing_leaves(site):
    page = soup(built_path(site, "progress.md"))
    links = page.select("[data-progress-chapters] a")
    assert len(links) == 16
    assert links[2].get_text() == "2.1 Evolution of Military Alliances"
    assert (built_path(site, "progress.md").parent / links[2]["href"]).resolve() == (site / "history" / "alliances")
    assert "Nothing leaves your device" in page.select_one("article").get_text()
    assert page.select_one("[data-progress-tools][hidden]") and page.select_one("[data-review-list]")


def test_home_links_the_progress_page_over_the_course_map(site):
    home = soup(site / "index.html")
    summary = home.select_one(".reader-progress-summary")
    assert summary.find_next("table")["class"] == ["course-map"]
    href = summary.select_one("a")["href"]
    assert (Path(site) / href).resolve() == (site / "progress").resolve()
