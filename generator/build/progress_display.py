"""A progress line for long builds, on a terminal only.

Nothing shows during the first two seconds (most builds are done by then), nor when the output is
not a terminal (CI logs, pipes). After that one line is rewritten in place: the step and how far it
has come. It is erased when the build ends, before the summary and any diagnostics are printed.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TextIO

DELAY = 2.0
STEPS = {"files": "reading notices", "notices": "rendering notices", "pages": "rendering listings and feeds",
         "search": "building the search index"}


class Progress:
    """Callable as Options.progress(step, done, total); a context manager that clears its line."""

    def __init__(self, stream: TextIO, delay: float = DELAY) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.started = time.monotonic()
        self.delay = delay
        self.shown = False

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.delay:
            return
        label = STEPS.get(step, step)
        count = f" {done}/{total}" if total > 1 else ""
        self.stream.write(f"\r\x1b[2Kgongshi: {label}{count}…")
        self.stream.flush()
        self.shown = True

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
