"""List the editor's notes not checked against their sources for 12 months (hooks/course_reader/content/notes.py, `checked`); exit 1 if
any, so CI or a maintainer's routine can act on them. The build logs the same list without failing.

Run: make notes-due   (or .venv/bin/python scripts/notes_due.py [--today YYYY-MM-DD])
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from course_reader.content import notes

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(), help="the date to count from")
    args = parser.parse_args(argv)
    docs = ROOT / "docs"
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    loaded = notes.load_notes(ROOT / "data" / "notes.yml", pages, ROOT)
    late = notes.due(loaded, args.today)
    for line in late:
        print(line)
    if not late:
        print(f"All {len(loaded.notes)} editor's notes were checked in the last {notes.CHECK_EVERY_MONTHS} months.")
    return 1 if late else 0


if __name__ == "__main__":
    sys.exit(main())
