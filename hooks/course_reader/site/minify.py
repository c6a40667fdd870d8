"""MkDocs hook: the project's own CSS and JS (docs/assets/, not vendor/) reach the site minified, and the ones every
page loads (mkdocs.yml's extra_css and extra_javascript) as one file each, so a first visit makes two requests for
them, not five, and gzip sees them whole; the scripts only the pages holding the article need are one more file
(PAGE_BUNDLES). The readable sources stay in docs/assets/ and mkdocs.yml keeps listing them.

CSS goes through rcssmin. JS goes through calmjs.parse, which also renames each function's local variables (Material's
own bundle is minified the same way): that is what keeps every page within the page-weight goal
(scripts/page_weight.py). Renaming costs ~0.1 s per file, so results are kept in a cache keyed by the source's hash
(hooks/course_reader/core/build_cache.py: outside the project, shared by every copy of it). The scripts are ES5 (`var`,
`function`), as Material's templates expect of extra scripts; newer syntax stops the build with the file and line."""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import posixpath
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import rcssmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from course_reader import build_state
from course_reader.core.build_cache import cache_dir

FOLDER = "assets/"
SKIP = ("assets/vendor/",)  # third-party files stay byte for byte as vendored
BUNDLES = {".css": "assets/course.css", ".js": "assets/course.js"}  # what every page loads, one file per kind
# What only some pages load, one file each: the hook that knows which pages links it (hooks/course_reader/site/page_assets.py)
ARTICLE_BUNDLE = "assets/article.js"  # the pages that hold the article: hooks/course_reader/site/paragraphs.py links it
PAGE_BUNDLES = {ARTICLE_BUNDLE: ["assets/paragraphs.js", "assets/progress-article.js"]}
T = TypeVar("T")
ES5_HINT = "the reader's scripts are ES5 (var, function, no arrow functions, let/const or template strings)"


@dataclass
class MinifyState:
    """This build's bundles: the source files (src_uri, in mkdocs.yml's order) each one is made of."""

    members: dict[str, list[str]] = field(default_factory=dict)


def is_project_asset(src_uri: str) -> bool:
    return src_uri.startswith(FOLDER) and not src_uri.startswith(SKIP)


def minified(src_uri: str, text: str) -> str | None:
    """The minified text of a project asset, or None for a file this hook leaves as it is."""
    suffix = posixpath.splitext(src_uri)[1]
    if suffix not in BUNDLES or not is_project_asset(src_uri):
        return None
    if suffix == ".css":
        return str(rcssmin.cssmin(text)).strip() + "\n"
    return minify_js(src_uri, text)


def minify_js(src_uri: str, text: str) -> str:
    """`text` without comments and spaces, each function's local names shortened (cached by the source's hash)."""
    key = hashlib.sha256(f"{_minifier()}\0{text}".encode()).hexdigest()
    cached = cache_dir("minify") / f"{key}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    from calmjs.parse import es5  # imported on a cache miss only: it takes ~50 ms
    from calmjs.parse.exceptions import ECMASyntaxError
    from calmjs.parse.unparsers.es5 import minify_print

    try:
        out = str(minify_print(es5(text), obfuscate=True, obfuscate_globals=False)).strip() + "\n"
    except ECMASyntaxError as error:
        where = re.search(r" at (\d+):(\d+)", str(error))
        at = f"line {where[1]}, column {where[2]}: " if where else ""
        raise PluginError(f"docs/{src_uri}: {at}{error} — {ES5_HINT}; rewrite that line in ES5") from None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(out, encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass  # a read-only cache only costs time
    return out


@functools.cache
def _minifier() -> str:
    """The installed calmjs.parse's version, for cache keys."""
    return "calmjs.parse " + metadata.version("calmjs.parse")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """List one bundle per kind where mkdocs.yml lists the project's CSS and JS (at the first one's place)."""
    state = build_state.get().part(MinifyState)
    state.members = dict(PAGE_BUNDLES)
    css = [path for path in config.extra_css if is_project_asset(path)]
    if css:
        state.members[BUNDLES[".css"]] = css
        config.extra_css = _replace(config.extra_css, css, BUNDLES[".css"])
    scripts = [str(script) for script in config.extra_javascript if is_project_asset(str(script))]
    if scripts:
        state.members[BUNDLES[".js"]] = scripts
        config.extra_javascript = _replace(list(config.extra_javascript), scripts, BUNDLES[".js"])
    return config


def _replace(items: list[T], members: list[str], bundle: str) -> list[T]:
    """`items` with the bundle in place of the first member and without the others (a script keeps its options)."""
    first = next(item for item in items if str(item) == members[0])
    if isinstance(first, str):
        first = bundle  # type: ignore[assignment]
    else:
        first = copy.copy(first)
        first.path = bundle  # type: ignore[attr-defined]
    return [first if str(item) == members[0] else item for item in items if str(item) not in members[1:]]


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Swap each project CSS and JS file for its minified text, and write the bundles (their members leave the
    site: nothing else loads them)."""
    members = build_state.get().part(MinifyState).members
    bundled = {uri for uris in members.values() for uri in uris}
    texts: dict[str, str] = {}
    docs = Path(config.docs_dir).resolve()
    for file in list(files):
        if file.generated_by or file.is_documentation_page() or not (file.is_css() or file.is_javascript()):
            continue
        if not file.abs_src_path or not Path(file.abs_src_path).resolve().is_relative_to(docs):
            continue  # Material's own assets (assets/javascripts/…) are minified already
        text = minified(file.src_uri, file.content_string)
        if text is None:
            continue
        files.remove(file)
        if file.src_uri in bundled:
            texts[file.src_uri] = text
        else:
            files.append(File.generated(config, file.src_uri, content=text))
    for bundle, uris in members.items():
        missing = [uri for uri in uris if uri not in texts]
        if missing:
            raise PluginError(
                f"mkdocs.yml: extra_css/extra_javascript (or hooks/course_reader/site/minify.py's PAGE_BUNDLES) list "
                f"{', '.join(missing)}, not in docs/"
            )
        joiner = ";" if bundle.endswith(".js") else ""  # a script that ends without one can't run into the next
        files.append(File.generated(config, bundle, content=joiner.join(texts[uri] for uri in uris)))
    return files
