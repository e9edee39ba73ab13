"""Every module of generator/ stays short enough to read at once: at most 400 lines. One that grows past
it is split along a seam, as source/schema.py, commands/serve.py and build/pipeline.py were."""

from __future__ import annotations

from conftest import ROOT

PACKAGE = ROOT / "generator"
LIMIT = 400


def test_no_module_is_over_the_limit():
    over = {p.relative_to(ROOT).as_posix(): n for p in sorted(PACKAGE.rglob("*.py"))
            if (n := len(p.read_text("utf-8").splitlines())) > LIMIT}
    assert not over, f"modules over {LIMIT} lines (split them along a seam): " + ", ".join(
        f"{path} has {n} lines" for path, n in over.items())
