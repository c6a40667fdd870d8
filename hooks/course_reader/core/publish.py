"""Publishing a build: one build at a time per site directory (a lock), the build staged beside the site, and the
staged site swapped in only when the whole build succeeded, so that at every instant a complete site exists.

    site.lock      held (flock) by the running build, and there only while it runs; it names the build's pid;
                   the kernel releases the lock if the build dies, so a crash never leaves a stale lock
    site.building  the build in progress; after the swap, briefly, the previous site (then deleted)
    site           always the previous or the new complete site: the two are exchanged in one atomic rename
                   (Linux renameat2 RENAME_EXCHANGE); where that is missing, two renames leave a moment without it

What an earlier failure left behind (site.building, or site.old from older versions) is removed at the start of
the next build, or reported with the command that removes it.

A build is whole only once every plugin's on_post_build has returned (the PDF, EPUB, zip and web app are written
last) and nothing stopped it: an exception (on_build_error), Ctrl-C (KeyboardInterrupt), SIGTERM or SIGHUP (turned
into `Interrupted` here, so that the clean-up runs instead of the process vanishing) or a library's exit()
(SystemExit). MkDocs calls on_build_error for exceptions only; the others are seen in on_shutdown, which MkDocs calls
from a `finally:` while they are in flight. While the staged site is swapped in or dropped, these signals wait."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import shutil
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from mkdocs.exceptions import Abort, PluginError

STAGING = ".building"
OLD = ".old"  # what versions before the atomic swap left on a failure
LOCK = ".lock"
_RENAME_EXCHANGE = 2
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # what ends a build from outside, cleanly


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP during a build, raised like Ctrl-C's KeyboardInterrupt so the build stops through its
    clean-up (MkDocs' `finally:`, on_shutdown) instead of the process ending where it stands."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def catch_signals() -> dict[int, Any]:
    """Make SIGTERM and SIGHUP stop the build like Ctrl-C; return the handlers replaced (for `restore_signals`).
    A signal the build was started to ignore (`nohup` ignores SIGHUP) stays ignored. Only the main thread may set
    handlers: elsewhere (a test calling the hooks) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous: dict[int, Any] = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, _interrupt)
    return previous


def restore_signals(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted(signum)


@dataclass
class Publication:
    """One build's claim on a site directory: the lock it holds and where it stages the site."""

    site_dir: Path
    config: Any = None  # the MkDocs config whose site_dir points at the staging dir during the build
    lock: IO[str] | None = None
    built_ok: bool = False

    @property
    def staging(self) -> Path:
        return sibling(self.site_dir, STAGING)


def sibling(site_dir: Path, suffix: str) -> Path:
    return site_dir.with_name(site_dir.name + suffix)


SOURCES = ("docs", "data", "overrides", "hooks", "scripts", "tests", ".git", ".github")  # never a site directory
SITE_FILES = ("index.html", "sitemap.xml")  # what a folder a build may replace has: it is a site


def check_site_dir(site_dir: Path, root: Path) -> None:
    """PluginError if building into `site_dir` would replace what is not a site: the project or one of its source
    folders (`mkdocs build -d data` once swapped data/ for the site), or a folder of other files."""
    site, root = site_dir.resolve(), root.resolve()
    inside = next((part for part in SOURCES if site.is_relative_to(root / part)), None)
    if root.is_relative_to(site) or inside:
        held = f"{inside}/" if inside else "mkdocs.yml, docs/, data/ …"
        raise PluginError(
            f"-d {_relative(site, root)}: {site} holds the project's sources ({held}) — the build replaces the whole "
            "site folder: build into a folder of its own, e.g. `mkdocs build -d site`"
        )
    if site.is_dir() and any(site.iterdir()) and not any((site / name).is_file() for name in SITE_FILES):
        raise PluginError(
            f"-d {_relative(site, root)}: {site} is a folder of other files, not a site (it has no index.html or "
            "sitemap.xml) — the build replaces the whole folder: build into a new or empty folder"
        )


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def start(site_dir: Path, config: Any = None) -> Publication:
    """Lock the site directory, clear what an earlier failure left, and return the claim (stage into
    `.staging`). Raises PluginError if another build holds the lock or a leftover cannot be removed."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    publication = Publication(site_dir, config, lock=acquire_lock(sibling(site_dir, LOCK)))
    try:
        for leftover in (publication.staging, sibling(site_dir, OLD)):
            remove_leftover(leftover)
    except BaseException:
        release(publication)
        raise
    return publication


def acquire_lock(path: Path) -> IO[str]:
    """Take the build lock at `path` (create it if needed); PluginError naming the holder if it is taken. The file
    exists only while a build holds it: `release` deletes it, so a lock taken on a file that was deleted meanwhile
    is given up and taken again on the new one."""
    for _ in range(10):
        handle = open(path, "a+", encoding="utf-8")  # held open (and locked) for the whole build
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise PluginError(
                f"another build is running in this checkout (pid {holder}), into {path.with_suffix('').name}/ — "
                "wait for it to finish, or stop it, then build again"
            ) from None
        try:
            current = os.stat(path).st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(handle.fileno()).st_ino:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            return handle
        handle.close()  # the build that held it deleted it as we opened it: lock the new file
    raise PluginError(f"{path.name}: could not take the build lock (the file keeps changing): build again")


def release(publication: Publication) -> None:
    """Give up the build lock, deleting its file first (while still holding it)."""
    if publication.lock is not None:
        lock_file = sibling(publication.site_dir, LOCK)
        try:
            if os.stat(lock_file).st_ino == os.fstat(publication.lock.fileno()).st_ino:
                lock_file.unlink()
        except FileNotFoundError:
            pass
        fcntl.flock(publication.lock, fcntl.LOCK_UN)
        publication.lock.close()
        publication.lock = None


def remove_leftover(path: Path) -> None:
    """Delete a directory an earlier build left; if it cannot be deleted, say how to."""
    if not path.exists() and not path.is_symlink():
        return
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError as exc:
        raise PluginError(
            f"{path.name}/ was left by an earlier build that failed, and it cannot be removed ({exc.strerror}): "
            f"remove it yourself (e.g. `chmod -R u+w {path.name} && rm -rf {path.name}`), then build again"
        ) from None


def finish(publication: Publication, stopped: BaseException | None = None) -> list[tuple[int, str]]:
    """At the end of the build: swap the staged site in if the build succeeded and nothing `stopped` it (the
    exception in flight, if any), else drop it; release the lock. Ctrl-C, SIGTERM and SIGHUP wait until this is
    done. Returns (logging level, message) for the log: what happened, and any leftover the user must deal with."""
    blocked = _block(STOP_SIGNALS)
    try:
        return _finish(publication, stopped)
    finally:
        _unblock(blocked)


def _finish(publication: Publication, stopped: BaseException | None) -> list[tuple[int, str]]:
    messages: list[tuple[int, str]] = []
    staging, site = publication.staging, publication.site_dir
    if publication.config is not None:
        publication.config.site_dir = str(site)  # gh-deploy pushes site_dir after the build
    try:
        if publication.built_ok and stopped is None and staging.is_dir():
            swap_in(staging, site)
            try:
                shutil.rmtree(staging)  # the previous site, after the swap
            except FileNotFoundError:
                pass
            except OSError as exc:
                messages.append(
                    (
                        logging.WARNING,
                        f"The new site is in {site.name}/, but the previous one, now in {staging.name}/, could not be "
                        f"removed ({exc.strerror}); the next build removes it, or remove it yourself",
                    )
                )
        else:
            try:
                shutil.rmtree(staging)
            except FileNotFoundError:
                pass
            except OSError as exc:
                messages.append(
                    (logging.WARNING, f"The unfinished build in {staging.name}/ could not be removed ({exc.strerror})")
                )
            kept = f"the previous site in {site} was left as it was" if site.exists() else f"{site} was not made"
            if stopped is not None or site.exists():
                messages.append((logging.ERROR, f"{_why(stopped)}: {kept}."))
    finally:
        release(publication)
    return messages


def _why(stopped: BaseException | None) -> str:
    """How the build ended, for the message that says the site was not replaced (MkDocs' Abort, which it raises
    for a failed build, is an Exception and a SystemExit)."""
    if stopped is None or isinstance(stopped, Exception):
        return "The build failed"
    if isinstance(stopped, Interrupted):
        return f"The build was stopped ({stopped.args[0]}) before it was complete"
    if isinstance(stopped, KeyboardInterrupt):
        return "The build was interrupted (Ctrl-C) before it was complete"
    if isinstance(stopped, SystemExit):
        return f"The build was stopped by a call to exit({stopped.code!r}) before it was complete"
    return f"The build was stopped ({type(stopped).__name__}) before it was complete"


def _block(signums: tuple[int, ...]) -> set[int] | None:
    if threading.current_thread() is not threading.main_thread():
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, signums))


def _unblock(previous: set[int] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def swap_in(new: Path, site: Path) -> None:
    """Put the directory `new` in place of `site`; the previous site (if any) ends up at `new`'s path."""
    if not site.exists():
        os.rename(new, site)
        return
    if exchange(new, site):
        return
    old = sibling(site, OLD)  # no atomic exchange on this system: two renames
    os.rename(site, old)
    os.rename(new, site)
    os.rename(old, new)


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 with RENAME_EXCHANGE); False where it is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def disk_full(error: BaseException) -> Abort | None:
    """The one message for a build that ran out of disk space (None for other errors)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            where = f" while writing {current.filename}" if current.filename else ""
            return Abort(
                f"The disk is full{where}: free some space (or build elsewhere with -d DIR) and build again. "
                "The previous site was left as it was."
            )
        current = current.__cause__ or current.__context__
    return None
