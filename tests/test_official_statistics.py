"""The official coverage statistics (两新组织: 非公有制企业 and 社会组织, each and together) on the
sample, counted by hand from the CSV files with nothing of the library but the dates' reading,
against the report; tests/test_cli_analyze.py holds the command-line headline to them."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from dashboard.settings import SAMPLE_DIR
from graph.analysis.coverage import org_coverage
from graph.analysis.report import build_report

AS_OF = dt.date(2026, 11, 1)


def _rows(name: str) -> list[dict[str, str]]:
    with open(Path(SAMPLE_DIR) / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


def _valid(start: str, end: str) -> bool:
    s, e = _day(start), _day(end)
    return (s is None or s <= AS_OF) and (e is None or e > AS_OF)


def hand_count() -> dict[str, tuple[int, int, int, int]]:
    """Scope → (units, own, own + joint, own + joint + work), as the definitions read."""
    units = {r["编号"]: r["单位类型"] for r in _rows("units.csv")}
    orgs = {r["编号"]: r for r in _rows("party_orgs.csv")}

    def counts(org: str) -> bool:
        o = orgs.get(org)
        return o is not None and o["党组织类别"] != "党小组" and (_day(o["成立时间"]) or AS_OF) <= AS_OF

    own = {o["所在单位"] for o in orgs.values() if o["所在单位"] and counts(o["编号"])}
    joint = {r["覆盖单位"] for r in _rows("joint_coverage.csv")
             if counts(r["联合党支部"]) and _valid(r["覆盖时间"], r["退出时间"])}
    work = {r["结对对象"] for r in _rows("pairings.csv")
            if r["角色"] in ("党建指导员", "联络员") and _valid(r["结对时间"], r["结束时间"])}
    work |= {r["共建单位"] for r in _rows("co_building.csv") if _valid(r["签订时间"], r["到期时间"])}
    period_start = dt.date(2025, 11, 1)
    for r in _rows("activities.csv"):
        day = _day(r["活动时间"])
        who = [w.strip() for w in r["组织单位"].split("、") if w.strip()]
        if day is not None and period_start < day <= AS_OF and any(w in orgs for w in who):
            work |= {w for w in who if w in units}
    scopes = {"two_new": ("非公有制企业", "社会组织"), "private_enterprise": ("非公有制企业",),
              "social_org": ("社会组织",)}
    out = {}
    for scope, types in scopes.items():
        ids = [u for u, t in units.items() if t in types]
        o = sum(u in own for u in ids)
        oj = sum(u in own or u in joint for u in ids)
        ojw = sum(u in own or u in joint or u in work for u in ids)
        out[scope] = (len(ids), o, oj, ojw)
    return out


@pytest.fixture(scope="module")
def graph(sample):  # type: ignore[no-untyped-def]
    return sample


def test_the_two_new_rates_on_the_sample_match_a_hand_count(graph) -> None:  # type: ignore[no-untyped-def]
    expected = hand_count()
    assert expected["two_new"][0] == expected["private_enterprise"][0] + expected["social_org"][0] == 204
    result = org_coverage(graph, as_of=AS_OF)
    for scope, (units, own, organized, reached) in expected.items():
        c = result.by_scope[scope]
        assert (c.units, c.own, c.own + c.joint, c.own + c.joint + c.work) == (units, own, organized, reached), scope
        assert c.own_org_rate == round(own / units, 6)
        assert c.org_coverage_rate == round(organized / units, 6)
        assert c.work_coverage_rate == round(reached / units, 6)
    # The figure the statistics publish is not the all-unit one.
    assert result.by_scope["two_new"].own_org_rate == 0.098039 != result.by_scope["all"].own_org_rate


def test_every_coverage_figure_names_its_scope(graph) -> None:  # type: ignore[no-untyped-def]
    section = build_report(graph, as_of=AS_OF).section("org_coverage")
    scopes_zh = ("两新组织", "非公有制企业", "社会组织", "全部单位")
    for f in section.figures:
        assert any(f"（{s}）" in f.zh for s in scopes_zh), f.zh
        assert f.en.endswith(")") and not any("\u4e00" <= ch <= "\u9fff" for ch in f.en), f.en
    assert section.figure("two_new_own_org_rate").value == 0.098039
    assert section.figure("two_new_own_org_rate").zh == "单独组建率（两新组织）"
    rows = {r[0]: r for r in section.table("by_scope").rows}
    assert list(rows) == ["two_new", "private_enterprise", "social_org", "all"]
