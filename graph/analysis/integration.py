"""Resource integration (资源整合): resources, needs, projects, reciprocity and member engagement.

Integration analyses 3–6 of DESIGN.md §4. Urban community party building knits the units'
resources, the residents' needs and the activities together through 共驻共建 and the practice of
**一书三单**: a co-building agreement plus a resource list (资源清单), a needs list (需求清单) and a
project list (项目清单) — 中共中央办公厅《关于加强和改进城市基层党的建设工作的意见》(2019) asks
community party organizations to build these lists and to match needs with resources and
projects (需求、资源、项目三张清单). The formulas below are this project's operational
definitions of those aims on the property graph of DESIGN.md §3.

Shared conventions:

- the readings of :mod:`graph.analysis.readings`, shared by every analysis: relationships valid
  on ``as_of`` (:func:`~graph.analysis.readings.ties_at`), an actor's community, the community
  party organization, the organizers of an activity, a member joined on ``as_of``;
- "in the period" means an activity whose ``date`` lies in
  ``(months_before(as_of, rules.period_months), as_of]``; an activity **without a date cannot be
  placed in time and is never in the period** (it still counts where no period is asked for:
  an undated activity on the project list addresses the needs it is tied to);
- a unit's or party organization's community is one
  (:func:`~graph.analysis.readings.actor_communities`): its valid ``LOCATED_IN`` tie (the smallest
  id of several), else its ``community`` property, else for an organization the community of the
  unit it is established in;
- communities are adjacent when either lists the other in its ``adjacent`` property;
- a community's **community party organization** (社区党组织) is the one definition of
  :func:`graph.analysis.readings.community_party_orgs`: a committee, general branch or branch
  established in (``ESTABLISHED_IN``) the residents' committee (居委会) located there; a community
  without one falls back to its top organizations of those kinds: located there, established in
  no unit, and not subordinate to another organization of the same community. Organizations
  founded after ``as_of`` are never one.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import networkx as nx

from graph.analysis.base import nodes, ratio
from graph.analysis.network import hops_from
from graph.analysis.readings import (
    Place,
    Ties,
    actor_communities,
    adjacent_communities,
    community_party_orgs,
    member_joined,
    period_start,
    place_ids,
    residents,
    ties_for,
)
from graph.analysis.readings import organizers as activity_organizers
from graph.analysis.rules import Rules

__all__ = [
    "SKILLS_FOR_CATEGORY",
    "TIE_TYPES",
    "BranchEngagement",
    "CoBuildingFlow",
    "MemberEngagement",
    "NeedsMatching",
    "Reciprocity",
    "ResourceSharing",
    "Suggestion",
    "UnmetNeed",
    "mean_hours",
    "member_engagement",
    "needs_matching",
    "reciprocity",
    "resource_sharing",
]

#: Activity category (项目清单 活动类别) → the member skills (党员特长) that serve it. This
#: project's mapping table, written from the activity categories and skill list of the sample
#: (``loaders/synthetic/activities.py``, ``people.py``); a category absent here matches a skill only when spelled the same.
SKILLS_FOR_CATEGORY: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "志愿服务": ("志愿服务组织",),
    "主题党日": ("政策宣讲",),
    "政策宣讲": ("政策宣讲", "法律咨询"),
    "健康服务": ("医疗护理",),
    "助老服务": ("医疗护理", "心理疏导"),
    "环境整治": (),
    "文化活动": ("文艺表演", "书法绘画", "摄影"),
    "法律服务": ("法律咨询",),
    "便民服务": ("家电维修", "水电维修"),
    "青少年服务": ("教育辅导",),
    "技能培训": ("计算机",),
    "安全宣传": (),
    "帮扶救助": ("财务会计",),
})

#: Ties of the co-building network over which the closeness of a suggested unit is measured
#: (analysis 4). Besides these, a ``SITS_ON`` seat ties a unit to the community party
#: organization(s) of that community, and two organizers of one activity in the period are tied.
TIE_TYPES: tuple[str, ...] = ("CO_BUILDS", "PAIRED_WITH", "ESTABLISHED_IN", "COVERS")

_ACTORS = ("PartyOrg", "Unit")
_DEFAULT_RULES = Rules()


# --------------------------------------------------------------------------------------
# result types


@dataclass(frozen=True)
class ResourceSharing:
    """Result of :func:`resource_sharing` (ids sorted; category maps keyed by community id)."""

    offered: list[str]
    shared: list[str]
    unshared: list[str]
    shared_share: float | None
    used: list[str]
    unused: list[str]
    utilization: float | None
    not_offered: list[str]
    available_by_community: dict[str, dict[str, list[str]]]
    offered_in_community: dict[str, dict[str, list[str]]]
    categories_by_community: dict[str, list[str]]


@dataclass(frozen=True)
class Suggestion:
    """A unit that could meet an unmet need.

    ``reason`` is ``"same_community"`` when one of ``resources`` is offered by the unit located
    in the need's community or is shared with it, else ``"adjacent_community"``; ``distance`` is
    the number of co-building ties between the unit and the community party organization of the
    need's community (``None``: not connected).
    """

    unit: str
    name: str | None
    community: str | None
    resources: list[str]
    distance: int | None
    reason: str


@dataclass(frozen=True)
class UnmetNeed:
    """An open need that no activity addresses, with the units that could meet it."""

    id: str
    name: str | None
    category: str | None
    community: str | None
    nearby_resources: list[str]
    suggestions: list[Suggestion]


@dataclass(frozen=True)
class NeedsMatching:
    """Result of :func:`needs_matching`."""

    needs: list[str]
    addressed: list[str]
    addressed_share: float | None
    with_nearby_resource: list[str]
    nearby_resource_share: float | None
    nearby_resources: dict[str, list[str]]
    unmet: list[UnmetNeed]
    unmet_ids: list[str]
    unmet_without_nearby_resource: list[str]


@dataclass(frozen=True)
class CoBuildingFlow:
    """One co-building pair and the activities (in the period) through which each side gives.

    ``flow`` is ``"two_way"``, ``"partner_to_org"``, ``"org_to_partner"`` or ``"none"``.
    """

    org: str
    partner: str
    partner_gives: list[str]
    org_gives: list[str]
    flow: str


@dataclass(frozen=True)
class Reciprocity:
    """Result of :func:`reciprocity`; pairs are ``(org, partner)`` tuples."""

    pairs: list[CoBuildingFlow]
    two_way: list[tuple[str, str]]
    one_way: list[tuple[str, str]]
    no_flow: list[tuple[str, str]]
    two_way_share: float | None


@dataclass(frozen=True)
class BranchEngagement:
    """Engagement of the members of one party organization (valid ``MEMBER_OF``)."""

    members: int
    active: int
    participation_rate: float | None
    hours_total: float
    hours_per_member: float | None


@dataclass(frozen=True)
class MemberEngagement:
    """Result of :func:`member_engagement`."""

    members: list[str]
    active: list[str]
    inactive: list[str]
    participation_rate: float | None
    hours_total: float
    hours_mean: float | None
    hours_median: float | None
    hours_by_member: dict[str, float]
    by_branch: dict[str, BranchEngagement]
    skilled_active: list[str]
    skill_matched: list[str]
    skill_match_rate: float | None


# --------------------------------------------------------------------------------------
# shared readings of the projection


def _period_start(as_of: dt.date, rules: Rules) -> dt.date:
    return period_start(as_of, rules.period_months)


def _in_period(G: nx.MultiDiGraph, activity: str, start: dt.date, as_of: dt.date) -> bool:
    date = G._node[activity].get("date")  # _node: G.nodes[...] costs a view call, millions of times
    return date is not None and start < date <= as_of


def _label(G: nx.MultiDiGraph, n: str) -> Any:
    return G._node[n].get("label")  # _node: G.nodes[...] costs a view call, millions of times


_Edges = Ties


def _ties(G: nx.MultiDiGraph, E: _Edges, rel_type: str, src: str, dst: str) -> list[tuple[str, str]]:
    """``(src, dst)`` of the valid ties of ``rel_type`` between nodes of the two labels.

    ``E`` is :func:`graph.analysis.readings.ties_at` on ``as_of``: one validity-filtered pass
    over the graph serves every relationship type an analysis reads.
    """
    return [(u, v) for u, v, _ in E.get(rel_type, ()) if _label(G, u) == src and _label(G, v) == dst]


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        out[a].add(b)
    return out


def _locations(G: nx.MultiDiGraph, E: Ties) -> dict[str, set[str]]:
    """The community of every unit and party organization
    (:func:`graph.analysis.readings.actor_communities`: one per actor), as a one-element set."""
    return {n: {c} for n, c in actor_communities(G, E).items()}


def _community_orgs(
    G: nx.MultiDiGraph, E: Ties, located: Mapping[str, set[str]], as_of: dt.date
) -> dict[str, list[str]]:
    """Community id → its community party organization(s)
    (:func:`graph.analysis.readings.community_party_orgs`), sorted; ``located`` is
    :func:`_locations` (one community per actor), not worked out again."""
    where = {n: c for n, places in located.items() for c in places}
    return {c: sorted(orgs) for c, orgs in community_party_orgs(G, E, where).items()}


def _organizers(G: nx.MultiDiGraph, E: Ties) -> dict[str, set[str]]:
    """Activity id → the party organizations and units that organized it
    (:func:`graph.analysis.readings.organizers`)."""
    return activity_organizers(G, E)


def _category(G: nx.MultiDiGraph, n: str) -> str:
    return G.nodes[n].get("category") or "unknown"


# --------------------------------------------------------------------------------------
# 3. resource sharing


def resource_sharing(
    G: nx.MultiDiGraph, *, as_of: dt.date, rules: Rules = _DEFAULT_RULES, community: Place = None,
    ties: Ties | None = None,
) -> ResourceSharing:
    """Resource sharing on the resource list (资源清单): shared, available, used.

    Definitions (this project's operational form of the resource list of 一书三单, 中共中央办公厅
    《关于加强和改进城市基层党的建设工作的意见》2019: units open their resources to the community):

    - an **offered** resource is a ``Resource`` with a valid ``OFFERS`` tie from a ``Unit``;
      resources nobody offers on ``as_of`` are listed in ``not_offered`` and left out of every
      figure;
    - **shared_share** = offered resources with ≥ 1 valid ``SHARED_WITH`` tie to a community
      / offered resources (``unshared`` lists the others);
    - **utilization** = offered resources used (``USES``) by ≥ 1 activity in the period
      / offered resources (``unused`` lists the others; undated activities are not in the period);
    - **available_by_community**: community → category → the offered resources shared with it
      (``SHARED_WITH``); **offered_in_community**: community → category → the resources offered
      by units located there (whether shared or not); **categories_by_community**: the categories
      found in either. A missing category is ``"unknown"``.

    With ``community``, the figures and lists cover the resources offered by units located in
    that community (its own resource list), and the three maps hold that community only; with a
    set of communities, the resources offered by units located in any of them, and the maps hold
    the communities of the set;
    ``not_offered`` stays over the whole graph (a resource nobody offers has no community).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, lab in [("C1", "Community"), ("U1", "Unit"), ("R1", "Resource"),
    ...                ("R2", "Resource"), ("A1", "Activity")]:
    ...     G.add_node(n, label=lab)
    >>> G.nodes["R1"]["category"] = "venue"; G.nodes["R2"]["category"] = "funds"
    >>> G.nodes["A1"]["date"] = dt.date(2026, 5, 1)
    >>> for u, v, t in [("U1", "C1", "LOCATED_IN"), ("U1", "R1", "OFFERS"), ("U1", "R2", "OFFERS"),
    ...                 ("R1", "C1", "SHARED_WITH"), ("A1", "R2", "USES")]:
    ...     _ = G.add_edge(u, v, type=t)
    >>> r = resource_sharing(G, as_of=dt.date(2026, 11, 1))
    >>> r.shared_share, r.unshared, r.utilization, r.unused
    (0.5, ['R2'], 0.5, ['R1'])
    >>> r.available_by_community, r.categories_by_community
    ({'C1': {'venue': ['R1']}}, {'C1': ['funds', 'venue']})
    """
    start = _period_start(as_of, rules)
    E = ties_for(G, as_of, ties)
    located = _locations(G, E)
    offerers = _grouped((r, u) for u, r in _ties(G, E, "OFFERS", "Unit", "Resource"))
    shared_with = _grouped(_ties(G, E, "SHARED_WITH", "Resource", "Community"))
    used_by = _grouped((r, a) for a, r in _ties(G, E, "USES", "Activity", "Resource")
                       if _in_period(G, a, start, as_of))
    resources = nodes(G, "Resource")
    offered = [r for r in resources if offerers.get(r)]
    home = {r: set().union(*(located.get(u, set()) for u in offerers[r])) for r in offered}

    wanted = place_ids(community)
    communities = nodes(G, "Community") if wanted is None else sorted(wanted)
    available: dict[str, dict[str, list[str]]] = {c: {} for c in communities}
    offered_in: dict[str, dict[str, list[str]]] = {c: {} for c in communities}
    for r in offered:
        for table, places in ((available, shared_with.get(r, ())), (offered_in, home[r])):
            for c in places:
                if c in table:
                    table[c].setdefault(_category(G, r), []).append(r)
    for table in (available, offered_in):
        for c, cats in table.items():
            table[c] = {k: sorted(v) for k, v in sorted(cats.items())}
    categories = {c: sorted(set(available[c]) | set(offered_in[c])) for c in communities}

    scope = offered if wanted is None else [r for r in offered if not wanted.isdisjoint(home[r])]
    shared = [r for r in scope if shared_with.get(r)]
    used = [r for r in scope if used_by.get(r)]
    return ResourceSharing(
        offered=scope,
        shared=shared,
        unshared=[r for r in scope if not shared_with.get(r)],
        shared_share=ratio(len(shared), len(scope)),
        used=used,
        unused=[r for r in scope if not used_by.get(r)],
        utilization=ratio(len(used), len(scope)),
        not_offered=[r for r in resources if not offerers.get(r)],
        available_by_community=available,
        offered_in_community=offered_in,
        categories_by_community=categories,
    )


# --------------------------------------------------------------------------------------
# 4. needs ↔ resources ↔ projects (三张清单)


def _tie_graph(
    G: nx.MultiDiGraph, E: _Edges, as_of: dt.date, start: dt.date, community_orgs: Mapping[str, list[str]]
) -> nx.Graph:
    """The undirected co-building network of party organizations and units (see TIE_TYPES)."""
    T = nx.Graph()
    T.add_nodes_from(n for n, lab in G.nodes(data="label") if lab in _ACTORS)
    for rel_type in TIE_TYPES:
        T.add_edges_from((u, v) for u, v, _ in E.get(rel_type, ())
                         if _label(G, u) in _ACTORS and _label(G, v) in _ACTORS and u != v)
    for u, c in _ties(G, E, "SITS_ON", "Unit", "Community"):
        T.add_edges_from((u, o) for o in community_orgs.get(c, ()))
    for a, orgs in _organizers(G, E).items():
        if _in_period(G, a, start, as_of):
            ordered = sorted(orgs)
            T.add_edges_from((x, y) for i, x in enumerate(ordered) for y in ordered[i + 1:])
    return T


def needs_matching(
    G: nx.MultiDiGraph, *, as_of: dt.date, rules: Rules = _DEFAULT_RULES, community: Place = None,
    ties: Ties | None = None,
) -> NeedsMatching:
    """Needs, resources and projects matched (三张清单): addressed, matchable, unmet, who could help.

    The 2019 opinion of 中共中央办公厅《关于加强和改进城市基层党的建设工作的意见》 asks community
    party organizations to list needs, resources and projects and to match them (三张清单); the
    definitions below are this project's operational form of that matching.

    - The **needs** are those with a valid ``RAISED_IN`` tie (with ``community``: raised in it; with
      a set of communities: raised in any of them)
      and raised on or before ``as_of`` (or with no ``raised_on``).
    - A need is **addressed** when an activity not dated after ``as_of`` (undated ones count:
      the project is on the list) has a valid ``ADDRESSES`` tie to it;
      ``addressed_share`` = addressed needs / needs.
    - A resource is **nearby** a need when it has the need's ``category``, is offered (valid
      ``OFFERS``) by a unit, and either the unit is located in, or the resource is shared
      (``SHARED_WITH``) with, the need's community or a community adjacent to it;
      ``nearby_resource_share`` = needs with ≥ 1 nearby resource / needs; ``nearby_resources``
      lists them per need. A need without a category or a community has none.
    - A need is **unmet** on ``as_of`` when it is not addressed then and either its ``status`` is
      ``open`` (待认领: the sample's planted situation, ``data/sample/README.md``) or an activity
      dated after ``as_of`` addresses it (so it was still open then, whatever its status now). A
      need claimed or done with no addressing activity counts at its recorded status, which is
      the latest: for a past date that part of the figure is as recorded now.
    - For each unmet need, the **suggestions** are the units offering a nearby resource, ranked by
      (1) ``distance``: the fewest ties between the unit and the community party organization of
      the need's community in the undirected co-building network of party organizations and
      units — valid ``CO_BUILDS``, ``PAIRED_WITH``, ``ESTABLISHED_IN`` and ``COVERS`` ties, a
      ``SITS_ON`` seat (tied to that community's party organization), and two organizers of one
      activity in the period; unconnected units come last; (2) ``reason`` ``"same_community"``
      (a matching resource is offered by the unit located in, or shared with, the need's own
      community) before ``"adjacent_community"``; (3) the unit's name, then id.
      ``unmet_without_nearby_resource`` lists the unmet needs nobody nearby can meet.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("C1", label="Community", adjacent=["C2"]); G.add_node("C2", label="Community")
    >>> G.add_node("N1", label="Need", category="venue", status="open")
    >>> G.add_node("N2", label="Need", category="funds", status="claimed")
    >>> G.add_node("A1", label="Activity", date=dt.date(2026, 5, 1))
    >>> G.add_node("R1", label="Resource", category="venue")
    >>> G.add_node("U1", label="Unit", name="Library"); G.add_node("P1", label="PartyOrg", kind="committee")
    >>> for u, v, t in [("N1", "C1", "RAISED_IN"), ("N2", "C1", "RAISED_IN"), ("A1", "N2", "ADDRESSES"),
    ...                 ("U1", "C2", "LOCATED_IN"), ("U1", "R1", "OFFERS"), ("P1", "C1", "LOCATED_IN"),
    ...                 ("P1", "U1", "CO_BUILDS")]:
    ...     _ = G.add_edge(u, v, type=t)
    >>> m = needs_matching(G, as_of=dt.date(2026, 11, 1))
    >>> m.addressed_share, m.nearby_resource_share, m.unmet_ids
    (0.5, 0.5, ['N1'])
    >>> m.unmet[0].suggestions
    [Suggestion(unit='U1', name='Library', community='C2', resources=['R1'], distance=1, reason='adjacent_community')]
    """
    start = _period_start(as_of, rules)
    E = ties_for(G, as_of, ties)
    located = _locations(G, E)
    adjacent = adjacent_communities(G)
    wanted = place_ids(community)
    raised_in = _grouped(_ties(G, E, "RAISED_IN", "Need", "Community"))
    needs = [n for n in nodes(G, "Need") if raised_in.get(n)
             and (wanted is None or not wanted.isdisjoint(raised_in[n]))
             and (G.nodes[n].get("raised_on") is None or G.nodes[n]["raised_on"] <= as_of)]
    addressing = _ties(G, E, "ADDRESSES", "Activity", "Need")
    addressed_by = _grouped((n, a) for a, n in addressing
                            if G.nodes[a].get("date") is None or G.nodes[a]["date"] <= as_of)
    # A need addressed only by activities after as_of was still open on as_of, whatever its
    # status now: the roster's status is the latest, the activities' dates say when it changed.
    addressed_later = {n for a, n in addressing if n not in addressed_by}

    def unmet_then(n: str) -> bool:
        return not addressed_by.get(n) and (G.nodes[n].get("status") == "open" or n in addressed_later)

    offers = _ties(G, E, "OFFERS", "Unit", "Resource")
    shared_with = _grouped(_ties(G, E, "SHARED_WITH", "Resource", "Community"))

    def reach(unit: str, resource: str) -> set[str]:
        return located.get(unit, set()) | shared_with.get(resource, set())

    reaching: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)  # (category, community)
    for u, r in offers:
        cat = G.nodes[r].get("category")
        for c in reach(u, r) if cat is not None else ():
            reaching[cat, c].add((u, r))
    nearby: dict[str, list[str]] = {}
    offers_near: dict[str, set[tuple[str, str]]] = {}
    for n in needs:
        cat = G.nodes[n].get("category")
        home = raised_in[n]
        near = home | set().union(*(adjacent.get(c, set()) for c in home))
        offers_near[n] = set().union(*(reaching.get((cat, c), set()) for c in near))
        nearby[n] = sorted({r for _, r in offers_near[n]})

    community_orgs = _community_orgs(G, E, located, as_of)
    ties = _tie_graph(G, E, as_of, start, community_orgs) if any(
        offers_near[n] for n in needs) else nx.Graph()
    distances: dict[frozenset[str], dict[str, int]] = {}
    # The units that could meet an unmet need of the same communities: a search stops there.
    candidates: dict[frozenset[str], set[str]] = defaultdict(set)
    for n in needs:
        if unmet_then(n):
            candidates[frozenset(raised_in[n])].update(u for u, _ in offers_near[n])
    unmet: list[UnmetNeed] = []
    for n in needs:
        data = G.nodes[n]
        if not unmet_then(n):
            continue
        home = raised_in[n]
        by_unit = _grouped(offers_near[n])
        key = frozenset(home)
        if key not in distances:
            distances[key] = hops_from(ties, (o for c in sorted(home) for o in community_orgs.get(c, ())),
                                        candidates[key])
        dist = distances[key]
        suggestions = []
        for u, rs in by_unit.items():
            same = any(reach(u, r) & home for r in rs)
            places = sorted(located.get(u, ()))
            suggestions.append(Suggestion(
                unit=u, name=G.nodes[u].get("name"), community=places[0] if places else None,
                resources=sorted(rs), distance=dist.get(u),
                reason="same_community" if same else "adjacent_community"))
        suggestions.sort(key=lambda s: (s.distance is None, s.distance or 0, s.reason != "same_community",
                                        s.name or "", s.unit))
        unmet.append(UnmetNeed(id=n, name=data.get("name"), category=data.get("category"),
                               community=sorted(home)[0], nearby_resources=nearby[n],
                               suggestions=suggestions))

    addressed = [n for n in needs if addressed_by.get(n)]
    matchable = [n for n in needs if nearby[n]]
    return NeedsMatching(
        needs=needs,
        addressed=addressed,
        addressed_share=ratio(len(addressed), len(needs)),
        with_nearby_resource=matchable,
        nearby_resource_share=ratio(len(matchable), len(needs)),
        nearby_resources=nearby,
        unmet=unmet,
        unmet_ids=[u.id for u in unmet],
        unmet_without_nearby_resource=[u.id for u in unmet if not u.nearby_resources],
    )


# --------------------------------------------------------------------------------------
# 5. reciprocity (良性互动)


def reciprocity(
    G: nx.MultiDiGraph, *, as_of: dt.date, rules: Rules = _DEFAULT_RULES, community: Place = None,
    ties: Ties | None = None,
) -> Reciprocity:
    """Co-building pairs where resources flow both ways (良性互动, 双向服务).

    共驻共建 asks units and the community to serve each other (中共中央办公厅《关于加强和改进城市
    基层党的建设工作的意见》2019: 资源共享、优势互补、共驻共建); the flows below are this project's
    operational definition on the data model.

    A **pair** is a valid ``CO_BUILDS`` tie from a party organization (the *org* side, usually
    the community party organization) to a unit or party organization (the *partner* side);
    parallel ties count once. Each side is made of

    - *actors*: the org and the units it is established in (``ESTABLISHED_IN``: for a community
      party organization, its residents' committee); the partner and, for a unit partner, the
      party organizations established in it, for an organization partner, the units it is
      established in;
    - *resources*: the resources the side's units offer (valid ``OFFERS``);
    - *people*: for the org side, the members (valid ``MEMBER_OF``) of the org and of the
      organizations below it (``SUBORDINATE_TO``, repeatedly) that are established in no unit and
      cover none (the community's own branches); for the partner side, the members of its
      organizations and the members who work at (``WORKS_AT``) its units.

    A side **gives** to the other through an activity in the period organized (``ORGANIZED``) by
    an actor of the other side that uses (``USES``) one of the giving side's resources, or, when
    the giving side did not co-organize it, in which one of its people took part
    (``PARTICIPATED_IN``: volunteer hours). ``flow`` is ``two_way`` when both sides give,
    ``partner_to_org`` / ``org_to_partner`` when one does (both in ``one_way``), else ``none``.
    ``two_way_share`` = two-way pairs / pairs. With ``community``: the pairs whose org is located
    there (with a set of communities: in any of them).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, lab in [("P1", "PartyOrg"), ("RC", "Unit"), ("U1", "Unit"), ("R1", "Resource"),
    ...                ("R2", "Resource"), ("A1", "Activity"), ("A2", "Activity")]:
    ...     G.add_node(n, label=lab)
    >>> G.nodes["A1"]["date"] = dt.date(2026, 3, 1); G.nodes["A2"]["date"] = dt.date(2026, 4, 1)
    >>> for u, v, t in [("P1", "U1", "CO_BUILDS"), ("P1", "RC", "ESTABLISHED_IN"),
    ...                 ("U1", "R1", "OFFERS"), ("RC", "R2", "OFFERS"),
    ...                 ("P1", "A1", "ORGANIZED"), ("A1", "R1", "USES"),
    ...                 ("U1", "A2", "ORGANIZED"), ("A2", "R2", "USES")]:
    ...     _ = G.add_edge(u, v, type=t)
    >>> r = reciprocity(G, as_of=dt.date(2026, 11, 1))
    >>> r.two_way, r.pairs[0].partner_gives, r.pairs[0].org_gives
    ([('P1', 'U1')], ['A1'], ['A2'])
    """
    start = _period_start(as_of, rules)
    E = ties_for(G, as_of, ties)
    located = _locations(G, E)
    wanted = place_ids(community)
    established = _ties(G, E, "ESTABLISHED_IN", "PartyOrg", "Unit")
    units_of = _grouped(established)
    orgs_of = _grouped((u, o) for o, u in established)
    tied = {o for o, _ in established} | {o for o, _ in _ties(G, E, "COVERS", "PartyOrg", "Unit")}
    below = _grouped((sup, sub) for sub, sup in _ties(G, E, "SUBORDINATE_TO", "PartyOrg", "PartyOrg"))
    members_of = _grouped((o, m) for m, o in _ties(G, E, "MEMBER_OF", "Member", "PartyOrg")
                          if member_joined(G._node[m], as_of))
    staff_of = _grouped((u, m) for m, u in _ties(G, E, "WORKS_AT", "Member", "Unit")
                        if member_joined(G._node[m], as_of))
    offered_by = _grouped(_ties(G, E, "OFFERS", "Unit", "Resource"))
    organizers = {a: o for a, o in _organizers(G, E).items() if _in_period(G, a, start, as_of)}
    uses = _grouped(_ties(G, E, "USES", "Activity", "Resource"))
    participants = _grouped((a, m) for m, a in _ties(G, E, "PARTICIPATED_IN", "Member", "Activity"))

    def org_side(org: str) -> tuple[set[str], set[str], set[str]]:
        actors = {org} | units_of.get(org, set())
        own, queue = {org}, [org]
        while queue:
            for sub in below.get(queue.pop(), ()):
                if sub not in own and sub not in tied:
                    own.add(sub)
                    queue.append(sub)
        people = set().union(*(members_of.get(o, set()) for o in own))
        return actors, people, resources_of(actors)

    def partner_side(partner: str) -> tuple[set[str], set[str], set[str]]:
        if _label(G, partner) == "Unit":
            actors = {partner} | orgs_of.get(partner, set())
        else:
            actors = {partner} | units_of.get(partner, set())
        people = set().union(*(members_of.get(a, set()) | staff_of.get(a, set()) for a in actors))
        return actors, people, resources_of(actors)

    def resources_of(actors: set[str]) -> set[str]:
        return set().union(*(offered_by.get(a, set()) for a in actors))

    # The activities each actor organized in the period: a pair looks only at its taker's.
    organized_by: dict[str, set[str]] = {}
    for a, orgs in organizers.items():
        for o in orgs:
            organized_by.setdefault(o, set()).add(a)

    def gives(giver: tuple[set[str], set[str], set[str]], taker: tuple[set[str], set[str], set[str]]) -> list[str]:
        g_actors, g_people, g_resources = giver
        candidates = set().union(*(organized_by.get(x, set()) for x in taker[0]))
        return sorted(a for a in candidates if (
            uses.get(a, set()) & g_resources
            or (not organizers[a] & g_actors and participants.get(a, set()) & g_people)))

    org_sides: dict[str, tuple[set[str], set[str], set[str]]] = {}

    pairs: list[CoBuildingFlow] = []
    seen: set[tuple[str, str]] = set()
    for org, partner, _ in E.get("CO_BUILDS", ()):
        if (_label(G, org) != "PartyOrg" or _label(G, partner) not in _ACTORS or (org, partner) in seen
                or (wanted is not None and wanted.isdisjoint(located.get(org, ())))):
            continue
        seen.add((org, partner))
        if org not in org_sides:  # a community organization has many partners: work it out once
            org_sides[org] = org_side(org)
        o_side, p_side = org_sides[org], partner_side(partner)
        p_gives, o_gives = gives(p_side, o_side), gives(o_side, p_side)
        flow = ("two_way" if p_gives and o_gives else "partner_to_org" if p_gives
                else "org_to_partner" if o_gives else "none")
        pairs.append(CoBuildingFlow(org=org, partner=partner, partner_gives=p_gives, org_gives=o_gives,
                                    flow=flow))
    pairs.sort(key=lambda p: (p.org, p.partner))
    two_way = [(p.org, p.partner) for p in pairs if p.flow == "two_way"]
    return Reciprocity(
        pairs=pairs,
        two_way=two_way,
        one_way=[(p.org, p.partner) for p in pairs if p.flow in ("partner_to_org", "org_to_partner")],
        no_flow=[(p.org, p.partner) for p in pairs if p.flow == "none"],
        two_way_share=ratio(len(two_way), len(pairs)),
    )


# --------------------------------------------------------------------------------------
# 6. member engagement


def mean_hours(total: float, n: int) -> float | None:
    """Hours per member, rounded to 2 places like every hours figure (``None`` for no members)."""
    return round(total / n, 2) if n else None


def _skill_match(category: str | None, skills: Iterable[str],
                 table: Mapping[str, Iterable[str]]) -> bool:
    if not category:
        return False
    category = category.strip()
    wanted = set(table.get(category, ())) | {category}
    return any(s.strip() in wanted for s in skills if isinstance(s, str))


def member_engagement(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
    skills_for_category: Mapping[str, Iterable[str]] = SKILLS_FOR_CATEGORY,
    ties: Ties | None = None,
) -> MemberEngagement:
    """Member engagement in activities: participation, volunteer hours, skills put to use.

    The second of the 四个延伸 extends party work from community staff to every member living or
    working there (中共中央办公厅《关于加强和改进城市基层党的建设工作的意见》2019; 在职党员到社区
    报到服务); the measures below are this project's operational definitions.

    - The **members** are the ``Member`` nodes who joined on or before ``as_of`` (or whose
      ``join_date`` is unknown); with ``community``, those residing in it (valid ``RESIDES_IN``;
      with a set of communities, in any of them), as in member coverage and the integration index.
    - A member is **active** with ≥ 1 valid ``PARTICIPATED_IN`` tie to an activity in the period
      (undated activities are not in it); ``inactive`` lists the others;
      ``participation_rate`` = active / members.
    - **Volunteer hours** of a member = the sum of the ``hours`` of those ties (the activity's
      ``hours`` where the tie has none); ``hours_mean`` and ``hours_median`` are over all members,
      inactive ones counting 0; ``hours_by_member`` holds the active members' hours.
    - **by_branch**: for every party organization with members (valid ``MEMBER_OF``), its members,
      active members, participation rate, hours and hours per member.
    - A member's skills **match** an activity when one of the member's ``skills`` is listed for the
      activity's ``category`` in ``skills_for_category`` (default :data:`SKILLS_FOR_CATEGORY`, this
      project's mapping) or is spelled exactly as the category; ``skill_matched`` lists the members
      who took part in ≥ 1 matching activity in the period, ``skilled_active`` the active members
      with ≥ 1 skill, and ``skill_match_rate`` = matched / skilled active.

    Hours are rounded to 2 places.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("P1", label="PartyOrg")
    >>> G.add_node("M1", label="Member", skills=["法律咨询"]); G.add_node("M2", label="Member")
    >>> G.add_node("A1", label="Activity", category="法律服务", date=dt.date(2026, 5, 1), hours=2.0)
    >>> for m in ("M1", "M2"):
    ...     _ = G.add_edge(m, "P1", type="MEMBER_OF")
    >>> _ = G.add_edge("M1", "A1", type="PARTICIPATED_IN", hours=3.0)
    >>> e = member_engagement(G, as_of=dt.date(2026, 11, 1))
    >>> e.participation_rate, e.hours_mean, e.hours_median, e.inactive, e.skill_matched
    (0.5, 1.5, 1.5, ['M2'], ['M1'])
    >>> e.by_branch["P1"]
    BranchEngagement(members=2, active=1, participation_rate=0.5, hours_total=3.0, hours_per_member=1.5)
    """
    start = _period_start(as_of, rules)
    E = ties_for(G, as_of, ties)
    branch_of = _grouped(_ties(G, E, "MEMBER_OF", "Member", "PartyOrg"))
    wanted = place_ids(community)
    living_there = None if wanted is None else residents(G, E, wanted)
    members = [m for m in nodes(G, "Member")
               if member_joined(G._node[m], as_of) and (living_there is None or m in living_there)]
    in_scope = set(members)

    hours: dict[str, float] = defaultdict(float)
    joined: dict[str, set[str]] = defaultdict(set)
    for m, a, data in E.get("PARTICIPATED_IN", ()):
        if m not in in_scope or _label(G, a) != "Activity" or not _in_period(G, a, start, as_of):
            continue
        joined[m].add(a)
        h = data.get("hours")
        hours[m] += float(h if h is not None else G.nodes[a].get("hours") or 0.0)

    active = [m for m in members if joined.get(m)]
    per_member = [round(hours.get(m, 0.0), 2) for m in members]
    total = round(sum(hours.get(m, 0.0) for m in members), 2)

    branches: dict[str, list[str]] = defaultdict(list)
    for m in members:
        for o in branch_of.get(m, ()):
            branches[o].append(m)
    by_branch = {}
    for o in sorted(branches):
        ms = branches[o]
        n_active = sum(1 for m in ms if joined.get(m))
        h = round(sum(hours.get(m, 0.0) for m in ms), 2)
        by_branch[o] = BranchEngagement(members=len(ms), active=n_active,
                                        participation_rate=ratio(n_active, len(ms)),
                                        hours_total=h, hours_per_member=mean_hours(h, len(ms)))

    skilled = [m for m in active if G.nodes[m].get("skills")]
    matched = [m for m in skilled if any(
        _skill_match(G.nodes[a].get("category"), G.nodes[m]["skills"], skills_for_category) for a in joined[m])]
    return MemberEngagement(
        members=members,
        active=active,
        inactive=[m for m in members if not joined.get(m)],
        participation_rate=ratio(len(active), len(members)),
        hours_total=total,
        hours_mean=mean_hours(total, len(members)),
        hours_median=round(float(statistics.median(per_member)), 2) if per_member else None,
        hours_by_member={m: round(hours[m], 2) for m in active},
        by_branch=by_branch,
        skilled_active=skilled,
        skill_matched=matched,
        skill_match_rate=ratio(len(matched), len(skilled)),
    )
