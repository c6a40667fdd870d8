"""The learning modules (hooks/course_reader/content/learning.py, reading_time.py): word count, reading time, data/learning.yml
(citations: tests/study/test_citations.py; the self-check's supports: tests/content/test_editorial.py)."""

from __future__ import annotations

import pytest

from course_reader.content.learning import load_learning
from course_reader.content.reading_time import add_reading_time, count_words, fill_minutes, reading_minutes
from support.data_fixtures import load_error, project_pages, write
from support.project import ROOT


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<p>One two <a href='x'>three</a></p><p>four’s five-six</p>", 5),
        ("<p>a<br>b<img src=x alt='not counted'> c &amp; d</p>", 4),
        ('<p title="a > b">one</p><!-- glossary-backlinks:nato -->', 1),
        (
            '<table class="course-map x"><tr><td>not <b>read</b><table><tr><td>x</td></tr></table></td></tr></table>ok',
            1,
        ),
        ("<script>var s = '<p>no words</p>';</script><style>p { x: y }</style>two words", 2),
    ],
)
def test_words_are_the_text_a_reader_reads(html, words):
    assert count_words(html) == words


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (99, 1), (299, 1), (300, 2), (301, 2), (500, 3), (2100, 11)])
def test_reading_minutes_round_half_up_at_200_words_a_minute(words, minutes):
    assert reading_minutes(words) == minutes


def test_the_reading_time_goes_after_the_title():
    html, minutes = add_reading_time("<h1>T</h1><p>" + "word " * 450 + "</p>")
    assert minutes == 2
    assert html.startswith('<h1>T</h1><p class="reading-time web-only" data-words="451">2 min read</p><p>word')
    badge = '<p class="reading-time web-only" data-words="2">1 min read</p>'
    assert add_reading_time("<p>no title</p>")[0].startswith(badge)
    assert fill_minutes("<td><!-- reader:minutes:a.md --> min</td>", {"a.md": 7}) == "<td>7 min</td>"


def test_reading_time_and_word_count():
    assert count_words("<p>One two <a href='x'>three</a></p><p>four’s five-six</p>") == 5
    assert reading_minutes(99) == 1 and reading_minutes(301) == 2 and reading_minutes(500) == 3


# Loading data/learning.yml


def test_learning_data_covers_every_chapter():
    learning = load_learning(ROOT / "data" / "learning.yml", project_pages(ROOT), ROOT)
    assert len(learning.chapters) == 16
    for chapter in learning.chapters.values():
        assert 3 <= len(chapter.questions) <= 5 and chapter.objectives and chapter.takeaways


def test_learning_errors_name_the_chapter(tmp_path):
    path = write(
        tmp_path,
        "learning.yml",
        "chapters:\n  a.md:\n    objectives: [x, y]\n    takeaways: [x, y]\n    questions:\n      - q: Why\n",
    )
    message = load_error(lambda p: load_learning(p, {"a.md"}, tmp_path), path)
    assert "data/learning.yml:5: chapter 'a.md': field 'questions' needs 3–5 items, has 1" in message
