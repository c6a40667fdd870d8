"""Study tools in a real browser (Debian Chromium via Playwright), on the online build served on 127.0.0.1 and on the
unzipped offline copy over file://, with every request recorded (none may leave the machine): paragraph links and
"report a problem with this paragraph"."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser
LOCAL = ("file://", "data:", "blob:", "about:", "http://127.0.0.1:")


class Reader:
    """A browser context on one edition of the site: `url(path)` of a page ('history/alliances/'), every request and
    console error kept for the assertions."""

    def __init__(self, browser, base: str, offline: bool, **options) -> None:
        self.base, self.offline = base, offline
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.page.url}: {exc}"))
        self.page.on(
            "console", lambda m: self.errors.append(f"{self.page.url}: {m.text}") if m.type == "error" else None
        )

    def url(self, path: str = "") -> str:
        if self.offline:
            path = path + "index.html" if path.endswith("/") or not path else path
        return self.base + path

    def close(self) -> None:
        self.context.close()
        leaving = [url for url in self.requests if not url.startswith(LOCAL)]
        assert self.requests and not leaving, f"requests that leave the machine: {leaving}"
        assert not self.errors, self.errors


@pytest.fixture(params=["online", "offline"])
def reader(request, browser):
    if request.param == "online":
        base = request.getfixturevalue("served")
    else:
        base = Path(request.getfixturevalue("offline_copy")).resolve().as_uri() + "/"
    opened = Reader(browser, base, request.param == "offline", color_scheme="light")
    yield opened
    opened.close()


def test_a_paragraph_link_shows_on_focus_and_reports_the_paragraph(reader):
    page = reader.page
    page.goto(reader.url("history/alliances/"))
    paragraph = page.locator("article p[id^='p-']").first
    ident = paragraph.get_attribute("id")
    link = paragraph.locator("a.reader-para-link")
    assert link.get_attribute("aria-label") == "Link to this paragraph"
    assert link.evaluate("a => getComputedStyle(a).opacity") == "0"
    link.focus()
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '#{ident}'")
    report = page.locator(f"#{ident} + p.reader-para-report a")
    report.wait_for()
    query = parse_qs(urlsplit(report.get_attribute("href")).query)
    body = query["body"][0]
    assert f"/history/alliances/#{ident}" in body
    assert "> Military alliances have undergone significant evolution" in body
    assert "¶" not in body
    assert page.locator("a.reader-report").get_attribute("href") == report.get_attribute("href")
