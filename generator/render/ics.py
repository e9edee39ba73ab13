"""iCalendar (RFC 5545) rendering: one VCALENDAR with one VEVENT per notice, deterministic and folded."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta

from generator.errors import ContentError

CRLF = "\r\n"
MAX_LINE_OCTETS = 75

# RFC 5545 3.3.11: a TEXT value may hold any character except controls (HTAB is allowed).
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def render_ics(
    *,
    uid: str,
    summary: str,
    start: datetime,
    end: datetime,
    all_day: bool,
    dtstamp: datetime,
    url: str = "",
    description: str = "",
    location: str = "",
    prodid: str = "-//Gongshi//Gongshi//ZH",
) -> str:
    """A complete .ics document (CRLF line ends, folded at 75 octets) for one event."""
    uid_text = escape_text(uid)
    if not uid_text.strip():
        raise ContentError("the calendar event has an empty UID", "pass a stable, non-empty uid")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(prodid)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid_text}",
        f"DTSTAMP:{format_utc(dtstamp, 'dtstamp')}",
        *_event_times(start, end, all_day),
        f"SUMMARY:{escape_text(summary)}",
    ]
    for name, text in (("DESCRIPTION", description), ("LOCATION", location)):
        value = escape_text(text)
        if value:  # omitted when not given (or nothing is left once controls are removed)
            lines.append(f"{name}:{value}")
    clean_url = _strip_controls(url).strip()
    if clean_url:
        lines.append(f"URL:{clean_url}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold_line(line) + CRLF for line in lines)


def _event_times(start: datetime, end: datetime, all_day: bool) -> list[str]:
    if all_day:
        first, after = _as_date(start), _day_after_last(end)
        if after <= first:
            raise _ends_before_start(start, end)
        return [
            f"DTSTART;VALUE=DATE:{format_date(first)}",
            f"DTEND;VALUE=DATE:{format_date(after)}",
        ]
    begin, finish = format_utc(start, "start"), format_utc(end, "end")
    if finish <= begin:
        raise _ends_before_start(start, end)
    return [f"DTSTART:{begin}", f"DTEND:{finish}"]


def _as_date(moment: date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _day_after_last(end: date) -> date:
    """The exclusive all-day end: `end`'s date at midnight, otherwise the day after (covering the last day)."""
    if not isinstance(end, datetime) or end.time() == time(0):
        return _as_date(end)
    return end.date() + timedelta(days=1)


def _ends_before_start(start: datetime, end: datetime) -> ContentError:
    return ContentError(
        f"the calendar event ends ({end.isoformat()}) before it starts ({start.isoformat()})",
        "check the period's start and end dates",
    )


def format_date(day: date) -> str:
    """An RFC 5545 DATE value, e.g. 20250721."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def format_utc(moment: datetime, name: str = "datetime") -> str:
    """An RFC 5545 UTC DATE-TIME value, e.g. 20250720T160000Z (fractions of a second dropped)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ContentError(
            f"the calendar event's {name} has no time zone ({moment.isoformat()})",
            "pass timezone-aware datetimes, for example in the site's time zone",
        )
    u = moment.astimezone(UTC)
    return f"{format_date(u.date())}T{u.hour:02d}{u.minute:02d}{u.second:02d}Z"


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped, other controls removed."""
    text = _LINE_BREAKS.sub("\n", value)
    text = _strip_controls(text, keep="\n\t")
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def _strip_controls(text: str, keep: str = "") -> str:
    """Remove control characters (Unicode Cc) and lone surrogates (Cs), except those in `keep`."""
    if text.isprintable():
        return text  # nothing to remove (the common case, checked in C)
    return "".join(
        ch for ch in text if ch in keep or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def fold_line(line: str) -> str:
    """Fold a content line so no physical line exceeds 75 UTF-8 octets, splitting only between characters."""
    if len(line) * 4 <= MAX_LINE_OCTETS or len(line.encode("utf-8")) <= MAX_LINE_OCTETS:
        return line  # short enough whatever its characters
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > MAX_LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += width
    pieces.append("".join(current))
    return CRLF.join(pieces)
