"""Accessibility: axe-core on every page of the online build (served under its site_url path, so 404.html finds
its assets too) and of the offline copy (file://), light and dark: no violation of impact serious or critical.
Glossary terms are reachable with Tab and show their definition while focused (docs/assets/reader.js's popup)."""

from __future__ import annotations

import sys

import pytest

from course_reader.content.glossary import load_glossary
from support.project import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench_support

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
SCHEMES = {"light": "default", "dark": "slate"}  # emulated preference -> Material's data-md-color-scheme
GLOSSARY = load_glossary(ROOT / "data" / "glossary.yml", ROOT)

RUN_AXE = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => impacts.includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + (n.failureSummary ? " — " + n.failureSummary.split("\\n").slice(1).join(" ").trim() : ""))}));
}"""


@pytest.fixture(scope="module")
def online(site):
    """The online build served on 127.0.0.1 under its site_url path ('/reader/')."""
    with bench_support.serve(site, compress=False) as base:
        yield base


def axe(page, context: str) -> list[str]:
    """Serious and critical violations on the loaded page, one readable line per rule."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/setup-browser (npm ci)")
    # evaluated by the browser's debugger protocol: a <script> tag would be an inline script the page's
    # Content-Security-Policy refuses (add_script_tag inlines the file)
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    # colours mid-transition (Material fades its tabs out as the page scrolls) are not the page's: let them finish
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')", timeout=5000)
    found = page.evaluate(RUN_AXE, list(BLOCKING))
    lines = []
    for v in found:
        nodes = "\n      ".join(v["nodes"][:6]) + (
            f"\n      … and {len(v['nodes']) - 6} more" if len(v["nodes"]) > 6 else ""
        )
        lines.append(f"{context}: {v['impact']} {v['id']} ({v['help']}):\n      {nodes}")
    return lines


def audit(browser, pages: list[tuple[str, str]], scheme: str) -> list[str]:
    """Run axe on each (label, url) with the OS colour preference emulated; check Material followed it."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = []
    try:
        for label, url in pages:
            page.goto(url)
            try:
                page.wait_for_function(
                    f"document.body.getAttribute('data-md-color-scheme') === '{SCHEMES[scheme]}'", timeout=3000
                )
            except Exception:
                actual = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
                problems.append(f"{label} [{scheme}]: Material shows scheme {actual!r}, not {SCHEMES[scheme]!r}")
                continue
            problems += axe(page, f"{label} [{scheme}]")
    finally:
        context.close()
    return problems


def fail_on(problems: list[str], where: str) -> None:
    if problems:
        pytest.fail(
            f"{len(problems)} serious/critical accessibility problem(s) in {where}:\n  " + "\n  ".join(problems),
            pytrace=False,
        )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_online_pages_have_no_serious_violations(browser, site, online, scheme):
    pages = [(url or "home", online + url) for url in bench_support.page_urls(site)]
    assert len(pages) > 20
    fail_on(audit(browser, pages, scheme), "the online build")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_offline_pages_have_no_serious_violations(browser, offline_copy, scheme):
    # 404.html is for web servers: on file:// nothing serves it and its site-absolute links cannot resolve
    pages = [
        (path.relative_to(offline_copy).as_posix(), path.as_uri())
        for path in sorted(offline_copy.rglob("*.html"))
        if path.name != "404.html"
    ]
    assert len(pages) > 20
    fail_on(audit(browser, pages, scheme), "the offline copy (file://)")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_glossary_terms_are_reachable_and_readable_by_keyboard(browser, online, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(online + "role/")
    terms = page.locator("article a.glossary-term")
    assert terms.count() >= 2
    seen = []
    for _ in range(400):  # Tab through the page from the top, as a keyboard user does
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const a = document.activeElement;
                       return a && a.matches("article a.glossary-term")
                         ? {term: a.dataset.term, outline: getComputedStyle(a).outlineStyle}
                         : null }"""
        )
        if focused is None:
            continue
        term = focused["term"]
        seen.append(term)
        assert focused["outline"] not in ("none", ""), f"{term}: no visible focus outline"
        described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
        assert described, f"{term}: the link has no aria-describedby"
        definition = page.evaluate("id => document.getElementById(id).textContent", described)
        assert " ".join(definition.split()) == GLOSSARY.terms[term].short  # what a screen reader announces
        tip = page.locator("#reader-popup")  # docs/assets/reader.js shows the same text on focus
        tip.wait_for(state="visible", timeout=3000)
        assert " ".join(tip.locator(".reader-popup__text").inner_text().split()) == GLOSSARY.terms[term].short
        box, viewport = tip.bounding_box(), page.viewport_size
        assert box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= viewport["width"], (
            f"{term}: tooltip off screen at {box}"
        )
        fail_on(axe(page, f"role/ with the tooltip of {term} shown [{scheme}]"), "a focused glossary tooltip")
        if len(seen) == 2:
            break
    context.close()
    assert len(seen) == 2, f"Tab reached {len(seen)} glossary term(s) on role/; expected at least 2"
    assert seen[0] != seen[1]
