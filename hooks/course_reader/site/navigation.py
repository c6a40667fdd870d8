"""The navigation: chapter numbers, generated pages listed in it, every page in it, and the sidebar of a large
course.

The sidebar of a large course: Material renders the whole nav into every page, so a tab of 1,000 lessons puts
1,000 links on each page and makes the build quadratic. Past a limit, the other sections of a tab are folded: each
shows as one link to its first page (Material's pruned item), and only the open section lists its pages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from course_reader.core.fields import html_text



# The one walk over the nav: every item, or every page, in reading order


def walk_nav(items: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every item under `items` (sections, pages, links), depth first in reading order, with its position in the
    nav: '2.1' is the first item of the second. A section comes before what it holds."""
    for position, item in enumerate(items, 1):
        number = f"{prefix}{position}"
        yield number, item
        if getattr(item, "is_section", False):
            yield from walk_nav(item.children, f"{number}.")


def walk_pages(items: Iterable[Any]) -> Iterator[Any]:
    """The pages under `items` in reading order (a page listed twice comes twice)."""
    return (item for _, item in walk_nav(items) if getattr(item, "is_page", False))


def fold_large_sections(nav: Navigation, limit: int | None) -> list[Section]:
    """Mark (`folded = True`) the subsections of every section holding more than `limit` pages; return them, in nav
    order. overrides/partials/nav-item.html renders a folded section that is not open as a single link."""
    folded: list[Section] = []
    if limit is None:
        return folded
    for _, item in walk_nav(nav.items):
        if isinstance(item, Section) and sum(1 for _ in walk_pages(item.children)) > limit:
            for child in item.children:
                if isinstance(child, Section):
                    child.folded = True  # type: ignore[attr-defined]  # read by nav-item.html
                    folded.append(child)
    return folded


# The numbered chapters, the generated pages in the nav, and the check that every page is in it

NUMBERED_SECTION = "Reader"  # the top-level nav section whose chapters get numbers


def number_chapters(nav: Navigation, section_title: str = NUMBERED_SECTION) -> dict[str, str]:
    """Number the chapters of the top-level section `section_title` in nav order (1, 2, 2.1, …): src_uri -> number.
    The home page has none; a subsection's index page carries the subsection's number; subsection titles get
    their number too."""
    numbers: dict[str, str] = {}
    for item in nav.items:
        if isinstance(item, Section) and item.title == section_title:
            numbers.update(_number(item.children))
    return numbers


def numbered_title(markdown: str, number: str) -> str:
    """The page's Markdown with its chapter number before the text of its first '# ' heading."""
    return re.sub(
        r"^# (.+)$",
        lambda m: f'# <span class="chapter-number">{number}</span> {m.group(1)}',
        markdown,
        count=1,
        flags=re.M,
    )


def add_generated_to_nav(nav: list[Any] | None, section_title: str, entries: list[tuple[str, str]]) -> None:
    """List (title, src_uri) entries in the nav section `section_title` of mkdocs.yml's `nav:` (after what
    mkdocs.yml writes there, e.g. cases/index.md); entries of an earlier build are replaced."""
    generated = {src_uri for _, src_uri in entries}
    for item in nav or []:
        if isinstance(item, dict) and isinstance(item.get(section_title), list):
            written = [e for e in item[section_title] if not (isinstance(e, dict) and set(e.values()) <= generated)]
            item[section_title] = written + [{title: src_uri} for title, src_uri in entries]


def check_all_in_nav(nav: Navigation, files: Files, listed: Iterable[str] = ()) -> None:
    """ValueError listing the pages missing from the nav (a page generated outside it on purpose, such as the
    print edition, is marked not-in-nav). `listed`: the paths mkdocs.yml's nav gives, to tell a page whose name only
    looks like the one listed (the same letters in other bytes, as macOS writes accented letters) from a new page."""
    in_nav = {page.file.src_uri for page in nav.pages}
    lookalike = {unicodedata.normalize("NFC", path): path for path in listed}
    missing = [
        f.src_uri
        for f in files.documentation_pages()
        if f.src_uri not in in_nav and not f.inclusion.is_not_in_nav()  # type: ignore[no-untyped-call]
    ]
    if missing:
        raise ValueError("\n".join(_not_in_nav(src, lookalike.get(unicodedata.normalize("NFC", src))) for src in missing))


def _not_in_nav(src: str, lookalike: str | None) -> str:
    if lookalike is None or lookalike == src:
        return (
            f"docs/{src}: this page is not in the navigation — add it under 'nav:' in mkdocs.yml "
            f"(e.g. '- {src}' inside its chapter), or delete it"
        )
    return (
        f"docs/{src}: this page is not in the navigation, although mkdocs.yml lists '{lookalike}', which looks the "
        f"same: the bytes differ (the file's name writes its accented letters {_spelled(src)}, as macOS often "
        "saves them) — rename the file, or retype that nav line, so that both are written alike"
    )


def _spelled(name: str) -> str:
    """How the file's name writes its accented letters, against the nav's other way."""
    mark = next((c for c in name if unicodedata.combining(c)), None)
    if mark is not None:
        return f"as a letter and a combining mark (U+{ord(mark):04X}), the nav as one character"
    return "as one character, the nav as a letter and a combining mark"


def nav_paths(nav: list[Any]) -> list[str]:
    """The page paths mkdocs.yml's `nav:` gives (a list of paths, or of {title: path or list})."""
    found: list[str] = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list):
                found += nav_paths(value)
    return found


def _number(children: list[Any], prefix: str = "") -> dict[str, str]:
    numbers: dict[str, str] = {}
    count = 0
    for child in children:
        if isinstance(child, Page):
            if not prefix and child.file.src_uri == "index.md":
                continue  # the home page opens the course; it has no number
            if prefix and child.file.src_uri.endswith("index.md") and not numbers:
                numbers[child.file.src_uri] = prefix
                continue
            count += 1
            numbers[child.file.src_uri] = f"{prefix}.{count}" if prefix else str(count)
        elif isinstance(child, Section):
            count += 1
            label = f"{prefix}.{count}" if prefix else str(count)
            child.title = f"{label} {child.title}"
            numbers.update(_number(child.children, label))
    return numbers


def html_titles(nav: Navigation) -> None:
    """Material prints nav titles unescaped (nav, tabs, path, footer): make every section title and every page
    title set in the nav (mkdocs.yml, or generated like the case-study pages) HTML-safe text (hooks/course_reader/core/fields.py).
    Titles from front matter are made safe when the page is read (hooks/course_reader/site/pages.py, on_page_markdown)."""
    for _, item in walk_nav(nav.items):
        if isinstance(item, Section) or ("title" in vars(item) and isinstance(item.title, str)):  # set in the nav
            item.title = html_text(item.title)
