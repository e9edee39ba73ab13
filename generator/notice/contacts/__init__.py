"""Contact details in notices: phone numbers, office hours, email and web addresses, postcodes.

One module a kind of contact (phone, hours, online, postal) over the character folding they share
(text); this package exports what validation and the importer use."""

from __future__ import annotations

from generator.notice.contacts.hours import Hours, TimeRange, parse_hours
from generator.notice.contacts.online import parse_email, parse_web_url
from generator.notice.contacts.phone import Phone, parse_phone
from generator.notice.contacts.postal import parse_postcode, split_postcode

__all__ = [
    "Hours",
    "Phone",
    "TimeRange",
    "parse_email",
    "parse_hours",
    "parse_phone",
    "parse_postcode",
    "parse_web_url",
    "split_postcode",
]

