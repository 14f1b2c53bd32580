"""Who could cover the units party work does not reach: ranked suggestions and a key-player set.

DESIGN.md §4 (coverage) and issue 4, item 4: for each unit that :func:`graph.analysis.coverage.org_coverage`
finds not reached (status ``none``), the nearby party organizations and party-building instructors
(党建指导员) that could take it on, and — for a street or district deciding where to send people —
a small set of such actors that together reach as many of those units as possible.

1. :func:`coverage_suggestions` — per uncovered unit, the candidates ranked;
2. :func:`key_players` — a greedy key-player choice (Borgatti 2006, KPP-Pos).

Shared conventions
------------------
Every relationship is read valid on ``as_of``; a node's community and the community party
organization (社区党组织) are the shared readings of :mod:`graph.analysis.readings`
(:func:`~graph.analysis.readings.actor_communities`,
:func:`~graph.analysis.readings.community_party_orgs`), as in every analysis. Communities are **adjacent** when either
lists the other in its ``adjacent`` property (the relation is symmetric).

The **candidates** (:data:`CANDIDATE_KINDS`) and the communities each is **active in**:

- ``joint_branch`` — a party organization of kind ``joint_branch`` (联合党支部) that exists on ``as_of``
  (not founded later): active in its own community;
- ``community_org`` — a community party organization: active in its community;
- ``instructor`` — a member or party organization with a valid ``PAIRED_WITH`` tie of role
  ``instructor`` (党建指导员, 中办发〔2012〕11号): active in the community of every unit or
  party organization it instructs (or in the community it is paired with directly). An organization
  that is a joint branch or a community organization as well keeps that kind, and is active in the
  communities of both roles.

A candidate **could cover** an uncovered unit when it is active in the unit's community (reason
``same_community``) or in a community adjacent to it (``adjacent_community``). Units without a
community have no candidates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis.base import nodes, ratio
from graph.analysis.coverage import org_coverage, should_have_org
from graph.analysis.network import hops_from
from graph.analysis.readings import (
    Place,
    Ties,
    actor_communities,
    actor_exists,
    adjacent_communities,
    community_party_orgs,
    org_organizes,
    place_ids,
    ties_for,
)
from graph.analysis.rules import Rules

__all__ = [
    "CANDIDATE_KINDS",
    "REASONS",
    "CoverageSuggestion",
    "CoverageSuggestions",
    "KeyPlayer",
    "KeyPlayers",
    "UnitSuggestions",
    "coverage_suggestions",
    "key_players",
]

#: The kinds of candidate, in the order suggestions rank them: a joint branch takes the unit into an
#: organization (联合组建), the community party organization covers it as the fallback (兜底), an
#: instructor reaches it by party work only (工作覆盖).
CANDIDATE_KINDS: tuple[str, ...] = ("joint_branch", "community_org", "instructor")

#: Why a candidate is suggested, best first.
REASONS: tuple[str, ...] = ("same_community", "adjacent_community")

_Edge = tuple[str, str, dict[str, Any]]

# The default rules, built once (a call in the signature would be evaluated at import anyway).
_DEFAULT_RULES = Rules()


# ---------------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CoverageSuggestion:
    """One actor that could cover an uncovered unit (see :func:`coverage_suggestions`).

    ``community`` is the community through which it reaches the unit: the unit's own for
    ``same_community``, else the adjacent community it is active in (the smallest id where several).
    """

    candidate: str
    name: str | None
    kind: str
    community: str
    reason: str
    load: int
    distance: int | None


@dataclass(frozen=True)
class UnitSuggestions:
    """An uncovered unit and its best candidates; ``candidates`` counts them all before the cut."""

    unit: str
    name: str | None
    type: str | None
    community: str | None
    should_have_own_org: bool
    candidates: int
    suggestions: list[CoverageSuggestion]


@dataclass(frozen=True)
class CoverageSuggestions:
    """Result of :func:`coverage_suggestions`: every uncovered unit in scope (ids sorted), its
    suggestions by unit id, and the uncovered units no candidate can reach."""

    uncovered: list[str]
    units: dict[str, UnitSuggestions]
    without_candidates: list[str]


@dataclass(frozen=True)
class KeyPlayer:
    """One pick of :func:`key_players`: the uncovered units it adds (``gain`` of them), the units it
    reaches on its own (``degree``) and the share of uncovered units reached after this pick."""

    candidate: str
    name: str | None
    kind: str
    gain: int
    degree: int
    units: list[str]
    reach_share: float | None


@dataclass(frozen=True)
class KeyPlayers:
    """Result of :func:`key_players`; ``chosen`` in the order picked, unit lists sorted."""

    k: int
    uncovered: list[str]
    candidates: int
    chosen: list[KeyPlayer]
    reached: list[str]
    unreached: list[str]
    reach_share: float | None


# ---------------------------------------------------------------------------------------------
# Shared reading
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Candidates:
    kind: dict[str, str]
    active_by: dict[str, set[str]]
    load: dict[str, int]
    community_orgs: dict[str, set[str]]
    where: dict[str, str]




def _candidates(G: nx.MultiDiGraph, rels: Ties, as_of: dt.date) -> _Candidates:
    """Every candidate with its kind, the communities it is active in and its load."""
    where = actor_communities(G, rels)
    community_orgs = community_party_orgs(G, rels, where)
    kind: dict[str, str] = {}
    active_by: dict[str, set[str]] = defaultdict(set)  # community → candidates active in it
    for org in nodes(G, "PartyOrg"):
        if G.nodes[org].get("kind") == "joint_branch" and org_organizes(G, org, as_of) and org in where:
            kind[org] = "joint_branch"
            active_by[where[org]].add(org)
    for c, orgs in community_orgs.items():
        for org in orgs:
            kind.setdefault(org, "community_org")
            active_by[c].add(org)
    instructed: dict[str, set[str]] = defaultdict(set)
    for src, dst, data in rels.get("PAIRED_WITH", []):
        if data.get("role") != "instructor":
            continue
        label = G.nodes[src].get("label")
        if label not in ("Member", "PartyOrg") or not actor_exists(G, src, as_of):
            continue
        kind.setdefault(src, "instructor")
        target = G.nodes[dst].get("label")
        c = dst if target == "Community" else where.get(dst)
        if c is not None:
            active_by[c].add(src)
        if target == "Unit":
            instructed[src].add(dst)
    covered: dict[str, set[str]] = defaultdict(set)
    for src, dst, _ in rels.get("COVERS", []):
        if G.nodes[dst].get("label") == "Unit":
            covered[src].add(dst)
    load = {n: len(instructed[n] if k == "instructor" else covered[n]) for n, k in kind.items()}
    return _Candidates(kind=kind, active_by=dict(active_by), load=load,
                       community_orgs=community_orgs, where=where)


def _reach(cands: _Candidates, adjacent: Mapping[str, set[str]],
           community: str) -> dict[str, tuple[str, str]]:
    """Candidate → (reason, community through which it reaches) for a unit of ``community``."""
    found = {n: ("same_community", community) for n in cands.active_by.get(community, ())}
    for a in sorted(adjacent.get(community, ())):
        for n in cands.active_by.get(a, ()):
            found.setdefault(n, ("adjacent_community", a))
    return found


def _org_network(G: nx.MultiDiGraph, rels: Ties, instructors: Iterable[str]) -> nx.Graph:
    """Party organizations tied by valid SUBORDINATE_TO, CO_BUILDS or PAIRED_WITH ties between two of
    them, and each instructor member tied to the organization(s) of their valid MEMBER_OF."""
    T = nx.Graph()
    T.add_nodes_from(nodes(G, "PartyOrg"))
    for rel_type in ("SUBORDINATE_TO", "CO_BUILDS", "PAIRED_WITH"):
        T.add_edges_from((u, v) for u, v, _ in rels.get(rel_type, [])
                         if u != v and G.nodes[u].get("label") == G.nodes[v].get("label") == "PartyOrg")
    wanted = set(instructors)
    T.add_nodes_from(wanted)
    T.add_edges_from((m, o) for m, o, _ in rels.get("MEMBER_OF", [])
                     if m in wanted and G.nodes[o].get("label") == "PartyOrg")
    return T


# ---------------------------------------------------------------------------------------------
# 1. Suggestions per uncovered unit
# ---------------------------------------------------------------------------------------------

def coverage_suggestions(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
    max_per_unit: int | None = 3,
    ties: Ties | None = None,
) -> CoverageSuggestions:
    """For each unit party work does not reach, the nearby organizations or instructors that could cover it.

    The **uncovered units** are those :func:`graph.analysis.coverage.org_coverage` gives status
    ``none`` on ``as_of`` under ``rules`` (with ``community``, one community's id or a set of ids:
    those located in it, or in any of them). Each one's
    candidates are the actors that could cover it (module docstring: joint branches, community party
    organizations and instructors active in the unit's community or an adjacent one), ranked by

    1. ``reason``: ``same_community`` before ``adjacent_community``;
    2. ``kind``, in the order of :data:`CANDIDATE_KINDS`: a joint branch (联合组建 — the vehicle the
       rules give a unit with fewer than three full members), then the community party organization
       (兜底 coverage), then an instructor (work coverage only);
    3. ``load``, fewest first — the units the candidate already has in hand: for a joint branch or a
       community organization the units of its valid ``COVERS`` ties, for an instructor the units of
       its valid ``instructor`` ties; the least loaded can take one more most easily;
    4. ``distance`` in the organizational network, fewest first, ``None`` last: the fewest ties between
       the candidate and a community party organization of the unit's community (0 for that
       organization itself) in the undirected network of party organizations tied by valid
       ``SUBORDINATE_TO``, ``CO_BUILDS`` or ``PAIRED_WITH`` ties between two of them, in which an
       instructor member is tied to the organization(s) of their valid ``MEMBER_OF``; ``None`` when
       not connected or the community has no community party organization;
    5. the candidate's id.

    ``suggestions`` keeps the first ``max_per_unit`` (``None``: all); ``candidates`` counts them all.
    ``should_have_own_org`` marks a unit with at least ``rules.own_org_min_full_members`` full members
    working there (:func:`graph.analysis.coverage.should_have_org`, 应建未建): the first step for it
    is its own organization, which the suggested actors can help to set up.

    Sources: joint branches for units with fewer than three full members, 《中国共产党支部工作条例
    （试行）》(2018) 第四条 and 《中国共产党章程》第三十条; party-building instructors, 中办发〔2012〕11号.
    The candidate set, the neighbourhood (same or adjacent community) and the ranking are this
    project's operational definition.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("C1", label="Community", adjacent=["C2"]); G.add_node("C2", label="Community")
    >>> G.add_node("U1", label="Unit", community="C1"); G.add_node("U2", label="Unit", community="C1")
    >>> G.add_node("J1", label="PartyOrg", kind="joint_branch", community="C1", name="一联合支部")
    >>> G.add_node("J2", label="PartyOrg", kind="joint_branch", community="C2")
    >>> G.add_edge("J1", "U2", key="COVERS", type="COVERS")
    'COVERS'
    >>> result = coverage_suggestions(G, as_of=dt.date(2026, 11, 1))
    >>> result.uncovered
    ['U1']
    >>> [(s.candidate, s.reason, s.load) for s in result.units["U1"].suggestions]
    [('J1', 'same_community', 1), ('J2', 'adjacent_community', 0)]
    """
    rels = ties_for(G, as_of, ties)
    wanted = place_ids(community)
    coverage = org_coverage(G, as_of=as_of, rules=rules, community=wanted, ties=rels)
    uncovered = sorted(u for u, s in coverage.status.items() if s == "none")
    unbuilt = set(should_have_org(G, as_of=as_of, rules=rules, community=wanted, ties=rels).unit_ids)
    cands = _candidates(G, rels, as_of)
    adjacent = adjacent_communities(G)
    reach_by_community = {c: _reach(cands, adjacent, c)
                          for c in sorted({cands.where[u] for u in uncovered if u in cands.where})}
    T = _org_network(G, rels, (n for n, k in cands.kind.items()
                               if k == "instructor" and G.nodes[n].get("label") == "Member"))
    component = {n: i for i, part in enumerate(nx.connected_components(T)) for n in part}
    distances = {c: hops_from(T, sorted(cands.community_orgs.get(c, ())), found, component)
                 for c, found in reach_by_community.items()}
    order = {k: i for i, k in enumerate(CANDIDATE_KINDS)}

    units: dict[str, UnitSuggestions] = {}
    for u in uncovered:
        c = cands.where.get(u)
        found = reach_by_community.get(c, {}) if c is not None else {}
        dist = distances.get(c, {}) if c is not None else {}
        ranked = sorted(
            (CoverageSuggestion(candidate=n, name=G.nodes[n].get("name"), kind=cands.kind[n],
                                community=through, reason=reason, load=cands.load[n], distance=dist.get(n))
             for n, (reason, through) in found.items()),
            key=lambda s: (REASONS.index(s.reason), order[s.kind], s.load, s.distance is None,
                           s.distance or 0, s.candidate))
        data = G.nodes[u]
        units[u] = UnitSuggestions(
            unit=u, name=data.get("name"), type=data.get("type"), community=c,
            should_have_own_org=u in unbuilt, candidates=len(ranked),
            suggestions=ranked if max_per_unit is None else ranked[:max_per_unit])
    return CoverageSuggestions(
        uncovered=uncovered,
        units=units,
        without_candidates=[u for u in uncovered if not units[u].candidates],
    )


# ---------------------------------------------------------------------------------------------
# 2. Key players
# ---------------------------------------------------------------------------------------------

def key_players(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    k: int = 5,
    community: Place = None,
    ties: Ties | None = None,
) -> KeyPlayers:
    """A set of at most ``k`` candidates that together reach the most uncovered units (greedy KPP-Pos).

    Take the bipartite graph whose two sides are the uncovered units (status ``none`` in
    :func:`graph.analysis.coverage.org_coverage`; with ``community``, one community's id or a set
    of ids: those located in it, or in any of them) and the
    candidates (module docstring), with a tie wherever the candidate could cover the unit — it is active
    in the unit's community or an adjacent one, exactly the pairs :func:`coverage_suggestions` lists
    with ``max_per_unit=None``. The **reach** of a set S of candidates is the number of uncovered units
    within one tie of S: Borgatti's m-reach with m = 1, the KPP-Pos measure for a set meant to reach
    into the network (his distance-weighted reach gives the same count when every unit not adjacent to
    S is given weight 0).

    The set is chosen greedily (maximum coverage): each step takes the candidate that adds the most
    units not yet reached (``gain``); ties go to the one that adds more units of a community it is
    active in itself (``same_community``), then by kind in the order of :data:`CANDIDATE_KINDS`, then
    by id. The choice stops after ``k`` picks or as soon as no candidate adds a unit. Because
    reach is monotone and submodular, the greedy set reaches at least (1 − 1/e) ≈ 63 % of the units
    the best set of the same size would (Nemhauser, Wolsey & Fisher 1978); finding the best set is
    NP-hard. ``reach_share`` = reached / uncovered units (``None`` when there are none).

    Sources: S. P. Borgatti (2006), "Identifying sets of key players in a social network",
    *Computational and Mathematical Organization Theory* 12:21–34 (KPP-Pos, m-reach, greedy
    search); G. L. Nemhauser, L. A. Wolsey & M. L. Fisher (1978), "An analysis of approximations for
    maximizing submodular set functions — I", *Mathematical Programming* 14:265–294.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("C1", label="Community", adjacent=["C2"]); G.add_node("C2", label="Community")
    >>> G.add_node("C3", label="Community")
    >>> for u, c in [("U1", "C1"), ("U2", "C2"), ("U3", "C3")]:
    ...     G.add_node(u, label="Unit", community=c)
    >>> for j, c in [("J1", "C1"), ("J2", "C2"), ("J3", "C3")]:
    ...     G.add_node(j, label="PartyOrg", kind="joint_branch", community=c)
    >>> chosen = key_players(G, as_of=dt.date(2026, 11, 1), k=2)
    >>> [(p.candidate, p.gain, p.degree) for p in chosen.chosen], chosen.reach_share
    ([('J1', 2, 2), ('J3', 1, 1)], 1.0)
    """
    rels = ties_for(G, as_of, ties)
    coverage = org_coverage(G, as_of=as_of, rules=rules, community=place_ids(community), ties=rels)
    uncovered = sorted(u for u, s in coverage.status.items() if s == "none")
    cands = _candidates(G, rels, as_of)
    adjacent = adjacent_communities(G)
    by_community: dict[str, list[str]] = defaultdict(list)
    for u in uncovered:
        if u in cands.where:
            by_community[cands.where[u]].append(u)
    reaches: dict[str, set[str]] = defaultdict(set)
    at_home: dict[str, set[str]] = defaultdict(set)  # the units it reaches in its own community
    for c, units in by_community.items():
        for cand, (reason, _) in _reach(cands, adjacent, c).items():
            reaches[cand].update(units)
            if reason == "same_community":
                at_home[cand].update(units)
    order = {kind: i for i, kind in enumerate(CANDIDATE_KINDS)}

    reached: set[str] = set()
    chosen: list[KeyPlayer] = []
    left = dict(reaches)
    while len(chosen) < k and left:
        best = min(left, key=lambda n: (-len(left[n] - reached), -len(at_home[n] - reached),
                                        order[cands.kind[n]], n))
        new = left.pop(best) - reached
        if not new:
            break
        reached |= new
        chosen.append(KeyPlayer(candidate=best, name=G.nodes[best].get("name"), kind=cands.kind[best],
                                gain=len(new), degree=len(reaches[best]), units=sorted(new),
                                reach_share=ratio(len(reached), len(uncovered))))
    return KeyPlayers(
        k=k,
        uncovered=uncovered,
        candidates=len(reaches),
        chosen=chosen,
        reached=sorted(reached),
        unreached=[u for u in uncovered if u not in reached],
        reach_share=ratio(len(reached), len(uncovered)),
    )
