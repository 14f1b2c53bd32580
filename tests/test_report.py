"""The full report on the sample: every planted situation found by id; both stores agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from dashboard.settings import SAMPLE_DIR
from graph.analysis.report import build_report, trend
from graph.analysis.report_model import Report, Table
from graph.analysis.rules import Rules
from graph.embedded_store import EmbeddedStore
from loaders.dataset_reader import read_dataset

from .conftest import KEY, fresh_neo4j_store, write_csv
from .davis_reference import DAVIS_BORGATTI_EVERETT

AS_OF = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("report") / "home")
    store.load(read_dataset(SAMPLE_DIR, key=KEY, effective=AS_OF), replace=True)
    return store


@pytest.fixture(scope="module")
def report(sample_store: EmbeddedStore) -> Report:
    return build_report(sample_store.to_networkx(as_of=AS_OF), as_of=AS_OF, data_version=sample_store.data_version())


def column(table: Table, key: str) -> list[object]:
    i = [c.key for c in table.columns].index(key)
    return [row[i] for row in table.rows]


def where(table: Table, key: str, value: object) -> dict[str, object]:
    rows = [row for row in table.rows if row[[c.key for c in table.columns].index(key)] == value]
    assert len(rows) == 1, (key, value, rows)
    return dict(zip([c.key for c in table.columns], rows[0], strict=True))


def test_should_have_org_finds_the_three_planted_units(report: Report) -> None:
    table = report.section("should_have_org").table("units")
    assert sorted(column(table, "id")) == ["U0141", "U0248", "U0276"]
    assert where(table, "id", "U0248")["full_members"] == 5
    assert where(table, "id", "U0248")["covered_by"] == []
    assert where(table, "id", "U0248")["name"] == "江城永成保安服务有限公司"
    assert where(table, "id", "U0276")["covered_by"] == ["P0015 瑞轩社区两新组织联合党支部"]
    assert where(table, "id", "U0141")["full_members"] == 3
    assert report.section("should_have_org").figure("uncovered").value == 1


def test_branch_size_finds_the_oversize_and_undersize_branches(report: Report) -> None:
    table = report.section("branch_size").table("violations")
    assert [(r[0], r[4], r[5], r[6]) for r in table.rows] == [("P0076", 3, 2, "undersize"), ("P0011", 58, 57, "oversize")]
    assert where(table, "id", "P0011")["suggestion"] == "general_branch"
    assert table.display_rows("zh")[1][7] == "宜设党总支"


def test_member_coverage_finds_lost_contact_unreported_and_floating(report: Report) -> None:
    section = report.section("member_coverage")
    assert column(section.table("lost_contact"), "id") == ["M000006", "M000603", "M000727", "M001334", "M001376"]
    assert where(section.table("lost_contact"), "id", "M000006")["last_contact"] == "2025-09-15"
    # what a secretary needs to act on each list: branch, community of residence, last contact
    for key in ("lost_contact", "unreported", "floating_without_station"):
        row = section.table(key).rows[0]
        found = dict(zip([c.key for c in section.table(key).columns], row, strict=False))
        assert found["branch"].startswith("P") and found["branch_name"] and found["community"].startswith("C")
        assert found["community_name"].endswith("社区") and found["last_contact"], (key, found)
    assert column(section.table("floating_without_station"), "id") == ["M000318", "M000712", "M001215"]
    assert section.figure("in_service").value == 920
    assert section.figure("unreported").value == 373
    unreported = column(section.table("unreported"), "id")
    assert unreported[:5] == ["M000002", "M000131", "M000192", "M000193", "M000195"]
    assert section.figure("reporting_rate").value == round((920 - 373) / 920, 6)


def test_needs_and_suggestions(report: Report) -> None:
    section = report.section("needs_matching")
    unmet = section.table("unmet")
    assert column(unmet, "id") == ["N00001", "N00002", "N00003", "N00004"]
    assert where(unmet, "id", "N00003")["suggestions"] == 0 and where(unmet, "id", "N00004")["suggestions"] == 0
    suggestions = section.table("suggestions")
    for need, resource in (("N00001", "R00017"), ("N00002", "R00058")):
        offered = [r for r in suggestions.rows if r[0] == need and resource in r[6]]
        assert offered, (need, resource)
        assert column(suggestions, "rank")[column(suggestions, "need").index(need)] == 1


def test_scorecard_and_isolated_unit(report: Report) -> None:
    card = report.section("community_scorecard").table("communities")
    assert where(card, "id", "C07")["missing"] == ["co_building"]
    assert where(card, "id", "C06")["missing"] == ["joint_meeting"]
    assert card.display_rows("en")[[r[0] for r in card.rows].index("C07")][-1] == ["co-building partners"]
    units = report.section("org_coverage").table("units")
    assert column(units, "status").count("none") == 37  # data/sample/README.md
    assert where(units, "id", "U0191")["status"] == "none"
    assert where(units, "id", "U0191")["orgs"] == [] and where(units, "id", "U0191")["work_ties"] == []


def test_report_figures_agree_with_their_tables(report: Report) -> None:
    org = report.section("org_coverage")
    statuses = column(org.table("units"), "status")
    for key in ("own", "joint", "work", "none"):
        assert org.figure(key).value == statuses.count(key)
    assert org.figure("org_coverage_rate").value == round((statuses.count("own") + statuses.count("joint")) / len(statuses), 6)
    by_community = org.table("by_community")
    assert sum(column(by_community, "units")) == len(statuses)  # every unit of the sample has a community
    index = report.section("integration_index").table("communities")
    assert sorted(column(index, "rank")) == list(range(1, 8))
    assert report.rules == Rules().as_dict()


def test_rules_change_the_report(sample_store: EmbeddedStore) -> None:
    G = sample_store.to_networkx(as_of=AS_OF)
    strict = build_report(G, as_of=AS_OF, rules=Rules(branch_max_members=39))
    oversize = column(strict.section("branch_size").table("violations"), "id")
    assert {"P0011", "P0025", "P0026", "P0027", "P0028"} <= set(oversize)
    assert strict.rules["branch_max_members"] == 39


def test_trend_over_dates(sample_store: EmbeddedStore, report: Report) -> None:
    days = [dt.date(2024, 11, 1), dt.date(2025, 11, 1), AS_OF]
    table = trend(lambda day: sample_store.to_networkx(as_of=day), dates=days)
    assert column(table, "as_of") == ["2024-11-01", "2025-11-01", "2026-11-01"]
    first = dict(zip([c.key for c in table.columns], table.rows[0], strict=True))
    # 130 members of the sample joined after 2024-11-01: not members then (found by review).
    assert first["member_coverage.members"] == 2045 - 130
    last = dict(zip([c.key for c in table.columns], table.rows[-1], strict=True))
    assert last["org_coverage.org_coverage_rate"] == report.section("org_coverage").figure("org_coverage_rate").value
    assert last["org_coverage.two_new_own_org_rate"] == 0.098039
    assert "member_coverage.lost_contact" not in first  # known for the latest data only
    assert report.section("member_coverage").figure("lost_contact").latest_only


def test_community_report(sample_store: EmbeddedStore) -> None:
    G = sample_store.to_networkx(as_of=AS_OF)
    c06 = build_report(G, as_of=AS_OF, community="C06")
    assert column(c06.section("should_have_org").table("units"), "id") == ["U0248"]
    assert column(c06.section("integration_index").table("communities"), "id") == ["C06"]


@pytest.mark.neo4j
def test_both_stores_give_the_same_report(neo4j_connection, sample_store: EmbeddedStore, report: Report) -> None:  # type: ignore[no-untyped-def]
    store = fresh_neo4j_store(neo4j_connection)
    try:
        store.load(read_dataset(SAMPLE_DIR, key=KEY, effective=AS_OF))
        theirs = build_report(store.to_networkx(as_of=AS_OF), as_of=AS_OF, data_version=sample_store.data_version())
    finally:
        store.close()
    assert theirs.to_dict(timings=False) == report.to_dict(timings=False)


def test_the_report_is_plain_data(report: Report) -> None:
    import json

    text = json.dumps(report.to_dict(), ensure_ascii=False)
    assert json.loads(text)["sections"][0]["key"] == "org_coverage"
    assert [s.key for s in report.sections][:3] == ["org_coverage", "should_have_org", "branch_size"]



def test_davis_through_the_generic_loader_gives_borgatti_everetts_centralities(tmp_path: Path) -> None:
    # The Davis Southern Women (18 women × 14 events) written as generic nodes/edges files,
    # loaded like any roster and analysed by the report's two-mode section.
    davis = nx.davis_southern_women_graph()
    women, events = davis.graph["top"], davis.graph["bottom"]
    ids = {w: f"W{i:02d}" for i, w in enumerate(women)} | {e: f"E{i:02d}" for i, e in enumerate(events)}
    write_csv(tmp_path / "nodes.csv", [["id", "name", "label"]]
              + [[ids[w], w, "Member"] for w in women] + [[ids[e], e, "Activity"] for e in events])
    write_csv(tmp_path / "edges.csv", [["source", "target", "type"]]
              + [[ids[w], ids[e], "PARTICIPATED_IN"] for w, e in davis.edges() if w in women])
    store = EmbeddedStore(tmp_path / "home")
    store.load(read_dataset(tmp_path, key=KEY))
    report = build_report(store.to_networkx(as_of=AS_OF), as_of=AS_OF)
    section = report.section("participation_network")
    assert (section.figure("members").value, section.figure("activities").value, section.figure("ties").value) == (18, 14, 89)
    table = section.table("centralities")
    by_name = {row[1]: tuple(round(v, 2) for v in row[3:6]) for row in table.rows}
    assert by_name == DAVIS_BORGATTI_EVERETT


def test_the_report_does_not_depend_on_the_order_of_the_graph(sample_store: EmbeddedStore, report: Report) -> None:
    # Stores hand rows back in their own order (Neo4j's varies by release): the same graph
    # built in another order must give the same report, to the last digit.
    import random

    G = sample_store.to_networkx(as_of=AS_OF)
    rng = random.Random(7)
    nodes, edges = list(G.nodes(data=True)), list(G.edges(keys=True, data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    H = nx.MultiDiGraph()
    H.add_nodes_from(nodes)
    for u, v, k, d in edges:
        H.add_edge(u, v, key=k, **d)
    shuffled = build_report(H, as_of=AS_OF, data_version=sample_store.data_version())
    assert shuffled.to_dict(timings=False) == report.to_dict(timings=False)


def test_every_section_names_the_functions_that_compute_it() -> None:
    import importlib

    from graph.analysis.report import SECTION_ORDER, SECTION_SOURCES

    assert set(SECTION_SOURCES) == {*SECTION_ORDER, "trend"}
    for names in SECTION_SOURCES.values():
        for name in names:
            module, _, function = name.rpartition(".")
            assert callable(getattr(importlib.import_module(module), function)), name
