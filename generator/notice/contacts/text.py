"""What every kind of contact shares: character folding, quoting values in messages, host names."""

from __future__ import annotations

import re
import unicodedata

from generator.errors import ContentError

# Character folding. Every mapping is one character to one character, so positions in the folded
# text are positions in the editor's text and messages can quote exactly what was written.
_WIDE: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"
_PUNCT: dict[int, int] = (
    _WIDE
    | {ord(c): ord("-") for c in _DASHES}
    | {0x301C: ord("~"), 0x223C: ord("~"), 0x2236: ord(":"), 0xFE55: ord(":"), 0: 0xFFFD}
)
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})

# Host names and e-mail domains: ASCII labels (IDNs in their xn-- form), a dot, an alphabetic TLD.
_DNS_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = rf"(?:{_DNS_LABEL}\.)+(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{1,59}})"
_DOMAIN_RE = re.compile(_DOMAIN)


def _quote(value: str) -> str:
    """The editor's value as it appears in a message: quoted, escaped, and not too long."""
    return repr(value if len(value) <= 48 else value[:45] + "…")


def _text(value: object, what: str, example: str) -> str:
    """The value trimmed; YAML front matter can hand over a number or null instead of text."""
    if not isinstance(value, str):
        raise ContentError(
            f"expected text for the {what}, got {value!r}",
            f'put the value in quotes, e.g. "{example}"',
        )
    return value.strip()


def _is_hidden(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in _HIDDEN_CATEGORIES
