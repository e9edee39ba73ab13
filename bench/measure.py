#!/usr/bin/env python3
"""Run one command and report its wall time, CPU time and peak memory as one line of JSON.

usage: python3 bench/measure.py [--cwd DIR] -- COMMAND [ARG...]

Prints {"rc": 0, "wall": 1.23, "user": 1.1, "sys": 0.1, "maxrss_mb": 81.2} on stdout; the
command's own output goes to stderr. Run in a fresh process for each measurement, so that
`getrusage(RUSAGE_CHILDREN)` covers exactly this command: ru_maxrss is then the peak resident
memory of the largest process it started (the command itself for a single-process generator),
and user/sys add up all of them. Linux reports ru_maxrss in KiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cwd", default=None, help="run the command in this folder")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command given")
    started = time.perf_counter()
    rc = subprocess.call(cmd, cwd=args.cwd, stdout=sys.stderr, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"rc": rc, "wall": round(wall, 4), "user": round(usage.ru_utime, 4),
                      "sys": round(usage.ru_stime, 4), "maxrss_mb": round(usage.ru_maxrss / 1024, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
