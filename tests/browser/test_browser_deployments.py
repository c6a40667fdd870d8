"""Issue 26's silent faults of a deployed reader, in Chromium (each build served under /reader/ like GitHub Pages,
tests/browser/test_browser_webapp.py's Deployment): a page new in a deployment, opened while the reader keeps an older
version offline, gets its own deployment's CSS and JS; asset names with '#', '?', '%', spaces and accents are
saved for offline reading and served offline; a glossary id such as `constructor` is a flashcard like any other."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser_webapp import Deployment, eventually

from support.browser import watch_csp
from support.project import build_site, copy_project

pytestmark = pytest.mark.browser
NEW_PAGE = "tools/deployed-later.md"
HOSTILE_ASSETS = ("a#b.txt", "what?.txt", "100%41.txt", "sp ace.txt", "café.txt", "x&y=1.txt")


@pytest.fixture(scope="module")
def deployments(tmp_path_factory) -> tuple[Path, Path]:
    """v1: the project as it is; v2: a page added, the CSS changed, hostile asset names, a term `constructor`."""
    work = tmp_path_factory.mktemp("deployments")
    project = copy_project(work / "project")
    result = build_site(project, work / "v1")
    assert result.returncode == 0, result.stdout + result.stderr
    css = project / "docs" / "assets" / "reader.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n:root { --deployment: 2; }\n", encoding="utf-8")
    (project / "docs" / NEW_PAGE).write_text(
        "---\ntitle: Deployed later\ndescription: A page new in the second deployment.\n---\n\n# Deployed later\n\n"
        'A new page about the {{ term("constructor") }}.\n',
        encoding="utf-8",
    )
    glossary = project / "data" / "glossary.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").rstrip("\n")
        + "\n  - id: constructor\n    term: Constructor\n    short: A term whose id is a name JavaScript objects have.\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      - tools/attaches.md\n" in text
    config.write_text(
        text.replace("      - tools/attaches.md\n", f"      - tools/attaches.md\n      - {NEW_PAGE}\n", 1)
    )
    for name in HOSTILE_ASSETS:
        (project / "docs" / "assets" / name).write_text(f"the file {name}\n", encoding="utf-8")
    result = build_site(project, work / "v2")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "v1", work / "v2"


def save(page, deployment: Deployment) -> None:
    page.goto(deployment.url + "download/")
    page.get_by_role("button", name="Save for offline reading").click()
    eventually(page, "document.querySelector('[data-webapp-status]').textContent.startsWith('Saved')", 60)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)


def test_a_page_new_in_a_deployment_gets_its_own_css_and_js(browser, deployments):
    v1, v2 = deployments
    deployment = Deployment(v1)
    violations: list[str] = []
    context = browser.new_context()
    watch_csp(context, violations)
    try:
        page = context.new_page()
        save(page, deployment)
        deployment.site = v2  # published; the reader has not updated yet
        page.goto(deployment.url + "tools/deployed-later/")
        style = "getComputedStyle(document.documentElement).getPropertyValue('--deployment').trim()"
        assert page.evaluate(style) == "2", "the new page was shown with the saved version's CSS"
        assert page.locator("a.glossary-term[data-term='constructor']").count() == 1  # its JS-built term link
        other = context.new_page()
        other.goto(deployment.url + "tools/")
        assert other.evaluate(style) == "", "a page of the saved version must stay that version, whole"
        assert violations == []
    finally:
        context.close()
        deployment.close()


def test_asset_names_with_url_characters_are_saved_and_served_offline(browser, deployments):
    """Once: one file named with '#' made saving fail for every reader while the build passed."""
    _, v2 = deployments
    deployment = Deployment(v2)
    context = browser.new_context()
    try:
        page = context.new_page()
        save(page, deployment)
        context.set_offline(True)
        deployment.down = True
        for name in HOSTILE_ASSETS:
            href = page.evaluate("(name) => new URL('../assets/' + encodeURIComponent(name), location).href", name)
            text = page.evaluate("(url) => fetch(url).then(r => r.ok ? r.text() : 'HTTP ' + r.status)", href)
            assert text == f"the file {name}\n", name
    finally:
        context.close()
        deployment.close()


def test_a_glossary_id_named_like_an_object_property_is_a_flashcard(browser, deployments):
    """Once: `constructor` read Object.prototype's constructor as its saved state, so it was never shown."""
    _, v2 = deployments
    deployment = Deployment(v2)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(deployment.url + "flashcards/")
        page.evaluate(
            """() => {
              const cards = {};
              for (const el of document.querySelectorAll('[data-card]'))
                if (el.dataset.card !== 'constructor') cards[el.dataset.card] = { box: 2, due: '2999-01-01' };
              localStorage.setItem(window.reader.progress.key,
                JSON.stringify({ version: 1, chapters: {}, questions: {}, cards }));
            }"""
        )
        page.reload()
        assert page.locator(".reader-session__front").inner_text() == "Constructor"
        page.get_by_role("button", name="Show the answer").click()
        page.get_by_role("button", name="I knew it").click()
        saved = page.evaluate("JSON.parse(localStorage.getItem(window.reader.progress.key)).cards.constructor")
        assert saved["box"] == 2
    finally:
        context.close()
        deployment.close()
