"""The Content-Security-Policy of a built page (pure functions; the feature is hooks/course_reader/site/csp.py): a
`<meta http-equiv>` at the top of its head, which GitHub Pages, the file:// copy and the web app's worker all keep,
since none of them can send a header. Scripts come from the site itself ('self'), plus each inline script the theme
wrote outside the page's article, by its SHA-256, computed from the page as built; nothing else runs: no script a
page's text could carry, no event-handler attribute, no javascript: URL. Styles from the site, and the style
attributes of Markdown's aligned table columns; images from the site or data: URLs (the theme's icons); no plug-ins;
no <base>; forms only to the site."""

from __future__ import annotations

import base64
import hashlib
import re

MARKER = "__READER_CSP__"  # overrides/main.html's placeholder for the page's policy
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S | re.I)
_DATA_TYPES = re.compile(r"""\btype=["']?(application/(ld\+)?json|text/template)""", re.I)

# Styles, fetches, workers, the manifest and frames fall back to default-src ('self'), so they are not repeated: a
# page's policy is in every page's first bytes, and hashes do not compress
BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
}


def digest(script: str) -> str:
    """The CSP source that allows the inline script with exactly this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def theme_scripts(html: str) -> list[str]:
    """The texts of the page's inline scripts outside its <article> (the theme's), data blocks left out."""
    start, end = html.find("<article"), html.rfind("</article>")
    found = []
    for match in _SCRIPT.finditer(html):
        attributes = match.group(1) or ""
        if "src=" in attributes.lower() or _DATA_TYPES.search(attributes):
            continue
        if start >= 0 and start <= match.start() < end:
            continue  # in the page's content: only what a maintainer granted (site/raw_html.py) runs there
        found.append(match.group(2))
    return found


def policy(scripts: list[str], frames: list[str] | tuple[str, ...] = ()) -> str:
    """The policy allowing these inline scripts (by hash) and these framed origins."""
    directives = {name: list(sources) for name, sources in BASE.items()}
    directives["script-src"] += sorted({digest(s) for s in scripts})
    if frames:
        directives["frame-src"] = ["'self'", *sorted(set(frames))]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def apply(html: str, granted: list[str] | tuple[str, ...] = (), frames: list[str] | tuple[str, ...] = ()) -> str:
    """The page with its policy in place of the placeholder (a page without it is left as it is)."""
    if MARKER not in html:
        return html
    return html.replace(MARKER, policy(theme_scripts(html) + list(granted), frames), 1)


def add_scripts(html: str, scripts: list[str]) -> str:
    """The page with these inline scripts also allowed by its policy (e.g. the one the offline copy's search shim
    writes into its frame, which keeps the page's policy)."""

    def extend(match: re.Match[str]) -> str:
        value = match.group(1)
        extra = " ".join(digest(s) for s in scripts)
        value = re.sub(r"script-src ([^;]*)", lambda m: f"script-src {m.group(1)} {extra}", value, count=1)
        return f'<meta http-equiv="Content-Security-Policy" content="{value}">'

    return META.sub(extend, html, count=1)
