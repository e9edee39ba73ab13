"""What the indexer was given of each page, kept in the build cache (search_kept.py): after an edit, the
edited notice's shard is indexed again and only the edited pages are spelt again from the HTML; the kept
spellings are untrusted data like the rest of the cache, so damaged, foreign or crafted files are ignored
and the index is always the one a build from scratch makes."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from conftest import run_cli, tree_digest
from test_incremental import NOW, edit_body, edit_title, make_site, notices

from generator.build import search, search_files, search_text
from generator.build.quick import FORMAT, MAGIC
from generator.build.search_kept import _checksum


def _spelt(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the pages the build spells from their HTML, from now on."""
    urls: list[str] = []
    record_of = search_text.record_of

    def counted(page: str, url: str) -> search_text.Record | None:
        urls.append(url)
        return record_of(page, url)

    monkeypatch.setattr(search_text, "record_of", counted)
    return urls


def _build(content: Path, out: Path, *extra: str) -> None:
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW, *extra) == 0


def _kept_files(content: Path) -> list[Path]:
    return sorted((content.parent / ".gongshi-cache" / search.KEPT).glob("*.json"))


def test_an_edit_spells_again_only_the_edited_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_site(tmp_path)
    out, clean = tmp_path / "output", tmp_path / "clean"
    spelt = _spelt(monkeypatch)
    _build(content, out)
    everything = len(spelt)
    assert everything >= len(notices(content)) and _kept_files(content), "a cold build spells every page and keeps them"
    spelt.clear()
    edited = edit_body(content, random.Random(11)).removeprefix("body of ").removesuffix(".md")
    _build(content, out)
    assert spelt and all(edited in url for url in spelt), f"only {edited}'s pages are spelt again, not {spelt}"
    _build(content, clean, "--no-cache")
    assert tree_digest(out) == tree_digest(clean)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) * 2 // 3] ^= 0x20
    path.write_bytes(bytes(data))


def _pickle(path: Path) -> None:
    class Boom:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, (f"touch {path.parent / 'PWNED'}",))

    path.write_bytes(pickle.dumps(Boom()))


def _rewrite(path: Path, change: Callable[[dict], object]) -> None:
    """The file rewritten with a valid header and checksum around changed data."""
    body = path.read_bytes().partition(b"\n")[2]
    data = orjson.loads(zlib.decompress(body))
    data = change(data)
    body = zlib.compress(orjson.dumps(data))
    path.write_bytes(b"%s search %d %s\n" % (MAGIC, FORMAT, _checksum(body)) + body)


def _other_engine(path: Path) -> None:
    _rewrite(path, lambda d: {**d, "engine": "another:version"})


def _wrong_shape(path: Path) -> None:
    _rewrite(path, lambda d: {**d, "pages": {p: [1, 2] for p in d["pages"]}})


def _crafted(path: Path) -> None:
    """Entries whose page digests are not those of the pages: a planted word must not reach the index."""
    def plant(d: dict) -> dict:
        for entry in d["pages"].values():
            if entry[2]:
                entry[0] = "0" * 32
                entry[2] = entry[2].replace("<p>", "<p>qplanted ")
        return d
    _rewrite(path, plant)


@pytest.mark.parametrize("damage", [_truncate, _flip, _pickle, _other_engine, _wrong_shape, _crafted, Path.unlink],
                         ids=lambda f: f.__name__.strip("_"))
def test_damaged_kept_spellings_are_ignored(tmp_path: Path, damage: Callable[[Path], None]) -> None:
    content = make_site(tmp_path)
    out, clean = tmp_path / "output", tmp_path / "clean"
    _build(content, out)
    for path in _kept_files(content):
        damage(path)
    edit_body(content, random.Random(5))
    _build(content, out)
    _build(content, clean, "--no-cache")
    assert tree_digest(out) == tree_digest(clean)
    assert not list(tmp_path.rglob("PWNED")), "nothing in the cache is run"
    assert b"qplanted" not in b"".join(p.read_bytes() for p in (out / search.BUNDLE).rglob("*") if p.is_file())
    assert _kept_files(content), "sound files are written again"


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    out, clean = tmp_path / "output", tmp_path / "clean"
    kept = content.parent / ".gongshi-cache" / search.KEPT
    kept.parent.mkdir(parents=True)
    kept.write_text("a file where the folder should be\n", "utf-8")
    _build(content, out)
    edit_body(content, random.Random(2))
    _build(content, out)
    _build(content, clean, "--no-cache")
    assert tree_digest(out) == tree_digest(clean)
    shutil.rmtree(clean)


def test_an_edit_taken_back_takes_its_shard_from_the_standby_site(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The site the build before last replaced (the standby site, where a build starts) keeps its index:
    an edit undone finds the edited shard there as it was and indexes nothing, and the site is the one a
    build from scratch makes."""
    monkeypatch.setattr(search, "SHARD_SIZE", 1)
    content = make_site(tmp_path)
    out, clean = tmp_path / "output", tmp_path / "clean"
    indexed: list[str] = []
    index_shard = search._index_shard
    monkeypatch.setattr(search, "_index_shard", lambda shard, *rest: (indexed.append(shard.name), index_shard(shard, *rest)))
    _build(content, out)
    target = notices(content)[3]
    original = target.read_bytes()
    indexed.clear()
    target.write_bytes(original + "\n补充说明。\n".encode())
    _build(content, out)
    assert len(indexed) == 1, indexed
    indexed.clear()
    target.write_bytes(original)
    _build(content, out)
    assert indexed == [], "the standby site's index already holds the shard as it was"
    _build(content, clean, "--no-cache")
    assert tree_digest(out) == tree_digest(clean)


def test_a_title_edit_indexes_its_own_shard_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edited title shows in the previous/next links of its neighbours' pages, which may be in other
    shards: their pages change, what the indexer would be given of them does not, so they are taken
    as they are and only the edited notice's shard is indexed again, as a build from scratch makes it."""
    monkeypatch.setattr(search, "SHARD_SIZE", 1)
    content = make_site(tmp_path)
    out, clean = tmp_path / "output", tmp_path / "clean"
    indexed: list[str] = []
    index_shard = search._index_shard
    monkeypatch.setattr(search, "_index_shard", lambda shard, *rest: (indexed.append(shard.name), index_shard(shard, *rest)))
    _build(content, out)
    for seed in range(4):
        before = search.previous_shards(out / search.BUNDLE)
        indexed.clear()
        edit_title(content, random.Random(seed))
        _build(content, out)
        after = search.previous_shards(out / search.BUNDLE)
        pages_changed = {name for name in after if after[name][0] != before[name][0]}
        records_changed = {name for name in after if after[name][1] != before[name][1]}
        assert len(records_changed) == 1 and indexed == sorted(records_changed), (indexed, records_changed)
        assert pages_changed >= records_changed
        if len(pages_changed) > 1:
            break
    else:
        pytest.fail("no title edit changed the pages of another shard: the test proves nothing")
    _build(content, clean, "--no-cache")
    assert tree_digest(out) == tree_digest(clean)


def test_a_shard_indexed_in_place_never_writes_through_a_link(tmp_path: Path) -> None:
    """A shard brought up to date in its old folder keeps the files that stay the same, removes the stale
    ones and replaces the changed ones: a file linked from the published site keeps its bytes."""
    published, folder = tmp_path / "published", tmp_path / "standby"
    (published / "index").mkdir(parents=True)
    (published / "index" / "same.pf_index").write_bytes(b"same")
    (published / "pagefind-entry.json").write_bytes(b"old entry")
    (published / "index" / "stale.pf_index").write_bytes(b"stale")
    (folder / "index").mkdir(parents=True)
    (folder / "gone").mkdir()
    for rel in ("index/same.pf_index", "pagefind-entry.json", "index/stale.pf_index"):
        os.link(published / rel, folder / rel)
    search_files.sync_folder(folder, {"index/same.pf_index": b"same", "pagefind-entry.json": b"new entry",
                                "text/a.json.gz": b"text"})
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "index/same.pf_index", "pagefind-entry.json", "text/a.json.gz"]
    assert not (folder / "gone").exists()
    assert (folder / "pagefind-entry.json").read_bytes() == b"new entry"
    assert (published / "pagefind-entry.json").read_bytes() == b"old entry", "the linked file was written through"
    assert (published / "index" / "stale.pf_index").read_bytes() == b"stale"
    assert os.path.samefile(folder / "index" / "same.pf_index", published / "index" / "same.pf_index")


def test_a_standby_index_without_its_browser_code_gets_it_again(tmp_path: Path) -> None:
    """Every shard current in the standby site, none in the published one, and the standby's pagefind.js
    lost: a shard is indexed again so that the new site has the browser code, and the site is the one a
    build from scratch makes."""
    content = make_site(tmp_path)
    out, clean = tmp_path / "output", tmp_path / "clean"
    target = notices(content)[2]
    original = target.read_bytes()
    _build(content, out)
    target.write_bytes(original + "\n补充说明。\n".encode())
    _build(content, out)
    target.write_bytes(original)  # the standby site (the first build's) has every shard as it now is
    standby = out.with_name(f".{out.name}.standby") / search.BUNDLE
    assert (standby / "pagefind.js").is_file(), "the standby site keeps its index"
    shutil.rmtree(out / search.BUNDLE)
    (standby / "pagefind.js").unlink()
    _build(content, out)
    _build(content, clean, "--no-cache")
    assert (out / search.BUNDLE / "pagefind.js").is_file()
    assert tree_digest(out) == tree_digest(clean)
