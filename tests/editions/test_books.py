"""The PDF and the EPUB as books (issue 24), on the session's build: web-only elements left out of both (by their
mark), every class of the PDF's HTML styled or declared plain, editor's notes drawn as boxes, questions linked to
their answers at the back (by page in the PDF, by link both ways in the EPUB), page references that lead where they
say, the outline's Answers and Index, and few near-empty pages. Read with pdfplumber (words and drawn boxes, as a
reader sees the page) and pikepdf (the outline)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from bs4 import BeautifulSoup

from course_reader.editions import pdf_edition
from course_reader.names import WEB_ONLY
from support.helpers import normalise, soup

pytestmark = pytest.mark.editions  # reads the PDF, EPUB or runs their validators

PDF = "downloads/military-diplomacy-reader.pdf"
EPUB = "downloads/military-diplomacy-reader.epub"
MM = 72 / 25.4
TEXT_BLOCK = (22 * MM, 24 * MM)  # pdf.css: the page's top and bottom margins
NEAR_EMPTY = 0.2  # a page whose text and boxes cover less than a fifth of its text block's height
MAX_NEAR_EMPTY = 4


@pytest.fixture(scope="module")
def pages(site) -> list[str]:
    """Each page's words, as pdfplumber reads them (a line-end hyphen added by hyphenation joined again)."""
    with pdfplumber.open(site / PDF) as pdf:
        return [normalise((page.extract_text() or "").replace("\u2010\n", "")) for page in pdf.pages]


@pytest.fixture(scope="module")
def book_html(site) -> str:
    page = site / "print_page" / "index.html"
    edition = pdf_edition.Edition("T", "a", "d", "en", "https://e.org/", 0, "c", rights="© us")
    return pdf_edition.book_html(pdf_edition.print_content(page.read_text(encoding="utf-8")), edition, page_url="p/")


def web_only_texts(site: Path) -> set[str]:
    """The text of every web-only element of the built site's pages (each at least 8 characters, "3 min read": what
    would give such an element away on paper)."""
    texts = set()
    for path in site.rglob("*.html"):
        if "print_page" in path.parts or "downloads" in path.parts:
            continue
        for element in soup(path).select(f"article .{WEB_ONLY}"):
            text = normalise(element.get_text(" "))
            if len(text) >= 8:
                texts.add(text)
    return texts


def test_web_only_elements_are_marked_where_they_are_made(site):
    texts = web_only_texts(site)
    joined = " | ".join(texts)
    for kind in ("min read", "Next:", "Cite this page", "Start reading", "All case studies", "Read the chapter"):
        assert kind in joined, f"no web-only element says {kind!r}"
    assert any("keyboard focus" in t for t in texts), "the glossary's screen hint is web-only"


def test_the_pdf_has_no_web_only_words(site, pages):
    text = " ".join(pages)
    leftovers = sorted(t[:80] for t in web_only_texts(site) if t in text)
    assert not leftovers, leftovers
    for phrase in ("min read", "Next: ", "Start reading", "Hover over", "All case studies", "Read the chapter"):
        assert phrase not in text, phrase


def test_the_epub_has_no_web_only_words(site):
    with zipfile.ZipFile(site / EPUB) as epub:
        text = " ".join(
            normalise(BeautifulSoup(epub.read(n), "html.parser").get_text(" "))
            for n in epub.namelist()
            if n.endswith(".xhtml")
        )
        assert not any(f'class="{WEB_ONLY}' in epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    leftovers = sorted(t[:80] for t in web_only_texts(site) if t in text)
    assert not leftovers, leftovers
    assert "min read" not in text and "Next: " not in text and "Hover over" not in text


def _classes(html: str) -> set[str]:
    return {name for value in re.findall(r'\sclass="([^"]*)"', html) for name in value.split()}


def _styled(css: str) -> set[str]:
    return set(re.findall(r"\.([a-zA-Z_][\w-]*)", re.sub(r"/\*.*?\*/", "", css, flags=re.S)))


def test_every_class_of_the_pdf_is_styled_or_declared_plain(book_html):
    styled = _styled(pdf_edition.CSS.read_text(encoding="utf-8"))
    classes = _classes(book_html)
    assert len(classes) > 60 and WEB_ONLY not in classes
    unstyled = classes - styled - set(pdf_edition.PLAIN_CLASSES)
    assert not unstyled, f"classes the PDF neither styles (pdf.css) nor declares plain (PLAIN_CLASSES): {unstyled}"
    assert "new-block" in _classes('<div class="new-block">') - styled - set(pdf_edition.PLAIN_CLASSES)
    unused = set(pdf_edition.PLAIN_CLASSES) - classes
    assert not unused, f"declared plain but no longer in the book: {unused}"


def test_editors_notes_are_boxed_whole_with_their_label(site, book_html):
    notes = book_html.count('<aside class="editor-note"')
    assert notes >= 10
    boxed = 0
    with pdfplumber.open(site / PDF) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            for i, word in enumerate(words):
                if word["text"] != "EDITOR’S" or words[i + 1]["text"] != "NOTE":
                    continue
                boxes = [
                    r
                    for r in page.rects
                    if r["x0"] < word["x0"] - 5
                    and r["x1"] > word["x0"] + 300
                    and r["top"] < word["top"] - 3
                    and r["bottom"] > word["bottom"] + 20
                ]
                assert boxes, f"page {page.page_number}: an editor's note with no box around it"
                sources = [w for w in words[i:] if w["text"] == "Sources:"]
                assert sources and any(sources[0]["bottom"] < r["bottom"] for r in boxes), (
                    f"page {page.page_number}: a note split from its sources (or its box)"
                )
                boxed += 1
    assert boxed == notes, f"{boxed} of {notes} notes boxed"


def test_questions_and_answers_give_each_others_pages(pages):
    asked = 0
    for number, text in enumerate(pages, 1):
        for target in re.findall(r"answer on p\. (\d+)", text):
            assert f"question on p. {number}" in pages[int(target) - 1], f"p. {number} -> p. {target}"
            asked += 1
    assert asked >= 70
    first = next(i for i, t in enumerate(pages) if t.startswith("Answers Answers"))
    assert all("question on p." not in t for t in pages[:first]), "the answers are at the back"
    assert "Level Remember" in pages[first] or "LEVEL Remember" in pages[first], "the level is labelled as such"


def test_page_references_lead_where_they_say(pages):
    supports = 0
    for text in pages:
        for opening, target in re.findall(r'See the paragraph beginning "([^"…]+)…" \(p\. (\d+)\)', text):
            assert opening.strip() in pages[int(target) - 1], f"{opening!r} is not on p. {target}"
            supports += 1
    assert supports >= 40
    home = next(t for t in pages if "This article will explore the functions" in t)
    margin = [int(n) for n in re.findall(r"→ (\d+)", home)]
    assert margin and any("Key Functions of Military Diplomacy" in pages[n - 1] for n in margin)


def test_the_glossary_and_the_index_give_pages(pages):
    glossary = [t for t in pages if t.startswith("Glossary ")]
    assert re.search(r"Appears in: ch\. 1, p\. \d+", " ".join(glossary))
    index = next(t for t in pages if t.startswith("Index Index"))
    entry = re.search(r"Alliance ?((?:\d+, )*\d+); glossary (\d+)", index)
    assert entry, index[:300]
    numbers = [int(n) for n in entry.group(1).split(", ")]
    assert numbers == sorted(set(numbers)), "pages in reading order, each once"
    assert "Alliance A formal agreement" in pages[int(entry.group(2)) - 1]


def test_the_outline_ends_with_answers_glossary_index_and_colophon(site):
    with pikepdf.open(site / PDF) as pdf, pdf.open_outline() as outline:
        titles = [" ".join(item.title.split()) for item in outline.root]
    assert titles[-4:] == ["Answers", "Glossary", "Index", "Colophon"], titles
    assert titles.index("Answers") > titles.index("10 Concluding Insights on Military Diplomacy and National Security")
    assert len(titles) == len(set(titles)), "each part once"


def test_at_most_four_pages_are_less_than_a_fifth_full(site):
    near_empty = []
    with pdfplumber.open(site / PDF) as pdf:
        for page in pdf.pages:
            top, bottom = TEXT_BLOCK[0], page.height - TEXT_BLOCK[1]
            spans = sorted(
                (item["top"], item["bottom"])
                for item in [*page.extract_words(), *page.rects]
                if item["top"] >= top - 1 and item["bottom"] <= bottom + 1
            )
            covered, end = 0.0, top
            for start, stop in spans:
                covered += max(0.0, stop - max(start, end))
                end = max(end, stop)
            if covered / (bottom - top) < NEAR_EMPTY:
                near_empty.append(page.page_number)
    print(f"\nnear-empty pages: {near_empty} of {len(pdf.pages)}")
    assert len(near_empty) <= MAX_NEAR_EMPTY, near_empty


def test_every_epub_question_links_to_its_answer_and_back(site):
    with zipfile.ZipFile(site / EPUB) as epub:
        answers = BeautifulSoup(epub.read("EPUB/answers.xhtml"), "html.parser")
        docs = {
            n.removeprefix("EPUB/"): BeautifulSoup(epub.read(n), "html.parser")
            for n in epub.namelist()
            if n.endswith(".xhtml")
        }
    questions = [(name, q) for name, doc in docs.items() for q in doc.select("p.question")]
    assert len(questions) >= 70
    for name, question in questions:
        href = question.select_one("a.to-answer")["href"]
        doc, _, ident = href.partition("#")
        assert doc == "answers.xhtml", href
        answer = answers.find(id=ident)
        assert answer is not None and answer.select_one("p:not([class])"), f"{name}: {href} has no answer"
        back = answer.select_one("a.to-question")["href"]
        assert back == f"{name}#{question['id']}", f"{href} links back to {back}"
    assert not any(doc.select("details.question") for doc in docs.values())
