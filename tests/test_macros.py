"""The macros (course_reader/macros/), registered and called as mkdocs-macros does, on a build state with the
project's data."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from mkdocs.structure.files import File, Files

import course_reader.macros as course_macros
from conftest import ROOT
from course_reader.macros import reader as macros

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

    def at(src_uri: str, next_src: str | None = None, meta: dict | None = None) -> SimpleNamespace:
        next_page = SimpleNamespace(file=files.get_file_from_path(next_src)) if next_src else None
        env.page = SimpleNamespace(file=files.get_file_from_path(src_uri), next_page=next_page, meta=meta or {})
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


def test_case_cards_can_be_switched_off_per_page(here, course_build):
    page = next(iter(course_build.cases.for_page("history/case-studies.md") and ["history/case-studies.md"]))
    course_build.files.append(File(page, str(ROOT / "docs"), "/tmp/site", True))
    assert here(page).registered["related_cases"]().startswith("## Case studies in this chapter")
    assert here(page, meta={"case_cards": False}).registered["related_cases"]() == ""
