"""One build at a time per output folder and per build cache.

A build holds an advisory lock (fcntl.flock) on a lock file beside each folder it writes:
`.<output>.lock` beside the output folder and `<cache>.lock` beside the build cache, taken in that
order (so two builds can never wait for each other). The system drops the lock when the process
ends, however it ends, so a killed build never leaves a folder locked. The lock file holds the
process id of the build that has it, for the message of the one that waits. Lock files are never
deleted: deleting one while another build waits on it would let a third build take a new one.

While a build holds the output folder's lock, every `.<output>.new-*` or `.old-*` folder beside it
was left by a build that has ended, and may be removed.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(Exception):
    """Another build holds the lock (and this one was told not to wait)."""

    def __init__(self, folder: Path, holder: str) -> None:
        super().__init__(folder, holder)
        self.folder = folder
        self.holder = holder


def lock_path(folder: Path) -> Path:
    """The lock file of a folder: `.output.lock` beside `output/`; a name that already starts with a dot
    (`.gongshi-cache`) gets `.lock` added."""
    folder = folder.resolve() if folder.exists() else Path(os.path.abspath(folder))
    name = folder.name if folder.name.startswith(".") else "." + folder.name
    return folder.with_name(name + ".lock")


@contextmanager
def hold(folders: list[Path], wait: bool = True, waiting: Callable[[Path, str], None] | None = None) -> Iterator[None]:
    """Lock each folder in turn (the same order in every build). `waiting(folder, holder)` is told once
    before this build waits for another; with `wait=False`, Busy is raised instead."""
    fds: list[int] = []
    try:
        for folder in folders:
            fds.append(_take(folder, wait, waiting))
        yield
    finally:
        for fd in reversed(fds):
            os.close(fd)  # closing the descriptor releases the lock


def _take(folder: Path, wait: bool, waiting: Callable[[Path, str], None] | None) -> int:
    path = lock_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = _holder(fd)
            if not wait:
                raise Busy(folder, holder) from None
            if waiting is not None:
                waiting(folder, holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""
