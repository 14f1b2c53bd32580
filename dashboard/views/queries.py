"""查询 Queries: the named query library, a widget per parameter (choices for enums, in the
reader's language), results as a table to download; free read-only Cypher for analysts when
the store is Neo4j, with its timeout and row cap shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from dashboard import access, filters, state, widgets
from graph.analysis.report_model import Column, Table
from graph.cypher import NAMED_QUERIES
from graph.query_library import allowed_values
from graph.texts import t

#: The free Cypher's limits, shown on the page.
TIMEOUT_S, ROW_CAP = 30.0, 10_000

view = filters.page("dash_page_queries")
lang = view.lang
titles = {q.name: f"{widgets.heading(q.zh if lang == 'zh' else q.en)} ({q.name})" for q in NAMED_QUERIES}
name = str(st.selectbox(t("dash_query", lang), list(titles), key="query_name", format_func=titles.__getitem__))
named = next(q for q in NAMED_QUERIES if q.name == name)
values: dict[str, Any] = {}
cols = st.columns(3)
for i, p in enumerate(named.params):
    label = widgets.heading((p.zh if lang == "zh" else p.en) or p.name)
    box = cols[i % 3]
    widget = f"q-{name}-{p.name}"
    if p.kind == "enum":
        choices = allowed_values(p)
        options = ([] if p.required else [""]) + [code for code, _, _ in choices]
        names_of = {code: (zh if lang == "zh" else en) for code, zh, en in choices}
        picked = box.selectbox(label, options, key=widget,
                               format_func=lambda c, n=names_of: n.get(c, c) if c else t("dash_default", lang))
        if picked:
            values[p.name] = picked
    elif p.kind == "date":
        default = view.as_of or state.data_date() or dt.date.today()
        day = box.date_input(label, value=default if p.name == "as_of" else None, key=widget, format="YYYY-MM-DD")
        if isinstance(day, dt.date):
            values[p.name] = day.isoformat()
    elif p.kind == "int":
        number = box.number_input(label, value=p.default if isinstance(p.default, int) else None, step=1,
                                  min_value=p.minimum, max_value=p.maximum, key=widget,
                                  placeholder=t("dash_default", lang))
        if number is not None:
            values[p.name] = int(number)
    else:
        default = view.community if p.name == "community" and view.community else ""
        text = box.text_input(label, value=default, key=widget)
        if text.strip():
            values[p.name] = text.strip()

if st.button(t("dash_run_query", lang), key="run-query", type="primary"):
    st.session_state["query_ran"] = (name, tuple(sorted(values.items())))
ran = st.session_state.get("query_ran")
if ran and ran[0] == name:
    result = state.query(name, ran[1], timeout_s=TIMEOUT_S, limit=ROW_CAP)
    rows = [[row.get(c.key) for c in named.columns] for row in result.rows]
    widgets.show_table(Table(name, named.zh, named.en, named.columns, rows), lang, key=f"query-{name}")
    if result.truncated:
        st.warning(t("dash_rows_capped", lang).format(cap=ROW_CAP))

st.divider()
st.subheader(t("dash_free_cypher", lang))
if state.store_kind() != "neo4j":
    st.info(t("dash_free_cypher_neo4j_only", lang))
elif access.unlocked(lang, key="cypher"):
    st.caption(t("dash_free_cypher_limits", lang).format(timeout=int(TIMEOUT_S), cap=ROW_CAP))
    text = st.text_area("Cypher", key="cypher-text", height=120, placeholder="MATCH (u:Unit) RETURN u.id, u.name LIMIT 10")
    if st.button(t("dash_run_query", lang), key="run-cypher") and text.strip():
        result = state.store().query(text, timeout_s=TIMEOUT_S, limit=ROW_CAP)
        columns = tuple(Column(c, c, c) for c in result.columns)
        table = Table("cypher", "Cypher", "Cypher", columns, [[r.get(c) for c in result.columns] for r in result.rows])
        widgets.show_table(table, lang, key="cypher")
        if result.truncated:
            st.warning(t("dash_rows_capped", lang).format(cap=ROW_CAP))
