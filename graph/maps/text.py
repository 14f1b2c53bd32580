"""A map's title and subtitle, and its attributes' labels and values as a reader sees them,
from the one message catalogue.

Examples
--------
>>> from graph.maps.model import MapModel
>>> m = MapModel("coverage", "community:C1", "2026-10-31", "v1", False, False, (), (), scope_name="和平社区")
>>> map_title(m, "zh")
'党组织覆盖图 · 和平社区'
>>> map_subtitle(m, "en")
'as of 2026-10-31 · scope community:C1 · 0 nodes, 0 ties'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from graph.maps.style import EDGE_STYLES, STATUS_STYLES, node_style
from graph.model import OrgKind, ResourceCategory, UnitType
from graph.texts import t

if TYPE_CHECKING:
    from graph.maps.model import MapModel


def half_up(value: float, places: int) -> str:
    """``value`` rounded half up to ``places`` decimals, as the reports show figures.

    >>> half_up(54.545, 1), half_up(0.25, 1)
    ('54.5', '0.3')
    """
    return str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def map_title(m: MapModel, lang: str = "zh") -> str:
    """``<kind's title> · <scope's name>``."""
    where = m.scope_name or (t("map_scope_all", lang) if m.scope == "all" else m.scope)
    return f"{t('map_kind_' + m.kind, lang)} · {where}"


def map_subtitle(m: MapModel, lang: str = "zh") -> str:
    """The date, the scope (as ``--scope`` spells it; the whole data in words), the counts, and
    whether the map is aggregated."""
    scope = t("map_scope_all", lang) if m.scope == "all" else m.scope
    text = t("map_subtitle", lang).format(as_of=m.as_of, scope=scope, nodes=len(m.nodes), edges=len(m.edges))
    if m.aggregated:
        text += t("map_aggregated_note", lang).format(total=m.total_nodes)
    return text


_ENUM_ATTRS = {"unit_type": UnitType, "org_kind": OrgKind, "category": ResourceCategory}


def attr_label(key: str, lang: str = "zh") -> str:
    """The label of a node or tie attribute (``map_attr_<key>`` in the catalogue; a
    ``count_<type>`` of an aggregated map names the type; else the key itself).

    >>> attr_label("degree"), attr_label("count_party_org"), attr_label("count_school", "en"), attr_label("xyz")
    ('关系数（度）', '党组织（个）', 'school (count)', 'xyz')
    """
    if key.startswith("count_"):
        return t("map_attr_count_of", lang).format(type=node_style(key[len("count_"):]).text(lang))
    try:
        return t("map_attr_" + key, lang)
    except KeyError:
        return key


def attr_text(key: str, value: Any, lang: str = "zh") -> str:
    """An attribute's value as a reader sees it: codes of the model's enumerations, coverage
    statuses, brokerage roles and tie kinds in ``lang``; rates as percentages.

    >>> attr_text("unit_type", "private_enterprise"), attr_text("coverage_status", "own", "en")
    ('非公有制企业', 'own organization')
    >>> attr_text("brokerage_role", "liaison"), attr_text("reasons", "co_building, shared_resource")
    ('联络人', '共建协议、共享资源')
    >>> attr_text("org_coverage_rate", 0.568182), attr_text("degree", 3), attr_text("betweenness", 0.0123456)
    ('56.8%', '3', '0.0123')
    """
    if isinstance(value, bool):
        return t("file_yes" if value else "file_no", lang)
    if key in _ENUM_ATTRS and isinstance(value, str):
        try:
            return _ENUM_ATTRS[key].parse(value).label(lang)
        except ValueError:
            return value
    if key == "coverage_status" and value in STATUS_STYLES:
        return STATUS_STYLES[value].text(lang)
    if key == "brokerage_role" and isinstance(value, str):
        try:
            return t("map_role_" + value, lang)
        except KeyError:
            return value
    if key == "reasons" and isinstance(value, str):
        sep = "、" if lang == "zh" else ", "
        return sep.join(EDGE_STYLES[k].text(lang) if k in EDGE_STYLES else k for k in value.split(", "))
    if key.endswith("_rate") and isinstance(value, float):
        return f"{half_up(value * 100, 1)}%"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)
