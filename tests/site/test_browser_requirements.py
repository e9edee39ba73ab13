"""When the browser tests cannot run, the reason says everything they need: Chromium and the CJK fonts."""

from __future__ import annotations

import subprocess

import conftest
import pytest


def test_without_chromium_the_reason_names_the_fonts_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "CHROMIUM", None)
    reason = conftest._browser_unavailable()
    assert "chromium" in reason.lower() and "fonts-wqy-microhei" in reason and "CJK fonts" in reason


def test_without_cjk_fonts_the_tests_are_skipped_with_that_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "CHROMIUM", "/usr/bin/chromium")
    real_run = subprocess.run

    def no_fonts(args, *rest, **options):  # type: ignore[no-untyped-def]
        if args and str(args[0]).endswith("fc-list"):
            return subprocess.CompletedProcess(args, 0, "", "")
        return real_run(args, *rest, **options)

    monkeypatch.setattr(subprocess, "run", no_fonts)
    if conftest.shutil.which("fc-list") is None:
        pytest.skip("fontconfig (fc-list) is not installed here")
    reason = conftest._browser_unavailable()
    assert "no CJK fonts" in reason and "fonts-wqy-microhei" in reason


def test_this_machine_has_the_fonts_the_browser_tests_use() -> None:
    if conftest.CHROMIUM is None:
        pytest.skip("no Chromium here")
    assert conftest.cjk_fonts_installed()
