"""Listing pages: the index (paginated), the archive by year, and an overview page plus one page per
value for issuers, kinds and tags (see `site.Taxonomy`). The 404 page is here too: it lists nothing,
but like the listings it is a page of the site rather than of a notice.

Page 1 of a listing lives at its folder (index.html, archive/2025/), page n at `<folder>page/<n>/`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from generator.assemble.site import Entry, Group, Site, Taxonomy
from generator.render.outputs import Job, OutputFile, RenderContext

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
    slugs: tuple[str, ...]
    entries: tuple[Entry, ...] = ()
    """The notices of the page, filled in when the page is rendered."""

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


def paginate(slugs: tuple[str, ...], per_page: int, base: str) -> list[Pager]:
    """Split a listing into pages of `per_page`; an empty listing still has its (empty) first page."""
    per_page = max(1, per_page)
    count = max(1, -(-len(slugs) // per_page))
    return [Pager(n, count, base, slugs[(n - 1) * per_page: n * per_page]) for n in range(1, count + 1)]


def jobs(ctx: RenderContext, env_key: str, faces: dict[str, str]) -> list[Job]:
    """Every listing page. Each key names the cards the page shows (see `Cards`), so a page is rendered
    again only when what it shows of its notices, their states or the page's place in the listing changed.
    `faces`: a digest of each notice without its text (its front matter as validated)."""
    site = ctx.site
    today = site.today.isoformat()
    cards = Cards(site, faces)
    out = index_jobs(ctx, f"{env_key}:{today}", cards)
    out.append(_archive_job(ctx, f"{env_key}:{today}", cards))
    for taxonomy in site.taxonomies:
        if taxonomy.name in BROWSE:
            out.append(_overview_job(ctx, taxonomy, env_key))
        for group in taxonomy.groups:
            out.extend(group_jobs(ctx, taxonomy, group, f"{env_key}:{today}", cards))
    out.append(Job("404.html", env_key, lambda: [not_found(ctx)]))
    return out


class Cards(dict[str, str]):
    """What a listing shows of each notice, by slug: the notice without its text (its face), the progress
    of its items and its state (and the day). An edit of the text alone changes none of them. Made once
    per notice, though a notice is listed on several pages."""

    def __init__(self, site: Site, faces: dict[str, str]) -> None:
        super().__init__()
        self.site, self.faces = site, faces

    def __missing__(self, slug: str) -> str:
        record = self.site.records[slug]
        card = self[slug] = f"{slug}={self.faces[slug]}:{record.progress}:{record.has_items}:{self.site.state(slug)}"
        return card


def _key(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def index_jobs(ctx: RenderContext, env_key: str, cards: Cards) -> list[Job]:
    site = ctx.site
    listed = site.listed()
    totals = {state: 0 for state in STATES}
    for slug in listed:
        totals[site.state(slug)] += 1

    def job(pager: Pager) -> Job:
        def render() -> list[OutputFile]:
            full = replace(pager, entries=site.entries(pager.slugs))
            groups = [(state, [e for e in full.entries if e.state == state]) for state in STATES]
            return [ctx.page("index.html", pager.path + "index.html", groups=[g for g in groups if g[1]], all_groups=groups,
                             entries=full.entries, pager=full, totals=totals)]

        key = _key(env_key, pager.number, pager.count, totals, [cards[s] for s in pager.slugs])
        return Job(f"index/{pager.number}", key, render)

    return [job(p) for p in paginate(listed, site.config.per_page, "")]


def _archive_job(ctx: RenderContext, env_key: str, cards: Cards) -> Job:
    """archive/index.html: each year with its number of notices and its newest ones, and the other ways
    to browse the archive."""
    site = ctx.site
    per_page = max(1, site.config.per_page)
    years = site.taxonomy("year").groups

    def render() -> list[OutputFile]:
        shown = [(g, site.entries(g.slugs[:per_page])) for g in years]
        return [ctx.page("archive.html", "archive/index.html", years=shown,
                         browse=[site.taxonomy(name) for name in BROWSE])]

    key = _key(env_key, [(g.key, g.count, [cards[s] for s in g.slugs[:per_page]]) for g in years],
               [(t.name, bool(t.groups)) for t in site.taxonomies])
    return Job("archive", key, render)


def _overview_job(ctx: RenderContext, taxonomy: Taxonomy, env_key: str) -> Job:
    def render() -> list[OutputFile]:
        return [ctx.page("taxonomy.html", taxonomy.path + "index.html", taxonomy=taxonomy,
                         groups=[(g, group_label(ctx, taxonomy.name, g.key)) for g in taxonomy.groups])]

    key = _key(env_key, [(g.key, g.path, g.count) for g in taxonomy.groups])
    return Job(f"overview/{taxonomy.name}", key, render)


def group_jobs(ctx: RenderContext, taxonomy: Taxonomy, group: Group, env_key: str, cards: Cards) -> list[Job]:
    site = ctx.site
    label = group_label(ctx, taxonomy.name, group.key)

    def job(pager: Pager) -> Job:
        def render() -> list[OutputFile]:
            full = replace(pager, entries=site.entries(pager.slugs))
            return [ctx.page("group.html", pager.path + "index.html", taxonomy=taxonomy, group=group, label=label,
                             pager=full)]

        key = _key(env_key, group.count, pager.number, pager.count, [cards[s] for s in pager.slugs])
        return Job(f"group/{pager.path}", key, render)

    return [job(p) for p in paginate(group.slugs, site.config.per_page, group.path)]


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
