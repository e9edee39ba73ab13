"""One Pagefind indexer process in its service mode, driven from Python.

Pagefind's service (`pagefind --service`, the process behind its Python and Node APIs) reads
requests on stdin and answers on stdout, each message base64-encoded JSON followed by a comma. This
client sends all of a shard's pages at once and asks for the files of the index back (GetFiles)
instead of letting the indexer write them: the files are then written here, whole, in one order.
Pagefind's own Python client is not used for two things it does that a build cannot afford: it reads
one answer every 100 ms (ten pages a second), and it stops the indexer as soon as WriteFiles is
answered, which can be before the last file is on disk.
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from pathlib import Path
from typing import Any


class IndexerError(RuntimeError):
    """The indexer could not be started, answered with an error, or stopped."""


def executable() -> Path:
    """The Pagefind binary of the installed `pagefind` package (the extended one where installed)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise IndexerError("Could not find pagefind binary")
    return Path(found)


class Indexer:
    """A Pagefind service process holding one index."""

    def __init__(self, config: dict[str, Any]) -> None:
        try:
            self._proc = subprocess.Popen([str(executable()), "--service"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise IndexerError(f"the indexer could not start: {exc}") from exc
        self._answers: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._ended = False
        self._next = 0
        self._reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self._reader.start()
        self._index = int(self._ask({"type": "NewIndex", "config": config})["index_id"])

    def add_html(self, url: str, html: str) -> int:
        """Queue a page; its answer is checked when the files are asked for."""
        return self._send({"type": "AddFile", "index_id": self._index, "url": url, "file_contents": html,
                           "file_path": None})

    def files(self) -> dict[str, bytes]:
        """Every file of the index, by its path inside the bundle."""
        answer = self._ask({"type": "GetFiles", "index_id": self._index})
        with self._arrived:
            errors = [a for a in self._answers.values() if a.get("type") == "Error"]
        if errors:
            raise IndexerError(str(errors[0].get("message", "the indexer refused a page")))
        return {f["path"]: base64.b64decode(f["content"]) for f in answer["files"]}

    def close(self) -> None:
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._reader.join(timeout=10)

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the protocol

    def _send(self, payload: dict[str, Any]) -> int:
        self._next += 1
        message = base64.b64encode(json.dumps({"message_id": self._next, "payload": payload}).encode("utf-8"))
        try:
            assert self._proc.stdin is not None
            self._proc.stdin.write(message + b",")
        except (OSError, ValueError) as exc:
            raise IndexerError(f"the indexer stopped: {exc}") from exc
        return self._next

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        wanted = self._send(payload)
        try:
            assert self._proc.stdin is not None
            self._proc.stdin.flush()
        except (OSError, ValueError) as exc:
            raise IndexerError(f"the indexer stopped: {exc}") from exc
        with self._arrived:
            while wanted not in self._answers and not self._ended:
                self._arrived.wait()
            answer = self._answers.get(wanted)
        if answer is None:
            raise IndexerError(f"the indexer stopped (exit code {self._proc.poll()})")
        if answer.get("type") == "Error":
            raise IndexerError(str(answer.get("message", "the indexer failed")))
        return answer

    def _read(self) -> None:
        assert self._proc.stdout is not None
        pending = b""
        try:
            while True:
                chunk = self._proc.stdout.read1(1 << 20)  # type: ignore[attr-defined]
                if not chunk:
                    break
                pending += chunk
                *messages, pending = pending.split(b",")
                for raw in messages:
                    if raw.strip():
                        self._take(raw)
        except (OSError, ValueError):
            pass
        finally:
            with self._arrived:
                self._ended = True
                self._arrived.notify_all()

    def _take(self, raw: bytes) -> None:
        try:
            message = json.loads(base64.b64decode(raw))
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        payload = message.get("payload") or {}
        ident = message.get("message_id")
        if ident is None and payload.get("original_message"):
            try:
                ident = json.loads(payload["original_message"]).get("message_id")
            except (ValueError, AttributeError):
                ident = None
        with self._arrived:
            self._answers[int(ident) if ident is not None else -1] = payload
            self._arrived.notify_all()
