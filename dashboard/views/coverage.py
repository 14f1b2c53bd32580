"""覆盖 Coverage: every coverage analysis as a chart with its drill-down table: units by status
and type, 应建未建, the branch-size rules, coverage suggestions and key players."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import filters, widgets
from graph.texts import t

view, report = filters.report_page("dash_page_coverage")
lang = view.lang

org = report.section("org_coverage")
widgets.section_head(org, lang)
by_type = org.table("by_type")
status_keys = ["own", "joint", "work", "none"]
headers = {c.key: c.header(lang) for c in by_type.columns}
chart = pd.DataFrame(
    [{headers[k]: row[[c.key for c in by_type.columns].index(k)] for k in status_keys}
     | {"type": by_type.column("type").show(row[0], lang)} for row in by_type.rows]).set_index("type")
st.bar_chart(chart, horizontal=True, stack=True, x_label=t("dash_units", lang), y_label="")
units = org.table("units")
status_column = [c.key for c in units.columns].index("status")
statuses = st.multiselect(t("dash_status_filter", lang), status_keys, default=status_keys, key="coverage_statuses",
                          format_func=lambda code: units.column("status").show(code, lang))
# The report is of the place chosen: its tables need no narrowing by place.
widgets.show_table(units, lang, key="coverage-units",
                   where=None if set(statuses) == set(status_keys) else lambda row: row[status_column] in statuses)
widgets.show_table(org.table("by_type"), lang, key="coverage-by-type")
widgets.notes(org, lang)

for key in ("should_have_org", "branch_size"):
    section = report.section(key)
    widgets.section_head(section, lang)
    for table in section.tables:
        widgets.show_table(table, lang, key=f"{key}-{table.key}")
    widgets.notes(section, lang)

section = report.section("coverage_suggestions")
widgets.section_head(section, lang)
suggestions = section.table("suggestions")
widgets.show_table(suggestions, lang, key="suggestions")
widgets.show_table(section.table("key_players"), lang, key="key-players")
widgets.notes(section, lang)
