"""Tests for generator.contacts: phones, office hours, e-mail and web addresses, postcodes."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable

import pytest

from generator.errors import ContentError
from generator.notice.contacts import (
    Hours,
    Phone,
    TimeRange,
    parse_email,
    parse_hours,
    parse_phone,
    parse_postcode,
    parse_web_url,
    split_postcode,
)

PARSERS: tuple[Callable[[str], object], ...] = (
    parse_phone,
    parse_hours,
    parse_email,
    parse_web_url,
    parse_postcode,
    split_postcode,
)


def rejects(parse: Callable[[str], object], text: object, named: str) -> ContentError:
    """`parse(text)` raises a ContentError whose message quotes `named` and which has a hint."""
    with pytest.raises(ContentError) as caught:
        parse(text)  # type: ignore[arg-type]
    error = caught.value
    assert named in error.message, error.message
    assert error.hint and error.hint != error.message
    assert str(error) == error.message
    return error


# ---------------------------------------------------------------------------------------------
# Phone numbers

LANDLINE_0415 = Phone("0415-5138995", "tel:+86-415-5138995", "+86 415 5138995")
MOBILE = Phone("138 1234 5678", "tel:+86-138-1234-5678", "+86 138 1234 5678")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The seed's own number.
        ("0415-5138995", LANDLINE_0415),
        ("0415 5138995", LANDLINE_0415),
        ("(0415)5138995", LANDLINE_0415),
        ("（0415）5138995", LANDLINE_0415),
        ("(0415) 513-8995", LANDLINE_0415),
        ("04155138995", LANDLINE_0415),
        ("0415—5138995", LANDLINE_0415),
        ("０４１５－５１３８９９５", LANDLINE_0415),
        ("  0415-5138995\n", LANDLINE_0415),
        ("+86 415 5138995", LANDLINE_0415),
        ("+86-415-5138995", LANDLINE_0415),
        ("+86 (0)415 5138995", LANDLINE_0415),
        ("0086 415 5138995", LANDLINE_0415),
        ("＋８６ ４１５ ５１３８９９５", LANDLINE_0415),
        (
            "0415-5138995转8001",
            Phone(
                "0415-5138995 转 8001",
                "tel:+86-415-5138995;ext=8001",
                "+86 415 5138995 ext. 8001",
                "8001",
            ),
        ),
        (
            "0415-5138995 转 8001",
            Phone(
                "0415-5138995 转 8001",
                "tel:+86-415-5138995;ext=8001",
                "+86 415 5138995 ext. 8001",
                "8001",
            ),
        ),
        (
            "0415-5138995 ext. 8001",
            Phone(
                "0415-5138995 转 8001",
                "tel:+86-415-5138995;ext=8001",
                "+86 415 5138995 ext. 8001",
                "8001",
            ),
        ),
        (
            "0415-5138995分机12",
            Phone(
                "0415-5138995 转 12", "tel:+86-415-5138995;ext=12", "+86 415 5138995 ext. 12", "12"
            ),
        ),
        # Three-digit area codes: 010 and 02X; everything else has four (0755 is not 075 + 5…).
        ("010-12345678", Phone("010-12345678", "tel:+86-10-12345678", "+86 10 12345678")),
        ("+86 10 12345678", Phone("010-12345678", "tel:+86-10-12345678", "+86 10 12345678")),
        ("020 8888 6666", Phone("020-88886666", "tel:+86-20-88886666", "+86 20 88886666")),
        ("029-1234567", Phone("029-1234567", "tel:+86-29-1234567", "+86 29 1234567")),
        ("0755-12345678", Phone("0755-12345678", "tel:+86-755-12345678", "+86 755 12345678")),
        ("075512345678", Phone("0755-12345678", "tel:+86-755-12345678", "+86 755 12345678")),
        ("0311-1234567", Phone("0311-1234567", "tel:+86-311-1234567", "+86 311 1234567")),
        # Mobile numbers.
        ("13812345678", MOBILE),
        ("138-1234-5678", MOBILE),
        ("138 1234 5678", MOBILE),
        ("+86 138 1234 5678", MOBILE),
        ("+8613812345678", MOBILE),
        ("0086-13812345678", MOBILE),
        ("19912345678", Phone("199 1234 5678", "tel:+86-199-1234-5678", "+86 199 1234 5678")),
        # Nationwide 400/800 numbers.
        ("400-810-8888", Phone("400-810-8888", "tel:+86-400-810-8888", "+86 400 810 8888")),
        ("4008108888", Phone("400-810-8888", "tel:+86-400-810-8888", "+86 400 810 8888")),
        ("800 810 8888", Phone("800-810-8888", "tel:+86-800-810-8888", "+86 800 810 8888")),
        (
            "400-810-8888转2",
            Phone(
                "400-810-8888 转 2", "tel:+86-400-810-8888;ext=2", "+86 400 810 8888 ext. 2", "2"
            ),
        ),
        # Short service numbers have no international form.
        ("12388", Phone("12388", "tel:12388", "")),
        ("12345", Phone("12345", "tel:12345", "")),
        ("110", Phone("110", "tel:110", "")),
        ("１２３８８", Phone("12388", "tel:12388", "")),
        ("95588", Phone("95588", "tel:95588", "")),
    ],
)
def test_parse_phone_accepts(text: str, expected: Phone) -> None:
    assert parse_phone(text) == expected


def test_seed_phone() -> None:
    phone = parse_phone("0415-5138995")
    assert phone.href == "tel:+86-415-5138995"
    assert phone.international == "+86 415 5138995"
    assert phone.display == "0415-5138995"
    assert phone.extension == ""


@pytest.mark.parametrize(
    ("text", "named", "hint_says"),
    [
        ("0415-513", "'0415-513' is not a phone number", "0415-5138995"),
        ("0415-513899", "'0415-513899' is not a phone number", ""),
        ("0415-513899512", "'0415-513899512' is not a phone number", ""),
        ("5138995", "the area code is missing", "add the area code"),
        ("51389950", "'51389950' is not a phone number", "add the area code"),
        ("1381234567", "'1381234567' is not a phone number", ""),
        ("138123456789", "'138123456789' is not a phone number", ""),
        ("12812345678", "'12812345678' is not a phone number", ""),
        ("013812345678", "'013812345678' is not a phone number", ""),
        ("0415-513899a", "'0415-513899a' is not a phone number", ""),
        ("tel:0415-5138995", "'tel:0415-5138995' is not a phone number", ""),
        ("abc", "'abc' is not a phone number", ""),
        ("0415-5138995/5138996", "'0415-5138995/5138996' is not a phone number", ""),
        ("0415-5138995-8001", "'0415-5138995-8001' is not a phone number", ""),
        ("041-55138995", "split in the wrong place", "0415-5138995"),
        ("0415)5138995", "'0415)5138995' is not a phone number", ""),
        ("0415(5138995)", "'0415(5138995)' is not a phone number", ""),
        ("0115-5138995", "'0115-5138995' is not a phone number", ""),
        ("0400-810-8888", "0400 is not an area code", "400-810-8888"),
        ("+1 202 555 0100", "not a Chinese phone number", "+86"),
        ("+852 2123 4567", "not a Chinese phone number", ""),
        ("13812345678转8001", "can have an extension", "remove the extension"),
        ("12388转1", "can have an extension", ""),
        ("123 88", "'123 88' is not a phone number", ""),
        ("1", "'1' is not a phone number", ""),
        ("+86", "'+86' is not a phone number", ""),
        ("０４１５－５１３", "'０４１５－５１３' is not a phone number", ""),
        ("0415\x005138995", r"'0415\x005138995' is not a phone number", ""),
        ("", "the phone number is empty", ""),
        ("   ", "the phone number is empty", ""),
        ("1" * 200, "is not a phone number", ""),
    ],
)
def test_parse_phone_rejects(text: str, named: str, hint_says: str) -> None:
    error = rejects(parse_phone, text, named)
    assert hint_says in error.hint


# ---------------------------------------------------------------------------------------------
# Office hours

MORNING_AFTERNOON = (("08:30", "11:30"), ("13:30", "17:00"))


@pytest.mark.parametrize(
    ("text", "days", "ranges"),
    [
        # The seed's own hours.
        ("工作日8:30-17:00", "workdays", (("08:30", "17:00"),)),
        ("工作日 8:30-12:00、14:30-17:30", "workdays", (("08:30", "12:00"), ("14:30", "17:30"))),
        ("工作日 8:30-11:30，13:30-17:00", "workdays", MORNING_AFTERNOON),
        ("工作日 8:30-11:30; 13:30-17:00", "workdays", MORNING_AFTERNOON),
        ("周一至周五 8:00-16:30", "Mo-Fr", (("08:00", "16:30"),)),
        ("周一至周五上午8:30-11:30，下午13:30-17:00", "Mo-Fr", MORNING_AFTERNOON),
        ("周一至周五上午8:30-11:30，下午1:30-5:00", "Mo-Fr", MORNING_AFTERNOON),
        ("工作日 上午8:30-11:30 下午1:30-5:00", "workdays", MORNING_AFTERNOON),
        ("下午2:30-5:30 周六", "Sa", (("14:30", "17:30"),)),
        ("星期一至星期五 9:00—17:00", "Mo-Fr", (("09:00", "17:00"),)),
        ("礼拜一到礼拜五 9:00-17:00", "Mo-Fr", (("09:00", "17:00"),)),
        ("每周一、三、五 9:00-11:00", "Mo,We,Fr", (("09:00", "11:00"),)),
        ("周一、周三、周五 9:00-11:00", "Mo,We,Fr", (("09:00", "11:00"),)),
        ("周一至周六8：30－17：00", "Mo-Sa", (("08:30", "17:00"),)),
        ("周一至周五 ８：３０～１７：００", "Mo-Fr", (("08:30", "17:00"),)),
        ("周一至周五 8:30~17:00", "Mo-Fr", (("08:30", "17:00"),)),
        ("周一至周五 8:30至17:00", "Mo-Fr", (("08:30", "17:00"),)),
        ("周一至周五 8时30分至17时", "Mo-Fr", (("08:30", "17:00"),)),
        ("周一至周五 8点半-下午5点", "Mo-Fr", (("08:30", "17:00"),)),
        ("周一至周日 9:00-21:00", "Mo-Su", (("09:00", "21:00"),)),
        ("每天 0:00-24:00", "Mo-Su", (("00:00", "24:00"),)),
        ("周六、周日 9:00-12:00", "Sa,Su", (("09:00", "12:00"),)),
        ("周末 9:00-12:00", "Sa,Su", (("09:00", "12:00"),)),
        ("周日至周四 8:30-17:00", "Mo-Th,Su", (("08:30", "17:00"),)),
        ("8:30-17:00（工作日）", "workdays", (("08:30", "17:00"),)),
        ("工作时间：工作日8:30-17:00", "workdays", (("08:30", "17:00"),)),
        ("办公时间: 周一至周五 8:30-17:00", "Mo-Fr", (("08:30", "17:00"),)),
        ("工作日（周一至周五）8:30-17:00", "workdays", (("08:30", "17:00"),)),
        # Closed days: ignored when already outside the days, otherwise taken away from them.
        ("工作日8:30-17:00（法定节假日除外）", "workdays", (("08:30", "17:00"),)),
        ("工作日8:30-17:00（周末及法定节假日休息）", "workdays", (("08:30", "17:00"),)),
        ("周一至周五 8:30-17:00，周六、周日休息", "Mo-Fr", (("08:30", "17:00"),)),
        ("每天 8:00-20:00（周日除外）", "Mo-Sa", (("08:00", "20:00"),)),
        ("每天 9:00-17:00 周一闭馆", "Tu-Su", (("09:00", "17:00"),)),
        ("  工作日8:30-17:00  ", "workdays", (("08:30", "17:00"),)),
    ],
)
def test_parse_hours_accepts(text: str, days: str, ranges: tuple[tuple[str, str], ...]) -> None:
    hours = parse_hours(text)
    assert hours == Hours(text.strip(), days, tuple(TimeRange(s, e) for s, e in ranges))
    assert hours.machine() == f"{days} " + ",".join(f"{s}-{e}" for s, e in ranges)


def test_seed_hours() -> None:
    hours = parse_hours("工作日8:30-17:00")
    assert hours.text == "工作日8:30-17:00"
    assert hours.days == "workdays"
    assert hours.ranges == (TimeRange("08:30", "17:00"),)
    assert hours.machine() == "workdays 08:30-17:00"


def test_hours_machine_with_two_ranges() -> None:
    hours = parse_hours("周一至周五 8:30-12:00、14:30-17:30")
    assert hours.machine() == "Mo-Fr 08:30-12:00,14:30-17:30"


@pytest.mark.parametrize(
    ("text", "named", "hint_says"),
    [
        ("工作日", "'工作日' has no time range", ""),
        ("工作日 8:30", "'工作日 8:30' has no time range", ""),
        ("工作日 8-17", "'工作日 8-17' has no time range", ""),
        ("工作时间：", "has no time range", ""),
        ("工作日 25:00-26:00", "'25:00' is not a valid time", "24-hour"),
        ("工作日 8:61-17:00", "'8:61' is not a valid time", ""),
        ("工作日 8:3-17:00", "'8:3' is not a valid time", ""),
        ("工作日 108:30-17:00", "'108:30' is not a valid time", ""),
        ("工作日 8:30-24:30", "'24:30' is not a valid time", ""),
        ("工作日 24:00-24:00", "'24:00' is not a valid time", ""),
        ("工作日 ８：６１-17:00", "'８：６１' is not a valid time", ""),
        ("工作日 17:00-8:30", "'17:00-8:30' does not end after it starts", "earlier time first"),
        ("工作日 8:30-8:30", "'8:30-8:30' does not end after it starts", ""),
        ("工作日 8:30-5:00", "'8:30-5:00' does not end after it starts", "下午"),
        ("工作日 8:30-12:00、11:00-17:00", "'11:00-17:00' starts before '8:30-12:00' ends", ""),
        ("工作日 14:30-17:30、8:30-12:00", "'8:30-12:00' starts before '14:30-17:30' ends", ""),
        ("工作日 上午8:30-11:30，2:30-5:30", "'2:30-5:30' starts before", "下午"),
        ("周一至周五8:30-17:00，周六9:00-12:00", "gives more than one set of days", ""),
        ("工作日 8:30-17:00 周六", "gives more than one set of days", ""),
        ("工作日 8:30-17:00 午休", "unexpected '午休'", "工作日"),
        ("工作日 8:30-17:00 foo", "unexpected 'foo'", ""),
        ("工作日 8:30-17:00:00", "unexpected '00'", ""),
        ("每周 8:30-17:00", "unexpected '每周'", ""),
        ("工作日8:30-17:00（周三休息）", "closes on some 工作日", "周一、二、四、五"),
        ("周六 9:00-12:00（周六休息）", "closes on every day it names", ""),
        ("", "the hours are empty", ""),
    ],
)
def test_parse_hours_rejects(text: str, named: str, hint_says: str) -> None:
    error = rejects(parse_hours, text, named)
    assert hint_says in error.hint


# ---------------------------------------------------------------------------------------------
# E-mail addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kdkfq@163.com", "kdkfq@163.com"),
        ("  kdkfq@163.com ", "kdkfq@163.com"),
        ("mailto:kdkfq@163.com", "kdkfq@163.com"),
        ("MAILTO:Zhang.San@Example.GOV.CN", "Zhang.San@example.gov.cn"),
        ("ｋｄｋｆｑ＠１６３．ｃｏｍ", "kdkfq@163.com"),
        ("kdkfq＠163.com", "kdkfq@163.com"),
        ("first.last+notices@sub.example.org.cn", "first.last+notices@sub.example.org.cn"),
        ("a_b-c@x-y.cn", "a_b-c@x-y.cn"),
        ("a@xn--fiqs8s.xn--fiqs8s", "a@xn--fiqs8s.xn--fiqs8s"),
    ],
)
def test_parse_email_accepts(text: str, expected: str) -> None:
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("kdkfq163.com", "'kdkfq163.com' is not an email address: it needs exactly one @"),
        ("a@@b.com", "'a@@b.com' is not an email address: it needs exactly one @"),
        ("a@b@c.com", "exactly one @"),
        ("a@localhost", "'a@localhost' is not an email address: the part after @"),
        ("a@b.c", "the part after @"),
        ("a@b..com", "the part after @"),
        ("a@-b.com", "the part after @"),
        ("a@b.com.", "the part after @"),
        ("a@1.2.3.4", "the part after @"),
        ("mailto:a@b.com?subject=hi", "'mailto:a@b.com?subject=hi' is not an email address"),
        ("a b@c.com", "'a b@c.com' is not an email address: it contains a space"),
        ("a@c.com\u200b", "invisible character"),
        (".a@b.com", "'.a@b.com' is not an email address: the part before @"),
        ("a.@b.com", "the part before @"),
        ("a..b@c.com", "the part before @"),
        ("张三@qq.com", "'张三@qq.com' is not an email address: the part before @"),
        ('"a"@b.com', "the part before @"),
        ("https://example.com", "exactly one @"),
        ("x" * 65 + "@b.com", "it is too long"),
        ("x@" + "b" * 300 + ".com", "it is too long"),
        ("mailto:", "the email address is empty"),
        ("", "the email address is empty"),
    ],
)
def test_parse_email_rejects(text: str, named: str) -> None:
    rejects(parse_email, text, named)


# ---------------------------------------------------------------------------------------------
# Web addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.gov.cn/", "https://www.gov.cn/"),
        ("http://www.kuandian.gov.cn", "http://www.kuandian.gov.cn"),
        (
            "https://example.gov.cn/a/b.html?id=1&x=2#part",
            "https://example.gov.cn/a/b.html?id=1&x=2#part",
        ),
        ("HTTPS://Example.GOV.cn/Path", "HTTPS://Example.GOV.cn/Path"),
        ("https://example.gov.cn/公示/1.html", "https://example.gov.cn/公示/1.html"),
        ("https://example.gov.cn/a%20b", "https://example.gov.cn/a%20b"),
        ("https://example.gov.cn:8443/", "https://example.gov.cn:8443/"),
        ("http://1.2.3.4:8080/x", "http://1.2.3.4:8080/x"),
        ("https://[2001:db8::1]/", "https://[2001:db8::1]/"),
        ("https://xn--fiqs8s.xn--fiqs8s/", "https://xn--fiqs8s.xn--fiqs8s/"),
        ("  https://www.gov.cn/  ", "https://www.gov.cn/"),
    ],
)
def test_parse_web_url_accepts(text: str, expected: str) -> None:
    assert parse_web_url(text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("javascript:alert(1)", "'javascript:alert(1)' is not an http:// or https:// web address"),
        ("JaVaScRiPt:alert(1)", "'JaVaScRiPt:alert(1)' is not an http:// or https://"),
        (
            "java\tscript:alert(1)",
            r"'java\tscript:alert(1)' is not a web address: it contains U+0009",
        ),
        ("java\nscript:alert(1)", r"it contains U+000A"),
        ("\x00javascript:alert(1)", r"it contains U+0000"),
        ("javascript\u200b:alert(1)", "it contains U+200B"),
        ("https://example.com/\u202egpj.exe", "it contains U+202E"),
        ("data:text/html,<script>alert(1)</script>", "it contains '<'"),
        ("data:text/html;base64,PHNjcmlwdD4=", "is not an http:// or https:// web address"),
        ("vbscript:msgbox(1)", "'vbscript:msgbox(1)' is not an http:// or https://"),
        ("ftp://example.com/", "'ftp://example.com/' is not an http:// or https://"),
        ("mailto:a@b.com", "is not an http:// or https://"),
        ("/notices/2025.html", "'/notices/2025.html' is not an http:// or https://"),
        ("notices/2025.html", "is not an http:// or https://"),
        ("www.gov.cn", "'www.gov.cn' is not an http:// or https://"),
        ("//evil.example/", "'//evil.example/' is not an http:// or https://"),
        ("http:example.com", "is not an http:// or https://"),
        ("https：//www.gov.cn/", "is not an http:// or https://"),
        (
            "https://exa mple.com/",
            "'https://exa mple.com/' is not a web address: it contains U+0020",
        ),
        ("https://example.com/a b", "it contains U+0020"),
        ("https://example.com/\u3000x", "it contains U+3000"),
        ('https://example.com/"onmouseover="x', "it contains '\"'"),
        ("https:\\\\evil.example", "it contains '\\\\'"),
        ("https://", "'https://' is not a web address: it has no host name"),
        ("https:///path", "it has no host name"),
        ("https://:80/", "it has no host name"),
        ("http://localhost/", "'localhost' is not a public host name"),
        ("http://intranet", "'intranet' is not a public host name"),
        ("https://1.2.3/", "'1.2.3' is not a public host name"),
        ("https://999.1.1.1/", "'999.1.1.1' is not a public host name"),
        ("https://exa_mple.com/", "'exa_mple.com' is not a public host name"),
        ("https://政府.cn/", "'政府.cn' is not a public host name"),
        ("https://www.gov.cn@evil.example/", "it has a user name before @"),
        ("https://user:pass@example.com/", "it has a user name before @"),
        ("https://example.com:99999/", "'https://example.com:99999/' is not a valid web address"),
        ("https://example.com:port/", "is not a valid web address"),
        ("https://[::1/", "is not a valid web address"),
        ("", "the web address is empty"),
    ],
)
def test_parse_web_url_rejects(text: str, named: str) -> None:
    rejects(parse_web_url, text, named)


def test_parse_web_url_hint_for_chinese_domain() -> None:
    error = rejects(parse_web_url, "https://政府.cn/", "政府.cn")
    assert "xn--" in error.hint


# ---------------------------------------------------------------------------------------------
# Postcodes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("118200", "118200"),
        ("１１８２００", "118200"),
        (" 118200 ", "118200"),
        ("010000", "010000"),
    ],
)
def test_parse_postcode_accepts(text: str, expected: str) -> None:
    assert parse_postcode(text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("11820", "'11820' is not a postcode"),
        ("1182000", "'1182000' is not a postcode"),
        ("118 200", "'118 200' is not a postcode"),
        ("11820a", "'11820a' is not a postcode"),
        ("１１８２０", "'１１８２０' is not a postcode"),
        ("١١٨٢٠٠", "'١١٨٢٠٠' is not a postcode"),  # Arabic-Indic digits are not ASCII digits
        ("邮编118200", "'邮编118200' is not a postcode"),
        ("", "the postcode is empty"),
    ],
)
def test_parse_postcode_rejects(text: str, named: str) -> None:
    error = rejects(parse_postcode, text, named)
    assert "6 digits" in error.hint


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            "丹东市宽甸满族自治县经济开发区办公室（邮编 118200）",
            ("丹东市宽甸满族自治县经济开发区办公室", "118200"),
        ),
        ("丹东市宽甸满族自治县（邮编：118200）", ("丹东市宽甸满族自治县", "118200")),
        ("丹东市宽甸满族自治县(邮编118200)", ("丹东市宽甸满族自治县", "118200")),
        ("丹东市宽甸满族自治县，邮编：118200", ("丹东市宽甸满族自治县", "118200")),
        ("丹东市宽甸满族自治县 邮编: 118200", ("丹东市宽甸满族自治县", "118200")),
        ("丹东市宽甸满族自治县邮政编码118200", ("丹东市宽甸满族自治县", "118200")),
        ("丹东市宽甸满族自治县（邮编１１８２００）", ("丹东市宽甸满族自治县", "118200")),
        ("邮编：118200，丹东市宽甸满族自治县", ("丹东市宽甸满族自治县", "118200")),
        ("丹东市（邮编118200）宽甸满族自治县", ("丹东市宽甸满族自治县", "118200")),
        ("邮编118200", ("", "118200")),
        (
            "辽宁省丹东市宽甸满族自治县禾丰饲料厂西500米辽宁宽甸经济开发区管理委员会",
            ("辽宁省丹东市宽甸满族自治县禾丰饲料厂西500米辽宁宽甸经济开发区管理委员会", ""),
        ),
        ("  丹东市  ", ("丹东市", "")),
        ("", ("", "")),
    ],
)
def test_split_postcode(address: str, expected: tuple[str, str]) -> None:
    assert split_postcode(address) == expected


@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("丹东市（邮编 11820）", "'11820' is not a postcode"),
        ("丹东市（邮编 1182001）", "'1182001' is not a postcode"),
        ("丹东市，邮编", "'丹东市，邮编' mentions a postcode without its 6 digits"),
        ("丹东市（邮编：一一八二〇〇）", "mentions a postcode without its 6 digits"),
        ("丹东市邮编118200，宽甸县邮编118201", "gives more than one postcode"),
    ],
)
def test_split_postcode_rejects(address: str, named: str) -> None:
    rejects(split_postcode, address, named)


# ---------------------------------------------------------------------------------------------
# Shared behaviour


@pytest.mark.parametrize("parse", PARSERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("value", [None, 12388, 4155138995, ["0415-5138995"], b"118200"])
def test_non_text_is_a_content_error(parse: Callable[[str], object], value: object) -> None:
    error = rejects(parse, value, repr(value))
    assert "expected text" in error.message
    assert "quotes" in error.hint


@pytest.mark.parametrize("parse", PARSERS[:5], ids=lambda f: f.__name__)
def test_long_values_are_shortened_in_messages(parse: Callable[[str], object]) -> None:
    with pytest.raises(ContentError) as caught:
        parse("ｘ" * 5000)
    assert len(caught.value.message) < 200
    assert "ｘｘｘ…" in caught.value.message


def test_huge_numbers_in_hours_are_content_errors() -> None:
    rejects(parse_hours, "工作日 " + "9" * 5000 + ":00-17:00", "is not a valid time")
    rejects(parse_hours, "工作日 8:" + "0" * 5000 + "-17:00", "is not a valid time")


@pytest.mark.parametrize(
    "value",
    [parse_phone("12388"), TimeRange("08:30", "17:00"), parse_hours("工作日8:30-17:00")],
    ids=lambda value: type(value).__name__,
)
def test_values_are_frozen_and_slotted(value: Phone | TimeRange | Hours) -> None:
    assert "__slots__" in vars(type(value))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, dataclasses.fields(value)[0].name, "changed")


# Property-style: random odd strings and small edits of valid values. Every outcome is either a
# value that satisfies the parser's promises or a ContentError with a message and a hint.

ODD_PIECES = (
    list("0123456789０１２３４５６７８９ -－—–~～:：()（）+.,，、;；/\\@＠#%?&=\"'<>`")
    + list(
        "\t\n\r\x00\x0b\u200b\u202e\u3000\xa0\ud800é中工作日周一五六至到上午下午时点分半每转邮编政码"
    )
    + ["http://", "https://", "javascript:", "mailto:", "8:30", "17:00", "0415", "138", "+86"]
    + ["ext.", "星期", "礼拜", "节假日除外", "休息", "工作时间：", "[", "]", "xn--", ".cn"]
)
VALID_EXAMPLES = (
    "0415-5138995",
    "(0415)5138995转8001",
    "+86 138 1234 5678",
    "12388",
    "400-810-8888",
    "工作日8:30-17:00",
    "周一至周五上午8:30-11:30，下午13:30-17:00",
    "每周一、三、五 9:00-11:00",
    "8:30-17:00（工作日）",
    "kdkfq@163.com",
    "mailto:a.b@x.gov.cn",
    "https://www.gov.cn/a?b=1#c",
    "118200",
    "丹东市宽甸满族自治县（邮编 118200）",
)
HHMM = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00")


def odd_strings(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    strings = []
    for _ in range(count):
        if rng.random() < 0.5:
            strings.append("".join(rng.choice(ODD_PIECES) for _ in range(rng.randint(0, 12))))
            continue
        chars = list(rng.choice(VALID_EXAMPLES))
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(chars))
            edit = rng.randint(0, 2)
            if edit == 0:
                chars.insert(at, rng.choice(ODD_PIECES))
            elif at < len(chars):
                chars[at : at + 1] = [] if edit == 1 else [rng.choice(ODD_PIECES)]
        strings.append("".join(chars))
    return strings


def check_promises(parse: Callable[[str], object], text: str, result: object) -> None:
    if isinstance(result, Phone):
        assert result.href.startswith(("tel:+86-", "tel:1", "tel:9"))
        assert not re.search(r"\s", result.href)
        assert parse_phone(result.display) == result
        if result.international:
            assert parse_phone(result.international) == result
    elif isinstance(result, Hours):
        assert result.text == text.strip() and result.ranges and result.days
        for time_range in result.ranges:
            assert HHMM.fullmatch(time_range.start) and HHMM.fullmatch(time_range.end)
            assert time_range.start < time_range.end
        assert result.machine().startswith(result.days + " ")
    elif parse is parse_web_url:
        assert isinstance(result, str) and parse_web_url(result) == result
        assert re.match(r"(?i)https?://[^/?#\s]", result)
    elif parse is parse_email:
        assert isinstance(result, str) and parse_email(result) == result
    elif parse is parse_postcode:
        assert isinstance(result, str) and re.fullmatch(r"[0-9]{6}", result)
    else:
        assert isinstance(result, tuple) and re.fullmatch(r"(?:[0-9]{6})?", result[1])


@pytest.mark.parametrize("parse", PARSERS, ids=lambda f: f.__name__)
def test_odd_strings_give_values_or_content_errors(parse: Callable[[str], object]) -> None:
    for text in odd_strings(400, seed=PARSERS.index(parse)):
        try:
            result = parse(text)
        except ContentError as error:
            assert error.message and error.hint, text
        else:
            check_promises(parse, text, result)
