"""The numbers a government document is cited by: its 发文字号 (文号) and its catalogue 索引号.

A 文号 is the issuer's short name, the year in hexagonal brackets 〔〕 and a serial number followed by
号 (示例组通字〔2026〕26号). Editors often type the year in [] or () or 【】, or drop the 号; each gets an
error that shows the corrected form. A 索引号 follows the site's rule (organisation code, year and
serial, in the order and with the separators the local 编制规则 gives). Pure functions: no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.errors import ContentError
from generator.notice.model import IndexRule

_DOC_NUMBER = re.compile(r"^(?P<prefix>[^\s〔〕\[\]()（）【】]+)〔(?P<year>\d{4})〕(?P<serial>\d{1,5})号$")
_WRONG_BRACKETS = re.compile(
    r"^(?P<prefix>[^\s〔〕]+?)\s*[\[(（【［〈<﹝](?P<year>\d{4})[\])）】］〉>﹞]\s*(?P<serial>\d{1,5})\s*(?P<hao>号?)$")


def check_document_number(text: str) -> str:
    """The 文号 as written, or ContentError saying what is wrong and the corrected form."""
    if _DOC_NUMBER.match(text):
        return text
    wrong = _WRONG_BRACKETS.match(text)
    if wrong:
        fixed = f"{wrong['prefix']}〔{wrong['year']}〕{wrong['serial']}号"
        raise ContentError(f"the year of the 文号 `{text}` is not in 〔〕 brackets",
                           f"write `{fixed}`: the year goes in the hexagonal brackets 〔〕 (not [] or ())")
    missing = re.match(r"^(?P<prefix>[^\s〔〕]+)〔(?P<year>\d{4})〕(?P<serial>\d{1,5})$", text)
    if missing:
        raise ContentError(f"the 文号 `{text}` does not end in 号", f"write `{text}号`")
    if "〔" in text and not re.search(r"〔\d{4}〕", text):
        raise ContentError(f"the 文号 `{text}` has no four-digit year in 〔〕", "e.g. 示例组通字〔2026〕26号")
    raise ContentError(f"`{text}` is not a 文号 (发文字号)",
                       "write the issuer's short name, the year in 〔〕 and the number followed by 号, "
                       "e.g. 示例组通字〔2026〕26号")


def document_year(text: str) -> int | None:
    m = _DOC_NUMBER.match(text)
    return int(m["year"]) if m else None


def _rule_regex(rule: IndexRule) -> re.Pattern[str]:
    parts = re.split(r"(\{organisation\}|\{year\}|\{serial\})", rule.format)
    out = ""
    for part in parts:
        if part == "{organisation}":
            out += f"(?P<organisation>{re.escape(rule.organisation)})"
        elif part == "{year}":
            out += r"(?P<year>\d{4})"
        elif part == "{serial}":
            out += rf"(?P<serial>\d{{{rule.serial_digits}}})"
        else:
            out += re.escape(part)
    return re.compile("^" + out + "$")


def format_index_number(rule: IndexRule, year: int, serial: int) -> str:
    return (rule.format.replace("{organisation}", rule.organisation).replace("{year}", f"{year:04d}")
            .replace("{serial}", f"{serial:0{rule.serial_digits}d}"))


class YearMismatch(ContentError):
    """The 索引号 follows the rule but carries another year than the notice's (a likely slip, not a
    malformed number: reported as a warning)."""


def check_index_number(text: str, rule: IndexRule, year: int, written: int | None = None) -> tuple[int, int]:
    """(year, serial) of a 索引号 that follows the rule for a notice issued (or written) in `year`
    (`written`), else ContentError (YearMismatch when only the year differs)."""
    m = _rule_regex(rule).match(text)
    example = format_index_number(rule, year, 1)
    if m is None:
        if rule.organisation not in text:
            raise ContentError(f"the 索引号 `{text}` does not begin with the organisation code {rule.organisation}",
                               f"the site's rule writes them as {rule.format}, e.g. {example}")
        raise ContentError(f"the 索引号 `{text}` does not follow the site's rule {rule.format}",
                           f"e.g. {example} (the serial has {rule.serial_digits} digits, with leading zeros)")
    found = int(m["year"])
    if found not in (year, written):
        raise YearMismatch(f"the 索引号 `{text}` has the year {found}, but the notice was issued in {year}",
                           f"write {format_index_number(rule, year, int(m['serial']))}, or check `issued:`")
    return found, int(m["serial"])


def next_index_number(rule: IndexRule, year: int, taken: Iterable[str]) -> str:
    """The first number after the highest serial already used in `year` (taken: every 索引号 written)."""
    pattern = _rule_regex(rule)
    serials = [int(m["serial"]) for m in map(pattern.match, taken) if m and int(m["year"]) == year]
    return format_index_number(rule, year, max(serials, default=0) + 1)
