"""What a build must render: the key of every notice's files and the site's jobs.

A key names everything an output shows. A notice's page shows the notice itself (its content key
covers the file, its attachments and the settings), its state as of today, and a little of other
notices: its neighbours' titles, the notices related to it, the groups it is filed under. If none
of these changed since the last build, neither did the page, and it is not rendered again. The
site's jobs (listing pages, feeds, the open data index…) carry keys made the same way from the
records of the notices they show.

Keys also include `env`: the generator, the settings, the theme's files and the build options, so a
changed template renders every page that could use it.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.assemble.site import Site
from generator.build.cache import fingerprint
from generator.render.outputs import (
    Job,
    RenderContext,
    accessibility,
    assets,
    data,
    feeds,
    listing,
    redirects,
    search_page,
    share_card,
)


def notice_keys(site: Site, env: str) -> dict[str, tuple[object, ...]]:
    """The key of every notice's files. Tuples, not digests: ten thousand of them are made and compared
    on every build, which costs less than hashing them."""
    records, states, today = site.records, site.states, site.today_ordinal
    neighbours, related_of = site.neighbour_slugs, site.related_slugs
    kinds, issuers, tags = ({key: g.path for key, g in site.taxonomy(name).by_key.items()}
                            for name in ("kind", "issuer", "tag"))

    def link(other: str | None) -> object:
        return None if other is None else (other, records[other].title)

    keys: dict[str, tuple[object, ...]] = {}
    for slug, record in records.items():
        before, after = neighbours.get(slug, (None, None))
        related = tuple((s, records[s].title, records[s].kind, records[s].issued, states[s])
                        for s in related_of.get(slug, ()))
        groups = (kinds.get(str(record.kind)), issuers.get(str(record.issuer)), tuple(tags.get(t) for t in record.tags))
        keys[slug] = (env, today, record.key, states[slug], link(before), link(after), related, groups)
    return keys


def site_jobs(ctx: RenderContext, env: str, fragment_signs: dict[str, str], fragments: Callable[[str], bytes],
              bodies: Callable[[str], str], newest: list[str], faces: dict[str, str]) -> list[Job]:
    """Every job of the site but the sitemap (which lists what the others made). `fragment_signs` holds a
    digest of each notice's entry of the open data index, `newest` the notices the feeds show, `faces` a
    digest of each notice without its text (what listings show, see listing.Cards)."""
    site = ctx.site
    today = site.today_ordinal
    index_key = fingerprint(env, today, [(s, fragment_signs[s]) for s in data.index_order(site)])
    feed_key = fingerprint(env, [(s, site.records[s].key) for s in newest], None if newest else today)
    return [*listing.jobs(ctx, env, faces), *feeds.jobs(ctx, feed_key, bodies, newest),
            *data.jobs(ctx, index_key, fragments, env), *search_page.jobs(ctx, env), *assets.jobs(ctx, env),
            *share_card.jobs(ctx, env), *accessibility.jobs(ctx, env),
            *redirects.jobs(ctx)]
