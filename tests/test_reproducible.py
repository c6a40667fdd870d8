"""Reproducible builds: two builds of the same sources give byte-identical files (the offline zip included), and
no date comes from the clock: with the build clock moved to 2033 (SOURCE_DATE_EPOCH, which MkDocs reads for
its build date) the sitemap's <lastmod> dates and sitemap.xml.gz's gzip header time stay the pages' git dates."""

from __future__ import annotations

import difflib
import gzip
import re
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from support.project import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench_support

pytestmark = pytest.mark.slow
LATER = "2000000000"  # 2033-05-18
LATER_DAY = "2033-05-18"


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Three builds; the first with an empty build cache (hooks/course_reader/core/build_cache.py: templates compiled, scripts
    minified), the second with the cache the first filled, so that their comparison also covers the cache."""
    out = {}
    cache = tmp_path_factory.mktemp("repro-cache")
    for name, epoch in {"first": None, "second": None, "clock-2033": LATER}.items():
        site = tmp_path_factory.mktemp(f"repro-{name}") / "site"
        bench_support.build_project(site, env={"SOURCE_DATE_EPOCH": epoch, "XDG_CACHE_HOME": str(cache)})
        out[name] = site
        if name == "first":
            assert list((cache / "course-reader" / "templates").rglob("*.cache")), "the build cached no template"
    return out


def files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def explain(rel: str, a: Path, b: Path) -> str:
    """Where two versions of a file differ, briefly."""
    if rel.endswith(".zip"):
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            ia = {i.filename: (i.date_time, i.CRC) for i in za.infolist()}
            ib = {i.filename: (i.date_time, i.CRC) for i in zb.infolist()}
            differ = sorted(n for n in ia.keys() | ib.keys() if ia.get(n) != ib.get(n))
            order = [i.filename for i in za.infolist()] != [i.filename for i in zb.infolist()]
            return f"{rel}: zip members differ: {differ[:8]}" + (" (entry order differs)" if order else "")
    if rel.endswith(".gz"):
        ha, hb = a.read_bytes()[:10], b.read_bytes()[:10]
        same_body = gzip.decompress(a.read_bytes()) == gzip.decompress(b.read_bytes())
        return f"{rel}: gzip header {ha.hex()} vs {hb.hex()}; content {'same' if same_body else 'differs'}"
    try:
        la, lb = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{rel}: binary content differs"
    diff = [d for d in difflib.unified_diff(la, lb, lineterm="", n=0) if not d.startswith(("---", "+++", "@@"))]
    return f"{rel}:\n      " + "\n      ".join(d[:160] for d in diff[:6])


def differences(a_site: Path, b_site: Path, only: list[str] | None = None) -> list[str]:
    a, b = files(a_site), files(b_site)
    names = only or sorted(a.keys() | b.keys())
    missing = [f"{rel}: only in one build" for rel in names if (rel in a) != (rel in b)]
    return missing + [
        explain(rel, a[rel], b[rel])
        for rel in names
        if rel in a and rel in b and a[rel].read_bytes() != b[rel].read_bytes()
    ]


def test_two_builds_are_byte_identical(builds):
    differ = differences(builds["first"], builds["second"])
    assert not differ, f"{len(differ)} file(s) differ between two builds of the same sources:\n  " + "\n  ".join(differ)


def test_sitemap_does_not_follow_the_clock(builds):
    differ = differences(builds["first"], builds["clock-2033"], ["sitemap.xml", "sitemap.xml.gz"])
    assert not differ, (
        f"with the build clock at {LATER_DAY} the sitemap changes (a page without a git date takes the clock's; "
        "commit it, or give it a date from git):\n  " + "\n  ".join(differ)
    )


def test_sitemap_dates_are_the_pages_and_the_gzip_stamp_the_newest(builds):
    site = builds["clock-2033"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    dates = re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)
    assert len(dates) == sitemap.count("<url>") > 20, "every sitemap entry needs a <lastmod> date"
    late = [d for d in dates if d.startswith(LATER_DAY)]
    assert not late, f"{len(late)} sitemap date(s) are the build clock's"
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed).decode("utf-8") == sitemap
    mtime = int.from_bytes(packed[4:8], "little")
    newest = datetime.fromisoformat(max(dates)).replace(tzinfo=UTC)
    assert mtime == int(newest.timestamp()), f"sitemap.xml.gz is stamped {mtime}, not the newest page date {max(dates)}"
