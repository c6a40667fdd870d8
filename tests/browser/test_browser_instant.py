"""The reader's scripts under Material's instant navigation (navigation.instant, which the site does not turn on):
a copy of the project built with it, its site_url the local server's (Material only intercepts links its sitemap
lists), and each feature checked after instant page changes, which keep the document and run none of the new page's
own <script> tags: paragraph links and the paragraph report, the chapter's progress controls, popups, flashcards,
the progress page, the web app's row, and the phone drawer's keyboard fixes."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading

import pytest

from support.project import BUILDER, copy_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FEATURES = "  features:\n    # Navigation\n"
PREVIEWS = (
    "[...document.querySelectorAll('.reader-popups [data-href]')].map(s => new URL(s.dataset.href, location.href).href)"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def instant(tmp_path_factory):
    """The project built with navigation.instant, served on 127.0.0.1; yields its base URL."""
    work = tmp_path_factory.mktemp("instant")
    out = work / "site"
    out.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    project = copy_project(work / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert FEATURES in text and "\nsite_url: " in text, "mkdocs.yml changed: update this test's edits"
    text = text.replace(FEATURES, FEATURES + "    - navigation.instant\n", 1)
    text = "\n".join(f"site_url: {base}" if line.startswith("site_url: ") else line for line in text.split("\n"))
    config.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", BUILDER, "build", "--strict", "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "READER_EDITIONS": "false"},
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"navigation.instant"' in (out / "index.html").read_text(encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()


class Instant:
    """A browser page on the instant build; `go(path)` follows a link to it as a reader would (a click Material
    intercepts) and checks that the document stayed (no reload) and that no script is loaded twice."""

    def __init__(self, browser, base: str, **options) -> None:
        self.base = base
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_function("() => window.document$ && window.reader && window.reader.progress")
        self.page.evaluate("() => { window.__sameDocument = true; }")

    def go(self, path: str, link=None) -> None:
        page = self.page
        target = self.base + path
        if link is None:  # a link of the page's content to it, else one made for the test (clicked the same way)
            link = page.locator(f'.md-content a[href="{target}"]:visible').first
            if not link.count():
                page.evaluate(
                    "href => { const a = document.createElement('a'); a.href = href; a.textContent = 'go';"
                    " a.id = 'test-go'; document.querySelector('.md-content').prepend(a); }",
                    target,
                )
                link = page.locator("#test-go")
        link.click()
        page.wait_for_url(lambda url: url.split("#")[0] == target)
        page.wait_for_function(
            "path => document.querySelector('.md-content article') && location.pathname === path"
            " && !document.getElementById('test-go')",
            arg="/" + path,
        )
        page.wait_for_timeout(300)  # the page's scripts (loaded by instant.js if new) have run
        assert page.evaluate("window.__sameDocument === true"), f"{path}: a full reload, not an instant page change"
        twice = page.evaluate("[...document.scripts].map(s => s.src).filter((s, i, all) => s && all.indexOf(s) !== i)")
        assert not twice, twice

    def close(self) -> None:
        self.context.close()
        assert not self.errors, self.errors


def chapter_end(page):
    """The end of the chapter shown, scrolled to: its controls (chapter-end.js) load as the reader nears it."""
    page.locator("#related-material").scroll_into_view_if_needed()
    box = page.locator(".reader-mark-read")
    box.wait_for()
    return box


@pytest.fixture
def reader(browser, instant):
    opened = Instant(browser, instant, color_scheme="light")
    yield opened
    opened.close()


def test_study_tools_work_after_instant_page_changes(reader):
    page = reader.page
    reader.open("glossary/")  # no article, flashcards or progress script on this page
    assert page.evaluate("!document.querySelector('script[src$=\"assets/article.js\"]')")

    reader.go("history/alliances/")
    paragraphs = page.locator("article p[id^='p-']")
    assert paragraphs.count() >= 3
    assert page.locator("a.reader-para-link").count() == paragraphs.count()
    for n in (0, 1):  # a ¶ followed (instant: popstate, no hashchange): the report is under that paragraph
        ident = paragraphs.nth(n).get_attribute("id")
        paragraphs.nth(n).locator("a.reader-para-link").focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => location.hash === '#{ident}'")
        page.locator(f"#{ident} + p.reader-para-report a").wait_for()
        assert page.locator(".reader-para-report").count() == 1

    previews_here = page.evaluate(PREVIEWS)
    term = page.locator("article a.glossary-term[data-term]").first
    term.hover()
    popup = page.locator("#reader-popup")
    popup.wait_for(state="visible")
    assert popup.locator(".reader-popup__link, a").last.inner_text() == "Glossary entry"
    page.mouse.move(0, 0)
    popup.wait_for(state="hidden")

    button = chapter_end(page).get_by_role("button", name="Mark this section as read")  # 2.1: a section
    assert button.count() == 1
    button.click()
    page.get_by_role("button", name="Mark this section as not read").wait_for()
    assert page.locator(".reader-mark-read__state").inner_text() == "✓ You have read this section."
    question = page.locator(".self-check details").first
    question.locator("summary").click()
    question.get_by_role("button", name="Review later").click()
    assert question.get_by_role("button", name="Review later").get_attribute("aria-pressed") == "true"

    reader.go("functions/")  # another chapter: its own controls, once; the one read is marked in the sidebar
    assert chapter_end(page).get_by_role("button", name="Mark this chapter as read").count() == 1
    assert page.locator(".reader-mark-read").count() == 1
    assert page.locator(".reader-mark-read [data-continue]").inner_text().startswith("Continue with 4 ")
    assert page.locator(".reader-self-check").count() == page.locator(".self-check details").count() > 0
    read = page.locator(".md-nav--primary a.md-nav__link", has=page.locator(".reader-read-mark"))
    assert read.count() >= 1 and "(read)" in read.first.inner_text()
    links = page.locator("article a[href]:not([data-term]):not(.reader-para-link)").all()
    previews = set(page.evaluate(PREVIEWS)) - set(previews_here)  # only this page has them
    target = next((a for a in links if a.get_attribute("href") in previews and a.is_visible()), None)
    assert target is not None, "no link of functions/ has a preview that history/alliances/ lacks"
    target.hover()
    popup.wait_for(state="visible")
    assert popup.locator("a").last.inner_text() == "Open"
    page.mouse.move(0, 0)

    reader.go("flashcards/")
    status = page.locator(".reader-session__status")
    assert status.inner_text().startswith("Card 1 of 10. Term: ")
    page.get_by_role("button", name="Show the answer").click()
    page.get_by_role("button", name="I knew it").click()
    assert status.inner_text().startswith("Card 2 of 10. Term: ")

    reader.go("progress/")
    assert page.locator("[data-progress-tools]").is_visible()
    assert page.locator("[data-progress-nojs]").count() == 0
    assert "You have read 0 of 10 chapters and 1 of 6 sections." in page.locator(".reader-progress-count").inner_text()
    review = page.locator("[data-review-list] li a")
    assert review.count() == 1 and review.get_attribute("href").startswith(reader.base + "history/alliances/")
    stored = page.evaluate("JSON.parse(localStorage.getItem(window.reader.progress.key))")
    assert list(stored["chapters"]) == ["history/alliances/"] and len(stored["cards"]) == 1

    reader.go("download/")
    row = page.locator("[data-webapp]")
    row.locator("[data-webapp-status]").filter(has_text="Not saved on this device.").wait_for()
    assert row.get_by_role("button", name="Save for offline reading").is_visible()

    page.go_back()  # back to the progress page, and on to a chapter: still one set of controls each
    page.wait_for_url(reader.base + "progress/")
    page.locator("[data-review-list] li").first.wait_for()
    assert page.locator("[data-review-list] li").count() == 1
    reader.go("history/alliances/", page.locator("[data-review-list] li a").first)
    assert chapter_end(page).get_by_role("button", name="Mark this section as not read").count() == 1
    assert page.locator(".reader-mark-read").count() == 1
    assert page.locator("a.reader-para-link").count() == page.locator("article p[id^='p-']").count()


def test_the_phone_drawer_after_an_instant_page_change(browser, instant):
    reader = Instant(browser, instant, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = reader.page
    try:
        reader.open("history/")
        menu = page.locator("button.reader-drawer")
        menu.click()
        link = page.locator("nav.md-nav--primary a", has_text="Evolution of Military Alliances").first
        link.wait_for(state="visible")
        reader.go("history/alliances/", link)
        page.wait_for_function("() => !document.getElementById('__drawer').checked")  # Material closes it
        sidebar = page.locator(".md-sidebar--primary")
        assert sidebar.get_attribute("id") == menu.get_attribute("aria-controls") == "reader-drawer"
        page.wait_for_function("() => document.querySelector('.md-sidebar--primary').inert === true")
        assert menu.get_attribute("aria-expanded") == "false"

        menu.click()  # the new page's drawer: open, focus inside it, Tab kept in it, its "Close menu" button
        page.wait_for_function("() => document.querySelector('.md-sidebar--primary').inert === false")
        assert menu.get_attribute("aria-expanded") == "true"
        close = sidebar.get_by_role("button", name="Close menu")
        close.wait_for(state="visible")
        page.wait_for_function("() => document.querySelector('#reader-drawer').contains(document.activeElement)")
        for _ in range(30):
            page.keyboard.press("Tab")
            assert page.evaluate("document.querySelector('#reader-drawer').contains(document.activeElement)")
        close.click()
        page.wait_for_function("() => !document.getElementById('__drawer').checked")
        assert page.evaluate("document.activeElement.classList.contains('reader-drawer')")

        reader.go("functions/")  # with the drawer closed (no change event): the new drawer is set up too
        assert sidebar.get_attribute("id") == "reader-drawer"
        assert page.evaluate("document.querySelector('.md-sidebar--primary').inert === true")
    finally:
        reader.close()
