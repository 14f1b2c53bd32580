"""The map model: the nodes and ties one map shows, with their attributes and positions, as
plain data. Renderers (``exports/map_*``, the dashboard) draw it; nothing here draws.

A :class:`MapNode`'s ``type`` is its key in :data:`graph.maps.style.NODE_STYLES` (the
legend's types); ``status``, when set, is its key in :data:`~graph.maps.style.STATUS_STYLES`
and colours the node instead of its type; ``marks`` are keys of
:data:`~graph.maps.style.MARK_STYLES`. ``x`` and ``y`` are in [-1, 1] once laid out.
``attrs`` holds what a detail view or a data file shows: plain values (str, int, float,
bool), never ``None`` and never lists.

Examples
--------
>>> m = MapModel("co_building", "all", "2026-10-31", "v1", False, False,
...     (MapNode("O1", "社区党委", "party_org", label="PartyOrg"), MapNode("U1", "某公司", "private_enterprise")),
...     (MapEdge("O1", "U1", "co_building"),))
>>> [e.key for e in m.legend()]
['party_org', 'private_enterprise', 'co_building']
>>> m.to_dict("en")["legend"][0]["text"]
'party organization'
>>> m.neighbours("U1")
['O1']
"""

from __future__ import annotations

import json  # noqa: F401 - used by the doctests
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from graph.maps.style import EDGE_STYLES, MARK_STYLES, SHAPE_ONLY_COLOR, STATUS_STYLES, Style, node_style
from graph.texts import t

#: The id of an aggregated map's group of the nodes that belong to no community; its name is
#: the catalogue's ``map_no_community`` in the reader's language (:meth:`MapModel.localized`).
NO_COMMUNITY = "unknown"

KINDS = ("co_building", "coverage", "participation", "lists")


@dataclass(frozen=True)
class MapNode:
    """One node of a map (module docstring)."""

    id: str
    name: str
    type: str
    status: str | None = None
    label: str = "Unit"
    community: str | None = None
    size: float = 1.0
    marks: tuple[str, ...] = ()
    attrs: Mapping[str, Any] = field(default_factory=dict)
    x: float = 0.0
    y: float = 0.0

    @property
    def style(self) -> Style:
        """The style the node is coloured with: its status's, else its type's."""
        return STATUS_STYLES[self.status] if self.status else node_style(self.type)


def _no_community(n: MapNode) -> bool:
    return n.id == NO_COMMUNITY and n.type == "community_group"


@dataclass(frozen=True)
class MapEdge:
    """One tie of a map: ``source`` – ``target`` of ``kind`` (:data:`~graph.maps.style.EDGE_STYLES`);
    ``attrs`` as a node's (plain values), with ``start``/``end`` ISO dates when the tie is dated."""

    source: str
    target: str
    kind: str
    weight: float = 1.0
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LegendEntry:
    """One line of a legend: ``group`` is ``type``, ``status``, ``mark`` or ``edge``."""

    group: str
    key: str
    style: Style

    def text(self, lang: str = "zh") -> str:
        """The entry's text in ``lang``."""
        return self.style.text(lang)


@dataclass(frozen=True)
class MapModel:
    """A map of ``kind`` for ``scope`` at ``as_of`` (ISO date) of data version ``data_version``.

    ``aggregated`` says the communities are drawn as super-nodes (too many nodes to draw one by
    one; drill into one with ``community:ID``); ``full_names`` whether members' names are shown
    in full (else masked, 张*三). ``total_nodes`` is how many nodes the scope holds before any
    aggregation.
    """

    kind: str
    scope: str
    as_of: str
    data_version: str
    aggregated: bool
    full_names: bool
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    scope_name: str = ""
    total_nodes: int = 0

    def node(self, node_id: str) -> MapNode:
        """The node ``node_id``; ``KeyError`` when the map has none."""
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def neighbours(self, node_id: str) -> list[str]:
        """The ids tied to ``node_id`` on this map, sorted."""
        out = {e.target for e in self.edges if e.source == node_id}
        out |= {e.source for e in self.edges if e.target == node_id}
        return sorted(out - {node_id})

    def legend(self) -> list[LegendEntry]:
        """Every type, status, mark and tie kind present, in the style table's order; a type
        whose nodes are all coloured by their status shows its shape in :data:`SHAPE_ONLY_COLOR`."""
        from graph.maps.style import NODE_STYLES

        types = {n.type for n in self.nodes}
        statuses = {n.status for n in self.nodes if n.status}
        marks = {m for n in self.nodes for m in n.marks}
        kinds = {e.kind for e in self.edges}
        # A type whose every node is coloured by its status is listed by its shape, in grey.
        by_status = types - {n.type for n in self.nodes if not n.status}

        def typed(k: str, s: Style) -> LegendEntry:
            return LegendEntry("type", k, replace(s, color=SHAPE_ONLY_COLOR) if k in by_status else s)

        entries = [typed(k, s) for k, s in NODE_STYLES.items() if k in types]
        entries += [typed(k, node_style(k)) for k in sorted(types - NODE_STYLES.keys())]
        entries += [LegendEntry("status", k, s) for k, s in STATUS_STYLES.items() if k in statuses]
        entries += [LegendEntry("mark", k, s) for k, s in MARK_STYLES.items() if k in marks]
        entries += [LegendEntry("edge", k, s) for k, s in EDGE_STYLES.items() if k in kinds]
        return entries

    def with_positions(self, positions: Mapping[str, tuple[float, float]]) -> MapModel:
        """The same map with each node at ``positions[id]`` (nodes missing there keep theirs)."""
        nodes = tuple(replace(n, x=float(positions[n.id][0]), y=float(positions[n.id][1]))
                      if n.id in positions else n for n in self.nodes)
        return replace(self, nodes=nodes)

    def to_plain(self) -> dict[str, Any]:
        """The model as JSON-ready data, read back by :meth:`from_plain` (no language: not what
        renderers read, that is :meth:`to_dict`).

        >>> m = MapModel("lists", "all", "2026-10-31", "v1", False, False,
        ...              (MapNode("N1", "需求", "need", "unmet", "Need", "C1", 2.0, ("m",), {"a": 1}, 0.5, -0.5),),
        ...              (MapEdge("A1", "N1", "addresses", 1.0, {"start": "2026-01-01"}),), "东", 1)
        >>> MapModel.from_plain(json.loads(json.dumps(m.to_plain()))) == m
        True
        """
        return {"kind": self.kind, "scope": self.scope, "as_of": self.as_of, "data_version": self.data_version,
                "aggregated": self.aggregated, "full_names": self.full_names, "scope_name": self.scope_name,
                "total_nodes": self.total_nodes,
                "nodes": [{**asdict(n), "marks": list(n.marks), "attrs": dict(n.attrs)} for n in self.nodes],
                "edges": [{**asdict(e), "attrs": dict(e.attrs)} for e in self.edges]}

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> MapModel:
        """The model :meth:`to_plain` gave."""
        nodes = tuple(MapNode(**{**n, "marks": tuple(n["marks"]), "attrs": dict(n["attrs"])}) for n in data["nodes"])
        edges = tuple(MapEdge(**{**e, "attrs": dict(e["attrs"])}) for e in data["edges"])
        return cls(data["kind"], data["scope"], data["as_of"], data["data_version"], bool(data["aggregated"]),
                   bool(data["full_names"]), nodes, edges, data.get("scope_name", ""), int(data.get("total_nodes", 0)))

    def localized(self, lang: str = "zh") -> MapModel:
        """The model with the names that depend on the reader's language filled in (the group of
        the nodes in no community, :data:`NO_COMMUNITY`). Every renderer draws this.

        >>> m = MapModel("co_building", "all", "2026-10-31", "v1", True, False,
        ...              (MapNode(NO_COMMUNITY, NO_COMMUNITY, "community_group"),), ())
        >>> m.localized("zh").nodes[0].name, m.localized("en").nodes[0].name
        ('未归属社区', 'no community')
        """
        if not any(_no_community(n) for n in self.nodes):
            return self
        name = t("map_no_community", lang)
        return replace(self, nodes=tuple(replace(n, name=name) if _no_community(n) else n for n in self.nodes))

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The map as JSON-ready data, legend texts and the title in ``lang``: what the
        interactive renderers read."""
        from graph.maps.text import attr_label, attr_text, map_subtitle, map_title

        self = self.localized(lang)
        return {
            "kind": self.kind, "scope": self.scope, "scope_name": self.scope_name, "as_of": self.as_of,
            "data_version": self.data_version, "aggregated": self.aggregated,
            "full_names": self.full_names, "total_nodes": self.total_nodes, "lang": lang,
            "title": map_title(self, lang), "subtitle": map_subtitle(self, lang),
            "nodes": [{**asdict(n), "marks": list(n.marks), "attrs": dict(n.attrs), "color": n.style.color,
                       "shape": node_style(n.type).shape, "type_text": node_style(n.type).text(lang),
                       "status_text": STATUS_STYLES[n.status].text(lang) if n.status else "",
                       "attr_texts": {k: attr_text(k, v, lang) for k, v in n.attrs.items()}}
                      for n in self.nodes],
            "attr_labels": {k: attr_label(k, lang) for k in sorted({k for n in self.nodes for k in n.attrs}
                                                                   | {k for e in self.edges for k in e.attrs})},
            "edges": [{**asdict(e), "attrs": dict(e.attrs)} for e in self.edges],
            "legend": [{"group": e.group, "key": e.key, "color": e.style.color, "shape": e.style.shape,
                        "dashed": e.style.dashed, "text": e.text(lang)} for e in self.legend()],
        }
