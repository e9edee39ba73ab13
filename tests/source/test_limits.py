"""The size limits of content files and their YAML, at each exact limit and one past it.

Pure: the loader's functions are called directly (tests/source/test_hostile_input.py builds sites
with files far past the limits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Diagnostic, Location
from generator.source import load, yaml_limits
from generator.source.load import (
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    decode,
    parse_yaml,
    read_bytes,
)

NODES_HINT = "a notice needs a few dozen fields; move long lists into the Markdown body"
DEPTH_HINT = "fields are nested two or three levels at most; check the brackets and indentation"
ALIAS_HINT = "front matter has no need for anchors and aliases; write the values out"


def test_the_limits() -> None:
    assert (MAX_FILE_BYTES, MAX_LINE_CHARS, MAX_YAML_NODES, MAX_YAML_DEPTH) == (2 * 1024 * 1024, 20_000, 20_000, 40)


def test_a_file_of_exactly_the_size_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    at_limit = tmp_path / "at.md"
    at_limit.write_bytes(b"a" * MAX_FILE_BYTES)
    data, diagnostics = read_bytes(at_limit, "notices/at.md")
    assert diagnostics == [] and data is not None and len(data) == MAX_FILE_BYTES
    over = tmp_path / "over.md"
    over.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    assert read_bytes(over, "notices/over.md") == (None, [Diagnostic(
        Location("notices/over.md"), "file is 2,097,153 bytes; the limit is 2,097,152",
        "split the notice, or move large tables into an attachment")])


def test_a_line_of_exactly_the_length_limit_is_read_and_one_character_more_is_refused() -> None:
    text = "---\ntitle: x\n---\n" + "字" * MAX_LINE_CHARS + "\n"
    assert decode(text.encode(), "notices/a.md") == (text, [])
    longer = "---\ntitle: x\n---\n正文\n" + "字" * (MAX_LINE_CHARS + 1) + "\n尾\n"
    assert decode(longer.encode(), "notices/a.md") == (None, [Diagnostic(
        Location("notices/a.md", 5), "line is 20,001 characters long; the limit is 20,000",
        "break the paragraph into several lines or paragraphs")])


def test_a_long_last_line_without_a_newline() -> None:
    assert decode(("x\n" + "y" * (MAX_LINE_CHARS + 5)).encode(), "a.md")[1] == [Diagnostic(
        Location("a.md", 2), "line is 20,005 characters long; the limit is 20,000",
        "break the paragraph into several lines or paragraphs")]


def _sequence(items: int) -> str:
    """A YAML list of `items` numbers: 1 + items values."""
    return "".join(f"- {i}\n" for i in range(items))


def test_yaml_of_exactly_the_value_limit_is_read_and_one_value_more_is_refused() -> None:
    data, diagnostics = parse_yaml(_sequence(MAX_YAML_NODES - 1), "site.yaml")
    assert diagnostics == [] and len(data) == MAX_YAML_NODES - 1
    assert parse_yaml(_sequence(MAX_YAML_NODES), "site.yaml", line_offset=1) == (None, [Diagnostic(
        Location("site.yaml", MAX_YAML_NODES + 1, 3), "YAML has more than 20,000 values", NODES_HINT)])


def test_yaml_nested_exactly_to_the_depth_limit_is_read_and_one_level_more_is_refused() -> None:
    data, diagnostics = parse_yaml("[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH, "a.md")
    assert diagnostics == []
    depth = 0
    while isinstance(data, list) and data:
        data, depth = data[0], depth + 1
    assert depth == MAX_YAML_DEPTH - 1 and data == []
    assert parse_yaml("[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1), "a.md", line_offset=1) == (None, [
        Diagnostic(Location("a.md", 2, MAX_YAML_DEPTH + 1), "YAML is nested more than 40 levels deep", DEPTH_HINT)])


def test_closing_collections_lowers_the_depth_again() -> None:
    # Thirty-nine levels under a key, closed, then thirty-nine more: never deeper than forty at once.
    nested = "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1)
    assert parse_yaml(f"a: {nested}\nb: {nested}\n", "a.md")[1] == []


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("[1, 2]", 3, None),
        ("[1, 2, 3]", 3, ("YAML has more than 3 values", 1, 8)),
        ("a: 1\n", 3, None),
        ("a: 1\nb: 2\n", 3, ("YAML has more than 3 values", 2, 1)),
        ("a: &x [1]\nb: *x\n", 6, None),  # an alias is one event here, whatever it stands for
        ("a: &x [1]\nb: *x\nc: 3\n", 6, ("YAML has more than 6 values", 3, 1)),
    ],
)
def test_check_counts_each_value_event(text: str, limit: int, expected: tuple[str, int, int] | None) -> None:
    if expected is None:
        yaml_limits.check(load._Loader, text, limit, 10)
        return
    with pytest.raises(yaml_limits.TooLarge) as caught:
        yaml_limits.check(load._Loader, text, limit, 10)
    assert (caught.value.message, caught.value.line, caught.value.col) == expected
    assert caught.value.hint == NODES_HINT and str(caught.value) == expected[0]


@pytest.mark.parametrize(
    ("text", "depth", "expected"),
    [
        ("[[1]]", 2, None),
        ("[[[1]]]", 2, ("YAML is nested more than 2 levels deep", 1, 3)),
        ("a: {b: 1}\nc: {d: 2}\n", 2, None),
        ("a: {b: [1]}\n", 2, ("YAML is nested more than 2 levels deep", 1, 8)),
        ("- [1]\n- [2]\n- [3]\n", 2, None),
    ],
)
def test_check_measures_the_depth(text: str, depth: int, expected: tuple[str, int, int] | None) -> None:
    if expected is None:
        yaml_limits.check(load._Loader, text, 100, depth)
        return
    with pytest.raises(yaml_limits.TooLarge) as caught:
        yaml_limits.check(load._Loader, text, 100, depth)
    assert (caught.value.message, caught.value.line, caught.value.col) == expected
    assert caught.value.hint == DEPTH_HINT


def test_aliases_are_counted_as_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_YAML_NODES", 12)
    # Events: mapping, a, seq, 1, 2, 3, b, seq, *x, *x = 10; nodes with the copies: 1 + 1+3 + 1+ 2*(1+3) = 14.
    data, diagnostics = parse_yaml("a: &x [1, 2, 3]\nb: [*x, *x]\n", "a.md", line_offset=1)
    assert data is None and [(d.location.path, d.message, d.hint) for d in diagnostics] == [
        ("a.md", "YAML expands to more than 12 values (an alias bomb?)", ALIAS_HINT)]
    assert diagnostics[0].location.line == 2  # line_offset 1 + the first line of the YAML
    monkeypatch.setattr(load, "MAX_YAML_NODES", 14)
    assert parse_yaml("a: &x [1, 2, 3]\nb: [*x, *x]\n", "a.md") == ({"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}, [])


def test_an_alias_that_nests_deeper_than_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_YAML_DEPTH", 4)
    # Written, nothing is deeper than 3 collections; through the alias, the number 1 is at depth 5
    # (the root is at depth 0, every value inside a collection one deeper).
    assert parse_yaml("a: &x [[1]]\nb: [[*x]]\n", "a.md")[1] == [Diagnostic(
        Location("a.md", 1, 9), "YAML is nested more than 4 levels deep", ALIAS_HINT)]
    monkeypatch.setattr(load, "MAX_YAML_DEPTH", 5)
    assert parse_yaml("a: &x [[1]]\nb: [[*x]]\n", "a.md") == ({"a": [[1]], "b": [[[[1]]]]}, [])
