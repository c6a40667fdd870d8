"""The sidebar of a large course: Material renders the whole nav into every page, so a tab of 1,000 lessons puts
1,000 links on each page and makes the build quadratic. Past a limit, the other sections of a tab are folded: each
shows as one link to its first page (Material's pruned item), and only the open section lists its pages."""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section

SETTING = "sidebar_fold_above"  # under extra: in mkdocs.yml


def fold_limit(extra: dict) -> int | None:
    """The page count above which a section's subsections fold; None: never. Raises ValueError with the fix."""
    value = extra.get(SETTING)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"mkdocs.yml: extra.{SETTING} is {value!r} — give a whole number of pages (e.g. 100), "
            "or remove it to never fold the sidebar"
        )
    return value


def fold_large_sections(nav: Navigation, limit: int | None) -> list[Section]:
    """Mark (`folded = True`) the subsections of every section holding more than `limit` pages; return them.
    overrides/partials/nav-item.html renders a folded section that is not open as a single link."""
    folded: list[Section] = []
    if limit is None:
        return folded

    def visit(items: list) -> int:
        pages = 0
        for item in items:
            if isinstance(item, Section):
                count = visit(item.children)
                if count > limit:
                    for child in item.children:
                        if isinstance(child, Section):
                            child.folded = True
                            folded.append(child)
                pages += count
            elif getattr(item, "is_page", False):
                pages += 1
        return pages

    visit(nav.items)
    return folded
