"""Coverage analyses 1–5: hand-computed values on small graphs, and every planted situation of the sample."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from typing import Any

import networkx as nx
import pytest

from dashboard.settings import SAMPLE_DIR
from graph.analysis.coverage import (
    SCORECARD_ITEMS,
    TWO_NEW_TYPES,
    UNKNOWN,
    CommunityCard,
    CoverageCounts,
    OrgSize,
    ReportingGroup,
    ScoreItem,
    UnbuiltUnit,
    branch_size,
    community_scorecard,
    member_coverage,
    org_coverage,
    should_have_org,
)
from graph.analysis.rules import Rules
from loaders.synthetic import generate
from tests.projections import cut, node, tie

AS_OF = dt.date(2026, 11, 1)




# ---------------------------------------------------------------------------------------------
# 1. org_coverage
# ---------------------------------------------------------------------------------------------

def coverage_graph() -> nx.MultiDiGraph:
    """U1 own, U2 joint, U3 own (and covered), U4/U5/U6 work, U7/U8 not reached."""
    G = nx.MultiDiGraph()
    for c in ("C1", "C2"):
        node(G, c, "Community")
    node(G, "U1", "Unit", type="private_enterprise", community="C1")
    node(G, "U2", "Unit", type="private_enterprise", community="C1")
    node(G, "U3", "Unit", type="social_org", community="C1")
    node(G, "U4", "Unit", type="social_org", community="C2")
    node(G, "U5", "Unit", type="private_enterprise", community="C2")
    node(G, "U6", "Unit", type="school")  # placed only by its LOCATED_IN tie
    node(G, "U7", "Unit")  # neither type nor community
    node(G, "U8", "Unit", type="owners_committee", community="C1")
    node(G, "P1", "PartyOrg", kind="branch", community="C1")
    node(G, "P2", "PartyOrg", kind="joint_branch", community="C1")
    node(G, "P3", "PartyOrg", kind="branch", community="C1")
    node(G, "M1", "Member", status="full")
    node(G, "A1", "Activity", date=dt.date(2026, 6, 1))
    node(G, "A2", "Activity", date=dt.date(2026, 6, 1))
    tie(G, "U6", "C2", "LOCATED_IN")
    tie(G, "P1", "U1", "ESTABLISHED_IN")
    tie(G, "P2", "U2", "COVERS", start=dt.date(2020, 1, 1))
    tie(G, "P2", "U3", "COVERS")
    tie(G, "P3", "U3", "ESTABLISHED_IN")
    tie(G, "M1", "U4", "PAIRED_WITH", role="instructor")
    tie(G, "P1", "U4", "CO_BUILDS", kind="共驻共建")
    tie(G, "P2", "U5", "PAIRED_WITH", role="liaison")
    tie(G, "U6", "A1", "ORGANIZED")
    tie(G, "P1", "A1", "ORGANIZED")
    tie(G, "M1", "U8", "PAIRED_WITH", role="pairing")  # 结对 is not work coverage
    tie(G, "U8", "A2", "ORGANIZED")  # no party organization took part
    return G


def test_org_coverage_statuses_rates_and_lists() -> None:
    result = org_coverage(coverage_graph(), as_of=AS_OF)
    assert result.status == {"U1": "own", "U2": "joint", "U3": "own", "U4": "work", "U5": "work",
                             "U6": "work", "U7": "none", "U8": "none"}
    assert result.orgs == {"U1": ["P1"], "U2": ["P2"], "U3": ["P3"]}
    assert result.work_ties == {"U4": ["co_building", "instructor"], "U5": ["liaison"], "U6": ["joint_activity"]}
    assert result.total == CoverageCounts(
        units=8, own=2, joint=1, work=3, none=2,
        org_coverage_rate=0.375, own_org_rate=0.25, work_coverage_rate=0.75,
        own_units=["U1", "U3"], joint_units=["U2"], work_units=["U4", "U5", "U6"], none_units=["U7", "U8"],
    )
    assert result.by_community == {
        "C1": CoverageCounts(units=4, own=2, joint=1, work=0, none=1, org_coverage_rate=0.75, own_org_rate=0.5,
                             work_coverage_rate=0.75, own_units=["U1", "U3"], joint_units=["U2"], work_units=[],
                             none_units=["U8"]),
        "C2": CoverageCounts(units=3, own=0, joint=0, work=3, none=0, org_coverage_rate=0.0, own_org_rate=0.0,
                             work_coverage_rate=1.0, own_units=[], joint_units=[], work_units=["U4", "U5", "U6"],
                             none_units=[]),
        UNKNOWN: CoverageCounts(units=1, own=0, joint=0, work=0, none=1, org_coverage_rate=0.0, own_org_rate=0.0,
                                work_coverage_rate=0.0, own_units=[], joint_units=[], work_units=[],
                                none_units=["U7"]),
    }
    by_type = {k: (v.units, v.org_coverage_rate, v.own_org_rate, v.work_coverage_rate)
               for k, v in result.by_type.items()}
    assert by_type == {
        "owners_committee": (1, 0.0, 0.0, 0.0),
        "private_enterprise": (3, 0.666667, 0.333333, 1.0),
        "school": (1, 0.0, 0.0, 1.0),
        "social_org": (2, 0.5, 0.5, 1.0),
        UNKNOWN: (1, 0.0, 0.0, 0.0),
    }


def test_org_coverage_scope_by_type_and_community() -> None:
    G = coverage_graph()
    two_new = org_coverage(G, as_of=AS_OF, unit_types=TWO_NEW_TYPES).total
    assert (two_new.units, two_new.own_units, two_new.joint_units, two_new.work_units, two_new.none_units) == (
        5, ["U1", "U3"], ["U2"], ["U4", "U5"], [])
    assert (two_new.org_coverage_rate, two_new.own_org_rate, two_new.work_coverage_rate) == (0.6, 0.4, 1.0)
    c2 = org_coverage(G, as_of=AS_OF, community="C2")
    assert c2.status == {"U4": "work", "U5": "work", "U6": "work"}
    assert list(c2.by_community) == ["C2"]


def test_org_coverage_ignores_ties_not_valid_on_as_of() -> None:
    G = coverage_graph()
    node(G, "P4", "PartyOrg", kind="branch")
    tie(G, "P4", "U5", "ESTABLISHED_IN", start=dt.date(2015, 1, 1), end=dt.date(2026, 1, 1))  # ended
    tie(G, "P4", "U8", "COVERS", start=dt.date(2027, 1, 1))  # not yet begun
    tie(G, "M1", "U7", "PAIRED_WITH", role="instructor", end=dt.date(2025, 1, 1))  # ended
    tie(G, "U7", "C1", "LOCATED_IN", end=dt.date(2025, 1, 1))  # moved away: no community now
    expected = org_coverage(coverage_graph(), as_of=AS_OF)
    assert org_coverage(G, as_of=AS_OF) == expected
    assert org_coverage(cut(G, AS_OF), as_of=AS_OF) == expected
    earlier = org_coverage(G, as_of=dt.date(2024, 6, 1))
    assert (earlier.status["U5"], earlier.orgs["U5"], earlier.status["U7"]) == ("own", ["P4"], "work")
    assert earlier.by_community["C1"].units == 5  # U7 was in C1 then
    assert earlier.status["U6"] == "none"  # A1 (2026-06-01) lies after that as_of


def test_org_coverage_community_tie_wins_over_property() -> None:
    G = coverage_graph()
    tie(G, "U1", "C2", "LOCATED_IN")
    result = org_coverage(G, as_of=AS_OF)
    assert result.by_community["C2"].own_units == ["U1"]
    assert result.by_community["C1"].own_units == ["U3"]


def test_org_coverage_orgs_founded_later_and_party_groups_organize_nothing() -> None:
    G = coverage_graph()
    node(G, "P5", "PartyOrg", kind="branch", established=dt.date(2027, 1, 1))
    node(G, "P6", "PartyOrg", kind="group")
    tie(G, "P5", "U7", "ESTABLISHED_IN")
    tie(G, "P6", "U8", "ESTABLISHED_IN")
    assert org_coverage(G, as_of=AS_OF).status["U7"] == "none"
    assert org_coverage(G, as_of=AS_OF).status["U8"] == "none"
    assert org_coverage(G, as_of=dt.date(2027, 6, 1)).status["U7"] == "own"


def test_joint_activity_counts_only_inside_the_period() -> None:
    G = nx.MultiDiGraph()
    node(G, "P1", "PartyOrg", kind="committee")
    dates = {"V1": dt.date(2025, 11, 1), "V2": dt.date(2025, 11, 2), "V3": dt.date(2026, 11, 1),
             "V4": dt.date(2026, 11, 2), "V5": None}
    for unit, day in dates.items():
        node(G, unit, "Unit", type="social_org")
        node(G, f"A{unit}", "Activity", **({} if day is None else {"date": day}))
        tie(G, unit, f"A{unit}", "ORGANIZED")
        tie(G, "P1", f"A{unit}", "ORGANIZED")
    # The period is the 12 months after 2025-11-01 up to and including 2026-11-01.
    assert org_coverage(G, as_of=AS_OF).total.work_units == ["V2", "V3"]
    assert org_coverage(G, as_of=AS_OF, rules=Rules(period_months=13)).total.work_units == ["V1", "V2", "V3"]
    assert org_coverage(G, as_of=AS_OF, rules=Rules(work_ties=("instructor",))).total.work_units == []


def test_work_ties_follow_the_rules() -> None:
    result = org_coverage(coverage_graph(), as_of=AS_OF, rules=Rules(work_ties=("instructor", "co_building")))
    assert result.total.work_units == ["U4"]
    assert result.total.none_units == ["U5", "U6", "U7", "U8"]
    assert result.work_ties == {"U4": ["co_building", "instructor"]}


def test_org_coverage_zero_units() -> None:
    empty = CoverageCounts(units=0, own=0, joint=0, work=0, none=0, org_coverage_rate=None, own_org_rate=None,
                           work_coverage_rate=None, own_units=[], joint_units=[], work_units=[], none_units=[])
    result = org_coverage(nx.MultiDiGraph(), as_of=AS_OF)
    assert (result.total, result.by_type, result.by_community, result.status) == (empty, {}, {}, {})
    assert org_coverage(coverage_graph(), as_of=AS_OF, community="C9").total == empty


# ---------------------------------------------------------------------------------------------
# 2. should_have_org
# ---------------------------------------------------------------------------------------------

def unbuilt_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    node(G, "J1", "PartyOrg", kind="joint_branch")
    node(G, "P1", "PartyOrg", kind="branch")
    node(G, "P2", "PartyOrg", kind="branch", established=dt.date(2027, 1, 1))
    staff = {  # unit: (full, probationary)
        "W1": (3, 1), "W2": (4, 0), "W3": (2, 2), "W4": (3, 0), "W5": (3, 0), "W6": (3, 0),
    }
    for unit, (full, probationary) in staff.items():
        node(G, unit, "Unit", type="private_enterprise", community="C1")
        for i in range(full + probationary):
            m = f"{unit}M{i}"
            node(G, m, "Member", status="full" if i < full else "probationary")
            tie(G, m, unit, "WORKS_AT", **({"end": dt.date(2026, 1, 1)} if m == "W5M0" else {}))
    tie(G, "W2", "C2", "LOCATED_IN")
    tie(G, "J1", "W2", "COVERS")
    tie(G, "P1", "W4", "ESTABLISHED_IN")
    tie(G, "P2", "W6", "ESTABLISHED_IN")  # founded only in 2027
    return G


def test_should_have_org_lists_units_with_three_full_members_and_no_own_org() -> None:
    found = should_have_org(unbuilt_graph(), as_of=AS_OF)
    assert found.units == [
        UnbuiltUnit(unit="W1", type="private_enterprise", community="C1", full_members=3,
                    members=["W1M0", "W1M1", "W1M2"], covered_by=[]),
        UnbuiltUnit(unit="W2", type="private_enterprise", community="C2", full_members=4,
                    members=["W2M0", "W2M1", "W2M2", "W2M3"], covered_by=["J1"]),
        UnbuiltUnit(unit="W6", type="private_enterprise", community="C1", full_members=3,
                    members=["W6M0", "W6M1", "W6M2"], covered_by=[]),
    ]
    assert (found.unit_ids, found.covered, found.uncovered) == (["W1", "W2", "W6"], ["W2"], ["W1", "W6"])


def test_should_have_org_at_other_dates_rules_and_communities() -> None:
    G = unbuilt_graph()
    assert should_have_org(G, as_of=dt.date(2025, 6, 1)).unit_ids == ["W1", "W2", "W5", "W6"]
    assert should_have_org(G, as_of=dt.date(2027, 6, 1)).unit_ids == ["W1", "W2"]
    assert should_have_org(G, as_of=AS_OF, rules=Rules(own_org_min_full_members=4)).unit_ids == ["W2"]
    assert should_have_org(G, as_of=AS_OF, rules=Rules(own_org_min_full_members=2)).unit_ids == [
        "W1", "W2", "W3", "W5", "W6"]
    assert should_have_org(G, as_of=AS_OF, community="C2").unit_ids == ["W2"]
    assert should_have_org(cut(G, AS_OF), as_of=AS_OF) == should_have_org(G, as_of=AS_OF)
    none = should_have_org(nx.MultiDiGraph(), as_of=AS_OF)
    assert (none.units, none.unit_ids, none.covered, none.uncovered) == ([], [], [], [])


# ---------------------------------------------------------------------------------------------
# 3. branch_size
# ---------------------------------------------------------------------------------------------

def enrol(G: nx.MultiDiGraph, org: str, full: int, probationary: int = 0, **attrs: Any) -> None:
    for i in range(full + probationary):
        m = f"{org}-M{i:03d}"
        node(G, m, "Member", status="full" if i < full else "probationary")
        tie(G, m, org, "MEMBER_OF", **attrs)


def branch_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    kinds = {"B1": "branch", "B2": "branch", "B3": "joint_branch", "B4": "branch", "B5": "branch",
             "B6": "branch", "B7": "group", "B9": "branch", "G1": "general_branch", "K1": "committee"}
    for org, kind in kinds.items():
        node(G, org, "PartyOrg", kind=kind, **({"community": "C1"} if org == "B9" else {}))
    node(G, "B8", "PartyOrg", kind="branch", established=dt.date(2027, 1, 1))
    enrol(G, "B1", 51)
    enrol(G, "B2", 44, 1)
    enrol(G, "B3", 2, 1)
    node(G, "X", "Member", status="full")
    tie(G, "X", "B3", "MEMBER_OF", end=dt.date(2026, 1, 1))  # left B3 before as_of
    enrol(G, "B4", 101)
    enrol(G, "B5", 60)
    enrol(G, "B6", 42)
    tie(G, "B5", "G1", "SUBORDINATE_TO")
    tie(G, "B6", "G1", "SUBORDINATE_TO")
    enrol(G, "B7", 1)
    enrol(G, "B8", 1)
    enrol(G, "B9", 2)
    enrol(G, "K1", 5)
    return G


def test_branch_size_flags_small_and_large_organizations() -> None:
    result = branch_size(branch_graph(), as_of=AS_OF)
    assert result.undersize == [OrgSize("B3", "joint_branch", None, 3, 2, None),
                                OrgSize("B9", "branch", "C1", 2, 2, "joint_branch")]
    assert result.oversize == [OrgSize("B1", "branch", None, 51, 51, "general_branch"),
                               OrgSize("B4", "branch", None, 101, 101, "committee"),
                               OrgSize("B5", "branch", None, 60, 60, "general_branch")]
    assert result.oversize_general_branches == [OrgSize("G1", "general_branch", None, 102, 102, "committee")]
    assert list(result.sizes) == ["B1", "B2", "B3", "B4", "B5", "B6", "B9", "G1"]
    assert result.sizes["B2"] == OrgSize("B2", "branch", None, 45, 44, None)


def test_branch_size_follows_the_rules_dates_and_community() -> None:
    G = branch_graph()
    smaller = branch_size(G, as_of=AS_OF, rules=Rules(branch_max_members=40))
    assert [(s.org, s.members, s.suggestion) for s in smaller.oversize] == [
        ("B1", 51, "general_branch"), ("B2", 45, "general_branch"), ("B4", 101, "committee"),
        ("B5", 60, "general_branch"), ("B6", 42, "general_branch")]
    assert [s.org for s in branch_size(G, as_of=AS_OF, rules=Rules(branch_min_full_members=2)).undersize] == []
    bigger = branch_size(G, as_of=AS_OF, rules=Rules(general_branch_max_members=110))
    assert (bigger.oversize_general_branches, bigger.sizes["G1"].suggestion) == ([], None)
    earlier = branch_size(G, as_of=dt.date(2025, 6, 1))
    assert earlier.sizes["B3"] == OrgSize("B3", "joint_branch", None, 4, 3, None)  # X still there
    assert "B8" in branch_size(G, as_of=dt.date(2027, 6, 1)).sizes
    assert list(branch_size(G, as_of=AS_OF, community="C1").sizes) == ["B9"]
    assert branch_size(cut(G, AS_OF), as_of=AS_OF) == branch_size(G, as_of=AS_OF)


def test_branch_that_is_both_too_big_and_too_thin() -> None:
    G = nx.MultiDiGraph()
    node(G, "B1", "PartyOrg", kind="branch")
    enrol(G, "B1", 2, 50)
    result = branch_size(G, as_of=AS_OF)
    size = OrgSize("B1", "branch", None, 52, 2, "general_branch")
    assert (result.undersize, result.oversize) == ([size], [size])


# ---------------------------------------------------------------------------------------------
# 4. member_coverage
# ---------------------------------------------------------------------------------------------

def member_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for n, label in (("C1", "Community"), ("C2", "Community"), ("E1", "Unit"), ("P1", "PartyOrg"),
                     ("P2", "PartyOrg")):
        node(G, n, label)
    ok = dt.date(2026, 10, 1)
    people = {
        "M01": dict(category="in_service", last_contact=dt.date(2026, 5, 1)),  # exactly 6 months: lost
        "M02": dict(category="in_service", last_contact=dt.date(2026, 5, 2)),
        "M03": dict(category="in_service"),  # contact unknown
        "M04": dict(category="in_service", last_contact=dt.date(2027, 1, 1)),
        "M05": dict(category="in_service", last_contact=ok),
        "M06": dict(category="floating", last_contact=ok, station=""),
        "M07": dict(category="floating", last_contact=ok, station="  "),
        "M08": dict(category="floating", last_contact=ok, station="天塘街道流动党员服务站"),
        "M09": dict(category="floating", last_contact=ok),
        "M10": dict(category="retired", last_contact=ok),
    }
    for m, props in people.items():
        node(G, m, "Member", status="full", **props)
    for m in ("M01", "M02", "M04", "M06", "M07", "M08", "M09", "M10"):
        tie(G, m, "P1", "MEMBER_OF")
    tie(G, "M02", "P2", "MEMBER_OF")
    tie(G, "M05", "P1", "MEMBER_OF", end=dt.date(2026, 10, 1))
    for m, c in (("M01", "C1"), ("M02", "C1"), ("M03", "C2"), ("M05", "C1"), ("M06", "C2"), ("M07", "C2"),
                 ("M08", "C1"), ("M09", "C1"), ("M10", "C1")):
        tie(G, m, c, "RESIDES_IN")
    for m in ("M01", "M02", "M04"):
        tie(G, m, "E1", "WORKS_AT")
    tie(G, "M01", "C1", "REPORTED_TO")
    tie(G, "M02", "C2", "REPORTED_TO")  # not where M02 lives
    tie(G, "M04", "C1", "REPORTED_TO")  # M04's residence is unknown
    tie(G, "M05", "C1", "REPORTED_TO", end=dt.date(2026, 10, 1))
    tie(G, "M10", "C1", "REPORTED_TO")  # retired: outside the in-service figures
    tie(G, "P1", "C1", "REPORTED_TO")  # an organization's 报到
    return G


def test_member_coverage_hand_computed() -> None:
    result = member_coverage(member_graph(), as_of=AS_OF)
    assert (result.members, result.without_org, result.multiple_orgs, result.no_residence) == (
        10, ["M03", "M05"], ["M02"], ["M04"])
    assert (result.lost_contact_on_or_before, result.lost_contact, result.contact_unknown) == (
        "2026-05-01", ["M01"], ["M03"])
    assert (result.in_service, result.reported, result.reported_home, result.reported_elsewhere) == (
        5, ["M01", "M02", "M04"], ["M01"], ["M02"])
    assert (result.unreported, result.reporting_rate, result.home_reporting_rate) == (["M03", "M05"], 0.6, 0.2)
    assert result.by_residence == {
        # M02 lives in C1 and reported to C2 only: not reported where they live
        "C1": ReportingGroup(in_service=3, reported=1, reporting_rate=0.333333, unreported_members=["M02", "M05"]),
        "C2": ReportingGroup(in_service=1, reported=0, reporting_rate=0.0, unreported_members=["M03"]),
        UNKNOWN: ReportingGroup(in_service=1, reported=1, reporting_rate=1.0, unreported_members=[]),
    }
    assert result.by_employer == {
        "E1": ReportingGroup(in_service=3, reported=2, reporting_rate=0.666667, unreported_members=["M02"]),
        UNKNOWN: ReportingGroup(in_service=2, reported=0, reporting_rate=0.0, unreported_members=["M03", "M05"]),
    }
    assert (result.floating, result.floating_without_station) == (4, ["M06", "M07", "M09"])
    assert member_coverage(cut(member_graph(), AS_OF), as_of=AS_OF) == result


def test_member_coverage_rules_dates_and_community() -> None:
    G = member_graph()
    assert member_coverage(G, as_of=AS_OF, rules=Rules(lost_contact_months=3)).lost_contact == ["M01", "M02"]
    earlier = member_coverage(G, as_of=dt.date(2026, 9, 1))
    assert (earlier.without_org, earlier.unreported, earlier.lost_contact_on_or_before) == (
        ["M03"], ["M03"], "2026-03-01")
    c2 = member_coverage(G, as_of=AS_OF, community="C2")
    assert (c2.members, c2.in_service, c2.unreported, c2.reporting_rate, c2.floating_without_station) == (
        3, 1, ["M03"], 0.0, ["M06", "M07"])
    assert list(c2.by_residence) == ["C2"]


def test_member_coverage_without_in_service_members() -> None:
    G = nx.MultiDiGraph()
    node(G, "M1", "Member", category="retired", last_contact=dt.date(2026, 10, 1))
    result = member_coverage(G, as_of=AS_OF)
    assert (result.in_service, result.reporting_rate, result.home_reporting_rate) == (0, None, None)
    assert (result.by_residence, result.by_employer, result.floating) == ({}, {}, 0)
    assert member_coverage(nx.MultiDiGraph(), as_of=AS_OF).members == 0


# ---------------------------------------------------------------------------------------------
# 5. community_scorecard
# ---------------------------------------------------------------------------------------------

def scorecard_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for c in ("C1", "C2", "C3"):
        node(G, c, "Community")
    node(G, "R1", "Unit", type="residents_committee", community="C1")
    node(G, "U1", "Unit", type="soe", community="C1")
    node(G, "U2", "Unit", type="private_enterprise", community="C2")
    node(G, "P0", "PartyOrg", kind="committee")  # the street's working committee
    node(G, "P1", "PartyOrg", kind="committee", community="C1")
    node(G, "P2", "PartyOrg", kind="general_branch", community="C2")
    node(G, "P3", "PartyOrg", kind="branch", community="C1")
    node(G, "P4", "PartyOrg", kind="branch", community="C2")
    node(G, "P5", "PartyOrg", kind="committee", community="C1")
    node(G, "P9", "PartyOrg", kind="branch")
    node(G, "M1", "Member")
    node(G, "X1", "Resource")
    node(G, "X2", "Resource")
    node(G, "N1", "Need", raised_on=dt.date(2026, 6, 1))
    node(G, "N2", "Need", raised_on=dt.date(2027, 1, 1))
    tie(G, "P1", "R1", "ESTABLISHED_IN")
    tie(G, "P1", "P0", "SUBORDINATE_TO")
    tie(G, "P2", "P0", "SUBORDINATE_TO")
    tie(G, "P4", "P2", "SUBORDINATE_TO")
    tie(G, "P3", "U1", "ESTABLISHED_IN")
    tie(G, "P1", "U1", "CO_BUILDS")
    tie(G, "P1", "P9", "CO_BUILDS")
    tie(G, "P3", "U2", "CO_BUILDS")  # a unit's organization: not the community's co-building
    tie(G, "P2", "U2", "CO_BUILDS", end=dt.date(2026, 3, 1))
    tie(G, "U1", "C1", "SITS_ON", role="joint_meeting")
    tie(G, "U2", "C1", "SITS_ON", role="part_time_member", end=dt.date(2026, 1, 1))
    tie(G, "M1", "C1", "REPORTED_TO")
    tie(G, "P3", "C1", "REPORTED_TO")
    tie(G, "U1", "X1", "OFFERS")
    tie(G, "X1", "C2", "SHARED_WITH")
    tie(G, "U2", "X2", "OFFERS")
    tie(G, "X2", "C1", "SHARED_WITH")
    tie(G, "N1", "C1", "RAISED_IN")
    tie(G, "N2", "C1", "RAISED_IN")
    return G


def items(**ids: list[str]) -> dict[str, ScoreItem]:
    return {item: ScoreItem(count=len(ids.get(item, [])), present=bool(ids.get(item)), ids=ids.get(item, []))
            for item in SCORECARD_ITEMS}


def test_community_scorecard_hand_computed() -> None:
    result = community_scorecard(scorecard_graph(), as_of=AS_OF)
    assert result.communities == {
        "C1": CommunityCard("C1", items(
            party_org=["P1"], residents_committee=["R1"], co_building=["P9", "U1"], joint_meeting=["U1"],
            reported_members=["M1"], resources=["X1", "X2"], needs=["N1"]), 7, []),
        "C2": CommunityCard("C2", items(party_org=["P2"], resources=["X1", "X2"]), 2,
                            ["residents_committee", "co_building", "joint_meeting", "reported_members", "needs"]),
        "C3": CommunityCard("C3", items(), 0, list(SCORECARD_ITEMS)),
    }
    assert result.missing == {
        "party_org": ["C3"], "residents_committee": ["C2", "C3"], "co_building": ["C2", "C3"],
        "joint_meeting": ["C2", "C3"], "reported_members": ["C2", "C3"], "resources": ["C3"],
        "needs": ["C2", "C3"],
    }
    assert community_scorecard(cut(scorecard_graph(), AS_OF), as_of=AS_OF) == result


def test_community_scorecard_one_community_and_another_date() -> None:
    G = scorecard_graph()
    only = community_scorecard(G, as_of=AS_OF, community="C2")
    assert list(only.communities) == ["C2"]
    assert only.missing["co_building"] == ["C2"]
    earlier = community_scorecard(G, as_of=dt.date(2025, 12, 1)).communities
    assert earlier["C2"].items["co_building"].ids == ["U2"]
    assert earlier["C1"].items["joint_meeting"].ids == ["U1", "U2"]
    later = community_scorecard(G, as_of=dt.date(2027, 2, 1)).communities["C1"]
    assert later.items["needs"].ids == ["N1", "N2"]
    empty = community_scorecard(nx.MultiDiGraph(), as_of=AS_OF)
    assert (empty.communities, empty.missing) == ({}, {item: [] for item in SCORECARD_ITEMS})


# ---------------------------------------------------------------------------------------------
# The committed sample: every planted coverage situation of data/sample/README.md, by id
# ---------------------------------------------------------------------------------------------

def read_csv(name: str, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with (SAMPLE_DIR / name).open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def planted() -> dict[str, list[str]]:
    """The planted situations as the generator computes them back from its own rows."""
    (street,) = generate(scale="street", seed=2026).streets()
    return street.planted


def test_sample_should_have_org(sample: nx.MultiDiGraph, planted: dict[str, list[str]]) -> None:
    found = should_have_org(sample, as_of=AS_OF)
    assert {u.unit: (u.full_members, u.covered_by) for u in found.units} == {
        "U0248": (5, []), "U0276": (4, ["P0015"]), "U0141": (3, ["P0050"])}
    assert found.uncovered == ["U0248"] == planted["unbuilt_uncovered_units"]
    assert found.unit_ids == sorted(planted["unbuilt_units"])
    assert {u.unit: u.community for u in found.units} == {"U0248": "C06", "U0276": "C02", "U0141": "C07"}


def test_sample_branch_size(sample: nx.MultiDiGraph, planted: dict[str, list[str]]) -> None:
    result = branch_size(sample, as_of=AS_OF)
    assert [(s.org, s.members, s.suggestion) for s in result.oversize] == [("P0011", 58, "general_branch")]
    assert [(s.org, s.members, s.full_members) for s in result.undersize] == [("P0076", 3, 2)]
    assert [s.org for s in result.oversize] == planted["oversize_branches"]
    assert [s.org for s in result.undersize] == planted["undersize_branches"]
    assert result.oversize_general_branches == []
    # With other rules, against the member counts read from the roster (所在党组织 names the org).
    members = read_csv("members.csv", "gbk")
    orgs = {r["党组织名称"]: r for r in read_csv("party_orgs.csv")}
    per_org = Counter(orgs[m["所在党组织"]]["编号"] for m in members)
    branches = {r["编号"] for r in orgs.values() if r["党组织类别"] in ("党支部", "联合党支部")}
    over_39 = sorted(o for o in branches if per_org[o] > 39)
    assert over_39 == ["P0011", "P0025", "P0026", "P0027", "P0028"]
    assert [s.org for s in branch_size(sample, as_of=AS_OF, rules=Rules(branch_max_members=39)).oversize] == over_39
    # The hospital's general branch counts the members of its two branches.
    hospital = next(r["编号"] for r in orgs.values() if r["党组织类别"] == "党总支")
    below = sum(per_org[r["编号"]] for r in orgs.values() if r["上级党组织"] == hospital)
    assert (hospital, below) == ("P0077", 78)
    flagged = branch_size(sample, as_of=AS_OF, rules=Rules(general_branch_max_members=70)).oversize_general_branches
    assert [(s.org, s.members, s.suggestion) for s in flagged] == [("P0077", 78, "committee")]


def test_sample_member_coverage(sample: nx.MultiDiGraph, planted: dict[str, list[str]]) -> None:
    result = member_coverage(sample, as_of=AS_OF)
    assert result.lost_contact == ["M000006", "M000603", "M000727", "M001334", "M001376"]
    assert result.lost_contact == sorted(planted["lost_contact_members"])
    assert result.contact_unknown == []
    assert result.floating_without_station == ["M000318", "M000712", "M001215"]
    assert result.floating_without_station == sorted(planted["floating_without_station"])
    # The sample plants "no 报到 record at all"; every record there is to the member's residence.
    assert (result.in_service, len(result.unreported), result.reported_elsewhere) == (920, 373, [])
    assert result.unreported[:5] == ["M000002", "M000131", "M000192", "M000193", "M000195"]
    assert result.unreported == sorted(planted["unreported_in_service"])
    assert result.reported == result.reported_home
    assert (result.reporting_rate, result.home_reporting_rate) == (0.594565, 0.594565)  # 547 / 920
    assert sum(g.in_service for g in result.by_residence.values()) == 920
    assert sum(len(g.unreported_members) for g in result.by_employer.values()) == 373
    assert (result.without_org, result.multiple_orgs, result.no_residence) == ([], [], [])


def test_sample_community_scorecard(sample: nx.MultiDiGraph, planted: dict[str, list[str]]) -> None:
    result = community_scorecard(sample, as_of=AS_OF)
    assert result.missing == {item: [] for item in SCORECARD_ITEMS} | {
        "co_building": ["C07"], "joint_meeting": ["C06"]}
    assert result.missing["co_building"] == planted["communities_without_co_building"]
    assert result.missing["joint_meeting"] == planted["communities_without_seats"]
    # Each community party organization is established in its residents' committee.
    assert {c: card.items["party_org"].ids for c, card in result.communities.items()} == {
        "C01": ["P0002"], "C02": ["P0010"], "C03": ["P0016"], "C04": ["P0024"], "C05": ["P0031"],
        "C06": ["P0038"], "C07": ["P0045"]}


def test_sample_org_coverage(sample: nx.MultiDiGraph, planted: dict[str, list[str]]) -> None:
    result = org_coverage(sample, as_of=AS_OF)
    assert planted["isolated_units"] == ["U0191"]
    assert result.status["U0191"] == "none"
    assert result.status["U0248"] == "none"  # 应建未建, no joint branch, no instructor: only a resource
    assert (result.status["U0276"], result.orgs["U0276"]) == ("joint", ["P0015"])
    assert (result.status["U0141"], result.orgs["U0141"]) == ("joint", ["P0050"])
    # Own and joint organizations, read independently from the input tables.
    own = {r["所在单位"] for r in read_csv("party_orgs.csv")} - {""}
    joint = {r["覆盖单位"] for r in read_csv("joint_coverage.csv") if not r["退出时间"]} - own
    assert result.total.own_units == sorted(own)
    assert result.total.joint_units == sorted(joint)
    assert result.total.units == 283
    assert result.by_type["residents_committee"].own_units == [
        "U0054", "U0175", "U0184", "U0199", "U0200", "U0202", "U0253"]
    assert sum(c.units for c in result.by_community.values()) == 283
    assert org_coverage(cut(sample, AS_OF), as_of=AS_OF) == result
