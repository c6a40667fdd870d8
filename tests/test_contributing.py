"""The contributor workflow: "Edit this page" and "Report a problem with this page" on every page, derived from the
one repo_url; CONTRIBUTING.md's examples and checklist; the GitHub workflows, templates and Dependabot."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from course_reader.content.case_studies import FIELDS as CASE_FIELDS
from course_reader.content.case_studies import load_case_studies
from course_reader.content.glossary import FIELDS as TERM_FIELDS
from course_reader.content.glossary import load_glossary
from support.helpers import built_path, html_pages, soup
from support.project import ROOT, TIERS

GITHUB = ROOT / ".github"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
REPORT_LABEL = "Report a problem with this page"
REPORT_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "content-correction.yml"  # what "Report a problem" opens


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name: or !ENV; their values don't matter here."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader)


CONFIG = _load(ROOT / "mkdocs.yml")
REPO_URL = CONFIG["repo_url"].rstrip("/")
EDIT_URI = CONFIG["edit_uri"]  # e.g. edit/main/docs/
EDIT_ROOT = f"{REPO_URL}/{EDIT_URI.rstrip('/').rsplit('/', 1)[0]}/"  # e.g. …/edit/main/ (the repository root)


def _page_title(page) -> str:
    """The page's own title: Material's <title> is "<page title> - <site name>"."""
    title = page.title.get_text()
    suffix = f" - {CONFIG['site_name']}"
    return title[: -len(suffix)] if title.endswith(suffix) else title


def _source_pages() -> dict[str, str]:
    """docs-relative source → built page (directory URLs), for the hand-written pages."""
    sources = (src.relative_to(ROOT / "docs").as_posix() for src in (ROOT / "docs").rglob("*.md"))
    return {rel: built_path(Path(), rel).as_posix() for rel in sources}


# The page actions


def test_every_page_has_a_report_link(site: Path) -> None:
    pages = html_pages(site)
    assert len(pages) >= 20
    for path in pages:
        page = soup(path)
        links = page.select("a.reader-report")
        assert len(links) == 1, f"{path.relative_to(site)}: {len(links)} report links"
        link = links[0]
        assert link["aria-label"] == REPORT_LABEL and link["title"] == REPORT_LABEL
        assert link.find("svg") is not None, "the icon (from Material's bundled .icons) is missing"

        url = urlsplit(link["href"])
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO_URL}/issues/new"
        query = parse_qs(url.query, strict_parsing=True)
        assert set(query) == {"template", "title", "page"}
        assert query["template"] == [REPORT_FORM.name]
        title = _page_title(page)
        canonical = page.find("link", rel="canonical")["href"]
        assert canonical.startswith(CONFIG["site_url"])
        assert query["title"] == [f"Problem on page: {title}"]
        assert query["page"] == [canonical]


def test_the_report_form_has_the_fields_the_links_fill_in() -> None:
    """GitHub fills an issue form's fields from the query parameters named like their ids: the page's link fills
    in Page, a paragraph's (docs/assets/paragraph-report.js) also Problem."""
    form = yaml.safe_load(REPORT_FORM.read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"page", "problem"} <= ids
    script = (ROOT / "docs" / "assets" / "paragraph-report.js").read_text(encoding="utf-8")
    assert 'searchParams.set("page"' in script and 'searchParams.set("problem"' in script


def test_report_link_is_url_encoded(site: Path) -> None:
    """In the HTML source the query is percent-encoded and its '&' escaped; nothing can break the attribute."""
    for path in html_pages(site):
        raw = path.read_text(encoding="utf-8")
        hrefs = re.findall(r'<a href="([^"]*)"\s+title="' + REPORT_LABEL, raw)
        assert len(hrefs) == 1, path
        href = hrefs[0]
        assert re.fullmatch(
            re.escape(REPO_URL)
            + r"/issues/new\?template=content-correction\.yml&amp;title=[A-Za-z0-9%._~/-]+&amp;page=[A-Za-z0-9%._~/-]+",
            href,
        ), href


def test_edit_link_next_to_the_report_link_on_every_written_page(site: Path) -> None:
    for src, built in _source_pages().items():
        path = site / built
        assert path.is_file(), f"docs/{src} was not built as {built}"
        page = soup(path)
        edit = page.select('a[rel="edit"]')
        assert len(edit) == 1, f"{built}: no 'Edit this page' link"
        text = (ROOT / "docs" / src).read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---\n") else {}
        source = front.get("edit_source")  # a page built from data edits its data file (e.g. the glossary)
        assert edit[0]["href"] == (f"{EDIT_ROOT}{source}" if source else f"{REPO_URL}/{EDIT_URI}{src}")
        report = page.select_one("a.reader-report")
        assert report.parent is edit[0].parent, "the report link is not next to the edit link"


def test_generated_case_study_pages_edit_their_data(site: Path) -> None:
    """A case-study page is generated from data/case_studies.yml: its edit link opens that file."""
    ids = re.findall(r"^  - id: (\S+)$", (ROOT / "data/case_studies.yml").read_text(encoding="utf-8"), re.M)
    assert ids
    for case_id in ids:
        page = soup(site / "cases" / case_id / "index.html")
        edit = page.select('a[rel="edit"]')
        assert [a["href"] for a in edit] == [f"{EDIT_ROOT}data/case_studies.yml"], f"cases/{case_id}/"
        assert page.select_one("a.reader-report").parent is edit[0].parent


def test_repository_url_is_set_in_one_place() -> None:
    assert (ROOT / "mkdocs.yml").read_text(encoding="utf-8").count(REPO_URL) == 1
    for folder in ("overrides", "hooks", "docs", "data"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".html", ".py", ".md", ".yml", ".js", ".css"}:
                assert REPO_URL not in path.read_text(encoding="utf-8"), f"{path.relative_to(ROOT)} repeats repo_url"


# CONTRIBUTING.md


def _guide() -> str:
    return CONTRIBUTING.read_text(encoding="utf-8")


def _yaml_examples() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", _guide(), re.S)


def _example(key: str) -> str:
    found = [block for block in _yaml_examples() if block.startswith("  - id: ") and f"\n    {key}:" in block]
    assert len(found) == 1, f"CONTRIBUTING.md should have one copy-paste entry with '{key}:'"
    return found[0]


def test_guide_glossary_example_is_a_valid_entry(tmp_path: Path) -> None:
    example = _example("short")
    entry = yaml.safe_load("terms:\n" + example)["terms"][0]
    assert list(entry) == list(TERM_FIELDS), "the example should show every field, in the documented order"
    data = tmp_path / "glossary.yml"
    data.write_text(
        (ROOT / "data/glossary.yml").read_text(encoding="utf-8").rstrip("\n") + "\n\n" + example, encoding="utf-8"
    )
    glossary = load_glossary(data)
    assert entry["id"] in glossary.terms


def test_guide_case_study_example_is_a_valid_entry(tmp_path: Path) -> None:
    example = _example("summary")
    entry = yaml.safe_load("case_studies:\n" + example)["case_studies"][0]
    assert set(entry) == set(CASE_FIELDS), "the example should show every field"
    glossary = load_glossary(ROOT / "data/glossary.yml")
    data = tmp_path / "case_studies.yml"
    data.write_text(
        (ROOT / "data/case_studies.yml").read_text(encoding="utf-8").rstrip("\n") + "\n\n" + example, encoding="utf-8"
    )
    cases = load_case_studies(data, glossary, _source_pages())
    assert entry["id"] in cases.cases


def test_guide_shows_the_commands_and_macros() -> None:
    guide = _guide()
    for text in (
        "make serve",
        "make test",
        '{{ term("nato") }}',
        '{{ term("nato", "the Alliance") }}',
        '{{ case_study("us-nato") }}',
        '{{ case_studies(region="Europe") }}',
        "## Errors you may see",
        "## Pull request checklist",
    ):
        assert text in guide, text
    glossary = load_glossary(ROOT / "data/glossary.yml")
    cases = load_case_studies(ROOT / "data/case_studies.yml", glossary, _source_pages())
    assert "nato" in glossary.terms and "us-nato" in cases.cases and cases.filtered(region="Europe")


def _checklist(text: str) -> list[str]:
    return re.findall(r"^- \[ \] (.+)$", text, re.M)


def test_pull_request_template_has_the_guide_checklist() -> None:
    template = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    in_guide = _checklist(_guide().split("## Pull request checklist", 1)[1])
    assert len(in_guide) >= 5
    assert _checklist(template) == in_guide


# .github/


def _on(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _uses(workflow: dict) -> dict[str, dict]:
    return {step["uses"].split("@")[0]: step for step in _steps(workflow) if "uses" in step}


def test_check_workflow_runs_the_readme_commands_and_uploads_the_preview() -> None:
    """The tiers as parallel jobs that together run every test (as `make test` does), and a preview job that
    builds the site as `make build` does and uploads it, the zip and the editions whatever happens."""
    workflow = _load(GITHUB / "workflows/check.yml")
    assert {"pull_request", "push"} <= set(_on(workflow))
    test, preview = workflow["jobs"]["test"], workflow["jobs"]["preview"]
    tiers = test["strategy"]["matrix"]["tier"]
    assert [s.get("run", "").strip() for s in test["steps"]][-1] == "make test-${{ matrix.tier }}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    selected = {tier: re.search(rf"(?m)^test-{tier}:.*\n\t.*pytest -m (.*)$", makefile) for tier in tiers}
    assert all(selected.values()), f"a Makefile target for each tier: {selected}"
    marks = " or ".join(f"({m.group(1).strip(chr(34))})" for m in selected.values() if m)
    assert set(re.findall(r"\w+", marks)) - {"or"} == set(TIERS), "the jobs' tiers together are every tier"
    assert test.get("strategy", {}).get("fail-fast") is False
    uses = _uses(workflow)
    assert "actions/checkout" in uses
    assert str(uses["actions/setup-node"]["with"]["node-version"]) == "20"
    for job in (test, preview):
        assert str(job.get("container", "")).startswith("python:3.11")
    assert "make build" in [s.get("run", "").strip() for s in preview["steps"]]
    uploads = [s for s in preview["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and all(s.get("if") == "always()" for s in uploads), "the preview is uploaded whatever happens"
    paths = [s["with"]["path"].strip() for s in uploads]
    assert "site/" in paths and "site/downloads/*.zip" in paths
    assert "site/downloads/*.pdf\nsite/downloads/*.epub" in paths, "the editions as artifacts"


def test_pages_workflow_deploys_main_after_check_passed_in_the_same_environment() -> None:
    workflow = _load(GITHUB / "workflows/pages.yml")
    check = _load(GITHUB / "workflows/check.yml")
    trigger = _on(workflow)["workflow_run"]
    assert trigger["workflows"] == [check["name"]] and trigger["types"] == ["completed"]
    assert trigger["branches"] == ["main"]
    build = workflow["jobs"]["build"]
    assert "conclusion == 'success'" in build["if"] and "event == 'push'" in build["if"]
    assert build["container"] == next(iter(check["jobs"].values()))["container"]
    assert _uses(workflow)["actions/checkout"]["with"]["ref"] == "${{ github.event.workflow_run.head_sha }}"
    uses = _uses(workflow)
    for action in (
        "actions/checkout",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in uses, action
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert "make build" in [step.get("run", "").strip() for step in _steps(workflow)]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False


def test_issue_templates() -> None:
    forms = {path.stem: _load(path) for path in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if path.stem != "config"}
    assert {form["name"] for form in forms.values()} == {"Content correction", "New glossary term", "New case study"}
    for form in forms.values():
        assert any(item.get("validations", {}).get("required") for item in form["body"])
    # The report link pre-fills a blank issue: blank issues must stay enabled.
    assert _load(GITHUB / "ISSUE_TEMPLATE/config.yml")["blank_issues_enabled"] is True


def test_dependabot_updates_pip_actions_and_npm() -> None:
    config = _load(GITHUB / "dependabot.yml")
    assert {update["package-ecosystem"] for update in config["updates"]} == {"pip", "github-actions", "npm"}


@pytest.mark.parametrize("name", ["check.yml", "pages.yml"])
def test_workflows_pin_action_versions(name: str) -> None:
    for step in _uses(_load(GITHUB / "workflows" / name)).values():
        assert re.search(r"@v\d+$", step["uses"]), step["uses"]
