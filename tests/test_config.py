"""course_reader/config.py: the `course` plugin's options are checked by MkDocs' own config validation, which names
the option; a whole build with a wrong option stops with that name."""

from __future__ import annotations

import pytest

from course_reader.config import CourseConfig
from support.project import ROOT, build_site, copy_project, course_options


def problems(**options) -> dict[str, str]:
    config = CourseConfig()
    config.load_dict(options)
    failed, _ = config.validate()
    return {name: str(error) for name, error in failed}


def test_the_projects_options_are_valid_and_read():
    options = course_options()
    assert options.print_edition is True and options.editions is True
    assert options.sidebar_fold_above == 60
    assert options.webapp_short_name == "Diplomacy"
    assert options.download_name == "military-diplomacy-reader"
    assert options.source.title == "Military Diplomacy and National Security"
    assert options.source.author == [] and options.source.url == ""


def test_defaults():
    config = CourseConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    assert config.sidebar_fold_above is None and config.print_edition and config.editions


@pytest.mark.parametrize("bad", [0, -3, "60", 2.5, True])
def test_sidebar_fold_above_is_a_whole_number_of_pages(bad):
    assert "sidebar_fold_above" in problems(sidebar_fold_above=bad)


@pytest.mark.parametrize("bad", ["", "A name far too long", 12, None])
def test_webapp_short_name_fits_under_an_icon(bad):
    assert "webapp_short_name" in problems(webapp_short_name=bad)


@pytest.mark.parametrize("bad", ["Military Diplomacy", "reader/../x", "a--b", "-a", "UPPER", "a.zip"])
def test_download_name_is_a_safe_file_name(bad):
    assert "download_name" in problems(download_name=bad)


@pytest.mark.parametrize("bad", ["sometimes", "yes", 1])
def test_editions_and_print_edition_are_true_or_false(bad):
    assert "editions" in problems(editions=bad)
    assert "print_edition" in problems(print_edition=bad)


def test_source_fields():
    assert "source" in problems(source={"title": ["a", "list"]})
    assert problems(source={"title": "T", "author": ["A. One", "B. Two"], "date": 2023}) == {}
    config = CourseConfig()
    config.load_dict({"source": {"author": "  Jane   Doe ", "date": 2023}})
    config.validate()
    assert config.source.author == ["Jane Doe"] and config.source.date == "2023"


@pytest.mark.slow
def test_a_wrong_option_stops_the_build_naming_it(tmp_path):
    project = copy_project(tmp_path / "project", git=False)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "webapp_short_name: Diplomacy", "webapp_short_name: Diplomacy reader"
        ),
        encoding="utf-8",
    )
    result = build_site(project, tmp_path / "site", "--config-file", str(config))
    assert result.returncode != 0
    assert "webapp_short_name" in result.stderr + result.stdout
    assert "at most 12" in result.stderr + result.stdout
    assert not (tmp_path / "site").exists()
    assert ROOT.exists()
