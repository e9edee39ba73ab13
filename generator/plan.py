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

from .cache import fingerprint
from .outputs import Job, RenderContext, assets, data, feeds, listing, redirects, search_page
from .site import Site


def notice_key(site: Site, slug: str, env: str) -> tuple[object, ...]:
    """A tuple, not a digest: thousands of them are compared on every build, which costs less than
    hashing them."""
    record = site.records[slug]
    before, after = site.neighbour_slugs.get(slug, (None, None))
    records = site.records

    def link(other: str | None) -> object:
        return None if other is None else (other, records[other].title)

    states = site.states
    related = tuple((s, records[s].title, records[s].kind, records[s].issued, states[s])
                    for s in site.related_slugs.get(slug, ()))
    tags = site.by_name["tag"].by_key
    groups = (_path(site, "kind", record.kind), _path(site, "issuer", record.issuer),
              tuple(tags[t].path if t in tags else None for t in record.tags))
    return (env, site.today_ordinal, record.key, states[slug], link(before), link(after), related, groups)


def _path(site: Site, taxonomy: str, key: str) -> str | None:
    group = site.group(taxonomy, key)
    return group.path if group else None


def site_jobs(ctx: RenderContext, env: str, fragment_signs: dict[str, str], fragments: Callable[[str], bytes],
              bodies: Callable[[str], str], newest: list[str]) -> list[Job]:
    """Every job of the site but the sitemap (which lists what the others made). `fragment_signs` holds a
    digest of each notice's entry of the open data index, `newest` the notices the feeds show."""
    site = ctx.site
    today = site.today_ordinal
    index_key = fingerprint(env, today, [(s, fragment_signs[s]) for s in data.index_order(site)])
    feed_key = fingerprint(env, [(s, site.records[s].key) for s in newest], None if newest else today)
    return [*listing.jobs(ctx, env), *feeds.jobs(ctx, feed_key, bodies, newest),
            *data.jobs(ctx, index_key, fragments, env), *search_page.jobs(ctx, env), *assets.jobs(ctx, env),
            *redirects.jobs(ctx)]
