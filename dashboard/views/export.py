"""导出 Export: the report as xlsx/md/json, the maps as html/png/svg/pdf, the network as
GEXF/GraphML — from the same library code as ``gongjian export`` and ``gongjian analyze``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from dashboard import filters, state
from exports.map_data import write_data
from exports.map_html import render_html
from exports.map_static import render_static
from exports.report_files import report_json, report_markdown, report_xlsx
from graph.maps.build import MAX_NODES
from graph.maps.model import KINDS
from graph.texts import t

view = filters.page("dash_page_export")
lang = view.lang
report = state.report(view.as_of, view.place, lang)
stem = f"gongjian-report-{report.as_of}{view.file_part()}"

st.subheader(t("dash_export_report", lang))
st.caption(t("dash_export_report_help", lang).format(date=report.as_of, place=view.place_text()))
a, b, c = st.columns(3)
# The files are made when a button is clicked (a callable), not on every rerun.
a.download_button("Excel (.xlsx)", lambda: report_xlsx(report, lang), file_name=f"{stem}.xlsx", key="report-xlsx",
                  mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
b.download_button("Markdown (.md)", lambda: report_markdown(report, lang).encode("utf-8"), file_name=f"{stem}.md",
                  mime="text/markdown", key="report-md", on_click="ignore")
c.download_button("JSON (.json)", lambda: report_json(report).encode("utf-8"), file_name=f"{stem}.json",
                  mime="application/json", key="report-json", on_click="ignore")

st.subheader(t("dash_export_map", lang))
kind = str(st.selectbox(t("dash_map_kind", lang), KINDS, key="export_kind",
                        format_func=lambda k: t(f"map_kind_{k}", lang)))
scope = view.map_scope()
model = state.map_view(kind, scope, view.as_of)
name = f"gongjian-map-{kind}-{''.join(ch if ch.isalnum() or ch in '-_' else '_' for ch in model.scope)}-{model.as_of}"
st.caption(t("dash_export_map_help", lang).format(n=len(model.nodes)))
cols = st.columns(4)
cols[0].download_button("HTML", lambda: render_html(model, lang).encode("utf-8"), file_name=f"{name}.html",
                        mime="text/html", key="map-html", on_click="ignore")
for col, fmt, mime in zip(cols[1:], ("png", "svg", "pdf"), ("image/png", "image/svg+xml", "application/pdf"),
                          strict=True):
    col.download_button(fmt.upper(), lambda f=fmt: render_static(model, f, lang), file_name=f"{name}.{fmt}",
                        mime=mime, key=f"map-{fmt}", on_click="ignore")

# The network as data, as `gongjian export data` writes it: every node, not aggregated.
st.caption(t("dash_export_data_help", lang))


def network_file(fmt: str) -> bytes:
    data = state.map_view(kind, scope, view.as_of, max_nodes=10**9, layout_up_to=MAX_NODES)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"network.{fmt}"
        write_data(data, path, fmt, lang)
        return path.read_bytes()


cols = st.columns(4)
for col, fmt in zip(cols, ("gexf", "graphml"), strict=False):
    col.download_button(fmt.upper(), lambda f=fmt: network_file(f), file_name=f"{name}.{fmt}",
                        mime="application/xml", key=f"data-{fmt}", on_click="ignore")
