"""The four kinds of map, built from the graph at a date by the analyses' own definitions.

- ``co_building``: the co-building network of :func:`graph.analysis.co_building.co_building_graph`
  (party organizations and units tied by co-building agreements, joint activities and shared
  resources) with each actor's degree, betweenness, Gould–Fernandez brokerage role and Burt's
  constraint measured on it, and the communities whose joint meeting units sit on (``seat``).
- ``coverage``: units coloured by their status in :func:`graph.analysis.coverage.org_coverage`
  (own organization, joint branch, work coverage only, not reached), 应建未建
  (:func:`~graph.analysis.coverage.should_have_org`) marked, with the organizations established
  in or covering them and the instructors, liaisons and co-building organizations that reach them.
- ``participation``: the members × activities network of
  :func:`graph.analysis.participation.participation_graph`, with the two-mode centralities.
- ``lists``: 三张清单: the needs of :func:`graph.analysis.integration.needs_matching` (unmet ones
  marked), the activities addressing them, the resources those use and the units offering them.

Every unit on every map carries its coverage status as ``coverage_status``. Members' names are
masked (:func:`mask_name`) unless ``full_names``; members carry no other personal attribute.

A scope (:class:`~graph.maps.scope.Scope`) keeps the nodes of one community (a node's community:
an actor's by :func:`~graph.analysis.readings.actor_communities`, a member's residence, a need's
community, an activity's or resource's by its organizer or offering unit), of a street's
communities, or within DEPTH ties of a node. Above ``max_nodes`` the map is aggregated: one
super-node per community, sized by its nodes, coloured by its 组织覆盖率 band, tied to the others
by the number of ties between them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import networkx as nx

from graph.analysis.co_building import actor_betweenness, co_building_graph
from graph.analysis.coverage import coverage_ties, org_coverage, should_have_org
from graph.analysis.integration import needs_matching
from graph.analysis.network import brokerage_roles, burt_structural_holes
from graph.analysis.participation import participation_graph, participation_network
from graph.analysis.readings import Ties, actor_communities, organizers, residence, ties_at
from graph.analysis.rules import Rules
from graph.maps.model import KINDS, NO_COMMUNITY, MapEdge, MapModel, MapNode
from graph.maps.scope import Scope, ScopeError
from graph.texts import both

#: Above this many nodes a map is aggregated by community (a setting: ``max_nodes``).
MAX_NODES = 2000

_DEFAULT_RULES = Rules()
_COVERAGE_BANDS = ((0.8, "band_high"), (0.5, "band_mid"), (0.0, "band_low"))
#: The coverage map's tie kinds, strongest first (the order of the coverage statuses), and the
#: map's kind of each tie of :func:`~graph.analysis.coverage.coverage_ties`.
_COVERAGE_TIES = ("own", "joint", "instructor", "liaison", "co_building", "co_organized")
_COVERAGE_KIND = {"joint_activity": "co_organized"}


class MapError(ScopeError):
    """A map that cannot be built as asked (unknown kind, node or street)."""


def mask_name(name: str | None) -> str:
    """A person's name masked for export: of its letters (spaces, dots and invisible marks
    dropped), the first and last kept and the middle replaced by one ``*`` (张三丰 → 张*丰; a
    two-letter name keeps its first: 张三 → 张*; 张 三 → 张*).

    >>> mask_name("张三丰"), mask_name("张三"), mask_name("欧阳娜娜"), mask_name(""), mask_name(None)
    ('张*丰', '张*', '欧*娜', '', '')
    >>> mask_name("张 三"), mask_name("\u200b张三"), mask_name("阿卜杜·热合曼"), mask_name("Li Lei")
    ('张*', '张*', '阿*曼', 'L*i')
    """
    letters = [c for c in (name or "") if unicodedata.category(c)[0] in "LN"]
    if len(letters) <= 1:
        return "*" if letters or (name or "").strip() else ""
    if len(letters) == 2:
        return letters[0] + "*"
    return letters[0] + "*" + letters[-1]


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _dates(data: Mapping[str, Any]) -> dict[str, str]:
    """A tie's validity as ``start``/``end`` ISO dates (those it has)."""
    return {k: day for k in ("start", "end") if (day := _iso(data.get(k))) is not None}


def _plain(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes a data file can hold: no ``None``, no lists, dates as ISO strings."""
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, list | tuple | set | frozenset):
            v = "、".join(str(x) for x in sorted(v, key=str))
        elif hasattr(v, "value") and isinstance(getattr(v, "value", None), str):
            v = v.value
        out[k] = v
    return out


class _Context:
    """What every kind reads: the ties at the date, each node's community, coverage status."""

    def __init__(self, G: nx.MultiDiGraph, as_of: dt.date, rules: Rules, full_names: bool) -> None:
        self.G, self.as_of, self.rules, self.full_names = G, as_of, rules, full_names
        self.ties: Ties = ties_at(G, as_of)
        self.actor_community = actor_communities(G, self.ties)
        self.residence = residence(G, self.ties)
        self.coverage = org_coverage(G, as_of=as_of, rules=rules, ties=self.ties)
        self.organizers = organizers(G, self.ties)
        self._community: dict[str, str | None] = {}
        self.only_community: str | None = None

    def community(self, n: str) -> str | None:
        """The community a node belongs to (module docstring), ``None`` when it has none."""
        if n in self._community:
            return self._community[n]
        label = self.G.nodes[n].get("label")
        found: str | None
        if label == "Community":
            found = n
        elif label in ("Unit", "PartyOrg"):
            found = self.actor_community.get(n)
        elif label == "Member":
            found = self.residence.get(n)
        elif label == "Need":
            found = min((c for need, c, _ in self.ties.of("RAISED_IN") if need == n), default=None)
        elif label == "Activity":
            found = min((c for o in self.organizers.get(n, ()) if (c := self.actor_community.get(o))), default=None)
        elif label == "Resource":
            found = min((c for u, r, _ in self.ties.of("OFFERS") if r == n
                         if (c := self.actor_community.get(u))), default=None)
            if found is None:
                found = min((c for r, c, _ in self.ties.of("SHARED_WITH") if r == n), default=None)
        else:
            community = self.G.nodes[n].get("community")
            found = community if isinstance(community, str) and community else None
        self._community[n] = found
        return found

    def node(self, n: str, type_: str, *, status: str | None = None, size: float = 1.0,
             marks: tuple[str, ...] = (), attrs: Mapping[str, Any] | None = None) -> MapNode:
        data = self.G.nodes[n]
        label = str(data.get("label") or "Node")
        name = str(data.get("name") or n)
        extra: dict[str, Any] = {}
        if label == "Member":
            name = name if self.full_names else mask_name(name)
        else:
            for key in ("established", "date", "raised_on", "start"):
                if (day := _iso(data.get(key))) is not None:
                    extra["start"] = day
                    break
            if (day := _iso(data.get("end"))) is not None:
                extra["end"] = day
        if label == "Unit":
            extra["unit_type"] = data.get("type")
            extra["coverage_status"] = self.coverage.status.get(n)
        if label == "PartyOrg":
            extra["org_kind"] = data.get("kind")
        if label in ("Need", "Resource"):
            extra["category"] = data.get("category")
        return MapNode(n, name, type_, status, label, self.community(n), float(size), marks,
                       _plain({**extra, **(attrs or {})}))


def _actor_type(ctx: _Context, n: str) -> str:
    data = ctx.G.nodes[n]
    if data.get("label") == "PartyOrg":
        return "party_org"
    kind = data.get("type")
    return str(getattr(kind, "value", kind) or "other")


def _dominant_role(roles: Mapping[str, int]) -> str | None:
    best = max(roles.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return best[0] if best and best[1] > 0 else None


def _co_building(ctx: _Context) -> tuple[list[MapNode], list[MapEdge]]:
    N = co_building_graph(ctx.G, as_of=ctx.as_of, rules=ctx.rules, ties=ctx.ties)
    nodes = [ctx.node(n, _actor_type(ctx, n), size=1 + N.degree(n)) for n in sorted(N)]
    # One tie per pair of actors, of its first reason; all its reasons in ``reasons``.
    edges = [MapEdge(*sorted((u, v)), why[0], 1.0, {"reasons": ", ".join(why)})
             for u, v, why in sorted((min(a, b), max(a, b), w) for a, b, w in N.edges(data="reasons"))]
    dates = {(u, c): _dates(d) for u, c, d in ctx.ties.of("SITS_ON") if u in N}
    seated = sorted(dates)
    communities = sorted({c for _, c in seated})
    nodes += [ctx.node(c, "community", size=1 + sum(1 for _, x in seated if x == c)) for c in communities]
    edges += [MapEdge(u, c, "seat", 1.0, dates[(u, c)]) for u, c in seated]
    return nodes, edges


def _measured(nodes: list[MapNode], edges: list[MapEdge]) -> list[MapNode]:
    """The co-building map's actors with their measures on the network the map shows (its
    scope's): degree, normalized betweenness (:func:`~graph.analysis.co_building.actor_betweenness`), the
    Gould–Fernandez role they play most (``brokerage_role``, :func:`~graph.analysis.network.brokerage_roles`
    by actor type) with their brokerage count, and Burt's constraint
    (:func:`~graph.analysis.network.burt_structural_holes`). Seats and communities are not part
    of that network."""
    N = nx.Graph()
    N.add_nodes_from((n.id, {"actor_type": n.type}) for n in nodes if n.label in ("Unit", "PartyOrg"))
    N.add_edges_from((e.source, e.target) for e in edges if e.kind != "seat")
    between = actor_betweenness(N)
    roles = brokerage_roles(N, "actor_type")
    holes = burt_structural_holes(N)
    out = []
    for n in nodes:
        if n.id not in N:
            out.append(n)
            continue
        constraint = holes.get(n.id, {}).get("constraint")
        measures = {"degree": N.degree(n.id), "betweenness": between.get(n.id, 0.0),
                    "brokerage_role": _dominant_role(roles.get(n.id, {})),
                    "brokerage": sum(roles.get(n.id, {}).values()),
                    "constraint": None if constraint is None else round(float(constraint), 6)}
        out.append(replace(n, size=1.0 + N.degree(n.id), attrs=_plain({**n.attrs, **measures})))
    return out


#: The relationship whose dates a coverage tie of each kind carries.
_COVERAGE_RELS = {"own": "ESTABLISHED_IN", "joint": "COVERS", "instructor": "PAIRED_WITH", "liaison": "PAIRED_WITH",
                  "co_building": "CO_BUILDS"}


def _coverage(ctx: _Context) -> tuple[list[MapNode], list[MapEdge]]:
    cov = ctx.coverage
    unbuilt = set(should_have_org(ctx.G, as_of=ctx.as_of, rules=ctx.rules, ties=ctx.ties).unit_ids)
    dates = {(s, d, rel): _dates(data) for rel in sorted(set(_COVERAGE_RELS.values()))
             for s, d, data in ctx.ties.of(rel)}
    # The ties that decide each unit's status, as the analysis reads them; one tie per pair, of
    # its strongest kind, all its kinds in ``reasons`` (Gephi, for one, merges parallel ties on import).
    kinds: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u, by_kind in coverage_ties(ctx.G, as_of=ctx.as_of, rules=ctx.rules, ties=ctx.ties).items():
        if u not in cov.status:
            continue
        for kind, who in by_kind.items():
            for o in who:
                kinds[(o, u)].append(_COVERAGE_KIND.get(kind, kind))
    merged = {}
    for (o, u), ks in kinds.items():
        ks.sort(key=_COVERAGE_TIES.index)
        rel = _COVERAGE_RELS.get(ks[0])
        merged[(o, u)] = MapEdge(o, u, ks[0], 1.0, {**(dates.get((o, u, rel), {}) if rel else {}),
                                                     "reasons": ", ".join(ks)})
    degree = Counter(x for o, u in merged for x in (o, u))
    nodes = [ctx.node(u, "unit", status=status, size=1 + degree[u],
                      marks=("should_have_org",) if u in unbuilt else ())
             for u, status in sorted(cov.status.items())]
    others = sorted({o for o, _ in merged})
    for o in others:
        label = ctx.G.nodes[o].get("label")
        nodes.append(ctx.node(o, "party_org" if label == "PartyOrg" else "instructor", size=1 + degree[o]))
    return nodes, [merged[pair] for pair in sorted(merged)]


def _participation(ctx: _Context) -> tuple[list[MapNode], list[MapEdge]]:
    # Of one community: its residents' network and its centralities, as the report's community
    # figures; otherwise the whole network's.
    options = {"as_of": ctx.as_of, "rules": ctx.rules, "ties": ctx.ties, "community": ctx.only_community}
    B = participation_graph(ctx.G, **options)
    central = participation_network(ctx.G, **options).centralities
    nodes = [ctx.node(n, "member" if mode == 0 else "activity", size=1 + B.degree(n),
                      attrs={"degree": B.degree(n), **{f"two_mode_{k}": v for k, v in central.get(n, {}).items()}})
             for n, mode in sorted(B.nodes(data="mode"))]
    edges = [MapEdge(m, a, "participated") if B.nodes[m]["mode"] == 0 else MapEdge(a, m, "participated")
             for m, a in sorted(B.edges())]
    return nodes, edges


def _lists(ctx: _Context) -> tuple[list[MapNode], list[MapEdge]]:
    nm = needs_matching(ctx.G, as_of=ctx.as_of, rules=ctx.rules, ties=ctx.ties)
    needs = set(nm.needs)
    unmet, addressed = set(nm.unmet_ids), set(nm.addressed)
    edges: set[tuple[str, str, str]] = set()
    activities: set[str] = set()
    for a, need, _ in ctx.ties.of("ADDRESSES"):
        day = ctx.G.nodes[a].get("date")
        if need in needs and not (isinstance(day, dt.date) and day > ctx.as_of):
            edges.add((a, need, "addresses"))
            activities.add(a)
    resources: set[str] = set()
    for a, r, _ in ctx.ties.of("USES"):
        if a in activities:
            edges.add((a, r, "uses"))
            resources.add(r)
    for r in {r for rs in nm.nearby_resources.values() for r in rs}:
        resources.add(r)
    for u, r, _ in ctx.ties.of("OFFERS"):
        if r in resources:
            edges.add((u, r, "offers"))
    for a in activities:
        for who in ctx.organizers.get(a, ()):
            edges.add((who, a, "organized"))
    degree = Counter(x for s, t, _ in edges for x in (s, t))
    nodes = [ctx.node(n, "need", size=1 + degree[n],
                      status="unmet" if n in unmet else "addressed" if n in addressed else "pending")
             for n in sorted(needs)]
    nodes += [ctx.node(n, "activity", size=1 + degree[n]) for n in sorted(activities)]
    nodes += [ctx.node(n, "resource", size=1 + degree[n]) for n in sorted(resources)]
    actors = sorted({s for s, _, k in edges if k in ("offers", "organized")})
    nodes += [ctx.node(n, _actor_type(ctx, n), size=1 + degree[n]) for n in actors]
    return nodes, [MapEdge(s, t, k) for s, t, k in sorted(edges)]


_BUILDERS = {"co_building": _co_building, "coverage": _coverage, "participation": _participation,
             "lists": _lists}


def _in_scope(ctx: _Context, kind: str, nodes: list[MapNode], edges: list[MapEdge], scope: Scope
              ) -> tuple[list[MapNode], list[MapEdge], str]:
    """The nodes and ties of ``scope``, and the scope's name for the title."""
    G = ctx.G
    if scope.kind == "all":
        return nodes, edges, ""
    if scope.kind == "ego":
        if scope.value not in {n.id for n in nodes}:
            raise MapError(*both("scope_unknown_node", scope=str(scope), id=scope.value))
        H = nx.Graph()
        H.add_nodes_from(n.id for n in nodes)
        H.add_edges_from((e.source, e.target) for e in edges)
        keep = set(nx.single_source_shortest_path_length(H, scope.value, cutoff=scope.depth))
        name = next(n.name for n in nodes if n.id == scope.value)
        return (*_keep(nodes, edges, keep), name)
    communities = {n: d for n, d in G.nodes(data=True) if d.get("label") == "Community"}
    if scope.kind == "community":
        from graph.reporting import resolve_community

        community = resolve_community(G, scope.value)
        wanted = {community}
        name = str(communities[community].get("name") or community)
    else:
        wanted, name = _place_communities(communities, scope)
    return (*_keep(nodes, edges, _scoped(kind, nodes, edges, wanted, whole=scope.kind == "community")), name)


def _place_communities(communities: dict[str, dict[str, Any]], scope: Scope) -> tuple[set[str], str]:
    """The communities of a ``street:`` or ``district:`` scope, and its name for the title
    (:class:`MapError` naming those there are when it has none)."""
    def text(d: dict[str, Any], attr: str) -> str:
        return str(d.get(attr) or "").strip()

    value = str(scope.value)
    if scope.kind == "district":
        wanted = {c for c, d in communities.items() if text(d, "district") == value}
        known = sorted({text(d, "district") for d in communities.values()} - {""})
        message = "scope_unknown_district"
    else:
        # DISTRICT/NAME (split at the first slash, as Scope.parse does); else the whole value is a
        # street's name, in any district (a name with a slash in it, or the old spelling)
        district, _, street = value.partition("/")
        wanted = {c for c, d in communities.items() if text(d, "street") == street and text(d, "district") == district}
        if not wanted:
            street = value
            wanted = {c for c, d in communities.items() if text(d, "street") == value}
        known = sorted({(f"{text(d, 'district')}/" if "/" in value else "") + text(d, "street")
                        for d in communities.values() if text(d, "street")})
        message = "scope_unknown_street"
        value = street
    if not wanted:
        zh, _ = both(message, scope=str(scope), name=str(scope.value), known="、".join(known) or "—")
        _, en = both(message, scope=str(scope), name=str(scope.value), known=", ".join(known) or "—")
        raise MapError(zh, en)
    return wanted, value


#: The ties a community's 三张清单 map follows out of its needs and resources, each from its
#: source (``>``) or target (``<``) end, hop after hop: an activity, resource or unit of another
#: community that serves its needs is on its map, as the needs analysis counts it.
_FOLLOW: dict[str, tuple[tuple[str, str], ...]] = {
    "lists": (("addresses", "<"), ("uses", ">"), ("offers", "<"), ("organized", "<")),
}


def _scoped(kind: str, nodes: list[MapNode], edges: list[MapEdge], wanted: set[str], *, whole: bool) -> set[str]:
    """The ids a map of ``kind`` keeps for the communities ``wanted``.

    - ``co_building``: the communities' actors and seats, the network
      :func:`~graph.analysis.co_building.co_building_network` measures for a community (a tie
      to an actor of another community is in neither's network);
    - ``coverage``: the communities' units and every organization or instructor whose tie
      decides their status (:func:`~graph.analysis.coverage.coverage_ties`);
    - ``participation``: the communities' residents and every activity they joined (of one
      community, all of :func:`~graph.analysis.participation.participation_graph`, which is that);
    - ``lists``: the communities' needs and their resources, and from them the activities that
      address the needs, the resources those use, the units offering them and the organizers.
    """
    if kind == "participation" and whole:
        return {n.id for n in nodes}
    own = {n.id for n in nodes if n.community in wanted or (n.label == "Community" and n.id in wanted)}
    if kind == "coverage":
        core = {n.id for n in nodes if n.id in own and n.type == "unit"}
        return core | {e.source for e in edges if e.target in core}
    if kind == "participation":
        core = {n.id for n in nodes if n.id in own and n.label == "Member"}
        return core | {e.target if e.source in core else e.source for e in edges
                       if e.source in core or e.target in core}
    if kind == "co_building":
        return own
    keep = {n.id for n in nodes if n.id in own and n.label in ("Need", "Resource")}
    follow = _FOLLOW[kind]
    while True:
        more = {(e.target if way == ">" else e.source) for e in edges for k, way in follow
                if e.kind == k and (e.source if way == ">" else e.target) in keep}
        if more <= keep:
            return keep
        keep |= more


def _keep(nodes: list[MapNode], edges: list[MapEdge], keep: set[str]) -> tuple[list[MapNode], list[MapEdge]]:
    return ([n for n in nodes if n.id in keep], [e for e in edges if e.source in keep and e.target in keep])


def _band(rate: float | None) -> str:
    if rate is None:
        return "band_none"
    return next(band for floor, band in _COVERAGE_BANDS if rate >= floor)


def aggregate(ctx_or_names: Mapping[str, str], coverage_rates: Mapping[str, float | None],
              nodes: Iterable[MapNode], edges: Iterable[MapEdge]) -> tuple[list[MapNode], list[MapEdge]]:
    """One super-node per community (``ctx_or_names``: community id → name; nodes without a
    community go to :data:`~graph.maps.model.NO_COMMUNITY`), sized and counted by its nodes, coloured by the band of its
    组织覆盖率 (``coverage_rates``), tied to the others by how many ties run between them.

    >>> from graph.maps.model import MapNode, MapEdge
    >>> ns = [MapNode("U1", "a", "school", community="C1"), MapNode("U2", "b", "soe", community="C2")]
    >>> sn, se = aggregate({"C1": "东", "C2": "西"}, {"C1": 0.9}, ns, [MapEdge("U1", "U2", "co_building")])
    >>> [(n.id, n.name, n.status, n.attrs["nodes"]) for n in sn], [(e.source, e.target, e.weight) for e in se]
    ([('C1', '东', 'band_high', 1), ('C2', '西', 'band_none', 1)], [('C1', 'C2', 1.0)])
    """
    group_of: dict[str, str] = {}
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for n in nodes:
        g = n.community or NO_COMMUNITY
        group_of[n.id] = g
        members[g][n.type] += 1
    between: Counter[tuple[str, str]] = Counter()
    internal: Counter[str] = Counter()
    for e in edges:
        a, b = group_of.get(e.source), group_of.get(e.target)
        if a is None or b is None:
            continue
        if a == b:
            internal[a] += 1
        else:
            between[(min(a, b), max(a, b))] += 1
    super_nodes = []
    for g in sorted(members):
        counts = members[g]
        attrs = {"nodes": sum(counts.values()), "internal_ties": internal[g],
                 **{f"count_{t}": c for t, c in sorted(counts.items())}}
        rate = coverage_rates.get(g)
        if rate is not None:
            attrs["org_coverage_rate"] = rate
        # The group of no community has no community to drill into (its name: MapModel.localized).
        super_nodes.append(MapNode(g, ctx_or_names.get(g, g), "community_group", _band(rate), "Community",
                                   None if g == NO_COMMUNITY else g, float(sum(counts.values())), (), attrs))
    return super_nodes, [MapEdge(a, b, "aggregate", float(w)) for (a, b), w in sorted(between.items())]


def build_map(
    G: nx.MultiDiGraph,
    *,
    kind: str,
    scope: Scope | str = "all",
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    data_version: str = "",
    full_names: bool = False,
    max_nodes: int = MAX_NODES,
) -> MapModel:
    """The map of ``kind`` for ``scope`` at ``as_of`` (module docstring), not yet laid out.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("C1", label="Community", name="和平社区"); G.add_node("O1", label="PartyOrg", name="党委")
    >>> G.add_node("U1", label="Unit", name="某公司", type="private_enterprise", community="C1")
    >>> G.add_node("M1", label="Member", name="张三丰")
    >>> for s, d, t in [("O1", "C1", "LOCATED_IN"), ("O1", "U1", "CO_BUILDS"), ("M1", "U1", "PAIRED_WITH")]:
    ...     _ = G.add_edge(s, d, type=t, role="instructor" if t == "PAIRED_WITH" else None)
    >>> m = build_map(G, kind="coverage", scope="community:C1", as_of=dt.date(2026, 10, 31))
    >>> [(n.id, n.name, n.type, n.status) for n in m.nodes]   # the instructor who reaches U1 too
    [('U1', '某公司', 'unit', 'work'), ('M1', '张*丰', 'instructor', None), ('O1', '党委', 'party_org', None)]
    >>> m2 = build_map(G, kind="coverage", as_of=dt.date(2026, 10, 31))
    >>> [(n.id, n.name) for n in m2.nodes if n.label == "Member"]
    [('M1', '张*丰')]
    """
    if kind not in _BUILDERS:
        raise MapError(*both("map_kind_unknown", kind=kind, known=", ".join(KINDS)))
    scope = Scope.parse(scope) if isinstance(scope, str) else scope
    ctx = _Context(G, as_of, rules, full_names)
    if scope.kind == "community":
        from graph.reporting import resolve_community

        ctx.only_community = resolve_community(G, scope.value)
        scope = Scope("community", ctx.only_community)  # by id, however it was named
    nodes, edges = _BUILDERS[kind](ctx)
    nodes, edges, scope_name = _in_scope(ctx, kind, nodes, edges, scope)
    total = len(nodes)
    aggregated = total > max_nodes
    if kind == "co_building" and not aggregated:
        nodes = _measured(nodes, edges)
    if aggregated:
        names = {n: str(d.get("name") or n) for n, d in G.nodes(data=True) if d.get("label") == "Community"}
        rates = {c: counts.org_coverage_rate for c, counts in ctx.coverage.by_community.items()}
        nodes, edges = aggregate(names, rates, nodes, edges)
    return MapModel(kind, str(scope), as_of.isoformat(), data_version, aggregated, full_names, tuple(nodes),
                    tuple(edges), scope_name, total)
