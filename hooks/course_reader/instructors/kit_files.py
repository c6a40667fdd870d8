"""The lecturer kit's files (names.KIT_FOLDER) and their list on the instructors' download page (names.KIT_PAGE):
what each is and which LMS reads it; instructors/kit.py fills the list in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from course_reader.editions.downloads import kilobytes
from course_reader.instructors.handouts import ANSWER_KEY, WORKSHEET, session_file
from course_reader.instructors.unit_plan import UnitPlan
from course_reader.names import KIT_FOLDER, Downloads

MARKER = "<!-- lecturer-kit:downloads -->"


@dataclass(frozen=True)
class KitFile:
    key: str  # "moodle", "qti", "cartridge", or a handout's file name
    name: str  # the file's name in KIT_FOLDER
    title: str
    note: str
    handout: bool = False  # a PDF handout: made only with the editions

    @property
    def url(self) -> str:
        return f"{KIT_FOLDER}/{self.name}"


def kit_files(unit: UnitPlan, names: Downloads) -> list[KitFile]:
    """Every file of the kit, in the order the page lists them (the LMS files named from the `download_name`
    option)."""
    lms = [
        KitFile(
            "cartridge",
            names.cartridge.removeprefix(f"{KIT_FOLDER}/"),
            "Common Cartridge 1.3 course package",
            "a link to every chapter, grouped by session, the handouts as files and the question bank: import it "
            "into Canvas or Brightspace to start a course shell (Moodle restores only older cartridges: import the "
            "Moodle XML file there).",
        ),
        KitFile(
            "moodle",
            names.moodle.removeprefix(f"{KIT_FOLDER}/"),
            "Question bank, Moodle XML",
            "every self-check question as an essay question, a category per chapter, the level as a tag, the model "
            "answer and rubric as information for graders.",
        ),
        KitFile(
            "qti",
            names.qti.removeprefix(f"{KIT_FOLDER}/"),
            "Question bank, QTI 1.2 package",
            "the same questions as one quiz per chapter, for Canvas classic quizzes and other LMSs that import QTI 1.2.",
        ),
    ]
    sessions = [
        KitFile(
            session_file(n, s),
            session_file(n, s),
            f"Handout, session {n}: {s.title}",
            "objectives, reading with pages, the session's discussion prompts, a worksheet and the follow-up task.",
            handout=True,
        )
        for n, s in enumerate(unit.sessions, 1)
    ]
    return [
        *lms,
        *sessions,
        KitFile(WORKSHEET, WORKSHEET, "Worksheet", "every self-check question with room to write, no answers.", True),
        KitFile(
            ANSWER_KEY,
            ANSWER_KEY,
            "Answer key",
            "model answers, the rubrics of questions and prompts, and the assignments' rubrics: for the instructor only.",
            True,
        ),
    ]


def render_list(
    files: list[KitFile], *, href: Callable[[KitFile], str | None], sizes: Mapping[str, int] | None = None
) -> str:
    """The list: each file linked where `href` gives a link (with its size when `sizes` has it)."""
    items = []
    for f in files:
        link = href(f)
        title = (
            Markup('<a href="{}">{}</a>').format(link, f.title)
            if link
            else Markup("<strong>{}</strong>").format(f.title)
        )
        size = sizes.get(f.url) if sizes else None
        shown = Markup(' <span class="kit-size">({})</span>').format(kilobytes(size)) if size else ""
        missing = "" if link else " Made by mkdocs build; on the course website."
        items.append(Markup("<li>{}{}: {}{}</li>").format(title, shown, f.note, missing))
    return str(Markup('<ul class="kit-downloads">{}</ul>').format(Markup("").join(items)))
