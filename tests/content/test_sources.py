"""Page sources (hooks/course_reader/content/sources.py), checked before any page renders: unknown ids, macro syntax, front matter."""

from __future__ import annotations

import jinja2
import pytest

from course_reader.content.case_studies import load_case_studies
from course_reader.content.glossary import load_glossary
from course_reader.content.sources import check_source, macro_calls
from support.data_fixtures import GOOD_CASES, GOOD_TERMS, write

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


CALLS = [  # (page text, the id macro calls found, as (macro, id, line))
    ("No macros at all, } and { and }} alone.", []),
    ('{{ term("nato") }} and {{- term(\'un\', "the UN") -}}', [("term", "nato", 1), ("term", "un", 1)]),
    ('{{ case_studies(region="Europe") }}\n{{ case_study("us-nato") }}', [("case_study", "us-nato", 2)]),
    ('{{ term("a}}b") }}', [("term", "a}}b", 1)]),
    ('{{ term("nato\\"x") }}', [("term", 'nato"x', 1)]),
    ("{% if x %}\n{{ term('nato') }}{% endif %}", [("term", "nato", 2)]),
    ("{# {{ term('nato') }} #}", []),
    ("{% raw %}{{ term('nato') }}{% endraw %}", []),
    ("{{ term(some_id) }}", []),  # not a literal id: nothing to look up before rendering
]
SYNTAX_ERRORS = ['{{ term("nato" }}', '{{ term("nato") }', "{% if x %}y", "{{ x"]


@pytest.mark.parametrize(("text", "calls"), CALLS)
def test_macro_calls_come_from_jinjas_parse(text, calls):
    assert macro_calls(text) == calls


@pytest.mark.parametrize("text", SYNTAX_ERRORS)
def test_a_syntax_error_is_jinjas(text):
    with pytest.raises(jinja2.TemplateSyntaxError):
        macro_calls(text)


def test_missing_front_matter_title(course):
    problems = _check_source("x.md", PAGE.replace("title: Page\n", ""), course)
    assert problems == ["docs/x.md:1: the front matter has no 'title:' — add title: the page title"]


def test_missing_front_matter_description(course):
    problems = _check_source("x.md", PAGE.replace("description: A page.\n", ""), course)
    assert problems == [
        "docs/x.md:1: the front matter has no 'description:' — add description: one sentence describing the page"
    ]


@pytest.mark.parametrize("value", ["maybe", '"false"', "0", "[false]"])
def test_tool_flag_must_be_true_or_false(course, value):
    problems = _check_source("x.md", PAGE.replace("title: Page\n", f"title: Page\ntool: {value}\n"), course)
    assert len(problems) == 1 and problems[0].startswith("docs/x.md:3: the front matter's 'tool' must be true or false")


@pytest.mark.parametrize("value", ["true", "false"])
def test_tool_flag_true_or_false_is_accepted(course, value):
    assert _check_source("x.md", PAGE.replace("title: Page\n", f"title: Page\ntool: {value}\n"), course) == []


def test_no_front_matter(course):
    assert _check_source("x.md", "# Page\n", course)[0].startswith("docs/x.md:1: the page has no front matter")
