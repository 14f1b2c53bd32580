"""The co-building network (共驻共建) and cross-sector integration (DESIGN.md §4, integration 1–2).

1. :func:`co_building_network` — who builds with whom: density, components, isolates, Freeman
   centralization, the community party organization's share of ties (leadership core) and how
   much the units depend on it (hub dependence), overall and by community;
2. :func:`cross_sector` — how the sectors mix on that network: actor-type mixing matrix, E-I
   index, assortativity, Gould–Fernandez brokerage roles by actor type, Burt's structural holes.

中共中央办公厅《关于加强和改进城市基层党的建设工作的意见》(2019) asks the community party
organization to play the leading role (领导核心) and to draw the units in its jurisdiction into
co-building (共驻共建): sharing resources and running activities together (资源共享). The
network below is this project's operational definition of those ties on the data model of
DESIGN.md §3; the measures on it are the standard ones named in each docstring.

The co-building network
-----------------------
- **Actors** (nodes): the ``PartyOrg`` and ``Unit`` nodes that exist on ``as_of`` (an actor whose
  ``established`` date is later is left out); with ``community`` (one community's id, or a set of
  ids), those located in it (in any of them). A unit and the party organization established in it
  are two actors.
- **Ties** (undirected, one per pair of distinct actors, with the set of reasons, in the order
  of :data:`TIE_REASONS`):

  - ``co_building`` — a valid ``CO_BUILDS`` tie (a party organization → a unit or party
    organization);
  - ``co_organized`` — both actors organized (valid ``ORGANIZED``) the same activity in the period;
  - ``shared_resource`` — an activity in the period uses (valid ``USES``) a resource that a unit
    offers (valid ``OFFERS``), and another actor organized it: the unit and that organizer are
    tied (the unit's resource served the organizer's project).

  Two units that merely share resources with the same community are **not** tied: being listed in
  one community's resource list is co-presence, not a relationship between them. The
  organizational ties — ``ESTABLISHED_IN``, ``COVERS``, ``SUBORDINATE_TO`` — are left out: they say
  how the party is organized (coverage, DESIGN.md §4 coverage 1), not whom an actor builds with,
  and counting them would make every covered unit look integrated. ``PAIRED_WITH`` (instructors,
  pairing) and ``SITS_ON`` (joint-meeting seats) are left out too: they are work-coverage and
  scorecard items, and DESIGN.md §4 names the three ties above.
- With ``community`` the network is the subgraph induced by the community's actors: a tie to an
  actor located elsewhere is not in it. With a set of communities (a street's), the subgraph
  induced by the actors located in any of them: a tie between two communities of the set is in
  it, a tie leaving the set is not.

Shared conventions: the readings of :mod:`graph.analysis.readings`, shared by every analysis:

- every relationship is read valid on ``as_of``;
- "in the period" means an activity whose ``date`` lies in
  ``(months_before(as_of, rules.period_months), as_of]``; an undated activity is never in it;
- an actor's community is one (:func:`~graph.analysis.readings.actor_communities`: its valid
  ``LOCATED_IN`` tie, else its ``community`` property, else for an organization the community of
  the unit it is established in); a **community party organization** (社区党组织) is
  :func:`~graph.analysis.readings.community_party_orgs` (established in the community's
  residents' committee, else its top organizations);
- an actor's **type** is the unit's ``type`` (``"unknown"`` when missing) and
  :data:`PARTY_ORG_TYPE` for every party organization, so that mixing shows party–unit ties;
- shares and indices are rounded to 4 decimal places; density, centralization and betweenness
  to 4 significant digits (on a district-wide network they are of the order of 10⁻⁵); id lists
  are sorted.

Examples
--------
>>> G = nx.MultiDiGraph()
>>> G.add_node("P1", label="PartyOrg", community="C1"); G.add_node("C1", label="Community")
>>> G.add_node("U1", label="Unit", type="soe"); G.add_node("U2", label="Unit", type="school")
>>> _ = G.add_edge("P1", "U1", type="CO_BUILDS"); _ = G.add_edge("P1", "U2", type="CO_BUILDS")
>>> net = co_building_network(G, as_of=dt.date(2026, 11, 1))
>>> net.figures.ties, net.figures.density, net.figures.degree_centralization
(2, 0.6667, 1.0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis.base import months_before, nodes, ratio
from graph.analysis.integration import (
    _ACTORS,
    _community_orgs,
    _grouped,
    _in_period,
    _locations,
    _organizers,
    _ties,
)
from graph.analysis.network import (
    BROKERAGE_ROLES,
    assortativity,
    betweenness,
    brokerage_by_group,
    brokerage_roles,
    burt_structural_holes,
    components_summary,
    ei_index,
    freeman_centralization,
    mixing_matrix,
)
from graph.analysis.readings import Place, Ties, place_ids, place_value, ties_for
from graph.analysis.rules import Rules

__all__ = [
    "BETWEENNESS_EXACT_LIMIT",
    "PARTY_ORG_TYPE",
    "TIE_REASONS",
    "TOP",
    "ActorValue",
    "Broker",
    "CoBuildingNetwork",
    "CoBuildingTie",
    "CrossSector",
    "NetworkFigures",
    "StructuralPosition",
    "TypeFigures",
    "co_building_network",
    "cross_sector",
]

#: Why two actors are tied in the co-building network, in the order reasons are listed.
TIE_REASONS: tuple[str, ...] = ("co_building", "co_organized", "shared_resource")

#: The actor type of every party organization (units take their ``type``).
PARTY_ORG_TYPE = "party_org"

#: Above this many actors, betweenness is estimated from sampled pivots
#: (:func:`graph.analysis.network.betweenness`); at or below it, exact.
BETWEENNESS_EXACT_LIMIT = 5000

#: Length of the top-actor lists.
TOP = 10

_UNKNOWN = "unknown"
_DEFAULT_RULES = Rules()


# --------------------------------------------------------------------------------------
# result types


@dataclass(frozen=True)
class CoBuildingTie:
    """One tie of the co-building network: actors ``u`` < ``v`` and why they are tied."""

    u: str
    v: str
    reasons: list[str]


@dataclass(frozen=True)
class ActorValue:
    """An actor and its value on a measure (degree: ties; betweenness: normalized)."""

    id: str
    name: str | None
    type: str
    value: int | float


@dataclass(frozen=True)
class NetworkFigures:
    """The figures of one co-building network (the whole scope, or one community).

    See :func:`co_building_network` for the definitions. ``betweenness_sampled`` says whether
    ``betweenness_centralization`` is an estimate from sampled pivots.
    """

    nodes: int
    ties: int
    density: float | None
    components: int
    largest_component_share: float | None
    isolates: int
    degree_centralization: float | None
    betweenness_centralization: float | None
    betweenness_sampled: bool
    community_org_ties: int
    community_org_share: float | None
    unit_unit_ties: int
    unit_unit_share: float | None
    tied_units: int
    hub_dependent_units: int
    hub_dependent_share: float | None


@dataclass(frozen=True)
class CoBuildingNetwork:
    """Result of :func:`co_building_network`.

    ``betweenness_k`` and ``betweenness_error`` are the pivots and the largest standard error of
    the estimate when betweenness is sampled (``figures.betweenness_sampled``), else ``None``.
    ``by_community`` is filled for all communities or several, not for one. ``community`` is the place
    asked for as :func:`~graph.analysis.readings.place_value` keeps it: an id, the sorted ids of a
    set, or ``None``.
    """

    community: str | list[str] | None
    figures: NetworkFigures
    actors: list[str]
    ties: list[CoBuildingTie]
    ties_by_reason: dict[str, int]
    component_sizes: list[int]
    isolates: list[str]
    community_orgs: list[str]
    hub_dependent: list[str]
    top_degree: list[ActorValue]
    top_betweenness: list[ActorValue]
    betweenness_k: int | None
    betweenness_error: float | None
    by_community: dict[str, NetworkFigures]


@dataclass(frozen=True)
class TypeFigures:
    """Cross-sector figures of one actor type (see :func:`cross_sector`)."""

    actors: int
    tied: int
    external: int
    internal: int
    ei: float | None
    brokerage: dict[str, int]
    mean_effective_size: float | None
    mean_constraint: float | None


@dataclass(frozen=True)
class Broker:
    """An actor's Gould–Fernandez brokerage role counts (see :func:`cross_sector`)."""

    id: str
    name: str | None
    type: str
    roles: dict[str, int]
    total: int


@dataclass(frozen=True)
class StructuralPosition:
    """An actor's Burt measures: ties, effective size, efficiency, constraint."""

    id: str
    name: str | None
    type: str
    degree: int
    effective_size: float
    efficiency: float
    constraint: float


@dataclass(frozen=True)
class CrossSector:
    """Result of :func:`cross_sector`; ``by_type`` and ``mixing`` are keyed by actor type;
    ``community`` as in :class:`CoBuildingNetwork`."""

    community: str | list[str] | None
    types: list[str]
    mixing: dict[str, dict[str, int]]
    ties: int
    external: int
    internal: int
    ei: float | None
    expected_ei: float | None
    ei_range: list[float] | None
    assortativity: float | None
    by_type: dict[str, TypeFigures]
    brokers: list[Broker]
    structural_holes: list[StructuralPosition]


# --------------------------------------------------------------------------------------
# the network


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _sig(value: float | None) -> float | None:
    """``value`` to 4 significant digits: densities and betweenness are tiny on large sparse networks."""
    return None if value is None else float(f"{float(value):.4g}")


def _actor_type(data: Mapping[str, Any]) -> str:
    if data.get("label") == "PartyOrg":
        return PARTY_ORG_TYPE
    kind = data.get("type")
    return _UNKNOWN if kind is None else str(getattr(kind, "value", kind))


def _network(
    G: nx.MultiDiGraph, as_of: dt.date, rules: Rules, community: Place, ties: Ties | None = None
) -> tuple[nx.Graph, dict[str, set[str]], dict[str, list[str]]]:
    """The co-building network (module docstring), the actors' communities and the community orgs.

    Nodes carry ``label``, ``name`` and ``actor_type``; ties carry ``reasons`` (a tuple).
    """
    start = months_before(as_of, rules.period_months)
    E = ties_for(G, as_of, ties)
    located = _locations(G, E)
    community_orgs = _community_orgs(G, E, located, as_of)
    wanted = place_ids(community)

    N = nx.Graph()
    for n in sorted(n for n, lab in G.nodes(data="label") if lab in _ACTORS):
        data = G.nodes[n]
        founded = data.get("established")
        if founded is not None and founded > as_of:
            continue
        if wanted is not None and wanted.isdisjoint(located.get(n, ())):
            continue
        N.add_node(n, label=data["label"], name=data.get("name"), actor_type=_actor_type(data))

    reasons: dict[tuple[str, str], set[str]] = {}

    def tie(a: str, b: str, reason: str) -> None:
        if a != b and a in N and b in N:
            reasons.setdefault((a, b) if a < b else (b, a), set()).add(reason)

    for u, v, _ in E.get("CO_BUILDS", ()):
        tie(u, v, "co_building")
    organizers = {a: sorted(orgs) for a, orgs in _organizers(G, E).items() if _in_period(G, a, start, as_of)}
    for orgs in organizers.values():
        for i, a in enumerate(orgs):
            for b in orgs[i + 1:]:
                tie(a, b, "co_organized")
    offered_by = _grouped((r, u) for u, r in _ties(G, E, "OFFERS", "Unit", "Resource"))
    for a, r in _ties(G, E, "USES", "Activity", "Resource"):
        for unit in offered_by.get(r, ()) if a in organizers else ():
            for org in organizers[a]:
                tie(unit, org, "shared_resource")
    N.add_edges_from((a, b, {"reasons": tuple(x for x in TIE_REASONS if x in why)})
                     for (a, b), why in sorted(reasons.items()))
    return N, located, community_orgs


def co_building_graph(
    G: nx.MultiDiGraph, *, as_of: dt.date, rules: Rules = _DEFAULT_RULES, community: Place = None,
    ties: Ties | None = None,
) -> nx.Graph:
    """The co-building network itself (module docstring), as :func:`co_building_network` measures
    it: party organizations and units (``label``, ``name``, ``actor_type``) tied by ``reasons``
    (``co_building``, ``co_organized``, ``shared_resource``). The maps draw this graph.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("O1", label="PartyOrg"); G.add_node("U1", label="Unit", type="school")
    >>> _ = G.add_edge("O1", "U1", type="CO_BUILDS")
    >>> N = co_building_graph(G, as_of=dt.date(2026, 1, 1))
    >>> N.edges["O1", "U1"]["reasons"], N.nodes["U1"]["actor_type"]
    (('co_building',), 'school')
    """
    return _network(G, as_of, rules, community, ties)[0]


def _betweenness(N: nx.Graph) -> dict[str, Any]:
    """Normalized betweenness of every actor, per component: exact, or sampled (see
    :func:`co_building_network`); the shape of :func:`graph.analysis.network.betweenness`."""
    n = N.number_of_nodes()
    values = dict.fromkeys(N, 0.0)
    result: dict[str, Any] = {"values": values, "sampled": False, "k": None, "error": None}
    if n < 3:
        return result
    components = [c for c in nx.connected_components(N) if len(c) >= 3]
    if all(len(c) <= BETWEENNESS_EXACT_LIMIT for c in components):
        # Per component: networkx's Brandes loop costs O(n) per source over the whole graph, so
        # thousands of isolated actors would make a sparse network quadratic.
        scale = 2 / ((n - 1) * (n - 2))
        for c in components:
            raw = nx.betweenness_centrality(_ordered(N, c), normalized=False)
            values.update((v, float(b) * scale) for v, b in raw.items())
        return result
    tied = _ordered(N, {v for v in N if N.degree(v)})
    estimate = betweenness(tied, exact_limit=0)
    m = tied.number_of_nodes()
    factor = (m - 1) * (m - 2) / ((n - 1) * (n - 2))  # to the whole network's normalization
    values.update((v, b * factor) for v, b in estimate["values"].items())
    error = estimate["error"]
    return {"values": values, "sampled": estimate["sampled"], "k": estimate["k"],
            "error": None if error is None else error * factor}


def actor_betweenness(N: nx.Graph) -> dict[str, float]:
    """Normalized betweenness of every actor of a co-building network (``N`` as
    :func:`co_building_graph` gives it, or part of it), exactly as :func:`co_building_network`
    measures it: per component, sampled above :data:`BETWEENNESS_EXACT_LIMIT`; to the four
    significant digits the report shows.

    >>> actor_betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    return {n: _sig(v) for n, v in _betweenness(N)["values"].items()}


def _ordered(N: nx.Graph, nodes: Collection[str]) -> nx.Graph:
    """The subgraph on ``nodes`` built in sorted order: sums then run in the same order in every
    process (a set's order follows Python's per-process string hashing), so the last digits of
    betweenness — and who makes the top ten — never change between runs."""
    S = nx.Graph()
    for v in sorted(nodes):
        S.add_node(v, **N.nodes[v])
    S.add_edges_from((u, v) for u in sorted(nodes) for v in sorted(N.adj[u]) if v in nodes)
    return S


def _betweenness_centralization(values: Mapping[Any, float]) -> float | None:
    """Freeman (1979) betweenness centralization from normalized betweenness: Σ (b* − b_i) / (n − 1)."""
    n = len(values)
    if n < 3:
        return None
    top = max(values.values())
    return sum(top - b for b in values.values()) / (n - 1)


def _figures(N: nx.Graph, community_orgs: Collection[str], between: Mapping[str, Any]
             ) -> tuple[NetworkFigures, dict[str, Any]]:
    """The figures of network ``N``; also the components summary, for the lists."""
    summary = components_summary(N)
    ties = summary["ties"]
    core = set(community_orgs) & set(N)
    core_ties = sum(1 for a, b in N.edges() if a in core or b in core)
    units = [n for n, lab in N.nodes(data="label") if lab == "Unit"]
    unit_unit = sum(1 for a, b in N.edges() if N.nodes[a]["label"] == N.nodes[b]["label"] == "Unit")
    tied_units = [u for u in units if N.degree(u)]
    dependent = [u for u in tied_units if all(w in core for w in N.adj[u])]
    figures = NetworkFigures(
        nodes=summary["nodes"],
        ties=ties,
        density=_sig(summary["density"]),
        components=summary["components"],
        largest_component_share=_round(summary["largest_component_share"]),
        isolates=len(summary["isolates"]),
        degree_centralization=_sig(freeman_centralization(N, "degree")),
        betweenness_centralization=_sig(_betweenness_centralization(between["values"])),
        betweenness_sampled=bool(between["sampled"]),
        community_org_ties=core_ties,
        community_org_share=ratio(core_ties, ties),
        unit_unit_ties=unit_unit,
        unit_unit_share=ratio(unit_unit, ties),
        tied_units=len(tied_units),
        hub_dependent_units=len(dependent),
        hub_dependent_share=ratio(len(dependent), len(tied_units)),
    )
    return figures, {**summary, "hub_dependent": sorted(dependent)}


def _top(N: nx.Graph, values: Mapping[str, Any], fmt: Callable[[Any], Any]) -> list[ActorValue]:
    """The :data:`TOP` actors with the largest value above 0 (ties broken by id)."""
    # Ranked on the shown (rounded) value, then id: equal scores summed in another order
    # differ in their last bits, and must not reorder the list.
    ranked = sorted((n for n, v in values.items() if v > 0), key=lambda n: (-_sig(values[n]), n))[:TOP]
    return [ActorValue(id=n, name=N.nodes[n]["name"], type=N.nodes[n]["actor_type"], value=fmt(values[n]))
            for n in ranked]


# --------------------------------------------------------------------------------------
# 1. the co-building network


def co_building_network(
    G: nx.MultiDiGraph, *, as_of: dt.date, rules: Rules = _DEFAULT_RULES, community: Place = None,
    ties: Ties | None = None,
) -> CoBuildingNetwork:
    """The co-building network of party organizations and units and its structure (共驻共建).

    The network is defined in the module docstring (actors: party organizations and units; ties:
    ``co_building``, ``co_organized``, ``shared_resource``). On it, with *n* actors and *L* ties:

    - ``figures.density`` = L / (n(n − 1)/2), the share of possible ties present (Wasserman &
      Faust 1994, *Social Network Analysis*, §4.3.1); ``components`` counts connected components,
      isolated actors included; ``component_sizes`` lists them largest first;
      ``largest_component_share`` = largest component / n; ``isolates`` are actors with no tie;
    - ``figures.degree_centralization`` and ``figures.betweenness_centralization``: Freeman's
      (1979, "Centrality in social networks: conceptual clarification", *Social Networks*
      1:215–239) graph centralization Σ (c* − c_i) / max Σ (c* − c_i), 1 for a star, 0 when all
      actors are equally central (:func:`graph.analysis.network.freeman_centralization`). For
      betweenness it is Σ (b* − b_i) / (n − 1) over normalized betweenness
      b_i = Σ_{s<t} σ_st(i)/σ_st / ((n − 1)(n − 2)/2) (Freeman 1977), *n* counting every actor,
      isolated ones included. Betweenness is computed component by component (a path never
      leaves one), exactly (Brandes 2001, networkx) while every component has at most
      :data:`BETWEENNESS_EXACT_LIMIT` actors; beyond, it is **estimated** on the tied actors from
      sampled pivots (Brandes & Pich 2007; :func:`graph.analysis.network.betweenness`) and
      rescaled to the same normalization: then ``figures.betweenness_sampled`` is true and
      ``betweenness_k`` / ``betweenness_error`` give the pivots and the largest standard error
      of an actor's estimate;
    - **leadership core** (领导核心; in practice "总揽全局"): ``figures.community_org_share`` =
      ties with a community party organization at one end / all ties (``community_orgs`` lists
      those organizations: of every community, or of ``community`` — of each community of the
      set, for a set);
    - **hub dependence** ("总揽不包揽": the core should lead, not carry every tie):
      ``figures.unit_unit_share`` = ties between two units / all ties — units building with each
      other directly; ``figures.hub_dependent_share`` = ``hub_dependent`` / units with ≥ 1 tie,
      where ``hub_dependent`` lists the units whose every tie is with a community party
      organization. Both are this project's operational definitions of the 2019 opinion's
      共驻共建 under the community party organization's leadership (中共中央办公厅《关于加强和改进
      城市基层党的建设工作的意见》);
    - ``top_degree``: the :data:`TOP` actors with the most ties; ``top_betweenness``: the
      :data:`TOP` with the highest normalized betweenness (Freeman 1977; exact or estimated as
      above); actors with 0 are not listed; ties in value are broken by id;
    - ``ties_by_reason``: ties with each reason (a tie with two reasons counts under both);
    - ``by_community`` (for all communities, or each of several asked for; not for one): every community's
      :class:`NetworkFigures` on the subgraph induced by its actors. A tie between actors of
      different communities, or with an actor located nowhere (a street committee), is in no
      community's network.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, lab in [("C1", "Community"), ("RC", "Unit"), ("P1", "PartyOrg"), ("U1", "Unit"),
    ...                ("U2", "Unit"), ("U3", "Unit"), ("A1", "Activity")]:
    ...     G.add_node(n, label=lab, community="C1")
    >>> G.nodes["RC"]["type"] = "residents_committee"; G.nodes["A1"]["date"] = dt.date(2026, 5, 1)
    >>> G.nodes["P1"]["kind"] = "committee"
    >>> for u, v, t in [("P1", "RC", "ESTABLISHED_IN"), ("P1", "U1", "CO_BUILDS"),
    ...                 ("P1", "U2", "CO_BUILDS"), ("U1", "A1", "ORGANIZED"), ("U2", "A1", "ORGANIZED")]:
    ...     _ = G.add_edge(u, v, type=t)
    >>> net = co_building_network(G, as_of=dt.date(2026, 11, 1), community="C1")
    >>> net.community_orgs, net.isolates, [(t.u, t.v, t.reasons) for t in net.ties]
    (['P1'], ['RC', 'U3'], [('P1', 'U1', ['co_building']), ('P1', 'U2', ['co_building']), \
('U1', 'U2', ['co_organized'])])
    >>> f = net.figures
    >>> f.density, f.community_org_share, f.unit_unit_share, f.hub_dependent_share
    (0.3, 0.666667, 0.333333, 0.0)
    """
    wanted = place_ids(community)
    N, located, community_orgs = _network(G, as_of, rules, wanted, ties)
    core = sorted({o for c, orgs in community_orgs.items() if wanted is None or c in wanted for o in orgs}
                  & set(N))
    between = _betweenness(N)
    figures, summary = _figures(N, core, between)

    by_community: dict[str, NetworkFigures] = {}
    if wanted is None or len(wanted) > 1:
        members: dict[str, list[str]] = {c: [] for c in nodes(G, "Community") if wanted is None or c in wanted}
        for n in N:
            for c in located.get(n, ()):
                if c in members:
                    members[c].append(n)
        for c, actors in members.items():
            sub = N.subgraph(actors)
            by_community[c] = _figures(sub, community_orgs.get(c, ()), _betweenness(sub))[0]

    degrees = dict(N.degree())
    by_reason = dict.fromkeys(TIE_REASONS, 0)
    ties = []
    for a, b, why in N.edges(data="reasons"):
        ties.append(CoBuildingTie(u=a, v=b, reasons=list(why)))
        for reason in why:
            by_reason[reason] += 1
    ties.sort(key=lambda t: (t.u, t.v))
    return CoBuildingNetwork(
        community=place_value(community),
        figures=figures,
        actors=sorted(N),
        ties=ties,
        ties_by_reason=by_reason,
        component_sizes=list(summary["component_sizes"]),
        isolates=list(summary["isolates"]),
        community_orgs=core,
        hub_dependent=summary["hub_dependent"],
        top_degree=_top(N, degrees, int),
        top_betweenness=_top(N, between["values"], _sig),
        betweenness_k=between["k"],
        betweenness_error=_sig(between["error"]),
        by_community=by_community,
    )


# --------------------------------------------------------------------------------------
# 2. cross-sector integration


def _mean(values: list[float]) -> float | None:
    return _round(sum(values) / len(values)) if values else None


def cross_sector(
    G: nx.MultiDiGraph, *, as_of: dt.date, rules: Rules = _DEFAULT_RULES, community: Place = None,
    ties: Ties | None = None,
) -> CrossSector:
    """Cross-sector integration on the co-building network: who builds with whom, by actor type.

    The network is that of :func:`co_building_network` (module docstring); an actor's **type**
    is its unit ``type`` (government, soe, private_enterprise, …; ``"unknown"`` when missing) or
    :data:`PARTY_ORG_TYPE` for every party organization. Measures, all on the undirected network:

    - ``mixing``: ``mixing[a][b]`` ties join an actor of type *a* and one of type *b* (symmetric;
      a tie inside type *a* counts once in ``mixing[a][a]``;
      :func:`graph.analysis.network.mixing_matrix`); every type present is a row, zeros kept;
    - ``ei`` = (E − I) / (E + I), with *E* the ties between actors of different types and *I*
      the ties inside a type (Krackhardt & Stern 1988, "Informal networks and organizational
      crises", *Social Psychology Quarterly* 51(2):123–140): −1 all ties inside sectors, +1 all
      across; ``expected_ei`` is its value if ties fell on pairs at random (the complete graph)
      and ``ei_range`` its feasible range for this many ties
      (:func:`graph.analysis.network.ei_index`); ``by_type[t].ei`` counts the ties of type *t*'s
      actors;
    - ``assortativity``: Newman's *r* of actor types (Newman 2003, "Mixing patterns in
      networks", *Phys. Rev. E* 67:026126, eq. 2): 1 ties only within types, 0 as by chance,
      negative ties prefer other types;
    - ``by_type[t].brokerage`` and ``brokers``: Gould & Fernandez (1989, "Structures of
      mediation", *Sociological Methodology* 19:89–126) role counts — coordinator, itinerant,
      representative, gatekeeper, liaison — of the middle actor *b* of every two-path
      *a – b – c* whose ends are not tied (:func:`graph.analysis.network.brokerage_roles`).
      **Direction:** the network is read undirected, every tie mutual: a ``CO_BUILDS`` tie's
      direction records who signed with whom, not which way anything flows, and co-organization
      has none. So, as UCINET on symmetric data, each open two-path counts twice for its broker
      (once each way), and *representative* always equals *gatekeeper*. ``brokers`` lists the
      :data:`TOP` actors with the most brokerage (``total`` > 0; ties broken by id);
    - ``structural_holes`` and ``by_type[t].mean_effective_size`` / ``mean_constraint``: Burt's
      (1992, *Structural Holes*, ch. 2) effective size (k − 2t/k for *k* contacts with *t* ties
      among them), efficiency (effective size / k) and constraint Σ_j (p_ij + Σ_q p_iq p_qj)²
      (:func:`graph.analysis.network.burt_structural_holes`); undefined for isolated actors, so
      the means are over the type's tied actors (``tied``). ``structural_holes`` lists the
      :data:`TOP` tied actors with the largest effective size (then the lowest constraint, then id).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("P1", label="PartyOrg")
    >>> G.add_node("U1", label="Unit", type="soe"); G.add_node("U2", label="Unit", type="school")
    >>> G.add_node("A1", label="Activity", date=dt.date(2026, 5, 1))
    >>> for u, v, t in [("P1", "U1", "CO_BUILDS"), ("U1", "A1", "ORGANIZED"), ("U2", "A1", "ORGANIZED")]:
    ...     _ = G.add_edge(u, v, type=t)
    >>> x = cross_sector(G, as_of=dt.date(2026, 11, 1))
    >>> x.mixing["soe"], x.ei, x.brokers[0].id, x.brokers[0].roles["liaison"]
    ({'party_org': 1, 'school': 1, 'soe': 0}, 1.0, 'U1', 2)
    """
    N, _, _ = _network(G, as_of, rules, community, ties)
    attribute = "actor_type"
    types = sorted(set(nx.get_node_attributes(N, attribute).values()))
    ei = ei_index(N, attribute)
    roles = brokerage_roles(N, attribute)
    by_group = brokerage_by_group(N, attribute, roles)
    holes = burt_structural_holes(N)

    positions = [
        StructuralPosition(id=n, name=N.nodes[n]["name"], type=N.nodes[n][attribute], degree=N.degree(n),
                           effective_size=float(h["effective_size"]), efficiency=float(h["efficiency"]),
                           constraint=float(h["constraint"]))
        for n, h in holes.items() if h["constraint"] is not None
    ]
    by_type = {}
    for t in types:
        mine = [p for p in positions if p.type == t]
        group = ei["groups"][t]
        by_type[t] = TypeFigures(
            actors=group["size"], tied=len(mine), external=group["external"], internal=group["internal"],
            ei=_round(group["ei"]), brokerage=dict(by_group[t]),
            mean_effective_size=_mean([p.effective_size for p in mine]),
            mean_constraint=_mean([p.constraint for p in mine]),
        )
    positions.sort(key=lambda p: (-round(p.effective_size, 4), round(p.constraint, 4), p.id))  # as shown
    spanners = [StructuralPosition(id=p.id, name=p.name, type=p.type, degree=p.degree,
                                   effective_size=round(p.effective_size, 4),
                                   efficiency=round(p.efficiency, 4), constraint=round(p.constraint, 4))
                for p in positions[:TOP]]
    totals = {n: sum(r.values()) for n, r in roles.items()}
    ranked = sorted((n for n, total in totals.items() if total > 0), key=lambda n: (-totals[n], n))[:TOP]
    brokers = [Broker(id=n, name=N.nodes[n]["name"], type=N.nodes[n][attribute],
                      roles={role: roles[n][role] for role in BROKERAGE_ROLES}, total=totals[n])
               for n in ranked]
    return CrossSector(
        community=place_value(community),
        types=types,
        mixing=mixing_matrix(N, attribute),
        ties=ei["external"] + ei["internal"],
        external=ei["external"],
        internal=ei["internal"],
        ei=_round(ei["ei"]),
        expected_ei=_round(ei["expected_ei"]),
        ei_range=None if ei["range"] is None else [round(float(x), 4) for x in ei["range"]],
        assortativity=_round(assortativity(N, attribute)),
        by_type=by_type,
        brokers=brokers,
        structural_holes=spanners,
    )
