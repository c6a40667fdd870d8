"""Small valid data files for the loader tests (glossary, case studies, page sources), written under tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from course_reader.core.datafile import ContentError

GOOD_TERMS = """\
terms:
  - id: nato
    term: NATO
    abbr: NATO
    aliases: [North Atlantic Treaty Organization]
    short: A military alliance of North American and European states founded in 1949.
    definition: The *North Atlantic Treaty Organization*.
    see_also: [deterrence]
  - id: deterrence
    term: Deterrence
    short: Discouraging an attack by making its costs outweigh its gains.
"""

GOOD_CASES = """\
case_studies:
  - id: us-nato
    title: U.S.–NATO cooperation
    parties: [United States, NATO]
    region: Europe
    kind: alliance
    summary: The enduring partnership between the United States and NATO exemplifies effective military diplomacy.
    terms: [nato]
    pages: [history/case-studies.md]
    source_page: history/case-studies.md
"""

# GOOD_TERMS with markup and script in its text: it must show as text wherever it is rendered
EVIL_TERMS = GOOD_TERMS.replace(
    "short: A military alliance of North American and European states founded in 1949.",
    'short: \'Bad " onmouseover="alert(1)" <script>alert(2)</script>\'',
).replace("definition: The *North Atlantic Treaty Organization*.", "definition: <script>alert(3)</script> <b>x</b>")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "data" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def project_pages(root: Path) -> set[str]:
    """The docs-relative paths of the project's pages."""
    return {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md")}


def load_error(load: Callable[[Path], object], path: Path) -> str:
    """The message of the ContentError that `load(path)` raises (the test fails if it raises none)."""
    with pytest.raises(ContentError) as info:
        load(path)
    return str(info.value)
