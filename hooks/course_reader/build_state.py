"""The state of one build, on one object: made by site/pages.py in on_config (so every `mkdocs serve` rebuild starts
clean), read by the other features and the macros with `build_state.get()`.

A feature that needs state of its own declares a dataclass with defaults and asks for this build's instance with
`build_state.get().part(MyState)`; it never keeps state in a module variable (MkDocs loads the plugin's modules once
per process, so module state would leak from one `mkdocs serve` rebuild into the next).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from course_reader.config import CourseConfig
from course_reader.content.case_studies import CaseStudies, load_case_studies
from course_reader.content.glossary import Glossary, load_glossary
from course_reader.content.glossary_backlinks import Use
from course_reader.content.learning import Learning, load_learning
from course_reader.core.publish import Publication

T = TypeVar("T")


@dataclass
class Build:
    command: str | None  # "build", "serve", "gh-deploy" (from on_startup), or None outside the CLI
    options: CourseConfig  # the `course` plugin's options (mkdocs.yml)
    glossary: Glossary
    cases: CaseStudies
    learning: Learning
    changed: dict[str, date] = field(default_factory=dict)  # src_uri -> last change (git); empty without git
    titles: dict[str, str] = field(
        default_factory=dict
    )  # src_uri -> front-matter title (hooks/course_reader/content/sources.py)
    term_calls: dict[str, list[str]] = field(default_factory=dict)  # src_uri -> term ids in source order
    numbers: dict[str, str] = field(default_factory=dict)  # src_uri -> "2.1"
    minutes: dict[str, int] = field(default_factory=dict)  # src_uri -> reading time
    uses: dict[str, list[Use]] = field(default_factory=dict)  # term id -> pages using it
    files: Files | None = None  # the build's files, from on_files
    parts: dict[type, Any] = field(default_factory=dict)  # other hooks' state, by its class (see `part`)

    @classmethod
    def load(cls, root: Path, docs_dir: Path, options: CourseConfig, command: str | None = None) -> Build:
        """A new build state with the project's data loaded and validated (ContentError listing the problems)."""
        pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
        glossary = load_glossary(root / "data" / "glossary.yml", root)
        cases = load_case_studies(root / "data" / "case_studies.yml", glossary, pages, root)
        learning = load_learning(root / "data" / "learning.yml", pages, root)
        return cls(command=command, options=options, glossary=glossary, cases=cases, learning=learning)

    def part(self, kind: type[T]) -> T:
        """This build's instance of a hook's state class (made with no arguments on first use)."""
        if kind not in self.parts:
            self.parts[kind] = kind()
        return self.parts[kind]  # type: ignore[no-any-return]

    def site_files(self) -> Files:
        if self.files is None:
            raise PluginError(
                "hooks/course_reader/site/pages.py: the build's files are not known yet (on_files has not run)"
            )
        return self.files


@dataclass
class _Process:
    """What outlives one build: the command MkDocs runs (on_startup), the current build, and the claim of a
    `mkdocs build` on its site directory (published in on_shutdown, after the build, even if on_config failed)."""

    command: str | None = None
    build: Build | None = None
    publication: Publication | None = None
    signals: dict[int, Any] = field(default_factory=dict)  # the handlers publish.catch_signals replaced


_process = _Process()


def started(command: str) -> None:
    """on_startup: remember the command for the builds to come."""
    _process.command = command


def command() -> str | None:
    return _process.command


def start_publishing(publication: Publication) -> Publication:
    _process.publication = publication
    return publication


def publishing(*, built_ok: bool) -> None:
    """Whether the build succeeded (on_post_build, on_build_error): only a successful build is published."""
    if _process.publication is not None:
        _process.publication.built_ok = built_ok


def end_publishing() -> Publication | None:
    """on_shutdown: the claim to publish or drop, handed over once."""
    publication, _process.publication = _process.publication, None
    return publication


def catch_signals(previous: dict[int, Any]) -> None:
    """on_startup: the signal handlers the build replaced (hooks/course_reader/core/publish.py), to restore after it."""
    _process.signals = previous


def release_signals() -> dict[int, Any]:
    previous, _process.signals = _process.signals, {}
    return previous


def begin(build: Build) -> Build:
    """on_config: `build` is now the current build (the previous one's state is dropped)."""
    _process.build = build
    return build


def peek() -> Build | None:
    """The current build, or None before the first on_config (for clean-up hooks, which run even then)."""
    return _process.build


def get() -> Build:
    if _process.build is None:
        raise PluginError(
            "the course data is not loaded: the `course` plugin makes it in on_config (list `- course` under `plugins:` in mkdocs.yml)"
        )
    return _process.build
