"""The list of downloads on the Download page (hooks/course_reader/editions/offline.py fills it in after the build): the offline zip, the
PDF and EPUB editions and the print page, each with its true size, as the online site or the offline copy offers
them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from course_reader.names import Downloads

# The PDF and EPUB editions (editions/books.py writes them before editions/offline.py's on_post_build): title, use
EDITIONS = (
    (
        "PDF edition",
        "pdf",
        "the reader as a book, to read on a computer or tablet or to print: contents with page numbers, each chapter "
        "on a new page, the answers printed, tagged for screen readers.",
    ),
    (
        "EPUB edition",
        "epub",
        "for e-reader and phone reading apps (Apple Books, Google Play Books, Thorium, KOReader): the text reflows to "
        "your screen and font size; contents, glossary and answers work offline.",
    ),
)
MARKER = "<!-- offline:downloads -->"


@dataclass(frozen=True)
class Download:
    title: str
    href: str | None  # None: nothing to download from this copy
    size: int | None  # bytes
    note: str


def kilobytes(size: int) -> str:
    return f"{max(1, round(size / 1024)):,} KB"


def render_downloads(downloads: list[Download]) -> str:
    items = []
    for d in downloads:
        link = Markup('<a href="{}">{}</a>').format(d.href, d.title) if d.href else None
        title = link or Markup("<strong>{}</strong>").format(d.title)
        size = Markup(' <span class="offline-size">({})</span>').format(kilobytes(d.size)) if d.size else ""
        items.append(Markup("<li>{}{}: {}</li>").format(title, size, d.note))
    return str(Markup('<ul class="offline-downloads">{}</ul>').format(Markup("").join(items)))


def print_download(page: Page, print_file: File | None, size: int | None) -> Download:
    return Download(
        "Print edition",
        get_relative_url(print_file.url, page.url) if print_file and size else None,
        size,
        "every chapter, the case studies and the glossary on one page: print it or save it as PDF "
        "from your browser's print dialog." + ("" if print_file and size else " Not made by this build."),
    )


def edition_downloads(
    site: Path, names: Downloads, *, page_url: str | None = None, online: str | None = None
) -> list[Download]:
    """The PDF and EPUB editions as this build made them: linked relative to the Download page (`page_url`), or on
    the online reader (`online`: the offline copy does not hold them)."""
    downloads = []
    for title, kind, note in EDITIONS:
        url = getattr(names, kind)
        path = site / url
        if not path.is_file():
            downloads.append(Download(title, None, None, note + " Made by mkdocs build, not by mkdocs serve."))
        elif page_url is not None:
            downloads.append(Download(title, get_relative_url(url, page_url), path.stat().st_size, note))
        elif online:
            downloads.append(Download(title, online + url, path.stat().st_size, note + " Downloaded from the site."))
        else:
            downloads.append(Download(title, None, path.stat().st_size, note + " On the course website."))
    return downloads
