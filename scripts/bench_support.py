"""Shared by the quality scripts (bench, lighthouse, page_weight) and their tests: build the project, build the
same content with plain Material, serve a build on 127.0.0.1 like GitHub Pages would.

The plain build is the yardstick. It is the project's Markdown *as the macros render it* (what an author
would have written by hand), built by stock Material with the project's theme settings (palette, features,
font, language), Markdown extensions, nav and site metadata, but with no overrides/, hooks, extra CSS or JS,
and only the search plugin. How it is made:

1. a "dump" build of the project runs the macros plugin and the `course` plugin (which loads the data the macros
   read; no print page or editions) with scripts/bench_markdown_hook.py, which writes every page's rendered
   Markdown and the final nav (with a one-line theme: only the Markdown is wanted);
2. a plain project (``mkdocs.yml`` inheriting the project's, with those parts switched off) builds that
   Markdown. Markers that project hooks fill in later (glossary backlinks, reading times) stay as HTML
   comments, so the plain pages carry the same prose and no more.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
DUMP_HOOK = ROOT / "scripts" / "bench_markdown_hook.py"
WITHOUT_FEATURES = ROOT / "scripts" / "bench_without_features.py"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# GitHub Pages compresses these; the local server does the same so that transfer sizes match a real visit.
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


LAST_CPU = [0.0]  # CPU seconds (user + system) of the last `mkdocs build`: steadier than wall time on a busy machine


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class BuildFailed(RuntimeError):
    pass


def mkdocs_build(
    config: Path | None,
    out: Path,
    *,
    cwd: Path = ROOT,
    env: dict | None = None,
    strict: bool = True,
    without: tuple[str, ...] = (),
) -> float:
    """Run `mkdocs build` into `out`; return wall seconds. Raise BuildFailed with mkdocs' output on failure.
    READER_BUILDER=properdocs builds with ProperDocs instead (the CI job that tries it). `without`: the `course`
    plugin's features to leave out (scripts/bench_without_features.py)."""
    args = [sys.executable, "-m", os.environ.get("READER_BUILDER", "mkdocs"), "build", "-q", "-d", str(out)]
    if without:
        args = [sys.executable, str(WITHOUT_FEATURES), *without, "--", *args[3:]]
    if strict:
        args.append("--strict")
    if config is not None:
        args += ["-f", str(config)]
    environ = {k: v for k, v in {**ENV, **(env or {})}.items() if v is not None}  # None: unset the variable
    start, used = time.perf_counter(), _children_cpu()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=environ, timeout=1800)
    seconds = time.perf_counter() - start
    LAST_CPU[0] = _children_cpu() - used
    if result.returncode != 0:
        raise BuildFailed(f"mkdocs build {config or cwd / 'mkdocs.yml'} failed:\n{result.stdout}{result.stderr}")
    return seconds


def load_config(path: Path) -> dict:
    """The project's mkdocs.yml as MkDocs reads it (!ENV resolved), as plain data."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with open(path, "rb") as fd:
        return yaml_load(fd, get_yaml_loader())


def build_project(out: Path, *, project: Path = ROOT, env: dict | None = None) -> float:
    """The real site, exactly as `make build` makes it (strict)."""
    return mkdocs_build(None, out, cwd=project, env=env)


def make_plain_project(work: Path, *, project: Path = ROOT, config_name: str = "mkdocs.yml") -> Path:
    """Write the plain-Material project for `project` (its `config_name`) under `work`; return its mkdocs.yml."""
    config = load_config(project / config_name)
    work.mkdir(parents=True, exist_ok=True)
    dump, plain = work / "dump", work / "plain"
    shutil.rmtree(dump, ignore_errors=True)
    shutil.rmtree(plain, ignore_errors=True)
    dump.mkdir()
    docs = plain / "docs"
    docs.mkdir(parents=True)
    empty_theme = work / "no-overrides"
    empty_theme.mkdir(exist_ok=True)
    dump_theme = work / "dump-theme"  # the dump build needs the Markdown only: skip Material's page templates
    dump_theme.mkdir(exist_ok=True)
    (dump_theme / "main.html").write_text("{{ page.content }}\n", encoding="utf-8")
    (dump / "data").symlink_to(project / "data", target_is_directory=True)  # the plugin reads <config dir>/data

    macros = _plugin_options(config, "macros")
    course = {**_plugin_options(config, "course"), "print_edition": False, "editions": False, "offline_zip": False}
    docs_dir = project / config.get("docs_dir", "docs")
    _write_yaml(
        dump / "mkdocs.yml",
        {
            "INHERIT": str(project / config_name),
            "docs_dir": str(docs_dir),
            "theme": {"name": None, "custom_dir": str(dump_theme)},
            "plugins": ["search", {"macros": macros}, {"course": course}],
            # after the macros and the course plugin's page_markdown steps: the Markdown as the pages render it
            "hooks": [str(DUMP_HOOK)],
            "extra_css": [],
            "extra_javascript": [],
            "watch": [],
        },
    )
    mkdocs_build(dump / "mkdocs.yml", dump / "site", cwd=dump, env={"READER_DUMP_DIR": str(docs)}, strict=False)

    for path in docs_dir.rglob("*"):  # images and other files the Markdown may reference
        if path.is_file() and path.suffix != ".md":
            target = docs / path.relative_to(docs_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    nav = json.loads((docs / "_nav.json").read_text(encoding="utf-8"))
    (docs / "_nav.json").unlink()
    extra = {k: v for k, v in (config.get("extra") or {}).items() if k != "polyfills"}
    _write_yaml(
        plain / "mkdocs.yml",
        {
            "INHERIT": str(project / config_name),
            "docs_dir": str(docs),
            "theme": {"custom_dir": str(empty_theme)},
            "plugins": [{"search": _plugin_options(config, "search")}],
            "hooks": [],
            "extra_css": [],
            "extra_javascript": [],
            "extra": {**extra, "polyfills": []},
            "watch": [],
            "nav": nav,
        },
    )
    return plain / "mkdocs.yml"


def build_plain(config: Path, out: Path) -> float:
    return mkdocs_build(config, out, cwd=config.parent, strict=False)


def _plugin_options(config: dict, name: str) -> dict:
    for item in config.get("plugins") or []:
        if item == name:
            return {}
        if isinstance(item, dict) and name in item:
            return dict(item[name] or {})
    return {}


def _write_yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def site_prefix(site: Path) -> str:
    """The URL path the site is published under (from site_url, via the home page's canonical link): '/reader/'."""
    html = (site / "index.html").read_text(encoding="utf-8")
    marker = '<link rel="canonical" href="'
    if marker not in html:
        return "/"
    url = html.split(marker, 1)[1].split('"', 1)[0]
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a build under its site_url path, gzips text like GitHub Pages, answers misses with 404.html."""

    prefix = "/"
    compress = True

    def log_message(self, *args):
        pass

    def send_head(self):
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            return self._not_found()
        local = Path(self.translate_path("/" + path[len(self.prefix) :]))
        if local.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return None
            local = local / "index.html"
        if not local.is_file():
            return self._not_found()
        return self._send_file(local, 200)

    def _not_found(self):
        page = Path(self.directory) / "404.html"
        if page.is_file():
            return self._send_file(page, 404)
        self.send_error(404)
        return None

    def _send_file(self, local: Path, status: int):
        body = local.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(local)))
        if self.compress and local.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, *, prefix: str | None = None, compress: bool = True) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port) under `prefix` (default: its site_url path); yield the base URL."""
    prefix = site_prefix(site) if prefix is None else prefix
    handler = type("Handler", (_Handler,), {"prefix": prefix, "compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def page_urls(site: Path) -> list[str]:
    """Site-relative URLs of every built page (directory URLs as 'history/alliances/'), 404.html included."""
    urls = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


def median(values: list[float]) -> float:
    return statistics.median(values)
