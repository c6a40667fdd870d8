"""The offline edition: `mkdocs build` also writes a zip of the site that works from file://, and the Download page
gets both downloads' sizes.

The zip is made from the online build's own output, not by building again: the pages are the same, so only what
file:// needs differs. Links to folders ("../glossary/") get their "index.html" (a browser opens no folder index
from disk), each page loads the vendored iframe-worker shim (search runs its Web Worker in an iframe on file://),
and the search index also ships as a script (file:// cannot fetch JSON). That is what Material's offline plugin
achieves with a second build without directory URLs. Each page goes into the zip as soon as MkDocs has rendered
it, on a worker thread whose deflate runs outside the GIL, so the zip adds little to the build's wall time."""

from __future__ import annotations

import json
import logging
import os
import re
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_timestamp, get_relative_url

import course_state
import print_edition

log = logging.getLogger("mkdocs.hooks.offline")

NAME = "military-diplomacy-reader"  # the zip's name and its one top-level folder
ZIP_URL = f"downloads/{NAME}.zip"
SHIM = "assets/vendor/iframe-worker-shim.js"  # vendored from npm iframe-worker (package.json pins it)
PRINT_PAGE = print_edition.SRC_URI  # made by hooks/print_edition.py when the print edition is on
DOWNLOAD_PAGE = print_edition.DOWNLOAD_PAGE
# The PDF and EPUB editions (hooks/editions.py writes them before this hook's on_post_build): title, file, when to use it
EDITIONS = (
    (
        "PDF edition",
        f"downloads/{NAME}.pdf",
        "the reader as a book, to read on a computer or tablet or to print: contents with page numbers, each chapter "
        "on a new page, the answers printed, tagged for screen readers.",
    ),
    (
        "EPUB edition",
        f"downloads/{NAME}.epub",
        "for e-reader and phone reading apps (Apple Books, Google Play Books, Thorium, KOReader): the text reflows to "
        "your screen and font size; contents, glossary and answers work offline.",
    ),
)
MARKER = "<!-- offline:downloads -->"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can carry
SEARCH_JSON = "search/search_index.json"
SEARCH_JS = "search/search_index.js"  # what Material's search loads on file:// (it defines `__index`)
# The installable web app (hooks/webapp.py) is for the online site: the copy has no worker, manifest or app icons
WEBAPP_FILES = ("sw.js", "manifest.webmanifest")
WEBAPP_ICONS = "assets/icons/"
WEBAPP_LINKS = re.compile(r'\s*<link rel="(?:manifest|apple-touch-icon)"[^>]*>')

# Relative links to a folder in href/src attributes: "../glossary/#nato" -> "../glossary/index.html#nato" and
# ".." -> "../index.html" for file://. One pattern per attribute and quote, each with a literal start, which the regex
# engine finds fast (1,000 pages: 0.5 s instead of 2 s for one pattern with alternatives).
# Limits (tests/test_rewrite_limits.py holds every built page within them): only quoted attribute values are
# rewritten (MkDocs, Python-Markdown and Material quote them all), and text inside <script> that reads like such an
# attribute would be rewritten too (no page's script holds any).
FOLDER_LINKS = [
    re.compile(rf"({name}={q})(?!/)([^{q}:#?<>]*/|(?:\.\.?/)*\.\.?)((?:[#?][^{q}<>]*)?{q})")
    for name in ("href", "src")
    for q in "\"'"
]


@dataclass(frozen=True)
class Download:
    title: str
    href: str | None  # None: nothing to download from this copy
    size: int | None  # bytes
    note: str


@dataclass
class OfflineState:
    """This hook's part of the build state (course_state)."""

    download: Page | None = None
    print_file: File | None = None  # the print page (hooks/print_edition.py), when this build makes it
    zip: OfflineZip | None = None  # the zip being written (mkdocs build only)
    added: set[str] = field(default_factory=set)  # site paths already in the zip
    download_html: str | None = None  # the Download page's output, held back until the sizes are known


def _state() -> OfflineState:
    return course_state.get().part(OfflineState)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Fail early if search in the offline copy could not work."""
    if not (Path(config.docs_dir) / SHIM).is_file():
        raise PluginError(
            f"docs/{SHIM} is missing — search in the offline edition needs it: restore it "
            "(`cp node_modules/iframe-worker/shim/index.js` with its licence line, see tests/test_offline.py)"
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
                "the list of downloads goes (hooks/offline.py fills it in after the build)"
            )
        _state().download = page
    return html


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Open the zip (`mkdocs build` only): the site directory has just been emptied, pages are about to be written.
    Its entries carry the date MkDocs gives sitemap.xml.gz: the newest page's (git) date."""
    build = course_state.get()
    state = build.part(OfflineState)
    _discard_zip(state)
    if build.command in ("build", "gh-deploy"):
        pages = [file.page for file in files.documentation_pages() if file.page is not None and file.page.update_date]
        epoch = get_build_timestamp(pages=pages)
        state.zip = OfflineZip(Path(config.site_dir) / ZIP_URL, root=NAME, epoch=epoch)
    return env


# Folders other hooks fill while pages render (hooks/cite.py writes its files on a thread): on_post_build adds them,
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
        state.download_html = output
    else:
        archive.add(page.file.dest_uri, output.encode("utf-8"))
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    """Finish the zip (the search index, and the Download page as the offline copy shows it), then fill in the
    online Download page."""
    state = _state()
    page = state.download
    if page is None:
        raise PluginError(f"docs/{DOWNLOAD_PAGE} is missing or not built — hooks/offline.py lists the downloads on it")
    site = Path(config.site_dir)
    print_file = state.print_file
    print_size = Path(print_file.abs_dest_path).stat().st_size if print_file else None
    print_download = _print_download(page, print_file, print_size)
    zip_size = None
    archive = state.zip
    if archive is not None:
        index = json.loads((site / SEARCH_JSON).read_text(encoding="utf-8"))
        lunr = {f"assets/javascripts/lunr/{name}" for name in lunr_files(index["config"]["lang"])}
        _add_files(
            archive, state.added, site, keep=lambda path: keep_in_zip(path) or path in lunr
        )  # and what came after pages
        archive.wait()
        online = f"{config.site_url}{page.url}" if config.site_url else "the course website"
        offline_list = render_downloads(
            [
                Download("Offline edition (zip)", None, None, f"you are reading it. The latest copy is on {online}"),
                *_edition_downloads(site, online=config.site_url or None),
                _print_download(page, print_file, archive.sizes.get(print_file.dest_uri) if print_file else None),
            ]
        )
        archive.add(page.file.dest_uri, (state.download_html or "").replace(MARKER, offline_list, 1).encode("utf-8"))
        zip_size = archive.finish()
        state.zip = None
        log.info(f"Offline edition: {ZIP_URL} ({kilobytes(zip_size)})")
    if zip_size is None:
        zip_download = Download("Offline edition (zip)", None, None, "made by mkdocs build, not by mkdocs serve.")
    else:
        zip_download = Download(
            "Offline edition (zip)",
            get_relative_url(ZIP_URL, page.url),
            zip_size,
            "the whole reader, with search, for reading without a network.",
        )
    path = site / page.file.dest_uri
    html = path.read_text(encoding="utf-8")
    downloads = [zip_download, *_edition_downloads(site, page_url=page.url), print_download]
    path.write_text(html.replace(MARKER, render_downloads(downloads), 1), encoding="utf-8")


def on_build_error(*, error: Exception) -> None:
    build = course_state.peek()
    if build is not None:
        _discard_zip(build.part(OfflineState))


def on_shutdown() -> None:
    build = course_state.peek()
    if build is not None:
        _discard_zip(build.part(OfflineState))


class OfflineZip:
    """The offline zip, written by a worker thread while MkDocs renders pages (deflate runs outside the GIL, on
    another core). Entries keep the order they were added in, which a build fixes; each is made file:// ready
    (`offline_entry`), with one timestamp and fixed permissions, so the same input gives the same bytes. Written to a
    temporary file that `finish` moves to `dest`: `dest` is always the old zip or the complete new one."""

    def __init__(self, dest: Path, *, root: str, epoch: int) -> None:
        self.dest = dest
        self.root = root
        self.sizes: dict[str, int] = {}  # entry name -> bytes, as written (after the file:// changes)
        self._date_time = _zip_date(epoch)
        self._tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        dest.parent.mkdir(parents=True, exist_ok=True)
        self._archive = zipfile.ZipFile(self._tmp, "w")
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="offline-zip")
        self._jobs: list[Future[None]] = []

    def add(self, name: str, data: bytes | Path) -> None:
        """Queue the site file `name` (its content, or the path to read it from)."""
        self._jobs.append(self._pool.submit(self._write, name, data))

    def wait(self) -> None:
        """Return once every queued entry is written; raise the first error."""
        for job in self._jobs:
            job.result()

    def finish(self) -> int:
        """Write the last entries and put the zip in place; return its size. On an error, the old zip stays."""
        try:
            self.wait()
            self._pool.shutdown()
            self._archive.close()
            os.replace(self._tmp, self.dest)
        finally:
            self.discard()
        return self.dest.stat().st_size

    def discard(self) -> None:
        """Stop, and remove the unfinished zip (nothing once `finish` moved it in place)."""
        self._pool.shutdown(cancel_futures=True)
        try:
            self._archive.close()
        except OSError:
            pass  # e.g. the disk is full: the unfinished file goes anyway, and the build reports the first error
        self._tmp.unlink(missing_ok=True)

    def _write(self, name: str, data: bytes | Path) -> None:
        name, content = offline_entry(name, data.read_bytes() if isinstance(data, Path) else data)
        info = zipfile.ZipInfo(f"{self.root}/{name}", date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, so that the permissions below apply everywhere
        info.external_attr = 0o100644 << 16
        self._archive.writestr(info, content, compresslevel=6)
        self.sizes[name] = len(content)


# Pure helpers (unit-tested in tests/test_offline.py)


def file_url(url: str) -> str:
    """The URL that works from file:// for a link in a page: a relative link to a folder gets "index.html"."""
    return FOLDER_LINKS[0].sub(_index_html, f'href="{url}"')[len('href="') : -1]


def offline_page(html: str, *, name: str) -> str:
    """The page `name` (its path in the site) of the online build made to work from file://."""
    if "</head>" not in html:
        raise PluginError(
            f"hooks/offline.py: the built page {name} has no </head>, so its offline copy cannot load "
            "the search shim — check overrides/base.html and the hooks that change a page's output"
        )
    for pattern in FOLDER_LINKS:
        html = pattern.sub(_index_html, html)
    html = WEBAPP_LINKS.sub("", html, count=2)
    shim = f'<script src="{"../" * name.count("/")}{SHIM}"></script>'
    return html.replace("</head>", shim + "</head>", 1)


def offline_search_index(data: str) -> str:
    """Material's search index as the script file:// search loads, with every location a file."""
    index = json.loads(data)
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        doc["location"] = "index.html" + location if location[:1] in ("", "#", "?") else file_url(location)
    return "var __index = " + json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def offline_entry(name: str, data: bytes) -> tuple[str, bytes]:
    """What the site file `name` becomes in the offline copy: (name, content)."""
    if name == SEARCH_JSON:
        return SEARCH_JS, offline_search_index(data.decode("utf-8")).encode("utf-8")
    if name.endswith(".html"):
        return name, offline_page(data.decode("utf-8"), name=name).encode("utf-8")
    return name, data


def lunr_files(languages: Iterable[str]) -> set[str]:
    """The lunr files (under assets/javascripts/lunr/) Material's search worker loads for these languages."""
    langs = list(languages)
    needed = set()
    for lang in langs:
        if lang == "ja":
            needed.add("tinyseg.js")
        if lang in ("hi", "th"):
            needed.add("wordcut.js")
        if lang != "en":
            needed.add(f"min/lunr.{lang}.min.js")
    if len(langs) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    return needed


def keep_in_zip(path: str) -> bool:
    """What the offline copy needs of the site: no source maps, sitemaps, 404 page (for web servers; its links are
    absolute), downloads, the web app's manifest, worker and icons, or lunr language files (on_post_build adds those
    that search uses)."""
    return not (
        path.endswith(".map")
        or path in ("404.html", "sitemap.xml", "sitemap.xml.gz", *WEBAPP_FILES)
        or path.startswith(("downloads/", "assets/javascripts/lunr/", WEBAPP_ICONS))
    )


def kilobytes(size: int) -> str:
    return f"{max(1, round(size / 1024)):,} KB"


def render_downloads(downloads: list[Download]) -> str:
    items = []
    for d in downloads:
        link = Markup('<a href="{}">{}</a>').format(d.href, d.title) if d.href else None
        title = link or Markup("<strong>{}</strong>").format(d.title)
        size = Markup(' <span class="offline-size">({})</span>').format(kilobytes(d.size)) if d.size else ""
        items.append(Markup("<li>{}{}: {}</li>").format(title, size, d.note))
    return str(Markup('<ul class="offline-downloads">{}</ul>').format(Markup("").join(items)))


# Internals


def _index_html(m: re.Match[str]) -> str:
    folder: str = m.group(2)
    return m.group(1) + folder + ("index.html" if folder.endswith("/") else "/index.html") + m.group(3)


def _add_files(archive: OfflineZip, added: set[str], site: Path, *, keep: Callable[[str], bool]) -> None:
    """Queue the files of `site` not queued yet (not in `added`) that `keep` keeps, sorted."""
    for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()):
        if path not in added and keep(path):
            added.add(path)
            archive.add(path, site / path)


def _discard_zip(state: OfflineState) -> None:
    if state.zip is not None:
        state.zip.discard()
    state.zip = None
    state.added = set()
    state.download_html = None


def _print_download(page: Page, print_file: File | None, size: int | None) -> Download:
    return Download(
        "Print edition",
        get_relative_url(print_file.url, page.url) if print_file and size else None,
        size,
        "every chapter, the case studies and the glossary on one page: print it or save it as PDF "
        "from your browser's print dialog." + ("" if print_file and size else " Not made by this build."),
    )


def _edition_downloads(site: Path, *, page_url: str | None = None, online: str | None = None) -> list[Download]:
    """The PDF and EPUB editions as this build made them: linked relative to the Download page (`page_url`), or on
    the online reader (`online`: the offline copy does not hold them)."""
    downloads = []
    for title, url, note in EDITIONS:
        path = site / url
        if not path.is_file():
            downloads.append(Download(title, None, None, note + " Made by mkdocs build, not by mkdocs serve."))
        elif page_url is not None:
            downloads.append(Download(title, get_relative_url(url, page_url), path.stat().st_size, note))
        elif online:
            downloads.append(Download(title, online + url, path.stat().st_size, note + " Downloaded from the site."))
        else:
            downloads.append(Download(title, None, path.stat().st_size, note + " On the course website."))
    return downloads


def _zip_date(epoch: int) -> tuple[int, int, int, int, int, int]:
    t = datetime.fromtimestamp(max(epoch, ZIP_EPOCH), tz=UTC)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)
