"""整合 Integration: the co-building network's measures, each explained in a line; who mixes
with whom (a heat map of the actor types); brokers and structural holes; the leadership core
against hub dependence (总揽不包揽); reciprocity."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import filters, widgets
from graph.maps.style import node_style
from graph.texts import t

view, report = filters.report_page("dash_page_integration")
lang = view.lang

network = report.section("co_building_network")
widgets.section_head(network, lang)
for f in network.figures:
    line = widgets.explanation(network.key, f.key, lang)
    if line:
        st.markdown(f"- **{widgets.heading(f.label(lang))}** {widgets.figure_text(f, lang)} — {line}")
st.subheader(t("dash_core_vs_hub", lang))
widgets.metrics(report, [("co_building_network", "community_org_share"), ("co_building_network", "hub_dependent_share")],
                lang, columns=2)
st.caption(t("dash_core_vs_hub_help", lang))
widgets.show_table(network.table("top_actors"), lang, key="top-actors")
widgets.show_table(network.table("by_community"), lang, key="network-by-community")
widgets.notes(network, lang)

cross = report.section("cross_sector")
widgets.section_head(cross, lang)
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
widgets.section_head(reciprocity, lang)
widgets.show_table(reciprocity.table("pairs"), lang, key="pairs")
widgets.notes(reciprocity, lang)
