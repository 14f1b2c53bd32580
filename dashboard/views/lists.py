"""清单 Needs & resources: the 三张清单 matching — matched and unmet needs, the units suggested
for each, the resources of each community and their use."""

from __future__ import annotations

from dashboard import filters, widgets

view, report = filters.report_page("dash_page_lists")
lang = view.lang

needs = report.section("needs_matching")
widgets.section_head(needs, lang)
unmet = needs.table("unmet")
widgets.show_table(unmet, lang, key="unmet")  # the report is of the place chosen: no narrowing
suggestions = needs.table("suggestions")
where = [c.key for c in suggestions.columns].index("need")
unmet_ids = {row[0] for row in unmet.rows}
widgets.show_table(suggestions, lang, key="need-suggestions", where=lambda row: row[where] in unmet_ids)
widgets.notes(needs, lang)

resources = report.section("resource_sharing")
widgets.section_head(resources, lang)
widgets.show_table(resources.table("categories_by_community"), lang, key="categories")
for key in ("unshared", "unused"):
    widgets.show_table(resources.table(key), lang, key=f"resources-{key}")
widgets.notes(resources, lang)
