"""The handouts' PDFs (handouts.py builds their HTML): a layout's handouts laid out in one WeasyPrint pass with the
PDF edition's stylesheet (editions/pdf.css) and handouts.css beside this file, each PDF written from its own pages
as a tagged PDF (PDF/UA-1) with no date and a file identifier made from its content, so the same input gives the
same bytes.

`start` runs a layout in a worker process beside the build (it needs only the handouts' HTML, known before the
pages render) unless the shared cache (core/build_cache.py's folder) already holds the PDFs of the same input;
`Job.result` waits for them. Run as a script, this file is that worker: a job as JSON on stdin, the PDFs into the
folder it names."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STYLESHEETS = (HERE.parent / "editions" / "pdf.css", HERE / "handouts.css")  # the PDF edition's, then the handouts'


def document_html(body: str, *, language: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>Handouts</title></head>'
        f"<body>{body}</body></html>"
    )


def page_ranges(pages: Sequence[Container[str]], pieces: Sequence[str]) -> dict[str, range]:
    """{piece: its pages}: from the first page holding its anchor (`pages`: each page's anchors) to the next piece's
    first page. Every piece must start a page of its own, after the one before it."""
    starts: list[int] = []
    for piece in pieces:
        start = next((n for n, anchors in enumerate(pages) if piece in anchors), None)
        if start is None:
            raise RuntimeError(f"handouts: no page holds the anchor #{piece}")
        if starts and start <= starts[-1]:
            raise RuntimeError(f"handouts: #{piece} does not start a page of its own (handouts.css breaks the page)")
        starts.append(start)
    return {
        piece: range(start, end) for piece, start, end in zip(pieces, starts, [*starts[1:], len(pages)], strict=True)
    }


def render(job: dict[str, Any]) -> dict[str, bytes]:
    """{file: PDF}: `job` = {html, pieces: [anchor], files: [{file, title, pieces: [anchor]}], language}, as
    handouts.pdf_job makes it: one layout, each PDF written from its pieces' pages."""
    import weasyprint

    identity = hashlib.sha256(json.dumps(job, sort_keys=True).encode()).hexdigest()
    document = weasyprint.HTML(string=document_html(job["html"], language=job["language"]), base_url=str(HERE)).render(
        stylesheets=[weasyprint.CSS(filename=str(css)) for css in STYLESHEETS], pdf_variant="pdf/ua-1"
    )
    ranges = page_ranges([page.anchors for page in document.pages], job["pieces"])
    files = {}
    for handout in job["files"]:
        part = document.copy([document.pages[n] for piece in handout["pieces"] for n in ranges[piece]])
        part.metadata.title = handout["title"]
        key = hashlib.md5(f"{identity} {handout['file']}".encode()).hexdigest().encode()
        files[handout["file"]] = part.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=key)
    return files


def cache_key(job: dict[str, Any]) -> str:
    """What the PDFs depend on: the job, both stylesheets and WeasyPrint's version (and so its bundled defaults)."""
    digest = hashlib.sha256(json.dumps(job, sort_keys=True).encode())
    for css in STYLESHEETS:
        digest.update(css.read_bytes())
    digest.update(metadata.version("weasyprint").encode())
    return digest.hexdigest()[:32]


@dataclass
class Worker:
    """A worker process (this file run as a script): its job as JSON on stdin, its PDFs into `out`."""

    proc: subprocess.Popen[bytes]
    out: Path

    @classmethod
    def spawn(cls) -> Worker:
        out = Path(tempfile.mkdtemp(prefix="handouts-"))
        proc = subprocess.Popen(
            [sys.executable, __file__, str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"},
        )
        return cls(proc, out)

    def send(self, job: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(job).encode())
            self.proc.stdin.close()
        except BrokenPipeError:
            pass  # the worker failed as it started: result() reports its error

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stderr):
            if stream is not None:
                stream.close()
        shutil.rmtree(self.out, ignore_errors=True)


@dataclass
class Job:
    """PDFs being made (a worker) or found in the cache; `result()` gives them."""

    files: list[str]
    cached: Path | None = None  # the cache folder that holds them
    worker: Worker | None = None
    store: Path | None = None  # where to keep them once made
    done: dict[str, bytes] = field(default_factory=dict)

    def result(self) -> dict[str, bytes]:
        if self.done:
            return self.done
        if self.cached is not None:
            self.done = {name: (self.cached / name).read_bytes() for name in self.files}
            return self.done
        assert self.worker is not None
        proc, out = self.worker.proc, self.worker.out
        assert proc.stderr is not None
        err = proc.stderr.read()
        proc.wait()
        try:
            if proc.returncode != 0:
                raise RuntimeError(err.decode("utf-8", "replace").strip().splitlines()[-1] if err.strip() else "failed")
            self.done = {name: (out / name).read_bytes() for name in self.files}
            if self.store is not None:
                _keep(out, self.store)
        finally:
            self.worker.stop()
        return self.done

    def discard(self) -> None:
        if self.worker is not None:
            self.worker.stop()


def start(job: dict[str, Any], cache: Path | None) -> Job:
    """The PDFs of `job`: from `cache` (a folder per input) if it holds them, else from a worker started now."""
    files = [f["file"] for f in job["files"]]
    folder = cache / cache_key(job) if cache is not None else None
    if folder is not None and all((folder / name).is_file() for name in files):
        return Job(files, cached=folder)
    worker = Worker.spawn()
    worker.send(job)
    return Job(files, worker=worker, store=folder)


def _keep(made: Path, folder: Path) -> None:
    """Copy the made PDFs into the cache through a temporary folder, so a cache folder is always complete; a cache
    that cannot be written costs only time."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
    except OSError:
        return
    try:
        for path in made.iterdir():
            shutil.copyfile(path, tmp / path.name)
        os.replace(tmp, folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    out = Path(sys.argv[1])
    for name, data in render(json.loads(sys.stdin.buffer.read())).items():
        (out / name).write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
