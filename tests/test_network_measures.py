"""The generic network measures (graph/analysis/network.py): hand-computed values on tiny graphs,
and agreement with independent references (networkx where it has the measure, brute-force
re-implementations written differently here, the Davis Southern Women data)."""

from __future__ import annotations

import itertools
import math
import random
import statistics
from collections import deque
from fractions import Fraction

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networkx.algorithms import bipartite

from graph.analysis.network import (
    BROKERAGE_ROLES,
    _two_mode_betweenness_max,
    assortativity,
    betweenness,
    bipartite_centralities,
    brokerage_by_group,
    brokerage_roles,
    burt_structural_holes,
    components_summary,
    ei_index,
    freeman_centralization,
    mixing_matrix,
    undirected_simple,
)

from .davis_reference import DAVIS_BORGATTI_EVERETT

# --- independent helpers (written differently from the module on purpose) --------------------


def bfs_counts(G: nx.Graph, s) -> tuple[dict, dict]:
    """Distances and numbers of shortest paths from ``s`` (hand-written BFS)."""
    dist, sigma = {s: 0}, {s: 1}
    queue = deque([s])
    while queue:
        v = queue.popleft()
        for w in G[v]:
            if w not in dist:
                dist[w], sigma[w] = dist[v] + 1, 0
                queue.append(w)
            if dist[w] == dist[v] + 1:
                sigma[w] += sigma[v]
    return dist, sigma


def brute_dependencies(G: nx.Graph) -> dict:
    """δ_s(v) = Σ_t σ_st(v)/σ_st for every source s and node v, from the path-count identity
    σ_st(v) = σ_sv·σ_vt when d(s,v) + d(v,t) = d(s,t) (no Brandes accumulation)."""
    info = {s: bfs_counts(G, s) for s in G}
    deps = {}
    for s in G:
        ds, ss = info[s]
        for v in G:
            if v == s or v not in ds:
                continue
            dv, sv = info[v]
            deps[s, v] = sum(
                Fraction(ss[v] * sv[t], ss[t])
                for t in ds
                if t not in (s, v) and t in dv and ds[v] + dv[t] == ds[t]
            )
    return deps


def brute_raw_betweenness(G: nx.Graph) -> dict:
    """Raw undirected betweenness (unordered pairs) from :func:`brute_dependencies`."""
    deps = brute_dependencies(G)
    return {v: sum(deps.get((s, v), 0) for s in G) / 2 for v in G}


def is_plain(value) -> bool:
    """Only Python built-ins all the way down (no numpy scalars, no Fractions)."""
    if value is None or type(value) in (int, float, str, bool):
        return True
    if type(value) is list:
        return all(is_plain(v) for v in value)
    if type(value) is dict:
        return all(is_plain(k) and is_plain(v) for k, v in value.items())
    return False


def typed(G: nx.Graph, groups: dict, attribute: str = "kind") -> nx.Graph:
    nx.set_node_attributes(G, groups, attribute)
    return G


# --- undirected_simple, components ------------------------------------------------------------


def test_undirected_simple_collapses_parallel_and_reciprocal_ties_and_keeps_nodes():
    M = nx.MultiDiGraph()
    M.add_node("P1", label="PartyOrg", name="第一党支部")
    M.add_node("X", label="Unit")  # isolated: kept
    M.add_edge("P1", "U1", key="CO_BUILDS")
    M.add_edge("P1", "U1", key="CO_BUILDS#2")
    M.add_edge("U1", "P1", key="SITS_ON")
    M.add_edge("U1", "U1", key="SELF")
    H = undirected_simple(M)
    assert type(H) is nx.Graph
    assert sorted(H.nodes()) == ["P1", "U1", "X"]
    assert [tuple(sorted(e)) for e in H.edges()] == [("P1", "U1")]
    assert H.nodes["P1"] == {"label": "PartyOrg", "name": "第一党支部"}
    H.nodes["P1"]["label"] = "changed"
    assert M.nodes["P1"]["label"] == "PartyOrg"  # a copy, not a view


def test_components_summary_hand_computed():
    # 1-2-3 and 4-5 and the isolate 6: 3 ties of 15 possible pairs.
    G = nx.MultiDiGraph([(1, 2), (2, 1), (2, 3), (4, 5), (4, 5)])
    G.add_node(6)
    assert components_summary(G) == {
        "nodes": 6,
        "ties": 3,
        "density": 0.2,
        "components": 3,
        "component_sizes": [3, 2, 1],
        "isolates": [6],
        "largest_component_share": 0.5,
    }
    assert components_summary(nx.Graph()) == {
        "nodes": 0, "ties": 0, "density": None, "components": 0, "component_sizes": [], "isolates": [],
        "largest_component_share": None,
    }
    assert components_summary(nx.complete_graph(4))["density"] == 1.0


# --- Freeman centralization -------------------------------------------------------------------


@pytest.mark.parametrize("measure", ["degree", "betweenness", "closeness"])
def test_freeman_bounds_star_one_cycle_and_complete_zero(measure):
    # Freeman (1979): the star is the most centralized graph (1), and a graph whose nodes are
    # all equally central (cycle, complete graph) is not centralized at all (0).
    for n in (3, 4, 7, 12):
        assert freeman_centralization(nx.star_graph(n - 1), measure) == 1.0
        assert freeman_centralization(nx.cycle_graph(n), measure) == 0.0
        assert freeman_centralization(nx.complete_graph(n), measure) == 0.0


def test_freeman_path_of_five_by_hand():
    # P5 0-1-2-3-4. Degrees 1,2,2,2,1: Σ(2 − d) = 2, over (n−1)(n−2) = 12 → 1/6.
    # Betweenness (pairs): 0, 3, 4, 3, 0: Σ(4 − b) = 10, over (n−1)²(n−2)/2 = 24 → 5/12.
    # Distance sums 10, 7, 6, 7, 10 → closeness 4/10, 4/7, 2/3, 4/7, 4/10:
    # Σ(2/3 − c) = 2·(4/15) + 2·(2/21) = 76/105, over (n−2)(n−1)/(2n−3) = 12/7 → 19/45.
    P = nx.path_graph(5)
    assert freeman_centralization(P, "degree") == 1 / 6
    assert freeman_centralization(P, "betweenness") == 5 / 12
    assert freeman_centralization(P, "closeness") == float(Fraction(19, 45))


def test_freeman_reads_the_undirected_simple_view_and_undefined_cases():
    D = nx.MultiDiGraph([(0, 1), (0, 1), (1, 0), (0, 2), (3, 0), (3, 3)])  # a star around 0
    for measure in ("degree", "betweenness", "closeness"):
        assert freeman_centralization(D, measure) == 1.0
        assert freeman_centralization(nx.path_graph(2), measure) is None  # n < 3: maximum is 0
    disconnected = nx.Graph([(0, 1), (1, 2), (3, 4)])
    assert freeman_centralization(disconnected, "closeness") is None
    assert freeman_centralization(disconnected, "degree") == 4 / 12  # degrees 1,2,1,1,1: Σ(2 − d) = 4
    with pytest.raises(ValueError, match="measure"):
        freeman_centralization(nx.path_graph(3), "eigenvector")  # type: ignore[arg-type]


def direct_freeman(G: nx.Graph, measure: str) -> float:
    """The formula with networkx's normalized centralities and Freeman's normalized denominators."""
    n = len(G)
    c = {
        "degree": nx.degree_centrality,
        "betweenness": nx.betweenness_centrality,
        "closeness": nx.closeness_centrality,
    }[measure](G)
    denominator = {"degree": n - 2, "betweenness": n - 1, "closeness": (n - 2) * (n - 1) / (2 * n - 3)}[measure]
    top = max(c.values())
    return sum(top - x for x in c.values()) / denominator


@pytest.mark.parametrize("seed", range(8))
def test_freeman_equals_the_formula_on_random_connected_graphs(seed):
    rng = random.Random(seed)
    G = nx.connected_watts_strogatz_graph(rng.randint(5, 30), 4, 0.3, seed=seed)
    for measure in ("degree", "betweenness", "closeness"):
        assert freeman_centralization(G, measure) == pytest.approx(direct_freeman(G, measure), abs=1e-12)


def test_freeman_star_is_the_maximum_over_every_graph_of_five_nodes():
    # The denominators claim the star reaches the largest possible sum: check all 1024 graphs.
    pairs = list(itertools.combinations(range(5), 2))
    best = dict.fromkeys(("degree", "betweenness", "closeness"), 0.0)
    for mask in range(1 << len(pairs)):
        G = nx.Graph()
        G.add_nodes_from(range(5))
        G.add_edges_from(p for i, p in enumerate(pairs) if mask >> i & 1)
        for measure in best:
            value = freeman_centralization(G, measure)
            if value is not None:
                best[measure] = max(best[measure], value)
    assert best == {"degree": 1.0, "betweenness": 1.0, "closeness": 1.0}


# --- E-I index, mixing, assortativity ---------------------------------------------------------

# Five nodes in two groups: A = {a1, a2, a3}, B = {b1, b2}.
# Ties: a1–a2, a2–a3 (inside A), b1–b2 (inside B), a1–b1, a3–b2 (across).
TWO_GROUPS = [("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a1", "b1"), ("a3", "b2")]
KINDS = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}


def test_ei_index_five_node_two_group_graph_by_hand():
    # E = 2, I = 3 → (2 − 3)/5 = −0.2. Group A: E 2, I 2 → 0; group B: E 2, I 1 → 1/3.
    # Pairs: between 3·2 = 6, within 3 + 1 = 4 (of 10) → expected (6 − 4)/10 = 0.2.
    # Feasible with 5 ties: at most 5 across → +1; at most 4 inside → (1 − 4)/5 = −0.6.
    G = typed(nx.Graph(TWO_GROUPS), KINDS)
    assert ei_index(G, "kind") == {
        "ei": -0.2,
        "external": 2,
        "internal": 3,
        "expected_ei": 0.2,
        "range": [-0.6, 1.0],
        "groups": {
            "A": {"size": 3, "external": 2, "internal": 2, "ei": 0.0},
            "B": {"size": 2, "external": 2, "internal": 1, "ei": 1 / 3},
        },
    }


def test_ei_index_leaves_out_untyped_nodes_and_handles_no_ties():
    G = typed(nx.Graph([*TWO_GROUPS, ("a1", "x")]), KINDS)  # x has no kind
    assert ei_index(G, "kind")["external"] == 2
    empty = typed(nx.Graph(), {})
    empty.add_nodes_from(["a", "b"], kind="A")
    r = ei_index(empty, "kind")
    assert (r["ei"], r["range"], r["expected_ei"]) == (None, None, -1.0)  # both pairs inside A


def brute_ei(G: nx.Graph, attribute: str) -> tuple[float | None, float | None, dict]:
    """E-I by walking every pair of typed nodes (a second computation)."""
    kind = {n: k for n, k in G.nodes(data=attribute) if k is not None}
    ext = inside = ext_pairs = in_pairs = 0
    per: dict = {}
    for u, v in itertools.combinations(kind, 2):
        same = kind[u] == kind[v]
        ext_pairs += not same
        in_pairs += same
        if G.has_edge(u, v) and u != v:
            ext += not same
            inside += same
            for node in (u, v):
                e, i = per.get(kind[node], (0, 0))
                per[kind[node]] = (e + (not same), i + same * (node == u))
    ei = None if ext + inside == 0 else (ext - inside) / (ext + inside)
    expected = None if ext_pairs + in_pairs == 0 else (ext_pairs - in_pairs) / (ext_pairs + in_pairs)
    return ei, expected, {g: (None if e + i == 0 else (e - i) / (e + i)) for g, (e, i) in per.items()}


def test_ei_expected_value_closed_form():
    # (2·Σ_{g<h} n_g n_h − Σ_g n_g(n_g − 1)) / (n(n − 1)) for sizes 4, 3, 2 (n = 9):
    # between = 12 + 8 + 6 = 26, within = 12 + 6 + 2 = 20 → (52 − 20)/72 = 4/9.
    G = nx.Graph()
    for g, size in (("A", 4), ("B", 3), ("C", 2)):
        G.add_nodes_from((f"{g}{i}" for i in range(size)), kind=g)
    assert ei_index(G, "kind")["expected_ei"] == pytest.approx(4 / 9, abs=1e-15)


@pytest.mark.parametrize("seed", range(10))
def test_ei_mixing_and_assortativity_agree_with_second_computations(seed):
    rng = random.Random(seed)
    G = nx.gnp_random_graph(rng.randint(4, 25), 0.25, seed=seed)
    kinds = {n: rng.choice("ABC") for n in G}
    typed(G, kinds)
    ei, expected, per_group = brute_ei(G, "kind")
    r = ei_index(G, "kind")
    assert r["ei"] == pytest.approx(ei) if ei is not None else r["ei"] is None
    assert r["expected_ei"] == pytest.approx(expected)
    for g, value in per_group.items():
        assert r["groups"][g]["ei"] == pytest.approx(value)
    assert sum(c["size"] for c in r["groups"].values()) == len(G)

    # networkx's attribute_mixing_dict counts each undirected tie in both directions, so a
    # within-type tie appears twice on its diagonal; ours counts it once.
    M = mixing_matrix(G, "kind")
    ref = nx.attribute_mixing_dict(G, "kind")
    for a in M:
        for b in M:
            assert M[a][b] == ref.get(a, {}).get(b, 0) // (2 if a == b else 1)
            assert M[a][b] == M[b][a]
    types = sorted(M)
    assert sum(M[a][b] for i, a in enumerate(types) for b in types[i:]) == G.number_of_edges()

    mine = assortativity(G, "kind")
    if mine is not None:
        assert mine == pytest.approx(nx.attribute_assortativity_coefficient(G, "kind"), abs=1e-12)


def test_mixing_and_assortativity_by_hand():
    G = typed(nx.Graph(TWO_GROUPS), KINDS)
    assert mixing_matrix(G, "kind") == {"A": {"A": 2, "B": 2}, "B": {"A": 2, "B": 1}}
    # Tie ends (2L = 10): e_AA = 4/10, e_BB = 2/10, e_AB = e_BA = 2/10; a_A = .6, a_B = .4;
    # r = (.6 − (.36 + .16)) / (1 − .52) = .08/.48 = 1/6.
    assert assortativity(G, "kind") == pytest.approx(1 / 6, abs=1e-15)
    assert assortativity(nx.MultiDiGraph(typed(nx.Graph(TWO_GROUPS), KINDS)), "kind") == pytest.approx(1 / 6)
    one_type = typed(nx.path_graph(3), dict.fromkeys(range(3), "A"))
    assert assortativity(one_type, "kind") is None
    assert assortativity(typed(nx.empty_graph(3), dict.fromkeys(range(3), "A")), "kind") is None
    perfect = typed(nx.Graph([(1, 2), (3, 4)]), {1: "A", 2: "A", 3: "B", 4: "B"})
    assert assortativity(perfect, "kind") == 1.0
    disassortative = typed(nx.Graph([(1, 2), (3, 4)]), {1: "A", 2: "B", 3: "A", 4: "B"})
    assert assortativity(disassortative, "kind") == -1.0


# --- brokerage --------------------------------------------------------------------------------

# Groups: A = {a1, a2, a3}, B = {b1, b2}, C = {c1}.
BROKER_ARCS = [("a1", "a2"), ("a2", "a3"), ("a3", "a2"), ("a2", "b1"), ("b1", "a3"),
               ("b2", "b1"), ("c1", "b2"), ("a1", "c1"), ("b1", "c1")]
BROKER_KINDS = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}
# Every two-path a → b → c, by middle node (pred × succ), with a → c absent and a ≠ c:
#   a1: no predecessors.
#   a2 (pred a1, a3; succ a3, b1):
#     a1→a2→a3  A A A  coordinator        a1→a2→b1  A A B  representative
#     a3→a2→a3  a = c, not counted        a3→a2→b1  A A B  representative (a3→b1 absent)
#   a3 (pred a2, b1; succ a2):
#     a2→a3→a2  a = c, not counted        b1→a3→a2  B A A  gatekeeper (b1→a2 absent)
#   b1 (pred a2, b2; succ a3, c1):
#     a2→b1→a3  a2→a3 present, not counted
#     a2→b1→c1  A B C  liaison            b2→b1→a3  B B A  representative
#     b2→b1→c1  B B C  representative
#   b2 (pred c1; succ b1):  c1→b2→b1  C B B  gatekeeper (c1→b1 absent)
#   c1 (pred a1, b1; succ b2):
#     a1→c1→b2  A C B  liaison            b1→c1→b2  B C B  itinerant (b1→b2 absent)
BROKER_EXPECTED = {
    "a1": {},
    "a2": {"coordinator": 1, "representative": 2},
    "a3": {"gatekeeper": 1},
    "b1": {"liaison": 1, "representative": 2},
    "b2": {"gatekeeper": 1},
    "c1": {"liaison": 1, "itinerant": 1},
}


def full(counts: dict) -> dict:
    return {role: counts.get(role, 0) for role in BROKERAGE_ROLES}


def test_brokerage_roles_hand_enumerated():
    G = typed(nx.DiGraph(BROKER_ARCS), BROKER_KINDS)
    assert brokerage_roles(G, "kind") == {n: full(c) for n, c in BROKER_EXPECTED.items()}
    assert brokerage_by_group(G, "kind") == {
        "A": {**full({"coordinator": 1, "representative": 2, "gatekeeper": 1}), "total": 4},
        "B": {**full({"liaison": 1, "representative": 2, "gatekeeper": 1}), "total": 4},
        "C": {**full({"liaison": 1, "itinerant": 1}), "total": 2},
    }
    # Parallel arcs and self-ties change nothing; a multigraph reads the same.
    M = nx.MultiDiGraph([*BROKER_ARCS, ("a1", "a2"), ("b1", "b1")])
    assert brokerage_roles(typed(M, BROKER_KINDS), "kind") == brokerage_roles(G, "kind")


def test_brokerage_undirected_ties_count_each_open_triad_twice():
    # x – m – y read as x→m→y and y→m→x; m brokers between two groups: gatekeeper once,
    # representative once.
    G = typed(nx.Graph([("x", "m"), ("m", "y")]), {"x": "A", "m": "A", "y": "B"})
    assert brokerage_roles(G, "kind")["m"] == full({"representative": 1, "gatekeeper": 1})
    untyped_middle = typed(nx.DiGraph([("x", "m"), ("m", "y")]), {"x": "A", "y": "B"})
    assert brokerage_roles(untyped_middle, "kind") == {"x": full({}), "y": full({})}


def brute_brokerage(G: nx.DiGraph, attribute: str) -> dict:
    """Every ordered triple of distinct typed nodes; the role from a table of equalities."""
    kind = {n: k for n, k in G.nodes(data=attribute) if k is not None}
    table = {  # (g_a == g_b, g_b == g_c, g_a == g_c) → role
        (True, True, True): "coordinator",
        (False, False, True): "itinerant",
        (True, False, False): "representative",
        (False, True, False): "gatekeeper",
        (False, False, False): "liaison",
    }
    counts = {n: full({}) for n in kind}
    for a, b, c in itertools.permutations(kind, 3):
        if G.has_edge(a, b) and G.has_edge(b, c) and not G.has_edge(a, c):
            counts[b][table[kind[a] == kind[b], kind[b] == kind[c], kind[a] == kind[c]]] += 1
    return counts


@settings(max_examples=60, deadline=None)
@given(
    arcs=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=30),
    kinds=st.lists(st.sampled_from("ABC"), min_size=9, max_size=9),
)
def test_brokerage_equals_brute_force_on_random_digraphs(arcs, kinds):
    G = nx.DiGraph()
    G.add_nodes_from(range(9))
    G.add_edges_from((u, v) for u, v in arcs if u != v)
    typed(G, dict(enumerate(kinds)))
    roles = brokerage_roles(G, "kind")
    assert roles == brute_brokerage(G, "kind")
    totals = brokerage_by_group(G, "kind", roles=roles)
    assert sum(t["total"] for t in totals.values()) == sum(sum(c.values()) for c in roles.values())


# --- Burt -------------------------------------------------------------------------------------


def test_burt_by_hand():
    # Star K1,3: the centre has 3 unconnected contacts → effective size 3, efficiency 1,
    # constraint 3·(1/3)² = 1/3; a leaf has one contact → 1, 1, constraint 1.
    star = burt_structural_holes(nx.star_graph(3))
    assert star[0] == {"effective_size": 3.0, "efficiency": 1.0, "constraint": pytest.approx(1 / 3)}
    assert star[1] == {"effective_size": 1.0, "efficiency": 1.0, "constraint": 1.0}
    # Triangle: 2 contacts tied to each other → 2 − 2·1/2 = 1, efficiency 1/2;
    # constraint 2·(1/2 + 1/2·1/2)² = 2·9/16 = 9/8.
    tri = burt_structural_holes(nx.complete_graph(3))
    assert tri[0] == {"effective_size": 1.0, "efficiency": 0.5, "constraint": 1.125}
    isolated = nx.Graph()
    isolated.add_node("x")
    assert burt_structural_holes(isolated) == {"x": {"effective_size": None, "efficiency": None, "constraint": None}}


@pytest.mark.parametrize("seed", range(8))
def test_burt_equals_networkx_on_random_graphs(seed):
    rng = random.Random(seed)
    G = nx.gnp_random_graph(rng.randint(3, 30), rng.uniform(0.05, 0.5), seed=seed)
    mine = burt_structural_holes(nx.MultiDiGraph(G.to_directed()))  # read back to the same view
    eff, con = nx.effective_size(G), nx.constraint(G)
    for v in G:
        if G.degree(v) == 0:
            assert math.isnan(eff[v]) and mine[v]["effective_size"] is None
            continue
        assert mine[v]["effective_size"] == pytest.approx(eff[v], abs=1e-12)
        assert mine[v]["efficiency"] == pytest.approx(eff[v] / G.degree(v), abs=1e-12)
        assert mine[v]["constraint"] == pytest.approx(con[v], abs=1e-12)


# --- two-mode centrality, Davis Southern Women -----------------------------------------------


def test_two_mode_betweenness_maximum_is_the_largest_reachable():
    # Borgatti & Everett's maximum for a node of the mode of size n (other mode m) equals
    # the largest raw betweenness of such a node over every bipartite graph of those sizes.
    for n, m in [(1, 2), (2, 1), (1, 3), (2, 2), (3, 1), (2, 3), (3, 2), (4, 2), (2, 4), (3, 3)]:
        pairs = [(f"t{i}", f"b{j}") for i in range(n) for j in range(m)]
        best = 0.0
        for mask in range(1 << len(pairs)):
            G = nx.Graph()
            G.add_nodes_from([f"t{i}" for i in range(n)] + [f"b{j}" for j in range(m)])
            G.add_edges_from(p for i, p in enumerate(pairs) if mask >> i & 1)
            raw = nx.betweenness_centrality(G, normalized=False)
            best = max(best, max(raw[f"t{i}"] for i in range(n)))
        assert _two_mode_betweenness_max(n, m) == best, (n, m)


@pytest.fixture(scope="module")
def davis():
    G = nx.davis_southern_women_graph()
    women = [n for n, d in G.nodes(data=True) if d["bipartite"] == 0]
    return G, women, bipartite_centralities(G, women)


def test_davis_sizes(davis):
    G, women, _ = davis
    assert (len(women), len(G) - len(women), G.number_of_edges()) == (18, 14, 89)


def test_davis_equals_hand_coded_borgatti_everett_formulas(davis):
    # Recomputed here from the definitions in Borgatti & Everett (1997) for every node, with a
    # hand-written BFS and the path-count identity for betweenness (not networkx's code).
    G, women, c = davis
    events = [n for n in G if n not in set(women)]
    raw = brute_raw_betweenness(G)
    for mode, other in ((women, events), (events, women)):
        n, m = len(mode), len(other)
        # Largest two-mode betweenness, B&E's closed form, spelled out separately.
        s, t = divmod(n - 1, m)
        bmax = Fraction(m * m * (s + 1) ** 2 + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3), 2)
        for v in mode:
            dist, _ = bfs_counts(G, v)
            assert c[v]["degree"] == pytest.approx(G.degree(v) / m, abs=1e-15)
            assert c[v]["closeness"] == pytest.approx((m + 2 * (n - 1)) / sum(dist.values()), abs=1e-15)
            assert c[v]["betweenness"] == pytest.approx(float(raw[v] / bmax), abs=1e-12)


def test_davis_equals_networkx_bipartite_module(davis):
    G, women, c = davis
    deg = bipartite.degree_centrality(G, women)
    clo = bipartite.closeness_centrality(G, women)
    bet = bipartite.betweenness_centrality(G, women)
    assert {v: (r["degree"], r["closeness"]) for v, r in c.items()} == {v: (deg[v], clo[v]) for v in G}
    for v in G:
        assert c[v]["betweenness"] == pytest.approx(bet[v], abs=1e-15)
    assert is_plain(c)


def test_davis_published_values(davis):
    # Values we are sure of by counting the Davis matrix (Borgatti & Everett 1997 normalize
    # degree by the size of the other mode): Evelyn, Theresa and Nora each attend 8 of the 14
    # events; event E8 has 14 of the 18 women. Closeness: Evelyn's distances are 8 events at 1,
    # 17 women at 2 (everyone shares an event with her) and 6 events at 3 → 60, and
    # (14 + 2·17)/60 = 0.80.
    _, _, c = davis
    for woman in ("Evelyn Jefferson", "Theresa Anderson", "Nora Fayette"):
        assert c[woman]["degree"] == pytest.approx(8 / 14, abs=1e-15)
        assert round(c[woman]["closeness"], 2) == 0.80
    assert c["E8"]["degree"] == pytest.approx(14 / 18, abs=1e-15)
    assert round(c["E8"]["degree"], 4) == 0.7778

    # The two-decimal table below is networkx's own transcription in its test suite
    # (networkx/algorithms/bipartite/tests/test_centrality.py, test_davis_*), listed in the
    # order of Borgatti & Everett's (1997) table. We could not read the paper itself here, so
    # it is a secondary source: degree, closeness, betweenness per node.
    table = DAVIS_BORGATTI_EVERETT
    assert set(table) == set(c)
    for node, published in table.items():
        ours = tuple(round(c[node][key], 2) for key in ("degree", "closeness", "betweenness"))
        assert ours == published, node


def test_bipartite_checks_its_input_and_small_modes():
    G = nx.Graph([("m1", "a1"), ("m1", "a2"), ("m2", "a2")])
    with pytest.raises(ValueError, match="same mode"):
        bipartite_centralities(G, ["m1", "a1"])
    with pytest.raises(ValueError, match="not in the graph"):
        bipartite_centralities(G, ["m1", "zz"])
    # One member, two activities: a mode of one node has maximum betweenness 0 → score 0.
    star = bipartite_centralities(nx.Graph([("m", "a1"), ("m", "a2")]), ["m"])
    assert star == {
        "a1": {"degree": 1.0, "closeness": 1.0, "betweenness": 0.0},
        "a2": {"degree": 1.0, "closeness": 1.0, "betweenness": 0.0},
        "m": {"degree": 1.0, "closeness": 1.0, "betweenness": 1.0},
    }
    lonely = nx.Graph()
    lonely.add_nodes_from(["m1", "m2"])
    assert bipartite_centralities(lonely, ["m1", "m2"])["m1"] == {"degree": 0.0, "closeness": 0.0, "betweenness": 0.0}


# --- betweenness, exact and sampled -----------------------------------------------------------


def test_betweenness_exact_by_hand():
    # P4 0-1-2-3: node 1 lies on (0,2), (0,3) → 2 of (n−1)(n−2)/2 = 3 pairs.
    r = betweenness(nx.MultiDiGraph([(0, 1), (1, 2), (2, 1), (2, 3)]))
    assert r == {"values": {0: 0.0, 1: 2 / 3, 2: 2 / 3, 3: 0.0}, "sampled": False, "k": None, "error": None}
    assert betweenness(nx.path_graph(5), exact_limit=2, k=5)["sampled"] is False  # k ≥ n: exact
    with pytest.raises(ValueError, match="pivots"):
        betweenness(nx.path_graph(5), exact_limit=2, k=1)


@pytest.fixture(scope="module")
def sampled_case():
    G = nx.barabasi_albert_graph(120, 2, seed=5)
    return G, betweenness(G, exact_limit=50, k=30, seed=11)


def test_sampled_betweenness_equals_networkx_with_the_same_pivots(sampled_case):
    G, r = sampled_case
    assert (r["sampled"], r["k"]) == (True, 30)
    ref = nx.betweenness_centrality(G, k=30, seed=11)
    assert set(r["values"]) == set(ref)
    for v in G:
        assert r["values"][v] == pytest.approx(ref[v], rel=1e-9, abs=1e-15)
    assert is_plain(r)


def test_sampled_betweenness_error_is_the_standard_error_of_the_pivot_mean(sampled_case):
    # Recompute the per-pivot contributions by brute force (path-count identity) and the
    # standard error with the statistics module: the reported error is their maximum.
    G, r = sampled_case
    n = len(G)
    pivots = random.Random(11).sample(sorted(G.nodes()), 30)  # drawn from the sorted nodes
    deps = brute_dependencies(G)
    largest = 0.0
    for v in G:
        xs = [float(deps.get((s, v), 0)) / (n - 2) for s in pivots if s != v]
        assert r["values"][v] == pytest.approx(statistics.fmean(xs), rel=1e-9, abs=1e-15)
        se = statistics.stdev(xs) / math.sqrt(len(xs)) * math.sqrt(1 - len(xs) / (n - 1))
        largest = max(largest, se)
    assert r["error"] == pytest.approx(largest, rel=1e-9)
    # And it is honest: the exact values are within 4 standard errors for nearly every node.
    exact = nx.betweenness_centrality(G)
    misses = sum(abs(r["values"][v] - exact[v]) > 4 * r["error"] for v in G)
    assert misses <= 2


def test_sampled_betweenness_error_shrinks_with_more_pivots():
    G = nx.barabasi_albert_graph(200, 2, seed=3)
    errors = [betweenness(G, exact_limit=10, k=k, seed=1)["error"] for k in (10, 40, 160)]
    assert errors[0] > errors[1] > errors[2] > 0
    again = betweenness(G, exact_limit=10, k=40, seed=1)
    assert again["error"] == errors[1]  # same seed, same pivots, same answer


def test_results_are_plain_python():
    G = typed(nx.DiGraph(BROKER_ARCS), BROKER_KINDS)
    for result in (
        ei_index(G, "kind"),
        mixing_matrix(G, "kind"),
        brokerage_by_group(G, "kind"),
        components_summary(G),
        betweenness(G),
        {str(k): v for k, v in burt_structural_holes(G).items()},
        {str(k): v for k, v in brokerage_roles(G, "kind").items()},
    ):
        assert is_plain(result), result
    assert type(assortativity(G, "kind")) is float
    assert type(freeman_centralization(G, "closeness")) is float
