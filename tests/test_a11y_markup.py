"""hooks/a11y_markup.py: accessibility fixes to the final HTML, as units and in the built site."""

from __future__ import annotations

from a11y_markup import TABLE, scroll_region, unnest_toc
from helpers import edition_pages, soup


def test_nested_contents_lists_are_no_landmarks():
    html = (
        '<nav class="md-nav md-nav--secondary" aria-label="Table of contents"><ul><li>'
        '<nav class="md-nav" aria-label="A"><ul><li><nav class="md-nav" aria-label="A1"><ul></ul></nav></li></ul></nav>'
        "</li></ul></nav>"
    )
    out = unnest_toc(html)
    assert out.count("<nav") == 1 and out.count("</nav>") == 1 and out.count('<div class="md-nav">') == 2
    assert out.endswith("</div></li></ul></nav>")


def test_tables_get_a_named_scroll_region():
    table = '<table class="case-table"><caption>Case studies, <em>Europe</em></caption><tr><td>x</td></tr></table>'
    out = TABLE.sub(scroll_region, table)
    assert out.startswith('<div class="reader-scroll" role="region" tabindex="0" aria-label="Case studies, Europe">')
    assert out.endswith("</table></div>")


def test_built_pages_have_no_permalink_in_names_and_no_letter_landmarks(site):
    for page in edition_pages(site):
        html = soup(page)
        assert not html.select("a.headerlink:not([aria-hidden=true])"), f"{page}: a '¶' link in the accessible names"
        assert not html.select("article table.course-map:not(.reader-scroll > table)"), f"{page}: an unwrapped table"
    glossary = soup(site / "glossary" / "index.html")
    letters = [n["aria-label"] for n in glossary.select("nav[aria-label]") if len(n["aria-label"]) == 1]
    assert not letters, f"navigation landmarks named {letters}"
