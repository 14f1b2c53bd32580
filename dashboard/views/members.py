"""党员 Members: 报到 by community and by employer, 失联, floating members without a station,
engagement and volunteer hours by branch."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import filters, widgets
from graph.texts import t

view, report = filters.report_page("dash_page_members")
lang = view.lang

members = report.section("member_coverage")
widgets.section_head(members, lang)
residence = members.table("by_residence")
rate = [c.key for c in residence.columns].index("reporting_rate")
rows = list(residence.rows)  # the report is of the place chosen: no narrowing
if rows:
    chart = pd.DataFrame({t("dash_community", lang): [r[1] for r in rows],
                          residence.column("reporting_rate").header(lang): [(r[rate] or 0) * 100 for r in rows]})
    st.bar_chart(chart, x=t("dash_community", lang), y=residence.column("reporting_rate").header(lang),
                 y_label="%", x_label="")
widgets.show_table(residence, lang, key="by-residence")
for key in ("unreported", "lost_contact", "floating_without_station", "contact_unknown", "without_org"):
    listed = members.table(key)
    branch = [c.key for c in listed.columns].index("branch")
    widgets.show_table(listed, lang, key=f"members-{key}",
                       where=(lambda row, b=branch: row[b] == view.branch) if view.branch else None)
widgets.show_table(members.table("by_employer"), lang, key="members-by_employer")
widgets.notes(members, lang)

engagement = report.section("member_engagement")
widgets.section_head(engagement, lang)
by_branch = engagement.table("by_branch")
widgets.show_table(by_branch, lang, key="by-branch", where=(lambda row: row[0] == view.branch) if view.branch else None)
widgets.show_table(engagement.table("inactive"), lang, key="inactive")
widgets.notes(engagement, lang)
