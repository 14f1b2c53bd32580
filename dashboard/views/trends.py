"""趋势 Trends: the figures a trend follows (:data:`graph.analysis.report.TREND_FIGURES`) over a
series of dates, as line charts; each date's report is the stored one (computed once)."""

from __future__ import annotations

import calendar
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import filters, state, widgets
from exports.report_files import format_value
from graph.analysis.report import TREND_FIGURES
from graph.texts import t

view = filters.page("dash_page_trends")
lang = view.lang
day = view.as_of or state.data_date()
assert day is not None  # a store with data has a date (filters.page stops on an empty one)
step = st.radio(t("dash_trend_step", lang), [3, 6, 12], index=1, horizontal=True, key="trend_step",
                format_func=lambda m: t("dash_months", lang).format(n=m))
count = st.slider(t("dash_trend_points", lang), 2, 12, 5, key="trend_points")


def back(months: int) -> dt.date:
    """The date ``months`` before the chosen one (the month's last day when it is shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


dates = sorted({back(step * i) for i in range(count)})
reports = [state.report(d, view.place, lang) for d in dates]
rows = []
for d, r in zip(dates, reports, strict=True):
    row: dict[str, object] = {"date": d.isoformat()}
    for section, key in TREND_FIGURES:
        row[f"{section}.{key}"] = r.section(section).figure(key).value
    rows.append(row)
frame = pd.DataFrame(rows).set_index("date")
first = reports[-1]
labels = {f"{s}.{k}": widgets.heading(first.section(s).figure(k).label(lang)) for s, k in TREND_FIGURES}
kinds = {f"{s}.{k}": first.section(s).figure(k).kind for s, k in TREND_FIGURES}
st.caption(t("dash_trend_caption", lang).format(place=view.place_text(), first=dates[0].isoformat(),
                                                last=dates[-1].isoformat()))
rates = [c for c in frame.columns if kinds[c] == "ratio"]
if rates:
    st.subheader(t("dash_trend_rates", lang))
    # The legend below, one figure a line and spelt out (a line chart's own legend cuts the names
    # short and runs off the page's edge with this many).
    long = (frame[rates] * 100).rename(columns=labels).reset_index().melt("date", var_name="figure", value_name="value")
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("date:O", title="", axis=alt.Axis(labelAngle=0)), y=alt.Y("value:Q", title="%"),
        color=alt.Color("figure:N", title="", legend=alt.Legend(orient="bottom", direction="vertical", columns=1,
                                                                labelLimit=360, labelFontSize=12)),
        tooltip=[alt.Tooltip("date:O", title=t("dash_date", lang)), alt.Tooltip("figure:N", title=""),
                 alt.Tooltip("value:Q", title="%", format=".1f")],
    ).properties(height=280 + 30 * len(rates))  # the drawing fits this height, legend below it included
    st.altair_chart(lines, width="stretch")
counts = [c for c in frame.columns if kinds[c] != "ratio"]
if counts:
    # One chart, a panel per count with its own scale: one drawing instead of one per count.
    long = frame[counts].rename(columns=labels).reset_index().melt("date", var_name="figure", value_name="value")
    # Dates as the ISO text the rates chart shows (a time axis would name months in English);
    # panels narrow enough for a phone, each titled above it.
    panels = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("date:O", title="", axis=alt.Axis(labelAngle=0)), y=alt.Y("value:Q", title=""),
        tooltip=[alt.Tooltip("date:O", title=t("dash_date", lang)), alt.Tooltip("figure:N", title=""),
                 alt.Tooltip("value:Q", title="")],
    ).properties(width=320, height=140).facet(
        facet=alt.Facet("figure:N", title="", header=alt.Header(labelOrient="top", labelAnchor="start",
                                                               labelFontSize=13)),
        columns=1).resolve_scale(y="independent")
    st.subheader(t("dash_trend_counts", lang))
    st.altair_chart(panels, width="stretch")
table = pd.DataFrame({labels[c]: [format_value(v, kinds[c], lang) for v in frame[c]] for c in frame.columns},
                     index=frame.index)
st.dataframe(table, width="stretch")
