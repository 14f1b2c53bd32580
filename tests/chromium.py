"""Debian's Chromium for the browser tests (no browser is downloaded: Playwright drives it via
``executable_path``), one per test module, and where screenshots go (``GONGJIAN_SCREENSHOTS``
keeps them for a human to look at). Import the fixtures into a test module to use them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for the module's tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """The folder for screenshots: ``$GONGJIAN_SCREENSHOTS``, else the test's temporary folder."""
    d = Path(os.environ.get("GONGJIAN_SCREENSHOTS") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d
