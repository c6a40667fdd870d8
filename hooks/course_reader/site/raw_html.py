"""Raw HTML in pages: what a page's Markdown (and the macros in it) may put in the site is an allowlist of the tags
and attributes the reader's own pages need. A `<script>`, an event-handler attribute (also through an attribute
list, `{ onclick=… }`), a `javascript:` or `data:` URL, an `<iframe>` or any other tag or attribute outside the list
stops the build, naming the file and line. A maintainer may grant more, page by page, in mkdocs.yml:

    plugins:
      - course:
          raw_html:
            tools/index.md: [iframe, allowfullscreen]

Event handlers and script URLs are never granted (the Content-Security-Policy, site/csp.py, would block them
anyway); a granted inline <script> gets the page's CSP hash, a granted <iframe> its origin in `frame-src`.
The check reads each page's HTML as Markdown made it (so a code block showing `<script>` is text, not a tag), and
finds the line in the page's source. A page found clean (nothing to refuse, nothing granted) is remembered by a hash
of its HTML, its grants and this checker's code, outside the project (core/build_cache.py): the next build does not
parse it again (~0.1 s of a 1 s build). Only that verdict is kept; a page with anything to report or grant is always
checked in full."""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from course_reader import build_state
from course_reader.core import fields
from course_reader.core.build_cache import cache_dir
from course_reader.core.fields import safe_url

# What Markdown, its extensions (attr_list, admonition, details, abbr, toc, md_in_html) and the macros write
TAGS = frozenset(
    "a abbr aside b blockquote br button caption cite code col colgroup dd del details dfn div dl dt em figcaption "
    "figure footer h1 h2 h3 h4 h5 h6 header hr i img input ins kbd label li mark nav ol p path pre q s samp section "
    "small span strong sub summary sup svg table tbody td tfoot th thead time tr u ul var wbr".split()
)
ATTRIBUTES = frozenset(
    "accept alt cite class colspan d datetime dir download fill headers height hidden href hreflang id lang loading "
    "open rel reversed role rowspan scope span src srcset start style tabindex target title type value viewbox width "
    "xmlns".split()
)
PREFIXES = ("aria-", "data-")
URL_ATTRIBUTES = frozenset("href src srcset cite action formaction poster data background ping xlink:href".split())
NEVER = ("on",)  # event handlers: never granted


@dataclass
class Problem:
    what: str  # what was found, e.g. "<script>", "the attribute onclick (on <p>)"
    needles: tuple[str, ...]  # what to look for in the source, to name the line
    fix: str
    grantable: str | None = None  # the name a maintainer may grant


@dataclass
class Found:
    """A page's inline scripts and framed origins that its grants allow (site/csp.py adds them to its policy)."""

    scripts: list[str] = field(default_factory=list)
    frames: set[str] = field(default_factory=set)


@dataclass
class RawHtmlState:
    granted: dict[str, Found] = field(default_factory=dict)  # src_uri -> what its grants let through
    clean: set[str] | None = None  # hashes of pages found clean (read from the cache at the first page)
    seen: set[str] = field(default_factory=set)  # this build's clean pages (what the cache keeps)


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Stop the build at the first page whose HTML holds what the allowlist (and its grants) does not allow."""
    if not (page.markdown or "").strip():
        return html_text  # made from other pages (the print edition): they were checked
    src = page.file.src_uri
    grants = set(build_state.get().options.raw_html.get(src, []))
    state = build_state.get().part(RawHtmlState)
    if state.clean is None:
        state.clean = _read_clean()
    key = hashlib.sha256(f"{_checker_version()}\0{sorted(grants)}\0{html_text}".encode()).hexdigest()
    if key in state.clean:
        state.seen.add(key)
        return html_text
    problems, found = check(html_text, grants)
    if problems:
        raise PluginError("\n".join(_message(page, problem) for problem in problems))
    if found.scripts or found.frames:
        state.granted[src] = found
    else:
        state.seen.add(key)
    return html_text


def on_post_build(*, config: MkDocsConfig) -> None:
    """Keep this build's clean pages' hashes for the next build (nothing if the cache cannot be written)."""
    state = build_state.get().part(RawHtmlState)
    if state.clean is None or state.seen == state.clean:
        return
    path = _clean_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text("\n".join(sorted(state.seen)) + "\n", encoding="ascii")
        os.replace(tmp, path)
    except OSError:
        pass


@functools.cache
def _checker_version() -> str:
    """A hash of the checker's code (this module and the URL rule it uses): another version checks every page again."""
    code = Path(__file__).read_bytes() + Path(fields.__file__).read_bytes()
    return hashlib.sha256(code).hexdigest()[:16]


def _clean_file() -> Path:
    return cache_dir("raw-html") / "clean.txt"


def _read_clean() -> set[str]:
    try:
        lines = _clean_file().read_text(encoding="ascii").split()
    except (OSError, ValueError):
        return set()
    return {line for line in lines if re.fullmatch(r"[0-9a-f]{64}", line)}


def check(markup: str, grants: AbstractSet[str] = frozenset()) -> tuple[list[Problem], Found]:
    """What in `markup` (a page's HTML) the allowlist and `grants` do not allow, first occurrence of each."""
    parser = _Checker(grants)
    parser.feed(markup)
    parser.close()
    unique: dict[str, Problem] = {}
    for problem in parser.problems:
        unique.setdefault(problem.what, problem)
    return list(unique.values()), parser.found


def granted(src_uri: str) -> Found:
    """The inline scripts and framed origins the grants let through on this page (for its CSP)."""
    build = build_state.peek()
    return build.part(RawHtmlState).granted.get(src_uri, Found()) if build else Found()


class _Checker(HTMLParser):
    def __init__(self, grants: AbstractSet[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.grants = grants
        self.problems: list[Problem] = []
        self.found = Found()
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS and tag not in self.grants:
            self.problems.append(
                Problem(
                    f"<{tag}>",
                    (f"<{tag}",),
                    _TAG_FIX.get(tag, "remove it, or write what it shows in Markdown"),
                    grantable=tag,
                )
            )
        if tag == "script":
            self._script = []
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.found.scripts.append("".join(self._script))
            self._script = None

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith(NEVER):
            self.problems.append(
                Problem(
                    f"the attribute {name} (on <{tag}>)",
                    (name,),
                    "event handlers run as script in every reader's browser: remove it (a maintainer may grant a "
                    "script that adds the behaviour)",
                )
            )
            return
        if name not in ATTRIBUTES and not name.startswith(PREFIXES) and name not in self.grants:
            self.problems.append(Problem(f"the attribute {name} (on <{tag}>)", (name,), "remove it", grantable=name))
        if name in URL_ATTRIBUTES:
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            for url in urls:
                if url and not safe_url(url):
                    shown = re.sub(r"[\x00-\x20\x7f]+", "", url)  # as a browser reads it: "javascript:"
                    shown = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*:", lambda m: m.group().lower(), shown)
                    self.problems.append(
                        Problem(
                            f"the link to '{shown[:80]}'",
                            (shown.lower()[:40], url[:40]),
                            "links go to relative paths, http(s): or mailto: — change or remove the link",
                        )
                    )
        if tag == "iframe" and name == "src" and "iframe" in self.grants and value.startswith("https://"):
            self.found.frames.add("/".join(value.split("/")[:3]))


_TAG_FIX = {
    "script": "a script in a page runs in every reader's browser: remove it",
    "iframe": "an iframe shows another site inside the page: link to it instead",
    "object": "embedded objects run plug-in content: link to the file instead",
    "embed": "embedded objects run plug-in content: link to the file instead",
    "meta": "a <meta> in a page can redirect or change the page: remove it",
    "style": "styles belong in docs/assets/reader.css",
    "form": "a form sends what readers type elsewhere: remove it",
}


def _message(page: Page, problem: Problem) -> str:
    src = page.file.src_uri
    line = _line(page, problem.needles)
    where = f"docs/{src}:{line}" if line else f"docs/{src}"
    grant = (
        f"; a maintainer may allow it on this page in mkdocs.yml (plugins: - course: raw_html: {src}: "
        f"[{problem.grantable}])"
        if problem.grantable
        else ""
    )
    made = "" if line else " (made by a macro or from data: check the macros on this page)"
    return f"{where}: {problem.what} is not allowed in a page{made} — {problem.fix}{grant}"


def _line(page: Page, needles: tuple[str, ...]) -> int | None:
    """The first line of the page's source holding one of `needles` (compared as a browser reads the text:
    character references decoded, case and control characters ignored)."""
    path = page.file.abs_src_path
    if page.file.generated_by or not path:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    wanted = [n.lower() for n in needles if n]
    for number, line in enumerate(lines, 1):
        text = line.lower()
        read = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(line)).lower()
        if any(n in text or n in read for n in wanted):
            return number
    return None
