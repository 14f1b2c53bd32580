"""The shared readings of a projection: what every analysis means by the words it shares.

One function per reading, used by every analysis (and by the embedded store's named queries
through the analyses), so that no two figures disagree about them:

- :func:`ties_at` — the relationships valid on a date, grouped by type: the index an analysis
  reads, built once per report and passed in explicitly (never remembered behind the caller's
  back);
- :func:`actor_communities` — the community of a unit or party organization (one convention);
- :data:`Place`, :func:`place_ids` and :func:`place_value` — where an analysis looks: one
  community, several (a street's, a district's) or all;
- :func:`residence` and :func:`residents` — a member's community of residence, the residents of
  a community or of several;
- :func:`community_party_orgs` — a community's own party organization(s) (社区党组织);
- :func:`org_exists` and :func:`org_organizes` — an organization on a date;
- :func:`adjacent_communities` — which communities are next to each other;
- :func:`in_period` and :func:`period_start` — "in the period";
- :func:`organizers` — the organizers of an activity;
- :func:`member_joined`, :func:`full_member` and :func:`actor_exists` — a member (or any actor) on a date.

A projection is the ``MultiDiGraph`` of :func:`graph.store.build_networkx` (node attribute
``label``; edge attributes ``type``, ``start`` / ``end`` and the properties).

Examples
--------
>>> G = nx.MultiDiGraph()
>>> G.add_node("C1", label="Community"); G.add_node("U1", label="Unit")
>>> _ = G.add_edge("U1", "C1", type="LOCATED_IN", start=dt.date(2024, 1, 1))
>>> actor_communities(G, ties_at(G, dt.date(2025, 1, 1)))
{'U1': 'C1'}
>>> actor_communities(G, ties_at(G, dt.date(2023, 1, 1)))
{}
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import networkx as nx

from graph.analysis.base import is_valid, months_before, nodes

Edge = tuple[str, str, dict[str, Any]]

#: Kinds that can be a community's own party organization (社区党委 / 党总支 / 党支部).
COMMUNITY_ORG_KINDS: tuple[str, ...] = ("committee", "general_branch", "branch")

#: Labels of the actors that have a community by :func:`actor_communities`.
ACTOR_LABELS: tuple[str, ...] = ("Unit", "PartyOrg")

#: Where an analysis looks (its ``community`` argument): one community's id, several
#: communities' ids (a street's, a district's: a set, read as the union of those communities), or
#: ``None`` for all communities. :func:`place_ids` reads it.
Place = str | AbstractSet[str] | None

#: The probation year (预备期): a probationary member becomes full no earlier than a year after
#: joining (《中国共产党章程》第七条).
PROBATION_YEARS = 1


@dataclass(frozen=True)
class Ties(Mapping[str, tuple[Edge, ...]]):
    """The relationships of one projection valid on ``as_of``, by type: ``{type: ((src, dst, data), …)}``.

    Read-only. Build it with :func:`ties_at`; an analysis given one for another date refuses it.
    What is read from the graph through it once per report (:func:`actor_communities`) is kept
    with it, for that graph: ties taken before the graph changed are stale, as their edges are.
    """

    as_of: dt.date | None
    by_type: Mapping[str, tuple[Edge, ...]] = field(default_factory=dict)
    _kept: dict[str, tuple[nx.MultiDiGraph, Any]] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, key: str) -> tuple[Edge, ...]:
        return self.by_type[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_type)

    def __len__(self) -> int:
        return len(self.by_type)

    def of(self, rel_type: str) -> tuple[Edge, ...]:
        """The valid ties of ``rel_type`` (empty when there are none)."""
        return self.by_type.get(rel_type, ())


def ties_at(G: nx.MultiDiGraph, as_of: dt.date | None) -> Ties:
    """Every relationship of ``G`` valid on ``as_of`` (:func:`graph.analysis.base.is_valid`), by type.

    One pass over the graph. A projection cut at this very date (:func:`graph.store.build_networkx`
    marks it in ``G.graph["as_of"]``) holds only ties valid then, so they are not checked again.

    >>> G = nx.MultiDiGraph([("M1", "P1", {"type": "MEMBER_OF", "end": dt.date(2020, 1, 1)})])
    >>> ties_at(G, dt.date(2019, 1, 1)).of("MEMBER_OF")
    (('M1', 'P1', {'type': 'MEMBER_OF', 'end': datetime.date(2020, 1, 1)}),)
    >>> ties_at(G, dt.date(2021, 1, 1)).of("MEMBER_OF")
    ()
    """
    grouped: dict[str, list[Edge]] = {}
    checked = as_of is None or G.graph.get("as_of") != as_of
    for src, dst, data in G.edges(data=True):
        if not checked or is_valid(data, as_of):
            grouped.setdefault(data.get("type", ""), []).append((src, dst, data))
    return Ties(as_of, MappingProxyType({k: tuple(v) for k, v in grouped.items()}))


def ties_for(G: nx.MultiDiGraph, as_of: dt.date, ties: Ties | None) -> Ties:
    """``ties`` when given (it must be of ``as_of``), else :func:`ties_at` of ``G`` on ``as_of``.

    >>> ties_for(nx.MultiDiGraph(), dt.date(2026, 1, 1), ties_at(nx.MultiDiGraph(), dt.date(2025, 1, 1)))
    Traceback (most recent call last):
    ...
    ValueError: the ties given are of 2025-01-01, not of 2026-01-01
    """
    if ties is None:
        return ties_at(G, as_of)
    if ties.as_of != as_of:
        raise ValueError(f"the ties given are of {ties.as_of}, not of {as_of}")
    return ties


def _smallest(pairs: Iterator[tuple[str, str]] | list[tuple[str, str]]) -> dict[str, str]:
    where: dict[str, str] = {}
    for src, dst in pairs:
        if src not in where or dst < where[src]:
            where[src] = dst
    return where


def actor_communities(G: nx.MultiDiGraph, ties: Ties) -> dict[str, str]:
    """The community of every unit and party organization that has one: **one** per actor.

    In this order: the community of its valid ``LOCATED_IN`` tie to a ``Community`` (where there
    are several, the one its ``community`` property names, else the smallest id: an actor belongs
    to one community, so that every figure counts it in the same one); else its ``community``
    property (所在社区) where not blank; else, for a
    party organization, the community of the unit it is established in (``ESTABLISHED_IN``,
    smallest id) — a community party committee whose 所在社区 is blank belongs to the community
    of its residents' committee.

    This project's convention (DESIGN.md §3: ``LOCATED_IN`` places units and organizations).

    >>> G = nx.MultiDiGraph()
    >>> for c in ("C1", "C2"):
    ...     G.add_node(c, label="Community")
    >>> G.add_node("U1", label="Unit"); G.add_node("RC", label="Unit", community="C2")
    >>> G.add_node("P1", label="PartyOrg", community=" ")
    >>> for u, v, t in [("U1", "C2", "LOCATED_IN"), ("U1", "C1", "LOCATED_IN"), ("P1", "RC", "ESTABLISHED_IN")]:
    ...     _ = G.add_edge(u, v, type=t)
    >>> actor_communities(G, ties_at(G, dt.date(2026, 1, 1)))
    {'U1': 'C1', 'RC': 'C2', 'P1': 'C2'}
    """
    kept = ties._kept.get("actor_communities")  # every analysis of a report asks: read once per (graph, ties)
    if kept is None or kept[0] is not G:
        kept = ties._kept["actor_communities"] = (G, _read_actor_communities(G, ties))
    return dict(kept[1])


def _read_actor_communities(G: nx.MultiDiGraph, ties: Ties) -> dict[str, str]:
    node = G._node  # G.nodes[...] costs a view call per look-up
    located: dict[str, set[str]] = defaultdict(set)
    for u, c, _ in ties.of("LOCATED_IN"):
        if node[u].get("label") in ACTOR_LABELS and node[c].get("label", "Community") == "Community":
            located[u].add(c)
    where: dict[str, str] = {}
    for u, places in located.items():
        named = node[u].get("community")
        where[u] = named if named in places else min(places)  # the roster's 所在社区 first
    for n, data in G.nodes(data=True):
        if n not in where and data.get("label") in ACTOR_LABELS:
            named = data.get("community")
            if isinstance(named, str) and named.strip():
                where[n] = named.strip()
    inherited = _smallest([(o, where[u]) for o, u, _ in ties.of("ESTABLISHED_IN")
                           if o not in where and node[o].get("label") == "PartyOrg" and u in where])
    where.update(inherited)
    return where


def residence(G: nx.MultiDiGraph, ties: Ties) -> dict[str, str]:
    """Member → the community of their valid ``RESIDES_IN`` tie (the smallest id where there are
    several). Members with none are absent.

    >>> G = nx.MultiDiGraph([("M1", "C2", {"type": "RESIDES_IN"}), ("M1", "C1", {"type": "RESIDES_IN"})])
    >>> residence(G, ties_at(G, None))
    {'M1': 'C1'}
    """
    return _smallest([(m, c) for m, c, _ in ties.of("RESIDES_IN")])


def membership(G: nx.MultiDiGraph, ties: Ties) -> dict[str, str]:
    """Member → the party organization of their valid ``MEMBER_OF`` tie (the smallest id where
    there are several). Members with none are absent.

    >>> G = nx.MultiDiGraph([("M1", "P2", {"type": "MEMBER_OF"}), ("M1", "P1", {"type": "MEMBER_OF"})])
    >>> membership(G, ties_at(G, None))
    {'M1': 'P1'}
    """
    return _smallest([(m, o) for m, o, _ in ties.of("MEMBER_OF")])


def place_ids(place: Place) -> frozenset[str] | None:
    """The ids of the communities a :data:`Place` names: ``None`` for all communities, else the set
    of ids (one id gives a set of one). An analysis keeps what lies in **any** of them — what it
    would keep for one community ``c`` it keeps for a set when ``c`` is in the set — so a set is
    the union of its communities, and an empty set is no community at all.

    Example
    -------
    >>> place_ids("C1"), sorted(place_ids({"C2", "C1"})), place_ids(None)
    (frozenset({'C1'}), ['C1', 'C2'], None)
    >>> place_ids({"C1", 2})
    Traceback (most recent call last):
    ...
    TypeError: a community id is a string, not 2
    """
    if place is None:
        return None
    if isinstance(place, str):
        return frozenset((place,))
    ids = frozenset(place)
    for c in ids:
        if not isinstance(c, str):
            raise TypeError(f"a community id is a string, not {c!r}")
    return ids


def place_value(place: Place) -> str | list[str] | None:
    """A :data:`Place` as a result keeps it (plain, JSON-ready): an id as it is, a set as its ids
    sorted, ``None`` for all.

    >>> place_value({"C2", "C1"}), place_value("C1"), place_value(None)
    (['C1', 'C2'], 'C1', None)
    """
    if place is None or isinstance(place, str):
        return place
    return sorted(place_ids(place) or ())


def residents(G: nx.MultiDiGraph, ties: Ties, community: Place) -> set[str]:
    """The members whose community of residence (:func:`residence`) is ``community`` — one id, or
    any of a set of ids (:data:`Place`); ``None``: every member with a community of residence.

    >>> G = nx.MultiDiGraph([("M1", "C1", {"type": "RESIDES_IN"}), ("M2", "C2", {"type": "RESIDES_IN"}),
    ...                      ("M3", "C3", {"type": "RESIDES_IN"})])
    >>> residents(G, ties_at(G, None), "C1"), sorted(residents(G, ties_at(G, None), {"C1", "C2"}))
    ({'M1'}, ['M1', 'M2'])
    """
    wanted = place_ids(community)
    return {m for m, c in residence(G, ties).items() if wanted is None or c in wanted}


def adjacent_communities(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Community → the communities next to it: adjacency is symmetric, so a community listed in
    either one's ``adjacent`` property counts for both.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("C1", label="Community", adjacent=["C2"]); G.add_node("C2", label="Community")
    >>> dict(adjacent_communities(G))
    {'C1': {'C2'}, 'C2': {'C1'}}
    """
    adjacent: dict[str, set[str]] = defaultdict(set)
    for c in nodes(G, "Community"):
        for a in G.nodes[c].get("adjacent") or ():
            if a != c:
                adjacent[c].add(a)
                adjacent[a].add(c)
    return adjacent


def org_exists(G: nx.MultiDiGraph, org: str, as_of: dt.date) -> bool:
    """Whether a party organization exists on ``as_of``: its ``established`` date (when known) is
    not later.

    >>> G = nx.MultiDiGraph(); G.add_node("P1", label="PartyOrg", established=dt.date(2027, 1, 1))
    >>> org_exists(G, "P1", dt.date(2026, 1, 1))
    False
    """
    established = G._node[org].get("established")
    return established is None or established <= as_of


def org_organizes(G: nx.MultiDiGraph, org: str, as_of: dt.date) -> bool:
    """Whether ``org`` can organize a unit on ``as_of``: it exists then and is not a party group
    (党小组 is no grassroots organization, 《中国共产党章程》第三十条).

    >>> G = nx.MultiDiGraph(); G.add_node("P1", label="PartyOrg", kind="group")
    >>> org_organizes(G, "P1", dt.date(2026, 1, 1))
    False
    """
    return G._node[org].get("kind") != "group" and org_exists(G, org, as_of)


def community_party_orgs(G: nx.MultiDiGraph, ties: Ties, where: Mapping[str, str]) -> dict[str, set[str]]:
    """Community → its own party organization(s) (社区党组织), on ``ties.as_of``.

    An existing organization (:func:`org_exists`) of a kind in :data:`COMMUNITY_ORG_KINDS`
    established (``ESTABLISHED_IN``) in a residents' committee (``type`` = ``residents_committee``)
    of the community; where there is none, the organizations of those kinds whose community
    (``where``, from :func:`actor_communities`) it is, that are established in no unit and have
    no parent organization (``SUBORDINATE_TO``) in the same community.

    Source: the community party organization leads the residents' committee (中共中央办公厅
    《关于加强和改进城市基层党的建设工作的意见》2019); finding it in the data is this project's
    operational definition.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("RC", label="Unit", type="residents_committee", community="C1")
    >>> G.add_node("P1", label="PartyOrg", kind="committee")
    >>> G.add_node("P2", label="PartyOrg", kind="branch", community="C1")
    >>> _ = G.add_edge("P1", "RC", type="ESTABLISHED_IN"); _ = G.add_edge("P2", "P1", type="SUBORDINATE_TO")
    >>> t = ties_at(G, dt.date(2026, 1, 1))
    >>> community_party_orgs(G, t, actor_communities(G, t))
    {'C1': {'P1'}}
    """
    as_of = ties.as_of or dt.date.max
    node = G._node

    def eligible(org: str) -> bool:
        data = node[org]
        return data.get("label") == "PartyOrg" and data.get("kind") in COMMUNITY_ORG_KINDS and org_exists(G, org, as_of)

    found: dict[str, set[str]] = defaultdict(set)
    established = set()
    for org, unit, _ in ties.of("ESTABLISHED_IN"):
        established.add(org)
        if eligible(org) and node[unit].get("type") == "residents_committee" and unit in where:
            found[where[unit]].add(org)
    parents: dict[str, set[str]] = defaultdict(set)
    for child, parent, _ in ties.of("SUBORDINATE_TO"):
        parents[child].add(parent)
    fallback: dict[str, set[str]] = defaultdict(set)
    for org in nodes(G, "PartyOrg"):
        c = where.get(org)
        if (c is not None and c not in found and eligible(org) and org not in established
                and not any(where.get(p) == c for p in parents.get(org, ()))):
            fallback[c].add(org)
    return {**fallback, **found}


def period_start(as_of: dt.date, months: int) -> dt.date:
    """The day before the period begins: the period is ``(period_start, as_of]``.

    >>> period_start(dt.date(2026, 11, 1), 12)
    datetime.date(2025, 11, 1)
    """
    return months_before(as_of, months)


def in_period(day: Any, as_of: dt.date, months: int) -> bool:
    """Whether ``day`` lies in the period of ``months`` months up to ``as_of``: after
    ``months_before(as_of, months)``, on or before ``as_of``. An undated fact (``None``) cannot be
    placed in time and is **never** in the period.

    >>> in_period(dt.date(2026, 5, 1), dt.date(2026, 11, 1), 12), in_period(None, dt.date(2026, 11, 1), 12)
    (True, False)
    """
    return isinstance(day, dt.date) and period_start(as_of, months) < day <= as_of


def organizers(G: nx.MultiDiGraph, ties: Ties) -> dict[str, set[str]]:
    """Activity → the party organizations and units with a valid ``ORGANIZED`` tie to it.

    >>> G = nx.MultiDiGraph(); G.add_node("A1", label="Activity"); G.add_node("U1", label="Unit")
    >>> _ = G.add_edge("U1", "A1", type="ORGANIZED")
    >>> organizers(G, ties_at(G, None))
    {'A1': {'U1'}}
    """
    node = G._node
    out: dict[str, set[str]] = defaultdict(set)
    for who, activity, _ in ties.of("ORGANIZED"):
        if node[who].get("label") in ACTOR_LABELS and node[activity].get("label") == "Activity":
            out[activity].add(who)
    return dict(out)


def actor_exists(G: nx.MultiDiGraph, n: str, as_of: dt.date) -> bool:
    """Whether node ``n`` exists on ``as_of``: a party organization once established
    (:func:`org_exists`), a member once joined (:func:`member_joined`), anything else always.

    >>> G = nx.MultiDiGraph(); G.add_node("M1", label="Member", join_date=dt.date(2026, 6, 1))
    >>> actor_exists(G, "M1", dt.date(2026, 1, 1)), actor_exists(G, "M1", dt.date(2026, 7, 1))
    (False, True)
    """
    label = G._node[n].get("label")
    if label == "PartyOrg":
        return org_exists(G, n, as_of)
    if label == "Member":
        return member_joined(G._node[n], as_of)
    return True


def member_joined(member: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether a member (its node attributes) had joined the party on ``as_of``: a ``join_date``
    on or before it, or none known.

    >>> member_joined({"join_date": dt.date(2020, 7, 1)}, dt.date(2019, 1, 1)), member_joined({}, dt.date(2019, 1, 1))
    (False, True)
    """
    joined = member.get("join_date")
    return joined is None or joined <= as_of


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def full_member(member: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether a member was a full (正式) member on ``as_of``.

    The roster records the status now: ``status`` = ``full``. A member admitted on ``join_date``
    serves a probation year first (预备期一年, 《中国共产党章程》第七条), so on a date less than a
    year after joining — or before joining — they were not yet full, whatever the status today.
    A member without a known ``join_date`` is taken at their status.

    >>> m = {"status": "full", "join_date": dt.date(2025, 7, 1)}
    >>> full_member(m, dt.date(2026, 6, 30)), full_member(m, dt.date(2026, 7, 1)), full_member({"status": "full"}, dt.date(2000, 1, 1))
    (False, True, True)
    """
    if member.get("status") != "full":
        return False
    joined = member.get("join_date")
    return joined is None or _years_later(joined, PROBATION_YEARS) <= as_of
