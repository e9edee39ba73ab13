"""The notice `gongshi import` reads: plain text as it is, a Word .docx file as the same plain text.

A .docx file becomes one line per paragraph of the body, in document order, with each table cell's
paragraphs in their place (row by row, a merged cell once). The importer then reads it like any
text, so its warnings' line numbers count those lines. Reading .docx needs python-docx, an optional
extra: `pip install 'gongshi[docx]'`.

Not read: text boxes, headers and footers, footnotes, and the numbers Word's automatic numbering
draws (they are not in the text; each such paragraph gets a warning).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.errors import Diagnostic, Location, Severity
from generator.source.load import display_path


class SourceError(Exception):
    """A notice file that cannot be read, with a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def read_notice(path: Path) -> tuple[bytes | str, list[Diagnostic]]:
    """The file's content for the importer (bytes of text, or the text of a .docx) and warnings."""
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise SourceError(f"{display_path(path)} is an old-style Word document (.doc)",
                          "open it in Word or WPS and save it as .docx (or as plain text), then import that")
    if suffix == ".docx":
        return docx_text(path)
    try:
        return path.read_bytes(), []
    except OSError as exc:
        raise SourceError(f"cannot read {display_path(path)}: {exc.strerror or exc}") from None


def docx_text(path: Path) -> tuple[str, list[Diagnostic]]:
    """A Word document's body as plain text, one line per paragraph, and warnings for what is lost."""
    try:
        import docx  # python-docx
    except ImportError:
        raise SourceError("reading .docx files needs python-docx, which is not installed",
                          "pip install 'gongshi[docx]' (or pip install python-docx), or save the notice "
                          "as plain text (.txt) and import that") from None
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError  # python-docx parses with lxml

    shown = display_path(path)
    if not path.is_file():
        raise SourceError(f"cannot read {shown}: no such file")
    try:
        document = docx.Document(str(path))
    except OSError as exc:
        raise SourceError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as exc:
        raise SourceError(f"{shown} is not a Word .docx document that can be read ({exc})",
                          "open it in Word or WPS and save it again as .docx, or as plain text (.txt)") from None
    lines: list[str] = []
    warnings: list[Diagnostic] = []
    for paragraph in _paragraphs(document):
        text = paragraph.text
        if _auto_numbered(paragraph) and text.strip():
            warnings.append(Diagnostic(
                Location(shown, len(lines) + 1), "this paragraph is numbered by Word's automatic numbering, "
                "whose number is not in the text", field="numbering", severity=Severity.WARNING,
                hint="check its heading level in the result; in Word, saving as plain text (.txt) keeps "
                     "the numbers, and that file imports with them"))
        lines.extend(text.splitlines() or [""])
    return "\n".join(lines) + "\n", warnings


def _paragraphs(container: Any) -> Iterator[Any]:
    """Every paragraph in document order, descending into tables (each cell once)."""
    for block in container.iter_inner_content():
        if hasattr(block, "rows"):  # a table
            seen: dict[int, Any] = {}  # holding the elements keeps their ids unique
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once per grid cell it spans
                        continue
                    seen[id(cell._tc)] = cell._tc
                    yield from _paragraphs(cell)
        else:
            yield block


def _auto_numbered(paragraph: Any) -> bool:
    """Whether Word draws a number before the paragraph (its own numbering, or its style's)."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        style_ppr = style.element.pPr
        if style_ppr is not None and style_ppr.numPr is not None:
            return True
        style = style.base_style
    return False
