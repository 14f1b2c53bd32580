"""清单 Needs & resources: the 三张清单 matching — matched and unmet needs, the units suggested
for each, the resources of each community and their use."""

from __future__ import annotations

import streamlit as st

from dashboard import filters, state, widgets

view = filters.page("dash_page_lists")
lang = view.lang
report = state.report(view.as_of, view.community_id, lang)
widgets.caption_of(report, view.place_text(), lang)
names = {p.name for p in view.communities()}
ids = {p.id for p in view.communities()}

needs = report.section("needs_matching")
st.subheader(needs.title(lang))
widgets.section_figures(needs, lang)
unmet = needs.table("unmet")
column = [c.key for c in unmet.columns].index("community")
widgets.show_table(unmet, lang, key="unmet", where=lambda row: row[column] in names)
suggestions = needs.table("suggestions")
where = [c.key for c in suggestions.columns].index("need")
unmet_ids = {row[0] for row in unmet.rows if row[column] in names}
widgets.show_table(suggestions, lang, key="need-suggestions", where=lambda row: row[where] in unmet_ids)
widgets.notes(needs, lang)

resources = report.section("resource_sharing")
st.subheader(resources.title(lang))
widgets.section_figures(resources, lang)
widgets.show_table(resources.table("categories_by_community"), lang, key="categories", where=lambda row: row[0] in ids)
for key in ("unshared", "unused"):
    widgets.show_table(resources.table(key), lang, key=f"resources-{key}")
widgets.notes(resources, lang)
