"""The offline and print rewrites work on HTML text with patterns, within written limits (see FOLDER_LINKS in
hooks/course_reader/editions/offline_pages.py and TAG in hooks/course_reader/editions/print_rewrite.py): only quoted attribute values are rewritten, and script text
that reads like markup would be rewritten too. These tests pin the limits down, and check that no built page
steps outside them, so the rewrites miss nothing and change no script."""

from __future__ import annotations

import re

import pytest

from course_reader.editions.offline_pages import offline_page
from course_reader.editions.print_rewrite import Links, rewrite_part
from support.helpers import html_pages

UNQUOTED = re.compile(r"""<[a-zA-Z][^>]*?\s(?:href|src|id|for|headers|aria-[a-z]+)=(?!["'])""")
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)
MARKUP_IN_SCRIPT = re.compile(r"""(?:href|src|id)=["']|<[a-zA-Z]""")


def test_the_limits_as_written():
    page = "<html><head></head><body>{}</body></html>"
    offline = offline_page(
        page.format("<a href=../x/>unquoted</a><script>var s = 'href=\"../y/\"';</script>"), name="a/index.html"
    )
    assert "<a href=../x/>" in offline, "an unquoted value is left as it is"
    assert "var s = 'href=\"../y/index.html\"';" in offline, "script text is rewritten"
    links = Links.of([("a/", "a")], "print_page/")
    part = rewrite_part("<p id=x>u</p><script>'<p id=\"y\">'</script>", key="a", page_url="a/", links=links)
    assert "<p id=x>" in part and '<p id="a-y">' in part


@pytest.mark.site  # the site comes through getfixturevalue, which the tiers cannot see
@pytest.mark.parametrize("edition", ["site", "offline_copy"])
def test_no_built_page_steps_outside_the_limits(request, edition):
    folder = request.getfixturevalue(edition)
    unquoted, scripted = [], []
    for path in html_pages(folder):
        html = path.read_text(encoding="utf-8")
        if UNQUOTED.search(html):
            unquoted.append(path.relative_to(folder).as_posix())
        if any(MARKUP_IN_SCRIPT.search(script) for script in SCRIPT.findall(html)):
            scripted.append(path.relative_to(folder).as_posix())
    assert unquoted == [], "pages with an unquoted href/src/id attribute: the rewrites would miss it"
    assert scripted == [], "pages whose scripts hold markup-like text: the rewrites would change it"
