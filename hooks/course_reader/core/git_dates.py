"""Page dates from git: the last commit that changed each page (or the data file a page is made from). The sitemap,
the citations and the offline zip's timestamps use them, so two builds of one commit are identical."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from course_reader.names import GLOSSARY_PAGE

GLOSSARY_DATA = "data/glossary.yml"
CASES_DATA = "data/case_studies.yml"
CASES_KEY = "cases/"  # the key standing for every generated case-study page


class GitUnavailable(Exception):
    """git is not installed, or the project is not a git checkout: the reason, for the build's log."""


class GitLog:
    """`git log` of the pages and data, started at once and read by `dates()`: it runs in its own process while the
    build loads its data (hooks/course_reader/site/pages.py), instead of after it."""

    COMMAND = ("git", "log", "--format=%x00%cs", "--name-only", "--", "docs", "data")

    def __init__(self, root: Path) -> None:
        self._error: GitUnavailable | None = None
        self._process: subprocess.Popen[str] | None = None
        try:
            self._process = subprocess.Popen(
                self.COMMAND, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        except FileNotFoundError:
            self._error = GitUnavailable("git is not installed (not on the PATH)")
        except (OSError, subprocess.SubprocessError) as exc:
            self._error = GitUnavailable(f"git could not be run ({exc})")

    def dates(self) -> dict[str, date]:
        """Last commit date of each page (docs-relative); the glossary and the generated case-study pages (key
        CASES_KEY) take their data file's date when it is newer. Raises GitUnavailable when git cannot tell."""
        if self._process is None:
            raise self._error or GitUnavailable("git could not be run")
        process, self._process = self._process, None
        try:
            out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            process.communicate()
            raise GitUnavailable(f"git could not be run ({exc})") from None
        if process.returncode != 0:
            reason = (err or "").strip().splitlines()
            raise GitUnavailable(reason[0] if reason else f"git log failed (exit status {process.returncode})")
        return parse_log(out)

    def discard(self) -> None:
        """Stop git if `dates()` will not be asked for (the build stopped first)."""
        if self._process is not None:
            self._process.kill()
            self._process.communicate()
            self._process = None


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
        result[GLOSSARY_PAGE] = max(result.get(GLOSSARY_PAGE, date.min), dates[GLOSSARY_DATA])
    if CASES_DATA in dates:
        result[CASES_KEY] = dates[CASES_DATA]
    return result
