"""The offline edition: `mkdocs build` also builds the site for file:// (Material's offline plugin, in a second
process running alongside) and packs it into a reproducible zip; the Download page gets both downloads' sizes."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
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
ENV = "READER_OFFLINE"  # `READER_OFFLINE=true mkdocs build` is the file:// build (see plugins: in mkdocs.yml)
OFFLINE_PLUGIN = "material/offline"
PRINT_PLUGIN = "print-site"
DOWNLOAD_PAGE = "download.md"
MARKER = "<!-- offline:downloads -->"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can carry
TIMEOUT = 600


@dataclass(frozen=True)
class Download:
    title: str
    href: str | None  # None: nothing to download from this copy
    size: int | None  # bytes
    note: str


@dataclass
class _State:
    command: str | None = None
    child: subprocess.Popen | None = None
    workdir: Path | None = None
    download: Page | None = None


_state = _State()


def on_startup(*, command: str, dirty: bool) -> None:
    _state.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Fail early if search on file:// would need the network. The shim is only for file://: the online
    build drops it, so that no page carries a script in <head> that does nothing there."""
    problems = check_polyfills(config.extra.get("polyfills") or [], Path(config.docs_dir))
    if problems:
        raise PluginError("\n".join(problems))
    if not is_offline_build(config):
        config.extra["polyfills"] = []
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Start the file:// build now, so that it runs while this build renders its pages."""
    _stop()
    _state.download = None
    if is_offline_build(config) or _state.command not in ("build", "gh-deploy"):
        return
    _state.workdir = Path(tempfile.mkdtemp(prefix="reader-offline-"))
    config_file = Path(config.config_file_path).resolve()
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file),
               "--site-dir", str(_state.workdir / "site")] + (["--strict"] if config.strict else [])
    epoch = str(source_epoch(config_file.parent))
    env = {**os.environ, ENV: "true", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}
    with open(_state.workdir / "build.log", "wb") as out:
        _state.child = subprocess.Popen(command, cwd=config_file.parent, env=env, stdout=out, stderr=subprocess.STDOUT)


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
    """Pack the file:// build into the zip, then fill in the Download page."""
    site = Path(config.site_dir)
    zip_size = None
    if _state.child is not None:
        offline_site = _wait_for_child()
        epoch = source_epoch(Path(config.config_file_path).resolve().parent)
        zip_size = write_zip(offline_site, site / ZIP_URL, root=NAME, epoch=epoch, keep=zip_filter(offline_site))
        _stop()
        log.info(f"Offline edition: {ZIP_URL} ({kilobytes(zip_size)})")
    page = _state.download
    if page is None:
        raise PluginError(f"docs/{DOWNLOAD_PAGE} is missing or not built — hooks/offline.py lists the downloads on it")
    print_file = getattr(config.plugins.get(PRINT_PLUGIN), "print_file", None)
    print_path = Path(print_file.abs_dest_path) if print_file else None
    downloads = [
        _zip_download(config, page, zip_size),
        Download(
            "Print edition",
            get_relative_url(print_file.url, page.url) if print_file else None,
            print_path.stat().st_size if print_path and print_path.exists() else None,
            "every chapter, the case studies and the glossary on one page: print it or save it as PDF "
            "from your browser's print dialog.",
        ),
    ]
    path = Path(page.file.abs_dest_path)
    path.write_text(path.read_text(encoding="utf-8").replace(MARKER, render_downloads(downloads), 1), encoding="utf-8")


def on_build_error(*, error: Exception) -> None:
    _stop()


def on_shutdown() -> None:
    _stop()


# Pure helpers (unit-tested in tests/test_offline.py)


def is_offline_build(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get(OFFLINE_PLUGIN)
    return bool(plugin and plugin.config.enabled)


def check_polyfills(polyfills: Iterable[str], docs_dir: Path) -> list[str]:
    """Every polyfill is served from docs/, and one is the iframe-worker shim (else the offline plugin adds a CDN
    copy)."""
    problems = []
    scripts = [str(p) for p in polyfills]
    for script in scripts:
        if "://" in script or script.startswith("//"):
            problems.append(f"mkdocs.yml: extra.polyfills lists {script} — the offline edition may not load anything "
                            "from the network: vendor the file under docs/assets/vendor/ and list that path")
        elif not (docs_dir / script).is_file():
            problems.append(f"mkdocs.yml: extra.polyfills lists {script}, but docs/{script} does not exist — "
                            "restore the file or fix the path")
    if not any("iframe-worker" in s for s in scripts):
        problems.append("mkdocs.yml: extra.polyfills must list assets/vendor/iframe-worker-shim.js — without it "
                        "Material's offline plugin loads the shim from a CDN and search fails on file://")
    return problems


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
    JSON search index (file:// loads the .js copy) or lunr language files that search does not use."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    lunr = {f"assets/javascripts/lunr/{name}" for name in lunr_files(index["config"]["lang"])}
    dropped = {"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"}

    def keep(path: str) -> bool:
        if path.endswith(".map") or path in dropped:
            return False
        return not path.startswith("assets/javascripts/lunr/") or path in lunr

    return keep


def write_zip(source: Path, dest: Path, *, root: str, epoch: int, keep: Callable[[str], bool]) -> int:
    """Zip `source` under the folder `root`: sorted entries, one timestamp, fixed permissions. Written to a temporary
    name beside `dest` and renamed, so `dest` is either the old file or the complete new one. Returns its size."""
    names = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    date_time = _zip_date(epoch)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as archive:
            for name in filter(keep, names):
                info = zipfile.ZipInfo(f"{root}/{name}", date_time=date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so that the permissions below apply everywhere
                info.external_attr = 0o100644 << 16
                archive.writestr(info, (source / name).read_bytes(), compresslevel=9)
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


def _zip_download(config: MkDocsConfig, page: Page, size: int | None) -> Download:
    title = "Offline edition (zip)"
    if is_offline_build(config):
        online = f"{config.site_url}{DOWNLOAD_PAGE.removesuffix('.md')}/" if config.site_url else "the course website"
        return Download(title, None, None, f"you are reading it. The latest copy is on {online}")
    if size is None:
        return Download(title, None, None, "made by mkdocs build, not by mkdocs serve.")
    return Download(title, get_relative_url(ZIP_URL, page.url), size,
                    "the whole reader, with search, for reading without a network.")


def _wait_for_child() -> Path:
    child, workdir = _state.child, _state.workdir
    assert child is not None and workdir is not None
    try:
        code = child.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        code = None
    output = (workdir / "build.log").read_text(encoding="utf-8", errors="replace")
    for line in output.splitlines():
        if line.startswith("WARNING"):
            log.warning(f"offline build: {line.removeprefix('WARNING').strip(' -')}")
    if code != 0:
        tail = "\n".join(output.splitlines()[-30:])
        raise PluginError(
            f"hooks/offline.py: the offline (file://) build {'timed out' if code is None else 'failed'}, so no zip "
            f"was written. See why with `{ENV}=true mkdocs build --strict -d /tmp/offline`, fix that, build again. "
            f"Its last lines:\n{tail}"
        )
    return workdir / "site"


def _stop() -> None:
    """End the file:// build if it still runs, and remove its files."""
    if _state.child is not None and _state.child.poll() is None:
        _state.child.kill()
        _state.child.wait()
    _state.child = None
    if _state.workdir is not None:
        shutil.rmtree(_state.workdir, ignore_errors=True)
        _state.workdir = None


def _zip_date(epoch: int) -> tuple[int, int, int, int, int, int]:
    t = datetime.fromtimestamp(max(epoch, ZIP_EPOCH), tz=timezone.utc)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)
