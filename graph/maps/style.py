"""The one style table of every map, export and dashboard page: colour, shape and legend text
(zh/en) per actor type, coverage status and tie kind.

Shapes are named abstractly (``circle``, ``square``, ``diamond``, ``triangle``, ``hexagon``,
``pentagon``); each renderer maps them to its own symbols (:data:`SHAPES` lists them).

Examples
--------
>>> NODE_STYLES["party_org"].text("zh"), NODE_STYLES["party_org"].shape
('党组织', 'diamond')
>>> node_style("private_enterprise").color
'#e67e22'
>>> node_style("no-such-type").text("en")
'other'
>>> EDGE_STYLES["co_building"].text("zh")
'共建协议'
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import UnitType

#: The colour a legend gives a type whose nodes are all coloured by their status (only its shape counts).
SHAPE_ONLY_COLOR = "#bfc5ca"

SHAPES = ("circle", "square", "diamond", "triangle", "hexagon", "pentagon")


@dataclass(frozen=True)
class Style:
    """How one kind of node or tie is drawn, and what the legend calls it."""

    key: str
    color: str
    shape: str
    zh: str
    en: str
    dashed: bool = False

    def text(self, lang: str = "zh") -> str:
        """The legend text in ``lang``."""
        return self.zh if lang == "zh" else self.en


def _s(key: str, color: str, shape: str, zh: str, en: str, dashed: bool = False) -> Style:
    return Style(key, color, shape, zh, en, dashed)


_UNIT_COLORS = {
    UnitType.GOVERNMENT: "#1f77b4", UnitType.PUBLIC_INSTITUTION: "#17becf", UnitType.SOE: "#2ca02c",
    UnitType.PRIVATE_ENTERPRISE: "#e67e22", UnitType.SOCIAL_ORG: "#9467bd", UnitType.SCHOOL: "#8c564b",
    UnitType.HOSPITAL: "#e377c2", UnitType.RESIDENTS_COMMITTEE: "#bcbd22",
    UnitType.PROPERTY_COMPANY: "#7f7f7f", UnitType.OWNERS_COMMITTEE: "#6a8caf", UnitType.OTHER: "#b0b0b0",
}

#: Node styles by node type: party organizations, each unit type, and the other labels.
NODE_STYLES: dict[str, Style] = {
    "party_org": _s("party_org", "#c0392b", "diamond", "党组织", "party organization"),
    **{t.value: _s(t.value, c, "circle", t.zh, t.en) for t, c in _UNIT_COLORS.items()},
    "unit": _s("unit", "#5d6d7e", "circle", "单位", "unit"),
    "community": _s("community", "#2c3e50", "square", "社区", "community"),
    "member": _s("member", "#3498db", "triangle", "党员", "party member"),
    "instructor": _s("instructor", "#8e44ad", "triangle", "党建指导员", "party-building instructor"),
    "activity": _s("activity", "#27ae60", "hexagon", "活动/项目", "activity or project"),
    "need": _s("need", "#d35400", "pentagon", "需求", "need"),
    "resource": _s("resource", "#16a085", "square", "资源", "resource"),
    "community_group": _s("community_group", "#34495e", "circle", "社区（汇总）", "community (aggregated)"),
}

#: Status styles: they colour a node instead of its type (coverage of a unit, a need met or
#: not, the coverage band of an aggregated community).
STATUS_STYLES: dict[str, Style] = {
    "own": _s("own", "#c0392b", "circle", "单独组建", "own organization"),
    "joint": _s("joint", "#e67e22", "circle", "联合组建", "joint organization"),
    "work": _s("work", "#f1c40f", "circle", "仅工作覆盖", "work coverage only"),
    "none": _s("none", "#95a5a6", "circle", "未覆盖", "not reached"),
    "unmet": _s("unmet", "#e74c3c", "pentagon", "未满足需求", "unmet need"),
    "addressed": _s("addressed", "#2e86c1", "pentagon", "已回应需求", "addressed need"),
    "pending": _s("pending", "#f39c12", "pentagon", "其他需求", "other need"),
    "band_high": _s("band_high", "#c0392b", "circle", "组织覆盖率 ≥ 80%", "organizational coverage ≥ 80%"),
    "band_mid": _s("band_mid", "#e67e22", "circle", "组织覆盖率 50%–80%", "organizational coverage 50–80%"),
    "band_low": _s("band_low", "#f1c40f", "circle", "组织覆盖率 < 50%", "organizational coverage < 50%"),
    "band_none": _s("band_none", "#95a5a6", "circle", "无单位", "no units"),
}

#: Marks drawn on top of a node's colour (a thick outline).
MARK_STYLES: dict[str, Style] = {
    "should_have_org": _s("should_have_org", "#000000", "circle", "应建未建（≥3 名正式党员）",
                          "should have its own organization (≥ 3 full members)"),
}

#: Tie styles by tie kind.
EDGE_STYLES: dict[str, Style] = {
    "co_building": _s("co_building", "#c0392b", "line", "共建协议", "co-building agreement"),
    "co_organized": _s("co_organized", "#27ae60", "line", "联合活动", "joint activity"),
    "shared_resource": _s("shared_resource", "#16a085", "line", "共享资源", "shared resource"),
    "seat": _s("seat", "#2c3e50", "line", "联席会议/兼职委员", "joint meeting or part-time member", True),
    "own": _s("own", "#641e16", "line", "单独组建", "own organization"),
    "joint": _s("joint", "#e67e22", "line", "联合组建覆盖", "covered by a joint organization"),
    "instructor": _s("instructor", "#8e44ad", "line", "党建指导员", "party-building instructor", True),
    "liaison": _s("liaison", "#8e44ad", "line", "联络员", "liaison", True),
    "participated": _s("participated", "#3498db", "line", "参与活动", "took part"),
    "organized": _s("organized", "#27ae60", "line", "组织活动", "organized"),
    "addresses": _s("addresses", "#d35400", "line", "回应需求", "addresses"),
    "uses": _s("uses", "#7d3c98", "line", "使用资源", "uses"),
    "offers": _s("offers", "#5d6d7e", "line", "提供资源", "offers"),
    "aggregate": _s("aggregate", "#7f8c8d", "line", "社区间关系（条数）", "ties between communities (count)"),
}


#: The colours of what is neither a node nor a tie: the page around an interactive map, its
#: text, labels, the selected node's outline and a search hit's.
CHROME: dict[str, str] = {
    "background": "#ffffff", "panel": "#f6f7f9", "border": "#d5d8dc", "text": "#1c2833",
    "muted": "#5d6d7e", "label": "#2c3e50", "selected": "#000000", "highlight": "#f1c40f",
}

def node_style(key: str) -> Style:
    """The style of node type ``key``; an unknown type is drawn as ``other``."""
    return NODE_STYLES.get(key, NODE_STYLES["other"])


def status_style(key: str) -> Style:
    """The style of status ``key`` (:data:`STATUS_STYLES`)."""
    return STATUS_STYLES[key]
