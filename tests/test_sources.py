"""Page sources (hooks/sources.py), checked before any page renders: unknown ids, macro syntax, front matter."""

from __future__ import annotations

import jinja2
import pytest

from case_studies import load_case_studies
from glossary import load_glossary
from sources import check_source, only_simple_calls
from test_data import GOOD_CASES, GOOD_TERMS, write

# Pages: unknown ids, syntax, front matter (as checked before any page renders)


@pytest.fixture
def course(tmp_path):
    glossary = load_glossary(write(tmp_path, "glossary.yml", GOOD_TERMS), tmp_path)
    cases = load_case_studies(
        write(tmp_path, "case_studies.yml", GOOD_CASES), glossary, {"history/case-studies.md"}, tmp_path
    )
    return glossary, cases


def _check_source(src_uri, text, course):
    return check_source(src_uri, text, *course).problems


PAGE = '---\ntitle: Page\ndescription: A page.\n---\n\n# Page\n\nText about {{ term("nato") }}.\n'


def test_page_ok(course):
    source = check_source("x.md", PAGE, *course)
    assert source.problems == []
    assert source.term_calls == ["nato"] and source.title == "Page"


def test_unknown_term_in_page_names_file_and_line(course):
    problems = _check_source("regions/x.md", PAGE.replace('term("nato")', 'term("natto")'), course)
    assert problems == [
        "docs/regions/x.md:8: unknown glossary term 'natto' (did you mean 'nato'?) — use an id from data/glossary.yml, or add the term there"
    ]


def test_unknown_case_study_in_page(course):
    problems = _check_source("x.md", PAGE + '\n{{ case_study("us-natto") }}\n', course)
    assert problems == [
        "docs/x.md:10: unknown case study 'us-natto' (did you mean 'us-nato'?) — use an id from data/case_studies.yml, or add the case study there"
    ]


def test_unclosed_macro(course):
    problems = _check_source("x.md", PAGE.replace('term("nato")', 'term("nato"'), course)
    assert len(problems) == 1 and problems[0].startswith("docs/x.md:8: macro syntax error (")


SIMPLE = [
    "No macros at all, } and { and }} alone.",
    '{{ term("nato") }} and {{- term(\'nato\', "the Alliance") -}}',
    '{{ case_studies(region="Europe", kind="alliance") }} {{ course_map() }} {{ objectives( ) }}',
    '{{ chapter_end("x", 3, True, none,) }} {{ term("a}}b") }}',
]
NOT_SIMPLE = [  # each falls back to Jinja's parser: some are valid Jinja, the rest are errors it reports with a line
    '{{ term("nato" }}',
    '{{ term("nato") }',
    "{{ term(nato) }}",
    '{{ term("nato" "x") }}',
    '{{ term(region="x", "y") }}',
    '{{ term("nato").upper() }}',
    "{% if x %}y{% endif %}",
    "{# a comment #}",
    '{{ term("nato\\"") }}',
    "{{ x }}",
]


@pytest.mark.parametrize("text", SIMPLE)
def test_simple_macro_calls_need_no_parse_and_are_valid_jinja(text):
    assert only_simple_calls(text)
    jinja2.Environment().parse(text)


@pytest.mark.parametrize("text", NOT_SIMPLE)
def test_anything_else_goes_to_the_jinja_parser(text):
    assert not only_simple_calls(text)


def test_missing_front_matter_title(course):
    problems = _check_source("x.md", PAGE.replace("title: Page\n", ""), course)
    assert problems == ["docs/x.md:1: the front matter has no 'title:' — add title: the page title"]


def test_no_front_matter(course):
    assert _check_source("x.md", "# Page\n", course)[0].startswith("docs/x.md:1: the page has no front matter")
