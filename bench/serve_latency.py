#!/usr/bin/env python3
"""How long a save takes to reach an open page in `gongshi serve`.

usage: python bench/serve_latency.py SITE_DIR NOTICE_FILE [--runs K] [--gongshi CMD]

Starts `gongshi serve` in SITE_DIR (its content/ folder), waits for its first build, then connects
to its live-reload socket as a browser does and, K times, appends a sentence to NOTICE_FILE and
measures the time from the write to the server's reload message (the page then reloads at once).
Prints one line of JSON: {"first_build": s, "latencies": [s, …], "median": s}. Run with the
project's Python (it uses tornado, which livereload brings).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tornado.websocket import websocket_connect

HELLO = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def measure(port: int, notice: Path, runs: int) -> list[float]:
    conn = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    conn.write_message(json.dumps(HELLO))
    await conn.read_message()  # the server's hello
    # A browser then says which page it shows; only then does the server count it among the pages to reload.
    conn.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/", "plugins": {}}))
    pristine = notice.read_bytes()
    latencies = []
    try:
        for k in range(runs):
            await asyncio.sleep(1.0)  # let the previous rebuild and its background search index settle
            started = time.perf_counter()
            notice.write_bytes(pristine + f"\n（预览延迟测试第{k + 1}次。）\n".encode())
            while True:
                message = await asyncio.wait_for(conn.read_message(), timeout=120)
                if message is None:
                    raise RuntimeError("the server closed the live-reload connection")
                if json.loads(message).get("command") == "reload":
                    break
            latencies.append(time.perf_counter() - started)
    finally:
        notice.write_bytes(pristine)
        conn.close()
    return latencies


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("notice", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--gongshi", default=f"{sys.executable} -m generator")
    ap.add_argument("--now", default="2026-12-01T10:00")
    args = ap.parse_args()
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([*args.gongshi.split(), "serve", "--content", "content", "--port", str(port),
                               "--now", args.now], cwd=args.site, stdout=sys.stderr, stderr=sys.stderr)
    try:
        while True:
            if server.poll() is not None:
                print("serve_latency: the server stopped", file=sys.stderr)
                return 1
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        first = time.perf_counter() - started
        latencies = asyncio.run(measure(port, args.notice, args.runs))
    finally:
        server.terminate()
        server.wait(30)
    print(json.dumps({"first_build": round(first, 3), "latencies": [round(x, 4) for x in latencies],
                      "median": round(statistics.median(latencies), 4)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
