"""The same data and rules give the same report on any day: the report date is the data's own
(the load's --as-of, else the latest date in the data), never the clock, and the JSON is
byte-identical. The runs on other days are real processes under faketime (Debian's package,
installed by `make system`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.settings import SAMPLE_DIR

pytestmark = pytest.mark.slow


def gongjian(home: Path, *args: str, day: str | None = None) -> subprocess.CompletedProcess[str]:
    faketime = shutil.which("faketime")
    assert faketime, "faketime is missing: run `make system` (Debian package faketime)"
    env = {**os.environ, "GONGJIAN_HOME": str(home), "GONGJIAN_LANG": "en"}
    cmd = [sys.executable, "-m", "dashboard.cli", *args]
    if day is not None:
        cmd = [faketime, f"{day} 09:00:00", *cmd]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("stable") / "home"
    done = gongjian(home, "load", str(SAMPLE_DIR))  # no --as-of
    assert done.returncode == 0, done.stderr
    return home


def test_two_runs_on_different_days_give_the_same_json(home: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    first = gongjian(home, "analyze", "--out", str(a), day="2027-03-01")
    second = gongjian(home, "analyze", "--out", str(b), day="2031-09-15")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert a.read_bytes() == b.read_bytes()
    report = json.loads(a.read_text(encoding="utf-8"))
    # The latest date in the sample: the last contact recorded, nothing to do with 2027 or 2031.
    assert report["as_of"] == "2026-10-31"
    assert "2026-10-31" in first.stdout.splitlines()[1]


def test_the_report_date_is_printed_and_an_explicit_as_of_wins(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    done = gongjian(home, "analyze", "--as-of", "2025-11-01", "--out", str(out), day="2030-01-01")
    assert done.returncode == 0, done.stderr
    assert "2025-11-01" in done.stdout.splitlines()[1]
    assert "2025-11-01" in out.read_text(encoding="utf-8")


def test_data_without_any_date_needs_as_of(tmp_path: Path) -> None:
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "communities.csv").write_text("编号,社区名称\nC1,阳光社区\n", encoding="utf-8")
    home = tmp_path / "home"
    assert gongjian(home, "load", str(folder)).returncode == 0
    done = gongjian(home, "analyze", "--out", str(tmp_path / "r.json"))
    assert done.returncode == 2
    assert "--as-of" in done.stderr and "no date" in done.stderr
    assert not (tmp_path / "r.json").exists()
