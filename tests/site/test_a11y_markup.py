"""The build-time halves of the accessibility work: popup texts (hooks/course_reader/site/previews.py), final-HTML fixes
(hooks/course_reader/site/a11y_markup.py), as units and in the built site."""

from __future__ import annotations

from course_reader.site.a11y_markup import TABLE, scroll_region, unnest_toc
from course_reader.site.previews import PREVIEW_CHARS, resolve, targets
from support.helpers import edition_pages, soup


def test_resolve_relative_links_to_site_urls():
    assert resolve("regions/us-china/", "../../tools/exercises/") == "tools/exercises/#"
    assert resolve("regions/us-china/", "../middle-east/#gulf") == "regions/middle-east/#gulf"
    assert resolve("history/", "../") == "#"
    assert resolve("", "glossary/#nato") == "glossary/#nato"
    for other in ("#here", "https://example.org/", "/reader/", "mailto:x@y.z"):
        assert resolve("history/", other) is None


def test_targets_take_each_heading_and_its_first_plain_paragraph():
    html = (
        '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1><p class="reading-time">1 min</p>'
        '<div class="admonition"><p>Objectives, not the text</p></div><p>First <em>real</em> paragraph.</p>'
        '<h2 id="s">Section</h2><p>' + "word " * 80 + '</p><h2 id="e">Empty</h2>'
    )
    found = targets(html, "page/")
    assert found["page/#"].title == "Title" and found["page/#"].text == "First real paragraph."
    assert found["page/#s"].title == "Section" and found["page/#s"].text.endswith(" …")
    assert len(found["page/#s"].text) <= PREVIEW_CHARS + 2
    assert "page/#e" not in found  # nothing to preview


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
    timeline = TABLE.sub(scroll_region, '<table class="timeline"><tr><td>1949</td></tr></table>')
    assert timeline.startswith('<div class="reader-scroll" role="region" tabindex="0" aria-label="Timeline">')


def test_built_pages_carry_each_popup_text_once_and_no_dangling_reference(site):
    for page in edition_pages(site):
        html = soup(page)
        ids = [el["id"] for el in html.select("[id]")]
        assert len(ids) == len(set(ids)), f"{page}: duplicate ids"
        for link in html.select("[aria-describedby]"):
            for ref in link["aria-describedby"].split():
                assert html.find(id=ref), f"{page}: aria-describedby={ref} points nowhere"
        previews = [el["data-href"] for el in html.select(".reader-popups [data-href]")]
        assert len(previews) == len(set(previews)), f"{page}: a preview is carried twice"
        assert not html.select("a.headerlink:not([aria-hidden=true])"), f"{page}: a '¶' link in the accessible names"
        assert all(t.caption for t in html.select("article table")), f"{page}: a table without a caption"
    home = soup(site / "index.html")
    carried = {el["data-href"] for el in home.select(".reader-popups [data-href]")}
    assert len(carried) >= 2  # chapters linked from the home page's text
    in_text = {a["href"] for a in home.select("article p a[href]")}
    assert carried <= in_text, carried - in_text  # not the course map's rows: they summarise their chapter already
    assert home.select_one(".reader-popups").find_parent("article") is None  # not part of the article's text
    glossary = soup(site / "glossary" / "index.html")
    letters = [n["aria-label"] for n in glossary.select("nav[aria-label]") if len(n["aria-label"]) == 1]
    assert not letters, f"navigation landmarks named {letters}"
    how = " ".join(p.get_text() for p in glossary.select("article p.web-only"))  # on screen only, not on paper
    assert "keyboard focus" in how and "tap" in how, how
