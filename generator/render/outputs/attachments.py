"""Attachments: each file copied, as it is, into its notice's folder (notices/<slug>/report.pdf).

The notice page lives in the same folder, so a body link to `report.pdf` works on the built site
just as it does in the content folder."""

from __future__ import annotations

from pathlib import Path

from generator.render.outputs import Entry, OutputFile, RenderContext


def notice_files(ctx: RenderContext, entry: Entry) -> list[OutputFile]:
    return [OutputFile(entry.path + a.file, source=Path(a.source)) for a in entry.notice.attachments]
