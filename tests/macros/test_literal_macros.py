"""Pages rendered without compiling them as templates (macros/literal_macros.py): the same text as Jinja gives, in the
mkdocs-macros environment's settings, or None (left to Jinja) for anything but literal macro calls."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

import course_reader.macros as macros
from course_reader.content.sources import macro_calls, parsed_macro_calls
from course_reader.macros.literal_macros import (
    LiteralRendering,
    jinja_compatible,
    literal_template,
    render_literal_calls,
)


def term(term_id: str, text: str | None = None) -> Markup:
    return Markup(f'<a href="#{term_id}">{text or term_id}</a>')


def card(case_id: str) -> str:
    return f"\n<div class=card>{case_id}</div>\n"


def table(region: str | None = None, kind: str | None = None) -> str:
    return f"[{region}|{kind}]"


def boom(ident: str) -> str:
    raise ValueError(f"unknown {ident}")


FUNCTIONS = {"term": term, "case_study": card, "case_studies": table, "boom": boom}
JINJA = jinja2.Environment(undefined=jinja2.StrictUndefined)  # as mkdocs-macros makes it (on_undefined: strict)


def jinja(text: str) -> str:
    return JINJA.from_string(text).render(**FUNCTIONS)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "No template syntax at all.\n",
        "two trailing newlines\n\n",
        "no trailing newline",
        'One {{ term("nato") }} call.\n',
        '{{ term("nato") }}',
        '{{term("nato")}} and {{  term( "nato" , "the Alliance" )  }}\n',
        "Single quotes: {{ term('nato', 'the \"Alliance\"') }}\n",
        'Keywords: {{ case_studies(region="Europe", kind="alliance") }} {{ case_studies(kind="x") }} {{ case_studies() }}',
        'Mixed: {{ case_studies("Asia", kind="partnership") }}\n',
        'Blocks of output: {{ case_study("us-nato") }}\n\nafter\n',
        'Newlines\r\nof every kind\rare {{ term("nato") }}\r\n',
        'Non-ASCII: {{ term("nato", "Attachés — “défense” 🙂") }}\n',
        "Single braces { like } this, {: .class } and a }} alone\n",
        'A brace after: {{ term("nato") }}}\n',
    ],
)
def test_literal_calls_render_as_jinja_does(text):
    assert render_literal_calls(text, FUNCTIONS, shadowed=()) == jinja(text)


@pytest.mark.parametrize(
    "text",
    [
        '{% if true %}{{ term("nato") }}{% endif %}',
        '{% raw %}{{ term("nato") }}{% endraw %}',
        '{# a comment #}{{ term("nato") }}',
        "{{ page.title }}",
        '{{ term("nato") | upper }}',
        '{{ term("nato") ~ "x" }}',
        '{{- term("nato") }}',
        '{{ term("nato") -}}',
        "{{ term(ident) }}",
        '{{ term("a\\"b") }}',
        '{{ term("a{b") }}',
        '{{ term("nato",) }}',
        '{{{ term("nato") }}',
        '{{ term("nato") }} then {{ broken',
        '{{ term(\n"nato") }}',
        '{{ unknown("x") }}',
        '{{ case_studies(kind="a", "b") }}',
        '{{ case_studies(kind="a", kind="b") }}',
        '{{ boom("x") }}',
    ],
)
def test_anything_else_is_left_to_jinja(text):
    assert render_literal_calls(text, FUNCTIONS, shadowed=()) is None


def test_a_macro_shadowed_by_a_variable_is_left_to_jinja():
    """mkdocs-macros renders with the variables and the page's front matter, which hide a macro of the same name."""
    assert render_literal_calls('{{ term("nato") }}', FUNCTIONS, shadowed={"term"}) is None
    assert render_literal_calls('{{ term("nato") }}', FUNCTIONS, shadowed={"title"}) == jinja('{{ term("nato") }}')


def test_a_function_that_wants_jinjas_context_is_left_to_jinja():
    @jinja2.pass_context
    def here(context, ident):
        return ident

    assert render_literal_calls('{{ here("x") }}', {"here": here}, shadowed=()) is None


def test_only_the_default_jinja_settings_are_reproduced():
    assert jinja_compatible(JINJA)
    assert not jinja_compatible(jinja2.Environment(keep_trailing_newline=True))
    assert not jinja_compatible(jinja2.Environment(variable_start_string="[["))
    assert not jinja_compatible(jinja2.Environment(autoescape=True))
    assert not jinja_compatible(jinja2.Environment(finalize=str))
    assert not jinja_compatible(jinja2.Environment(extensions=["jinja2.ext.do"]))


TEXT = st.text(alphabet=st.sampled_from(list("ab {}%#\"'()=,\n\r\t-|é")), max_size=40)
CALLS = st.builds(
    lambda name, args: "{{ " + name + "(" + ", ".join(args) + ") }}",
    st.sampled_from(["term", "case_study", "case_studies", "unknown"]),
    st.lists(st.sampled_from(['"nato"', "'x y'", 'kind="k"', 'region="r"', '"é"']), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, CALLS), max_size=6))
def test_whatever_it_renders_is_what_jinja_renders(pieces):
    text = "".join(pieces)
    rendered = render_literal_calls(text, FUNCTIONS, shadowed=())
    if rendered is not None:
        assert rendered == jinja(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, CALLS), max_size=6))
def test_the_source_check_finds_the_calls_jinjas_parse_finds(pieces):
    """hooks/course_reader/content/sources.py scans a page of literal calls instead of parsing it: the same calls, ids and lines."""
    text = "".join(pieces)
    if literal_template(text) is not None:
        assert macro_calls(text) == parsed_macro_calls(text)


def test_the_source_check_scan_counts_lines_as_jinja():
    text = 'a\r\nb {{ term("x") }}\rc\n\n{{ case_study("y") }} {{ case_study(kind="z") }}\n'
    assert literal_template(text) is not None
    assert macro_calls(text) == parsed_macro_calls(text) == [("term", "x", 2), ("case_study", "y", 5)]


def test_the_macros_module_renders_the_page_and_mkdocs_macros_renders_nothing(course_build):
    """macros/__init__.py's pre/post functions as mkdocs-macros calls them: the page is rendered before, an empty
    text goes through Jinja, and the rendering is put back after."""
    env = SimpleNamespace(
        page=SimpleNamespace(meta={"title": "T"}),
        config={"render_by_default": True},
        env=JINJA,
        macros=dict(FUNCTIONS),
        variables={"extra": {}},
        markdown='Text {{ term("nato") }}.\n',
    )
    JINJA.globals.update(FUNCTIONS)
    try:
        macros.on_pre_page_macros(env)
        assert env.markdown == ""
        macros.on_post_page_macros(env)
        assert env.markdown == 'Text <a href="#nato">nato</a>.'
        assert course_build.part(LiteralRendering).markdown is None

        env.page.meta["render_macros"] = True  # mkdocs-macros decides
        env.markdown = 'Text {{ term("nato") }}.\n'
        macros.on_pre_page_macros(env)
        macros.on_post_page_macros(env)
        assert env.markdown == 'Text {{ term("nato") }}.\n'
    finally:
        for name in FUNCTIONS:
            JINJA.globals.pop(name, None)
