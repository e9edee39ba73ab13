"""`gongshi build --preview`: the site of a pull or merge request, published for review, is not for
search engines. Every page says noindex, robots.txt disallows everything and names no sitemap, and no
sitemap is written; the published build of the same content is unchanged, and the build cache never
hands one kind of build the other's pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_CONTENT, THEMES, build, soup, tree_digest
from support.site_links import pages_of

NOW = "2026-12-01T10:00"


def robots_metas(page: Path) -> list[str]:
    return [m.get("content", "") for m in soup(page).find_all("meta", attrs={"name": "robots"})]


def sample(root: Path, theme: str = "default") -> Path:
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    path = content / "site.yaml"
    path.write_text(re.sub(r"(?m)^theme:.*$", f"theme: {theme}", path.read_text("utf-8")), "utf-8")
    return content


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_of_a_preview_says_noindex_and_robots_txt_disallows_everything(
        tmp_path: Path, theme: str) -> None:
    content = sample(tmp_path, theme)
    out = tmp_path / "preview"
    assert build(content, out, NOW, "--preview", "--drafts") == 0
    pages = pages_of(out)
    assert len(pages) > 30 and out / "404.html" in pages and out / "old" / "zhenggai-2026" / "index.html" in pages
    for page in pages:
        assert robots_metas(page) == ["noindex"], page
    assert (out / "robots.txt").read_text("utf-8") == "User-agent: *\nDisallow: /\n"
    assert not (out / "sitemap.xml").exists()
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".txt", ".xml", ".json"):
            assert b"sitemap" not in path.read_bytes(), path


def test_the_published_build_has_no_noindex_but_where_it_always_had(tmp_path: Path) -> None:
    content = sample(tmp_path)
    out = tmp_path / "public"
    assert build(content, out, NOW) == 0
    marked = {p.relative_to(out).as_posix() for p in pages_of(out) if robots_metas(p)}
    # The 404 page and the redirects from old addresses, as before; none of them twice.
    assert "404.html" in marked and "old/zhenggai-2026/index.html" in marked
    for rel in marked:
        assert robots_metas(out / rel) == ["noindex"], rel
        assert rel == "404.html" or soup(out / rel).find("meta", attrs={"http-equiv": "refresh"}), rel
    robots = (out / "robots.txt").read_text("utf-8")
    assert robots == "User-agent: *\nAllow: /\n\nSitemap: https://gongshi.example.org/sitemap.xml\n"
    assert (out / "sitemap.xml").is_file()


def test_the_cache_keeps_preview_and_published_builds_apart(tmp_path: Path) -> None:
    content = sample(tmp_path)
    fresh_published, fresh_preview = tmp_path / "fresh-public", tmp_path / "fresh-preview"
    assert build(content, fresh_published, NOW, "--no-cache") == 0
    assert build(content, fresh_preview, NOW, "--no-cache", "--preview") == 0
    out = tmp_path / "out"  # one output folder and its cache, alternating
    for extra, fresh in ((["--preview"], fresh_preview), ([], fresh_published), (["--preview"], fresh_preview)):
        assert build(content, out, NOW, *extra) == 0
        assert tree_digest(out) == tree_digest(fresh), extra
