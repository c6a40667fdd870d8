"""What a site file becomes in the offline copy (hooks/course_reader/editions/offline_pages.py): links to folders open their index.html,
pages load the search shim, the search index is a script, and the copy keeps what it needs."""

from __future__ import annotations

import json

import pytest
from mkdocs.exceptions import PluginError

from course_reader.editions.offline_pages import (
    file_url,
    keep_in_zip,
    lunr_files,
    offline_page,
    offline_search_index,
    site_paths,
)


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
    assert lunr_files(languages) == expected


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
    assert file_url(url) == expected


def test_offline_page_rewrites_links_and_loads_the_shim():
    html = (
        '<html><head><link rel="prev" href="../role/"></head><body><a href="..">home</a>'
        '<a href=\'../glossary/#nato\'>NATO</a><img src="../assets/a.png"><a href="#x">x</a></body></html>'
    )
    out = offline_page(html, name="tools/exercises/index.html")
    assert '<link rel="prev" href="../role/index.html">' in out
    assert '<a href="../index.html">' in out and "<a href='../glossary/index.html#nato'>" in out
    assert '<img src="../assets/a.png">' in out and '<a href="#x">' in out
    assert '<script src="../../assets/vendor/iframe-worker-shim.js"></script></head>' in out
    with pytest.raises(PluginError, match=r"the built page glossary/index.html has no </head>"):
        offline_page("<p>no head</p>", name="glossary/index.html")


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
    script = offline_search_index(data)
    assert script.startswith("var __index = ")
    docs = json.loads(script.removeprefix("var __index = "))["docs"]
    assert [d["location"] for d in docs] == [
        "index.html",
        "index.html#intro",
        "role/alliances/index.html",
        "role/alliances/index.html#nato",
    ]


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
        if keep_in_zip(p)
    ]
    assert kept == ["index.html", "assets/javascripts/bundle.js", "search/search_index.json"]


def test_offline_search_index_keeps_letters_as_written():
    """The script is UTF-8, like the JSON it comes from: "é" stays one letter, not a six-byte escape (the index
    would grow with every accented word)."""
    data = json.dumps({"config": {"lang": ["en"]}, "docs": [{"location": "", "title": "Military Attachés"}]})
    script = offline_search_index(data)
    assert "Military Attachés" in script and "\\u00e9" not in script


def test_site_paths_lists_every_file_once_sorted(tmp_path):
    for name in ("index.html", "b/index.html", "a/z.js", "a/b/c/d.css", "a/b/.hidden", "search/search_index.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    expected = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert site_paths(tmp_path) == expected
    assert site_paths(tmp_path)[:2] == ["a/b/.hidden", "a/b/c/d.css"]
