"""A map's title and subtitle, from the one message catalogue.

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

from typing import TYPE_CHECKING

from graph.texts import t

if TYPE_CHECKING:
    from graph.maps.model import MapModel


def map_title(m: MapModel, lang: str = "zh") -> str:
    """``<kind's title> · <scope's name>``."""
    where = m.scope_name or (t("map_scope_all", lang) if m.scope == "all" else m.scope)
    return f"{t('map_kind_' + m.kind, lang)} · {where}"


def map_subtitle(m: MapModel, lang: str = "zh") -> str:
    """The date, the scope, the counts, and whether the map is aggregated."""
    text = t("map_subtitle", lang).format(as_of=m.as_of, scope=m.scope, nodes=len(m.nodes), edges=len(m.edges))
    if m.aggregated:
        text += t("map_aggregated_note", lang).format(total=m.total_nodes)
    return text
