"""社区画像 Community profile: one community on one printable page — its four actors, its
scorecard, its figures, its gaps and its map."""

from __future__ import annotations

import streamlit as st

from dashboard import filters, state, widgets
from exports.report_files import format_value
from graph.texts import t

view = filters.page("dash_page_profile")
lang = view.lang
places = view.communities() or state.places()
if not view.community:
    chosen = st.selectbox(t("dash_community", lang), [p.id for p in places], key="profile_community",
                          format_func=lambda c: next(p.name for p in places if p.id == c))
else:
    chosen = view.community
place = next(p for p in state.places() if p.id == chosen)
report = state.report(view.as_of, chosen, lang)
st.header(widgets.md(f"{place.name}（{place.id}）" if lang == "zh" else f"{place.name} ({place.id})"))
widgets.caption_of(report, place.name, lang)

score = report.section("community_scorecard")
st.subheader(t("dash_four_actors", lang))
table = score.table("communities")
row = next((r for r in table.rows if r[0] == chosen), None)
if row is not None:
    cols = st.columns(4)
    for i, (c, v) in enumerate(zip(table.columns[2:], row[2:], strict=False)):
        cols[i % 4].metric(widgets.heading(c.header(lang)), format_value(c.show(v, lang), c.kind, lang) if v != [] else t("dash_none", lang))
st.subheader(t("dash_profile_figures", lang))
widgets.metrics(report, [("org_coverage", "org_coverage_rate"), ("org_coverage", "own_org_rate"),
                         ("org_coverage", "work_coverage_rate"), ("should_have_org", "units"),
                         ("member_coverage", "reporting_rate"), ("member_coverage", "lost_contact"),
                         ("needs_matching", "unmet"), ("co_building_network", "ties")], lang)
st.subheader(t("dash_profile_gaps", lang))
for section, key in (("should_have_org", "units"), ("needs_matching", "unmet"), ("member_coverage", "lost_contact"),
                     ("branch_size", "violations")):
    widgets.show_table(report.section(section).table(key), lang, key=f"profile-{section}-{key}", download=False)
st.subheader(t("dash_page_map", lang))
st.image(state.map_picture("co_building", f"community:{chosen}", view.as_of, lang), width="stretch")
