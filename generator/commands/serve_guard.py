"""Which requests the live preview answers: the guard of `gongshi serve` against other sites.

A page of another site can point its own name at this machine (DNS rebinding) or open a websocket to
it; the preview answers only a request whose `Host` names it, and the reload websocket only a page it
served itself. serve.py checks every request with these functions, the WSGI application and
livereload's handlers alike.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
EVERYWHERE = frozenset({"0.0.0.0", "::", ""})
"""Bind addresses that mean every interface of the machine (--host 0.0.0.0 or ::)."""


def shown_address(host: str) -> str:
    """The address of --host as written in a URL (every interface: 127.0.0.1; IPv6 in brackets)."""
    host = "127.0.0.1" if host in EVERYWHERE else host
    return f"[{host}]" if ":" in host else host


def _host_name(header: str) -> str:
    """`example.org:8000`, `[::1]:8000` → the name alone, lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else ""
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_allowed(header: str, bind: str) -> bool:
    """Whether a request's `Host` (or a websocket's `Origin` host) names the preview bound at `bind`: a
    loopback name, the address of --host, or (with --host 0.0.0.0 or ::) an IP address or this machine's
    name. A page of another site that points its own name at this machine (DNS rebinding) is refused."""
    name = _host_name(header).rstrip(".")
    if not name:
        return False
    if name in LOOPBACK or name.endswith(".localhost") or name == bind.lower():
        return True
    if bind in EVERYWHERE:
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return name in {socket.gethostname().lower(), socket.getfqdn().lower()}
    return False


def origin_allowed(origin: str, bind: str) -> bool:
    """A websocket's Origin: a page served by this preview (`http://127.0.0.1:8000`), nothing else."""
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and host_allowed(parts.netloc, bind)
