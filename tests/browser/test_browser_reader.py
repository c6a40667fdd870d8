"""Reader features in a real browser (Debian Chromium via Playwright) on the online build served locally:
glossary tooltips, dark mode, phone layout, self-check answers, copying a citation, search."""

from __future__ import annotations

import pytest

from course_reader.content.glossary import load_glossary
from support.project import ROOT

pytestmark = pytest.mark.browser
GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml", ROOT)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors


def active_tooltip(page) -> str:
    page.locator("#reader-popup").wait_for(state="visible", timeout=5000)
    return page.locator("#reader-popup .reader-popup__text").inner_text()


def test_hovering_a_term_shows_its_definition(page, served):
    page.goto(served + "tools/exercises/")
    link = page.locator("article a.glossary-term[data-term='rimpac']").first
    link.hover()
    assert " ".join(active_tooltip(page).split()) == GLOSSARY.terms["rimpac"].short


def test_focusing_a_term_shows_its_definition(page, served):
    page.goto(served + "regions/middle-east/")
    link = page.locator("article a.glossary-term[data-term='gcc']").first
    link.focus()
    assert " ".join(active_tooltip(page).split()) == GLOSSARY.terms["gcc"].short
    described = link.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described}").inner_text().strip()


@pytest.mark.parametrize("scheme, expected", [("light", "default"), ("dark", "slate")])
def test_colour_scheme_follows_the_system(browser, served, scheme, expected):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(served)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    context.close()


def test_dark_mode_toggle_persists_across_pages(browser, served):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(served)
    for _ in range(3):  # system → light → dark: stop when dark
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate":
            break
        page.locator("form[data-md-component=palette] button").click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.goto(served + "glossary/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    context.close()


@pytest.mark.parametrize(
    "path", ["", "history/alliances/", "glossary/", "cases/", "cases/us-nato/", "regions/middle-east/"]
)
def test_phone_layout_has_no_sideways_scroll(browser, served, path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{path or 'home'} scrolls sideways by {overflow}px on a phone"


def test_phone_menu_opens_the_navigation(browser, served):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served + "history/")
    page.locator("button.reader-drawer").click()
    link = page.locator("nav.md-nav--primary a", has_text="Evolution of Military Alliances").first
    link.wait_for(state="visible")
    link.click()
    page.wait_for_url("**/history/alliances/")
    context.close()


def test_self_check_answers_unfold_on_click_and_keyboard(page, served):
    page.goto(served + "tools/attaches/")
    details = page.locator(".self-check details")
    assert details.count() >= 3
    first, second = details.nth(0), details.nth(1)
    assert not first.evaluate("d => d.open")
    first.locator("summary").click()
    assert first.evaluate("d => d.open")
    second.locator("summary").focus()
    page.keyboard.press("Enter")
    assert second.evaluate("d => d.open")


def open_citation(page) -> None:
    """Open "Cite this page" (folded to one line until opened); its copy buttons' script (cite.js) loads then."""
    page.locator("details.cite-this summary").click()
    page.wait_for_function("() => window.reader.cite === 'ready'", timeout=5000)


def test_copy_citation(browser, served):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + "tools/exercises/")
    open_citation(page)
    for number, style in enumerate(("APA", "Chicago", "MLA")):
        page.get_by_role("button", name=f"Copy {style} citation").first.click()  # the page's; the source's follow
        page.locator(".cite-this__status", has_text="Citation copied.").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("[data-cite]").nth(number).inner_text().strip()
        assert "Joint Military Exercises" in copied and "/tools/exercises/" in copied
        page.evaluate("document.querySelector('.cite-this__status').textContent = ''")
    context.close()


@pytest.mark.parametrize(
    "clipboard",
    [
        "navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'))",
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})",  # plain http: none
    ],
    ids=["refused", "absent"],
)
def test_copy_citation_without_the_clipboard_selects_it(browser, served, clipboard):
    context = browser.new_context()
    context.add_init_script(clipboard)
    page = context.new_page()
    page.goto(served + "tools/exercises/")
    open_citation(page)
    page.get_by_role("button", name="Copy Chicago citation").first.click()
    page.locator(".cite-this__status", has_text="press Ctrl+C (Command-C on a Mac) to copy it").wait_for()
    selected = page.evaluate("getSelection().toString()").strip()
    assert selected == page.locator("[data-cite]").nth(1).inner_text().strip()
    context.close()


def test_search_finds_attache(page, served):
    page.goto(served)
    page.locator("input.md-search__input").click()
    box = page.locator("input.md-search__input")
    box.press_sequentially("attaché", delay=40)
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initializing')"
    )
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("tools/attaches/" in h for h in hrefs) and any("glossary/" in h for h in hrefs)
