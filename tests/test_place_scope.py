"""Reports for a set of communities (a street's, a district's): every analysis reads a set of ids as
the union of those communities. On the sample (seven communities C01–C07, all in 天塘街道): a set of
one is that community; {C01, C02} is C01 and C02 together; the co-building network of a set keeps the
ties between its communities and none leaving it; the store's report refuses an unknown id."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from exports.report_files import report_markdown
from graph.analysis import co_building, coverage, integration, participation, suggestions
from graph.analysis.integration_index import integration_index
from graph.analysis.readings import actor_communities, place_ids, place_value, residence, residents, ties_at
from graph.analysis.report import REPORT_STEPS, build_report
from graph.analysis.report_model import Report
from graph.analysis.rules import Rules
from graph.embedded_store import EmbeddedStore
from graph.errors import UnknownNode
from graph.reporting import report_for_store, report_key, stored_report
from tests.cli_env import loaded_sample

AS_OF = dt.date(2026, 11, 1)
PAIR = frozenset({"C01", "C02"})

#: Every analysis that takes ``community``, called as the report calls it.
ANALYSES: dict[str, Callable[..., Any]] = {
    "org_coverage": coverage.org_coverage,
    "should_have_org": coverage.should_have_org,
    "branch_size": coverage.branch_size,
    "member_coverage": coverage.member_coverage,
    "community_scorecard": lambda G, **kw: coverage.community_scorecard(
        G, as_of=kw["as_of"], community=kw["community"], ties=kw["ties"]),
    "coverage_suggestions": suggestions.coverage_suggestions,
    "key_players": suggestions.key_players,
    "co_building_network": co_building.co_building_network,
    "cross_sector": co_building.cross_sector,
    "resource_sharing": integration.resource_sharing,
    "needs_matching": integration.needs_matching,
    "reciprocity": integration.reciprocity,
    "member_engagement": integration.member_engagement,
    "participation_network": participation.participation_network,
    "integration_index": integration_index,
}


@pytest.fixture(scope="module")
def G(sample: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return sample


@pytest.fixture(scope="module")
def ties(G: nx.MultiDiGraph):  # type: ignore[no-untyped-def]
    return ties_at(G, AS_OF)


def run(G: nx.MultiDiGraph, ties: Any, name: str, community: Any) -> Any:
    return ANALYSES[name](G, as_of=AS_OF, rules=Rules(), community=community, ties=ties)


def test_place_ids_reads_one_several_or_all() -> None:
    assert place_ids("C01") == frozenset({"C01"})
    assert place_ids({"C02", "C01"}) == place_ids(frozenset(["C01", "C02"])) == PAIR
    assert place_ids(None) is None and place_ids(set()) == frozenset()
    assert place_value({"C02", "C01"}) == ["C01", "C02"] and place_value("C01") == "C01"
    with pytest.raises(TypeError):
        place_ids({"C01", 1})  # type: ignore[arg-type]


def test_the_residents_of_a_set_are_those_of_its_communities(G: nx.MultiDiGraph, ties: Any) -> None:
    one, two = residents(G, ties, "C01"), residents(G, ties, "C02")
    assert one and two and not one & two
    assert residents(G, ties, {"C01", "C02"}) == one | two
    assert residents(G, ties, None) == set(residence(G, ties))


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_a_set_of_one_community_is_that_community(G: nx.MultiDiGraph, ties: Any, name: str) -> None:
    as_id, as_set = run(G, ties, name, "C01"), run(G, ties, name, {"C01"})
    if hasattr(as_id, "community"):  # the network results keep the place asked for
        assert (as_id.community, as_set.community) == ("C01", ["C01"])
        as_id, as_set = (dataclasses.replace(r, community=None) for r in (as_id, as_set))
    assert as_set == as_id


def test_org_coverage_of_two_communities_is_theirs_together(G: nx.MultiDiGraph, ties: Any) -> None:
    one, two = (run(G, ties, "org_coverage", c) for c in ("C01", "C02"))
    both = run(G, ties, "org_coverage", PAIR)
    assert (one.total.units, two.total.units, both.total.units) == (44, 37, 81)
    assert both.total.none_units == sorted(one.total.none_units + two.total.none_units)
    assert len(both.total.none_units) == 14
    for status in ("own", "joint", "work"):
        assert getattr(both.total, status) == getattr(one.total, status) + getattr(two.total, status)
    assert both.status == {**one.status, **two.status}
    assert both.by_community == {"C01": one.by_community["C01"], "C02": two.by_community["C02"]}
    assert both.by_scope["two_new"].units == one.by_scope["two_new"].units + two.by_scope["two_new"].units


def test_the_lists_of_two_communities_are_the_union_of_theirs(G: nx.MultiDiGraph, ties: Any) -> None:
    def union(name: str, read: Callable[[Any], list[str]]) -> tuple[list[str], list[str]]:
        parts = [read(run(G, ties, name, c)) for c in ("C01", "C02")]
        return read(run(G, ties, name, PAIR)), sorted(parts[0] + parts[1])

    for name, read in [
        ("should_have_org", lambda r: r.unit_ids),
        ("branch_size", lambda r: sorted(r.sizes)),
        ("member_coverage", lambda r: r.unreported),
        ("member_coverage", lambda r: r.lost_contact),
        ("member_coverage", lambda r: r.without_org),
        ("needs_matching", lambda r: r.needs),
        ("needs_matching", lambda r: r.unmet_ids),
        ("resource_sharing", lambda r: r.offered),
        ("reciprocity", lambda r: sorted(f"{p.org}>{p.partner}" for p in r.pairs)),
        ("member_engagement", lambda r: r.members),
        ("coverage_suggestions", lambda r: r.uncovered),
        ("key_players", lambda r: r.uncovered),
    ]:
        got, expected = union(name, read)
        assert got == expected, name
    members = run(G, ties, "member_coverage", PAIR)
    assert (len(members.unreported), len(members.lost_contact)) == (95, 2)
    assert run(G, ties, "should_have_org", PAIR).unit_ids == ["U0276"]
    assert len(run(G, ties, "needs_matching", PAIR).needs) == 15
    # The sample's four unmet needs are in C03–C06: two communities' are theirs together.
    assert run(G, ties, "needs_matching", PAIR).unmet_ids == []
    assert run(G, ties, "needs_matching", {"C03", "C04"}).unmet_ids == ["N00002", "N00003"]


def test_member_figures_of_two_communities_add_up(G: nx.MultiDiGraph, ties: Any) -> None:
    one, two, both = (run(G, ties, "member_coverage", c) for c in ("C01", "C02", PAIR))
    assert both.members == one.members + two.members > 0
    assert both.in_service == one.in_service + two.in_service
    assert both.by_residence == {**one.by_residence, **two.by_residence}
    e1, e2, eb = (run(G, ties, "member_engagement", c) for c in ("C01", "C02", PAIR))
    assert eb.hours_total == pytest.approx(e1.hours_total + e2.hours_total)
    p1, p2, pb = (run(G, ties, "participation_network", c) for c in ("C01", "C02", PAIR))
    assert pb.members == p1.members + p2.members and pb.ties == p1.ties + p2.ties


def test_scorecard_and_index_rows_are_the_communities_of_the_set(G: nx.MultiDiGraph, ties: Any) -> None:
    card = run(G, ties, "community_scorecard", PAIR)
    every = run(G, ties, "community_scorecard", None)
    assert list(card.communities) == ["C01", "C02"]
    assert card.communities == {c: every.communities[c] for c in ("C01", "C02")}
    index = run(G, ties, "integration_index", PAIR)
    whole = run(G, ties, "integration_index", None)
    assert list(index.communities) == ["C01", "C02"]
    assert index.communities == {c: whole.communities[c] for c in ("C01", "C02")}
    assert index.ranking == [c for c in whole.ranking if c in PAIR]
    sharing = run(G, ties, "resource_sharing", PAIR)
    assert list(sharing.available_by_community) == list(sharing.categories_by_community) == ["C01", "C02"]


def test_the_co_building_network_of_a_set_is_induced_by_its_actors(G: nx.MultiDiGraph, ties: Any) -> None:
    where = actor_communities(G, ties)
    one, two, both = (run(G, ties, "co_building_network", c) for c in ("C01", "C02", PAIR))
    assert both.community == ["C01", "C02"]
    assert both.actors == sorted(one.actors + two.actors) and both.figures.nodes == 110
    assert {where[a] for a in both.actors} == set(PAIR)
    # The sample has no tie between an actor of C01 and one of C02: the pair's ties are theirs.
    pairs = {(t.u, t.v) for t in both.ties}
    assert pairs == {(t.u, t.v) for t in one.ties} | {(t.u, t.v) for t in two.ties}
    assert all(where[t.u] == where[t.v] for t in both.ties)
    # Two ties leave the pair (to C03 and C04): in the whole network, not in the pair's.
    whole = run(G, ties, "co_building_network", None)
    leaving = {(t.u, t.v) for t in whole.ties if (where.get(t.u) in PAIR) != (where.get(t.v) in PAIR)}
    assert leaving == {("P0016", "U0168"), ("U0119", "U0219")}
    assert not leaving & pairs
    # The leadership core: the community party organizations of both communities.
    assert both.community_orgs == sorted(one.community_orgs + two.community_orgs) == ["P0002", "P0010"]
    assert set(both.by_community) == set(PAIR) and one.by_community == {}  # a breakdown for several, not for one
    # P0016 (C03) and U0168 (C02) share a resource: in neither community's network, in theirs together.
    tie = ("P0016", "U0168")
    assert (where["P0016"], where["U0168"]) == ("C03", "C02")
    apart = [{(t.u, t.v) for t in run(G, ties, "co_building_network", c).ties} for c in ("C02", "C03")]
    together = {(t.u, t.v): t.reasons for t in run(G, ties, "co_building_network", {"C02", "C03"}).ties}
    assert tie not in apart[0] | apart[1]
    assert together[tie] == ["shared_resource"]
    graph = co_building.co_building_graph(G, as_of=AS_OF, community={"C02", "C03"}, ties=ties)
    assert graph.has_edge(*tie) and {where[a] for a in graph} == {"C02", "C03"}


def test_a_report_of_a_set_covers_the_set(G: nx.MultiDiGraph) -> None:
    one = build_report(G, as_of=AS_OF, community="C01")
    as_set = build_report(G, as_of=AS_OF, community={"C01"})
    assert (one.community, as_set.community) == ("C01", ["C01"])
    assert dataclasses.replace(as_set, community="C01").to_dict(timings=False) == one.to_dict(timings=False)
    both = build_report(G, as_of=AS_OF, community={"C02", "C01"})
    assert both.community == ["C01", "C02"]
    assert list(both.timings) == list(REPORT_STEPS[:-1])  # a part: no generic network
    assert both.section("org_coverage").figure("units").value == 81
    assert [r[0] for r in both.section("community_scorecard").table("communities").rows] == ["C01", "C02"]
    # The documented JSON form: a list of ids, read back to the same report.
    data = json.loads(json.dumps(both.to_dict(), ensure_ascii=False))
    assert data["community"] == ["C01", "C02"]
    assert Report.from_dict(data) == both
    assert "- 范围: C01、C02" in report_markdown(both, "zh")
    assert "- scope: C01, C02" in report_markdown(both, "en")


def test_the_report_files_name_at_most_five_communities() -> None:
    five = Report("2026-11-01", ["C01", "C02", "C03", "C04", "C05"], {}, [])
    assert "- 范围: C01、C02、C03、C04、C05\n" in report_markdown(five, "zh")
    six = dataclasses.replace(five, community=[*five.community, "C06"])  # type: ignore[misc]
    assert "- 范围: C01、C02、C03、C04、C05 等 6 个社区（另有 1 个未列出）\n" in report_markdown(six, "zh")
    assert "- scope: C01, C02, C03, C04, C05 and 1 more (6 communities)\n" in report_markdown(six, "en")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(loaded_sample(tmp_path_factory.mktemp("place"))["GONGJIAN_HOME"])


def test_the_store_s_report_of_a_set(home: Path) -> None:
    store = EmbeddedStore(home)
    # A set of one id is that community's own report.
    assert report_for_store(store, community={"C01"}).to_dict(timings=False) == report_for_store(
        store, community="C01").to_dict(timings=False)
    first = stored_report(store, community={"C01", "C02"})
    assert first.community == ["C01", "C02"]
    assert stored_report(EmbeddedStore(home), community={"C02", "C01"}) == first  # read back, same key
    assert first.to_dict(timings=False) == report_for_store(store, community=PAIR).to_dict(timings=False)


def test_a_set_naming_an_unknown_community_is_refused(home: Path) -> None:
    store = EmbeddedStore(home)
    with pytest.raises(UnknownNode) as info:
        report_for_store(store, community={"C01", "C99", "C98"})
    assert info.value.message("en").startswith("no community with id or name C98, C99; known: C01 ")
    assert info.value.message("zh").startswith("没有编号或名称为 C98、C99 的社区")
    with pytest.raises(UnknownNode):
        report_for_store(store, community={"明门社区"})  # a set holds ids, not names (C01 明门社区)
    with pytest.raises(UnknownNode):
        report_for_store(store, community=set())


def test_the_stored_report_key_of_a_set() -> None:
    day, rules = AS_OF, Rules()
    keys = {report_key(day, rules, PAIR), report_key(day, rules, "C01"), report_key(day, rules, None)}
    assert len(keys) == 3
    assert report_key(day, rules, {"C02", "C01"}) == report_key(day, rules, PAIR)
    assert report_key(day, rules, PAIR).split("|")[3] == "set:d52ef7ff9b4a034a"  # sha256("C01\nC02")[:16]
    assert report_key(day, rules, {"C01", "C03"}) != report_key(day, rules, PAIR)


def test_several_communities_network_by_community_is_the_wholes_rows(sample: nx.MultiDiGraph) -> None:
    whole = co_building.co_building_network(sample, as_of=AS_OF)
    pair = co_building.co_building_network(sample, as_of=AS_OF, community={"C01", "C02"})
    assert set(pair.by_community) == {"C01", "C02"}
    assert pair.by_community == {c: whole.by_community[c] for c in ("C01", "C02")}
    assert co_building.co_building_network(sample, as_of=AS_OF, community="C01").by_community == {}
