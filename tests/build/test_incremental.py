"""Builds that reuse the build cache make exactly the site a build from scratch makes.

Random sequences of edits (bodies, front matter, titles that neighbours show), additions, deletions,
renamed files, attachments, template and configuration changes and other build moments are applied
to a copy of the sample site; after each step the cached build's output must equal, byte for byte, a
build of the same content from scratch. The cached builds must also really skip work (else the test
would pass with a cache that is never used).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_CONTENT, run_cli, tree_digest

from generator.build import search, write
from generator.build.pipeline import Options, build, parse_now

NOW = "2026-12-01T10:00"
MOMENTS = ["2026-12-01T10:00", "2026-12-01T18:30", "2026-12-09T16:00", "2027-01-04T09:00"]
"""The build moments a sequence moves through, in order: the same day, then later days."""


def make_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    (root / "templates").mkdir()
    return root / "content"


def built(content: Path, out: Path, now: str, *extra: str) -> None:
    assert run_cli("build", "--content", content, "--output", out, "--now", now, "--no-search", *extra) == 0


def notices(content: Path) -> list[Path]:
    return sorted(p for p in (content / "notices").rglob("*.md"))


# ---------------------------------------------------------------- the edits

def edit_body(content: Path, rng: random.Random) -> str:
    path = rng.choice(notices(content))
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n补充说明第{rng.randint(1, 999)}项。\n")
    return f"body of {path.name}"


def edit_title(content: Path, rng: random.Random) -> str:
    path = rng.choice(notices(content))
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m.group(1)}（修订{rng.randint(1, 99)}）", text, count=1),
                    "utf-8")
    return f"title of {path.name}"


def edit_issued(content: Path, rng: random.Random) -> str:
    """A new issue date moves the notice among its neighbours, across archive pages and years."""
    path = rng.choice(notices(content))
    text = path.read_text("utf-8")
    day = f"20{rng.choice(['25', '26'])}-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
    path.write_text(re.sub(r"(?m)^issued: .*$", f"issued: {day}", text, count=1), "utf-8")
    return f"issue date of {path.name}"


def add_notice(content: Path, rng: random.Random) -> str:
    n = rng.randint(100, 999)
    issued = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
    (content / "notices" / f"added-{n}.md").write_text(
        f"---\ntitle: 新增公告{n}\nissuer: 示例单位{n % 3}\nkind: generic\nissued: {issued}\n"
        f"tags: [新增, 标签{n % 2}]\nrelated: [example-project-2026]\n"
        f"disclosure:\n  start: {issued}\n  end: 2026-12-{rng.randint(2, 28):02d}\n---\n\n正文{n}。\n", "utf-8")
    return f"added-{n}.md"


def delete_notice(content: Path, rng: random.Random) -> str:
    candidates = [p for p in notices(content) if p.name.startswith("added-")]
    if not candidates:
        return add_notice(content, rng)
    victim = rng.choice(candidates)
    victim.unlink()
    return f"deleted {victim.name}"


def touch_only(content: Path, rng: random.Random) -> str:
    path = rng.choice(notices(content))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    return f"touched {path.name}"


def change_attachment(content: Path, rng: random.Random) -> str:
    csv = content / "notices" / "example-project-review-2026" / "xiaoqu-qingdan.csv"
    with csv.open("a", encoding="utf-8") as f:
        f.write(f"新增小区{rng.randint(1, 99)},{rng.randint(10, 300)}\n")
    return "attachment"


def change_template(content: Path, rng: random.Random) -> str:
    templates = content.parent / "templates"
    name = rng.choice(["notice.html", "_listing.html", "base.html"])
    override = templates / name
    if override.exists():
        override.unlink()
        return f"template {name} back to the theme's"
    source = (ROOT / "themes" / "default" / "templates" / name).read_text("utf-8")
    override.write_text(source.replace("{% block main %}", "{% block main %}<!-- local -->", 1)
                        if "{% block main %}" in source else source + "\n{# local #}\n", "utf-8")
    return f"template {name} overridden"


def change_config(content: Path, rng: random.Random) -> str:
    site = content / "site.yaml"
    text = site.read_text("utf-8")
    site.write_text(re.sub(r"(?m)^per_page: .*\n", "", text) + f"per_page: {rng.choice([2, 3, 20])}\n", "utf-8")
    return "per_page"


def edit_progress(content: Path, rng: random.Random) -> str:
    """An item's state changed in the body alone: listings and ledgers show the new progress."""
    for path in notices(content):
        text = path.read_text("utf-8")
        if "【已完成】" in text or "【推进中】" in text:
            old, new = rng.choice([("【已完成】", "【推进中】"), ("【推进中】", "【已完成】")])
            if old not in text:
                old, new = new, old
            path.write_text(text.replace(old, new, 1), "utf-8")
            return f"progress in {path.name}"
    raise AssertionError("the sample site has no item with a state")


EDITS: list[Callable[[Path, random.Random], str]] = [
    edit_body, edit_progress, edit_title, edit_title, edit_issued, add_notice, add_notice, delete_notice, touch_only,
    change_attachment, change_template, change_config,
]
"""Edits that touch one notice come twice as often as those that change every page (templates,
settings, the day), which would hide a page the cache failed to render again."""


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_build_the_same_site_as_from_scratch(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    content = make_site(tmp_path)
    out, clean = tmp_path / "output", tmp_path / "clean"
    moment = 0
    built(content, out, MOMENTS[moment])
    done = []
    for _ in range(8):
        if rng.random() < 0.15 and moment + 1 < len(MOMENTS):
            moment += 1
            done.append(f"time moves to {MOMENTS[moment]}")
        else:
            done.append(rng.choice(EDITS)(content, rng))
        built(content, out, MOMENTS[moment])
        shutil.rmtree(clean, ignore_errors=True)
        built(content, clean, MOMENTS[moment], "--no-cache")
        assert tree_digest(out) == tree_digest(clean), f"differs after: {done}"


def test_a_cached_build_renders_only_what_changed(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    opts = Options(content, tmp_path / "output", parse_now(NOW), search=False)
    first = build(opts)
    assert first.written and first.rendered == first.notices
    again = build(opts)
    assert again.written and again.rendered == 0 and again.changed == 0
    edit_body(content, random.Random(5))
    edited = build(opts)
    assert edited.rendered == 1 and 0 < edited.changed < first.files


def test_an_edit_of_the_text_alone_renders_no_listing_again(tmp_path: Path) -> None:
    """Listings show a notice's front matter, state and progress, not its text: a sentence added to a body
    renders fewer of the site's pages again than a changed title, and a changed item state (in the body)
    shows on the listings all the same."""
    content = make_site(tmp_path)
    out, clean = tmp_path / "output", tmp_path / "clean"
    told: list[tuple[str, int]] = []
    opts = Options(content, out, parse_now(NOW), search=False, progress=lambda step, done, total: told.append((step, total)))

    def pages_rendered() -> int:
        told.clear()
        assert build(opts).written
        return next(total for step, total in told if step == "pages")

    pages_rendered()
    target = next(p for p in notices(content) if "【推进中】" in p.read_text("utf-8"))
    with target.open("a", encoding="utf-8") as f:
        f.write("\n补充说明：本段只改正文。\n")
    text_only = pages_rendered()
    target.write_text(target.read_text("utf-8").replace("【推进中】", "【已完成】", 1), "utf-8")
    pages_rendered()
    built(content, clean, NOW, "--no-cache")
    assert tree_digest(out) == tree_digest(clean), "a changed item state shows on every page, as from scratch"
    edit_title(content, random.Random(3))
    assert text_only < pages_rendered()


def test_with_search_the_index_stays_the_same_as_from_scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the index in several shards (one per notice or two here), each edit re-indexes only the shards
    it touches, and the site, index included, is the one a build from scratch makes."""
    monkeypatch.setattr(search, "SHARD_SIZE", 1)
    content = make_site(tmp_path)
    out, clean = tmp_path / "output", tmp_path / "clean"
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW) == 0
    shards = search.previous_keys(out / search.BUNDLE)
    assert len(shards) > 2, "the sample site is indexed in several shards"
    moments = iter(MOMENTS[1:])
    for edit in (edit_body, add_notice, edit_title, delete_notice, touch_only, "later"):
        now = NOW if edit != "later" else next(moments)
        if edit != "later":
            edit(content, random.Random(7))  # type: ignore[operator]
        assert run_cli("build", "--content", content, "--output", out, "--now", now) == 0
        shutil.rmtree(clean, ignore_errors=True)
        assert run_cli("build", "--content", content, "--output", clean, "--now", now, "--no-cache") == 0
        name = getattr(edit, "__name__", edit)
        assert tree_digest(out) == tree_digest(clean), name
        after = search.previous_keys(out / search.BUNDLE)
        changed = {s for s in after if shards.get(s) != after[s]}
        if edit is edit_body:
            assert len(changed) == 1, "an edited text re-indexes its notice's shard alone"
        if edit is touch_only:
            assert not changed
        shards = after


def test_the_index_is_the_same_on_every_file_system(tmp_path: Path) -> None:
    """Two builds from scratch, one on the disk and one in memory (tmpfs, where files are listed in
    another order), make the same index byte for byte."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        pytest.skip("no writable tmpfs at /dev/shm")
    content = make_site(tmp_path)
    disk = tmp_path / "disk"
    memory = Path(tempfile.mkdtemp(dir=shm)) / "out"
    try:
        assert run_cli("build", "--content", content, "--output", disk, "--now", NOW, "--no-cache") == 0
        assert run_cli("build", "--content", content, "--output", memory, "--now", NOW, "--no-cache") == 0
        assert (disk / search.BUNDLE / search.MANIFEST).is_file()
        assert tree_digest(disk) == tree_digest(memory)
    finally:
        shutil.rmtree(memory.parent, ignore_errors=True)


def test_a_build_that_dies_while_completing_the_new_site_leaves_the_old_one(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A partial build links the unchanged files into the staged site before one swap: if it dies halfway
    through the links, output/ is still the old site, and the next build makes what a clean build makes."""
    content = make_site(tmp_path)
    out = tmp_path / "output"
    built(content, out, NOW)
    before = tree_digest(out)
    add_notice(content, random.Random(3))
    edit_title(content, random.Random(3))
    links = []
    real_link = os.link

    def dying_link(src: str | Path, dst: str | Path, **kwargs: object) -> None:
        links.append(dst)
        if len(links) == 3:
            raise KeyboardInterrupt("killed")
        real_link(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(write.os, "link", dying_link)
    with pytest.raises(KeyboardInterrupt):
        build(Options(content, out, parse_now(NOW), search=False))
    monkeypatch.setattr(write.os, "link", real_link)
    assert len(links) == 3
    assert tree_digest(out) == before
    built(content, out, NOW)
    assert not list(out.parent.glob(f".{out.name}.new-*"))
    clean = tmp_path / "clean"
    built(content, clean, NOW, "--no-cache")
    assert tree_digest(out) == tree_digest(clean)


def test_a_build_with_nothing_to_do_says_so_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The quick check: same files, same options, the same day and no period starting or ending in
    between, and the build answers without doing anything; any change makes it build again."""
    content = make_site(tmp_path)
    out = tmp_path / "output"

    def build_says(now: str = NOW, *extra: str) -> str:
        capsys.readouterr()
        assert run_cli("build", "--content", content, "--output", out, "--now", now, "--no-search", *extra) == 0
        return capsys.readouterr().out

    assert "wrote" in build_says()
    before = tree_digest(out)
    assert "nothing changed since the last build" in build_says()
    assert "nothing changed" in build_says("2026-12-01T11:00"), "later the same day, no period boundary between"
    assert tree_digest(out) == before
    for change, why in [
        (lambda: os.utime(notices(content)[0]), "a touched file is read again"),
        (lambda: (content / "notices" / "new.md").write_text(
            "---\ntitle: 新增\nissuer: 单位\nkind: generic\nissued: 2026-11-30\n---\n正文。\n", "utf-8"), "a new file"),
        (lambda: (content.parent / "templates" / "notice.html").write_text("{% extends 'theme/notice.html' %}\n",
                                                                         "utf-8"), "a template"),
    ]:
        change()
        assert "wrote" in build_says(), why
        assert "nothing changed" in build_says(), why
    assert "wrote" in build_says("2026-12-02T10:00"), "another day: days left and as-of dates change"
    assert "wrote" in build_says("2026-12-02T10:00", "--drafts"), "other options"
    (content / "notices" / "closing.md").write_text(
        "---\ntitle: 下午截止\nissuer: 单位\nkind: generic\nissued: 2026-12-01\n"
        "disclosure:\n  start: 2026-12-01\n  end: 2026-12-02 15:00\n---\n正文。\n", "utf-8")
    assert "wrote" in build_says("2026-12-02T10:00")
    assert "nothing changed" in build_says("2026-12-02T14:59"), "still open"
    assert "wrote" in build_says("2026-12-02T15:00"), "its period ended: its state changed"
    shutil.rmtree(out)
    assert "wrote" in build_says("2026-12-02T15:00"), "a missing output folder is built again"


def test_a_build_with_warnings_leaves_no_quick_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings are reported on every build, so such a build never answers 'nothing changed'."""
    content = make_site(tmp_path)
    (content / "notices" / "warned.md").write_text(
        "---\ntitle: 整改\nissuer: 单位\nkind: rectification-progress\nissued: 2026-11-30\n---\n\n"
        "## 一、情况\n\n#### 1. 没有状态的事项\n\n正文。\n", "utf-8")
    for _ in range(2):
        capsys.readouterr()
        assert run_cli("build", "--content", content, "--output", tmp_path / "o", "--now", NOW, "--no-search") == 0
        captured = capsys.readouterr()
        assert "has no progress state" in captured.err and "nothing changed" not in captured.out


def test_a_failed_build_reads_only_the_bodies_that_changed(tmp_path: Path) -> None:
    """After a good build, a build whose content has errors reads again only the bodies it would render:
    it still reports the errors of every changed file (front matter and body alike) and the kept warnings
    of the others, without reading the text of every notice."""
    content = make_site(tmp_path)
    (content / "notices" / "warned.md").write_text(
        "---\ntitle: 整改\nissuer: 单位\nkind: rectification-progress\nissued: 2026-11-30\n---\n\n"
        "## 一、情况\n\n#### 1. 没有状态的事项\n\n正文。\n", "utf-8")
    for n in range(20):
        (content / "notices" / f"plain-{n:02}.md").write_text(
            f"---\ntitle: 普通公告第{n}号\nissuer: 单位\nkind: generic\nissued: 2026-10-{n + 1:02}\n---\n正文。\n", "utf-8")
    told: list[tuple[str, int]] = []
    opts = Options(content, tmp_path / "output", parse_now(NOW), search=False,
                   progress=lambda step, done, total: told.append((step, total)))
    first = build(opts)
    assert first.written and first.notices > 20
    paths = [p for p in notices(content) if p.name != "warned.md"]
    head_broken, body_broken = paths[0], next(p for p in paths[1:] if "【推进中】" in p.read_text("utf-8"))
    head_broken.write_text(head_broken.read_text("utf-8").replace("title: ", "title: [", 1), "utf-8")
    body_broken.write_text(body_broken.read_text("utf-8").replace("【推进中】", "【快好了】", 1), "utf-8")
    told.clear()
    failed = build(opts)
    assert not failed.written
    errors = [d for d in failed.diagnostics if d.is_error]
    assert {Path(d.location.path).name for d in errors} == {head_broken.name, body_broken.name}
    assert any("unknown progress state 【快好了】" in d.message for d in errors)
    assert any("has no progress state" in d.message and d.location.path.endswith("warned.md")
               for d in failed.diagnostics if not d.is_error), "the unchanged notice's warning is kept"
    bodies_read = next(total for step, total in told if step == "notices")
    assert 1 <= bodies_read <= 4, f"{bodies_read} of {first.notices} bodies read"
    checked = run_cli("check", "--content", content)
    assert checked == 1, "a check reads every file, with no cache"
