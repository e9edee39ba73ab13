"""Lines of a notice and what every extractor shares: decoding, line splitting, warnings, clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import Diagnostic, Location, Severity

TERMINAL = "。！？；：，、.!?;:,…"

CJK_RE = re.compile(r"[\u3400-\u9fff]")

OPENERS = "（(“‘《「『【["

CLOSERS = "）)”’》」』】]"

ORG_RE = re.compile(
    r"^[^\s，,。：:；;！？、]{1,40}?(?:委员会|党委|党组|党工委|工委|纪委|监委|人民政府|政府|人大常委会"
    r"|办公室|办公厅|组织部|宣传部|统战部|巡察组|巡视组|巡察办|管委会|领导小组|局|厅|委|院|所|中心"
    r"|公司|集团|学校|大学|学院|医院|银行|协会|办事处|社区)$"
)

CLOSING_RE = re.compile(r"^(?:特此|此致|附件|附：|备注|注：|注:)")

CHROME_RE = re.compile(  # web-page furniture copied along with the notice
    r"^(?:【[^】]{1,12}】\s*)+$|打印本页|关闭窗口|分享到|浏览次数|访问量|字号\s*[:：]|上一篇|下一篇|责任编辑|扫一扫"
    r"|^(?:主办单位|承办单位|协办单位|网站标识码|技术支持|版权所有|联系我们|网站地图)|ICP备|公网安备|在手机打开"
)


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line in the input
    text: str  # stripped of indentation and trailing blanks


def warn(path: str, line: int, field: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(Location(path, line), message, hint=hint, field=field, severity=Severity.WARNING)


def decode(raw: bytes | str, path: str) -> tuple[str, list[Diagnostic]]:
    """Bytes to text: UTF-8 (BOM stripped), UTF-16 with a BOM, else GB18030 with a warning."""
    warnings: list[Diagnostic] = []
    if isinstance(raw, str):
        text = raw
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
                warnings.append(warn(path, 0, "encoding", "the input was not UTF-8; read it as GB18030",
                                      "check the Chinese text of the result; the content file is UTF-8"))
            except UnicodeDecodeError:
                text = raw.decode("utf-8", errors="replace")
                warnings.append(warn(path, 0, "encoding", "the input is neither UTF-8 nor GB18030; "
                                      "undecodable bytes were replaced with U+FFFD",
                                      "save the notice as UTF-8 text and import it again"))
    return text.lstrip("\ufeff"), warnings


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their 1-based numbers; CRLF/CR normalised, indentation stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[Line] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip().strip("\u200b\u200c\u200d\u2060\ufeff").strip()
        if stripped:
            out.append(Line(number, stripped))
    return out


def compact(text: str) -> str:
    """Drop the spaces of letter-spaced headers ("任 前 公 示") between Chinese characters."""
    return re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", text).strip()


def clause_end(text: str, start: int, stops: str = "。；;") -> int:
    """Index of the first `stops` character at bracket depth 0 from `start` (or len(text))."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif ch in stops and depth == 0:
            return i
    return len(text)


LONG_LINE = 80  # a notice of at most 3 lines with a line this long was copied as one long line


def unglue_lines(lines: list[Line]) -> list[Line]:
    """A notice copied as one long line ("中共…委员会 关于…的通报 正文… 中共…委员会 2025年7月21日"):
    split it where the copy put spaces between Chinese text (never between digits), each part keeping
    the line number. Other notices are returned as they are."""
    if len(lines) > 3 or not any(len(ln.text) > LONG_LINE for ln in lines):
        return lines
    out: list[Line] = []
    for ln in lines:
        if not re.search(r"[ \u3000\t]", ln.text):
            out.extend(Line(ln.number, p) for p in _cut_unspaced(ln.text))
            continue
        parts = re.split(r"(?<=[\u3400-\u9fff。！？）)])[ \u3000\t]+(?=[\u3400-\u9fff（(\d])", ln.text)
        out.extend(Line(ln.number, p.strip()) for p in parts if p.strip())
    return out


_GLUED_TITLE_RE = re.compile(r"^(?P<issuer>[^。，：]{2,30}?)?(?P<title>关于[^。，：]{2,60}?的(?:通报|公告|公示|通知))")
_GLUED_END_RE = re.compile(r"(?<=[。！？])(?P<by>[^。！？：:]{2,40}?)(?P<date>\d{4}年\d{1,2}月\d{1,2}日)$")


def _cut_unspaced(text: str) -> list[str]:
    """A long line without spaces: the 关于…的通报 title at its start and a "signer + date" at its end
    are cut off (the issuer before the title too); the rest stays one paragraph."""
    parts: list[str] = []
    title = _GLUED_TITLE_RE.match(text)
    if title:
        if title.group("issuer") and ORG_RE.match(title.group("issuer")):
            parts.append(title.group("issuer"))
        elif title.group("issuer"):
            return [text]
        parts.append(title.group("title"))
        text = text[title.end() :]
    end = _GLUED_END_RE.search(text)
    if end and ORG_RE.match(end.group("by")):
        return [*parts, text[: end.start()], end.group("by"), end.group("date")]
    return [*parts, text]
