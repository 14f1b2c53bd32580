"""The generic network: a researcher's one- or two-mode network, measured with the standard measures.

A network that is not party-building data loads through the generic ``nodes`` and ``edges``
tables, or as a membership matrix that the loaders turn into those tables (``docs/data-format.md``).
This module finds that network in a projection and measures it; :mod:`graph.analysis.generic_report`
lays the results out as report sections.

What the generic network is
---------------------------
- **Nodes**: every node labelled ``Node`` that exists on ``as_of`` — its ``start`` on or before
  it (or unknown) and its ``end`` after it (or unknown), the rule relationships follow
  (:func:`graph.analysis.base.is_valid`) — and every node of another label at an end of a valid
  ``LINKED_TO`` relationship (the generic type; only it may touch a ``Node``).
- **Ties**: the ``LINKED_TO`` relationships valid on ``as_of`` whose ends both exist then, read
  undirected and simple (:func:`graph.analysis.network.undirected_simple`: one tie per connected
  pair, self-ties dropped). The measures are binary; an edge's ``weight`` is kept in the store but
  not used here.
- The network is **present** when the graph holds any ``Node``, whatever its dates, or a
  ``LINKED_TO`` relationship valid on ``as_of``: at a date before any of it exists the measures
  are those of an empty network, not absent.

One mode or two
---------------
A node's **kind** is its ``type`` for a ``Node`` and its label for any other node. The network
is **two-mode** when every node has a kind, there are exactly two kinds, and every tie joins
nodes of different kinds — persons and the groups they belong to, women and the events they
attend (Borgatti & Everett 1997). Everything else is one-mode: no kinds, one kind, three kinds,
or a single tie inside a kind. The **first mode** is the kind that more ties start from (the
``source`` side of the edges: persons in a membership matrix, whose rows are the persons), the
kind first in sort order when as many start from each.

The measures
------------
Every network, one- or two-mode, gets the one-mode measures of :func:`one_mode_measures`
(degree, betweenness, closeness, Freeman centralization, components). A two-mode network gets
in addition Borgatti & Everett's two-mode centralities (:func:`graph.analysis.network.bipartite_centralities`)
and both one-mode projections (:func:`projection`), each with its tie weights and its own
one-mode measures.

Values are rounded to six significant digits, so that sums taken in another order (another
store's row order) give the same report.

Examples
--------
>>> G = nx.MultiDiGraph()
>>> for p in ("ann", "bob"):
...     G.add_node(p, label="Node", type="person")
>>> for g in ("choir", "club"):
...     G.add_node(g, label="Node", type="group")
>>> for p, g in (("ann", "choir"), ("bob", "choir"), ("bob", "club")):
...     _ = G.add_edge(p, g, type="LINKED_TO")
>>> net = generic_network(G, as_of=dt.date(2026, 1, 1))
>>> net.two_mode.kinds, net.two_mode.sizes, net.two_mode.density
(('person', 'group'), (2, 2), 0.75)
>>> net.two_mode.projections[0].ties, net.two_mode.projections[1].ties
([('ann', 'bob', 1)], [('choir', 'club', 1)])
>>> net.whole.centralities["bob"]["degree"], net.two_mode.centralities["bob"]["degree"]
(2, 1.0)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis.base import is_valid
from graph.analysis.network import (
    betweenness,
    betweenness_centralization,
    bipartite_centralities,
    closeness_centralization,
    components_summary,
    freeman_centralization,
)
from graph.analysis.readings import Ties, ties_for
from graph.analysis.rules import Rules

_DEFAULT_RULES = Rules()

#: The generic node label and relationship type (``graph.model.Label.NODE``, ``RelType.LINKED_TO``).
NODE_LABEL, TIE_TYPE = "Node", "LINKED_TO"

#: Up to this many nodes, and :data:`EXACT_WORK` nodes × ties, closeness, exact betweenness and
#: the two-mode closeness and betweenness are computed (each takes a search from every node,
#: about n·m steps); above, betweenness is estimated from sampled pivots
#: (:func:`graph.analysis.network.betweenness`), closeness and the two-mode closeness and
#: betweenness are left out (``None``). A dense projection reaches the work limit first.
EXACT_LIMIT = 2000
EXACT_WORK = 10_000_000
#: A projection joins every pair of nodes sharing a neighbour: Σ_g C(deg g, 2) pairs. Above this
#: many it is not built (one group of 3,000 members alone gives 4.5 million ties).
PROJECTION_PAIR_LIMIT = 2_000_000


def _sig(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.6g}")


@dataclass(frozen=True)
class OneModeMeasures:
    """The one-mode measures of a network (see :func:`one_mode_measures`)."""

    nodes: int
    ties: int
    density: float | None
    components: int
    component_sizes: list[int]
    largest_component_share: float | None
    isolates: int
    degree_centralization: float | None
    betweenness_centralization: float | None
    closeness_centralization: float | None
    betweenness_sampled: bool
    betweenness_k: int | None
    betweenness_error: float | None
    closeness_computed: bool
    #: node → its component's number: 1 the largest, ties of size broken by the smallest id.
    component_of: dict[str, int]
    #: node → ``degree``, ``degree_centrality``, ``betweenness``, ``closeness`` (and, on a
    #: weighted projection, ``strength``).
    centralities: dict[str, dict[str, Any]]
    #: Raw betweenness (pairs, unrounded) when computed exactly, for the two-mode measures of the
    #: same graph; ``None`` when sampled.
    raw_betweenness: dict[str, float] | None = None


@dataclass(frozen=True)
class Projection:
    """The one-mode projection of a two-mode network onto the nodes of ``kind``."""

    kind: str
    other_kind: str
    #: ``(u, v, weight)`` with ``u < v``: the number of ``other_kind`` nodes both are tied to.
    ties: list[tuple[str, str, int]]
    #: Its measures, ``None`` when it was too large to build (:data:`PROJECTION_PAIR_LIMIT`).
    measures: OneModeMeasures | None
    pairs: int


@dataclass(frozen=True)
class TwoModeMeasures:
    """A two-mode network's modes, density, Borgatti–Everett centralities and projections."""

    kinds: tuple[str, str]
    sizes: tuple[int, int]
    ties: int
    density: float | None
    exact: bool
    #: node → ``degree``, ``closeness``, ``betweenness`` (the latter two ``None`` when not exact).
    centralities: dict[str, dict[str, float | None]]
    projections: tuple[Projection, Projection]


@dataclass(frozen=True)
class GenericNetwork:
    """The generic network on one date and its measures."""

    present: bool
    kinds: dict[str, str | None]
    whole: OneModeMeasures
    two_mode: TwoModeMeasures | None


def exists(data: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether a node with attributes ``data`` exists on ``as_of``: a ``Node`` by its
    ``start``/``end`` as a relationship is valid (:func:`graph.analysis.base.is_valid`); a node
    of any other label always.

    >>> exists({"label": "Node", "end": dt.date(2020, 1, 1)}, dt.date(2021, 1, 1))
    False
    >>> exists({"label": "Unit", "end": dt.date(2020, 1, 1)}, dt.date(2021, 1, 1))
    True
    """
    return data.get("label") != NODE_LABEL or is_valid(data, as_of)


def kind_of(data: Mapping[str, Any]) -> str | None:
    """A node's kind: its ``type`` for a ``Node`` (``None`` when it has none), else its label.

    >>> kind_of({"label": "Node", "type": "person"}), kind_of({"label": "Member"}), kind_of({"label": "Node"})
    ('person', 'Member', None)
    """
    if data.get("label") == NODE_LABEL:
        t = data.get("type")
        return None if t is None or t == "" else str(t)
    label = data.get("label")
    return None if label is None else str(label)


def has_generic_data(G: nx.MultiDiGraph, as_of: dt.date, ties: Ties | None = None) -> bool:
    """Whether ``G`` holds any ``Node`` (whatever its dates) or a ``LINKED_TO`` relationship valid
    on ``as_of`` (a store's projection at a date holds only those).

    >>> G = nx.MultiDiGraph(); G.add_node("U1", label="Unit")
    >>> has_generic_data(G, dt.date(2026, 1, 1))
    False
    """
    if any(lab == NODE_LABEL for _, lab in G.nodes(data="label")):
        return True
    return bool(ties_for(G, as_of, ties).of(TIE_TYPE))


def generic_graph(G: nx.MultiDiGraph, *, as_of: dt.date, ties: Ties | None = None) -> tuple[nx.Graph, Counter[str]]:
    """The generic network on ``as_of`` as a simple undirected graph, built in sorted order,
    with each node's attributes; and how many ties start at each kind (for the first mode).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Node"); G.add_node("b", label="Node", start=dt.date(2030, 1, 1))
    >>> _ = G.add_edge("a", "b", type="LINKED_TO")
    >>> H, _ = generic_graph(G, as_of=dt.date(2026, 1, 1))
    >>> list(H.nodes), H.number_of_edges()
    (['a'], 0)
    """
    keep = {v for v, d in G.nodes(data=True) if d.get("label") == NODE_LABEL and exists(d, as_of)}
    pairs: set[tuple[str, str]] = set()
    starts: Counter[str] = Counter()
    for u, v, _ in ties_for(G, as_of, ties).of(TIE_TYPE):
        if not (exists(G.nodes[u], as_of) and exists(G.nodes[v], as_of)):
            continue
        keep.update((u, v))
        if u != v:
            pairs.add((u, v) if str(u) <= str(v) else (v, u))
            k = kind_of(G.nodes[u])
            if k is not None:
                starts[k] += 1
    H = nx.Graph()
    for v in sorted(keep, key=str):
        H.add_node(v, **G.nodes[v])
    H.add_edges_from(sorted(pairs, key=lambda p: (str(p[0]), str(p[1]))))
    return H, starts


def modes(H: nx.Graph, starts: Mapping[str, int] | None = None) -> tuple[str, str] | None:
    """The two kinds of a two-mode network, first mode first; ``None`` for a one-mode network
    (see the module's "One mode or two").

    >>> H = nx.Graph([("p", "g")])
    >>> nx.set_node_attributes(H, {"p": {"label": "Node", "type": "person"}, "g": {"label": "Node", "type": "group"}})
    >>> modes(H, {"person": 1}), modes(H)
    (('person', 'group'), ('group', 'person'))
    """
    kind = {v: kind_of(d) for v, d in H.nodes(data=True)}
    found = set(kind.values())
    if None in found or len(found) != 2:
        return None
    if any(kind[u] == kind[v] for u, v in H.edges()):
        return None
    starts = starts or {}
    a, b = sorted(found, key=lambda k: (-starts.get(k, 0), k))  # type: ignore[arg-type]
    return a, b  # type: ignore[return-value]


def one_mode_measures(H: nx.Graph, *, exact_limit: int = EXACT_LIMIT, weight: str | None = None) -> OneModeMeasures:
    """Degree, betweenness and closeness of every node; Freeman centralization; components.

    On the simple undirected graph ``H`` with *n* nodes:

    - **degree** ``d(v)``, the number of neighbours, and **degree centrality** ``d(v)/(n − 1)``
      (Freeman 1979, "Centrality in social networks: conceptual clarification", *Social
      Networks* 1:215–239; ``nx.degree_centrality``); ``None`` below 2 nodes;
    - **betweenness** ``Σ_{s<t} σ_st(v)/σ_st`` over pairs of other nodes, divided by
      ``(n − 1)(n − 2)/2`` (Freeman 1977; Brandes 2001; ``nx.betweenness_centrality``), exact up
      to ``exact_limit`` nodes (and :data:`EXACT_WORK`, :func:`is_exact`) and estimated from
      pivots above (:func:`graph.analysis.network.betweenness`);
    - **closeness** as Wasserman & Faust (1994, *Social Network Analysis*, p. 201) define it for
      graphs that need not be connected: ``(r − 1)/(n − 1) · (r − 1)/Σ_u d(v, u)`` where *v*
      reaches *r* nodes (itself included) at distances summing to ``Σ d``: closeness within its
      component, times the share of the other nodes it reaches. It lies in [0, 1] (an isolate
      scores 0) and on a connected graph is Freeman's ``(n − 1)/Σ d``. This is networkx's
      ``closeness_centrality`` (``wf_improved=True``), computed here from one search per node. When
      exact (:func:`is_exact`); ``None`` otherwise;
    - **strength** (with ``weight``): the sum of the weights of a node's ties (Barrat et al. 2004,
      "The architecture of complex weighted networks", *PNAS* 101:3747–3752);
    - **Freeman centralization** of degree, betweenness and closeness
      (:func:`graph.analysis.network.freeman_centralization`; betweenness and closeness from the
      values above, :func:`graph.analysis.network.betweenness_centralization` and
      :func:`graph.analysis.network.closeness_centralization`); closeness centralization is
      ``None`` on a disconnected graph, where Freeman's closeness is undefined;
    - **components** (:func:`graph.analysis.network.components_summary`), numbered from 1 by
      size, largest first.

    Examples
    --------
    >>> m = one_mode_measures(nx.path_graph(3))
    >>> m.centralities[1]
    {'degree': 2, 'degree_centrality': 1.0, 'betweenness': 1.0, 'closeness': 1.0}
    >>> m.degree_centralization, m.closeness_centralization, m.components
    (1.0, 1.0, 1)
    """
    n = H.number_of_nodes()
    summary = components_summary(H)
    comps = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(str(v) for v in c)))
    component_of = {v: i for i, c in enumerate(comps, start=1) for v in c}
    exact = is_exact(H, exact_limit)
    between = (betweenness(H, exact_limit=n if exact else 0) if n
               else {"values": {}, "sampled": False, "k": None, "error": None})
    closeness: dict[Hashable, float] = {}
    distance_sums: list[int] = []
    if exact:
        for v in H:
            dist = nx.single_source_shortest_path_length(H, v)
            total, reached = sum(dist.values()), len(dist)
            distance_sums.append(total)
            # networkx's closeness_centralization(wf_improved=True), in its order of operations.
            closeness[v] = (reached - 1.0) / total * ((reached - 1.0) / (n - 1)) if total > 0 and n > 1 else 0.0
    centralities: dict[str, dict[str, Any]] = {}
    for v in H:
        d = H.degree(v)
        row: dict[str, Any] = {
            "degree": d,
            "degree_centrality": _sig(d / (n - 1)) if n > 1 else None,
            "betweenness": _sig(between["values"].get(v, 0.0)),
            "closeness": _sig(float(closeness[v])) if exact else None,
        }
        if weight is not None:
            row["strength"] = sum(w for _, _, w in H.edges(v, data=weight, default=1))
        centralities[v] = row
    return OneModeMeasures(
        nodes=n, ties=summary["ties"], density=_sig(summary["density"]), components=summary["components"],
        component_sizes=summary["component_sizes"],
        largest_component_share=_sig(summary["largest_component_share"]), isolates=len(summary["isolates"]),
        degree_centralization=_sig(freeman_centralization(H, "degree")),
        betweenness_centralization=_sig(betweenness_centralization(between["values"])),
        closeness_centralization=(_sig(closeness_centralization(distance_sums))
                                  if exact and summary["components"] == 1 else None),
        betweenness_sampled=bool(between["sampled"]), betweenness_k=between["k"],
        betweenness_error=_sig(between["error"]), closeness_computed=exact,
        component_of=component_of, centralities=centralities,
        raw_betweenness={v: b * (n - 1) * (n - 2) / 2 for v, b in between["values"].items()}
        if n >= 3 and not between["sampled"] else None,
    )


def is_exact(H: nx.Graph, exact_limit: int = EXACT_LIMIT, work_limit: int = EXACT_WORK) -> bool:
    """Whether searches from every node of ``H`` are affordable: at most ``exact_limit`` nodes and
    ``work_limit`` nodes × ties.

    >>> is_exact(nx.path_graph(10)), is_exact(nx.complete_graph(300))
    (True, False)
    """
    n = H.number_of_nodes()
    return n <= exact_limit and n * max(H.number_of_edges(), 1) <= work_limit


def projection(H: nx.Graph, mode: Iterable[Hashable]) -> nx.Graph:
    """The one-mode projection of the two-mode graph ``H`` onto the nodes of ``mode``.

    Two nodes of ``mode`` are tied when they share a neighbour (are tied to a common node of the
    other mode); the tie's ``weight`` is how many they share — co-membership for persons,
    overlap (shared members) for groups (Breiger 1974, "The duality of persons and groups",
    *Social Forces* 53:181–190: the off-diagonal cells of ``A·Aᵀ`` and ``Aᵀ·A``). Every node of
    ``mode`` is kept, tied or not. ``networkx.algorithms.bipartite.weighted_projected_graph``
    gives the same graph.

    >>> H = nx.Graph([("ann", "choir"), ("bob", "choir"), ("bob", "club"), ("cy", "club"), ("ann", "club")])
    >>> sorted(projection(H, ["ann", "bob", "cy"]).edges(data="weight"))
    [('ann', 'bob', 2), ('ann', 'cy', 1), ('bob', 'cy', 1)]
    """
    members = set(mode)
    P = nx.Graph()
    P.add_nodes_from(sorted(members, key=str))
    weights: dict[tuple[Hashable, Hashable], int] = defaultdict(int)
    for g in H:
        if g in members:
            continue
        tied = sorted((v for v in H.adj[g] if v in members), key=str)
        for i, u in enumerate(tied):
            for v in tied[i + 1:]:
                weights[(u, v)] += 1
    P.add_edges_from((u, v, {"weight": w}) for (u, v), w in sorted(weights.items(), key=lambda e: (str(e[0][0]), str(e[0][1]))))
    return P


def projection_pairs(H: nx.Graph, mode: Iterable[Hashable]) -> int:
    """How many node pairs the projection onto ``mode`` examines: ``Σ C(d, 2)`` over the other mode."""
    members = set(mode)
    total = 0
    for g in H:
        if g not in members:
            d = sum(1 for v in H.adj[g] if v in members)
            total += d * (d - 1) // 2
    return total


def _project(H: nx.Graph, mode: list[Hashable], kind: str, other: str, exact_limit: int) -> Projection:
    pairs = projection_pairs(H, mode)
    if pairs > PROJECTION_PAIR_LIMIT:
        return Projection(kind, other, [], None, pairs)
    P = projection(H, mode)
    ties = [(str(u), str(v), int(w)) for u, v, w in P.edges(data="weight")]
    ties = [(u, v, w) if u <= v else (v, u, w) for u, v, w in ties]
    return Projection(kind, other, sorted(ties), one_mode_measures(P, exact_limit=exact_limit, weight="weight"), pairs)


def two_mode_measures(H: nx.Graph, kinds: tuple[str, str], *, exact_limit: int = EXACT_LIMIT,
                      raw_betweenness: Mapping[Hashable, float] | None = None) -> TwoModeMeasures:
    """Borgatti & Everett's (1997) two-mode measures of ``H``, whose nodes are of the two ``kinds``.

    - **density** = ties / (n₁ · n₂) (Borgatti & Everett 1997, "Network analysis of 2-mode
      data", *Social Networks* 19:243–269, p. 246);
    - **centralities**: degree, closeness and betweenness of every node, each normalized by the
      largest value a node of its mode can reach given both modes' sizes
      (:func:`graph.analysis.network.bipartite_centralities`; closeness bounded in [0, 1] on a
      disconnected graph, :func:`graph.analysis.network.two_mode_closeness`). Beyond
      :func:`is_exact` only degree (``exact`` is ``False``);
    - **projections** onto each mode (:func:`projection`) with their one-mode measures.

    ``raw_betweenness`` may pass in the raw betweenness of ``H`` already computed (by
    :func:`one_mode_measures`), so that it is not computed twice.

    >>> H = nx.Graph([("w1", "e1"), ("w2", "e1")])
    >>> nx.set_node_attributes(H, {"w1": "w", "w2": "w", "e1": "e"}, "type")
    >>> nx.set_node_attributes(H, "Node", "label")
    >>> t = two_mode_measures(H, ("w", "e"))
    >>> t.density, t.centralities["e1"], t.projections[0].ties
    (1.0, {'degree': 1.0, 'closeness': 1.0, 'betweenness': 1.0}, [('w1', 'w2', 1)])
    """
    first = [v for v, d in H.nodes(data=True) if kind_of(d) == kinds[0]]
    second = [v for v, d in H.nodes(data=True) if kind_of(d) == kinds[1]]
    exact = is_exact(H, exact_limit)
    centralities: dict[str, dict[str, float | None]] = {}
    if exact and len(H):
        for v, values in bipartite_centralities(H, first, raw_betweenness).items():
            centralities[str(v)] = {k: _sig(x) for k, x in values.items()}
    else:
        for v in H:
            other = len(second) if v in set(first) else len(first)
            centralities[str(v)] = {"degree": _sig(H.degree(v) / other) if other else 0.0,
                                    "closeness": None, "betweenness": None}
    ties = H.number_of_edges()
    density = _sig(ties / (len(first) * len(second))) if first and second else None
    projections = (_project(H, first, kinds[0], kinds[1], exact_limit),
                   _project(H, second, kinds[1], kinds[0], exact_limit))
    return TwoModeMeasures(kinds, (len(first), len(second)), ties, density, exact, centralities, projections)


def generic_network(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    exact_limit: int = EXACT_LIMIT,
    ties: Ties | None = None,
) -> GenericNetwork:
    """The generic network of ``G`` on ``as_of`` and its measures (see the module).

    ``ties`` is the report's :func:`graph.analysis.readings.ties_at` of ``G`` on ``as_of`` (built
    here when not given). ``rules`` are not used yet: the generic measures have no settings.
    They are taken so that this analysis is called like every other.
    """
    ties = ties_for(G, as_of, ties)
    present = has_generic_data(G, as_of, ties)
    H, starts = generic_graph(G, as_of=as_of, ties=ties) if present else (nx.Graph(), Counter())
    kinds = modes(H, starts)
    whole = one_mode_measures(H, exact_limit=exact_limit)
    two = (two_mode_measures(H, kinds, exact_limit=exact_limit, raw_betweenness=whole.raw_betweenness)
           if kinds is not None else None)
    return GenericNetwork(present, {str(v): kind_of(d) for v, d in H.nodes(data=True)}, whole, two)
