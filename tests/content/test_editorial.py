"""Editorial quality (issue 12): the reader's own text is accurate, attributed and kept apart from the article's."""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from course_reader.content.attribution import (
    License,
    Rights,
    Source,
    footer_line,
    load_rights,
    load_source,
    render_block,
    rights_statement,
    source_status,
)
from course_reader.content.case_studies import load_case_studies
from course_reader.content.glossary import load_glossary
from course_reader.content.learning import HIGHER, LEVELS, Chapter, Learning, Question, load_learning
from course_reader.content.notes import Note, Notes, calls_in, check_placement, due, load_notes, render_note
from course_reader.content.readings import Reading, load_readings, render_list
from course_reader.content.self_check import check_supports, paragraph_openings
from course_reader.content.teaching import load_teaching
from course_reader.core.datafile import ContentError
from support.data_fixtures import load_error, write
from support.helpers import built_path, soup
from support.project import ROOT, build_site, copy_project, course_yaml

_spec = importlib.util.spec_from_file_location("check_spelling", ROOT / "scripts" / "check_spelling.py")
check_spelling = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_spelling)

DATA = ROOT / "data"
PAGES = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
GLOSSARY = load_glossary(DATA / "glossary.yml", ROOT)
CASES = load_case_studies(DATA / "case_studies.yml", GLOSSARY, PAGES, ROOT)
SENTENCE_END = re.compile(r"(?<=[a-z0-9\"'”)][.!?])\s+(?=[A-Z])")  # not after "U.S."


def _strings(value):
    """Every string in a loaded YAML value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _annual_rimpac(text: str) -> list[str]:
    """Sentences that call RIMPAC annual without correcting it."""
    return [
        s.strip()
        for s in SENTENCE_END.split(" ".join(text.split()))
        if re.search(r"RIMPAC|Rim of the Pacific", s)
        and re.search(r"\bannual\b", s, re.I)
        and not re.search(r"biennial|every two years", s)
    ]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yml")), ids=lambda p: p.name)
def test_no_annual_rimpac_in_the_data(path):
    found = [s for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))) for s in _annual_rimpac(text)]
    assert not found, f"{path.name}: RIMPAC has been biennial since 1974: {found}"


def test_the_rimpac_check_catches_the_old_wording():
    assert _annual_rimpac("The Rim of the Pacific exercise is an annual exercise in which countries collaborate.")
    assert not _annual_rimpac("The article calls RIMPAC annual; it has been held every two years since 1974.")


def test_no_annual_rimpac_in_the_readers_own_text(site):
    """The article's own sentence keeps its 'annual'; nothing the reader adds repeats it."""
    article = (ROOT / "tests" / "fixtures" / "article.txt").read_text(encoding="utf-8")
    for page in ("tools/exercises.md", "cases/rimpac.md", "glossary.md"):
        text = soup(built_path(site, page)).select_one("article").get_text(" ")
        found = [s for s in _annual_rimpac(text) if " ".join(s.split()) not in " ".join(article.split())]
        assert not found, (page, found)


# Case-study cards: within what the article says, self-contained quotations, each linked to its chapter


def test_case_studies_stay_within_the_article():
    text = (DATA / "case_studies.yml").read_text(encoding="utf-8")
    assert "traces this back to NATO" not in text
    assert "built on" not in text
    assert "alliances adapting" not in text
    gulf = CASES.cases["us-gulf"]
    assert not (gulf.kind == "bilateral" and any("Cooperation Council" in p for p in gulf.parties))
    assert set(CASES.cases["us-nato"].tools) <= {"joint initiatives", "intelligence sharing"}
    assert not CASES.cases["eu-defence"].tools and not CASES.cases["coalition-isis"].tools


@pytest.mark.parametrize("case_id", sorted(CASES.cases))
def test_quotations_are_self_contained(case_id):
    case = CASES.cases[case_id]
    first = case.summary.split()[:4]
    assert first[0] not in {"These", "This", "Such", "It", "They", "Its"}, (
        f"{case_id}: the quotation opens with a referent it lacks"
    )
    unbracketed = re.sub(r"\[[^\]]*\]", "", case.summary)
    assert not re.search(r"\bthese powers\b", unbracketed), case_id


@pytest.mark.parametrize("case_id", sorted(CASES.cases))
def test_every_card_links_the_chapter_its_summary_comes_from(site, case_id):
    case = CASES.cases[case_id]
    for page in (f"cases/{case_id}.md", *case.pages):
        html = soup(built_path(site, page))
        cards = [c for c in html.select(".case-card") if page.startswith("cases/") or c.find(id=f"card-{case_id}")]
        if not cards:
            assert "case_cards: false" in (ROOT / "docs" / page).read_text(encoding="utf-8"), (page, case_id)
            continue
        if page == case.source_page:  # in that chapter, the card points to the paragraph above instead
            pointer = cards[0].select_one(".case-summary--above a")
            assert pointer is not None and html.find(id=pointer["href"].removeprefix("#")), (page, case_id)
            assert not cards[0].select(".case-summary__source, blockquote.case-summary"), (page, case_id)
            continue
        source = cards[0].select_one(".case-summary__source a")
        assert source is not None, (page, case_id)
        target = (built_path(site, page).parent / source["href"]).resolve()
        assert target in (
            built_path(site, case.source_page).resolve(),
            built_path(site, case.source_page).parent.resolve(),
        )


def test_unknown_source_page_is_named(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    text = (
        (DATA / "case_studies.yml")
        .read_text(encoding="utf-8")
        .replace("source_page: regions/us-china.md", "source_page: regions/us-chna.md")
    )
    (data / "case_studies.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_case_studies(data / "case_studies.yml", GLOSSARY, PAGES, tmp_path)
    line = text.splitlines().index("    source_page: regions/us-chna.md") + 1
    assert str(info.value) == (
        f"data/case_studies.yml:{line}: entry 'us-china-maritime': field 'source_page' names 'regions/us-chna.md', which is not a page"
        " under docs/ (did you mean 'regions/us-china.md'?) — give the chapter the summary comes from, e.g. 'history/case-studies.md'"
    )


# Links and headings the article does not have


@pytest.mark.parametrize(
    ("page", "words", "wrong"),
    [
        ("tools/exercises.md", "common security challenges", "challenges/"),
        ("tools/attaches.md", "security challenges", "challenges/"),
        ("conclusion/index.md", "security challenges", "challenges/"),
        ("multilateral/index.md", "regional defense frameworks", "middle-east/"),
        ("future/index.md", "cyber capabilities", "#cyber-warfare"),
    ],
)
def test_links_go_where_their_words_mean(site, page, words, wrong):
    article = soup(built_path(site, page)).select_one("article")
    for link in article.select("a[href]"):
        if link.get_text(" ", strip=True) == words:
            assert wrong not in link["href"], (page, words, link["href"])


def test_conclusion_has_only_the_articles_heading(site):
    source = (ROOT / "docs" / "conclusion" / "index.md").read_text(encoding="utf-8")
    assert "Closing remarks" not in source
    assert not re.findall(r"^##? (?!Concluding Insights)", source, re.M)


# Editor's notes: data/notes.yml, placed on their chapters, set apart from the article in every edition

NOTES = load_notes(DATA / "notes.yml", PAGES, ROOT)


def test_every_note_names_its_sources_and_date():
    assert len(NOTES.notes) >= 5
    for note in NOTES.notes.values():
        assert note.sources and all(len(s) > 15 for s in note.sources), note.id
        assert not any("http" in s for s in note.sources), f"{note.id}: no URL unless checked"
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", note.as_of), note.id
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", note.checked) and note.checked >= note.as_of[:7], note.id


@pytest.mark.parametrize("note_id", sorted(NOTES.notes))
def test_every_note_is_on_its_chapter_and_in_the_print_edition(site, note_id):
    note = NOTES.notes[note_id]
    page = soup(built_path(site, note.chapter))
    aside = page.select_one(f"aside.editor-note#{note.anchor}")
    assert aside is not None, (note_id, note.chapter)
    assert aside.select_one(".editor-note__label").get_text() == "Editor’s note"
    assert [li.get_text() for li in aside.select(".editor-note__sources li")] == list(note.sources)
    assert " ".join(aside.select_one(".editor-note__text").get_text().split()) == note.text
    printed = soup(site / "print_page" / "index.html").select(".editor-note")
    assert any(note.text in " ".join(n.get_text().split()) for n in printed), note_id


def test_notes_are_styled_apart_in_every_edition():
    reader = (ROOT / "docs" / "assets" / "reader.css").read_text(encoding="utf-8")
    on_paper = reader[reader.index("@media print") :]  # printing any page, and the print edition
    assert ".editor-note" in reader and ".editor-note" in on_paper
    epub = (ROOT / "hooks" / "course_reader" / "editions" / "epub.css").read_text(
        encoding="utf-8"
    )  # the PDF is made from the print page
    assert ".editor-note {" in epub and ".editor-note__label" in epub


GOOD_NOTE = """\
notes:
  - id: rimpac-biennial
    chapter: tools/exercises.md
    title: How often RIMPAC is held
    text: It has been held every two years since 1974.
    sources:
      - Commander, U.S. Pacific Fleet, RIMPAC releases
    as_of: 2024-08
    checked: 2024-08
"""


def notes_error(tmp_path: Path, text: str) -> str:
    return load_error(
        lambda path: load_notes(path, {"tools/exercises.md"}, tmp_path), write(tmp_path, "notes.yml", text)
    )


def test_a_note_without_sources_is_refused(tmp_path):
    message = notes_error(
        tmp_path, GOOD_NOTE.replace("    sources:\n      - Commander, U.S. Pacific Fleet, RIMPAC releases\n", "")
    )
    assert message == (
        "data/notes.yml:2: entry 'rimpac-biennial': field 'sources' is missing — add a list of named, checkable public"
        " sources (treaty, official statement, reference work)"
    )


def test_a_note_on_a_missing_page_or_with_a_bad_date_is_refused(tmp_path):
    message = notes_error(
        tmp_path, GOOD_NOTE.replace("tools/exercises.md", "tools/exercise.md").replace("2024-08", "Aug 2024")
    )
    assert message.splitlines() == [
        "data/notes.yml:3: entry 'rimpac-biennial': field 'chapter' names 'tools/exercise.md', which is not a page under"
        " docs/ (did you mean 'tools/exercises.md'?) — give the path relative to docs/, e.g. 'tools/exercises.md'",
        "data/notes.yml:8: entry 'rimpac-biennial': field 'as_of' is 'Aug 2024' — write the date as YYYY-MM or"
        " YYYY-MM-DD, e.g. '2024-12'",
        "data/notes.yml:9: entry 'rimpac-biennial': field 'checked' is 'Aug 2024' — write the date as YYYY-MM or"
        " YYYY-MM-DD, e.g. '2024-12'",
    ]


def test_a_note_without_a_check_date_or_checked_before_it_is_true_is_refused(tmp_path):
    assert notes_error(tmp_path, GOOD_NOTE.replace("    checked: 2024-08\n", "")) == (
        "data/notes.yml:2: entry 'rimpac-biennial': field 'checked' is missing — add the date the note was last"
        " checked against its sources, as YYYY-MM or YYYY-MM-DD"
    )
    assert notes_error(tmp_path, GOOD_NOTE.replace("checked: 2024-08", "checked: 2024-07-31")) == (
        "data/notes.yml:9: entry 'rimpac-biennial': field 'checked' is 2024-07-31, before 'as_of' (2024-08) — a note"
        " cannot be true as of a date later than its last check; check it again and set 'checked' to today"
    )


def _note(note_id: str, checked: str, line: int = 1) -> Note:
    return Note(note_id, "tools/exercises.md", "T", "X", ("S",), "2020-01", checked, line)


def test_notes_not_checked_for_twelve_months_are_listed_oldest_first():
    listed = Notes(
        "data/notes.yml",
        {
            "fresh": _note("fresh", "2026-01", 3),
            "month": _note("month", "2025-12", 9),  # a month alone counts from its first day
            "day": _note("day", "2025-12-06", 15),
            "edge": _note("edge", "2025-12-05", 21),
            "old": _note("old", "2023-11-30", 27),
        },
    )
    assert due(listed, date(2026, 12, 5)) == [
        "data/notes.yml:27: editor's note 'old' was last checked 30 November 2023 — check it against its sources,"
        " update it if needed and set 'checked' to today",
        "data/notes.yml:9: editor's note 'month' was last checked December 2025 — check it against its sources,"
        " update it if needed and set 'checked' to today",
        "data/notes.yml:21: editor's note 'edge' was last checked 5 December 2025 — check it against its sources,"
        " update it if needed and set 'checked' to today",
    ]
    assert due(listed, date(2025, 12, 4)) == [due(listed, date(2026, 12, 5))[0]]
    assert due(Notes("n", {"leap": _note("leap", "2023-02-28")}), date(2024, 2, 29)) != []  # 29 Feb: 28 Feb a year on
    assert due(Notes("n", {"leap": _note("leap", "2023-03-01")}), date(2024, 2, 29)) == []


def test_every_note_was_checked_in_the_last_twelve_months_of_this_pass():
    """This editorial pass checked every note in December 2026; a note added later carries its own date."""
    assert due(NOTES, date(2026, 12, 31)) == []


def test_the_notes_due_script_lists_and_fails(tmp_path):
    spec = importlib.util.spec_from_file_location("notes_due", ROOT / "scripts" / "notes_due.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--today", "2026-12-31"]) == 0
    assert script.main(["--today", "2030-01-01"]) == 1


@pytest.mark.slow
def test_the_build_lists_notes_due_and_still_passes(tmp_path):
    """A note last checked long ago is named in the build's log (INFO), and the strict build passes."""
    project = copy_project(tmp_path / "project", git=False)
    notes_file = project / "data" / "notes.yml"
    text = notes_file.read_text(encoding="utf-8")
    text = re.sub(
        r"\n    as_of: \S+\n    checked: \S+\n", "\n    as_of: 2019-12\n    checked: 2020-01\n", text, count=1
    )
    notes_file.write_text(text, encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Due for a check: data/notes.yml:" in result.stderr
    assert "was last checked January 2020" in result.stderr


def test_markup_in_a_note_is_shown_as_typed_and_never_rendered(tmp_path):
    path = tmp_path / "data" / "notes.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD_NOTE.replace("It has been", "<script>alert(1)</script> {{ 7 * 7 }} It has been"), "utf-8")
    loaded = load_notes(path, {"tools/exercises.md"}, tmp_path).get("rimpac-biennial")
    html = BeautifulSoup(str(render_note(loaded)), "html.parser")
    assert not html.find("script")
    assert "<script>alert(1)</script> {{ 7 * 7 }} It has been" in html.select_one(".editor-note__text").get_text()
    note = Note("x", "tools/exercises.md", "A & B *c*", "1 < 2", ("Treaty <b>",), "2024-12")
    shown = BeautifulSoup(str(render_note(note)), "html.parser")
    assert not shown.find("b") and not shown.find("em")
    assert shown.select_one(".editor-note__title").get_text() == "Editor’s note A & B *c*"
    assert [li.get_text() for li in shown.select("li")] == ["Treaty <b>"]
    assert "1 < 2" in shown.get_text() and "December 2024" in shown.get_text()
    assert (
        shown.select_one(".editor-note__meta").get_text() == "As of December 2024; last checked not recorded. Sources:"
    )
    checked = BeautifulSoup(str(render_note(loaded)), "html.parser").select_one(".editor-note__meta").get_text()
    assert checked == "As of August 2024; last checked August 2024. Sources:"


def test_note_placement_is_checked():
    notes = Notes("data/notes.yml", {"n": Note("n", "tools/exercises.md", "T", "X", ("S",), "2024-12", line=9)})
    assert check_placement(notes, {}) == [
        "data/notes.yml:9: editor's note 'n' is not placed — add {{ editor_note(\"n\") }} to docs/tools/exercises.md"
        " after the paragraph it comments on"
    ]
    assert check_placement(notes, {"tools/attaches.md": [("n", 4)]})[0] == (
        "docs/tools/attaches.md:4: editor's note 'n' belongs on docs/tools/exercises.md (data/notes.yml:9, field"
        " 'chapter') — place it there, or change its chapter"
    )
    assert check_placement(notes, {"tools/exercises.md": [("m", 4)]})[0].startswith(
        "docs/tools/exercises.md:4: unknown editor's note 'm'"
    )
    assert calls_in('a\n{{ editor_note("n") }}\n') == [("n", 2)]


# Attribution of the source article (the course plugin's `source` option)


def test_the_source_article_is_described_once_with_what_is_not_known(site):
    """Known fields are listed; the unknown ones are named in one sentence on the home page and the print edition's
    title page (and so in the PDF and, with the home page, the EPUB), never as "not stated" lines on every page."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    source = course_yaml()["source"]
    home = soup(site / "index.html")
    facts = {dt.get_text(): dt.find_next("dd").get_text() for dt in home.select(".source-attribution dt")}
    labels = {"author": "Author", "publisher": "Publisher", "date": "Date", "license": "License", "url": "Original"}
    assert facts == {"Title": source.get("title") or config["site_name"]} | {
        label: source[key] for key, label in labels.items() if source.get(key)
    }
    expected = source_status(load_source(course_yaml(), config["site_name"]))
    assert expected == (
        "Reproduced as supplied; author, publisher, date, license and original address not stated — check before"
        " redistributing."
    )
    assert [p.get_text() for p in home.select(".source-status")] == [expected]
    title_page = soup(site / "print_page" / "index.html").select_one("#print-page-title-header + .print-source")
    assert "sentence by sentence" in title_page.get_text() and title_page.select_one(".source-facts")
    assert title_page.select_one(".source-status").get_text() == expected
    saying_it = {
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "check before redistributing" in p.read_text()
    }
    assert saying_it == {"index.html", "print_page/index.html"}
    for page in (site / "index.html", built_path(site, "tools/exercises.md"), site / "glossary" / "index.html"):
        footer = " ".join(soup(page).select_one(".md-copyright").get_text().split())
        assert footer.endswith("Chapters reproduce the article “Military Diplomacy and National Security”"), page
        assert "not stated" not in footer, page


def test_the_readers_licenses_are_shown_where_readers_look(site):
    rights = load_rights(course_yaml())
    for page in (site / "index.html", built_path(site, "regions/us-china.md"), site / "instructors" / "index.html"):
        footer = soup(page).select_one(".md-copyright")
        links = {a.get_text(): a["href"] for a in footer.select('a[rel="license"]')}
        assert links == {rights.content.name: rights.content.url, rights.code.name: rights.code.url}, page
        assert " ".join(footer.get_text().split()).startswith(
            f"Course reader © contributors · Reader’s text: {rights.content.name}; code: {rights.code.name} ·"
        )
    statement = " ".join(BeautifulSoup(str(rights_statement(rights)), "html.parser").get_text().split())
    assert "CC BY 4.0" in statement and "Neither license covers the article" in statement
    home = soup(site / "index.html").select_one(".source-attribution .source-rights")
    printed = soup(site / "print_page" / "index.html").select_one(".print-source .source-rights")
    for shown in (home, printed):
        assert " ".join(shown.get_text().split()) == statement


def test_license_files_citation_and_config_agree():
    config = course_yaml()["license"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert sorted(citation["license"]) == sorted(part["spdx"] for part in config.values())
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert config["code"]["spdx"] == "MIT" and code.startswith("MIT License\n\nCopyright (c) ")
    content = (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert config["content"]["spdx"] == "CC-BY-4.0"
    assert "Creative Commons Attribution 4.0 International Public License" in content
    assert "Section 8 -- Interpretation." in content
    assert "Not covered: the article the chapters reproduce" in content


def test_source_validation_status_and_escaping():
    source = load_source(
        {"source": {"title": "A <b>", "author": "X", "date": date(2023, 5, 1), "url": "https://e.org/a"}}, "Site"
    )
    assert source == Source("A <b>", ("X",), "", "2023-05-01", "", "https://e.org/a")
    line = str(footer_line(source))
    assert (
        "A &lt;b&gt;" in line
        and '<a href="https://e.org/a">' in line
        and line.endswith("(author: X; date: 2023-05-01)")
    )
    assert (
        source_status(source)
        == "Reproduced as supplied; publisher and license not stated — check before redistributing."
    )
    known = Source("T", ("X",), "P", "2023", "CC BY 4.0", "https://e.org/a")
    assert source_status(known) == "" and "source-status" not in str(render_block(known, RIGHTS))
    assert "not stated" not in str(footer_line(Source("T")))
    assert load_source({}, "Site").title == "Site"
    assert load_source({"source": {"authors": ["A. Cottey", "A. Forster"]}}, "Site").author == "A. Cottey, A. Forster"
    assert load_source({"source": {"author": ["A. Cottey"]}}, "Site").author == "A. Cottey"
    with pytest.raises(ValueError) as info:
        load_source({"source": {"autor": "X", "url": "javascript:alert(1)"}}, "Site")
    assert str(info.value).splitlines() == [
        "mkdocs.yml: plugins: course: source: unknown field 'autor' (did you mean 'author'?) — allowed: title, author, publisher,"
        " date, license, url",
        "mkdocs.yml: plugins: course: source: field 'url' is 'javascript:alert(1)' — give the article's address, starting https://",
    ]


RIGHTS = Rights(License("CC-BY-4.0", "CC BY <4.0>", "https://e.org/by"), License("MIT", "MIT", "https://e.org/mit"))


def test_license_validation_and_escaping():
    assert "CC BY &lt;4.0&gt;" in str(rights_statement(RIGHTS))
    with pytest.raises(ValueError) as info:
        load_rights({"license": {"content": {"spdx": "CC BY", "name": "", "url": "javascript:x", "ur": 1}, "cod": {}}})
    assert str(info.value).splitlines() == [
        "mkdocs.yml: plugins: course: license: unknown part 'cod' (did you mean 'code'?) — allowed: content, code",
        "mkdocs.yml: plugins: course: license: content: unknown field 'ur' (did you mean 'url'?)",
        "mkdocs.yml: plugins: course: license: content: field 'name' is missing",
        "mkdocs.yml: plugins: course: license: content: field 'spdx' is 'CC BY' — give an SPDX id such as 'MIT'",
        "mkdocs.yml: plugins: course: license: content: field 'url' is 'javascript:x' — give the license's address, https://",
        "mkdocs.yml: plugins: course: license: code: missing — give spdx, name and url",
    ]
    with pytest.raises(ValueError, match="must be a mapping with 'content:' and 'code:'"):
        load_rights({})


# Spelling policy: the reader's own text is American, the article is not checked


def test_the_readers_own_text_follows_american_spelling():
    assert check_spelling.problems() == []


def test_the_spelling_check_finds_british_forms_but_not_aliases_ids_or_the_article(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "data" / "glossary.yml").write_text(
        "terms:\n  - id: collective-defence\n    term: Collective defence\n    aliases: [collective defence]\n"
        "    short: Allies organise a joint response; see the Common Security and Defence Policy.\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "x.md").write_text(
        "---\ndescription: Attaché programmes.\n---\n\n"
        "Military diplomacy denotes the strategic use of defense and military-related engagements to achieve foreign"
        " policy objectives and bolster national security. Our own practise.\n",
        encoding="utf-8",
    )
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    (tmp_path / "tests" / "fixtures" / "article.txt").write_text(
        (ROOT / "tests" / "fixtures" / "article.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    found = check_spelling.problems(tmp_path)
    assert [line.split(" — ")[0] for line in found] == [
        "data/glossary.yml:3: 'defence' is British spelling",
        "data/glossary.yml:5: 'organise' is British spelling",
        "docs/x.md:2: 'programmes' is British spelling",
        "docs/x.md:5: 'practise' is British spelling",
    ]


# Glossary: the terms the article relies on, linked where it uses them; the weak entries improved

LINKED = {
    "assurance": ("role/index.md", "assure allies"),
    "strategic-stability": ("conclusion/index.md", "strategic stability"),
    "security-architecture": ("regions/us-china.md", "security architecture"),
    "military-readiness": ("role/index.md", "military readiness"),
    "coalition": ("history/alliances.md", "partnerships"),
    "joint-operations": ("regions/middle-east.md", "joint operations"),
    "military-to-military-dialogue": ("regions/us-china.md", "defense dialogues"),
    "miscalculation": ("impact/index.md", "miscalculations"),
    "great-power-rivalry": ("challenges/index.md", "rivalries"),
    "international-norms": ("challenges/index.md", "international norms"),
    "climate-security": ("future/index.md", "climate change"),
    "situational-awareness": ("future/index.md", "situational awareness"),
    "defense-posture": ("future/index.md", "defense postures"),
    "cyber-capabilities": ("future/index.md", "cyber capabilities"),
    "cyber-threats": ("history/alliances.md", "cyber threats"),
    "confidence-building": ("regions/us-china.md", "building trust"),
}


@pytest.mark.parametrize("term_id", sorted(LINKED))
def test_new_terms_are_linked_where_the_article_uses_them(site, term_id):
    page, words = LINKED[term_id]
    assert term_id in GLOSSARY.terms
    article = soup(built_path(site, page)).select_one("article")
    links = [
        a for a in article.select(f'a.glossary-term[data-term="{term_id}"]') if not a.find_parent(class_="case-card")
    ]
    assert any(a.get_text() == words for a in links), (term_id, page)


def test_weak_entries_are_improved():
    terms = GLOSSARY.terms
    assert "loosely" in terms["alliance"].definition
    assert "legitimacy" not in terms["bilateralism"].definition
    assert "Cottey and Forster (2004)" in terms["military-diplomacy"].definition
    assert "peacetime use" not in terms["military-diplomacy"].definition
    assert "otherwise rivals" not in terms["hadr"].definition
    assert "August 2022" in terms["mmca"].definition
    assert "cyber threats" not in [a.casefold() for a in terms["cyber-warfare"].aliases]
    for term in terms.values():  # American headwords, British forms kept as aliases
        assert not re.search(r"\b(defence|organisation|programme)\b", term.term, re.I), term.id


# Self-check questions that teach: levels, the higher-order share, objectives tested, answers pointing to support

LEARNING = load_learning(DATA / "learning.yml", PAGES, ROOT)


@pytest.mark.parametrize("src", sorted(LEARNING.chapters))
def test_each_chapter_has_the_level_mix(src):
    chapter = LEARNING.chapters[src]
    levels = [q.level for q in chapter.questions]
    assert set(levels) <= set(LEVELS)
    assert 3 * sum(level in HIGHER for level in levels) >= len(levels), (src, levels)
    for number, objective in enumerate(chapter.objectives, 1):
        if re.search(r"\b(compare|evaluate)\b", objective, re.I):
            assert any(q.objective == number and q.level in ("analyze", "evaluate") for q in chapter.questions), (
                src,
                objective,
            )


def test_questions_test_content_not_position():
    for chapter in LEARNING.chapters.values():
        for question in chapter.questions:
            assert not re.search(r"\b(final|first|last|second) paragraph\b", question.q), question.q
            assert question.a.casefold() not in question.q.casefold()


@pytest.mark.parametrize("src", sorted(LEARNING.chapters))
def test_every_answer_links_its_support(site, src):
    page = built_path(site, src)
    html = soup(page)
    for details, question in zip(html.select(".self-check details"), LEARNING.chapters[src].questions, strict=True):
        link = details.select_one(".self-check__support a")
        if question.note:
            assert link["href"] == f"#note-{question.note}" and html.find(id=f"note-{question.note}"), question.q
        else:
            assert question.paragraph in link.get_text()
            assert link["href"].startswith("#p-"), link[
                "href"
            ]  # the paragraph's anchor (hooks/course_reader/site/paragraphs.py)
            paragraph = html.find(id=link["href"][1:])
            assert " ".join(paragraph.get_text("").split()).startswith(question.paragraph), question.q


def test_the_course_map_shows_the_level_mix(site):
    home = soup(site / "index.html")
    assert home.select_one("table.course-map th:nth-of-type(5)").get_text() == "Self-check questions"
    total = sum(len(c.questions) for c in LEARNING.chapters.values())
    assert f"{total} self-check questions:" in home.get_text()


LEARNING_BASE = """\
chapters:
  a.md:
    objectives: [Define x., Compare x and y.]
    takeaways: [x, y]
    questions:
      - {q: One?, a: One., level: remember, paragraph: First words}
      - {q: Two?, a: Two., level: analyze, objective: 2, paragraph: First words}
      - {q: Three?, a: Three., level: understand, note: n}
"""


def learning_error(tmp_path: Path, text: str) -> str:
    return load_error(lambda path: load_learning(path, {"a.md"}, tmp_path), write(tmp_path, "learning.yml", text))


def test_question_validation_names_chapter_question_and_field(tmp_path):
    path = tmp_path / "data" / "learning.yml"
    path.parent.mkdir(parents=True)
    path.write_text(LEARNING_BASE, encoding="utf-8")
    assert load_learning(path, {"a.md"}, tmp_path).chapters["a.md"].questions[1].objective == 2
    assert learning_error(tmp_path, LEARNING_BASE.replace("level: remember", "level: analyse")) == (
        "data/learning.yml:6: chapter 'a.md', question 1: field 'level' is 'analyse' (did you mean 'analyze'?)"
        " — use one of: remember, understand, apply, analyze, evaluate"
    )
    assert learning_error(tmp_path, LEARNING_BASE.replace(", note: n", "")).endswith(
        "question 3: give the answer's support, either 'paragraph:' (the opening words of the chapter's paragraph that"
        " supports it) or 'note:' (the id of an editor's note), not both"
    )
    assert learning_error(tmp_path, LEARNING_BASE.replace("level: analyze", "level: understand")).splitlines() == [
        "data/learning.yml:2: chapter 'a.md': 0 of 3 questions ask to apply, analyze or evaluate — at least 1 should"
        " (compare two cases, test a claim against a case, judge an argument)",
        "data/learning.yml:2: chapter 'a.md': objective 2 asks to compare — add a question with 'objective: 2' and level"
        " analyze or evaluate that tests exactly that",
    ]


def test_supports_are_checked_against_the_page_and_the_notes():
    opening = "Such exercises often simulate real-world scenarios"
    chapter = Chapter(("x",), ("y",), (Question("Q?", "A.", "remember", paragraph=opening),))
    learning = Learning("data/learning.yml", (), {"tools/exercises.md": chapter})
    markdown = 'Such {{ term("x", "exercises") }} often simulate real-world scenarios.\n\n- **Item:** [text](a.md)\n'
    openings = paragraph_openings(markdown, {})
    assert openings == ["Such exercises often simulate real-world scenarios.", "Item: text"]
    assert check_supports(learning, {"tools/exercises.md": openings}, {}) == []
    assert check_supports(learning, {"tools/exercises.md": ["Other text."]}, {}) == [
        "data/learning.yml: chapter 'tools/exercises.md': question 1: field 'paragraph' is 'Such exercises often simulate"
        " real-world scenarios', which does not open a paragraph of docs/tools/exercises.md — copy the first words of the"
        " paragraph exactly"
    ]
    short = Learning(
        "data/learning.yml",
        (),
        {"a.md": Chapter(("x",), ("y",), (Question("Q?", "A.", "remember", paragraph="Such"),))},
    )
    assert check_supports(short, {"a.md": ["Such exercises often simulate."]}, {})[0].endswith(
        "field 'paragraph' is 'Such' — give at least 6 words of the paragraph's opening, so the answer can link to the"
        " paragraph"
    )
    noted = Chapter(("x",), ("y",), (Question("Q?", "A.", "remember", note="rimpac"),))
    found = check_supports(Learning("data/learning.yml", (), {"tools/exercises.md": noted}), {}, {"rimpac": "other.md"})
    assert found[0].startswith(
        "data/learning.yml: chapter 'tools/exercises.md': question 1: field 'note' names 'rimpac'"
    )


# For instructors: prompts, timeline, notes and further reading, in every edition and in search (the syllabus and the
# lecturer kit: tests/instructors/test_lecturer_kit.py)

READINGS = load_readings(DATA / "readings.yml", PAGES, ROOT)
TEACHING = load_teaching(DATA / "teaching.yml", list(LEARNING.chapters), set(GLOSSARY.terms), set(NOTES.notes), ROOT)
INSTRUCTOR_PAGES = [
    "instructors/index.md",
    *(f"instructors/{p}.md" for p in ("syllabus", "prompts", "timeline", "notes", "reading")),
]


def test_every_reading_has_its_bibliographic_details():
    assert {"cottey-forster-2004", "walt-1987", "snyder-1997", "schelling-1966", "vagts-1967"} <= set(READINGS.readings)
    assert {"north-atlantic-treaty", "vienna-convention-1961", "mmca-1998"} <= set(READINGS.readings)
    for reading in READINGS.readings.values():
        assert reading.title and 1600 <= reading.year <= 2100 and reading.why, reading.id
        if reading.kind in ("treaty", "agreement"):
            assert reading.signed, reading.id
        else:
            assert bool(reading.authors) != bool(reading.editors), reading.id
            assert reading.publisher or (reading.journal and reading.volume and reading.pages), reading.id
    walt = READINGS.readings["walt-1987"]
    assert (walt.authors, walt.title, walt.year, walt.publisher) == (
        ("Walt, Stephen M.",),
        "The Origins of Alliances",
        1987,
        "Cornell University Press",
    )


def test_further_reading_includes_recent_and_non_western_scholarship():
    """Issue 23: at least five works from 2010 on, among them studies of China's, Russia's and Southeast Asian
    states' military diplomacy; the checked details of two of them."""
    recent = [r for r in READINGS.readings.values() if r.year >= 2010 and r.kind not in ("treaty", "agreement")]
    assert len(recent) >= 5, [r.id for r in recent]
    titles = " ".join(r.title for r in recent)
    for subject in ("Chinese", "Russia", "Southeast Asia"):
        assert subject in titles, subject
    capie = READINGS.readings["capie-2013"]
    assert (capie.journal, capie.volume, capie.pages) == ("Contemporary Southeast Asia", "35 (1)", "1–26")
    cottey = READINGS.readings["cottey-forster-2004"]
    assert cottey.title.endswith(": New Roles for Military Cooperation and Assistance")
    assert cottey.publisher == "Oxford University Press for the International Institute for Strategic Studies"


def test_references_show_pages_and_editors():
    article = Reading(
        "a", "article", "T", 1984, "W", ("a.md",), ("Snyder, Glenn H.",), journal="J", volume="36 (4)", pages="461–495"
    )
    assert (
        BeautifulSoup(str(render_list([article])), "html.parser")
        .li.get_text()
        .startswith("article Snyder, Glenn H. (1984). “T”. J 36 (4): 461–495.")
    )
    edited = Reading("e", "monograph", "B", 2011, "W", ("a.md",), editors=("Singh, B.", "Tan, S. S."), publisher="P")
    assert (
        "Singh, B. and Tan, S. S. (eds.) (2011). B. P."
        in BeautifulSoup(str(render_list([edited])), "html.parser").li.get_text()
    )


def test_every_chapter_has_further_reading_shown(site):
    for src in LEARNING.chapters:
        listed = READINGS.for_page(src)
        assert listed, src
        shown = soup(built_path(site, src)).select("#further-reading ~ ul.further-reading li.reading")
        assert [li["id"] for li in shown] == [r.anchor for r in listed], src
    everything = soup(site / "instructors" / "reading" / "index.html").select("li.reading")
    assert len(everything) == len(READINGS.readings)


@pytest.mark.parametrize("src", sorted(LEARNING.chapters))
def test_every_chapter_has_two_prompts_with_a_counter_argument(src):
    prompts = TEACHING.prompts[src]
    assert len(prompts) >= 2 and any(p.kind == "counter-argument" for p in prompts), src


def test_prompts_cover_the_counter_arguments_the_course_needs():
    text = " ".join(p.text for prompts in TEACHING.prompts.values() for p in prompts).casefold()
    for topic in ("arms sales", "coercive", "whose security"):
        assert topic in text, topic
    # debates framed from more than one capital, and all partners described in the same terms
    assert {"moscow", "kyiv", "minsk", "riyadh", "washington"} <= set(re.findall(r"[a-z]+", text))
    assert "authoritarian" not in text


def test_the_timeline_is_in_order_and_links_its_sources(site):
    years = [e.year for e in TEACHING.timeline]
    assert years == sorted(years) and 1949 in years
    rows = soup(site / "instructors" / "timeline" / "index.html").select("table.timeline tbody tr")
    assert len(rows) == len(TEACHING.timeline)
    for row in rows:
        href = row.select_one("a")["href"]
        target, _, fragment = href.partition("#")
        path = (site / "instructors" / "timeline" / target).resolve()
        page = path / "index.html" if path.is_dir() else path
        assert page.is_file(), href
        if fragment:
            assert soup(page).find(id=fragment), href


YEAR = re.compile(r"(?<!Fiscal Year )(?<!\()\b(1[89]\d\d|20\d\d)\b(?!\))")  # not a law's fiscal year, not "(2004)"


def test_the_timeline_lists_every_date_the_glossary_and_notes_use():
    used = {int(y) for n in NOTES.notes.values() for y in YEAR.findall(f"{n.title} {n.text}")}
    used |= {int(y) for t in GLOSSARY.terms.values() for y in YEAR.findall(f"{t.short} {t.definition}")}
    assert used - {e.year for e in TEACHING.timeline} == set()
    assert YEAR.findall("NDAA for Fiscal Year 2019; Cottey and Forster (2004); in 2014 and 2016") == ["2014", "2016"]


def test_instructor_material_is_in_print_and_search(site):
    printed = soup(site / "print_page" / "index.html")
    assert len(printed.select(".discussion-prompts")) >= 2 * len(LEARNING.chapters) // 2
    assert printed.select_one("table.timeline") and printed.select("li.reading")
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    for page in INSTRUCTOR_PAGES:
        assert f'"location":"{page.removesuffix(".md").removesuffix("index")}' in index.replace(": ", ":"), page


def test_teaching_validation_names_what_is_missing(tmp_path):
    path = write(
        tmp_path,
        "teaching.yml",
        "prompts:\n  a.md:\n    - {kind: discusion, text: Why?}\n"
        "timeline:\n  - {year: 1949, event: NATO, from: note nope}\n",
    )
    assert load_error(lambda p: load_teaching(p, ["a.md"], set(), {"rimpac"}, tmp_path), path).splitlines() == [
        "data/teaching.yml:3: prompts: a.md: prompt 1: field 'kind' is 'discusion' (did you mean 'discussion'?) — use"
        " one of: discussion, counter-argument",
        "data/teaching.yml:2: prompts: chapter 'a.md' has 1 prompt(s) — give at least 2, one of them a counter-argument",
        "data/teaching.yml: timeline: event 1: 'from: note nope' names no such note",
    ]


def test_readings_validation_names_file_line_entry_and_field(tmp_path):
    path = write(
        tmp_path,
        "readings.yml",
        "readings:\n  - id: walt-1987\n    kind: book\n    authors: [Walt, Stephen M.]\n    title: The Origins of Alliances\n"
        "    year: 1987\n    chapters: [a.md]\n    why: Why states ally.\n",
    )
    assert load_error(lambda p: load_readings(p, {"a.md"}, tmp_path), path) == (
        "data/readings.yml:2: entry 'walt-1987': field 'publisher' is missing — a book names its publisher"
    )
    both = write(
        tmp_path,
        "readings.yml",
        "readings:\n  - id: x\n    kind: article\n    authors: [A]\n    editors: [B]\n    title: T\n    year: 2000\n"
        "    journal: J\n    volume: '1'\n    chapters: [a.md]\n    why: W.\n",
    )
    assert load_error(lambda p: load_readings(p, {"a.md"}, tmp_path), both).splitlines() == [
        "data/readings.yml:2: entry 'x': give 'authors' or 'editors' (an edited volume), not both",
        "data/readings.yml:2: entry 'x': an article needs 'journal', 'volume' and 'pages'",
    ]
    html = str(render_list([Reading("x", "book", "A <i>*b*", 2000, "W & V", ("a.md",), ("B",), publisher="P")]))
    shown = BeautifulSoup(html, "html.parser")
    assert shown.cite.get_text() == "A <i>*b*" and not shown.find("i") and "W & V" in shown.li.get_text()
