"""Site-level checks on one strict build: fidelity to the article, navigation, links, search, metadata."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from support.helpers import built_path, edition_pages, html_pages, nav_sources, normalise
from support.helpers import fresh_soup as soup
from support.project import ROOT

ARTICLE = (ROOT / "tests" / "fixtures" / "article.txt").read_text(encoding="utf-8")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def article_units() -> tuple[list[str], list[str]]:
    """(headings, sentences) of the source; '-' lines (broken bullets) are the source's defects, not text."""
    headings, sentences = [], []
    for line in ARTICLE.splitlines():
        line = line.strip().removeprefix("- ")
        if not line or line == "-":
            continue
        if line[-1] in ".!?:" and " " in line:
            sentences += [normalise(s) for s in SENTENCE_END.split(line)]
        else:
            headings.append(normalise(line))
    return headings, sentences


def body_text(path: Path) -> str:
    """Visible text of a page's article, without marked quotations of the article and permalink signs."""
    article = soup(path).select_one("article.md-content__inner")
    for node in article.select("[data-article-quote], .headerlink, .md-content__button"):
        node.decompose()
    for block in article.select("p, li, h1, h2, h3, td, th, dt, dd, summary"):
        block.append(" ")  # keep blocks apart; inline links stay glued to their punctuation
    return normalise(article.get_text(""))


@pytest.fixture(scope="module")
def texts(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): body_text(p) for p in edition_pages(site)}


ARTICLE_SHA256 = "59bdace7f6c7b98fab81f421126cf894fddd6e2bd64a0254cadd2afb304cae1c"  # the article as published: the fixture never changes


def test_source_fixture_is_the_article():
    assert hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest() == ARTICLE_SHA256


def test_article_has_expected_shape():
    headings, sentences = article_units()
    assert len(headings) == 16 and len(sentences) == 144


@pytest.mark.parametrize("sentence", article_units()[1], ids=lambda s: s[:60])
def test_every_sentence_appears_on_exactly_one_page(texts, sentence):
    pages = [name for name, text in texts.items() if sentence in text]
    assert len(pages) == 1, f"{sentence!r} found on {pages or 'no page'}"


def test_every_heading_is_the_title_of_exactly_one_page(site):
    titles = [normalise(soup(p).h1.get_text(" ").replace("¶", "")) for p in edition_pages(site)]
    for heading in article_units()[0]:
        assert sum(t.endswith(heading) for t in titles) == 1, heading


def test_broken_bullets_are_real_lists(site):
    for page, items in (("history/case-studies/index.html", 3), ("future/index.html", 4), ("impact/index.html", 3)):
        article = soup(site / page).select_one("article")
        lists = [
            ul
            for ul in article.select("ul")
            if not ul.find_parent(class_=["admonition", "md-typeset__table"]) and not ul.find_parent("details")
        ]
        assert any(len(ul.find_all("li", recursive=False)) == items for ul in lists), page
    assert not re.search(r"<p>\s*-\s*</p>", (site / "history/case-studies/index.html").read_text())


def test_every_nav_page_is_built_with_readable_url(site):
    for src in nav_sources():
        assert built_path(site, src).is_file(), src
    for url in ("history/alliances", "regions/us-china", "tools/attaches", "glossary", "cases/us-nato"):
        assert (site / url / "index.html").is_file(), url


def test_generated_case_pages_are_in_the_nav(site):
    nav = soup(site / "index.html").select_one("nav.md-nav--primary")
    links = {a["href"] for a in nav.select("a[href]")}
    assert any("cases/us-nato" in href for href in links)


def internal_links(site: Path, page: Path, scope: str = "article.md-content__inner") -> list[tuple[str, Path, str]]:
    """(href, target file, fragment) for every internal link of a page (within `scope`)."""
    root = soup(page).select_one(scope) if scope else soup(page)
    out = []
    for a in root.select("a[href]"):
        href = a["href"]
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
            continue
        target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        out.append((href, target, unquote(parts.fragment)))
    return out


def test_every_internal_link_and_anchor_resolves(site):
    problems = []
    ids: dict[Path, set[str]] = {}
    for page in html_pages(site):
        for href, target, fragment in internal_links(site, page, scope=""):
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: {href} -> missing file")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {el["id"] for el in soup(target).select("[id]")}
                if fragment not in ids[target]:
                    problems.append(f"{page.relative_to(site)}: {href} -> missing anchor #{fragment}")
    assert not problems, "\n".join(problems)


def body_links(site: Path, page: Path) -> set[Path]:
    """Other pages linked from the page's own body (not nav, not the generated 'Related material')."""
    article = soup(page).select_one("article.md-content__inner")
    for node in article.select(".md-content__button, .headerlink, .cite-this"):
        node.decompose()
    related = article.select_one("#related-material")
    if related is not None:
        for sibling in list(related.find_next_siblings()):
            sibling.decompose()
        related.decompose()
    out = set()
    for a in article.select("a[href]"):
        parts = urlsplit(a["href"])
        if parts.scheme or not parts.path:
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        target = target / "index.html" if target.is_dir() else target
        if target != page.resolve() and target.exists():
            out.add(target)
    return out


def test_every_page_links_to_another_page_from_its_body(site):
    lonely = [p.relative_to(site).as_posix() for p in edition_pages(site) if not body_links(site, p)]
    assert not lonely, f"pages without a body cross-link: {lonely}"


def test_chapters_cross_link_to_chapters_not_only_glossary(site):
    glossary = (site / "glossary" / "index.html").resolve()
    for src in nav_sources():
        if src.startswith(("cases/", "glossary", "download")):
            continue
        page = built_path(site, src)
        assert body_links(site, page) - {glossary}, f"{src} links only to the glossary"


def test_no_page_is_unreachable(site):
    pages = {p.resolve() for p in edition_pages(site)}
    seen, todo = set(), [(site / "index.html").resolve()]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        todo += [t for _, t, _ in internal_links(site, page) if t.suffix == ".html" and t.exists()]
    unreachable = sorted(str(p.relative_to(site.resolve())) for p in pages - seen)
    assert not unreachable


def test_search_index_holds_every_page(site):
    index = json.loads((site / "search" / "search_index.json").read_text())
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    for page in edition_pages(site):
        rel = page.relative_to(site).as_posix()
        url = "" if rel == "index.html" else rel.removesuffix("index.html")
        assert url in locations, rel
    assert any("RIMPAC" in d["text"] for d in index["docs"])


def test_search_weighs_the_instructors_pages_below_the_chapters(site):
    """Their front matter's search.boost (issue 24): every section of an instructors' page is weighed down, no chapter is
    (tests/browser/test_browser_phone.py searches)."""
    index = json.loads((site / "search" / "search_index.json").read_text())
    boosts = {d["location"]: d.get("boost", 1) for d in index["docs"]}
    teaching = {loc: b for loc, b in boosts.items() if loc.startswith("instructors/")}
    pages = len(list((ROOT / "docs" / "instructors").glob("*.md")))
    assert len({loc.split("#")[0] for loc in teaching}) == pages == 8 and all(b < 0.01 for b in teaching.values())
    assert all(b == 1 for loc, b in boosts.items() if not loc.startswith("instructors/"))


def test_search_previews_keep_the_case_facts_apart(site):
    """A search result shows the start of the page's text: the facts list must not read 'PartiesRussia, BelarusRegion'."""
    index = json.loads((site / "search" / "search_index.json").read_text())
    text = next(d["text"] for d in index["docs"] if d["location"] == "cases/russia-belarus/")
    assert "Parties Russia, Belarus Region Europe Kind alliance" in " ".join(text.split())
    table = next(d["text"] for d in index["docs"] if d["location"] == "cases/")
    assert "Case study Parties Region Kind" in " ".join(table.split())


def test_meta_descriptions_come_from_front_matter(site):
    seen = set()
    for page in edition_pages(site):
        tag = soup(page).select_one('meta[name="description"]')
        assert tag and len(tag["content"]) > 40, page
        seen.add(tag["content"])
    assert len(seen) == len(edition_pages(site)), "each page has its own description"


def test_titles_and_language(site):
    page = soup(site / "history" / "alliances" / "index.html")
    assert page.html["lang"] == "en"
    assert page.title.get_text().startswith("2.1 Evolution of Military Alliances")
    assert page.select_one("nav.md-path"), "breadcrumbs"
    assert page.select_one("a.md-footer__link--prev") and page.select_one("a.md-footer__link--next")
    assert page.select_one('a.md-content__button[href*="/edit/main/docs/history/alliances.md"]')


def test_no_external_resources(site):
    for page in html_pages(site):
        html = soup(page)
        for tag in html.select("script[src], link[href], img[src]"):
            url = tag.get("src") or tag.get("href")
            if tag.name == "link" and tag.get("rel") not in (["stylesheet"], ["preload"], ["icon"], ["modulepreload"]):
                continue
            assert not urlsplit(url).scheme and not url.startswith("//"), f"{page}: {url}"
        assert "fonts.googleapis" not in page.read_text()
