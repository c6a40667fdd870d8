"""Build hook used only by scripts/bench_support.py: write each page's Markdown as the macros rendered it
(front matter included) and the final nav into $READER_DUMP_DIR, for the plain-Material comparison build."""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

OUT = Path(os.environ.get("READER_DUMP_DIR", "markdown-dump"))


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    target = OUT / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    # str(): the title is HTML-escaped Markup (course_reader/site/pages.py), which stock Material prints as it is
    meta = {key: str(value) if isinstance(value, str) else value for key, value in page.meta.items()}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) if meta else ""
    target.write_text(f"---\n{front}---\n\n{markdown}" if front else markdown, encoding="utf-8")


def on_post_build(*, config: MkDocsConfig) -> None:
    """The nav as the course plugin completed it (generated case-study pages included)."""
    (OUT / "_nav.json").write_text(json.dumps(config.nav, ensure_ascii=False), encoding="utf-8")
