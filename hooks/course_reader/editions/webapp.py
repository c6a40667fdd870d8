"""The installable web app: a web app manifest, the "Save for offline reading" control on the Download page, and a
service worker that keeps every page, asset and the search index of this build on the device.

`mkdocs build` lists the site's files with their SHA-256 in `sw.js` (from hooks/course_reader/editions/webapp_worker.js), after every
other hook and plugin has written its files, so the list is exactly what is deployed. The worker checks each file
it downloads against its hash, keeps a version in a cache of its own and switches to a new one only as a whole
(docs/assets/webapp.js asks the reader to reload). `mkdocs serve` writes a worker that removes itself instead, and
its pages register nothing; the offline zip (hooks/course_reader/editions/offline.py) leaves the worker and the manifest out.

This module is the hook and the Download page's control; the manifest is made in hooks/course_reader/editions/webapp_manifest.py, the
worker's list of files in hooks/course_reader/editions/webapp_precache.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from course_reader import build_state
from course_reader.editions.downloads import kilobytes
from course_reader.editions.offline_pages import SEARCH_JSON
from course_reader.editions.webapp_manifest import ICONS, manifest, palette_primary, theme_colour
from course_reader.editions.webapp_precache import (
    WORKER,
    WORKER_SOURCE,
    page_url,
    precache_paths,
    sha256,
    worker_script,
)
from course_reader.names import DOWNLOAD_PAGE

MANIFEST = "manifest.webmanifest"
MARKER = "<!-- webapp:install -->"
SIZE_SLOT = '<span class="offline-size" data-webapp-size></span>'
SCRIPT = "assets/webapp.js"  # loaded by overrides/main.html where it has work, not on every first visit
# The worker `make serve` writes: a build may have left a worker on this address (127.0.0.1:8000/reader/), and it
# would answer with that build's pages; this one replaces it, deletes its caches and reloads the pages it held.
REMOVER = """\
/* make serve: the preview keeps nothing offline (hooks/course_reader/editions/webapp.py). This removes a worker a build left here. */
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith("offline-reader ")) await caches.delete(name);
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
})()));
"""


@dataclass
class WebappState:
    """This build's web app facts (build_state.get().part(WebappState): a `mkdocs serve` rebuild starts afresh)."""

    theme_colour: str = ""
    download: str | None = None  # where the Download page is written, e.g. download/index.html


def _state() -> WebappState:
    return build_state.get().part(WebappState)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """The theme colour, from the palette's primary colour as Material draws it (icons and manifest use it)."""
    _state().download = None
    palette = config.theme.get("palette")
    try:
        _state().theme_colour = theme_colour(palette_primary(palette))
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: theme.palette: {error}") from None
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the web app's row, with its control, where the Download page has the marker."""
    if page.file.src_uri != DOWNLOAD_PAGE:
        return html
    if MARKER not in html:
        raise PluginError(
            f"docs/{DOWNLOAD_PAGE}: the line {MARKER} is missing — put it back on a line of its own where the "
            "web app and its 'Save for offline reading' button go (hooks/course_reader/editions/webapp.py fills it in)"
        )
    _state().download = page.file.dest_uri
    online = f"{config.site_url}{page.url}" if config.site_url else ""
    return html.replace(MARKER, render_install(online, script=get_relative_url(SCRIPT, page.url)), 1)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """What overrides/main.html links from every page: the manifest, the worker (built sites only), the colour."""
    env.globals["reader_webapp"] = {
        "worker": _builds_worker(),
        "theme_color": _state().theme_colour,
        "icons": ICONS,
        "script": SCRIPT,
    }
    return env


@event_priority(-100)  # last: the search index, the offline zip's Download page sizes and every page are written
def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    (site / MANIFEST).write_text(
        manifest(config, _state().theme_colour, build_state.get().options.webapp_short_name), encoding="utf-8"
    )
    if not _builds_worker():
        (site / WORKER).write_text(REMOVER, encoding="utf-8")
        return
    index = json.loads((site / SEARCH_JSON).read_text(encoding="utf-8"))
    paths = precache_paths(site, languages=index["config"]["lang"])
    written = _state().download
    download = site / written if written else None
    if download and download.is_file():
        size = sum((site / path).stat().st_size for path in paths)
        html = download.read_text(encoding="utf-8")
        download.write_text(html.replace(SIZE_SLOT, _size_span(size), 1), encoding="utf-8")
    entries = [(page_url(path, config.use_directory_urls), sha256(site / path)) for path in paths]
    (site / WORKER).write_text(worker_script(entries, WORKER_SOURCE.read_text(encoding="utf-8")), encoding="utf-8")


# Pure helpers (unit-tested in tests/editions/test_webapp.py)


def render_install(online: str, *, script: str = SCRIPT) -> str:
    """The web app's row on the Download page. Without JavaScript (or on file://) the button stays hidden and the
    status says why; docs/assets/webapp.js (`script`, which reader.js loads where it finds the row) brings it to
    life."""
    return str(
        Markup(
            '<div class="webapp" data-webapp data-webapp-online="{online}" data-script="{script}">'
            "<p><strong>Web app</strong> {size}: install the reader on your phone or computer and keep every page, "
            "the search and the glossary on the device, so that it works without a network and updates itself "
            "when a new edition is published.</p>"
            '<p><button type="button" class="md-button md-button--primary" data-webapp-action hidden>'
            "Save for offline reading</button></p>"
            '<p class="webapp__status" role="status" data-webapp-status>Saving for offline reading needs '
            "JavaScript and a current browser.</p>"
            "<p>To install it: in Chrome on Android, open the menu (⋮) and choose <em>Add to Home screen</em> or "
            "<em>Install app</em>; in Safari on iPhone or iPad, tap <em>Share</em>, then "
            "<em>Add to Home Screen</em>.</p>"
            "</div>"
        ).format(online=online, size=Markup(SIZE_SLOT), script=script)
    )


# Internals


def _builds_worker() -> bool:
    return build_state.command() in ("build", "gh-deploy")


def _size_span(size: int) -> str:
    return str(Markup('<span class="offline-size" data-webapp-size>({})</span>').format(kilobytes(size)))
