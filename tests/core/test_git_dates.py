"""hooks/course_reader/core/git_dates.py: each page's date is its last commit, or its data file's when that is newer."""

from __future__ import annotations

from datetime import date

from course_reader.core.git_dates import CASES_KEY, parse_log

# `git log --format=%x00%cs --name-only -- docs data`, newest commit first
LOG = (
    "\x002026-03-05\n\ndata/glossary.yml\n"
    "\x002026-02-01\n\ndocs/glossary.md\ndocs/index.md\ndata/case_studies.yml\n"
    "\x002026-01-10\n\ndocs/index.md\ndocs/role/index.md\n"
)


def test_a_page_takes_its_newest_commit():
    dates = parse_log(LOG)
    assert dates["index.md"] == date(2026, 2, 1) and dates["role/index.md"] == date(2026, 1, 10)


def test_the_glossary_takes_its_data_files_date_when_newer():
    assert parse_log(LOG)["glossary.md"] == date(2026, 3, 5)
    older_data = LOG.replace("2026-03-05", "2025-12-01")
    assert parse_log(older_data)["glossary.md"] == date(2026, 2, 1)


def test_the_case_study_pages_take_their_data_files_date():
    assert parse_log(LOG)[CASES_KEY] == date(2026, 2, 1)
    assert CASES_KEY not in parse_log(LOG.replace("data/case_studies.yml\n", ""))
