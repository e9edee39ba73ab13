"""The typed content model: what the validation stage produces and every later stage reads.

Plain frozen dataclasses, nothing else: no I/O, no rendering. Each value that came from a file
keeps the `Location` it came from, so later checks (duplicate slugs, unknown related notices)
can still point at the right line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from generator.errors import Location
from generator.notice.contacts import Hours
from generator.notice.periods import Period


@dataclass(frozen=True, slots=True)
class ProgressState:
    """One entry of the site's state vocabulary, e.g. 已完成 (done)."""

    key: str
    """Stable ASCII name for data files and CSS classes: done, in-progress, ongoing, not-started."""
    label: str
    """The marker text editors write in 【】 and readers see."""
    color: str
    done: bool


DEFAULT_STATES = (
    ProgressState("done", "已完成", "#1a7f37", True),
    ProgressState("in-progress", "推进中", "#9a6700", False),
    ProgressState("ongoing", "长期坚持", "#0969da", False),
    ProgressState("not-started", "未开始", "#6e7781", False),
)

DEFAULT_ATTACHMENT_TYPES = ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "csv", "jpg", "png", "zip")


@dataclass(frozen=True, slots=True)
class Footer:
    organisation: str = ""
    site_code: str = ""
    icp: str = ""
    police: str = ""
    police_code: str = ""


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact channel, ready to render as a working link."""

    kind: str
    """phone | email | post | web | in-person"""
    value: str
    """What readers see: the number as written, the address, the URL, the place."""
    href: str
    """tel:/mailto:/https: link, or "" for post and in-person."""
    label: str = ""
    hours: Hours | None = None
    note: str = ""
    postcode: str = ""
    international: str = ""
    """Phones only: +86 415 5138995."""
    until: dt.date | None = None
    """The last day the channel is in use; after it the page shows it as no longer in use."""

    def in_use(self, today: dt.date) -> bool:
        return self.until is None or today <= self.until


@dataclass(frozen=True, slots=True)
class Validity:
    """有效性: whether a document is in force (有效, 失效, 废止) and since or until when."""

    status: str
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DisclosureInfo:
    """The fields of a government disclosure page (政务公开): what the metadata table above the title shows."""

    index_number: str = ""
    """索引号"""
    document_number: str = ""
    """发文字号 (文号), e.g. 示例组通字〔2026〕26号."""
    topic: str = ""
    """主题分类, one of the site's topics."""
    written: dt.date | None = None
    """成文日期"""
    publisher: str = ""
    """发布机构; the issuer unless the notice names another."""
    validity: Validity | None = None
    disclosure_scope: str = ""
    """主动公开 | 依申请公开 | "" """

    def __bool__(self) -> bool:
        """Whether the notice has any of these fields of its own (the publisher alone is not enough)."""
        return bool(self.index_number or self.document_number or self.topic or self.written or self.validity
                    or self.disclosure_scope)


@dataclass(frozen=True, slots=True)
class IndexRule:
    """The 索引号 rule of the site (编制规则)."""

    organisation: str
    format: str = "{organisation}/{year}-{serial}"
    serial_digits: int = 5


@dataclass(frozen=True, slots=True)
class Accessibility:
    """The accessibility statement (无障碍声明) of the site."""

    checked: dt.date
    standards: tuple[str, ...] = ("GB/T 37668-2019", "WCAG 2.1 AA")
    contacts: tuple[Contact, ...] = ()
    response_days: int | None = None
    known_issues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """content/site.yaml, validated, with every default filled in."""

    title: str
    base_url: str = "/"
    language: str = "zh-CN"
    timezone: str = "Asia/Shanghai"
    theme: str = "default"
    description: str = ""
    contacts: tuple[Contact, ...] = ()
    footer: Footer = Footer()
    after_close: str = "keep"
    per_page: int = 20
    progress_states: tuple[ProgressState, ...] = DEFAULT_STATES
    allow_html: bool = False
    url_style: str = "directory"
    attachment_types: tuple[str, ...] = DEFAULT_ATTACHMENT_TYPES
    show_withdrawn_body: bool = True
    search: bool = True
    """Build the full-text search index and show the search box (`gongshi build --no-search` turns it off)."""
    preview: bool = False
    """A preview of unpublished changes (`gongshi build --preview`, never read from site.yaml): every page
    says noindex, robots.txt disallows everything and no sitemap is written."""
    area_code: str = ""
    """The area code (区号) `gongshi import` gives a local phone number published without one, e.g. 0415."""
    topics: tuple[str, ...] = ()
    """主题分类 a notice's `topic:` may name."""
    index_rule: IndexRule | None = None
    emblem: str = ""
    """Absolute path of the site's emblem image, or "" (share cards then draw a seal)."""
    accessibility: Accessibility | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def state(self, label_or_key: str) -> ProgressState | None:
        for s in self.progress_states:
            if label_or_key in (s.label, s.key):
                return s
        return None


@dataclass(frozen=True, slots=True)
class Item:
    """A promise whose progress the public follows: the numbered level under a category."""

    anchor: str
    number: str
    """As the notice numbers it: "1." """
    title: str
    state: str | None
    """A ProgressState key, or None when the item carries no marker."""
    deadline: dt.date | None
    unit: str
    """责任单位, or ""."""
    measures: tuple[str, ...]
    """The measures it lists (一是… 二是…), as written."""
    line: int


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered heading of the body (一、 / （一） / …) and what it holds."""

    anchor: str
    level: int
    """2 for 一、, 3 for （一）, 4 for 1. (Markdown heading levels)."""
    number: str
    title: str
    line: int
    children: tuple[Section, ...] = ()
    items: tuple[Item, ...] = ()

    def all_items(self) -> tuple[Item, ...]:
        out = list(self.items)
        for child in self.children:
            out.extend(child.all_items())
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Signature:
    by: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    date: dt.date
    note: str


@dataclass(frozen=True, slots=True)
class Attachment:
    file: str
    """Path relative to the notice's folder."""
    title: str
    description: str
    source: str
    """Absolute path of the file on disk, for copying."""
    size: int
    sha256: str
    location: Location

    @property
    def file_type(self) -> str:
        """The type readers see: PDF, XLSX, CSV…"""
        return self.file.rsplit(".", 1)[-1].upper() if "." in self.file.rsplit("/", 1)[-1] else ""

    @property
    def human_size(self) -> str:
        """1.2 MB, 340 KB, 512 B (1 KB = 1024 bytes; one decimal below 10).

        The unit is chosen after rounding, so 1,048,575 bytes read 1.0 MB, not 1024 KB."""
        if self.size < 1024:
            return f"{self.size} B"
        value = self.size / 1024
        for unit in ("KB", "MB", "GB"):
            text = f"{value:.1f}" if value < 9.95 else f"{value:.0f}"
            if float(text) < 1024 or unit == "GB":
                break
            value /= 1024
        return f"{text} {unit}"


@dataclass(frozen=True, slots=True)
class Revision:
    date: dt.date
    kind: str
    """correction | extension | withdrawal | supplement"""
    note: str
    end: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """One validated notice: front matter plus the structure read from its body."""

    source: str
    """The content file as shown in diagnostics."""
    slug: str
    title: str
    issuer: str
    kind: str
    issued: dt.date
    lang: str
    summary: str
    tags: tuple[str, ...]
    draft: bool
    period: Period | None
    original_period: Period | None
    """The period as first published, when an extension has moved its end."""
    after_close: str
    contacts: tuple[Contact, ...]
    signature: Signature | None
    sections: tuple[Section, ...]
    body: str
    """The Markdown body, as written (rendered by the render stage)."""
    body_line: int
    updated: dt.date | None = None
    progress_updates: tuple[ProgressUpdate, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    revisions: tuple[Revision, ...] = ()
    """The revisions dated up to the build's date, in date order."""
    pending_revision: dt.date | None = None
    """The date of the first revision dated after the build's date (it shows from that date), if any."""
    related: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    info: DisclosureInfo = DisclosureInfo()
    """索引号, 文号, 主题分类…: the government disclosure fields (all optional)."""
    locations: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)
    """Where fields were written, for checks across notices (slug, related, aliases)."""

    @property
    def withdrawn(self) -> Revision | None:
        for r in reversed(self.revisions):
            if r.kind == "withdrawal":
                return r
        return None

    @property
    def items(self) -> tuple[Item, ...]:
        out: list[Item] = []
        for s in self.sections:
            out.extend(s.all_items())
        return tuple(out)

    @property
    def last_changed(self) -> dt.date:
        dates = [self.issued] + ([self.updated] if self.updated else []) + [r.date for r in self.revisions]
        return max(dates)


class Record(NamedTuple):
    """A notice as listings, links and the build cache know it. Plain values only (no objects), so
    that thousands of records load in milliseconds."""

    slug: str
    source: str
    """The content file as shown in diagnostics."""
    key: str
    """Fingerprint of everything the notice was made from (its file, attachments, the settings)."""
    title: str
    issuer: str
    kind: str
    issued: int
    """Ordinal of the issue date."""
    lang: str
    tags: tuple[str, ...]
    draft: bool
    period: tuple[float, float, int, int] | None
    """(start, end) as POSIX timestamps and (first day, last day) as ordinals, in the site's time zone."""
    after_close: str
    withdrawn: bool
    last_changed: int
    """Ordinal of the latest of issue, update and revision dates."""
    related: tuple[str, ...]
    aliases: tuple[str, ...]
    where: tuple[tuple[str, int, int], ...]
    """(field, line, column) of the slug, each related slug and each alias, for errors across notices."""
    progress: tuple[tuple[str | None, int | None], ...] | None
    """(state key, deadline ordinal) of every item, or None when the notice shows no progress.
    Unknown until the body has been read (None then, too)."""
    has_items: bool
    revision_days: tuple[int, int] = (0, 0)
    """(latest, next): ordinals of the date of the latest revision the notice shows and of its first
    revision still to come (0: none). A build dated before the one or on or after the other shows other
    revisions, so it reads the notice again."""

    @property
    def path(self) -> str:
        return f"notices/{self.slug}/"

    @classmethod
    def of(cls, notice: Notice, key: str, tz: dt.tzinfo) -> Record:
        period = None
        if notice.period is not None:
            p = notice.period
            period = (p.start.timestamp(), p.end.timestamp(), p.first_day.toordinal(), p.last_day.toordinal())
        items = notice.items
        progress = None
        if items or notice.kind == "rectification-progress":
            progress = tuple((i.state, i.deadline.toordinal() if i.deadline else None) for i in items)
        where = tuple((name, loc.line, loc.col) for name, loc in notice.locations.items())
        return cls(notice.slug, notice.source, key, notice.title, notice.issuer, notice.kind,
                   notice.issued.toordinal(), notice.lang, notice.tags, notice.draft, period, notice.after_close,
                   notice.withdrawn is not None, notice.last_changed.toordinal(), notice.related, notice.aliases,
                   where, progress, bool(items),
                   (max((r.date for r in notice.revisions), default=dt.date.min).toordinal() if notice.revisions else 0,
                    notice.pending_revision.toordinal() if notice.pending_revision else 0))
