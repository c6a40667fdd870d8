"""The linters, as CI and pre-commit run them: each hook of .pre-commit-config.yaml passes on the project, and
each linter's configuration accepts Material's syntax (and the reader's scripts' conventions) and still catches the
mistakes it is there for."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support.project import ROOT

BIN = Path(sys.executable).parent
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
HOOK_IDS = {
    "ruff-check",
    "ruff-format",
    "mypy",
    "eslint",
    "pymarkdown",
    "codespell",
    "yamllint",
    "github-workflows",
    "github-dependabot",
    "github-issue-forms",
    "github-issue-config",
}
TOOLS = ("ruff", "mypy", "pymarkdownlnt", "codespell", "yamllint", "check-jsonschema", "pre-commit")
# Pinned in package.json; `npm ci` (scripts/setup-browser) installs them
NPM_TOOLS = ("eslint", "@eslint/js", "globals")
NODE_BIN = ROOT / "node_modules" / ".bin"
# Any attempt to reach the network fails fast: the linters must work offline (check-jsonschema's schemas are bundled).
OFFLINE = {key: "http://127.0.0.1:9" for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")}


def _hooks() -> dict[str, dict]:
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def _run(args: list[str], cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run a linter from the project's venv (the `.venv/bin/` of a hook entry is this interpreter's bin dir), or
    from node_modules (ESLint)."""
    if args[0].startswith("node_modules/.bin/"):
        tool = NODE_BIN / args[0].removeprefix("node_modules/.bin/")
        assert tool.exists(), f"{tool} is missing: run `npm ci` (make test does, by scripts/setup-browser)"
        args = [str(tool), *args[1:]]
    elif args[0].startswith(".venv/bin/"):
        args = [str(BIN / args[0].removeprefix(".venv/bin/")), *args[1:]]
    elif not os.path.isabs(args[0]):
        args = [str(BIN / args[0]), *args[1:]]
    return subprocess.run(
        args,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **OFFLINE, "NO_COLOR": "1"},
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
        assert hook["entry"].startswith((".venv/bin/", "node_modules/.bin/")), (
            "hooks use the tools pinned in requirements.txt or package.json"
        )


def test_linters_are_pinned() -> None:
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for tool in TOOLS:
        assert re.search(rf"^{re.escape(tool)}==\S+$", requirements, re.M), f"{tool} is not pinned in requirements.txt"
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for tool in NPM_TOOLS:
        version = package["devDependencies"].get(tool, "")
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{tool} is not pinned exactly in package.json: {version!r}"
        assert lock["packages"][f"node_modules/{tool}"]["version"] == version, f"package-lock.json disagrees on {tool}"


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


# ESLint: the browser scripts stay ES5 (hooks/course_reader/site/minify.py's parser reads nothing newer) and share one global


def _eslint(source: str, path: str = "docs/assets/sample.js") -> subprocess.CompletedProcess:
    return _run(["node_modules/.bin/eslint", "--max-warnings", "0", "--stdin", "--stdin-filename", path], stdin=source)


def test_eslint_accepts_the_scripts_conventions() -> None:
    source = """/* A script of the reader */
(function () {
  var logic = { twice: function (n) { return 2 * n; } };
  if (typeof module === "object" && module.exports) {
    module.exports = logic;
    return;
  }
  var reader = window.reader;
  reader.sample = logic;
  reader.page(function () { document.title = String(logic.twice(1)); });
  document$.subscribe(function () { Promise.resolve(localStorage.length); });
})();
"""
    result = _eslint(source)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("(function () { var f = () => 1; f(); })();\n", "Parsing error"),
        ("(function () { let a = 1; a += 1; })();\n", "Parsing error"),
        ("(function () { var s = `x`; s += 1; })();\n", "Parsing error"),
        ("(function () { window.readerThing = 1; })();\n", "window.reader, nothing else global"),
        ("function readerScript() {}\n", "no-implicit-globals"),
        ("var shared = 1;\n", "no-implicit-globals"),
        ("(function () { undefinedHelper(); })();\n", "no-undef"),
        ("(function () { var unused = 1; })();\n", "no-unused-vars"),
        ("(function (a) { if (a == 1) a(); })();\n", "eqeqeq"),
    ],
)
def test_eslint_catches_mistakes_in_the_browser_scripts(source: str, expected: str) -> None:
    result = _eslint(source)
    assert result.returncode != 0, f"ESLint accepted:\n{source}"
    assert expected in result.stdout, result.stdout + result.stderr


def test_eslint_lets_the_tests_and_the_worker_be_current_javascript() -> None:
    modern = "const f = (a) => `${a}`;\nmodule.exports = f;\n"
    assert _eslint(modern, "tests/js/sample.test.js").returncode == 0
    assert _eslint(modern, "docs/assets/sample.js").returncode != 0
    worker = 'const KNOWN = new Set(__FILES__);\nself.addEventListener("fetch", (e) => KNOWN.has(e.request.url));\n'
    assert _eslint(worker, "hooks/course_reader/editions/webapp_worker.js").returncode == 0
