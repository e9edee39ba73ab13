"""Postcodes, and the postcode written inside an address."""

from __future__ import annotations

import re

from generator.errors import ContentError
from generator.notice.contacts.text import _WIDE, _quote, _text

_POSTCODE_HINT = "a Chinese postcode has exactly 6 digits, e.g. 118200"
_POSTCODE_LABEL = "(?:邮政编码|邮编)"
_POSTCODE_RE = re.compile(
    rf"[\s,，;；、]*(?:[(（]\s*{_POSTCODE_LABEL}\s*[:：]?\s*(?P<a>[0-9０-９]+)\s*[)）]"
    rf"|{_POSTCODE_LABEL}\s*[:：]?\s*(?P<b>[0-9０-９]+))"
)
_EDGE_SEPARATORS_RE = re.compile(r"^[\s,，;；、]+|[\s,，;；、]+$")


def parse_postcode(text: str) -> str:
    """Exactly six digits (full-width digits are converted to ASCII)."""
    raw = _text(text, "postcode", "118200")
    code = raw.translate(_WIDE)
    if not code:
        raise ContentError("the postcode is empty", _POSTCODE_HINT)
    if not re.fullmatch(r"[0-9]{6}", code):
        raise ContentError(f"{_quote(raw)} is not a postcode", _POSTCODE_HINT)
    return code


def split_postcode(address: str) -> tuple[str, str]:
    """Take a labelled postcode (邮编 118200, 邮政编码：118200) out of an address."""
    raw = _text(address, "address", "丹东市宽甸满族自治县（邮编 118200）")
    found = list(_POSTCODE_RE.finditer(raw))
    if len(found) > 1:
        raise ContentError(
            f"{_quote(raw)} gives more than one postcode", "keep only the postcode of this address"
        )
    code, rest = "", raw
    if found:
        m = found[0]
        code = parse_postcode(m.group("a") or m.group("b"))
        rest = raw[: m.start()] + raw[m.end() :]
    if re.search(_POSTCODE_LABEL, rest):
        raise ContentError(
            f"{_quote(raw)} mentions a postcode without its 6 digits", "write it as 邮编 118200"
        )
    return _EDGE_SEPARATORS_RE.sub("", rest), code
