"""Tests for the plain-text importer (generator/importer.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.commands.importer import ImportResult, import_text
from generator.errors import Severity

IMPORT = FIXTURES / "import"
SEED = FIXTURES / "seed.txt"


# --------------------------------------------------------------------------- helpers


def split(result: ImportResult) -> tuple[dict, str]:
    """(front matter, body) of a content file; checks the frame the CLI writes."""
    assert result.text.startswith("---\n")
    front, sep, body = result.text[4:].partition("---\n\n")
    assert sep, "front matter must end with ---, then a blank line"
    meta = yaml.safe_load(front)
    assert isinstance(meta, dict)
    return meta, body


def load(name: str) -> tuple[ImportResult, dict, str]:
    result = import_text((IMPORT / name).read_bytes(), name)
    meta, body = split(result)
    return result, meta, body


def headings(body: str, level: int) -> list[str]:
    prefix = "#" * level + " "
    return [line[len(prefix):] for line in body.splitlines() if line.startswith(prefix)]


def warned_lines(result: ImportResult) -> list[int]:
    return [d.location.line for d in result.unclassified]


def children(body: str, parent: str, child: str) -> list[int]:
    """How many `child` headings follow each `parent` heading (until the next parent)."""
    counts: list[int] = []
    for line in body.splitlines():
        if line.startswith(parent + " "):
            counts.append(0)
        elif line.startswith(child + " ") and counts:
            counts[-1] += 1
    return counts


def section(body: str, start: str, stop_prefix: str) -> str:
    """The lines of `body` from the heading `start` to the next heading beginning with `stop_prefix`."""
    lines = body.splitlines()
    i = lines.index(start)
    j = next((k for k in range(i + 1, len(lines)) if lines[k].startswith(stop_prefix)), len(lines))
    return "\n".join(lines[i:j])


_IGNORED = re.compile(r"[\s#\\.．、（）()]")


def squash(text: str) -> str:
    return _IGNORED.sub("", text)


# --------------------------------------------------------------------------- the seed notice


@pytest.fixture(scope="module")
def seed() -> tuple[ImportResult, dict, str]:
    result = import_text(SEED.read_bytes(), "tests/fixtures/seed.txt")
    meta, body = split(result)
    return result, meta, body


def test_seed_front_matter(seed):
    result, meta, _ = seed
    assert meta["title"] == "关于市委巡察整改落实进展情况的通报"
    assert meta["issuer"] == "中共辽宁宽甸经济开发区工作委员会"
    assert meta["kind"] == "rectification-progress"
    assert meta["issued"] == date(2025, 7, 21)
    assert meta["disclosure"] == {"start": date(2025, 7, 21), "end": date(2025, 8, 8)}
    assert meta["contacts"] == [
        {"kind": "phone", "value": "0415-5138995", "hours": "工作日8:30-17:00"},
        {"kind": "post", "value": "辽宁省丹东市宽甸满族自治县禾丰饲料厂西500米辽宁宽甸经济开发区管理委员会"},
    ]
    assert meta["signature"] == {"by": "中共辽宁宽甸经济开发区工作委员会", "date": date(2025, 7, 21)}
    assert result.slug == "2025-07-21-rectification"
    assert list(meta) == ["title", "issuer", "kind", "issued", "disclosure", "contacts", "signature"]


def test_seed_front_matter_has_no_yaml_aliases(seed):
    result, _, _ = seed
    front = result.text.split("---\n")[1]
    assert "&" not in front and "*" not in front
    assert "issued: 2025-07-21\n" in front


def test_seed_parts(seed):
    _, _, body = seed
    assert headings(body, 2) == ["一、领导班子履行主体责任情况", "二、巡察整改落实情况", "三、下一步工作打算及计划"]


def test_seed_part_two_categories_and_items(seed):
    _, _, body = seed
    part_two = section(body, "## 二、巡察整改落实情况", "## ")
    assert len(headings(part_two, 3)) == 5
    assert [h[:3] for h in headings(part_two, 3)] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert children(part_two, "###", "####") == [4, 2, 5, 2, 3]
    items = headings(part_two, 4)
    assert items[0] == "1. 在贯彻落实党中央决策部署及省市委工作要求不够有力方面"
    assert "#### 4. 资金资产管理不规范，未全面发挥使用效益" in part_two
    assert "#### 3. 落实党建工作责任制有差距" in part_two
    # the rest of the numbered line is the paragraph under the heading
    assert "#### 1. 在贯彻落实党中央决策部署及省市委工作要求不够有力方面\n\n一是依法依规开展开发区规划编制工作。" in body


def test_seed_part_one_restores_the_lost_number(seed):
    result, _, body = seed
    part_one = section(body, "## 一、领导班子履行主体责任情况", "## ")
    assert headings(part_one, 3) == ["（一）加强组织领导，迅速动员部署", "（二）明确整改任务，加强跟踪问效",
                                     "（三）建立长效机制，巩固整改成果"]
    lost = [d for d in result.unclassified if d.location.line == 18]
    assert len(lost) == 1 and "（三）" in lost[0].message
    assert lost[0].severity is Severity.WARNING
    assert lost[0].location.path == "tests/fixtures/seed.txt"


def test_seed_part_three_splits_heading_from_text(seed):
    _, _, body = seed
    assert "### （一）层层传导压力抓好责任落实\n\n提高政治站位，坚决落实好党工委主体责任" in body
    assert "### （二）完善制度机制，推动巡察整改常态化、长效化\n\n按照既定整改时限" in body


def test_seed_only_expected_warnings(seed):
    result, _, _ = seed
    assert all(d.severity is Severity.WARNING for d in result.unclassified)
    assert warned_lines(result) == [18]


def test_seed_header_and_signature_are_not_in_the_body(seed):
    _, _, body = seed
    assert "关于市委巡察整改落实进展情况的通报" not in body
    assert "中共辽宁宽甸经济开发区工作委员会" not in body
    assert "2025年7月21日\n" not in body and not body.rstrip().endswith("2025年7月21日")
    assert body.startswith("根据市委和市委巡察工作领导小组统一部署")


def test_seed_keeps_the_closing_paragraph_verbatim(seed):
    _, _, body = seed
    closing = next(line for line in SEED.read_text("utf-8").splitlines() if line.startswith("欢迎广大干部群众"))
    assert closing in body.splitlines()
    assert body.rstrip("\n").endswith(closing)


def test_seed_every_sentence_is_in_the_body_in_order(seed):
    _, _, body = seed
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    source_body = "\n".join(lines[2:-2])  # without issuer, title and the signature block
    assert lines[0] == lines[-2] == "中共辽宁宽甸经济开发区工作委员会"
    sentences = [squash(s) for s in re.split(r"[。！？]", source_body)]
    sentences = [s for s in sentences if s]
    assert len(sentences) > 100
    target = squash(body)
    pos = 0
    for sentence in sentences:
        found = target.find(sentence, pos)
        assert found >= 0, f"missing or out of order: {sentence}"
        pos = found + len(sentence)


def test_seed_body_adds_and_loses_nothing_but_the_restored_number(seed):
    _, _, body = seed
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    source = squash("\n".join(lines[2:-2])).replace("。", "")
    expected = source.replace("建立长效机制，巩固整改成果", "三建立长效机制，巩固整改成果", 1)
    assert squash(body).replace("。", "") == expected


def test_seed_renders_as_the_expected_markdown_outline(seed):
    _, _, body = seed
    tokens = MarkdownIt("commonmark").parse(body)
    levels = [t.tag for t in tokens if t.type == "heading_open"]
    assert levels.count("h2") == 3 and levels.count("h3") == 3 + 5 + 3 and levels.count("h4") == 16
    assert not any(t.type in ("bullet_list_open", "ordered_list_open", "code_block", "blockquote_open")
                   for t in tokens)


def test_seed_as_crlf_gb18030_gives_the_same_content():
    utf8 = import_text(SEED.read_bytes(), "seed.txt")
    crlf_gb = import_text(SEED.read_text("utf-8").replace("\n", "\r\n").encode("gb18030"), "seed.txt")
    assert crlf_gb.text == utf8.text
    assert [d.field for d in crlf_gb.unclassified] == ["encoding", "body"]


# --------------------------------------------------------------------------- messy inputs


def test_crlf_and_bom():
    result, meta, body = load("crlf_bom.txt")
    assert (IMPORT / "crlf_bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (IMPORT / "crlf_bom.txt").read_bytes()
    assert "\r" not in result.text and "\ufeff" not in result.text
    assert meta["issuer"] == "中共某某县委员会"
    assert meta["title"] == "关于县委巡察整改进展情况的通报"
    assert meta["issued"] == date(2025, 7, 21)
    assert meta["disclosure"] == {"start": date(2025, 7, 21), "end": date(2025, 8, 8)}
    assert meta["contacts"] == [{"kind": "phone", "value": "0415-1234567"}]
    assert headings(body, 4) == ["1. 学习制度落实不到位方面"]
    assert result.unclassified == ()


def test_gb18030_bytes():
    raw = (IMPORT / "gb18030.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    result, meta, body = load("gb18030.txt")
    assert meta["title"] == "关于区委巡察整改落实情况的通报"
    assert meta["issuer"] == "中共某某区工作委员会"
    assert meta["disclosure"] == {"start": date(2025, 7, 21), "end": date(2025, 7, 25)}
    assert meta["contacts"] == [{"kind": "post", "value": "某某市某某区民主路1号区委巡察办", "postcode": "118200"}]
    encoding = [d for d in result.unclassified if d.field == "encoding"]
    assert len(encoding) == 1 and "GB18030" in encoding[0].message
    assert encoding[0].location.path == "gb18030.txt"
    assert "通信地址：某某市某某区民主路1号区委巡察办（邮编118200）。" in body


def test_mixed_width_punctuation_and_stray_indentation():
    result, meta, body = load("mixed_width.txt")
    assert meta["issuer"] == "中共某某镇委员会"
    assert meta["title"] == "关于巡察整改进展情况的通报"
    assert meta["issued"] == date(2025, 7, 21)  # signature date written 2025.7.21
    assert meta["signature"] == {"by": "中共某某镇委员会", "date": date(2025, 7, 21)}
    assert meta["disclosure"] == {"start": date(2025, 7, 21), "end": date(2025, 7, 31)}
    assert meta["contacts"] == [
        {"kind": "phone", "value": "0415-7654321", "hours": "工作日9:00-17:00"},
        {"kind": "post", "value": "某某市某某路2号", "postcode": "118000"},
    ]
    assert headings(body, 2) == ["一、整改工作总体情况", "二、问题整改情况"]
    assert headings(body, 3) == ["（一）学习贯彻不到位", "（二）作风建设有差距"]
    assert headings(body, 4) == ["1. 学习不深入方面", "2. 调研不够方面", "1. 会议过多方面"]
    assert headings(body, 5) == ["（1）整改台账管理", "（2）督促检查"]
    assert not any(line != line.strip() for line in body.splitlines())
    assert "\t" not in body and "\u3000" not in body
    assert result.unclassified == ()


def test_heading_that_lost_its_number():
    result, meta, body = load("lost_heading.txt")
    assert headings(body, 4) == ["1. 在落实上级决策部署不到位方面", "2. 落实主体责任有差距方面",
                                 "3. 在意识形态工作不扎实方面", "1. 在形式主义问题方面"]
    assert headings(body, 3) == ["（一）政治建设有差距", "（二）作风建设存在薄弱环节"]
    assert warned_lines(result) == [7, 10]
    assert all(d.field == "body" for d in result.unclassified)
    assert "\n\n特此通报\n\n" in body  # a short closing line is not a heading
    assert meta["disclosure"] == {"start": date(2025, 8, 1), "end": date(2025, 8, 15)}


def test_two_items_on_one_line():
    result, meta, body = load("glued_items.txt")
    assert headings(body, 4) == ["1. 在安全生产监管不到位方面", "2. 在项目建设推进缓慢方面", "3. 在资金管理不规范方面"]
    assert headings(body, 3) == ["（一）贯彻落实决策部署不到位", "（二）党风廉政建设有差距", "（三）干部队伍建设有短板"]
    assert "#### 2. 在项目建设推进缓慢方面\n\n一是倒排工期。二是加强调度。\n\n#### 3." in body
    assert "一是开展安全检查12次。\n\n#### 2." in body
    assert result.unclassified == ()
    assert meta["contacts"] == [{"kind": "phone", "value": "0415-5556666"}]


def test_appointment_notice():
    result, meta, body = load("appointment.txt")
    assert meta["kind"] == "appointment-notice"
    assert meta["title"] == "任前公示"  # letter-spaced "任 前 公 示"
    assert meta["issuer"] == "中共某某县委组织部"
    assert meta["issued"] == date(2025, 9, 26)
    # 26 Sep 2025 + 5 working days ends on 9 Oct (28 Sep is a make-up working day), as the text says
    assert meta["disclosure"] == {"start": date(2025, 9, 26), "working_days": 5}
    assert meta["contacts"] == [
        {"kind": "phone", "value": "0415-1234567", "hours": "工作日8:30-17:00"},
        {"kind": "phone", "value": "13812345678", "hours": "工作日8:30-17:00"},
        {"kind": "post", "value": "某某县某某路1号县委组织部干部监督科", "postcode": "118200"},
        {"kind": "in-person", "value": "某某县某某路1号县委组织部干部监督科"},
        {"kind": "email", "value": "kdzzb@example.gov.cn"},
        {"kind": "web", "value": "https://www.12388.gov.cn"},
    ]
    assert meta["signature"] == {"by": "中共某某县委组织部", "date": date(2025, 9, 26)}
    assert result.slug == "2025-09-26-appointment"
    assert result.unclassified == ()
    # numbered contact channels stay text (escaped), they are not headings
    assert headings(body, 4) == []
    assert "1\\.来电：0415-1234567、13812345678（工作日8:30-17:00）" in body.splitlines()
    html = MarkdownIt("commonmark").render(body)
    assert "<ol" not in html and "<h" not in html and "1.来电" in html


def test_chinese_numeral_dates():
    result, meta, body = load("chinese_dates.txt")
    assert meta["kind"] == "inspection-announcement"
    assert meta["title"] == "巡察公告"
    assert meta["issuer"] == "中共某某市委第一巡察组"
    assert meta["issued"] == date(2025, 3, 10)
    assert meta["signature"] == {"by": "中共某某市委第一巡察组", "date": date(2025, 3, 10)}
    assert meta["disclosure"] == {"start": date(2025, 3, 10), "end": date(2025, 5, 10)}
    assert meta["contacts"] == [
        {"kind": "phone", "value": "0415-2223333", "hours": "每天8:00-20:00"},
        {"kind": "post", "value": "某某市A001号邮政专用信箱"},
    ]
    # the period came from 受理时间, not from a 公示期 label: said so
    assert [(d.field, d.location.line) for d in result.unclassified] == [("disclosure", 6)]
    assert result.slug == "2025-03-10-inspection"


def test_project_notice_with_wrapped_title_and_year_crossing_period():
    result, meta, body = load("project.txt")
    assert meta["title"] == "关于某某县城南污水处理厂建设项目规划设计方案批前公示"
    assert meta["kind"] == "project-notice"
    assert meta["issuer"] == "某某县自然资源局"
    assert meta["disclosure"] == {"start": date(2025, 12, 29), "end": date(2026, 1, 9)}
    assert meta["contacts"] == [
        {"kind": "phone", "value": "0415-5550001"},
        {"kind": "phone", "value": "0415-5550002", "note": "传真"},
        {"kind": "email", "value": "ghk@example.cn"},
        {"kind": "in-person", "value": "某某县自然资源局三楼规划科", "hours": "工作日上午8:30-11:30"},
        {"kind": "web", "value": "http://zrzy.example.gov.cn/gs"},
    ]
    assert "规划设计方案批前公示" not in body
    assert result.unclassified == ()


# --------------------------------------------------------------------------- dates and periods

NOTICE = """中共某某县委员会
关于巡察整改进展情况的通报
现将整改情况予以公示。{period}联系电话：0415-1234567。
中共某某县委员会
{signed}
"""


def notice(period: str, signed: str = "2025年7月21日") -> dict:
    meta, _ = split(import_text(NOTICE.format(period=period, signed=signed)))
    return meta


@pytest.mark.parametrize(("signed", "expected"), [
    ("2025年7月21日", date(2025, 7, 21)),
    ("2025-07-21", date(2025, 7, 21)),
    ("2025.7.21", date(2025, 7, 21)),
    ("2025/7/21", date(2025, 7, 21)),
    ("２０２５年７月２１日", date(2025, 7, 21)),
    ("2025 年 7 月 21 日", date(2025, 7, 21)),
    ("二〇二五年七月二十一日", date(2025, 7, 21)),
    ("二零二五年七月二十一日", date(2025, 7, 21)),
    ("二○二五年十二月三十一日", date(2025, 12, 31)),
    ("二〇二五年十月十日", date(2025, 10, 10)),
    ("二〇二六年一月一日", date(2026, 1, 1)),
])
def test_issue_date_forms(signed, expected):
    meta = notice("", signed)
    assert meta["issued"] == expected
    assert meta["signature"]["date"] == expected


@pytest.mark.parametrize(("period", "expected"), [
    ("公开期限：2025年7月21日至8月8日。", {"start": date(2025, 7, 21), "end": date(2025, 8, 8)}),
    ("公示时间：2025年7月21日至2025年8月8日。", {"start": date(2025, 7, 21), "end": date(2025, 8, 8)}),
    ("公示期：2025年7月21日—7月25日。", {"start": date(2025, 7, 21), "end": date(2025, 7, 25)}),
    ("公示期:2025-07-21至2025-07-25。", {"start": date(2025, 7, 21), "end": date(2025, 7, 25)}),
    ("公示时间自2025年7月21日起至8月8日止。", {"start": date(2025, 7, 21), "end": date(2025, 8, 8)}),
    ("公示时间：2025年7月21日（星期一）9:00至7月25日17:00。", {"start": "2025-07-21 09:00", "end": "2025-07-25 17:00"}),
    ("公示时间：2025年7月21日上午9时至7月25日下午5时30分。",
     {"start": "2025-07-21 09:00", "end": "2025-07-25 17:30"}),
    ("公示时间：2025年12月29日至1月6日。", {"start": date(2025, 12, 29), "end": date(2026, 1, 6)}),
    ("公示期为5个工作日（2025年7月21日至…）。", {"start": date(2025, 7, 21), "working_days": 5}),
    ("公示期为五个工作日。", {"start": date(2025, 7, 21), "working_days": 5}),
    ("公示期5个工作日，自2025年7月22日起。", {"start": date(2025, 7, 22), "working_days": 5}),
    ("公示时间：二〇二五年七月二十一日至八月八日。", {"start": date(2025, 7, 21), "end": date(2025, 8, 8)}),
])
def test_period_forms(period, expected):
    assert notice(period)["disclosure"] == expected


def test_working_days_without_a_start_use_the_date_of_the_notice_and_say_so():
    result = import_text(NOTICE.format(period="公示期5个工作日。", signed="2025年7月21日"))
    assert split(result)[0]["disclosure"] == {"start": date(2025, 7, 21), "working_days": 5}
    assert [d.field for d in result.unclassified] == ["disclosure"]
    assert result.unclassified[0].location.line == 3


def test_working_days_that_disagree_with_the_stated_end_are_reported():
    result = import_text(NOTICE.format(period="公示期为5个工作日（2025年7月21日至2025年7月30日）。", signed="2025年7月21日"))
    assert split(result)[0]["disclosure"] == {"start": date(2025, 7, 21), "working_days": 5}
    assert [d.field for d in result.unclassified] == ["disclosure"]


def test_a_date_range_in_the_body_is_not_the_period():
    text = NOTICE.format(period="2024年4月12日至2024年7月12日，巡察组开展了巡察。", signed="2025年7月21日")
    result = import_text(text)
    assert "disclosure" not in split(result)[0]
    assert [d.field for d in result.unclassified] == ["disclosure"]


def test_invalid_dates_are_not_taken():
    meta = notice("公示时间：2025年2月30日至3月5日。", "2025年13月1日")
    assert "issued" not in meta and "disclosure" not in meta


# --------------------------------------------------------------------------- contacts


@pytest.mark.parametrize(("sentence", "expected"), [
    ("联系电话：0415-5138995(工作日8:30-17:00）。",
     [{"kind": "phone", "value": "0415-5138995", "hours": "工作日8:30-17:00"}]),
    ("联系电话：0415-1234567、13812345678。",
     [{"kind": "phone", "value": "0415-1234567"}, {"kind": "phone", "value": "13812345678"}]),
    ("联系电话：（0415）5138995，受理时间：工作日8:30-17:00。",
     [{"kind": "phone", "value": "0415-5138995", "hours": "工作日8:30-17:00"}]),
    ("举报电话：12388。", [{"kind": "phone", "value": "12388"}]),
    ("联系电话：０４１５－５１３８９９５。", [{"kind": "phone", "value": "0415-5138995"}]),
    ("电子邮箱：x@y.cn。", [{"kind": "email", "value": "x@y.cn"}]),
    ("邮政信箱：某某市某某路1号，邮编：118200。",
     [{"kind": "post", "value": "某某市某某路1号", "postcode": "118200"}]),
    ("通信地址：某某市某某路1号（邮编118200）。",
     [{"kind": "post", "value": "某某市某某路1号", "postcode": "118200"}]),
    ("网络举报：https://www.12388.gov.cn/。", [{"kind": "web", "value": "https://www.12388.gov.cn/"}]),
    ("可登录12388举报网站 www.12388.gov.cn 反映。", [{"kind": "web", "value": "https://www.12388.gov.cn"}]),
    ("来访地点：某某县纪委监委信访室。", [{"kind": "in-person", "value": "某某县纪委监委信访室"}]),
])
def test_contact_forms(sentence, expected):
    text = f"中共某某县委员会\n关于整改进展情况的通报\n欢迎监督。公示时间：2025年7月21日至8月8日。{sentence}\n2025年7月21日\n"
    result = import_text(text)
    assert split(result)[0]["contacts"] == expected
    assert result.unclassified == ()


def test_mentions_of_contacts_without_values_are_not_contacts():
    text = "关于整改进展情况的通报\n可通过电话、来信、来访等方式反映。公示时间：2025年7月21日至8月8日。\n2025年7月21日\n"
    result = import_text(text)
    assert "contacts" not in split(result)[0]
    assert sorted(d.field for d in result.unclassified) == ["contacts", "issuer"]


def test_label_without_a_value_is_reported():
    text = "关于整改进展情况的通报\n公示时间：2025年7月21日至8月8日。联系电话：待定。\n中共某某县委员会\n2025年7月21日\n"
    result = import_text(text)
    assert [(d.field, d.location.line) for d in result.unclassified] == [("contacts", 0), ("contacts", 2)]
    assert "待定" in result.unclassified[1].message


# --------------------------------------------------------------------------- header and signature


def test_web_page_header_lines():
    text = ("首页 > 通知公告\n中共某某县委员会\n关于巡察整改进展情况的通报\n"
            "发布时间：2025-07-22 10:30  来源：县委办\n正文第一段。联系电话：0415-1234567。\n"
            "公开期限：2025年7月22日至8月8日。\n中共某某县委员会\n2025年7月21日\n")
    result = import_text(text, "page.txt")
    meta, body = split(result)
    assert meta["issued"] == date(2025, 7, 22)  # the header date wins over the signature date
    assert meta["signature"]["date"] == date(2025, 7, 21)
    assert body.startswith("首页 > 通知公告\n\n正文第一段。")
    assert [(d.field, d.location.line) for d in result.unclassified] == [
        ("issued", 0), ("header", 1), ("issued", 4)]


def test_title_with_issuer_prefix_and_no_issuer_line():
    text = "某某县人民政府关于某某项目征收补偿方案的公示\n现予公示。公示时间：2025年7月21日至8月8日。联系电话：0415-1234567。\n2025年7月21日\n"
    meta, body = split(import_text(text))
    assert meta["title"] == "某某县人民政府关于某某项目征收补偿方案的公示"
    assert meta["issuer"] == "某某县人民政府"
    assert meta["kind"] == "project-notice"
    assert meta["signature"] == {"by": "某某县人民政府", "date": date(2025, 7, 21)}


def test_red_header_and_date_under_the_title():
    text = "中共某某县委员会文件\n关于巡察整改进展情况的通报\n（2025年7月20日）\n正文。\n"
    result = import_text(text)
    meta, body = split(result)
    assert meta["issuer"] == "中共某某县委员会"
    assert meta["issued"] == date(2025, 7, 20)
    assert body == "正文。\n"
    assert sorted(d.field for d in result.unclassified) == ["contacts", "disclosure"]


def test_title_wrapped_over_two_lines():
    text = "中共某某县委员会\n关于县委第二轮巡察整改\n进展情况的通报\n正文。\n"
    meta, body = split(import_text(text))
    assert meta["title"] == "关于县委第二轮巡察整改进展情况的通报"
    assert body == "正文。\n"


def test_signature_on_one_line_and_missing_title():
    result = import_text("正文第一段。\n中共某某县委员会    2025年7月21日\n")
    meta, body = split(result)
    assert meta["signature"] == {"by": "中共某某县委员会", "date": date(2025, 7, 21)}
    assert meta["issuer"] == "中共某某县委员会" and "title" not in meta
    assert body == "正文第一段。\n"
    assert "title" in [d.field for d in result.unclassified]
    assert result.slug == "2025-07-21-notice"


# --------------------------------------------------------------------------- body escaping


def test_body_lines_markdown_would_misread_are_escaped():
    odd = ["2024.实现增长。", "1) 不是列表。", "# 不是标题", "> 不是引用", "- 不是列表", "* 不是列表",
           "+ 不是列表", "---", "=== 分隔", "<b>不是标签</b>", "[不是](链接)", "用*星号*和_下划线_强调",
           "`不是代码`", "|不是表格|", ": 不是定义"]
    text = "关于某某事项的公告\n" + "\n".join(odd) + "\n"
    result = import_text(text)
    _, body = split(result)
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    tokens = md.parse(body)
    assert [t.type for t in tokens if t.nesting == 1] == ["paragraph_open"] * len(odd)
    inline = [t for t in tokens if t.type == "inline"]
    assert [t.children[0].type for t in inline if len(t.children) == 1] == ["text"] * sum(
        len(t.children) == 1 for t in inline)
    rendered = [md.renderInline(src) for src in body.split("\n\n")]
    plain = [re.sub(r"<[^>]+>", "", r).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').strip()
             for r in rendered]
    assert plain == odd
    assert all("<em>" not in r and "<code>" not in r and "<a " not in r for r in rendered)


def test_heading_text_is_escaped_too():
    _, body = split(import_text("关于某某事项的公告\n一、加强*重点*工作#\n正文。\n"))
    assert "## 一、加强\\*重点\\*工作\\#" in body
    html = MarkdownIt("commonmark").render(body)
    assert "<h2>一、加强*重点*工作#</h2>" in html


# --------------------------------------------------------------------------- robustness


def test_empty_and_blank_inputs():
    for raw in (b"", "", "\n\n   \n", b"\xef\xbb\xbf", "\u3000\t\r\n"):
        result = import_text(raw)
        meta, body = split(result)
        assert meta == {"kind": "generic"} and body == ""
        assert result.slug == "undated-notice"
        assert {d.field for d in result.unclassified} >= {"title", "issued"}


def test_undecodable_bytes_do_not_raise():
    result = import_text(b"\xff\xfe\xfd\x80\x81 \xe4\xb8", "bad.txt")
    split(result)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三、（）()1.．：:。，公示期时间至年月日0123456789 \n\t\u3000关于的通报委员会电话-#*>")),
               max_size=200))
def test_never_raises_and_front_matter_round_trips(text):
    result = import_text(text, "fuzz.txt")
    meta, _ = split(result)
    assert meta["kind"] in {"rectification-progress", "inspection-announcement", "appointment-notice",
                            "project-notice", "generic"}
    assert result.slug.isascii()
    assert all(d.severity is Severity.WARNING and d.location.path == "fuzz.txt" for d in result.unclassified)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_never_raises_on_bytes(raw):
    split(import_text(raw))


def test_lines_after_the_signature_stay_in_the_body():
    text = ("关于某某事项的公示\n现予公示。公示时间：2025年7月21日至7月25日。\n中共某某县委员会\n2025年7月21日\n"
            "（联系人：张三，联系电话：0415-1234567）\n")
    meta, body = split(import_text(text))
    assert meta["signature"] == {"by": "中共某某县委员会", "date": date(2025, 7, 21)}
    assert meta["contacts"] == [{"kind": "phone", "value": "0415-1234567"}]
    assert body == "现予公示。公示时间：2025年7月21日至7月25日。\n\n（联系人：张三，联系电话：0415-1234567）\n"


def test_signer_that_is_not_an_organisation_name_is_taken_with_a_warning():
    text = "关于某某事项的公示\n现予公示。公示时间：2025年7月21日至7月25日。联系电话：0415-1234567。\n宽甸经济开发区\n2025年7月21日\n"
    result = import_text(text)
    assert split(result)[0]["signature"] == {"by": "宽甸经济开发区", "date": date(2025, 7, 21)}
    assert [(d.field, d.location.line) for d in result.unclassified] == [("signature", 3)]


def test_a_short_unnumbered_line_before_a_numbered_sibling_is_kept_as_text():
    text = ("关于某某整改情况的通报\n一、总体情况\n（一）强化领导\n正文一。\n小结一下\n正文二。\n（二）压实责任\n正文三。\n"
            "公示时间：2025年7月21日至7月25日。联系电话：0415-1234567。\n中共某某县委员会\n2025年7月21日\n")
    result = import_text(text)
    _, body = split(result)
    assert headings(body, 3) == ["（一）强化领导", "（二）压实责任"]
    assert "\n\n小结一下\n\n" in body
    assert [(d.field, d.location.line) for d in result.unclassified] == [("body", 5)]
    assert "kept as a paragraph" in result.unclassified[0].message


def test_numbering_gaps_are_reported():
    text = ("关于某某整改情况的通报\n一、总体情况\n1.第一项。\n3.第三项。\n"
            "公示时间：2025年7月21日至7月25日。联系电话：0415-1234567。\n中共某某县委员会\n2025年7月21日\n")
    result = import_text(text)
    assert headings(split(result)[1], 4) == ["1. 第一项", "3. 第三项"]
    assert [(d.field, d.location.line) for d in result.unclassified] == [("body", 4)]
    assert "1." in result.unclassified[0].message and "3." in result.unclassified[0].message


def test_an_unlabelled_from_to_sentence_about_the_disclosure():
    result = import_text(NOTICE.format(period="现予公示，自2025年7月21日起至8月8日止。", signed="2025年7月21日"))
    assert split(result)[0]["disclosure"] == {"start": date(2025, 7, 21), "end": date(2025, 8, 8)}
    assert result.unclassified == ()


def test_an_unlabelled_range_in_a_disclosure_sentence_is_taken_with_a_warning():
    result = import_text(NOTICE.format(period="现于2025年7月21日至7月25日予以公示。", signed="2025年7月21日"))
    assert split(result)[0]["disclosure"] == {"start": date(2025, 7, 21), "end": date(2025, 7, 25)}
    assert [(d.field, d.location.line) for d in result.unclassified] == [("disclosure", 3)]


def test_trailing_signature_date_in_brackets():
    meta, body = split(import_text(NOTICE.format(period="公示期：2025年7月21日至7月25日。", signed="（2025年7月21日）")))
    assert meta["signature"] == {"by": "中共某某县委员会", "date": date(2025, 7, 21)}
    assert "2025年7月21日）" not in body


def test_web_page_furniture_is_kept_and_pointed_out():
    text = NOTICE.format(period="公示期：2025年7月21日至7月25日。", signed="2025年7月21日") + "【打印本页】【关闭窗口】\n"
    result = import_text(text)
    meta, body = split(result)
    assert body.endswith("【打印本页】【关闭窗口】\n")
    assert meta["signature"]["date"] == date(2025, 7, 21)  # the signature is found above the furniture
    assert [(d.field, d.location.line) for d in result.unclassified] == [("body", 6)]


def test_cli_import_of_the_seed_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`gongshi import` writes the content file, prints its path, and the imported seed builds."""
    from conftest import SAMPLE_CONTENT, build, run_cli, soup

    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text((SAMPLE_CONTENT / "site.yaml").read_text("utf-8"), "utf-8")
    assert run_cli("import", FIXTURES / "seed.txt", "--content", content) == 0
    out = capsys.readouterr()
    written = Path(out.out.strip().splitlines()[-1])
    assert written.is_file() and written.resolve().parent == (content / "notices").resolve()
    assert "heading without a number" in out.err
    first = written.read_bytes()
    assert run_cli("import", FIXTURES / "seed.txt", "--content", content) == 0, "a second import is a new file"
    second = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert second.name == written.stem + "-2.md" and written.read_bytes() == first == second.read_bytes()
    second.unlink()
    assert build(content, tmp_path / "o") == 0
    page = soup(tmp_path / "o" / "notices" / written.stem / "index.html")
    assert page.find("h1").get_text(strip=True) == "关于市委巡察整改落实进展情况的通报"
    assert [h.get_text(strip=True) for h in page.select(".notice-body h2")][0] == "一、领导班子履行主体责任情况"
    assert len(page.select(".notice-body h4.item")) == 16
