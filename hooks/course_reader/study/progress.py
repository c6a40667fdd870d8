"""Reading progress, the build's side: the parts of the "Your progress" page and the progress line over the home
page's course map. The progress itself lives in the reader's browser only (docs/assets/progress.js fills these in)."""

from __future__ import annotations

import re

from markupsafe import Markup

from course_reader.core.fields import md_text
from course_reader.names import PROGRESS_PAGE

PAGE = PROGRESS_PAGE
PARTS = ("chapters", "review", "data")
SECTION = re.compile(r"\d+\.\d")  # a numbered title of a section: '2.1 Evolution of Military Alliances'


def render_summary(progress_href: str) -> Markup:
    """Over the course map: how many chapters and sections are read (filled in by progress.js: a selector for each) and
    a link to the progress page."""
    return Markup(
        '<p class="reader-progress-summary web-only"><span data-progress-count="table.course-map .course-map__top a[href]|'
        'table.course-map .course-map__sub a[href]"></span> '
        '<a href="{}">Your progress, questions to review and flashcards</a></p>'
    ).format(progress_href)


def render_part(part: str, chapters: list[tuple[str, str]]) -> Markup:
    """One part of the progress page: 'chapters' (every chapter, `chapters` as (href, numbered title) pairs),
    'review' (the self-check questions marked "review later") or 'data' (export, import, forget)."""
    if part == "chapters":  # a section (2.1, numbered under its chapter) is counted apart from the chapters
        items = Markup("").join(
            Markup('<li{}><a href="{}">{}</a></li>').format(
                Markup(' class="reader-progress-section"') if SECTION.match(title) else "", href, md_text(title)
            )
            for href, title in chapters
        )
        return Markup(
            '<p class="reader-progress-count" data-progress-count="[data-progress-chapters] >'
            ' li:not(.reader-progress-section) > a|[data-progress-chapters] > .reader-progress-section > a"></p>'
            '<ul class="reader-progress-chapters" data-progress-chapters>{}</ul>'
        ).format(items)
    if part == "review":
        return Markup(
            "<p data-review-empty>No question is marked “review later” yet: in a chapter’s self-check, open an "
            "answer and choose <strong>Review later</strong> to list the question here.</p>"
            '<ul class="reader-review" data-review-list></ul>'
        )
    if part == "data":
        return Markup(
            "<p data-progress-nojs>Exporting, importing and forgetting your progress need JavaScript.</p>"
            '<div class="reader-progress-tools" data-progress-tools hidden>'
            '<button type="button" class="md-button" data-progress-export>Export my progress</button> '
            '<button type="button" class="md-button" data-progress-choose>Import progress…</button> '
            '<input type="file" accept=".json,application/json" data-progress-import hidden> '
            '<button type="button" class="md-button" data-progress-forget>Forget my progress</button>'
            '<p class="reader-progress-status" role="status" data-progress-status></p></div>'
        )
    raise ValueError(f"progress(): unknown part {part!r} — use one of {', '.join(PARTS)}")
