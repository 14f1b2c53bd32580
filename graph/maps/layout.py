"""The layout of a map: deterministic, computed once per (data version, kind, scope, rules) and reused.

Algorithm: the Fruchterman–Reingold force-directed layout (Fruchterman & Reingold 1991, "Graph
drawing by force-directed placement", *Software: Practice and Experience* 21(11):1129–1164) as
rustworkx implements it (``rustworkx.spring_layout``, in Rust), chosen on measure: on this 2-core
machine a 2,000-node network took 1.8 s there against 12.3 s with networkx's ``spring_layout``
and 29 s with networkx's ForceAtlas2 (``benchmarks/bench_maps.py``). A weak tie from every node to
one hidden centre keeps the components and isolated actors of a sparse network together
instead of drifting to the edge.

Determinism: nodes and ties go in in sorted order and the seed is fixed, so the same map gives
the same positions on every run. Reuse: :func:`layout` takes the positions already stored for
the (version, kind, scope) and keeps them fixed, placing only nodes it has not seen (a later
date's new units) around them, so maps of one scope at several dates line up.

Examples
--------
>>> pos = layout(["a", "b", "c"], [("a", "b"), ("b", "c")])
>>> pos == layout(["c", "b", "a"], [("b", "c"), ("a", "b")])
True
>>> again = layout(["a", "b", "c", "d"], [("a", "b"), ("c", "d")], known=pos)
>>> all(again[n] == pos[n] for n in pos), "d" in again
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import rustworkx as rx

from graph.analysis.rules import Rules
from graph.maps.model import MapModel

Positions = dict[str, tuple[float, float]]

#: Iterations of the force-directed layout; the seed of its random start.
ITERATIONS = 60
SEED = 20261201
_CENTRE_WEIGHT = 0.05


def layout(nodes: Iterable[str], ties: Iterable[tuple[str, str]], *, known: Mapping[str, tuple[float, float]] | None = None,
           iterations: int = ITERATIONS, seed: int = SEED) -> Positions:
    """Positions of ``nodes`` (module docstring); those in ``known`` stay where they are."""
    ids = sorted(set(nodes))
    known = {n: (float(p[0]), float(p[1])) for n, p in (known or {}).items() if n in set(ids)}
    if not ids:
        return {}
    if all(n in known for n in ids):
        return {n: known[n] for n in ids}
    if len(ids) == 1 and not known:
        return {ids[0]: (0.0, 0.0)}
    index = {n: i for i, n in enumerate(ids)}
    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(ids)
    centre = g.add_node("")
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in ties
                    if a in index and b in index and a != b})
    g.add_edges_from([(a, b, 1.0) for a, b in pairs])
    g.add_edges_from([(i, centre, _CENTRE_WEIGHT) for i in range(len(ids))])
    fixed = {index[n] for n in known}
    start = {index[n]: list(p) for n, p in known.items()}
    if known:
        cx = sum(p[0] for p in known.values()) / len(known)
        cy = sum(p[1] for p in known.values()) / len(known)
        start[centre] = [cx, cy]
        # New nodes start near the centre of the known ones, spread deterministically.
        for n in ids:
            if n not in known:
                angle = (index[n] * 2.399963) % (2 * math.pi)  # the golden angle
                start[index[n]] = [cx + 0.05 * math.cos(angle), cy + 0.05 * math.sin(angle)]
    # k: the ideal distance, scaled to the unit square as Fruchterman and Reingold define it.
    k = 1 / math.sqrt(len(ids) + 1)
    raw = rx.spring_layout(g, pos=start or None, fixed=fixed or None, k=k, num_iter=iterations,
                           weight_fn=lambda w: w, seed=seed, scale=1.0)
    out = {n: (round(float(raw[index[n]][0]), 6), round(float(raw[index[n]][1]), 6)) for n in ids}
    out.update(known)
    return out


def normalized(model: MapModel, positions: Mapping[str, tuple[float, float]]) -> MapModel:
    """``model`` with its nodes at ``positions`` scaled into [-1, 1] (aspect ratio kept)."""
    xs = [positions[n.id] for n in model.nodes if n.id in positions]
    if not xs:
        return model
    x0, x1 = min(p[0] for p in xs), max(p[0] for p in xs)
    y0, y1 = min(p[1] for p in xs), max(p[1] for p in xs)
    span = max(x1 - x0, y1 - y0) or 1.0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return model.with_positions({n: (round(2 * (p[0] - cx) / span, 6), round(2 * (p[1] - cy) / span, 6))
                                 for n, p in positions.items()})


def laid_out(model: MapModel, known: Mapping[str, tuple[float, float]] | None = None) -> tuple[MapModel, Positions]:
    """``model`` laid out (reusing ``known``) and the positions to store for it."""
    positions = layout([n.id for n in model.nodes], [(e.source, e.target) for e in model.edges], known=known)
    merged = {**(known or {}), **positions}
    return normalized(model, positions), merged


def layout_key(model: MapModel, rules: Rules | None = None) -> str:
    """The key a layout is stored under: the kind, the scope, full or aggregated, and the rules
    (they decide which ties a map has); the store keeps it per data version.

    >>> from graph.maps.model import MapModel
    >>> key = layout_key(MapModel("coverage", "community:C01", "2026-10-31", "v1", False, False, (), ()))
    >>> key.startswith("coverage|community:C01|full|rules:"), key == layout_key(
    ...     MapModel("coverage", "community:C01", "2025-01-01", "v1", False, False, (), ()), Rules())
    (True, True)
    """
    return f"{model.kind}|{model.scope}|{'aggregated' if model.aggregated else 'full'}|rules:{(rules or Rules()).digest()}"
