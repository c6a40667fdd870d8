"""Lighthouse budget (scripts/lighthouse.py) on the home page, the longest chapter and the glossary, mobile and
desktop, served on 127.0.0.1 with gzip like GitHub Pages: accessibility, best practices and SEO 100; desktop
performance ≥ 0.95. Mobile performance is a goal reported by the script, not held here (simulated slow 4G on
a shared 2-core machine swings by ±0.05). Six Lighthouse runs, ~15 s each."""

from __future__ import annotations

import sys

import pytest

from support.project import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench_support
import lighthouse

pytestmark = pytest.mark.browser
PERFORMANCE_TRIES = 3  # a desktop performance score under budget is re-measured (CPU noise), the best counts


@pytest.fixture(scope="module")
def served_gzip(site):
    with bench_support.serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def pages(site):
    found = lighthouse.representative_pages(site)
    assert set(found) == {"home", "longest chapter", "glossary"}, found
    return found


@pytest.mark.parametrize("form_factor", lighthouse.FORM_FACTORS)
@pytest.mark.parametrize("label", ["home", "longest chapter", "glossary"])
def test_lighthouse_budget(served_gzip, pages, tmp_path, label, form_factor):
    url = served_gzip + pages[label]
    result = lighthouse.run(url, form_factor, tmp_path)
    tries = 1
    while form_factor == "desktop" and result.scores["performance"] < 0.95 and tries < PERFORMANCE_TRIES:
        again = lighthouse.run(url, form_factor, tmp_path)
        tries += 1
        if again.scores["performance"] > result.scores["performance"]:
            result.scores["performance"], result.failing["performance"] = (
                again.scores["performance"],
                again.failing["performance"],
            )
    print(f"{label} {form_factor}: " + ", ".join(f"{k} {v:.2f}" for k, v in result.scores.items()))
    problems = lighthouse.budget_failures(f"{label} ({pages[label] or '/'})", form_factor, result)
    assert not problems, "\n".join(problems)
