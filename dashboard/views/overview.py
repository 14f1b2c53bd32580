"""概览 Overview: the headline figures, each with its change since an earlier date, and the
communities ranked."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import filters, state, widgets
from graph.reporting import HEADLINES
from graph.texts import t

view, report = filters.report_page("dash_page_overview")
lang = view.lang
day = dt.date.fromisoformat(report.as_of)

default_before = day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else day - dt.timedelta(days=365)
before_day = st.date_input(t("dash_compare_with", lang), value=default_before, key="overview_before",
                           format="YYYY-MM-DD", max_value=day)
picks = [pick for line in HEADLINES for pick in line]
picks.insert(picks.index(("org_coverage", "own_org_rate")) + 1, ("org_coverage", "work_coverage_rate"))


def _before() -> object:
    return state.report_if_ready(before_day, view.place) if isinstance(before_day, dt.date) else None


first = _before()
pending = first is None and isinstance(before_day, dt.date)


@st.fragment(run_every=2.0 if pending else None)
def headline() -> None:
    """The figures at once; their changes as soon as the earlier date's report is ready (it is
    computed in the background, so a new date costs one report, not two, before it shows)."""
    before = _before()
    if pending and before is not None:
        st.rerun(scope="app")  # ready: draw the page once more, without the polling
    widgets.metrics(report, picks, lang, before=before)  # type: ignore[arg-type]
    if before is not None:
        st.caption(t("dash_change_since", lang).format(date=before.as_of))  # type: ignore[attr-defined]
    elif isinstance(before_day, dt.date):
        st.caption(t("dash_change_pending", lang).format(date=before_day.isoformat()))


headline()

st.subheader(t("dash_ranking", lang))
index = report.section("integration_index")
widgets.show_table(index.table("communities"), lang, key="ranking")  # the report is of the place chosen
widgets.notes(index, lang)
coverage = report.section("org_coverage")
widgets.show_table(coverage.table("by_community"), lang, key="coverage-by-community")
