"""Property: any front matter (valid and invalid values of every field the schema declares, unicode,
odd YAML) and any Markdown body, through the whole pipeline, either build (exit 0) or are reported as
diagnostics in the `path:line:col: error: …` form (exit 1) — never an exception or a traceback.

Values are drawn from the schema itself (generator/source/schema.py), so a field added there is covered."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLE_CONTENT, run_cli
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support.hostile import LINK_TARGETS, PAYLOADS

from generator.source.schema import NOTICE, SITE, Spec

# The strategies carry the whole payload corpus; their repr in a failure report is long, not wrong.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

NOW = "2026-12-01T10:00"
DIAGNOSTIC = re.compile(r"^(?P<path>\S[^:\n]*):(?P<line>\d+)(?::(?P<col>\d+))?: (?:error|warning): .")
"""A diagnostic's first line. Its hint follows on a line of its own, and the build's summary at the end."""

# ---------------------------------------------------------------- values

def mostly(common: Any, *rare: Any, weight: int = 6) -> st.SearchStrategy[Any]:
    """`common` most of the time. (Hypothesis favours the ends of a list: it is at both.)"""
    return st.sampled_from([common] * weight + list(rare) + [common] * weight)


WRONG = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                  st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                                               max_size=2))
TEXT = st.one_of(st.text(max_size=40), st.sampled_from(PAYLOADS), st.sampled_from(LINK_TARGETS),
                 st.text(alphabet="一二三（）()、.【】：:整改时限责任单位是 \t\n-#*<>&\"'{}%", max_size=30))
DATES = st.dates(dt.date(1999, 1, 1), dt.date(2031, 12, 31))
DATE_TEXT = st.one_of(DATES.map(dt.date.isoformat), DATES.map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
                      st.sampled_from(["2025-13-45", "2025-02-29", "0000-00-00", "2025/7/21", "昨天", "", "9999-12-31"]))
MOMENTS = st.one_of(DATE_TEXT, st.builds(lambda d, h, m: f"{d.isoformat()} {h}:{m:02d}", DATES,
                                         st.integers(0, 30), st.integers(0, 70)))
SPECIAL = {
    "value": st.sampled_from(["0415-5138995", "13800000000", "12388", "400-123-4567 转 8", "12-34",
                              "jubao@example.org", "a@b", "https://www.12388.gov.cn/", "javascript:alert(1)",
                              "示例路1号（邮编 118000）", "http://[::1]/", "ftp://x"]),
    "hours": st.sampled_from(["工作日 8:30-17:00", "周一至周五 9:00-12:00、14:00-17:30", "全天", "8:30-25:00",
                              "24小时", "工作日上午"]),
    "postcode": st.sampled_from(["118000", "11800", "abcdef", ""]),
    "slug": st.one_of(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True), st.sampled_from(
        ["../x", "A", "-x", "kuandian-inspection-rectification-2025", "a" * 120])),
    "aliases": st.lists(st.sampled_from(["/old/a.html", "old/b/", "/notices/x/", "../x.html", "/index.html",
                                         "/a b.html", "x.pdf", "//evil/"]), max_size=3),
    "related": st.lists(st.sampled_from(["kuandian-inspection-rectification-2025", "nope", "x"]), max_size=2),
    "file": st.sampled_from(["report.pdf", "../x.pdf", "/etc/passwd", "missing.pdf", "a.exe", "index.html"]),
    "color": st.sampled_from(["#123456", "red", "#12345g", ""]),
    "base_url": st.sampled_from(["/", "https://example.org/notices/", "example.org", "javascript:x", "/a b/"]),
    "timezone": st.sampled_from(["Asia/Shanghai", "UTC", "Mars/Base", "../../etc/passwd", ""]),
    "theme": st.sampled_from(["default", "nope", "../x", ""]),
}


def value(spec: Spec, name: str = "") -> st.SearchStrategy[Any]:
    """A value for a field: usually of its type (often valid), sometimes of another type entirely."""
    if spec.type == "object":
        own = st.fixed_dictionaries({}, optional={k: value(v, k) for k, v in spec.fields.items()})
        unknown = st.dictionaries(st.text(max_size=8), TEXT, max_size=1)
        return st.one_of(own, st.builds(lambda a, b: {**b, **a}, own, unknown), WRONG)
    if spec.type == "list":
        assert spec.items is not None
        return st.one_of(st.lists(value(spec.items, name), max_size=3), value(spec.items, name), WRONG)
    typed = {
        "string": SPECIAL.get(name, TEXT), "date": DATE_TEXT, "moment": MOMENTS,
        "integer": st.integers(-3, 400), "boolean": st.booleans(),
        "enum": st.one_of(st.sampled_from(spec.choices), TEXT),
    }[spec.type]
    if name in SPECIAL and spec.type != "string":
        typed = SPECIAL[name]
    return st.one_of(typed, typed, typed, WRONG)


RECENT = st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 1))
VALID_SPECIAL = {
    "contacts": st.lists(st.one_of(
        st.fixed_dictionaries({"kind": st.just("phone"), "value": st.sampled_from(["0415-5138995", "13800000000"])},
                              optional={"hours": st.just("工作日 8:30-17:00"), "label": TEXT, "note": TEXT}),
        st.fixed_dictionaries({"kind": st.sampled_from(["post", "in-person"]), "value": TEXT.filter(str.strip)}),
        st.fixed_dictionaries({"kind": st.just("email"), "value": st.just("jubao@example.org")}),
    ), max_size=2),
    "disclosure": st.builds(lambda start, days, use_end: {"start": start.isoformat(), **(
        {"end": (start + dt.timedelta(days=days)).isoformat()} if use_end else {"working_days": days + 1})},
        RECENT, st.integers(0, 20), st.booleans()),
    "revisions": st.lists(st.fixed_dictionaries({"date": RECENT.map(dt.date.isoformat), "note": TEXT,
                                                 "kind": st.sampled_from(["correction", "supplement", "withdrawal"])}),
                          max_size=2),
    "slug": st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True), "related": st.just([]),
    "aliases": st.lists(st.from_regex(r"/old/[a-z]{1,8}\.html", fullmatch=True), max_size=1),
    "attachments": st.sampled_from([[], [{"file": "report.pdf", "title": "附件", "description": "说明"}]]),
}


def valid(spec: Spec, name: str = "") -> st.SearchStrategy[Any]:
    """A value that fits the field (mostly: some fields depend on others, and on the body)."""
    if name in VALID_SPECIAL:
        return VALID_SPECIAL[name]
    if spec.type == "object":
        return st.fixed_dictionaries({k: valid(v, k) for k, v in spec.fields.items() if v.required},
                                     optional={k: valid(v, k) for k, v in spec.fields.items() if not v.required})
    if spec.type == "list":
        assert spec.items is not None
        return st.lists(valid(spec.items, name), max_size=2)
    return {"string": st.text(min_size=1, max_size=30).filter(str.strip), "date": RECENT.map(dt.date.isoformat),
            "moment": RECENT.map(dt.date.isoformat), "integer": st.integers(1, 10), "boolean": st.booleans(),
            "enum": st.sampled_from(spec.choices)}[spec.type]


@st.composite
def mostly_valid(draw: st.DrawFn) -> dict[str, Any]:
    """Every field valid, except (in half the cases) one drawn from anything its type allows, or worse."""
    data = draw(valid(NOTICE))
    if draw(st.booleans()):
        name = draw(st.sampled_from(list(NOTICE.fields)))
        data[name] = draw(value(NOTICE.fields[name], name))
    return data


FRONT_MATTER = st.one_of(mostly_valid(), value(NOTICE), mostly_valid())

ODD_YAML = st.sampled_from([
    "\ttitle: tab", "title: 'unclosed", "title: [a, b", "a: &x [1, 2]\nb: *x", "b: *undefined", "? [a]\n: b",
    "title: !!python/object/apply:os.system ['true']", "title: !!binary aGk=", "title: !custom x", "---", "...",
    "title: a\ntitle: b", "<<: {kind: generic}", ": no key", "- a list item", "title: |\n  block\n   text",
    "\ufeffkind: generic", "%YAML 1.1", "title: \"\\x00\\uD800\"", "{", "title: @at", "title: `tick",
])


def yaml_text(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6) if data is not None else ""


@st.composite
def front(draw: st.DrawFn) -> str:
    """Front matter as an editor might have written it: dumped YAML, sometimes with an odd line inserted."""
    lines = yaml_text(draw(FRONT_MATTER)).splitlines()
    for _ in range(draw(mostly(0, 1, 2))):
        lines.insert(draw(st.integers(0, len(lines))), draw(ODD_YAML))
    return "\n".join(lines)


# ---------------------------------------------------------------- bodies

INLINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
MARKDOWN = st.one_of(
    INLINE, st.sampled_from(PAYLOADS).map(lambda p: p.replace("\x00", "")),
    st.builds(lambda n, t, m: f"## {n}、{t}{m}", st.sampled_from(["一", "二", "十", "一百"]), INLINE,
              st.sampled_from(["", "【已完成】", "【推进中】", "【未知】", "【】"])),
    st.builds(lambda n, t, m: f"### （{n}）{t}{m}", st.sampled_from(["一", "二", "x"]), INLINE, st.just("")),
    st.builds(lambda n, t, m: f"#### {n}. {t}{m}", st.integers(0, 999), INLINE,
              st.sampled_from(["【已完成】", "【推进中】", "【长期坚持】", "【bogus】", ""])),
    st.builds("整改时限：{}".format, DATE_TEXT), st.builds("责任单位：{}".format, INLINE),
    st.builds("一是{}。二是{}。".format, INLINE, INLINE),
    st.builds("[{}](<{}>)".format, INLINE, st.sampled_from(LINK_TARGETS)), st.just("| a | b |\n|---|---|\n| 1 | 2 |"),
    st.just("```\ncode <script>\n```"), st.just("脚注[^1]\n\n[^1]: 注"), st.just("<div>\n\n*x*\n\n</div>"),
    st.just("- a\n  - b\n1. c"), st.just("> quote\n>> nested"), st.just("---"), st.just("<!-- c -->"),
)
BODY = st.lists(MARKDOWN, max_size=10).map("\n\n".join)


@st.composite
def notice_file(draw: st.DrawFn) -> str:
    start = draw(mostly("---\n", "", "no front matter\n", weight=10))
    if draw(mostly(False, True)):  # no closing fence
        return start + draw(front()) + "\n" + draw(BODY)
    return f"{start}{draw(front())}\n---\n{draw(BODY)}\n"


SITE_YAML = yaml.safe_load((SAMPLE_CONTENT / "site.yaml").read_text("utf-8"))
SITE_FIELDS = [k for k in SITE.fields if k not in ("title", "search")]


@st.composite
def site_yaml(draw: st.DrawFn) -> str:
    """The sample site.yaml; one build in four changes up to three of its fields."""
    data = dict(SITE_YAML)
    if draw(mostly(False, True, weight=2)):
        for name in draw(st.lists(st.sampled_from(SITE_FIELDS), min_size=1, max_size=3, unique=True)):
            data[name] = draw(value(SITE.fields[name], name))
    return yaml_text(data)


def _check(err: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("gongshi: build failed with"), err
    diagnostics = [line for line in lines[:-1] if not line.startswith("  hint: ")]
    assert diagnostics and all(DIAGNOSTIC.match(line) for line in diagnostics), err


@settings(max_examples=120, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(notices=st.lists(st.tuples(notice_file(), st.booleans()), min_size=1, max_size=2), site=site_yaml(),
       allow_html=st.booleans())
def test_any_content_builds_or_is_reported_as_diagnostics(notices: list[tuple[str, bool]], site: str,
                                                          allow_html: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        (content / "notices").mkdir(parents=True)
        (content / "site.yaml").write_text(site + f"allow_html: {str(allow_html).lower()}\n"
                                           if "allow_html" not in site else site, "utf-8")
        for i, (text, as_folder) in enumerate(notices):
            if as_folder:  # a notice written as a folder, with a file it can attach
                folder = content / "notices" / f"notice-{i}"
                folder.mkdir()
                (folder / "index.md").write_text(text, "utf-8")
                (folder / "report.pdf").write_bytes(b"%PDF-1.4\n")
            else:
                (content / "notices" / f"notice-{i}.md").write_text(text, "utf-8")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run_cli("build", "--content", content, "--output", Path(tmp) / "output", "--now", NOW,
                           "--no-search")
        assert code in (0, 1), err.getvalue()
        event(f"exit {code}")
        if code == 0:
            assert (Path(tmp) / "output" / "index.html").is_file()
        else:
            _check(err.getvalue())
