"""Old addresses (aliases) that keep working: a small page at each, and a `_redirects` file.

The page at an alias sends the reader on with `<meta http-equiv="refresh">` (no script, which the
Content-Security-Policy would refuse anyway), names the notice's address as canonical, and shows a
plain link for readers whose browser does not follow the refresh. Hosts that read `_redirects`
(Netlify, Cloudflare Pages) answer with a real 301 instead, before the page is ever served.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from .. import aliases
from ..errors import Diagnostic
from ..site import Entry, Site
from . import OutputFile, RenderContext

REDIRECTS_FILE = "_redirects"


def _aliases(site: Site) -> Iterator[tuple[Entry, int, str]]:
    for entry in site.entries:
        for i, alias in enumerate(entry.notice.aliases):
            yield entry, i, alias


def render(ctx: RenderContext) -> list[OutputFile]:
    files: list[OutputFile] = []
    lines: list[str] = []
    for entry, _, alias in _aliases(ctx.site):
        notice = entry.notice
        files.append(ctx.page("redirect.html", aliases.output_path(alias), lang=notice.lang, entry=entry,
                              notice=notice, target=entry.path, canonical=ctx.absolute(entry.path)))
        base = ctx.site.config.base_url
        lines.append(f"{aliases.public_path(base, alias)} {aliases.public_path(base, entry.path)} 301")
    if lines:
        text = "# Old addresses of notices (`aliases:` in their front matter), for hosts that read this file.\n"
        files.append(OutputFile(REDIRECTS_FILE, (text + "\n".join(sorted(lines)) + "\n").encode("utf-8")))
    return files


def collisions(site: Site, files: list[OutputFile]) -> list[Diagnostic]:
    """Aliases whose page would take the place of another output (or of a folder another output needs).

    The validation stage already refused aliases that collide with notices and known pages; this
    check sees every output of this build, including those other output modules add."""
    counts = Counter(f.path for f in files)
    diags = []
    for entry, i, alias in _aliases(site):
        other = _clash(aliases.output_path(alias), counts)
        if other:
            diags.append(Diagnostic(entry.notice.locations[f"aliases.{i}"],
                                    f"alias `{alias}` takes the place of `{other}`, which the site generates",
                                    "remove the alias, or write the old address it really had", field=f"aliases[{i}]"))
    return diags


def _clash(page: str, counts: Counter[str]) -> str | None:
    if counts[page] > 1:
        return page
    parts = page.split("/")
    for k in range(1, len(parts)):
        if counts["/".join(parts[:k])]:
            return "/".join(parts[:k])
    return next((p for p in counts if p.startswith(page + "/")), None)
