"""Page dates from git: the last commit that changed each page (or the data file a page is made from). The sitemap,
the citations and the offline zip's timestamps use them, so two builds of one commit are identical."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

GLOSSARY_DATA = "data/glossary.yml"
CASES_DATA = "data/case_studies.yml"
CASES_KEY = "cases/"  # the key standing for every generated case-study page


class GitUnavailable(Exception):
    """git is not installed, or the project is not a git checkout: the reason, for the build's log."""


def page_dates(root: Path) -> dict[str, date]:
    """Last commit date of each page (docs-relative); the glossary and the generated case-study pages (key
    CASES_KEY) take their data file's date when it is newer. Raises GitUnavailable when git cannot tell."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", "docs", "data"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    except FileNotFoundError:
        raise GitUnavailable("git is not installed (not on the PATH)") from None
    except subprocess.CalledProcessError as exc:
        reason = (exc.stderr or "").strip().splitlines()
        raise GitUnavailable(reason[0] if reason else f"git log failed (exit status {exc.returncode})") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitUnavailable(f"git could not be run ({exc})") from None
    return parse_log(out)


def parse_log(out: str) -> dict[str, date]:
    """The dates from `git log --format=%x00%cs --name-only` (newest commit first)."""
    dates: dict[str, date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            current = date.fromisoformat(line[1:])
        elif line and current and line not in dates:
            dates[line] = current
    result = {path.removeprefix("docs/"): when for path, when in dates.items() if path.startswith("docs/")}
    if GLOSSARY_DATA in dates:
        result["glossary.md"] = max(result.get("glossary.md", date.min), dates[GLOSSARY_DATA])
    if CASES_DATA in dates:
        result[CASES_KEY] = dates[CASES_DATA]
    return result
