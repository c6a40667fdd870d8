"""Reading the citation and flashcard exports back as their own formats' readers do, for the round-trip tests
(tests/study/test_citations.py, tests/study/test_study.py) and scripts/probe_inputs.py: BibTeX through pybtex, with the LaTeX
escapes of hooks/course_reader/study/citations.py decoded; the Anki deck as Anki's importer reads it."""

from __future__ import annotations

import csv
import re

# LaTeX's meaning of each escape the BibTeX export writes (and of \{ and \}, which older exports wrote)
_TEX_COMMANDS = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
}
_TEX_ESCAPE = re.compile(
    r"\\(textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum)\{\}|\\([{}&%$#_])"
)


def tex_decode(value: str) -> str:
    """A BibTeX field's value as pybtex gives it, as the text LaTeX prints: one pair of protecting braces around
    the whole value dropped, the escapes decoded."""
    if value.startswith("{") and value.endswith("}") and _balanced_inside(value):
        value = value[1:-1]
    return _TEX_ESCAPE.sub(lambda m: _TEX_COMMANDS[m.group(1)] if m.group(1) else m.group(2), value)


def _balanced_inside(value: str) -> bool:
    """The first brace of `value` closes at its last character (a LaTeX escape's braces are not counted apart:
    BibTeX counts every brace)."""
    depth = 0
    for at, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and at < len(value) - 1:
            return False
    return depth == 0


def anki_rows(text: str) -> list[list[str]]:
    """The notes of an Anki text file as Anki's importer reads them (rslib/src/import_export/text/csv/import.rs:
    the csv crate, tab-separated, double quotes doubled inside quoted fields, and a line that starts with '#' a
    comment, which is how the file's headers are skipped)."""
    lines = [line for line in text.split("\n") if line and not line.startswith("#")]
    return list(csv.reader(lines, delimiter="\t", quotechar='"', doublequote=True, strict=True))
