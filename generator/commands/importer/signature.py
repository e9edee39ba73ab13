"""The signature block (落款) at the end of a notice: the signing body and the date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.commands.importer.dates import DAMAGED_DATE_RE, date_only
from generator.commands.importer.structure import marker
from generator.commands.importer.text import CHROME_RE, CJK_RE, CLOSING_RE, ORG_RE, TERMINAL, Line, compact, warn
from generator.errors import Diagnostic

TRAILER_RE = re.compile(r"^[（(].*[）)]$|^(?:附件|抄送|印发|联系人)\s*[:：]")  # lines after a signature


@dataclass(frozen=True, slots=True)
class Signature:
    by: str | None
    day: date | None
    start: int  # index of the first signature line (len(lines) when there is none)
    end: int  # index after the signature; lines after it ("（此件公开发布）") stay in the body
    diagnostics: tuple[Diagnostic, ...] = ()


def extract_signature(lines: Sequence[Line], start: int, path: str) -> Signature:
    """Issuer line(s) + date line at the end of the notice, before any "（此件公开发布）"-like lines."""
    stop = len(lines)
    while stop > start and len(lines) - stop < 10 and is_trailer(lines[stop - 1].text):
        stop -= 1
    if stop <= start:
        return Signature(None, None, len(lines), len(lines))
    last = lines[stop - 1].text
    day = date_only(last)
    damaged: tuple[Diagnostic, ...] = ()
    if day is None and DAMAGED_DATE_RE.fullmatch(compact(last).strip("（）() ")):
        damaged = (warn(path, lines[stop - 1].number, "signature", f"the date under the signature is damaged "
                        f"({compact(last)}); not read, kept in the body", "add `signature.date` by hand"),)
        stop -= 1  # the damaged line stays in the body; the signer above it is still read
        last = lines[stop - 1].text if stop > start else ""
        day = None
    if day is None:
        for gap in re.finditer(r"\s+", last):  # "中共…委员会    2025年7月21日" on one line
            left, right = compact(last[: gap.start()]), last[gap.end() :]
            if ORG_RE.match(left) and date_only(right):
                return Signature(left, date_only(right), stop - 1, stop)
    first = stop - 1 if day else stop
    by: list[str] = []
    while first > start and len(by) < 3 and ORG_RE.match(compact(lines[first - 1].text)):
        first -= 1
        by.insert(0, compact(lines[first].text))
    warnings: tuple[Diagnostic, ...] = ()
    if day is not None and not by and first > start and looks_like_signer(lines[first - 1].text):
        first -= 1
        by.append(compact(lines[first].text))
        warnings = (warn(path, lines[first].number, "signature",
                          "took this line above the date for the signer, though it does not look like "
                          "an organisation name", "check `signature.by`"),)
    if day is None and not by:
        return Signature(None, None, len(lines), len(lines), damaged)
    return Signature("、".join(by) or None, day, first, stop, warnings + damaged)


def is_trailer(text: str) -> bool:
    """A line that may follow the signature: "（此件公开发布）", "附件：…", "【关闭窗口】"."""
    if CHROME_RE.search(text):
        return True
    return bool(TRAILER_RE.match(text)) and date_only(text) is None and marker(text) is None


def looks_like_signer(text: str) -> bool:
    text = compact(text)
    return (len(text) <= 40 and text[-1] not in TERMINAL and not CLOSING_RE.match(text)
            and not marker(text) and ":" not in text and "：" not in text and bool(CJK_RE.search(text)))
