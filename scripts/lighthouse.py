#!/usr/bin/env python3
"""Lighthouse, side by side: the home page, the longest chapter and the glossary, mobile and desktop, for the
project build and a plain Material build of the same Markdown (see bench_support.py), each served on
127.0.0.1 with gzip like GitHub Pages. Prints the four category scores for both, and why any project score
is under 100.

    .venv/bin/python scripts/lighthouse.py                 # build both, 12 runs (~11 s each)
    .venv/bin/python scripts/lighthouse.py --runs 3        # median of 3 runs per page (performance is noisy)
    .venv/bin/python scripts/lighthouse.py --project-only  # skip the plain build

Needs Debian's Chromium and `npm ci` (scripts/setup-browser does both). Lighthouse is pinned to 12.2.3 in
package.json (newer versions need Node 22).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import bench_support
from support.project import CHROMIUM, CHROMIUM_ARGS  # the browser and the flags that work on this machine, as the tests

ROOT = bench_support.ROOT
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
FORM_FACTORS = ("mobile", "desktop")
# The budget tests/browser/test_lighthouse.py holds on the project's pages
BUDGET = {
    ("accessibility", "mobile"): 1.0,
    ("accessibility", "desktop"): 1.0,
    ("best-practices", "mobile"): 1.0,
    ("best-practices", "desktop"): 1.0,
    ("seo", "mobile"): 1.0,
    ("seo", "desktop"): 1.0,
    ("performance", "desktop"): 0.95,
}
MOBILE_PERFORMANCE_GOAL = 0.95  # a goal, reported; not held by the test (simulated 4G on a shared 2-core box is noisy)


@dataclass
class Result:
    scores: dict[str, float]
    failing: dict[str, list[str]]  # category -> "audit-id (score)" of audits that cost points
    metrics: dict[str, float]


def representative_pages(site: Path) -> dict[str, str]:
    """{'home': '', 'longest chapter': 'history/alliances/', 'glossary': 'glossary/'} for a built site."""
    longest, longest_words = None, -1
    for url in bench_support.page_urls(site):
        if url in ("", "glossary/", "404.html") or url.startswith(("print_page", "cases/", "download")):
            continue
        path = site / (url + "index.html" if url.endswith("/") else url)
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        words = len(article.get_text(" ").split()) if article else 0
        if words > longest_words:
            longest, longest_words = url, words
    pages = {"home": ""}
    if longest is not None:
        pages["longest chapter"] = longest
    if (site / "glossary" / "index.html").is_file():
        pages["glossary"] = "glossary/"
    return pages


def run(url: str, form_factor: str, out_dir: Path) -> Result:
    """One Lighthouse run; raise RuntimeError with Lighthouse's output if it fails."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} is missing: run scripts/setup-browser (npm ci)")
    out = out_dir / f"lh-{abs(hash((url, form_factor)))}.json"
    args = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    if form_factor == "desktop":
        args.append("--preset=desktop")
    proc = subprocess.run(
        args, capture_output=True, text=True, timeout=180, env={**os.environ, "CHROME_PATH": CHROMIUM}
    )
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse {url} ({form_factor}) failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url} ({form_factor}): {report['runtimeError']}")
    scores, failing = {}, {}
    for cat in CATEGORIES:
        category = report["categories"][cat]
        scores[cat] = category["score"]
        failing[cat] = [
            f"{ref['id']} ({report['audits'][ref['id']]['score']:.2f})"
            for ref in category["auditRefs"]
            if ref["weight"] > 0
            and report["audits"][ref["id"]].get("score") is not None
            and report["audits"][ref["id"]]["score"] < 1
        ]
    metrics = {
        key: report["audits"][key]["numericValue"]
        for key in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
        if key in report["audits"] and "numericValue" in report["audits"][key]
    }
    return Result(scores, failing, metrics)


def run_median(url: str, form_factor: str, out_dir: Path, runs: int) -> Result:
    """Median scores of `runs` runs (the failing audits of the median-performance run)."""
    results = [run(url, form_factor, out_dir) for _ in range(runs)]
    results.sort(key=lambda r: r.scores["performance"])
    middle = results[len(results) // 2]
    scores = {cat: statistics.median(r.scores[cat] for r in results) for cat in CATEGORIES}
    return Result(scores, middle.failing, middle.metrics)


def budget_failures(page: str, form_factor: str, result: Result) -> list[str]:
    problems = []
    for (cat, ff), minimum in BUDGET.items():
        if ff == form_factor and result.scores[cat] < minimum:
            problems.append(
                f"{page} ({form_factor}): {cat} {result.scores[cat]:.2f} < {minimum:.2f}; "
                f"audits losing points: {', '.join(result.failing[cat]) or 'none listed'}"
            )
    return problems


def score_cell(result: Result | None) -> str:
    if result is None:
        return " ".join(f"{'—':>4}" for _ in CATEGORIES)
    return " ".join(f"{round(result.scores[c] * 100):>4}" for c in CATEGORIES)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page and form factor (median reported)")
    parser.add_argument("--project-only", action="store_true", help="do not build or measure the plain Material site")
    parser.add_argument("--project", type=Path, help="an existing build of the project (default: build it now)")
    args = parser.parse_args()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        work = Path(tmp)
        project_site = args.project or work / "project"
        if args.project is None:
            bench_support.build_project(project_site)
        plain_site = None
        if not args.project_only:
            plain_site = work / "plain-site"
            bench_support.build_plain(bench_support.make_plain_project(work / "plain"), plain_site)
        pages = representative_pages(project_site)
        header = " ".join(f"{SHORT[c]:>4}" for c in CATEGORIES)
        print(f"Lighthouse 12.2.3, Chromium {CHROMIUM}; scores ×100, median of {args.runs} run(s)")
        print(f"{'page':34} {'form':8} project: {header}   plain: {header}")
        notes = []
        with (
            bench_support.serve(project_site) as project_url,
            bench_support.serve(plain_site) if plain_site else _nothing() as plain_url,
        ):
            for label, url in pages.items():
                for ff in FORM_FACTORS:
                    mine = run_median(project_url + url, ff, work, args.runs)
                    theirs = run_median(plain_url + url, ff, work, args.runs) if plain_url else None
                    name = f"{label} ({url or '/'})"
                    print(f"{name:34} {ff:8}          {score_cell(mine)}          {score_cell(theirs)}", flush=True)
                    failures += budget_failures(name, ff, mine)
                    if ff == "mobile" and mine.scores["performance"] < MOBILE_PERFORMANCE_GOAL:
                        notes.append(
                            f"{name} mobile performance {mine.scores['performance']:.2f} < goal {MOBILE_PERFORMANCE_GOAL}: "
                            f"{', '.join(mine.failing['performance'])}; metrics {_fmt(mine.metrics)}"
                        )
                    for cat in CATEGORIES:
                        if cat != "performance" and mine.failing[cat]:
                            notes.append(f"{name} {ff} {cat}: {', '.join(mine.failing[cat])}")
    for note in notes:
        print("note:", note)
    if failures:
        print("\nOver budget:\n  " + "\n  ".join(failures))
        return 1
    print("Budget held: accessibility, best practices, SEO 100; desktop performance ≥ 95.")
    return 0


def _fmt(metrics: dict[str, float]) -> str:
    names = {
        "first-contentful-paint": "FCP",
        "largest-contentful-paint": "LCP",
        "total-blocking-time": "TBT",
        "cumulative-layout-shift": "CLS",
        "speed-index": "SI",
    }
    return ", ".join(
        f"{names[k]} {v:.3f}" if k == "cumulative-layout-shift" else f"{names[k]} {v / 1000:.2f} s"
        for k, v in metrics.items()
    )


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


if __name__ == "__main__":
    sys.exit(main())
