"""A computed report is kept beside its data version and read back instead of computed again
(graph/reporting.py stored_report): the same report, by another process too; a new load, date,
community or rules computes afresh; a damaged copy is computed again."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from graph.analysis.report import REPORT_STEPS
from graph.analysis.report_model import LazyRows, Report
from graph.analysis.rules import Rules
from graph.embedded_store import EmbeddedStore
from graph.reporting import report_for_store, report_key, saved_report, stored_report
from tests.cli_env import loaded_sample


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(loaded_sample(tmp_path_factory.mktemp("stored"))["GONGJIAN_HOME"])


def test_the_report_round_trips_through_its_json_form(home: Path) -> None:
    report = report_for_store(EmbeddedStore(home))
    again = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again == report
    assert list(report.timings) == list(REPORT_STEPS)


def test_computed_once_then_read_back_by_any_process(home: Path) -> None:
    store = EmbeddedStore(home)
    steps: list[tuple[str, int, int]] = []
    first = stored_report(store, community="C01", progress=lambda *step: steps.append(step))
    total = len(REPORT_STEPS) - 1  # one community: no generic network
    assert steps[:2] == [("project", 0, total), ("org_coverage", 0, total)] and steps[-1] == ("", total, total)
    assert [s[1] for s in steps[1:]] == list(range(total + 1))
    again: list[object] = []
    other = EmbeddedStore(home)  # another process: nothing in memory
    assert stored_report(other, community="C01", progress=lambda *step: again.append(step)) == first
    assert again == []  # read, not computed
    direct = report_for_store(store, community="C01")  # the same report as computed directly (but its timings)
    assert first.community == "C01" and first.to_dict(timings=False) == direct.to_dict(timings=False)


def test_what_is_stored_is_read_and_nothing_else_computed(home: Path) -> None:
    """saved_report: the stored report, or None; never a computation (the dashboard reads with it
    outside its queue of computations)."""
    store = EmbeddedStore(home)
    assert saved_report(store, community="C03", as_of=dt.date(2026, 3, 3)) is None
    assert store.saved_result(report_key(dt.date(2026, 3, 3), Rules(), "C03")) is None  # and none was stored
    made = stored_report(store, community="C03", as_of=dt.date(2026, 3, 3))
    back = saved_report(EmbeddedStore(home), community="C03", as_of=dt.date(2026, 3, 3))
    assert back is not None and back == made
    assert back.section("org_coverage").figure("units").value == made.section("org_coverage").figure("units").value > 0
    assert saved_report(store, community="C03", as_of=dt.date(2026, 3, 4)) is None  # another date: not stored


def test_another_date_community_or_rules_is_another_report(home: Path) -> None:
    store = EmbeddedStore(home)
    day = store.data_date()
    assert day is not None
    keys = {report_key(day, Rules(), None), report_key(day, Rules(), "C01"),
            report_key(day - dt.timedelta(days=90), Rules(), None),
            report_key(day, Rules.from_mapping({"period_months": 6}), None)}
    assert len(keys) == 4
    earlier = stored_report(store, as_of=day - dt.timedelta(days=365))
    assert earlier.as_of == (day - dt.timedelta(days=365)).isoformat()
    assert earlier.section("org_coverage").figure("units").value != 0


def test_a_damaged_stored_report_is_computed_again(home: Path) -> None:
    store = EmbeddedStore(home)
    day = store.data_date()
    assert day is not None
    key = report_key(day, Rules(), "C02")
    store.save_result(key, b"not gzip at all")
    computed: list[object] = []
    report = stored_report(store, community="C02", progress=lambda *step: computed.append(step))
    assert computed and report.community == "C02"
    again = stored_report(EmbeddedStore(home), community="C02")
    assert again == report and again.to_dict() == report.to_dict()


def test_a_read_back_report_reads_a_tables_rows_when_first_looked_at(home: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.reporting

    monkeypatch.setattr(graph.reporting, "ROWS_PER_PART", 10)  # the sample's tables in several parts
    store = EmbeddedStore(home)
    computed = report_for_store(store, community="C04")
    stored_report(store, community="C04")
    back = stored_report(EmbeddedStore(home), community="C04")
    units = back.section("org_coverage").table("units")
    assert isinstance(units.rows, LazyRows) and repr(units.rows).endswith(" 0 read)")
    assert back.section("org_coverage").figure("units").value == computed.section("org_coverage").figure("units").value
    assert len(units.rows) == len(computed.section("org_coverage").table("units").rows) > 0
    assert repr(units.rows).endswith(" 0 read)")  # counted without reading
    assert units.rows[:3] == computed.section("org_coverage").table("units").rows[:3]
    assert repr(units.rows).endswith(" 10 read)")  # a slice reads only the part it needs
    assert units.rows[25] == computed.section("org_coverage").table("units").rows[25]
    assert repr(units.rows).endswith(" 20 read)")
    assert list(units.rows) == computed.section("org_coverage").table("units").rows
    assert repr(back.section("member_coverage").table("by_residence").rows).endswith(" 0 read)")  # the others still not
    assert back.to_dict(timings=False) == computed.to_dict(timings=False)


@pytest.mark.parametrize("damage", ["missing", "garbled", "another computation's"])
def test_rows_that_cannot_be_read_are_computed_again(home: Path, damage: str) -> None:
    store = EmbeddedStore(home)
    day = store.data_date()
    assert day is not None
    expected = report_for_store(store, community="C05").to_dict(timings=False)
    stored_report(store, community="C05")
    key = f"{report_key(day, Rules(), 'C05')}|rows"
    blob = store.saved_result(key)
    assert blob is not None
    back = stored_report(EmbeddedStore(home), community="C05")
    if damage == "missing":
        (store._derived_path("results", key, ".bin") or Path("/nonexistent")).unlink()
    elif damage == "garbled":
        store.save_result(key, b"\x1f\x8b" + bytes(len(blob)))
    else:  # rows whose digest is not the head's (e.g. written by another computation)
        store.save_result(key, gzip.compress(b"[]") + blob)
    assert back.to_dict(timings=False) == expected
    assert stored_report(EmbeddedStore(home), community="C05").to_dict(timings=False) == expected  # kept again


def test_a_report_of_another_version_is_never_served(home: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(home)
    day = store.data_date()
    assert day is not None
    key = report_key(day, Rules(), "C03")
    stale = stored_report(store, community="C03")
    text = json.dumps({**stale.to_dict(), "data_version": "000000-older"})
    store.save_result(key, gzip.compress(text.encode()))  # as a load landing mid-computation would leave it
    again = stored_report(store, community="C03")
    assert again.data_version == store.data_version()
    store.save_result(key, gzip.compress(b"{") [:-4] + b"xxxx")  # a damaged gzip stream (zlib's own error)
    assert stored_report(store, community="C03").data_version == store.data_version()


def test_a_new_load_computes_afresh(tmp_path: Path) -> None:
    home = Path(loaded_sample(tmp_path)["GONGJIAN_HOME"])
    store = EmbeddedStore(home)
    first = stored_report(store, community="C07")
    from typer.testing import CliRunner

    from dashboard.cli import app
    from dashboard.settings import SAMPLE_DIR
    env = {"GONGJIAN_HOME": str(home), "GONGJIAN_KEY_FILE": str(tmp_path / "key")}
    assert CliRunner().invoke(app, ["load", str(SAMPLE_DIR), "--as-of", "2026-12-01"], env=env).exit_code == 0
    after = stored_report(EmbeddedStore(home), community="C07")
    assert after.data_version != first.data_version and after.as_of == "2026-12-01"


def test_rows_of_a_report_whose_data_was_replaced_are_not_read_from_the_new_data(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dashboard.cli import app
    from dashboard.settings import SAMPLE_DIR
    from graph.reporting import ResultOutdated

    env = loaded_sample(tmp_path)
    home = Path(env["GONGJIAN_HOME"])
    stored_report(EmbeddedStore(home), community="C07")
    back = stored_report(EmbeddedStore(home), community="C07")  # its rows not read yet
    assert CliRunner().invoke(app, ["load", str(SAMPLE_DIR), "--as-of", "2026-12-01"], env=env).exit_code == 0
    with pytest.raises(ResultOutdated):
        list(back.section("org_coverage").table("units").rows)


def test_a_store_that_keeps_no_rows_gives_the_report_as_computed(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore(home)
    saved = store.save_result
    monkeypatch.setattr(store, "save_result", lambda key, data, **kw: None if key.endswith("|rows") else saved(key, data))
    computed: list[object] = []
    report = stored_report(store, community="C06", as_of=dt.date(2025, 3, 1), progress=lambda *s: computed.append(s))
    assert computed and isinstance(report.section("org_coverage").table("units").rows, list)
    assert store.saved_result(report_key(dt.date(2025, 3, 1), Rules(), "C06")) is None  # no head without its rows
