"""Issue 26's clear errors for shapes of input that once crashed, crawled, misled or destroyed: nesting beyond a limit,
a page too large, Windows line ends, ids with a space or line break, macOS-style file names, symbolic links that
leave the project or loop, and `-d` pointing into the sources (core/datafile.py, content/sources.py,
core/entries.py, site/navigation.py, core/symlinks.py, core/publish.py). Whole builds: scripts/probe_inputs.py."""

from __future__ import annotations

import os
import time
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from course_reader.content.glossary import load_glossary
from course_reader.content.sources import check_source, page_text
from course_reader.core import publish, symlinks
from course_reader.core.datafile import MAX_DEPTH, MAX_PAGE_BYTES, ContentError, parse_yaml
from course_reader.site.navigation import check_all_in_nav, nav_paths
from support.data_fixtures import GOOD_TERMS, load_error, write

# Nesting


@pytest.mark.parametrize(
    "text",
    [
        "deep: " + "[" * 100_000 + "]" * 100_000 + "\n",  # once: the interpreter killed, no message
        "- " * 100_000 + "x\n",
        "".join(" " * level + "-\n" for level in range(2_000)),
        "k:\n" + "".join(" " * (level + 1) + "k:\n" for level in range(2_000)),
    ],
)
def test_nesting_beyond_the_limit_is_named_quickly(text):
    started = time.monotonic()
    with pytest.raises(ContentError, match=rf"^data/x\.yml:\d+: the YAML is nested more than {MAX_DEPTH} levels"):
        parse_yaml(text, "data/x.yml")
    assert time.monotonic() - started < 2


def test_brackets_in_quoted_text_are_not_nesting():
    text = "".join(f"k{n}: 'a [[[[ b {{{{ c'\n" for n in range(20))
    assert parse_yaml(text, "data/x.yml") is not None


def test_nesting_in_front_matter_names_the_page():
    text = "---\ntitle: T\ndescription: D\nx: " + "[" * 50_000 + "]" * 50_000 + "\n---\n\n# T\n"
    (problem,) = check_source("tools/index.md", text, None, None).problems  # type: ignore[arg-type]
    assert problem.startswith("docs/tools/index.md:4: the YAML is nested more than")


# Pages: size and line ends


def test_a_page_too_large_is_refused_before_it_costs_minutes():
    with pytest.raises(ContentError) as error:
        page_text("tools/index.md", b"x" * (MAX_PAGE_BYTES + 1))
    assert str(error.value).startswith(
        f"docs/tools/index.md: the file is {MAX_PAGE_BYTES + 1:,} bytes, over the limit of {MAX_PAGE_BYTES:,} for one "
        "page — check that nothing was pasted in by mistake, or split the content"
    )


def test_windows_line_ends_read_as_mkdocs_reads_them():
    """Once: 28 × "the front matter is not closed" for pages MkDocs reads fine."""
    text = page_text("tools/index.md", b"---\r\ntitle: Tools\r\ndescription: D\r\n---\r\n\r\n# Tools\r\n")
    assert text == "---\ntitle: Tools\ndescription: D\n---\n\n# Tools\n"
    assert check_source("tools/index.md", text, None, None).problems == []  # type: ignore[arg-type]


def test_gitattributes_keeps_line_ends_lf():
    from support.project import ROOT

    rules = (ROOT / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "* text=auto eol=lf" in rules


# Ids


@pytest.mark.parametrize("raw", ['"nato\\n"', '"nato "', '" nato"'])
def test_an_id_with_a_space_or_line_break_is_named_where_it_is(tmp_path, raw):
    """Once: "nato\\n" passed the id check ($ matches before a final newline) and failed later without a file."""
    path = write(tmp_path, "glossary.yml", GOOD_TERMS.replace("  - id: nato\n", f"  - id: {raw}\n", 1))
    message = load_error(lambda p: load_glossary(p, tmp_path), path)
    assert (
        "field 'id' must be lowercase letters, digits and hyphens, e.g. 'nato' (it has a space or a line break"
        in message
    )
    assert "points to unknown id" not in message  # no follow-on error from the entries that name it
    assert "\n" not in message.split(" — ")[0].split("e.g.")[0].replace("\\n", "")


# File names macOS writes


def test_a_page_name_in_other_bytes_says_so():
    listed = "tools/négociation.md"
    on_disk = unicodedata.normalize("NFD", listed)
    files = SimpleNamespace(
        documentation_pages=lambda: [
            SimpleNamespace(src_uri=on_disk, inclusion=SimpleNamespace(is_not_in_nav=lambda: False))
        ]
    )
    with pytest.raises(ValueError) as error:
        check_all_in_nav(SimpleNamespace(pages=[]), files, listed=[listed])  # type: ignore[arg-type]
    assert str(error.value) == (
        f"docs/{on_disk}: this page is not in the navigation, although mkdocs.yml lists '{listed}', which looks the "
        "same: the bytes differ (the file's name writes its accented letters as a letter and a combining mark "
        "(U+0301), the nav as one character, as macOS often saves them) — rename the file, or retype that nav line, "
        "so that both are written alike"
    )


def test_nav_paths():
    assert nav_paths(["index.md", {"A": ["a.md", {"B": "b.md"}]}, {"C": "c.md"}]) == [
        "index.md",
        "a.md",
        "b.md",
        "c.md",
    ]


# Symbolic links


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "docs" / "assets").mkdir(parents=True)
    (root / "data").mkdir()
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[remote]\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret\n", encoding="utf-8")
    return root


def test_links_inside_the_project_are_fine(project):
    (project / "docs" / "copy.md").symlink_to("index.md")
    (project / "extra").mkdir()
    (project / "docs" / "extra").symlink_to("../extra")
    assert symlinks.problems(project) == []


def test_a_link_out_of_the_project_is_named(project):
    (project / "docs" / "assets" / "leak.txt").symlink_to(project.parent / "secret.txt")
    (project / "data" / "glossary.yml").symlink_to("../../secret.txt")
    (project / "docs" / "etc").symlink_to(project.parent)
    found = symlinks.problems(project)
    assert [p.split(":")[0] for p in found] == ["docs/assets/leak.txt", "docs/etc", "data/glossary.yml"]
    assert all("outside the project — the build would publish that file" in p for p in found)


def test_a_link_into_git_is_named(project):
    (project / "docs" / "assets" / "config.txt").symlink_to("../../.git/config")
    (problem,) = symlinks.problems(project)
    assert problem.startswith("docs/assets/config.txt: a symbolic link into .git/ (.git/config:")


@pytest.mark.parametrize(
    ("link", "target"),
    [("docs/loop", "."), ("docs/assets/up", "../.."), ("docs/self.md", "self.md"), ("docs/a.md", "b.md")],
)
def test_a_loop_is_named_once(project, link, target):
    """Once: 80 unrelated errors as MkDocs walked docs/loop/loop/loop/…"""
    if link == "docs/a.md":
        (project / "docs" / "b.md").symlink_to("a.md")
    (project / link).symlink_to(target)
    found = symlinks.problems(project)
    assert found and all("loops" in p for p in found), found
    assert found[0].startswith(f"{link}: a symbolic link that loops") or link == "docs/a.md"


def test_two_links_through_each_other_loop(project):
    (project / "other").mkdir()
    (project / "docs" / "x").symlink_to("../other")
    (project / "other" / "back").symlink_to("../docs")
    (problem,) = symlinks.problems(project)
    assert problem.startswith("docs/x/back: a symbolic link that loops (it leads back to docs/")


def test_a_dangling_link_is_named(project):
    (project / "docs" / "gone.md").symlink_to("nowhere.md")
    assert symlinks.problems(project) == [
        "docs/gone.md: a symbolic link to nowhere.md, which does not exist — remove the link, or restore its target"
    ]


# -d


@pytest.mark.parametrize("where", ["data", ".", "docs/site", "..", "hooks"])
def test_a_site_dir_in_the_sources_is_refused(project, where):
    """Once: `mkdocs build -d data` swapped data/ for the site."""
    with pytest.raises(PluginError, match=r"holds the project's sources .* build into a folder of its own"):
        publish.check_site_dir(project / where, project)


def test_a_folder_of_other_files_is_refused_and_a_site_or_new_folder_is_not(project, tmp_path):
    other = tmp_path / "Documents"
    other.mkdir()
    (other / "thesis.odt").write_text("x", encoding="utf-8")
    with pytest.raises(
        PluginError, match=r"is a folder of other files, not a site \(it has no index.html or sitemap.xml\)"
    ):
        publish.check_site_dir(other, project)
    site = project / "site"
    site.mkdir()
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    publish.check_site_dir(site, project)
    publish.check_site_dir(tmp_path / "new", project)
    empty = tmp_path / "empty"
    empty.mkdir()
    publish.check_site_dir(empty, project)
    assert os.listdir(other) == ["thesis.odt"]
