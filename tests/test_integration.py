"""Resource-integration analyses 3–6: hand-computed values on tiny graphs, planted needs on the sample."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import networkx as nx
import pytest

from graph.analysis.integration import (
    BranchEngagement,
    CoBuildingFlow,
    Suggestion,
    member_engagement,
    needs_matching,
    reciprocity,
    resource_sharing,
)
from graph.analysis.rules import Rules
from tests.projections import build, n, t

AS_OF = dt.date(2026, 11, 1)  # the period is (2025-11-01, 2026-11-01]
ENDED = {"end": dt.date(2026, 1, 1)}




EMPTY = nx.MultiDiGraph()


# --------------------------------------------------------------------------------------
# 3. resource sharing


@pytest.fixture
def resources() -> nx.MultiDiGraph:
    return build(
        {
            "C1": n("Community"), "C2": n("Community"),
            "U1": n("Unit"), "U2": n("Unit"), "U3": n("Unit", community="C2"),  # U3: property only
            "R1": n("Resource", category="venue"), "R2": n("Resource", category="funds"),
            "R3": n("Resource", category="volunteer"), "R4": n("Resource", category="venue"),
            "R5": n("Resource", category="facility"), "R6": n("Resource"),
            "A1": n("Activity", date=dt.date(2026, 5, 1)),
            "A2": n("Activity", date=dt.date(2025, 1, 1)),  # before the period
            "A3": n("Activity"),  # undated: never in the period
            "A4": n("Activity", date=AS_OF),  # the period's last day
            "A5": n("Activity", date=dt.date(2025, 11, 1)),  # the day before the period
            "A6": n("Activity", date=dt.date(2026, 11, 2)),  # after as_of
        },
        [
            t("U1", "C1", "LOCATED_IN"), t("U2", "C2", "LOCATED_IN"),
            t("U1", "R1", "OFFERS"), t("U1", "R2", "OFFERS"), t("U2", "R3", "OFFERS"),
            t("U3", "R4", "OFFERS"), t("U1", "R5", "OFFERS", **ENDED), t("U2", "R6", "OFFERS"),
            t("R1", "C1", "SHARED_WITH"), t("R3", "C1", "SHARED_WITH"), t("R3", "C2", "SHARED_WITH"),
            t("R4", "C2", "SHARED_WITH", **ENDED), t("R5", "C1", "SHARED_WITH"), t("R6", "C2", "SHARED_WITH"),
            t("A1", "R1", "USES"), t("A2", "R2", "USES"), t("A3", "R3", "USES"), t("A4", "R4", "USES"),
            t("A5", "R6", "USES"), t("A6", "R6", "USES"),
        ],
    )


def test_resource_sharing_by_hand(resources: nx.MultiDiGraph) -> None:
    r = resource_sharing(resources, as_of=AS_OF)
    assert dataclasses.asdict(r) == {
        "offered": ["R1", "R2", "R3", "R4", "R6"],
        "shared": ["R1", "R3", "R6"],
        "unshared": ["R2", "R4"],
        "shared_share": 0.6,
        "used": ["R1", "R4"],
        "unused": ["R2", "R3", "R6"],
        "utilization": 0.4,
        "not_offered": ["R5"],
        "available_by_community": {
            "C1": {"venue": ["R1"], "volunteer": ["R3"]},
            "C2": {"unknown": ["R6"], "volunteer": ["R3"]},
        },
        "offered_in_community": {
            "C1": {"funds": ["R2"], "venue": ["R1"]},
            "C2": {"unknown": ["R6"], "venue": ["R4"], "volunteer": ["R3"]},
        },
        "categories_by_community": {"C1": ["funds", "venue", "volunteer"],
                                    "C2": ["unknown", "venue", "volunteer"]},
    }


def test_resource_sharing_one_community(resources: nx.MultiDiGraph) -> None:
    r = resource_sharing(resources, as_of=AS_OF, community="C2")
    assert (r.offered, r.shared, r.unshared, r.shared_share) == (["R3", "R4", "R6"], ["R3", "R6"], ["R4"], 0.666667)
    assert (r.used, r.unused, r.utilization) == (["R4"], ["R3", "R6"], 0.333333)
    assert r.categories_by_community == {"C2": ["unknown", "venue", "volunteer"]}
    assert list(r.available_by_community) == list(r.offered_in_community) == ["C2"]


def test_resource_sharing_before_the_offer_ended(resources: nx.MultiDiGraph) -> None:
    r = resource_sharing(resources, as_of=dt.date(2025, 12, 1))  # R5's offer, R4's sharing still valid
    assert (r.offered, r.unshared, r.not_offered) == (["R1", "R2", "R3", "R4", "R5", "R6"], ["R2"], [])
    assert r.used == ["R2", "R6"]  # period (2024-12-01, 2025-12-01]: A2 and A5 in, A1 and A4 ahead


def test_resource_sharing_period_is_a_rule(resources: nx.MultiDiGraph) -> None:
    r = resource_sharing(resources, as_of=AS_OF, rules=Rules(period_months=24))
    assert r.used == ["R1", "R2", "R4", "R6"]  # A2 (2025-01-01) and A5 fall into 24 months


def test_resource_sharing_empty_graph() -> None:
    r = resource_sharing(EMPTY, as_of=AS_OF)
    assert (r.offered, r.shared_share, r.utilization, r.categories_by_community) == ([], None, None, {})


# --------------------------------------------------------------------------------------
# 4. needs ↔ resources ↔ projects


@pytest.fixture
def needs() -> nx.MultiDiGraph:
    """C1 lists C2 as adjacent (C2 lists nothing: adjacency is symmetric); C3 is far away.

    P1 is C1's community organization (established in its residents' committee RC1); C2 has no
    residents' committee, so its top organization P2 stands in; P4 is a branch under P2, P5 a
    joint branch, P6 founded after as_of.
    """
    return build(
        {
            "C1": n("Community", adjacent=["C2"]), "C2": n("Community"), "C3": n("Community"),
            "RC1": n("Unit", name="RC1", type="residents_committee"),
            "P1": n("PartyOrg", kind="committee"), "P2": n("PartyOrg", kind="committee"),
            "P3": n("PartyOrg", kind="branch"), "P4": n("PartyOrg", kind="branch"),
            "P5": n("PartyOrg", kind="joint_branch"),
            "P6": n("PartyOrg", kind="committee", established=dt.date(2027, 1, 1)),
            "U1": n("Unit", name="Bakery"), "U2": n("Unit", name="Archive"), "U3": n("Unit", name="Depot"),
            "U4": n("Unit", name="Bank"), "U5": n("Unit", name="Cafe"), "U6": n("Unit", name="Far"),
            "U7": n("Unit", name="Gone"), "U8": n("Unit", name="Fund"), "U9": n("Unit", name="Zoo"),
            "R1": n("Resource", category="venue"), "R2": n("Resource", category="venue"),
            "R3": n("Resource", category="venue"), "R4": n("Resource", category="funds"),
            "R5": n("Resource", category="venue"), "R6": n("Resource", category="venue"),
            "R7": n("Resource", category="venue"), "R8": n("Resource", category="funds"),
            "R9": n("Resource", category="venue"),
            "N1": n("Need", name="hall", category="venue", status="open"),
            "N2": n("Need", category="venue", status="open"),
            "N3": n("Need", name="fund", category="funds", status="open"),
            "N4": n("Need", name="haircut", category="other", status="open"),
            "N5": n("Need", category="professional", status="done"),
            "N6": n("Need", category="venue", status="open", raised_on=dt.date(2026, 12, 1)),
            "N7": n("Need", category="facility", status="claimed"),
            "N8": n("Need", category="venue", status="open"),
            "A1": n("Activity", date=dt.date(2026, 5, 1)),
            "A2": n("Activity", date=dt.date(2026, 12, 1)),  # after as_of
            "A3": n("Activity"),  # undated, on the project list
            "A4": n("Activity", date=dt.date(2026, 2, 1)),
            "A5": n("Activity", date=dt.date(2024, 1, 1)),  # before the period
        },
        [
            t("RC1", "C1", "LOCATED_IN"), t("P1", "RC1", "ESTABLISHED_IN"), t("P1", "C1", "LOCATED_IN"),
            t("P2", "C2", "LOCATED_IN"), t("P4", "C2", "LOCATED_IN"), t("P4", "P2", "SUBORDINATE_TO"),
            t("P3", "C1", "LOCATED_IN"), t("P3", "U4", "ESTABLISHED_IN"), t("P3", "P2", "SUBORDINATE_TO"),
            t("U1", "C1", "LOCATED_IN"), t("U2", "C3", "LOCATED_IN"), t("U3", "C2", "LOCATED_IN"),
            t("U4", "C1", "LOCATED_IN"), t("U5", "C2", "LOCATED_IN"), t("U6", "C3", "LOCATED_IN"),
            t("U7", "C1", "LOCATED_IN"), t("U8", "C2", "LOCATED_IN"), t("U9", "C1", "LOCATED_IN"),
            *(t(f"U{i}", f"R{i}", "OFFERS") for i in (1, 2, 3, 4, 5, 6, 8, 9)),
            t("U7", "R7", "OFFERS", **ENDED),
            t("R2", "C1", "SHARED_WITH"), t("R5", "C2", "SHARED_WITH"),
            # ties of the co-building network
            t("P1", "U1", "CO_BUILDS"), t("U2", "C1", "SITS_ON"),
            t("U1", "A4", "ORGANIZED"), t("U3", "A4", "ORGANIZED"),  # U3 – U1 – P1
            t("P1", "A5", "ORGANIZED"), t("U5", "A5", "ORGANIZED"),  # out of the period: no tie
            t("P1", "U9", "CO_BUILDS", **ENDED),
            t("P2", "P3", "PAIRED_WITH", role="pairing"),  # U4 – P3 – P2
            t("P4", "U8", "CO_BUILDS"),  # P4 is not C2's community organization,
            t("P5", "C2", "LOCATED_IN"), t("P5", "U8", "CO_BUILDS"),  # nor is a joint branch,
            t("P6", "C2", "LOCATED_IN"), t("P6", "U8", "CO_BUILDS"),  # nor one founded later
            *(t(f"N{i}", "C1", "RAISED_IN") for i in (1, 2, 4, 6)),
            t("N8", "C1", "RAISED_IN", **ENDED),
            t("N3", "C2", "RAISED_IN"), t("N7", "C2", "RAISED_IN"), t("N5", "C3", "RAISED_IN"),
            t("A1", "N2", "ADDRESSES"), t("A2", "N3", "ADDRESSES"), t("A3", "N7", "ADDRESSES"),
        ],
    )


def test_needs_matching_figures(needs: nx.MultiDiGraph) -> None:
    m = needs_matching(needs, as_of=AS_OF)
    assert m.needs == ["N1", "N2", "N3", "N4", "N5", "N7"]  # N6 raised later, N8's tie ended
    assert (m.addressed, m.addressed_share) == (["N2", "N7"], 0.333333)
    assert (m.with_nearby_resource, m.nearby_resource_share) == (["N1", "N2", "N3"], 0.5)
    assert m.nearby_resources == {"N1": ["R1", "R2", "R3", "R5", "R9"], "N2": ["R1", "R2", "R3", "R5", "R9"],
                                  "N3": ["R4", "R8"], "N4": [], "N5": [], "N7": []}
    assert m.unmet_ids == [u.id for u in m.unmet] == ["N1", "N3", "N4"]
    assert m.unmet_without_nearby_resource == ["N4"]


def test_needs_matching_suggestions_ranked(needs: nx.MultiDiGraph) -> None:
    unmet = {u.id: u for u in needs_matching(needs, as_of=AS_OF).unmet}
    assert unmet["N1"].suggestions == [
        Suggestion("U2", "Archive", "C3", ["R2"], 1, "same_community"),  # shared with C1; a seat
        Suggestion("U1", "Bakery", "C1", ["R1"], 1, "same_community"),  # co-builds with P1
        Suggestion("U3", "Depot", "C2", ["R3"], 2, "adjacent_community"),  # co-organized with U1
        Suggestion("U9", "Zoo", "C1", ["R9"], None, "same_community"),  # its co-building ended
        Suggestion("U5", "Cafe", "C2", ["R5"], None, "adjacent_community"),  # activity out of the period
    ]
    # N3 is raised in C2, which C1 lists as adjacent: U4's unshared R4 counts through C1.
    assert unmet["N3"].suggestions == [
        Suggestion("U4", "Bank", "C1", ["R4"], 2, "adjacent_community"),
        Suggestion("U8", "Fund", "C2", ["R8"], None, "same_community"),
    ]
    assert (unmet["N4"].nearby_resources, unmet["N4"].suggestions) == ([], [])
    assert (unmet["N1"].name, unmet["N1"].category, unmet["N1"].community) == ("hall", "venue", "C1")


def test_needs_matching_one_community(needs: nx.MultiDiGraph) -> None:
    m = needs_matching(needs, as_of=AS_OF, community="C2")
    assert (m.needs, m.addressed_share, m.nearby_resource_share, m.unmet_ids) == (
        ["N3", "N7"], 0.5, 0.5, ["N3"])


def test_needs_matching_tie_still_valid(needs: nx.MultiDiGraph) -> None:
    m = needs_matching(needs, as_of=dt.date(2025, 12, 1))  # P1–U9 co-builds, R7 is still offered
    n1 = next(u for u in m.unmet if u.id == "N1")
    assert [(s.unit, s.distance) for s in n1.suggestions] == [
        ("U2", 1), ("U1", 1), ("U9", 1), ("U7", None), ("U5", None), ("U3", None)]  # A4 lies ahead


def test_needs_matching_empty_graph() -> None:
    m = needs_matching(EMPTY, as_of=AS_OF)
    assert (m.needs, m.addressed_share, m.nearby_resource_share, m.unmet) == ([], None, None, [])


# --------------------------------------------------------------------------------------
# 5. reciprocity


@pytest.fixture
def pairs() -> nx.MultiDiGraph:
    return build(
        {
            "C1": n("Community"), "C2": n("Community"),
            "P1": n("PartyOrg"), "P1b": n("PartyOrg"), "P1c": n("PartyOrg"), "P5": n("PartyOrg"),
            "P8": n("PartyOrg"),
            "RC": n("Unit", type="residents_committee"), "U1": n("Unit"), "U2": n("Unit"), "U5": n("Unit"),
            "U6": n("Unit"), "U7": n("Unit"), "U9": n("Unit"),
            "RRC": n("Resource"), "RU1": n("Resource"), "RU6": n("Resource"),
            "M1": n("Member"), "M2": n("Member"), "M9": n("Member"),
            **{f"A{i}": n("Activity", date=dt.date(2026, 3, i)) for i in (1, 2, 3, 4, 5, 7)},
            "A6": n("Activity", date=dt.date(2025, 6, 1)),  # before the period
        },
        [
            t("P1", "C1", "LOCATED_IN"), t("P8", "C2", "LOCATED_IN"),
            t("P1", "RC", "ESTABLISHED_IN"), t("P5", "U5", "ESTABLISHED_IN"),
            t("P1b", "P1", "SUBORDINATE_TO"), t("P1c", "P1", "SUBORDINATE_TO"), t("P1c", "U9", "COVERS"),
            t("RC", "RRC", "OFFERS"), t("U1", "RU1", "OFFERS"), t("U6", "RU6", "OFFERS"),
            t("M1", "P1b", "MEMBER_OF"), t("M9", "P1c", "MEMBER_OF"), t("M2", "U2", "WORKS_AT"),
            t("P1", "U1", "CO_BUILDS"), t("P1", "U1", "CO_BUILDS", kind="again"), t("P1", "U2", "CO_BUILDS"),
            t("P1", "P5", "CO_BUILDS"), t("P1", "U6", "CO_BUILDS"), t("P1", "U7", "CO_BUILDS", **ENDED),
            t("P8", "U1", "CO_BUILDS"),
            # U1 ⇄ P1: P1's activity uses U1's resource; P1's branch member volunteers at U1's
            t("P1", "A1", "ORGANIZED"), t("A1", "RU1", "USES"),
            t("U1", "A2", "ORGANIZED"), t("M1", "A2", "PARTICIPATED_IN", hours=2.0),
            # U2 → P1: its employee volunteers at P1's activity (not at the one U2 co-organized)
            t("P1", "A3", "ORGANIZED"), t("M2", "A3", "PARTICIPATED_IN"),
            t("P1", "A4", "ORGANIZED"), t("U2", "A4", "ORGANIZED"), t("M2", "A4", "PARTICIPATED_IN"),
            # P1 → P5: P5's unit uses the residents' committee's resource
            t("U5", "A5", "ORGANIZED"), t("A5", "RRC", "USES"),
            # U6: resource used before the period; a joint-branch member is not the community's
            t("P1", "A6", "ORGANIZED"), t("A6", "RU6", "USES"),
            t("U6", "A7", "ORGANIZED"), t("M9", "A7", "PARTICIPATED_IN"),
        ],
    )


def test_reciprocity_by_hand(pairs: nx.MultiDiGraph) -> None:
    r = reciprocity(pairs, as_of=AS_OF)
    assert r.pairs == [
        CoBuildingFlow("P1", "P5", [], ["A5"], "org_to_partner"),
        CoBuildingFlow("P1", "U1", ["A1"], ["A2"], "two_way"),
        CoBuildingFlow("P1", "U2", ["A3"], [], "partner_to_org"),
        CoBuildingFlow("P1", "U6", [], [], "none"),
        CoBuildingFlow("P8", "U1", [], [], "none"),
    ]
    assert (r.two_way, r.one_way, r.no_flow, r.two_way_share) == (
        [("P1", "U1")], [("P1", "P5"), ("P1", "U2")], [("P1", "U6"), ("P8", "U1")], 0.2)


def test_reciprocity_one_community_and_longer_period(pairs: nx.MultiDiGraph) -> None:
    r = reciprocity(pairs, as_of=AS_OF, community="C1")
    assert ([(p.org, p.partner) for p in r.pairs], r.two_way_share) == (
        [("P1", "P5"), ("P1", "U1"), ("P1", "U2"), ("P1", "U6")], 0.25)
    longer = reciprocity(pairs, as_of=AS_OF, rules=Rules(period_months=24))
    assert next(p for p in longer.pairs if p.partner == "U6").partner_gives == ["A6"]


def test_reciprocity_empty_graph() -> None:
    r = reciprocity(EMPTY, as_of=AS_OF)
    assert (r.pairs, r.two_way_share) == ([], None)


# --------------------------------------------------------------------------------------
# 6. member engagement


@pytest.fixture
def members() -> nx.MultiDiGraph:
    return build(
        {
            "C1": n("Community"), "C2": n("Community"), "P1": n("PartyOrg"), "P2": n("PartyOrg"),
            "M1": n("Member", skills=["法律咨询"]), "M2": n("Member", skills=["摄影"]), "M3": n("Member"),
            "M4": n("Member", skills=["环境整治"]), "M5": n("Member"),
            "M6": n("Member", join_date=dt.date(2027, 1, 1)), "M7": n("Member", join_date=dt.date(2001, 7, 1)),
            "A1": n("Activity", category="法律服务", date=dt.date(2026, 5, 1), hours=2.0),
            "A2": n("Activity", category="文化活动", date=dt.date(2026, 6, 1), hours=2.0),
            "A3": n("Activity", category="主题党日", date=dt.date(2026, 7, 1), hours=1.5),
            "A4": n("Activity", category="法律服务", date=dt.date(2025, 10, 1), hours=3.0),
            "A5": n("Activity", category="法律服务", hours=3.0),
            "A6": n("Activity", category="环境整治", date=dt.date(2026, 8, 1), hours=2.5),
            "A7": n("Activity", category="环境整治", date=dt.date(2026, 12, 1), hours=2.5),
        },
        [
            t("P1", "C1", "LOCATED_IN"), t("P2", "C2", "LOCATED_IN"),
            t("M1", "P1", "MEMBER_OF"), t("M2", "P1", "MEMBER_OF"), t("M3", "P1", "MEMBER_OF"),
            t("M4", "P2", "MEMBER_OF"), t("M5", "P2", "MEMBER_OF", **ENDED), t("M6", "P2", "MEMBER_OF"),
            t("M7", "P2", "MEMBER_OF"),
            # where they live: a community's members are its residents
            t("M4", "C2", "RESIDES_IN"), t("M7", "C2", "RESIDES_IN"), t("M5", "C1", "RESIDES_IN"),
            t("M1", "A1", "PARTICIPATED_IN", hours=3.0), t("M1", "A2", "PARTICIPATED_IN"),
            t("M2", "A3", "PARTICIPATED_IN", hours=1.5), t("M3", "A4", "PARTICIPATED_IN", hours=3.0),
            t("M3", "A5", "PARTICIPATED_IN", hours=3.0), t("M4", "A6", "PARTICIPATED_IN", hours=2.5),
            t("M5", "A1", "PARTICIPATED_IN", hours=1.0), t("M6", "A1", "PARTICIPATED_IN", hours=2.0),
            t("M7", "A7", "PARTICIPATED_IN", hours=2.5),
        ],
    )


def test_member_engagement_by_hand(members: nx.MultiDiGraph) -> None:
    e = member_engagement(members, as_of=AS_OF)
    assert dataclasses.asdict(e) == {
        "members": ["M1", "M2", "M3", "M4", "M5", "M7"],  # M6 joins later
        "active": ["M1", "M2", "M4", "M5"],
        "inactive": ["M3", "M7"],  # M3: before the period and undated; M7: after as_of
        "participation_rate": 0.666667,
        "hours_total": 10.0,
        "hours_mean": 1.67,
        "hours_median": 1.25,  # 0, 0, 1, 1.5, 2.5, 5
        "hours_by_member": {"M1": 5.0, "M2": 1.5, "M4": 2.5, "M5": 1.0},  # M1: A2's own 2 hours
        "by_branch": {  # M5 left P2
            "P1": {"members": 3, "active": 2, "participation_rate": 0.666667, "hours_total": 6.5,
                   "hours_per_member": 2.17},
            "P2": {"members": 2, "active": 1, "participation_rate": 0.5, "hours_total": 2.5,
                   "hours_per_member": 1.25},
        },
        "skilled_active": ["M1", "M2", "M4"],
        "skill_matched": ["M1", "M4"],  # 法律咨询 serves 法律服务; 环境整治 spelled as the category
        "skill_match_rate": 0.666667,
    }


def test_member_engagement_one_community_and_own_skill_table(members: nx.MultiDiGraph) -> None:
    e = member_engagement(members, as_of=AS_OF, community="C2")
    assert (e.members, e.active, e.participation_rate, e.hours_total) == (["M4", "M7"], ["M4"], 0.5, 2.5)
    assert e.by_branch == {"P2": BranchEngagement(2, 1, 0.5, 2.5, 1.25)}
    own = member_engagement(members, as_of=AS_OF, skills_for_category={"主题党日": ("摄影",)})
    assert own.skill_matched == ["M2", "M4"]


def test_member_engagement_empty_graph() -> None:
    e = member_engagement(EMPTY, as_of=AS_OF)
    assert (e.members, e.participation_rate, e.hours_total, e.hours_mean, e.hours_median, e.by_branch) == (
        [], None, 0.0, None, None, {})


# --------------------------------------------------------------------------------------
# the sample dataset's planted needs


def test_sample_unmet_needs(sample: nx.MultiDiGraph) -> None:
    m = needs_matching(sample, as_of=AS_OF)
    assert m.unmet_ids == ["N00001", "N00002", "N00003", "N00004"]
    assert m.unmet_without_nearby_resource == ["N00003", "N00004"]
    unmet = {u.id: u for u in m.unmet}
    for need, resource, community in (("N00001", "R00017", "C05"), ("N00002", "R00058", "C04")):
        offerers = {u for u, _, d in sample.in_edges(resource, data=True) if d["type"] == "OFFERS"}
        suggested = {s.unit: s for s in unmet[need].suggestions}
        assert resource in unmet[need].nearby_resources
        assert offerers and offerers <= set(suggested)
        assert all(suggested[u].reason == "same_community" and suggested[u].community == community
                   and resource in suggested[u].resources for u in offerers)
    for need in ("N00003", "N00004"):
        assert (unmet[need].category, unmet[need].nearby_resources, unmet[need].suggestions) == ("other", [], [])
    assert set(m.addressed) == set(m.needs) - set(m.unmet_ids)  # every other need is addressed


def test_sample_results_are_plain(sample: nx.MultiDiGraph) -> None:
    """Every figure is a plain Python value (no numpy scalars) and the lists agree with them."""
    results = [f(sample, as_of=AS_OF) for f in (resource_sharing, needs_matching, reciprocity, member_engagement)]

    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list | tuple):
            return all(plain(v) for v in value)
        return value is None or type(value) in (str, int, float, bool)

    assert all(plain(dataclasses.asdict(r)) for r in results)
    rs, nm, rc, me = results
    assert len(rs.shared) + len(rs.unshared) == len(rs.offered) == 100
    assert len(me.active) + len(me.inactive) == len(me.members)
    assert len(rc.two_way) + len(rc.one_way) + len(rc.no_flow) == len(rc.pairs)
    assert nm.nearby_resource_share is not None and nm.addressed_share is not None
