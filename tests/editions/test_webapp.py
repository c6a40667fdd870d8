"""The installable web app without a browser: the helpers of hooks/course_reader/editions/webapp.py, webapp_manifest.py and
webapp_precache.py, the manifest, the worker's file list against the built site, the Download page's row, the icons,
and what the offline zip leaves out."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from PIL import Image

from course_reader.editions import webapp, webapp_manifest, webapp_precache
from support.helpers import html_pages, soup
from support.offline_fixtures import ZIP_NAME
from support.project import ROOT

ICONS = ROOT / "docs" / "assets" / "icons"
KB = re.compile(r"\(([\d,]+) KB\)")


# Helpers, without a build


def test_theme_colour_is_materials_primary():
    assert webapp_manifest.palette_primary([{"media": "x"}, {"scheme": "default", "primary": "indigo"}]) == "indigo"
    assert webapp_manifest.palette_primary({"primary": "Deep Purple"}) == "deep-purple"
    assert webapp_manifest.palette_primary(None) == "indigo"  # Material's default
    assert webapp_manifest.theme_colour("indigo") == "#4051b5"
    assert webapp_manifest.theme_colour("teal") == "#009485"
    with pytest.raises(ValueError, match="'custom' has no colour of its own"):
        webapp_manifest.theme_colour("custom")


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("index.html", True),
        ("role/index.html", True),
        ("404.html", True),
        ("search/search_index.json", True),
        ("assets/javascripts/bundle.1234.min.js", True),
        ("manifest.webmanifest", True),
        ("assets/javascripts/bundle.1234.min.js.map", False),
        ("sitemap.xml", False),
        ("sitemap.xml.gz", False),
        ("downloads/military-diplomacy-reader.zip", False),
        ("sw.js", False),
        ("assets/javascripts/lunr/min/lunr.de.min.js", False),
        ("downloads/.x.zip.123.tmp", False),
    ],
)
def test_worker_keeps_what_the_site_serves_but_the_downloads(path, kept):
    assert webapp_precache.keep_offline(path, lunr=set()) is kept


def test_worker_keeps_the_lunr_files_search_loads():
    assert webapp_precache.keep_offline("assets/javascripts/lunr/min/lunr.de.min.js", lunr={"min/lunr.de.min.js"})


@pytest.mark.parametrize(
    ("path", "url"),
    [("index.html", ""), ("role/index.html", "role/"), ("404.html", "404.html"), ("assets/a.css", "assets/a.css")],
)
def test_page_url_is_the_folder_a_reader_opens(path, url):
    assert webapp_precache.page_url(path) == url
    assert webapp_precache.page_url(path, directory_urls=False) == path


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("assets/a#b.txt", "assets/a%23b.txt"),  # unencoded, the worker read a fragment and saving failed for all
        ("assets/what?.txt", "assets/what%3F.txt"),
        ("assets/100%41.txt", "assets/100%2541.txt"),  # not the file A.txt
        ("assets/sp ace.txt", "assets/sp%20ace.txt"),
        ("assets/café.txt", "assets/caf%C3%A9.txt"),
        ("assets/x&y=1.txt", "assets/x&y=1.txt"),
        ("a#b/index.html", "a%23b/"),
    ],
)
def test_a_file_name_becomes_the_url_it_is_requested_by(path, url):
    from urllib.parse import unquote, urljoin, urlsplit

    assert webapp_precache.page_url(path) == url
    assert unquote(urlsplit(urljoin("https://x.org/reader/", url)).path) == "/reader/" + path.removesuffix("index.html")


def test_the_manifest_encodes_its_paths(tmp_path):
    from types import SimpleNamespace

    from course_reader.editions.webapp_manifest import manifest

    config = SimpleNamespace(
        site_url="https://x.org/my reader%20x/", site_name="S", site_description="", theme={"language": "en"}
    )
    data = json.loads(manifest(config, "#000000", "S"))
    assert data["start_url"] == data["scope"] == data["id"] == "/my%20reader%20x/"


def test_worker_script_lists_files_and_changes_with_any_file():
    source = webapp_precache.WORKER_SOURCE.read_text(encoding="utf-8")
    one = webapp_precache.worker_script([("", "a" * 64), ("role/", "b" * 64)], source)
    assert webapp_precache.worker_files(one) == [("", "a" * 64), ("role/", "b" * 64)]
    two = webapp_precache.worker_script([("", "a" * 64), ("role/", "c" * 64)], source)
    version = one.split('const VERSION = "')[1][:16]
    assert version != two.split('const VERSION = "')[1][:16] and len(version) == 16
    assert "__VERSION__" not in one and "__FILES__" not in one
    with pytest.raises(PluginError, match="needs __VERSION__ and __FILES__"):
        webapp_precache.worker_script([], "no placeholders")


def test_install_row_escapes_the_online_address():
    html = webapp.render_install('https://x.org/"><script>')
    assert 'data-webapp-online="https://x.org/&#34;&gt;&lt;script&gt;"' in html
    assert '<button type="button"' in html and 'role="status"' in html and webapp.SIZE_SLOT in html


def test_a_missing_marker_fails_the_build_clearly(course_build):
    page = SimpleNamespace(file=SimpleNamespace(src_uri="download.md", dest_uri="download/index.html"), url="download/")
    with pytest.raises(PluginError, match=r"docs/download.md: the line <!-- webapp:install --> is missing"):
        webapp.on_page_content("<p>no marker</p>", page=page, config=None, files=None)


def test_icons_are_what_the_script_draws_in_the_theme_colour():
    result = subprocess.run(
        [sys.executable, "scripts/make_icons.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    colour = tuple(int(webapp_manifest.theme_colour("indigo")[i : i + 2], 16) for i in (1, 3, 5))
    for name, size in (
        ("icon-192", 192),
        ("icon-512", 512),
        ("maskable-192", 192),
        ("maskable-512", 512),
        ("apple-touch-icon", 180),
    ):
        with Image.open(ICONS / f"{name}.png") as image:
            assert image.size == (size, size), name
            rgba = image.convert("RGBA")
            corner, edge = rgba.getpixel((0, 0)), rgba.getpixel((size // 2, 1))
        assert edge[:3] == colour and edge[3] == 255, f"{name}: the background is the theme colour"
        if name.startswith("icon-"):
            assert corner[3] == 0, f"{name}: rounded corners"
        else:
            assert corner == (*colour, 255), f"{name}: full bleed, for the platform's mask"


# The built site (one build per session, tests/conftest.py)


def test_manifest_is_installable_and_under_the_site_path(site):
    data = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert data["start_url"] == data["scope"] == data["id"] == "/reader/"
    assert data["display"] == "standalone" and data["theme_color"] == "#4051b5"
    assert data["name"] == "Military Diplomacy and National Security" and 0 < len(data["short_name"]) <= 12
    icons = {(i["sizes"], i["purpose"]) for i in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
    for icon in data["icons"]:
        with Image.open(site / icon["src"]) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"


def test_every_page_links_the_manifest_and_the_worker(site):
    for page in html_pages(site):
        html = soup(page)
        link = html.select_one('link[rel="manifest"]')
        assert link is not None, page
        assert (page.parent / link["href"]).resolve() == (site / "manifest.webmanifest").resolve()
        assert (page.parent / link["data-worker"]).resolve() == (site / "sw.js").resolve()
        assert html.select_one('meta[name="theme-color"]')["content"] == "#4051b5"
        assert not [s for s in html.select("script[src]") if "webapp" in s["src"]], "not loaded on a first visit"
        assert (page.parent / link["data-script"]).resolve() == (site / "assets" / "webapp.js").resolve()
        assert not [s for s in html.select("script:not([src])") if s.string and "webapp" in s.string]
    page_404 = soup(site / "404.html").select_one('link[rel="manifest"]')
    assert page_404["href"] == "/reader/manifest.webmanifest" and page_404["data-worker"] == "/reader/sw.js"
    assert page_404["data-script"] == "/reader/assets/webapp.js"
    loader = (ROOT / "docs" / "assets" / "reader.js").read_text(encoding="utf-8")  # where it has work only
    assert (
        "workers.controller" in loader
        and "[data-webapp][data-script]" in loader
        and "display-mode: standalone" in loader
    )


def test_worker_lists_every_file_of_the_build_with_its_hash(site):
    script = (site / "sw.js").read_text(encoding="utf-8")
    entries = dict(webapp_precache.worker_files(script))
    expected = webapp_precache.precache_paths(site, languages=["en"])
    assert sorted(entries) == sorted(webapp_precache.page_url(p) for p in expected)
    for path in expected:
        assert entries[webapp_precache.page_url(path)] == webapp_precache.sha256(site / path), (
            f"{path} changed after it was listed"
        )
    pages = {webapp_precache.page_url(p.relative_to(site).as_posix()) for p in html_pages(site)}
    assert pages <= set(entries), "every page, the print page and the 404 page"
    assert {"search/search_index.json", "manifest.webmanifest", "assets/webapp.js"} <= set(entries)
    assert not [url for url in entries if "://" in url or url.startswith("/") or url.startswith("downloads/")]
    total = sum((site / p).stat().st_size for p in expected)
    print(f"\nworker: {len(entries)} files, {total / 1024:.0f} KB; sw.js {len(script) / 1024:.1f} KB")


def test_download_page_has_the_web_app_row_with_its_size(site):
    row = soup(site / "download" / "index.html").select_one("[data-webapp]")
    assert row is not None
    expected = sum((site / p).stat().st_size for p in webapp_precache.precache_paths(site, languages=["en"]))
    shown = row.select_one("[data-webapp-size]").get_text()
    assert KB.fullmatch(shown), shown
    assert (
        abs(int(KB.fullmatch(shown).group(1).replace(",", "")) - expected / 1024) <= 1
    )  # counted before it is filled in
    button = row.select_one("button[data-webapp-action]")
    assert button.get_text() == "Save for offline reading" and button.has_attr("hidden")  # shown by webapp.js
    assert row.select_one('[role="status"][data-webapp-status]') is not None
    assert row["data-webapp-online"] == "https://military-diplomacy-reader.github.io/reader/download/"
    assert row["data-script"] == "../assets/webapp.js"  # reader.js loads it where it finds the row (file:// too)


def test_offline_zip_has_no_worker_manifest_or_app_icons(offline_zip, offline_copy):
    with zipfile.ZipFile(offline_zip) as archive:
        names = {n.removeprefix(f"{ZIP_NAME}/") for n in archive.namelist()}
    assert not {"sw.js", "manifest.webmanifest"} & names
    assert not [n for n in names if n.startswith("assets/icons/")]
    assert "assets/webapp.js" in names  # the Download page loads it, to say the copy works offline already
    for page in offline_copy.rglob("*.html"):
        assert not soup(page).select('link[rel="manifest"], link[rel="apple-touch-icon"]'), page
