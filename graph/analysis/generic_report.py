"""The report sections of the generic network (:mod:`graph.analysis.generic`).

:func:`generic_sections` lays a :class:`~graph.analysis.generic.GenericNetwork` out as report
sections: ``generic_network`` (every network: one-mode measures of every node, components) and,
for a two-mode network, ``generic_two_mode`` (Borgatti–Everett centralities) and
``generic_projection_1`` / ``generic_projection_2`` (each one-mode projection: its weighted ties
and its nodes' measures). Every table holds every row, sorted by name (then id); each names the measure by
which a digest that shows only the top rows ranks them (``Table.sort_by``).

Examples
--------
>>> import datetime as dt
>>> import networkx as nx
>>> from graph.analysis.generic import generic_network
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="Node", name="Ann"); G.add_node("b", label="Node", name="Bob")
>>> _ = G.add_edge("a", "b", type="LINKED_TO")
>>> sections = generic_sections(G, generic_network(G, as_of=dt.date(2026, 1, 1)))
>>> [s.key for s in sections], sections[0].figure("ties").value
(['generic_network'], 1)
>>> sections[0].table("centralities").rows[0]
['a', 'Ann', None, 1, 1, 1.0, 0.0, 1.0]
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.analysis.generic import (
    EXACT_LIMIT,
    EXACT_WORK,
    PROJECTION_PAIR_LIMIT,
    GenericNetwork,
    OneModeMeasures,
    Projection,
)
from graph.analysis.report_model import Column, Figure, Section, Table, ValueKind

#: Section keys, in report order.
SECTION_KEYS = ("generic_network", "generic_two_mode", "generic_projection_1", "generic_projection_2")
#: Labels of party-building data: a graph holding none of them is a researcher's network alone.
PARTY_LABELS = frozenset({"Community", "Unit", "PartyOrg", "Member", "Resource", "Need", "Activity"})


def _c(key: str, zh: str, en: str, kind: ValueKind = "text") -> Column:
    return Column(key, zh, en, kind)


def only_generic(G: nx.MultiDiGraph) -> bool:
    """Whether every node of ``G`` is a generic ``Node`` (no party-building data at all): the
    generic sections then come first in the report.

    >>> G = nx.MultiDiGraph(); G.add_node("a", label="Node")
    >>> only_generic(G)
    True
    """
    return len(G) > 0 and not any(lab in PARTY_LABELS for _, lab in G.nodes(data="label"))


def _name(G: nx.MultiDiGraph, v: str) -> str:
    return str(G.nodes[v].get("name") or "") if v in G else ""


def _measure_figures(m: OneModeMeasures) -> list[Figure]:
    return [
        Figure("nodes", "节点", "nodes", m.nodes),
        Figure("ties", "联系", "ties", m.ties),
        Figure("density", "密度", "density", m.density, "float"),
        Figure("components", "成分数", "components", m.components),
        Figure("largest_component_share", "最大成分占比", "largest component's share", m.largest_component_share, "ratio"),
        Figure("isolates", "孤立节点", "isolates", m.isolates),
        Figure("degree_centralization", "度数中心势（Freeman）", "degree centralization (Freeman)",
               m.degree_centralization, "float"),
        Figure("betweenness_centralization", "中介中心势（Freeman）", "betweenness centralization (Freeman)",
               m.betweenness_centralization, "float"),
        Figure("closeness_centralization", "接近中心势（Freeman；不连通时无定义）",
               "closeness centralization (Freeman; undefined when disconnected)", m.closeness_centralization, "float"),
        Figure("betweenness_sampled", "中介中心度为抽样估计", "betweenness is a sampled estimate", m.betweenness_sampled, "bool"),
        Figure("closeness_computed", "接近中心度已计算", "closeness computed", m.closeness_computed, "bool"),
    ]


def _measure_notes(m: OneModeMeasures) -> tuple[list[str], list[str]]:
    zh = ["度数 = 相邻节点数，度数中心度 = 度数 /（n − 1）（Freeman 1979）；中介中心度按 (n − 1)(n − 2)/2 标准化"
          "（Freeman 1977；Brandes 2001）；接近中心度 = (r − 1)/(n − 1) ·（r − 1）/ 到可达节点的距离之和，"
          "r 为可达节点数（含自身）：不连通时为成分内的接近度乘以可达占比，取值 0–1，孤立节点为 0"
          "（Wasserman & Faust 1994，第 201 页；networkx closeness_centrality）。按无向、无重复边读取，不计权重。"
          "中心势按 Freeman (1979)；接近中心势在不连通网络上无定义。成分按规模从大到小编号。"]
    en = ["Degree = number of neighbours, degree centrality = degree / (n − 1) (Freeman 1979); betweenness "
          "normalized by (n − 1)(n − 2)/2 (Freeman 1977; Brandes 2001); closeness = (r − 1)/(n − 1) · (r − 1) / the "
          "sum of distances to the r − 1 nodes reached: on a disconnected network closeness within the component "
          "times the share reached, in 0–1, 0 for an isolate (Wasserman & Faust 1994, p. 201; networkx "
          "closeness_centrality). Read undirected, one tie per pair, unweighted. Centralization after Freeman "
          "(1979); closeness centralization is undefined on a disconnected network. Components are numbered "
          "by size, largest first."]
    if m.betweenness_sampled:
        zh.append(f"网络超过 {EXACT_LIMIT} 个节点或节点数 × 联系数超过 {EXACT_WORK:,}：中介中心度为抽样估计"
                  f"（{m.betweenness_k} 个起点，最大标准误 {m.betweenness_error}），未计算接近中心度。")
        en.append(f"Above {EXACT_LIMIT} nodes or {EXACT_WORK:,} nodes × ties betweenness is estimated from "
                  f"{m.betweenness_k} sampled pivots (largest standard error {m.betweenness_error}) and closeness "
                  "is not computed.")
    elif not m.closeness_computed:
        zh.append(f"节点数 × 联系数超过 {EXACT_WORK:,}：未计算接近中心度。")
        en.append(f"Above {EXACT_WORK:,} nodes × ties closeness is not computed.")
    return zh, en


def _centrality_table(G: nx.MultiDiGraph, m: OneModeMeasures, kinds: dict[str, str | None] | None,
                      weighted: bool, sort_by: str) -> Table:
    columns = [_c("id", "编号", "id"), _c("name", "名称", "name")]
    if kinds is not None:
        columns.append(_c("kind", "类型", "kind"))
    columns += [_c("component", "所在成分", "component", "int"), _c("degree", "度数", "degree", "int")]
    if weighted:
        columns.append(_c("strength", "加权度数（共同隶属合计）", "strength (sum of tie weights)", "int"))
    columns += [_c("degree_centrality", "度数中心度", "degree centrality", "float"),
                _c("betweenness", "中介中心度", "betweenness", "float"),
                _c("closeness", "接近中心度", "closeness", "float")]
    rows: list[list[Any]] = []
    for v in sorted(m.centralities, key=lambda v: (_name(G, v), str(v))):
        c = m.centralities[v]
        row: list[Any] = [v, _name(G, v)]
        if kinds is not None:
            row.append(kinds.get(v))
        row += [m.component_of.get(v), c["degree"]]
        if weighted:
            row.append(c.get("strength"))
        row += [c["degree_centrality"], c["betweenness"], c["closeness"]]
        rows.append(row)
    return Table("centralities", "节点中心度", "node centralities", tuple(columns), rows, sort_by=sort_by)


def _tie_rows(G: nx.MultiDiGraph, ties: list[tuple[str, str, int]]) -> list[list[Any]]:
    """One row per tie, the node first by name (then id) on the left, rows sorted by the names."""
    rows = []
    for u, v, w in ties:
        if (_name(G, v), v) < (_name(G, u), u):
            u, v = v, u
        rows.append([u, _name(G, u), v, _name(G, v), w])
    return sorted(rows, key=lambda r: (r[1], r[0], r[3], r[2]))


def _components_table(m: OneModeMeasures) -> Table:
    n = m.nodes
    return Table("components", "成分", "components",
                 (_c("component", "成分", "component", "int"), _c("size", "节点数", "nodes", "int"),
                  _c("share", "占全部节点", "share of all nodes", "ratio")),
                 [[i, size, round(size / n, 4)] for i, size in enumerate(m.component_sizes, start=1)], sort_by="size")


def _whole_section(G: nx.MultiDiGraph, r: GenericNetwork) -> Section:
    m = r.whole
    two = r.two_mode
    kinds = sorted({k for k in r.kinds.values() if k is not None})
    figures = [Figure("two_mode", "二模网络", "two-mode network", two is not None, "bool"),
               Figure("kinds", "节点类型", "kinds of node", kinds, "list"), *_measure_figures(m)]
    zh, en = _measure_notes(m)
    zh.insert(0, "通用网络：标签为 Node 且在统计日期存在（开始时间不晚于该日、结束时间晚于该日或为空）的节点，以及该日有效的 "
                 "LINKED_TO 关系。节点类型 = Node 的「类型」，其他标签的节点为其标签；恰有两种类型、每个节点都有类型、"
                 "且每条联系都连接不同类型时，视为二模网络（另见二模与投影各节）。")
    en.insert(0, "The generic network: the nodes labelled Node that exist on the report date (start on or before "
                 "it, end after it or empty) and the LINKED_TO ties valid then. A node's kind is its type for a "
                 "Node and its label otherwise; with exactly two kinds, every node of a kind and every tie joining "
                 "two kinds, the network is two-mode (see the two-mode and projection sections).")
    return Section("generic_network", "通用网络", "generic network", figures,
                   [_centrality_table(G, m, r.kinds, False, "degree"), _components_table(m)], zh, en)


def _two_mode_section(G: nx.MultiDiGraph, r: GenericNetwork) -> Section:
    t = r.two_mode
    assert t is not None
    figures = [Figure("first_kind", "第一类节点", "first mode", t.kinds[0], "text"),
               Figure("first_nodes", "第一类节点数", "nodes of the first mode", t.sizes[0]),
               Figure("second_kind", "第二类节点", "second mode", t.kinds[1], "text"),
               Figure("second_nodes", "第二类节点数", "nodes of the second mode", t.sizes[1]),
               Figure("ties", "联系", "ties", t.ties),
               Figure("density", "二模网络密度", "two-mode density", t.density, "float"),
               Figure("exact", "接近与中介中心度已计算", "closeness and betweenness computed", t.exact, "bool")]
    rows = [[v, _name(G, v), r.kinds.get(v), *(t.centralities[v][k] for k in ("degree", "closeness", "betweenness"))]
            for v in sorted(t.centralities, key=lambda v: (r.kinds.get(v) != t.kinds[0], _name(G, v), v))]
    table = Table("centralities", "二模中心度（Borgatti & Everett 1997）", "two-mode centralities (Borgatti & Everett 1997)",
                  (_c("id", "编号", "id"), _c("name", "名称", "name"), _c("mode", "类别", "mode"),
                   _c("degree", "度数中心度", "degree", "float"), _c("closeness", "接近中心度", "closeness", "float"),
                   _c("betweenness", "中介中心度", "betweenness", "float")), rows, sort_by="degree")
    zh = [f"二模网络：第一类「{t.kinds[0]}」（联系多从此类出发）× 第二类「{t.kinds[1]}」；密度 = 联系 /（n₁·n₂）。"
          "中心度按本类节点在两类规模下可达的最大值标准化（Borgatti & Everett 1997）：度数 = 度数 / 另一类节点数；"
          "接近 =（m + 2(n − 1)）/ 距离之和，不连通时取可达部分内的值（m_v + 2n_v）/ 距离之和，再乘以可达节点占比，"
          "取值 0–1；中介 = 中介度 / 本类可达的最大值。"]
    en = [f"Two-mode network: first mode “{t.kinds[0]}” (the kind most ties start from) × second mode "
          f"“{t.kinds[1]}”; density = ties / (n₁·n₂). Centralities are normalized by the largest value a node of "
          "its mode can reach given both modes' sizes (Borgatti & Everett 1997): degree = degree / size of the "
          "other mode; closeness = (m + 2(n − 1)) / sum of distances, and on a disconnected network "
          "(m_v + 2n_v) / sum of distances within the part reached, times the share of nodes reached, in 0–1; "
          "betweenness = betweenness / the largest possible for the mode."]
    if not t.exact:
        zh.append(f"网络超过 {EXACT_LIMIT} 个节点或节点数 × 联系数超过 {EXACT_WORK:,}：只计算度数中心度。")
        en.append(f"Above {EXACT_LIMIT} nodes or {EXACT_WORK:,} nodes × ties only degree is computed.")
    return Section("generic_two_mode", "二模网络", "two-mode network", figures, [table], zh, en)


def _projection_section(G: nx.MultiDiGraph, p: Projection, number: int) -> Section:
    m = p.measures
    built = m is not None
    figures = [Figure("kind", "投影到的节点类型", "kind projected onto", p.kind, "text"),
               Figure("via", "经由的节点类型", "through the kind", p.other_kind, "text"),
               Figure("built", "已构建", "built", built, "bool"),
               Figure("total_weight", "权重合计（共同隶属次数）", "sum of tie weights", sum(w for _, _, w in p.ties), "int")]
    tables: list[Table] = []
    zh = [f"一模投影：两个「{p.kind}」之间的联系权重 = 二者共同连接的「{p.other_kind}」数（共同隶属/重叠数，Breiger 1974）。"
          "中心度按有无联系计算（不计权重），定义同「通用网络」一节；加权度数 = 该节点各联系权重之和（Barrat et al. 2004）。"]
    en = [f"One-mode projection: the weight of a tie between two “{p.kind}” nodes = the number of “{p.other_kind}” "
          "nodes both are tied to (co-membership / overlap, Breiger 1974). Centralities are of the binary "
          "projection (weights not used), defined as in the generic network section; strength = the sum of a "
          "node's tie weights (Barrat et al. 2004)."]
    if m is not None:
        figures += _measure_figures(m)
        mz, me = _measure_notes(m)
        zh += mz[1:]
        en += me[1:]
        tables.append(Table("ties", "投影联系及权重", "projected ties and their weights",
                            (_c("u", "节点甲", "node A"), _c("u_name", "名称甲", "name A"), _c("v", "节点乙", "node B"),
                             _c("v_name", "名称乙", "name B"), _c("weight", "权重", "weight", "int")),
                            _tie_rows(G, p.ties), sort_by="weight"))
        tables.append(_centrality_table(G, m, None, True, "strength"))
    else:
        zh.append(f"投影需检查 {p.pairs:,} 对节点，超过上限 {PROJECTION_PAIR_LIMIT:,}，未构建。")
        en.append(f"The projection would examine {p.pairs:,} pairs, more than the limit of {PROJECTION_PAIR_LIMIT:,}; "
                  "it is not built.")
    return Section(f"generic_projection_{number}", f"一模投影（第{'一二'[number - 1]}类）",
                   f"one-mode projection of the {('first', 'second')[number - 1]} mode", figures, tables, zh, en)


def generic_sections(G: nx.MultiDiGraph, r: GenericNetwork) -> list[Section]:
    """The report sections of the generic network ``r`` of ``G`` (node names from ``G``); none
    when ``G`` holds no generic data."""
    if not r.present:
        return []
    sections = [_whole_section(G, r)]
    if r.two_mode is not None:
        sections.append(_two_mode_section(G, r))
        sections += [_projection_section(G, p, i) for i, p in enumerate(r.two_mode.projections, start=1)]
    return sections

