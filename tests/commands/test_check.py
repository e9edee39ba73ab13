"""`gongshi check` over a folder of broken notices: one run reports every error at its exact line.

Each file of tests/fixtures/broken/content/notices/ says in `# expect: LINE TEXT | TEXT` lines which
errors it must produce (see the folder's README). The three output formats must carry the same set.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli, tree_digest

BROKEN = FIXTURES / "broken" / "content"
NOTICES = BROKEN / "notices"
EXPECT_RE = re.compile(r"^# expect: (\d+) (.+)$")
TEXT_RE = re.compile(r"^(?P<path>[^\s].*?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<sev>error|warning): (?P<msg>.*)$")


@dataclass(frozen=True)
class Expected:
    file: str
    line: int
    pieces: tuple[str, ...]


@dataclass(frozen=True)
class Reported:
    file: str
    line: int
    col: int
    text: str
    """The field, message and hint together, as the format shows them."""


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def expectations() -> list[Expected]:
    out = []
    for path in sorted(NOTICES.glob("*.md")):
        for text in _read(path).splitlines():
            m = EXPECT_RE.match(text.strip())
            if m:
                out.append(Expected(path.name, int(m[1]), tuple(p.strip() for p in m[2].split("|"))))
    return out


def _name(shown: str) -> str:
    """A diagnostic's path (relative to the working directory) as a file name of the fixture folder."""
    path = Path(shown).resolve()
    assert path.parent == NOTICES.resolve(), f"unexpected path {shown}"
    return path.name


def _check(capsys: pytest.CaptureFixture[str], fmt: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run_cli("check", "--content", BROKEN, "--format", fmt)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def parse_text(err: str) -> list[Reported]:
    found: list[Reported] = []
    for text in err.splitlines():
        m = TEXT_RE.match(text)
        if m:
            found.append(Reported(_name(m["path"]), int(m["line"]), int(m["col"] or 0), m["msg"]))
        elif text.startswith("  hint: ") and found:
            last = found[-1]
            found[-1] = Reported(last.file, last.line, last.col, last.text + "\n" + text.strip())
    return found


def parse_json(out: str) -> list[Reported]:
    items = json.loads(out)
    return [Reported(_name(d["path"]), d["line"], d["col"],
                     (f"{d['field']}: " if d["field"] else "") + d["message"] + "\nhint: " + d["hint"])
            for d in items]


def _unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_github(out: str) -> list[Reported]:
    found = []
    for text in out.splitlines():
        m = re.match(r"^::(error|warning) ([^:]*)::(.*)$", text)
        assert m, f"not a workflow command: {text}"
        props = dict(p.split("=", 1) for p in m[2].split(","))
        title = _unescape(props.get("title", ""))
        found.append(Reported(_name(_unescape(props["file"])), int(props["line"]), int(props.get("col", 0)),
                              (f"{title}: " if title else "") + _unescape(m[3])))
    return found


def _matches(exp: Expected, rep: Reported) -> bool:
    return rep.file == exp.file and rep.line == exp.line and all(p in rep.text for p in exp.pieces)


def _assert_exactly_expected(found: list[Reported]) -> None:
    expected = expectations()
    unmatched = [e for e in expected if not any(_matches(e, r) for r in found)]
    assert not unmatched, "errors not reported at their line:\n" + "\n".join(map(str, unmatched)) + \
        "\nreported:\n" + "\n".join(f"{r.file}:{r.line}: {r.text}" for r in found)
    unexpected = [r for r in found if not any(_matches(e, r) for e in expected)]
    assert not unexpected, "errors nobody expected:\n" + "\n".join(f"{r.file}:{r.line}: {r.text}" for r in unexpected)
    assert len(found) == len(expected)


def test_fixture_folder_covers_every_kind_of_mistake() -> None:
    files = {e.file for e in expectations()}
    assert {"yaml-syntax.md", "unknown-field.md", "wrong-type.md", "bad-date.md", "end-before-start.md",
            "duplicate-slug-b.md", "missing-field.md", "bad-contacts.md", "unknown-state.md",
            "gb18030.md"} <= files
    assert (NOTICES / "bom-crlf.md").read_bytes().startswith(b"\xef\xbb\xbf---\r\n")
    with pytest.raises(UnicodeDecodeError):
        (NOTICES / "gb18030.md").read_bytes().decode("utf-8")


def test_text_reports_every_error_at_its_line_in_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_digest(BROKEN)
    code, out, err = _check(capsys, "text")
    assert code == 1
    assert out == ""
    found = parse_text(err)
    _assert_exactly_expected(found)
    assert not [r for r in found if r.file == "bom-crlf.md"]
    assert re.search(r"gongshi: \d+ notices? checked: 11 error\(s\), 0 warning\(s\)", err)
    assert tree_digest(BROKEN) == before, "check must not write anything"


def test_json_and_github_carry_the_same_set(capsys: pytest.CaptureFixture[str]) -> None:
    code_text, _, err = _check(capsys, "text")
    code_json, out_json, _ = _check(capsys, "json")
    code_gh, out_gh, _ = _check(capsys, "github")
    assert code_text == code_json == code_gh == 1
    as_json, as_gh = parse_json(out_json), parse_github(out_gh)
    _assert_exactly_expected(as_json)
    _assert_exactly_expected(as_gh)
    where = {(r.file, r.line, r.col) for r in parse_text(err)}
    assert {(r.file, r.line, r.col) for r in as_json} == where
    assert {(r.file, r.line, r.col) for r in as_gh} == where
    assert all(d["severity"] == "error" for d in json.loads(out_json))
    for text in out_gh.splitlines():
        assert re.match(r"^::error file=[^,]+,line=\d+(,col=\d+)?(,title=[^,:]+)?::\S", text), text


def test_gb18030_error_names_the_encoding_and_iconv(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _check(capsys, "json")
    [d] = [d for d in json.loads(out) if d["path"].endswith("gb18030.md")]
    assert "GB18030" in d["message"] and "iconv -f GB18030 -t UTF-8" in d["hint"]


def test_bom_and_crlf_file_checks_clean_on_its_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    (content / "notices").mkdir(parents=True)
    (content / "site.yaml").write_bytes((BROKEN / "site.yaml").read_bytes())
    (content / "notices" / "bom-crlf.md").write_bytes((NOTICES / "bom-crlf.md").read_bytes())
    capsys.readouterr()
    assert run_cli("check", "--content", content, "--strict") == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().err
