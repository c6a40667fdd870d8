"""Session fixtures for the offline edition: the zip from the session's site build, unpacked once."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ZIP_NAME = "military-diplomacy-reader"


@pytest.fixture(scope="session")
def offline_zip(site: Path) -> Path:
    """The zip that the main `mkdocs build` wrote (hooks/course_reader/editions/offline.py)."""
    path = site / "downloads" / f"{ZIP_NAME}.zip"
    assert path.is_file(), f"{path} was not built: the course plugin's offline_zip option must be on"
    return path


@pytest.fixture(scope="session")
def offline_copy(offline_zip: Path, tmp_path_factory) -> Path:
    """The zip unpacked as a reader would: the folder holding index.html."""
    out = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(out)
    return out / ZIP_NAME
