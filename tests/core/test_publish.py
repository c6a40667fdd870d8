"""Publishing (hooks/course_reader/core/publish.py) and faults: one build at a time per site directory, a site that is never
half-published, leftovers of earlier failures cleaned or reported, a full disk in one message, a build without git.

The unit tests work on small directories; the builds (marked slow) run `mkdocs build` on a copy of the project, as
`make build` does, and check the exit status, the message, and that the previous site is untouched."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from course_reader.core import publish
from support.helpers import soup
from support.project import BUILDER, build_site, copy_project


def _tree(path: Path, marker: str) -> Path:
    (path / "sub").mkdir(parents=True)
    (path / "index.html").write_text(marker, encoding="utf-8")
    (path / "sub" / "page.html").write_text(marker, encoding="utf-8")
    return path


def _digest(site: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        h.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


# The lock


def test_a_second_build_of_the_same_site_stops_with_the_pid(tmp_path):
    first = publish.start(tmp_path / "site")
    try:
        with pytest.raises(PluginError) as error:
            publish.start(tmp_path / "site")
        assert str(error.value).startswith(f"another build is running in this checkout (pid {os.getpid()}), into site/")
    finally:
        publish.finish(first)
    publish.finish(publish.start(tmp_path / "site"))  # released: the next build gets it


def test_builds_of_other_site_directories_do_not_wait(tmp_path):
    first = publish.start(tmp_path / "site")
    second = publish.start(tmp_path / "preview")
    assert first.staging.name == "site.building" and second.staging.name == "preview.building"
    publish.finish(first)
    publish.finish(second)


def test_a_dead_build_leaves_no_lock(tmp_path):
    """The kernel drops a flock when its process ends, however it ends (here: SIGKILL)."""
    code = "import sys, time; sys.path.insert(0, sys.argv[1]); import publish, pathlib; "
    code += "claim = publish.start(pathlib.Path(sys.argv[2])); print('locked', flush=True); time.sleep(60)"
    hooks = str(Path(publish.__file__).parent)
    child = subprocess.Popen(
        [sys.executable, "-c", code, hooks, str(tmp_path / "site")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(PluginError, match=f"pid {child.pid}"):
            publish.start(tmp_path / "site")
    finally:
        child.kill()
        child.wait()
    publish.finish(publish.start(tmp_path / "site"))


# Publishing is never half-done


def test_the_swap_is_one_atomic_exchange(tmp_path, monkeypatch):
    """The new site and the old one change places in one rename: no instant without a complete site/."""
    site, new = _tree(tmp_path / "site", "old"), _tree(tmp_path / "site.building", "new")

    def no_rename(*args):
        raise AssertionError("two renames would leave a moment without site/")

    monkeypatch.setattr(publish.os, "rename", no_rename)
    publish.swap_in(new, site)
    assert (site / "index.html").read_text() == "new" and (new / "index.html").read_text() == "old"


def test_the_first_build_just_moves_in(tmp_path):
    new = _tree(tmp_path / "site.building", "new")
    publish.swap_in(new, tmp_path / "site")
    assert (tmp_path / "site" / "sub" / "page.html").read_text() == "new" and not new.exists()


def test_a_successful_build_is_published_and_the_old_site_removed(tmp_path):
    _tree(tmp_path / "site", "old")
    claim = publish.start(tmp_path / "site")
    _tree(claim.staging, "new")
    claim.built_ok = True
    assert publish.finish(claim) == []
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_build_keeps_the_old_site(tmp_path):
    _tree(tmp_path / "site", "old")
    claim = publish.start(tmp_path / "site")
    _tree(claim.staging, "half")
    messages = publish.finish(claim)
    assert (tmp_path / "site" / "index.html").read_text() == "old" and not claim.staging.exists()
    assert [m for _, m in messages] == [f"The build failed: the previous site in {claim.site_dir} was left as it was."]


def test_leftovers_of_an_earlier_failure_are_removed(tmp_path):
    _tree(tmp_path / "site", "good")
    _tree(tmp_path / "site.building", "crashed half-way")
    _tree(tmp_path / "site.old", "left by an older version")
    publish.finish(publish.start(tmp_path / "site"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (tmp_path / "site" / "index.html").read_text() == "good"


def test_a_leftover_that_cannot_be_removed_is_reported_with_the_fix(tmp_path, monkeypatch):
    _tree(tmp_path / "site.old", "read-only")

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(publish.shutil, "rmtree", refuse)
    with pytest.raises(PluginError) as error:
        publish.start(tmp_path / "site")
    assert str(error.value) == (
        "site.old/ was left by an earlier build that failed, and it cannot be removed (Permission denied): remove it "
        "yourself (e.g. `chmod -R u+w site.old && rm -rf site.old`), then build again"
    )
    monkeypatch.undo()
    publish.finish(publish.start(tmp_path / "site"))  # the lock was released despite the error


def test_a_previous_site_that_cannot_be_removed_still_publishes_the_new_one(tmp_path, monkeypatch):
    _tree(tmp_path / "site", "old, read-only")
    claim = publish.start(tmp_path / "site")
    _tree(claim.staging, "new")
    claim.built_ok = True

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(publish.shutil, "rmtree", refuse)
    messages = publish.finish(claim)
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert [m for _, m in messages] == [
        "The new site is in site/, but the previous one, now in site.building/, could not be removed "
        "(Permission denied); the next build removes it, or remove it yourself"
    ]


def test_a_full_disk_is_one_message():
    error = OSError(28, "No space left on device", "/x/site.building/index.html")
    wrapped = RuntimeError("page failed")
    wrapped.__cause__ = error
    for raised in (error, wrapped):
        message = publish.disk_full(raised)
        assert isinstance(message, Abort)
        assert str(message).startswith("The disk is full while writing /x/site.building/index.html: free some space")
    assert publish.disk_full(OSError(13, "Permission denied")) is None


# Whole builds (a copy of the project, as `make build` runs it)

FULL_DISK = textwrap.dedent(
    """
    import errno, sys, zipfile
    import mkdocs.utils
    from mkdocs.__main__ import cli

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "glossary/index.html")

    if sys.argv[2] == "page":
        real = mkdocs.utils.write_file
        mkdocs.utils.write_file = lambda content, path: full() if path.endswith("glossary/index.html") else real(content, path)
    else:  # the offline zip, written on its own thread
        zipfile.ZipFile.writestr = full
    cli(["build", "--strict", "-d", sys.argv[1]])
    """
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the project with a good site built in it."""
    project = copy_project(tmp_path_factory.mktemp("publish") / "project")
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.mark.slow
def test_a_build_while_another_runs_stops_and_publishes_nothing(built):
    before = _digest(built / "site")
    holder = publish.start(built / "site")  # as a running build holds it
    try:
        result = build_site(built, built / "site")
    finally:
        publish.finish(holder)
    assert result.returncode == 1
    assert f"another build is running in this checkout (pid {os.getpid()}), into site/" in result.stderr
    assert "Traceback" not in result.stderr
    assert _digest(built / "site") == before


@pytest.mark.slow
@pytest.mark.parametrize("where", ["page", "zip"])
def test_a_full_disk_gives_one_clear_message_and_keeps_the_site(built, where):
    before = _digest(built / "site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(built / "site"), where],
        cwd=built,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 1
    output = result.stdout + result.stderr  # MkDocs prints its Abort message on stdout
    assert "Traceback" not in output, output
    assert output.count("The disk is full while writing glossary/index.html: free some space") == 1, output
    assert _digest(built / "site") == before
    assert not (built / "site.building").exists()


@pytest.mark.slow
def test_without_git_the_build_works_and_says_so(tmp_path):
    project = copy_project(tmp_path / "project", git=False)
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", BUILDER, "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "No page dates: git is not installed (not on the PATH) — citations show 'n.d.'" in result.stderr
    cite = soup(tmp_path / "site" / "role" / "index.html").select_one("[data-cite]").get_text()
    assert "(n.d.)" in cite
    assert (tmp_path / "site" / "downloads" / "military-diplomacy-reader.zip").is_file()


@pytest.mark.slow
def test_two_builds_at_once_publish_one_whole_site(built):
    """Started together: each either builds or stops at the lock; what is published comes from one build."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", BUILDER, "build", "--strict", "-d", str(built / "site")]
    runs = [subprocess.Popen(command, cwd=built, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    runs.append(
        subprocess.Popen(command, cwd=built, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    )
    results = [(run.wait(timeout=600), run.communicate()[1]) for run in runs]
    assert any(code == 0 for code, _ in results), results
    for code, stderr in results:
        assert code == 0 or "another build is running in this checkout (pid " in stderr, stderr
        assert "Traceback" not in stderr
    with zipfile.ZipFile(built / "site" / "downloads" / "military-diplomacy-reader.zip") as archive:
        names = archive.namelist()
    assert len(names) == len(set(names)), "no entry twice"
    assert not [p for p in (built / "site").rglob("*") if p.name.endswith(".tmp")]
    assert sorted(p.name for p in built.iterdir() if p.name.startswith("site")) == ["site"]


# Interrupted builds: a real signal (or exit(), or an error) at each step of the build, the PDF the longest

INTERRUPT = textwrap.dedent(
    """
    import os, signal, sys, time
    import mkdocs.utils
    from mkdocs.__main__ import cli
    from course_reader.editions import epub_edition, pdf_edition, webapp
    from course_reader.editions.offline_zip import OfflineZip

    site, step, fault = sys.argv[1:4]
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as in a terminal (a background job ignores it)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)  # a closed terminal (nohup, which may have started this, ignores it)

    def stop():
        if fault.startswith("SIG"):
            os.kill(os.getpid(), getattr(signal, fault))  # delivered by the kernel, handled at the next bytecode
            time.sleep(60)
            raise AssertionError(f"{fault} did not stop the build")
        if fault == "exit":
            sys.exit(3)  # as a library calling exit() would
        raise RuntimeError("a library failed")

    def stopping(real, when=lambda *args: True):
        def run(*args, **kwargs):
            if when(*args):
                stop()
            return real(*args, **kwargs)
        return run

    if step == "page":
        mkdocs.utils.write_file = stopping(mkdocs.utils.write_file, lambda content, path: "glossary" in path)
    elif step == "pdf":
        pdf_edition.render = stopping(pdf_edition.render)
    elif step == "epub":
        pdf_edition.render = lambda *args, **kwargs: b"%PDF-1.7 (not rendered: this test stops at the EPUB)"
        epub_edition.build = stopping(epub_edition.build)
    elif step == "zip":
        OfflineZip.finish = stopping(OfflineZip.finish)
    elif step == "webapp":
        webapp.worker_script = stopping(webapp.worker_script)
    cli(["build", "--strict", "-d", site])
    """
)
STOPPED = {
    "SIGINT": "The build was interrupted (Ctrl-C) before it was complete",
    "SIGTERM": "The build was stopped (SIGTERM) before it was complete",
    "SIGHUP": "The build was stopped (SIGHUP) before it was complete",
    "exit": "The build was stopped by a call to exit(3) before it was complete",
    "error": "The build failed",
}


def _leftovers(project: Path) -> list[str]:
    """What a build may leave beside or in the project: its staging directory, lock or temporary files."""
    found = []
    for folder, dirs, names in os.walk(project):  # not into the .git symlink
        dirs[:] = [d for d in dirs if d != ".git"]
        found += [os.path.join(folder, n) for n in dirs + names if n.endswith((".tmp", ".building", ".lock", ".old"))]
    return sorted(found)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("step", "fault"),
    [
        ("page", "SIGINT"),
        ("pdf", "SIGINT"),
        ("pdf", "SIGTERM"),
        ("pdf", "SIGHUP"),
        ("pdf", "exit"),
        ("pdf", "error"),
        ("epub", "SIGINT"),
        ("zip", "SIGINT"),
        ("zip", "exit"),
        ("webapp", "SIGTERM"),
        ("webapp", "error"),
    ],
)
def test_a_build_stopped_at_any_step_leaves_the_previous_site_and_no_temporary_file(built, step, fault):
    """Ctrl-C during the PDF (the longest step of `make build`) once published a build without its PDF, EPUB, zip,
    worker and manifest: now nothing is published until every step is done, however the build ends."""
    before = _digest(built / "site")
    editions = "true" if step in ("pdf", "epub") else "false"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(built / "hooks"), "READER_EDITIONS": editions}
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPT, str(built / "site"), step, fault],
        cwd=built,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{STOPPED[fault]}: the previous site in {built / 'site'} was left as it was." in output, output
    assert "did not stop the build" not in output
    assert _digest(built / "site") == before, "the stopped build changed the site"
    assert _leftovers(built) == [], output


def test_a_signal_the_build_was_started_to_ignore_stays_ignored():
    """`nohup mkdocs build` must survive the terminal closing: SIGHUP ignored stays ignored; SIGTERM stops the build."""
    import signal

    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        replaced = publish.catch_signals()
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        assert set(replaced) == {signal.SIGTERM}
        with pytest.raises(publish.Interrupted, match="SIGTERM"):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        publish.restore_signals(replaced)
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGHUP, before)
