"""Streamlit entry point: ``streamlit run dashboard/app.py`` (or ``gongjian dashboard``).

Routes with ``st.navigation``; page files describe the UI only.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import settings
from dashboard.messages import t

PAGES = Path(__file__).parent / "pages"

if "lang" not in st.session_state:
    st.session_state["lang"] = settings.default_lang()
lang = st.session_state["lang"]

st.set_page_config(page_title=t("app_title", lang), page_icon="🏘️", layout="wide")
with st.sidebar:
    st.radio(t("language", lang), options=["zh", "en"], key="lang", horizontal=True,
             format_func=lambda code: {"zh": "中文", "en": "English"}[code])

navigation = st.navigation([
    st.Page(PAGES / "overview.py", title=t("overview", lang), icon="📊", default=True, url_path="overview"),
])
navigation.run()
