"""The Content-Security-Policy of every page (the policy itself: hooks/course_reader/core/csp.py): overrides/main.html
leaves a placeholder at the top of each page's head, and this feature fills it in once the page is final, with the
hashes of the theme's inline scripts on that page and what a maintainer granted it (hooks/course_reader/site/raw_html.py).
It runs before the offline zip takes the page (hooks/course_reader/editions/offline.py), which adds the hash of the
script its search shim writes on file:// (`for_file_url`). `mkdocs serve` leaves the policy out: its live reload injects scripts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from course_reader import build_state
from course_reader.core import csp
from course_reader.editions.offline_pages import SHIM
from course_reader.site import raw_html

PLACEHOLDER = f'<meta http-equiv="Content-Security-Policy" content="{csp.MARKER}">'
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
_FRAME = re.compile(r"<script>(postMessage=\$\{c\};importScripts=\$\{d\};.*?)<\\/script>")


@dataclass
class CspState:
    frame_template: str | None = None  # the inline script the search shim writes into its frame, with ${e} left


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    build_state.get().part(CspState).frame_template = shim_frame_template((Path(config.docs_dir) / SHIM).read_text(encoding="utf-8"))
    return config


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    found = raw_html.granted(page.file.src_uri)
    return _filled(output, found.scripts, sorted(found.frames))


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """The theme's own pages (404.html)."""
    return _filled(output_content, [], [])


def _filled(output: str, scripts: list[str], frames: list[str]) -> str:
    if build_state.command() not in ("build", "gh-deploy"):
        return output.replace(PLACEHOLDER, "", 1)
    return csp.apply(output, scripts, frames)


def for_file_url(output: str) -> str:
    """A built page's policy as its offline copy needs it: on file:// search runs its worker in a frame the vendored
    shim writes, which keeps the page's policy, so the script it writes there is allowed by its hash (with this
    page's worker URL). Online pages never run it and do not carry its hash."""
    template = build_state.get().part(CspState).frame_template
    search = _CONFIG.search(output)
    if not template or not search:
        return output
    url = json.loads(search.group(1)).get("search", "")
    return csp.add_scripts(output, [template.replace("${e}", url)])


def shim_frame_template(shim: str) -> str:
    """The inline script the iframe-worker shim writes into its frame, its functions filled in as JavaScript
    stringifies them (their source text) and the worker's URL left as ${e}."""
    frame = _FRAME.search(shim)
    functions = {name: _function_source(shim, name) for name in ("c", "d")}
    if frame is None or None in functions.values():
        raise PluginError(
            f"docs/{SHIM}: the script its frame runs was not found — hooks/course_reader/site/csp.py reads it to allow it "
            "by hash: was the shim updated? Check hooks/course_reader/site/csp.py against the new version"
        )
    return frame.group(1).replace("${c}", functions["c"] or "").replace("${d}", functions["d"] or "")


def _function_source(text: str, name: str) -> str | None:
    start = text.find(f"function {name}(")
    if start < 0:
        return None
    depth = 0
    for at in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[at], 0)
        if depth == 0:
            return text[start : at + 1]
    return None
