"""The lecturer kit (issue 25), a feature of the `course` plugin: load the unit plan and the assignments, and on
`mkdocs build` write the files an LMS imports and the handouts under downloads/instructors/, listed on the
instructors' download page.

Thin steps; the logic is in this package's unit_plan.py, assessment.py, bank.py, moodle.py, qti.py, cartridge.py,
handouts.py and handouts_pdf.py. The question-bank files are made by every `mkdocs build` (milliseconds); the
handouts are an edition like the PDF and EPUB (the `editions` option, READER_EDITIONS=false leaves them out) and are laid
out by a worker process that starts once the chapters are numbered, beside the pages' rendering, or come from the
shared cache when their input has not changed. `mkdocs serve` makes none of them.

The download page lists the files: in what the offline zip copies of the page (its on_post_page output) with links to
the online reader, since the zip leaves downloads/ out; on the site, after the build, with relative links and sizes."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from course_reader import build_state
from course_reader.content import readings, teaching
from course_reader.core.build_cache import cache_dir
from course_reader.core.datafile import ContentError
from course_reader.editions import books
from course_reader.editions.downloads import kilobytes
from course_reader.instructors import assessment, handouts, handouts_pdf, unit_plan
from course_reader.instructors.bank import Bank, make_bank
from course_reader.instructors.cartridge import Handout, Module, cartridge
from course_reader.instructors.kit_files import MARKER, KitFile, kit_files, render_list
from course_reader.instructors.moodle import moodle_xml
from course_reader.instructors.qti import qti_package
from course_reader.names import KIT_PAGE, Downloads

log = logging.getLogger("mkdocs.plugins.course.lecturer_kit")


@dataclass
class KitState:
    """This feature's part of the build state."""

    making: bool = False  # `mkdocs build`: the files are made
    with_handouts: bool = False
    jobs: list[handouts_pdf.Job] = field(default_factory=list)  # a job per layout (handouts.layouts)
    page: Page | None = None  # the download page, once rendered
    made: dict[str, int] = field(default_factory=dict)  # file -> size


def _state() -> KitState:
    return build_state.get().part(KitState)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """After content/editorial.py loaded the prompts and readings: load and check the unit plan and the assignments."""
    build = build_state.get()
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
    taught = teaching.current()
    try:
        unit = build.part(unit_plan.UnitState).unit = unit_plan.load_unit(
            root / "data" / "unit.yml",
            list(build.learning.chapters),
            {chapter: len(prompts) for chapter, prompts in taught.prompts.items()},
            set(readings.current().readings),
            root,
        )
        build.part(assessment.AssessmentState).assessment = assessment.load_assessment(
            root / "data" / "assessment.yml", pages, {s.id for s in unit.sessions}, root
        )
    except ContentError as error:
        raise PluginError(str(error)) from None
    state = build.part(KitState)
    state.making = build.command in ("build", "gh-deploy")
    state.with_handouts = state.making and books.enabled(config)
    return config


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """The chapters are numbered (site/pages.py): start laying out the handouts beside the pages' rendering, a
    worker per layout (the students' handouts, the answer key), so that both cores work on them once the pages are
    done."""
    state = _state()
    _discard(state)
    if state.with_handouts:
        language = config.theme.get("language") or "en"
        jobs = [handouts.pdf_job(made, language=language) for made in handouts.layouts(_course(config))]
        state.jobs = [handouts_pdf.start(job, cache_dir("handouts")) for job in jobs]
    return nav


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == KIT_PAGE:
        if MARKER not in html:
            raise PluginError(
                f"docs/{KIT_PAGE}: the line {MARKER} is missing — put it back on a line of its own where the list of "
                "the lecturer kit's files goes"
            )
        _state().page = page
    return html


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """The download page as the offline zip copies it (editions/offline.py, after this feature in FEATURES): links to the online
    reader, which has the files."""
    if page.file.src_uri != KIT_PAGE:
        return output
    online = (config.site_url or "").rstrip("/") + "/" if config.site_url else None
    return output.replace(MARKER, render_list(_offered(), href=lambda f: f"{online}{f.url}" if online else None), 1)


def on_post_build(*, config: MkDocsConfig) -> None:
    """Write the files, then the download page's list with their sizes (before editions/webapp.py lists the site)."""
    state = _state()
    page = state.page
    if page is None:
        raise PluginError(f"docs/{KIT_PAGE} is missing or not built — the lecturer kit's files are listed on it")
    site = Path(config.site_dir)
    if state.making:
        for url, data in _files(config, state).items():
            state.made[url] = books.write(site / url, data)
        log.info(
            f"Lecturer kit: {len(state.made)} files in downloads/instructors/ ({kilobytes(sum(state.made.values()))})"
        )
    path = site / page.file.dest_uri
    html = path.read_text(encoding="utf-8")
    listed = render_list(
        _offered(), href=lambda f: get_relative_url(f.url, page.url) if f.url in state.made else None, sizes=state.made
    )
    start = html.find('<ul class="kit-downloads">')
    end = html.find("</ul>", start) + len("</ul>")
    if start < 0:
        raise PluginError(f"docs/{KIT_PAGE}: its built page has no list of the lecturer kit's files")
    path.write_text(html[:start] + listed + html[end:], encoding="utf-8")


def on_build_error(*, error: Exception) -> None:
    build = build_state.peek()
    if build is not None:
        _discard(build.part(KitState))


def on_shutdown() -> None:
    build = build_state.peek()
    if build is not None:
        _discard(build.part(KitState))


# Internals


def _offered() -> list[KitFile]:
    """The files this build offers: the handouts only when it makes them."""
    state = _state()
    return [f for f in kit_files(unit_plan.current(), _names()) if state.with_handouts or not f.handout]


def _names() -> Downloads:
    return Downloads(build_state.get().options.download_name)


def _course(config: MkDocsConfig) -> handouts.Course:
    build = build_state.get()
    return handouts.Course(
        title=config.site_name,
        learning=build.learning,
        teaching=teaching.current(),
        readings=readings.current(),
        unit=unit_plan.current(),
        assessment=assessment.current(),
        numbers=build.numbers,
        titles=build.titles,
    )


def _bank(config: MkDocsConfig) -> Bank:
    build = build_state.get()
    files = build.site_files()
    urls = {}
    for src in build.learning.chapters:
        file = files.get_file_from_path(src)
        if file is None:
            raise PluginError(f"lecturer kit: the chapter docs/{src} is not in this build")
        urls[src] = file.url
    return make_bank(
        build.learning,
        title=config.site_name,
        site_url=(config.site_url or "").rstrip("/") + "/",
        numbers=build.numbers,
        titles=build.titles,
        urls=urls,
    )


def _files(config: MkDocsConfig, state: KitState) -> dict[str, bytes]:
    """{site path: bytes} of every file this build makes."""
    bank = _bank(config)
    epoch = _epoch()
    made: dict[str, bytes] = {}
    pdfs: dict[str, bytes] = {}
    for job in state.jobs:
        try:
            pdfs.update(job.result())
        except (OSError, RuntimeError) as error:
            raise PluginError(f"Lecturer kit handouts: {error}") from None
    unit = unit_plan.current()
    kit = kit_files(unit, _names())
    for kit_file in kit:
        if kit_file.handout and kit_file.name in pdfs:
            made[kit_file.url] = pdfs[kit_file.name]
    modules = [Module(f"Session {n}: {s.title}", s.chapters) for n, s in enumerate(unit.sessions, 1)]
    listed = [Handout(f.title, f"handouts/{f.name}", made[f.url]) for f in kit if f.handout and f.url in made]
    url = {f.key: f.url for f in kit}
    made[url["moodle"]] = moodle_xml(bank)
    made[url["qti"]] = qti_package(bank, epoch=epoch)
    made[url["cartridge"]] = cartridge(bank, modules, listed, description=unit.scope.summary, epoch=epoch)
    return made


def _epoch() -> int:
    """The zips' date: the newest page's git date (as the offline zip's), without running git again."""
    newest = max(build_state.get().changed.values(), default=None)
    return int(datetime.combine(newest, time(), tzinfo=UTC).timestamp()) if newest else 0


def _discard(state: KitState) -> None:
    for job in state.jobs:
        job.discard()
    state.jobs = []
    state.page = None
    state.made = {}
