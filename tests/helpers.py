"""Small helpers for the site tests: list built pages, read their main text."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def edition_pages(site: Path) -> list[Path]:
    """Pages of the online edition (the one-page print edition repeats everything by design)."""
    return [p for p in html_pages(site) if not p.relative_to(site).as_posix().startswith(("print_page", "downloads"))]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def normalise(text: str) -> str:
    """Whitespace and quote normalisation, nothing else."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()
