"""The offline zip (hooks/course_reader/editions/offline_zip.py): reproducible, dated, file:// ready, and all or nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from course_reader.editions.offline_pages import offline_page
from course_reader.editions.offline_zip import OfflineZip

WORKER = [sys.executable, "-m", "course_reader.editions.offline_zip"]


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def _zip(tree: Path, dest: Path, names: list[str], epoch: int = 1_700_000_000) -> int:
    archive = OfflineZip(dest, root="r", epoch=epoch)
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


def test_offline_zip_worker_needs_no_mkdocs(tmp_path):
    """The worker process imports neither MkDocs nor its dependencies (it starts in ~20 ms beside the build): here
    an `import mkdocs` fails in it, and the zip is still written."""
    blocker = _tree(tmp_path / "blocker", {"mkdocs/__init__.py": b"raise ImportError('the worker imported MkDocs')"})
    source = _tree(tmp_path / "site", {"a/index.html": b"<html><head></head></html>", "a.css": b"a{}"})
    worker = subprocess.run(
        WORKER + [str(tmp_path / "r.zip"), "r", "1700000000"],
        input=(
            f"file a/index.html\0{source / 'a/index.html'}\n".encode()
            + b"data b.txt\x003\nabc"
            + f"file a.css\0{source / 'a.css'}\n".encode()
            + b"end\n"
        ),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(blocker)},
        check=False,
    )
    assert worker.returncode == 0, worker.stdout + worker.stderr
    page = offline_page("<html><head></head></html>", name="a/index.html")  # the shim added
    assert json.loads(worker.stdout) == {"sizes": {"a/index.html": len(page), "b.txt": 3, "a.css": 3}}
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        assert archive.namelist() == ["r/a/index.html", "r/b.txt", "r/a.css"]
        assert archive.read("r/b.txt") == b"abc"
        assert archive.read("r/a/index.html").decode() == page


@pytest.mark.parametrize("commands", [b"data b.txt\x003\nabc", b"", b"data b.txt\x0010\nabc"])
def test_offline_zip_worker_leaves_nothing_when_the_build_goes_away(tmp_path, commands):
    """A build stopped before it finished the zip (its end of the pipe closed): no zip, no temporary file."""
    worker = subprocess.run(
        WORKER + [str(tmp_path / "r.zip"), "r", "1700000000"],
        input=commands,
        capture_output=True,
        check=False,
    )
    assert worker.returncode == 1
    assert list(tmp_path.iterdir()) == []


def test_offline_zip_reports_a_site_file_that_vanished(tmp_path):
    dest = tmp_path / "out" / "reader.zip"
    archive = OfflineZip(dest, root="r", epoch=1_700_000_000)
    archive.add("gone.css", tmp_path / "gone.css")
    with pytest.raises(PluginError, match=r"gone\.css"):
        archive.finish()
    assert not dest.parent.exists() or list(dest.parent.iterdir()) == []


def test_a_discarded_offline_zip_stops_its_worker(tmp_path):
    archive = OfflineZip(tmp_path / "reader.zip", root="r", epoch=1_700_000_000)
    archive.add("a.txt", b"a")
    archive.wait()  # the worker has begun the zip (a temporary file)
    assert [p.name for p in tmp_path.iterdir()] == [f".reader.zip.{os.getpid()}.tmp"]
    archive.discard()
    assert archive._proc.returncode is not None
    assert list(tmp_path.iterdir()) == []


def test_offline_zip_works_when_python_leaves_the_script_folder_off_its_path(tmp_path, monkeypatch):
    """PYTHONSAFEPATH (Python 3.11+) keeps the current and a script's folder off sys.path; the worker is run as a
    module of the installed package, so it does not depend on either."""
    monkeypatch.setenv("PYTHONSAFEPATH", "1")
    source = _tree(tmp_path / "site", {"a/index.html": b"<html><head></head></html>"})
    size = _zip(source, tmp_path / "out" / "r.zip", ["a/index.html"])
    assert size == (tmp_path / "out" / "r.zip").stat().st_size
