"""Symbolic links under docs/ and data/: MkDocs follows them, so a link that leaves the project would publish what it
points to (a system file, the build's environment, .git/config) in the site, the offline zip and the web app's cache,
and a link that loops makes MkDocs walk until paths are too long. Each such link stops the build with its path; a
link to another file of the project (outside .git/) is fine."""

from __future__ import annotations

import os
from pathlib import Path

FOLDERS = ("docs", "data")  # what a build reads and publishes from


def problems(root: Path, folders: tuple[str, ...] = FOLDERS) -> list[str]:
    """One message per link under `folders` of the project at `root` that leaves it, leads into .git/, loops or
    points at nothing (paths relative to `root`)."""
    root = root.resolve()
    found: list[str] = []
    for folder in folders:
        start = root / folder
        if start.is_dir():
            found += sorted(_walk(root, start))
    return found


def _walk(root: Path, start: Path) -> list[str]:
    """Walk `start` as MkDocs does (following links to folders), each folder with the real paths of the folders it
    was reached through: a link back to one of those is a loop."""
    found: list[str] = []
    stack: list[tuple[Path, tuple[str, ...]]] = [(start, (os.path.realpath(start),))]
    while stack:
        folder, chain = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue  # unreadable: MkDocs reports it
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                problem, target = _check_link(root, path, _shown(root, path))
                if problem:
                    found.append(problem)
                elif target is not None and target.is_dir():
                    if str(target) in chain or _contains(str(target), os.path.realpath(path.parent)):
                        found.append(
                            f"{_shown(root, path)}: a symbolic link that loops (it leads back to "
                            f"{_shown(root, target)}/, which contains it) — remove the link"
                        )
                    else:
                        stack.append((path, (*chain, str(target))))
            elif entry.is_dir(follow_symlinks=False):
                stack.append((path, (*chain, os.path.realpath(path))))
    return found


def _contains(folder: str, path: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _check_link(root: Path, path: Path, shown: str) -> tuple[str | None, Path | None]:
    """(problem, resolved target) of one symbolic link."""
    pointed = os.readlink(path)
    try:
        target = path.resolve(strict=True)
    except (RuntimeError, OSError) as error:
        if isinstance(error, FileNotFoundError):
            return (
                f"{shown}: a symbolic link to {pointed}, which does not exist — remove the link, or restore its target",
                None,
            )
        return (
            f"{shown}: a symbolic link that loops (following it leads back to itself) — remove the link, or point it at "
            "a file",
            None,
        )
    if not target.is_relative_to(root):
        return (
            f"{shown}: a symbolic link to {target}, outside the project — the build would publish that file in the "
            "site, the offline zip and the web app: copy what the reader needs into the project, or remove the link",
            target,
        )
    if target.is_relative_to(root / ".git"):
        return (
            f"{shown}: a symbolic link into .git/ ({_shown(root, target)}: the repository's own files, such as its "
            "remotes and credentials) — the build would publish it: remove the link",
            target,
        )
    return None, target


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
