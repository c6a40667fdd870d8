"""Shared build state: the validated data and what the build learns about pages, read by hooks and macros."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from case_studies import CaseStudies
from glossary import Glossary, Use
from learning import Learning


@dataclass
class Course:
    root: Path
    docs_dir: Path
    glossary: Glossary
    cases: CaseStudies
    learning: Learning
    changed: dict[str, date] = field(default_factory=dict)  # src_uri -> last change (git)
    term_calls: dict[str, list[str]] = field(default_factory=dict)  # src_uri -> term ids in source order
    numbers: dict[str, str] = field(default_factory=dict)  # src_uri -> "2.1"
    minutes: dict[str, int] = field(default_factory=dict)  # src_uri -> reading time
    uses: dict[str, list[Use]] = field(default_factory=dict)  # term id -> pages using it
    files: object = None  # mkdocs Files of the current build


current: Course | None = None


def get() -> Course:
    if current is None:
        raise RuntimeError("course data is not loaded: hooks/course.py must be listed under 'hooks:' in mkdocs.yml")
    return current
