"""The build cache is untrusted data. Each of its files is damaged in several ways (truncated, a bit
flipped, deleted, swapped with another cache file, replaced by a pickle that would run code, rewritten
with a valid checksum but data of the wrong shape); each time the next build after an edit says in one
line that the cache was ignored, exits 0, runs nothing it found there, and writes exactly what a
`--no-cache` build writes."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from conftest import SAMPLE_CONTENT, run_cli, tree_digest

from generator.build.quick import pack, unpack

NOW = "2026-12-01T10:00"


class _Boom:
    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, ("touch PWNED",))


def _truncate(path: Path, others: list[Path]) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _flip(path: Path, others: list[Path]) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) * 2 // 3] ^= 0x20
    path.write_bytes(bytes(data))


def _flip_header(path: Path, others: list[Path]) -> None:
    data = bytearray(path.read_bytes())
    data[3] ^= 0x01
    path.write_bytes(bytes(data))


def _delete(path: Path, others: list[Path]) -> None:
    path.unlink()


def _swap(path: Path, others: list[Path]) -> None:
    shutil.copyfile(others[0], path)


def _pickle(path: Path, others: list[Path]) -> None:
    path.write_bytes(pickle.dumps(_Boom()))


def _wrong_shape(path: Path, others: list[Path]) -> None:
    """A valid header and checksum around data that is not what the cache declares."""
    kind = path.read_bytes().split(b" ", 2)[1].decode()
    data = unpack(path, kind)
    if isinstance(data, dict) and "data" in data:
        data["data"][0] = {"notices/x.md": [[1, 2], 3, [], "x", []]}
    else:
        data = {k: 7 for k in data} or {"x": 7}
    path.write_bytes(pack(kind, data))


DAMAGES: list[Callable[[Path, list[Path]], None]] = [_truncate, _flip, _flip_header, _delete, _swap, _pickle,
                                                     _wrong_shape]


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("warm")
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    assert run_cli("build", "--content", root / "content", "--output", root / "output", "--now", NOW, "--no-search") == 0
    return root


def _files(cache: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in cache.iterdir() if p.is_file())


@pytest.mark.parametrize("kind", ["manifest.json", "notices", "fragments", "quick.json"])
@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.__name__.strip("_"))
def test_a_damaged_cache_file_is_reported_and_ignored(warm: Path, tmp_path: Path, kind: str,
                                                      damage: Callable[[Path, list[Path]], None],
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "site"
    shutil.copytree(warm / "content", root / "content")
    content, out, cache = root / "content", root / "output", root / ".gongshi-cache"
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 0
    assert set(_files(cache)) == {"fragments", "manifest.json", "notices", "quick.json"}
    target = next(p for p in cache.iterdir() if p.name.startswith(kind))
    others = [p for p in cache.iterdir() if p.is_file() and p != target and p.name != "quick.json"]
    damage(target, others)
    notice = next((content / "notices").glob("*.md"))
    notice.write_text(notice.read_text("utf-8").replace("title: ", "title: 改", 1), "utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 0
    err = capsys.readouterr().err
    assert not (tmp_path / "PWNED").exists(), "nothing in the cache may run"
    assert "Traceback" not in err
    notes = [line for line in err.splitlines() if "build cache" in line]
    if kind == "quick.json" or (kind == "manifest.json" and damage is _delete):
        assert notes == [], "a missing cache or a damaged quick note is simply no cache"
    else:
        assert len(notes) == 1 and "was ignored" in notes[0] and "building from scratch" in notes[0], err
    clean = tmp_path / "clean"
    assert run_cli("build", "--content", content, "--output", clean, "--now", NOW, "--no-search", "--no-cache") == 0
    assert tree_digest(out) == tree_digest(clean)
    data = (out / "data" / "notices.json").read_bytes()
    orjson.loads(data)  # still JSON (no cache bytes written into it)
    # the build wrote a good cache again: the next one is quick
    capsys.readouterr()
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 0
    assert "nothing changed" in capsys.readouterr().out


def test_no_cache_file_holds_code(warm: Path) -> None:
    """No compiled templates, no pickles: every file of the cache is a header line and JSON."""
    cache = warm / ".gongshi-cache"
    for path in cache.rglob("*"):
        assert path.is_file(), f"{path.name}: the cache has no folders (compiled templates lived in one)"
        head, _, body = path.read_bytes().partition(b"\n")
        assert head.startswith(b"gongshi-cache "), path.name
        orjson.loads(body)


def _record_field(index: int, value: object) -> Callable[[list[object]], None]:
    def craft(fields: list[object]) -> None:
        records = fields[1]
        assert isinstance(records, dict)
        first = next(iter(records.values()))
        first[index] = value
    return craft


def _output_flag(fields: list[object]) -> None:
    outputs = fields[3]
    assert isinstance(outputs, dict)
    next(iter(outputs.values()))[0][2] = "yes"


def _source_stat(fields: list[object]) -> None:
    sources = fields[0]
    assert isinstance(sources, dict)
    next(iter(sources.values()))[0] = [1.5, 2]


def _digest_type(fields: list[object]) -> None:
    keys = fields[2]
    assert isinstance(keys, dict)
    keys[next(iter(keys))] = 12


CRAFTED = {
    "a tag that is a number": _record_field(8, ["巡察整改", 3]),
    "a period of text": _record_field(10, ["2025-01-01", 1.0, 3, 4]),
    "a period too short": _record_field(10, [1.0, 2.0, 3]),
    "an issue date that is text": _record_field(6, "2025-01-01"),
    "a flag that is a number": _record_field(9, 0),
    "a progress state that is a number": _record_field(17, [[1, None]]),
    "an output's sitemap flag as text": _output_flag,
    "a file size that is a fraction": _source_stat,
    "a key that is a number": _digest_type,
}


@pytest.mark.parametrize("craft", CRAFTED.values(), ids=CRAFTED.keys())
def test_a_manifest_with_a_value_of_the_wrong_type_deep_inside_is_ignored(
        warm: Path, tmp_path: Path, craft: Callable[[list[object]], None],
        capsys: pytest.CaptureFixture[str]) -> None:
    """Each column of the manifest is checked: one value of the wrong type anywhere, behind a valid
    checksum, makes the build ignore the cache and build what a build without one builds."""
    root = tmp_path / "site"
    shutil.copytree(warm / "content", root / "content")
    content, out, cache = root / "content", root / "output", root / ".gongshi-cache"
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 0
    data = unpack(cache / "manifest.json", "manifest")
    craft(data["data"])
    (cache / "manifest.json").write_bytes(pack("manifest", data))
    (cache / "quick.json").unlink()
    capsys.readouterr()
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 0
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if "build cache" in line]
    assert len(notes) == 1 and "wrong shape" in notes[0] and "building from scratch" in notes[0], err
    assert "Traceback" not in err
    clean = tmp_path / "clean"
    assert run_cli("build", "--content", content, "--output", clean, "--now", NOW, "--no-search", "--no-cache") == 0
    assert tree_digest(out) == tree_digest(clean)
