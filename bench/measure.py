#!/usr/bin/env python3
"""Run one command and report its wall time, CPU time and peak memory as one line of JSON.

usage: python3 bench/measure.py [--cwd DIR] -- COMMAND [ARG...]

Prints {"rc": 0, "wall": 1.23, "user": 1.1, "sys": 0.1, "maxrss_mb": 81.2, "tree_mb": 160.4} on
stdout; the command's own output goes to stderr.

- user/sys add up the command and every process it started (getrusage of the children).
- maxrss_mb is the peak resident memory of the largest single process (ru_maxrss).
- tree_mb is the peak of the resident memory of the command and all its descendants together,
  sampled every 20 ms from /proc: the figure that matters for a generator that forks workers. It
  counts pages the workers share with their parent once per process, so it is an upper bound.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and its descendants, from /proc (0 where /proc is not available)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            statm = (entry / "statm").read_text().split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(stat[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(statm[1]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cwd", default=None, help="run the command in this folder")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command given")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=args.cwd, stdout=sys.stderr, stdin=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rc = proc.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"rc": rc, "wall": round(wall, 4), "user": round(usage.ru_utime, 4),
                      "sys": round(usage.ru_stime, 4), "maxrss_mb": round(usage.ru_maxrss / 1024, 1),
                      "tree_mb": round(max(peak[0], usage.ru_maxrss * 1024) / 2**20, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
