"""Property tests: random tables never crash the loader and a failed load never writes."""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dashboard.cli import app
from graph.dataset import Dataset
from graph.embedded_store import EmbeddedStore
from loaders.dataset_reader import read_dataset
from loaders.errors import InputInvalid
from loaders.schema import TABLES

from .conftest import BASE_TABLES, KEY, make_id_number, write_csv

HEADERS = sorted({h for t in ("members", "units", "party_orgs") for c in TABLES[t].columns for h in c.headers[:2]})
CELLS = st.one_of(
    st.sampled_from(["", " ", "阳光社区第一党支部", "P02", "C01", "U01", "男", "女", "正式", "在职", "学校", "1985.03",
                     "2019年7月1日", "43647", "19850312", "合计", "-3", "１２", "x", make_id_number(random.Random(3)), "1985.13"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
)
ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters openpyxl refuses
TABLE = st.tuples(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7),
    st.lists(st.lists(CELLS, min_size=7, max_size=7), max_size=8),
)


def _write_random(folder: Path, headers: list[str], body: list[list[str]], xlsx: bool = False) -> None:
    """The base tables plus a random members table: CSV through the csv module (so commas,
    quotes and line breaks in cells are quoted as Excel does), or an XLSX sheet."""
    for name, rows in BASE_TABLES.items():
        write_csv(folder / name, rows)
    rows = [headers, *[row[: len(headers)] for row in body]]
    if xlsx:
        import openpyxl

        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append([ILLEGAL_XLSX.sub("", c) for c in row])
        wb.save(folder / "members.xlsx")
    else:
        with open(folder / "members.csv", "w", newline="", encoding="utf-8-sig") as f:
            csv.writer(f).writerows(rows)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TABLE, st.booleans())
def test_random_tables_never_crash_the_loader(table: tuple[list[str], list[list[str]]], xlsx: bool) -> None:
    headers, body = table
    with tempfile.TemporaryDirectory() as d:
        _write_random(Path(d), headers, body, xlsx)
        try:
            ds = read_dataset(Path(d), key=KEY, today=dt.date(2026, 11, 1))
        except InputInvalid as e:
            assert e.problems and all(p.file.endswith((".csv", ".xlsx")) for p in e.problems)
            assert all(p.reason("zh") and p.reason("en") for p in e.problems)
        else:
            assert isinstance(ds, Dataset)


@settings(max_examples=25, deadline=None)
@given(TABLE)
def test_a_failed_load_writes_nothing(table: tuple[list[str], list[list[str]]]) -> None:
    headers, body = table
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        data, home = root / "data", root / "home"
        data.mkdir()
        base = root / "base"
        base.mkdir()
        for name, rows in BASE_TABLES.items():
            write_csv(base / name, rows)
        env = {"GONGJIAN_HOME": str(home), "GONGJIAN_KEY_FILE": str(root / "key")}
        assert runner.invoke(app, ["load", str(base)], env=env).exit_code == 0
        before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
        _write_random(data, headers, body)
        version = EmbeddedStore(home).data_version()
        result = runner.invoke(app, ["load", str(data)], env=env)
        after = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 1:
            assert after == before
        else:  # a new version, or none when the members table added nothing (all blank rows)
            assert EmbeddedStore(home).data_version() > version or after == before
