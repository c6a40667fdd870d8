"""The escaping contract (hooks/course_reader/core/fields.py): unit examples and Hypothesis properties of the render functions, run
through the project's own Markdown extensions, so that no text can become a tag, an attribute or a script URL."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_reader.core.datafile import ContentError
from course_reader.core.fields import (
    INLINE,
    PLAIN,
    as_text,
    html_inline,
    html_text,
    inline_problems,
    inline_text,
    md_inline,
    md_text,
    one_line,
    safe_url,
    strip_bidi,
)
from support.payloads import LINK_PAYLOADS, PAYLOADS
from support.project import ROOT, course_options


def _project_markdown() -> markdown.Markdown:
    """Markdown with the extensions and settings mkdocs.yml gives every page."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
_MD = _project_markdown()

FRAGMENTS = [
    *PAYLOADS,
    *LINK_PAYLOADS,
    "<",
    ">",
    "&",
    '"',
    "'",
    "`",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "{:",
    "{ #x .y onclick=z }",
    "\\",
    "!",
    "#",
    "- ",
    "1. ",
    "> ",
    "!!! note",
    "???",
    "|",
    ":",
    "--",
    "&amp;",
    "&#60;",
    "&#x3C;",
    "<!--",
    "-->",
    "javascript:",
    "data:",
    "http://x.org/",
    "](",
    "\n",
    "  \n",
    "    ",
    "*[HTML]: x",
    "\u202e",
    "e\u0301",
    "ß",
]
TEXT = (
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), min_size=1, max_size=12)
    .map("".join)
    .filter(one_line)  # the loaders refuse empty text
)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _render(source: str) -> BeautifulSoup:
    _MD.reset()
    soup = BeautifulSoup(_MD.convert(source), "html.parser")
    for permalink in soup.select("a.headerlink"):  # the toc extension's ¶ link, not the text's
        permalink.decompose()
    return soup


def _visible(text: str) -> str:
    """What a reader should see of plain text: its words with whitespace collapsed."""
    return " ".join(text.split())


def _tags(soup: BeautifulSoup) -> list[str]:
    return [el.name for el in soup.find_all(True)]


def _no_active_markup(soup: BeautifulSoup) -> None:
    for element in soup.find_all(True):
        assert element.name not in ("script", "img", "iframe", "svg", "object", "embed", "style"), element
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), element
            for url in value if isinstance(value, list) else [value]:
                if name in ("href", "src"):
                    assert safe_url(url), element


# Plain text: shown as typed in every context a field lands in


@PROPERTY
@given(TEXT)
def test_plain_text_in_a_paragraph_is_exactly_the_text(text: str) -> None:
    soup = _render(f"Before {md_text(text)} after.")
    assert _tags(soup) == ["p"]
    assert _visible(soup.get_text()) == _visible(f"Before {one_line(text)} after.")


@PROPERTY
@given(TEXT)
def test_plain_text_at_the_start_of_a_list_item_or_heading_stays_text(text: str) -> None:
    soup = _render(f"- {md_text(text)}\n- second\n\n### {md_text(text)} {{ #term .glossary-entry }}\n")
    assert _tags(soup) == ["ul", "li", "li", "h3"]
    assert _visible(soup.li.get_text()) == _visible(one_line(text))
    assert soup.h3.attrs == {"id": "term", "class": ["glossary-entry"]}
    assert _visible(soup.h3.get_text()) == _visible(one_line(text))


@PROPERTY
@given(TEXT)
def test_plain_text_in_an_attribute_of_raw_html_stays_in_it(text: str) -> None:
    soup = _render(f'Text <a class="glossary-term" href="g/#x" title="{md_text(text)}">{md_text(text)}</a> more.')
    assert _tags(soup) == ["p", "a"]
    assert set(soup.a.attrs) == {"class", "href", "title"}
    assert soup.a["title"] == one_line(text)
    assert _visible(soup.a.get_text()) == _visible(one_line(text))


@PROPERTY
@given(TEXT)
def test_plain_text_as_an_admonition_title_and_body(text: str) -> None:
    soup = _render(f'??? question "1. {md_text(text)}"\n\n    {md_text(text)}\n')
    assert _tags(soup) == ["details", "summary", "p"]
    assert _visible(soup.summary.get_text()) == _visible(f"1. {one_line(text)}")
    assert _visible(soup.p.get_text()) == _visible(one_line(text))


@PROPERTY
@given(TEXT)
def test_html_text_is_the_text_without_direction_controls(text: str) -> None:
    out = html_text(text)
    assert "<" not in out and '"' not in out and "{" not in out
    assert html.unescape(out) == strip_bidi(one_line(text))


# Inline Markdown: emphasis, strong, code and safe links, nothing else


@PROPERTY
@given(TEXT)
def test_inline_markdown_makes_only_its_own_elements(text: str) -> None:
    soup = _render(f"Definition: {md_inline(text)}")
    assert set(_tags(soup)) <= {"p", "em", "strong", "code", "a"}
    for link in soup.find_all("a"):
        assert set(link.attrs) == {"href"} and safe_url(link["href"]), link
    _no_active_markup(soup)
    html_soup = BeautifulSoup(f"<p>{html_inline(text)}</p>", "html.parser")
    assert set(_tags(html_soup)) <= {"p", "em", "strong", "code", "a"}
    _no_active_markup(html_soup)


@PROPERTY
@given(TEXT)
def test_text_of_inline_markdown_has_no_markup_characters_it_did_not_have(text: str) -> None:
    words = inline_text(text)
    assert "\n" not in words
    for char in "<>":
        assert words.count(char) <= text.count(char) + text.count("&")


# Examples


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("../tools/index.md#x", True),
        ("https://www.nato.int/", True),
        ("mailto:editor@example.org", True),
        ("#letter-a", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" \x01javascript:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:x", False),
        ("//evil.example/", False),
        ("file:///etc/passwd", False),
    ],
)
def test_safe_url(url: str, allowed: bool) -> None:
    assert safe_url(url) is allowed


def test_inline_markdown_keeps_what_contributors_write() -> None:
    soup = _render(str(md_inline("The *North Atlantic* **Treaty** of `1949`, see [NATO](https://www.nato.int/).")))
    assert str(soup) == (
        '<p>The <em>North Atlantic</em> <strong>Treaty</strong> of <code>1949</code>, see <a href="https://www.nato.int/">NATO</a>.</p>'
    )


def test_inline_markdown_refuses_script_links_and_drops_attributes() -> None:
    assert inline_problems("[x](javascript:alert(1)) [y](data:text/html,z) [ok](../a.md)") == [
        "the link to 'javascript:alert(1)' is not allowed (links go to relative paths, http(s): or mailto:)",
        "the link to 'data:text/html,z' is not allowed (links go to relative paths, http(s): or mailto:)",
    ]
    soup = _render(str(md_inline("*x*{ onmouseover=alert(1) } [x](javascript:alert(1))")))
    assert not soup.find("a") and soup.em.attrs == {}
    assert _visible(soup.get_text()) == "x{ onmouseover=alert(1) } x"


def test_as_text_by_kind() -> None:
    assert as_text("A *treaty* [link](https://x.org/)", INLINE) == "A treaty link"
    assert as_text("A *treaty*  [link](https://x.org/)", PLAIN) == "A *treaty* [link](https://x.org/)"


def test_plain_text_never_becomes_a_template() -> None:
    assert not re.search(r"\{\{|\{%|\{#", str(md_text("{{ config.config_file_path }} {% if x %} {# c #}")))


# Hostile text where the data wants an id, a choice or a path: refused, with file and line


def _load(root: Path) -> None:
    from course_reader.build_state import Build

    Build.load(root, root / "docs", course_options())


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ("data/glossary.yml", ["id", "see_also"]),
        ("data/case_studies.yml", ["kind", "summary_source", "source_page", "terms", "pages"]),
    ],
)
def test_hostile_text_in_ids_choices_and_paths_is_refused_with_its_line(tmp_path, data, fields):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    path = tmp_path / data
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = next(iter(content.values()))
    hostile = " ".join(PAYLOADS)
    for entry in entries[:3]:
        for name in fields:
            if name in entry:
                entry[name] = [hostile] if isinstance(entry[name], list) else hostile
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        _load(tmp_path)
    lines = str(info.value).splitlines()
    assert len(lines) >= 3
    assert all(re.match(rf"{re.escape(data)}:\d+: ", line) for line in lines), lines
