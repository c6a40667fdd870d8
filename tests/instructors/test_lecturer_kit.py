"""The lecturer kit (issue 25): the unit plan and assignments (data/unit.yml, data/assessment.yml) and rubrics,
validated; the question bank as Moodle XML, QTI 1.2 and a Common Cartridge 1.3, each holding every self-check
question, checked against the IMS schemas (tests/schemas/ims/) and read back by an independent parser; every field
read back unchanged, hostile text included; the handouts; the instructors' download page."""

from __future__ import annotations

import copy
import dataclasses
import html
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from lxml import etree, isoschematron
from moodle_xml_parser import parser as moodle_parser

from course_reader.content.glossary import load_glossary
from course_reader.content.learning import Learning, load_learning
from course_reader.content.notes import load_notes
from course_reader.content.readings import load_readings
from course_reader.content.teaching import Prompt, load_teaching
from course_reader.instructors import cartridge, handouts, handouts_pdf, moodle, qti
from course_reader.instructors.assessment import load_assessment
from course_reader.instructors.bank import Bank, BankChapter, BankQuestion, make_bank
from course_reader.instructors.kit_files import kit_files
from course_reader.instructors.rubrics import RUBRIC_HINT
from course_reader.instructors.unit_plan import PLANS, load_unit
from course_reader.names import KIT_FOLDER, KIT_PAGE, Downloads
from support.data_fixtures import load_error, write
from support.helpers import fresh_soup as soup
from support.project import ROOT

DATA = ROOT / "data"
SCHEMAS = ROOT / "tests" / "schemas" / "ims"
PAGES = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
LEARNING = load_learning(DATA / "learning.yml", PAGES, ROOT)
CHAPTERS = list(LEARNING.chapters)
TEACHING = load_teaching(
    DATA / "teaching.yml",
    CHAPTERS,
    set(load_glossary(DATA / "glossary.yml", ROOT).terms),
    set(load_notes(DATA / "notes.yml", PAGES, ROOT).notes),
    ROOT,
)
READINGS = load_readings(DATA / "readings.yml", PAGES, ROOT)
PROMPT_COUNTS = {chapter: len(prompts) for chapter, prompts in TEACHING.prompts.items()}
UNIT = load_unit(DATA / "unit.yml", CHAPTERS, PROMPT_COUNTS, set(READINGS.readings), ROOT)
ASSESSMENT = load_assessment(DATA / "assessment.yml", PAGES, {s.id for s in UNIT.sessions}, ROOT)
QUESTIONS = [(src, q) for src, chapter in LEARNING.chapters.items() for q in chapter.questions]
RUBRIC_POINTS = [
    " ".join(point.split())
    for item in (*(q for _, q in QUESTIONS), *(p for prompts in TEACHING.prompts.values() for p in prompts))
    for point in item.rubric
]
SITE_URL = "https://example.org/reader/"
NAMES = Downloads("military-diplomacy-reader")  # mkdocs.yml's download_name
HOSTILE = "<script>alert('x')</script> & \"quoted\" ]]> {{ x }} </text> \\ `tick` *star* [a](javascript:y)"


def bank_of(learning: Learning) -> Bank:
    numbers = {src: str(n) for n, src in enumerate(learning.chapters, 1)}
    return make_bank(
        learning,
        title="Military Diplomacy and National Security",
        site_url=SITE_URL,
        numbers=numbers,
        titles={src: f"Chapter {n}" for src, n in numbers.items()},
        urls={src: src.removesuffix(".md") + "/" for src in learning.chapters},
    )


BANK = bank_of(LEARNING)


def hostile_bank() -> Bank:
    question = BankQuestion("h-q1", 1, HOSTILE, HOSTILE + " answer", "evaluate", (HOSTILE + " point", "second"))
    return Bank(HOSTILE, SITE_URL, (BankChapter("h.md", "1", HOSTILE, SITE_URL + "h/?a=1&b=<2>", (question,)),))


# Schemas, resolved offline: every schemaLocation to the file of the same name in tests/schemas/ims/


class _Local(etree.Resolver):
    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        local = SCHEMAS / url.rsplit("/", 1)[-1]
        assert local.is_file(), f"schema {url} is not in tests/schemas/ims/"
        return self.resolve_filename(str(local), context)


def schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


QTI_SCHEMA = schema("ccv1p1_qtiasiv1p2p1_v1p0.xsd")
CC_SCHEMA = schema("ccv1p3_imscp_v1p2_v1p0.xsd")
WEBLINK_SCHEMA = schema("ccv1p3_imswl_v1p3.xsd")
# The CC profile's Schematron rules, embedded in the QTI schema (essay structure, metadata vocabularies); written in
# an older dialect that lxml's schema check rejects, so they run without it
QTI_RULES = isoschematron.Schematron(
    etree.parse(str(SCHEMAS / "ccv1p1_qtiasiv1p2p1_v1p0.xsd")), include=True, validate_schema=False
)


def valid(checker: etree._Validator, data: bytes) -> None:
    document = etree.fromstring(data)
    assert checker.validate(document), str(checker.error_log)


# Unit plan


def test_unit_plan_covers_every_chapter_once_in_order_with_both_plans():
    covered = [c for s in UNIT.sessions for c in s.chapters]
    assert covered == CHAPTERS
    for session in UNIT.sessions:
        assert {minutes: sum(step.minutes for step in steps) for minutes, steps in session.plans.items()} == {
            50: 50,
            90: 90,
        }
        assert session.readings and session.prompts and session.follow_up


def test_unit_scope_states_the_article_honestly():
    words = len((ROOT / "tests" / "fixtures" / "article.txt").read_text(encoding="utf-8").split())
    assert UNIT.scope.words == words
    summary = UNIT.scope.summary
    stated = int(re.search(r"about ([\d,]+) words", summary).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert abs(stated - words) / words < 0.05
    minutes = int(re.search(r"some (\d+) minutes", summary).group(1))  # type: ignore[union-attr]
    assert minutes == round(words / 200)
    assert "one- to two-week unit" in summary and len(UNIT.sessions) == 4


def test_pages_only_where_the_record_gives_them():
    """Page ranges are those printed with the journal articles (World Politics), checked, and no other reading has any."""
    given = {ref.id: ref.pages for s in UNIT.sessions for ref in s.readings if ref.pages}
    assert given == {"snyder-1984": "461–495", "jervis-1978": "167–214"}
    for reading_id in given:
        assert READINGS.readings[reading_id].kind == "article"
    parts = {ref.id: ref.part for s in UNIT.sessions for ref in s.readings if ref.part}
    for reading_id, part in parts.items():  # treaty parts as data/readings.yml names them
        assert READINGS.readings[reading_id].kind == "treaty"
        for name in re.findall(r"(Article \d+|Chapter [IVX]+)", part):
            assert name in READINGS.readings[reading_id].why, (reading_id, name)


# What each session's prompt is about, in words both the prompt and the session's plan use: a prompt reordered or
# rewritten in data/teaching.yml under the same number no longer matches its session, and this test says so
PROMPT_TOPICS = {
    "history/index.md 2": "collective defense",
    "history/case-studies.md 1": "success",
    "impact/index.md 1": "prevented a miscalculation",
    "multilateral/index.md 2": "bilateral channels",
    "regions/us-china.md 1": "most needed",
    "regions/middle-east.md 2": "arms sales",
    "tools/exercises.md 2": "near a rival's territory",
    "conclusion/index.md 1": "strongest case for and against",
}


def test_each_session_uses_the_prompts_its_plan_means():
    refs = {f"{chapter} {number}": session for session in UNIT.sessions for chapter, number in session.prompts}
    assert set(refs) == set(PROMPT_TOPICS)
    for ref, session in refs.items():
        chapter, number = ref.rsplit(" ", 1)
        assert chapter in session.chapters, ref
        prompt = TEACHING.prompts[chapter][int(number) - 1].text.casefold()
        plan = " ".join(step.activity for steps in session.plans.values() for step in steps).casefold()
        assert PROMPT_TOPICS[ref] in prompt and PROMPT_TOPICS[ref] in plan, (ref, prompt)


UNIT_BASE = """\
scope:
  words: 100
  summary: A short article.
  weeks: "1"
sessions:
  - id: one
    title: One
    chapters: [a.md, b.md]
    readings:
      - id: walt-1987
    prompts: [a.md 1]
    plan_50:
      - {minutes: 50, activity: Talk.}
    plan_90:
      - {minutes: 90, activity: Talk.}
    follow_up: Read.
"""


def test_unit_plan_validation_names_each_problem(tmp_path):
    path = write(
        tmp_path,
        "unit.yml",
        UNIT_BASE.replace("[a.md, b.md]", "[b.md, a.md, c.md]")
        .replace("walt-1987", "walt-1986")
        .replace("[a.md 1]", "[a.md 3, a.md, a.mb 1]")
        .replace("{minutes: 50,", "{minutes: 45,")
        .replace(
            "      - id: walt-1986\n", "      - id: walt-1986\n      - {id: walt-1987, pages: '1', part: Ch. 1}\n"
        ),
    )
    message = load_error(lambda p: load_unit(p, ["a.md", "b.md"], {"a.md": 2}, {"walt-1987"}, tmp_path), path)
    assert message.splitlines() == [
        "data/unit.yml:6: entry 'one': chapter 'c.md' is not a chapter (did you mean 'b.md'?)",
        "data/unit.yml:6: entry 'one': reading 1: 'walt-1986' is not a reading (did you mean 'walt-1987'?) — use an id"
        " from data/readings.yml",
        "data/unit.yml:6: entry 'one': reading 2: give 'pages' or 'part', not both",
        "data/unit.yml:6: entry 'one': prompt 'a.md 3': chapter 'a.md' has 2 discussion prompt(s) in"
        " data/teaching.yml — give the number of one of them",
        "data/unit.yml:6: entry 'one': prompt 'a.md' must be 'CHAPTER N', e.g. 'history/index.md 2'",
        "data/unit.yml:6: entry 'one': prompt 'a.mb 1': 'a.mb' is not a chapter (did you mean 'a.md'?) — use 'CHAPTER"
        " N', e.g. 'history/index.md 2'",
        "data/unit.yml:6: entry 'one': plan_50: the steps add up to 45 minutes — make them add up to 50",
        "data/unit.yml: sessions: list the chapters in the article's order (a.md, b.md)",
    ]
    assert set(PLANS.values()) == {50, 90}


def test_unit_plan_needs_every_chapter(tmp_path):
    path = write(tmp_path, "unit.yml", UNIT_BASE)
    message = load_error(lambda p: load_unit(p, ["a.md", "b.md", "z.md"], {"a.md": 2}, {"walt-1987"}, tmp_path), path)
    assert message == "data/unit.yml: sessions: chapter 'z.md' must be in exactly one session (it is in 0)"


# Assignments and rubrics


def test_three_assignments_each_with_an_analytic_rubric():
    assert ASSESSMENT.levels == ("Excellent", "Proficient", "Developing", "Beginning")
    assert {a.kind for a in ASSESSMENT.assignments} == {"policy memo", "case analysis", "short essay"}
    for a in ASSESSMENT.assignments:
        assert 3 <= len(a.criteria) <= 6 and a.points == 100, a.id
        for criterion in a.criteria:
            assert len(criterion.levels) == 4 and len(set(criterion.levels)) == 4, (a.id, criterion.name)
        assert set(a.chapters) <= set(CHAPTERS)


def test_assessment_validation_names_each_problem(tmp_path):
    path = write(
        tmp_path,
        "assessment.yml",
        """\
        levels: [A, B, C, D]
        assignments:
          - id: memo
            title: Memo
            kind: memo
            after: tow
            words: "100"
            chapters: [a.md]
            task: Write.
            criteria:
              - {name: One, points: 10, levels: [a, b, c]}
              - {name: Two, points: 0, levels: [a, b, c, d]}
              - {name: Three, points: 5, levels: [a, b, c, d], weight: 2}
        """,
    )
    message = load_error(lambda p: load_assessment(p, {"a.md"}, {"two"}, tmp_path), path)
    assert message.splitlines() == [
        "data/assessment.yml:6: entry 'memo': 'after: tow' names no session of data/unit.yml (did you mean 'two'?)",
        "data/assessment.yml:3: entry 'memo': criterion 1: 'levels' must give 4 descriptors, best first: what work at"
        " each level does",
        "data/assessment.yml:3: entry 'memo': criterion 2: 'points' must be a whole number above 0",
        "data/assessment.yml:3: entry 'memo': criterion 3: unknown field 'weight' — allowed fields: name, points, levels",
    ]


RUBRIC_NEEDED = "add 'rubric:' with " + RUBRIC_HINT
LEARNING_WITH_RUBRIC = """\
chapters:
  a.md:
    objectives: [Define x., Judge y.]
    takeaways: [x, y]
    questions:
      - {q: One?, a: One., level: remember, paragraph: First words}
      - {q: Two?, a: Two., level: analyze, paragraph: First words}
      - q: Three?
        a: What a strong answer weighs.
        level: evaluate
        note: n
        rubric:
          - Weighs x against y.
          - Uses the note on z.
"""


def learning_error(tmp_path: Path, text: str) -> str:
    return load_error(lambda p: load_learning(p, {"a.md"}, tmp_path), write(tmp_path, "learning.yml", text))


def test_every_evaluate_question_needs_a_rubric_others_may_have_one(tmp_path):
    path = write(tmp_path, "learning.yml", LEARNING_WITH_RUBRIC)
    questions = load_learning(path, {"a.md"}, tmp_path).chapters["a.md"].questions
    assert [q.rubric for q in questions] == [(), (), ("Weighs x against y.", "Uses the note on z.")]
    optional = LEARNING_WITH_RUBRIC.replace("level: analyze,", "level: analyze, rubric: [Compares a., Compares b.],")
    path.write_text(optional, encoding="utf-8")
    assert load_learning(path, {"a.md"}, tmp_path).chapters["a.md"].questions[1].rubric == (
        "Compares a.",
        "Compares b.",
    )
    missing = LEARNING_WITH_RUBRIC.split("        rubric:")[0]
    assert learning_error(tmp_path, missing) == (
        "data/learning.yml:8: chapter 'a.md', question 3: field 'rubric' is missing — an evaluate question needs one: "
        + RUBRIC_NEEDED
    )
    assert learning_error(tmp_path, missing + "        rubric:\n") == (
        "data/learning.yml:12: chapter 'a.md', question 3: field 'rubric' is missing — an evaluate question needs one: "
        + RUBRIC_NEEDED
    )
    assert learning_error(tmp_path, missing + "        rubric: [Only one point.]\n") == (
        "data/learning.yml:12: chapter 'a.md', question 3: field 'rubric' needs 2–4 points, has 1"
    )
    assert learning_error(tmp_path, missing + "        rubric: Weighs x against y.\n") == (
        "data/learning.yml:12: chapter 'a.md', question 3: field 'rubric' must be " + RUBRIC_HINT + ", got text"
    )


TEACHING_WITH_RUBRICS = """\
prompts:
  a.md:
    - kind: discussion
      text: Why?
      rubric: [Names a reason., Weighs it.]
    - kind: counter-argument
      text: Why not?
      rubric: [States the objection., Answers it.]
timeline: []
"""


def teaching_error(tmp_path: Path, text: str) -> str:
    return load_error(
        lambda p: load_teaching(p, ["a.md"], set(), set(), tmp_path), write(tmp_path, "teaching.yml", text)
    )


def test_every_prompt_needs_a_rubric(tmp_path):
    path = write(tmp_path, "teaching.yml", TEACHING_WITH_RUBRICS)
    prompts = load_teaching(path, ["a.md"], set(), set(), tmp_path).prompts["a.md"]
    assert [p.rubric for p in prompts] == [("Names a reason.", "Weighs it."), ("States the objection.", "Answers it.")]
    missing = TEACHING_WITH_RUBRICS.replace("      rubric: [States the objection., Answers it.]\n", "")
    assert teaching_error(tmp_path, missing) == (
        "data/teaching.yml:6: prompts: a.md: prompt 2: field 'rubric' is missing — every prompt needs one: "
        + RUBRIC_NEEDED
    )
    blank = TEACHING_WITH_RUBRICS.replace("Weighs it.]", '"  "]')
    assert teaching_error(tmp_path, blank) == (
        "data/teaching.yml:3: prompts: a.md: prompt 1: field 'rubric' must be a list of text: " + RUBRIC_HINT
    )
    five = TEACHING_WITH_RUBRICS.replace("Answers it.]", "Answers it., c, d, e]")
    assert teaching_error(tmp_path, five) == (
        "data/teaching.yml:6: prompts: a.md: prompt 2: field 'rubric' needs 2–4 points, has 5"
    )


def test_every_evaluate_question_and_prompt_of_the_reader_has_a_rubric():
    evaluate = [q for _, q in QUESTIONS if q.level == "evaluate"]
    prompts = [p for items in TEACHING.prompts.values() for p in items]
    assert len(evaluate) == 11 and len(prompts) == 2 * len(CHAPTERS)
    for item in (*evaluate, *prompts):
        assert 2 <= len(item.rubric) <= 4 and all(point.strip() for point in item.rubric), item
    points = [point for item in (*evaluate, *prompts) for point in item.rubric]
    assert len(set(points)) == len(points), "a rubric point is repeated word for word"
    answers = " ".join(q.a for q in evaluate)
    assert "right answer" not in answers.casefold() and all(q.a.startswith("A strong answer") for q in evaluate)


# The exports: every question, valid for the schemas, read back by other parsers


def _moodle_questions(data: bytes) -> list[ET.Element]:
    """The essay questions of a Moodle XML file, read by the standard library's parser (expat), not by lxml."""
    return [q for q in ET.fromstring(data).iter("question") if q.get("type") == "essay"]


def _html_text(fragment: str) -> str:
    """The text an LMS shows for one of our HTML fragments: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()


def test_moodle_bank_has_every_question_as_an_essay_with_grader_information():
    data = moodle.moodle_xml(BANK)
    questions = _moodle_questions(data)
    assert len(questions) == len(QUESTIONS) > 0  # every self-check question of data/learning.yml
    for element, (src, q) in zip(questions, QUESTIONS, strict=True):
        assert _html_text(element.findtext("questiontext/text") or "") == q.q.split()
        grader = element.findtext("graderinfo/text") or ""
        rubric = ["A", "strong", "answer:", *" ".join(q.rubric).split()] if q.rubric else []
        assert _html_text(grader) == ["Model", "answer:", *q.a.split(), *rubric], src
        assert element.findtext("tags/tag/text") == q.level
        assert element.findtext("generalfeedback/text") in ("", None)  # students see nothing of the answer
    categories = [
        c.findtext("category/text") for c in ET.fromstring(data).iter("question") if c.get("type") == "category"
    ]
    assert len(categories) == len(CHAPTERS) and all(c.startswith("top/Military Diplomacy") for c in categories)


def _moodle_split(path: str) -> list[str]:
    """A category path as Moodle reads it (qformat_default::split_category_path): split at single '/', '//' back
    to '/', each name trimmed."""
    return [name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", path)]


def test_moodle_category_paths_read_back_as_their_names():
    names = ["Course / Unit", "/leading", "trailing/", "a//b", HOSTILE]
    assert _moodle_split(moodle.category_path(*names)) == ["top", *(n.strip() for n in names)]
    assert "$course$" not in moodle.moodle_xml(BANK).decode()  # the bank the instructor imports into decides


def test_moodle_bank_read_back_by_moodle_xml_parser():
    """moodle-xml-parser (PyPI) reads the file; it knows only multiple-choice and cloze questions, so it finds none of
    the essays to misread, and its reading of the file must not fail."""
    parsed = moodle_parser.parse_bytes(moodle.moodle_xml(BANK))
    assert parsed == {"multichoice": [], "cloze": []}
    with pytest.raises(ValueError):
        moodle_parser.parse_bytes(moodle.moodle_xml(BANK)[:-20])


def test_qti_package_has_every_question_and_validates():
    archive = zipfile.ZipFile(io.BytesIO(qti.qti_package(BANK, epoch=0)))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    listed = [r.get("href") for r in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")]
    assert sorted(listed) == sorted(n for n in archive.namelist() if n != "imsmanifest.xml") and len(listed) == len(
        CHAPTERS
    )
    idents = []
    for name in listed:
        data = archive.read(name)
        valid(QTI_SCHEMA, data)
        valid(QTI_RULES, data)
        idents += [i.get("ident") for i in ET.fromstring(data).iter(f"{{{qti.NS}}}item")]
    assert sorted(idents) == sorted(q.id for _, q in BANK.questions()) and len(idents) == len(QUESTIONS)


def test_cartridge_manifest_links_bank_and_handouts_validate():
    handout = cartridge.Handout("Handout <1>", "handouts/session-1.pdf", b"%PDF-1.7")
    modules = [cartridge.Module(f"Session {n}", s.chapters) for n, s in enumerate(UNIT.sessions, 1)]
    archive = zipfile.ZipFile(io.BytesIO(cartridge.cartridge(BANK, modules, [handout], description="d", epoch=0)))
    valid(CC_SCHEMA, archive.read("imsmanifest.xml"))
    bank = archive.read(cartridge.BANK_FILE)
    valid(QTI_SCHEMA, bank)
    valid(QTI_RULES, bank)
    items = list(ET.fromstring(bank).iter(f"{{{qti.NS}}}item"))
    assert len(items) == len(QUESTIONS)
    links = [n for n in archive.namelist() if n.startswith("weblinks/")]
    assert len(links) == len(CHAPTERS)
    for name, chapter in zip(
        sorted(links), sorted(BANK.chapters, key=lambda c: cartridge.link_file(c.src)), strict=True
    ):
        data = archive.read(name)
        valid(WEBLINK_SCHEMA, data)
        assert ET.fromstring(data).find(f"{{{cartridge.WL}}}url").get("href") == chapter.url  # type: ignore[union-attr]
    assert archive.read("handouts/session-1.pdf") == b"%PDF-1.7"
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resources = {r.get("identifier"): r for r in manifest.iter(f"{{{cartridge.CC}}}resource")}
    refs = [i.get("identifierref") for i in manifest.iter(f"{{{cartridge.CC}}}item") if i.get("identifierref")]
    assert set(refs) <= set(resources) and "question-bank" not in refs  # a bank is never in the organization


def test_the_validators_are_not_vacuous():
    broken_qti = (
        qti.assessment_xml(BANK, BANK.chapters[0])
        .replace(b"<section ", b"<sektion ")
        .replace(b"</section>", b"</sektion>")
    )
    assert not QTI_SCHEMA.validate(etree.fromstring(broken_qti))
    scored = qti.object_bank_xml(BANK).replace(b"<fieldentry>No</fieldentry>", b"<fieldentry>Yes</fieldentry>", 1)
    assert QTI_SCHEMA.validate(etree.fromstring(scored)) and not QTI_RULES.validate(etree.fromstring(scored))
    manifest = cartridge.manifest_xml(BANK, [], [], description="d").replace(b"1.3.0", b"1.2.0")
    assert not CC_SCHEMA.validate(etree.fromstring(manifest))


def test_hostile_text_reads_back_unchanged_in_every_format():
    bank = hostile_bank()
    question = _moodle_questions(moodle.moodle_xml(bank))[0]
    assert html.unescape(re.sub(r"</?p>", "", question.findtext("questiontext/text") or "")) == HOSTILE
    grader = question.findtext("graderinfo/text") or ""
    assert HOSTILE + " answer" in html.unescape(re.sub(r"<[^>]+>", "", grader))
    assert "<script>" not in grader and "<li>" in grader
    category = next(q for q in ET.fromstring(moodle.moodle_xml(bank)).iter("question") if q.get("type") == "category")
    assert category.findtext("category/text") == moodle.category_path(HOSTILE, f"1 {HOSTILE}")
    items = ET.fromstring(qti.object_bank_xml(bank))
    shown = items.find(f".//{{{qti.NS}}}presentation/{{{qti.NS}}}material/{{{qti.NS}}}mattext")
    assert html.unescape(re.sub(r"</?p>", "", shown.text or "")) == HOSTILE  # type: ignore[union-attr]
    valid(QTI_SCHEMA, qti.object_bank_xml(bank))
    link = ET.fromstring(cartridge.weblink_xml(HOSTILE, bank.chapters[0].url))
    assert link.findtext(f"{{{cartridge.WL}}}title") == HOSTILE
    assert link.find(f"{{{cartridge.WL}}}url").get("href") == SITE_URL + "h/?a=1&b=<2>"  # type: ignore[union-attr]
    manifest = ET.fromstring(cartridge.manifest_xml(bank, [], [], description=HOSTILE))
    assert [s.text for s in manifest.iter(f"{{{cartridge.LOMM}}}string")] == [HOSTILE, HOSTILE]


def test_exports_are_reproducible():
    modules = [cartridge.Module("S", tuple(CHAPTERS))]
    assert qti.qti_package(BANK, epoch=1_700_000_000) == qti.qti_package(bank_of(LEARNING), epoch=1_700_000_000)
    one = cartridge.cartridge(BANK, modules, [], description="d", epoch=1_700_000_000)
    assert one == cartridge.cartridge(bank_of(LEARNING), modules, [], description="d", epoch=1_700_000_000)


# Handouts


COURSE = handouts.Course(
    "Military Diplomacy and National Security",
    LEARNING,
    TEACHING,
    READINGS,
    UNIT,
    ASSESSMENT,
    {src: str(n) for n, src in enumerate(CHAPTERS, 1)},
    {src: src for src in CHAPTERS},
)


def _text(markup: object) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(markup))).split())


LAYOUTS = handouts.layouts(COURSE)


def handout_text(layouts: tuple[handouts.Handouts, ...], file: str) -> str:
    """The text of one PDF's pieces in its layout's HTML: each piece's element without the other pieces in it."""
    made = next(m for m in layouts if any(h.file == file for h in m.files))
    document = BeautifulSoup("".join(str(s.html) for s in made.sections), "html.parser")
    texts = []
    for piece in next(h for h in made.files if h.file == file).pieces:
        element = copy.copy(document.find(id=piece))
        for inner in [e for e in element.find_all(id=True) if e["id"] in made.pieces]:
            inner.decompose()
        texts.append(element.get_text(" "))
    return " ".join(" ".join(texts).split())


@pytest.mark.editions  # the handouts are laid out by WeasyPrint
def test_worksheet_has_every_question_and_no_answer_and_the_key_every_answer():
    worksheet, key = handout_text(LAYOUTS, handouts.WORKSHEET), handout_text(LAYOUTS, handouts.ANSWER_KEY)
    for _, q in QUESTIONS:
        assert " ".join(q.q.split()) in worksheet and " ".join(q.q.split()) in key
        assert " ".join(q.a.split()) not in worksheet and " ".join(q.a.split()) in key
    assert "Model answer" not in worksheet and "After class" not in worksheet
    rubrics = sum(bool(q.rubric) for _, q in QUESTIONS) + sum(
        bool(p.rubric) for ps in TEACHING.prompts.values() for p in ps
    )
    assert key.count("A strong answer:") == rubrics == 11 + 2 * len(CHAPTERS)  # each under its label
    for point in RUBRIC_POINTS:  # every rubric in the key, none in the students' handouts
        assert point in key and point not in worksheet, point
        assert not any(
            point in handout_text(LAYOUTS, f"session-{n}-{s.id}.pdf") for n, s in enumerate(UNIT.sessions, 1)
        )
    for a in ASSESSMENT.assignments:
        assert all(" ".join(d.split()) in key for c in a.criteria for d in c.levels)


@pytest.mark.editions  # the handouts are laid out by WeasyPrint
def test_a_handout_per_session_with_its_reading_prompts_and_questions():
    files = [h.file for made in LAYOUTS for h in made.files]
    sessions = [f"session-{n}-{s.id}.pdf" for n, s in enumerate(UNIT.sessions, 1)]
    assert files == [*sessions, handouts.WORKSHEET, handouts.ANSWER_KEY]
    for file, session in zip(sessions, UNIT.sessions, strict=True):
        text = handout_text(LAYOUTS, file)
        assert all(" ".join(q.q.split()) in text for c in session.chapters for q in LEARNING.chapters[c].questions)
        assert not any(" ".join(q.a.split()) in text for c in session.chapters for q in LEARNING.chapters[c].questions)
        assert all(" ".join(TEACHING.prompts[c][n - 1].text.split()) in text for c, n in session.prompts)
        assert all(f"pp. {ref.pages}" in text for ref in session.readings if ref.pages)
        assert " ".join(session.follow_up.split()) in text


@pytest.mark.editions  # the handouts are laid out by WeasyPrint
def test_the_worksheet_is_the_sessions_worksheet_pages():
    """The worksheet of every question reuses the sessions' worksheets: each starts a page (handouts.css), so the
    layout holds each question once for the students' PDFs."""
    students, instructor = LAYOUTS
    worksheet = next(h for h in students.files if h.file == handouts.WORKSHEET)
    sessions = [h for h in students.files if h.file.startswith("session-")]
    assert [h.file for h in instructor.files] == [handouts.ANSWER_KEY]
    assert worksheet.pieces == tuple(h.pieces[1] for h in sessions)
    css = handouts_pdf.STYLESHEETS[1].read_text(encoding="utf-8")
    assert re.search(r"\.worksheet \{ break-before: page; \}", css)
    assert re.search(r"section\.handout \{ break-before: page; \}", css)


def test_page_ranges_cut_the_layout_at_each_piece():
    pages = [{"a"}, set(), {"b", "x"}, {"c"}, set()]
    assert handouts_pdf.page_ranges(pages, ["a", "b", "c"]) == {"a": range(0, 2), "b": range(2, 3), "c": range(3, 5)}
    with pytest.raises(RuntimeError, match="no page holds the anchor #d"):
        handouts_pdf.page_ranges(pages, ["a", "d"])
    with pytest.raises(RuntimeError, match="#x does not start a page of its own"):
        handouts_pdf.page_ranges([{"a", "x"}], ["a", "x"])


def _small_job(text: str = "One") -> dict:
    return {
        "html": f'<section class="handout" id="a"><h2>{text}</h2></section><section class="handout" id="b"><h2>Two</h2></section>',
        "pieces": ["a", "b"],
        "files": [
            {"file": "a.pdf", "title": "A", "pieces": ["a"]},
            {"file": "ab.pdf", "title": "AB", "pieces": ["a", "b"]},
        ],
        "language": "en",
    }


@pytest.mark.editions  # the handouts are laid out by WeasyPrint
def test_handouts_worker_writes_reproducible_pdfs_and_the_cache_keeps_them(tmp_path):
    job = handouts_pdf.start(_small_job(), tmp_path)
    assert job.worker is not None and job.cached is None
    made = job.result()
    assert [len(pikepdf.open(io.BytesIO(made[f])).pages) for f in ("a.pdf", "ab.pdf")] == [1, 2]
    again = handouts_pdf.start(_small_job(), tmp_path)
    assert again.worker is None and again.cached is not None and again.result() == made
    changed = handouts_pdf.start(_small_job("Other"), tmp_path)
    assert changed.worker is not None and changed.result()["a.pdf"] != made["a.pdf"]
    assert handouts_pdf.render(_small_job()) == made  # the same input, the same bytes


@pytest.mark.editions  # the handouts are laid out by WeasyPrint
def test_a_failing_worker_reports_why_and_leaves_nothing_in_the_cache(tmp_path):
    broken = {**_small_job(), "pieces": ["a", "missing"]}
    job = handouts_pdf.start(broken, tmp_path)
    with pytest.raises(RuntimeError, match="no page holds the anchor #missing"):
        job.result()
    assert not any(tmp_path.iterdir())


def test_handouts_escape_every_field():
    chapter = LEARNING.chapters[CHAPTERS[0]]
    question = type(chapter.questions[0])(HOSTILE, HOSTILE, "evaluate", "p", rubric=(HOSTILE, "second"))
    evil = type(chapter)((HOSTILE, *chapter.objectives[1:]), chapter.takeaways, (question,))
    session = dataclasses.replace(
        UNIT.sessions[0], title=HOSTILE, chapters=("a.md",), prompts=(("a.md", 1),), follow_up=HOSTILE
    )
    prompt = Prompt("discussion", HOSTILE, (HOSTILE, "second"))
    course = handouts.Course(
        HOSTILE,
        Learning("x", (), {"a.md": evil}),
        dataclasses.replace(TEACHING, prompts={"a.md": (prompt,)}),
        READINGS,
        dataclasses.replace(UNIT, sessions=(session,)),
        dataclasses.replace(ASSESSMENT, assignments=()),
        {"a.md": "1"},
        {"a.md": HOSTILE},
    )
    layouts = handouts.layouts(course)
    markup = "".join(str(s.html) for made in layouts for s in made.sections)
    assert "<script>" not in markup and "<p>javascript" not in markup
    for handout in (h for made in layouts for h in made.files):
        assert HOSTILE in handout_text(layouts, handout.file), handout.file
    assert handouts.pdf_job(layouts[0], language="en")["files"][0]["title"] == f"Session 1: {HOSTILE} — {HOSTILE}"


# The site: the download page, the files, the handouts as PDFs, the zip and the web app


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return _flat(out)


def _flat(text: str) -> str:
    """Text with its whitespace collapsed and none after a hyphen (a line may break after one in a PDF); a break the
    layout added (hyphens: auto, WeasyPrint's U+2010 at a line's end) is joined again."""
    return re.sub(r"-\s+", "-", " ".join(re.sub("\u2010\\s+", "", text).split()))


@pytest.fixture(scope="module")
def kit(site: Path) -> dict[str, Path]:
    return {f.name: site / f.url for f in kit_files(UNIT, NAMES)}


@pytest.mark.editions  # the handouts are laid out by WeasyPrint
def test_download_page_links_each_file_and_each_is_there(site, kit):
    page = site / KIT_PAGE.removesuffix(".md") / "index.html"
    links = [a["href"] for a in soup(page).select("ul.kit-downloads a[href]")]
    assert len(links) == len(kit) == len(UNIT.sessions) + 5
    for href in links:
        target = (page.parent / href).resolve()
        assert target.is_file() and target.stat().st_size > 1000, href
    assert {(page.parent / h).resolve() for h in links} == {p.resolve() for p in kit.values()}
    assert len(soup(page).select("ul.kit-downloads .kit-size")) == len(kit)


@pytest.mark.editions  # the handouts are laid out by WeasyPrint
def test_built_exports_hold_every_question(kit):
    name = {f.key: f.name for f in kit_files(UNIT, NAMES)}
    assert len(_moodle_questions(kit[name["moodle"]].read_bytes())) == len(QUESTIONS)
    package = zipfile.ZipFile(kit[name["cartridge"]])
    valid(CC_SCHEMA, package.read("imsmanifest.xml"))
    bank = ET.fromstring(package.read(cartridge.BANK_FILE))
    assert len(list(bank.iter(f"{{{qti.NS}}}item"))) == len(QUESTIONS)
    handout_files = [n for n in package.namelist() if n.startswith("handouts/")]
    assert len(handout_files) == len(UNIT.sessions) + 2
    quizzes = zipfile.ZipFile(kit[name["qti"]])
    assert sum(
        len(list(ET.fromstring(quizzes.read(n)).iter(f"{{{qti.NS}}}item")))
        for n in quizzes.namelist()
        if n != "imsmanifest.xml"
    ) == len(QUESTIONS)


@pytest.mark.editions  # the handouts are laid out by WeasyPrint
def test_built_worksheet_and_answer_key_as_pdfs(kit):
    worksheet, key = _pdf_text(kit[handouts.WORKSHEET]), _pdf_text(kit[handouts.ANSWER_KEY])
    missing = [q.a for _, q in QUESTIONS if _flat(q.a) not in key]
    assert not missing, missing[:2]
    leaked = [q.a for _, q in QUESTIONS if _flat(q.a)[:60] in worksheet]
    assert not leaked and "Model answer" not in worksheet
    missing = [point for point in RUBRIC_POINTS if _flat(point) not in key]
    assert not missing and len(RUBRIC_POINTS) > 100, missing[:2]
    assert not [point for point in RUBRIC_POINTS if _flat(point)[:60] in worksheet]
    assert "After class" not in worksheet and "Objectives" not in worksheet  # only the sessions' worksheet pages
    pages = 0
    for n, session in enumerate(UNIT.sessions, 1):
        path = kit[f"session-{n}-{session.id}.pdf"]
        text = _pdf_text(path)
        assert f"Session {n}: {session.title}" in text and "Model answer" not in text
        assert f"Worksheet, session {n}: {session.title}" in text and f"Worksheet, session {n}:" in worksheet
        assert text.index("After class") < text.index(f"Worksheet, session {n}")  # the worksheet comes last
        pages += len(pikepdf.open(path).pages)
    assert len(UNIT.sessions) < len(pikepdf.open(kit[handouts.WORKSHEET]).pages) < pages


def test_rubrics_are_in_no_page_of_the_site(site):
    """The rubrics are for the instructor's files only: no HTML page (student or instructor) and no search entry
    holds a rubric point."""
    pages = [(path, _flat(soup(path).get_text(" "))) for path in site.rglob("*.html")]
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    index = _flat(html.unescape(re.sub(r"<[^>]+>", " ", " ".join(doc["text"] for doc in docs))))
    assert len(pages) >= 40 and "discussion-prompts" in (site / "instructors/prompts/index.html").read_text("utf-8")
    for point in RUBRIC_POINTS:
        shown = [path.relative_to(site).as_posix() for path, text in pages if _flat(point)[:60] in text]
        assert not shown and _flat(point)[:60] not in index, (point, shown)


def test_offline_copy_links_the_kit_online_and_the_web_app_leaves_it_out(site):
    archive = zipfile.ZipFile(site / "downloads" / "military-diplomacy-reader.zip")
    name = next(n for n in archive.namelist() if n.endswith("instructors/downloads/index.html"))
    links = [a["href"] for a in soup_of(archive.read(name)).select("ul.kit-downloads a[href]")]
    assert links and all(
        h.startswith("https://military-diplomacy-reader.github.io/reader/downloads/instructors/") for h in links
    )
    assert not [n for n in archive.namelist() if f"/{KIT_FOLDER}/" in n]
    worker = (site / "sw.js").read_text(encoding="utf-8")
    assert "downloads/instructors/" not in worker and "instructors/downloads/" in worker


def soup_of(data: bytes):  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup

    return BeautifulSoup(data.decode("utf-8"), "html.parser")


def test_unit_plan_page_shows_every_session_with_reading_times(site):
    page = soup(site / "instructors" / "syllabus" / "index.html").select_one("article")
    text = " ".join(page.get_text(" ").split())
    assert [h["id"] for h in page.select("h2[id]") if h["id"] != "cite-this-page"] == [s.id for s in UNIT.sessions]
    assert "<!--" not in str(page) and len(re.findall(r"\(\d+ min\)", text)) == len(CHAPTERS)
    assert text.count("In class: 50 minutes") == text.count("In class: 90 minutes") == len(UNIT.sessions)
    assert "pp. 461–495" in text and "pp. 167–214" in text
    rubric_tables = soup(site / "instructors" / "assignments" / "index.html").select("table.rubric")
    assert len(rubric_tables) == len(ASSESSMENT.assignments)
    assert all(
        len(t.select("tbody tr")) == len(a.criteria) for t, a in zip(rubric_tables, ASSESSMENT.assignments, strict=True)
    )
