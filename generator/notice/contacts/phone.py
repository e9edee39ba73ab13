"""Phone numbers: mobile, landline with area code and extension, service and short numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import ContentError
from generator.notice.contacts.text import _PUNCT, _quote, _text


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number in the forms a page needs: shown, dialled, and written for abroad."""

    display: str
    href: str
    international: str
    extension: str = ""


_PHONE_HINT = (
    "write a landline with its area code, e.g. 0415-5138995, "
    "or an 11-digit mobile number, e.g. 138 1234 5678"
)
_PHONE_EXT_RE = re.compile(
    r"(?P<num>.*?)[\s,]*(?:转分机|转|分机|ext\.?|x)\s*[:#]?\s*(?P<ext>[0-9]{1,6})", re.I | re.S
)
_PHONE_CHARS_RE = re.compile(r"[0-9\s().\-]*")
_PHONE_PARENS_RE = re.compile(r"[\s\-]*\(\s*[0-9]+\s*\)[^()]*")
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_SERVICE_RE = re.compile(r"[48]00[0-9]{7}")
_SHORT_RE = re.compile(r"1[12][0-9]|1[0-2][0-9]{3}|9[56][0-9]{3,4}")
_LOCAL_ONLY_RE = re.compile(r"[2-9][0-9]{6,7}")


def parse_phone(text: str) -> Phone:
    """Read a Chinese landline, mobile, 400/800 or short service number as an editor typed it."""
    raw = _text(text, "phone number", "0415-5138995")
    if not raw:
        raise ContentError("the phone number is empty", _PHONE_HINT)
    if len(raw) > 40:
        raise ContentError(f"{_quote(raw)} is not a phone number", _PHONE_HINT)
    folded = raw.translate(_PUNCT)
    m = _PHONE_EXT_RE.fullmatch(folded)
    number, extension = (m.group("num"), m.group("ext")) if m else (folded, "")
    national, bounds, prefix = _national_number(number, raw)
    phone = _classify_phone(national, bounds, prefix, raw)
    if not extension:
        return phone
    if not phone.international or _MOBILE_RE.fullmatch(national):
        raise ContentError(
            f"{_quote(raw)} is not a phone number: only a landline or a 400/800 number "
            "can have an extension",
            "remove the extension (转 …) or give the switchboard's landline number",
        )
    return Phone(
        display=f"{phone.display} 转 {extension}",
        href=f"{phone.href};ext={extension}",
        international=f"{phone.international} ext. {extension}",
        extension=extension,
    )


def _national_number(number: str, raw: str) -> tuple[str, list[int], str]:
    """Digits without +86, 0086 or the trunk 0; where the editor separated them; which prefix."""
    rest = number.strip()
    prefix = ""
    if rest.startswith("+"):
        m = re.match(r"\+\s*86", rest)
        if not m:
            raise ContentError(
                f"{_quote(raw)} is not a Chinese phone number",
                "only numbers in mainland China (+86) can be given; " + _PHONE_HINT,
            )
        prefix, rest = "+86", rest[m.end() :]
    bad = not _PHONE_CHARS_RE.fullmatch(rest)
    bad = bad or (("(" in rest or ")" in rest) and not _PHONE_PARENS_RE.fullmatch(rest))
    if bad:
        raise ContentError(f"{_quote(raw)} is not a phone number", _PHONE_HINT)
    groups = re.findall(r"[0-9]+", rest)
    digits = "".join(groups)
    bounds = [sum(len(g) for g in groups[: i + 1]) for i in range(len(groups) - 1)]
    if not prefix and digits.startswith("0086"):
        prefix, digits, bounds = "+86", digits[4:], [b - 4 for b in bounds if b > 4]
    if digits.startswith("0"):
        prefix, digits, bounds = prefix or "0", digits[1:], [b - 1 for b in bounds if b > 1]
    return digits, bounds, prefix


def _classify_phone(n: str, bounds: list[int], prefix: str, raw: str) -> Phone:
    """Mobile, 400/800, landline (after 0 or +86), or short service number, in that order."""
    if prefix != "0" and _MOBILE_RE.fullmatch(n):
        return Phone(
            display=f"{n[:3]} {n[3:7]} {n[7:]}",
            href=f"tel:+86-{n[:3]}-{n[3:7]}-{n[7:]}",
            international=f"+86 {n[:3]} {n[3:7]} {n[7:]}",
        )
    if prefix != "0" and _SERVICE_RE.fullmatch(n):
        return Phone(
            display=f"{n[:3]}-{n[3:6]}-{n[6:]}",
            href=f"tel:+86-{n[:3]}-{n[3:6]}-{n[6:]}",
            international=f"+86 {n[:3]} {n[3:6]} {n[6:]}",
        )
    if prefix:
        return _landline(n, bounds, raw)
    if not bounds and _SHORT_RE.fullmatch(n):
        return Phone(display=n, href=f"tel:{n}", international="")
    if _LOCAL_ONLY_RE.fullmatch(n):
        raise ContentError(
            f"{_quote(raw)} is not a phone number: the area code is missing",
            f"add the area code, e.g. 0415-{n}",
        )
    raise ContentError(f"{_quote(raw)} is not a phone number", _PHONE_HINT)


def _landline(n: str, bounds: list[int], raw: str) -> Phone:
    """A landline from its national digits: 10 or 2X (3-digit codes) or 3XX-9XX, then 7-8 digits."""
    if n.startswith(("10", "2")):
        area = n[:2]
    elif n[:1] in tuple("3456789"):
        area = n[:3]
    else:
        raise ContentError(f"{_quote(raw)} is not a phone number", _PHONE_HINT)
    if area in ("400", "800"):
        raise ContentError(
            f"{_quote(raw)} is not a phone number: 0{area} is not an area code",
            f"write {area} numbers without a leading 0, e.g. {area}-810-8888",
        )
    local = n[len(area) :]
    if not 7 <= len(local) <= 8:
        raise ContentError(
            f"{_quote(raw)} is not a phone number: after the area code 0{area} "
            f"it has {len(local)} digits, not 7 or 8",
            _PHONE_HINT,
        )
    if bounds and bounds[0] != len(area):
        raise ContentError(
            f"{_quote(raw)} is not a phone number: the area code is split in the wrong place",
            f"write it as 0{area}-{local}",
        )
    return Phone(
        display=f"0{area}-{local}",
        href=f"tel:+86-{area}-{local}",
        international=f"+86 {area} {local}",
    )
