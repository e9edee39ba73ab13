"""`gongshi serve`: a live preview for editors.

The site is built into a preview folder (`.gongshi/preview/` beside `content/`, with its own build
cache), served on 127.0.0.1, and built again whenever a file in `content/`, the site's `templates/`,
`static/` or `themes/`, or the theme in use changes. Each rebuild reuses the cache, so it reads the
files that changed and renders the pages they touch; open pages then reload by themselves.

- Change detection is watchfiles (the operating system's file events, not polling), so a save is
  seen at once. Pages are served and reloaded with livereload, whose browser script is added to
  every page as a same-origin script file (the pages' Content-Security-Policy refuses inline code).
  A page that was still loading when a build came in reloads as soon as its script connects.
- A content error never stops the server: it is printed, and every page shows it (file, line, what
  is wrong, how to fix it) until a save fixes it; then the page reloads as the site.
- The search index is updated in the background once saves pause, in a process of low priority:
  only the shards of changed notices are indexed again, so a save is not held up by it; searches
  use the previous index until the new one is in place.
- Between builds the process keeps the build cache in memory instead of reading it again.
"""

from __future__ import annotations

import html
import mimetypes
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.build.pipeline import Options, Result, build
from generator.commands.serve_guard import host_allowed, origin_allowed, shown_address
from generator.errors import Diagnostic, format_all
from generator.render.theme import BUILTIN_THEMES
from generator.source.load import display_path

PREVIEW = Path(".gongshi") / "preview"
CACHE = Path(".gongshi") / "cache"
RELOAD_SCRIPT = "/__gongshi__/reload.js"
BUILT = "/__gongshi__/built"
"""Answers which build the preview shows now (see State.builds)."""
QUIET = 0.3
"""Seconds without a build before the search index is updated (only the shards of changed notices are
indexed again, at low priority, so the next build is not held up)."""


@dataclass
class State:
    """What the server shows: the last build's errors (none: the site itself)."""

    errors: list[Diagnostic] = field(default_factory=list)
    builds: int = 0
    """Builds so far. A page carries the number it was served with; its script asks for the current
    one when it connects for reloads, and reloads if a build came in between (a save made while the
    page was loading would otherwise not reach it)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, result: Result) -> None:
        with self.lock:
            self.errors = [d for d in result.diagnostics if d.is_error] if not result.written else []
            self.builds += 1

    def current(self) -> tuple[int, list[Diagnostic]]:
        with self.lock:
            return self.builds, list(self.errors)


class Preview:
    """Builds the preview, watches the sources, serves the pages."""

    def __init__(self, opts: Options, port: int, host: str = "127.0.0.1",
                 log: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True)) -> None:
        self.opts = replace(opts, cache_dir=opts.content_dir.parent / CACHE)
        self.port, self.host, self.log = port, host, log
        self.state = State()
        self.reload: Callable[[], None] = lambda: None
        self.indexing = threading.Lock()
        self.index_again = threading.Event()
        self.last_build = 0.0
        self.kept: object = None
        self.building = threading.Lock()
        """Held by a build: the first one and the watcher's come from different threads."""

    # ------------------------------------------------------------------ building

    def build(self) -> Result:
        with self.building:
            return self._build()

    def _build(self) -> Result:
        started = time.perf_counter()
        result = build(replace(self.opts, index=False, kept=self.kept))  # type: ignore[arg-type]
        self.kept = result.cache if result.written else None
        self.last_build = time.monotonic()
        self.state.set(result)
        for note in result.notes:
            self.log(f"gongshi: note: {note}")
        if result.diagnostics:
            self.log(format_all(result.diagnostics))
        if result.written:
            self.log(f"gongshi: built {result.changed} changed files in {time.perf_counter() - started:.2f} s")
            if self.opts.search:
                self.index_later()
        else:
            self.log("gongshi: the preview shows the errors above until they are fixed")
        return result

    def index_later(self) -> None:
        """Rebuild the search index in the background; if a build comes in meanwhile, once more after."""
        self.index_again.set()
        if self.indexing.locked():
            return
        threading.Thread(target=self._index_loop, daemon=True).start()

    def _index_loop(self) -> None:
        with self.indexing:
            while self.index_again.is_set():
                while time.monotonic() - self.last_build < QUIET:  # not while the editor is saving
                    time.sleep(0.25)
                self.index_again.clear()
                started = time.perf_counter()
                ok = index_preview(self.opts.output_dir, self.kept, self.log, self.opts.content_dir)
                if ok:
                    self.log(f"gongshi: search index updated in {time.perf_counter() - started:.2f} s")

    def watched(self) -> list[Path]:
        root = self.opts.content_dir.parent
        folders = [self.opts.content_dir, root / "templates", root / "static", root / "themes", BUILTIN_THEMES]
        return [f for f in folders if f.is_dir()]

    def watch(self, stop: threading.Event, ready: threading.Event) -> None:
        """Rebuild on every change until `stop` is set (runs in its own thread). `ready` is set once the
        operating system reports changes: a save before that would be missed."""
        import watchfiles

        for changes in watchfiles.watch(*self.watched(), stop_event=stop, debounce=50, step=20,
                                        rust_timeout=250, yield_on_timeout=True,
                                        watch_filter=_source_filter, raise_interrupt=False):
            ready.set()  # the first yield (changes, or none within the timeout) means the watches are set
            if not changes:
                continue
            names = sorted({display_path(Path(p)) for _, p in changes})
            self.log(f"gongshi: changed {', '.join(names[:3])}{' …' if len(names) > 3 else ''}")
            self.build()
            self.reload()

    # ------------------------------------------------------------------ serving

    def app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """The preview as a WSGI application: files of the preview folder, or the errors page."""
        if not self.host_allowed(environ.get("HTTP_HOST", "")):
            return _respond(start_response, "403 Forbidden", "text/plain; charset=utf-8",
                            f"This preview answers only at http://{shown_address(self.host)}:{self.port}/ "
                            "(gongshi serve --host names the address it answers at).\n".encode())
        path = environ.get("PATH_INFO", "/")
        if path == RELOAD_SCRIPT:
            return _respond(start_response, "200 OK", "text/javascript", _reload_js(self.port))
        builds, errors = self.state.current()  # before reading the page: it may be newer, never older
        if path == BUILT:
            return _respond(start_response, "200 OK", "text/plain", str(builds).encode())
        target = _resolve(self.opts.output_dir, path)
        is_page = target is None or target.suffix == ".html"
        if errors and is_page:
            return _respond(start_response, "200 OK", "text/html; charset=utf-8", _with_reload(error_page(errors), builds))
        if target is None:
            missing = self.opts.output_dir / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"<!DOCTYPE html><title>404</title><h1>404</h1>"
            return _respond(start_response, "404 Not Found", "text/html; charset=utf-8", _with_reload(body, builds))
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        try:
            body = target.read_bytes()
        except OSError:  # replaced by a build meanwhile, or unreadable
            return _respond(start_response, "404 Not Found", "text/plain; charset=utf-8", b"404 Not Found\n")
        return _respond(start_response, "200 OK", kind, _with_reload(body, builds) if is_page else body)

    def host_allowed(self, header: str) -> bool:
        """Whether a request's `Host` names this preview (see serve_guard.host_allowed)."""
        return host_allowed(header, self.host)

    def serve(self) -> None:
        """Build, then serve and watch until interrupted."""
        from livereload.handlers import LiveReloadHandler
        from tornado import ioloop

        stop, ready = threading.Event(), threading.Event()
        threading.Thread(target=self.watch, args=(stop, ready), daemon=True).start()
        ready.wait(timeout=30)  # watching before building: a save during the first build starts another
        self.build()
        server = _server_class(self.host)(self.app, watcher=_NoPolling())
        loop = ioloop.IOLoop.current()  # the loop the server runs; reloads are handed to it from the watcher
        self.reload = lambda: loop.add_callback(LiveReloadHandler.reload_waiters)
        url = f"http://{self.host}:{self.port}/"
        self.log(f"gongshi: previewing {display_path(self.opts.content_dir)} at {url} (Ctrl-C to stop)")
        try:
            server.serve(port=self.port, host=self.host, open_url_delay=None, restart_delay=0, debug=False)
        finally:
            stop.set()


def _source_filter(change: object, path: str) -> bool:
    """Changes worth a rebuild: not editors' swap and backup files, not hidden folders."""
    name = os.path.basename(path)
    if name.startswith((".#", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")):
        return False
    return not any(part.startswith(".") for part in Path(path).parts[-3:-1])


MAX_NAME = 255
"""Bytes in a file name (a path segment) on the systems Gongshi runs on."""


def _resolve(root: Path, path: str) -> Path | None:
    """The file a URL path names inside the preview (a folder means its index.html), or None: for a path
    outside it, and for one no file can have (a NUL, a segment too long for a file name…)."""
    try:
        rel = unquote(path, errors="strict").lstrip("/")
    except UnicodeDecodeError:
        return None
    if "\0" in rel or any(len(part.encode("utf-8")) > MAX_NAME for part in rel.split("/")):
        return None
    try:
        target = (root / rel).resolve()
        if not target.is_relative_to(root.resolve()):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None
    except (OSError, ValueError):
        return None


def _respond(start_response: Callable[..., Any], status: str, kind: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


def _with_reload(page: bytes, builds: int) -> bytes:
    """The page with the preview's script, which knows the build the page was served with."""
    tag = f'<script src="{RELOAD_SCRIPT}?build={builds}"></script>'.encode()
    return page.replace(b"</head>", tag + b"</head>", 1)


def _reload_js(port: int) -> bytes:
    """Loads livereload's client from this server (a file, so the pages' CSP allows it), and once it is
    connected asks whether a build came in since the page was served."""
    return f"""(function () {{
  var served = new URL(document.currentScript.src).searchParams.get("build");
  document.addEventListener("LiveReloadConnect", function () {{
    fetch("{BUILT}", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }}).then(function (now) {{
      if (now !== served) location.reload();
    }});
  }});
  var s = document.createElement("script");
  s.src = "/livereload.js?port=" + (location.port || {port});
  document.head.appendChild(s);
}}());
""".encode()


def error_page(errors: list[Diagnostic]) -> bytes:
    """A page that says what is wrong (escaped: messages quote the content) and reloads when it is fixed."""
    items = "\n".join(f"<li><pre>{html.escape(d.format())}</pre></li>" for d in errors)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>内容有误 / Content errors</title>
<style>body{{font:16px/1.6 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2328}}
h1{{color:#a40e26}}li{{margin:1rem 0;list-style:none;border-left:4px solid #a40e26;padding-left:1rem}}
pre{{white-space:pre-wrap;margin:0}}</style>
</head>
<body>
<main>
<h1>内容有误，预览暂停 / The content has errors</h1>
<p>保存修正后的文件，本页会自动刷新。/ Save the fixed file and this page reloads by itself.</p>
<ol class="build-errors">
{items}
</ol>
</main>
</body>
</html>
""".encode()


def index_preview(folder: Path, cache: Any, log: Callable[[str], None], content: Path | None = None) -> bool:
    """Bring the preview's search index up to date with its pages (generator.build.search_refresh.refresh, in a
    process of low priority). `cache` is the last build's cache: it knows each notice's pages.

    It does not hold `building`: a save is rebuilt at once, never after the index. The indexer replaces
    each file whole, so a build that links the index meanwhile takes old or new files; the index is
    brought up to date again after that build."""
    import json
    import subprocess
    import tempfile

    from generator.build import search
    from generator.build.inputs import load_config

    config = load_config(content, []) if content is not None else None
    outputs = getattr(cache, "outputs", None)
    if not outputs:
        return False
    job = {"folder": str(folder), "pages": search.notice_pages(outputs),
           "keep_index_url": config is not None and config.url_style == "file",
           "kept": str(cache.folder / search.KEPT) if getattr(cache, "folder", None) else None}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(job, fh)
    try:
        run = subprocess.run([sys.executable, "-m", "generator.build.search_refresh", fh.name], capture_output=True,
                             text=True, encoding="utf-8", errors="replace", check=False)
    except OSError as exc:
        log(f"gongshi: the search index could not be updated: {exc}")
        return False
    finally:
        os.unlink(fh.name)
    if run.returncode != 0:
        log((run.stderr or run.stdout or "").strip())
    return run.returncode == 0


class _NoPolling:
    """Stands in for livereload's polling watcher: watchfiles reports changes instead."""

    def __init__(self) -> None:
        self._tasks = {"watchfiles": None}
        self._changes: list[object] = []
        self.filepath = None

    def watch(self, *args: object, **kwargs: object) -> None:
        pass

    def start(self, callback: object) -> bool:
        return False

    def examine(self) -> tuple[None, None]:
        return None, None


def _server_class(bind: str) -> type:
    from livereload import Server
    from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptContainer
    from tornado import web

    class Checked(web.RequestHandler):
        def prepare(self) -> None:
            if not host_allowed(self.request.host, bind):
                raise web.HTTPError(403)

    class Reloads(Checked, LiveReloadHandler):  # type: ignore[misc]
        def check_origin(self, origin: str) -> bool:
            return origin_allowed(origin, bind)

    class Forced(Checked, ForceReloadHandler):  # type: ignore[misc]
        pass

    class Script(Checked, LiveReloadJSHandler):  # type: ignore[misc]
        pass

    class PreviewServer(Server):  # type: ignore[misc]
        """livereload's server, with its client added by the application as a script file (not inline code),
        and its own handlers checking the `Host` of each request and the `Origin` of the websocket."""

        def application(self, port: int, host: str, liveport: int | None = None, debug: bool | None = None,
                        live_css: bool = True) -> None:
            LiveReloadHandler.watcher = self.watcher
            LiveReloadHandler.live_css = live_css
            handlers = [(r"/livereload", Reloads), (r"/forcereload", Forced), (r"/livereload.js", Script),
                        *self.get_web_handlers(b"")]
            web.Application(handlers=handlers, debug=False).listen(port, address=host)

        def get_web_handlers(self, script: bytes) -> list[Any]:
            # The application adds the script itself (see _with_reload): it knows which build it served.
            return [(r".*", web.FallbackHandler, {"fallback": LiveScriptContainer(self.app, b"")})]

    return PreviewServer

