"""Learning features in the built site: numbering, objectives/takeaways/questions, reading time, course map (citations: tests/study/test_citations.py)."""

from __future__ import annotations

import pytest

from course_reader.content.learning import load_learning
from course_reader.content.reading_time import reading_minutes
from support.helpers import built_path, nav_sources
from support.helpers import fresh_soup as soup
from support.project import ROOT

CHAPTERS = [
    src
    for src in nav_sources()
    if src != "index.md"
    and not src.startswith(("cases/", "glossary", "download", "progress", "flashcards", "instructors/"))
]
LEARNING = load_learning(
    ROOT / "data" / "learning.yml",
    {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")},
    ROOT,
)
EXPECTED_NUMBERS = ["1", "2", "2.1", "2.2", "3", "4", "5", "6", "6.1", "6.2", "7", "7.1", "7.2", "8", "9", "10"]


def test_numbers_follow_the_nav_order(site):
    numbers = [soup(built_path(site, src)).select_one("h1 .chapter-number").get_text() for src in CHAPTERS]
    assert numbers == EXPECTED_NUMBERS
    titles = [soup(built_path(site, src)).title.get_text() for src in CHAPTERS]
    assert all(t.startswith(n + " ") for t, n in zip(titles, numbers, strict=True))


def test_nav_shows_numbers(site):
    nav = soup(site / "index.html").select_one("nav.md-nav--primary").get_text(" ")
    for label in ("2.1 Evolution of Military Alliances", "6 Regional Dynamics", "10 Concluding Insights"):
        assert label in " ".join(nav.split())


@pytest.mark.parametrize("src", CHAPTERS)
def test_every_chapter_has_objectives_takeaways_and_questions(site, src):
    html = soup(built_path(site, src))
    article = html.select_one("article")
    objectives = article.select_one(".admonition.learning-objectives")
    takeaways = article.select_one(".admonition.key-takeaways")
    assert objectives and takeaways
    assert objectives.sourceline < takeaways.sourceline, "objectives open, takeaways close the chapter"
    chapter = LEARNING.chapters[src]
    assert [li.get_text(" ", strip=True) for li in objectives.select("li")] == list(chapter.objectives)
    details = article.select(".self-check details.question")
    assert 3 <= len(details) <= 5 and len(details) == len(chapter.questions)
    for d, question in zip(details, chapter.questions, strict=True):
        assert d.summary.get_text(strip=True).endswith(question.q)  # the <summary> is keyboard-focusable natively
        body = " ".join(d.get_text(" ").split())
        assert question.a in body
        support = d.select_one(".self-check__support")
        assert support.select_one(".self-check__level").get_text() == question.level.capitalize()
        assert body.endswith(" ".join(support.get_text(" ").split())), "the support follows the answer"
        assert not d.has_attr("open"), "answers unfold on click"


@pytest.mark.parametrize("src", ["index.md", *CHAPTERS])
def test_reading_time_matches_the_built_page(site, src):
    article = soup(built_path(site, src)).select_one("article")
    badge = article.select_one(".reading-time")
    label, counted = badge.get_text(), int(badge["data-words"])
    # not counted: what the page adds around the text, the course-map table, glossary backlink lists
    for node in article.select(
        ".reading-time, .cite-this, .md-content__button, .md-source-file, table.course-map, .glossary-backlinks"
    ):
        node.decompose()
    assert label == f"{reading_minutes(counted)} min read"  # the rounding: tests/content/test_learning.py, fixed values
    spaced = len(article.get_text(" ").split())  # a rough, independent count of the same text
    assert 0.9 * spaced <= counted <= 1.05 * spaced


def test_course_map_lists_every_chapter(site):
    home = soup(site / "index.html")
    rows = home.select("table.course-map tbody tr")
    assert [r.td.get_text() for r in rows] == EXPECTED_NUMBERS
    for row, src in zip(rows, CHAPTERS, strict=True):
        page = built_path(site, src)
        assert (site / row.a["href"]).resolve() / "index.html" == page.resolve() or (
            site / row.a["href"]
        ).resolve() == page.resolve()
        minutes = soup(page).select_one(".reading-time").get_text().split()[0]
        assert row.th["scope"] == "row" and row.th.a is row.a  # the chapter names its row
        assert row.select("td")[1].get_text() == f"{minutes} min"
        assert row.select("td")[2].get_text() == LEARNING.chapters[src].objectives[0]
        mix = LEARNING.chapters[src].level_mix()
        assert row.select("td")[3].get_text() == " · ".join(f"{n} {level}" for level, n in mix.items())
    start = home.select_one("a.md-button--primary")
    assert start.get_text() == "Start reading" and start["href"].startswith("role")


def test_related_material_links_next_chapter(site):
    related = soup(built_path(site, "tools/exercises.md")).find(id="related-material")
    text = " ".join(related.find_all_next(string=True, limit=60))
    assert "Next:" in text and "7.2 Military Attachés and Defense Cooperation" in text
    assert "RIMPAC" in text
