"""MkDocs hook for the study tools' build outputs: the Flashcards page loads docs/assets/flashcards.js (and .css) and
the progress page docs/assets/progress-page.js (only they need them), and the glossary deck for Anki is written into
the site (and so into the offline zip). The cards and the pages' parts are made by hooks/course_reader/study/flashcards.py and
hooks/course_reader/study/progress.py through the macros."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from course_reader import build_state
from course_reader.site.page_assets import link_script, link_stylesheet
from course_reader.study.flashcards import ANKI_FILE, PAGE, anki_deck, cards_of
from course_reader.study.progress import PAGE as PROGRESS_PAGE

# The scripts only one page needs (after Material's and progress.js, whose window.reader.progress they use)
SCRIPTS = {PAGE: "assets/flashcards.js", PROGRESS_PAGE: "assets/progress-page.js"}
STYLES = {PAGE: "assets/flashcards.css"}  # and the styles (after reader.css, in the bundle)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """The Flashcards page runs its sessions with flashcards.js and its own styles, the progress page its tools with
    progress-page.js."""
    src = page.file.src_uri
    if src in STYLES:
        output = link_stylesheet(output, STYLES[src], page)
    return link_script(output, SCRIPTS[src], page) if src in SCRIPTS else output


def on_post_build(*, config: MkDocsConfig) -> None:
    """The glossary as an Anki deck, next to the Flashcards page."""
    build = build_state.get()
    if build.site_files().get_file_from_path(PAGE) is None:
        return
    tag = re.sub(r"[^a-z0-9]+", "-", config.site_name.lower()).strip("-")
    path = Path(config.site_dir) / ANKI_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(anki_deck(cards_of(build), deck=f"{config.site_name}::Glossary", tag=tag), encoding="utf-8")
