"""Small helpers for the site tests: the nav's pages, the built page of a source page, built pages, their text."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent.parent


def nav_sources() -> list[str]:
    """The source pages mkdocs.yml's nav lists, in order (the generated case-study pages are not in it)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    def walk(items: list) -> list[str]:
        found: list[str] = []
        for item in items:
            if isinstance(item, str):
                found.append(item)
            else:
                for value in item.values():
                    found += [value] if isinstance(value, str) else walk(value)
        return found

    return walk(config["nav"])


def built_path(site: Path, src: str) -> Path:
    """The file the source page `src` (docs-relative) is built to, with directory URLs."""
    stem = src.removesuffix(".md")
    return site / (stem.removesuffix("index") + "index.html" if stem.endswith("index") else stem + "/index.html")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def edition_pages(site: Path) -> list[Path]:
    """Pages of the online edition (the one-page print edition repeats everything by design)."""
    return [p for p in html_pages(site) if not p.relative_to(site).as_posix().startswith(("print_page", "downloads"))]


def soup(path: Path) -> BeautifulSoup:
    """The built page, parsed once per session (while the file is unchanged): the same object for every test, so
    read it and do not change it; a test that removes or edits nodes takes `fresh_soup`."""
    status = path.stat()
    return _parsed(path, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=1024)
def _parsed(path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return fresh_soup(path)


def fresh_soup(path: Path) -> BeautifulSoup:
    """The built page, parsed anew: a tree of the test's own."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def normalise(text: str) -> str:
    """Whitespace and quote normalisation, nothing else."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()
