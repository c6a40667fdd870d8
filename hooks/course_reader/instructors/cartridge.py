"""The lecturer kit as an IMS Common Cartridge 1.3 (.imscc), the package Canvas, Moodle, Blackboard and Brightspace
import as a course shell: a web link to every chapter on the online reader, the handouts as files (when this build
made them), and the question bank (QTI 1.2, qti.py). The organization lists the links by session of the
unit plan, then the handouts; a question bank is never in the organization (the specification keeps it apart).
Written with lxml (every field escaped as XML) and zipped reproducibly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from course_reader.instructors.bank import Bank, pack, xml_bytes
from course_reader.instructors.qti import object_bank_xml

CC = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
LOMM = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
WL = "http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p3"
MANIFEST_SCHEMAS = f"{CC} {PROFILE}/ccv1p3_imscp_v1p2_v1p0.xsd {LOMM} {PROFILE}/LOM/ccv1p3_lommanifest_v1p0.xsd"
BANK_FILE = "question_bank/self-check.xml"


@dataclass(frozen=True)
class Module:
    """A group of the organization: a session and the chapters read for it."""

    title: str
    chapters: tuple[str, ...]


@dataclass(frozen=True)
class Handout:
    title: str
    file: str  # its name in the cartridge, e.g. "handouts/session-1.pdf"
    data: bytes


def _c(tag: str) -> str:
    return f"{{{CC}}}{tag}"


def weblink_xml(title: str, url: str) -> bytes:
    root = etree.Element(f"{{{WL}}}webLink", nsmap={None: WL, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{WL} {PROFILE}/ccv1p3_imswl_v1p3.xsd")
    etree.SubElement(root, f"{{{WL}}}title").text = title
    etree.SubElement(root, f"{{{WL}}}url", href=url, target="_blank")
    return xml_bytes(root)


def link_file(src: str) -> str:
    return f"weblinks/{src.removesuffix('.md').replace('/', '-')}.xml"


def manifest_xml(bank: Bank, modules: list[Module], handouts: list[Handout], *, description: str) -> bytes:
    """imsmanifest.xml: LOM title and description, the organization (sessions with their chapter links, then the
    handouts) and the resources (links, handouts, the question bank)."""
    root = etree.Element(
        _c("manifest"), nsmap={None: CC, "lomimscc": LOMM, "xsi": XSI}, identifier="military-diplomacy-kit"
    )
    root.set(f"{{{XSI}}}schemaLocation", MANIFEST_SCHEMAS)
    metadata = etree.SubElement(root, _c("metadata"))
    etree.SubElement(metadata, _c("schema")).text = "IMS Common Cartridge"
    etree.SubElement(metadata, _c("schemaversion")).text = "1.3.0"
    general = etree.SubElement(etree.SubElement(metadata, f"{{{LOMM}}}lom"), f"{{{LOMM}}}general")
    for tag, text in (("title", bank.title), ("description", description)):
        etree.SubElement(etree.SubElement(general, f"{{{LOMM}}}{tag}"), f"{{{LOMM}}}string", language="en").text = text
    organization = etree.SubElement(
        etree.SubElement(root, _c("organizations")), _c("organization"), identifier="org", structure="rooted-hierarchy"
    )
    top = etree.SubElement(organization, _c("item"), identifier="root")
    chapters = {c.src: c for c in bank.chapters}
    for number, module in enumerate(modules, 1):
        group = etree.SubElement(top, _c("item"), identifier=f"session-{number}")
        etree.SubElement(group, _c("title")).text = module.title
        for src in module.chapters:
            link = etree.SubElement(
                group, _c("item"), identifier=f"item-{_ident(src)}", identifierref=f"wl-{_ident(src)}"
            )
            etree.SubElement(link, _c("title")).text = chapters[src].label
    if handouts:
        group = etree.SubElement(top, _c("item"), identifier="handouts")
        etree.SubElement(group, _c("title")).text = "Handouts"
        for handout in handouts:
            ident = _ident(handout.file)
            entry = etree.SubElement(group, _c("item"), identifier=f"item-{ident}", identifierref=f"file-{ident}")
            etree.SubElement(entry, _c("title")).text = handout.title
    resources = etree.SubElement(root, _c("resources"))
    for chapter in bank.chapters:
        resource = etree.SubElement(
            resources, _c("resource"), identifier=f"wl-{_ident(chapter.src)}", type="imswl_xmlv1p3"
        )
        etree.SubElement(resource, _c("file"), href=link_file(chapter.src))
    for handout in handouts:
        ident = _ident(handout.file)
        resource = etree.SubElement(
            resources, _c("resource"), identifier=f"file-{ident}", type="webcontent", href=handout.file
        )
        etree.SubElement(resource, _c("file"), href=handout.file)
    bank_resource = etree.SubElement(
        resources, _c("resource"), identifier="question-bank", type="imsqti_xmlv1p2/imscc_xmlv1p3/question-bank"
    )
    etree.SubElement(bank_resource, _c("file"), href=BANK_FILE)
    return xml_bytes(root)


def _ident(path: str) -> str:
    """An XML ID from a path: letters, digits and hyphens."""
    return "".join(ch if ch.isalnum() else "-" for ch in path.removesuffix(".md").removesuffix(".pdf"))


def cartridge(bank: Bank, modules: list[Module], handouts: list[Handout], *, description: str, epoch: int) -> bytes:
    """The .imscc file's bytes."""
    files: dict[str, bytes] = {
        "imsmanifest.xml": manifest_xml(bank, modules, handouts, description=description),
        BANK_FILE: object_bank_xml(bank),
    }
    files.update({link_file(c.src): weblink_xml(c.label, c.url) for c in bank.chapters})
    files.update({h.file: h.data for h in handouts})
    return pack(files, epoch=epoch)


def modules_of(sessions: Mapping[str, tuple[str, ...]]) -> list[Module]:
    """{session title: its chapters} as the organization's groups."""
    return [Module(title, chapters) for title, chapters in sessions.items()]
