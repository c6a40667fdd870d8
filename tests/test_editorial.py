"""Editorial quality (issue 12): the reader's own text is accurate, attributed and kept apart from the article's."""

from __future__ import annotations

import re

import pytest
import yaml

from case_studies import load_case_studies
from conftest import ROOT
from datafile import ContentError
from glossary import load_glossary
from helpers import soup
from test_site import built_path

DATA = ROOT / "data"
PAGES = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
GLOSSARY = load_glossary(DATA / "glossary.yml", ROOT)
CASES = load_case_studies(DATA / "case_studies.yml", GLOSSARY, PAGES, ROOT)
SENTENCE = re.compile(r"[^.!?]*[.!?]")


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
        for s in SENTENCE.findall(" ".join(text.split()))
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
