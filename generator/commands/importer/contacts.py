"""Contact channels: phones with hours, postal and visiting addresses, e-mail, web sites."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.commands.importer.dates import DATE_RE
from generator.commands.importer.text import CLOSERS, OPENERS, Line, clause_end, warn
from generator.errors import Diagnostic

LABEL_GROUPS: tuple[tuple[str, str], ...] = (
    ("hours", r"(?:受理|接待|工作|办公|来访|接听)时间"),
    ("in_person", r"来访接待地[点址]|来访地[点址]|接待地[点址]|(?:当面)?反映地点|来访"),
    ("post", r"邮政信箱|通[信讯]地址|邮寄地址|来信地址|信函地址|来信请寄|邮寄至|寄送至|寄至|来信|地址"),
    ("fax", r"传\s*真"),  # a fax line is not a phone
    ("phone", r"短信举报|手机短信|短信|(?:联系|举报|监督|咨询|受理|值班|办公|投诉|服务|热线|专用)电话|电话|手机|热线|来电"),
    ("email", r"电子(?:邮箱|信箱|邮件)|邮箱|[Ee]-?mail"),
    ("postcode", r"邮政编码|邮编"),
    ("any", r"联系方式"),
)

LABEL_RE = re.compile(
    "(?:" + "|".join(f"(?P<{name}>{src})" for name, src in LABEL_GROUPS) + r")\s*(?:为|是)?\s*(?P<colon>[:：])?"
)

NEXT_LABEL_RE = re.compile(r"[\s　]+[\u3400-\u9fff]{2,8}[:：]")
"""Another label after a space ends a value, whatever the label is."""

COLON_OPTIONAL = {"phone", "email", "postcode", "any"}

PHONE_TOKEN_RE = re.compile(
    r"(?<!\d)(?:(?P<mobile>1[3-9]\d{9})"
    r"|(?:\(?(?P<area>0\d{2,3})\)?\s*[-—―–‐‑‒－]?\s*(?P<local>\d{7,8})|(?P<bare>[2-9]\d{6,7}))"
    r"(?:\s*(?:-|转)\s*(?P<ext>\d{1,5}))?"
    r"|(?P<service>(?:400|800)-?\d{3}-?\d{4}|1\d{4}))(?!\d)"
    r"|(?P<paren>\([^()]*\))"
)

HOURS_HINT_RE = re.compile(r"\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*[时点]|工作日|上午|下午|周[一二三四五六日]|星期|节假日")

POSTCODE_RE = re.compile(r"[（(]?\s*(?:邮编|邮政编码)\s*[:：]?\s*(\d{6})\s*[）)]?|[，,\s]\s*(\d{6})\s*$")

PAREN_RE = re.compile(r"[（(]([^（()）]*)[）)]")

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

URL_RE = re.compile(
    r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+"
    r"|(?<![A-Za-z0-9@._-])(?:[A-Za-z0-9-]+\.)+(?:gov\.cn|com\.cn|org\.cn|cn|com|org|net)"
    r"(?::\d+)?(?:/[A-Za-z0-9\-._~/?#@!$&'*+,;=%]*)?(?![A-Za-z0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Contact:
    kind: str  # phone | email | post | web | in-person
    value: str
    hours: str = ""
    postcode: str = ""
    note: str = ""
    line: int = 0
    pos: int = 0


def extract_contacts(lines: Sequence[Line], path: str) -> tuple[list[Contact], list[Diagnostic]]:
    """Phones (with hours), postal and visiting addresses, e-mail and web addresses, in text order."""
    contacts: list[Contact] = []
    warnings: list[Diagnostic] = []
    for ln in lines:
        found: list[Contact] = []
        for kind, pos, segment in labelled_segments(ln.text):
            more, problems = parse_segment(kind, segment, ln.number, pos, found, path)
            found.extend(more)
            warnings.extend(problems)
        found.extend(scan_addresses(ln))
        contacts.extend(found)
    merged: dict[tuple[str, str], Contact] = {}
    for c in sorted(contacts, key=lambda c: (c.line, c.pos)):
        key = (c.kind, c.value)
        old = merged.get(key)
        merged[key] = c if old is None else replace(
            old, hours=old.hours or c.hours, postcode=old.postcode or c.postcode, note=old.note or c.note)
    return list(merged.values()), warnings


def labelled_segments(text: str) -> list[tuple[str, int, str]]:
    """(kind, position, text after the label up to the next label or the end of the clause).

    A label inside brackets within the previous value ("通信地址：…（邮编118200）") is part of it.
    """
    labels: list[re.Match[str]] = []
    for m in LABEL_RE.finditer(text):
        if label_ok(m, text) and not (labels and in_brackets(text[labels[-1].end() : m.start()])):
            labels.append(m)
    out: list[tuple[str, int, str]] = []
    for k, m in enumerate(labels):
        stop = clause_end(text, m.end(), "。" if label_kind(m) == "phone" else "。；;")  # "电话：A；B"
        if k + 1 < len(labels):
            stop = min(stop, labels[k + 1].start())
        other = NEXT_LABEL_RE.search(text, m.end(), stop)  # "地址：… 受理时间：… 截止日期：…"
        if other:
            stop = other.start()
        out.append((label_kind(m), m.start(), text[m.end() : stop]))
    return out


def in_brackets(text: str) -> bool:
    """Does `text` leave a bracket open?"""
    depth = 0
    for ch in text:
        depth = depth + 1 if ch in OPENERS else max(0, depth - 1) if ch in CLOSERS else depth
    return depth > 0


def label_kind(m: re.Match[str]) -> str:
    return next(name for name, _ in LABEL_GROUPS if m.group(name) is not None)


def label_ok(m: re.Match[str], text: str) -> bool:
    """A label counts when a colon follows, or, for phones/e-mail/postcodes, the value itself."""
    if m.group("colon"):
        return True
    if label_kind(m) not in COLON_OPTIONAL:
        return False
    following = unicodedata.normalize("NFKC", text[m.end() : m.end() + 1])
    return bool(following) and (following.isdigit() or following == "(" or following.isascii() and following.isalpha())


def parse_segment(
    kind: str, segment: str, line: int, pos: int, found: list[Contact], path: str,
) -> tuple[list[Contact], list[Diagnostic]]:
    """The contacts given after one label; hours and postcodes attach to contacts already found."""
    value = segment.strip().rstrip("，,、 ")
    if kind == "fax":
        return [], []
    if kind in ("phone", "any"):
        phones = parse_phones(segment, line, pos)
        if not phones and kind == "phone":
            return [], [warn(path, line, "contacts", f"no phone number understood in: {value or '(empty)'}")]
        return phones, []
    if kind == "email":
        ok = EMAIL_RE.search(unicodedata.normalize("NFKC", segment))
        return [], [] if ok else [warn(path, line, "contacts", f"no e-mail address understood in: {value}")]
    if kind == "hours":
        return attach_hours(value, found, line, path)
    if kind == "postcode":
        m = re.search(r"\d{6}", unicodedata.normalize("NFKC", segment))
        posts = [i for i, c in enumerate(found) if c.kind == "post"]
        if m and posts:
            found[posts[-1]] = replace(found[posts[-1]], postcode=m.group())
            return [], []
        return [], [warn(path, line, "contacts", f"postcode without an address to attach it to: {value}")]
    address, problems = parse_address(kind, value, line, path)
    return ([replace(address, pos=pos)] if address else []), problems


def parse_phones(segment: str, line: int, pos: int) -> list[Contact]:
    """One or more phone numbers; a bracketed time after them is their hours, anything else a note."""
    text = unicodedata.normalize("NFKC", segment)
    phones: list[Contact] = []
    pending: list[int] = []
    for m in PHONE_TOKEN_RE.finditer(text):
        if m.group("paren") is None:
            pending.append(len(phones))
            phones.append(Contact("phone", phone_value(m), line=line, pos=pos + m.start()))
            continue
        inner = m.group("paren")[1:-1].strip()
        if not pending or not inner:
            continue
        if HOURS_HINT_RE.search(inner) and not DATE_RE.search(inner):
            for i in pending:  # "A、B（工作日8:30-17:00）": the hours of both
                phones[i] = replace(phones[i], hours=inner)
            pending = []
        else:  # "A（传真）": a note on the number just before
            phones[pending[-1]] = replace(phones[pending[-1]], note=inner)
    return phones


def phone_value(m: re.Match[str]) -> str:
    if m.group("mobile"):
        return m.group("mobile")
    if m.group("local") or m.group("bare"):
        number = f"{m.group('area')}-{m.group('local')}" if m.group("area") else m.group("bare")
        return number + (f"转{m.group('ext')}" if m.group("ext") else "")
    return re.sub(r"\s", "", m.group("service"))


def attach_hours(value: str, found: list[Contact], line: int, path: str) -> tuple[list[Contact], list[Diagnostic]]:
    """"受理时间：…" gives the hours of the phones (else the visiting address) before it on the line."""
    hours = unicodedata.normalize("NFKC", value)
    if not HOURS_HINT_RE.search(hours) or DATE_RE.search(hours):
        return [], []  # e.g. "受理时间：2025年3月1日至…" is a period, not office hours
    for kind in ("phone", "in-person"):
        targets = [i for i, c in enumerate(found) if c.kind == kind and not c.hours]
        for i in targets:
            found[i] = replace(found[i], hours=hours)
        if targets:
            return [], []
    return [], [warn(path, line, "contacts", f"hours without a phone or address to attach them to: {value}")]


def parse_address(kind: str, value: str, line: int, path: str) -> tuple[Contact | None, list[Diagnostic]]:
    """A postal or visiting address, with its postcode and (for visits) its hours taken out."""
    postcode = ""
    m = POSTCODE_RE.search(value)
    if m:
        postcode = unicodedata.normalize("NFKC", m.group(1) or m.group(2))
        value = (value[: m.start()] + value[m.end() :]).strip().rstrip("，,、 ")
    hours = ""
    for p in PAREN_RE.finditer(value):
        if HOURS_HINT_RE.search(p.group(1)) and not DATE_RE.search(p.group(1)):
            hours = unicodedata.normalize("NFKC", p.group(1)).strip()
            value = (value[: p.start()] + value[p.end() :]).strip().rstrip("，,、 ")
            break
    if not value:
        return None, [warn(path, line, "contacts", "address label without an address")]
    contact_kind = "in-person" if kind == "in_person" else "post"
    return Contact(contact_kind, value, hours=hours, postcode=postcode, line=line), []


def scan_addresses(ln: Line) -> list[Contact]:
    """E-mail and web addresses anywhere on the line, with or without a label."""
    text = unicodedata.normalize("NFKC", ln.text)
    found: list[Contact] = []
    for m in EMAIL_RE.finditer(text):
        found.append(Contact("email", m.group(), line=ln.number, pos=m.start()))
    without_mail = EMAIL_RE.sub(lambda m: " " * len(m.group()), text)
    for m in URL_RE.finditer(without_mail):
        url = m.group().rstrip(".,;:!?)]'")
        if not re.match(r"https?://", url, re.IGNORECASE):
            url = "https://" + url
        found.append(Contact("web", url, line=ln.number, pos=m.start()))
    return found
