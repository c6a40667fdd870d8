"""The offline zip (hooks/offline_zip.py): reproducible, dated, file:// ready, and all or nothing."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from offline_zip import OfflineZip


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
