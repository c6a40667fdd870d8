"""course_reader/build_state.py: one state object per build, with parts for the features; nothing else keeps state."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import pytest
from mkdocs.exceptions import PluginError

from course_reader import build_state
from support.project import ROOT, course_options


@dataclass
class _Part:
    seen: list[str] = field(default_factory=list)


def test_a_feature_part_is_made_once_per_build(course_build):
    course_build.part(_Part).seen.append("index.md")
    assert build_state.get().part(_Part).seen == ["index.md"]
    build_state.begin(build_state.Build.load(ROOT, ROOT / "docs", course_options()))  # e.g. a `mkdocs serve` rebuild
    assert build_state.get().part(_Part).seen == [], "a new build starts with fresh state"


def test_no_build_state_before_on_config(monkeypatch):
    monkeypatch.setattr(build_state, "_process", build_state._Process())
    assert build_state.peek() is None
    with pytest.raises(PluginError, match=r"the course data is not loaded: the `course` plugin makes it in on_config"):
        build_state.get()


def test_no_module_keeps_mutable_state_of_its_own():
    """Build state lives on build_state's Build (reset by each build, so a `mkdocs serve` rebuild starts clean); a
    module-level instance, dict, list or set would outlive the build. build_state.py's own per-process record (the
    command and the current build) is the one exception. Constants (UPPER_CASE) may be tuples, frozensets or
    mappings that nothing writes to."""
    found = []
    package = ROOT / "hooks" / "course_reader"
    for path in sorted(package.rglob("*.py")):
        if path.name == "build_state.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if not names or all(name.isupper() or name.lstrip("_").isupper() for name in names):
                continue
            value = node.value
            mutable = isinstance(value, (ast.Dict, ast.List, ast.Set)) or (
                isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id[:1].isupper()
            )
            if mutable:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {', '.join(names)}")
    assert not found, found
