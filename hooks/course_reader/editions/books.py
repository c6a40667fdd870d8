"""The PDF and EPUB editions: `mkdocs build` makes downloads/military-diplomacy-reader.pdf and .epub from the built
print page (hooks/course_reader/editions/pdf_edition.py, hooks/course_reader/editions/epub_edition.py) once every page is written, before hooks/course_reader/editions/offline.py lists
the downloads with their sizes.

`extra: editions: false` (`READER_EDITIONS=false`) or no print page (`READER_PRINT=false`, as `make serve` sets it)
leaves them out; `mkdocs serve` never makes them. An edition that cannot be made fails the build with its name and
the cause, and the staged build is dropped (hooks/course_reader/site/pages.py), so the previous site/ keeps its editions. A strict
build that already has warnings makes no editions: MkDocs stops it with its own message right after."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from course_reader import build_state
from course_reader.content.attribution import SourceState
from course_reader.core.fields import text_of
from course_reader.editions import glyphs
from course_reader.names import PRINT_PAGE, ZIP_EPOCH, Downloads

if TYPE_CHECKING:
    from course_reader.editions import pdf_edition
log = logging.getLogger("mkdocs.hooks.editions")
MAX_PRINT_BYTES = 2_000_000  # the print page's content the editions are made from: 4× this reader's


@dataclass
class EditionsState:
    """This feature's part of the build state (build_state)."""

    print_file: File | None = None  # the print page, when this build makes it and the editions


def _state() -> EditionsState:
    return build_state.get().part(EditionsState)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Note the print page (added by hooks/course_reader/editions/print_edition.py just before) if this build makes the editions."""
    wanted = enabled(config) and build_state.get().command in ("build", "gh-deploy")
    _state().print_file = files.get_file_from_path(PRINT_PAGE) if wanted else None
    return files


def on_post_build(*, config: MkDocsConfig) -> None:
    """Make both editions from the written print page."""
    print_file = _state().print_file
    if print_file is None:
        return
    if config.strict and (warnings := strict_warnings()):
        log.info(f"PDF and EPUB editions: not made — {warnings} warning(s) above stop this strict build")
        return
    from course_reader.editions import (
        epub_edition,  # only when the editions are made: the online build (and `make serve`) skips importing them
        pdf_edition,
    )

    page = Path(print_file.abs_dest_path)
    edition = edition_of(config)
    try:
        content = pdf_edition.print_content(page.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PluginError(f"PDF and EPUB editions: cannot read the print page {page}: {error}") from None
    if len(content) > MAX_PRINT_BYTES:
        raise PluginError(
            f"PDF and EPUB editions: the print page holds {len(content):,} bytes of HTML, over the {MAX_PRINT_BYTES:,} "
            "the editions are made for (four times this reader; laying out more takes many minutes and gigabytes of "
            "memory) — check what made it grow (text pasted in twice, a data file far longer than intended), or build "
            "without the editions: READER_EDITIONS=false mkdocs build"
        )
    if found := glyphs.missing(text_of(content)):
        log.warning(glyphs.message(found))
        if config.strict:
            log.info("PDF and EPUB editions: not made — the warning above stops this strict build")
            return
    site = Path(config.site_dir)

    def pdf() -> bytes:
        html = pdf_edition.book_html(content, edition, page_url=print_file.url)
        return pdf_edition.render(html, edition, base_url=page.as_uri())

    def epub() -> bytes:
        return epub_edition.build(content, edition)

    names = Downloads(build_state.get().options.download_name)
    for label, url, make in (("PDF", names.pdf, pdf), ("EPUB", names.epub, epub)):
        size = write(site / url, _made(label, make))
        log.info(f"{label} edition: {url} ({max(1, round(size / 1024)):,} KB)")


def strict_warnings() -> int:
    """The warnings MkDocs has counted so far in this strict build: it stops with them, and its own message, right
    after on_post_build, so an edition made of the flawed pages would be thrown away (and its error, such as a link
    to a missing anchor, would hide MkDocs' message)."""
    counters = (h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler))
    return sum(count for counter in counters for _, count in counter.get_counts())


def enabled(config: MkDocsConfig) -> bool:
    """The `course` plugin's `editions` option (READER_EDITIONS=false turns it off), and only with the print page
    they are made of."""
    options = build_state.get().options
    return options.editions and options.print_edition


def edition_of(config: MkDocsConfig) -> pdf_edition.Edition:
    from course_reader.editions import pdf_edition

    root = Path(config.config_file_path).resolve().parent
    epoch, commit = git_head(root)
    return pdf_edition.Edition(
        title=config.site_name,
        author=config.site_author or config.site_name,
        description=" ".join((config.site_description or "").split()),
        language=config.theme.get("language") or "en",
        site_url=(config.site_url or "").rstrip("/") + "/",
        epoch=epoch,
        commit=commit,
        download_name=build_state.get().options.download_name,
        rights=build_state.get().part(SourceState).copyright,
    )


SOURCES = ("docs", "data", "mkdocs.yml")  # what an edition is made of, for its date outside git


def git_head(root: Path) -> tuple[int, str]:
    """(time, hash) of the last commit; SOURCE_DATE_EPOCH, if set, is the time. Outside git (a source tarball) the
    time is the newest source file's, which a tarball keeps from its commit: never 1 January 1980."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct %H"], cwd=root, capture_output=True, text=True, timeout=30, check=True
        ).stdout.split()
        epoch, commit = int(out[0]), out[1]
    except (OSError, ValueError, IndexError, subprocess.SubprocessError):
        epoch, commit = 0, ""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    elif not commit:
        epoch = sources_time(root)
        log.info(
            "Editions: no git history and no SOURCE_DATE_EPOCH — dated by the newest source file "
            f"({datetime.fromtimestamp(epoch, tz=UTC):%Y-%m-%d}); set SOURCE_DATE_EPOCH to choose the date"
        )
    return max(ZIP_EPOCH, epoch), commit


def sources_time(root: Path) -> int:
    """The modification time of the newest file of the sources (docs/, data/, mkdocs.yml)."""
    newest = 0.0
    for part in SOURCES:
        path = root / part
        for folder, _, names in os.walk(path) if path.is_dir() else [(str(root), [], [part])]:
            for name in names:
                try:
                    newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
                except OSError:
                    continue
    return int(newest)


def write(path: Path, data: bytes) -> int:
    """Write through a temporary file, so `path` is never half written; return the size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return len(data)


def _made(label: str, make: Callable[[], bytes]) -> bytes:
    """`make()`, with any failure as a build error that names the edition and the cause."""
    try:
        return make()
    except PluginError:
        raise
    except ImportError as error:
        raise PluginError(
            f"{label} edition: {error} — run `make build`, which installs the pinned requirements.txt"
        ) from None
    except OSError as error:
        if "pango" in str(error).lower() or "cannot load library" in str(error):
            raise PluginError(
                f"{label} edition: WeasyPrint needs Pango ({error}): run `make build`, which installs it "
                "(scripts/setup-editions)"
            ) from None
        raise PluginError(f"{label} edition: {error}") from None
    except Exception as error:
        raise PluginError(f"{label} edition: {type(error).__name__}: {error}") from error
