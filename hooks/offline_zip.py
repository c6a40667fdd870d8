"""The offline zip: written by a worker thread while MkDocs renders pages, reproducible (hooks/offline.py fills it)."""

from __future__ import annotations

import os
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from offline_pages import offline_entry

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can carry


class OfflineZip:
    """The offline zip, written by a worker thread while MkDocs renders pages (deflate runs outside the GIL, on
    another core). Entries keep the order they were added in, which a build fixes; each is made file:// ready
    (`offline_entry`), with one timestamp and fixed permissions, so the same input gives the same bytes. Written to a
    temporary file that `finish` moves to `dest`: `dest` is always the old zip or the complete new one."""

    def __init__(self, dest: Path, *, root: str, epoch: int) -> None:
        self.dest = dest
        self.root = root
        self.sizes: dict[str, int] = {}  # entry name -> bytes, as written (after the file:// changes)
        self._date_time = _zip_date(epoch)
        self._tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        dest.parent.mkdir(parents=True, exist_ok=True)
        self._archive = zipfile.ZipFile(self._tmp, "w")
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="offline-zip")
        self._jobs: list[Future[None]] = []

    def add(self, name: str, data: bytes | Path) -> None:
        """Queue the site file `name` (its content, or the path to read it from)."""
        self._jobs.append(self._pool.submit(self._write, name, data))

    def wait(self) -> None:
        """Return once every queued entry is written; raise the first error."""
        for job in self._jobs:
            job.result()

    def finish(self) -> int:
        """Write the last entries and put the zip in place; return its size. On an error, the old zip stays."""
        try:
            self.wait()
            self._pool.shutdown()
            self._archive.close()
            os.replace(self._tmp, self.dest)
        finally:
            self.discard()
        return self.dest.stat().st_size

    def discard(self) -> None:
        """Stop, and remove the unfinished zip (nothing once `finish` moved it in place)."""
        self._pool.shutdown(cancel_futures=True)
        try:
            self._archive.close()
        except OSError:
            pass  # e.g. the disk is full: the unfinished file goes anyway, and the build reports the first error
        self._tmp.unlink(missing_ok=True)

    def _write(self, name: str, data: bytes | Path) -> None:
        name, content = offline_entry(name, data.read_bytes() if isinstance(data, Path) else data)
        info = zipfile.ZipInfo(f"{self.root}/{name}", date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, so that the permissions below apply everywhere
        info.external_attr = 0o100644 << 16
        self._archive.writestr(info, content, compresslevel=6)
        self.sizes[name] = len(content)


# Internals


def _zip_date(epoch: int) -> tuple[int, int, int, int, int, int]:
    t = datetime.fromtimestamp(max(epoch, ZIP_EPOCH), tz=UTC)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)
