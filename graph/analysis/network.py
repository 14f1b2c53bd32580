"""Generic network measures that know the actors' types (DESIGN.md §4, integration 1–2).

Each function takes a networkx graph as ``G`` and returns plain Python values (``int``,
``float``, ``None``, ``dict``, ``list``), never numpy scalars. networkx is the engine; the
definitions, normalizations and conventions are stated in each docstring with their source.

Measures that are undirected by definition (centralization, E-I index, mixing,
assortativity, structural holes, two-mode centrality, components, betweenness) read the
graph through :func:`undirected_simple`: one tie per connected pair of distinct nodes,
whatever the direction or number of the relationships between them, self-ties dropped.
Brokerage is directed and reads a simple directed view instead.

``attribute`` names a node attribute holding the actor type (``"type"`` for units,
``"label"`` for the node label …). Nodes without it take no part in a type-aware measure;
group keys are ``str(value)``, so enum members appear by their code.

Examples
--------
>>> G = nx.star_graph(4)
>>> freeman_centralization(G, "degree"), freeman_centralization(nx.cycle_graph(5), "degree")
(1.0, 0.0)
>>> components_summary(G)["density"]
0.4
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Collection, Hashable, Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal

import networkx as nx
from networkx.algorithms import bipartite

__all__ = [
    "BROKERAGE_ROLES",
    "assortativity",
    "betweenness",
    "betweenness_centralization",
    "bipartite_centralities",
    "brokerage_by_group",
    "brokerage_roles",
    "burt_structural_holes",
    "closeness_centralization",
    "components_summary",
    "ei_index",
    "freeman_centralization",
    "mixing_matrix",
    "two_mode_closeness",
    "undirected_simple",
]

#: Gould & Fernandez (1989) brokerage roles, in the order they are reported.
BROKERAGE_ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _sorted(items: Iterable[Hashable]) -> list[Hashable]:
    """Node ids sorted naturally, or by their text where they are of mixed kinds."""
    items = list(items)
    try:
        return sorted(items)  # type: ignore[type-var]
    except TypeError:
        return sorted(items, key=lambda x: (type(x).__name__, str(x)))


def undirected_simple(G: nx.Graph) -> nx.Graph:
    """The simple undirected view of ``G``: one tie per pair of distinct nodes that share any tie.

    Parallel relationships (a ``MultiGraph``'s keys) and both directions of a directed pair
    collapse into one tie; self-ties are dropped; every node is kept, isolated or not, with a
    copy of its attributes. Edge attributes are not carried (the measures here are unweighted).

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_node("P1", label="PartyOrg")
    >>> M.add_edges_from([("P1", "U1", "CO_BUILDS"), ("U1", "P1", "SITS_ON"), ("U1", "U1", "X")])
    ['CO_BUILDS', 'SITS_ON', 'X']
    >>> H = undirected_simple(M)
    >>> sorted(H.edges()), H.nodes["P1"]
    ([('P1', 'U1')], {'label': 'PartyOrg'})
    """
    H = nx.Graph()
    H.add_nodes_from((n, dict(data)) for n, data in G.nodes(data=True))
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return H


def _directed_simple(G: nx.Graph) -> nx.DiGraph:
    """One arc per ordered pair of distinct nodes; an undirected tie becomes two arcs."""
    D = nx.DiGraph()
    D.add_nodes_from((n, dict(data)) for n, data in G.nodes(data=True))
    if G.is_directed():
        D.add_edges_from((u, v) for u, v in G.edges() if u != v)
    else:
        D.add_edges_from((a, b) for u, v in G.edges() if u != v for a, b in ((u, v), (v, u)))
    return D


def _groups(G: nx.Graph, attribute: str) -> dict[Hashable, str]:
    """Node → ``str`` of its ``attribute``, for the nodes that have one (not ``None``)."""
    return {n: str(value) for n, value in G.nodes(data=attribute) if value is not None}


# --- centralization ---------------------------------------------------------------------------


def freeman_centralization(
    G: nx.Graph, measure: Literal["degree", "betweenness", "closeness"] = "degree"
) -> float | None:
    """Freeman's graph centralization for degree, betweenness or closeness, on the undirected view.

    Freeman (1979), "Centrality in social networks: conceptual clarification", *Social
    Networks* 1:215–239, eqs. 4, 8 and 12::

        C = Σ_i (c* − c_i) / max Σ_i (c* − c_i)

    where ``c_i`` is node *i*'s centrality, ``c*`` the largest in the graph, and the maximum
    is over all graphs of *n* nodes; it is reached by the star. For the undirected simple
    view of ``G`` with *n* nodes (Freeman's denominators):

    - **degree**: raw degree, denominator ``(n − 1)(n − 2)``; with degree normalized by
      ``n − 1`` the denominator is ``n − 2``;
    - **betweenness**: normalized betweenness (raw pair count divided by ``(n − 1)(n − 2)/2``),
      denominator ``n − 1``; with raw betweenness ``(n − 1)²(n − 2)/2``;
    - **closeness**: normalized closeness ``(n − 1) / Σ_j d(i, j)``, denominator
      ``(n − 2)(n − 1)/(2n − 3)``.

    The result lies in [0, 1]: 1 for a star, 0 when every node is equally central (cycle,
    complete graph). Closeness is computed with exact fractions, degree and betweenness from
    whole counts, so the star gives exactly 1.0.

    Returns ``None`` where the measure is undefined: fewer than 3 nodes (the maximum is 0),
    and, for closeness, a disconnected graph (distances are infinite; Freeman's closeness is
    defined on connected graphs only).

    Examples
    --------
    >>> freeman_centralization(nx.star_graph(5), "betweenness")
    1.0
    >>> round(freeman_centralization(nx.path_graph(5), "closeness"), 4)  # 19/45
    0.4222
    """
    H = undirected_simple(G)
    n = H.number_of_nodes()
    if measure not in ("degree", "betweenness", "closeness"):
        raise ValueError(f"measure must be degree, betweenness or closeness, not {measure!r}")
    if n < 3:
        return None
    if measure == "degree":
        degrees = [d for _, d in H.degree()]
        top = max(degrees)
        return sum(top - d for d in degrees) / ((n - 1) * (n - 2))
    if measure == "betweenness":
        raw = list(nx.betweenness_centrality(H, normalized=False).values())
        top = max(raw)
        return float(sum(top - b for b in raw) / ((n - 1) ** 2 * (n - 2) / 2))
    if not nx.is_connected(H):
        return None
    return closeness_centralization([sum(nx.single_source_shortest_path_length(H, v).values()) for v in H])


def closeness_centralization(distance_sums: Collection[int]) -> float | None:
    """Freeman's (1979) closeness centralization from each node's sum of distances to all others.

    The closeness case of :func:`freeman_centralization` for a connected graph of *n* =
    ``len(distance_sums)`` nodes, given the sums already found: closeness ``(n − 1)/Σ_j d(i, j)``,
    denominator ``(n − 2)(n − 1)/(2n − 3)``, in exact fractions. ``None`` below 3 nodes.

    >>> closeness_centralization([3, 5, 5, 5])  # the star of 4 nodes
    1.0
    """
    n = len(distance_sums)
    if n < 3:
        return None
    closeness = [Fraction(n - 1, d) for d in distance_sums]
    top = max(closeness)
    return float(sum(top - c for c in closeness) / Fraction((n - 2) * (n - 1), 2 * n - 3))


def betweenness_centralization(values: Mapping[Hashable, float]) -> float | None:
    """Freeman's (1979) betweenness centralization from normalized betweenness already computed.

    ``values`` are normalized betweenness scores (raw pair counts divided by
    ``(n − 1)(n − 2)/2``, as :func:`betweenness` gives them, exact or estimated) of all *n*
    nodes; the result is ``Σ_i (b* − b_i) / (n − 1)``, the betweenness case of
    :func:`freeman_centralization` without computing betweenness again. ``None`` below 3 nodes.

    >>> betweenness_centralization({0: 1.0, 1: 0.0, 2: 0.0})
    1.0
    """
    n = len(values)
    if n < 3:
        return None
    top = max(values.values())
    return float(sum(top - b for b in values.values()) / (n - 1))


# --- cross-group ties -------------------------------------------------------------------------


def _ei(external: int, internal: int) -> float | None:
    return None if external + internal == 0 else (external - internal) / (external + internal)


def ei_index(G: nx.Graph, attribute: str) -> dict[str, Any]:
    """Krackhardt & Stern's E-I index of ties across actor types, overall and per group.

    Krackhardt & Stern (1988), "Informal networks and organizational crises: an experimental
    simulation", *Social Psychology Quarterly* 51(2):123–140::

        EI = (E − I) / (E + I)

    with *E* the ties between nodes of different groups (external) and *I* the ties within a
    group (internal), counted once each on the undirected simple view. −1: every tie inside
    groups; +1: every tie across. A group's index counts the ties its members have:
    ``E_g`` ties from the group to other groups, ``I_g`` ties inside it.

    The index depends on group sizes: with groups of sizes ``n_g`` (``n = Σ n_g``) there are
    ``Σ_{g<h} n_g n_h`` between-group pairs and ``Σ_g n_g(n_g − 1)/2`` within-group pairs.
    If ties fell on pairs at random, ties would split in that proportion, so the **expected**
    index is the index of the complete graph::

        EI_expected = (2 Σ_{g<h} n_g n_h − Σ_g n_g(n_g − 1)) / (n(n − 1))

    An observed index above it leans outward, below it inward. We do not claim this is the
    exact form Krackhardt & Stern print; it is derived here as stated. The **feasible range**
    given the number of ties *L* is also reported: the index is at most
    ``(E⁺ − (L − E⁺))/L`` with ``E⁺ = min(L, between-group pairs)`` and at least
    ``((L − I⁺) − I⁺)/L`` with ``I⁺ = min(L, within-group pairs)``.

    Nodes without ``attribute`` and their ties are left out. Indices are ``None`` when their
    ties (or pairs) number 0.

    Returns
    -------
    dict
        ``{"ei", "external", "internal", "expected_ei", "range": [min, max] | None,
        "groups": {group: {"size", "external", "internal", "ei"}}}``, groups sorted.

    Examples
    --------
    >>> G = nx.Graph([("a1", "a2"), ("a1", "b1")])
    >>> nx.set_node_attributes(G, {"a1": "A", "a2": "A", "b1": "B"}, "kind")
    >>> r = ei_index(G, "kind")
    >>> r["ei"], r["groups"]["B"]["ei"], round(r["expected_ei"], 4)
    (0.0, 1.0, 0.3333)
    """
    H = undirected_simple(G)
    group_of = _groups(H, attribute)
    sizes: dict[str, int] = {}
    for g in group_of.values():
        sizes[g] = sizes.get(g, 0) + 1
    per = {g: {"size": sizes[g], "external": 0, "internal": 0} for g in sorted(sizes)}
    external = internal = 0
    for u, v in H.edges():
        if u not in group_of or v not in group_of:
            continue
        gu, gv = group_of[u], group_of[v]
        if gu == gv:
            internal += 1
            per[gu]["internal"] += 1
        else:
            external += 1
            per[gu]["external"] += 1
            per[gv]["external"] += 1
    n = sum(sizes.values())
    within_pairs = sum(s * (s - 1) // 2 for s in sizes.values())
    between_pairs = n * (n - 1) // 2 - within_pairs
    ties = external + internal
    if ties:
        e_max = min(ties, between_pairs)
        i_max = min(ties, within_pairs)
        feasible: list[float] | None = [((ties - i_max) - i_max) / ties, (e_max - (ties - e_max)) / ties]
    else:
        feasible = None
    return {
        "ei": _ei(external, internal),
        "external": external,
        "internal": internal,
        "expected_ei": _ei(between_pairs, within_pairs),
        "range": feasible,
        "groups": {g: {**c, "ei": _ei(c["external"], c["internal"])} for g, c in per.items()},
    }


def mixing_matrix(G: nx.Graph, attribute: str) -> dict[str, dict[str, int]]:
    """Counts of ties between actor types: ``M[a][b]`` ties join a node of type *a* and one of *b*.

    On the undirected simple view each tie is counted once: a tie between types *a* ≠ *b*
    adds 1 to both ``M[a][b]`` and ``M[b][a]`` (the matrix is symmetric), a tie inside type
    *a* adds 1 to ``M[a][a]``. So the total number of ties is the diagonal plus the upper
    triangle. Every type present among the nodes is a row and a column (zeros kept); nodes
    without ``attribute`` are left out.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3)])
    >>> nx.set_node_attributes(G, {1: "unit", 2: "org", 3: "org"}, "kind")
    >>> mixing_matrix(G, "kind")
    {'org': {'org': 1, 'unit': 1}, 'unit': {'org': 1, 'unit': 0}}
    """
    H = undirected_simple(G)
    group_of = _groups(H, attribute)
    types = sorted(set(group_of.values()))
    matrix = {a: dict.fromkeys(types, 0) for a in types}
    for u, v in H.edges():
        if u in group_of and v in group_of:
            a, b = group_of[u], group_of[v]
            matrix[a][b] += 1
            if a != b:
                matrix[b][a] += 1
    return matrix


def assortativity(G: nx.Graph, attribute: str) -> float | None:
    """Newman's assortativity coefficient *r* of actor types on the undirected simple view.

    Newman (2003), "Mixing patterns in networks", *Phys. Rev. E* 67:026126, eq. 2::

        r = (Σ_i e_ii − Σ_i a_i b_i) / (1 − Σ_i a_i b_i)

    where ``e_ij`` is the fraction of tie ends joining a node of type *i* to one of type *j*
    (each undirected tie counted in both directions, so ``e`` is symmetric and
    ``a_i = b_i = Σ_j e_ij``). *r* = 1: ties only within types; 0: mixing as by chance;
    negative: ties prefer other types. Computed from :func:`mixing_matrix`; the same value as
    ``nx.attribute_assortativity_coefficient`` on the undirected view when every node has the
    attribute. ``None`` when there is no tie or only one type is tied (0/0).

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (3, 4), (1, 3)])
    >>> nx.set_node_attributes(G, {1: "a", 2: "a", 3: "b", 4: "b"}, "kind")
    >>> round(assortativity(G, "kind"), 4)  # e_aa = e_bb = 2/6, e_ab = e_ba = 1/6
    0.3333
    """
    matrix = mixing_matrix(G, attribute)
    ends = {a: {b: count * (2 if a == b else 1) for b, count in row.items()} for a, row in matrix.items()}
    total = sum(sum(row.values()) for row in ends.values())
    if total == 0:
        return None
    trace = Fraction(sum(ends[a][a] for a in ends), total)
    chance = sum(Fraction(sum(row.values()), total) ** 2 for row in ends.values())
    if chance == 1:
        return None
    return float((trace - chance) / (1 - chance))


# --- brokerage --------------------------------------------------------------------------------


def brokerage_roles(G: nx.Graph, attribute: str) -> dict[Hashable, dict[str, int]]:
    """Gould & Fernandez brokerage role counts of every typed node.

    Gould & Fernandez (1989), "Structures of mediation: a formal approach to brokerage in
    transaction networks", *Sociological Methodology* 19:89–126. For every directed two-path
    ``a → b → c`` with ``a ≠ c`` **and no arc a → c** (the broker is needed only where the
    two ends are not tied directly; UCINET's default), the middle node *b* counts one role by
    the groups of *a*, *b*, *c*:

    ============== ============================= ==============
    role           groups                        also called
    ============== ============================= ==============
    coordinator    a = b = c                     local broker
    itinerant      a = c ≠ b                     consultant
    representative a = b ≠ c (b sends out)
    gatekeeper     a ≠ b = c (b lets in)
    liaison        a, b, c all different
    ============== ============================= ==============

    Conventions: the graph is read as a simple directed graph (parallel arcs count once,
    self-ties are dropped). A reciprocal two-path ``a → b → a`` is never counted (*a* = *c*);
    a two-path ``a → b → c`` counts even when ``c → a`` exists, since only ``a → c`` makes
    the broker redundant. An undirected graph is read with every tie mutual, so each open
    triad ``a – b – c`` counts twice for *b* (once in each direction; representative and
    gatekeeper swap). Two-paths through a node without ``attribute`` are not counted, and
    such nodes are not in the result. Raw counts, not normalized by the expected counts
    Gould & Fernandez also give.

    Returns
    -------
    dict
        node → ``{role: count}`` for the roles of :data:`BROKERAGE_ROLES`, nodes sorted.

    Examples
    --------
    >>> G = nx.DiGraph([("u1", "p1"), ("p1", "u2")])
    >>> nx.set_node_attributes(G, {"u1": "unit", "u2": "unit", "p1": "org"}, "kind")
    >>> brokerage_roles(G, "kind")["p1"]
    {'coordinator': 0, 'itinerant': 1, 'representative': 0, 'gatekeeper': 0, 'liaison': 0}
    """
    D = _directed_simple(G)
    group_of = _groups(D, attribute)
    roles: dict[Hashable, dict[str, int]] = {n: dict.fromkeys(BROKERAGE_ROLES, 0) for n in _sorted(group_of)}
    for b in group_of:
        gb = group_of[b]
        sources = [a for a in D.predecessors(b) if a in group_of]
        targets = [c for c in D.successors(b) if c in group_of]
        for a in sources:
            ga = group_of[a]
            succ_a = D.adj[a]
            for c in targets:
                if c == a or c in succ_a:
                    continue
                gc = group_of[c]
                if ga == gb == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "itinerant"
                elif ga == gb:
                    role = "representative"
                elif gb == gc:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                roles[b][role] += 1
    return roles


def brokerage_by_group(
    G: nx.Graph, attribute: str, roles: dict[Hashable, dict[str, int]] | None = None
) -> dict[str, dict[str, int]]:
    """Brokerage role counts summed over the members of each group (see :func:`brokerage_roles`).

    ``roles`` may pass in the result of :func:`brokerage_roles` on the same graph to save
    computing it again. Each group row also has ``"total"`` (all roles).

    Examples
    --------
    >>> G = nx.DiGraph([("u1", "p1"), ("p1", "u2")])
    >>> nx.set_node_attributes(G, {"u1": "unit", "u2": "unit", "p1": "org"}, "kind")
    >>> brokerage_by_group(G, "kind")["org"]["itinerant"], brokerage_by_group(G, "kind")["unit"]["total"]
    (1, 0)
    """
    group_of = _groups(G, attribute)
    if roles is None:
        roles = brokerage_roles(G, attribute)
    totals = {g: dict.fromkeys((*BROKERAGE_ROLES, "total"), 0) for g in sorted(set(group_of.values()))}
    for node, counts in roles.items():
        row = totals[group_of[node]]
        for role, count in counts.items():
            row[role] += count
            row["total"] += count
    return totals


# --- structural holes -------------------------------------------------------------------------


def burt_structural_holes(G: nx.Graph) -> dict[Hashable, dict[str, float | None]]:
    """Burt's effective size, efficiency and constraint of every node, on the undirected view.

    Burt (1992), *Structural Holes: The Social Structure of Competition*, Harvard UP, ch. 2.
    For node *i* with the *k* contacts ``N(i)`` and *t* ties among those contacts:

    - **effective size** ``Σ_j (1 − Σ_q p_iq m_jq)``, which for an unweighted undirected
      graph is ``k − 2t/k`` (Borgatti 1997, "Structural holes: unpacking Burt's redundancy
      measures", *Connections* 20(1):35–38);
    - **efficiency** = effective size / *k*;
    - **constraint** ``Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i), q≠j} p_iq p_qj)²`` with ``p_ij`` the
      share of *i*'s ties that go to *j* (``1/k_i`` here, ties being unweighted and mutual).

    Values match ``nx.effective_size`` and ``nx.constraint`` on the undirected simple view
    (checked in the tests). All three are ``None`` for an isolated node (undefined).

    Examples
    --------
    >>> r = burt_structural_holes(nx.star_graph(3))
    >>> r[0]["effective_size"], r[0]["efficiency"], round(r[0]["constraint"], 4), r[1]["constraint"]
    (3.0, 1.0, 0.3333, 1.0)
    """
    H = undirected_simple(G)
    adj = {n: set(H.adj[n]) for n in H}
    result: dict[Hashable, dict[str, float | None]] = {}
    for i in _sorted(H):
        contacts = adj[i]
        k = len(contacts)
        if k == 0:
            result[i] = {"effective_size": None, "efficiency": None, "constraint": None}
            continue
        ties_among = sum(len(adj[j] & contacts) for j in contacts) / 2
        effective = k - 2 * ties_among / k
        constraint = 0.0
        for j in contacts:
            indirect = sum(1 / len(adj[q]) for q in adj[j] & contacts) / k
            constraint += (1 / k + indirect) ** 2
        result[i] = {"effective_size": effective, "efficiency": effective / k, "constraint": constraint}
    return result


# --- two-mode centrality ----------------------------------------------------------------------


def _two_mode_betweenness_max(n: int, m: int) -> float:
    """Borgatti & Everett's (1997) largest betweenness of a node in the mode of size *n*
    when the other mode has *m* nodes."""
    s, t = divmod(n - 1, m)
    return (m**2 * (s + 1) ** 2 + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2


def two_mode_closeness(G: nx.Graph, top_nodes: Collection[Hashable]) -> dict[Hashable, float]:
    """Borgatti & Everett's (1997) two-mode closeness, corrected for disconnected graphs; in [0, 1].

    For a node *v* of the mode with *n* nodes (the other mode has *m*), on the undirected
    simple view with *N = n + m* nodes, let *v* reach ``m_v`` nodes of the other mode and
    ``n_v`` of its own (itself not counted), at distances summing to ``Σ d``::

        C(v) = (m_v + 2 n_v) / Σ d  ·  (m_v + n_v) / (N − 1)

    The first factor is Borgatti & Everett's normalization ("Network analysis of 2-mode
    data", *Social Networks* 19:243–269, 1997) taken within the part of the graph *v*
    reaches: every node of the other mode is at an odd distance ≥ 1 and every node of its
    own at an even distance ≥ 2, so ``Σ d ≥ m_v + 2 n_v`` and the factor is at most 1. The
    second is the share of the other nodes *v* reaches, as Wasserman & Faust (1994, *Social
    Network Analysis*, p. 201) correct one-mode closeness for disconnected graphs. The
    product is therefore in [0, 1]; on a connected graph ``m_v = m``, ``n_v = n − 1``, the
    share is 1 and the value is exactly Borgatti & Everett's ``(m + 2(n − 1)) / Σ d``
    (networkx's ``bipartite.closeness_centrality``). An isolated node scores 0. The
    combination of the two normalizations is ours; we know of no published two-mode
    closeness for disconnected graphs. (networkx multiplies the whole-graph maximum by the
    share reached, which exceeds 1 when *v* reaches little: 1.49 for a dyad beside a
    complete 20 × 20 graph.)

    Examples
    --------
    >>> G = nx.complete_bipartite_graph(2, 2)
    >>> G.add_edge("m", "a")
    >>> c = two_mode_closeness(G, [0, 1, "m"])
    >>> c[0], c["m"]  # 0: (2 + 2·1)/4 · 3/5; m: (1 + 0)/1 · 1/5
    (0.6, 0.2)
    """
    H = undirected_simple(G)
    top = set(top_nodes)
    total = H.number_of_nodes()
    result: dict[Hashable, float] = {}
    for v in H:
        mine = v in top
        dist = nx.single_source_shortest_path_length(H, v)
        other = sum(1 for u in dist if (u in top) != mine)
        same = len(dist) - 1 - other
        sum_d = sum(dist.values())
        if sum_d == 0 or total < 2:
            result[v] = 0.0
            continue
        result[v] = float(Fraction(other + 2 * same, sum_d) * Fraction(other + same, total - 1))
    return result


def bipartite_centralities(
    G: nx.Graph, top_nodes: Collection[Hashable], raw_betweenness: Mapping[Hashable, float] | None = None,
) -> dict[Hashable, dict[str, float]]:
    """Two-mode degree, closeness and betweenness centrality with Borgatti & Everett's normalizations.

    Borgatti & Everett (1997), "Network analysis of 2-mode data", *Social Networks*
    19:243–269. Each score is divided by the largest value a node of its mode can reach
    given the sizes of the two modes (not of the whole graph). For a node of the mode with
    *n* nodes when the other mode has *m* nodes:

    - **degree** ``deg(v) / m``;
    - **closeness** ``(m + 2(n − 1)) / Σ_u d(v, u)`` on a connected graph (the smallest
      possible distance sum is *m* neighbours at 1 and the other *n − 1* of its own mode at
      2). On a disconnected graph see :func:`two_mode_closeness`: within what *v* reaches,
      times the share of the other nodes it reaches; always in [0, 1], 0 for an isolate;
    - **betweenness** raw betweenness (unordered pairs) divided by
      ``½[m²(s+1)² + m(s+1)(2t−s−1) − t(2s−t+3)]`` with ``s, t = divmod(n − 1, m)``;
      where that maximum is 0 (a mode of one node) the score is 0.

    Computed on the undirected simple view with ``networkx.algorithms.bipartite``
    (``degree_centrality``), :func:`two_mode_closeness` (equal to networkx's
    ``bipartite.closeness_centrality`` on a connected graph, which on a disconnected one
    exceeds 1) and ``nx.betweenness_centrality`` divided by the maximum above (networkx's
    ``bipartite.betweenness_centrality`` does the same but divides by zero for a one-node
    mode). If either mode is empty every score is 0. ``raw_betweenness`` may pass in the raw
    (unnormalized, unordered pairs) betweenness of the undirected simple view, already computed.

    Raises ``ValueError`` if a top node is not in ``G`` or a tie joins two nodes of one mode.

    Examples
    --------
    >>> G = nx.Graph([("m1", "a1"), ("m1", "a2"), ("m2", "a2")])
    >>> c = bipartite_centralities(G, ["m1", "m2"])
    >>> c["m1"]["degree"], c["a2"]["degree"], c["m1"]["closeness"], c["m1"]["betweenness"]
    (1.0, 1.0, 1.0, 1.0)
    """
    H = undirected_simple(G)
    top = set(top_nodes)
    missing = top - set(H)
    if missing:
        raise ValueError(f"top nodes not in the graph: {_sorted(missing)[:5]}")
    bottom = set(H) - top
    for u, v in H.edges():
        if (u in top) == (v in top):
            raise ValueError(f"tie {u!r}–{v!r} joins two nodes of the same mode")
    order = _sorted(H)
    if not top or not bottom:
        return {v: {"degree": 0.0, "closeness": 0.0, "betweenness": 0.0} for v in order}
    degree = bipartite.degree_centrality(H, top)
    closeness = two_mode_closeness(H, top)
    raw = raw_betweenness if raw_betweenness is not None else nx.betweenness_centrality(H, normalized=False)
    top_max = _two_mode_betweenness_max(len(top), len(bottom))
    bottom_max = _two_mode_betweenness_max(len(bottom), len(top))
    result: dict[Hashable, dict[str, float]] = {}
    for v in order:
        most = top_max if v in top else bottom_max
        result[v] = {
            "degree": float(degree[v]),
            "closeness": float(closeness[v]),
            "betweenness": float(raw[v] / most) if most else 0.0,
        }
    return result


# --- components -------------------------------------------------------------------------------


def components_summary(G: nx.Graph) -> dict[str, Any]:
    """Size, density and connected components of the undirected simple view.

    - ``nodes``, ``ties``: counts (a tie = a connected pair, see :func:`undirected_simple`);
    - ``density`` = ties / (n(n − 1)/2), the share of possible ties present (Wasserman &
      Faust 1994, *Social Network Analysis*, §4.3.1); ``None`` below 2 nodes;
    - ``components``: number of connected components, isolated nodes included;
    - ``component_sizes``: their sizes, largest first;
    - ``isolates``: the nodes with no tie, sorted;
    - ``largest_component_share``: largest component size / n (``None`` for an empty graph).

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (4, 5)]); G.add_node(6)
    >>> components_summary(G)
    {'nodes': 6, 'ties': 3, 'density': 0.2, 'components': 3, 'component_sizes': [3, 2, 1], \
'isolates': [6], 'largest_component_share': 0.5}
    """
    H = undirected_simple(G)
    n = H.number_of_nodes()
    ties = H.number_of_edges()
    sizes = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
    return {
        "nodes": n,
        "ties": ties,
        "density": ties / (n * (n - 1) / 2) if n >= 2 else None,
        "components": len(sizes),
        "component_sizes": sizes,
        "isolates": _sorted(v for v, d in H.degree() if d == 0),
        "largest_component_share": sizes[0] / n if n else None,
    }


# --- betweenness, exact or sampled ------------------------------------------------------------


def _dependencies(adj: dict[Hashable, list[Hashable]], s: Hashable) -> dict[Hashable, float]:
    """Brandes's (2001) dependencies δ_s(v) = Σ_t σ_st(v)/σ_st of every node *v* reached from *s*
    (unweighted; ``δ_s(s)`` is set to 0)."""
    order: list[Hashable] = []
    preds: dict[Hashable, list[Hashable]] = {s: []}
    sigma: dict[Hashable, int] = {s: 1}
    dist: dict[Hashable, int] = {s: 0}
    queue = deque([s])
    while queue:
        v = queue.popleft()
        order.append(v)
        for w in adj[v]:
            if w not in dist:
                dist[w] = dist[v] + 1
                sigma[w] = 0
                preds[w] = []
                queue.append(w)
            if dist[w] == dist[v] + 1:
                sigma[w] += sigma[v]
                preds[w].append(v)
    delta = dict.fromkeys(order, 0.0)
    for w in reversed(order):
        coeff = (1 + delta[w]) / sigma[w]
        for v in preds[w]:
            delta[v] += sigma[v] * coeff
    delta[s] = 0.0
    return delta


def betweenness(
    G: nx.Graph, *, exact_limit: int = 5000, k: int | None = None, seed: int = 0
) -> dict[str, Any]:
    """Normalized betweenness of every node on the undirected view: exact, or estimated from pivots.

    Betweenness (Freeman 1977; Brandes 2001 algorithm) ``b(v) = Σ_{s<t, s,t≠v} σ_st(v)/σ_st``,
    normalized by ``(n − 1)(n − 2)/2``, the number of pairs that can pass through *v*.

    Up to ``exact_limit`` nodes it is exact (``nx.betweenness_centrality``). Above, it is
    estimated from ``k`` pivots (default ``min(n, 256)``) drawn uniformly without replacement
    (Brandes & Pich 2007, "Centrality estimation in large networks", *Int. J. Bifurcation
    and Chaos* 17(7):2303–2318): with ``x_s(v) = δ_s(v)/(n − 2)`` the normalized dependency
    of *v* on pivot *s*, the estimate of *v* is the mean of ``x_s(v)`` over the ``k_v``
    pivots other than *v*. The pivots are ``random.Random(seed).sample(nodes, k)``, the same
    draw as ``nx.betweenness_centrality(H, k=k, seed=seed)``, and the estimates equal its
    values (networkx 3.6 scales pivots and non-pivots this same way).

    ``error`` is the largest, over nodes, **standard error** of that mean, computed from the
    per-pivot contributions: ``sd(x(v)) / √k_v · √(1 − k_v/(n − 1))`` (sample standard
    deviation; finite-population correction because pivots are drawn without replacement
    from the ``n − 1`` possible sources). Under the normal approximation a node's estimate
    lies within 2 of its own standard errors of the exact value in about 95 % of draws, so
    ± 2·``error`` is a conservative band for every node. The standard error is itself
    estimated from the sample: a node that depends on few sources, none of them drawn, shows
    0 with no error. Exact results have ``error`` ``None``; so does ``k`` ≥ n (all nodes are
    pivots, computed exactly).

    Returns
    -------
    dict
        ``{"values": {node: float}, "sampled": bool, "k": int | None, "error": float | None}``.

    Examples
    --------
    >>> betweenness(nx.path_graph(3))
    {'values': {0: 0.0, 1: 1.0, 2: 0.0}, 'sampled': False, 'k': None, 'error': None}
    >>> r = betweenness(nx.path_graph(30), exact_limit=10, k=10)
    >>> r["sampled"], r["k"], r["error"] > 0
    (True, 10, True)
    """
    H = undirected_simple(G)
    n = H.number_of_nodes()
    if k is not None and k < 2:
        raise ValueError(f"k must be at least 2 pivots, not {k}")
    pivots_wanted = min(n, 256 if k is None else k)
    if n <= exact_limit or pivots_wanted >= n or n < 3:
        values = nx.betweenness_centrality(H, normalized=True)
        return {"values": {v: float(values[v]) for v in H}, "sampled": False, "k": None, "error": None}
    # Drawn from the sorted nodes: the same pivots whatever order the graph was built in.
    try:
        ordered = sorted(H.nodes())
    except TypeError:  # ids of mixed types
        ordered = sorted(H.nodes(), key=repr)
    pivots = random.Random(seed).sample(ordered, pivots_wanted)
    adj = {v: list(H.adj[v]) for v in H}
    total = dict.fromkeys(H, 0.0)
    squares = dict.fromkeys(H, 0.0)
    scale = 1 / (n - 2)
    for s in pivots:
        for v, d in _dependencies(adj, s).items():
            if d:
                x = d * scale
                total[v] += x
                squares[v] += x * x
    pivot_set = set(pivots)
    values: dict[Hashable, float] = {}
    largest_error = 0.0
    for v in H:
        k_v = pivots_wanted - (v in pivot_set)  # ≥ 1 since k ≥ 2
        mean = total[v] / k_v
        values[v] = mean
        if k_v > 1:
            variance = max(squares[v] - k_v * mean * mean, 0.0) / (k_v - 1)
            error = math.sqrt(variance / k_v * (1 - k_v / (n - 1)))
            largest_error = max(largest_error, error)
    return {"values": values, "sampled": True, "k": pivots_wanted, "error": largest_error}


def hops_from(
    T: nx.Graph, sources: Iterable[Hashable], targets: Iterable[Hashable] | None = None,
    component: Mapping[Hashable, int] | None = None,
) -> dict[Hashable, int]:
    """Hops from the nearest of ``sources`` to each node reached (breadth-first search).

    With ``targets`` the search stops once every target is reached; ``component`` (node →
    component number) lets it leave out targets in components no source is in, so that one
    unreachable target does not make it walk a whole large component.

    >>> hops_from(nx.path_graph(5), [0], targets=[2])
    {0: 0, 1: 1, 2: 2}
    """
    dist = {s: 0 for s in sources if s in T}
    missing: set[Hashable] | None = None
    if targets is not None:
        reachable = None if component is None else {component[s] for s in dist}
        missing = {t for t in targets if t in T and t not in dist
                   and (reachable is None or component.get(t) in reachable)}  # type: ignore[union-attr]
    queue = deque(dist)
    while queue and (missing is None or missing):
        n = queue.popleft()
        for m in T[n]:
            if m not in dist:
                dist[m] = dist[n] + 1
                queue.append(m)
                if missing is not None:
                    missing.discard(m)
    return dist
