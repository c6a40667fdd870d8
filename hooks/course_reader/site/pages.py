"""The site feature, first in the `course` plugin's FEATURES: each event function is a thin step of the build that
calls the module owning the concern (data: glossary, case_studies, learning; pages: sources; nav: navigation; dates:
git_dates; output: publish). The build's state lives on one object (build_state), made here in on_config."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from course_reader import build_state
from course_reader.config import options
from course_reader.content.case_studies import page_source
from course_reader.content.glossary_backlinks import collect_uses, fill_backlinks, in_reading_order
from course_reader.content.reading_time import add_reading_time, fill_minutes
from course_reader.content.sources import check_source, page_text
from course_reader.core import publish, symlinks
from course_reader.core.build_cache import use_template_cache
from course_reader.core.datafile import ContentError
from course_reader.core.fields import html_text, one_line
from course_reader.core.git_dates import CASES_KEY, GitLog, GitUnavailable
from course_reader.names import GLOSSARY_PAGE
from course_reader.site.navigation import (
    NUMBERED_SECTION,
    add_generated_to_nav,
    check_all_in_nav,
    fold_large_sections,
    nav_paths,
    html_titles,
    number_chapters,
    numbered_title,
)
from course_reader.site.page_assets import link_stylesheet
from course_reader.site.paragraphs import holds_article
from course_reader.site.theme import add_globals

log = logging.getLogger("mkdocs.hooks.course")

CASES_SECTION = "Case studies"  # the nav section that lists the generated case-study pages
# The macros' tables' stylesheets, linked by the pages that hold such a table only (most pages have none)
TABLE_STYLES = {
    "assets/course-map.css": re.compile(r'<table class="course-map[ "]'),
    "assets/tables.css": re.compile(r'<table class="(?:case-table|timeline)[ "]'),
}
PUBLISHING = ("build", "gh-deploy")  # commands whose site is staged and published by hooks/course_reader/core/publish.py


def on_startup(*, command: str, dirty: bool) -> None:
    build_state.started(command)
    if command in PUBLISHING:
        build_state.catch_signals(publish.catch_signals())


@event_priority(100)  # first: plugins that remember site_dir must see the staging dir
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check the hooks' order; lock and stage the site (build); load and validate the data into a new build state;
    list the generated pages in the nav."""
    root = Path(config.config_file_path).parent
    _start_publishing(config, root)
    if links := symlinks.problems(root):
        raise PluginError("\n".join(links))
    git_log = GitLog(root)  # runs while the data loads
    try:
        build = build_state.begin(build_state.Build.load(root, Path(config.docs_dir), options(config), build_state.command()))
    except BaseException as exc:
        git_log.discard()
        if isinstance(exc, ContentError):
            raise PluginError(str(exc)) from None
        raise
    try:
        build.changed = git_log.dates()
    except GitUnavailable as reason:
        log.info(
            f"No page dates: {reason} — citations show 'n.d.'; the sitemap and the offline zip take the build's date"
        )
    if CASES_KEY in build.changed:
        build.changed.update({case.src_uri: build.changed[CASES_KEY] for case in build.cases.cases.values()})
    generated = [(case.title, case.src_uri) for case in build.cases.cases.values()]
    add_generated_to_nav(config.nav, CASES_SECTION, generated)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add one generated page per case study, then check every page's source before anything renders."""
    build = build_state.get()
    for case in build.cases.cases.values():
        files.append(File.generated(config, case.src_uri, content=page_source(case)))
    problems = []
    for file in files.documentation_pages():
        try:
            text = file.content_string if file.generated_by else page_text(file.src_uri, file.content_bytes)
        except ContentError as exc:
            problems.append(str(exc))
            continue
        source = check_source(file.src_uri, text, build.glossary, build.cases)
        if source.title:
            build.titles[file.src_uri] = source.title
        if not file.generated_by:  # a generated page's source is the project's own
            problems += source.problems
            build.term_calls[file.src_uri] = source.term_calls
    if problems:
        raise PluginError("\n".join(problems))
    build.files = files
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Every page is in the nav; a large tab's sidebar folds; the chapters are numbered; pages carry git dates."""
    try:
        check_all_in_nav(nav, files, listed=nav_paths(config.nav or []))
        fold_large_sections(nav, build_state.get().options.sidebar_fold_above)
    except ValueError as error:
        raise PluginError(str(error)) from None
    build = build_state.get()
    build.numbers = number_chapters(nav, NUMBERED_SECTION)
    html_titles(nav)
    # Sitemap dates come from git, not the clock, so two builds of a commit are identical; a page not yet
    # committed takes the newest date of the others.
    newest = max(build.changed.values(), default=None)
    for page in nav.pages:
        when = build.changed.get(page.file.src_uri, newest)
        if when is not None:
            page.update_date = when.isoformat()
    return nav


@event_priority(50)  # before the macros plugin, which evaluates `{{ … }}` in page titles (see html_text)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point "edit" at the data a page is made from; put the chapter number in the title and first heading; make
    the front-matter title HTML-safe for the templates (hooks/course_reader/core/fields.py)."""
    source = page.meta.get("edit_source")
    if source and config.repo_url and config.edit_uri:
        page.edit_url = config.repo_url.rstrip("/") + "/" + config.edit_uri.rstrip("/").removesuffix("docs") + source
    number = build_state.get().numbers.get(page.file.src_uri)
    plain = one_line(page.meta.get("title") or page.title or "")
    page.meta.setdefault("plain_title", plain)
    shown = f"{number} {plain}" if number else plain
    page.meta["title_text"] = shown  # as text, for a URL or a message (overrides/partials/actions.html)
    page.meta["title"] = html_text(shown)  # Material prints the title unescaped in the header and <title>
    return numbered_title(markdown, number) if number else markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Record glossary uses (page and section) and the reading time; show the reading time on the pages of the article,
    the ones meant to be read through (hooks/course_reader/study/cite.py adds the citation)."""
    if not (page.markdown or "").strip():
        return html  # a page made by a hook (the print edition): no text of its own to time or cite
    build = build_state.get()
    src = page.file.src_uri
    title = one_line(page.meta.get("title_text") or page_title(page))  # with its chapter number, as the nav shows it
    if src != GLOSSARY_PAGE:
        for term_id, use in collect_uses(html, page.toc, title, src):
            build.uses.setdefault(term_id, []).append(use)
    if holds_article(src):  # not the glossary, case studies, tools or instructors' lists: they are not read through
        html, build.minutes[src] = add_reading_time(html)
    return html


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    """Every page is rendered now: warn about glossary entries no page uses. The templates get `material_asset`, and
    the theme a cache of compiled templates (hooks/course_reader/core/build_cache.py)."""
    add_globals(env)
    use_template_cache(env)
    build = build_state.get()
    for term_id, term in build.glossary.terms.items():
        if not build.uses.get(term_id):
            log.warning(
                f"{build.glossary.source}:{term.line}: glossary entry '{term_id}' is not used on any page — "
                f'link it where the reader first meets it with {{{{ term("{term_id}") }}}}, or remove the entry'
            )
    return env


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Fill in what is known only after every page rendered: glossary backlinks (in reading order), course-map reading
    times."""
    build = build_state.get()
    files = build.site_files()

    def relative(src_uri: str) -> str:
        target = files.get_file_from_path(src_uri)
        return target.url_relative_to(page.file) if target else src_uri

    order = {item.file.src_uri: number for number, item in enumerate(nav.pages)}
    content = fill_backlinks(page.content or "", build.glossary, in_reading_order(build.uses, order), relative)
    page.content = fill_minutes(content, build.minutes)
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """A page holding the course map, or a case-study or timeline table, loads their stylesheet (not in the bundle)."""
    for path, table in TABLE_STYLES.items():
        if table.search(output):
            output = link_stylesheet(output, path, page)
    return output


@event_priority(-1000)  # after every plugin's on_post_build: the editions, the zip and the web app are complete
def on_post_build(*, config: MkDocsConfig) -> None:
    """The whole build is written: only now may it be published (MkDocs' strict check, which may still stop it,
    reaches on_build_error)."""
    build_state.publishing(built_ok=True)


@event_priority(-100)  # last: the other hooks have cleaned up (hooks/course_reader/editions/offline.py drops its unfinished zip)
def on_build_error(*, error: Exception) -> None:
    """A failed build is not published; a full disk gets one message instead of a traceback."""
    build_state.publishing(built_ok=False)
    message = publish.disk_full(error)
    if message is not None:
        raise message


@event_priority(-100)  # last: the other features have stopped their workers (the zip's, the citation files')
def on_shutdown() -> None:
    """Publish the staged site only if the whole build succeeded; otherwise keep the previous site. MkDocs calls this
    from a `finally:`, also when Ctrl-C (KeyboardInterrupt), SIGTERM or a library's exit() (SystemExit) stopped the
    build, which MkDocs' on_build_error never sees: such an exception in flight means the build is not whole."""
    stopped = sys.exc_info()[1]
    publication = build_state.end_publishing()
    try:
        if publication is not None:
            for level, message in publish.finish(publication, stopped=stopped):
                log.log(level, message)
    finally:
        publish.restore_signals(build_state.release_signals())


def page_title(page: Page) -> str:
    """The page's title without its chapter number."""
    return one_line(page.meta.get("plain_title") or page.meta.get("title") or page.title or "")


def _start_publishing(config: MkDocsConfig, root: Path) -> None:
    """`mkdocs build`: lock the site directory and build into its staging directory (hooks/course_reader/core/publish.py)."""
    if build_state.command() in PUBLISHING:
        publish.check_site_dir(Path(config.site_dir), root)
        publication = build_state.start_publishing(publish.start(Path(config.site_dir), config))
        config.site_dir = str(publication.staging)
