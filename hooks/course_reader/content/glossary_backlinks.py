"""The glossary's backlinks: where each term is used (page and section), collected as pages render, and filled in on
the glossary page in place of each term's marker (hooks/course_reader/content/glossary.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import unescape

from markupsafe import Markup
from mkdocs.structure.toc import AnchorLink

from course_reader.content.glossary import Glossary, backlink_marker
from course_reader.core.fields import text_of


@dataclass(frozen=True)
class Use:
    """One page (and section) where a term is used."""

    page_title: str
    url: str  # relative to the glossary page
    section_title: str = ""
    section_id: str = ""


def render_backlinks(uses: list[Use]) -> Markup:
    if not uses:
        return Markup('<p class="glossary-backlinks">Not used in the reader yet.</p>')
    items = Markup("").join(
        Markup('<li><a href="{url}{frag}">{title}{section}</a></li>').format(
            url=u.url,
            frag=f"#{u.section_id}" if u.section_id else "",
            title=u.page_title,
            section=Markup(" › {}").format(u.section_title) if u.section_title else "",
        )
        for u in uses
    )
    return Markup('<div class="glossary-backlinks"><p>Appears in:</p><ul>{}</ul></div>').format(items)


_SECTION = re.compile(r'<h([23])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)  # a section (h2, h3): its id, HTML
_TERM_LINK = re.compile(r'data-term="([^"]+)"')


def collect_uses(html: str, toc: Iterable[AnchorLink], page_title: str, src_uri: str) -> list[tuple[str, Use]]:
    """The term links of a page's HTML, each with its section (the h2/h3 before it; its title as text, from the
    page's table of contents, or for a heading written as HTML (a case-study card) from the heading's text):
    (term id, Use), once per term and section, in page order. The Use's url is the page's src_uri until
    `fill_backlinks` makes it a link."""
    titles = section_titles(toc)
    section_title, section_id = "", ""
    seen = set()
    found = []
    events = sorted(
        [(m.start(), m) for m in _SECTION.finditer(html)] + [(m.start(), m) for m in _TERM_LINK.finditer(html)],
        key=lambda e: e[0],
    )
    for _, match in events:
        if match.re is _SECTION:
            section_id = match.group(2)
            section_title = titles[section_id] if section_id in titles else text_of(match.group(3))
            continue
        term_id = match.group(1)
        if (term_id, section_id) in seen:
            continue
        seen.add((term_id, section_id))
        found.append((term_id, Use(page_title, src_uri, section_title, section_id)))
    return found


def section_titles(toc: Iterable[AnchorLink]) -> dict[str, str]:
    """Heading id -> its text (the table of contents holds it escaped, without the permalink sign)."""
    titles = {}
    stack = list(toc)
    while stack:
        link = stack.pop()
        titles[link.id] = unescape(link.title)
        stack.extend(link.children)
    return titles


def in_reading_order(uses: dict[str, list[Use]], order: dict[str, int]) -> dict[str, list[Use]]:
    """Each term's uses in reading order: by their page's place in the nav (`order`: src_uri -> position; pages render
    in another order), a page's own sections in page order. A page not in `order` goes last."""
    last = max(order.values(), default=0) + 1
    return {term: sorted(found, key=lambda u: order.get(u.url, last)) for term, found in uses.items()}


_MARKER = re.compile(re.escape(backlink_marker("TERM")).replace("TERM", "([a-z0-9-]+)"))  # every backlink_marker(id)


def fill_backlinks(content: str, glossary: Glossary, uses: dict[str, list[Use]], relative: Callable[[str], str]) -> str:
    """The glossary page's HTML with each term's backlink marker replaced by its list of uses; `relative` gives the
    URL of a page (by src_uri) from the glossary page. Other pages are returned unchanged. One pass over the page
    (a replace per term went over the whole page once per term: minutes for 20,000 terms)."""
    if "glossary-backlinks:" not in content:
        return content

    def backlinks(match: re.Match[str]) -> str:
        term_id = match.group(1)
        if term_id not in glossary.terms:
            return match.group()
        linked = [Use(u.page_title, relative(u.url), u.section_title, u.section_id) for u in uses.get(term_id, [])]
        return str(render_backlinks(linked))

    return _MARKER.sub(backlinks, content)
