"""The sample site, built end to end and read back the way a reader's browser would get it."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES, SAMPLE_CONTENT, SEED_SLUG, build, soup, tree_digest

SEED_PAGE = f"notices/{SEED_SLUG}/index.html"


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_sentences() -> list[str]:
    """Every sentence of the seed's body (between the title and the signature block)."""
    lines = [line.strip() for line in (FIXTURES / "seed.txt").read_text("utf-8").splitlines() if line.strip()]
    body = lines[2:-2]
    sentences = []
    for paragraph in body:
        paragraph = re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)", "", paragraph)
        sentences += [s for s in re.split(r"(?<=[。！？])", _norm(paragraph)) if s.strip("。")]
    return sentences


def test_notice_page_has_title_issuer_and_date(sample_site: Path) -> None:
    page = soup(sample_site / SEED_PAGE)
    assert page.find("h1").get_text(strip=True) == "关于市委巡察整改落实进展情况的通报"
    assert page.select_one(".notice-issuer").get_text(strip=True) == "中共辽宁宽甸经济开发区工作委员会"
    assert page.select_one(".notice-meta time")["datetime"] == "2025-07-21"
    assert page.find("html")["lang"] == "zh-CN"
    assert page.title.get_text().startswith("关于市委巡察整改落实进展情况的通报")


def test_period_text_and_state_at_build_time(sample_site: Path) -> None:
    banner = soup(sample_site / SEED_PAGE).select_one(".period-banner")
    assert _norm(banner.select_one(".period-range").get_text()) == "2025年7月21日至2025年8月8日"
    times = [t["datetime"] for t in banner.select(".period-range time")]
    assert times == ["2025-07-21T00:00+08:00", "2025-08-09T00:00+08:00"]
    assert banner.select_one(".state-label").get_text(strip=True) == "已结束"
    assert "2026年12月1日" in banner.select_one(".asof").get_text()
    assert banner.select_one(".period-ics") is None, "a closed notice offers no calendar entry (the .ics stays)"
    assert (sample_site / f"notices/{SEED_SLUG}/period.ics").is_file()


def test_period_open_state_counts_days_left(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(SAMPLE_CONTENT, out, "2025-08-07T09:00") == 0
    label = soup(out / SEED_PAGE).select_one(".period-banner .state-label").get_text(strip=True)
    assert label == "公示中，剩余 2 天"
    assert build(SAMPLE_CONTENT, out, "2025-07-20T23:59") == 0
    label = soup(out / SEED_PAGE).select_one(".period-banner .state-label").get_text(strip=True)
    assert label == "未开始，1 天后开始"


def test_contact_links(sample_site: Path) -> None:
    contacts = soup(sample_site / SEED_PAGE).select(".contact")
    phone = contacts[0].select_one("a.contact-value")
    assert phone["href"] == "tel:+86-415-5138995"
    assert phone.get_text(strip=True) == "0415-5138995"
    assert contacts[0].select_one("[data-hours]").get_text() == "工作日8:30-17:00"
    assert contacts[0].select_one("[data-hours]")["data-hours"] == "workdays 08:30-17:00"
    assert contacts[1].select_one(".contact-value").get_text(strip=True) == (
        "辽宁省丹东市宽甸满族自治县禾丰饲料厂西500米辽宁宽甸经济开发区管理委员会")
    assert len(contacts) == 2, "a notice with contacts of its own does not repeat the site's defaults"


def test_every_contact_kind_renders_as_a_working_link(sample_site: Path) -> None:
    page = soup(sample_site / "notices/example-appointment-2026/index.html")
    links = [a["href"] for a in page.select(".contact a")]
    assert "tel:+86-415-1234567" in links
    assert "tel:+86-138-0000-0000" in links
    assert "mailto:jiandu@example.org" in links
    assert "https://www.12388.gov.cn/" in links, "site_contacts: true adds the site's default channels"
    post = page.select_one(".contact-post")
    assert post.select_one(".contact-postcode").get_text(strip=True) == "（邮编 118200）"
    assert "邮编" not in post.select_one(".contact-value").get_text()
    assert page.select_one(".contact-in-person .contact-note").get_text(strip=True) == "来访请携带有效身份证件。"


def test_section_headings_in_order(sample_site: Path) -> None:
    page = soup(sample_site / SEED_PAGE)
    parts = [h.get_text(strip=True) for h in page.select(".notice-body h2")]
    assert parts == ["一、领导班子履行主体责任情况", "二、巡察整改落实情况", "三、下一步工作打算及计划"]
    part_one = [h.get_text(strip=True) for h in page.select(".notice-body h3")][:3]
    assert part_one == ["（一）加强组织领导，迅速动员部署", "（二）明确整改任务，加强跟踪问效", "（三）建立长效机制，巩固整改成果"]
    ids = [h["id"] for h in page.select(".notice-body h2, .notice-body h3")]
    assert ids[:4] == ["s1", "s1-1", "s1-2", "s1-3"]
    toc = [a["href"] for a in page.select(".toc a")]
    assert toc[:2] == ["#s1", "#s1-1"] and set(toc) <= {"#" + i for i in ids}


def test_every_sentence_of_the_seed_is_present_in_order(sample_site: Path) -> None:
    body = _norm(soup(sample_site / SEED_PAGE).select_one(".notice-body").get_text())
    position = 0
    for sentence in seed_sentences():
        found = body.find(sentence.rstrip("。"), position)
        assert found >= 0, f"missing or out of order: {sentence}"
        position = found


def test_signature_block(sample_site: Path) -> None:
    sig = soup(sample_site / SEED_PAGE).select_one(".signature")
    assert sig.select_one(".signature-by").get_text(strip=True) == "中共辽宁宽甸经济开发区工作委员会"
    assert sig.select_one("time")["datetime"] == "2025-07-21"
    assert sig.select_one("time").get_text() == "2025年7月21日"


def test_index_lists_open_then_upcoming_then_closed(sample_site: Path) -> None:
    page = soup(sample_site / "index.html")
    groups = [s["class"][1] for s in page.select(".notice-group")]
    assert groups == ["group-open", "group-upcoming", "group-closed"]
    titles = {g: [a.get_text(strip=True) for a in page.select(f".{g} .card-title a")] for g in groups}
    assert titles["group-open"] == ["关于王示例等同志任前公示的公告", "示例镇老旧小区改造项目建设方案公示"]
    assert titles["group-upcoming"] == ["县委第一巡察组进驻示例镇开展常规巡察的公告"]
    assert titles["group-closed"] == ["关于市委巡察整改落实进展情况的通报"]
    states = [s.get_text(strip=True) for s in page.select(".card-state .state-label")]
    assert states == ["公示中，剩余 3 天", "公示中，剩余 10 天", "未开始，6 天后开始", "已结束"]
    link = page.select_one(".group-closed .card-title a")["href"]
    assert (sample_site / link / "index.html").is_file()


def test_assets_are_served_from_the_site_itself(sample_site: Path) -> None:
    page = soup(sample_site / SEED_PAGE)
    refs = [t.get("href") or t.get("src") for t in page.select("link[rel=stylesheet], script[src]")]
    assert refs and all(not re.match(r"^(https?:)?//", r) for r in refs)
    for ref in refs:
        assert (sample_site / "notices" / SEED_SLUG / ref).resolve().is_file()
    assert "Content-Security-Policy" in str(page.select_one("meta[http-equiv]"))


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert build(SAMPLE_CONTENT, a) == 0
    assert build(SAMPLE_CONTENT, b) == 0
    assert tree_digest(a) == tree_digest(b)


def test_source_date_epoch_sets_now(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from conftest import run_cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1754265600")  # 2025-08-04 08:00 Asia/Shanghai
    assert run_cli("build", "--content", SAMPLE_CONTENT, "--output", tmp_path / "o") == 0
    label = soup(tmp_path / "o" / SEED_PAGE).select_one(".period-banner .state-label").get_text(strip=True)
    assert label == "公示中，剩余 5 天"


def test_drafts_are_left_out_unless_asked(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    write_notice("draft-one.md", "---\ntitle: 草稿\nissuer: 示例单位\nkind: generic\nissued: 2026-01-05\n"
                 "draft: true\n---\n正文。\n")
    content = tmp_path / "content"
    assert build(content, tmp_path / "o") == 0
    assert not (tmp_path / "o/notices/draft-one").exists()
    assert build(content, tmp_path / "o", "2026-12-01T10:00", "--drafts") == 0
    assert (tmp_path / "o/notices/draft-one/index.html").is_file()


def test_python_dash_m_runs_the_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(SAMPLE_CONTENT),
                           "--output", str(tmp_path / "o"), "--now", "2026-12-01T10:00"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "open " in proc.stdout and (tmp_path / "o/index.html").is_file()
