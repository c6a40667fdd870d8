"""hooks/minify.py: the project's CSS and JS reach the site minified, third-party files as vendored."""

from __future__ import annotations

from conftest import ROOT
from minify import minified


def test_only_project_css_and_js_are_minified():
    assert minified("assets/x.js", "/* a comment */\nvar  a = 1 ;\n") == "var a=1;\n"
    assert minified("assets/x.css", ".a {\n  color : red ;\n}\n") == ".a{color:red}\n"
    assert minified("assets/vendor/shim.js", "var  a = 1 ;") is None
    assert minified("other/x.js", "var  a = 1 ;") is None
    assert minified("assets/x.svg", "<svg/>") is None


def test_the_site_has_the_minified_assets(site):
    sources = sorted(p for p in (ROOT / "docs" / "assets").rglob("*") if p.suffix in (".js", ".css"))
    assert len(sources) >= 5
    for source in sources:
        rel = source.relative_to(ROOT / "docs").as_posix()
        built = (site / rel).read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        if rel.startswith("assets/vendor/"):
            assert built == text, rel
        else:
            assert built == minified(rel, text) and len(built) < len(text), rel
