"""The macros (course_reader/macros/), registered and called as mkdocs-macros does, on a build state with the
project's data."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from mkdocs.structure.files import File, Files

import course_reader.macros as course_macros
from course_reader.macros import reader as macros
from support.project import ROOT

PAGES = ["index.md", "history/index.md", "history/alliances.md", "glossary.md", "download.md", "cases/index.md"]


@pytest.fixture
def here(course_build):
    files = Files([File(src, str(ROOT / "docs"), "/tmp/site", True) for src in PAGES])
    for case in course_build.cases.cases.values():
        files.append(File(case.src_uri, str(ROOT / "docs"), "/tmp/site", True))
    course_build.files = files
    course_build.titles = {"history/index.md": "History", "history/alliances.md": "Alliances", "index.md": "Home"}
    course_build.numbers = {"history/index.md": "2", "history/alliances.md": "2.1"}
    env = SimpleNamespace(page=None, registered={}, pre_macro_functions=[], post_macro_functions=[])
    env.register_macros = env.registered.update
    course_macros.on_config(SimpleNamespace(plugins={"macros": env}))

    def at(src_uri: str, next_src: str | None = None, meta: dict | None = None, markdown: str = "") -> SimpleNamespace:
        next_page = SimpleNamespace(file=files.get_file_from_path(next_src)) if next_src else None
        env.page = SimpleNamespace(
            file=files.get_file_from_path(src_uri), next_page=next_page, meta=meta or {}, markdown=markdown
        )
        return env

    return at


def test_every_macro_is_registered_under_its_name(here):
    env = here("index.md")
    assert set(env.registered) == {m.__name__ for m in course_macros.ALL}
    assert {"term", "case_study", "case_studies", "objectives", "chapter_end", "course_map"} <= set(env.registered)


def test_term_links_to_the_glossary_from_the_page(here):
    env = here("history/alliances.md")
    link = BeautifulSoup(str(env.registered["term"]("nato", "the Alliance")), "html.parser").a
    assert link["href"] == "../../glossary/#nato" and link.get_text() == "the Alliance"
    with pytest.raises(Exception, match=r"^docs/history/alliances.md: unknown glossary term 'natto'"):
        env.registered["term"]("natto")


def test_related_material_lists_terms_once_in_order_and_the_numbered_next_page(here, course_build):
    course_build.term_calls["history/index.md"] = ["nato", "deterrence", "nato"]
    env = here("history/index.md", next_src="history/alliances.md")
    text = macros.related(macros.Here(env))
    terms = [line for line in text.splitlines() if line.startswith("**Glossary terms on this page:**")]
    assert terms == [
        "**Glossary terms on this page:** [NATO](../glossary.md#nato), [Deterrence](../glossary.md#deterrence)"
    ], "each term once, in the order the page first uses it"
    assert "**Next:** [2.1 Alliances](alliances.md)" in text
    assert text.startswith('<section class="related-material web-only" markdown>') and text.endswith("</section>\n")


def test_the_course_map_has_a_row_per_numbered_chapter(here):
    env = here("index.md")
    html = BeautifulSoup(env.registered["course_map"](), "html.parser")
    rows = [[td.get_text() for td in tr.select("td, th")][:3] for tr in html.select("table.course-map tbody tr")]
    assert rows == [["2", "History", " min"], ["2.1", "Alliances", " min"]]
    assert html.select_one("tr.course-map__sub a")["href"] == "history/alliances/"
    assert "<!-- reader:minutes:history/alliances.md -->" in str(html)
    assert [tr["class"] for tr in html.select("tbody tr")] == [["course-map__top"], ["course-map__sub"]]
    labels = [td.get("data-label") for td in html.select("tbody tr")[0].select("td")]
    assert labels == [None, "Reading time", "You will learn to", "Self-check"]  # the phone's cards label each cell
    start = html.select_one("p.reader-start a.md-button--primary")
    assert start["href"] == "history/" and start.has_attr("data-continue") and start.get_text() == "Start reading"


def test_the_start_button_goes_first_and_is_marked_for_the_screen_only(here):
    env = here("index.md")
    html = BeautifulSoup(env.registered["start_reading"](), "html.parser")
    block = html.select_one("p")
    assert block["class"] == ["reader-start", "web-only"]
    assert [a.get_text() for a in block.select("a")] == ["Start reading", "See the course map"]
    assert block.a["href"] == "history/" and block.select("a")[1]["href"] == "#course-map"


def test_a_card_in_the_chapter_its_summary_comes_from_points_to_the_paragraph(here, course_build):
    case = course_build.cases.cases["us-gulf"]
    course_build.files.append(File(case.source_page, str(ROOT / "docs"), "/tmp/site", True))
    course_build.files.append(File("regions/us-china.md", str(ROOT / "docs"), "/tmp/site", True))
    summary = " ".join(case.summary.split()[:12])  # more than the pointer quotes
    chapter = (ROOT / "docs" / case.source_page).read_text(encoding="utf-8").split("---\n", 2)[2]
    inside = BeautifulSoup(
        str(here(case.source_page, markdown=chapter).registered["case_study"]("us-gulf")), "html.parser"
    )
    assert summary not in inside.get_text(" "), "the card repeats the paragraph the reader has just read"
    pointer = inside.select_one(".case-summary--above")
    assert pointer.a["href"] == "#p-a-prominent-example-of-military-diplomacy"
    assert "the paragraph beginning “A prominent example of military diplomacy and national…”" in pointer.get_text()
    elsewhere = BeautifulSoup(str(here("regions/us-china.md").registered["case_study"]("us-gulf")), "html.parser")
    assert not elsewhere.select(".case-summary--above") and summary in elsewhere.blockquote.get_text(" ")
    unrelated = here(case.source_page, markdown="Nothing here is about the Gulf.\n").registered["case_study"]("us-gulf")
    assert summary in BeautifulSoup(str(unrelated), "html.parser").blockquote.get_text(" "), "no paragraph: the quote"


def test_case_cards_can_be_switched_off_per_page(here, course_build):
    page = next(iter(course_build.cases.for_page("history/case-studies.md") and ["history/case-studies.md"]))
    course_build.files.append(File(page, str(ROOT / "docs"), "/tmp/site", True))
    assert here(page).registered["related_cases"]().startswith("## Case studies in this chapter")
    assert here(page, meta={"case_cards": False}).registered["related_cases"]() == ""
