"""The life of a notice: attachments, revisions (correction, extension, withdrawal, supplement),
related notices and old addresses (aliases), read back from built sites and in headless Chromium.

The sample content carries one notice of each life event; the positive checks read it built at
chosen moments, the error checks break a copy of it (or a small site of their own)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import icalendar
import jsonschema
import pytest
from conftest import SAMPLE_CONTENT, SEED_SLUG, build, copy_content, soup, tree_digest
from playwright.sync_api import expect
from support import search_index

from generator.errors import Location
from generator.notice.model import Attachment

REVIEW = "example-project-review-2026"          # a folder notice with two attachments, corrected once
PROJECT = "example-project-2026"                # related from REVIEW (listed on both sides)
RECTIFICATION = "example-rectification-2026"    # extended, then supplemented; related to INSPECTION; an alias
INSPECTION = "example-inspection-2026"
LAND_LEASE = "example-land-lease-2026"          # withdrawn during its period
LAND_LEASE_TITLE = "示例村集体土地经营权流转方案公示"
LAND_LEASE_BODY = "采取公开协商方式流转，流转收益纳入村集体经济收入"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://gongshi.example.org"
"""The sample site's base_url (content/site.yaml), without its final slash: canonical links, feeds and the
sitemap give absolute addresses under it."""


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _line(path: Path, needle: str) -> int:
    """The line of a file that contains `needle` (so error positions are not hard-coded)."""
    lines = path.read_text("utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, f"{needle!r} should occur once in {path}"
    return found[0]


def _page(site: Path, slug: str) -> Any:
    return soup(site / "notices" / slug / "index.html")


def _data(site: Path, slug: str) -> dict[str, Any]:
    return json.loads((site / "data" / "notices" / f"{slug}.json").read_text("utf-8"))


def _resolves(site: Path, page: str, href: str) -> Path:
    """The file a link on `page` (a path in the site) leads to; fails if there is none."""
    target = urlsplit(urljoin("http://site/" + page, href)).path.lstrip("/")
    path = site / unquote(target)
    if path.is_dir():
        path = path / "index.html"
    assert path.is_file(), f"{href} on {page} leads to nothing ({target})"
    return path


@pytest.fixture(scope="module")
def sample_at(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """The sample content built (without search) as of a given moment, each moment once per module."""
    built: dict[tuple[str, str], Path] = {}

    def get(now: str, site_yaml_extra: str = "") -> Path:
        key = (now, site_yaml_extra)
        if key not in built:
            root = tmp_path_factory.mktemp("at")
            content = root / "content"
            shutil.copytree(SAMPLE_CONTENT, content)
            if site_yaml_extra:
                config = content / "site.yaml"
                text = config.read_text("utf-8")
                key = site_yaml_extra.split(":", 1)[0]
                if re.search(rf"(?m)^{re.escape(key)}:", text):  # a key written twice is an error: replace it
                    text = re.sub(rf"(?m)^{re.escape(key)}:.*$", lambda _: site_yaml_extra, text)
                else:
                    text += "\n" + site_yaml_extra + "\n"
                config.write_text(text, "utf-8")
            out = root / "output"
            assert build(content, out, now, "--no-search") == 0
            built[key] = out
        return built[key]

    return get


def _fail(tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Callable[[Path], None],
          search: bool = False) -> str:
    """Build a copy of the sample, change it, build again: the build fails, the output stays as it was.
    Returns the error output."""
    content = copy_content(tmp_path)
    out = tmp_path / "output"
    assert build(content, out, "2026-12-01T10:00", "--no-search") == 0
    before = tree_digest(out)
    change(content)
    capsys.readouterr()
    assert build(content, out, "2026-12-01T10:00", *([] if search else ["--no-search"])) == 1
    err = capsys.readouterr().err
    assert tree_digest(out) == before, "a failed build must leave the previous output untouched"
    assert "Traceback" not in err
    return err


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


# ---------------------------------------------------------------- attachments

FOLDER_NOTICE = """---
title: 附件测试公告
issuer: 示例单位
kind: project-notice
issued: 2026-11-02
disclosure:
  start: 2026-11-02
  end: 2026-11-06
attachments:
  - file: files/审查报告.pdf
    title: 审查报告
    description: 审查单位出具的书面意见。
  - file: ledger.xlsx
    title: 项目台账
  - file: a-list.csv
    title: 公示名单
---
审查报告见附件1《[审查报告](files/审查报告.pdf)》，名单见附件3《[公示名单](a-list.csv)》。
"""

ATTACHMENT_SIZES = {"files/审查报告.pdf": 1258291, "ledger.xlsx": 348160, "a-list.csv": 0}
"""1.2 MB, 340 KB, and a small text file whose size is its own."""


def _blob(size: int, seed: str) -> bytes:
    block = hashlib.sha256(seed.encode()).digest() * 64
    return (block * (size // len(block) + 1))[:size]


@pytest.fixture(scope="module")
def folder_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A site with one folder notice and three attachments: (its folder in the content, the output)."""
    root = tmp_path_factory.mktemp("folder")
    content = root / "content"
    folder = content / "notices" / "fujian-ceshi"
    (folder / "files").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yaml", content / "site.yaml")
    (folder / "index.md").write_text(FOLDER_NOTICE, "utf-8")
    for name, size in ATTACHMENT_SIZES.items():
        data = "名单\n张示例\n李示例\n".encode() if name.endswith(".csv") else _blob(size, name)
        (folder / name).write_bytes(data)
    out = root / "output"
    assert build(content, out, "2026-11-03T10:00", "--no-search") == 0
    return folder, out


def test_folder_notice_lists_attachments_with_title_type_and_size_in_order(folder_site: tuple[Path, Path]) -> None:
    folder, out = folder_site
    items = _page(out, "fujian-ceshi").select(".attachments .attachment-list > li")
    csv_size = (folder / "a-list.csv").stat().st_size
    seen = [(li.select_one(".attachment-link").get_text(strip=True), li.select_one(".attachment-meta").get_text(strip=True))
            for li in items]
    assert seen == [("审查报告", "（PDF，1.2 MB）"), ("项目台账", "（XLSX，340 KB）"), ("公示名单", f"（CSV，{csv_size} 字节）")]  # below a kilobyte, the word from the locale
    assert items[0].select_one(".attachment-description").get_text(strip=True) == "审查单位出具的书面意见。"
    heading = _page(out, "fujian-ceshi").select_one("#attachments-heading")
    assert heading is not None and heading.get_text(strip=True) == "附件"


@pytest.mark.parametrize(("size", "shown"), [
    (0, "0 B"), (1023, "1023 B"), (1024, "1.0 KB"), (10188, "9.9 KB"), (10239, "10 KB"), (348160, "340 KB"),
    (1048575, "1.0 MB"), (1258291, "1.2 MB"), (5 * 1024**4, "5120 GB"),
])
def test_sizes_read_as_readers_expect(size: int, shown: str) -> None:
    """One decimal below 10, whole numbers above; the unit is chosen after rounding (never "1024 KB")."""
    assert Attachment("a.pdf", "t", "", "", size, "", Location("x", 1)).human_size == shown


def test_attachments_are_copied_as_they_are_and_listed_links_resolve(folder_site: tuple[Path, Path]) -> None:
    folder, out = folder_site
    page = "notices/fujian-ceshi/index.html"
    links = [a["href"] for a in soup(out / page).select(".attachment-link")]
    assert len(links) == 3
    for href, name in zip(links, ATTACHMENT_SIZES, strict=True):
        assert _resolves(out, page, href).read_bytes() == (folder / name).read_bytes()


def test_a_body_link_to_an_attachment_resolves_in_the_built_site(folder_site: tuple[Path, Path],
                                                                 serve: Callable[[Path], str]) -> None:
    folder, out = folder_site
    page = "notices/fujian-ceshi/index.html"
    links = [a["href"] for a in soup(out / page).select(".notice-body a")]
    assert len(links) == 2
    base = serve(out)
    for href, name in zip(links, ["files/审查报告.pdf", "a-list.csv"], strict=True):
        assert _resolves(out, page, href).read_bytes() == (folder / name).read_bytes()
        with urllib.request.urlopen(urljoin(f"{base}/notices/fujian-ceshi/", href)) as response:
            assert response.status == 200 and response.read() == (folder / name).read_bytes()


def test_sample_body_links_to_attachments_resolve(sample_site: Path) -> None:
    page = f"notices/{REVIEW}/index.html"
    links = [a["href"] for a in soup(sample_site / page).select(".notice-body a")]
    assert links == ["shencha-yijian.pdf", "xiaoqu-qingdan.csv"]
    for href in links:
        source = SAMPLE_CONTENT / "notices" / REVIEW / href
        assert _resolves(sample_site, page, href).read_bytes() == source.read_bytes()


def test_open_data_carries_each_attachments_size_and_sha256(folder_site: tuple[Path, Path]) -> None:
    folder, out = folder_site
    expected = [(name, (folder / name).stat().st_size, hashlib.sha256((folder / name).read_bytes()).hexdigest())
                for name in ATTACHMENT_SIZES]
    full = _data(out, "fujian-ceshi")
    index = json.loads((out / "data/notices.json").read_text("utf-8"))
    listed = next(n for n in index["notices"] if n["slug"] == "fujian-ceshi")
    for record in (full, listed):
        assert [(a["file"], a["size"], a["sha256"]) for a in record["attachments"]] == expected
        assert [a["type"] for a in record["attachments"]] == ["PDF", "XLSX", "CSV"]
        for a in record["attachments"]:
            assert (out / urlsplit(a["url"]).path.lstrip("/")).is_file()
    schema = json.loads((out / "data/schema/notice.schema.json").read_text("utf-8"))
    jsonschema.validate(full, schema)


def test_sample_open_data_sha256_matches_the_published_files(sample_site: Path) -> None:
    attachments = _data(sample_site, REVIEW)["attachments"]
    assert [a["file"] for a in attachments] == ["shencha-yijian.pdf", "xiaoqu-qingdan.csv"]
    for a in attachments:
        published = (sample_site / "notices" / REVIEW / a["file"]).read_bytes()
        assert a["size"] == len(published)
        assert a["sha256"] == hashlib.sha256(published).hexdigest()


def test_a_missing_attachment_fails_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = Path(f"notices/{REVIEW}/index.md")

    def change(content: Path) -> None:
        (content / "notices" / REVIEW / "xiaoqu-qingdan.csv").unlink()

    err = _fail(tmp_path, capsys, change)
    line = _line(SAMPLE_CONTENT / index, "file: xiaoqu-qingdan.csv")
    assert f"{index.as_posix()}:{line}:" in err
    assert "attachments[1].file" in err and "`xiaoqu-qingdan.csv` does not exist" in err


@pytest.mark.parametrize(("name", "message"), [
    ("run.exe", "`.exe` files are not allowed"),
    ("../example-project-2026.md", "leads out of the notice's folder"),
    ("/etc/passwd.pdf", "is an absolute path"),
])
def test_a_disallowed_or_outside_attachment_fails_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              name: str, message: str) -> None:
    index = Path(f"notices/{REVIEW}/index.md")

    def change(content: Path) -> None:
        if not name.startswith(("/", "..")):
            (content / "notices" / REVIEW / name).write_bytes(b"MZ")
        _edit(content / index, "file: xiaoqu-qingdan.csv", f"file: {name}")

    err = _fail(tmp_path, capsys, change)
    line = _line(SAMPLE_CONTENT / index, "file: xiaoqu-qingdan.csv")
    assert f"{index.as_posix()}:{line}:" in err
    assert "attachments[1].file" in err and message in err
    if name == "run.exe":
        assert "allowed: pdf, ofd, doc, docx, xls, xlsx, csv, jpg, png, zip" in err


def test_a_link_leading_out_of_the_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = Path(f"notices/{REVIEW}/index.md")

    def change(content: Path) -> None:
        folder = content / "notices" / REVIEW
        (folder / "xiaoqu-qingdan.csv").unlink()
        (folder / "xiaoqu-qingdan.csv").symlink_to(content / "site.yaml")

    err = _fail(tmp_path, capsys, change)
    assert f"{index.as_posix()}:{_line(SAMPLE_CONTENT / index, 'file: xiaoqu-qingdan.csv')}:" in err
    assert "attachments[1].file" in err and "link that leads out of the notice's folder" in err


def test_an_attachment_on_a_single_file_notice_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = Path(f"notices/{PROJECT}.md")

    def change(content: Path) -> None:
        _edit(content / rel, "tags:", "attachments:\n  - file: plan.pdf\n    title: 方案\ntags:")
        (content / "notices" / "plan.pdf").write_bytes(b"%PDF-1.4\n")

    err = _fail(tmp_path, capsys, change)
    line = _line(SAMPLE_CONTENT / rel, "tags:")
    assert f"{rel.as_posix()}:{line}:" in err and "attachments:" in err
    assert "only a notice that is a folder can have attachments" in err and f"notices/{PROJECT}/index.md" in err


def test_the_allowed_types_are_a_site_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = Path(f"notices/{REVIEW}/index.md")
    err = _fail(tmp_path, capsys, lambda c: _edit(c / "site.yaml", "theme: default", "theme: default\n"
                                                                                     "attachment_types: [pdf]"))
    assert f"{index.as_posix()}:{_line(SAMPLE_CONTENT / index, 'file: xiaoqu-qingdan.csv')}:" in err
    assert "`.csv` files are not allowed" in err and "allowed: pdf;" in err


# ---------------------------------------------------------------- extension

# The sample's rectification report: 2026-09-15 to 2026-09-24, extended on 2026-09-22 to 2026-09-30.
AFTER_ORIGINAL_END = "2026-09-26T10:00"
AFTER_NEW_END = "2026-10-01T10:00"


def _open_titles(site: Path) -> list[str]:
    group = soup(site / "index.html").select_one(".group-open")
    return [a.get_text(strip=True) for a in group.select(".card-title a")] if group else []


def test_an_extended_notice_is_open_after_its_original_end(sample_at: Callable[..., Path]) -> None:
    site = sample_at(AFTER_ORIGINAL_END)
    page = _page(site, RECTIFICATION)
    title = page.find("h1").get_text(strip=True)
    assert page.select_one(".period-banner .state-label").get_text(strip=True) == "公示中，剩余 5 天"
    assert _norm(page.select_one(".period-banner .period-range").get_text()) == "2026年9月15日至2026年9月30日"
    assert title in _open_titles(site)
    card = next(c for c in soup(site / "index.html").select(".group-open .notice-card")
                if c.select_one(".card-title").get_text(strip=True) == title)
    assert "2026年9月30日" in card.select_one(".card-period").get_text()
    assert card.select_one(".state-label").get_text(strip=True) == "公示中，剩余 5 天"
    period = _data(site, RECTIFICATION)["period"]
    assert (period["state"], period["days_left"]) == ("open", 5)
    assert period["end"] == "2026-10-01T00:00:00+08:00" and period["last_day"] == "2026-09-30"
    assert period["original_end"] == "2026-09-25T00:00:00+08:00"
    listed = next(n for n in json.loads((site / "data/notices.json").read_text("utf-8"))["notices"]
                  if n["slug"] == RECTIFICATION)
    assert (listed["state"], listed["period"]["days_left"]) == ("open", 5)


def test_an_extended_notice_closes_after_its_new_end(sample_at: Callable[..., Path]) -> None:
    site = sample_at(AFTER_NEW_END)
    page = _page(site, RECTIFICATION)
    assert page.select_one(".period-banner .state-label").get_text(strip=True) == "已结束"
    title = page.find("h1").get_text(strip=True)
    assert title not in soup(site / "index.html").get_text(), "after_close: archive takes it off the index once closed"
    archived = [li for li in soup(site / "archive/index.html").select("li") if li.find("a", string=title)]
    assert len(archived) == 1 and archived[0].select_one(".state-label").get_text(strip=True) == "已结束"
    data = _data(site, RECTIFICATION)
    assert (data["state"], data["period"]["state"], data["period"]["days_left"]) == ("closed", "closed", None)


def test_the_calendar_file_uses_the_new_end(sample_at: Callable[..., Path]) -> None:
    site = sample_at(AFTER_ORIGINAL_END)
    assert _page(site, RECTIFICATION).select_one(".period-ics a")["href"] == "period.ics"
    raw = (site / "notices" / RECTIFICATION / "period.ics").read_bytes()
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert event["DTSTART"].dt == dt.date(2026, 9, 15)
    assert event["DTEND"].dt == dt.date(2026, 10, 1), "an all-day end is exclusive: the 30th is the last day"
    assert event["DTSTAMP"].dt.date() == dt.date(2026, 9, 22), \
        "the stamp is the last change shown (the extension; the supplement of 11-30 shows from its date)"


def test_the_original_period_is_struck_through_beside_the_new_one_with_the_reason(sample_site: Path) -> None:
    banner = _page(sample_site, RECTIFICATION).select_one(".period-banner")
    struck = banner.select_one(".period-original del")
    assert struck is not None
    assert _norm(struck.get_text()) == "原公示期：2026年9月15日至2026年9月24日"
    assert struck.select_one(".visually-hidden").get_text(strip=True).startswith("原公示期")
    assert _norm(banner.select_one(".period-range").get_text()) == "2026年9月15日至2026年9月30日"
    assert _norm(banner.select_one(".period-extended").get_text()) == "已延期：应群众要求，公开期限延长至2026年9月30日。"
    # An unextended notice shows no struck-through period.
    assert _page(sample_site, SEED_SLUG).select_one(".period-original") is None


# ---------------------------------------------------------------- withdrawal

IN_WITHDRAWN_PERIOD = "2026-11-13T10:00"
"""The land-lease notice ran 2026-11-10 to 2026-11-16 and was withdrawn on 2026-11-12."""
WITHDRAWAL_REASON = "流转方案须先经村民代表会议重新讨论，本公示撤销；调整后的方案将另行公示。"


def test_a_withdrawn_notice_is_never_shown_as_open(sample_at: Callable[..., Path]) -> None:
    site = sample_at(IN_WITHDRAWN_PERIOD)
    page = _page(site, LAND_LEASE)
    assert page.select_one("article")["data-withdrawn"] is not None
    assert page.select_one(".period-banner .period-status").get_text(strip=True) == "已撤销"
    assert page.select_one(".period-banner [data-period]") is None, "the page script must have nothing to recompute"
    assert page.select_one(".period-ics") is None and not (site / "notices" / LAND_LEASE / "period.ics").exists()
    title = page.find("h1").get_text(strip=True)
    index = soup(site / "index.html")
    assert index.select(".notice-card"), "the index lists other notices"
    assert title not in index.get_text(), "withdrawn, after_close: archive takes it off the index"
    data = _data(site, LAND_LEASE)
    assert data["state"] == "withdrawn"
    assert data["withdrawn"] == {"date": "2026-11-12", "note": WITHDRAWAL_REASON}
    assert data["period"]["state"] != "open" and data["period"]["days_left"] is None
    jsonschema.validate(data, json.loads((site / "data/schema/notice.schema.json").read_text("utf-8")))
    search_state = page.select_one('[data-pagefind-filter^="state:"]')["data-pagefind-filter"]
    assert search_state == "state:已撤销"


OPEN_NOTICE = """---
title: 同期公示的测试公告
issuer: 示例单位
kind: generic
issued: 2026-11-10
disclosure:
  start: 2026-11-10
  end: 2026-11-20
---
正文。
"""


@pytest.fixture(scope="module")
def withdrawn_kept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample as of IN_WITHDRAWN_PERIOD, with the withdrawn notice kept in listings (after_close: keep)
    and another notice open at the same time."""
    content = copy_content(tmp_path_factory.mktemp("kept"))
    _edit(content / "notices" / f"{LAND_LEASE}.md", "  after_close: archive\n", "")
    (content / "notices" / "tongqi-gongshi.md").write_text(OPEN_NOTICE, "utf-8")
    out = content.parent / "output"
    assert build(content, out, IN_WITHDRAWN_PERIOD, "--no-search") == 0
    return out


def test_a_withdrawn_notice_kept_in_listings_is_listed_as_withdrawn(withdrawn_kept: Path) -> None:
    index = soup(withdrawn_kept / "index.html")
    withdrawn = index.select_one(".group-withdrawn")
    assert withdrawn is not None and withdrawn.select_one("h2").get_text(strip=True).startswith("已撤销")
    cards = withdrawn.select(".notice-card")
    assert [c.select_one(".card-title").get_text(strip=True) for c in cards] == [LAND_LEASE_TITLE]
    assert cards[0].select_one(".period-status").get_text(strip=True) == "已撤销"
    assert _open_titles(withdrawn_kept) == ["同期公示的测试公告"]


def test_a_withdrawn_notice_keeps_its_address(sample_site: Path) -> None:
    page = f"notices/{LAND_LEASE}/index.html"
    assert (sample_site / page).is_file()
    archive = soup(sample_site / "archive/index.html")
    hrefs = [_resolves(sample_site, "archive/index.html", a["href"]) for a in archive.select("a[href]")
             if LAND_LEASE in a["href"]]
    assert hrefs == [sample_site / page]
    locs = [loc.text for loc in ET.parse(sample_site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert f"{BASE}/notices/{LAND_LEASE}/" in locs


def test_show_withdrawn_body_false_keeps_the_text_out_of_page_feeds_and_data(sample_at: Callable[..., Path]) -> None:
    shown = sample_at(IN_WITHDRAWN_PERIOD)
    hidden = sample_at(IN_WITHDRAWN_PERIOD, "show_withdrawn_body: false")
    files = [f"notices/{LAND_LEASE}/index.html", "feed.xml", "feed.json", "data/notices.json",
             f"data/notices/{LAND_LEASE}.json"]
    # The phrase is in the text (and the feeds and full data) when the site keeps withdrawn text readable.
    assert [LAND_LEASE_BODY in (shown / f).read_text("utf-8") for f in files] == [True, True, True, False, True]
    for f in files:
        assert LAND_LEASE_BODY not in (hidden / f).read_text("utf-8"), f"{f} still carries the withdrawn text"
    page = _page(hidden, LAND_LEASE)
    assert page.select_one(".notice-body") is None
    assert page.select_one(".withdrawn-body-note").get_text(strip=True) == "本公告已撤销，原文不再公开。"
    assert page.select_one(".withdrawn-banner") is not None
    assert page.select_one(".toc") is None, "the headings of the withdrawn text are not published either"
    data = _data(hidden, LAND_LEASE)
    assert data["body_markdown"] is None and data["sections"] == []
    assert _data(shown, LAND_LEASE)["body_markdown"]


# ---------------------------------------------------------------- revision dates

REVISED = {REVIEW: "2026-11-04", RECTIFICATION: "2026-11-30", LAND_LEASE: "2026-11-12"}


def _cn(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return f"{d.year}年{d.month}月{d.day}日"


@pytest.mark.parametrize("slug", sorted(REVISED))
def test_a_revision_shows_updated_on_the_page_and_in_the_change_history(sample_site: Path, slug: str) -> None:
    page = _page(sample_site, slug)
    updated = page.select_one(".notice-updated")
    assert updated is not None and _norm(updated.get_text()).startswith(f"更新于{_cn(REVISED[slug])}")
    assert updated.select_one("time")["datetime"] == REVISED[slug]
    assert _resolves(sample_site, f"notices/{slug}/index.html", updated.select_one("a")["href"])
    assert page.select_one(updated.select_one("a")["href"]) is not None
    history = [(li.select_one("time")["datetime"], li.select_one(".revision-kind").get_text(strip=True),
                li.select_one(".revision-note").get_text(strip=True))
               for li in page.select(".revisions .revision")]
    source = (SAMPLE_CONTENT / "notices" / (f"{slug}/index.md" if slug == REVIEW else f"{slug}.md")).read_text("utf-8")
    assert history and all(note in source for _, _, note in history)
    assert history[-1][0] == REVISED[slug]
    labels = {"2026-11-04": "更正", "2026-09-22": "延期", "2026-11-30": "补充", "2026-11-12": "撤销"}
    assert [kind for _, kind, _ in history] == [labels[day] for day, _, _ in history]


def test_a_notice_without_revisions_shows_no_update(sample_site: Path) -> None:
    page = _page(sample_site, SEED_SLUG)
    assert page.select_one(".notice-updated") is None and page.select_one(".revisions") is None


def test_feeds_and_sitemap_carry_the_revision_date(sample_site: Path) -> None:
    atom = ET.parse(sample_site / "feed.xml").getroot()
    atom_updated = {e.find(f"{ATOM}link[@rel='alternate']").get("href"): e.find(f"{ATOM}updated").text
                    for e in atom.iter(f"{ATOM}entry")}
    items = {i["url"]: i for i in json.loads((sample_site / "feed.json").read_text("utf-8"))["items"]}
    lastmod = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod")
               for u in ET.parse(sample_site / "sitemap.xml").getroot().iter(f"{SITEMAP}url")}
    for slug, day in {**REVISED, SEED_SLUG: "2025-07-21"}.items():
        url = f"{BASE}/notices/{slug}/"
        assert atom_updated[url] == f"{day}T00:00:00+08:00", slug
        assert items[url]["date_modified"] == f"{day}T00:00:00+08:00", slug
        assert lastmod[url] is not None and lastmod[url].text == day, slug
    assert items[f"{BASE}/notices/{REVIEW}/"]["date_published"] == "2026-11-02T00:00:00+08:00"
    assert atom.find(f"{ATOM}updated").text == "2026-11-30T00:00:00+08:00"


# ---------------------------------------------------------------- aliases

ALIASES = {"2026/11/gaizao-shencha.html": REVIEW, "old/zhenggai-2026/index.html": RECTIFICATION}


@pytest.mark.parametrize(("page", "slug"), sorted(ALIASES.items()))
def test_a_redirect_page_names_the_notice_and_is_not_indexed(sample_site: Path, page: str, slug: str) -> None:
    doc = soup(sample_site / page)
    notice_page = f"notices/{slug}/index.html"
    refresh = doc.find("meta", attrs={"http-equiv": "refresh"})
    delay, _, target = refresh["content"].partition(";")
    assert delay.strip() == "0" and target.strip().startswith("url=")
    assert _resolves(sample_site, page, target.strip()[4:]) == sample_site / notice_page
    canonical = doc.find("link", rel="canonical")["href"]
    assert canonical == soup(sample_site / notice_page).find("link", rel="canonical")["href"] == f"{BASE}/notices/{slug}/"
    assert "noindex" in doc.find("meta", attrs={"name": "robots"})["content"]
    link = doc.select_one("main a.redirect-link")
    assert _resolves(sample_site, page, link["href"]) == sample_site / notice_page
    assert link.get_text(strip=True) == _page(sample_site, slug).find("h1").get_text(strip=True)
    assert doc.select_one("main script") is None
    locs = [loc.text for loc in ET.parse(sample_site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert f"{BASE}/notices/{slug}/" in locs and f"{BASE}/" + page.removesuffix("index.html") not in locs


def test_redirects_file_lists_every_alias(sample_site: Path) -> None:
    lines = [line.split() for line in (sample_site / "_redirects").read_text("utf-8").splitlines()
             if line and not line.startswith("#")]
    assert sorted(lines) == [["/2026/11/gaizao-shencha.html", f"/notices/{REVIEW}/", "301"],
                             ["/old/zhenggai-2026/", f"/notices/{RECTIFICATION}/", "301"]]


def test_redirects_carry_the_base_url_path(sample_at: Callable[..., Path]) -> None:
    site = sample_at("2026-12-01T10:00", "base_url: https://example.org/gongshi/")
    text = (site / "_redirects").read_text("utf-8")
    assert f"/gongshi/2026/11/gaizao-shencha.html /gongshi/notices/{REVIEW}/ 301" in text
    canonical = soup(site / "2026/11/gaizao-shencha.html").find("link", rel="canonical")["href"]
    assert canonical == f"https://example.org/gongshi/notices/{REVIEW}/"


@pytest.mark.parametrize(("alias", "message"), [
    (f"notices/{PROJECT}/", f"is the address of the notice `{PROJECT}`"),
    ("archive/2026/", "is a page the site itself generates"),
    ("old/zhenggai-2026/index.html", "is already an alias of"),
    ("search/", "takes the place of `search/index.html`, which the site generates"),  # found once rendered
])
def test_an_alias_colliding_with_another_page_is_an_error_at_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], alias: str, message: str) -> None:
    index = Path(f"notices/{REVIEW}/index.md")
    err = _fail(tmp_path, capsys, lambda c: _edit(c / index, "- /2026/11/gaizao-shencha.html", f"- {alias}"),
                search=alias == "search/")
    if "already" in message:  # the second claimant is the one reported, at its own line
        rel = Path(f"notices/{RECTIFICATION}.md")
        where = f"{rel.as_posix()}:{_line(SAMPLE_CONTENT / rel, '- old/zhenggai-2026/')}:"
    else:
        where = f"{index.as_posix()}:{_line(SAMPLE_CONTENT / index, '- /2026/11/gaizao-shencha.html')}:"
    assert where in err and "aliases[0]" in err and message in err


# ---------------------------------------------------------------- related notices

@pytest.mark.parametrize(("slug", "other"), [(REVIEW, PROJECT), (PROJECT, REVIEW),
                                             (RECTIFICATION, INSPECTION), (INSPECTION, RECTIFICATION)])
def test_related_links_appear_on_both_notices(sample_site: Path, slug: str, other: str) -> None:
    page = f"notices/{slug}/index.html"
    links = soup(sample_site / page).select(".related .related-list a")
    assert [_resolves(sample_site, page, a["href"]) for a in links] == [sample_site / "notices" / other / "index.html"]
    assert links[0].get_text(strip=True) == _page(sample_site, other).find("h1").get_text(strip=True)


def test_a_notice_without_related_notices_has_no_related_section(sample_site: Path) -> None:
    assert _page(sample_site, SEED_SLUG).select_one(".related") is None


def test_an_unknown_related_slug_is_an_error_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = Path(f"notices/{RECTIFICATION}.md")
    err = _fail(tmp_path, capsys, lambda c: _edit(c / rel, "related: [example-inspection-2026]",
                                                  "related: [example-inspection-2026, no-such-notice]"))
    line = _line(SAMPLE_CONTENT / rel, "related: [example-inspection-2026]")
    assert f"{rel.as_posix()}:{line}:" in err and "related[1]" in err and "no notice has the slug `no-such-notice`" in err


# ---------------------------------------------------------------- the sample content

def test_the_sample_site_shows_every_life_event(sample_site: Path) -> None:
    kinds: set[str] = set()
    with_attachments, withdrawn, extended, related = [], [], [], []
    for page in sorted((sample_site / "notices").glob("*/index.html")):
        doc, slug = soup(page), page.parent.name
        kinds |= {c.removeprefix("revision-") for li in doc.select(".revisions .revision") for c in li["class"]
                  if c.startswith("revision-")}
        if doc.select(".attachment-list .attachment-link"):
            with_attachments.append(slug)
            for a in doc.select(".attachment-list .attachment-link"):
                _resolves(sample_site, f"notices/{slug}/index.html", a["href"])
        if doc.select_one(".withdrawn-banner"):
            withdrawn.append(slug)
        if doc.select_one(".period-original del"):
            extended.append(slug)
        if doc.select_one(".related a"):
            related.append(slug)
    assert kinds == {"correction", "extension", "withdrawal", "supplement"}
    assert with_attachments == [REVIEW] and (SAMPLE_CONTENT / "notices" / REVIEW / "index.md").is_file()
    assert withdrawn == [LAND_LEASE] and extended == [RECTIFICATION]
    assert len(related) >= 2
    redirects = [line for line in (sample_site / "_redirects").read_text("utf-8").splitlines()
                 if line and not line.startswith("#")]
    assert redirects and all((sample_site / page).is_file() for page in ALIASES)


# ---------------------------------------------------------------- in headless Chromium

def _at(page: Any, moment: str) -> None:
    page.clock.set_fixed_time(dt.datetime.fromisoformat(moment))


def test_withdrawn_banner_shows_in_chromium_and_the_state_stays_withdrawn(
        page: Any, withdrawn_kept: Path, serve: Callable[[Path], str]) -> None:
    """Read in the middle of the period, by the page script's clock too: the banner says so in words."""
    base = serve(withdrawn_kept)
    _at(page, "2026-11-14T10:00:00+08:00")
    page.goto(f"{base}/notices/{LAND_LEASE}/")
    banner = page.locator(".withdrawn-banner")
    assert banner.is_visible()
    text = banner.inner_text()
    assert "本公告已撤销" in text and "撤销日期：2026年11月12日" in _norm(text) and WITHDRAWAL_REASON in _norm(text)
    assert page.get_by_role("heading", name="本公告已撤销").is_visible()
    assert banner.bounding_box()["y"] < page.locator(".notice-body").bounding_box()["y"], "the banner comes first"
    assert page.locator(".period-banner .period-status").inner_text() == "已撤销"
    assert "公示中" not in page.locator("main").inner_text()
    page.goto(f"{base}/")
    open_list = page.locator(".group-open")
    assert open_list.count() == 1 and "同期公示的测试公告" in open_list.inner_text()
    assert LAND_LEASE_TITLE not in open_list.inner_text()
    card = page.locator(".group-withdrawn .notice-card", has_text=LAND_LEASE_TITLE)
    assert card.locator(".period-status").inner_text() == "已撤销"
    assert page.errors == []


def test_the_page_script_uses_the_extended_end(page: Any, sample_site: Path, serve: Callable[[Path], str]) -> None:
    url = f"{serve(sample_site)}/notices/{RECTIFICATION}/"
    label = page.locator(".period-banner .state-label")
    _at(page, "2026-09-27T10:00:00+08:00")
    page.goto(url)
    assert label.inner_text() == "公示中，剩余 4 天"
    _at(page, "2026-10-01T00:00:00+08:00")
    page.reload()
    assert label.inner_text() == "已结束"


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize(("alias", "slug"), [("2026/11/gaizao-shencha.html", REVIEW), ("old/zhenggai-2026/", RECTIFICATION)])
def test_an_alias_lands_on_the_notice(browser: Any, sample_site: Path, serve: Callable[[Path], str],
                                      alias: str, slug: str, javascript: bool) -> None:
    base = serve(sample_site)
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(f"{base}/{alias}")
        page.wait_for_url(f"{base}/notices/{slug}/")
        assert page.locator("h1").inner_text() == _page(sample_site, slug).find("h1").get_text(strip=True)
    finally:
        context.close()


def _fragments(site: Path) -> bytes:
    """The text of every page the search index records, in characters."""
    return search_index.text(site).encode()


def test_search_leaves_out_a_withdrawn_text_the_site_hides(page: Any, sample_site: Path, tmp_path: Path,
                                                           serve: Callable[[Path], str]) -> None:
    word = "协商"  # only in the text of the withdrawn notice

    def found(site: Path) -> list[str]:
        page.goto(f"{serve(site)}/search/?q={word}")
        expect(page.locator("[data-search-status]")).to_have_text(re.compile(r"找到|没有"))
        return [a.inner_text() for a in page.locator(".search-result .result-title a").all()]

    assert found(sample_site) == [LAND_LEASE_TITLE], "the site that keeps withdrawn text readable finds it"
    assert word.encode() in _fragments(sample_site)
    content = copy_content(tmp_path)
    _edit(content / "site.yaml", "theme: default", "theme: default\nshow_withdrawn_body: false")
    out = tmp_path / "output"
    assert build(content, out) == 0
    assert found(out) == []
    assert word.encode() not in _fragments(out)
    assert page.errors == []
