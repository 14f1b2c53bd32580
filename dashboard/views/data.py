"""数据 Data (analysts only): upload roster files, validate them and see every problem by file,
row, column and value, load them (all or nothing), and see the store's contents."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import access, filters, state
from graph.model import Label, RelType
from graph.texts import t
from loaders.dataset_reader import KnownNodes, read_dataset
from loaders.errors import InputInvalid
from loaders.identity import default_key_path, load_or_create_key

view = filters.page("dash_page_data") if state.version() else None
lang = view.lang if view else str(st.session_state.get("lang", "zh"))
if view is None:
    st.title(t("dash_page_data", lang))
if access.unlocked(lang, key="data"):
    files = st.file_uploader(t("dash_upload", lang), type=["csv", "xlsx", "xls"], accept_multiple_files=True,
                             key="uploads")
    replace = st.checkbox(t("dash_replace", lang), key="replace", help=t("dash_replace_help", lang))
    if files:
        with tempfile.TemporaryDirectory() as folder:
            for f in files:
                (Path(folder) / Path(f.name).name).write_bytes(f.getvalue())
            source = Path(folder) if len(files) > 1 or not files[0].name.lower().endswith((".xlsx", ".xls")) \
                else Path(folder) / Path(files[0].name).name
            store = state.store()
            try:
                dataset = read_dataset(source, key=load_or_create_key(default_key_path()),
                                       known=KnownNodes() if replace else store.name_index())
            except InputInvalid as e:
                st.error(t("input_invalid", lang).format(n=len(e.problems)))
                rows = [{t("dash_problem_file", lang): p.file, t("dash_problem_sheet", lang): p.sheet or "",
                         t("dash_problem_row", lang): p.row, t("dash_problem_column", lang): p.column or "",
                         t("dash_problem_value", lang): "" if p.value is None else str(p.value),
                         t("dash_problem_reason", lang): p.reason(lang)} for p in e.problems]
                st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            else:
                with dataset:
                    st.success(t("dash_valid", lang))
                    if st.button(t("dash_load", lang), type="primary", key="load"):
                        result = store.load(dataset, replace=replace)
                        st.success(t("dash_loaded", lang).format(version=result.data_version))
    st.subheader(t("dash_store_info", lang))
    if state.version():
        counts = state.store().counts()
        st.caption(t("dash_store_caption", lang).format(kind=state.store_kind(), version=state.version()))
        left, right = st.columns(2)
        left.dataframe(pd.DataFrame([(label.label(lang), counts.nodes[label.value]) for label in Label
                                     if label.value in counts.nodes], columns=[t("label", lang), t("count", lang)]),
                       hide_index=True, width="stretch")
        right.dataframe(pd.DataFrame([(rt.label(lang), counts.relationships[rt.value]) for rt in RelType
                                      if rt.value in counts.relationships], columns=[t("type", lang), t("count", lang)]),
                        hide_index=True, width="stretch")
    else:
        st.info(t("no_data", lang))
