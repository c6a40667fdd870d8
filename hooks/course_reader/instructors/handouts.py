"""The handouts, from the same print pipeline as the PDF edition (WeasyPrint, editions/pdf.css and its fonts, fixed
dates): a handout per session of the unit plan (objectives, reading with pages, discussion prompts, the follow-up
task, then a worksheet of the session's questions), a worksheet of every self-check question with room to write and
no answers, and the instructor's answer key (model answers, rubrics of questions and prompts, the assignments'
rubrics).

`layouts` builds the HTML from the data (every field escaped) as two documents, the students' and the instructor's,
and says which pages make each PDF: the worksheet of every question is the sessions' worksheet pages, laid out once.
handouts_pdf.py lays each out and writes its PDFs, in a worker process beside the build."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from course_reader.content.learning import Learning
from course_reader.content.readings import Readings, reference
from course_reader.content.teaching import Teaching
from course_reader.instructors.assessment import Assessment, Assignment
from course_reader.instructors.unit_plan import Session, UnitPlan

WORKSHEET = "worksheet.pdf"
ANSWER_KEY = "answer-key.pdf"
ANSWER_LINES = 6  # ruled lines per question on a worksheet


@dataclass(frozen=True)
class Course:
    """What the handouts draw on: the data, and each chapter's number and title as the site shows them (known before
    the pages render: the handouts are laid out beside them)."""

    title: str
    learning: Learning
    teaching: Teaching
    readings: Readings
    unit: UnitPlan
    assessment: Assessment
    numbers: Mapping[str, str]
    titles: Mapping[str, str]

    def label(self, src: str) -> str:
        return f"{self.numbers.get(src, '')} {self.titles.get(src, src)}".strip()


@dataclass(frozen=True)
class Section:
    id: str  # the section's id: its first page is the page with this anchor
    html: Markup  # one <section class="handout" id="…">


@dataclass(frozen=True)
class Handout:
    """One PDF: the pages of its pieces, in order."""

    file: str  # e.g. "session-1-foundations.pdf"
    title: str
    pieces: tuple[str, ...]  # the anchors its pages start at (Handouts.pieces)


@dataclass(frozen=True)
class Handouts:
    """One layout and the PDFs cut from it. The layout breaks the page before every piece, each piece runs from the
    page that holds its anchor to the next piece's first page, and a PDF is the pages of its pieces."""

    sections: tuple[Section, ...]
    pieces: tuple[str, ...]  # every piece's anchor, in the layout's order
    files: tuple[Handout, ...]
    course: str  # the course's title, for the PDFs' titles


def session_file(number: int, session: Session) -> str:
    return f"session-{number}-{session.id}.pdf"


def _lines(count: int) -> Markup:
    return Markup('<div class="answer-space" aria-hidden="true">{}</div>').format(
        Markup("").join(Markup('<span class="answer-line"></span>') for _ in range(count))
    )


def _questions(course: Course, chapters: tuple[str, ...] | list[str], *, answers: bool) -> Markup:
    """Each chapter's self-check questions, numbered; with `answers`, the model answer and any rubric under each,
    without them, ruled space to write."""
    out = []
    for src in chapters:
        items = []
        for q in course.learning.chapters[src].questions:
            below = _lines(ANSWER_LINES)
            if answers:
                below = Markup('<p class="model-answer"><strong>Model answer:</strong> {}</p>').format(q.a)
                below += _rubric(q.rubric)
            items.append(
                Markup('<li class="question"><p><span class="level">{}</span> {}</p>{}</li>').format(
                    q.level, q.q, below
                )
            )
        out.append(Markup('<h3>{}</h3><ol class="questions">{}</ol>').format(course.label(src), Markup("").join(items)))
    return Markup("").join(out)


def _rubric(points: tuple[str, ...]) -> Markup:
    """A question's or prompt's rubric under a label, for the answer key; nothing when there is none."""
    if not points:
        return Markup("")
    return Markup('<p class="rubric-label">A strong answer:</p><ul class="rubric">{}</ul>').format(
        Markup("").join(Markup("<li>{}</li>").format(point) for point in points)
    )


def _prompt_list(course: Course, refs: tuple[tuple[str, int], ...], *, rubrics: bool) -> Markup:
    items = []
    for chapter, number in refs:
        prompt = course.teaching.prompts[chapter][number - 1]
        kind = "Counter-argument" if prompt.kind == "counter-argument" else "Discussion"
        extra = _rubric(prompt.rubric) if rubrics else Markup("")
        items.append(
            Markup('<li><span class="prompt-kind">{}</span> ({}) {}{}</li>').format(
                kind, course.label(chapter), prompt.text, extra
            )
        )
    return Markup('<ul class="prompts">{}</ul>').format(Markup("").join(items))


def _reading_list(course: Course, session: Session) -> Markup:
    items = [Markup("<li>{}</li>").format(course.label(src)) for src in session.chapters]
    for ref in session.readings:
        where = f"pp. {ref.pages}" if ref.pages else ref.part
        suffix = Markup(" <strong>{}</strong>").format(where) if where else ""
        items.append(Markup("<li>{}{}</li>").format(reference(course.readings.readings[ref.id]), suffix))
    return Markup('<ul class="reading">{}</ul>').format(Markup("").join(items))


def worksheet_id(session: Session) -> str:
    """The anchor of a session's worksheet: where its pages start."""
    return f"worksheet-{session.id}"


def session_section(course: Course, number: int, session: Session) -> Section:
    """A session's handout: a page (or two) on the session, then its worksheet on pages of its own, which the
    worksheet of every question reuses."""
    objectives = [o for src in session.chapters for o in course.learning.chapters[src].objectives]
    title = f"Session {number}: {session.title}"
    body = Markup(
        '<section class="handout" id="{}"><h2>{}</h2><p class="handout-kind">{} · handout for students</p>'
        "<h3>Objectives</h3><ul>{}</ul>"
        "<h3>Before class: read</h3>{}"
        "<h3>In class: discussion prompts</h3>{}"
        "<h3>After class</h3><p>{}</p>"
        '<div class="worksheet" id="{}"><h2>Worksheet, session {}: {}</h2><p class="handout-kind">{} · for students:'
        " answer in the space under each question</p>{}</div></section>"
    ).format(
        session.id,
        title,
        course.title,
        Markup("").join(Markup("<li>{}</li>").format(o) for o in objectives),
        _reading_list(course, session),
        _prompt_list(course, session.prompts, rubrics=False),
        session.follow_up,
        worksheet_id(session),
        number,
        session.title,
        course.title,
        _questions(course, session.chapters, answers=False),
    )
    return Section(session.id, body)


def _rubric_table(assessment: Assessment, assignment: Assignment) -> Markup:
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(level) for level in assessment.levels)
    rows = Markup("").join(
        Markup('<tr><th scope="row">{} <span class="points">({} points)</span></th>{}</tr>').format(
            c.name, c.points, Markup("").join(Markup("<td>{}</td>").format(d) for d in c.levels)
        )
        for c in assignment.criteria
    )
    return Markup(
        '<table class="rubric-table"><thead><tr><th scope="col">Criterion</th>{}</tr></thead><tbody>{}</tbody></table>'
    ).format(head, rows)


def answer_key_section(course: Course) -> Section:
    title = "Answer key and rubrics"
    prompts = Markup("").join(
        Markup("<h3>{}</h3>{}").format(
            course.label(src),
            _prompt_list(course, tuple((src, n) for n in range(1, len(items) + 1)), rubrics=True),
        )
        for src, items in sorted(course.teaching.prompts.items(), key=lambda kv: list(course.numbers).index(kv[0]))
    )
    assignments = Markup("").join(
        Markup("<h3>{}</h3><p>{} · {} words · set after session {}</p><p>{}</p>{}").format(
            a.title,
            a.kind,
            a.words,
            [s.id for s in course.unit.sessions].index(a.after) + 1,
            a.task,
            _rubric_table(course.assessment, a),
        )
        for a in course.assessment.assignments
    )
    body = Markup(
        '<section class="handout" id="answer-key"><h2>{}</h2><p class="handout-kind">{} · for the instructor only:'
        " keep it apart from what students see</p>"
        '<h2 class="part">Self-check questions: model answers</h2>{}'
        '<h2 class="part">Discussion prompts</h2>{}'
        '<h2 class="part">Assignments and their rubrics</h2>{}</section>'
    ).format(
        title, course.title, _questions(course, list(course.learning.chapters), answers=True), prompts, assignments
    )
    return Section("answer-key", body)


def layouts(course: Course) -> tuple[Handouts, Handouts]:
    """Every handout, from two layouts, each laid out by a worker of its own: the students' (a PDF per session, its
    first pages and its worksheet, and the worksheet of every question, which is the sessions' worksheet pages, laid
    out once) and the instructor's (the answer key), which changes alone when a model answer or a rubric does."""
    sessions = list(enumerate(course.unit.sessions, 1))
    students = Handouts(
        tuple(session_section(course, n, s) for n, s in sessions),
        tuple(p for _, s in sessions for p in (s.id, worksheet_id(s))),
        (
            *(Handout(session_file(n, s), f"Session {n}: {s.title}", (s.id, worksheet_id(s))) for n, s in sessions),
            Handout(WORKSHEET, "Worksheet: every self-check question", tuple(worksheet_id(s) for _, s in sessions)),
        ),
        course.title,
    )
    key = answer_key_section(course)
    instructor = Handouts((key,), (key.id,), (Handout(ANSWER_KEY, "Answer key and rubrics", (key.id,)),), course.title)
    return students, instructor


def pdf_job(made: Handouts, *, language: str) -> dict[str, Any]:
    """The job handouts_pdf.py renders: plain JSON data, and nothing else (no date, no commit), so the PDFs,
    and their cache, change only when what they show changes."""
    return {
        "html": "".join(str(section.html) for section in made.sections),
        "pieces": list(made.pieces),
        "files": [
            {"file": h.file, "title": f"{h.title} — {made.course}", "pieces": list(h.pieces)} for h in made.files
        ],
        "language": language,
    }
