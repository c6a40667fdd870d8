"""MkDocs hooks of the editorial layer (issue 12): load the editor's notes, the source article's attribution, the
further reading and the instructors' material once per build; check where pages place the notes and that every
self-check answer's support exists; name the source in the footer and on the print edition's title page. Thin
steps: the logic lives in notes.py, attribution.py, readings.py, teaching.py, learning.py and self_check.py."""

from __future__ import annotations

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


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """After hooks/course_reader/site/pages.py made the build state: load the notes and `extra.source`; the source joins the footer
    (Material shows `copyright` as it is, unescaped: attribution.py escapes every part)."""
    build = build_state.get()
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
    try:
        loaded = build.part(notes.NotesState).notes = notes.load_notes(root / "data" / "notes.yml", pages, root)
        source = build.part(attribution.SourceState).source = attribution.load_source(
            {"source": dict(build.options.source)}, config.site_name
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
    build.part(attribution.SourceState).rights = " ".join((config.copyright or "").split())
    config.copyright = attribution.with_footer_line(config.copyright, source)
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
    """The print edition's title page names the source article."""
    if page.file.src_uri == PRINT_PAGE and page.content:
        page.content = attribution.add_to_title_page(page.content, attribution.current())
    return context
