"""Shared set-up of the browser tests: Debian's Chromium, the flags a closed network needs,
and the skip marker for machines without it."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

#: Without the background-networking flags Chromium keeps trying to reach Google's hosts.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); browser tests skipped",
)


def launch(playwright: Any) -> Any:
    """A headless Debian Chromium (Playwright never downloads a browser here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
