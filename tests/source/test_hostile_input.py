"""Hostile and broken input: a payload in a field that is checked (a date, a phone number, a slug, an
address…), YAML that attacks the parser, and files over the limits each get a clear error at
file:line, exit 1 and no traceback, and the previous output stays byte-for-byte as it was."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SAMPLE_CONTENT, run_cli, tree_digest
from support.hostile import SET_FLAG

from generator.source.load import MAX_FILE_BYTES, MAX_LINE_CHARS

NOW = "2026-12-01T10:00"
XSS = f"\"<script>{SET_FLAG}</script>\""

NOTICE = """---
title: 测试公告
issuer: 示例单位
kind: generic
issued: 2026-01-05
updated: 2026-01-06
slug: test-notice
lang: zh-CN
summary: 摘要
draft: false
tags: [测试]
disclosure:
  start: 2026-01-05
  end: 2026-01-09
  after_close: keep
contacts:
  - kind: phone
    value: 0415-5138995
    hours: 工作日 8:30-17:00
  - kind: email
    value: jubao@example.org
  - kind: web
    value: https://example.org/
  - kind: post
    value: 示例路1号
    postcode: "118000"
site_contacts: false
signature:
  by: 示例单位
  date: 2026-01-05
progress_updates:
  - date: 2026-01-06
    note: 更新
revisions:
  - date: 2026-01-06
    kind: correction
    note: 更正
related: [other]
aliases: [/old/test.html]
attachments:
  - file: a.pdf
    title: 附件
---
正文。
"""
OTHER = NOTICE.replace("slug: test-notice", "slug: other").replace("related: [other]", "related: []") \
    .replace("aliases: [/old/test.html]", "aliases: []").split("attachments:")[0] + "---\n正文。\n"
SITE = (SAMPLE_CONTENT / "site.yaml").read_text("utf-8") + """per_page: 10
url_style: directory
after_close: keep
allow_html: false
search: false
attachment_types: [pdf, docx]
progress_states:
  - {label: 已完成, key: done, color: "#1a7f37", done: true}
"""


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small valid site (every field of a notice used once) and its output, built once."""
    root = tmp_path_factory.mktemp("good")
    content = root / "content"
    folder = content / "notices" / "test-notice"
    folder.mkdir(parents=True)
    (content / "site.yaml").write_text(SITE, "utf-8")
    (folder / "index.md").write_text(NOTICE, "utf-8")
    (content / "notices" / "other.md").write_text(OTHER, "utf-8")
    shutil.copy(next((SAMPLE_CONTENT / "notices").rglob("*.pdf")), folder / "a.pdf")
    out = root / "output"
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW) == 0
    return content, out


Broken = Callable[..., str]


@pytest.fixture()
def broken(good_site: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Broken:
    """Copy the good site and its output, change one file, build again: the build must fail, with no
    traceback, and leave the output as it was. Returns the error text."""
    content, out = tmp_path / "content", tmp_path / "output"
    shutil.copytree(good_site[0], content)
    shutil.copytree(good_site[1], out)
    before = tree_digest(out)

    def run(rel: str, text: str | bytes | None = None, *, old: str = "", new: str = "") -> str:
        path = content / rel
        if text is None:
            text = path.read_text("utf-8")
            assert old in text, f"{old!r} is not in {rel}"
            text = text.replace(old, new, 1)
        if isinstance(text, str):
            path.write_text(text, "utf-8")
        else:
            path.write_bytes(text)
        capsys.readouterr()
        code = run_cli("build", "--content", content, "--output", out, "--now", NOW)
        err = capsys.readouterr().err
        assert code == 1, err
        assert "Traceback" not in err
        assert tree_digest(out) == before, "a failed build must leave the previous output untouched"
        assert "was left as it was" in err
        return err

    run.content = content  # type: ignore[attr-defined]
    return run


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


NOTICE_CASES = [
    # (field as reported, the line as written, the same line with a payload)
    ("issued", "issued: 2026-01-05", f"issued: {XSS}"),
    ("updated", "updated: 2026-01-06", "updated: \"{{ 7*7 }}\""),
    ("kind", "kind: generic", f"kind: {XSS}"),
    ("slug", "slug: test-notice", "slug: ../../../etc/passwd"),
    ("slug", "slug: test-notice", "slug: /etc/passwd"),
    ("slug", "slug: test-notice", f"slug: {XSS}"),
    ("lang", "lang: zh-CN", f"lang: {XSS}"),
    ("draft", "draft: false", f"draft: {XSS}"),
    ("tags", "tags: [测试]", "tags: {a: b}"),
    ("disclosure.start", "start: 2026-01-05", f"start: {XSS}"),
    ("disclosure.end", "end: 2026-01-09", "end: \"2026-01-09\\u202e<script>\""),
    ("disclosure.after_close", "after_close: keep", f"after_close: {XSS}"),
    ("contacts[0].kind", "- kind: phone", f"- kind: {XSS}"),
    ("contacts[0].value", "value: 0415-5138995", f"value: {XSS}"),
    ("contacts[0].value", "value: 0415-5138995", "value: \"=1+1\""),
    ("contacts[0].hours", "hours: 工作日 8:30-17:00", f"hours: {XSS}"),
    ("contacts[1].value", "value: jubao@example.org", "value: \"x@example.org\\\"><script>\""),
    ("contacts[2].value", "value: https://example.org/", f"value: \"javascript:{SET_FLAG}\""),
    ("contacts[2].value", "value: https://example.org/", "value: \"JaVa\\tScRipt:alert(1)\""),
    ("contacts[2].value", "value: https://example.org/", "value: \"data:text/html,<script>alert(1)</script>\""),
    ("contacts[2].value", "value: https://example.org/", "value: \"https://example.org/\\\"><script>\""),
    ("contacts[3].postcode", "postcode: \"118000\"", f"postcode: {XSS}"),
    ("signature.date", "  date: 2026-01-05", f"  date: {XSS}"),
    ("progress_updates[0].date", "  - date: 2026-01-06\n    note: 更新", f"  - date: {XSS}\n    note: 更新"),
    ("revisions[0].kind", "kind: correction", f"kind: {XSS}"),
    ("related[0]", "related: [other]", f"related: [{XSS}]"),
    ("aliases[0]", "aliases: [/old/test.html]", f"aliases: [\"javascript:{SET_FLAG}\"]"),
    ("aliases[0]", "aliases: [/old/test.html]", "aliases: [../../../../tmp/escaped.html]"),
    ("aliases[0]", "aliases: [/old/test.html]", "aliases: [\"/a\\\"><script>.html\"]"),
    ("aliases[0]", "aliases: [/old/test.html]", "aliases: [/index.html]"),
    ("attachments[0].file", "file: a.pdf", "file: ../../../../etc/passwd"),
    ("attachments[0].file", "file: a.pdf", "file: /etc/passwd"),
    ("attachments[0].file", "file: a.pdf", "file: \"C:\\\\Windows\\\\win.ini\""),
    ("attachments[0].file", "file: a.pdf", "file: \"<script>.pdf\""),
    ("attachments[0].file", "file: a.pdf", "file: page.html"),
]


@pytest.mark.parametrize(("field", "old", "new"), NOTICE_CASES,
                         ids=[f"{f}={n.split(':', 1)[1].strip()[:30]}" for f, _, n in NOTICE_CASES])
def test_a_payload_in_a_checked_notice_field_is_an_error_at_its_line(broken: Broken, field: str, old: str,
                                                                     new: str) -> None:
    rel = "notices/test-notice/index.md"
    err = broken(rel, old=old, new=new)
    text = (broken.content / rel).read_text("utf-8")  # type: ignore[attr-defined]
    line = _line(text, new.strip().splitlines()[0])
    assert re.search(rf"notices/test-notice/index\.md:{line}:\d+: error: {re.escape(field)}: ", err), err
    assert "hint:" in err


SITE_CASES = [
    ("base_url", "base_url: https://gongshi.example.org/", f"base_url: \"javascript:{SET_FLAG}//\""),
    ("base_url", "base_url: https://gongshi.example.org/", "base_url: \"\\\"><script>\""),
    ("language", "language: zh-CN", f"language: {XSS}"),
    ("timezone", "timezone: Asia/Shanghai", "timezone: ../../../../etc/passwd"),
    ("timezone", "timezone: Asia/Shanghai", f"timezone: {XSS}"),
    ("theme", "theme: default", "theme: ../../../../etc"),
    ("theme", "theme: default", "theme: /etc"),
    ("theme", "theme: default", f"theme: {XSS}"),
    ("per_page", "per_page: 10", "per_page: 0"),
    ("per_page", "per_page: 10", f"per_page: {XSS}"),
    ("url_style", "url_style: directory", f"url_style: {XSS}"),
    ("after_close", "after_close: keep", f"after_close: {XSS}"),
    ("allow_html", "allow_html: false", f"allow_html: {XSS}"),
    ("attachment_types[0]", "attachment_types: [pdf, docx]", "attachment_types: [html, docx]"),
    ("attachment_types[0]", "attachment_types: [pdf, docx]", "attachment_types: [.SVG, docx]"),
    ("attachment_types[0]", "attachment_types: [pdf, docx]", "attachment_types: [js, docx]"),
    ("progress_states[0].key", "key: done", f"key: {XSS}"),
    ("progress_states[0].color", "color: \"#1a7f37\"", "color: \"red;}body{display:none\""),
    ("contacts[0].value", "value: https://www.12388.gov.cn/", f"value: \"javascript:{SET_FLAG}\""),
]


@pytest.mark.parametrize(("field", "old", "new"), SITE_CASES,
                         ids=[f"{f}={n.split(':', 1)[1].strip()[:30]}" for f, _, n in SITE_CASES])
def test_a_payload_in_a_checked_site_field_is_an_error_at_its_line(broken: Broken, field: str, old: str,
                                                                   new: str) -> None:
    err = broken("site.yaml", old=old, new=new)
    line = _line((broken.content / "site.yaml").read_text("utf-8"), new)  # type: ignore[attr-defined]
    assert re.search(rf"site\.yaml:{line}:\d+: error: {re.escape(field)}: ", err), err


# ---------------------------------------------------------------- YAML that attacks the parser

LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" if i else "l0: &l0 [lol, lol, lol, lol]\n"
                 for i in range(10))


def _front(yaml_text: str) -> str:
    return f"---\n{yaml_text}---\n正文。\n"


YAML_CASES = {
    "alias-bomb": (LAUGHS, "expands to more than", "anchors and aliases"),
    "alias-bomb-in-a-field": ("a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                              "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\ntitle: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
                              "summary: [*d, *d, *d, *d, *d, *d, *d, *d]\n", "expands to more than", "aliases"),
    "deep-flow": ("title: " + "[" * 5000 + "]" * 5000 + "\n", "nest", "brackets"),
    "deep-flow-over-lines": ("title: " + "[\n" * 3000 + "]\n" * 3000, "nested more than 40 levels", "brackets"),
    "deep-block": ("".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v\n", "nested more than 40",
                   "indentation"),
    "python-object": ("title: !!python/object:os.system {}\n", "tag", "not allowed"),
    "python-object-apply": ("title: !!python/object/apply:os.system [\"touch {marker}\"]\n", "tag", "not allowed"),
    "python-object-new": ("title: !!python/object/new:os.system [\"touch {marker}\"]\n", "tag", "not allowed"),
    "python-name": ("title: !!python/name:os.system\n", "tag", "not allowed"),
    "python-module": ("title: !!python/module:os\n", "tag", "not allowed"),
    "python-tuple": ("title: !!python/tuple [a, b]\n", "tag", "not allowed"),
    "local-tag": ("title: !Ref os.system\n", "tag", "not allowed"),
}


@pytest.mark.parametrize("case", list(YAML_CASES))
def test_hostile_yaml_fails_fast_with_an_error_at_its_line(broken: Broken, tmp_path: Path, case: str) -> None:
    body, message, hint = YAML_CASES[case]
    marker = tmp_path / "constructed"
    text = _front("issuer: x\nkind: generic\nissued: 2026-01-05\n" + body.replace("{marker}", str(marker)))
    err = broken("notices/yaml.md", text)  # the message names the limit that stopped it, not a timeout
    assert re.search(r"notices/yaml\.md:\d+(:\d+)?: error: ", err) and message in err and hint in err, err
    assert not marker.exists(), "nothing in the document ran"


def test_a_huge_document_fails_fast(broken: Broken) -> None:
    """Just under the size limit, with a quarter of a million values: refused at the line where the limit
    is passed (two values a line), so the rest of the document was never built (no timing: the line says it)."""
    lines = [f"k{i}: v{i}" for i in range(150_000)]
    text = _front("\n".join(lines)[: MAX_FILE_BYTES - 200] + "\n")
    assert len(text.encode()) < MAX_FILE_BYTES
    err = broken("notices/huge.md", text)
    assert re.search(r"notices/huge\.md:1000\d:\d+: error: YAML has more than 20,000 values", err), err


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2025-01-01",
                                 "!!float nan", "!!str 1"])
def test_a_tag_for_builtin_values_gets_a_plain_error_not_a_traceback(broken: Broken, tag: str) -> None:
    text = _front(f"title: {tag}\nissuer: x\nkind: generic\nissued: 2026-01-05\ntags: {tag}\n"
                  f"contacts:\n  - kind: phone\n    value: {tag}\nsignature:\n  by: {tag}\n")
    err = broken("notices/tagged.md", text)
    assert re.search(r"notices/tagged\.md:\d+:\d+: error: ", err), err


def test_hostile_site_yaml_fails_too(broken: Broken) -> None:
    err = broken("site.yaml", "title: x\n" + LAUGHS)
    assert re.search(r"site\.yaml:\d+:\d+: error: YAML expands to more than", err), err


# ---------------------------------------------------------------- limits

def test_a_file_over_the_size_limit(broken: Broken) -> None:
    text = _front("title: x\nissuer: x\nkind: generic\nissued: 2026-01-05\n") + ("正文。\n" * (MAX_FILE_BYTES // 10))
    assert len(text.encode()) > MAX_FILE_BYTES
    err = broken("notices/big.md", text)
    assert "notices/big.md: error: file is" in err and f"the limit is {MAX_FILE_BYTES:,}" in err


def test_a_line_over_the_length_limit(broken: Broken) -> None:
    text = _front("title: x\nissuer: x\nkind: generic\nissued: 2026-01-05\n") + "开头\n\n" + "长" * (MAX_LINE_CHARS + 1)
    err = broken("notices/long.md", text)
    assert f"notices/long.md:10: error: line is {MAX_LINE_CHARS + 1:,} characters long" in err


def test_a_long_line_in_front_matter(broken: Broken) -> None:
    text = _front("title: " + "x" * (MAX_LINE_CHARS + 5) + "\nissuer: x\nkind: generic\nissued: 2026-01-05\n")
    err = broken("notices/long-title.md", text)
    assert "notices/long-title.md:2: error: line is" in err


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", b"---\ntitle: x\x00\n---\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"],
                         ids=["nul", "nul-in-front-matter", "png"])
def test_binary_content(broken: Broken, data: bytes) -> None:
    err = broken("notices/binary.md", data)
    assert "notices/binary.md: error: file is binary, not text" in err


def test_a_binary_site_yaml(broken: Broken) -> None:
    err = broken("site.yaml", b"title: x\x00\n")
    assert "site.yaml: error: file is binary" in err


# ---------------------------------------------------------------- a site's own theme files

def test_a_template_asking_for_a_missing_string(broken: Broken) -> None:
    root = broken.content.parent  # type: ignore[attr-defined]
    (root / "templates").mkdir()
    (root / "templates" / "_footer.html").write_text("<footer>{{ t('no.such.string') }}</footer>\n", "utf-8")
    err = broken("site.yaml", old="theme: default", new="theme: default")
    assert re.search(r"site\.yaml: error: theme: interface string `no\.such\.string` is missing from the zh-CN", err)
    assert "hint: add `no.such.string:`" in err


@pytest.mark.parametrize(("file", "text", "message"), [
    ("locales/zh-CN.yaml", "nav.home: [unclosed\n", "cannot read"),
    ("locales/zh-CN.yaml", "- a list\n", "is not a list of `key: value` fields"),
    ("locales/zh-CN.yaml", "ics.summary: \"{unknown}：{title}\"\n", "cannot be filled in"),
    ("theme.yaml", "extends: ../../../../etc\n", "`../../../../etc` is not a theme name"),
    ("theme.yaml", "extends: [default]\n", "is not a theme name"),
])
def test_a_broken_theme_file(broken: Broken, file: str, text: str, message: str) -> None:
    theme = broken.content.parent / "themes" / "mine"  # type: ignore[attr-defined]
    (theme / "locales").mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n", "utf-8")
    (theme / file).write_text(text, "utf-8")
    err = broken("site.yaml", old="theme: default", new="theme: mine")
    assert re.search(r"site\.yaml(:\d+)?: error: theme: ", err) and message in err, err
