"""Attachments: each file copied, as it is, into its notice's folder (notices/<slug>/report.pdf).

The notice page lives in the same folder, so a body link to `report.pdf` works on the built site
just as it does in the content folder."""

from __future__ import annotations

from pathlib import Path

from generator.notice.model import Attachment
from generator.render.outputs import Entry, OutputFile, RenderContext
from generator.render.theme import Strings


def notice_files(ctx: RenderContext, entry: Entry) -> list[OutputFile]:
    return [OutputFile(entry.path + a.file, source=Path(a.source)) for a in entry.notice.attachments]


def human_size(attachment: Attachment, t: Strings) -> str:
    """The size as readers say it: 637 字节 / 637 bytes below a kilobyte (the word from the locale),
    then 1.2 MB, 340 KB as Attachment.human_size gives them."""
    if attachment.size < 1024:
        return t("attachments.bytes", n=attachment.size)
    return attachment.human_size
