"""Small hand-built projections for the analysis tests, shaped like ``build_networkx``'s."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from graph.analysis.base import is_valid


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


def node(G: nx.MultiDiGraph, node_id: str, label: str, **props: Any) -> None:
    """Add a node of ``label`` to ``G``."""
    G.add_node(node_id, label=label, **props)


def tie(G: nx.MultiDiGraph, src: str, dst: str, rel_type: str, **attrs: Any) -> None:
    """Add a relationship of ``rel_type`` to ``G``."""
    G.add_edge(src, dst, type=rel_type, **attrs)


def cut(G: nx.MultiDiGraph, as_of: dt.date) -> nx.MultiDiGraph:
    """The projection a store gives at ``as_of``: only the ties valid then."""
    H = G.copy()
    H.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if not is_valid(d, as_of)])
    return H
