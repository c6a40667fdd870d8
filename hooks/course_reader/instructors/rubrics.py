"""Short rubrics on open questions (data/learning.yml) and discussion prompts (data/teaching.yml): two to four
plain-text points, each saying what a strong answer does. Every evaluate-level question and every prompt needs one
(their answers are open); other questions may have one. The loaders check them with `rubric_problem`; the answer key
and the question-bank exports show them to the instructor, never the student pages."""

from __future__ import annotations

from course_reader.core.fields import one_line

RUBRIC_SIZE = (2, 4)
RUBRIC_HINT = "two to four points, each saying what a strong answer does, e.g. ['Names …', 'Weighs …']"


def rubric_problem(value: object, *, needed_by: str = "") -> str:
    """'' if `value` is a rubric (RUBRIC_SIZE plain-text points), or absent where nothing needs one; else what is
    wrong, to follow "field 'rubric' " in a message. `needed_by` names what must have one, e.g. 'an evaluate
    question'; empty when the rubric is optional."""
    if value is None:
        return f"is missing — {needed_by} needs one: add 'rubric:' with {RUBRIC_HINT}" if needed_by else ""
    low, high = RUBRIC_SIZE
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return f"must be a list of text: {RUBRIC_HINT}"
    if not low <= len(value) <= high:
        return f"needs {low}–{high} points, has {len(value)}"
    return ""


def rubric_of(value: object) -> tuple[str, ...]:
    """A checked rubric as its points, each on one line; () when there is none."""
    return tuple(one_line(v) for v in value) if isinstance(value, list) else ()
