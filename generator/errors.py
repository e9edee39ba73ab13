"""Diagnostics: every problem Gongshi reports is a value with a place, a reason and a fix.

Stages never print and never raise for bad content; they return diagnostics. The command line
decides how to show them (terminal text, JSON, GitHub workflow annotations) and which exit code
follows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from generator.paths import display_path  # noqa: F401 (diagnostics name files as display_path shows them)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file. `path` is as the user wrote or sees it; lines and columns start at 1."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.col <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the content, the theme or the configuration."""

    location: Location
    message: str
    hint: str = ""
    field: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """`path:line:col: error: field: message` and, on the next line, the hint.

        Control characters and line separators (which content can put in a quoted value) are shown
        as escapes, so a diagnostic stays on its lines and cannot send a terminal or a CI log commands."""
        subject = f"{visible(self.field)}: " if self.field else ""
        text = f"{visible(str(self.location))}: {self.severity.value}: {subject}{visible(self.message)}"
        if self.hint:
            text += f"\n  hint: {visible(self.hint)}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "col": self.location.col,
            "severity": self.severity.value,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }

    def github(self) -> str:
        """A GitHub Actions workflow command that annotates the file in a pull request."""
        level = "error" if self.is_error else "warning"
        props = [f"file={_gh_escape_prop(self.location.path)}"]
        if self.location.line > 0:
            props.append(f"line={self.location.line}")
        if self.location.col > 0:
            props.append(f"col={self.location.col}")
        if self.field:
            props.append(f"title={_gh_escape_prop(self.field)}")
        message = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{level} {','.join(props)}::{_gh_escape_data(visible(message))}"


_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """Text with control characters (except tab) and line separators written as escapes: \\n, \\x1b."""
    return _INVISIBLE.sub(lambda m: repr(m.group())[1:-1], text)


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(text: str) -> str:
    """A property of a workflow command (file=, title=): control characters shown as escapes (a file name
    can hold them; raw, they would end the command or send the log commands), then GitHub's escapes."""
    return _gh_escape_data(visible(text)).replace(":", "%3A").replace(",", "%2C")


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.location.path, d.location.line, d.location.col, d.message)


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(d.is_error or strict for d in diagnostics)


def format_all(diagnostics: Iterable[Diagnostic], fmt: str = "text") -> str:
    items = sorted(diagnostics, key=sort_key)
    if fmt == "json":
        return json.dumps([d.as_dict() for d in items], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.github() for d in items)
    return "\n".join(d.format() for d in items)


class ContentError(Exception):
    """Raised by pure helpers (phone parsing, period arithmetic) with a message and a hint.

    The validation stage catches it and turns it into a Diagnostic at the field's location.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
