"""Parallel work across the machine's cores: a map over forked worker processes.

A worker is a fork of the build at the moment of the call, so it already has everything the build
loaded (settings, templates, the site model) without sending any of it; only results travel back,
through a pipe. Items are dealt out in turn (item i to worker i mod n), which balances work of
similar size, and results come back in the items' order. A worker dies with the build: if the build
is killed, no worker goes on writing.

Where fork is not available, or for a few items, the map runs in this process.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 24
"""Below this many items the work runs in this process: forking costs more than it saves."""


def workers() -> int:
    """How many processes to use: GONGSHI_PROCESSES if set (1: no workers), else the cores this
    process may run on."""
    wanted = os.environ.get("GONGSHI_PROCESSES", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def fork_map(fn: Callable[[T], R], items: Sequence[T], processes: int | None = None) -> list[R]:
    """[fn(item) for item in items], spread over worker processes."""
    n = min(processes or workers(), len(items))
    if n < 2 or len(items) < MIN_ITEMS or not hasattr(os, "fork"):
        return [fn(item) for item in items]
    sys.stdout.flush()
    sys.stderr.flush()
    children: list[tuple[int, int]] = []
    try:
        for k in range(n):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker
                os.close(read_end)
                _run_child(fn, items[k::n], write_end)
            os.close(write_end)
            children.append((pid, read_end))
        shares: list[Any] = [_collect(pid, fd) for pid, fd in children]
    except BaseException:
        for pid, _ in children:
            _kill(pid)
        raise
    out: list[R] = []
    for i in range(len(items)):
        out.append(shares[i % n][i // n])
    return out


def _run_child(fn: Callable[[T], R], share: Sequence[T], fd: int) -> None:
    """Runs in the worker: do the share, send the results (or the error), exit without cleanup."""
    code = 0
    try:
        _die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            payload: tuple[str, object] = ("ok", [fn(item) for item in share])
        except OSError as exc:  # a full disk, a read-only folder…: the build reports it in one line
            payload = ("oserror", (exc.errno, exc.strerror, _name(exc.filename), _name(exc.filename2)))
        except BaseException:  # a bug: the build reports it with the worker's traceback
            payload = ("error", traceback.format_exc())
        with os.fdopen(fd, "wb") as pipe:
            pickle.dump(payload, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _collect(pid: int, fd: int) -> list[R]:
    with os.fdopen(fd, "rb") as pipe:
        raw = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not raw:
        raise RuntimeError(f"a worker process ended without a result (status {status})")
    kind, value = pickle.loads(raw)
    if kind == "oserror":
        number, text, name, name2 = value
        raise OSError(number, text, name, None, name2)
    if kind != "ok":
        raise RuntimeError(f"a worker process failed:\n{value}")
    return value  # type: ignore[no-any-return]


def _name(filename: object) -> str | None:
    return None if filename is None else str(filename)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build process dies (prctl PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
