"""End to end: `gongjian dashboard` served for real on the sample and driven in Debian's Chromium.

No browser is downloaded: Playwright drives ``/usr/bin/chromium`` via ``executable_path``.
Set ``GONGJIAN_SCREENSHOTS=DIR`` to keep the screenshots (1440 and 390 px wide) for a human.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from graph.texts import MESSAGES
from tests.cli_env import loaded_sample

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
                                 reason="Debian's chromium is not installed (make system installs it)")]
PAGES = ("", "coverage", "members", "integration", "lists", "network_map", "profile", "trends", "queries", "data",
         "export")
TITLES = {"zh": ["概览", "覆盖", "党员", "资源整合", "三张清单", "网络图", "社区画像", "趋势", "查询", "数据", "导出"],
          "en": ["Overview", "Coverage", "Members", "Integration", "Needs & resources", "Network map",
                 "Community profile", "Trends", "Queries", "Data", "Export"]}
KEY = re.compile(r"\b(?:dash|map|map_html)_[a-z_]+\b")
SETTLED = ("() => { const a = document.querySelector('[data-testid=stApp]');"
           " return a && a.dataset.testScriptState === 'notRunning'; }")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    env = {**os.environ, **loaded_sample(tmp_path_factory.mktemp("served"))}
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "dashboard", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.3)
    try:
        yield f"http://127.0.0.1:{port}", Path(env["GONGJIAN_HOME"])
    finally:
        proc.terminate()
        proc.wait(20)






class Visit:
    """A browser page that records every request to a host other than this server."""

    def __init__(self, browser: Any, base: str, width: int = 1440, height: int = 900) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page = self.context.new_page()
        self.foreign: list[str] = []
        self.errors: list[str] = []
        host = base.split("/")[2]
        self.page.on("request", lambda r: None if r.url.split("/")[2:3] == [host] or r.url.startswith(("data:", "blob:"))
                     else self.foreign.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def go(self, path: str = "", **params: str) -> Any:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        self.page.goto(f"{self.base}/{path}" + (f"?{query}" if query else ""))
        return self.settle()

    def settle(self) -> Any:
        self.page.wait_for_selector("h1", timeout=120_000)
        self.page.wait_for_timeout(300)
        self.page.wait_for_function(SETTLED, timeout=120_000)
        self.page.wait_for_timeout(300)
        return self.page

    def text(self) -> str:
        return str(self.page.locator("[data-testid=stMain]").inner_text())

    def check(self, home: Path) -> None:
        page = self.page
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.locator("[data-testid=stAlertContentError]").count() == 0
        body = str(page.locator("body").inner_text())
        leftover = [k for k in KEY.findall(body) if k in MESSAGES]
        assert not leftover, leftover
        assert str(home) not in body and "/tmp/" not in body and "bolt://" not in body
        assert page.locator("text=Deploy").count() == 0
        assert not self.foreign, self.foreign
        assert not self.errors, self.errors


def metric(page: Any, label: str) -> str:
    box = page.locator("[data-testid=stMetric]", has_text=label).first
    return str(box.locator("[data-testid=stMetricValue]").inner_text())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_in_both_languages_and_widths(served: tuple[str, Path], browser: Any, shots: Path,
                                                 lang: str) -> None:
    base, home = served
    for width in (1440, 390):
        visit = Visit(browser, base, width)
        for path, title in zip(PAGES, TITLES[lang], strict=True):
            page = visit.go(path, lang=lang)
            assert page.locator("h1").first.inner_text() == title
            visit.check(home)
            page.screenshot(path=str(shots / f"dashboard-{path or 'overview'}-{lang}-{width}.png"), full_page=True)
        visit.context.close()


def test_community_date_and_a_bookmark(served: tuple[str, Path], browser: Any, shots: Path) -> None:
    base, home = served
    visit = Visit(browser, base)
    page = visit.go()
    whole = metric(page, "组织覆盖率（全部单位）")
    # the community, chosen in the sidebar: the figures change and the URL says so
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]", has_text="社区").click()
    page.get_by_role("option", name="康新河社区（C06）").click()
    visit.settle()
    assert "community=C06" in page.url
    assert "康新河社区" in visit.text() and metric(page, "组织覆盖率（全部单位）") != whole
    one = metric(page, "组织覆盖率（全部单位）")
    # a bookmark of that view, in English, gives the same view
    page = visit.go("", community="C06", lang="en")
    assert page.locator("h1").first.inner_text() == "Overview"
    assert metric(page, "Organizational coverage (all units)") == one
    assert "康新河社区" in visit.text()
    # another date, from the URL: the figures are those of that date
    page = visit.go("", date="2024-06-30")
    assert "2024-06-30" in visit.text() and metric(page, "组织覆盖率（全部单位）") != whole
    page.screenshot(path=str(shots / "dashboard-overview-2024.png"), full_page=True)
    visit.check(home)


def test_a_click_on_the_map_shows_the_node(served: tuple[str, Path], browser: Any, shots: Path) -> None:
    base, home = served
    visit = Visit(browser, base, 1440, 1400)
    page = visit.go("network_map", community="C01")
    page.wait_for_function("() => window.gongjianChart !== undefined", timeout=60_000)
    x, y, name = page.evaluate("""() => {
      const c = window.gongjianChart, s = c.getOption().series[0];
      const d = s.data.find(d => d.id === 'P0002');
      const [px, py] = c.convertToPixel({seriesIndex: 0}, [d.x, d.y]);
      const r = c.getDom().getBoundingClientRect();
      return [r.left + px, r.top + py, d.name];
    }""")
    page.mouse.click(x, y)
    page.get_by_text("相邻节点").first.wait_for(timeout=60_000)
    visit.settle()
    text = visit.text()
    assert name == "明门社区党委" and f"{name} · 党组织" in text and "P0002" in text
    page.screenshot(path=str(shots / "dashboard-map-clicked.png"), full_page=True)
    visit.check(home)


def test_the_report_downloads_and_opens(served: tuple[str, Path], browser: Any) -> None:
    base, home = served
    visit = Visit(browser, base)
    page = visit.go("export")
    with page.expect_download() as info:
        page.get_by_role("button", name="Excel (.xlsx)").click()
    data = Path(info.value.path()).read_bytes()
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert len(wb.sheetnames) > 5
    summary = [[c for c in row if c is not None] for row in wb[wb.sheetnames[0]].iter_rows(values_only=True)]
    flat = " ".join(str(c) for row in summary for c in row)
    assert "应建未建" in flat and "2026-11-01" in flat
    visit.check(home)


def test_a_named_query_with_a_chinese_choice_downloads(served: tuple[str, Path], browser: Any) -> None:
    base, home = served
    visit = Visit(browser, base, 1440, 1200)
    page = visit.go("queries")
    page.locator("[data-testid=stMain] [data-testid=stSelectbox]").first.click()
    page.get_by_role("option", name=re.compile(r"\(unmet_needs\)")).click()
    visit.settle()
    page.locator("[data-testid=stSelectbox]", has_text="需求类别").click()
    page.get_by_role("option", name="场地", exact=True).click()
    visit.settle()
    page.get_by_role("button", name="运行").first.click()
    visit.settle()
    page.get_by_text("2 行").first.wait_for(timeout=60_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 CSV").first.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode()) and b"N00001" in data and b"N00002" in data and b"N00003" not in data
    assert "场地".encode() in data
    visit.check(home)


def test_the_date_picked_in_the_sidebar(served: tuple[str, Path], browser: Any) -> None:
    base, home = served
    visit = Visit(browser, base)
    page = visit.go()
    before = metric(page, "组织覆盖率（全部单位）")
    # a segmented date field: type the digits into its first segment, they move on by themselves
    page.locator("[data-testid=stSidebar] [data-testid=stDateInput]").get_by_role("spinbutton").first.click()
    page.keyboard.type("20240630")
    page.locator("h1").first.click()  # the field takes the date when it loses the focus
    page.wait_for_function("() => location.search.includes('date=2024-06-30')", timeout=120_000)
    visit.settle()
    assert "截至 2024-06-30" in visit.text() and metric(page, "组织覆盖率（全部单位）") != before
    visit.check(home)
