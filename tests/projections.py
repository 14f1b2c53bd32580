"""Small hand-built projections for the analysis tests, shaped like ``build_networkx``'s."""

from __future__ import annotations

from typing import Any

import networkx as nx


def build(nodes: dict[str, tuple[str, dict[str, Any]]], ties: list[tuple[str, str, str, dict[str, Any]]]
          ) -> nx.MultiDiGraph:
    """A projection shaped like :func:`graph.store.build_networkx`'s."""
    G = nx.MultiDiGraph()
    for n, (label, props) in nodes.items():
        G.add_node(n, label=label, **props)
    for u, v, rel_type, props in ties:
        assert u in G and v in G, (u, v)
        G.add_edge(u, v, type=rel_type, **props)
    return G


def n(label: str, **props: Any) -> tuple[str, dict[str, Any]]:
    """A node of ``label`` for :func:`build`."""
    return label, props


def t(u: str, v: str, rel_type: str, **props: Any) -> tuple[str, str, str, dict[str, Any]]:
    """A relationship for :func:`build`."""
    return u, v, rel_type, props
