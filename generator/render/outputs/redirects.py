"""Old addresses (aliases) that keep working: a small page at each, and a `_redirects` file.

The page at an alias sends the reader on with `<meta http-equiv="refresh">` (no script, which the
Content-Security-Policy would refuse anyway), names the notice's address as canonical, and shows a
plain link for readers whose browser does not follow the refresh. Hosts that read `_redirects`
(Netlify, Cloudflare Pages) answer with a real 301 instead, before the page is ever served.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from generator.assemble.site import Entry, Site
from generator.errors import Diagnostic, Location
from generator.notice import aliases
from generator.render.outputs import Job, OutputFile, RenderContext

REDIRECTS_FILE = "_redirects"


def notice_files(ctx: RenderContext, entry: Entry) -> list[OutputFile]:
    """The page at each old address of the notice."""
    notice = entry.notice
    return [ctx.page("redirect.html", aliases.output_path(alias), lang=notice.lang, entry=entry, notice=notice,
                     target=entry.path, canonical=ctx.absolute(entry.path))
            for alias in notice.aliases]


def jobs(ctx: RenderContext) -> list[Job]:
    site = ctx.site
    key = repr((site.config.base_url, sorted((r.slug, r.aliases) for r in site.records.values() if r.aliases)))
    return [Job(REDIRECTS_FILE, key, lambda: _redirects_file(site))]


def _redirects_file(site: Site) -> list[OutputFile]:
    base = site.config.base_url
    lines = [f"{aliases.public_path(base, alias)} {aliases.public_path(base, r.path)} 301"
             for r in site.records.values() for alias in r.aliases]
    if not lines:
        return []
    text = "# Old addresses of notices (`aliases:` in their front matter), for hosts that read this file.\n"
    return [OutputFile(REDIRECTS_FILE, (text + "\n".join(sorted(lines)) + "\n").encode("utf-8"))]


def collisions(site: Site, paths: Iterable[str]) -> list[Diagnostic]:
    """Aliases whose page would take the place of another output (or of a folder another output needs).

    The validation stage already refused aliases that collide with notices and known pages; this
    check sees every output of this build (`paths`, alias pages included), whichever module made it."""
    counts = Counter(paths)
    folders = {p.rsplit("/", k)[0] for p in counts for k in range(1, p.count("/") + 1)}
    diags = []
    for r in site.records.values():
        for i, alias in enumerate(r.aliases):
            page = aliases.output_path(alias)
            other = _clash(page, counts, folders)
            if other:
                line, col = next(((ln, c) for name, ln, c in r.where if name == f"aliases.{i}"), (1, 0))
                diags.append(Diagnostic(Location(r.source, line, col),
                                        f"alias `{alias}` takes the place of `{other}`, which the site generates",
                                        "remove the alias, or write the old address it really had", field=f"aliases[{i}]"))
    return diags


def _clash(page: str, counts: Counter[str], folders: set[str]) -> str | None:
    """Another output at the page's path, an output where the page needs a folder, or outputs inside
    a folder of the page's name."""
    if counts[page] > 1:
        return page
    parts = page.split("/")
    for k in range(1, len(parts)):
        if counts["/".join(parts[:k])]:
            return "/".join(parts[:k])
    return page + "/…" if page in folders else None
