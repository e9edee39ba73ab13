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


# ---------------------------------------------------------------------------------------------
# Every entry of the lookup tables, and every exact limit

PHONE_HINT = ("write a landline with its area code, e.g. 0415-5138995, "
              "or an 11-digit mobile number, e.g. 138 1234 5678")
HOURS_HINT = "write the days, then the times, e.g. 工作日 8:30-12:00、14:00-17:30"
TIME_HINT = "write times on a 24-hour clock with two-digit minutes, e.g. 8:30 or 17:00"
EMAIL_HINT = "write the address as name@example.gov.cn, without spaces"
URL_HINT = "write a full web address starting with https:// or http://, e.g. https://www.example.gov.cn/"
POSTCODE_HINT = "a Chinese postcode has exactly 6 digits, e.g. 118200"


def error_of(parse: Callable[[str], object], text: object) -> tuple[str, str]:
    with pytest.raises(ContentError) as caught:
        parse(text)  # type: ignore[arg-type]
    return caught.value.message, caught.value.hint


WEEKDAYS = [("一", "Mo"), ("二", "Tu"), ("三", "We"), ("四", "Th"), ("五", "Fr"), ("六", "Sa"), ("日", "Su"), ("天", "Su")]


@pytest.mark.parametrize("prefix", ["周", "星期", "礼拜", "每周"])
@pytest.mark.parametrize(("day", "machine"), WEEKDAYS)
def test_every_weekday_name_alone(prefix: str, day: str, machine: str) -> None:
    assert parse_hours(f"{prefix}{day} 9:00-11:00").days == machine


@pytest.mark.parametrize(
    ("words", "machine"),
    [("工作日", "workdays"), ("每天", "Mo-Su"), ("每日", "Mo-Su"), ("天天", "Mo-Su"), ("周末", "Sa,Su"),
     ("双休日", "Sa,Su")],
)
def test_every_day_word(words: str, machine: str) -> None:
    assert parse_hours(f"{words} 9:00-11:00").machine() == f"{machine} 09:00-11:00"


@pytest.mark.parametrize(
    ("days", "machine"),
    [
        ("周一至周三", "Mo-We"), ("周一到周三", "Mo-We"), ("周一-周三", "Mo-We"), ("周一~周三", "Mo-We"),
        ("周一、周三", "Mo,We"), ("周一,周三", "Mo,We"), ("周一和周三", "Mo,We"), ("周一及周三", "Mo,We"),
        ("周一与周三", "Mo,We"), ("周一、二", "Mo,Tu"), ("周二至周四", "Tu-Th"), ("周一、二、三", "Mo-We"),
        ("周四至周二", "Mo,Tu,Th-Su"), ("周五至周一", "Mo,Fr-Su"), ("周六至周日", "Sa,Su"), ("周日至周六", "Mo-Su"),
        ("周三至周三", "We"), ("周一至周二、周四至周五", "Mo,Tu,Th,Fr"), ("周二、周四、周六", "Tu,Th,Sa"),
    ],
)
def test_day_lists_and_ranges(days: str, machine: str) -> None:
    assert parse_hours(f"{days} 9:00-11:00").days == machine


@pytest.mark.parametrize(
    ("closed", "machine"),
    [
        ("法定节假日除外", "Mo-Su"), ("节假日休息", "Mo-Su"), ("节日不办公", "Mo-Su"), ("假日不上班", "Mo-Su"),
        ("公休日闭馆", "Mo-Su"), ("周末休息", "Mo-Fr"), ("双休日除外", "Mo-Fr"), ("周一闭馆", "Tu-Su"),
        ("周二不办公", "Mo,We-Su"), ("周六、周日及节假日休息", "Mo-Fr"), ("周日和法定节假日除外", "Mo-Sa"),
        ("星期三与星期四休息", "Mo,Tu,Fr-Su"),
    ],
)
def test_every_closed_day_word(closed: str, machine: str) -> None:
    assert parse_hours(f"每天 9:00-11:00（{closed}）").days == machine


@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        ("工作日 上午8:30-11:30", (("08:30", "11:30"),)),
        ("工作日 早上7:00-9:00", (("07:00", "09:00"),)),
        ("工作日 凌晨0:30-2:00", (("00:30", "02:00"),)),
        ("工作日 下午1:30-5:00", (("13:30", "17:00"),)),
        ("工作日 下午12:30-11:00", (("12:30", "23:00"),)),  # 12 is not below 12: it stays noon
        ("工作日 下午0:30-1:00", (("12:30", "13:00"),)),
        ("工作日 晚上7:00-9:30", (("19:00", "21:30"),)),
        ("工作日 晚上11:00-11:59", (("23:00", "23:59"),)),
        ("工作日 中午12:00-2:00", (("12:00", "14:00"),)),
        ("工作日 中午5:00-5:30", (("17:00", "17:30"),)),  # an hour below 6 at noon is after noon
        ("工作日 中午6:00-7:00", (("06:00", "07:00"),)),
        ("工作日 上午9:00-下午2:00", (("09:00", "14:00"),)),
        ("工作日 下午1:00-晚上8:00", (("13:00", "20:00"),)),
        ("工作日 上午8:30-11:30、2:00-4:00", (("08:30", "11:30"), ("02:00", "04:00"))),
    ],
)
def test_every_period_word(text: str, ranges: tuple[tuple[str, str], ...]) -> None:
    if ranges == (("08:30", "11:30"), ("02:00", "04:00")):
        assert error_of(parse_hours, text)[0] == "the time range '2:00-4:00' starts before '上午8:30-11:30' ends"
        return
    assert parse_hours(text).ranges == tuple(TimeRange(s, e) for s, e in ranges)


def test_a_period_word_carries_on_to_the_next_range() -> None:
    hours = parse_hours("工作日 下午1:00-2:00、3:00-5:00")
    assert hours.ranges == (TimeRange("13:00", "14:00"), TimeRange("15:00", "17:00"))


@pytest.mark.parametrize(
    ("time", "clock"),
    [
        ("8:30", "08:30"), ("8：30", "08:30"), ("8∶30", "08:30"), ("8﹕30", "08:30"), ("８：３０", "08:30"),
        ("8时", "08:00"), ("8点", "08:00"), ("8时5分", "08:05"), ("8点05分", "08:05"), ("8时59分", "08:59"),
        ("8点半", "08:30"), ("8时半", "08:30"), ("08:30", "08:30"), ("0:00", "00:00"), ("9 : 05", "09:05"),
    ],
)
def test_every_way_of_writing_a_time(time: str, clock: str) -> None:
    assert parse_hours(f"工作日 {time}-23:59").ranges == (TimeRange(clock, "23:59"),)


@pytest.mark.parametrize("dash", list("-~至到") + ["--", "~~", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014",
                                                  "\u2015", "\u2212", "\ufe58", "\ufe63", "\u301c", "\u223c",
                                                  "\uff0d", "\uff5e"])
def test_every_range_dash(dash: str) -> None:
    assert parse_hours(f"工作日 8:30{dash}17:00").ranges == (TimeRange("08:30", "17:00"),)


@pytest.mark.parametrize("colon", ["\u2236", "\ufe55", "\uff1a", ":"])
def test_ratio_and_small_colons_fold_to_a_colon(colon: str) -> None:
    assert parse_hours(f"工作日 8{colon}30-17{colon}00").ranges == (TimeRange("08:30", "17:00"),)
    assert parse_hours(f"办公时间{colon}工作日 8:30-17:00").days == "workdays"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("工作日 8:59-9:00", None),
        ("工作日 8:60-9:00", "'8:60' is not a valid time"),
        ("工作日 23:00-23:59", None),
        ("工作日 8:00-23:60", "'23:60' is not a valid time"),
        ("工作日 25:00-26:00", "'25:00' is not a valid time"),
        ("工作日 8时59分-9时", None),
        ("工作日 8时60分-9时", "'8时60分' is not a valid time"),
        ("工作日 8时100分-9时", "'8时100分' is not a valid time"),
        ("工作日 008:30-9:00", "'008:30' is not a valid time"),
        ("工作日 8:030-9:00", "'8:030' is not a valid time"),
        ("工作日 8:3-9:00", "'8:3' is not a valid time"),
    ],
)
def test_exact_limits_of_a_time(text: str, message: str | None) -> None:
    if message is None:
        assert parse_hours(text).ranges[0].start in ("08:59", "23:00")
    else:
        assert error_of(parse_hours, text) == (message, TIME_HINT)


def test_ranges_may_touch_but_not_overlap() -> None:
    assert parse_hours("工作日 8:30-12:00、12:00-17:00").ranges == (TimeRange("08:30", "12:00"), TimeRange("12:00", "17:00"))
    assert error_of(parse_hours, "工作日 8:30-12:00、11:59-17:00") == (
        "the time range '11:59-17:00' starts before '8:30-12:00' ends",
        "list the times in order without overlaps, e.g. 8:30-12:00、14:00-17:30; "
        "mark afternoon times with 下午 or use a 24-hour clock")
    assert error_of(parse_hours, "工作日 8:31-8:30") == (
        "the time range '8:31-8:30' does not end after it starts",
        "write the earlier time first on a 24-hour clock, e.g. 14:30-17:30 or 下午2:30-5:30")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("工作时间：工作日8:30-17:00", "workdays"),
        ("时间：工作日8:30-17:00", "workdays"),
        ("对外办公服务时间：工作日8:30-17:00", "workdays"),  # six characters before 时间
        ("办公时间 工作日8:30-17:00", "workdays"),
    ],
)
def test_a_label_of_up_to_six_characters_is_skipped(text: str, expected: str) -> None:
    assert parse_hours(text).days == expected


def test_a_label_of_seven_characters_is_not_a_label() -> None:
    assert error_of(parse_hours, "预约接待服务窗口时间：工作日8:30-17:00") == (
        "unexpected '预约接待服务窗口时间' in the hours '预约接待服务窗口时间：工作日8:30-17:00'", HOURS_HINT)


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("", "the hours are empty", HOURS_HINT),
        ("工作日", "'工作日' has no time range", HOURS_HINT),
        ("周一至周五8:30-17:00，周六9:00-12:00", "'周一至周五8:30-17:00，周六9:00-12:00' gives more than one set of days",
         "give one set of days with its times, e.g. 周一至周五 8:30-17:00"),
        ("工作日8:30-17:00（周三休息）", "'工作日8:30-17:00（周三休息）' closes on some 工作日, which the working-day "
         "calendar cannot express", "name the open days instead, e.g. 周一、二、四、五 8:30-17:00"),
        ("周六 9:00-12:00（周六休息）", "'周六 9:00-12:00（周六休息）' closes on every day it names",
         "name the days the office is open"),
        ("工作日 8:30-17:00\x00", "unexpected '\\x00' in the hours '工作日 8:30-17:00\\x00'", HOURS_HINT),
        (5, "expected text for the hours, got 5", 'put the value in quotes, e.g. "工作日 8:30-17:00"'),
    ],
)
def test_hours_errors_exactly(text: object, message: str, hint: str) -> None:
    assert error_of(parse_hours, text) == (message, hint)


def test_working_days_closed_on_the_weekend_stay_working_days() -> None:
    assert parse_hours("工作日 8:30-17:00（周六、周日休息）").days == "workdays"
    assert parse_hours("工作日（周一至周五）8:30-17:00").days == "workdays"


@pytest.mark.parametrize(
    ("text", "ranges"),
    [("上午8:30-11:30 下午1:30-5:00", (("08:30", "11:30"), ("13:30", "17:00"))), ("8:30-17:00", (("08:30", "17:00"),))],
)
def test_hours_that_name_no_days_are_read_as_working_days(text: str, ranges: tuple[tuple[str, str], ...]) -> None:
    assert parse_hours(text) == Hours(text, "workdays", tuple(TimeRange(s, e) for s, e in ranges), days_assumed=True)


@pytest.mark.parametrize(
    ("text", "machine"),
    [
        ("每天 9:00-17:00（周末及周一休息）", "Tu-Fr"),  # two sets of days closed in one phrase
        ("每天 9:00-17:00（周一闭馆）（周三休息）", "Tu,Th-Su"),  # two closing phrases
        ("每天 9:00-17:00，周一闭馆，周三休息", "Tu,Th-Su"),
    ],
)
def test_every_closed_day_is_taken_away(text: str, machine: str) -> None:
    assert parse_hours(text).days == machine


@pytest.mark.parametrize("time", ["8时005分", "8时059分"])
def test_minutes_of_three_digits_after_shi_are_refused(time: str) -> None:
    assert error_of(parse_hours, f"工作日 {time}-9时") == (f"{time!r} is not a valid time", TIME_HINT)


def test_24_00_ends_a_day_and_24_01_is_refused() -> None:
    assert parse_hours("工作日 8:00-24:00").ranges == (TimeRange("08:00", "24:00"),)
    assert error_of(parse_hours, "工作日 8:00-24:01") == ("'24:01' is not a valid time", TIME_HINT)


# --- phone: exact limits ---------------------------------------------------------------------


def test_a_phone_number_of_forty_characters_is_read_and_forty_one_is_refused() -> None:
    forty = "0415" + " " * 29 + "5138995"
    assert len(forty) == 40
    assert parse_phone(forty) == LANDLINE_0415
    forty_one = "0415" + " " * 30 + "5138995"
    assert error_of(parse_phone, forty_one) == (f"{forty_one!r} is not a phone number", PHONE_HINT)


@pytest.mark.parametrize(
    ("text", "extension"),
    [("0415-5138995转1", "1"), ("0415-5138995转123456", "123456"), ("0415-5138995 分机 88", "88"),
     ("0415-5138995转分机88", "88"), ("0415-5138995 x 88", "88"), ("0415-5138995 X88", "88"),
     ("0415-5138995 ext 88", "88"), ("0415-5138995, ext.88", "88"), ("0415-5138995 转 #88", "88"),
     ("0415-5138995 转:88", "88")],
)
def test_every_extension_word_and_six_digits(text: str, extension: str) -> None:
    phone = parse_phone(text)
    assert (phone.display, phone.extension) == (f"0415-5138995 转 {extension}", extension)


def test_an_extension_of_seven_digits_is_refused() -> None:
    assert error_of(parse_phone, "0415-5138995转1234567") == ("'0415-5138995转1234567' is not a phone number", PHONE_HINT)


@pytest.mark.parametrize(
    ("text", "digits"), [("0415-513899", 6), ("0415-513899512", 9), ("010-123456", 6), ("010-123456789", 9)])
def test_landline_local_numbers_of_six_or_nine_digits(text: str, digits: int) -> None:
    area = "10" if text.startswith("010") else "415"
    assert error_of(parse_phone, text) == (
        f"{text!r} is not a phone number: after the area code 0{area} it has {digits} digits, not 7 or 8", PHONE_HINT)


@pytest.mark.parametrize(
    ("text", "display"),
    [("0415-1234567", "0415-1234567"), ("0415-12345678", "0415-12345678"), ("010-1234567", "010-1234567"),
     ("021-12345678", "021-12345678"), ("0991-1234567", "0991-1234567"), ("0311 1234567", "0311-1234567")],
)
def test_landline_local_numbers_of_seven_and_eight_digits(text: str, display: str) -> None:
    assert parse_phone(text).display == display


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("5138995", "'5138995' is not a phone number: the area code is missing", "add the area code, e.g. 0415-5138995"),
        ("51389951", "'51389951' is not a phone number: the area code is missing", "add the area code, e.g. 0415-51389951"),
        ("041-55138995", "'041-55138995' is not a phone number: the area code is split in the wrong place",
         "write it as 0415-5138995"),
        ("0400-810-8888", "'0400-810-8888' is not a phone number: 0400 is not an area code",
         "write 400 numbers without a leading 0, e.g. 400-810-8888"),
        ("0800 810 8888", "'0800 810 8888' is not a phone number: 0800 is not an area code",
         "write 800 numbers without a leading 0, e.g. 800-810-8888"),
        ("+1 202 555 0100", "'+1 202 555 0100' is not a Chinese phone number",
         "only numbers in mainland China (+86) can be given; " + PHONE_HINT),
        ("13812345678转8001", "'13812345678转8001' is not a phone number: only a landline or a 400/800 number "
         "can have an extension", "remove the extension (转 …) or give the switchboard's landline number"),
        ("12388转1", "'12388转1' is not a phone number: only a landline or a 400/800 number can have an extension",
         "remove the extension (转 …) or give the switchboard's landline number"),
        ("0115-5138995", "'0115-5138995' is not a phone number", PHONE_HINT),
        ("", "the phone number is empty", PHONE_HINT),
        (None, "expected text for the phone number, got None", 'put the value in quotes, e.g. "0415-5138995"'),
    ],
)
def test_phone_errors_exactly(text: object, message: str, hint: str) -> None:
    assert error_of(parse_phone, text) == (message, hint)


@pytest.mark.parametrize("text", ["(0415 5138995", "0415) 5138995", "0415 (5138995"])
def test_a_parenthesis_without_its_pair_is_refused(text: str) -> None:
    assert error_of(parse_phone, text) == (f"{text!r} is not a phone number", PHONE_HINT)


@pytest.mark.parametrize(
    "text",
    ["00864 155138995",  # after 0086, the area code 415 is split after its first digit
     "04 155138995",  # after the trunk 0, likewise
     "+86 41 55138995"],
)
def test_an_area_code_split_after_its_first_digits_is_refused(text: str) -> None:
    assert error_of(parse_phone, text) == (
        f"{text!r} is not a phone number: the area code is split in the wrong place", "write it as 0415-5138995")


@pytest.mark.parametrize("text", ["0086 0415 5138995", "00860 415 5138995", "0 415 5138995", "0086 415 5138995"])
def test_a_split_right_after_0086_or_the_trunk_0_is_allowed(text: str) -> None:
    assert parse_phone(text) == LANDLINE_0415


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("110", Phone("110", "tel:110", "")), ("119", Phone("119", "tel:119", "")), ("120", Phone("120", "tel:120", "")),
        ("1000", None), ("10086", Phone("10086", "tel:10086", "")), ("12999", Phone("12999", "tel:12999", "")),
        ("95000", Phone("95000", "tel:95000", "")), ("960000", Phone("960000", "tel:960000", "")),
        ("9500", None), ("9500000", None), ("130", None),
        ("13012345678", Phone("130 1234 5678", "tel:+86-130-1234-5678", "+86 130 1234 5678")),
        ("8001234567", Phone("800-123-4567", "tel:+86-800-123-4567", "+86 800 123 4567")),
        ("086-13812345678", None),
    ],
)
def test_short_service_and_mobile_number_ranges(text: str, expected: Phone | None) -> None:
    if expected is None:
        with pytest.raises(ContentError):
            parse_phone(text)
    else:
        assert parse_phone(text) == expected


# --- e-mail and web addresses: exact limits --------------------------------------------------


def _domain(length: int) -> str:
    """A valid domain of exactly `length` characters: labels of up to 63 characters, then .cn."""
    labels, left = [], length - 3
    while left > 0:
        size = min(63, left)
        if left - size == 1:  # a label cannot be empty: leave two characters (a label and its dot)
            size -= 1
        labels.append("d" * size)
        left -= size + 1
    return ".".join(labels) + ".cn"


def test_an_email_address_of_254_characters_is_read_and_255_is_too_long() -> None:
    at_limit = "x" * 64 + "@" + _domain(189)
    assert len(at_limit) == 254
    assert parse_email(at_limit) == at_limit
    over = "x" * 64 + "@" + _domain(190)
    assert len(over) == 255
    assert error_of(parse_email, over) == (f"{over[:45] + '…'!r} is not an email address: it is too long", EMAIL_HINT)


def test_a_local_part_of_64_characters_is_read_and_65_is_too_long() -> None:
    assert parse_email("x" * 64 + "@example.cn") == "x" * 64 + "@example.cn"
    over = "x" * 65 + "@example.cn"
    assert error_of(parse_email, over) == (f"{over[:45] + '…'!r} is not an email address: it is too long", EMAIL_HINT)


@pytest.mark.parametrize(
    ("domain", "valid"),
    [
        ("a" * 63 + ".cn", True), ("a" * 64 + ".cn", False), ("a.cn", True), ("a-b.cn", True), ("-a.cn", False),
        ("a-.cn", False), ("example.c", False), ("example." + "c" * 63, True), ("example." + "c" * 64, False),
        ("example.xn--fiqs8s", True), ("example.xn--" + "a" * 59, True), ("example.xn--" + "a" * 60, False),
        ("example.xn--", False), ("example.123", False), ("localhost", False),
    ],
)
def test_domain_limits_in_an_email_address(domain: str, valid: bool) -> None:
    address = "office@" + domain
    if valid:
        assert parse_email(address) == address
    else:
        message, hint = error_of(parse_email, address)
        assert message.endswith("is not an email address: the part after @ is not a domain such as example.gov.cn")
        assert hint == EMAIL_HINT


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the email address is empty"),
        ("mailto:", "the email address is empty"),
        ("a@b@example.cn", "'a@b@example.cn' is not an email address: it needs exactly one @"),
        ("a b@example.cn", "'a b@example.cn' is not an email address: it contains a space or an invisible character"),
        ("a\u200b@example.cn", "'a\\u200b@example.cn' is not an email address: it contains a space or an invisible character"),
        (".a@example.cn", "'.a@example.cn' is not an email address: the part before @ has characters an address "
                          "cannot have, or a dot at its ends"),
        ("a..b@example.cn", "'a..b@example.cn' is not an email address: the part before @ has characters an address "
                            "cannot have, or a dot at its ends"),
    ],
)
def test_email_errors_exactly(text: str, message: str) -> None:
    assert error_of(parse_email, text) == (message, EMAIL_HINT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("MAILTO:Office@Example.GOV.CN", "Office@example.gov.cn"), ("Mailto:a@b.cn", "a@b.cn"),
     ("a.b+c@b.cn", "a.b+c@b.cn")],
)
def test_email_mailto_prefix_and_case(text: str, expected: str) -> None:
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    ("url", "message", "hint"),
    [
        ("https://example.cn:65535/", None, None),
        ("https://example.cn:0/", None, None),
        ("https://example.cn:65536/", "'https://example.cn:65536/' is not a valid web address", URL_HINT),
        ("https://example.cn:http/", "'https://example.cn:http/' is not a valid web address", URL_HINT),
        ("https://" + "a" * 63 + ".cn/", None, None),
        ("https://" + "a" * 64 + ".cn/", f"'https://{'a' * 37}…' is not a web address: '{'a' * 45}…' is not a public "
         "host name", URL_HINT),
        ("https://[::1]/", None, None),
        ("https://[fe80::zz]/", "'https://[fe80::zz]/' is not a valid web address", URL_HINT),
        ("https://127.0.0.1/", None, None),
        ("https://256.0.0.1/", "'https://256.0.0.1/' is not a web address: '256.0.0.1' is not a public host name", URL_HINT),
        ("https://例子.中国/", "'https://例子.中国/' is not a web address: '例子.中国' is not a public host name",
         "write a Chinese domain in its xn-- form"),
        ("https://user@example.cn/", "'https://user@example.cn/' is not a web address readers can trust: it has a "
         "user name before @", "remove the part before @ in the host; " + URL_HINT),
        ("https:///path", "'https:///path' is not a web address: it has no host name", URL_HINT),
        ("ftp://example.cn/", "'ftp://example.cn/' is not an http:// or https:// web address", URL_HINT),
        ("", "the web address is empty", URL_HINT),
        ("https://example.cn/a b", "'https://example.cn/a b' is not a web address: it contains U+0020",
         "remove it; write a space inside an address as %20"),
        ("https://example.cn/\u200b", "'https://example.cn/\\u200b' is not a web address: it contains U+200B",
         "remove it; write a space inside an address as %20"),
        ('https://example.cn/"', "'https://example.cn/\"' is not a web address: it contains '\"'",
         "remove it; write a space inside an address as %20"),
        ("https://example.cn/<", "'https://example.cn/<' is not a web address: it contains '<'",
         "remove it; write a space inside an address as %20"),
        ("https://example.cn/`", "'https://example.cn/`' is not a web address: it contains '`'",
         "remove it; write a space inside an address as %20"),
        ("https://example.cn/\\", "'https://example.cn/\\\\' is not a web address: it contains '\\\\'",
         "remove it; write a space inside an address as %20"),
    ],
)
def test_web_address_limits_and_errors_exactly(url: str, message: str | None, hint: str | None) -> None:
    if message is None:
        assert parse_web_url(url) == url
    else:
        assert error_of(parse_web_url, url) == (message, hint)


def test_http_scheme_in_any_case() -> None:
    assert parse_web_url("HTTP://Example.cn/") == "HTTP://Example.cn/"


# --- postcodes and quoting -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [("11820", "'11820' is not a postcode"), ("1182000", "'1182000' is not a postcode"),
     ("", "the postcode is empty"), ("11820a", "'11820a' is not a postcode")],
)
def test_postcode_is_exactly_six_digits(text: str, message: str) -> None:
    assert error_of(parse_postcode, text) == (message, POSTCODE_HINT)
    assert parse_postcode("１１８２００") == "118200"


def test_split_postcode_errors_exactly() -> None:
    assert error_of(split_postcode, "示例县（邮编 118200）邮编 118201") == (
        "'示例县（邮编 118200）邮编 118201' gives more than one postcode", "keep only the postcode of this address")
    assert error_of(split_postcode, "示例县（邮编）") == (
        "'示例县（邮编）' mentions a postcode without its 6 digits", "write it as 邮编 118200")
    assert split_postcode(" ，示例县示例路1号；邮政编码：118200 ") == ("示例县示例路1号", "118200")


def test_values_up_to_48_characters_are_quoted_whole_and_longer_ones_are_cut_at_45() -> None:
    assert error_of(parse_postcode, "1" * 48)[0] == f"'{'1' * 48}' is not a postcode"
    assert error_of(parse_postcode, "1" * 49)[0] == f"'{'1' * 45}…' is not a postcode"


@pytest.mark.parametrize(
    ("parse", "what", "example"),
    [
        (parse_phone, "phone number", "0415-5138995"),
        (parse_hours, "hours", "工作日 8:30-17:00"),
        (parse_email, "email address", "name@example.gov.cn"),
        (parse_web_url, "web address", "https://www.example.gov.cn/"),
        (parse_postcode, "postcode", "118200"),
        (split_postcode, "address", "丹东市宽甸满族自治县（邮编 118200）"),
    ],
    ids=["phone", "hours", "email", "web", "postcode", "address"],
)
def test_non_text_names_the_field_and_an_example_exactly(parse: Callable[[str], object], what: str,
                                                          example: str) -> None:
    assert error_of(parse, 118200) == (f"expected text for the {what}, got 118200",
                                       f'put the value in quotes, e.g. "{example}"')
