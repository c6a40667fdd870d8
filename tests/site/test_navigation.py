"""The sidebar of a large course (hooks/course_reader/site/navigation.py, overrides/partials/nav-item.html): past extra.sidebar_fold_above
pages, a tab's other sections fold to one link each; this reader itself never folds."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from mkdocs.structure.nav import Navigation, Section

from course_reader.site.navigation import fold_large_sections, walk_nav, walk_pages
from support.helpers import edition_pages, soup
from support.project import ROOT, build_site, copy_project


def pages(n: int) -> list:
    return [SimpleNamespace(is_page=True, title=f"p{i}") for i in range(n)]


def test_the_walk_gives_every_item_in_reading_order_with_its_position():
    home, a1, a2, b1 = pages(4)
    inner = Section("Inner", [a2])
    items = [home, Section("A", [a1, inner]), b1]
    assert [(number, item.title) for number, item in walk_nav(items)] == [
        ("1", "p0"),
        ("2", "A"),
        ("2.1", "p1"),
        ("2.2", "Inner"),
        ("2.2.1", "p2"),
        ("3", "p3"),
    ]
    assert list(walk_pages(items)) == [home, a1, a2, b1]


def test_only_the_sections_of_a_large_section_fold():
    small = [Section("A", pages(2)), Section("B", pages(2))]
    chapters = [Section(f"Chapter {i}", pages(10)) for i in range(8)]
    big = Section("Course", [pages(1)[0], *chapters])
    nav = Navigation([*pages(1), Section("Reader", small), big], [])
    folded = fold_large_sections(nav, 60)
    assert folded == chapters
    assert all(getattr(c, "folded", False) for c in chapters)
    assert not any(getattr(s, "folded", False) for s in [*small, big])
    assert fold_large_sections(nav, None) == []


@pytest.mark.parametrize(("limit", "folds"), [(20, False), (19, True)])
def test_a_section_folds_only_above_the_limit(limit, folds):
    """20 pages under a section: a limit of 20 keeps its sidebar whole, 19 folds its subsections."""
    chapters = [Section("A", pages(10)), Section("B", pages(10))]
    nav = Navigation([Section("Course", chapters)], [])
    assert fold_large_sections(nav, limit) == (chapters if folds else [])


def test_nested_sections_count_every_page_beneath():
    inner = Section("Inner", [Section("Deep", pages(40)), Section("Deeper", pages(30))])
    nav = Navigation([Section("Top", [inner])], [])
    assert fold_large_sections(nav, 60) == [inner, *inner.children]


def test_this_reader_never_folds(site):
    folded = [p for p in edition_pages(site) if soup(p).select(".md-nav__item--pruned")]
    assert not folded, f"sidebar sections folded on {folded[:3]}"


@pytest.mark.slow
def test_a_folded_sidebar_keeps_the_open_section_and_links_the_others(site, tmp_path):
    project = copy_project(tmp_path / "project")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config, count = re.subn(r"sidebar_fold_above: \d+", "sidebar_fold_above: 5", config)
    assert count == 1
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    out = tmp_path / "site"
    result = build_site(project, out)
    assert result.returncode == 0, result.stdout + result.stderr

    def sidebar(page: str):
        return soup(out / page / "index.html").select_one(".md-sidebar--primary nav.md-nav--primary")

    nav = sidebar("history/alliances")
    folded = {a.get_text(" ", strip=True): a["href"] for a in nav.select(".md-nav__item--pruned > a.md-nav__link")}
    assert any("Regional Dynamics" in t for t in folded) and any("Tools" in t for t in folded)
    assert not any("Historical Context" in t for t in folded), "the open section stays unfolded"
    assert nav.select_one('a[href="../../regions/"]') is not None, "a folded section links to its first page"
    assert nav.select_one('a[href="../case-studies/"]') is not None, "the open section lists its pages"
    unfolded = soup(site / "history" / "alliances" / "index.html").select_one(
        ".md-sidebar--primary nav.md-nav--primary"
    )
    assert len(nav.select("a")) < len(unfolded.select("a")) - 3, "folding leaves fewer links in the sidebar"
