"""Raw HTML in pages (site/raw_html.py): the allowlist, what it refuses and how it names the line, and a maintainer's
grant. Whole builds with such pages: scripts/probe_inputs.py ("raw HTML in pages")."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.exceptions import PluginError

from course_reader.site import raw_html
from support.project import course_options

EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "toc", "pymdownx.details"]


def html_of(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def whats(source: str, grants: set[str] = frozenset()) -> list[str]:
    return [p.what for p in raw_html.check(html_of(source), grants)[0]]


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<img src="x.png" alt="" onerror="alert(1)">', "the attribute onerror (on <img>)"),
        ('## A section { onclick="alert(1)" }', "the attribute onclick (on <h2>)"),
        ("[click](javascript:alert(1))", "the link to 'javascript:alert(1)'"),
        ('<a href="JaVa&#x09;script:alert(1)">x</a>', "the link to 'javascript:alert(1)'"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "the link to 'data:text/html;base64,PHNjcmlwdD4='"),
        ('<iframe src="https://example.org/"></iframe>', "<iframe>"),
        ("<svg onload=alert(1)></svg>", "the attribute onload (on <svg>)"),
        ('<object data="x.swf"></object>', "<object>"),
        ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "<meta>"),
        ('<img src="x.png" alt="" srcset="a.png 1x, javascript:alert(1) 2x">', "the link to 'javascript:alert(1)'"),
        ('<form action="https://example.org/"><input name="q"></form>', "<form>"),
    ],
)
def test_what_would_run_or_leave_the_page_is_refused(source, what):
    assert what in whats("Text.\n\n" + source + "\n")


def test_what_the_readers_markdown_needs_passes():
    source = """# Title { #top .big }

Text with *emphasis*, **strong**, `code`, [a link](other.md#x "title"), <https://example.org/> and H2O.

*[H2O]: water

!!! note "A note"
    An admonition.

??? example "Details"
    Folded.

| a | b |
|:--|--:|
| 1 | 2 |

<div class="grid" markdown>
<span data-term="nato" aria-label="x">inline HTML the allowlist has</span>
</div>

    <script>alert("a code block shows this as text")</script>
"""
    assert whats(source) == []


def test_the_projects_own_pages_pass(site: Path):
    """Every built page's content (what the macros and Markdown made) is within the allowlist."""
    from bs4 import BeautifulSoup

    for path in site.rglob("*.html"):
        if "print_page" in path.parts or path.name == "404.html":
            continue
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        assert raw_html.check(article.decode_contents())[0] == [], path


def page(tmp_path: Path, source: str, src: str = "tools/index.md"):
    path = tmp_path / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    file = SimpleNamespace(src_uri=src, abs_src_path=str(path), generated_by=None)
    return SimpleNamespace(file=file, markdown=source)


@pytest.fixture
def build(course_build):
    """The test's build state, with the `raw_html` grants given."""

    def with_grants(grants: dict[str, list[str]]):
        course_build.options = course_options(raw_html=grants)
        return course_build

    return with_grants


def run(tmp_path: Path, source: str) -> str:
    p = page(tmp_path, source)
    return raw_html.on_page_content(html_of(source), page=p, config=None, files=None)  # type: ignore[arg-type]


def test_the_message_names_file_line_and_fix(tmp_path, build):
    build({})
    source = (
        '---\ntitle: T\n---\n\n# T\n\nText.\n\n<a href="JaVa&#x09;script:alert(1)">x</a>\n\n## S { onclick="x()" }\n'
    )
    with pytest.raises(PluginError) as error:
        run(tmp_path, source)
    assert str(error.value).split("\n") == [
        "docs/tools/index.md:9: the link to 'javascript:alert(1)' is not allowed in a page — links go to relative "
        "paths, http(s): or mailto: — change or remove the link",
        "docs/tools/index.md:11: the attribute onclick (on <h2>) is not allowed in a page — event handlers run as "
        "script in every reader's browser: remove it (a maintainer may grant a script that adds the behaviour)",
    ]


def test_a_maintainer_grant_lets_a_tag_through_on_its_page_only(tmp_path, build):
    build({"tools/index.md": ["iframe", "allowfullscreen", "script"]})
    source = '<iframe src="https://video.example/embed/1" allowfullscreen></iframe>\n\n<script>go()</script>\n'
    assert "<iframe" in run(tmp_path, source)
    found = raw_html.granted("tools/index.md")
    assert found.frames == {"https://video.example"} and found.scripts == ["go()"]
    other = page(tmp_path, "<iframe></iframe>\n", src="role/index.md")
    with pytest.raises(
        PluginError, match=r"docs/role/index.md:1: <iframe> is not allowed .* raw_html: role/index.md: \[iframe\]"
    ):
        raw_html.on_page_content("<iframe></iframe>", page=other, config=None, files=None)  # type: ignore[arg-type]


def test_event_handlers_and_script_urls_are_never_granted(tmp_path, build):
    build({"tools/index.md": ["onclick", "script"]})
    with pytest.raises(PluginError, match=r"the attribute onclick \(on <p>\) is not allowed"):
        run(tmp_path, '<p onclick="x()">x</p>\n')
    with pytest.raises(PluginError, match=r"the link to 'javascript:x\(\)'"):
        run(tmp_path, "[x](javascript:x())\n")


def test_a_clean_page_is_remembered_by_its_hash_and_nothing_else_is(tmp_path, build, monkeypatch):
    """Only the verdict 'clean' is cached (outside the project), keyed by the page's HTML, its grants and the
    checker's code: the next build skips parsing that exact page; a changed page, or one with anything to refuse or
    grant, is checked in full every time."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    parsed = []
    real_check = raw_html.check
    monkeypatch.setattr(raw_html, "check", lambda *a, **k: parsed.append(a[0]) or real_check(*a, **k))

    def one_build(grants, *sources):
        build(grants).parts.pop(raw_html.RawHtmlState, None)  # a new build's state
        for source in sources:
            try:
                run(tmp_path, source)
            except PluginError:
                pass
        raw_html.on_post_build(config=None)  # type: ignore[arg-type]

    one_build({}, "Clean *text*.\n", '<p onclick="x()">x</p>\n')
    assert len(parsed) == 2 and (tmp_path / "cache" / "course-reader" / "raw-html" / "clean.txt").is_file()
    parsed.clear()
    one_build({}, "Clean *text*.\n", '<p onclick="x()">x</p>\n', "Changed *text*.\n")
    assert [html_of(s) for s in ('<p onclick="x()">x</p>\n', "Changed *text*.\n")] == parsed
    parsed.clear()
    one_build({"tools/index.md": ["iframe"]}, "Clean *text*.\n")
    assert parsed == [html_of("Clean *text*.\n")], "other grants: checked again"
    parsed.clear()
    one_build({"tools/index.md": ["iframe"]}, "Clean *text*.\n")
    assert parsed == []
    (tmp_path / "cache" / "course-reader" / "raw-html" / "clean.txt").write_text("not a hash\n../x\n")
    one_build({"tools/index.md": ["iframe"]}, "Clean *text*.\n")
    assert parsed == [html_of("Clean *text*.\n")], "a cache file with anything but hashes is no help, and no harm"
