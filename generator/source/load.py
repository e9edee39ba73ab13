"""Stage 1, load: content files → `RawDocument`s (YAML data with each value's source position, and the body).

Nothing here knows what a notice is. The loader decodes, splits front matter from the body, parses
YAML safely (the C loader when available) and records where every value came from, so the
validation stage can point at `file:line:col` for any field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Diagnostic, Location, display_path, visible
from generator.source import yaml_limits

try:  # The C loader is several times faster; it keeps source marks just the same.
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe loading, with dates left as text: the validation stage parses them and explains errors."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LINE_CHARS = 20_000
MAX_YAML_NODES = 20_000
MAX_YAML_DEPTH = 40

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A content file as data: front matter values, their positions, and the Markdown body."""

    path: str
    """The file's path as shown in diagnostics (relative to the working directory when possible)."""
    rel: str
    """The file's path relative to the content directory, with forward slashes."""
    data: dict[str, Any]
    """The front matter (or the whole YAML file), as plain Python values."""
    yaml_text: str = ""
    """The YAML as written, from which positions are read when a diagnostic needs one."""
    line_offset: int = 0
    """Lines of the file before the YAML (1 for front matter after its `---`)."""
    body: str = ""
    body_line: int = 1
    """The line of the file on which the body starts."""
    _marks: list[Marks] = field(default_factory=list, compare=False, repr=False)

    @property
    def marks(self) -> Marks:
        """(line, column) of every value and key. Read on first use: valid files never need them."""
        if not self._marks:
            walker = _PositionWalker(self.line_offset)
            node = _Loader(self.yaml_text).get_single_node() if self.yaml_text else None
            if node is not None:
                walker.walk(node, (), 0)
            self._marks.append(Marks(walker.positions, walker.key_positions))
        return self._marks[0]

    def loc(self, *path: str | int) -> Location:
        """The location of a value, or of the closest enclosing value that has one."""
        positions = self.marks.values
        p: Path_ = tuple(path)
        while p and p not in positions:
            p = p[:-1]
        line, col = positions.get(p, (self.line_offset + 1, 1))
        return Location(self.path, line, col)

    def key_loc(self, *path: str | int) -> Location:
        p: Path_ = tuple(path)
        keys = self.marks.keys
        if p in keys:
            line, col = keys[p]
            return Location(self.path, line, col)
        return self.loc(*path)


@dataclass(frozen=True, slots=True)
class Marks:
    values: dict[Path_, tuple[int, int]]
    """(line, column), 1-based, of every value, addressed by its path: ("contacts", 0, "value")."""
    keys: dict[Path_, tuple[int, int]]
    """(line, column) of every mapping key, addressed the same way, for unknown-field errors."""


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Diagnostic]]:
    """Read a content file, refusing one over the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Diagnostic(Location(shown), f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                     "split the notice, or move large tables into an attachment")]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Diagnostic(Location(shown), f"cannot read file: {exc.strerror or exc}")]


def read_text(path: Path, shown: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a UTF-8 text file; BOM and CRLF are handled silently, other encodings are explained."""
    raw, diags = read_bytes(path, shown)
    return (None, diags) if raw is None else decode(raw, shown)


def decode(raw: bytes, shown: str) -> tuple[str | None, list[Diagnostic]]:
    if b"\x00" in raw:
        return None, [Diagnostic(Location(shown), "file is binary, not text",
                                 "content files are UTF-8 text; put binary files under attachments")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Diagnostic(Location(shown, line), "file is not UTF-8" + _guess_encoding(raw),
                                 f"convert it, e.g. `iconv -f GB18030 -t UTF-8 {shown} -o {shown}.utf8 && mv {shown}.utf8 {shown}`, "
                                 "or choose UTF-8 when saving in your editor")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    long_line = _LONG_LINE.search(text)
    if long_line:
        n = text.count("\n", 0, long_line.start()) + 1
        length = len(text[long_line.start():].split("\n", 1)[0])
        return None, [Diagnostic(Location(shown, n), f"line is {length:,} characters long; the limit is {MAX_LINE_CHARS:,}",
                                 "break the paragraph into several lines or paragraphs")]
    return text, []


_LONG_LINE = re.compile(f"^[^\\n]{{{MAX_LINE_CHARS + 1}}}", re.MULTILINE)


def _guess_encoding(raw: bytes) -> str:
    for name in ("gb18030", "big5", "utf-16"):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        return f"; it looks like {name.upper()}"
    return ""


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split `---` fenced YAML from the body. Returns (yaml or None, body, first line of body)."""
    if not text.startswith("---\n") and text.strip() != "---":
        return None, text, 1
    end = -1
    pos = 4
    while True:
        nl = text.find("\n", pos)
        line = text[pos:] if nl < 0 else text[pos:nl]
        if line.rstrip() in ("---", "..."):
            end = pos
            break
        if nl < 0:
            break
        pos = nl + 1
    if end < 0:
        return "", "", -1
    yaml_text = text[4:end]
    nl = text.find("\n", end)
    body = "" if nl < 0 else text[nl + 1:]
    body_line = yaml_text.count("\n") + 3
    return yaml_text, body, body_line


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document safely; returns (data, diagnostics).

    The text is composed into nodes first and the nodes are counted, and their depth measured,
    before anything is built: aliases are the one way a small text can expand into a huge value
    (an alias bomb), and deep nesting would exhaust the stack."""
    loader = _Loader(text)
    try:
        yaml_limits.check(_Loader, text, MAX_YAML_NODES, MAX_YAML_DEPTH)  # before any node is built
        node = loader.get_single_node()
        if node is None:
            return None, []
        _check_size(node, line_offset)  # what aliases expand to
        return loader.construct_document(node), []
    except yaml_limits.TooLarge as exc:
        return None, [Diagnostic(Location(shown, exc.line + line_offset, exc.col), exc.message, exc.hint)]
    except _Duplicate as exc:
        return None, [Diagnostic(Location(shown, exc.line + line_offset, exc.col), exc.message,
                                 "keep one of them: YAML would silently use the last one")]
    except _TooLarge as exc:
        return None, [Diagnostic(Location(shown, exc.line + line_offset, exc.col), exc.message,
                                 "front matter has no need for anchors and aliases; write the values out")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (line_offset + 1, 0)
        problem = exc.problem or exc.context or "YAML syntax error"
        hint = _yaml_hint(str(problem))
        return None, [Diagnostic(Location(shown, line, col), f"YAML syntax error: {problem}", hint)]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(Location(shown, line_offset + 1), f"YAML error: {exc}")]
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an explicit !!timestamp that is no date
        return None, [Diagnostic(Location(shown, line_offset + 1), f"YAML value cannot be read: {exc}",
                                 "write plain text values without tags")]
    except RecursionError:
        return None, [Diagnostic(Location(shown, line_offset + 1), "YAML is nested too deeply")]
    finally:
        loader.dispose()


def _yaml_hint(problem: str) -> str:
    if "could not determine a constructor" in problem or "tag" in problem:
        return "tags such as !!python/object are not allowed; write plain values"
    if "nesting depth" in problem:
        return "fields are nested two or three levels at most; check the brackets and indentation"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"…: …\""
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    return "check the indentation and quoting on this line and the one before it"


class _TooLarge(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def _check_size(root: yaml.Node, line_offset: int) -> None:
    """Raise _TooLarge if the document has too many values (counting every alias as a copy) or is too deep."""
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_YAML_NODES or depth > MAX_YAML_DEPTH:
            mark = node.start_mark
            message = (f"YAML expands to more than {MAX_YAML_NODES:,} values (an alias bomb?)"
                       if count > MAX_YAML_NODES else f"YAML is nested more than {MAX_YAML_DEPTH} levels deep")
            raise _TooLarge(message, mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            _check_keys(node, line_offset)
            stack.extend((value, depth + 1) for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


class _Duplicate(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def _check_keys(node: yaml.MappingNode, line_offset: int) -> None:
    """Raise _Duplicate at the second of two equal keys of one mapping (YAML would keep the last silently)."""
    seen: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        name = key.value
        if name in seen:
            raise _Duplicate(f"the key `{visible(name)}` appears twice (first at line {seen[name] + line_offset})",
                             key.start_mark.line + 1, key.start_mark.column + 1)
        seen[name] = key.start_mark.line + 1


class _PositionWalker:
    """Records the source mark of every value and key (of a document `_check_size` has accepted)."""

    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.count = 0
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def walk(self, node: yaml.Node, path: Path_, depth: int) -> None:
        self.count += 1
        self.positions[path] = self._mark(node)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(self.count)
                self.key_positions[path + (key,)] = self._mark(key_node)
                self.walk(value_node, path + (key,), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.walk(item, path + (i,), depth + 1)


def load_document(path: Path, content_dir: Path) -> tuple[RawDocument | None, list[Diagnostic]]:
    """Read a Markdown file with YAML front matter, or a plain YAML file (site.yaml)."""
    raw, diags = read_bytes(path, display_path(path))
    return (None, diags) if raw is None else parse_document(raw, path, content_dir)


def parse_document(raw: bytes, path: Path, content_dir: Path) -> tuple[RawDocument | None, list[Diagnostic]]:
    """The bytes of a content file → its front matter (or YAML) as data, and its body."""
    shown = display_path(path)
    rel = path.relative_to(content_dir).as_posix()
    text, diags = decode(raw, shown)
    if text is None:
        return None, diags
    if path.suffix in (".yaml", ".yml"):
        yaml_text, body, body_line, offset = text, "", 0, 0
    else:
        front, body, body_line = split_front_matter(text)
        if front is None:
            return None, [Diagnostic(Location(shown, 1), "no front matter found",
                                     "start the file with a line `---`, the YAML fields, and another `---`")]
        if body_line < 0:
            return None, [Diagnostic(Location(shown, 1), "front matter is not closed",
                                     "end the YAML fields with a line containing only `---`")]
        yaml_text, offset = front, 1
    data, diags = parse_yaml(yaml_text, shown, offset)
    if diags:
        return None, diags
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Diagnostic(Location(shown, offset + 1), f"expected YAML fields (key: value), found {_yaml_kind(data)}",
                                 "write one `field: value` per line")]
    return RawDocument(shown, rel, data, yaml_text, offset, body, body_line), []


def _yaml_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    return f"a single value ({value!r:.40})"
