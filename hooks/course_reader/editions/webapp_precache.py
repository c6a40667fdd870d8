"""What the web app's service worker keeps (for hooks/course_reader/editions/webapp.py): the site's files, each with its SHA-256, listed in
the worker written from hooks/course_reader/editions/webapp_worker.js, whose version is a hash of that list."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

from mkdocs.exceptions import PluginError

from course_reader.editions.offline_pages import lunr_files, site_paths

WORKER = "sw.js"  # at the site's root: a worker's scope is the folder it is served from
WORKER_SOURCE = Path(__file__).with_name("webapp_worker.js")


def keep_offline(path: str, lunr: set[str]) -> bool:
    """What the worker keeps of the site: all it serves but the downloads (editions of their own), source maps,
    sitemaps, the worker itself and lunr language files search does not load (`lunr`: those it does)."""
    if path.startswith("assets/javascripts/lunr/"):
        return path.removeprefix("assets/javascripts/lunr/") in lunr
    return not (
        path.endswith((".map", ".tmp"))
        or path.startswith(("downloads/", "sitemap.xml"))
        or path == WORKER
        or "/." in f"/{path}"
    )


def precache_paths(site: Path, *, languages: list[str]) -> list[str]:
    """The site files the worker keeps, sorted (paths relative to `site`)."""
    lunr = lunr_files(languages)
    return [path for path in site_paths(site) if keep_offline(path, lunr)]


# What stays as it is in a URL's path: what the URL parser leaves alone there too (RFC 3986's sub-delimiters, ':', '@'
# and the few it does not escape); everything else, '%', '#', '?', spaces and non-ASCII letters first, is
# percent-encoded, as a browser requests the file
PATH_SAFE = "/!$&'()*+,;=:@~[]|^"


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL a file is requested by, relative to the site and percent-encoded: "role/index.html" -> "role/",
    "index.html" -> "", "assets/a#b.txt" -> "assets/a%23b.txt" (unencoded, the worker would read a fragment)."""
    if directory_urls and (path == "index.html" or path.endswith("/index.html")):
        path = path.removesuffix("index.html")
    return quote(path, safe=PATH_SAFE)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def worker_script(entries: list[tuple[str, str]], source: str) -> str:
    """The worker for these (URL, SHA-256) entries: its version is a hash of the list, so any change to any file
    makes a new worker, which the browser installs beside the old one."""
    listing = "[\n" + ",\n".join(json.dumps([url, digest]) for url, digest in entries) + "\n]"
    version = hashlib.sha256(listing.encode("utf-8")).hexdigest()[:16]
    if source.count("__VERSION__") != 1 or source.count("__FILES__") != 1:
        raise PluginError(
            f"{WORKER_SOURCE.name}: needs __VERSION__ and __FILES__ once each, where the build's list goes"
        )
    return source.replace("__VERSION__", version).replace("__FILES__", listing)


def worker_files(script: str) -> list[tuple[str, str]]:
    """The (URL, SHA-256) list a written worker holds (what `worker_script` put in)."""
    start = script.index("const FILES = ") + len("const FILES = ")
    return [tuple(entry) for entry in json.loads(script[start : script.index("\n]", start) + 2])]
