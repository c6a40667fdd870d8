"""The Content-Security-Policy (hooks/course_reader/core/csp.py) in Chromium: it is enforced (an inline script or
event handler slipped into a page does not run, online, from file:// and under the web app's worker), and the
reader works under it with no violation: every page of the online site, the offline copy from file:// with its
search, and the web app saved and read offline. The other browser suites also report any violation
(conftest.watch_csp, and their console checks)."""

from __future__ import annotations

import pytest
from test_browser_offline import SEARCHES, search
from test_browser_webapp import Deployment, eventually, walk_by_next

from support.browser import watch_csp

pytestmark = pytest.mark.browser
INJECT = """() => {
  const box = document.createElement("div");
  box.innerHTML = '<img src="data:," onerror="window.__ran = 1">';
  document.body.append(box);
  const script = document.createElement("script");
  script.textContent = "window.__ran = 2";
  document.body.append(script);
}"""


def context_with(browser, violations: list[str], **options):
    context = browser.new_context(**options)
    watch_csp(context, violations)
    return context


def blocked(page, violations: list[str]) -> None:
    """What a page's text could carry (an inline handler, an inline script) does not run, and is reported."""
    before = len(violations)
    page.evaluate(INJECT)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran") is None, "an injected script ran"
    assert len(violations) >= before + 2, violations
    del violations[before:]


def test_every_page_online_under_the_policy(browser, site, served):
    violations: list[str] = []
    context = context_with(browser, violations)
    try:
        page = context.new_page()
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        assert len(pages) > 30
        for rel in pages:
            page.goto(served + rel)
            page.wait_for_load_state("load")
            assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1, rel
        assert violations == []
        page.goto(served)
        for query, target, kind in SEARCHES:
            page.goto(served)
            results = [url.split("?")[0].split("#")[0] for url in search(page, query)]
            assert served + target.removesuffix("index.html") in results, (kind, results)
        page.goto(served + "glossary/")
        blocked(page, violations)
        assert violations == [], violations
    finally:
        context.close()


def test_the_offline_copy_from_file_under_the_policy(browser, offline_copy):
    """Search on file:// runs its worker in a frame the vendored shim writes: the policy allows that script by hash."""
    violations: list[str] = []
    context = context_with(browser, violations)
    try:
        page = context.new_page()
        for rel in sorted(p.relative_to(offline_copy).as_posix() for p in offline_copy.rglob("*.html")):
            page.goto((offline_copy / rel).as_uri())
        assert violations == []
        for query, target, kind in SEARCHES:
            page.goto((offline_copy / "index.html").as_uri())
            results = [url.split("?")[0].split("#")[0] for url in search(page, query)]
            assert (offline_copy / target).as_uri() in results, (kind, results)
        blocked(page, violations)
        assert violations == [], violations
    finally:
        context.close()


def test_the_web_app_saved_and_offline_under_the_policy(browser, site):
    violations: list[str] = []
    deployment = Deployment(site)
    context = context_with(browser, violations)
    try:
        page = context.new_page()
        page.goto(deployment.url + "download/")
        page.get_by_role("button", name="Save for offline reading").click()
        eventually(page, "document.querySelector('[data-webapp-status]').textContent.startsWith('Saved')", 60)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)
        context.set_offline(True)
        deployment.down = True
        pages = walk_by_next(page, deployment.url)
        assert len(pages) > 20
        page.goto(deployment.url)
        assert search(page, "RIMPAC")
        blocked(page, violations)
        assert violations == [], violations
    finally:
        context.close()
        deployment.close()
