"""The offline edition: `mkdocs build` also writes a zip of the site that works from file://, and the Download page
gets both downloads' sizes.

The zip is made from the online build's own output, not by building again: the pages are the same, so only what
file:// needs differs (hooks/course_reader/editions/offline_pages.py: links to folders get their "index.html", each page loads the search
shim, the search index also ships as a script). That is what Material's offline plugin achieves with a second build
without directory URLs. Each page goes into the zip as soon as MkDocs has rendered it, handed to a worker process
that rewrites and deflates it on another core (hooks/course_reader/editions/offline_zip.py), so the zip adds little to the build's wall
time. The list of downloads on the Download page: hooks/course_reader/editions/downloads.py."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_timestamp, get_relative_url

from course_reader import build_state
from course_reader.editions.downloads import (
    MARKER,
    Download,
    edition_downloads,
    kilobytes,
    print_download,
    render_downloads,
)
from course_reader.editions.offline_pages import SEARCH_JSON, SHIM, keep_in_zip, lunr_files, site_paths
from course_reader.editions.offline_zip import OfflineZip
from course_reader.names import DOWNLOAD_PAGE, PRINT_PAGE, Downloads
from course_reader.site.csp import for_file_url

log = logging.getLogger("mkdocs.hooks.offline")


@dataclass
class OfflineState:
    """This feature's part of the build state (build_state)."""

    download: Page | None = None
    print_file: File | None = (
        None  # the print page (hooks/course_reader/editions/print_edition.py), when this build makes it
    )
    zip: OfflineZip | None = None  # the zip being written (mkdocs build only)
    added: set[str] = field(default_factory=set)  # site paths already in the zip
    download_html: str | None = None  # the Download page's output, held back until the sizes are known


def _state() -> OfflineState:
    return build_state.get().part(OfflineState)


def _names() -> Downloads:
    return Downloads(build_state.get().options.download_name)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Fail early if search in the offline copy could not work."""
    if not (Path(config.docs_dir) / SHIM).is_file():
        raise PluginError(
            f"docs/{SHIM} is missing — search in the offline edition needs it: restore it "
            "(`cp node_modules/iframe-worker/shim/index.js` with its licence line, see tests/editions/test_offline.py)"
        )
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    _state().print_file = files.get_file_from_path(PRINT_PAGE)
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == DOWNLOAD_PAGE:
        if MARKER not in html:
            raise PluginError(
                f"docs/{DOWNLOAD_PAGE}: the line {MARKER} is missing — put it back on a line of its own where "
                "the list of downloads goes (hooks/course_reader/editions/offline.py fills it in after the build)"
            )
        _state().download = page
    return html


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Open the zip (`mkdocs build` only): the site directory has just been emptied, pages are about to be written.
    Its entries carry the date MkDocs gives sitemap.xml.gz: the newest page's (git) date."""
    build = build_state.get()
    state = build.part(OfflineState)
    _discard_zip(state)
    if build.command in ("build", "gh-deploy") and build.options.offline_zip:
        pages = [file.page for file in files.documentation_pages() if file.page is not None and file.page.update_date]
        epoch = get_build_timestamp(pages=pages)
        names = _names()
        state.zip = OfflineZip(Path(config.site_dir) / names.zip, root=names.name, epoch=epoch)
    return env


# Folders other hooks fill while pages render (hooks/course_reader/study/cite.py writes its files on a thread): on_post_build adds them,
# once they are complete, so the zip never holds a half-written file and its order does not depend on timing
LATER = ("cite/",)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Queue the page for the zip; the first page also queues the theme's and docs/ static files, copied by now."""
    state = _state()
    archive = state.zip
    if archive is None:
        return output
    if not state.added:
        site = Path(config.site_dir)
        _add_files(archive, state.added, site, keep=lambda path: keep_in_zip(path) and not path.startswith(LATER))
    state.added.add(page.file.dest_uri)
    if page.file.src_uri == DOWNLOAD_PAGE:
        state.download_html = for_file_url(output)
    else:
        archive.add(page.file.dest_uri, for_file_url(output).encode("utf-8"))
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    """Finish the zip (the search index, and the Download page as the offline copy shows it), then fill in the
    online Download page."""
    state = _state()
    page = state.download
    if page is None:
        raise PluginError(
            f"docs/{DOWNLOAD_PAGE} is missing or not built — hooks/course_reader/editions/offline.py lists the downloads on it"
        )
    site = Path(config.site_dir)
    print_file = state.print_file
    print_size = Path(print_file.abs_dest_path).stat().st_size if print_file else None
    zip_size = _finish_zip(state, state.zip, page, site, config.site_url or None) if state.zip else None
    if zip_size is None:
        zip_download = Download("Offline edition (zip)", None, None, "made by mkdocs build, not in this preview.")
    else:
        zip_download = Download(
            "Offline edition (zip)",
            get_relative_url(_names().zip, page.url),
            zip_size,
            "the whole reader, with search, for reading without a network.",
        )
    path = site / page.file.dest_uri
    html = path.read_text(encoding="utf-8")
    downloads = [
        zip_download,
        *edition_downloads(site, _names(), page_url=page.url),
        print_download(page, print_file, print_size),
    ]
    path.write_text(html.replace(MARKER, render_downloads(downloads), 1), encoding="utf-8")


def on_build_error(*, error: Exception) -> None:
    build = build_state.peek()
    if build is not None:
        _discard_zip(build.part(OfflineState))


def on_shutdown() -> None:
    build = build_state.peek()
    if build is not None:
        _discard_zip(build.part(OfflineState))


# Internals


def _finish_zip(state: OfflineState, archive: OfflineZip, page: Page, site: Path, site_url: str | None) -> int:
    """Add what came after the pages (the search index, the lunr files search uses, the Download page as the
    offline copy shows it), put the zip in place and return its size."""
    index = json.loads((site / SEARCH_JSON).read_text(encoding="utf-8"))
    lunr = {f"assets/javascripts/lunr/{name}" for name in lunr_files(index["config"]["lang"])}
    _add_files(archive, state.added, site, keep=lambda path: keep_in_zip(path) or path in lunr)
    archive.wait()
    online = f"{site_url}{page.url}" if site_url else "the course website"
    print_file = state.print_file
    offline_list = render_downloads(
        [
            Download("Offline edition (zip)", None, None, f"you are reading it. The latest copy is on {online}"),
            *edition_downloads(site, _names(), online=site_url),
            print_download(page, print_file, archive.sizes.get(print_file.dest_uri) if print_file else None),
        ]
    )
    archive.add(page.file.dest_uri, (state.download_html or "").replace(MARKER, offline_list, 1).encode("utf-8"))
    zip_size = archive.finish()
    state.zip = None
    log.info(f"Offline edition: {_names().zip} ({kilobytes(zip_size)})")
    return zip_size


def _add_files(archive: OfflineZip, added: set[str], site: Path, *, keep: Callable[[str], bool]) -> None:
    """Queue the files of `site` not queued yet (not in `added`) that `keep` keeps, sorted."""
    for path in site_paths(site):
        if path not in added and keep(path):
            added.add(path)
            archive.add(path, site / path)


def _discard_zip(state: OfflineState) -> None:
    if state.zip is not None:
        state.zip.discard()
    state.zip = None
    state.added = set()
    state.download_html = None
