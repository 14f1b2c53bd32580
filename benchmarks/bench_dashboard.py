"""Benchmark: the dashboard in Debian's Chromium on district (or city) data.

    python benchmarks/bench_dashboard.py [--scale district|city] [--seed 1] [--sessions 10]

The dataset is loaded once into an embedded store under ``benchmarks/.cache`` (not timed).
Measured, each as the time from navigation to a settled page (Streamlit's script finished, no
element still running):

1. the first computation: the stored results (reports, maps) removed, the overview's first visit (the report
   computed, with its progress bar);
2. every page's first visit (a map is built, the trend's dates computed), then every page again
   once computed;
3. a date change (another date's report computed);
4. after a server restart: every page again (the report read from the store, not computed);
5. ``--sessions`` browser sessions at once, each visiting every page: errors (must be none) and
   the median and 95th percentile of the page times.

Goals on a 2-core machine (issue 11): every district page ≤ 2 s once computed; a district date
change ≤ 10 s; a city page ≤ 3 s after a restart. Not a test: timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_report import store_home  # noqa: E402

PAGES = ("", "coverage", "members", "integration", "lists", "network_map", "profile", "trends", "queries", "data",
         "export")
SETTLED = ("() => { const a = document.querySelector('[data-testid=stApp]');"
           " return a && a.dataset.testScriptState === 'notRunning' && document.querySelector('h1') !== null; }")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``gongjian dashboard`` on a free port, on the store home ``home``."""

    def __init__(self, home: Path) -> None:
        self.port = _port()
        env = {**os.environ, "GONGJIAN_HOME": str(home)}
        self.proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "dashboard", "--port", str(self.port)],
                                     cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError("the dashboard did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def peak_mb(self) -> float:
        """The server process's peak resident memory so far (MB)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        print(f"   server peak RSS {self.peak_mb():,.0f} MB")
        self.proc.terminate()
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:  # busy computing: it holds nothing that needs a clean stop
            self.proc.kill()
            self.proc.wait(30)


async def _visit(context: Any, url: str) -> tuple[float, int]:
    """Seconds to a settled page, and how many error elements it shows."""
    page = context.pages[0] if context.pages else await context.new_page()
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_timeout(200)
    await page.wait_for_function(SETTLED, timeout=600_000)
    seconds = time.perf_counter() - start
    errors = await page.locator("[data-testid=stException], [data-testid=stAlertContentError]").count()
    return seconds, errors


async def _watched(context: Any, url: str) -> tuple[float, list[str]]:
    """Seconds to a settled page, and each progress text the page showed meanwhile (polled)."""
    page = context.pages[0] if context.pages else await context.new_page()
    start = time.perf_counter()
    await page.goto(url)
    seen: list[str] = []
    while True:
        await page.wait_for_timeout(500)
        if await page.evaluate(SETTLED):
            return time.perf_counter() - start, seen
        for text in await page.locator("[data-testid=stProgress]").all_inner_texts():
            text = " ".join(text.split())
            if text and (not seen or seen[-1].split("  @")[0] != text):
                seen.append(f"{text}  @{time.perf_counter() - start:.0f} s")


async def _pages(browser: Any, base: str, label: str, paths: tuple[str, ...] = PAGES) -> list[float]:
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    times = []
    for path in paths:
        seconds, errors = await _visit(context, f"{base}/{path}")
        times.append(seconds)
        print(f"  {label:12s} {path or 'overview':14s} {seconds:6.2f} s" + (f"  {errors} ERRORS" if errors else ""))
    await context.close()
    return times


async def _sessions(browser: Any, base: str, n: int) -> tuple[list[float], int]:
    async def one() -> tuple[list[float], int]:
        context = await browser.new_context(viewport={"width": 1440, "height": 900})
        times, errors = [], 0
        for path in PAGES:
            seconds, bad = await _visit(context, f"{base}/{path}")
            times.append(seconds)
            errors += bad
        await context.close()
        return times, errors

    results = await asyncio.gather(*(one() for _ in range(n)))
    return [t for times, _ in results for t in times], sum(e for _, e in results)


def _drop_reports(home: Path) -> int:
    gone = 0
    for folder in (home / "embedded").glob("versions/*/results"):
        gone += sum(1 for _ in folder.iterdir())
        shutil.rmtree(folder)
    return gone


async def run(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    home = store_home(args.scale, args.seed)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Debian's chromium is needed (make system)")
    dropped = 0 if args.restart_only else _drop_reports(home)
    print(f"scale {args.scale} seed {args.seed}; store {home.name}; stored reports dropped: {dropped}")
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        if args.restart_only:
            await _restarted(browser, home)
            await browser.close()
            return
        server = Server(home)
        try:
            context = await browser.new_context(viewport={"width": 1440, "height": 900})
            first, progress = await _watched(context, server.url)
            print(f"1. first computation (the overview: its report; the comparison date's then in the background): "
                  f"{first:6.2f} s; the progress it showed:")
            for text in progress:
                print(f"   {text}")
            await context.close()
            print("2a. every page's first visit (what each page computes: maps, the trend's dates):")
            await _pages(browser, server.url, "first visit")
            print("2b. every page once computed:")
            warm = await _pages(browser, server.url, "computed")
            changed = float("nan")
            if not args.no_date_change:
                day = f"{int(args.year) - 1}-06-30"
                context = await browser.new_context(viewport={"width": 1440, "height": 900})
                changed, _ = await _visit(context, f"{server.url}/?date={day}")
                await context.close()
                print(f"3. a date change (overview at {day}, a new report): {changed:6.2f} s")
                for i in range(args.more_date_changes):
                    await asyncio.sleep(10)  # the comparison date's report computed meanwhile
                    other = (dt.date(int(args.year) - 1, 5, 11) + dt.timedelta(days=i)).isoformat()
                    context = await browser.new_context(viewport={"width": 1440, "height": 900})
                    seconds, _ = await _visit(context, f"{server.url}/?date={other}")
                    await context.close()
                    print(f"   another date change (overview at {other}): {seconds:6.2f} s")
        finally:
            server.stop()
        server = Server(home)
        try:
            print("4. after a server restart (the stored report read):")
            restarted = await _pages(browser, server.url, "restarted")
            if args.sessions:
                print(f"5. {args.sessions} sessions at once, every page each:")
                times, errors = await _sessions(browser, server.url, args.sessions)
                times.sort()
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                print(f"   {len(times)} pages, {errors} errors; median {statistics.median(times):.2f} s, "
                      f"p95 {p95:.2f} s, max {times[-1]:.2f} s")
        finally:
            server.stop()
        await browser.close()
    print(f"\nslowest page once computed {max(warm):.2f} s; after a restart {max(restarted):.2f} s; "
          f"date change {changed:.2f} s")


async def _restarted(browser: Any, home: Path) -> None:
    """What is stored already: every page visited on a fresh server (anything not stored is
    computed then), then after a restart, twice."""
    server = Server(home)
    try:
        print("a fresh server, every page (what is not stored yet is computed):")
        await _pages(browser, server.url, "first visit")
    finally:
        server.stop()
    for run in (1, 2):
        server = Server(home)
        try:
            print(f"after a server restart ({run}):")
            times = await _pages(browser, server.url, "restarted")
            print(f"   slowest {max(times):.2f} s")
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district", choices=["street", "district", "city"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--restart-only", action="store_true",
                        help="keep what is stored; every page on a fresh server, then after two restarts")
    parser.add_argument("--no-date-change", action="store_true", help="leave out step 3 (at city scale: minutes)")
    parser.add_argument("--more-date-changes", type=int, default=0, help="step 3 again at N more dates")
    parser.add_argument("--year", default="2026", help="the data's year (the date change goes a year back)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
