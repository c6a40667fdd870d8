"""The `course` MkDocs plugin (entry point `course` in pyproject.toml): the one place that says which features run on
each MkDocs event, and in which order.

A feature is a module with MkDocs event functions (`on_files`, `on_page_content`, …, keyword-only as MkDocs calls
them, optionally with `@event_priority`). FEATURES lists them in the order they run on every event: each uses what
the ones before it made (see ARCHITECTURE.md, "The build's order of events"). For each event the plugin registers
one handler per priority its features use, calling them in that order; MkDocs interleaves those handlers with the
other plugins' (search, macros) by priority, as it did when the features were hooks.

The plugin also owns the build's life cycle: it registers the macros with mkdocs-macros, and
`build_state` holds the process (command, publication) and the current build's state."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from course_reader import macros
from course_reader.config import CourseConfig
from course_reader.content import editorial
from course_reader.editions import books, offline, print_edition, webapp
from course_reader.instructors import kit
from course_reader.site import (
    a11y_markup,
    csp,
    minify,
    pages,
    paragraphs,
    previews,
    raw_html,
    search_accents,
    search_toc,
)
from course_reader.study import cite, study

FEATURES: tuple[ModuleType, ...] = (
    pages,  # first: loads the data into a new build state, checks the pages, numbers the chapters, publishes
    raw_html,  # the raw HTML in each page's content, against the allowlist (before the features add their markup)
    macros,  # registers the macros with mkdocs-macros
    editorial,  # editor's notes, the source article, instructors' material (after pages made the state)
    cite,  # "Cite this page", citation meta tags and files (after pages: git dates)
    paragraphs,  # ids for the article's paragraphs (after pages: chapter numbers)
    study,  # the Flashcards page's script and the Anki deck
    minify,  # the project's CSS and JS written minified
    previews,  # glossary and link popups on the final HTML
    a11y_markup,  # permalinks, contents landmarks, table scroll regions
    print_edition,  # the one-page print edition, from every page's final HTML
    books,  # the PDF and EPUB, from the written print page
    kit,  # the lecturer kit: unit plan and assignments (after editorial), the LMS files and handouts (after books, whose
    # PDF the handouts' worker runs beside; before offline and webapp, which list the instructors' download page)
    search_toc,  # Material's search finds a section's table-of-contents entry by an index (linear, not quadratic)
    search_accents,  # accent-folded words in the search index
    csp,  # each page's Content-Security-Policy, from its final HTML (before the zip takes it)
    offline,  # the offline zip (of what every feature above wrote) and the download sizes
    webapp,  # the web app's manifest and service worker, listing the finished site (last)
)

# Events whose first argument is the item the handlers change and return (MkDocs' "item" events)
ITEM_EVENTS = (
    "on_config",
    "on_files",
    "on_nav",
    "on_env",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
    "on_template_context",
    "on_post_template",
    "on_pre_template",
)
EVENTS = (*ITEM_EVENTS, "on_startup", "on_shutdown", "on_serve", "on_pre_build", "on_post_build", "on_build_error")


def handlers(event: str) -> list[Callable[..., Any]]:
    """The features' functions for `event`, in FEATURES order."""
    return [getattr(feature, event) for feature in FEATURES if callable(getattr(feature, event, None))]


def _chain(event: str, priority: int, chain: list[Callable[..., Any]]) -> Callable[..., Any]:
    """One handler calling `chain` in order: an item event passes each function's result on to the next."""
    run: Callable[..., Any]
    if event in ITEM_EVENTS:

        def run_items(self: CoursePlugin, item: Any, **kwargs: Any) -> Any:
            for function in chain:
                result = function(item, **kwargs)
                item = item if result is None else result
            return item

        run = run_items
    else:

        def run_all(self: CoursePlugin, **kwargs: Any) -> None:
            for function in chain:
                function(**kwargs)

        run = run_all
    run.__name__ = run.__qualname__ = f"_{event}_{priority}"
    return event_priority(priority)(run)


def _event(event: str) -> CombinedEvent[..., Any] | None:
    """The plugin's handler(s) for `event`: one per priority its features use, highest first."""
    by_priority: dict[int, list[Callable[..., Any]]] = {}
    for function in handlers(event):
        by_priority.setdefault(getattr(function, "mkdocs_priority", 0), []).append(function)
    if not by_priority:
        return None
    return CombinedEvent(*(_chain(event, p, by_priority[p]) for p in sorted(by_priority, reverse=True)))


class CoursePlugin(BasePlugin[CourseConfig]):  # type: ignore[no-untyped-call]  # MkDocs' class hook
    """`plugins: - course:` in mkdocs.yml. Its event handlers are made from FEATURES below the class."""

    supports_multiple_instances = False


for _name in EVENTS:
    _combined = _event(_name)
    if _combined is not None:
        setattr(CoursePlugin, _name, _combined)
