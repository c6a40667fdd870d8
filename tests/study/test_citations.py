"""Citations (hooks/course_reader/study/citations.py, citation_styles.py, citation_html.py, cite.py): the three styles from the CSL
processor, BibTeX that pybtex parses, well-formed RIS and CSL-JSON, the meta tags on every chapter and case-study
page, the files the pages link, and the repository's CITATION.cff against the CFF 1.2.0 schema
(tests/fixtures/cff-schema-1.2.0.json, the schema file shipped in PyPI cffconvert 2.0.0's wheel)."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import rispy
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from course_reader.content.attribution import Source, load_source
from course_reader.core.fields import one_line
from course_reader.study.citation_html import meta_tags, render_box
from course_reader.study.citation_styles import Formatter, punctuation_in_quote
from course_reader.study.citations import Work, bibtex, csl_json, ris, source_work
from support.export_readers import tex_decode
from support.helpers import built_path, nav_sources
from support.helpers import fresh_soup as soup
from support.project import ROOT, course_yaml

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
SITE_NAME = CONFIG["site_name"]
SITE_URL = CONFIG["site_url"]
AUTHOR = CONFIG["site_author"]
CASES = [
    f"cases/{case['id']}.md"
    for case in yaml.safe_load((ROOT / "data" / "case_studies.yml").read_text())["case_studies"]
]
TOOLS = tuple(  # `tool: true` in front matter: tools, not text to cite
    src
    for src in nav_sources()
    if re.search(r"(?m)^tool: true\b", (ROOT / "docs" / src).read_text().split("\n---", 1)[0])
)
CHAPTERS = [src for src in nav_sources() if src not in ("glossary.md", "cases/index.md", *TOOLS)]
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")
MLA_MONTHS = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()  # CSL en-US short month terms

PAGE = Work(
    "tools-exercises",
    "webpage",
    "Joint Military Exercises",
    url="https://x.org/reader/tools/exercises/",
    authors=("Military Diplomacy course reader contributors",),
    container="Military Diplomacy and National Security",
    issued=date(2026, 3, 5),
)


def git_date(path: str) -> date | None:
    out = subprocess.run(
        ["git", "log", "-1", "--format=%cs", "--", path], cwd=ROOT, capture_output=True, text=True
    ).stdout
    return date.fromisoformat(out.strip()) if out.strip() else None


def plain_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()


# The formatter and the export formats (no build)


def test_three_styles_match_expected_strings():
    formatted = {label: str(html) for label, html in Formatter().format(PAGE).items()}
    assert formatted == {
        "APA": "Military Diplomacy course reader contributors. (2026, March 5). <i>Joint Military Exercises</i>. "
        "Military Diplomacy and National Security. https://x.org/reader/tools/exercises/",
        "Chicago": "Military Diplomacy course reader contributors. “Joint Military Exercises.” Military Diplomacy and "
        "National Security, March 5, 2026. https://x.org/reader/tools/exercises/.",
        "MLA": "Military Diplomacy course reader contributors. “Joint Military Exercises.” <i>Military Diplomacy and "
        "National Security</i>, 5 Mar. 2026, https://x.org/reader/tools/exercises/.",
    }
    for label, html in formatted.items():  # US English (CSL's punctuation-in-quote): the period inside the quotes
        assert not re.search(r"[”’](</[a-z]+>)*[.,]", html), label


def test_punctuation_goes_inside_closing_quotation_marks():
    assert punctuation_in_quote("A. “T”. B, “U”, C ‘V’.") == "A. “T.” B, “U,” C ‘V.’"
    assert punctuation_in_quote("<i>“T”</i>. x") == "<i>“T.”</i> x"
    assert punctuation_in_quote("“T”; “U”: (x).") == "“T”; “U”: (x)."


def test_a_person_is_inverted_and_a_group_is_not():
    article = source_work(
        Source("The Article", ("Jane Q. Doe",), "Example Review", "2023", url="https://example.org/a"), "en"
    )
    assert article.csl()["author"] == [{"family": "Doe", "given": "Jane Q."}]
    assert (
        str(Formatter().format(article)["MLA"])
        == "Doe, J. Q. “The Article.” <i>Example Review</i>, 2023, https://example.org/a."
    )
    assert PAGE.csl()["author"] == [{"literal": "Military Diplomacy course reader contributors"}]


def odd_page(title: str, url: str, container: str) -> Work:
    """A web page whose title, URL and container hold characters that mean something in HTML, BibTeX or RIS."""
    return Work("odd", "webpage", title, url=url, container=container, issued=date(2026, 1, 2))


def test_text_from_data_never_becomes_markup():
    work = odd_page('Arms & <b>"Quotes"</b> <script>alert(1)</script>', "https://x.org/?a=1&b=2", "R&D <i>Lab</i>")
    for label, html in Formatter().format(work).items():
        parsed = BeautifulSoup(str(html), "html.parser")
        assert not parsed.find(["b", "script"]), label
        assert {tag.name for tag in parsed.find_all(True)} <= {"i"}, label
        assert '<b>"Quotes"</b> <script>alert(1)</script>' in parsed.get_text(), label
        assert "a=1&b=2" in parsed.get_text(), label


def test_formatted_entries_are_cached(tmp_path, monkeypatch):
    cache = tmp_path / ".cache" / "citations.json"
    first = Formatter(cache)
    expected = first.format(PAGE)
    first.save()
    assert cache.is_file()
    second = Formatter(cache)
    monkeypatch.setattr(second, "_format", lambda *a: pytest.fail("formatted again instead of read from the cache"))
    assert second.format(PAGE) == expected
    changed = Work(**{**PAGE.__dict__, "title": "Another Title"})
    monkeypatch.setattr(second, "_format", lambda style, item: f"new {style}")
    assert str(second.format(changed)["APA"]) == "new apa"


def test_a_cache_file_is_data_made_safe_whenever_it_is_used(tmp_path):
    """Issue 26: a cache file (committed, or edited by anyone) that holds markup puts only text on the page."""
    cache = tmp_path / "citations.json"
    first = Formatter(cache)
    first.format(PAGE)
    first.save()
    data = json.loads(cache.read_text(encoding="utf-8"))
    poison = "<script>alert(1)</script><img src=x onerror=alert(2)><i>kept</i>"
    data["entries"] = dict.fromkeys(data["entries"], poison)
    cache.write_text(json.dumps(data), encoding="utf-8")
    for label, html in Formatter(cache).format(PAGE).items():
        parsed = BeautifulSoup(str(html), "html.parser")
        assert [tag.name for tag in parsed.find_all(True)] == ["i"], label  # the formatter's own tag only
        assert "<script>alert(1)</script>" in parsed.get_text(), label


def test_the_cache_lives_outside_the_project(tmp_path, monkeypatch):
    """Nothing in the repository is read as a cache: a committed .cache/reader/citations.json is ignored."""
    from course_reader.study.citation_styles import cache_file

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert cache_file().is_relative_to(tmp_path / "cache" / "course-reader" / "citations")
    assert not cache_file().is_relative_to(ROOT)


def test_bibtex_parses_with_pybtex():
    special = odd_page("Costs & 100% of {budgets} #1 $x_y ~ ^", "https://x.org/a%20b#c", "R&D")
    article = source_work(
        Source("The Article", ("Jane Q. Doe",), "Example Review", "2023", url="https://example.org/a"), "en"
    )
    data = parse_string(bibtex([PAGE, special, article]), "bibtex")
    assert list(data.entries) == ["tools-exercises", "odd", "source"]
    page = data.entries["tools-exercises"]
    assert page.type == "misc" and page.fields["title"] == "{Joint Military Exercises}"
    assert page.fields["year"] == "2026" and page.fields["url"] == "https://x.org/reader/tools/exercises/"
    assert str(page.persons["author"][0]) == "{Military Diplomacy course reader contributors}"
    assert (
        data.entries["odd"].fields["title"]
        == r"{Costs \& 100\% of \textbraceleft{}budgets\textbraceright{} \#1 \$x\_y \textasciitilde{} \textasciicircum{}}"
    )
    assert [str(p) for p in data.entries["source"].persons["author"]] == ["Doe, Jane Q."]


# Hostile text: what BibTeX, RIS, JSON and HTML give a meaning to, names and braces unpaired, other scripts
HOSTILE = (
    st.lists(
        st.sampled_from(list("{}\\%#&$_~^@,=\"'<>;:/?[]()* \t\nAzé中-") + ["}}", "{{", "@misc{", "ER  - ", "\\}"]).map(
            str
        ),
        min_size=1,
        max_size=40,
    )
    .map("".join)
    .filter(lambda text: text.split())
)
NAME = st.one_of(HOSTILE, st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8}){1,2}", fullmatch=True))


def hostile_work(title: str, author: str, container: str, url: str) -> Work:
    return Work("page", "webpage", title, url=url, authors=(author,), container=container, issued=date(2026, 1, 2))


@settings(max_examples=300, deadline=None)
@given(title=HOSTILE, author=NAME, container=HOSTILE, url=HOSTILE)
def test_pybtex_reads_every_field_back(title, author, container, url):
    """Issue 26: a title with `}}` once ended its field and rewrote the author and URL for a standard parser."""
    (entry,) = parse_string(bibtex([hostile_work(title, author, container, url)]), "bibtex").entries.values()
    assert set(entry.fields) == {"title", "howpublished", "year", "month", "date", "url", "language"}
    assert tex_decode(entry.fields["title"]) == one_line(title)
    assert tex_decode(entry.fields["howpublished"]) == one_line(container)
    (person,) = entry.persons["author"]
    assert tex_decode(str(person)) in (one_line(author), _inverted(one_line(author)))
    expected_url = one_line(url).replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
    assert tex_decode(entry.fields["url"]) == expected_url


def _inverted(name: str) -> str:
    given, _, family = name.rpartition(" ")
    return f"{family}, {given}"


@settings(max_examples=300, deadline=None)
@given(title=HOSTILE, author=HOSTILE, container=HOSTILE, url=HOSTILE)
def test_rispy_and_json_read_every_field_back(title, author, container, url):
    work = hostile_work(title, author, container, url)
    (record,) = rispy.loads(ris([work]))
    assert record["title"] == one_line(title) and record["authors"] == [one_line(author)]
    assert record["secondary_title"] == one_line(container) and record["urls"] == [one_line(url).replace(";", "%3B")]
    assert json.loads(csl_json([work])) == [work.csl()]


def well_formed_ris(text: str) -> list[list[str]]:
    """The records of an RIS file; fails unless every line is a tag line, CRLF-ended, each record TY … ER."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    records, current = [], None
    for line in text.split("\r\n")[:-1]:
        assert RIS_LINE.match(line), line
        if line.startswith("TY  - "):
            assert current is None, "TY inside a record"
            current = [line]
        else:
            assert current is not None, f"{line} outside a record"
            current.append(line)
            if line == "ER  - ":
                records.append(current)
                current = None
    assert current is None and records
    return records


def test_ris_and_csl_json_are_well_formed():
    (record,) = well_formed_ris(ris([PAGE]))
    assert record[:3] == [
        "TY  - ELEC",
        "TI  - Joint Military Exercises",
        "AU  - Military Diplomacy course reader contributors",
    ]
    assert "DA  - 2026/03/05/" in record and "UR  - https://x.org/reader/tools/exercises/" in record
    items = json.loads(csl_json([PAGE]))
    assert items == [PAGE.csl()] and items[0]["issued"] == {"date-parts": [[2026, 3, 5]]}


def test_the_source_option_as_a_citable_work():
    assert source_work(load_source({}, ""), "en") is None
    source = load_source(
        {
            "source": {
                "title": "The Article",
                "author": "not stated",
                "publisher": None,
                "date": date(2024, 5, 1),
                "url": "https://example.org/a",
            }
        },
        "",
    )
    assert source == Source("The Article", (), "", "2024-05-01", "", "https://example.org/a")
    assert source_work(source, "en").issued == date(2024, 5, 1)
    assert source_work(load_source({"source": {"title": "Not stated"}}, ""), "en") is None
    with pytest.raises(ValueError, match="source: field 'date' is 'May 2024' — give it as YYYY or YYYY-MM-DD"):
        load_source({"source": {"title": "T", "date": "May 2024"}}, "")
    with pytest.raises(ValueError, match="must be a mapping"):
        load_source({"source": "The Article"}, "")


def test_meta_tags_and_box_escape_their_text():
    work = Work(
        "x", "webpage", 'A "quoted" <title>', url="https://x.org/?a=1&b=2", authors=("A & B",), issued=date(2026, 1, 2)
    )
    head = BeautifulSoup(str(meta_tags(work, site_name="S & T", publisher="S & T", source=None)), "html.parser")
    assert head.find("meta", attrs={"name": "citation_title"})["content"] == 'A "quoted" <title>'
    assert head.find("meta", attrs={"name": "citation_author"})["content"] == "A & B"
    assert not head.find("title")
    box = render_box(Formatter().format(work), files={"bib": 'a".bib'}, reader_files={}, source=None, source_files=None)
    assert 'href="a&#34;.bib"' in str(box)


# The built site


def head_meta(page: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in page.find_all("meta", attrs={"name": name})]


@pytest.mark.parametrize("src", CHAPTERS + CASES)
def test_every_chapter_and_case_study_has_citation_meta_tags(site, src):
    page = soup(built_path(site, src))
    h1 = page.select_one("article h1")
    for extra in h1.select(".chapter-number, .headerlink"):
        extra.decompose()
    title = h1.get_text(" ", strip=True)
    url = SITE_URL + ("" if src == "index.md" else built_path(Path(""), src).parent.as_posix() + "/")
    when = git_date(f"docs/{src}") or git_date("data/case_studies.yml" if src.startswith("cases/") else "docs")
    assert head_meta(page, "citation_title") == head_meta(page, "DC.title") == [title]
    if src == "index.md":  # the home page stands for the whole reader
        assert head_meta(page, "citation_book_title") == []
    else:
        assert head_meta(page, "citation_book_title") == head_meta(page, "DC.relation.isPartOf") == [SITE_NAME]
    assert head_meta(page, "citation_author") == head_meta(page, "DC.creator") == [AUTHOR]
    assert head_meta(page, "citation_publisher") == head_meta(page, "DC.publisher") == [SITE_NAME]
    assert head_meta(page, "citation_public_url") == head_meta(page, "DC.identifier") == [url]
    assert head_meta(page, "citation_language") == head_meta(page, "DC.language") == ["en"]
    if when is not None and src != "index.md":
        assert head_meta(page, "citation_publication_date") == [when.strftime("%Y/%m/%d")]
        assert head_meta(page, "DC.date") == [when.isoformat()]


@pytest.mark.parametrize("src", TOOLS)
def test_a_tool_page_is_neither_cited_nor_timed(site, src):
    front = yaml.safe_load((ROOT / "docs" / src).read_text(encoding="utf-8").split("---")[1])
    assert front["tool"] is True
    page = soup(built_path(site, src))
    assert not page.select(".cite-this") and not page.select('meta[name^="citation_"], meta[name^="DC."]')
    assert not (site / "cite" / f"{src.removesuffix('.md')}.bib").exists()
    assert not page.select(".reading-time")
    assert page.select_one("article h1")  # the page itself is there


def test_pages_with_text_are_cited_unless_their_front_matter_says_tool_and_only_the_article_is_timed(site):
    pages = {src: soup(built_path(site, src)) for src in nav_sources()}
    assert {src for src, page in pages.items() if page.select(".cite-this")} == set(nav_sources()) - set(TOOLS)
    # reading time on the pages meant to be read through (the home page and the numbered chapters), not on the
    # glossary, the case studies, the tools or the instructors' lists
    article = {src for src, page in pages.items() if src == "index.md" or page.select_one("article h1 .chapter-number")}
    assert len(article) == 17 and "glossary.md" not in article
    assert {src for src, page in pages.items() if page.select(".reading-time")} == article


def test_cite_box_for_one_page_matches_the_styles(site):
    page = soup(built_path(site, "tools/exercises.md"))
    when = git_date("docs/tools/exercises.md") or date.today()
    url = SITE_URL + "tools/exercises/"
    day, month = when.day, when.strftime("%B")
    texts = [p.get_text() for p in page.select(".cite-this [data-cite]")]
    assert texts[:3] == [
        f"{AUTHOR}. ({when.year}, {month} {day}). Joint Military Exercises. {SITE_NAME}. {url}",
        f"{AUTHOR}. “Joint Military Exercises.” {SITE_NAME}, {month} {day}, {when.year}. {url}.",
        f"{AUTHOR}. “Joint Military Exercises.” {SITE_NAME}, {day} {MLA_MONTHS[when.month - 1]} {when.year}, {url}.",
    ]
    buttons = [b.get_text() for b in page.select(".cite-this button[data-copy-cite]")]
    assert buttons[:3] == ["Copy APA citation", "Copy Chicago citation", "Copy MLA citation"]
    assert [dt.get_text() for dt in page.select(".cite-this dt")][:3] == ["APA", "Chicago", "MLA"]


@pytest.mark.parametrize("src", ["index.md", "tools/exercises.md", "cases/us-nato.md", "glossary.md"])
def test_cite_box_downloads_exist_and_parse(site, src):
    path = built_path(site, src)
    links = soup(path).select(".cite-this__files a[download]")
    assert [a.get_text() for a in links][:6] == ["BibTeX", "RIS", "CSL-JSON"] * 2
    for number, link in enumerate(links):
        target = (path.parent / link["href"]).resolve()
        assert target.is_file(), link["href"]
        text = target.read_text(encoding="utf-8")
        if target.suffix == ".bib":
            assert len(parse_string(text, "bibtex").entries) == 1
        elif target.suffix == ".ris":
            assert len(well_formed_ris(target.read_bytes().decode("utf-8"))) == 1
        else:
            (item,) = json.loads(text)
            # the page's own files (the first three) have its URL and date; the source article's have what
            # extra.source sets (its url and date may be "not stated")
            assert {"id", "type", "title"} | ({"URL", "issued"} if number < 3 else set()) <= set(item)


def test_every_citation_file_is_well_formed(site):
    files = sorted((site / "cite").iterdir())
    keys = {f.stem for f in files}
    assert {"reader", "index", "tools-exercises", "cases-us-nato", "glossary"} <= keys | {"index"}
    assert len(files) == 3 * len(keys)
    for path in files:
        text = path.read_bytes().decode("utf-8")
        if path.suffix == ".bib":
            assert list(parse_string(text, "bibtex").entries) == [path.stem]
        elif path.suffix == ".ris":
            well_formed_ris(text)
        else:
            assert [item["id"] for item in json.loads(text)] == [path.stem]
    reader = json.loads((site / "cite" / "reader.json").read_text(encoding="utf-8"))[0]
    assert reader["type"] == "book" and reader["title"] == SITE_NAME and reader["URL"] == SITE_URL


def test_citation_files_are_in_the_offline_copy(offline_copy):
    assert (offline_copy / "cite" / "reader.bib").is_file()
    assert (offline_copy / "cite" / "tools-exercises.ris").is_file()


def test_a_source_known_only_by_its_title_is_not_cited():
    assert source_work(Source("The Article"), "en") is None
    assert source_work(Source("The Article", date="2020"), "en").year == 2020
    assert source_work(Source("The Article", url="https://example.org/a"), "en").url == "https://example.org/a"


def test_the_source_article_is_offered_when_configured(site):
    source = load_source(course_yaml(), "")
    page = soup(built_path(site, "history/alliances.md"))
    labels = [p.get_text() for p in page.select(".cite-this__label")]
    if source_work(source, "en"):
        assert "The original article:" in labels
        assert (site / "cite" / "source.bib").is_file()
        assert head_meta(page, "DC.source") == [source.url or source.title]
    else:
        assert "The original article:" not in labels and not (site / "cite" / "source.bib").exists()
        assert head_meta(page, "DC.source") == []


# CITATION.cff


def test_citation_cff_is_valid_and_matches_the_site():
    schema = json.loads((ROOT / "tests" / "fixtures" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(cff), key=str
    )
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == SITE_NAME and cff["url"] == SITE_URL and cff["repository-code"] == CONFIG["repo_url"]
    assert cff["authors"] == [{"name": AUTHOR}]


def test_the_cff_check_catches_a_broken_file():
    schema = json.loads((ROOT / "tests" / "fixtures" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    broken = {**cff, "authors": [{"nmae": AUTHOR}], "cff-version": "1.2"}
    assert len(list(jsonschema.Draft7Validator(schema).iter_errors(broken))) >= 2


def test_a_page_never_takes_the_whole_readers_or_the_sources_files():
    """Issue 26: docs/reader.md once received the whole reader's citation (both were cite/reader.*)."""
    from course_reader.study.cite import file_key

    assert file_key("reader/") == "reader-page" and file_key("source/") == "source-page"
    assert file_key("history/alliances/") == "history-alliances" and file_key("") == "index"
    assert file_key("a%7Bb%7D/c,d/") == "a-b--c-d"  # a key BibTeX reads as one
