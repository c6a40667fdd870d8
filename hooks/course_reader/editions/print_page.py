"""The print page put together (for hooks/course_reader/editions/print_edition.py): every page of the nav in reading order, each a part
inside its nav section's part, opened by a title and a table of contents; each page's HTML made a part by
hooks/course_reader/editions/print_rewrite.py."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from mkdocs.structure.toc import AnchorLink

from course_reader.editions.print_rewrite import (
    Links,
    demote_headings,
    drop_blocks,
    page_key,
    rewrite_part,
    unfold_admonitions,
)
from course_reader.names import DOWNLOAD_PAGE, FLASHCARDS_PAGE, KIT_PAGE, PROGRESS_PAGE, WEB_ONLY
from course_reader.site.navigation import walk_nav, walk_pages

# Pages the print edition leaves out (links to them go to the page itself): the downloads and the lecturer kit's files,
# and the study pages, which work in a browser only (hooks/course_reader/study/progress.py, …/study/flashcards.py)
LEFT_OUT = frozenset({DOWNLOAD_PAGE, KIT_PAGE, PROGRESS_PAGE, FLASHCARDS_PAGE})
TOC_TITLE = "Contents"
TOC_DEPTH = 2  # nav levels the contents nest; a page further down is listed at the last level, so none is missing
TOC_ID = "print-page-toc"
TITLE_ID = "print-page-title"  # the page's one h1: the course's title (every page's headings go one level down)
CONTENT_ID = "print-site-page"  # the element holding every part (docs/assets/print.css styles the parts by it)


def section_id(number: str) -> str:
    """The id of a nav section's part: its position in the nav, '1.3' -> 'section-1-3'."""
    return "section-" + number.replace(".", "-")


def render_toc(entries: list[AnchorLink], title: str = TOC_TITLE) -> str:
    """The contents as HTML: a nested list of links to the parts."""
    return str(
        Markup('<nav id="{}" aria-labelledby="{}-title"><h2 id="{}-title">{}</h2>{}</nav>').format(
            TOC_ID, TOC_ID, TOC_ID, title, Markup(_toc_list(entries))
        )
    )


def combine(
    items: list[Any], *, url: str, title: str = "", left_out: Container[str] = LEFT_OUT
) -> tuple[str, list[AnchorLink]]:
    """The print page's HTML and its contents, from the nav's items (pages holding their final HTML, and sections)
    in reading order: a header with the page's one h1 (`title`), the contents, then a part per page (a
    <section class="print-page"> with the page's id, its headings one level down: h1 -> h2 …) inside a part per nav
    section (<section class="print-page md-section">, untitled: its index page's heading says the same). Pages in
    `left_out` (by src_uri) are left out; a page listed twice in the nav is printed once; the elements marked
    web-only (class `WEB_ONLY`, set where they are made) are left out."""
    pages = list(_pages(items, left_out))
    taken = _part_ids(items, pages)
    links = Links.of(((page.url, page_key(page.url)) for page in pages), url)
    parts, toc = _Assembly(links, taken, left_out).walk(items, "", 1)
    header = Markup('<header id="{}-header"><h1 id="{}">{}</h1></header>').format(TITLE_ID, TITLE_ID, title)
    contents = f'<section class="print-page">{render_toc(toc)}</section>'
    return f'<div id="{CONTENT_ID}">{header}{contents}{"".join(parts)}</div>', toc


def _part_ids(items: list[Any], pages: list[Any]) -> set[str]:
    """The ids the print page starts with: its own elements', each nav section's part's and each page's part's; a
    ValueError if two pages' parts would have the same id."""
    taken = {section_id(number) for number, item in walk_nav(items) if getattr(item, "is_section", False)} | {
        TOC_ID,
        f"{TOC_ID}-title",
        CONTENT_ID,
        TITLE_ID,
    }
    owners: dict[str, str] = {}  # part id -> src_uri
    for page in pages:
        key = page_key(page.url)
        if key in taken:
            other = f"docs/{owners[key]}" if key in owners else "another part of the page"
            raise ValueError(
                f"docs/{page.file.src_uri}: its part of the print edition would have the id '{key}', as {other} "
                "has: rename the file"
            )
        taken.add(key)
        owners[key] = page.file.src_uri
    return taken


@dataclass
class _Assembly:
    """The walk over the nav that makes the parts and the contents: `taken` grows with every id a part adds, `done`
    with every page printed (a page listed twice in the nav is printed once)."""

    links: Links
    taken: set[str]
    left_out: Container[str]
    done: set[str] = field(default_factory=set)

    def walk(self, children: list[Any], prefix: str, depth: int) -> tuple[list[str], list[AnchorLink]]:
        """The parts of `children` (nav items at `depth`, numbered from `prefix`) and their contents entries."""
        html: list[str] = []
        entries: list[AnchorLink] = []
        for position, item in enumerate(children, 1):
            number = f"{prefix}{position}"
            level = min(depth, TOC_DEPTH) - 1
            if getattr(item, "is_page", False):
                if item.file.src_uri in self.left_out or item.file.src_uri in self.done:
                    continue
                self.done.add(item.file.src_uri)
                html.append(self.part(item))
                entries.append(AnchorLink(str(escape(item.title)), page_key(item.url), level))
            elif getattr(item, "is_section", False):
                inner, below = self.walk(item.children, number + ".", depth + 1)
                if not inner:
                    continue
                ident = section_id(number)
                html.append(f'<section class="print-page md-section" id="{ident}">')
                html += inner
                html.append("</section>")
                if depth < TOC_DEPTH:
                    entry = AnchorLink(str(escape(item.title)), ident, level)
                    entry.children = below[1:] if _opens_with_index(item, below) else below
                    entries.append(entry)
                else:  # too deep to nest: its pages are listed at this level (its index page carries its title)
                    entries.extend(below)
        return html, entries

    def part(self, page: Any) -> str:
        """One page's part: its final HTML with a title, web-only elements left out, headings one level down, folding
        boxes unfolded, ids and links rewritten."""
        key = page_key(page.url)
        content = page.content or ""
        if "<h1" not in content:  # as Material's content.html does, a page without one shows its title
            content = str(Markup("<h1>{}</h1>").format(page.title)) + content
        content = unfold_admonitions(demote_headings(drop_blocks(content, (WEB_ONLY,))))
        try:
            part = rewrite_part(content, key=key, page_url=page.url, links=self.links, taken=self.taken)
        except ValueError as error:
            raise ValueError(f"docs/{page.file.src_uri}: {error}") from None
        return f'<section class="print-page" id="{key}">{part}</section>'


def _opens_with_index(section: Any, below: list[AnchorLink]) -> bool:
    """The section's first entry is its index page (navigation.indexes): the section's own entry leads to the same
    place, so the contents lists it once."""
    first: Any = section.children[0] if section.children else None
    if not getattr(first, "is_page", False) or not below:
        return False
    src = first.file.src_uri
    return (src == "index.md" or src.endswith("/index.md")) and below[0].id == page_key(first.url)


def _toc_list(entries: list[AnchorLink]) -> str:
    items = "".join(
        f'<li><a href="#{entry.id}">{entry.title}</a>{_toc_list(entry.children) if entry.children else ""}</li>'
        for entry in entries
    )
    return f"<ul>{items}</ul>"


def _pages(items: list[Any], left_out: Container[str]) -> Iterable[Any]:
    """The pages of the print page in reading order, each once."""
    seen: set[str] = set()
    for page in walk_pages(items):
        if page.file.src_uri not in left_out and page.file.src_uri not in seen:
            seen.add(page.file.src_uri)
            yield page
