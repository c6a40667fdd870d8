"""The offline edition in a real browser (Debian Chromium via Playwright), unzipped and opened from file://:
every page by the footer's next/previous links, search, glossary tooltips, dark mode and the print edition, with
every request recorded (none may leave file://). Then search on the online build served on 127.0.0.1."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from course_reader.content.glossary import load_glossary
from support.browser import Recorder
from support.project import ROOT

pytestmark = pytest.mark.browser
GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml", ROOT)
SCREENSHOTS = Path(tempfile.gettempdir()) / "reader-screenshots"
LOCAL = ("file://", "data:", "blob:", "about:")  # none of these leaves the machine
SEARCHES = [  # query, a page the results must list (relative to the site root), what it is
    ("RIMPAC", "glossary/index.html", "a glossary term"),
    ("Belarus", "cases/russia-belarus/index.html", "a case study"),
    ("adaptive military diplomatic approach", "conclusion/index.html", "a phrase from the conclusion"),
]


@pytest.fixture
def offline(browser, offline_copy):
    recorder = Recorder(browser, color_scheme="light")
    yield recorder
    recorder.context.close()
    assert recorder.requests, "no request was recorded: the recorder is broken"
    assert not recorder.leaving(LOCAL), f"the offline copy requested {recorder.leaving(LOCAL)}"
    assert not recorder.errors, recorder.errors


def url_of(root: Path, rel: str = "index.html") -> str:
    return (root / rel).resolve().as_uri()


def search(page, query: str) -> list[str]:
    """Type into Material's search box as a reader does; return the result links once the index answered."""
    box = page.locator("input.md-search__input")
    box.click()  # on file:// the index loads only once the search box is opened
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && m.textContent.trim() && !m.textContent.includes('Initializing'); }",
        timeout=15000,
    )
    page.locator(".md-search-result__item").first.wait_for(timeout=5000)
    return page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"\nscreenshot: {path}")
    return path


def test_next_and_previous_visit_every_page(offline, offline_copy):
    page = offline.page
    expected = {p.resolve().as_uri() for p in offline_copy.rglob("*.html") if p.parent.name != "print_page"}

    def walk(start: str, link: str) -> list[str]:
        visited = [start]
        page.goto(start)
        while (step := page.locator(f"a.md-footer__link--{link}")).count():
            step.click()
            page.wait_for_load_state("load")
            assert page.locator("article h1").count() == 1, f"{page.url} did not load"
            visited.append(page.url.split("#")[0])
            assert len(visited) <= len(expected), f"the {link} links go round in circles: {visited}"
        return visited

    forward = walk(url_of(offline_copy), "next")
    backward = walk(forward[-1], "prev")
    assert set(forward) == expected, f"not reached by 'next': {sorted(expected - set(forward))}"
    assert backward == forward[::-1]


@pytest.mark.parametrize(("query", "target", "kind"), SEARCHES, ids=[s[2] for s in SEARCHES])
def test_search_finds_the_right_page(offline, offline_copy, query, target, kind):
    offline.page.goto(url_of(offline_copy))
    results = [url.split("?")[0].split("#")[0] for url in search(offline.page, query)]
    assert url_of(offline_copy, target) in results, f"{kind} {query!r}: {results}"
    if target.startswith("cases/"):
        screenshot(offline.page, "offline-search-result")


def test_glossary_term_shows_its_definition_on_hover_and_focus(offline, offline_copy):
    page = offline.page
    page.goto(url_of(offline_copy, "tools/exercises/index.html"))
    term = page.locator("article a.glossary-term[data-term='rimpac']").first
    term.hover()
    tip = page.locator("#reader-popup .reader-popup__text")
    tip.wait_for(state="visible", timeout=5000)
    assert " ".join(tip.inner_text().split()) == GLOSSARY.terms["rimpac"].short
    page.mouse.move(0, 0)
    other = page.locator("article a.glossary-term").nth(1)
    other.focus()
    page.wait_for_function(
        "t => document.querySelector('#reader-popup .reader-popup__text').textContent === t",
        arg=GLOSSARY.terms[other.get_attribute("data-term")].short,
        timeout=5000,
    )


def test_home_light_and_dark_and_the_toggle(offline, offline_copy):
    page = offline.page
    page.goto(url_of(offline_copy))
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    screenshot(page, "offline-home-light")
    for _ in range(3):  # system → light → dark
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate":
            break
        page.locator("form[data-md-component=palette] button").click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    screenshot(page, "offline-home-dark")
    page.goto(url_of(offline_copy, "glossary/index.html"))
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate", "the choice is kept"


def test_print_edition_from_file(offline, offline_copy):
    page = offline.page
    page.goto(url_of(offline_copy, "print_page/index.html"))
    parts = page.locator("#print-site-page section.print-page:not(.md-section)")
    assert parts.count() > 20
    assert page.locator("#print-page-toc li").count() > 20, "the print edition's contents list was not built"
    first_link = page.locator("#print-site-page a.glossary-term").first
    target = first_link.get_attribute("href")
    assert target.startswith("#") and page.locator(target).count() == 1
    screenshot(page, "offline-print-edition")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("#print-page-toc").is_visible()
    breaks = parts.evaluate_all("parts => parts.map(p => getComputedStyle(p).breakBefore)")
    assert set(breaks[1:]) == {"page"}, "every chapter, case study and the glossary starts a new sheet"
    pdf = page.pdf(format="A4")
    sheets = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    print(f"\nprint edition: {parts.count()} parts on {sheets} A4 sheets, {len(pdf) // 1024} KB as PDF")
    assert sheets >= parts.count()


def test_online_search_stays_on_the_local_server(browser, served):
    recorder = Recorder(browser)
    try:
        recorder.page.goto(served)
        results = search(recorder.page, "Belarus")
        assert any("/cases/russia-belarus/" in url for url in results), results
        recorder.page.goto(served + "print_page/")
        assert recorder.page.locator("#print-page-toc li").count() > 20
        assert recorder.requests and not recorder.leaving((served, "data:", "blob:", "about:"))
        assert not recorder.errors, recorder.errors
    finally:
        recorder.context.close()
