"""The lecturer kit's macros (issue 25): the unit's scope, the syllabus (the unit plan's sessions) and the
assignments with their rubrics, for docs/instructors/. macros/__init__.py registers LECTURER_MACROS with the others; each
takes the page being rendered first and renders data from instructors/unit_plan.py and instructors/assessment.py, escaped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from course_reader.content import readings, teaching
from course_reader.content.reading_time import minutes_marker
from course_reader.core.fields import md_text
from course_reader.instructors import assessment, unit_plan
from course_reader.macros.page import Here, numbered_title


def unit_scope(here: Here) -> Markup:
    """What the reader is, as a teaching unit (data/unit.yml `scope`)."""
    return md_text(unit_plan.current().scope.summary)


def syllabus(here: Here) -> str:
    """Each session: its chapters with reading times, the further reading with pages or parts, the 50- and 90-minute
    plans, the prompts it uses and the follow-up task."""
    unit = unit_plan.current()
    known = readings.current().readings
    prompts = teaching.current().prompts
    out: list[str] = []
    for number, session in enumerate(unit.sessions, 1):
        out += [f"## Session {number}: {md_text(session.title)} {{ #{session.id} }}", "", "### Before class", ""]
        for src in session.chapters:
            out.append(f"- [{md_text(numbered_title(src))}]({here.md_link(src)}) ({minutes_marker(src)} min)")
        for ref in session.readings:
            where = f"pp. {ref.pages}" if ref.pages else ref.part
            out.append(f"- {readings.reference(known[ref.id])}" + (f" — {md_text(where)}" if where else ""))
        out.append("")
        for minutes, steps in session.plans.items():
            out += [f"### In class: {minutes} minutes", ""]
            out += [f"1. {step.minutes} min — {md_text(step.activity)}" for step in steps]
            out.append("")
        out += ["### Discussion prompts", ""]
        used = tuple(prompts[chapter][n - 1] for chapter, n in session.prompts)
        out += [str(teaching.render_prompts(used)), "", "### After class", "", md_text(session.follow_up), ""]
    return "\n".join(out)


def assignments(here: Here) -> str:
    """Each assignment: its task, length and session, and its analytic rubric as a table."""
    data = assessment.current()
    sessions = [s.id for s in unit_plan.current().sessions]
    out: list[str] = []
    for a in data.assignments:
        session = sessions.index(a.after) + 1
        out += [
            f"## {md_text(a.title)} {{ #{a.id} }}",
            "",
            f"{md_text(a.kind.capitalize())}, {md_text(a.words)} words, set after [session {session}](syllabus.md#{a.after}).",
            "",
            md_text(a.task),
            "",
            str(rubric_table(data, a)),
            "",
        ]
    return "\n".join(out)


def rubric_table(data: assessment.Assessment, a: assessment.Assignment) -> Markup:
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(md_text(level)) for level in data.levels)
    rows = Markup("").join(
        Markup('<tr><th scope="row">{} ({} points)</th>{}</tr>').format(
            md_text(c.name), c.points, Markup("").join(Markup("<td>{}</td>").format(md_text(d)) for d in c.levels)
        )
        for c in a.criteria
    )
    return Markup(
        '<table class="rubric"><caption>Rubric: {} points</caption><thead><tr><th scope="col">Criterion</th>{}</tr>'
        "</thead><tbody>{}</tbody></table>"
    ).format(a.points, head, rows)


LECTURER_MACROS: tuple[Callable[..., Any], ...] = (unit_scope, syllabus, assignments)
