"""Short rubrics on open questions (data/learning.yml) and discussion prompts (data/teaching.yml): two to four
plain-text points, each saying what a strong answer does. The loaders check them with `rubric_problem`; the answer
key and the question-bank exports show them to the instructor, never to students."""

from __future__ import annotations

from course_reader.core.fields import one_line

RUBRIC_SIZE = (2, 4)
RUBRIC_HINT = "two to four points, each saying what a strong answer does, e.g. ['Names …', 'Weighs …']"


def rubric_problem(value: object) -> str:
    """'' if `value` is absent or a rubric (RUBRIC_SIZE plain-text points), else what is wrong, for a message."""
    if value is None:
        return ""
    low, high = RUBRIC_SIZE
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return f"must be a list of text: {RUBRIC_HINT}"
    if not low <= len(value) <= high:
        return f"needs {low}–{high} points, has {len(value)}"
    return ""


def rubric_of(value: object) -> tuple[str, ...]:
    """A checked rubric as its points, each on one line; () when there is none."""
    return tuple(one_line(v) for v in value) if isinstance(value, list) else ()
