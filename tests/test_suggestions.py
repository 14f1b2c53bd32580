"""Coverage suggestions and key players: hand-computed rankings and greedy choices, and the sample."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from typing import Any

import networkx as nx
import pytest

from dashboard.settings import SAMPLE_DIR
from graph.analysis.coverage import org_coverage
from graph.analysis.rules import Rules
from graph.analysis.suggestions import (
    CoverageSuggestion,
    KeyPlayer,
    UnitSuggestions,
    coverage_suggestions,
    key_players,
)
from tests.projections import cut, node, tie

AS_OF = dt.date(2026, 11, 1)
ENDED = dt.date(2025, 1, 1)




# ---------------------------------------------------------------------------------------------
# coverage_suggestions
# ---------------------------------------------------------------------------------------------

def suggestion_graph() -> nx.MultiDiGraph:
    """Street S over community committees P1 (C1), P2 (C2), P3 (C3); C1 and C2 adjacent (listed by C1
    only), C3 adjacent to neither. Uncovered: U1 and U8 (C1), U14 (C2), U15 (no community).

    Loads: JA covers U2, U3 (2); JB covers U4 (1; its tie to U8 ended); J2 covers U9 (1); instructors
    M1, M4, M5, M6 one unit each, M2 two; M3's only instructor tie ended; JF is founded after as_of.
    Distances to P1: JA, JB, B1, M2, M5, M6 1; M1 2 (through B1); J2 3; P2 2; M4 not connected.
    """
    G = nx.MultiDiGraph()
    node(G, "C1", "Community", adjacent=["C2"])
    node(G, "C2", "Community")
    node(G, "C3", "Community")
    node(G, "S", "PartyOrg", kind="committee", name="街道党工委")
    for org, c in [("P1", "C1"), ("P2", "C2"), ("P3", "C3")]:
        node(G, org, "PartyOrg", kind="committee", community=c, name=f"{c}社区党委")
        node(G, f"RC{c[1]}", "Unit", type="residents_committee", community=c)
        tie(G, org, f"RC{c[1]}", "ESTABLISHED_IN")
        tie(G, org, "S", "SUBORDINATE_TO")
    node(G, "B1", "PartyOrg", kind="branch", community="C1")
    node(G, "JA", "PartyOrg", kind="joint_branch", community="C1", name="甲联合支部")
    node(G, "JB", "PartyOrg", kind="joint_branch", community="C1", name="乙联合支部")
    node(G, "JF", "PartyOrg", kind="joint_branch", community="C1", established=dt.date(2027, 1, 1))
    node(G, "J2", "PartyOrg", kind="joint_branch", community="C2")
    node(G, "J3", "PartyOrg", kind="joint_branch", community="C3")
    for org, parent in [("B1", "P1"), ("JA", "P1"), ("JB", "P1"), ("JF", "P1"), ("J2", "P2"), ("J3", "P3")]:
        tie(G, org, parent, "SUBORDINATE_TO")
    for u in ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U11", "U12", "U13"):
        node(G, u, "Unit", type="private_enterprise", community="C1")
    for u in ("U9", "U14"):
        node(G, u, "Unit", type="social_org", community="C2")
    node(G, "U10", "Unit", type="social_org", community="C3")
    node(G, "U15", "Unit", type="other")
    tie(G, "JA", "U2", "COVERS")
    tie(G, "JA", "U3", "COVERS")
    tie(G, "JB", "U4", "COVERS")
    tie(G, "JB", "U8", "COVERS", start=dt.date(2020, 1, 1), end=ENDED)
    tie(G, "JF", "U7", "COVERS")
    tie(G, "J2", "U9", "COVERS")
    tie(G, "J3", "U10", "COVERS")
    for m, units, org in [("M1", ["U5"], "B1"), ("M2", ["U6", "U7"], "P1"), ("M4", ["U11"], None),
                          ("M5", ["U12"], "P1"), ("M6", ["U13"], "P1")]:
        node(G, m, "Member", status="full", name=f"党员{m}")
        for u in units:
            tie(G, m, u, "PAIRED_WITH", role="instructor")
        if org:
            tie(G, m, org, "MEMBER_OF")
    node(G, "M3", "Member", status="full")
    tie(G, "M3", "P1", "MEMBER_OF")
    tie(G, "M3", "U8", "PAIRED_WITH", role="instructor", start=dt.date(2020, 1, 1), end=ENDED)
    for m in ("M7", "M8", "M9"):  # three full members work at U1: it should have its own org
        node(G, m, "Member", status="full")
        tie(G, m, "U1", "WORKS_AT")
    return G


def ranked(result: Any, unit: str) -> list[tuple[str, str, str, str, int, int | None]]:
    return [(s.candidate, s.kind, s.community, s.reason, s.load, s.distance)
            for s in result.units[unit].suggestions]


C1_SAME = [
    ("JB", "joint_branch", "C1", "same_community", 1, 1),
    ("JA", "joint_branch", "C1", "same_community", 2, 1),
    ("P1", "community_org", "C1", "same_community", 0, 0),
    ("M5", "instructor", "C1", "same_community", 1, 1),
    ("M6", "instructor", "C1", "same_community", 1, 1),
    ("M1", "instructor", "C1", "same_community", 1, 2),
    ("M4", "instructor", "C1", "same_community", 1, None),
    ("M2", "instructor", "C1", "same_community", 2, 1),
]


def test_suggestions_rank_same_community_then_kind_load_distance_id() -> None:
    result = coverage_suggestions(suggestion_graph(), as_of=AS_OF, max_per_unit=None)
    assert result.uncovered == ["U1", "U14", "U15", "U8"]
    # Same community first; within it joint branches, the community org, instructors; each by load
    # (JB's ended tie to U8 does not count), then distance (None last), then id (M5 before M6).
    assert ranked(result, "U1") == [*C1_SAME,
                                    ("J2", "joint_branch", "C2", "adjacent_community", 1, 3),
                                    ("P2", "community_org", "C2", "adjacent_community", 0, 2)]
    assert ranked(result, "U8") == ranked(result, "U1")
    # Adjacency is symmetric (only C1 lists it); the C1 actors come after C2's own.
    assert ranked(result, "U14") == [
        ("J2", "joint_branch", "C2", "same_community", 1, 1),
        ("P2", "community_org", "C2", "same_community", 0, 0),
        ("JB", "joint_branch", "C1", "adjacent_community", 1, 3),
        ("JA", "joint_branch", "C1", "adjacent_community", 2, 3),
        ("P1", "community_org", "C1", "adjacent_community", 0, 2),
        ("M5", "instructor", "C1", "adjacent_community", 1, 3),
        ("M6", "instructor", "C1", "adjacent_community", 1, 3),
        ("M1", "instructor", "C1", "adjacent_community", 1, 4),
        ("M4", "instructor", "C1", "adjacent_community", 1, None),
        ("M2", "instructor", "C1", "adjacent_community", 2, 3),
    ]
    # J3 (C3 is not adjacent), JF (founded later) and M3 (instructor tie ended) are never candidates.
    suggested = {s.candidate for u in result.units.values() for s in u.suggestions}
    assert suggested == {"JA", "JB", "J2", "P1", "P2", "M1", "M2", "M4", "M5", "M6"}
    assert result.units["U15"] == UnitSuggestions(unit="U15", name=None, type="other", community=None,
                                                  should_have_own_org=False, candidates=0, suggestions=[])
    assert result.without_candidates == ["U15"]


def test_suggestions_cut_to_max_per_unit_with_all_fields() -> None:
    G = suggestion_graph()
    result = coverage_suggestions(G, as_of=AS_OF)
    assert result.units["U1"] == UnitSuggestions(
        unit="U1", name=None, type="private_enterprise", community="C1", should_have_own_org=True,
        candidates=10,
        suggestions=[
            CoverageSuggestion(candidate="JB", name="乙联合支部", kind="joint_branch", community="C1",
                               reason="same_community", load=1, distance=1),
            CoverageSuggestion(candidate="JA", name="甲联合支部", kind="joint_branch", community="C1",
                               reason="same_community", load=2, distance=1),
            CoverageSuggestion(candidate="P1", name="C1社区党委", kind="community_org", community="C1",
                               reason="same_community", load=0, distance=0),
        ])
    assert result.units["U8"].should_have_own_org is False
    one_each = coverage_suggestions(G, as_of=AS_OF, max_per_unit=1)
    assert [s.candidate for s in one_each.units["U14"].suggestions] == ["J2"]
    # The same answer on a projection already cut at as_of.
    assert coverage_suggestions(cut(G, AS_OF), as_of=AS_OF) == result


def test_suggestions_scope_and_rules() -> None:
    G = suggestion_graph()
    only_c2 = coverage_suggestions(G, as_of=AS_OF, community="C2")
    assert only_c2.uncovered == ["U14"] and list(only_c2.units) == ["U14"]
    assert [s.candidate for s in only_c2.units["U14"].suggestions] == ["J2", "P2", "JB"]
    # Without instructors as work coverage, the instructed units are uncovered too (U7 as well: JF,
    # founded after as_of, covers nobody yet).
    strict = coverage_suggestions(G, as_of=AS_OF, rules=Rules(work_ties=()))
    assert strict.uncovered == ["U1", "U11", "U12", "U13", "U14", "U15", "U5", "U6", "U7", "U8"]
    # Before JB's tie to U8 ended, U8 was covered and JB had two units.
    before = coverage_suggestions(G, as_of=dt.date(2024, 6, 1), max_per_unit=None)
    assert "U8" not in before.uncovered
    assert ("JB", 2) in [(s.candidate, s.load) for s in before.units["U1"].suggestions]


def test_suggestions_of_a_graph_without_uncovered_units() -> None:
    G = nx.MultiDiGraph()
    node(G, "U1", "Unit", community="C1")
    node(G, "P1", "PartyOrg", kind="joint_branch", community="C1")
    tie(G, "P1", "U1", "COVERS")
    result = coverage_suggestions(G, as_of=AS_OF)
    assert (result.uncovered, result.units, result.without_candidates) == ([], {}, [])


# ---------------------------------------------------------------------------------------------
# key_players
# ---------------------------------------------------------------------------------------------

def key_graph() -> nx.MultiDiGraph:
    """C1 and C2 adjacent, C3 alone. Uncovered: U1, U2 (C1), U3, U4 (C2), U5, U6 (C3).

    Reach (degree): J1 and J2 each {U1–U4} (4), two of them at home; J3 and instructor M1 {U5, U6}
    (2); M2's only instructor tie ended. W1 (instructed by M1) and W2 (covered by J3) are covered.
    """
    G = nx.MultiDiGraph()
    node(G, "C1", "Community", adjacent=["C2"])
    node(G, "C2", "Community", adjacent=["C1"])
    node(G, "C3", "Community")
    for j, c in [("J1", "C1"), ("J2", "C2"), ("J3", "C3")]:
        node(G, j, "PartyOrg", kind="joint_branch", community=c)
    for u, c in [("U1", "C1"), ("U2", "C1"), ("U3", "C2"), ("U4", "C2"), ("U5", "C3"), ("U6", "C3"),
                 ("W1", "C3"), ("W2", "C3")]:
        node(G, u, "Unit", type="private_enterprise", community=c)
    node(G, "M1", "Member", name="党员甲")
    node(G, "M2", "Member")
    tie(G, "M1", "W1", "PAIRED_WITH", role="instructor")
    tie(G, "J3", "W2", "COVERS")
    tie(G, "M2", "W2", "PAIRED_WITH", role="instructor", start=dt.date(2020, 1, 1), end=ENDED)
    return G


def test_key_players_greedy_takes_marginal_gain_not_degree() -> None:
    result = key_players(key_graph(), as_of=AS_OF, k=5)
    # Step 1: J1 and J2 tie at 4 (two at home each), same kind: J1 by id. Step 2: J2 still has degree 4
    # but adds nothing; J3 and M1 add 2: J3, a joint branch. Step 3: nothing left to add, so it stops.
    assert result.chosen == [
        KeyPlayer(candidate="J1", name=None, kind="joint_branch", gain=4, degree=4,
                  units=["U1", "U2", "U3", "U4"], reach_share=0.666667),
        KeyPlayer(candidate="J3", name=None, kind="joint_branch", gain=2, degree=2, units=["U5", "U6"],
                  reach_share=1.0),
    ]
    assert result.k == 5 and result.candidates == 4  # J1, J2, J3, M1; M2's tie ended
    assert result.uncovered == result.reached == ["U1", "U2", "U3", "U4", "U5", "U6"]
    assert (result.unreached, result.reach_share) == ([], 1.0)


def test_key_players_k_scope_and_tie_breaks() -> None:
    G = key_graph()
    one = key_players(G, as_of=AS_OF, k=1)
    assert [p.candidate for p in one.chosen] == ["J1"]
    assert (one.reached, one.unreached, one.reach_share) == (["U1", "U2", "U3", "U4"], ["U5", "U6"], 0.666667)
    # In C3 alone, J3 and M1 tie on gain and home units; a joint branch goes before an instructor.
    c3 = key_players(G, as_of=AS_OF, community="C3")
    assert [(p.candidate, p.gain) for p in c3.chosen] == [("J3", 2)] and c3.candidates == 2
    # Without J3, the instructor is the one.
    G.remove_node("J3")
    assert [(p.candidate, p.name, p.kind) for p in key_players(G, as_of=AS_OF, community="C3").chosen] == [
        ("M1", "党员甲", "instructor")]
    assert key_players(G, as_of=AS_OF, k=0).chosen == []
    # A tie on gain goes to the actor with more of those units in its own community (JA, not J2 by id).
    wide = key_players(suggestion_graph(), as_of=AS_OF)
    assert [(p.candidate, p.gain, p.units) for p in wide.chosen] == [("JA", 3, ["U1", "U14", "U8"])]
    assert (wide.candidates, wide.unreached, wide.reach_share) == (10, ["U15"], 0.75)
    assert [p.candidate for p in key_players(suggestion_graph(), as_of=AS_OF, community="C2").chosen] \
        == ["J2"]


def test_key_players_without_uncovered_units() -> None:
    G = nx.MultiDiGraph()
    node(G, "C1", "Community")
    node(G, "J1", "PartyOrg", kind="joint_branch", community="C1")
    result = key_players(G, as_of=AS_OF)
    assert (result.uncovered, result.candidates, result.chosen, result.reach_share) == ([], 0, [], None)


# ---------------------------------------------------------------------------------------------
# The sample (data/sample), checked against its CSV rows
# ---------------------------------------------------------------------------------------------

def read_csv(name: str, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with (SAMPLE_DIR / name).open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def valid_row(start: str, end: str) -> bool:
    started = not start or dt.date.fromisoformat(start) <= AS_OF
    return started and (not end or dt.date.fromisoformat(end) > AS_OF)


@pytest.fixture(scope="module")
def rows() -> dict[str, Any]:
    """What the CSVs say: joint branches by community, units' communities, adjacency, loads."""
    units = {r["编号"]: r for r in read_csv("units.csv")}
    orgs = read_csv("party_orgs.csv")
    joint: dict[str, list[str]] = defaultdict(list)
    for r in orgs:
        if r["党组织类别"] == "联合党支部":
            joint[r["所在社区"]].append(r["编号"])
    # The community party organization: the committee established in the community's 居委会.
    community_org = {r["所在社区"]: r["编号"] for r in orgs
                     if r["所在单位"] and units[r["所在单位"]]["单位类型"] == "居委会"}
    covers: dict[str, int] = defaultdict(int)
    for r in read_csv("joint_coverage.csv"):
        if valid_row(r["覆盖时间"], r["退出时间"]):
            covers[r["联合党支部"]] += 1
    instructors: dict[str, set[str]] = defaultdict(set)
    for r in read_csv("pairings.csv"):
        if r["角色"] == "党建指导员" and r["结对对象"] in units and valid_row(r["结对时间"], r["结束时间"]):
            instructors[units[r["结对对象"]]["所在社区"]].add(r["党员"])
    adjacent = {r["编号"]: r["相邻社区"].split("、") for r in read_csv("communities.csv")}
    names = {r["编号"]: r["党组织名称"] for r in orgs}
    return {"units": units, "joint": joint, "community_org": community_org, "covers": covers,
            "instructors": instructors, "adjacent": adjacent, "names": names}


def test_sample_isolated_unit_gets_the_c07_joint_branch(sample: nx.MultiDiGraph,
                                                        rows: dict[str, Any]) -> None:
    assert rows["units"]["U0191"]["所在社区"] == "C07"
    assert rows["joint"]["C07"] == ["P0050"] and rows["names"]["P0050"] == "瑞安港社区两新组织联合党支部"
    assert rows["community_org"]["C07"] == "P0045" and rows["names"]["P0045"] == "瑞安港社区党委"
    result = coverage_suggestions(sample, as_of=AS_OF)
    assert "U0191" in result.uncovered and result.without_candidates == []
    found = result.units["U0191"]
    assert (found.name, found.community, found.should_have_own_org) == (
        "开元汇成电子商务股份有限公司", "C07", False)
    # All five C07 instructors instruct one unit each at distance 2 (member → branch → P0045): the
    # smallest id comes first.
    assert rows["instructors"]["C07"] == {"M001119", "M001120", "M001123", "M001131", "M001201"}
    assert [(s.candidate, s.name, s.kind, s.reason, s.load, s.distance) for s in found.suggestions] == [
        ("P0050", "瑞安港社区两新组织联合党支部", "joint_branch", "same_community",
         rows["covers"]["P0050"], 1),
        ("P0045", "瑞安港社区党委", "community_org", "same_community", 0, 0),
        ("M001119", "陶佳", "instructor", "same_community", 1, 2),
    ]
    # Every candidate: C07's own actors, then those of its only neighbour C05.
    every = coverage_suggestions(sample, as_of=AS_OF, max_per_unit=None).units["U0191"]
    assert rows["adjacent"]["C07"] == ["C05"]
    expected_c07 = {"P0050", "P0045"} | rows["instructors"]["C07"]
    expected_c05 = set(rows["joint"]["C05"]) | {rows["community_org"]["C05"]} | rows["instructors"]["C05"]
    assert every.candidates == len(expected_c07) + len(expected_c05) == 20
    assert {s.candidate for s in every.suggestions[:len(expected_c07)]} == expected_c07
    assert {s.candidate for s in every.suggestions[len(expected_c07):]} == expected_c05
    assert {s.reason for s in every.suggestions[len(expected_c07):]} == {"adjacent_community"}


def test_sample_unbuilt_unit_in_c06(sample: nx.MultiDiGraph, rows: dict[str, Any]) -> None:
    # C06 (康新河社区) has no joint branch: its community committee comes first, then its instructors,
    # then the joint branches of the adjacent communities C03 and C05.
    assert rows["units"]["U0248"]["所在社区"] == "C06" and "C06" not in rows["joint"]
    assert rows["community_org"]["C06"] == "P0038" and rows["adjacent"]["C06"] == ["C03", "C05"]
    found = coverage_suggestions(sample, as_of=AS_OF, max_per_unit=None).units["U0248"]
    assert found.should_have_own_org is True
    assert (found.suggestions[0].candidate, found.suggestions[0].kind) == ("P0038", "community_org")
    n_same = 1 + len(rows["instructors"]["C06"])
    assert {s.candidate for s in found.suggestions[1:n_same]} == rows["instructors"]["C06"]
    adjacent_joint = [(s.candidate, s.community, s.reason, s.load)
                      for s in found.suggestions[n_same:n_same + 2]]
    assert adjacent_joint == [("P0023", "C03", "adjacent_community", rows["covers"]["P0023"]),
                              ("P0037", "C05", "adjacent_community", rows["covers"]["P0037"])]
    assert rows["joint"]["C03"] == ["P0023"] and rows["joint"]["C05"] == ["P0037"]


def test_sample_key_players(sample: nx.MultiDiGraph, rows: dict[str, Any]) -> None:
    status = org_coverage(sample, as_of=AS_OF).status
    uncovered_in: dict[str, set[str]] = defaultdict(set)
    for u, s in status.items():
        if s == "none":
            uncovered_in[rows["units"][u]["所在社区"]].add(u)
    result = key_players(sample, as_of=AS_OF, k=5)
    # C05 borders four communities, so its joint branch reaches the most; the units of C01 remain,
    # and C01's own joint branch (P0009) adds them all.
    first = set().union(*(uncovered_in[c] for c in ["C05", *rows["adjacent"]["C05"]]))
    assert [(p.candidate, p.gain) for p in result.chosen] == [("P0037", len(first)), ("P0009", 5)]
    assert result.chosen[1].units == sorted(uncovered_in["C01"])
    assert (result.reach_share, result.unreached) == (1.0, [])
    # The bipartite reach is exactly the pairs that coverage_suggestions lists.
    every = coverage_suggestions(sample, as_of=AS_OF, max_per_unit=None)
    degree: dict[str, int] = defaultdict(int)
    for unit in every.units.values():
        for s in unit.suggestions:
            degree[s.candidate] += 1
    assert result.candidates == len(degree)
    assert all(p.degree == degree[p.candidate] for p in result.chosen)
