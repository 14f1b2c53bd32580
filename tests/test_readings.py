"""The shared readings: one community per actor in every analysis, nothing counted before it
happened, no hidden state between calls, and rules that are values."""

from __future__ import annotations

import datetime as dt
import threading

import networkx as nx
import pytest

from graph.analysis.co_building import co_building_network
from graph.analysis.coverage import branch_size, community_scorecard, org_coverage, should_have_org
from graph.analysis.integration import needs_matching, resource_sharing
from graph.analysis.readings import actor_communities, full_member, ties_at
from graph.analysis.report import build_report, trend
from graph.analysis.rules import Rules
from tests.projections import node, tie

AS_OF = dt.date(2026, 11, 1)


def two_community_unit() -> nx.MultiDiGraph:
    """U1 is located in C2 and in C1 and offers R1, shared with nobody."""
    G = nx.MultiDiGraph()
    for c in ("C1", "C2"):
        node(G, c, "Community")
    node(G, "U1", "Unit", type="hospital")
    node(G, "R1", "Resource", category="venue")
    tie(G, "U1", "C2", "LOCATED_IN")
    tie(G, "U1", "C1", "LOCATED_IN")
    tie(G, "U1", "R1", "OFFERS")
    return G


def test_a_unit_in_two_communities_is_in_the_same_one_everywhere() -> None:
    G = two_community_unit()
    assert actor_communities(G, ties_at(G, AS_OF)) == {"U1": "C1"}
    cards = community_scorecard(G, as_of=AS_OF).communities
    assert (cards["C1"].items["resources"].count, cards["C2"].items["resources"].count) == (1, 0)
    sharing = resource_sharing(G, as_of=AS_OF)
    assert sharing.offered_in_community == {"C1": {"venue": ["R1"]}, "C2": {}}
    assert resource_sharing(G, as_of=AS_OF, community="C1").offered == ["R1"]
    assert resource_sharing(G, as_of=AS_OF, community="C2").offered == []
    assert set(org_coverage(G, as_of=AS_OF).by_community) == {"C1"}
    assert org_coverage(G, as_of=AS_OF, community="C1").status == {"U1": "none"}
    assert org_coverage(G, as_of=AS_OF, community="C2").status == {}


def committee_without_community() -> nx.MultiDiGraph:
    """P1, the community committee, is established in C1's residents' committee RC and has no
    所在社区 of its own; it co-builds with U1 of C1."""
    G = nx.MultiDiGraph()
    node(G, "C1", "Community")
    node(G, "RC", "Unit", type="residents_committee")
    node(G, "U1", "Unit", type="school")
    node(G, "P1", "PartyOrg", kind="committee", community="")
    tie(G, "RC", "C1", "LOCATED_IN")
    tie(G, "U1", "C1", "LOCATED_IN")
    tie(G, "P1", "RC", "ESTABLISHED_IN")
    tie(G, "P1", "U1", "CO_BUILDS")
    return G


def test_a_community_committee_with_a_blank_community_is_in_its_network() -> None:
    G = committee_without_community()
    net = co_building_network(G, as_of=AS_OF, community="C1")
    assert sorted(net.actors) == ["P1", "RC", "U1"]
    assert [(t.u, t.v) for t in net.ties] == [("P1", "U1")]
    assert net.community_orgs == ["P1"]
    card = community_scorecard(G, as_of=AS_OF).communities["C1"]
    assert card.items["party_org"].ids == ["P1"]
    assert card.items["co_building"].ids == ["U1"]


def test_an_analysis_called_again_on_a_changed_graph_gives_the_new_answer() -> None:
    G = nx.MultiDiGraph()
    node(G, "U1", "Unit", type="private_enterprise")
    node(G, "P1", "PartyOrg", kind="branch")
    assert org_coverage(G, as_of=AS_OF).status == {"U1": "none"}
    tie(G, "P1", "U1", "ESTABLISHED_IN")  # same node count: a size-keyed memory missed this
    assert org_coverage(G, as_of=AS_OF).status == {"U1": "own"}
    G.remove_edge("P1", "U1")
    assert org_coverage(G, as_of=AS_OF).status == {"U1": "none"}


def test_ties_for_another_date_are_refused() -> None:
    G = nx.MultiDiGraph()
    with pytest.raises(ValueError, match="not of 2026-11-01"):
        org_coverage(G, as_of=AS_OF, ties=ties_at(G, dt.date(2025, 1, 1)))


def late_joiners() -> nx.MultiDiGraph:
    """W1 employs three full members; M2 joined in 2026 (full by the roster, probation to 2027)
    and M3 joined in 2025-03. Branch B1 has the same three members."""
    G = nx.MultiDiGraph()
    node(G, "W1", "Unit", type="private_enterprise")
    node(G, "B1", "PartyOrg", kind="branch")
    joined = {"M1": dt.date(2010, 7, 1), "M2": dt.date(2026, 3, 1), "M3": dt.date(2025, 3, 1)}
    for m, day in joined.items():
        node(G, m, "Member", status="full", join_date=day)
        tie(G, m, "W1", "WORKS_AT")
        tie(G, m, "B1", "MEMBER_OF")
    return G


def test_should_have_org_and_branch_size_at_a_past_date_leave_out_later_joiners() -> None:
    G = late_joiners()
    # Today: all three joined, but M2 is still in probation (joined 2026-03-01, full from 2027-03-01).
    assert should_have_org(G, as_of=AS_OF).unit_ids == []
    assert should_have_org(G, as_of=dt.date(2027, 3, 1)).unit_ids == ["W1"]
    size = branch_size(G, as_of=AS_OF).sizes["B1"]
    assert (size.members, size.full_members) == (3, 2)
    # 2025-06-01: M2 had not joined; M3 had, but was in probation.
    past = branch_size(G, as_of=dt.date(2025, 6, 1)).sizes["B1"]
    assert (past.members, past.full_members) == (2, 1)
    # 2024-01-01: only M1.
    assert branch_size(G, as_of=dt.date(2024, 1, 1)).sizes["B1"].members == 1
    assert full_member(G.nodes["M3"], dt.date(2026, 2, 28)) is False
    assert full_member(G.nodes["M3"], dt.date(2026, 3, 1)) is True


def need_done_later() -> nx.MultiDiGraph:
    """N1 raised 2025-01-10 in C1, done now: activity A1 of 2026-03-01 addressed it."""
    G = nx.MultiDiGraph()
    node(G, "C1", "Community")
    node(G, "N1", "Need", category="venue", status="done", raised_on=dt.date(2025, 1, 10))
    node(G, "A1", "Activity", date=dt.date(2026, 3, 1))
    tie(G, "N1", "C1", "RAISED_IN")
    tie(G, "A1", "N1", "ADDRESSES")
    return G


def test_a_need_open_at_a_past_date_is_unmet_in_that_dates_trend_row() -> None:
    G = need_done_later()
    assert needs_matching(G, as_of=dt.date(2025, 6, 1)).unmet_ids == ["N1"]
    assert needs_matching(G, as_of=AS_OF).unmet_ids == []
    assert needs_matching(G, as_of=dt.date(2024, 6, 1)).needs == []  # not raised yet
    table = trend(lambda day: G, dates=[dt.date(2025, 6, 1), AS_OF])
    column = [c.key for c in table.columns].index("needs_matching.unmet")
    assert [row[column] for row in table.rows] == [1, 0]


def test_rules_are_immutable_and_hashable() -> None:
    rules = Rules.from_mapping({"index_weights": {"org_coverage": 1.0}})
    assert hash(rules) == hash(Rules.from_mapping({"index_weights": {"org_coverage": 1.0}}))
    assert rules != Rules()
    with pytest.raises(TypeError):
        rules.index_weights["org_coverage"] = 2.0  # type: ignore[index]
    assert {Rules(): 1}[Rules()] == 1


def test_reports_built_in_parallel_threads_agree() -> None:
    from exports.report_files import report_json

    G = two_community_unit()
    expected = report_json(build_report(G, as_of=AS_OF, clock=lambda: 0.0))
    got: list[str] = []

    def work() -> None:
        got.append(report_json(build_report(G, as_of=AS_OF, clock=lambda: 0.0)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert got == [expected] * 4


def test_an_organization_heading_two_communities_counts_its_partners_in_both() -> None:
    G = nx.MultiDiGraph()
    for c in ("C1", "C2"):
        node(G, c, "Community")
    node(G, "RC1", "Unit", type="residents_committee", community="C1")
    node(G, "RC2", "Unit", type="residents_committee", community="C2")
    node(G, "U9", "Unit", type="school", community="C1")
    node(G, "P1", "PartyOrg", kind="committee")
    tie(G, "P1", "RC1", "ESTABLISHED_IN")
    tie(G, "P1", "RC2", "ESTABLISHED_IN")
    tie(G, "P1", "U9", "CO_BUILDS")
    cards = community_scorecard(G, as_of=AS_OF).communities
    assert [cards[c].items["party_org"].ids for c in ("C1", "C2")] == [["P1"], ["P1"]]
    assert [cards[c].items["co_building"].ids for c in ("C1", "C2")] == [["U9"], ["U9"]]
