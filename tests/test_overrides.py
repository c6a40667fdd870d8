"""The template overrides (overrides/): the ones that replace a whole Material template are exactly what
scripts/rebase_overrides.py makes from the installed Material, and no override names a hashed asset."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from course_reader.site.theme import material_asset
from support.project import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import rebase_overrides

HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)")


@pytest.mark.parametrize("name", sorted(rebase_overrides.PATCHES))
def test_override_is_what_the_script_makes_from_material(name):
    committed = (ROOT / "overrides" / name).read_text(encoding="utf-8")
    assert committed == rebase_overrides.generate(name), (
        f"overrides/{name} is not Material's template plus PATCHES: run .venv/bin/python scripts/rebase_overrides.py"
    )


def test_no_hashed_asset_name_in_overrides():
    named = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "overrides").rglob("*")
        if p.is_file() and HASHED.search(p.read_text())
    ]
    assert named == []


def test_a_patch_that_no_longer_applies_stops_the_script(tmp_path, monkeypatch):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "search.html").write_text('<div role="dialog">changed upstream</div>\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"^partials/search.html: Material's template no longer contains"):
        rebase_overrides.generate("partials/search.html", tmp_path)


def test_hashed_names_become_lookups_the_build_resolves(tmp_path):
    (tmp_path / "base.html").write_text(
        "{{ 'assets/javascripts/bundle.0123abcd.min.js' | url }} \"assets/stylesheets/main.89abcdef.min.css\"\n"
        + "".join(old for old, _ in rebase_overrides.PATCHES["base.html"]),
        encoding="utf-8",
    )
    made = rebase_overrides.generate("base.html", tmp_path)
    assert "{{ material_asset('assets/javascripts/bundle.min.js') | url }}" in made
    assert 'material_asset("assets/stylesheets/main.min.css")' in made
    bundle = material_asset("assets/javascripts/bundle.min.js")
    assert re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js", bundle)
    with pytest.raises(PluginError, match=r"Material has 0 files for material_asset\('assets/none.min.js'\)"):
        material_asset("assets/none.min.js")


def test_the_script_reports_overrides_up_to_date(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["rebase_overrides.py", "--check"])
    assert rebase_overrides.main() == 0
    assert capsys.readouterr().out.strip() == "overrides/ is up to date"
    assert Path(rebase_overrides.__file__).stat().st_mode & 0o111, "the script is executable"
