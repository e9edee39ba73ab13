"""E-mail and web addresses."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from generator.errors import ContentError
from generator.notice.contacts.text import _DOMAIN, _DOMAIN_RE, _WIDE, _is_hidden, _quote, _text

_EMAIL_HINT = "write the address as name@example.gov.cn, without spaces"
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL_PART = rf"{_ATEXT}(?:\.{_ATEXT})*"
_LOCAL_PART_RE = re.compile(_LOCAL_PART)
_EMAIL_RE = re.compile(rf"(?P<local>{_LOCAL_PART})@(?P<domain>{_DOMAIN})")


def parse_email(text: str) -> str:
    """local@domain.tld, domain lower-cased; a `mailto:` prefix and full-width ＠ are accepted."""
    raw = _text(text, "email address", "name@example.gov.cn")
    address = raw.translate(_WIDE)
    if address[:7].lower() == "mailto:":
        address = address[7:]
    if not address:
        raise ContentError("the email address is empty", _EMAIL_HINT)
    if len(address) > 254:
        raise ContentError(f"{_quote(raw)} is not an email address: it is too long", _EMAIL_HINT)
    m = _EMAIL_RE.fullmatch(address)
    if m and len(m.group("local")) <= 64:
        return f"{m.group('local')}@{m.group('domain').lower()}"
    fault = _email_fault(address)
    raise ContentError(f"{_quote(raw)} is not an email address: {fault}", _EMAIL_HINT)


def _email_fault(address: str) -> str:
    """Why an address failed, in words an editor can act on."""
    local, _, domain = address.partition("@")
    if address.count("@") != 1:
        return "it needs exactly one @"
    if any(_is_hidden(ch) for ch in address):
        return "it contains a space or an invisible character"
    if not _LOCAL_PART_RE.fullmatch(local):
        return "the part before @ has characters an address cannot have, or a dot at its ends"
    if not _DOMAIN_RE.fullmatch(domain):
        return "the part after @ is not a domain such as example.gov.cn"
    return "it is too long"


_URL_HINT = (
    "write a full web address starting with https:// or http://, e.g. https://www.example.gov.cn/"
)
_URL_FORBIDDEN = frozenset('"<>\\`')


def parse_web_url(text: str) -> str:
    """An absolute http(s) URL with a public host name or IP address, returned as written."""
    url = _text(text, "web address", "https://www.example.gov.cn/")
    if not url:
        raise ContentError("the web address is empty", _URL_HINT)
    for ch in url:
        if _is_hidden(ch) or ch in _URL_FORBIDDEN:
            shown = f"U+{ord(ch):04X}" if _is_hidden(ch) else repr(ch)
            raise ContentError(
                f"{_quote(url)} is not a web address: it contains {shown}",
                "remove it; write a space inside an address as %20",
            )
    if not re.match(r"https?://", url, re.I):
        raise ContentError(f"{_quote(url)} is not an http:// or https:// web address", _URL_HINT)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError for a port that is not a number up to 65535
    except ValueError:
        raise ContentError(f"{_quote(url)} is not a valid web address", _URL_HINT) from None
    if "@" in parts.netloc:
        raise ContentError(
            f"{_quote(url)} is not a web address readers can trust: it has a user name before @",
            "remove the part before @ in the host; " + _URL_HINT,
        )
    if not host:
        raise ContentError(f"{_quote(url)} is not a web address: it has no host name", _URL_HINT)
    if not _valid_host(host, bracketed=parts.netloc.startswith("[")):
        hint = "write a Chinese domain in its xn-- form" if not host.isascii() else _URL_HINT
        raise ContentError(
            f"{_quote(url)} is not a web address: {_quote(host)} is not a public host name", hint
        )
    return url


def _valid_host(host: str, *, bracketed: bool) -> bool:
    try:
        if bracketed:
            ipaddress.IPv6Address(host)
        elif re.fullmatch(r"[0-9.]+", host):
            ipaddress.IPv4Address(host)
        else:
            return _DOMAIN_RE.fullmatch(host) is not None
    except ValueError:
        return False
    return True
