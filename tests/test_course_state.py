"""The build state (hooks/build_state.py): one object per build, parts for other hooks, the hooks' order."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import pytest
from mkdocs.exceptions import PluginError

from course_reader import build_state
from conftest import ROOT, build_site, copy_project


@dataclass
class _Part:
    seen: list[str] = field(default_factory=list)


def test_a_hook_part_is_made_once_per_build(build_state):
    build_state.part(_Part).seen.append("index.md")
    assert build_state.get().part(_Part).seen == ["index.md"]
    build_state.begin(build_state.Build.load(ROOT, ROOT / "docs"))  # the next build (e.g. a `mkdocs serve` rebuild)
    assert build_state.get().part(_Part).seen == [], "a new build starts with fresh state"


def test_no_build_state_before_on_config(monkeypatch):
    monkeypatch.setattr(course_state, "_process", build_state._Process())
    assert build_state.peek() is None
    with pytest.raises(PluginError, match="hooks/course.py must be listed first under 'hooks:'"):
        build_state.get()


@pytest.mark.parametrize(
    "hooks",
    [
        ["hooks/course.py", "hooks/print_edition.py", "hooks/offline.py"],
        ["hooks/course.py", "hooks/print_edition.py", "hooks/other.py", "hooks/offline.py"],
        ["hooks/course.py", "hooks/offline.py"],  # the print edition left out
    ],
)
def test_hook_order_accepted(hooks):
    build_state.check_hook_order(hooks)


@pytest.mark.parametrize(
    "hooks",
    [
        ["hooks/course.py", "hooks/offline.py", "hooks/print_edition.py"],
        ["hooks/print_edition.py", "hooks/course.py", "hooks/offline.py"],
        ["hooks/offline.py", "hooks/course.py"],
    ],
)
def test_hook_order_refused_with_the_fix(hooks):
    with pytest.raises(PluginError) as error:
        build_state.check_hook_order(hooks)
    assert str(error.value).startswith("mkdocs.yml: the hooks are listed in the wrong order (")
    order = (
        "hooks/course.py, hooks/editorial.py, hooks/cite.py, hooks/paragraphs.py, hooks/study.py, hooks/previews.py, "
    )
    order += "hooks/a11y_markup.py, "
    order += "hooks/print_edition.py, "
    order += "hooks/editions.py, hooks/search_accents.py, hooks/offline.py"
    assert f"in this order: {order}" in str(error.value)


def test_the_project_lists_its_hooks_in_order():
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    build_state.check_hook_order(config["hooks"])


@pytest.mark.slow
def test_a_reordered_mkdocs_yml_fails_the_build_with_the_message(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    hooks = [i for i, line in enumerate(lines) if line.startswith("  - hooks/")]
    offline = next(i for i in hooks if "hooks/offline.py" in lines[i])
    moved = lines[offline]
    del lines[offline]
    lines.insert(hooks[1], moved)  # offline.py right after course.py
    config.write_text("".join(lines), encoding="utf-8")
    hooks_now = [line.split()[1] for line in lines if line.startswith("  - hooks/")]
    listed = [hook for hook in hooks_now if hook.removeprefix("hooks/") in build_state.HOOK_ORDER]
    result = build_site(project, tmp_path / "out")
    assert result.returncode != 0
    assert f"mkdocs.yml: the hooks are listed in the wrong order ({', '.join(listed)})" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_hook_module_keeps_mutable_state_of_its_own():
    """Build state lives on course_state's Build (reset by each build, so a `mkdocs serve` rebuild starts clean); a
    module-level instance, dict, list or set would outlive the build. build_state.py's own per-process record (the
    command and the current build) is the one exception. Constants (UPPER_CASE) may be tuples, frozensets or
    mappings that nothing writes to."""
    found = []
    for path in sorted((ROOT / "hooks").glob("*.py")):
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
                found.append(f"hooks/{path.name}:{node.lineno}: {', '.join(names)}")
    assert not found, found
