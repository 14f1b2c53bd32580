"""The GraphStore contract: one suite, run against every store."""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import pytest

from graph.dataset import Dataset
from graph.errors import UnknownNode
from graph.model import Label, RelType
from graph.store import GraphStore, content_digest


def _rel(src: str, sl: str, dst: str, dl: str, **props: object) -> dict[str, object]:
    return {"src": src, "src_label": sl, "dst": dst, "dst_label": dl, **props}


def small(effective: dt.date = dt.date(2025, 1, 1)) -> Dataset:
    ds = Dataset.empty(effective)
    ds.add_nodes(Label.COMMUNITY, [{"id": "C1", "name": "阳光社区", "adjacent": ["C2"]}, {"id": "C2", "name": "和平社区"}])
    ds.add_nodes(Label.UNIT, [{"id": "U1", "name": "阳光小学", "type": "school", "employees": 80, "community": "C1"}])
    ds.add_nodes(Label.PARTY_ORG, [{"id": "P1", "name": "第一党支部", "kind": "branch"}, {"id": "P2", "name": "第二党支部", "kind": "branch"}])
    ds.add_nodes(Label.MEMBER, [
        {"id": "M1", "name": "张三", "gender": "male", "birth_year": 1970, "join_date": dt.date(1995, 7, 1),
         "status": "full", "category": "in_service", "skills": ["书法", "摄影"]},
        {"id": "M2", "name": "李四", "gender": "female", "birth_year": 1950, "status": "full", "category": "retired"},
    ])
    ds.add_relationships(RelType.MEMBER_OF, [_rel("M1", "Member", "P1", "PartyOrg"), _rel("M2", "Member", "P1", "PartyOrg")])
    ds.add_relationships(RelType.WORKS_AT, [_rel("M1", "Member", "U1", "Unit")])
    ds.add_relationships(RelType.LOCATED_IN, [_rel("U1", "Unit", "C1", "Community")])
    ds.add_relationships(RelType.REPORTED_TO, [_rel("M1", "Member", "C1", "Community", start=dt.date(2024, 3, 5))])
    ds.add_relationships(RelType.CO_BUILDS, [_rel("P1", "PartyOrg", "U1", "Unit", kind="共建协议",
                                                   start=dt.date(2020, 1, 1), end=dt.date(2023, 1, 1))])
    return ds


def test_empty_store(store: GraphStore) -> None:
    assert store.data_version() == ""
    assert store.counts().nodes == {} and store.counts().relationships == {}
    assert store.to_networkx().number_of_nodes() == 0
    assert store.nodes(Label.MEMBER).empty


def test_the_data_date_is_the_loads_as_of_else_the_latest_date_in_the_data(store: GraphStore) -> None:
    assert store.data_date() is None
    store.load(small(dt.date(2025, 1, 1)))
    assert store.data_date() == dt.date(2025, 1, 1)
    undated = small(None)  # type: ignore[arg-type]
    undated.add_nodes(Label.ACTIVITY, [{"id": "A1", "name": "义诊", "date": dt.date(2025, 6, 1)}])
    store.load(undated)
    # No --as-of: the latest date in the data (the activity), never the day of the load.
    assert store.data_date() == dt.date(2025, 6, 1)
    later = Dataset.empty()
    later.add_nodes(Label.COMMUNITY, [{"id": "C3", "name": "星河社区"}])
    store.load(later)  # an upsert keeps the latest date of what was there
    assert store.data_date() == dt.date(2025, 6, 1)
    store.load(later, replace=True)  # a replacement holds no date
    assert store.data_date() is None


def test_load_then_counts_equal_input(store: GraphStore) -> None:
    ds = small()
    result = store.load(ds)
    assert store.counts().nodes == {"Community": 2, "Unit": 1, "PartyOrg": 2, "Member": 2}
    assert store.counts().relationships == {"MEMBER_OF": 2, "WORKS_AT": 1, "REPORTED_TO": 1, "LOCATED_IN": 1, "CO_BUILDS": 1}
    assert (result.created_nodes, result.updated_nodes, result.created_relationships) == (7, 0, 6)
    assert result.data_version == store.data_version() != ""


def test_properties_round_trip_with_their_types(store: GraphStore) -> None:
    store.load(small())
    m1 = store.node("M1").properties
    assert m1 == {"id": "M1", "name": "张三", "gender": "male", "birth_year": 1970, "join_date": dt.date(1995, 7, 1),
                  "status": "full", "category": "in_service", "skills": ["书法", "摄影"]}
    assert store.node("C1").properties["adjacent"] == ["C2"]


def test_projection_filters_by_date_labels_and_types(store: GraphStore) -> None:
    store.load(small())
    G = store.to_networkx()
    assert (G.number_of_nodes(), G.number_of_edges()) == (7, 5)  # the ended co-building tie is left out
    G2021 = store.to_networkx(as_of=dt.date(2021, 6, 1))
    assert G2021.has_edge("P1", "U1", "CO_BUILDS") and not G2021.has_edge("M1", "C1", "REPORTED_TO")
    sub = store.to_networkx(labels=[Label.MEMBER, Label.PARTY_ORG], types=[RelType.MEMBER_OF])
    assert sorted(sub.edges(keys=True)) == [("M1", "P1", "MEMBER_OF"), ("M2", "P1", "MEMBER_OF")]
    assert sub.nodes["M1"]["label"] == "Member" and sub.nodes["M1"]["skills"] == ["书法", "摄影"]


def test_node_with_neighbours(store: GraphStore) -> None:
    store.load(small())
    view = store.node("P1")
    assert (view.label, view.properties["name"]) == ("PartyOrg", "第一党支部")
    assert sorted((n.direction, n.type, n.id, n.name) for n in view.neighbours) == [
        ("in", "MEMBER_OF", "M1", "张三"), ("in", "MEMBER_OF", "M2", "李四"), ("out", "CO_BUILDS", "U1", "阳光小学"),
    ]
    with pytest.raises(UnknownNode):
        store.node("nope")


def test_loading_twice_changes_nothing_not_even_the_version(store: GraphStore) -> None:
    first = store.load(small())
    digest, version = content_digest(store), store.data_version()
    assert first.changed and first.data_version == version
    result = store.load(small())
    assert content_digest(store) == digest
    assert store.data_version() == result.data_version == version
    assert not result.changed and result.counts == store.counts() == first.counts
    assert (result.created_nodes, result.updated_nodes, result.created_relationships, result.closed_relationships) == (0, 0, 0, 0)


def test_one_changed_value_is_one_updated_node_in_a_new_version(store: GraphStore) -> None:
    store.load(small())
    version = store.data_version()
    update = Dataset.empty(dt.date(2025, 1, 1))
    update.add_nodes(Label.MEMBER, [{"id": "M1", "name": "张三", "status": "full"}, {"id": "M2", "name": "李四", "status": "probationary"}])
    result = store.load(update)
    assert result.changed and result.data_version == store.data_version() != version
    assert (result.created_nodes, result.updated_nodes, result.created_relationships, result.closed_relationships) == (0, 1, 0, 0)
    assert store.node("M2").properties["status"] == "probationary" and store.node("M1").properties["skills"] == ["书法", "摄影"]


def test_replacing_with_identical_data_keeps_the_version(store: GraphStore) -> None:
    store.load(small())
    digest, version = content_digest(store), store.data_version()
    result = store.load(small(), replace=True)
    assert not result.changed and store.data_version() == result.data_version == version
    assert (result.created_nodes, result.updated_nodes, result.created_relationships, result.closed_relationships) == (0, 0, 0, 0)
    assert content_digest(store) == digest


def test_newer_roster_moves_a_member(store: GraphStore) -> None:
    store.load(small())
    update = Dataset.empty(dt.date(2026, 3, 1))
    update.add_nodes(Label.MEMBER, [{"id": "M1", "name": "张三", "last_contact": dt.date(2026, 2, 1)}])
    update.add_relationships(RelType.MEMBER_OF, [_rel("M1", "Member", "P2", "PartyOrg")])
    result = store.load(update)
    assert (result.created_relationships, result.closed_relationships) == (1, 1)
    rels = store.relationships(RelType.MEMBER_OF)
    m1 = sorted((r.dst, r.start, r.end) for r in rels[rels["src"] == "M1"].itertuples())
    assert m1 == [("P1", None, dt.date(2026, 3, 1)), ("P2", dt.date(2026, 3, 1), None)]
    # Properties the newer roster lacks are kept; new ones are added.
    assert store.node("M1").properties["skills"] == ["书法", "摄影"]
    assert store.node("M1").properties["last_contact"] == dt.date(2026, 2, 1)
    assert store.to_networkx(as_of=dt.date(2025, 6, 1)).has_edge("M1", "P1")
    assert store.to_networkx(as_of=dt.date(2026, 6, 1)).has_edge("M1", "P2")
    assert not store.to_networkx(as_of=dt.date(2026, 6, 1)).has_edge("M1", "P1")


def test_a_new_as_of_is_kept_even_for_unchanged_data_and_survives_an_undated_upsert(store: GraphStore) -> None:
    first = store.load(small(dt.date(2025, 1, 1)))
    again = store.load(small(dt.date(2025, 12, 31)))  # the same rows, a later roster date
    assert again.changed and again.data_version != first.data_version
    assert (again.created_nodes, again.updated_nodes, again.created_relationships) == (0, 0, 0)
    assert store.data_date() == dt.date(2025, 12, 31)
    assert not store.load(small(dt.date(2025, 12, 31))).changed  # and then nothing changes
    more = Dataset.empty()  # no --as-of, nothing dated after the roster's date
    more.add_nodes(Label.COMMUNITY, [{"id": "C3", "name": "星河社区"}])
    store.load(more)
    assert store.data_date() == dt.date(2025, 12, 31)


def test_a_move_loaded_without_as_of_is_dated_by_the_data_not_the_clock(store: GraphStore) -> None:
    from graph.reporting import report_date

    store.load(small())
    update = Dataset.empty()  # no --as-of
    update.add_nodes(Label.MEMBER, [{"id": "M1", "name": "张三", "last_contact": dt.date(2025, 9, 1)}])
    update.add_relationships(RelType.MEMBER_OF, [_rel("M1", "Member", "P2", "PartyOrg")])
    store.load(update)
    day = report_date(store)
    assert day == dt.date(2025, 9, 1)  # the latest date the data records
    rels = store.relationships(RelType.MEMBER_OF)
    m1 = sorted((r.dst, r.start, r.end) for r in rels[rels["src"] == "M1"].itertuples())
    assert m1 == [("P1", None, day), ("P2", day, None)]
    G = store.to_networkx(as_of=day)  # the default report sees the roster as loaded
    assert G.has_edge("M1", "P2") and not G.has_edge("M1", "P1")


def test_a_unit_that_changes_community_leaves_the_old_one(store: GraphStore) -> None:
    from graph.analysis.readings import actor_communities, ties_at

    store.load(small())
    moved = Dataset.empty(dt.date(2026, 3, 1))
    moved.add_nodes(Label.UNIT, [{"id": "U1", "name": "阳光小学", "community": "C2"}])
    moved.add_relationships(RelType.LOCATED_IN, [_rel("U1", "Unit", "C2", "Community")])
    result = store.load(moved)
    assert result.closed_relationships == 1
    for day, where in ((dt.date(2026, 1, 1), "C1"), (dt.date(2026, 6, 1), "C2")):
        G = store.to_networkx(as_of=day)
        assert actor_communities(G, ties_at(G, day))["U1"] == where


def test_replace_drops_what_the_new_data_lacks(store: GraphStore) -> None:
    store.load(small())
    only = Dataset.empty()
    only.add_nodes(Label.COMMUNITY, [{"id": "C9", "name": "新社区"}])
    store.load(only, replace=True)
    assert store.counts().nodes == {"Community": 1} and store.counts().relationships == {}


def test_name_index(store: GraphStore) -> None:
    store.load(small())
    index = store.name_index()
    assert index.labels["P1"] == "PartyOrg" and index.names[("PartyOrg", "第一党支部")] == ["P1"]
    assert index.aliases == {}
    more = Dataset.empty()
    more.add_nodes(Label.MEMBER, [{"id": "M-abcd", "name": "李四", "roster_id": "M001"}, {"id": "M-efgh", "name": "李四"}])
    store.load(more)
    index = store.name_index()
    assert index.aliases == {"M001": "M-abcd"}
    assert sorted(index.names[("Member", "李四")]) == ["M-abcd", "M-efgh", "M2"] and index.labels["M-efgh"] == "Member"


def test_nodes_tables_have_the_model_columns(store: GraphStore) -> None:
    store.load(small())
    frame = store.nodes(Label.UNIT)
    assert list(frame.columns) == ["id", "name", "type", "employees", "community"]
    assert frame.to_dict("records") == [{"id": "U1", "name": "阳光小学", "type": "school", "employees": 80, "community": "C1"}]
    assert isinstance(frame, pd.DataFrame)


def _member_of(store: GraphStore, member: str = "M1") -> list[tuple[object, ...]]:
    rels = store.relationships(RelType.MEMBER_OF)
    return sorted(((r.dst, r.start, r.end) for r in rels[rels["src"] == member].itertuples()), key=str)


def _roster(dst: str, effective: dt.date, start: dt.date | None = None) -> Dataset:
    ds = Dataset.empty(effective)
    ds.add_relationships(RelType.MEMBER_OF, [_rel("M1", "Member", dst, "PartyOrg", start=start)])
    return ds


def test_a_roster_start_date_corrects_the_valid_tie(store: GraphStore) -> None:
    store.load(small())
    store.load(_roster("P1", dt.date(2026, 1, 1), start=dt.date(2019, 1, 1)))
    assert _member_of(store) == [("P1", dt.date(2019, 1, 1), None)]


def test_a_move_with_a_transfer_date_and_a_move_back(store: GraphStore) -> None:
    store.load(small())
    store.load(_roster("P1", dt.date(2025, 1, 1), start=dt.date(2020, 1, 1)))
    store.load(_roster("P2", dt.date(2025, 6, 1), start=dt.date(2025, 3, 1)))
    assert _member_of(store) == [("P1", dt.date(2020, 1, 1), dt.date(2025, 3, 1)), ("P2", dt.date(2025, 3, 1), None)]
    # An older roster loaded again says P1 is current: P1 reopens and P2 ends, never before it began.
    store.load(_roster("P1", dt.date(2026, 1, 1), start=dt.date(2020, 1, 1)))
    assert _member_of(store) == [("P1", dt.date(2020, 1, 1), None), ("P2", dt.date(2025, 3, 1), dt.date(2025, 3, 1))]
    valid = store.to_networkx(as_of=dt.date(2026, 2, 1), types=[RelType.MEMBER_OF])
    assert list(valid.successors("M1")) == ["P1"]


def test_a_back_dated_move_never_ends_a_tie_before_it_starts(store: GraphStore) -> None:
    store.load(small())
    store.load(_roster("P1", dt.date(2025, 1, 1), start=dt.date(2020, 1, 1)))
    store.load(_roster("P2", dt.date(2025, 6, 1), start=dt.date(2019, 1, 1)))
    assert _member_of(store) == [("P1", dt.date(2020, 1, 1), dt.date(2020, 1, 1)), ("P2", dt.date(2019, 1, 1), None)]


def test_an_ended_tie_given_as_current_is_reopened(store: GraphStore) -> None:
    store.load(small())
    reopen = Dataset.empty(dt.date(2026, 1, 1))
    reopen.add_relationships(RelType.CO_BUILDS, [_rel("P1", "PartyOrg", "U1", "Unit", start=dt.date(2020, 1, 1))])
    store.load(reopen)
    rels = store.relationships(RelType.CO_BUILDS)
    assert [(r.start, r.end, r.kind) for r in rels.itertuples()] == [(dt.date(2020, 1, 1), None, "共建协议")]


def test_an_interrupted_start_correction_converges() -> None:
    """A load killed between writing a corrected tie and deleting the old one leaves two
    valid ties to the same organization; the re-run keeps exactly one."""
    from graph.dataset import conform_relationships
    from graph.merge import merge_relationships

    def r(start: dt.date | None) -> dict[str, object]:
        return _rel("M1", "Member", "P1", "PartyOrg", start=start)

    stuck = conform_relationships(RelType.MEMBER_OF, pd.DataFrame([r(dt.date(2019, 1, 1)), r(None)]))
    roster = conform_relationships(RelType.MEMBER_OF, pd.DataFrame([r(dt.date(2019, 1, 1))]))
    for order in (stuck, stuck.iloc[::-1]):
        merged, _, _ = merge_relationships(order, roster, RelType.MEMBER_OF, dt.date(2026, 1, 1))
        assert [(x.dst, x.start, x.end) for x in merged.itertuples()] == [("P1", dt.date(2019, 1, 1), None)]


def test_a_version_keeps_only_its_most_recently_used_results(store: GraphStore) -> None:
    """Each date, place and rules asked for adds a result: beyond ``keep`` the least recently used
    (saved or read) go, and the one just saved always stays."""
    store.load(small())

    def read(key: str) -> bytes | None:
        time.sleep(0.01)  # distinct times, on any file system's clock
        return store.saved_result(key)

    for i in range(5):
        store.save_result(f"r{i}", f"result {i}".encode(), keep=3)
        time.sleep(0.01)
    assert [read(f"r{i}") for i in range(5)] == [None, None, b"result 2", b"result 3", b"result 4"]
    store.save_result("r0", b"again", keep=3)  # r2 was used least recently
    assert [read(f"r{i}") for i in range(5)] == [b"again", None, None, b"result 3", b"result 4"]
    assert read("r0") == b"again"  # now r3 is the least recently used
    store.save_result("r5", b"result 5", keep=3)
    assert [read(k) for k in ("r0", "r3", "r4", "r5")] == [b"again", None, b"result 4", b"result 5"]
    store.save_result("r6", b"result 6", keep=0)  # even with no room, the one just saved stays
    assert [read(k) for k in ("r0", "r4", "r5", "r6")] == [None, None, None, b"result 6"]


def test_a_computed_report_is_kept_beside_its_data_version(store: GraphStore) -> None:
    assert store.saved_result("r") is None  # nothing loaded: nowhere to keep it
    store.save_result("r", b"x")
    assert store.saved_result("r") is None
    store.load(small())
    digest, counts = content_digest(store), store.counts()
    data = bytes(range(256)) * 40  # any bytes, kept as they are
    store.save_result("2026-11-01|all", data)
    assert store.saved_result("2026-11-01|all") == data
    assert store.saved_result("2026-11-01|C1") is None
    store.save_result("2026-11-01|all", b"again")
    assert store.saved_result("2026-11-01|all") == b"again"
    assert store.counts() == counts and content_digest(store) == digest  # not data: no node, no count
    changed = small()
    changed.add_nodes(Label.UNIT, [{"id": "U2", "name": "新单位", "type": "school", "community": "C2"}])
    store.load(changed)
    assert store.saved_result("2026-11-01|all") is None  # a new version computes afresh
