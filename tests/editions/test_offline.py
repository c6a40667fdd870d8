"""The offline edition without a browser (hooks/course_reader/editions/offline.py): the built zip and its unpacked copy, the Download page,
reproducibility and a failed offline copy (the helpers: test_offline_pages.py, test_offline_zip.py,
test_downloads.py)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.exceptions import PluginError

from course_reader.editions import offline
from support.helpers import soup
from support.offline_fixtures import ZIP_NAME
from support.project import ROOT, build_site

SHIM = ROOT / "docs" / "assets" / "vendor" / "iframe-worker-shim.js"
KB = re.compile(r"\(([\d,]+) KB\)")


# Helpers, without a build


def test_missing_shim_fails_the_build_early(tmp_path):
    config = SimpleNamespace(docs_dir=str(ROOT / "docs"))
    assert offline.on_config(config) is config
    with pytest.raises(PluginError, match=r"docs/assets/vendor/iframe-worker-shim.js is missing"):
        offline.on_config(SimpleNamespace(docs_dir=str(tmp_path)))


def test_vendored_shim_is_the_pinned_package_file():
    first, body = SHIM.read_text(encoding="utf-8").split("\n", 1)
    assert first.startswith("/* iframe-worker 1.0.4") and "MIT" in first
    assert 'location.protocol==="file:"&&(window.Worker=o)' in body
    npm_copy = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if npm_copy.exists():  # installed by scripts/setup-browser (make test); CI and `make test` have it
        assert body == npm_copy.read_text(encoding="utf-8")


# The built zip (one site build per session, tests/conftest.py)


def test_zip_is_lean_and_complete(offline_zip):
    with zipfile.ZipFile(offline_zip) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    names = [i.filename for i in infos]
    assert len(names) == len(set(names))
    assert all(n.startswith(f"{ZIP_NAME}/") for n in names)
    rel = {n.removeprefix(f"{ZIP_NAME}/") for n in names}
    for needed in (
        "index.html",
        "print_page/index.html",
        "download/index.html",
        "glossary/index.html",
        "search/search_index.js",
        "assets/vendor/iframe-worker-shim.js",
        "conclusion/index.html",
        "cases/russia-belarus/index.html",
    ):
        assert needed in rel, needed
    assert not [
        n for n in rel if n.endswith(".map") or n.startswith(("assets/javascripts/lunr/", "sitemap", "downloads/"))
    ]
    assert not {"search/search_index.json", "404.html"} & rel
    assert len({i.date_time for i in infos}) == 1
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    size_kb = offline_zip.stat().st_size / 1024
    print(f"\noffline zip: {size_kb:.0f} KB, {len(names)} files")
    assert size_kb < 1024, (
        "the offline zip grew past 1 MB: check what hooks/course_reader/editions/offline_pages.py keep_in_zip() keeps"
    )


def _local_refs(page: Path) -> list[tuple[str, str]]:
    html = soup(page)
    refs = [
        (t.name, t.get("src") or t.get("href")) for t in html.select("script[src], link[href], img[src], iframe[src]")
    ]
    return [(tag, ref) for tag, ref in refs if tag != "link" or ref]


def test_offline_pages_load_nothing_from_the_network(offline_copy):
    pages = sorted(offline_copy.rglob("*.html"))
    assert len(pages) >= 25
    for page in pages:
        for tag, ref in _local_refs(page):
            if tag == "link" and "canonical" in str(soup(page).find("link", href=ref).get("rel")):
                continue  # canonical: metadata for search engines, never fetched
            assert not urlsplit(ref).scheme and not ref.startswith("/"), f"{page.name}: <{tag}> loads {ref}"
            target = (page.parent / unquote(urlsplit(ref).path)).resolve()
            assert target.is_file(), f"{page.relative_to(offline_copy)}: <{tag}> points to missing {ref}"


def test_offline_pages_link_files_not_folders(offline_copy):
    home = soup(offline_copy / "index.html")
    nxt = home.select_one("a.md-footer__link--next")
    assert nxt is not None and nxt["href"].endswith(".html")
    checked = 0
    for page in offline_copy.rglob("*.html"):
        for a in soup(page).select("a[href], link[href]"):
            href = a["href"]
            if urlsplit(href).scheme or href.startswith("#") or "canonical" in (a.get("rel") or []):
                continue
            target = (page.parent / unquote(urlsplit(href).path)).resolve()
            assert target.is_file(), f"{page.relative_to(offline_copy)}: link to {href} is not a file"
            checked += 1
    assert checked > 1000


def test_shim_is_loaded_only_by_the_offline_copy(site, offline_copy):
    online = [s["src"] for s in soup(site / "index.html").select("script[src]")]
    assert not [s for s in online if "iframe-worker" in s or "unpkg" in s or "://" in s]
    offline = [s["src"] for s in soup(next(offline_copy.rglob("index.html"))).select("script[src]")]
    assert "assets/vendor/iframe-worker-shim.js" in offline
    assert not [s for s in offline if "unpkg" in s or "://" in s]


# The Download page


@pytest.mark.editions  # the Download page lists the PDF and EPUB
def test_download_page_shows_true_sizes_and_working_links(site, offline_zip):
    page = site / "download" / "index.html"
    items = soup(page).select("ul.offline-downloads > li")
    assert [item.a.get_text() for item in items] == [
        "Offline edition (zip)",
        "PDF edition",
        "EPUB edition",
        "Print edition",
    ], "every edition, with a line on when to use it"
    sizes = {}
    for item in items:
        href = item.a["href"]
        target = (page.parent / href).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert target.is_file(), href
        sizes[target.name] = int(KB.search(item.get_text()).group(1).replace(",", ""))
        assert sizes[target.name] == max(1, round(target.stat().st_size / 1024))
    assert set(sizes) == {f"{ZIP_NAME}.zip", f"{ZIP_NAME}.pdf", f"{ZIP_NAME}.epub", "index.html"}
    assert "<!-- offline:downloads -->" not in page.read_text()
    print(
        f"\nDownload page: zip {sizes[f'{ZIP_NAME}.zip']} KB, PDF {sizes[f'{ZIP_NAME}.pdf']} KB, "
        f"EPUB {sizes[f'{ZIP_NAME}.epub']} KB, print edition {sizes['index.html']} KB"
    )


@pytest.mark.editions  # the Download page lists the PDF and EPUB
def test_offline_download_page_says_it_is_the_offline_copy(offline_copy):
    items = soup(offline_copy / "download" / "index.html").select("ul.offline-downloads > li")
    assert "you are reading it" in items[0].get_text()
    online = "https://military-diplomacy-reader.github.io/reader/downloads/"
    assert [item.a["href"] for item in items[1:3]] == [f"{online}{ZIP_NAME}.pdf", f"{online}{ZIP_NAME}.epub"]
    assert items[3].a["href"] == "../print_page/index.html"
    assert int(KB.search(items[3].get_text()).group(1).replace(",", "")) == round(
        (offline_copy / "print_page" / "index.html").stat().st_size / 1024
    )


def test_download_page_links_from_the_header(site):
    tabs = [a["href"] for a in soup(site / "index.html").select(".md-tabs a[href]")]
    assert "download/" in tabs


# Whole builds: reproducible, and a failed offline build leaves the previous zip


@pytest.mark.slow
def test_two_builds_give_the_same_zip(offline_zip, tmp_path):
    result = build_site(ROOT, tmp_path / "again")
    assert result.returncode == 0, result.stdout + result.stderr
    again = tmp_path / "again" / "downloads" / f"{ZIP_NAME}.zip"
    assert again.read_bytes() == offline_zip.read_bytes()


FAIL_OFFLINE = '''"""Test hook: give one page output that its offline copy cannot be made from (before the course plugin)."""

from mkdocs.plugins import event_priority


@event_priority(1)
def on_post_page(output, *, page, config):
    return output.replace("</head>", "") if page.file.src_uri == "glossary.md" else output
'''


@pytest.mark.slow
def test_failed_offline_copy_leaves_the_previous_site_and_zip(tmp_path):
    project = tmp_path / "project"
    for part in ("docs", "data", "hooks", "overrides"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "\nhooks:\n  - hooks/fail_offline.py\n")
    (project / "hooks" / "fail_offline.py").write_text(FAIL_OFFLINE)
    out = tmp_path / "site"
    (out / "downloads").mkdir(parents=True)
    (out / "downloads" / f"{ZIP_NAME}.zip").write_bytes(b"the previous zip")
    (out / "index.html").write_text("the previous site")

    result = build_site(project, out)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "hooks/course_reader/editions/offline.py: the built page glossary/index.html has no </head>" in output
    assert (out / "downloads" / f"{ZIP_NAME}.zip").read_bytes() == b"the previous zip"
    assert (out / "index.html").read_text() == "the previous site"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["project", "site"], f"a failed build left {left}"
    assert sorted(p.name for p in (out / "downloads").iterdir()) == [f"{ZIP_NAME}.zip"]
