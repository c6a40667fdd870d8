"""Tests mirror the package (issue 22 §5): the tests of hooks/course_reader/<part>/<module>.py live in
tests/<part>/test_<module>.py (its checks over the built site in test_<module>_site.py beside it), browser tests in
tests/browser/, and whole-project tests (and those of the package's top-level modules) in tests/ itself."""

from __future__ import annotations

from support.project import ROOT

PACKAGE = ROOT / "hooks" / "course_reader"
TESTS = ROOT / "tests"
BROWSER = "browser"


def parts_of(module: str) -> set[str]:
    """The package's folders holding a module of this name ('.' for the package's top level)."""
    return {p.parent.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob(f"{module}.py")}


def test_every_test_module_sits_where_its_subject_lives():
    misplaced = []
    for test in TESTS.rglob("test_*.py"):
        folder = test.parent.relative_to(TESTS).as_posix()
        stem = test.stem.removeprefix("test_").removesuffix("_site")
        if folder == BROWSER:
            continue
        where = parts_of(stem)
        if folder == ".":
            if where and "." not in where and len(where) == 1:
                misplaced.append(f"{test.name}: its subject is in {next(iter(where))}/, so tests/{next(iter(where))}/")
        elif not (PACKAGE / folder).is_dir():
            misplaced.append(f"{folder}/{test.name}: tests/{folder}/ mirrors no part of the package")
        elif where and folder not in where:
            misplaced.append(f"{folder}/{test.name}: its subject is in {sorted(where)}")
    assert not misplaced, misplaced
    browser = [p.name for p in (TESTS / BROWSER).glob("test_*.py")]
    assert browser and all(p.name in browser for p in TESTS.rglob("test_browser_*.py"))
