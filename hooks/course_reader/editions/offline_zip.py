"""The offline zip: written by a worker process while MkDocs renders pages, reproducible (hooks/course_reader/editions/offline.py fills it).

Run as a module (`python -m course_reader.editions.offline_zip`), it is that worker: it reads entries on stdin, makes each file:// ready (offline_pages.py),
deflates it and writes the zip; it needs no MkDocs, so it starts in ~20 ms. A process rather than a thread: a thread's
regex rewriting and zip bookkeeping need the GIL that the build's main thread holds, so the thread fell behind the
pages and the build waited for it at the end (~70 ms); a process runs beside the build on another core."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from course_reader.editions.offline_pages import offline_entry
from course_reader.names import ZIP_EPOCH

PIPE_BYTES = 1 << 20  # the pipe to the worker holds this much (Linux allows 1 MB unprivileged) so pages rarely wait

# What the build sends the worker, one command per line, data commands followed by their bytes
ADD_FILE = b"file"  # file <name>\0<path>: the site file at <path>, read by the worker
ADD_DATA = b"data"  # data <name>\0<length>, then <length> bytes
SYNC = b"sync"  # the worker answers with the sizes of the entries so far (a JSON line) once they are written
END = b"end"  # close the zip, answer with a JSON line, exit


class OfflineZip:
    """The offline zip, written by a worker process while MkDocs renders pages. Entries keep the order they were
    added in, which a build fixes; each is made file:// ready (`offline_entry`), with one timestamp and fixed
    permissions, so the same input gives the same bytes. Written to a temporary file that `finish` moves to `dest`:
    `dest` is always the old zip or the complete new one."""

    def __init__(self, dest: Path, *, root: str, epoch: int) -> None:
        self.dest = dest
        self.sizes: dict[str, int] = {}  # entry name -> bytes, as written (after the file:// changes)
        self._tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        dest.parent.mkdir(parents=True, exist_ok=True)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", __name__, str(self._tmp), root, str(epoch)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        _widen(self._proc.stdin)
        self._to: IO[bytes] = self._proc.stdin
        self._from: IO[bytes] = self._proc.stdout
        # A thread writes to the pipe: the build's main thread never waits for the worker, or for the GIL after a
        # write (another thread would hold it for up to 5 ms)
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write_commands, name="offline-zip", daemon=True)
        self._writer.start()

    def add(self, name: str, data: bytes | Path) -> None:
        """Queue the site file `name`: its content, or the path of a complete file to read it from."""
        if isinstance(data, Path):
            self._send(ADD_FILE + b" " + _field(name) + b"\0" + _field(str(data)) + b"\n")
        else:
            self._send(ADD_DATA + b" " + _field(name) + b"\0" + str(len(data)).encode() + b"\n", data)

    def wait(self) -> None:
        """Return once every queued entry is written (`sizes` then lists them); raise the worker's error."""
        self._send(SYNC + b"\n")
        self.sizes = self._answer()["sizes"]

    def finish(self) -> int:
        """Write the last entries and put the zip in place; return its size. On an error, the old zip stays."""
        try:
            self._send(END + b"\n")
            self.sizes = self._answer()["sizes"]
            if self._proc.wait() != 0:
                raise _failed(f"the offline zip's worker stopped with exit status {self._proc.returncode}")
            os.replace(self._tmp, self.dest)
        finally:
            self.discard()
        return self.dest.stat().st_size

    def discard(self) -> None:
        """Stop, and remove the unfinished zip (nothing once `finish` moved it in place)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._outbox.put(None)
        self._writer.join()
        for stream in (self._to, self._from):
            try:
                stream.close()
            except OSError:
                pass  # the worker is gone, and with it what was left in the pipe
        self._tmp.unlink(missing_ok=True)

    def _send(self, command: bytes, data: bytes = b"") -> None:
        self._outbox.put(command)
        if data:
            self._outbox.put(data)

    def _write_commands(self) -> None:
        try:
            while (chunk := self._outbox.get()) is not None:
                self._to.write(chunk)
                if self._outbox.empty():
                    self._to.flush()
        except (BrokenPipeError, ValueError):
            pass  # the worker failed (its message comes with the next answer) or was stopped

    def _answer(self) -> dict[str, Any]:
        line = self._from.readline()
        answer = json.loads(line) if line.strip() else {"error": "the offline zip's worker stopped unexpectedly"}
        if "error" in answer:
            raise _failed(answer["error"])
        return answer


# The worker process


def main(argv: list[str]) -> int:
    """Write the zip `argv[0]` (entries under the folder `argv[1]`, dated `argv[2]`) from the commands on stdin;
    remove it unless the build asked to finish it."""
    tmp = Path(argv[0])
    try:
        finished = _write(tmp, root=argv[1], epoch=int(argv[2]))
    except Exception as error:  # reported to the build, which stops with it
        _reply({"error": str(error) or repr(error)})
        finished = False
    if not finished:
        tmp.unlink(missing_ok=True)
        return 1
    return 0


def _write(tmp: Path, *, root: str, epoch: int) -> bool:
    commands = sys.stdin.buffer
    date_time = _zip_date(epoch)
    sizes: dict[str, int] = {}
    with zipfile.ZipFile(tmp, "w") as archive:
        while line := commands.readline():
            verb, _, rest = line.rstrip(b"\n").partition(b" ")
            if verb == SYNC:
                _reply({"sizes": sizes})
                continue
            if verb == END:
                break
            name_bytes, _, arg = rest.partition(b"\0")
            if verb == ADD_FILE:
                data = Path(arg.decode("utf-8")).read_bytes()
            elif verb == ADD_DATA:
                data = commands.read(int(arg))
            else:
                raise ValueError(f"the offline zip's worker got an unknown command {line[:40]!r}")
            name, content = offline_entry(name_bytes.decode("utf-8"), data)
            info = zipfile.ZipInfo(f"{root}/{name}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the permissions below apply everywhere
            info.external_attr = 0o100644 << 16
            archive.writestr(info, content, compresslevel=6)
            sizes[name] = len(content)
        else:
            return False  # the build went away without finishing
    _reply({"sizes": sizes})
    return True


# Internals


def _zip_date(epoch: int) -> tuple[int, int, int, int, int, int]:
    t = datetime.fromtimestamp(max(epoch, ZIP_EPOCH), tz=UTC)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def _field(text: str) -> bytes:
    if "\0" in text or "\n" in text:
        raise _failed(f"a site file's name or path has a NUL or newline character: {text!r} — rename it")
    return text.encode("utf-8")


def _widen(pipe: IO[bytes]) -> None:
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or a lower limit: the build waits a little more often, nothing else changes


def _reply(answer: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def _failed(message: str) -> Exception:
    from mkdocs.exceptions import PluginError

    return PluginError(message)


if __name__ == "__main__":
    status = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(status)  # at once: the zip is closed and the build has its answer (interpreter clean-up costs ~5 ms)
