"""The project as the tests see it: where it is, how a test builds it (as the Makefile does) or a copy of it, the
`course` plugin's options as mkdocs.yml sets them, and the browser the browser tests drive."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
TIERS = ("unit", "site", "editions", "browser", "audit")  # what a test needs (tests/conftest.py); `make test-<tier>`

# The builder: "mkdocs" (requirements.txt), or "properdocs" for the CI job that tries ProperDocs, the maintained fork
# of MkDocs 1.x (HACKING.md, "Upgrade path"); its mkdocs.* imports then resolve to properdocs.*
BUILDER = os.environ.get("READER_BUILDER", "mkdocs")
if BUILDER == "properdocs":
    import properdocs.replacement  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(project: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `out`, as the Makefile runs it (`env`: more variables)."""
    return subprocess.run(
        [sys.executable, "-m", BUILDER, "build", "--strict", "-d", str(out), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        # the copy's own build code (hooks/course_reader) before the installed one: a test may change it
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks"), **(env or {})},
        timeout=600,
    )


PROJECT_PARTS = ("docs", "data", "hooks", "overrides", "mkdocs.yml")  # what a build reads


def copy_project(dest: Path, *, git: bool = True) -> Path:
    """A copy of the project's sources in `dest` to build (no site, venv or tests); with `git`, the repository's
    history is shared read-only (a symlink), so page dates come from git as in a real build."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / part, dest / part)
    if git and (ROOT / ".git").exists():
        (dest / ".git").symlink_to(ROOT / ".git")
    return dest


def course_yaml() -> dict:
    """The `course` plugin's options as written in mkdocs.yml, every value a string (YAML's BaseLoader)."""
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return next(p["course"] for p in config["plugins"] if isinstance(p, dict) and "course" in p)


def course_options(**changes):
    """The `course` plugin's options as mkdocs.yml sets them (with `changes`), validated as MkDocs does."""
    from mkdocs.utils.yaml import yaml_load

    from course_reader.config import CourseConfig

    raw = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = next(p["course"] for p in raw["plugins"] if isinstance(p, dict) and "course" in p)
    options = CourseConfig()
    options.load_dict({**listed, **changes})
    failed, _ = options.validate()
    assert not failed, failed
    return options
