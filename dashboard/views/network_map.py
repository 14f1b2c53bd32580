"""网络图 Network map: the map model of the exports, drawn interactively (streamlit-echarts,
offline): kind, scope and type filters; a click shows a node's details and neighbours; the
legend and colours of the exported maps; aggregated above the threshold, with drill-in; the
stored layout, so positions stay where they were between reruns."""

from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st
from streamlit_echarts import JsCode, st_echarts

from dashboard import filters, state, widgets
from exports.map_echarts import echarts_option, labelled
from graph.maps.model import KINDS, MapModel
from graph.maps.text import attr_label, attr_text, map_subtitle, map_title
from graph.texts import t

#: How many of the largest nodes keep their label on a narrow screen.
NARROW_LABELS = 8


def _shown(model: MapModel, types: list[str]) -> MapModel:
    keep = tuple(n for n in model.nodes if n.type in types)
    ids = {n.id for n in keep}
    return replace(model, nodes=keep, edges=tuple(e for e in model.edges if e.source in ids and e.target in ids))


view = filters.page("dash_page_map")
lang = view.lang
left, middle, right = st.columns([1, 1, 2])
kind = str(left.selectbox(t("dash_map_kind", lang), KINDS, key="map_kind",
                          format_func=lambda k: t(f"map_kind_{k}", lang)))
scope = view.map_scope()
model = state.map_view(kind, scope, view.as_of).localized(lang)
present = sorted({n.type for n in model.nodes})
legend_types = {e.key: e.text(lang) for e in model.legend() if e.group == "type"}
types = right.multiselect(t("dash_map_types", lang), present, default=present, key=f"map_types_{kind}",
                          format_func=lambda k: legend_types.get(k, k))
middle.metric(t("dash_map_nodes", lang), f"{len(model.nodes):,}")
st.markdown(f"**{widgets.md(map_title(model, lang))}** — {widgets.md(map_subtitle(model, lang))}")

shown = _shown(model, types)
option = widgets.inert(echarts_option(shown, lang))
series = option["series"][0]
# On a phone (a chart narrower than 600 px) only the few largest nodes keep their label: the
# others would cover the map; a tap still names any node.
few = labelled(shown, NARROW_LABELS)
for item in series.get("data", []):
    if item.get("id") in few:
        item["few"] = True
# Functions, not templates: a template would expand {c0} or {@x} written inside a name.
series["label"] = {**series.get("label", {}), "formatter": JsCode(
    "function (p) { return window.innerWidth < 600 && !(p.data && p.data.few) ? '' : p.name; }")}
option["tooltip"] = {**option.get("tooltip", {}), "formatter": JsCode(
    "function (p) { var d = document.createElement('div'); d.textContent = p.name || ''; return d.innerHTML; }")}
event = st_echarts(option, height="640px", key=f"map-{kind}-{scope}-{view.as_of}",
                   events={"click": "function (p) { return p.dataType === 'node' ? {id: p.data.id} : undefined; }",
                           # the live chart, for scripted tests (returns nothing: no rerun)
                           "finished": "function () { window.gongjianChart = chart; }"})

# The chart's own legend names the types and statuses (and hides them on a click); the marks and
# ties, which it cannot show, are listed under it in the exports' colours.
extra = [e for e in model.legend() if e.group in ("mark", "edge")]
if extra:
    st.markdown(" ".join(
        f"<span style='display:inline-block;width:1.4em;height:0;border-top:3px {'dashed' if e.style.dashed else 'solid'} "
        f"{e.style.color};vertical-align:middle;margin:0 0.3em 0 0.8em'></span>{html.escape(e.text(lang))}"
        for e in extra), unsafe_allow_html=True)

picked = None
chart_event = getattr(event, "chart_event", None) if event is not None else None
if isinstance(chart_event, dict) and isinstance(chart_event.get("id"), str):
    picked = chart_event["id"]
picked = st.session_state.get("map_picked") if picked is None else picked
node = next((n for n in model.nodes if n.id == picked), None)
st.subheader(t("dash_map_details", lang))
if node is None:
    st.caption(t("map_html_details_hint", lang))
else:
    st.session_state["map_picked"] = node.id
    st.markdown(f"**{widgets.md(node.name)}** · {widgets.md(legend_types.get(node.type, node.type))}")
    rows = [(t("map_html_id", lang), node.id)]
    if node.status:
        rows.append((t("map_html_status", lang), next((e.text(lang) for e in model.legend()
                                                        if e.group == "status" and e.key == node.status), node.status)))
    rows += [(attr_label(k, lang), attr_text(k, v, lang)) for k, v in node.attrs.items()]
    st.table({t("dash_field", lang): [r[0] for r in rows], t("dash_value", lang): [str(r[1]) for r in rows]})
    if model.aggregated and node.community:
        st.button(t("dash_map_drill", lang).format(name=widgets.md(node.name)), key="drill",
                  on_click=lambda c=node.community: st.session_state.update(f_community=c, map_picked=None))
    neighbours = sorted(model.neighbours(node.id), key=lambda n: model.node(n).name)
    st.markdown(t("map_html_neighbours", lang).format(n=len(neighbours)))
    for other in neighbours[:50]:
        st.button(widgets.md(model.node(other).name), key=f"nb-{other}",
                  on_click=lambda o=other: st.session_state.update(map_picked=o))
