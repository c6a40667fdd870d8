"""Shared fixtures: the hooks on sys.path, one strict site build per session, a local HTTP server, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# The builder: "mkdocs" (requirements.txt), or "properdocs" for the CI job that tries ProperDocs, the maintained fork
# of MkDocs 1.x (HACKING.md, "Upgrade path"); its mkdocs.* imports then resolve to properdocs.*
BUILDER = os.environ.get("READER_BUILDER", "mkdocs")
if BUILDER == "properdocs":
    import properdocs.replacement  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(project: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `out`, as the Makefile runs it (`env`: more variables)."""
    return subprocess.run(
        [sys.executable, "-m", BUILDER, "build", "--strict", "-d", str(out), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        # the copy's own build code (hooks/course_reader) before the installed one: a test may change it
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks"), **(env or {})},
        timeout=600,
    )


PROJECT_PARTS = ("docs", "data", "hooks", "overrides", "mkdocs.yml")  # what a build reads


def copy_project(dest: Path, *, git: bool = True) -> Path:
    """A copy of the project's sources in `dest` to build (no site, venv or tests); with `git`, the repository's
    history is shared read-only (a symlink), so page dates come from git as in a real build."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / part, dest / part)
    if git and (ROOT / ".git").exists():
        (dest / ".git").symlink_to(ROOT / ".git")
    return dest


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


def course_yaml() -> dict:
    """The `course` plugin's options as written in mkdocs.yml, every value a string (YAML's BaseLoader)."""
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return next(p["course"] for p in config["plugins"] if isinstance(p, dict) and "course" in p)


def course_options(**changes):
    """The `course` plugin's options as mkdocs.yml sets them (with `changes`), validated as MkDocs does."""
    from mkdocs.utils.yaml import yaml_load

    from course_reader.config import CourseConfig

    raw = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = next(p["course"] for p in raw["plugins"] if isinstance(p, dict) and "course" in p)
    options = CourseConfig()
    options.load_dict({**listed, **changes})
    failed, _ = options.validate()
    assert not failed, failed
    return options


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


CSP_WATCH = """document.addEventListener("securitypolicyviolation", (e) => window.__reportCsp(
  `${document.location.href}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} ${e.sample || ""}`));"""


def watch_csp(context, violations: list[str]) -> None:
    """Every Content-Security-Policy violation in the context's pages (frames included) is appended to
    `violations` (the reader's policy: hooks/course_reader/core/csp.py)."""
    context.expose_binding("__reportCsp", lambda source, text: violations.append(f"CSP: {text}"))
    context.add_init_script(CSP_WATCH)


class Recorder:
    """A browser context (of the `browser` fixture) whose every request, console error and Content-Security-Policy
    violation is kept for the assertions (the offline and study browser tests)."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.errors: list[str] = []
        watch_csp(self.context, self.errors)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.page.url}: {exc}"))
        self.page.on(
            "console", lambda msg: self.errors.append(f"{self.page.url}: {msg.text}") if msg.type == "error" else None
        )

    def leaving(self, allowed: tuple[str, ...]) -> list[str]:
        return [url for url in self.requests if not url.startswith(allowed)]


SITE_FIXTURES = {"site", "served", "offline_zip", "offline_copy", "browser"}  # what needs a site build
TIERS = ("unit", "site", "editions", "browser", "audit")  # what a test needs; `make test-<tier>` runs one
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


pytest_plugins = ["offline_fixtures"]  # the offline edition: zip and unpacked copy (tests/offline_fixtures.py)
