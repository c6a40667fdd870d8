"""The question bank as QTI 1.2 (IMS Question and Test Interoperability, ASI 1.2.1), in the Common Cartridge profile
(namespace ims_qtiasiv1p2, essay items `cc.essay.v0p1`, scored by hand): one assessment per chapter for a standalone
QTI package (Canvas classic quizzes and others import the zip), and one object bank with every question for the
cartridge (cartridge.py). The model answer and the rubric are each item's solution feedback, for the
grader. Written with lxml: every field escaped as XML, the texts escaped as HTML first."""

from __future__ import annotations

from lxml import etree

from course_reader.instructors.bank import Bank, BankChapter, BankQuestion, answer_html, as_html, pack, xml_bytes

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_qtiasiv1p2p1_v1p0.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
QTI_FILE = "{}.xml"  # a chapter's assessment in the package: its stem ("role-index")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _root() -> etree._Element:
    root = etree.Element(_q("questestinterop"), nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} {SCHEMA}")
    return root


def _fields(parent: etree._Element, pairs: list[tuple[str, str]]) -> None:
    metadata = etree.SubElement(parent, _q("qtimetadata"))
    for label, entry in pairs:
        field = etree.SubElement(metadata, _q("qtimetadatafield"))
        etree.SubElement(field, _q("fieldlabel")).text = label
        etree.SubElement(field, _q("fieldentry")).text = entry


def _mattext(parent: etree._Element, html_text: str) -> None:
    material = etree.SubElement(parent, _q("material"))
    etree.SubElement(material, _q("mattext"), texttype="text/html").text = html_text


def item(chapter: BankChapter, question: BankQuestion, *, category: bool) -> etree._Element:
    """One essay item: the question, a text answer box, no automatic score, the model answer and rubric as its
    solution. `category`: name the chapter as the item's question category (the cartridge's object bank)."""
    element = etree.Element(
        _q("item"), ident=question.id, title=f"{chapter.number} Q{question.number} ({question.level})"
    )
    meta = etree.SubElement(element, _q("itemmetadata"))
    pairs = [("cc_profile", "cc.essay.v0p1"), ("qmd_computerscored", "No")]
    _fields(meta, pairs + ([("cc_question_category", chapter.label)] if category else []))
    presentation = etree.SubElement(element, _q("presentation"))
    _mattext(presentation, as_html(question.text))
    response = etree.SubElement(presentation, _q("response_str"), ident="response1", rcardinality="Single")
    render = etree.SubElement(response, _q("render_fib"))
    etree.SubElement(render, _q("response_label"), ident="answer1", rshuffle="No")
    processing = etree.SubElement(element, _q("resprocessing"))
    outcomes = etree.SubElement(processing, _q("outcomes"))
    etree.SubElement(outcomes, _q("decvar"), varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")
    condition = etree.SubElement(processing, _q("respcondition"), attrib={"continue": "No"})
    conditionvar = etree.SubElement(condition, _q("conditionvar"))
    etree.SubElement(conditionvar, _q("other"))
    feedback = etree.SubElement(element, _q("itemfeedback"), ident="solution")
    solution = etree.SubElement(feedback, _q("solution"))
    _mattext(etree.SubElement(solution, _q("solutionmaterial")), answer_html(question))
    return element


def assessment_xml(bank: Bank, chapter: BankChapter) -> bytes:
    """One chapter's questions as a QTI assessment (a quiz, and a question bank of its own, once imported)."""
    root = _root()
    stem = chapter.src.removesuffix(".md").replace("/", "-")
    assessment = etree.SubElement(
        root, _q("assessment"), ident=f"{stem}-self-check", title=f"{chapter.label}: self-check"
    )
    _fields(assessment, [("cc_profile", "cc.exam.v0p1"), ("qmd_assessmenttype", "Examination")])
    section = etree.SubElement(assessment, _q("section"), ident=f"{stem}-section")
    for question in chapter.questions:
        section.append(item(chapter, question, category=False))
    return xml_bytes(root)


def object_bank_xml(bank: Bank, ident: str = "question-bank") -> bytes:
    """Every question in one QTI object bank, each item naming its chapter as its category (a cartridge holds one
    question bank)."""
    root = _root()
    objectbank = etree.SubElement(root, _q("objectbank"), ident=ident)
    for chapter, question in bank.questions():
        objectbank.append(item(chapter, question, category=True))
    return xml_bytes(root)


def chapter_files(bank: Bank) -> dict[str, bytes]:
    """{file name: assessment} for every chapter with questions."""
    return {
        QTI_FILE.format(c.src.removesuffix(".md").replace("/", "-")): assessment_xml(bank, c)
        for c in bank.chapters
        if c.questions
    }


def package_manifest(bank: Bank, files: list[str]) -> bytes:
    """The package's imsmanifest.xml (IMS Content Packaging 1.1): one QTI resource per assessment file."""
    root = etree.Element(f"{{{CP_NS}}}manifest", nsmap={None: CP_NS}, identifier="military-diplomacy-qti")
    metadata = etree.SubElement(root, f"{{{CP_NS}}}metadata")
    etree.SubElement(metadata, f"{{{CP_NS}}}schema").text = "IMS Content"
    etree.SubElement(metadata, f"{{{CP_NS}}}schemaversion").text = "1.1.3"
    etree.SubElement(root, f"{{{CP_NS}}}organizations")
    resources = etree.SubElement(root, f"{{{CP_NS}}}resources")
    for name in files:
        stem = name.removesuffix(".xml")
        resource = etree.SubElement(
            resources, f"{{{CP_NS}}}resource", identifier=f"res-{stem}", type="imsqti_xmlv1p2", href=name
        )
        etree.SubElement(resource, f"{{{CP_NS}}}file", href=name)
    return xml_bytes(root)


def qti_package(bank: Bank, *, epoch: int) -> bytes:
    """The standalone QTI 1.2 package: a zip of the manifest and one assessment per chapter."""
    files = chapter_files(bank)
    return pack({"imsmanifest.xml": package_manifest(bank, sorted(files)), **files}, epoch=epoch)
