"""The reader's browser scripts by their conventions: the node tests of their pure parts (tests/js/: the progress
import's check, the flashcards' scheduling) pass on the sources and on the minified files the site serves, and
instant.js's list of the scripts only some pages load agrees with the pages the hooks link them from."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from course_reader.site.minify import minify_js
from support.helpers import html_pages, soup
from support.project import ROOT

ASSETS = ROOT / "docs" / "assets"
NODE_TESTS = ROOT / "tests" / "js"
LOADED_BY_NODE = ("flashcards.js", "progress-page.js")  # the scripts whose pure parts tests/js/ loads


def node_tests(assets: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    assert node, "node is missing: the project needs Node.js 20 (README, 'Two commands')"
    return subprocess.run(
        [node, "--test", str(NODE_TESTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": str(Path(node).parent), "READER_ASSETS": str(assets)},
    )


def passed(result: subprocess.CompletedProcess) -> int:
    """How many node tests passed, once all of them did."""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    counts = dict(re.findall(r"^# (pass|fail|cancelled|skipped|todo) (\d+)$", result.stdout, re.M))
    assert counts.get("fail") == "0" and counts.get("skipped") == "0" and counts.get("todo") == "0", counts
    return int(counts["pass"])


def test_node_tests_pass_on_the_sources() -> None:
    files = sorted(p.name for p in NODE_TESTS.glob("*.test.js"))
    assert files == ["flashcards.test.js", "progress-import.test.js"]
    assert passed(node_tests(ASSETS)) >= 15


def test_node_tests_pass_on_the_minified_scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What hooks/course_reader/site/minify.py makes of the scripts still loads in node and behaves the same."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in LOADED_BY_NODE:
        source = (ASSETS / name).read_text(encoding="utf-8")
        small = minify_js(f"assets/{name}", source)
        assert len(small) < len(source) * 0.8, name
        (tmp_path / name).write_text(small, encoding="utf-8")
    assert passed(node_tests(tmp_path)) == passed(node_tests(ASSETS))


def test_a_failing_node_test_fails_the_suite(tmp_path: Path) -> None:
    """The runner reports a broken schedule: a flashcards.js whose intervals are doubled fails its tests."""
    for name in LOADED_BY_NODE:
        shutil.copy(ASSETS / name, tmp_path / name)
    broken = tmp_path / "flashcards.js"
    text = broken.read_text(encoding="utf-8")
    assert "[0, 1, 2, 4, 8]" in text
    broken.write_text(text.replace("[0, 1, 2, 4, 8]", "[0, 2, 4, 8, 16]"), encoding="utf-8")
    result = node_tests(tmp_path)
    assert result.returncode != 0 and re.search(r"^# fail [1-9]", result.stdout, re.M), result.stdout[-2000:]


def page_scripts() -> dict[str, str]:
    """instant.js's PAGE_SCRIPTS: each script only some pages load, and the selector of what in a page needs it."""
    found = re.search(r"var PAGE_SCRIPTS = (\{.*?\});", (ASSETS / "instant.js").read_text(encoding="utf-8"), re.S)
    assert found, "instant.js has no PAGE_SCRIPTS"
    return json.loads(found[1])


def test_each_page_that_links_a_page_script_is_one_that_instant_js_would_load_it_for(site: Path) -> None:
    """After an instant page change instant.js loads a page's own script by what the page holds (navigation.instant
    runs none of the new page's <script> tags): that must be exactly the pages the hooks link the script from."""
    scripts = page_scripts()
    assert set(scripts) == {"flashcards.js", "progress-page.js", "article.js"}
    counts = dict.fromkeys(scripts, 0)
    for path in html_pages(site):
        if path.is_relative_to(site / "downloads"):
            continue
        page = soup(path)
        linked = {s["src"].rsplit("/", 1)[-1] for s in page.select("script[src]")}
        for name, selector in scripts.items():
            needs = bool(page.select(selector))
            assert needs == (name in linked), (
                f"{path.relative_to(site)}: links {name}: {name in linked}, needs it: {needs}"
            )
            counts[name] += needs
    assert counts["flashcards.js"] == 1 and counts["progress-page.js"] == 1 and counts["article.js"] >= 17, counts
