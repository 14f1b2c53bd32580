"""A map as an Apache ECharts option: plain JSON-serializable data, no JavaScript functions, so
the same dict feeds the standalone HTML map (:mod:`exports.map_html`) and the dashboard.

One ``graph`` series with ``layout: "none"``: the model's positions (in [-1, 1], y up) become
``x * 1000``, ``-y * 1000`` (screen y grows downwards). Colours, shapes and legend texts all
come from :mod:`graph.maps.style`; each type and status of the legend is a category, so the
ECharts legend toggles them. A node is in its status's category when it has a status (the
status colours it), else in its type's.

Examples
--------
>>> from graph.maps.model import MapEdge, MapModel, MapNode
>>> m = MapModel("co_building", "all", "2026-10-31", "v1", False, False,
...     (MapNode("O1", "社区党委", "party_org", x=1.0, y=0.5), MapNode("U1", "某公司", "private_enterprise")),
...     (MapEdge("O1", "U1", "co_building"),))
>>> opt = echarts_option(m)
>>> s = opt["series"][0]
>>> s["type"], s["layout"], [c["name"] for c in s["categories"]]
('graph', 'none', ['党组织', '非公有制企业'])
>>> s["data"][0]["id"], s["data"][0]["x"], s["data"][0]["y"], s["data"][0]["symbol"]
('O1', 1000.0, -500.0, 'diamond')
>>> s["links"][0]["lineStyle"]["color"] == EDGE_STYLES["co_building"].color
True
"""

from __future__ import annotations

import math
from typing import Any

from graph.maps.model import LegendEntry, MapModel, MapNode
from graph.maps.style import CHROME, EDGE_STYLES, MARK_STYLES, node_style
from graph.maps.text import map_title

#: Pixels per unit of the model's [-1, 1] coordinates.
SCALE = 1000.0
#: How many of the largest nodes carry a visible label.
LABELLED = 30
#: Above this many nodes the option drops what costs most when drawing (animation, hover scale);
#: ECharts' graph series has no progressive rendering (its source says so), so that is not set.
LARGE = 2000
MIN_SIZE, MAX_SIZE = 6.0, 40.0

#: ECharts symbols of the style table's abstract shapes; hexagons and pentagons are SVG paths.
SYMBOLS: dict[str, str] = {
    "circle": "circle", "square": "rect", "diamond": "diamond", "triangle": "triangle",
    "hexagon": "path://M50,0L93.3,25L93.3,75L50,100L6.7,75L6.7,25Z",
    "pentagon": "path://M50,0L97.6,34.5L79.4,90.5L20.6,90.5L2.4,34.5Z",
}


def symbol(shape: str) -> str:
    """The ECharts symbol of a style ``shape`` (a circle for one it does not know).

    >>> symbol("square"), symbol("hexagon").startswith("path://"), symbol("blob")
    ('rect', True, 'circle')
    """
    return SYMBOLS.get(shape, "circle")


def density(count: int) -> float:
    """How much a map of ``count`` nodes shrinks its symbols: 1 up to 300 nodes, then with the
    square root of the count (a 2,000-node map draws them at about 0.4).

    >>> density(10), round(density(2000), 2)
    (1.0, 0.39)
    """
    return 1.0 if count <= 300 else math.sqrt(300 / count)


def symbol_size(size: float, scale: float = 1.0) -> float:
    """The symbol's diameter in pixels for a node of ``size``: grows with its square root,
    times ``scale`` (:func:`density`), clamped to [6, 40].

    >>> symbol_size(1), symbol_size(0), symbol_size(10_000), symbol_size(4, 0.5)
    (12.0, 6.0, 40.0, 10.0)
    """
    px = (4.0 + 8.0 * math.sqrt(max(float(size), 0.0))) * scale
    return round(min(max(px, MIN_SIZE), MAX_SIZE), 1)


def categories(model: MapModel, lang: str = "zh") -> tuple[list[dict[str, Any]], dict[tuple[str, str], int]]:
    """The series' categories (one per legend entry of group type or status) and the index of
    each ``(group, key)``. Two entries of the same text get their group's word appended, since
    ECharts tells categories apart by name."""
    entries: list[LegendEntry] = [e for e in model.legend() if e.group in ("type", "status")]
    texts = [e.text(lang) for e in entries]
    cats, index = [], {}
    for i, e in enumerate(entries):
        name = texts[i] if texts.count(texts[i]) == 1 else f"{texts[i]} ({e.group})"
        index[(e.group, e.key)] = i
        cats.append({"name": name, "symbol": symbol(e.style.shape if e.group == "type" else "circle"),
                     "itemStyle": {"color": e.style.color}})
    return cats, index


def _category(n: MapNode, index: dict[tuple[str, str], int]) -> int:
    return index[("status", n.status)] if n.status else index[("type", n.type)]


def labelled(model: MapModel, count: int = LABELLED) -> set[str]:
    """The ids of the ``count`` largest nodes (ties broken by id): the ones labelled."""
    return {n.id for n in sorted(model.nodes, key=lambda n: (-n.size, n.id))[:count]}


def _node(n: MapNode, cat: int, show_label: bool, scale: float) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": n.id, "name": n.name, "x": round(n.x * SCALE, 2), "y": round(-n.y * SCALE, 2) + 0.0,
        "symbol": symbol(node_style(n.type).shape), "symbolSize": symbol_size(n.size, scale),
        "category": cat, "itemStyle": {"color": n.style.color},
    }
    if "should_have_org" in n.marks:
        item["itemStyle"].update(borderColor=MARK_STYLES["should_have_org"].color, borderWidth=3)
    if show_label:
        item["label"] = {"show": True}
    return item


def _width(weight: float) -> float:
    return round(min(1.0 + math.log(max(weight, 1.0)), 6.0), 2)


def echarts_option(model: MapModel, lang: str = "zh") -> dict[str, Any]:
    """The ECharts option drawing ``model`` with texts in ``lang`` (module docstring).

    Every value is plain JSON (``json.dumps`` takes it as is). No tooltip formatter is set:
    ECharts' default tooltip escapes names; the HTML map adds its own escaping formatter. The
    label formatter here is ECharts' own template (``{b}``, the name); a renderer that can pass
    functions replaces it with one returning the name, since a template also expands ``{c0}``
    or ``{@x}`` written inside a name (the HTML map does).

    >>> import json
    >>> from graph.maps.model import MapModel, MapNode
    >>> m = MapModel("co_building", "all", "2026-10-31", "v1", False, False, (MapNode("U1", "<b>", "school"),), ())
    >>> json.loads(json.dumps(echarts_option(m, "en")))["legend"]["data"]
    ['school']
    """
    model = model.localized(lang)
    large = len(model.nodes) > LARGE
    cats, index = categories(model, lang)
    shown = labelled(model)
    names = {n.id: n.name for n in model.nodes}
    scale = density(len(model.nodes))
    data = [_node(n, _category(n, index), n.id in shown, scale) for n in model.nodes]
    links = []
    for e in model.edges:
        if e.source not in names or e.target not in names:
            continue
        style = EDGE_STYLES.get(e.kind)
        line: dict[str, Any] = {"width": _width(e.weight)}
        if style is not None:
            line.update(color=style.color, type="dashed" if style.dashed else "solid")
        links.append({"source": e.source, "target": e.target, "value": e.weight, "kind": e.kind,
                      "lineStyle": line})
    series: dict[str, Any] = {
        "type": "graph", "id": "map", "name": map_title(model, lang),
        "layout": "none", "coordinateSystem": "view", "roam": True, "draggable": False,
        "data": data, "links": links, "categories": cats,
        "label": {"show": False, "position": "right", "formatter": "{b}", "fontSize": 11,
                  "color": CHROME["label"]},
        "labelLayout": {"hideOverlap": True},
        "lineStyle": {"opacity": round(0.15 + 0.55 * scale, 2), "curveness": 0},
        "edgeLabel": {"show": False},
        "emphasis": {"focus": "adjacency", "scale": not large, "lineStyle": {"opacity": 1, "width": 2}},
        "blur": {"itemStyle": {"opacity": 0.25}, "lineStyle": {"opacity": 0.08}},
        "selectedMode": "single",
        "select": {"itemStyle": {"borderColor": CHROME["selected"], "borderWidth": 4},
                   "label": {"show": True, "fontWeight": "bold"}},
        "nodeScaleRatio": 0.6, "scaleLimit": {"min": 0.2, "max": 40},
        "left": 20, "right": 90, "top": 20, "bottom": 50,
    }
    return {
        "backgroundColor": CHROME["background"],
        "animation": not large, "animationDurationUpdate": 300,
        # Hover effects on their own layer once a map is big (ECharts' default is 3,000 elements).
        "hoverLayerThreshold": 1500,
        "tooltip": {"trigger": "item", "confine": True},
        "legend": {"type": "scroll", "orient": "horizontal", "bottom": 5, "left": "center",
                   "data": [c["name"] for c in cats], "textStyle": {"color": CHROME["text"]}},
        "series": [series],
    }
