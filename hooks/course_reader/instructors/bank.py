"""The question bank the LMS exports share (moodle.py, qti.py, cartridge.py): every
self-check question of data/learning.yml, grouped by chapter in course order, with its model answer, level and rubric
(the instructor's), and each chapter's online address. Also the small helpers every writer needs: plain text as the
HTML an LMS shows (escaped, never interpreted) and a reproducible zip."""

from __future__ import annotations

import html
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

from lxml import etree

from course_reader.content.learning import Learning
from course_reader.core.fields import one_line
from course_reader.names import ZIP_EPOCH


@dataclass(frozen=True)
class BankQuestion:
    id: str  # stable across builds: "role-index-q1" (chapter path and number)
    number: int  # 1-based, in the chapter
    text: str
    answer: str
    level: str
    rubric: tuple[str, ...]


@dataclass(frozen=True)
class BankChapter:
    src: str  # "role/index.md"
    number: str  # "1", "2.1"
    title: str
    url: str  # the chapter online
    questions: tuple[BankQuestion, ...]

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class Bank:
    title: str  # the course's title
    site_url: str
    chapters: tuple[BankChapter, ...]

    def questions(self) -> list[tuple[BankChapter, BankQuestion]]:
        return [(chapter, q) for chapter in self.chapters for q in chapter.questions]


def question_id(src: str, number: int) -> str:
    """'role/index.md', 2 -> 'role-index-q2': an XML-safe identifier that stays the same between builds."""
    stem = src.removesuffix(".md").replace("/", "-")
    return f"{stem}-q{number}"


def make_bank(
    learning: Learning,
    *,
    title: str,
    site_url: str,
    numbers: Mapping[str, str],
    titles: Mapping[str, str],
    urls: Mapping[str, str],
) -> Bank:
    """The bank of `learning`'s questions, chapters in course order (`numbers`: src -> "2.1"), each with its title
    and its URL relative to `site_url`."""
    order = sorted(learning.chapters, key=lambda src: list(numbers).index(src) if src in numbers else len(numbers))
    chapters = []
    for src in order:
        chapter = learning.chapters[src]
        questions = tuple(
            BankQuestion(question_id(src, n), n, q.q, q.a, q.level, q.rubric)
            for n, q in enumerate(chapter.questions, 1)
        )
        chapters.append(
            BankChapter(src, numbers.get(src, ""), one_line(titles.get(src, src)), site_url + urls[src], questions)
        )
    return Bank(one_line(title), site_url, tuple(chapters))


def as_html(text: str) -> str:
    """Plain text as an HTML paragraph an LMS shows as typed (its markup characters escaped)."""
    return f"<p>{html.escape(one_line(text), quote=False)}</p>"


def answer_html(question: BankQuestion) -> str:
    """The model answer and the rubric, for the grader: HTML with every field escaped."""
    parts = [f"<p><strong>Model answer:</strong> {html.escape(question.answer, quote=False)}</p>"]
    if question.rubric:
        points = "".join(f"<li>{html.escape(point, quote=False)}</li>" for point in question.rubric)
        parts.append(f"<p><strong>A strong answer:</strong></p><ul>{points}</ul>")
    return "".join(parts)


def xml_bytes(root: etree._Element) -> bytes:
    """An XML document as UTF-8 bytes with its declaration, indented."""
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def pack(files: Mapping[str, bytes], *, epoch: int) -> bytes:
    """A zip of `files`, sorted, with one timestamp and fixed permissions: the same input gives the same bytes."""
    when = datetime.fromtimestamp(max(epoch, ZIP_EPOCH), tz=UTC).timetuple()[:6]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()
