"""Streamlit entry point: ``streamlit run dashboard/app.py`` (or ``gongjian dashboard``).

Routes with ``st.navigation``; page files describe the UI only.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import settings
from graph.texts import t

# Not "pages/": Streamlit would also take such a folder for legacy pages, and switching
# between the two on a rerun resets the sidebar widgets.
PAGES = Path(__file__).parent / "views"

st.set_page_config(page_title="共建 Gongjian", page_icon="🏘️", layout="wide")
with st.sidebar:
    # A constant label: a label that changes with the language would make a new widget and
    # reset the choice on the rerun.
    lang = st.radio("语言 / Language", options=["zh", "en"], key="lang", horizontal=True,
                    index=["zh", "en"].index(settings.default_lang()),
                    format_func=lambda code: {"zh": "中文", "en": "English"}[code])

navigation = st.navigation([
    st.Page(PAGES / "overview.py", title=t("overview", lang), icon="📊", default=True),
])
navigation.run()
