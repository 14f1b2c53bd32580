"""End to end: `gongjian dashboard` served for real and driven in Debian's Chromium.

No browser is downloaded: Playwright drives ``/usr/bin/chromium`` via ``executable_path``.
Set ``GONGJIAN_SCREENSHOTS=DIR`` to keep the screenshots for a human to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(home: Path, base_dir: Path) -> Iterator[str]:
    assert CliRunner().invoke(app, ["load", str(base_dir)]).exit_code == 0
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "dashboard", "--port", str(port)],
                            env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.3)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make system installs it)")
def test_overview_in_chromium(served: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = Path(os.environ.get("GONGJIAN_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(served)
        page.get_by_text("节点总数").wait_for(timeout=60_000)
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert metrics == ["9", "10"]
        page.screenshot(path=str(shots / "overview-zh.png"), full_page=True)
        page.get_by_role("radio", name="English").check(force=True)
        labels = page.locator('[data-testid="stMetricLabel"]')
        expect(labels).to_have_text(["Nodes", "Relationships"], timeout=30_000)
        expect(page.locator("h1")).to_have_text("Gongjian · community party-building networks")
        page.screenshot(path=str(shots / "overview-en.png"), full_page=True)
        browser.close()
    assert (shots / "overview-zh.png").stat().st_size > 10_000
