"""The linters, as CI and pre-commit run them: each hook of .pre-commit-config.yaml passes on the project, and
each linter's configuration accepts Material's syntax and still catches the mistakes it is there for."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

BIN = Path(sys.executable).parent
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
HOOK_IDS = {
    "ruff-check",
    "ruff-format",
    "mypy",
    "pymarkdown",
    "codespell",
    "yamllint",
    "github-workflows",
    "github-dependabot",
    "github-issue-forms",
    "github-issue-config",
}
TOOLS = ("ruff", "mypy", "pymarkdownlnt", "codespell", "yamllint", "check-jsonschema", "pre-commit")
# Any attempt to reach the network fails fast: the linters must work offline (check-jsonschema's schemas are bundled).
OFFLINE = {key: "http://127.0.0.1:9" for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")}


def _hooks() -> dict[str, dict]:
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def _run(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run a linter from the project's venv (the `.venv/bin/` of a hook entry is this interpreter's bin dir)."""
    if args[0].startswith(".venv/bin/"):
        args = [str(BIN / args[0].removeprefix(".venv/bin/")), *args[1:]]
    elif not os.path.isabs(args[0]):
        args = [str(BIN / args[0]), *args[1:]]
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ, **OFFLINE, "NO_COLOR": "1"}
    )


# The project passes its linters


def test_pre_commit_config_is_valid_and_local() -> None:
    result = _run(["pre-commit", "validate-config", str(PRE_COMMIT)])
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"], "hooks must not need a download from GitHub"
    hooks = _hooks()
    assert set(hooks) == HOOK_IDS
    for hook in hooks.values():
        assert hook["language"] in ("system", "python")
        assert hook["pass_filenames"] is False, "each hook checks the whole project, exactly as this test does"
        assert hook["entry"].startswith(".venv/bin/"), "hooks use the tools pinned in requirements.txt"


def test_linters_are_pinned() -> None:
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for tool in TOOLS:
        assert re.search(rf"^{re.escape(tool)}==\S+$", requirements, re.M), f"{tool} is not pinned in requirements.txt"


@pytest.mark.parametrize("hook_id", sorted(HOOK_IDS))
def test_project_passes(hook_id: str) -> None:
    entry = shlex.split(_hooks()[hook_id]["entry"])
    result = _run(entry)
    assert result.returncode == 0, f"{' '.join(entry)} failed:\n{result.stdout}{result.stderr}"


def test_every_github_file_is_schema_checked() -> None:
    hooks = _hooks()
    checked = {
        path
        for hook_id in HOOK_IDS
        if hook_id.startswith("github-")
        for path in shlex.split(hooks[hook_id]["entry"])[3:]
    }
    github = ROOT / ".github"
    files = {
        p.relative_to(ROOT).as_posix()
        for p in [*github.glob("workflows/*.y*ml"), *github.glob("ISSUE_TEMPLATE/*.y*ml")]
    }
    files.add(".github/dependabot.yml")
    assert files == checked


# The configurations accept Material's syntax and still catch mistakes

MATERIAL_PAGE = """---
title: Sample
description: A page in Material's syntax.
---

# Sample

{{ objectives() }}

Text with {{ term("nato") }} and {{ term("nato", "the Alliance") }}, a very long line that goes on and on well past eighty characters as the article's paragraphs do.

!!! note "A note"

    Indented admonition content with a [link](other.md).

??? example "Collapsible"

    - a list item
    - another

*Also:* a, b
{ .glossary-aliases }

[All case studies](cases/index.md){ .md-button }

## Heading with an anchor { #anchor-id }

```python
print("fenced code")
```

<div class="grid" markdown>

Inner *Markdown*.

</div>

{{ case_studies(region="Europe") }}
"""


def test_markdown_lint_accepts_material_syntax(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(MATERIAL_PAGE, encoding="utf-8")
    result = _run(["pymarkdown", "scan", str(page)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_markdown_lint_catches_mistakes(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "---\ntitle: Bad\n---\n\n# Bad\n\n#Missing space\n\n#### Skipped a level\n\nText  \n* star\n- dash\n\n# Second top heading\n",
        encoding="utf-8",
    )
    result = _run(["pymarkdown", "scan", str(page)])
    assert result.returncode != 0
    for rule in ("MD018", "MD001", "MD004", "MD025"):
        assert rule in result.stdout, f"{rule} not reported:\n{result.stdout}"


def test_spelling_uses_the_project_word_list(tmp_path: Path) -> None:
    text = tmp_path / "text.md"
    text.write_text("Cold War blocs and a military attache recieved the alliance's agrement.\n", encoding="utf-8")
    result = _run(["codespell", str(text)])
    assert result.returncode != 0
    assert "recieved ==> received" in result.stdout and "agrement" in result.stdout
    assert "blocs" not in result.stdout and "attache" not in result.stdout, "the project word list is not used"


def test_yaml_lint_catches_mistakes(tmp_path: Path) -> None:
    (tmp_path / "good.yml").write_text(
        "on:\n  push:\nterms:\n  - id: nato\n    short: One long definition that is much longer than eighty characters, as prose often is.\n",
        encoding="utf-8",
    )
    (tmp_path / "bad.yml").write_text(
        "terms:\n  - id: nato\n     term: NATO\n  - id: nato\n    term: A\n    term: B\n", encoding="utf-8"
    )
    good = _run(["yamllint", "--strict", "-c", str(ROOT / ".yamllint.yml"), str(tmp_path / "good.yml")])
    assert good.returncode == 0, good.stdout
    bad = _run(["yamllint", "--strict", "-c", str(ROOT / ".yamllint.yml"), str(tmp_path / "bad.yml")])
    assert bad.returncode != 0
    assert "syntax error" in bad.stdout or "duplicate" in bad.stdout, bad.stdout


def test_workflow_schema_catches_mistakes(tmp_path: Path) -> None:
    workflow = tmp_path / "bad.yml"
    workflow.write_text("on: pul_request\njobs:\n  check:\n    steps:\n      - run: make test\n", encoding="utf-8")
    result = _run(["check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)])
    assert result.returncode != 0
    assert "pul_request" in result.stdout and "'runs-on' is a required property" in result.stdout, result.stdout
