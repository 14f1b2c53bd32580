"""The named queries of :data:`graph.cypher.NAMED_QUERIES`, answered from the networkx
projection, for the embedded store (which has no Cypher engine).

grand-cypher was tried for this (see docs/queries.md): it rejects single-quoted strings
and silently ignores ``NOT EXISTS``, so it did not give the rows Neo4j gives. Each
function here answers exactly what its Cypher twin answers, over the relationships that
have not ended; ``tests/test_query_library.py`` compares the two on the sample. Free
Cypher needs Neo4j.

Examples
--------
>>> G = nx.MultiDiGraph()
>>> G.add_node("M1", label="Member", name="张三", category="floating")
>>> answer(G, "floating_without_station", {})
[{'id': 'M1', 'name': '张三'}]
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx

from graph.cypher import NAMED
from graph.errors import QueryFailed

Row = dict[str, Any]
_ANSWERS: dict[str, Callable[[nx.MultiDiGraph, dict[str, Any]], list[Row]]] = {}


def _answers(name: str) -> Callable[[Callable[[nx.MultiDiGraph, dict[str, Any]], list[Row]]], Any]:
    def register(fn: Callable[[nx.MultiDiGraph, dict[str, Any]], list[Row]]) -> Any:
        _ANSWERS[name] = fn
        return fn
    return register


def _of(G: nx.MultiDiGraph, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((n, d) for n, d in G.nodes(data=True) if d.get("label") == label)


def _out(G: nx.MultiDiGraph, n: str, rel_type: str) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((v, d) for _, v, d in G.out_edges(n, data=True) if d["type"] == rel_type)


def _in(G: nx.MultiDiGraph, n: str, *rel_types: str) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((u, d) for u, _, d in G.in_edges(n, data=True) if d["type"] in rel_types)


def _label(G: nx.MultiDiGraph, n: str) -> str | None:
    return G.nodes[n].get("label")


def _round(x: float, digits: int) -> float:
    """Cypher's ``round``: half away from zero."""
    f = 10**digits
    return math.floor(x * f + 0.5) / f


def _has_org(G: nx.MultiDiGraph, unit: str, *types: str) -> bool:
    return any(_label(G, u) == "PartyOrg" for u, _ in _in(G, unit, *types))


@_answers("units_without_org")
def _units_without_org(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    out = []
    for u, d in _of(G, "Unit"):
        if p.get("type") is not None and d.get("type") != p["type"]:
            continue
        if _has_org(G, u, "ESTABLISHED_IN", "COVERS"):
            continue
        for c, _ in _out(G, u, "LOCATED_IN"):
            if _label(G, c) == "Community" and (p.get("community") is None or c == p["community"]):
                out.append({"id": u, "name": d.get("name"), "type": d.get("type"), "community": c})
    return sorted(out, key=lambda r: r["id"])


@_answers("should_have_org")
def _should_have_org(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    out = []
    for u, d in _of(G, "Unit"):
        full = sum(1 for m, _ in _in(G, u, "WORKS_AT") if _label(G, m) == "Member" and G.nodes[m].get("status") == "full")
        if full and full >= p["min_members"] and not _has_org(G, u, "ESTABLISHED_IN"):
            out.append({"id": u, "name": d.get("name"), "full_members": full,
                        "covered_by_joint_branch": _has_org(G, u, "COVERS")})
    return sorted(out, key=lambda r: r["id"])


@_answers("branch_sizes")
def _branch_sizes(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    out = []
    for o, d in _of(G, "PartyOrg"):
        if d.get("kind") not in ("branch", "joint_branch"):
            continue
        members = [m for m, _ in _in(G, o, "MEMBER_OF") if _label(G, m) == "Member"]
        full = sum(1 for m in members if G.nodes[m].get("status") == "full")
        if full < p["min"] or len(members) > p["max"]:
            out.append({"id": o, "name": d.get("name"), "members": len(members), "full_members": full})
    return sorted(out, key=lambda r: r["id"])


def _reported(G: nx.MultiDiGraph, m: str, community: str | None = None) -> bool:
    return any(_label(G, c) == "Community" and (community is None or c == community) for c, _ in _out(G, m, "REPORTED_TO"))


@_answers("unreported_members")
def _unreported(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    out = []
    for m, d in _of(G, "Member"):
        if d.get("category") != "in_service" or _reported(G, m):
            continue
        for o, _ in _out(G, m, "MEMBER_OF"):
            if _label(G, o) == "PartyOrg" and (p.get("org") is None or o == p["org"]):
                out.append({"id": m, "name": d.get("name"), "org": o})
    return sorted(out, key=lambda r: r["id"])


@_answers("report_rate_by_community")
def _report_rate(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for m, d in _of(G, "Member"):
        if d.get("category") != "in_service":
            continue
        for c, _ in _out(G, m, "RESIDES_IN"):
            if _label(G, c) == "Community":
                counts[c][0] += 1
                counts[c][1] += _reported(G, m, c)
    return [{"id": c, "name": G.nodes[c].get("name"), "in_service": n, "reported": r, "rate": _round(r / n, 3)}
            for c, (n, r) in sorted(counts.items())]


@_answers("lost_contact")
def _lost_contact(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    before: dt.date | None = p.get("before")
    out = []
    for m, d in _of(G, "Member"):
        last = d.get("last_contact")
        if last is not None and (before is None or last >= before):
            continue  # Cypher: a null $before makes the comparison null, so only never-contacted count
        orgs = [o for o, _ in _out(G, m, "MEMBER_OF") if _label(G, o) == "PartyOrg"] or [None]
        out += [{"id": m, "name": d.get("name"), "last_contact": last, "org": o} for o in orgs]
    return sorted(out, key=lambda r: r["id"])


@_answers("floating_without_station")
def _floating(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    return sorted(({"id": m, "name": d.get("name")} for m, d in _of(G, "Member")
                   if d.get("category") == "floating" and d.get("station") is None), key=lambda r: r["id"])


@_answers("members_without_org")
def _without_org(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    return sorted(({"id": m, "name": d.get("name")} for m, d in _of(G, "Member")
                   if not any(_label(G, o) == "PartyOrg" for o, _ in _out(G, m, "MEMBER_OF"))), key=lambda r: r["id"])


def _unmet(G: nx.MultiDiGraph, category: str | None) -> Iterator[tuple[str, dict[str, Any], str]]:
    for n, d in _of(G, "Need"):
        if d.get("status") != "open" or (category is not None and d.get("category") != category):
            continue
        if any(_label(G, a) == "Activity" for a, _ in _in(G, n, "ADDRESSES")):
            continue
        for c, _ in _out(G, n, "RAISED_IN"):
            if _label(G, c) == "Community":
                yield n, d, c


@_answers("unmet_needs")
def _unmet_needs(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    return sorted(({"id": n, "name": d.get("name"), "category": d.get("category"), "community": c}
                   for n, d, c in _unmet(G, p.get("category"))), key=lambda r: r["id"])


@_answers("communities_with_unmet_needs")
def _communities_unmet(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    counts: dict[str, int] = defaultdict(int)
    for _, _, c in _unmet(G, p.get("category")):
        counts[c] += 1
    return [{"id": c, "name": G.nodes[c].get("name"), "unmet": k} for c, k in sorted(counts.items())]


def _shared(G: nx.MultiDiGraph, resource: str) -> list[str]:
    return [c for c, _ in _out(G, resource, "SHARED_WITH") if _label(G, c) == "Community"]


@_answers("units_sharing_no_resource")
def _no_resource(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    out = []
    for u, d in _of(G, "Unit"):
        if d.get("type") == "residents_committee":
            continue
        if any(_label(G, r) == "Resource" and _shared(G, r) for r, _ in _out(G, u, "OFFERS")):
            continue
        out.append({"id": u, "name": d.get("name"), "type": d.get("type")})
    return sorted(out, key=lambda r: r["id"])


@_answers("resources_for_community")
def _resources_for(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    by_category: dict[str, list[str]] = defaultdict(list)
    for r, d in _of(G, "Resource"):
        offered = any(_label(G, u) == "Unit" for u, _ in _in(G, r, "OFFERS"))
        for c in _shared(G, r):
            if offered and c == p.get("community"):
                by_category[d.get("category")].append(r)
    return [{"category": k, "resources": len(v), "ids": sorted(v)} for k, v in sorted(by_category.items())]


def _orgs_in(G: nx.MultiDiGraph, community: str) -> list[str]:
    return [o for o, _ in _in(G, community, "LOCATED_IN") if _label(G, o) == "PartyOrg"]


@_answers("co_building_partners")
def _partners(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    if p.get("community") not in G:
        return []
    out = [{"id": v, "name": G.nodes[v].get("name"), "org": o, "kind": d.get("kind")}
           for o in _orgs_in(G, p["community"]) for v, d in _out(G, o, "CO_BUILDS")]
    return sorted(out, key=lambda r: (r["id"], r["org"]))


_PATH_TYPES = {"CO_BUILDS", "COVERS", "ESTABLISHED_IN", "PAIRED_WITH", "ORGANIZED"}


@_answers("co_building_path")
def _path(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    a, b = p.get("from"), p.get("to")
    if a not in G or b not in G:
        return []
    ties = nx.Graph()
    ties.add_edges_from((u, v) for u, v, d in G.edges(data=True) if d["type"] in _PATH_TYPES)
    if a not in ties or b not in ties or not nx.has_path(ties, a, b):
        return []
    paths = sorted(nx.all_shortest_paths(ties, a, b))  # Neo4j returns one of them; ties are rare
    path = paths[0]
    if len(path) - 1 > 10:
        return []
    return [{"ids": path, "names": [G.nodes[n].get("name") for n in path], "hops": len(path) - 1}]


@_answers("isolated_units")
def _isolated(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    out = []
    for u, d in _of(G, "Unit"):
        ties = [e["type"] for *_, e in G.out_edges(u, data=True)] + [e["type"] for *_, e in G.in_edges(u, data=True)]
        if all(t in ("LOCATED_IN", "WORKS_AT") for t in ties):
            out.append({"id": u, "name": d.get("name"), "type": d.get("type")})
    return sorted(out, key=lambda r: r["id"])


@_answers("instructors")
def _instructors(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    out = [{"instructor": u, "instructor_name": G.nodes[u].get("name"), "target": v, "target_name": G.nodes[v].get("name")}
           for u, v, d in G.edges(data=True) if d["type"] == "PAIRED_WITH" and d.get("role") == "instructor"]
    return sorted(out, key=lambda r: (r["instructor"], r["target"]))


@_answers("volunteer_hours_by_branch")
def _hours(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    members: dict[str, set[str]] = defaultdict(set)
    hours: dict[str, float] = defaultdict(float)
    for m, _ in _of(G, "Member"):
        worked = [d.get("hours") or 0.0 for a, d in _out(G, m, "PARTICIPATED_IN") if _label(G, a) == "Activity"]
        for o, _ in _out(G, m, "MEMBER_OF"):
            if _label(G, o) == "PartyOrg":
                members[o].add(m)
                hours[o] += sum(worked)
    rows = [{"id": o, "name": G.nodes[o].get("name"), "members": len(ms), "hours": _round(hours[o], 1)} for o, ms in members.items()]
    return sorted(rows, key=lambda r: (-r["hours"], r["id"]))[: p["top"]]


@_answers("community_scorecard")
def _scorecard(G: nx.MultiDiGraph, p: dict[str, Any]) -> list[Row]:
    out = []
    for c, d in _of(G, "Community"):
        orgs = _orgs_in(G, c)
        units_here = [u for u, _ in _in(G, c, "LOCATED_IN") if _label(G, u) == "Unit"]
        out.append({
            "id": c, "name": d.get("name"), "party_orgs": len(orgs),
            "residents_committees": sum(G.nodes[u].get("type") == "residents_committee" for u in units_here),
            "co_building": sum(1 for o in orgs for _ in _out(G, o, "CO_BUILDS")),
            "seats": sum(1 for u, _ in _in(G, c, "SITS_ON") if _label(G, u) == "Unit"),
            "reported_members": sum(1 for m, _ in _in(G, c, "REPORTED_TO") if _label(G, m) == "Member"),
            "resources": sum(1 for r, _ in _in(G, c, "SHARED_WITH") if _label(G, r) == "Resource"),
            "needs": sum(1 for n, _ in _in(G, c, "RAISED_IN") if _label(G, n) == "Need"),
        })
    return sorted(out, key=lambda r: r["id"])


def answer(G: nx.MultiDiGraph, name: str, params: dict[str, Any]) -> list[Row]:
    """The rows the named query ``name`` gives on ``G``, defaults filled as in Cypher."""
    named = NAMED.get(name)
    if named is None or name not in _ANSWERS:
        raise QueryFailed(f"没有名为 {name} 的查询", f"no named query called {name}")
    values = {q.name: params.get(q.name, q.default) for q in named.params}
    return _ANSWERS[name](G, values)


def covered() -> set[str]:
    """Names of the named queries answered here."""
    return set(_ANSWERS)
