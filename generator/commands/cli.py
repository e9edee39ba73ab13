"""The `gongshi` command: parse arguments, call a stage, print diagnostics, return the exit code.

Exit codes: 0 success, 1 content errors (nothing written), 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.build.quick import CACHE_DIR, parse_now
from generator.notice.kinds import KINDS
from generator.paths import display_path

if TYPE_CHECKING:
    from generator.build.pipeline import Result
    from generator.errors import Diagnostic

# Modules beyond these are imported where they are needed: a build with nothing to do (see quick.py)
# answers before they would have loaded.


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="gongshi", description="Build websites of public-disclosure notices (公示).")
    ap.add_argument("--version", action="version", version=f"gongshi {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="build the site into the output folder")
    _content_args(b)
    b.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: output)")
    b.add_argument("--drafts", action="store_true", help="include notices marked draft: true")
    b.add_argument("--no-search", dest="search", action="store_false",
                   help="skip the full-text search index (and leave out the search box)")
    b.add_argument("--preview", action="store_true",
                   help="a preview of unpublished changes (a pull or merge request): every page says noindex, "
                        "robots.txt disallows everything, no sitemap")
    b.add_argument("--cache-dir", type=Path, metavar="DIR",
                   help=f"where the build cache lives (default: {CACHE_DIR} beside the content folder)")
    b.add_argument("--no-cache", dest="cache", action="store_false",
                   help="build everything from scratch, without reading or writing the build cache")
    b.add_argument("--no-wait", dest="wait", action="store_false",
                   help="fail at once if another build is writing the same output folder or cache (default: wait)")

    v = sub.add_parser("serve", help="a live preview: build, serve on 127.0.0.1 and rebuild on every change")
    _content_args(v)
    v.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    v.add_argument("--host", default="127.0.0.1",
                   help="address to serve on (default: 127.0.0.1, this computer only)")
    v.add_argument("--output", type=Path, help="preview folder (default: .gongshi/preview beside the content folder)")
    v.add_argument("--no-drafts", dest="drafts", action="store_false",
                   help="leave out notices marked draft: true (the preview shows them by default)")
    v.add_argument("--no-search", dest="search", action="store_false", help="preview without the search index")

    c = sub.add_parser("check", help="validate all content without writing anything")
    _content_args(c)
    c.add_argument("--drafts", action="store_true", help=argparse.SUPPRESS)
    c.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="diagnostics as text, JSON, or GitHub workflow annotations")
    i = sub.add_parser("import", help="turn notices (plain text or .docx) into content files")
    i.add_argument("file", type=Path, nargs="+",
                   help="notices as plain text (UTF-8 or GB18030) or Word .docx files, or folders of them")
    i.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    i.add_argument("--explain", action="store_true",
                   help="write nothing; print each extracted fact beside the line it came from")
    i.add_argument("--force", action="store_true", help=argparse.SUPPRESS)  # accepted from older scripts: see _import

    n = sub.add_parser("new", help="write a new notice file of a kind, with today's date")
    n.add_argument("kind", help="one of " + ", ".join(KINDS))
    n.add_argument("title", help="the notice's title, in quotes")
    n.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    n.add_argument("--slug", help="the file name and address (default: the date and the kind, e.g. 2025-07-21-rectification)")

    s = sub.add_parser("init", help="create a new site: site.yaml, a sample notice and CI workflows")
    s.add_argument("dir", type=Path, help="a new or empty folder")
    s.add_argument("--title", help="the site's title (default: 公示公告)")
    s.add_argument("--cms", action="store_true", help="also write admin/, the browser editor (see `gongshi cms`)")

    m = sub.add_parser("cms", help="write or refresh admin/, the browser editor (Decap CMS) of a site")
    m.add_argument("--site", type=Path, default=Path("."), help="the site's folder, the one with content/ (default: .)")
    m.add_argument("--check", action="store_true", help="write nothing; exit 1 if admin/ is out of date")
    m.add_argument("--copy-from", type=Path, metavar="DIST",
                   help="copy Decap CMS from this folder (node_modules/decap-cms/dist) into admin/decap-cms/, "
                        "for `cms: {script: self}` in site.yaml")
    return ap


def _content_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p.add_argument("--now", metavar="DATETIME",
                   help="build as if it were this moment, e.g. 2025-07-25T10:00 (default: SOURCE_DATE_EPOCH, else now)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")


CLOSED_PIPE = 141
"""The exit code after the reader of the output went away before the command could finish (128 + SIGPIPE,
as shells report it); a command that did finish exits with its own code (see `say`)."""


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # a reader that went away shows here, not as an error at exit
        return code
    except BrokenPipeError:  # not a content error: nothing is left to say, and nobody to say it to
        _silence_stdout()
        return CLOSED_PIPE


def say(text: str) -> None:
    """Print a line of output; when its reader went away (`gongshi build | head -1`), say nothing more, and
    let the command finish with its own exit code."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
    """Send what is still to be written to stdout (and Python's last flush at exit) to the null device."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "import":
        return _import(args)
    if args.command == "new":
        from generator.commands import scaffold_notice
        return scaffold_notice.run(args)
    if args.command == "cms":
        from generator.commands import cms
        return cms.run(args)
    if args.command == "init":
        from generator.commands import scaffold_site
        return scaffold_site.run(args)
    try:
        now = parse_now(args.now) if args.now else None
    except ValueError:
        print(f"gongshi: error: --now: `{args.now}` is not a date and time; write e.g. 2025-07-25T10:00",
              file=sys.stderr)
        return 2
    if args.command == "build":
        return _build(args, now)
    if args.command == "serve":
        return _serve(args, now)
    return _check(args, now)


def _serve(args: argparse.Namespace, now: dt.datetime | None) -> int:
    from generator.build.pipeline import Options
    from generator.commands.serve import PREVIEW, Preview

    output = args.output or args.content.parent / PREVIEW
    opts = Options(args.content, output, now, drafts=args.drafts, strict=args.strict, search=args.search)
    try:
        Preview(opts, args.port, args.host).serve()
    except OSError as exc:
        print(f"gongshi: error: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        print("  hint: choose another port with --port", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def _waiting(folder: Path, holder: str) -> None:
    by = f" (process {holder})" if holder else ""
    print(f"gongshi: waiting for another build{by} to finish with {display_path(folder)}/ …", file=sys.stderr)


def _os_error(exc: OSError) -> str:
    """One line for an error of the operating system: what failed, on which path."""
    where = " -> ".join(display_path(Path(os.fsdecode(f))) for f in (exc.filename, exc.filename2) if f is not None)
    reason = exc.strerror or str(exc)
    hints = {28: "free some space on that disk", 30: "the disk is read-only: build to a writable --output",
             13: "check the permissions of that folder", 1: "check the permissions of that folder"}
    hint = hints.get(exc.errno or 0, "")
    return f"gongshi: error: {where + ': ' if where else ''}{reason}" + (f"\n  hint: {hint}" if hint else "")


def _build(args: argparse.Namespace, now: dt.datetime | None) -> int:
    if args.output.exists() and not args.output.is_dir():
        print(f"gongshi: error: --output {display_path(args.output)} is a file, not a folder; "
              "choose a folder (it is created if missing)", file=sys.stderr)
        return 2
    try:
        return _build_site(args, now)
    except OSError as exc:
        print(_os_error(exc), file=sys.stderr)
        print(f"gongshi: build failed; {display_path(args.output)}/ was left as it was", file=sys.stderr)
        return 1


def _build_site(args: argparse.Namespace, now: dt.datetime | None) -> int:
    started = time.perf_counter()
    stats: dict[str, tuple[int, int]] = {}
    if args.cache:
        up_to_date, stats = _up_to_date(args, started)
        if up_to_date:
            return 0
    from generator.build.pipeline import Options, build
    from generator.build.progress_display import Progress

    with Progress(sys.stderr) as progress:
        result = build(Options(args.content, args.output, now, drafts=args.drafts, strict=args.strict,
                               search=args.search, preview=args.preview, cache_dir=args.cache_dir, cache=args.cache,
                               progress=progress,
                               stats=stats, wait=args.wait, waiting=_waiting))
    for note in result.notes:
        print(f"gongshi: note: {note}", file=sys.stderr)
    _print(result.diagnostics)
    if not result.written:
        errors = sum(1 for d in result.diagnostics if d.is_error or args.strict)
        print(f"gongshi: build failed with {errors} error(s); {display_path(args.output)}/ was left as it was",
              file=sys.stderr)
        return 1
    say(summary(result, time.perf_counter() - started))
    index = args.output / "index.html"
    say(f"open {display_path(index)} (file://{index.resolve()})")
    return 0


def _up_to_date(args: argparse.Namespace, started: float) -> tuple[bool, dict[str, tuple[int, int]]]:
    """When nothing changed since the last build, say so without loading the rest of Gongshi. Also
    returns the files as the check found them (see quick.check)."""
    from generator.build import quick

    cache_dir = args.cache_dir or args.content.parent / CACHE_DIR
    options = quick.options_of(args.content, args.output, args.drafts, args.search, args.strict, args.preview)
    note, stats = quick.check(cache_dir, options, args.now)
    if note is None:
        return False, stats
    files, notices = note.summary
    say(f"gongshi: nothing changed since the last build: {plural(files, 'file')} for {plural(notices, 'notice')}"
        f" {'is' if files == 1 else 'are'} up to date ({time.perf_counter() - started:.2f} s)")
    index = args.output / "index.html"
    say(f"open {display_path(index)} (file://{index.resolve()})")
    return True, stats


def summary(result: Result, seconds: float) -> str:
    """One line: what the build did and how long it took (the search index's share apart)."""
    what = f"{plural(result.files, 'file')} for {plural(result.notices, 'notice')}"
    if result.changed != result.files:
        what += f" ({result.changed} changed)"
    search = f"; search index {result.search_seconds:.2f} s" if result.search_seconds else ""
    return f"gongshi: wrote {what} in {seconds:.2f} s{search}"


def plural(n: int, word: str) -> str:
    """`1 notice`, `2 notices`."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def _check(args: argparse.Namespace, now: dt.datetime | None) -> int:
    from generator.build.inputs import notice_paths
    from generator.build.pipeline import Options, build

    result = build(Options(args.content, Path("output"), now, drafts=True, strict=args.strict), write=False)
    if args.format == "text":
        _print(result.diagnostics)
        errors = sum(1 for d in result.diagnostics if d.is_error)
        warnings = len(result.diagnostics) - errors
        checked = len(notice_paths(args.content))  # every notice file, also those that did not load
        print(f"gongshi: {plural(checked, 'notice')} checked: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    elif result.diagnostics or args.format == "json":
        from generator.errors import format_all
        say(format_all(result.diagnostics, args.format))
    return 1 if result.failed(args.strict) else 0


def _import(args: argparse.Namespace) -> int:
    from generator.commands.importer.run import run

    if args.force:
        print("gongshi: --force is no longer needed and changes nothing: an import never overwrites a file; "
              "a name already taken gets -2, -3 …", file=sys.stderr)
    return run(args.file, args.content, args.explain)


def _print(diagnostics: list[Diagnostic]) -> None:
    if diagnostics:
        from generator.errors import format_all
        print(format_all(diagnostics), file=sys.stderr)
