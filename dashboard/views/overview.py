"""Overview page: what the store holds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import settings
from graph.model import Label, RelType
from graph.store import GraphStore
from graph.texts import t


@st.cache_resource
def _store(home: str) -> GraphStore:
    return settings.open_store("embedded", Path(home))


@st.cache_data
def _counts(home: str, version: str) -> tuple[dict[str, int], dict[str, int]]:
    counts = _store(home).counts()
    return counts.nodes, counts.relationships


def _fit(frame: pd.DataFrame) -> int:
    """A table height that shows every row without scrolling."""
    return 35 * (len(frame) + 1) + 3


lang = st.session_state.get("lang", settings.default_lang())
st.title(t("app_title", lang))
home = str(settings.home())
store = _store(home)
version = store.data_version()
if not version:
    st.info(t("no_data", lang))
    st.stop()
nodes, rels = _counts(home, version)
st.caption(t("overview_caption", lang).format(version=version, home=settings.home()))
c1, c2 = st.columns(2)
c1.metric(t("total_nodes", lang), f"{sum(nodes.values()):,}")
c2.metric(t("total_relationships", lang), f"{sum(rels.values()):,}")

left, right = st.columns(2)
with left:
    st.subheader(t("by_label", lang))
    frame = pd.DataFrame(
        [(label.label(lang), nodes[label.value]) for label in Label if label.value in nodes],
        columns=[t("label", lang), t("count", lang)],
    )
    st.dataframe(frame, hide_index=True, width="stretch", height=_fit(frame))
with right:
    st.subheader(t("by_type", lang))
    frame = pd.DataFrame(
        [(f"{rt.label(lang)} ({rt.value})", rels[rt.value]) for rt in RelType if rt.value in rels],
        columns=[t("type", lang), t("count", lang)],
    )
    st.dataframe(frame, hide_index=True, width="stretch", height=_fit(frame))
