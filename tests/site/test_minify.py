"""hooks/course_reader/site/minify.py: the project's CSS and JS reach the site minified (every page's in one file per kind),
third-party files as vendored; newer-than-ES5 syntax stops the build with the file and line."""

from __future__ import annotations

import gzip

import pytest
from mkdocs.exceptions import PluginError

from course_reader.site.minify import BUNDLES, PAGE_BUNDLES, minified, minify_js
from support.helpers import soup
from support.project import ROOT

EVERY_PAGE = {".css": ["assets/reader.css"], ".js": ["assets/reader.js", "assets/progress.js"]}
ARTICLE = {"assets/article.js": ["assets/paragraphs.js", "assets/progress-article.js"]}  # the pages holding the article


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_only_project_css_and_js_are_minified():
    assert minified("assets/x.js", "/* a comment */\nvar  a = 1 ;\n") == "var a=1;\n"
    assert minified("assets/x.css", ".a {\n  color : red ;\n}\n") == ".a{color:red}\n"
    assert minified("assets/vendor/shim.js", "var  a = 1 ;") is None
    assert minified("other/x.js", "var  a = 1 ;") is None
    assert minified("assets/x.svg", "<svg/>") is None


def test_local_names_are_shortened_and_globals_kept():
    out = minify_js("assets/x.js", "function show(element) { var visible = element.hidden; return visible; }\n")
    assert out == "function show(b){var a=b.hidden;return a;}\n"


def test_a_cached_result_is_reused_and_a_changed_source_is_not(tmp_path):
    first = minify_js("assets/x.js", "var  a = 1 ;")
    cached = list((tmp_path / "cache" / "course-reader" / "minify").glob("*.js"))
    assert len(cached) == 1 and cached[0].read_text() == first
    cached[0].write_text("var fromCache;\n")
    assert minify_js("assets/x.js", "var  a = 1 ;") == "var fromCache;\n"
    assert minify_js("assets/x.js", "var  a = 2 ;") == "var a=2;\n"


def test_newer_syntax_names_the_file_and_line():
    with pytest.raises(PluginError, match=r"docs/assets/x\.js: .*line 2.*ES5"):
        minify_js("assets/x.js", "var a = 1;\nconst f = () => a;\n")


def test_the_site_has_the_minified_assets(site):
    sources = sorted(p for p in (ROOT / "docs" / "assets").rglob("*") if p.suffix in (".js", ".css"))
    assert len(sources) >= 5
    assert PAGE_BUNDLES == ARTICLE
    bundled = {uri for uris in [*EVERY_PAGE.values(), *ARTICLE.values()] for uri in uris}
    for source in sources:
        rel = source.relative_to(ROOT / "docs").as_posix()
        text = source.read_text(encoding="utf-8")
        if rel.startswith("assets/vendor/"):
            assert (site / rel).read_text(encoding="utf-8") == text, rel
        elif rel in bundled:
            assert not (site / rel).exists(), f"{rel} is served in its bundle only"
        else:
            built = (site / rel).read_text(encoding="utf-8")
            assert built == minified(rel, text) and len(built) < len(text), rel
    for name, members in [*((BUNDLES[suffix], uris) for suffix, uris in EVERY_PAGE.items()), *ARTICLE.items()]:
        suffix = name[name.rindex(".") :]
        bundle = (site / name).read_text(encoding="utf-8")
        parts = [minified(uri, (ROOT / "docs" / uri).read_text(encoding="utf-8")) for uri in members]
        assert bundle == (";" if suffix == ".js" else "").join(parts)
        separate = sum(len(gzip.compress(p.encode(), 6, mtime=0)) for p in parts)
        assert len(parts) == 1 or len(gzip.compress(bundle.encode(), 6, mtime=0)) < separate


def test_every_page_loads_the_bundles_once_and_not_their_members(site):
    page = soup(site / "tools" / "attaches" / "index.html")
    scripts = [s["src"] for s in page.select("script[src]")]
    sheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert scripts.count("../../assets/course.js") == 1 and sheets.count("../../assets/course.css") == 1
    assert not [s for s in scripts + sheets if s.rsplit("/", 1)[-1] in {"reader.js", "progress.js", "reader.css"}]
    assert "../../assets/print.css" not in sheets, "the print edition's styles load on its page only"


@pytest.mark.parametrize(
    ("page", "loads"),
    [
        ("tools/attaches/index.html", True),
        ("index.html", True),
        ("print_page/index.html", True),
        ("cases/us-nato/index.html", False),
        ("glossary/index.html", False),
        ("flashcards/index.html", False),
    ],
)
def test_only_the_pages_holding_the_article_load_its_scripts(site, page, loads):
    scripts = [s["src"].rsplit("/", 1)[-1] for s in soup(site / page).select("script[src]")]
    assert scripts.count("article.js") == (1 if loads else 0)
    assert scripts.index("article.js") > scripts.index("course.js") if loads else True  # it uses reader.progress
