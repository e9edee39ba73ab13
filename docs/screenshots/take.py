"""Screenshots of the reader's page, as committed in this folder: the sample built at 2026-12-01 in each
theme, at 320, 375 and 1280 px, in the usual look and in 长者模式, plus the index, the ledger and a printed
first page.

    python docs/screenshots/take.py        (needs Chromium and the test extras)
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from generator.commands.cli import main  # noqa: E402

SEED = "notices/kuandian-inspection-rectification-2025/"


def build(theme: str, into: Path) -> Path:
    content = into / theme / "content"
    shutil.copytree(ROOT / "content", content)
    config = content / "site.yaml"
    config.write_text(re.sub(r"(?m)^theme:.*$", f"theme: {theme}", config.read_text("utf-8")), "utf-8")
    out = into / theme / "output"
    assert main(["build", "--content", str(content), "--output", str(out), "--now", "2026-12-01T10:00"]) == 0
    return out


def serve(folder: Path) -> str:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/"


def main_() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or None, args=["--no-sandbox"])
        for theme in ("default", "official"):
            base = serve(build(theme, Path(tmp)))
            shots = [(SEED, w, mode, f"notice-{theme}-{w}{'-senior' if mode else ''}")
                     for w in (320, 375, 1280) for mode in ("", "large")]
            shots += [("", w, "", f"index-{theme}-{w}") for w in (375, 1280)]
            shots += [(SEED + "ledger/", w, "", f"ledger-{theme}-{w}") for w in (375, 1280)]
            shots += [(SEED, 375, "dark", f"notice-{theme}-375-senior-dark")]
            for path, width, mode, name in shots:
                context = browser.new_context(viewport={"width": width, "height": 1400 if width < 1000 else 1000},
                                              color_scheme="dark" if mode == "dark" else "light")
                page = context.new_page()
                page.goto(base + path + ("?large" if mode in ("large", "dark") else ""))
                page.screenshot(path=str(HERE / f"{name}.png"))
                context.close()
            context = browser.new_context(viewport={"width": 794, "height": 1123})
            page = context.new_page()
            page.goto(base + SEED)
            page.emulate_media(media="print")
            page.screenshot(path=str(HERE / f"print-{theme}-page1.png"))
            context.close()
        browser.close()


if __name__ == "__main__":
    main_()
