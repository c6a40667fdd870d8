#!/usr/bin/env python3
"""Mutation testing: make realistic defects one at a time (MUTANTS: each changes what a reader sees or what a
contributor is told) and check that the test suite notices each. `make mutate` runs it; the score is in HACKING.md.

    .venv/bin/python scripts/mutate.py              # every mutant (~15 min on 2 cores)
    .venv/bin/python scripts/mutate.py --only 3,7   # some of them (numbers as listed by --list)
    .venv/bin/python scripts/mutate.py --list

Each mutant is applied to a copy of the project in a temporary directory (the working tree is never touched), after
a control run of the targeted tests on an unchanged copy (they must pass). The tests most likely to catch it run
first (`pytest -x`); a mutant they miss runs the whole `make test` suite (`pytest -x`), so "killed" means killed by
`make test`. A mutant whose text is no longer in its file is reported as
stale: update it to the code as it is now.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    path: str
    old: str
    new: str
    effect: str  # what a reader (or contributor) would notice
    tests: tuple[str, ...]  # the tests to run first


MUTANTS = [
    Mutant(
        "hooks/course_reader/content/case_studies.py",
        ".format(_list(case.tools))",
        ".format(_list(case.tools[:1]))",
        "a case's facts show only its first tool",
        ("tests/content/test_case_studies.py",),
    ),
    Mutant(
        "hooks/course_reader/content/glossary.py",
        "for o in term.see_also)",
        "for o in term.see_also[:1])",
        "'See also' shows only the first related term",
        ("tests/content/test_glossary.py",),
    ),
    Mutant(
        "hooks/course_reader/content/case_studies.py",
        'if case.summary_source == "paraphrase":',
        "if False:",
        "a paraphrase is shown as the article's own words",
        ("tests/content/test_case_studies.py",),
    ),
    Mutant(
        "docs/assets/reader.js",
        'var cite = button.parentNode.querySelector("[data-cite]"), text = cite.textContent.trim();',
        'var cite = button.parentNode.querySelector("[data-cite]"), text = document.title;',
        "'Copy citation' copies the page title, not the citation",
        ("tests/browser/test_browser_reader.py::test_copy_citation",),
    ),
    Mutant(
        "docs/assets/reader.css",
        "  color: var(--md-footer-fg-color--light);\n",
        "",
        "the footer's text falls back to Material's low contrast",
        ("tests/browser/test_browser_assets.py",),
    ),
    Mutant(
        "hooks/course_reader/site/navigation.py",
        "walk_pages(item.children)) > limit:",
        "walk_pages(item.children)) >= limit:",
        "the sidebar folds at the limit instead of above it",
        ("tests/site/test_navigation.py",),
    ),
    Mutant(
        "hooks/course_reader/content/reading_time.py",
        "words / WORDS_PER_MINUTE + 0.5",
        "words / WORDS_PER_MINUTE",
        "reading times are rounded down",
        ("tests/content/test_learning.py",),
    ),
    Mutant(
        "hooks/course_reader/study/citations.py",
        "        if self.issued:\n",
        "        if False:\n",
        "a dated page's citation shows 'n.d.' instead of its date",
        ("tests/study/test_citations.py",),
    ),
    Mutant(
        "hooks/course_reader/site/previews.py",
        "glossary.terms[t].short) for t in terms]",
        "glossary.terms[t].term) for t in terms]",
        "popups show the term instead of its definition",
        ("tests/content/test_glossary.py", "tests/content/test_glossary_site.py"),
    ),
    Mutant(
        "hooks/course_reader/content/glossary.py",
        'f"**{md_text(term.short)}**"',
        'f"**{term.short}**"',
        "markup in a definition is run, not shown",
        ("tests/content/test_glossary.py",),
    ),
    Mutant(
        "hooks/course_reader/content/glossary_backlinks.py",
        "        if (term_id, section_id) in seen:\n            continue\n",
        "",
        "backlinks list a section once per use of the term",
        ("tests/content/test_glossary.py",),
    ),
    Mutant(
        "hooks/course_reader/site/navigation.py",
        'if not prefix and child.file.src_uri == "index.md":',
        "if False:",
        "the home page gets a chapter number and every number shifts",
        ("tests/content/test_learning_site.py",),
    ),
    Mutant(
        "hooks/course_reader/site/pages.py",
        'page.meta["title"] = html_text(shown)',
        'page.meta["title"] = html_text(plain)',
        "the browser tab title loses the chapter number",
        ("tests/content/test_learning_site.py",),
    ),
    Mutant(
        "hooks/course_reader/content/sources.py",
        "                found.term_calls.append(ident)\n",
        "",
        "'Glossary terms on this page' disappears",
        ("tests/content/test_sources.py", "tests/content/test_learning_site.py"),
    ),
    Mutant(
        "hooks/course_reader/macros/reader.py",
        "used = list(dict.fromkeys(build.term_calls.get(here.src, [])))",
        "used = list(build.term_calls.get(here.src, []))",
        "'Glossary terms on this page' repeats terms",
        ("tests/macros/test_macros.py",),
    ),
    Mutant(
        "hooks/course_reader/macros/reader.py",
        "first = md_text(chapter.objectives[0])",
        "first = md_text(chapter.objectives[-1])",
        "the course map shows each chapter's last objective",
        ("tests/content/test_learning_site.py",),
    ),
    Mutant(
        "hooks/course_reader/content/sources.py",
        "for name, spec in FRONT_MATTER.items():",
        'for name, spec in [(n, f) for n, f in FRONT_MATTER.items() if n != "description"]:',
        "a page without a description builds",
        ("tests/content/test_sources.py::test_missing_front_matter_description",),
    ),
    Mutant(
        "hooks/course_reader/site/pages.py",
        "            page.update_date = when.isoformat()",
        "            pass",
        "sitemap dates come from the build's clock, not git",
        ("tests/test_reproducible.py",),
    ),
    Mutant(
        "hooks/course_reader/core/git_dates.py",
        "result[GLOSSARY_PAGE] = max(result.get(GLOSSARY_PAGE, date.min), dates[GLOSSARY_DATA])",
        "pass",
        "the glossary's date ignores changes to its data",
        ("tests/core/test_git_dates.py",),
    ),
    Mutant(
        "hooks/course_reader/editions/offline_pages.py",
        '"index.html" + location if location[:1]',
        "location if location[:1]",
        "search results in the offline copy open folders, not pages",
        ("tests/editions/test_offline_pages.py", "tests/editions/test_offline.py"),
    ),
    Mutant(
        "hooks/course_reader/editions/offline_pages.py",
        'path in ("404.html", "sitemap.xml", "sitemap.xml.gz", *WEBAPP_FILES)',
        'path in ("sitemap.xml", "sitemap.xml.gz", *WEBAPP_FILES)',
        "the offline zip carries the web server's 404 page",
        ("tests/editions/test_offline_pages.py", "tests/editions/test_offline.py"),
    ),
    Mutant(
        "hooks/course_reader/core/publish.py",
        "if publication.built_ok and staging.is_dir():",
        "if staging.is_dir():",
        "a failed build replaces the good site",
        ("tests/core/test_publish.py",),
    ),
    Mutant(
        "hooks/course_reader/core/publish.py",
        "fcntl.LOCK_EX | fcntl.LOCK_NB",
        "fcntl.LOCK_SH | fcntl.LOCK_NB",
        "two builds write one site at once",
        ("tests/core/test_publish.py",),
    ),
    Mutant(
        "hooks/course_reader/core/publish.py",
        "(errno.ENOSPC, errno.EDQUOT)",
        "(errno.EDQUOT,)",
        "a full disk ends in a traceback",
        ("tests/core/test_publish.py",),
    ),
    Mutant(
        "hooks/course_reader/plugin.py",
        "for p in sorted(by_priority, reverse=True)",
        "for p in sorted(by_priority)",
        "the features run in the wrong order among the plugins: the web app lists a site not yet written",
        ("tests/test_plugin.py",),
    ),
    Mutant(
        "hooks/course_reader/core/entries.py",
        "n=1, cutoff=0.6)",
        "n=1, cutoff=0.99)",
        "error messages stop suggesting the id meant",
        ("tests/content/test_glossary.py", "tests/content/test_case_studies.py", "tests/content/test_sources.py"),
    ),
    Mutant(
        "hooks/course_reader/content/reading_time.py",
        '//table[contains(concat(" ", normalize-space(@class), " "), " course-map ")]',
        '//table[contains(concat(" ", normalize-space(@class), " "), " no-such-table ")]',
        "the home page's reading time counts the course map",
        ("tests/content/test_learning.py",),
    ),
    Mutant(
        "hooks/course_reader/editions/offline_pages.py",
        "ensure_ascii=False",
        "ensure_ascii=True",
        "the offline search index grows (every non-ASCII letter escaped)",
        ("tests/editions/test_offline_pages.py", "tests/editions/test_offline.py"),
    ),
    Mutant(
        "hooks/course_reader/editions/print_page.py",
        "LEFT_OUT = frozenset({DOWNLOAD_PAGE, PROGRESS_PAGE, FLASHCARDS_PAGE})",
        "LEFT_OUT = frozenset({PROGRESS_PAGE, FLASHCARDS_PAGE})",
        "the print edition prints the Download page",
        ("tests/editions/test_print.py",),
    ),
    Mutant(
        "hooks/course_reader/content/glossary_backlinks.py",
        "section_title = titles[section_id] if section_id in titles else text_of(match.group(3))",
        "section_title = match.group(3)",
        "backlinks show a section's HTML, permalink sign included",
        ("tests/content/test_glossary.py",),
    ),
    Mutant(
        "docs/assets/reader.js",
        "    if (a) {\n      e.preventDefault();\n      early.tapped = a;",
        "    if (a) {\n      early.tapped = a;",
        "a first tap on a term, before the popups' script arrives, leaves the page instead of showing the definition",
        ("tests/browser/test_browser_a11y.py::test_a_tap_before_the_popups_arrive_is_held_then_answered",),
    ),
    Mutant(
        "hooks/course_reader/study/cite.py",
        'if (page.markdown or "").strip() and not is_tool(page.meta):',
        'if (page.markdown or "").strip():',
        "the progress, Flashcards and Download pages offer a citation of themselves",
        ("tests/study/test_citations.py",),
    ),
    Mutant(
        "hooks/course_reader/site/paragraphs.py",
        'return src_uri == "index.md" or src_uri in build_state.get().numbers',
        "return src_uri in build_state.get().numbers",
        "the home page's paragraphs lose their anchors and ¶ links",
        ("tests/site/test_minify.py", "tests/site/test_paragraphs.py"),
    ),
    Mutant(
        "hooks/course_reader/editions/offline_zip.py",
        'name, content = offline_entry(name_bytes.decode("utf-8"), data)',
        'name, content = name_bytes.decode("utf-8"), data',
        "the offline zip's worker copies pages as they are: links to folders and search fail from file://",
        ("tests/editions/test_offline_zip.py",),
    ),
    Mutant(
        "hooks/course_reader/editions/offline_zip.py",
        "                pass  # the worker is gone, and with it what was left in the pipe\n        self._tmp.unlink(missing_ok=True)",
        "                pass  # the worker is gone, and with it what was left in the pipe",
        "a stopped build leaves its half-written zip beside the site's old one",
        ("tests/editions/test_offline_zip.py",),
    ),
    Mutant(
        "hooks/course_reader/core/build_cache.py",
        "    for name in COMPILE_OPTIONS:",
        "    for name in ():",
        "a template compiled under other syntax options (delimiters, autoescape) is reused from the cache",
        ("tests/core/test_build_cache.py",),
    ),
    Mutant(
        "hooks/course_reader/core/build_cache.py",
        "        except Exception:  # e.g. a damaged file",
        "        except OSError:  # e.g. a damaged file",
        "a damaged file in the template cache stops every build until the cache is deleted by hand",
        ("tests/core/test_build_cache.py",),
    ),
]

COPIED = ("docs", "data", "hooks", "overrides", "tests", "scripts", ".github", ".ci")
COPIED_FILES = (
    "mkdocs.yml",
    "pytest.ini",
    "pyproject.toml",
    "requirements.txt",
    "package.json",
    "package-lock.json",
    ".pre-commit-config.yaml",
    ".codespellrc",
    ".codespell-words.txt",
    ".pymarkdown.yml",
    ".yamllint.yml",
    ".gitignore",
    "Makefile",
    "CITATION.cff",
    ".puppeteerrc.cjs",
)


def copy_project(dest: Path) -> Path:
    for part in COPIED:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    for name in (*COPIED_FILES, *(p.name for p in ROOT.glob("*.md"))):  # the documents: the tests read them
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    for linked in (".git", "node_modules"):
        if (ROOT / linked).exists():
            (dest / linked).symlink_to(ROOT / linked)
    return dest


def pytest(project: Path, *args: str) -> bool:
    """True if the tests pass."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *args],
        cwd=project,
        capture_output=True,
        text=True,
        # the copy's own build code (with the mutant), not the installed one
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks")},
    )
    return result.returncode == 0


def run(mutant: Mutant, work: Path) -> str:
    """'killed', 'survived' or 'stale'."""
    project = copy_project(work)
    path = project / mutant.path
    text = path.read_text(encoding="utf-8")
    if text.count(mutant.old) != 1:
        return "stale"
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
    if not pytest(project, *mutant.tests):
        return "killed"
    return "killed" if not pytest(project) else "survived"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated mutant numbers")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args()
    chosen = [(n, m) for n, m in enumerate(MUTANTS, 1) if not args.only or str(n) in args.only.split(",")]
    if args.list:
        for number, mutant in chosen:
            print(f"{number:3}  {mutant.path}: {mutant.effect}")
        return 0
    targets = sorted({test for _, mutant in chosen for test in mutant.tests})
    with tempfile.TemporaryDirectory(prefix="mutant-0-") as tmp:
        if not pytest(copy_project(Path(tmp)), *targets):  # the control: no mutant, every target passes
            print(f"the targeted tests fail without any mutant: fix them first ({' '.join(targets)})")
            return 1
    results: dict[str, list[int]] = {"killed": [], "survived": [], "stale": []}
    for number, mutant in chosen:
        start = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
            outcome = run(mutant, Path(tmp))
        results[outcome].append(number)
        print(f"{number:3}  {outcome:8}  {time.monotonic() - start:5.0f} s  {mutant.path}: {mutant.effect}", flush=True)
    tried = len(results["killed"]) + len(results["survived"])
    score = 100 * len(results["killed"]) / tried if tried else 0.0
    print(f"\nkilled {len(results['killed'])} of {tried} mutants: {score:.0f} %", end="")
    print(f"; survived: {results['survived']}" if results["survived"] else "", end="")
    print(f"; stale (update them): {results['stale']}" if results["stale"] else "")
    return 1 if results["survived"] or results["stale"] else 0


if __name__ == "__main__":
    sys.exit(main())
