"""`gongshi import FILE... [--explain]`: many notices at once, each under a name no other file has.

Files and folders are read in the order given (a folder's .txt/.text/.docx files sorted by path).
Each notice is written to content/notices/<slug>.md, or <slug>-2.md, <slug>-3.md… when the name is
taken: an import never overwrites a file. A summary table on stderr says what was found in each
file; the paths written go to stdout, one a line. The exit code is non-zero only when a file could
not be read. `--explain` writes nothing and prints each extracted fact beside its source line.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.commands.importer.compose import ImportResult
from generator.commands.importer.core import import_text
from generator.commands.word import SourceError, read_notice
from generator.errors import Diagnostic, format_all, sort_key
from generator.notice.model import SiteConfig
from generator.paths import display_path

NOTICE_SUFFIXES = (".txt", ".text", ".docx", ".doc")
MAX_NAMES = 10_000  # -2 … -9999: beyond that the folder is not a content folder an editor keeps


@dataclass(frozen=True, slots=True)
class Imported:
    source: Path
    result: ImportResult
    target: Path | None  # None with --explain


def notice_files(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The files to import, folders expanded; and the problems with paths that are neither."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in NOTICE_SUFFIXES)
            if not found:
                problems.append(f"{display_path(path)} holds no .txt or .docx file")
            files.extend(found)
        else:
            files.append(path)
    return files, problems


def free_name(folder: Path, slug: str, taken: set[str]) -> Path:
    """content/notices/<slug>.md, else <slug>-2.md, -3.md…: the first name neither on disk nor taken."""
    for n in range(1, MAX_NAMES):
        name = f"{slug}.md" if n == 1 else f"{slug}-{n}.md"
        if name not in taken and not (folder / name).exists():
            taken.add(name)
            return folder / name
    raise SourceError(f"{display_path(folder)} already holds {MAX_NAMES} files named {slug}*.md")


def site_settings(content: Path) -> tuple[str | None, tuple[str, ...] | None, SiteConfig | None]:
    """The `area_code`, the progress-state labels and the whole configuration of content/site.yaml,
    when the file is there."""
    from generator.source.load import load_document
    from generator.source.validate import site_config

    site_yaml = content / "site.yaml"
    if not site_yaml.is_file():
        return None, None, None
    doc, _ = load_document(site_yaml, content)
    config = site_config(doc)[0] if doc is not None else None
    if config is None:
        return None, None, None
    return config.area_code or None, tuple(s.label for s in config.progress_states), config


def run(paths: Sequence[Path], content: Path, explain: bool, out: TextIO | None = None,
        err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    files, problems = notice_files(paths)
    area_code, states, config = site_settings(content)
    folder = content / "notices"
    taken: set[str] = set()
    done: list[Imported] = []
    failed = len(problems)
    for problem in problems:
        print(f"gongshi: error: {problem}", file=err)
    for source in files:
        try:
            raw, warnings = read_notice(source)
            result = (import_text(raw, display_path(source), area_code, states, config) if states
                      else import_text(raw, display_path(source), area_code, site=config))
            target = None if explain else free_name(folder, result.slug, taken)
            if target is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("x", encoding="utf-8", newline="\n") as f:  # never over another file
                    f.write(result.text)
        except SourceError as exc:
            print(f"gongshi: error: {exc.message}" + (f"\n  hint: {exc.hint}" if exc.hint else ""), file=err)
            failed += 1
            continue
        except OSError as exc:
            print(f"gongshi: error: cannot write into {display_path(folder)}: {exc.strerror or exc}", file=err)
            failed += 1
            continue
        _print(sorted([*warnings, *result.unclassified], key=sort_key), err)
        done.append(Imported(source, result, target))
        if explain:
            print(explanation(source, result), file=out)
        elif target is not None:
            print(display_path(target), file=out)
    if done:
        print(summary_table(done), file=err)
    if failed:
        print(f"gongshi: {failed} of {len(files) + len(problems)} could not be read"
              + ("" if explain or not done else "; the others were imported"), file=err)
    return 1 if failed else 0


def _print(diagnostics: list[Diagnostic], err: TextIO) -> None:
    if diagnostics:
        print(format_all(diagnostics), file=err)


def width(text: str) -> int:
    """Columns a terminal gives `text`: two for each wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, columns: int) -> str:
    out = ""
    for ch in text:
        if width(out + ch) > columns - 1:
            return out + "…"
        out += ch
    return out


def summary_table(done: Sequence[Imported]) -> str:
    """One row a file: title, issued, period, contacts, warnings, and which file it became."""
    head = ("title", "issued", "period", "contacts", "warnings", "file")
    rows = [head]
    for item in done:
        meta = item.result.meta
        disclosure = meta.get("disclosure")
        period = "-"
        if isinstance(disclosure, dict):
            end = disclosure.get("end") or (f"{disclosure['working_days']} working days"
                                            if "working_days" in disclosure else "?")
            period = f"{disclosure.get('start')} – {end}"
        contacts = meta.get("contacts")
        name = item.target.name if item.target else "(not written)"
        rows.append((clip(str(meta.get("title", "(no title)")), 44), str(meta.get("issued", "-")), period,
                     str(len(contacts) if isinstance(contacts, list) else 0), str(len(item.result.unclassified)),
                     f"{display_path(item.source)} → {name}"))
    widths = [max(width(r[i]) for r in rows) for i in range(len(head) - 1)]
    lines = ["  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(r[:-1])) + "  " + r[-1]
             for r in rows]
    return "\n".join(lines)


def explanation(source: Path, result: ImportResult) -> str:
    """Each extracted fact beside the source line it came from."""
    lines = [f"{display_path(source)}:"]
    for fact in result.facts:
        where = f"line {fact.line}: {fact.source}" if fact.line else "(from the title's words)" \
            if fact.field == "kind" else "(no single line)"
        lines.append(f"  {fact.field:<20} {fact.value}")
        lines.append(f"  {'':<20} ← {where}")
    for d in result.unclassified:
        lines.append(f"  warning {d.field or '':<12} line {d.location.line}: {d.message}")
    return "\n".join(lines)
