"""Paragraph anchors (hooks/course_reader/site/paragraphs.py): every paragraph of the article has an id made from its own first words,
so it does not move when other text changes; the print edition keeps each id, prefixed with its part's id."""

from __future__ import annotations

import markdown
import pytest

from course_reader.site.paragraphs import ParagraphIdExtension, ParagraphState, paragraph_id
from support.helpers import built_path, nav_sources, normalise, soup
from support.project import ROOT

ARTICLE_PAGES = [
    src
    for src in nav_sources()
    if src not in ("glossary.md", "download.md", "progress.md", "flashcards.md")
    and not src.startswith(("cases/", "instructors/"))
]
ARTICLE = [
    normalise(line) for line in (ROOT / "tests" / "fixtures" / "article.txt").read_text().splitlines() if line.strip()
]


def render(text: str) -> str:
    state = ParagraphState()
    state.active = True
    return markdown.markdown(
        text, extensions=["toc", "attr_list", "admonition", "md_in_html", ParagraphIdExtension(state)]
    )


def test_paragraph_id_is_made_from_its_first_words():
    assert (
        paragraph_id("Military diplomacy plays a crucial role in shaping…", set())
        == "p-military-diplomacy-plays-a-crucial-role"
    )
    assert paragraph_id("U.S.–NATO: Attachés’ work", set()) == "p-u-s-nato-attaches-work"
    assert paragraph_id("Short one.", {"p-short-one"}) == "p-short-one-2"
    assert paragraph_id("Short one.", {"p-short-one", "p-short-one-2"}) == "p-short-one-3"
    assert paragraph_id("— … —", set()) is None


def test_ids_do_not_depend_on_other_paragraphs_or_markup():
    before = render("# T\n\nFirst paragraph here, as it was.\n\nSecond paragraph stays put.\n")
    after = render(
        "# T\n\nA new paragraph was added above.\n\nFirst paragraph *here*, as it <b>was</b>, edited at its end.\n\n"
        'Second paragraph <a href="x">stays</a> put.\n'
    )
    for html in (before, after):
        assert 'id="p-first-paragraph-here-as-it-was"' in html
        assert 'id="p-second-paragraph-stays-put"' in html
    assert 'id="p-a-new-paragraph-was-added-above"' in after


def test_only_the_articles_paragraphs_get_ids():
    html = render(
        "# T\n\nArticle text.\n\n- An item.\n\n<div class='card'><p>A card</p></div>\n\n!!! note\n\n    A note.\n\n"
        "## Related material { #related-material }\n\nNext: somewhere.\n"
    )
    assert 'id="p-article-text"' in html
    assert '<li id="p-an-item">' in html
    assert html.count('id="p-') == 2
    assert "<div class='card'><p>A card</p></div>" in html  # a raw HTML block is not wrapped in a <p id>


def test_a_page_outside_the_article_gets_none():
    state = ParagraphState()
    assert 'id="p-' not in markdown.markdown("Text.", extensions=[ParagraphIdExtension(state)])


def paragraph_ids(site, src: str) -> dict[str, str]:
    article = soup(built_path(site, src)).select_one("article")
    return {p["id"]: normalise(p.get_text()) for p in article.select(":is(p, li)[id^='p-']")}


def test_every_paragraph_of_the_article_has_an_id(site):
    texts = [text for src in ARTICLE_PAGES for text in paragraph_ids(site, src).values()]
    for src in ARTICLE_PAGES:
        ids = paragraph_ids(site, src)
        assert ids, src
        assert all(len(i) <= 80 for i in ids), src
    # every line of the article that is a paragraph or a list item (not a heading) is one paragraph with an id
    paragraphs = [line.removeprefix("- ") for line in ARTICLE if line.endswith(".") and len(line) > 60]
    assert len(paragraphs) > 40
    missing = [line[:60] for line in paragraphs if not any(line in text for text in texts)]
    assert not missing, missing


def test_ids_are_unique_on_each_page(site):
    for src in ARTICLE_PAGES:
        ids = [tag["id"] for tag in soup(built_path(site, src)).select("[id]")]
        assert len(ids) == len(set(ids)), src


def test_the_print_edition_keeps_the_ids(site):
    printed = soup(site / "print_page" / "index.html")
    ids = {tag["id"] for tag in printed.select(":is(p, li)[id]")}
    for src, key in (("history/alliances.md", "history-alliances"), ("index.md", "index"), ("tools/index.md", "tools")):
        for ident in paragraph_ids(site, src):
            assert f"{key}-{ident}" in ids, (src, ident)


@pytest.mark.parametrize("src", ["index.md", "history/alliances.md"])
def test_a_paragraph_link_control_is_loaded(site, src):
    page = soup(built_path(site, src))
    assert any(s["src"].endswith("assets/course.js") for s in page.select("script[src]"))  # paragraphs.js, bundled
