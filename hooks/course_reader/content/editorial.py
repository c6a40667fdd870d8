"""MkDocs hooks of the editorial layer (issue 12): load the editor's notes, the source article's attribution, the
further reading and the instructors' material once per build; check where pages place the notes and that every
self-check answer's support exists; name the source in the footer and on the print edition's title page. Thin
steps: the logic lives in notes.py, attribution.py, readings.py, teaching.py, learning.py and self_check.py."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from course_reader import build_state
from course_reader.content import attribution, notes, readings, self_check, teaching
from course_reader.core.datafile import ContentError
from course_reader.names import PRINT_PAGE

log = logging.getLogger("mkdocs.plugins.course.editorial")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """After site/pages.py made the build state: load the notes, the source article and the licenses (the `course`
    plugin's `source` and `license` options), list the notes due for a check; the licenses and the source join the
    footer (Material shows `copyright` as it is, unescaped: attribution.py escapes every part)."""
    build = build_state.get()
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
    try:
        loaded = build.part(notes.NotesState).notes = notes.load_notes(root / "data" / "notes.yml", pages, root)
        options = build.options
        source = build.part(attribution.SourceState).source = attribution.load_source(
            {"source": dict(options.source)}, config.site_name
        )
        rights = build.part(attribution.SourceState).rights = attribution.load_rights(
            {"license": {part: dict(options.license[part]) for part in attribution.RIGHTS_PARTS}}
        )
        build.part(readings.ReadingsState).readings = readings.load_readings(
            root / "data" / "readings.yml", pages, root
        )
        build.part(teaching.TeachingState).teaching = teaching.load_teaching(
            root / "data" / "teaching.yml",
            list(build.learning.chapters),
            set(build.glossary.terms),
            set(loaded.notes),
            root,
        )
    except (ContentError, ValueError) as error:
        raise PluginError(str(error)) from None
    for line in notes.due(loaded, date.today()):  # listed, not failed: `make notes-due` fails on them
        log.info(f"Due for a check: {line}")
    build.part(attribution.SourceState).copyright = " ".join((config.copyright or "").split())
    config.copyright = attribution.with_footer_line(config.copyright, source, rights)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Every note placed once, on its own chapter, and every self-check answer's support found, before anything
    renders."""
    calls = {
        f.src_uri: found
        for f in files.documentation_pages()
        if not f.generated_by and (found := notes.calls_in(f.content_string))
    }
    problems = notes.check_placement(notes.current(), calls)
    build = build_state.get()
    names = {term.id: term.term for term in build.glossary.terms.values()}
    openings = {
        src: self_check.paragraph_openings(f.content_string, names)
        for src in build.learning.chapters
        if (f := files.get_file_from_path(src)) is not None
    }
    placed = {note.id: note.chapter for note in notes.current().notes.values()}
    problems += self_check.check_supports(build.learning, openings, placed)
    if problems:
        raise PluginError("\n".join(problems))
    return files


@event_priority(-50)  # after hooks/course_reader/editions/print_edition.py has put the print page together
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """The print edition's title page names the source article and the reader's licenses."""
    if page.file.src_uri == PRINT_PAGE and page.content:
        page.content = attribution.add_to_title_page(page.content, attribution.current(), attribution.current_rights())
    return context
