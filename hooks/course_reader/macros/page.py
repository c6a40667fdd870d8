"""The page the macros are rendering (`Here`: its source, links from it) and the page titles they print, shared by
the reader's macros (macros/reader.py) and the editorial ones (macros/editorial.py)."""

from __future__ import annotations

import posixpath
from typing import Any

from markupsafe import Markup

from course_reader import build_state
from course_reader.content.case_studies import CaseStudy, render_card, source_paragraph
from course_reader.content.glossary import render_link
from course_reader.content.self_check import paragraph_openings
from course_reader.names import GLOSSARY_PAGE
from course_reader.site.paragraphs import paragraph_id


class Here:
    """The page the macros are rendering, and links from it."""

    def __init__(self, env: Any) -> None:
        self._env = env
        # (page, target) -> URL, for one build (a page links the glossary many times)
        self._hrefs: dict[tuple[str, str], str] = {}
        self._hrefs_build: Any = None

    @property
    def page(self) -> Any:
        return self._env.page

    @property
    def src(self) -> str:
        return str(self._env.page.file.src_uri)

    def md_link(self, target: str) -> str:
        """A Markdown link target from the current page to docs/<target> (MkDocs checks and rewrites it)."""
        return posixpath.relpath(target, posixpath.dirname(self.src) or ".")

    def href(self, target: str) -> str:
        """A built URL from the current page to docs/<target>, for raw HTML."""
        build = build_state.get()
        if build is not self._hrefs_build:
            self._hrefs, self._hrefs_build = {}, build
        key = (self.src, target)
        if key not in self._hrefs:
            file = build.site_files().get_file_from_path(target)
            if file is None:
                raise ValueError(f"docs/{self.src}: links to docs/{target}, which is not a page of the site")
            self._hrefs[key] = str(file.url_relative_to(self.page.file))
        return self._hrefs[key]

    def term_link(self, term_id: str, text: str | None = None) -> Markup:
        glossary = build_state.get().glossary
        return render_link(glossary.get(term_id, f"docs/{self.src}: "), text, self.href(GLOSSARY_PAGE))

    def quote_source(self, case: CaseStudy) -> tuple[str, str]:
        """(href, numbered title) of the chapter a case study's summary comes from."""
        return self.href(case.source_page), numbered_title(case.source_page)

    def card(self, case: CaseStudy) -> Markup:
        return render_card(
            case, self.href(case.src_uri), self.term_link, source=self.quote_source(case), above=self.source_above(case)
        )

    def source_above(self, case: CaseStudy) -> tuple[str, str] | None:
        """(href, opening) of the paragraph of this page that the case study's summary comes from, when this page is
        the chapter it comes from (a card further down points to it rather than repeat it), else None."""
        if case.source_page != self.src:
            return None
        names = {t: term.term for t, term in build_state.get().glossary.terms.items()}
        opening = source_paragraph(case, paragraph_openings(self.page.markdown or "", names))
        anchor = paragraph_id(opening, set()) if opening else None
        return (f"#{anchor}", opening) if anchor and opening else None


def title(src_uri: str) -> str:
    """A page's front-matter title (hooks/course_reader/content/sources.py read it before any page rendered)."""
    return build_state.get().titles.get(src_uri, src_uri)


def numbered_title(src_uri: str) -> str:
    """A page's title with its chapter number, if it has one: '2.1 Alliances'."""
    number = build_state.get().numbers.get(src_uri)
    return f"{number} {title(src_uri)}" if number else title(src_uri)


def has_page(src_uri: str) -> bool:
    return build_state.get().site_files().get_file_from_path(src_uri) is not None
