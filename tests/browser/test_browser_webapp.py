"""The installable web app in a real browser (Debian Chromium via Playwright), each build served on 127.0.0.1 under
its path /reader/ the way GitHub Pages serves it: save the reader for offline reading, go offline, read every page by
"next", search, hover a glossary term; publish a build with one changed sentence, update, and read the new version
whole with the old cache gone. Chromium itself reports the manifest installable (Lighthouse 12 dropped its PWA
audits). The file:// copy and `make serve` register no worker."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from test_browser_offline import SEARCHES, search

from course_reader.content.glossary import load_glossary
from course_reader.editions import webapp_precache
from support.project import CHROMIUM, CHROMIUM_ARGS, ROOT, build_site, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
import bench_support

pytestmark = pytest.mark.browser

PREFIX = "/reader/"
GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml", ROOT)
CHANGED_PAGE = "docs/conclusion/index.md"
OLD = (
    "Only through sustained engagement and cooperation can nations secure their interests and contribute to "
    "broader international stability."
)
NEW = "Only through sustained engagement can nations secure their interests, says this quokkadrill of a later edition."


class Deployment:
    """A build served under /reader/ like GitHub Pages (scripts/bench_support.py's server: gzip, max-age=600, the
    404 page), which a new build can replace; it records every request and, while `down`, answers none (503)."""

    def __init__(self, site: Path):
        self.site = site
        self.down = False
        self.requests: list[str] = []
        deployment = self

        class Handler(bench_support._Handler):
            prefix = PREFIX

            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(deployment.site), **kwargs)

            def send_head(self):
                deployment.requests.append(self.path)
                if deployment.down:
                    self.send_error(503)
                    return None
                return super().send_head()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}{PREFIX}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> tuple[Path, Path]:
    """Two builds of one copy of the project: as it is, and with one sentence changed (a new deployment)."""
    work = tmp_path_factory.mktemp("webapp")
    project = copy_project(work / "project")
    builds = []
    for name in ("v1", "v2"):
        if name == "v2":
            source = project / CHANGED_PAGE
            text = source.read_text(encoding="utf-8")
            assert OLD in text, f"{CHANGED_PAGE} no longer has the sentence this test changes: pick another"
            source.write_text(text.replace(OLD, NEW), encoding="utf-8")
        result = build_site(project, work / name)
        assert result.returncode == 0, result.stdout + result.stderr
        builds.append(work / name)
    return builds[0], builds[1]


def kept_files(site: Path) -> dict[str, str]:
    """The files a build's worker keeps: site file -> SHA-256 (from its sw.js)."""
    entries = webapp_precache.worker_files((site / "sw.js").read_text(encoding="utf-8"))
    return {request_path(PREFIX + url): digest for url, digest in entries}


def request_path(path: str) -> str:
    """The site file a request path is answered with: '/reader/role/' -> 'role/index.html'."""
    path = path.split("?")[0].removeprefix(PREFIX)
    return path + "index.html" if path.endswith("/") or not path else path


def site_file(site: Path, deployment: Deployment, url: str) -> Path:
    return site / request_path(PREFIX + url.removeprefix(deployment.url))


def eventually(page, expression: str, timeout: float) -> None:
    """Wait until `expression` (which may give a promise) is truthy in the page. page.wait_for_function does not
    await a promise: any promise counts as truthy there, so it returns at once."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
        except PlaywrightError as error:  # the page navigated meanwhile (a worker may reload it): ask again
            if "context was destroyed" not in str(error):
                raise
            page.wait_for_load_state()
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(200)


def status_of(page) -> str:
    return page.locator("[data-webapp-status]").inner_text()


def cache_names(page) -> list[str]:
    return page.evaluate("caches.keys()")


def walk_by_next(page, start: str, limit: int = 100) -> list[str]:
    """Every page from `start` by the footer's "next" link; their URLs."""
    page.goto(start)
    visited = [page.url]
    while (step := page.locator("a.md-footer__link--next")).count():
        step.click()
        page.wait_for_load_state("load")
        assert page.locator("article h1").count() == 1, f"{page.url} did not load"
        visited.append(page.url.split("#")[0])
        assert len(visited) <= limit, f"the next links go round in circles: {visited}"
    return visited


def offline_leaks(deployment: Deployment) -> list[str]:
    """Requests that reached the server while offline, but for the browser's own checks for a new worker: on a
    navigation Chromium checks sw.js, and its offline emulation does not always stop that check (the server answers
    503 while `down`, as a dead network would fail it; the page is still the worker's)."""
    return [path for path in deployment.requests if path != PREFIX + webapp_precache.WORKER]


def served_bytes(page, url: str) -> bytes:
    """The bytes the page gets for `url` (from the worker, when it answers)."""
    values = page.evaluate("async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer()))", url)
    return bytes(values)


def test_save_read_offline_and_update_whole(browser, editions):
    v1, v2 = editions
    deployment = Deployment(v1)
    context = browser.new_context()
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))

        # A first visit loads nothing for the web app; the Download page loads its script
        page.goto(deployment.url)
        assert not [path for path in deployment.requests if "webapp" in path or path.endswith("sw.js")]

        # Save: the Download page's button registers the worker, which keeps every listed file of this build
        page.goto(deployment.url + "download/")
        button = page.get_by_role("button", name="Save for offline reading")
        assert status_of(page) == "Not saved on this device."
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => document.querySelector('[data-webapp-status]').textContent.startsWith('Saved')", timeout=30000
        )
        assert page.get_by_role("status").filter(has_text="Saved for offline reading").count() == 1
        assert page.get_by_role("button", name="Remove the offline copy").is_visible()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)
        listed = page.evaluate("fetch('../sw.js').then(r => r.text())")
        (old_cache,) = cache_names(page)
        assert old_cache.startswith(f"offline-reader {PREFIX} ")
        kept = page.evaluate("async (name) => (await (await caches.open(name)).keys()).map(r => r.url)", old_cache)
        assert len(kept) == listed.count('", "') > 40
        assert all(url.startswith(deployment.url) for url in kept), "a file of another origin or path was kept"

        # Offline: every page by "next", search, the glossary; nothing reaches the server
        context.set_offline(True)
        deployment.down = True
        deployment.requests.clear()
        pages = walk_by_next(page, deployment.url)
        expected = {
            deployment.url + u
            for u in bench_support.page_urls(v1)
            if u != "404.html" and not u.startswith("print_page")
        }
        assert set(pages) == expected, f"not reached offline: {sorted(expected - set(pages))}"
        for query, target, kind in SEARCHES:
            page.goto(deployment.url)
            results = [url.split("?")[0].split("#")[0] for url in search(page, query)]
            assert deployment.url + target.removesuffix("index.html") in results, (
                f"offline search, {kind} {query!r}: {results}"
            )
        page.goto(deployment.url + "tools/exercises/")
        popup = page.locator("#reader-popup")  # the accessible popup (docs/assets/reader.js)
        assert not popup.is_visible()
        page.locator("article a.glossary-term[data-term='rimpac']").first.hover()
        popup.get_by_text(GLOSSARY.terms["rimpac"].short).wait_for(state="visible", timeout=5000)
        page.goto(deployment.url + "print_page/")
        assert page.locator("#print-page-toc li").count() > 20
        page.goto(deployment.url + "no/such/page/")  # not kept: the 404 page says it is not saved (overrides/404.html)
        assert page.locator("h1").first.inner_text() == "Not saved for offline reading"
        assert offline_leaks(deployment) == [], "offline, these reached the server"

        # A new deployment: one sentence changed. Online again, a reload finds the new worker, which installs the
        # new version beside the old one; until the reader asks, every page stays the old version.
        changed = {path for path, digest in kept_files(v2).items() if kept_files(v1).get(path) != digest}
        assert "conclusion/index.html" in changed and "search/search_index.json" in changed
        deployment.site = v2
        deployment.down = False
        deployment.requests.clear()
        context.set_offline(False)
        page.goto(deployment.url)
        notice = page.get_by_role("button", name="Reload to update")
        # Under Playwright's offline emulation, the update check Chromium starts on an offline navigation holds the
        # next one for ~30 s after going back online (observed with Chromium 156; without the emulation, or without
        # offline navigations, the update is ready in ~1 s): hence the long wait.
        notice.wait_for(state="visible", timeout=90000)
        assert "Update ready" in page.get_by_role("status").filter(has_text="Update ready").inner_text()
        other = context.new_page()
        other.goto(deployment.url + "conclusion/")
        assert OLD in " ".join(other.locator("article").inner_text().split()), (
            "a page of the new version before the switch"
        )
        assert len(cache_names(page)) == 2
        fetched = {request_path(url) for url in deployment.requests}
        assert fetched == changed | {"sw.js"}, "the changed files are downloaded again, and only they"

        with page.expect_navigation(), other.expect_navigation():
            notice.click()
        assert cache_names(page) == [name for name in cache_names(page) if name != old_cache]
        (new_cache,) = cache_names(page)
        assert new_cache != old_cache
        assert NEW in " ".join(other.locator("article").inner_text().split()), "the other tab switched too"

        # Offline again: every page is the new build's, byte for byte; the new sentence is on its pages and found
        context.set_offline(True)
        deployment.down = True
        deployment.requests.clear()
        for url in sorted(expected) + [deployment.url + "print_page/", deployment.url + "search/search_index.json"]:
            assert served_bytes(page, url) == site_file(v2, deployment, url).read_bytes(), (
                f"{url} is not the new version"
            )
        with_sentence = [url for url in expected if NEW.encode() in site_file(v2, deployment, url).read_bytes()]
        assert with_sentence == [deployment.url + "conclusion/"]
        for url in with_sentence + [deployment.url + "print_page/"]:
            page.goto(url)
            text = " ".join(page.locator("article").inner_text().split())
            assert NEW in text and OLD not in text, url
        page.goto(deployment.url)
        results = search(page, "quokkadrill")
        assert any(r.startswith(deployment.url + "conclusion/") for r in results), results
        assert offline_leaks(deployment) == [], "offline, these reached the server"
        assert not errors, errors
    finally:
        context.close()
        deployment.close()


def test_worker_leaves_other_origins_alone(browser, editions):
    """A request to another origin goes to the network, and nothing of it is kept. (The pages' Content-Security-Policy
    refuses such a request itself: this context sets it aside to test the worker's own rule.)"""
    v1, _ = editions
    deployment = Deployment(v1)
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(deployment.url + "download/")
        page.get_by_role("button", name="Save for offline reading").click()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)
        other_origin = f"http://localhost:{deployment.port}{PREFIX}assets/course.css"  # same server, another origin
        deployment.requests.clear()
        page.evaluate("(url) => fetch(url, {mode: 'no-cors'}).then(() => true)", other_origin)
        assert deployment.requests == [f"{PREFIX}assets/course.css"], "the other origin's request went to the network"
        page.evaluate("fetch('../assets/course.css').then(r => r.text())")
        assert len(deployment.requests) == 1, "this origin's file came from the kept copy"
        kept = page.evaluate(
            "async () => { const all = []; for (const n of await caches.keys()) "
            "for (const r of await (await caches.open(n)).keys()) all.push(r.url); return all; }"
        )
        assert kept and not [url for url in kept if not url.startswith(deployment.url)]
    finally:
        context.close()
        deployment.close()


def test_chromium_finds_the_manifest_installable(browser, site, tmp_path):
    """Lighthouse 12 removed the PWA category and its installable-manifest audit, so ask Chromium directly over
    the DevTools protocol, as Lighthouse did: the manifest parses cleanly and there is no installability error.
    (A profile on disk: Chromium never offers installing from an incognito context, which new_context() is.)"""
    deployment = Deployment(site)
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    try:
        page = context.new_page()
        page.goto(deployment.url)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == deployment.url + "manifest.webmanifest"
        assert manifest["errors"] == [], manifest["errors"]
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
        data = json.loads(manifest["data"])
        assert data["start_url"] == data["scope"] == PREFIX
        if manifest.get("parsed"):  # recent Chromium also returns what it resolved the scope to
            assert manifest["parsed"]["scope"] == deployment.url
        print(f"\nChromium: manifest errors {manifest['errors']}, installability errors {errors}")
    finally:
        context.close()
        deployment.close()


def test_offline_copy_registers_nothing(browser, offline_copy):
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto((offline_copy / "download" / "index.html").resolve().as_uri())
        assert status_of(page).startswith("This copy already works without a network.")
        assert not page.locator("[data-webapp-action]").is_visible()
        assert page.locator('link[rel="manifest"]').count() == 0
        assert not errors, errors
    finally:
        context.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_serve_removes_a_worker_a_build_left(browser, site, tmp_path):
    """A build saved for offline reading on 127.0.0.1:PORT/reader/, then `make serve` on the same address: the
    preview's worker replaces the build's, deletes its cache and unregisters; the page shows the preview."""
    deployment = Deployment(site)
    port = deployment.port
    context = browser.new_context()
    serve = None
    try:
        page = context.new_page()
        page.goto(deployment.url + "download/")
        page.get_by_role("button", name="Save for offline reading").click()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)
        assert len(cache_names(page)) == 1
        deployment.close()
        serve = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**os.environ, "READER_PRINT": "false", "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{PREFIX}sw.js", timeout=5) as response:
                    assert b"make serve" in response.read()
                break
            except OSError:
                assert time.monotonic() < deadline and serve.poll() is None, "mkdocs serve did not start"
                time.sleep(0.5)
        page.goto(deployment.url + "download/")  # the build's worker answers, then finds its replacement
        eventually(page, "navigator.serviceWorker.getRegistrations().then(r => r.length === 0)", timeout=30)
        eventually(page, "caches.keys().then(k => k.length === 0)", timeout=10)
        # the build was served with max-age=600 like GitHub Pages: leave the browser's HTTP cache out of it
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        for attempt in range(3):  # the removed worker reloads its pages once: a goto may race that reload
            try:
                page.goto(deployment.url + "download/")
                break
            except Exception as error:
                if "interrupted by another navigation" not in str(error) or attempt == 2:
                    raise
                page.wait_for_load_state()
        assert status_of(page).startswith("The preview (make serve) keeps nothing offline")
        assert page.evaluate("navigator.serviceWorker.controller") is None
        assert page.locator('link[rel="manifest"][data-worker]').count() == 0
    finally:
        context.close()
        if serve is not None:
            serve.terminate()
            serve.wait(timeout=30)
