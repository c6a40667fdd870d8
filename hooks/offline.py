"""The offline edition: `mkdocs build` also writes a zip of the site that works from file://, and the Download page
gets both downloads' sizes.

The zip is made from the finished online build, not by building again: the pages are the same, so only what
file:// needs differs. Links to folders ("../glossary/") get their "index.html" (a browser opens no folder index
from disk), each page loads the vendored iframe-worker shim (search runs its Web Worker in an iframe on file://),
and the search index also ships as a script (file:// cannot fetch JSON). That is what Material's offline plugin
achieves with a second build without directory URLs; deriving it costs a fraction of that build."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.offline")

NAME = "military-diplomacy-reader"  # the zip's name and its one top-level folder
ZIP_URL = f"downloads/{NAME}.zip"
SHIM = "assets/vendor/iframe-worker-shim.js"  # vendored from npm iframe-worker (package.json pins it)
PRINT_PAGE = "print_page.md"  # made by hooks/print_edition.py when the print edition is on
DOWNLOAD_PAGE = "download.md"
MARKER = "<!-- offline:downloads -->"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can carry
SEARCH_JSON = "search/search_index.json"
SEARCH_JS = "search/search_index.js"  # what Material's search loads on file:// (it defines `__index`)

# Relative links to a folder in href/src attributes: "../glossary/#nato" -> "../glossary/index.html#nato" and
# ".." -> "../index.html" for file://. One pattern per attribute and quote, each with a literal start, which the regex
# engine finds fast (1,000 pages: 0.5 s instead of 2 s for one pattern with alternatives).
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
class _State:
    command: str | None = None
    download: Page | None = None
    print_file_url: str | None = None


_state = _State()


def on_startup(*, command: str, dirty: bool) -> None:
    _state.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Fail early if search in the offline copy could not work."""
    if not (Path(config.docs_dir) / SHIM).is_file():
        raise PluginError(
            f"docs/{SHIM} is missing — search in the offline edition needs it: restore it "
            "(`cp node_modules/iframe-worker/shim/index.js` with its licence line, see tests/test_offline.py)"
        )
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    print_file = files.get_file_from_path(PRINT_PAGE)
    _state.print_file_url = print_file.url if print_file else None
    _state.download = None
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == DOWNLOAD_PAGE:
        if MARKER not in html:
            raise PluginError(
                f"docs/{DOWNLOAD_PAGE}: the line {MARKER} is missing — put it back on a line of its own where "
                "the list of downloads goes (hooks/offline.py fills it in after the build)"
            )
        _state.download = page
    return html


def on_post_build(*, config: MkDocsConfig) -> None:
    """Pack the offline copy into the zip (with its own Download page), then fill in the online Download page."""
    page = _state.download
    if page is None:
        raise PluginError(f"docs/{DOWNLOAD_PAGE} is missing or not built — hooks/offline.py lists the downloads on it")
    site = Path(config.site_dir)
    download_path = page.file.dest_uri
    print_path = _page_path(site, _state.print_file_url)
    print_download = _print_download(page, _state.print_file_url, print_path and print_path.stat().st_size)
    zip_size = None
    if _state.command in ("build", "gh-deploy"):
        online = f"{config.site_url}{page.url}" if config.site_url else "the course website"
        offline_print = _print_download(page, _state.print_file_url, print_path and len(
            offline_page(print_path.read_text(encoding="utf-8"), name=print_path.relative_to(site).as_posix()).encode("utf-8")))
        offline_list = render_downloads([
            Download("Offline edition (zip)", None, None, f"you are reading it. The latest copy is on {online}"),
            offline_print,
        ])
        edit = {download_path: lambda html: html.replace(MARKER, offline_list, 1)}
        epoch = source_epoch(Path(config.config_file_path).resolve().parent)
        zip_size = write_zip(site, site / ZIP_URL, root=NAME, epoch=epoch, keep=zip_filter(site),
                             transform=offline_transform(site, edit))
        log.info(f"Offline edition: {ZIP_URL} ({kilobytes(zip_size)})")
    if zip_size is None:
        zip_download = Download("Offline edition (zip)", None, None, "made by mkdocs build, not by mkdocs serve.")
    else:
        zip_download = Download("Offline edition (zip)", get_relative_url(ZIP_URL, page.url), zip_size,
                                "the whole reader, with search, for reading without a network.")
    path = site / download_path
    html = path.read_text(encoding="utf-8")
    path.write_text(html.replace(MARKER, render_downloads([zip_download, print_download]), 1), encoding="utf-8")


# Pure helpers (unit-tested in tests/test_offline.py)


def file_url(url: str) -> str:
    """The URL that works from file:// for a link in a page: a relative link to a folder gets "index.html"."""
    return FOLDER_LINKS[0].sub(_index_html, f'href="{url}"')[len('href="') : -1]


def offline_page(html: str, *, name: str) -> str:
    """The page `name` (its path in the site) of the online build made to work from file://."""
    if "</head>" not in html:
        raise PluginError(f"hooks/offline.py: the built page {name} has no </head>, so its offline copy cannot load "
                          "the search shim — check overrides/base.html and the hooks that change a page's output")
    for pattern in FOLDER_LINKS:
        html = pattern.sub(_index_html, html)
    shim = f'<script src="{"../" * name.count("/")}{SHIM}"></script>'
    return html.replace("</head>", shim + "</head>", 1)


def offline_search_index(data: str) -> str:
    """Material's search index as the script file:// search loads, with every location a file."""
    index = json.loads(data)
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        doc["location"] = "index.html" + location if location[:1] in ("", "#", "?") else file_url(location)
    return "var __index = " + json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def offline_transform(site: Path, edits: dict[str, Callable[[str], str]] | None = None) -> Callable[[str, bytes], tuple[str, bytes]]:
    """What each file of the site becomes in the offline copy: (name, bytes). `edits` change named pages first."""
    edits = edits or {}

    def transform(name: str, data: bytes) -> tuple[str, bytes]:
        if name == SEARCH_JSON:
            return SEARCH_JS, offline_search_index(data.decode("utf-8")).encode("utf-8")
        if name.endswith(".html"):
            html = data.decode("utf-8")
            if name in edits:
                html = edits[name](html)
            return name, offline_page(html, name=name).encode("utf-8")
        return name, data

    return transform


def source_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else 1980-01-01: the same input gives the same zip."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return max(ZIP_EPOCH, int(os.environ["SOURCE_DATE_EPOCH"]))
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=30, check=True).stdout.strip()
        return max(ZIP_EPOCH, int(out))
    except (OSError, ValueError, subprocess.SubprocessError):
        return ZIP_EPOCH


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


def zip_filter(site: Path) -> Callable[[str], bool]:
    """What the offline copy needs: no source maps, sitemaps, 404 page (for web servers; its links are absolute),
    downloads, or lunr language files that search does not use."""
    index = json.loads((site / SEARCH_JSON).read_text(encoding="utf-8"))
    lunr = {f"assets/javascripts/lunr/{name}" for name in lunr_files(index["config"]["lang"])}
    dropped = {"404.html", "sitemap.xml", "sitemap.xml.gz"}

    def keep(path: str) -> bool:
        if path.endswith(".map") or path in dropped or path.startswith("downloads/"):
            return False
        return not path.startswith("assets/javascripts/lunr/") or path in lunr

    return keep


def write_zip(source: Path, dest: Path, *, root: str, epoch: int, keep: Callable[[str], bool],
              transform: Callable[[str, bytes], tuple[str, bytes]] | None = None) -> int:
    """Zip `source` under the folder `root`, each kept file as `transform` makes it: sorted entries, one timestamp,
    fixed permissions. Written to a temporary name beside `dest` and renamed, so `dest` is either the old file or
    the complete new one. Returns its size."""
    names = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    entries = []
    for name in filter(keep, names):
        data = (source / name).read_bytes()
        entries.append(transform(name, data) if transform else (name, data))
    date_time = _zip_date(epoch)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as archive:
            for name, data in sorted(entries):
                info = zipfile.ZipInfo(f"{root}/{name}", date_time=date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so that the permissions below apply everywhere
                info.external_attr = 0o100644 << 16
                archive.writestr(info, data, compresslevel=6)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest.stat().st_size


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


def _index_html(m: re.Match) -> str:
    folder = m.group(2)
    return m.group(1) + folder + ("index.html" if folder.endswith("/") else "/index.html") + m.group(3)


def _print_download(page: Page, print_url: str | None, size: int | None) -> Download:
    return Download(
        "Print edition",
        get_relative_url(print_url, page.url) if print_url and size else None,
        size,
        "every chapter, the case studies and the glossary on one page: print it or save it as PDF "
        "from your browser's print dialog." + ("" if print_url and size else " Not made by this build."),
    )


def _page_path(site: Path, url: str | None) -> Path | None:
    """The file a page URL of this build was written to, if it was."""
    if url is None:
        return None
    path = site / (url + "index.html" if url.endswith("/") or not url else url)
    return path if path.is_file() else None



def _zip_date(epoch: int) -> tuple[int, int, int, int, int, int]:
    t = datetime.fromtimestamp(max(epoch, ZIP_EPOCH), tz=timezone.utc)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)
