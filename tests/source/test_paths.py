"""Paths: names with `..`, absolute paths, links leading out of content/ (a file, a folder, site.yaml,
an attachment), link loops and two notices that want the same address are errors; a build writes
nothing outside its output folder, and refuses an output folder that would replace its sources."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SAMPLE_CONTENT, run_cli, tree_digest

NOW = "2026-12-01T10:00"
NOTICE = """---
title: 测试公告
issuer: 示例单位
kind: generic
issued: 2026-01-05
{extra}---
正文。
"""


def listing(folder: Path) -> dict[str, int]:
    """Every path under a folder (links not followed) with its size: what a build may not change."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            out[p.relative_to(folder).as_posix()] = 0 if p.is_dir() or p.is_symlink() else p.stat().st_size
    return out


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """tmp/site/content with the sample site.yaml and one notice; tmp/outside holds files to link to."""
    content = tmp_path / "site" / "content"
    (content / "notices").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yaml", content / "site.yaml")
    (content / "notices" / "good.md").write_text(NOTICE.format(extra=""), "utf-8")
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.md").write_text(NOTICE.format(extra="summary: 外面的文件\n"), "utf-8")
    (outside / "folder" / "index.md").write_text(NOTICE.format(extra=""), "utf-8")
    (outside / "site.yaml").write_text("title: 外面的配置\n", "utf-8")
    (outside / "passwd.pdf").write_bytes(b"%PDF-1.4 secret")
    return content


Build = Callable[[Path], str]


@pytest.fixture()
def fails(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Build:
    """Build the good site, then build again after a change: exit 1, no traceback, output and every
    folder around it unchanged. Returns the error text."""
    out = site.parent / "output"
    assert run_cli("build", "--content", site, "--output", out, "--now", NOW, "--no-search") == 0
    before = tree_digest(out)

    def run(content: Path = site) -> str:
        around = listing(tmp_path)
        capsys.readouterr()
        assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert tree_digest(out) == before, "a failed build must leave the previous output untouched"
        assert listing(tmp_path) == around, "nothing may be written (or left) outside the output folder"
        return err

    return run


def test_a_file_name_with_dots_is_an_error(site: Path, fails: Build) -> None:
    (site / "notices" / "..hidden.md").write_text(NOTICE.format(extra=""), "utf-8")
    (site / "notices" / "a..b").mkdir()
    (site / "notices" / "a..b" / "index.md").write_text(NOTICE.format(extra=""), "utf-8")
    err = fails()
    assert "notices/..hidden.md:2:" in err and "notices/a..b/index.md:2:" in err
    assert err.count("does not make a valid address") == 2


@pytest.mark.parametrize("slug", ["../../escaped", "/tmp/escaped", "a/../../b", "..", "x\\\\..\\\\y", "%2e%2e"])
def test_a_slug_that_is_a_path_is_an_error(site: Path, fails: Build, slug: str) -> None:
    (site / "notices" / "bad.md").write_text(NOTICE.format(extra=f'slug: "{slug}"\n'), "utf-8")
    err = fails()
    assert "notices/bad.md:6:" in err and "slug" in err


@pytest.mark.parametrize("alias", ["../../escaped.html", "/../escaped/", "old/../../../x.html", "//evil.example/",
                                   "file:///etc/passwd", "C:\\\\x.html"])
def test_an_alias_that_leaves_the_site_is_an_error(site: Path, fails: Build, alias: str) -> None:
    (site / "notices" / "bad.md").write_text(NOTICE.format(extra=f'aliases: ["{alias}"]\n'), "utf-8")
    assert "notices/bad.md:6:" in fails()


def test_a_linked_file_leading_out_of_content_is_an_error(site: Path, fails: Build) -> None:
    (site / "notices" / "linked.md").symlink_to(site.parent.parent / "outside" / "secret.md")
    err = fails()
    assert "notices/linked.md: error: file is a link that leads out of the content folder" in err


def test_a_linked_folder_leading_out_of_content_is_an_error(site: Path, fails: Build) -> None:
    (site / "notices" / "linked").symlink_to(site.parent.parent / "outside" / "folder", target_is_directory=True)
    err = fails()
    assert "notices/linked/index.md: error: file is a link that leads out of the content folder" in err


def test_a_linked_notices_folder_is_an_error(site: Path, tmp_path: Path, fails: Build) -> None:
    shutil.rmtree(site / "notices")
    (site / "notices").symlink_to(site.parent.parent / "outside", target_is_directory=True)
    err = fails()
    assert "notices/secret.md: error: file is a link that leads out" in err


def test_a_linked_site_yaml_is_an_error(site: Path, fails: Build) -> None:
    (site / "site.yaml").unlink()
    (site / "site.yaml").symlink_to(site.parent.parent / "outside" / "site.yaml")
    assert "site.yaml: error: file is a link that leads out of the content folder" in fails()


def test_link_loops_are_errors(site: Path, fails: Build) -> None:
    (site / "notices" / "loop.md").symlink_to("loop.md")
    (site / "notices" / "ping.md").symlink_to("pong.md")
    (site / "notices" / "pong.md").symlink_to("ping.md")
    err = fails()
    assert "notices/loop.md: error:" in err and "notices/ping.md: error:" in err


def _folder_notice(site: Path, file: str) -> Path:
    folder = site / "notices" / "with-files"
    folder.mkdir()
    (folder / "index.md").write_text(NOTICE.format(extra=f"attachments:\n  - file: {file}\n    title: 附件\n"), "utf-8")
    return folder


@pytest.mark.parametrize("file", ["../good.md", "sub/../../good.md", "/etc/passwd", "../../../outside/passwd.pdf"])
def test_an_attachment_path_leaving_its_folder_is_an_error(site: Path, fails: Build, file: str) -> None:
    _folder_notice(site, file)
    err = fails()
    assert "notices/with-files/index.md:7:" in err and "attachments[0].file" in err


def test_a_linked_attachment_leading_out_of_its_folder_is_an_error(site: Path, fails: Build) -> None:
    folder = _folder_notice(site, "report.pdf")
    (folder / "report.pdf").symlink_to(site.parent.parent / "outside" / "passwd.pdf")
    assert "`report.pdf` is a link that leads out of the notice's folder" in fails()


def test_an_attachment_linked_to_another_notice_folder_is_an_error(site: Path, fails: Build) -> None:
    other = site / "notices" / "other"
    other.mkdir()
    (other / "index.md").write_text(NOTICE.format(extra=""), "utf-8")
    (other / "report.pdf").write_bytes(b"%PDF-1.4")
    folder = _folder_notice(site, "report.pdf")
    (folder / "report.pdf").symlink_to(other / "report.pdf")
    assert "`report.pdf` is a link that leads out of the notice's folder" in fails()


def test_an_attachment_link_loop_is_an_error(site: Path, fails: Build) -> None:
    folder = _folder_notice(site, "loop.pdf")
    (folder / "loop.pdf").symlink_to("loop.pdf")
    assert "notices/with-files/index.md:7:" in fails()


@pytest.mark.parametrize(("files", "message"), [
    ({"same.md": "", "same/index.md": ""}, "slug `same` is already used"),
    ({"a.md": "slug: b\n", "b.md": ""}, "slug `b` is already used"),
    ({"a.md": "aliases: [/notices/b/]\n", "b.md": ""}, "alias `notices/b/` is the address of the notice `b`"),
    ({"a.md": "aliases: [/old/x.html]\n", "b.md": "aliases: [old/x.html]\n"}, "is already an alias of"),
    ({"a.md": "aliases: [/archive/]\n"}, "is a page the site itself generates"),
    ({"a.md": "aliases: [/404.html]\n"}, "takes the place of `404.html`"),
    ({"a.md": "aliases: [/archive/2026/]\n"}, "is a page the site itself generates"),
])
def test_two_things_at_one_address_are_an_error(site: Path, fails: Build, files: dict[str, str], message: str) -> None:
    for name, extra in files.items():
        path = site / "notices" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(NOTICE.format(extra=extra), "utf-8")
    assert message in fails()


def test_a_build_writes_only_its_output_folder(site: Path, tmp_path: Path) -> None:
    """A successful build (with search) creates the output folder and its build cache and nothing else
    around them, and leaves no temporary folder behind."""
    around = listing(tmp_path)
    out = site.parent / "output"
    assert run_cli("build", "--content", site, "--output", out, "--now", NOW) == 0
    after = listing(tmp_path)
    added = {p for p in after if p not in around}
    mine = ("site/output", "site/.gongshi-cache", "site/.output.lock", "site/.gongshi-cache.lock")
    assert added and all(p in mine or p.startswith(tuple(m + "/" for m in mine)) for p in added), sorted(added)[:10]
    assert {p: s for p, s in after.items() if p in around} == around, "nothing else changed"
    assert (out / "pagefind").is_dir() and (out / "index.html").is_file()


@pytest.mark.parametrize("where", [".", "..", "content", "themes", "templates"])
def test_an_output_folder_holding_the_sources_is_refused(site: Path, where: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = site.parent
    (root / "themes" / "mine").mkdir(parents=True)
    (root / "templates").mkdir()
    output = {".": root, "..": root.parent, "content": site}.get(where, root / where)
    before = listing(root.parent)
    assert run_cli("build", "--content", site, "--output", output, "--now", NOW, "--no-search") == 1
    err = capsys.readouterr().err
    assert "building would replace it" in err and "Traceback" not in err
    assert listing(root.parent) == before, "nothing was replaced or written"
