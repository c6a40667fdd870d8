"""Set-up without surprises (scripts/setup-editions, the Makefile): where the editions' Debian packages cannot be
installed, `make build` still builds the site and says in one line what was skipped and how to install it, and
`make test`'s set-up fails with the same advice."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support.project import ROOT, copy_project


def _no_apt(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has a dpkg-query that knows no package and no apt-get (as on a machine where they
    cannot be installed), and the ordinary tools."""
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    (tools / "dpkg-query").chmod(0o755)
    for name in (
        "bash",
        "grep",
        "id",
        "cat",
        "sed",
        "make",
        "git",
        "sh",
        "env",
        "dirname",
        "cut",
        "sha256sum",
        "touch",
    ):
        found = shutil.which(name)
        if found:
            (tools / name).symlink_to(found)
    return {**os.environ, "PATH": str(tools)}


def test_without_apt_the_editions_are_skipped_with_one_line(tmp_path):
    result = subprocess.run(
        ["bash", "scripts/setup-editions"], cwd=ROOT, env=_no_apt(tmp_path), capture_output=True, text=True
    )
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("PDF and EPUB editions skipped")
    assert "sudo apt-get install libpango-1.0-0" in lines[0] and "brew install pango" in lines[0]


def test_without_apt_the_test_set_up_fails_with_the_advice(tmp_path):
    result = subprocess.run(
        ["bash", "scripts/setup-editions", "--test"], cwd=ROOT, env=_no_apt(tmp_path), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "make test needs Debian packages" in result.stderr and "default-jre-headless" in result.stderr


@pytest.mark.slow
def test_make_build_without_apt_builds_the_site_without_the_editions(tmp_path):
    project = copy_project(tmp_path / "project")
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "scripts", project / "scripts")
    (project / ".venv").symlink_to(ROOT / ".venv")  # shared: -o below keeps make from reinstalling into it
    env = _no_apt(tmp_path)
    env["PYTHONPATH"] = str(project / "hooks")
    result = subprocess.run(
        ["make", "-o", ".venv/.installed", "build"], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PDF and EPUB editions skipped" in result.stderr
    assert (project / "site" / "index.html").is_file()
    assert not (project / "site" / "downloads" / "military-diplomacy-reader.pdf").exists()
    assert (project / "site" / "downloads" / "military-diplomacy-reader.zip").is_file()
