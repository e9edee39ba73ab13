"""Listing pages: the index (paginated), the archive by year, and an overview page plus one page per
value for issuers, kinds and tags (see `site.Taxonomy`). The 404 page is here too: it lists nothing,
but like the listings it is a page of the site rather than of a notice.

Page 1 of a listing lives at its folder (index.html, archive/2025/), page n at `<folder>page/<n>/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..site import Entry, Group, Taxonomy
from . import OutputFile, RenderContext

STATES = ("open", "upcoming", "closed", "withdrawn", "none")
BROWSE = ("issuer", "kind", "tag")
"""Taxonomies with an overview page of their own (the year overview is archive/index.html)."""


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a paginated listing."""

    number: int
    count: int
    base: str
    """Folder of page 1, relative to the site root: "" for the index, archive/2025/ for a year."""
    entries: tuple[Entry, ...]

    def path_of(self, n: int) -> str:
        """Folder of page n."""
        return self.base if n == 1 else f"{self.base}page/{n}/"

    @property
    def path(self) -> str:
        return self.path_of(self.number)

    @property
    def previous(self) -> str | None:
        return self.path_of(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.path_of(self.number + 1) if self.number < self.count else None

    def window(self) -> list[int | None]:
        """Page numbers to link: the first, the last and two either side of this one; None marks a gap."""
        shown = sorted({1, self.count} | {n for n in range(self.number - 2, self.number + 3) if 1 <= n <= self.count})
        out: list[int | None] = []
        for n in shown:
            if out and n - (out[-1] or 0) > 1:
                out.append(None if n - (out[-1] or 0) > 2 else n - 1)
            out.append(n)
        return out


def paginate(entries: tuple[Entry, ...], per_page: int, base: str) -> list[Pager]:
    """Split a listing into pages of `per_page`; an empty listing still has its (empty) first page."""
    per_page = max(1, per_page)
    count = max(1, -(-len(entries) // per_page))
    return [Pager(n, count, base, entries[(n - 1) * per_page: n * per_page]) for n in range(1, count + 1)]


def render(ctx: RenderContext) -> list[OutputFile]:
    site = ctx.site
    files = index_pages(ctx)
    files.append(ctx.page("archive.html", "archive/index.html", years=site.archive(),
                          browse=[site.taxonomy(name) for name in BROWSE]))
    for taxonomy in site.taxonomies:
        if taxonomy.name in BROWSE:
            files.append(ctx.page("taxonomy.html", taxonomy.path + "index.html", taxonomy=taxonomy,
                                  groups=[(g, group_label(ctx, taxonomy.name, g.key)) for g in taxonomy.groups]))
        for group in taxonomy.groups:
            files.extend(group_pages(ctx, taxonomy, group))
    files.append(not_found(ctx))
    return files


def index_pages(ctx: RenderContext) -> list[OutputFile]:
    listed = ctx.site.listed()
    totals = {state: sum(1 for e in listed if e.state == state) for state in STATES}
    files = []
    for pager in paginate(listed, ctx.site.config.per_page, ""):
        groups = [(state, [e for e in pager.entries if e.state == state]) for state in STATES]
        files.append(ctx.page("index.html", pager.path + "index.html", groups=[g for g in groups if g[1]],
                              entries=pager.entries, pager=pager, totals=totals))
    return files


def group_pages(ctx: RenderContext, taxonomy: Taxonomy, group: Group) -> list[OutputFile]:
    label = group_label(ctx, taxonomy.name, group.key)
    return [ctx.page("group.html", pager.path + "index.html", taxonomy=taxonomy, group=group, label=label,
                     pager=pager)
            for pager in paginate(group.entries, ctx.site.config.per_page, group.path)]


def group_label(ctx: RenderContext, taxonomy: str, key: str) -> str:
    """What readers see for a value: 2025年, 整改进展通报, or the issuer or tag as written."""
    t = ctx.t()
    if taxonomy == "year":
        return t("archive.year", year=key)
    if taxonomy == "kind":
        return t("kind." + key)
    return key


def not_found(ctx: RenderContext) -> OutputFile:
    """404.html: a host serves it at whatever address was asked for, so its links start from the
    base URL's path instead of being relative to the page."""
    root = urlsplit(ctx.site.config.base_url).path or "/"
    return ctx.page("404.html", "404.html", root=root, canonical="")
