"""The offline copy's files: what a page, the search index and any other site file become so that the copy works
from file:// (hooks/course_reader/editions/offline.py zips them). Links to folders ("../glossary/") get their "index.html" (a browser opens
no folder index from disk), each page loads the vendored iframe-worker shim (search runs its Web Worker in an iframe
on file://), and the search index also ships as a script (file:// cannot fetch JSON)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

SHIM = "assets/vendor/iframe-worker-shim.js"  # vendored from npm iframe-worker (package.json pins it)
SEARCH_JSON = "search/search_index.json"
SEARCH_JS = "search/search_index.js"  # what Material's search loads on file:// (it defines `__index`)
# The installable web app (hooks/course_reader/editions/webapp.py) is for the online site: the copy has no worker, manifest or app icons
WEBAPP_FILES = ("sw.js", "manifest.webmanifest")
WEBAPP_ICONS = "assets/icons/"
WEBAPP_LINKS = re.compile(r'\s*<link rel="(?:manifest|apple-touch-icon)"[^>]*>')

# Relative links to a folder in href/src attributes: "../glossary/#nato" -> "../glossary/index.html#nato" and
# ".." -> "../index.html" for file://. One pattern per attribute and quote, each with a literal start, which the regex
# engine finds fast (1,000 pages: 0.5 s instead of 2 s for one pattern with alternatives).
# Limits (tests/editions/test_rewrite_limits.py holds every built page within them): only quoted attribute values are
# rewritten (MkDocs, Python-Markdown and Material quote them all), and text inside <script> that reads like such an
# attribute would be rewritten too (no page's script holds any).
FOLDER_LINKS = [
    re.compile(rf"({name}={q})(?!/)([^{q}:#?<>]*/|(?:\.\.?/)*\.\.?)((?:[#?][^{q}<>]*)?{q})")
    for name in ("href", "src")
    for q in "\"'"
]


def file_url(url: str) -> str:
    """The URL that works from file:// for a link in a page: a relative link to a folder gets "index.html"."""
    return FOLDER_LINKS[0].sub(_index_html, f'href="{url}"')[len('href="') : -1]


def offline_page(html: str, *, name: str) -> str:
    """The page `name` (its path in the site) of the online build made to work from file://."""
    if "</head>" not in html:
        from mkdocs.exceptions import PluginError  # here: the zip's worker process (offline_zip.py) runs without MkDocs

        raise PluginError(
            f"hooks/course_reader/editions/offline.py: the built page {name} has no </head>, so its offline copy cannot load "
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


def site_paths(site: Path) -> list[str]:
    """The files of the built site `site`, as sorted paths relative to it ("a/index.html"): os.walk, which is ~5×
    faster than Path.rglob on a site's ~200 files (two hooks list the site at every build)."""
    found = []
    root = os.fspath(site)
    for folder, _, names in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        found += [name if prefix == "./" else prefix + name for name in names]
    return sorted(found)


def keep_in_zip(path: str) -> bool:
    """What the offline copy needs of the site: no source maps, sitemaps, 404 page (for web servers; its links are
    absolute), downloads, the web app's manifest, worker and icons, or lunr language files (on_post_build adds those
    that search uses)."""
    return not (
        path.endswith(".map")
        or path in ("404.html", "sitemap.xml", "sitemap.xml.gz", *WEBAPP_FILES)
        or path.startswith(("downloads/", "assets/javascripts/lunr/", WEBAPP_ICONS))
    )


# Internals


def _index_html(m: re.Match[str]) -> str:
    folder: str = m.group(2)
    return m.group(1) + folder + ("index.html" if folder.endswith("/") else "/index.html") + m.group(3)
