"""Shared fixtures and hooks: one strict site build per session, a local HTTP server, a browser, and the tiers every
test is given (unit, site, editions, browser, audit). What tests import is in tests/support/."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from support.project import CHROMIUM, CHROMIUM_ARGS, ROOT, TIERS, build_site, course_options


@pytest.fixture(scope="session")
def site(tmp_path_factory, request) -> Path:
    """The site, built once per test session: with the PDF, EPUB and handouts only if a selected test needs them
    (the `editions` tier), so `make test-fast` builds without WeasyPrint's minutes and needs no Java."""
    out = tmp_path_factory.mktemp("build") / "site"
    editions = request.config.stash.get(NEEDS_EDITIONS, True)
    result = build_site(ROOT, out, env={} if editions else {"READER_EDITIONS": "false"})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture
def course_build(monkeypatch):
    """A fresh build state (hooks/build_state.py) with the project's data, as hooks/course_reader/site/pages.py makes it in on_config;
    hooks called directly in a test read it, and it is gone after the test."""
    from course_reader import build_state as state

    monkeypatch.setattr(state, "_process", state._Process())
    return state.begin(state.Build.load(ROOT, ROOT / "docs", course_options()))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served(site) -> str:
    """The online build served on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (scripts/setup-browser installs Debian's chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


SITE_FIXTURES = {"site", "served", "offline_zip", "offline_copy", "browser"}  # what needs a site build
LINT_FILES = ("test_lint.py",)  # the audit tier's whole-project checks besides the slow builds
NEEDS_EDITIONS = pytest.StashKey[bool]()


def tier_of(item: pytest.Item) -> list[str]:
    """The tiers a test is in: its explicit tier marks, or the one its marks and fixtures give it."""
    explicit = [tier for tier in TIERS if item.get_closest_marker(tier)]
    if explicit:
        return explicit
    if item.get_closest_marker("slow") or item.path.name in LINT_FILES:
        return ["audit"]
    if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return ["site"]
    return ["unit"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give every test exactly one tier (`unit`, `site`, `editions`, `browser`, `audit`); a test marked with two
    stops the run with its name."""
    for item in items:
        tiers = tier_of(item)
        if len(tiers) != 1:
            raise pytest.UsageError(f"{item.nodeid}: in {len(tiers)} tiers ({', '.join(tiers)}): mark it with one")
        if not item.get_closest_marker(tiers[0]):
            item.add_marker(getattr(pytest.mark, tiers[0]))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Whether the session's site build must make the editions: only if a selected test reads them, or runs in a
    browser (the Download page lists their sizes), or is an audit."""
    session.config.stash[NEEDS_EDITIONS] = any(
        item.get_closest_marker(tier) for item in session.items for tier in ("editions", "browser", "audit")
    )


pytest_plugins = ["support.offline_fixtures"]  # the offline edition: zip and unpacked copy
