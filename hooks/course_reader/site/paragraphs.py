"""Paragraph anchors: every paragraph of the article (the top-level paragraphs and list items of the home page and
the numbered chapters) gets an id made from its first words, 'p-military-diplomacy-plays-a-crucial-role', so a link
to it survives edits elsewhere on the page; docs/assets/paragraphs.js adds the "link to this paragraph" control and
"report a problem with this paragraph". Those pages and the print edition link assets/article.js (paragraphs.js and
the chapters' progress controls, progress-article.js; hooks/course_reader/site/minify.py bundles them): no other page downloads it. A
Markdown tree processor sets the ids, before MkDocs collects a page's anchors to check the links to them."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from course_reader import build_state
from course_reader.site.minify import ARTICLE_BUNDLE
from course_reader.site.page_assets import link_script
from course_reader.names import PRINT_PAGE  # every chapter's paragraphs, ids prefixed

WORDS = 6  # words of the paragraph's text in its id
PREFIX = "p-"
# Where the article's text ends: the first heading the chapter_end() or course_map() macro writes, or the takeaways
END_IDS = frozenset({"chapter-case-studies", "related-material", "self-check", "course-map"})
END_CLASS = "key-takeaways"
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")  # raw inline HTML (e.g. a glossary link) held back by Markdown
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[a-z0-9]+")


def paragraph_id(text: str, taken: set[str]) -> str | None:
    """The id of a paragraph with this text: 'p-' and its first WORDS words, lower case, accents dropped; '-2', '-3' …
    if a paragraph of the page already has it. None for a paragraph without words."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = _WORD.findall(folded)[:WORDS]
    if not words:
        return None
    base = PREFIX + "-".join(words)
    ident, number = base, 1
    while ident in taken:
        number += 1
        ident = f"{base}-{number}"
    return ident


class _ParagraphIds(Treeprocessor):  # type: ignore[misc]  # Python-Markdown has no type hints
    def __init__(self, md: Markdown, state: ParagraphState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        if not self.state.active:
            return
        taken = {str(el.get("id")) for el in root.iter() if el.get("id")}
        for element in root:
            if element.get("id") in END_IDS or END_CLASS in (element.get("class") or "").split():
                break  # what the chapter_end() and course_map() macros add is the reader's, not the article's
            if element.tag in ("ul", "ol"):  # a list's items are paragraphs of the article too
                items = [item for item in element if item.tag == "li"]
            elif element.tag == "p" and not self._raw_block(element):
                items = [element]
            else:
                continue
            for item in items:
                ident = None if item.get("id") else paragraph_id(self._text(item), taken)
                if ident:
                    item.set("id", ident)
                    taken.add(ident)

    @staticmethod
    def _raw_block(element: etree.Element) -> bool:
        """A paragraph that only holds a block of raw HTML (a case-study card): Markdown swaps it for that HTML."""
        return not len(element) and bool(_STASHED.fullmatch((element.text or "").strip()))

    def _text(self, element: etree.Element) -> str:
        def unstash(match: re.Match[str]) -> str:
            blocks = self.md.htmlStash.rawHtmlBlocks
            index = int(match.group(1))
            return _TAG.sub("", str(blocks[index])) if index < len(blocks) else ""

        return _PLACEHOLDER.sub(" ", _STASHED.sub(unstash, "".join(element.itertext())))


@dataclass
class ParagraphState:
    """This build's paragraph ids (build_state.get().part(ParagraphState))."""

    active: bool = False  # set per page: is it a page of the article?


class ParagraphIdExtension(Extension):  # type: ignore[misc]
    def __init__(self, state: ParagraphState) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:
        # after attr_list (8), whose ids it keeps; before toc and MkDocs' anchor check (5), so links to it are checked
        md.treeprocessors.register(_ParagraphIds(md, self.state), "reader_paragraph_ids", 6)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    extensions = [e for e in config.markdown_extensions if not isinstance(e, ParagraphIdExtension)]
    config.markdown_extensions = [*extensions, ParagraphIdExtension(build_state.get().part(ParagraphState))]
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Paragraph ids for the pages that hold the article: the home page and the numbered chapters."""
    build_state.get().part(ParagraphState).active = holds_article(page.file.src_uri)
    return markdown


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """The article's scripts (paragraph links, the chapters' progress controls) on the pages that hold it."""
    src = page.file.src_uri
    return link_script(output, ARTICLE_BUNDLE, page) if holds_article(src) or src == PRINT_PAGE else output


def holds_article(src_uri: str) -> bool:
    return src_uri == "index.md" or src_uri in build_state.get().numbers
