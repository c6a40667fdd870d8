"""The question bank as Moodle XML (Question bank › Import › Moodle XML format): a category per chapter under one for
the course, each self-check question an essay question whose grader information holds the model answer and the
rubric (students never see it), its level as a tag and a stable ID number. Written with lxml, so every field is
escaped as XML; the question's text is escaped as HTML first (Moodle shows it as HTML)."""

from __future__ import annotations

from lxml import etree

from course_reader.instructors.bank import Bank, answer_html, as_html, xml_bytes

RESPONSE_LINES = 10  # the height of the answer box, in lines


def category_path(*names: str) -> str:
    """A Moodle category path under the top category of the bank the file is imported into: no context token such
    as `$course$`, so the categories land in the bank the instructor chose (Moodle 5 keeps question banks in
    activities, not in the course). Each name escaped as Moodle's own export does (qformat_default's
    assemble_category_path): '/' doubled, a leading or trailing '/' kept apart by a space."""
    escaped = []
    for name in names:
        part = name.replace("/", "//")
        part = f" {part}" if part.startswith("/") else part
        escaped.append(f"{part} " if part.endswith("/") else part)
    return "/".join(["top", *escaped])


def _text(parent: etree._Element, tag: str, value: str, fmt: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag, format=fmt) if fmt else etree.SubElement(parent, tag)
    etree.SubElement(element, "text").text = value
    return element


def _value(parent: etree._Element, tag: str, value: str) -> None:
    etree.SubElement(parent, tag).text = value


def moodle_xml(bank: Bank) -> bytes:
    """The bank as one Moodle XML file (UTF-8)."""
    quiz = etree.Element("quiz")
    for chapter in bank.chapters:
        category = etree.SubElement(quiz, "question", type="category")
        _text(category, "category", category_path(bank.title, chapter.label))
        _text(category, "info", as_html(f"Self-check questions of chapter {chapter.label}: {chapter.url}"), "html")
        for q in chapter.questions:
            question = etree.SubElement(quiz, "question", type="essay")
            _text(question, "name", f"{chapter.number} Q{q.number} ({q.level})")
            _text(question, "questiontext", as_html(q.text), "html")
            _text(question, "generalfeedback", "", "html")
            _value(question, "defaultgrade", "1")
            _value(question, "penalty", "0")
            _value(question, "hidden", "0")
            _value(question, "idnumber", q.id)
            _value(question, "responseformat", "editor")
            _value(question, "responserequired", "1")
            _value(question, "responsefieldlines", str(RESPONSE_LINES))
            _value(question, "attachments", "0")
            _value(question, "attachmentsrequired", "0")
            _value(question, "maxbytes", "0")
            _value(question, "filetypeslist", "")
            _text(question, "graderinfo", answer_html(q), "html")
            _text(question, "responsetemplate", "", "html")
            tags = etree.SubElement(question, "tags")
            _text(tags, "tag", q.level)
    return xml_bytes(quiz)
