"""The glossary (hooks/course_reader/content/glossary.py, glossary_backlinks.py): the A–Z page, its "See also" links, and the backlinks
collected from pages (section titles from the page's table of contents, as text)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from mkdocs.structure.toc import get_toc

from course_reader.content.glossary import OTHER, Glossary, Term, index_letter, load_glossary, render_link, render_page
from course_reader.content.glossary_backlinks import Use, collect_uses, fill_backlinks, in_reading_order
from course_reader.core.datafile import ContentError
from support.data_fixtures import EVIL_TERMS, GOOD_TERMS, load_error, write
from support.project import ROOT

TERMS = {
    "nato": Term("nato", "NATO", "A military alliance.", see_also=("deterrence", "collective-security")),
    "deterrence": Term("deterrence", "Deterrence", "Discouraging an attack."),
    "collective-security": Term("collective-security", "Collective security", "An attack on one is on all."),
}
GLOSSARY = Glossary("data/glossary.yml", TERMS)


def _page_html(text: str) -> tuple[str, list]:
    """A page's HTML and table of contents, as MkDocs makes them with this site's toc settings."""
    md = markdown.Markdown(extensions=["toc", "attr_list"], extension_configs={"toc": {"permalink": True}})
    html = md.convert(text)
    return html, get_toc(md.toc_tokens)


def _link(term_id: str) -> str:
    return str(render_link(TERMS[term_id], None, "../glossary/"))


def test_see_also_links_every_related_term():
    html = markdown.Markdown(extensions=["attr_list"]).convert(render_page(GLOSSARY))
    entry = BeautifulSoup(html, "html.parser").select_one("p.glossary-see-also")
    assert [(a.get_text(), a["href"]) for a in entry.select("a")] == [
        ("Deterrence", "#deterrence"),
        ("Collective security", "#collective-security"),
    ]


def test_a_section_title_with_markup_characters_shows_as_its_text():
    html, toc = _page_html(f'# Page\n\n## Trust & "Interoperability"\n\nText {_link("nato")}.\n')
    uses = collect_uses(html, toc, "Page", "x.md")
    assert uses == [("nato", Use("Page", "x.md", 'Trust & "Interoperability"', "trust-interoperability"))]
    glossary_html = fill_backlinks("<!-- glossary-backlinks:nato -->", GLOSSARY, {"nato": [u for _, u in uses]}, str)
    link = BeautifulSoup(glossary_html, "html.parser").select_one(".glossary-backlinks a")
    assert link.get_text() == 'Page › Trust & "Interoperability"'  # not double-escaped, no permalink sign
    assert link["href"] == "x.md#trust-interoperability"


def test_uses_are_per_term_and_section_in_page_order():
    text = (
        f"# Page\n\n{_link('nato')} {_link('nato')}\n\n## First\n\n{_link('deterrence')} {_link('nato')}\n\n"
        f"### Inner *one*\n\n{_link('nato')}\n\n## Second\n\nNo terms.\n"
    )
    html, toc = _page_html(text)
    found = [(term_id, use.section_title, use.section_id) for term_id, use in collect_uses(html, toc, "P", "p.md")]
    assert found == [
        ("nato", "", ""),
        ("deterrence", "First", "first"),
        ("nato", "First", "first"),
        ("nato", "Inner one", "inner-one"),
    ]


def test_a_heading_written_as_html_gives_its_text():
    html = f'<h3 class="case-card__title" id="card-x">U.S. &amp; <em>NATO</em></h3>{_link("nato")}'
    assert collect_uses(html, [], "P", "p.md") == [("nato", Use("P", "p.md", "U.S. & NATO", "card-x"))]


def test_a_term_no_page_uses_says_so():
    html = fill_backlinks("<!-- glossary-backlinks:deterrence -->", GLOSSARY, {}, str)
    assert BeautifulSoup(html, "html.parser").get_text() == "Not used in the reader yet."


# The A–Z: by the base character of the first letter (issue 11 §3)


@pytest.mark.parametrize(
    ("term", "letter"),
    [
        ("Alliance", "A"),
        ("Étude", "E"),  # a precomposed accent files under its base letter
        ("E\u0301tude", "E"),  # a combining accent never becomes a heading
        ("\u0301Accent", "A"),  # nor does one that comes first
        ("\u202eZeta", "Z"),  # a direction control is skipped
        ("\u200fOmega", "O"),
        ("ßtraße", "S"),  # ß files under S
        ("ǅemal", "D"),
        ("Ωmega", "Ω"),
        ("9/11 Commission", OTHER),
        ("“Quoted”", OTHER),
    ],
)
def test_a_term_files_under_the_base_character_of_its_first_letter(term, letter):
    assert index_letter(term) == letter


def test_letter_headings_and_ids_are_plain_and_unique():
    terms = {
        t.id: t
        for t in [
            Term("a", "Étude", "x."),
            Term("b", "\u202eZeta", "x."),
            Term("c", "ßtraße", "x."),
            Term("d", "9/11 Commission", "x."),
            Term("e", "Ωmega", "x."),
        ]
    }
    html = markdown.Markdown(extensions=["attr_list", "toc"]).convert(render_page(Glossary("g.yml", terms)))
    soup = BeautifulSoup(html, "html.parser")
    headings = [(h.get_text().strip(), h["id"]) for h in soup.find_all("h2")]
    assert headings == [
        ("E", "letter-e"),
        ("S", "letter-s"),
        ("Z", "letter-z"),
        ("Ω", "letter-u03a9"),
        ("#", "letter-other"),
    ]
    assert "\u202e" not in soup.select_one("h3#b").get_text()


@pytest.mark.parametrize(
    ("term_id", "clash"),
    [("letter-c", "the A–Z heading 'letter-c'"), ("cite-this-page", "the 'Cite this page' heading")],
)
def test_an_id_the_glossary_page_already_uses_is_refused(tmp_path, term_id, clash):
    path = tmp_path / "glossary.yml"
    path.write_text(f"terms:\n  - id: {term_id}\n    term: Test\n    short: A test.\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_glossary(path, tmp_path)
    assert str(info.value).startswith(f"glossary.yml:2: entry '{term_id}': the id '{term_id}' is already used")
    assert clash in str(info.value)


# Loading data/glossary.yml: the project's own data, and one message per error class


def glossary_error(tmp_path: Path, text: str) -> str:
    return load_error(lambda path: load_glossary(path, tmp_path), write(tmp_path, "glossary.yml", text))


def test_the_project_glossary_is_valid_and_large_enough():
    glossary = load_glossary(ROOT / "data" / "glossary.yml", ROOT)
    assert len(glossary.terms) >= 30
    for term in glossary.terms.values():
        assert term.short.endswith(".") and "\n" not in term.short, term.id


def test_good_glossary_loads(tmp_path):
    glossary = load_glossary(write(tmp_path, "glossary.yml", GOOD_TERMS), tmp_path)
    assert glossary.terms["nato"].see_also == ("deterrence",)
    assert glossary.source == "data/glossary.yml"


# (text in GOOD_TERMS, replaced by, the whole message)
EXACT_ERRORS = {
    "unknown-field-with-suggestion": (
        "    abbr: NATO",
        "    abbrev: NATO",
        "data/glossary.yml:4: entry 'nato': unknown field 'abbrev' (did you mean 'abbr'?) — allowed fields: "
        "id, term, abbr, aliases, short, definition, see_also",
    ),
    "missing-required-field": (
        "    short: Discouraging an attack by making its costs outweigh its gains.\n",
        "",
        "data/glossary.yml:9: entry 'deterrence': field 'short' is missing — add a one-sentence definition (it "
        "becomes the tooltip)",
    ),
    "see-also-pointing-to-nothing": (
        "see_also: [deterrence]",
        "see_also: [deterence]",
        "data/glossary.yml:8: entry 'nato': field 'see_also' points to unknown id 'deterence' (did you mean "
        "'deterrence'?) — use an id defined in data/glossary.yml",
    ),
    "tab-indentation-names-line": (
        "    short: Discouraging",
        "\tshort: Discouraging",
        "data/glossary.yml:11: a tab is used for indentation — YAML needs spaces; replace it with two spaces",
    ),
}

# (text in GOOD_TERMS, replaced by, a part of the message)
PARTIAL_ERRORS = {
    "wrong-type": (
        "see_also: [deterrence]",
        "see_also: deterrence",
        "data/glossary.yml:8: entry 'nato': field 'see_also' must be a list of other glossary ids",
    ),
    "duplicate-id": (
        "id: deterrence",
        "id: nato",
        "data/glossary.yml:9: entry 'nato': duplicate id 'nato' (first defined on line 2) — rename one of them",
    ),
    "duplicate-alias": (
        "gains.\n",
        "gains.\n    aliases: [north atlantic treaty organization]\n",
        "entry 'deterrence': duplicate alias 'north atlantic treaty organization' (already used by entry 'nato')",
    ),
    "bad-id-format": (
        "id: deterrence",
        "id: Deterrence Theory",
        "field 'id' must be lowercase letters, digits and hyphens, e.g. 'deterrence-theory'",
    ),
}


@pytest.mark.parametrize(("old", "new", "message"), EXACT_ERRORS.values(), ids=EXACT_ERRORS.keys())
def test_a_glossary_error_gets_its_message(tmp_path, old, new, message):
    assert glossary_error(tmp_path, GOOD_TERMS.replace(old, new)) == message


@pytest.mark.parametrize(("old", "new", "message"), PARTIAL_ERRORS.values(), ids=PARTIAL_ERRORS.keys())
def test_a_glossary_error_is_named(tmp_path, old, new, message):
    assert message in glossary_error(tmp_path, GOOD_TERMS.replace(old, new))


def test_bad_indentation_names_line(tmp_path):
    message = glossary_error(tmp_path, GOOD_TERMS.replace("    term: Deterrence", "      term: Deterrence"))
    assert message.startswith("data/glossary.yml:10: invalid YAML (")
    assert "check the indentation" in message


def test_every_problem_reported_at_once(tmp_path):
    text = GOOD_TERMS.replace("abbr: NATO", "abbrev: NATO").replace("see_also: [deterrence]", "see_also: [nope]")
    text = text.replace("    short: Discouraging an attack by making its costs outweigh its gains.\n", "")
    assert len(glossary_error(tmp_path, text).splitlines()) == 2  # nato's unknown field + deterrence's missing short


def test_missing_top_level_key(tmp_path):
    assert (
        glossary_error(tmp_path, "- id: nato\n")
        == "data/glossary.yml:1: expected a mapping with a 'terms:' list at the top"
    )


# Rendering and escaping


def test_term_link_has_tooltip_and_anchor():
    glossary_term = load_glossary(ROOT / "data" / "glossary.yml", ROOT).terms["nato"]
    link = BeautifulSoup(str(render_link(glossary_term, "the Alliance", "../glossary/")), "html.parser").a
    assert link["href"] == "../glossary/#nato" and link["title"] == glossary_term.short
    assert link.get_text() == "the Alliance" and link["data-term"] == "nato"


def test_glossary_data_is_escaped_in_links_and_on_the_page(tmp_path):
    glossary = load_glossary(write(tmp_path, "glossary.yml", EVIL_TERMS), tmp_path)
    link = BeautifulSoup(str(render_link(glossary.terms["nato"], None, "g/")), "html.parser")
    assert not link.find("script") and link.a.attrs.keys() == {"class", "data-term", "href", "title"}
    assert link.a["title"].startswith('Bad " onmouseover=')
    page = render_page(glossary)
    assert "<script>" not in page and "&#60;script&#62;alert(3)" in page and "<b>" not in page


def test_backlinks_follow_the_reading_order_and_keep_a_pages_own_order():
    uses = {
        "nato": [
            Use("7 Tools", "tools/index.md", "Exercises", "exercises"),
            Use("2 History", "history/index.md", "Cold War", "cold-war"),
            Use("Glossary-less page", "elsewhere.md"),
            Use("2 History", "history/index.md", "Today", "today"),
        ]
    }
    ordered = in_reading_order(uses, {"history/index.md": 1, "tools/index.md": 5})["nato"]
    assert [(u.url, u.section_id) for u in ordered] == [
        ("history/index.md", "cold-war"),
        ("history/index.md", "today"),
        ("tools/index.md", "exercises"),
        ("elsewhere.md", ""),
    ]
