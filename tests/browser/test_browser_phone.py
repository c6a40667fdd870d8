"""A phone puts the article first (issue 24, §2), in Debian Chromium at 375×812 with touch, on the online build served
on 127.0.0.1 and on the unzipped offline copy over file://, every request recorded (none may leave the machine): the
home page's course map and first screen, continue reading, a chapter's folded extras, taps on terms and links, the
"read" state, and the dead ends (the 404 page, and offline, what the web app did not save)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from test_browser_study import Reader, chapter_end, storage

from course_reader.content.case_studies import load_case_studies
from course_reader.content.glossary import load_glossary
from support.project import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench_support

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 812}, "has_touch": True, "is_mobile": True}
GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml", ROOT)
CASES = load_case_studies(
    ROOT / "data" / "case_studies.yml",
    GLOSSARY,
    {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")},
    ROOT,
)
# Words split across lines inside the given elements: each word (letters and digits between spaces and hyphens)
# should be drawn on one line, so a word whose text spans more than one line box is split.
SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\\p{L}\\p{N}’'.]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""
LINES = """(el) => {  /* how many lines the element's text takes */
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
}"""


@pytest.fixture(params=["online", "offline"])
def phone(request, browser):
    if request.param == "online":
        base = request.getfixturevalue("served")
    else:
        base = Path(request.getfixturevalue("offline_copy")).resolve().as_uri() + "/"
    opened = Reader(browser, base, request.param == "offline", color_scheme="light", **PHONE)
    yield opened
    opened.close()


def page_key(url: str) -> str:
    """'history/alliances/' for a page's URL, online or on file://."""
    path = re.sub(r"index\.html$", "", url.split("#")[0].split("?")[0])
    match = re.search(r"/(?:reader/|military-diplomacy-reader/|127\.0\.0\.1:\d+/)(.*)$", path)
    assert match, url
    return match.group(1)


def url_of(src: str) -> str:
    """A page's URL from the site root: 'history/alliances.md' -> 'history/alliances/', 'history/index.md' ->
    'history/'."""
    return re.sub(r"(^|/)index\.md$", r"\1", src).removesuffix(".md") + ("" if src.endswith("index.md") else "/")


def tap(page, locator) -> None:
    locator.scroll_into_view_if_needed()
    locator.tap()


def follow(page, locator, key: str) -> None:
    """Tap a link and wait until the page `key` ('history/') is loaded."""
    tap(page, locator)
    page.wait_for_url(lambda url: page_key(url) == key, timeout=10000)
    page.wait_for_load_state("load")


# Home


def test_home_at_375px_splits_no_word_and_shows_the_primary_button_in_the_first_screen(phone):
    page = phone.page
    page.goto(phone.url())
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert page.locator("table.course-map tbody tr").count() == 16
    assert page.evaluate(SPLIT_WORDS, "article table th, article table td") == []
    cards = page.locator("table.course-map tbody tr")
    first = cards.first.bounding_box()
    assert first["width"] <= 375 and cards.first.locator("th a").bounding_box()["width"] > 200, "a card a chapter"
    labels = cards.first.locator("td").evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').content)")
    assert labels[1:] == ['"Reading time: "', '"You will learn to: "', '"Self-check: "'], labels  # each cell labelled
    button = page.locator(".md-content a.md-button--primary").first
    box = button.bounding_box()
    assert button.inner_text() == "Start reading" and box["y"] >= 0 and box["y"] + box["height"] <= 812, box
    follow(page, button, "role/")


def test_the_instructors_timeline_is_padded_and_splits_no_word(phone):
    page = phone.page
    page.goto(phone.url("instructors/timeline/"))
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert page.locator("table.timeline tbody tr").count() >= 8
    assert page.evaluate(SPLIT_WORDS, "table.timeline th, table.timeline td") == []
    padding = page.locator("table.timeline td").nth(1).evaluate("td => parseFloat(getComputedStyle(td).paddingLeft)")
    rule = page.locator("table.timeline td").first.evaluate("td => getComputedStyle(td).borderBottomStyle")
    assert padding >= 4 and rule == "solid"
    assert not page.locator(".reading-time").count(), "a list to look things up in, not a text to read through"


# Continue reading, and the "read" state


def mark_read(page, keys: list[str]) -> None:
    page.evaluate(
        "keys => window.reader.progress.update(s => keys.forEach(k => { s.chapters[k] = {read: '2026-01-01'}; }))", keys
    )


def test_continue_reading_goes_to_the_first_chapter_not_read_and_counts_chapters_and_sections_apart(phone):
    page = phone.page
    page.goto(phone.url("role/"))
    assert not page.locator(".reader-mark-read").count(), "made when the reader nears the end, not before"
    box = chapter_end(page)
    assert "web-only" in box.get_attribute("class").split()
    button = box.get_by_role("button", name="Mark this chapter as read")
    state = box.locator(".reader-mark-read__state")
    assert state.is_hidden()
    tap(page, button)
    assert state.inner_text() == "✓ You have read this chapter."
    undo = box.get_by_role("button", name="Mark this chapter as not read")
    assert undo.is_visible(), "a chapter marked read offers to undo it"
    tap(page, undo)
    assert state.is_hidden() and box.get_by_role("button", name="Mark this chapter as read").is_visible()
    assert storage(page)["chapters"] == {}
    tap(page, box.get_by_role("button", name="Mark this chapter as read"))
    assert box.locator("a[data-continue]").inner_text() == "Continue with 2 Historical Context"

    page.goto(phone.url("history/alliances/"))  # a section: named so, and the way on is the next page not read
    tap(page, chapter_end(page).get_by_role("button", name="Mark this section as read"))
    assert page.locator(".reader-mark-read__state").inner_text() == "✓ You have read this section."
    assert page.locator(".reader-mark-read a[data-continue]").inner_text() == (
        "Continue with 2.2 Case Studies: Successful Military Diplomacy"
    )

    page.goto(phone.url())  # home: the first chapter not read, in reading order (2, before 2.2)
    start = page.locator(".md-content a.md-button--primary").first
    assert start.inner_text() == "Continue with 2 Historical Context"
    assert start.bounding_box()["y"] + start.bounding_box()["height"] <= 812
    count = page.locator(".reader-progress-summary").inner_text()
    assert "You have read 1 of 10 chapters and 1 of 6 sections." in count
    follow(page, start, "history/")

    page.goto(phone.url("conclusion/"))  # the last chapter: the way on wraps round to the first not read
    chapter_end(page)
    assert page.locator(".reader-mark-read a[data-continue]").inner_text() == ("Continue with 2 Historical Context")
    everything = page.evaluate(
        """() => [...document.querySelectorAll('.md-nav--primary a.md-nav__link[href]')]
                 .filter(a => /^\\d/.test(a.textContent.trim())).map(a => window.reader.progress.keyOf(a.href))"""
    )
    everything = list(dict.fromkeys(everything))
    assert len(everything) == 16 and everything[0] == "role/" and everything[-1] == "conclusion/"
    mark_read(page, everything)
    done = page.locator(".reader-mark-read a[data-continue]")
    assert done.inner_text() == "You have read every chapter: see your progress"
    page.goto(phone.url())
    assert (
        "You have read 10 of 10 chapters and 6 of 6 sections." in page.locator(".reader-progress-summary").inner_text()
    )
    follow(page, page.locator(".md-content a.md-button--primary").first, "progress/")
    assert "You have read 10 of 10 chapters and 6 of 6 sections." in page.locator(".reader-progress-count").inner_text()


# A chapter


def test_a_chapter_folds_its_extras_and_sets_the_study_material_at_body_size(phone):
    page = phone.page
    page.goto(phone.url("functions/"))
    text = page.locator("article p[id^='p-']").first
    body = text.evaluate("p => getComputedStyle(p).fontSize")
    assert text.bounding_box()["y"] < 812 / 2, "the article starts in the first half of the first screen"
    objectives = page.locator("details.learning-objectives")
    assert not objectives.evaluate("d => d.open"), "the objectives start folded, one line over the article"
    assert objectives.locator("summary").evaluate(LINES) == 1
    tap(page, objectives.locator("summary"))
    assert objectives.evaluate("d => d.open")
    takeaways = page.locator("details.key-takeaways")
    assert takeaways.evaluate("d => d.open")
    tap(page, takeaways.locator("summary"))
    assert not takeaways.evaluate("d => d.open"), "the takeaways fold"
    tap(page, takeaways.locator("summary"))
    sizes = page.evaluate(
        """() => [...document.querySelectorAll(
             '.learning-objectives li, .key-takeaways li, .self-check summary, .self-check details > p')]
           .map(e => getComputedStyle(e).fontSize)"""
    )
    assert len(sizes) > 10 and set(sizes) == {body}, f"study material at {set(sizes)}, the text at {body}"

    cite = page.locator("details.cite-this")
    assert "web-only" in cite.get_attribute("class").split()
    assert not cite.evaluate("d => d.open") and cite.locator("summary").evaluate(LINES) == 1
    assert cite.locator("summary").inner_text().strip() == "Cite this page"
    assert cite.bounding_box()["height"] < 70, "folded, the citation box is one line"
    tap(page, cite.locator("summary"))
    assert cite.get_by_role("button", name="Copy APA citation").is_visible()
    page.wait_for_function("() => window.reader.cite === 'ready'")  # its copy buttons' script, loaded on opening


def shows_cards(src: str) -> bool:
    return "case_cards: false" not in (ROOT / "docs" / src).read_text(encoding="utf-8").split("---")[1]


QUOTING = [c for c in CASES.cases.values() if c.source_page in c.pages and shows_cards(c.source_page)]


def test_some_chapters_show_a_card_of_the_case_study_they_quote():
    assert len(QUOTING) >= 4, "the test below checks too few cards"


@pytest.mark.parametrize("case", QUOTING, ids=lambda c: c.id)
def test_a_card_in_the_chapter_it_quotes_points_to_the_paragraph_instead_of_repeating_it(phone, case):
    page = phone.page
    page.goto(phone.url(url_of(case.source_page)))
    words = " ".join(case.summary.split()[:12])
    card = page.locator(f"section.case-card:has(#card-{case.id})")
    assert card.count() == 1
    assert words not in " ".join(card.inner_text().split()), "the card repeats the paragraph just read"
    pointer = card.locator(".case-summary--above a")
    tap(page, pointer)
    page.wait_for_function("() => location.hash.length > 1")
    target = page.locator(":target")
    assert target.count() == 1 and target.get_attribute("id").startswith("p-")
    if case.summary_source != "paraphrase":  # the words quoted, but for what the quote adds in [brackets]
        quoted = set(re.findall(r"\w{4,}", re.sub(r"\[[^]]*\]", "", case.summary).lower()))
        assert quoted <= set(re.findall(r"\w{4,}", target.inner_text().lower())), case.id


# Touch


def test_a_tap_on_a_term_shows_its_definition_with_a_close_button_and_a_tap_on_a_page_link_goes_there(phone):
    page = phone.page
    page.goto(phone.url("tools/exercises/"))
    term = page.locator("article a.glossary-term[data-term='rimpac']").first
    tap(page, term)  # the first tap of the page: popup.js arrives, then shows it
    popup = page.locator("#reader-popup")
    popup.wait_for(state="visible", timeout=5000)
    assert " ".join(popup.locator(".reader-popup__text").inner_text().split()) == GLOSSARY.terms["rimpac"].short
    assert page_key(page.url) == "tools/exercises/"
    close = popup.get_by_role("button", name="Close")
    box, close_box = popup.bounding_box(), close.bounding_box()
    assert close_box["width"] >= 40 and close_box["x"] + close_box["width"] <= box["x"] + box["width"] + 1
    close.tap()
    assert popup.is_hidden()

    tap(page, term)
    popup.wait_for(state="visible")
    page.mouse.wheel(0, 400)  # scrolling on closes it
    page.evaluate("window.scrollBy(0, 400)")
    popup.wait_for(state="hidden", timeout=3000)

    link = page.locator("article a[href*='history/alliances']").first  # a link to another page, in the text
    follow(page, link, "history/alliances/")


def test_a_first_tap_on_a_page_link_goes_there_at_once(phone):
    page = phone.page
    page.goto(phone.url("tools/exercises/"))
    follow(page, page.locator("article a[href*='history/alliances']").first, "history/alliances/")


def test_instructions_on_a_touch_screen_are_not_for_the_keyboard_only(phone):
    page = phone.page
    page.context.add_init_script(
        "navigator.clipboard && (navigator.clipboard.writeText = () => Promise.reject(new DOMException('no', 'NotAllowedError')))"
    )
    page.goto(phone.url("tools/exercises/"))
    tap(page, page.locator("details.cite-this summary"))
    page.wait_for_function("() => window.reader.cite === 'ready'")
    tap(page, page.get_by_role("button", name="Copy Chicago citation"))
    status = page.locator(".cite-this__status")
    status.get_by_text("touch and hold").wait_for()
    assert "Ctrl" not in status.inner_text()
    page.goto(phone.url("glossary/"))
    how = page.locator("article p.web-only").first  # how to see a definition where it stands: on screen only
    assert how.is_visible() and "Hover" not in how.inner_text() and "tap" in how.inner_text()


# Dead ends


@pytest.fixture(scope="module")
def under_prefix(site):
    """The online build served under its site_url path ('/reader/'), as GitHub Pages serves it, with its 404 page."""
    with bench_support.serve(site, compress=False) as base:
        yield base


def test_the_404_page_offers_the_way_back_search_the_contents_and_the_home_page(browser, under_prefix):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(under_prefix + "history/")
        page.goto(under_prefix + "no/such/page/")
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.get_by_text("Not saved for offline reading").is_hidden()
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        contents = page.locator(".reader-missing__contents a")
        titles = contents.all_inner_texts()
        assert sum(bool(re.match(r"\d+(\.\d+)* ", t)) for t in titles) == 16 and "Glossary" in titles
        assert page.get_by_role("link", name="Home page").get_attribute("href") == "/reader/."
        back = page.get_by_role("button", name="Go back")
        assert back.bounding_box()["y"] + back.bounding_box()["height"] <= 812
        tap(page, back)
        page.wait_for_url(under_prefix + "history/")

        page.goto(under_prefix + "no/such/page/")
        page.get_by_label("Search the reader").fill("RIMPAC")
        tap(page, page.locator(".reader-missing__search button"))
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
        assert any("/glossary/" in h for h in hrefs), hrefs

        page.goto(under_prefix + "no/such/page/")
        tap(page, page.locator(".reader-missing__contents a", has_text="3 Key Functions of Military Diplomacy"))
        page.wait_for_url(under_prefix + "functions/")
    finally:
        context.close()


def test_offline_the_web_app_says_what_it_did_not_save_and_offers_the_way_back(browser, under_prefix):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(under_prefix + "download/")
        tap(page, page.get_by_role("button", name="Save for offline reading"))
        page.wait_for_function(
            "() => document.querySelector('[data-webapp-status]').textContent.startsWith('Saved')", timeout=60000
        )
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)
        page.goto(under_prefix + "functions/")
        context.set_offline(True)
        page.goto(under_prefix + "downloads/military-diplomacy-reader.zip")  # a download: not kept offline
        assert page.locator("h1").inner_text() == "Not saved for offline reading"
        assert page.get_by_text("You are offline").is_visible() and page.get_by_text("Nothing is published").is_hidden()
        tap(page, page.get_by_role("button", name="Go back"))
        page.wait_for_url(under_prefix + "functions/")
        assert "Key Functions of Military Diplomacy" in page.locator("article h1").inner_text()
        page.goto(under_prefix + "no/such/page/")
        tap(page, page.get_by_role("link", name="Home page"))
        page.wait_for_url(under_prefix)
        assert page.locator(".md-content a.md-button--primary").first.is_visible()
    finally:
        page.evaluate("navigator.serviceWorker.getRegistrations().then(rs => Promise.all(rs.map(r => r.unregister())))")
        context.close()
    assert not errors, errors


# Search (issue 24, §3): the chapters above the instructors' pages


def test_search_ranks_the_chapters_above_the_instructors_pages(phone):
    """The instructors' pages repeat the chapters' titles in their headings, which Material's search weighs 1,000 times
    the text: their front matter's search.boost keeps them below the chapters that hold the term."""
    from test_browser_offline import search

    page = phone.page
    page.goto(phone.url())
    page.locator("button.reader-search").tap()  # a phone's header shows the search as a button
    results = [page_key(url) for url in search(page, "attachés")]
    teaching = [i for i, key in enumerate(results) if key.startswith("instructors/")]
    assert teaching, results  # still found
    for chapter in ("tools/attaches/", "tools/"):  # the section on attachés, and its chapter
        assert results.index(chapter) < min(teaching), f"an instructors' page above {chapter}: {results}"
    assert results[0] == "tools/attaches/"
