"""Calendar files: one `.ics` per notice with a disclosure period, linked as "add to calendar"."""

from __future__ import annotations

import datetime as dt

from generator.render.ics import render_ics
from generator.render.outputs import Entry, OutputFile, RenderContext


def notice_files(ctx: RenderContext, entry: Entry) -> list[OutputFile]:
    notice, period = entry.notice, entry.notice.period
    if period is None or notice.withdrawn:
        return []
    t = ctx.t(notice.lang)
    text = render_ics(
        uid=f"{notice.slug}@{ctx.absolute('')}",
        summary=t("ics.summary", title=notice.title),
        start=period.start, end=period.end, all_day=not (period.start_has_time or period.end_has_time),
        # DTSTAMP comes from the content, not the clock, so builds stay byte-identical.
        dtstamp=dt.datetime.combine(notice.last_changed, dt.time(), dt.UTC),
        url=ctx.absolute(entry.path),
        description=t("ics.description", issuer=notice.issuer, title=notice.title) + _channels(ctx, entry),
    )
    return [OutputFile(entry.path + "period.ics", text.encode("utf-8"))]


def _channels(ctx: RenderContext, entry: Entry) -> str:
    """The channels still in use on the build date (a channel past its `until:` is left out)."""
    t, today = ctx.t(entry.notice.lang), ctx.site.today
    shown = [f"{c.label or t('contact.' + c.kind)} {c.value}" for c in entry.notice.contacts
             if c.in_use(today) and c.kind in ("phone", "email")]
    return ("\n" + t("ics.contacts") + "；".join(shown)) if shown else ""
