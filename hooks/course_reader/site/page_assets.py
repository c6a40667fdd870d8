"""Scripts and styles that only some pages load (the Flashcards and progress pages' own, the print edition's, the
paragraph links of the pages that hold the article), linked into a page's HTML by the hook that knows the page needs
them. What every page loads is mkdocs.yml's extra_css and extra_javascript, bundled by hooks/course_reader/site/minify.py."""

from __future__ import annotations

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url


def link_stylesheet(output: str, path: str, page: Page) -> str:
    """`output` with a stylesheet link to the site file `path` at the end of its head (after the bundle)."""
    link = f'<link rel="stylesheet" href="{get_relative_url(path, page.url)}">'
    return output.replace("</head>", f"{link}</head>", 1)


def link_script(output: str, path: str, page: Page) -> str:
    """`output` with a script for the site file `path` at the end of its body (after Material's and the bundle)."""
    before, end, after = output.rpartition("</body>")
    return f'{before}<script src="{get_relative_url(path, page.url)}"></script>{end}{after}' if end else output
