"""整合 Integration: the co-building network's measures, each explained in a line; who mixes
with whom (a heat map of the actor types); brokers and structural holes; the leadership core
against hub dependence (总揽不包揽); reciprocity."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import filters, state, widgets
from graph.maps.style import node_style
from graph.texts import t

view = filters.page("dash_page_integration")
lang = view.lang
report = state.report(view.as_of, view.community_id, lang)
widgets.caption_of(report, view.place_text(), lang)

network = report.section("co_building_network")
st.subheader(network.title(lang))
widgets.section_figures(network, lang)
for f in network.figures:
    line = widgets.explanation(network.key, f.key, lang)
    if line:
        st.markdown(f"- **{f.label(lang)}** {widgets.figure_text(f, lang)} — {line}")
st.subheader(t("dash_core_vs_hub", lang))
widgets.metrics(report, [("co_building_network", "community_org_share"), ("co_building_network", "hub_dependent_share")],
                lang, columns=2)
st.caption(t("dash_core_vs_hub_help", lang))
widgets.show_table(network.table("top_actors"), lang, key="top-actors")
ids = {p.id for p in view.communities()}
widgets.show_table(network.table("by_community"), lang, key="network-by-community", where=lambda row: row[0] in ids)
widgets.notes(network, lang)

cross = report.section("cross_sector")
st.subheader(cross.title(lang))
widgets.section_figures(cross, lang)
mixing = cross.table("mixing")
types = [c.key for c in mixing.columns[1:]]
cells = [{"from": node_style(row[0]).text(lang), "to": node_style(other).text(lang), "ties": value}
         for row in mixing.rows for other, value in zip(types, row[1:], strict=False)]
if cells:
    heat = alt.Chart(pd.DataFrame(cells)).mark_rect().encode(
        x=alt.X("to:N", title=""), y=alt.Y("from:N", title=""),
        color=alt.Color("ties:Q", title=t("dash_ties", lang), scale=alt.Scale(scheme="reds")),
        tooltip=["from", "to", "ties"])
    st.altair_chart(heat, width="stretch")
for key in ("brokers", "structural_holes", "by_type", "mixing"):
    widgets.show_table(cross.table(key), lang, key=f"cross-{key}")
widgets.notes(cross, lang)

reciprocity = report.section("reciprocity")
st.subheader(reciprocity.title(lang))
widgets.section_figures(reciprocity, lang)
widgets.show_table(reciprocity.table("pairs"), lang, key="pairs")
widgets.notes(reciprocity, lang)
