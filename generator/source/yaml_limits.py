"""Size and nesting limits of a YAML document, checked on the parser's events before anything is built.

Building a document's nodes costs far more than reading its events, so a huge or deeply nested
document is refused after reading only as much of it as the limits allow. Aliases are single events
here; what they expand to is counted when the nodes are walked (load.py).
"""

from __future__ import annotations

from typing import Any

import yaml

_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


class TooLarge(Exception):
    """The document passes a limit; `line` and `col` are 1-based, within the YAML text."""

    def __init__(self, message: str, hint: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message, self.hint, self.line, self.col = message, hint, line, col


def check(loader_class: Any, text: str, max_values: int, max_depth: int) -> None:
    """Raise TooLarge at the first value past `max_values`, or the first collection nested deeper than
    `max_depth`. YAML syntax errors met on the way propagate as yaml.MarkedYAMLError."""
    loader = loader_class(text)
    try:
        values = depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _VALUE_EVENTS):
                values += 1
                if values > max_values:
                    raise TooLarge(f"YAML has more than {max_values:,} values",
                                   "a notice needs a few dozen fields; move long lists into the Markdown body",
                                   *_mark(event))
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > max_depth:
                    raise TooLarge(f"YAML is nested more than {max_depth} levels deep",
                                   "fields are nested two or three levels at most; check the brackets and "
                                   "indentation", *_mark(event))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1
