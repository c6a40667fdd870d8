"""MkDocs hook for citations: "Cite this page" on every page with text (APA, Chicago, MLA and downloads), Highwire and
Dublin Core meta tags in its head, and the BibTeX, RIS and CSL-JSON files under cite/ (per page, the whole reader, the
source article). The logic is in hooks/course_reader/study/citations.py, citation_styles.py and citation_html.py; dates come from git
(hooks/course_reader/site/pages.py)."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from course_reader import build_state
from course_reader.content import attribution
from course_reader.core.fields import is_tool
from course_reader.study.citation_html import meta_tags, render_box
from course_reader.study.citation_styles import Formatter, cache_file
from course_reader.study.citations import EXPORTS, Work, bib_key, source_work

FOLDER = "cite"  # site folder of the citation files


@dataclass
class CiteState:
    """This build's citations (build_state.get().part(CiteState))."""

    formatter: Formatter | None = None
    reader: Work | None = None
    works: dict[str, Work] = field(default_factory=dict)  # src_uri -> the page as a work
    keys: dict[str, str] = field(default_factory=dict)  # citation key -> the src_uri it cites
    written: set[str] = field(default_factory=set)  # keys whose files are written
    # the files are written by one thread while pages render (~110 small files: ~35 ms of waiting on the disk)
    writer: ThreadPoolExecutor | None = None
    jobs: list[Future[None]] = field(default_factory=list)


def _state() -> CiteState:
    return build_state.get().part(CiteState)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state = _state()
    state.formatter = Formatter(cache_file())  # outside the project: nothing committed is read as a cache
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Note what every page with text of its own cites (not the print edition, which is made from the others, nor a
    tool, `tool: true` in its front matter, e.g. the progress page)."""
    if (page.markdown or "").strip() and not is_tool(page.meta):
        work = reader_work(config) if page.file.src_uri == "index.md" else page_work(page, config)
        state = _state()
        other = state.keys.setdefault(work.key, page.file.src_uri)
        if other != page.file.src_uri:
            raise PluginError(
                f"docs/{page.file.src_uri} and docs/{other} would share the citation files {FOLDER}/{work.key}.* "
                "(a page's citation key is its path with '-' for '/') — rename one of the two pages"
            )
        state.works[page.file.src_uri] = work
    return html


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Put the meta tags in the page's head and "Cite this page" at the end of its article, and write its citation
    files. Added to the written page, not to its content: the search index and the print edition leave it out."""
    work = _state().works.get(page.file.src_uri)
    if work is None:
        return output
    formatter = _formatter()
    source = _source_work(config)
    box = render_box(
        formatter.format(work),
        files=_links(work.key, page),
        reader_files=_links("reader", page),
        source=formatter.format(source) if source else None,
        source_files=_links("source", page) if source else None,
    )
    tags = meta_tags(work, site_name=config.site_name, publisher=config.site_name, source=source)
    _write(config, work)
    # a page without them is a theme bug, which hooks/course_reader/editions/offline.py reports; tests/study/test_citations.py checks every page
    if "</head>" in output:
        output = output.replace("</head>", f"{tags}</head>", 1)
    before, end, after = output.rpartition("</article>")
    return f"{before}{box}{end}{after}" if end else output


def on_post_build(*, config: MkDocsConfig) -> None:
    """The whole reader's and the source article's files; keep the formatted entries for the next build."""
    _write(config, reader_work(config))
    source = _source_work(config)
    if source:
        _write(config, source)
    _formatter().save()
    state = _state()
    try:
        for job in state.jobs:
            job.result()  # the first write that failed (e.g. a full disk) fails the build
    finally:
        if state.writer is not None:
            state.writer.shutdown(cancel_futures=True)


def on_build_error(*, error: Exception) -> None:
    """A failed build stops writing its citation files (hooks/course_reader/core/publish.py drops the unfinished site)."""
    _stop_writing()


def on_shutdown() -> None:
    """Also after Ctrl-C or exit(), which skip on_build_error: no file is written into a site being dropped."""
    _stop_writing()


def _stop_writing() -> None:
    build = build_state.peek()
    writer = build.part(CiteState).writer if build else None
    if writer is not None:
        writer.shutdown(cancel_futures=True)


# Helpers


def reader_work(config: MkDocsConfig) -> Work:
    """The reader itself: a book by its contributors, dated by its newest page."""
    state = _state()
    if state.reader is None:
        changed = build_state.get().changed.values()
        state.reader = Work(
            "reader",
            "book",
            config.site_name,
            url=config.site_url or "",
            authors=_authors(config),
            issued=max(changed, default=None),
            language=_language(config),
        )
    return state.reader


def page_work(page: Page, config: MkDocsConfig) -> Work:
    course = build_state.get()
    title = page.meta.get("plain_title") or page.meta.get("title") or page.title or ""
    when: date | None = course.changed.get(page.file.src_uri, max(course.changed.values(), default=None))
    return Work(
        file_key(page.url),
        "webpage",
        title,
        url=page.canonical_url or page.url,
        authors=_authors(config),
        container=config.site_name,
        issued=when,
        language=_language(config),
    )


RESERVED_KEYS = ("reader", "source")  # the whole reader's and the source article's files


def file_key(url: str) -> str:
    """A page's citation key and file name from its URL: 'history/alliances/' -> 'history-alliances'; a page whose
    key would be the whole reader's or the source article's ('reader/') gets '-page' after it."""
    key = bib_key(unquote(url).strip("/").replace(".html", "").replace("/", "-") or "index")
    return f"{key}-page" if key in RESERVED_KEYS else key


def _source_work(config: MkDocsConfig) -> Work | None:
    return source_work(attribution.current(), _language(config))


def _links(key: str, page: Page) -> dict[str, str]:
    return {ext: get_relative_url(f"{FOLDER}/{key}.{ext}", page.url) for ext in EXPORTS}


def _write(config: MkDocsConfig, work: Work) -> None:
    if work.key in _state().written:
        return
    state = _state()
    state.written.add(work.key)
    folder = Path(config.site_dir) / FOLDER
    if state.writer is None:
        folder.mkdir(parents=True, exist_ok=True)
        state.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cite-files")
    for ext, export in EXPORTS.items():
        state.jobs.append(state.writer.submit(_write_file, folder / f"{work.key}.{ext}", export([work])))


def _write_file(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="")


def _authors(config: MkDocsConfig) -> tuple[str, ...]:
    return (config.site_author,) if config.site_author else ()


def _language(config: MkDocsConfig) -> str:
    return str(config.theme.get("language") or "en")


def _formatter() -> Formatter:
    formatter = _state().formatter
    if formatter is None:
        raise PluginError(
            "hooks/course_reader/study/cite.py: on_config did not run — list hooks/course_reader/study/cite.py under 'hooks:' in mkdocs.yml"
        )
    return formatter
