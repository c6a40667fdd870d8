"""MkDocs hook: the project's own CSS and JS (docs/assets/, not vendor/) are written minified (rcssmin, rjsmin), as
Material's own assets are: the readable sources stay in docs/assets/, the site gets ~30 % fewer bytes of them, which
keeps every page within the page-weight budget (scripts/page_weight.py)."""

from __future__ import annotations

import posixpath

import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

FOLDER = "assets/"
SKIP = ("assets/vendor/",)  # third-party files stay byte for byte as vendored
MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minified(src_uri: str, text: str) -> str | None:
    """The minified text of a project asset, or None for a file this hook leaves as it is."""
    minify = MINIFIERS.get(posixpath.splitext(src_uri)[1])
    if minify is None or not src_uri.startswith(FOLDER) or src_uri.startswith(SKIP):
        return None
    return str(minify(text)).strip() + "\n"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Swap each project CSS and JS file for its minified text (written by MkDocs like any other file)."""
    for file in list(files):
        if file.generated_by or file.is_documentation_page():
            continue
        text = minified(file.src_uri, file.content_string) if file.is_css() or file.is_javascript() else None
        if text is not None:
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=text))
    return files
