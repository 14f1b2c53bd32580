"""概览 Overview: the headline figures, each with its change since an earlier date, and the
communities ranked."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import filters, state, widgets
from graph.reporting import HEADLINES
from graph.texts import t

view = filters.page("dash_page_overview")
lang = view.lang
report = state.report(view.as_of, view.community_id, lang)
day = dt.date.fromisoformat(report.as_of)
widgets.caption_of(report, view.place_text(), lang)

default_before = day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else day - dt.timedelta(days=365)
before_day = st.date_input(t("dash_compare_with", lang), value=default_before, key="overview_before",
                           format="YYYY-MM-DD", max_value=day)
before = state.report(before_day, view.community_id, lang) if isinstance(before_day, dt.date) else None

picks = [pick for line in HEADLINES for pick in line]
picks.insert(picks.index(("org_coverage", "own_org_rate")) + 1, ("org_coverage", "work_coverage_rate"))
widgets.metrics(report, picks, lang, before=before)
if before is not None:
    st.caption(t("dash_change_since", lang).format(date=before.as_of))

st.subheader(t("dash_ranking", lang))
ids = {p.id for p in view.communities()}
index = report.section("integration_index")
widgets.show_table(index.table("communities"), lang, key="ranking", where=lambda row: row[1] in ids)
widgets.notes(index, lang)
coverage = report.section("org_coverage")
widgets.show_table(coverage.table("by_community"), lang, key="coverage-by-community", where=lambda row: row[0] in ids)
