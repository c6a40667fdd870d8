"""The offline edition without a browser: the helpers that make the file:// copy, the built zip and its unpacked
copy, the Download page, reproducibility and a failed offline copy."""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.exceptions import PluginError

import offline
from conftest import ROOT, build_site
from helpers import soup
from offline_fixtures import ZIP_NAME

SHIM = ROOT / "docs" / "assets" / "vendor" / "iframe-worker-shim.js"
KB = re.compile(r"\(([\d,]+) KB\)")


# Helpers, without a build


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        (["en"], set()),
        (["de"], {"min/lunr.de.min.js", "min/lunr.stemmer.support.min.js"}),
        (
            ["en", "ja"],
            {"tinyseg.js", "min/lunr.ja.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js"},
        ),
        (["th"], {"wordcut.js", "min/lunr.th.min.js", "min/lunr.stemmer.support.min.js"}),
    ],
)
def test_lunr_files_are_what_the_search_worker_loads(languages, expected):
    assert offline.lunr_files(languages) == expected


def test_missing_shim_fails_the_build_early(tmp_path):
    config = SimpleNamespace(docs_dir=str(ROOT / "docs"))
    assert offline.on_config(config) is config
    with pytest.raises(PluginError, match=r"docs/assets/vendor/iframe-worker-shim.js is missing"):
        offline.on_config(SimpleNamespace(docs_dir=str(tmp_path)))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("../glossary/", "../glossary/index.html"),
        ("../glossary/#nato", "../glossary/index.html#nato"),
        (".", "./index.html"),
        ("./", "./index.html"),
        ("..", "../index.html"),
        ("../..", "../../index.html"),
        ("../../#top", "../../index.html#top"),
        ("cases/?q=x#a", "cases/index.html?q=x#a"),
        ("../assets/reader.css", "../assets/reader.css"),
        ("#section-1", "#section-1"),
        ("", ""),
        ("https://example.org/a/", "https://example.org/a/"),
        ("mailto:x@example.org", "mailto:x@example.org"),
        ("/reader/", "/reader/"),
        ("//example.org/", "//example.org/"),
    ],
)
def test_file_url_opens_the_folder_index(url, expected):
    assert offline.file_url(url) == expected


def test_offline_page_rewrites_links_and_loads_the_shim():
    html = (
        '<html><head><link rel="prev" href="../role/"></head><body><a href="..">home</a>'
        '<a href=\'../glossary/#nato\'>NATO</a><img src="../assets/a.png"><a href="#x">x</a></body></html>'
    )
    out = offline.offline_page(html, name="tools/exercises/index.html")
    assert '<link rel="prev" href="../role/index.html">' in out
    assert '<a href="../index.html">' in out and "<a href='../glossary/index.html#nato'>" in out
    assert '<img src="../assets/a.png">' in out and '<a href="#x">' in out
    assert '<script src="../../assets/vendor/iframe-worker-shim.js"></script></head>' in out
    with pytest.raises(PluginError, match=r"the built page glossary/index.html has no </head>"):
        offline.offline_page("<p>no head</p>", name="glossary/index.html")


def test_offline_search_index_points_at_files():
    data = json.dumps(
        {
            "config": {"lang": ["en"]},
            "docs": [
                {"location": "", "title": "Home"},
                {"location": "#intro", "title": "Intro"},
                {"location": "role/alliances/", "title": "A"},
                {"location": "role/alliances/#nato", "title": "B"},
            ],
        }
    )
    script = offline.offline_search_index(data)
    assert script.startswith("var __index = ")
    docs = json.loads(script.removeprefix("var __index = "))["docs"]
    assert [d["location"] for d in docs] == [
        "index.html",
        "index.html#intro",
        "role/alliances/index.html",
        "role/alliances/index.html#nato",
    ]


def test_vendored_shim_is_the_pinned_package_file():
    first, body = SHIM.read_text(encoding="utf-8").split("\n", 1)
    assert first.startswith("/* iframe-worker 1.0.4") and "MIT" in first
    assert 'location.protocol==="file:"&&(window.Worker=o)' in body
    npm_copy = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if npm_copy.exists():  # installed by scripts/setup-browser (make test); CI and `make test` have it
        assert body == npm_copy.read_text(encoding="utf-8")


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def _zip(tree: Path, dest: Path, names: list[str], epoch: int = 1_700_000_000) -> int:
    archive = offline.OfflineZip(dest, root="r", epoch=epoch)
    for name in names:
        archive.add(name, tree / name)
    return archive.finish()


def test_offline_zip_is_reproducible_dated_and_file_ready(tmp_path):
    files = {
        "b/index.html": b'<html><head></head><a href="../">home</a></html>',
        "a/z.js": b"z" * 500,
        "search/search_index.json": b'{"config": {"lang": ["en"]}, "docs": [{"location": "b/"}]}',
    }
    one = _tree(tmp_path / "one", files)
    two = _tree(tmp_path / "two", dict(reversed(files.items())))  # other creation order and times
    os.utime(two / "a" / "z.js", (1_000_000_000, 1_000_000_000))
    names = list(files)
    size = _zip(one, tmp_path / "out1" / "1.zip", names)
    _zip(two, tmp_path / "out2" / "1.zip", names)
    assert (tmp_path / "out1" / "1.zip").read_bytes() == (tmp_path / "out2" / "1.zip").read_bytes()
    assert size == (tmp_path / "out1" / "1.zip").stat().st_size
    assert sorted(p.name for p in (tmp_path / "out1").iterdir()) == ["1.zip"], "no temporary file left"
    with zipfile.ZipFile(tmp_path / "out1" / "1.zip") as archive:
        infos = archive.infolist()
        page = archive.read("r/b/index.html").decode()
        index = archive.read("r/search/search_index.js").decode()
    assert [i.filename for i in infos] == ["r/b/index.html", "r/a/z.js", "r/search/search_index.js"]
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    assert '<a href="../index.html">' in page and "iframe-worker-shim.js" in page
    assert '"location":"b/index.html"' in index


def test_offline_zip_leaves_the_old_zip_when_it_fails(tmp_path):
    source = _tree(
        tmp_path / "site", {"a/index.html": b"<html><head></head></html>", "b/index.html": b"<p>no head</p>"}
    )
    dest = tmp_path / "out" / "reader.zip"
    dest.parent.mkdir()
    dest.write_bytes(b"the previous zip")
    with pytest.raises(PluginError, match=r"the built page b/index.html has no </head>"):
        _zip(source, dest, ["a/index.html", "b/index.html"])
    assert dest.read_bytes() == b"the previous zip"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["reader.zip"]


def test_offline_zip_keeps_what_the_copy_needs():
    kept = [
        p
        for p in (
            "index.html",
            "assets/javascripts/bundle.js",
            "search/search_index.json",
            "404.html",
            "sitemap.xml",
            "sitemap.xml.gz",
            "assets/javascripts/bundle.js.map",
            "downloads/x.zip",
            "assets/javascripts/lunr/min/lunr.de.min.js",
        )
        if offline.keep_in_zip(p)
    ]
    assert kept == ["index.html", "assets/javascripts/bundle.js", "search/search_index.json"]


def test_render_downloads_escapes_and_rounds():
    html = offline.render_downloads(
        [offline.Download("Zip", "../d/r.zip", 425_000, "a <b> note"), offline.Download("Print", None, None, "x")]
    )
    assert '<a href="../d/r.zip">Zip</a> <span class="offline-size">(415 KB)</span>: a &lt;b&gt; note' in html
    assert "<strong>Print</strong>: x" in html
    assert offline.kilobytes(10) == "1 KB" and offline.kilobytes(2_000_000) == "1,953 KB"


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
    assert size_kb < 1024, "the offline zip grew past 1 MB: check what hooks/offline.py zip_filter() keeps"


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


FAIL_OFFLINE = '''"""Test hook: give one page output that its offline copy cannot be made from."""


def on_post_page(output, *, page, config):
    return output.replace("</head>", "") if page.file.src_uri == "glossary.md" else output
'''


@pytest.mark.slow
def test_failed_offline_copy_leaves_the_previous_site_and_zip(tmp_path):
    project = tmp_path / "project"
    for part in ("docs", "data", "hooks", "overrides", "editions"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        re.sub(r"^hooks:\n", "hooks:\n  - hooks/fail_offline.py\n", config, count=1, flags=re.M)
    )
    (project / "hooks" / "fail_offline.py").write_text(FAIL_OFFLINE)
    out = tmp_path / "site"
    (out / "downloads").mkdir(parents=True)
    (out / "downloads" / f"{ZIP_NAME}.zip").write_bytes(b"the previous zip")
    (out / "index.html").write_text("the previous site")

    result = build_site(project, out)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "hooks/offline.py: the built page glossary/index.html has no </head>" in output
    assert (out / "downloads" / f"{ZIP_NAME}.zip").read_bytes() == b"the previous zip"
    assert (out / "index.html").read_text() == "the previous site"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["project", "site"], f"a failed build left {left}"
    assert sorted(p.name for p in (out / "downloads").iterdir()) == [f"{ZIP_NAME}.zip"]
