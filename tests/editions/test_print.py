"""The one-page print edition (hooks/course_reader/editions/print_edition.py, print_page.py, print_rewrite.py): its helpers without a build
(part ids, ids and references, links, the contents), then the built page: every page in reading order with its final
HTML, links that stay inside the page, the contents, print styles, and a build with the print edition switched off."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.toc import AnchorLink

from course_reader.editions import print_edition, print_page, print_rewrite
from support.helpers import soup
from support.project import ROOT, build_site

LINKS = print_rewrite.Links.of(
    [
        ("", "index"),
        ("role/", "role"),
        ("history/", "history"),
        ("history/alliances/", "history-alliances"),
        ("glossary/", "glossary"),
    ],
    "print_page/",
)


# Helpers, without a build


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("", "index"),
        ("index.html", "index"),
        ("role/", "role"),
        ("history/alliances/", "history-alliances"),
        ("history/alliances.html", "history-alliances"),
        ("Cases/US-NATO/", "cases-us-nato"),
    ],
)
def test_page_key_is_the_plugins(url, key):
    assert print_rewrite.page_key(url) == key


@pytest.mark.parametrize(
    ("href", "page_url", "expected"),
    [
        ("#nato", "glossary/", "#glossary-nato"),
        ("#", "glossary/", "#glossary"),
        ("", "role/", "#role"),
        ("./", "role/", "#role"),
        ("../glossary/#nato", "role/", "#glossary-nato"),
        ("../../glossary/", "history/alliances/", "#glossary"),
        ("alliances/#nato-and-after", "history/", "#history-alliances-nato-and-after"),
        ("..", "role/", "#index"),
        ("../", "role/", "#index"),
        ("history/alliances/?x=1#a", "", "#history-alliances-a"),
        ("../download/", "role/", "../download/"),  # a page the print edition leaves out: the page itself
        ("../../download/#sizes", "history/alliances/", "../download/#sizes"),
        ("../../assets/reader.css", "history/alliances/", "../assets/reader.css"),
        ("https://example.org/a/", "role/", "https://example.org/a/"),
        ("mailto:x@example.org", "role/", "mailto:x@example.org"),
        ("/reader/role/", "role/", "/reader/role/"),
        ("../../../outside/", "role/", "../../../outside/"),
    ],
)
def test_links_point_inside_the_print_page(href, page_url, expected):
    key = print_rewrite.page_key(page_url)
    assert LINKS.href(href, page_url=page_url, key=key) == expected


def test_links_without_directory_urls():
    links = print_rewrite.Links.of(
        [
            ("index.html", "index"),
            ("history/index.html", "history-index"),
            ("history/alliances.html", "history-alliances"),
            ("glossary.html", "glossary"),
        ],
        "print_page.html",
    )
    at = {"page_url": "history/alliances.html", "key": "history-alliances"}
    assert links.href("../glossary.html#nato", **at) == "#glossary-nato"
    assert links.href("../index.html", **at) == "#index"
    assert links.href("index.html#a", **at) == "#history-index-a"
    assert links.href("../download.html", **at) == "download.html"
    assert links.resource("../assets/x.png", page_url="history/alliances.html") == "assets/x.png"


def test_rewrite_part_prefixes_every_id_and_reference():
    html = (
        '<h1 id="title">T<a class="headerlink" href="#title">¶</a></h1>'
        '<section aria-labelledby="card"><h3 class="t" id="card">C</h3></section>'
        '<label for="x">L</label><input id="x" aria-describedby="x hint __outside">'
        '<p id=\'hint\'>single quotes</p><table><tr><th id="h">H</th><td headers="h">d</td></tr></table>'
        '<a href="#card">to card</a> <a href="../glossary/#nato">NATO</a> <a href="../">home</a>'
        '<a href="../download/">download</a><img src="../assets/x.png" alt="">'
        '<p data-id="kept" title="id=&quot;kept&quot;">text with id="nothing" in it</p>'
    )
    out = print_rewrite.rewrite_part(html, key="role", page_url="role/", links=LINKS)
    assert '<h1 id="role-title">T<a class="headerlink" href="#role-title">' in out
    assert '<section aria-labelledby="role-card"><h3 class="t" id="role-card">' in out
    assert '<label for="role-x">L</label><input id="role-x" aria-describedby="role-x role-hint __outside">' in out
    assert "<p id='role-hint'>" in out and '<th id="role-h">' in out and '<td headers="role-h">' in out
    assert '<a href="#role-card">' in out and '<a href="#glossary-nato">' in out and '<a href="#index">' in out
    assert '<a href="../download/">' in out and '<img src="../assets/x.png" alt="">' in out
    assert '<p data-id="kept" title="id=&quot;kept&quot;">text with id="nothing" in it</p>' in out


def test_rewrite_part_refuses_an_id_the_print_page_already_has():
    taken = {"history", "history-alliances"}
    with pytest.raises(ValueError, match=r"the id 'alliances' becomes 'history-alliances' in the print edition"):
        print_rewrite.rewrite_part(
            '<h2 id="alliances">A</h2>', key="history", page_url="history/", links=LINKS, taken=taken
        )
    print_rewrite.rewrite_part('<h2 id="origins">O</h2>', key="history", page_url="history/", links=LINKS, taken=taken)
    assert "history-origins" in taken


def test_render_toc_is_a_nested_list_of_links():
    section = AnchorLink("Reader", "section-1", 0)
    section.children = [AnchorLink("Home", "index", 1), AnchorLink("1 Role &amp; place", "role", 1)]
    html = print_page.render_toc([section, AnchorLink("Glossary", "glossary", 0)])
    assert html == (
        '<nav id="print-page-toc" aria-labelledby="print-page-toc-title"><h2 id="print-page-toc-title">Contents</h2>'
        '<ul><li><a href="#section-1">Reader</a><ul><li><a href="#index">Home</a></li>'
        '<li><a href="#role">1 Role &amp; place</a></li></ul></li><li><a href="#glossary">Glossary</a></li></ul></nav>'
    )


def _page(src: str, url: str, title: str, content: str) -> SimpleNamespace:
    return SimpleNamespace(
        is_page=True, is_section=False, file=SimpleNamespace(src_uri=src), url=url, title=title, content=content
    )


def _section(title: str, *children) -> SimpleNamespace:
    return SimpleNamespace(is_page=False, is_section=True, title=title, children=list(children))


def test_combine_puts_every_page_in_reading_order_with_its_contents():
    home = _page("index.md", "", "Home", '<h1 id="home">Home</h1><a href="history/deep/#x">deep</a>')
    deep = _page("history/deep.md", "history/deep/", "2.1.1 Deep", '<h1 id="deep">Deep</h1><p id="x">x</p>')
    items = [
        _section(
            "Reader",
            home,
            _section(
                "2 History",
                _page("history/index.md", "history/", "2 History", "<p>no heading</p>"),
                _section("2.1 Deeper", deep),
            ),
        ),
        _page("glossary.md", "glossary/", "Glossary", '<h1 id="glossary">Glossary</h1><a href="../download/">d</a>'),
        _page("download.md", "download/", "Download", "<h1>Download</h1>"),
        _section("Again", home),  # a page listed twice is printed once; a section left empty is left out
    ]
    html, toc = print_page.combine(items, url="print_page/", title="A & B", left_out={"download.md"})
    assert html.startswith(
        '<div id="print-site-page"><header id="print-page-title-header"><h1 id="print-page-title">A &amp; B</h1>'
        '</header><section class="print-page"><nav id="print-page-toc"'
    )
    assert html.count("<h1") == 1, "one h1: every page's headings are one level down"
    assert '<h2 id="index-home">Home</h2>' in html
    parts = re.findall(r'<section class="print-page( md-section)?" id="([^"]+)"', html)
    assert [(bool(s), i) for s, i in parts] == [
        (True, "section-1"),
        (False, "index"),
        (True, "section-1-2"),
        (False, "history"),
        (True, "section-1-2-2"),
        (False, "history-deep"),
        (False, "glossary"),
    ]
    assert '<section class="print-page md-section" id="section-1"><section class="print-page" id="index">' in html
    assert '<a href="#history-deep-x">deep</a>' in html and '<p id="history-deep-x">' in html
    assert '<section class="print-page" id="history"><h2>2 History</h2><p>no heading</p>' in html
    assert '<a href="../download/">d</a>' in html and "Download</h2>" not in html

    def tree(entries):
        return [(e.title, e.id, e.level, tree(e.children)) for e in entries]

    assert tree(toc) == [
        (
            "Reader",
            "section-1",
            0,
            [  # not "Home": the section's index page, where the section's own entry leads
                ("2 History", "history", 1, []),  # deeper than two levels: listed at the second
                ("2.1.1 Deep", "history-deep", 1, []),
            ],
        ),
        ("Glossary", "glossary", 0, []),
    ]
    assert print_page.render_toc(toc) in html


def test_combine_leaves_out_web_only_elements_and_moves_headings_down():
    content = (
        '<h1 id="t">T</h1><h2 id="s">S</h2><h6>six</h6><p class="intro">keep</p>'
        '<section class="note web-only" aria-labelledby="c"><h2 id="c">Cite this page</h2>'
        '<section class="inner">x</section><button>Copy citation</button></section><p class="cite-this__text">kept</p>'
        '<p class="web-only-not">kept too</p><p class="next web-only">Next: B</p>'
    )
    html, _ = print_page.combine([_page("a.md", "a/", "A", content)], url="print_page/", title="Course")
    assert (
        '<h2 id="a-t">T</h2><h3 id="a-s">S</h3><h6>six</h6><p class="intro">keep</p><p class="cite-this__text">' in html
    )
    assert "Cite this page" not in html and "Copy citation" not in html and "Next: B" not in html
    assert "kept too" in html, "only the class itself marks an element web-only"
    assert print_rewrite.drop_blocks('<div class="x">a<div>b</div>c</div><p>d</p>', ["x"]) == "<p>d</p>"
    with pytest.raises(ValueError, match="not closed"):
        print_rewrite.drop_blocks('<div class="x">a', ["x"])


def test_combine_names_the_page_whose_id_clashes():
    items = [
        _page("history/index.md", "history/", "History", '<h1 id="alliances">A</h1>'),
        _page("history/alliances.md", "history/alliances/", "Alliances", "<h1>B</h1>"),
    ]
    with pytest.raises(ValueError, match=r"^docs/history/index.md: the id 'alliances' becomes 'history-alliances'"):
        print_page.combine(items, url="print_page/")


def test_combine_names_two_pages_that_would_be_one_part():
    items = [_page("a-b.md", "a-b/", "A-B", "<h1>A</h1>"), _page("a/b.md", "a/b/", "A/B", "<h1>B</h1>")]
    with pytest.raises(
        ValueError,
        match=r"^docs/a/b.md: its part of the print edition would have the id 'a-b', as "
        r"docs/a-b.md has: rename the file",
    ):
        print_page.combine(items, url="print_page/")


def test_print_page_must_be_built_last(course_build):
    course_build.part(print_edition.PrintState).built = {"index.md"}
    nav = SimpleNamespace(
        pages=[_page("index.md", "", "Home", ""), _page("role/index.md", "role/", "Role", "")], items=[]
    )
    page = SimpleNamespace(file=SimpleNamespace(src_uri="print_page.md"), url="print_page/")
    with pytest.raises(PluginError, match=r"before docs/role/index.md, so it would miss their final HTML"):
        print_edition.on_page_context({}, page=page, config=None, nav=nav)


def test_switched_off_it_adds_no_page(course_build):
    course_build.options.print_edition = False
    assert list(print_edition.on_files(Files([]), config=SimpleNamespace())) == []


# The built print page (one site build per session, tests/conftest.py)


def _footer_chain(site: Path) -> list[Path]:
    """Pages in reading order, by following the footer's 'next' link from the home page."""
    chain, page = [], (site / "index.html").resolve()
    while page:
        chain.append(page)
        nxt = soup(page).select_one("a.md-footer__link--next")
        page = None
        if nxt is not None:
            target = (chain[-1].parent / nxt["href"]).resolve()
            page = target / "index.html" if target.is_dir() else target
    return chain


def _title(heading) -> str:
    return heading.get_text(" ", strip=True).removesuffix("¶").strip()


def test_print_edition_has_every_page_in_reading_order(site):
    html = soup(site / "print_page" / "index.html")
    parts = html.select("#print-site-page section.print-page[id]:not(.md-section)")
    titles = [_title(p.find("h2")) for p in parts]
    chain = [p for p in _footer_chain(site) if p.parent.name not in ("download", "downloads", "progress", "flashcards")]
    expected = [_title(soup(p).select_one("article h1")) for p in chain]
    assert titles == expected
    assert titles[-1] == "Further reading" and "Glossary" in titles  # the instructors' section closes the edition
    first_case = next(i for i, t in enumerate(titles) if t == "Case studies")
    assert all(re.match(r"\d+(\.\d+)* ", t) for t in titles[1:first_case]), "chapters keep their numbers"
    assert first_case > 10 and "Download" not in titles
    assert html.title.get_text().startswith("Print edition")


def test_print_edition_contents_list_every_part_in_order(site):
    html = soup(site / "print_page" / "index.html")
    toc = html.select_one("#print-site-page > section.print-page:first-of-type > nav#print-page-toc")
    assert toc is not None and toc.h2.get_text(strip=True) == "Contents"
    parts = html.select("#print-site-page section.print-page[id]:not(.md-section)")
    entries = {a["href"][1:]: a.get_text(strip=True) for a in toc.select("a[href]")}
    assert all(html.find(id=target) for target in entries), "every entry links to a part of the page"
    firsts = [s.select_one(":scope > section.print-page:not(.md-section)") for s in html.select("section.md-section")]
    # a nav section's index page: the section's own entry leads there, so it is not listed again
    opening = {first["id"] for first in firsts if first is not None and first["id"] not in entries}
    assert set(opening) == {"index", "cases", "instructors"}, opening
    assert [key for key in entries if not key.startswith("section-")] == [
        p["id"] for p in parts if p["id"] not in opening
    ]
    assert [entries[p["id"]] for p in parts if p["id"] not in opening] == [
        _title(p.find("h2")) for p in parts if p["id"] not in opening
    ]
    assert len(set(entries.values())) == len(entries), "each entry once"
    top = [li.find("a", recursive=False).get_text(strip=True) for li in toc.select(":scope > ul > li")]
    assert top == ["Reader", "Case studies", "Glossary", "For instructors"]
    reader = toc.select_one(":scope > ul > li").select(":scope > ul > li > a")
    assert [a["href"] for a in reader][:3] == ["#role", "#history", "#history-alliances"]
    sidebar = [a["href"] for a in html.select(".md-sidebar--secondary a.md-nav__link")]
    assert sidebar == [a["href"] for a in toc.select("a[href]")], "the page's table of contents is the same list"


def test_print_edition_has_one_h1_and_no_citation_regions(site):
    html = soup(site / "print_page" / "index.html")
    assert [h.get_text(strip=True) for h in html.select("h1")] == ["Military Diplomacy and National Security"]
    content = html.select_one("#print-site-page")
    assert not content.select(".cite-this, button"), "no 'Cite this page' regions or 'Copy citation' buttons"
    assert len(content.select("section.print-page > h2:first-child")) > 25
    assert not content.select("section.md-section > h1, section.md-section > h2:first-child")


def test_print_edition_links_stay_inside_the_page(site):
    page = site / "print_page" / "index.html"
    html = soup(page)
    ids = {t["id"] for t in html.find_all(id=True)}
    content = html.select_one("#print-site-page")
    links = [a["href"] for a in content.select("a[href]")]
    assert len(links) > 200
    outside = [h for h in links if not h.startswith("#") and not urlsplit(h).scheme]
    assert set(outside) <= {"../instructors/downloads/"}, (
        f"no link leaves the page but to the lecturer kit's files (the download prompt is web-only): {outside[:5]}"
    )
    broken = sorted({h for h in links if h.startswith("#") and h != "#" and h[1:] not in ids})
    assert not broken, f"print page anchors without a target: {broken[:10]}"
    labels = [t["aria-labelledby"] for t in content.select("[aria-labelledby]")]
    assert labels and all(name in ids for value in labels for name in value.split())
    all_ids = [t["id"] for t in html.find_all(id=True)]
    assert len(all_ids) == len(ids), "no id twice"


def test_print_edition_shows_the_final_backlinks_and_reading_times(site):
    text = (site / "print_page" / "index.html").read_text(encoding="utf-8")
    assert "<!-- glossary-backlinks:" not in text and "<!-- reader:minutes:" not in text
    html = soup(site / "print_page" / "index.html")
    printed = html.select("#glossary .glossary-backlinks")
    online = soup(site / "glossary" / "index.html").select(".glossary-backlinks")
    assert len(printed) == len(online) > 20
    assert [b.get_text(" ", strip=True) for b in printed] == [b.get_text(" ", strip=True) for b in online]
    assert all(a["href"].startswith("#") and html.find(id=a["href"][1:]) for b in printed for a in b.select("a[href]"))
    course_map = html.select_one("#index table")
    assert course_map is not None and re.search(r"\b\d+ min\b", course_map.get_text(" "))
    home_map = soup(site / "index.html").select_one("article table")
    assert course_map.get_text(" ", strip=True) == home_map.get_text(" ", strip=True)


def test_print_edition_has_print_styles_and_chapter_breaks(site):
    page = site / "print_page" / "index.html"
    html = soup(page)
    css = [link["href"] for link in html.select("link[rel=stylesheet]")]
    assert "../assets/print.css" in css and not [h for h in css if "print-site" in h]
    assert not [s["src"] for s in html.select("script[src]") if "print-site" in s["src"]]
    assert not (site / "css").exists() and not (site / "js").exists(), "no leftovers of mkdocs-print-site-plugin"
    rules = (ROOT / "docs" / "assets" / "print.css").read_text()
    assert re.search(r"section\.print-page:not\(\.md-section\)\s*\{\s*break-before: page", rules)
    assert re.search(r"#print-page-toc ul \{[^}]*list-style: none", rules), "the contents read as a list on screen"
    assert '"base": ".."' in page.read_text(), "Material's scripts must load relative to the print page"
    assert html.select_one(".md-sidebar--primary").has_attr("hidden"), "the site navigation is hidden on the page"


def test_print_page_is_not_in_search_or_the_sitemap(site):
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("print_page")]
    assert "print_page" not in (site / "sitemap.xml").read_text()
    assert soup(site / "print_page" / "index.html").select_one("link[rel=canonical]")["href"].endswith("/print_page/")


@pytest.mark.slow
def test_switched_off_the_build_makes_no_print_page(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_PRINT", "false")
    result = build_site(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "site" / "print_page").exists()
    download = (tmp_path / "site" / "download" / "index.html").read_text(encoding="utf-8")
    assert "print_page" not in download
