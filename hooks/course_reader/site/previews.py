"""Popups for glossary terms and internal links (docs/assets/popup.js shows them): each page carries, once, the short
definition of every term it links and the title and first paragraph of every other page or section it links, in a
hidden block after its article, so previews work from file:// with no fetch. Term links (and links to a
glossary entry) lose their `title` (Material's tooltip) and point `aria-describedby` at their definition."""

from __future__ import annotations

import html as htmlmod
import posixpath
import re
from dataclasses import dataclass, field

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from course_reader import build_state
from course_reader.names import GLOSSARY_PAGE, PRINT_PAGE
from course_reader.core.fields import text_of
PREVIEW_CHARS = 120  # a preview's paragraph is cut at a word boundary after this many characters
# The print edition is left as it is: it links inside itself, and hooks/course_reader/editions/books.py splits it into EPUB chapters,
# where a definition carried once for the whole page would be missing from all chapters but one
SKIP = (PRINT_PAGE,)
HEADING = re.compile(r'<h([1-3])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
PARAGRAPH = re.compile(r'<p(?: id="[^"]*")?>(.*?)</p>', re.S)  # a plain paragraph (hooks/course_reader/site/paragraphs.py gives it an id)
ASIDE = re.compile(r'<div class="admonition.*?</div>|<details.*?</details>|<(nav|table)\b.*?</\1>', re.S)
LINK = re.compile(r"<a\b([^>]*)>")
HREF = re.compile(r'\shref="([^"]*)"')
TERM = re.compile(r'\sdata-term="([^"]+)"')
# No previews in the glossary's "Appears in" lists (too many targets to carry), in tables (their rows already
# summarise what they link: the course map, the case-study tables), nor in the study tools' lists of chapters (the
# progress page's, and each flashcard's "First met in": a list of every chapter, each named by its title)
NO_PREVIEWS = re.compile(
    r'(<div class="glossary-backlinks">.*?</div>|<table\b.*?</table>'
    r'|<ul class="reader-progress-chapters".*?</ul>|<dl class="reader-flashcards__list">.*?</dl>)',
    re.S,
)
TITLE = re.compile(r'\stitle="[^"]*"')


@dataclass
class Target:
    title: str
    text: str


@dataclass
class PreviewState:
    """This build's preview texts: "url#fragment" (url as MkDocs writes it) -> title and first paragraph."""

    targets: dict[str, Target] = field(default_factory=dict)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Remember the page's title and first paragraph, and each section's heading and first paragraph."""
    if page.file.src_uri in SKIP:
        return html
    build_state.get().part(PreviewState).targets.update(targets(html, page.url))
    return html


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Give the article's links their popups, and carry each popup's text once at the end of the article."""
    start, end = output.find("<article"), output.rfind("</article>")
    if start < 0 or end < 0 or page.file.src_uri in SKIP:
        return output
    glossary = build_state.get().glossary
    known = build_state.get().part(PreviewState).targets
    glossary_file = build_state.get().site_files().get_file_from_path(GLOSSARY_PAGE)
    glossary_url = glossary_file.url if glossary_file else "glossary/"
    terms: dict[str, None] = {}
    linked: dict[str, str] = {}  # href as written -> key in known

    def link(match: re.Match[str], previews: bool = True) -> str:
        attrs = match.group(1)
        href_match = HREF.search(attrs)
        href = href_match.group(1) if href_match else ""
        term = TERM.search(attrs)
        term_id = term.group(1) if term else None
        target = resolve(page.url, href) if href and not term_id else None
        if (
            target is not None
            and target.startswith(glossary_url + "#")
            and target[len(glossary_url) + 1 :] in glossary.terms
        ):
            term_id = target[len(glossary_url) + 1 :]
            attrs += f' data-term="{term_id}"'
        if term_id in glossary.terms:
            terms[term_id] = None
            attrs = TITLE.sub("", attrs) + f' aria-describedby="popup-def-{term_id}"'
        elif previews and target is not None and target in known and target.partition("#")[0] != page.url:
            linked[href] = target
        return f"<a{attrs}>"

    parts = NO_PREVIEWS.split(output[start:end])
    article = "".join(
        LINK.sub(lambda m: link(m, previews=False), part) if i % 2 else LINK.sub(link, part)
        for i, part in enumerate(parts)
    )
    island = render_island(
        [(t, glossary.terms[t].term, glossary.terms[t].short) for t in terms],
        [(href, known[key]) for href, key in linked.items()],
    )
    close = end + len("</article>")  # the texts go after the article: they are not part of its text
    return output[:start] + article + output[end:close] + island + output[close:]


def targets(html: str, url: str) -> dict[str, Target]:
    """Preview texts of one page: key "url#" for the page, "url#id" for each h2/h3 (the h1's first paragraph, and
    each heading's first plain paragraph before the next heading)."""
    found: dict[str, Target] = {}
    headings = list(HEADING.finditer(html))
    for i, heading in enumerate(headings):
        stop = headings[i + 1].start() if i + 1 < len(headings) else len(html)
        body = ASIDE.sub("", html[heading.end() : stop])
        paragraph = PARAGRAPH.search(body)
        title = text_of(heading.group(3)).rstrip("¶").strip()
        text = _cut(text_of(paragraph.group(1))) if paragraph else ""
        key = url + "#" if heading.group(1) == "1" else f"{url}#{heading.group(2)}"
        if text:
            found.setdefault(key, Target(title, text))
    return found


def resolve(page_url: str, href: str) -> str | None:
    """The site URL ("dir/#frag", as MkDocs writes page URLs) a relative link points to; None for other links."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/|#", href):
        return None  # external, site-absolute or on this page
    path, _, fragment = href.partition("#")
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join(base, path)) if path else base.rstrip("/")
    if joined in (".", ""):
        joined = ""
    elif path.endswith("/") or posixpath.basename(joined) and "." not in posixpath.basename(joined):
        joined += "/"
    return f"{joined}#{fragment}"


def render_island(terms: list[tuple[str, str, str]], previews: list[tuple[str, Target]]) -> str:
    """The hidden block: one definition per term (the terms' aria-describedby), one preview per linked target."""
    if not terms and not previews:
        return ""
    parts = [
        Markup('<span id="popup-def-{}" data-title="{}">{}</span>').format(term_id, title, short)
        for term_id, title, short in terms
    ] + [
        Markup('<span data-href="{}" data-title="{}">{}</span>').format(href, target.title, target.text)
        for href, target in previews
    ]
    return str(Markup('<div class="reader-popups web-only" hidden>{}</div>').format(Markup("").join(parts)))




def _cut(text: str) -> str:
    if len(text) <= PREVIEW_CHARS:
        return text
    return text[: text.rfind(" ", 0, PREVIEW_CHARS)].rstrip(",;:") + " …"
