"""Streamlit entry point: ``streamlit run dashboard/app.py`` (or ``gongjian dashboard``).

Routes with ``st.navigation``; the sidebar's filters (:mod:`dashboard.filters`) are drawn once
here and read by every page; the pages in ``views/`` are UI only and ask :mod:`dashboard.state`
for everything they show. A library error is shown as a message in the reader's language,
never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import filters, state, widgets
from graph.errors import GongjianError
from graph.texts import t

# Not "pages/": Streamlit would also take such a folder for legacy pages, and switching
# between the two on a rerun resets the sidebar widgets.
PAGES = Path(__file__).parent / "views"

#: The pages in the order of the menu: (file, catalogue key of the title, icon).
#: Material Symbols, which Streamlit serves itself (an emoji needs a font the machine may lack).
MENU = (("overview", "dash_page_overview", ":material/dashboard:"), ("coverage", "dash_page_coverage", ":material/apartment:"),
        ("members", "dash_page_members", ":material/groups:"), ("integration", "dash_page_integration", ":material/hub:"),
        ("lists", "dash_page_lists", ":material/checklist:"), ("network_map", "dash_page_map", ":material/share:"),
        ("profile", "dash_page_profile", ":material/home_work:"), ("trends", "dash_page_trends", ":material/trending_up:"),
        ("queries", "dash_page_queries", ":material/manage_search:"), ("data", "dash_page_data", ":material/upload_file:"),
        ("export", "dash_page_export", ":material/download:"))

# A file of ours: a Material icon as page icon would be fetched from fonts.gstatic.com.
st.set_page_config(page_title="共建 Gongjian", page_icon=str(Path(__file__).with_name("icon.png")), layout="wide")
try:
    empty = not state.version()
    view = filters.sidebar() if not empty else None
    lang = view.lang if view else filters.sidebar_language()
    st.session_state["view"] = view
    navigation = st.navigation([st.Page(PAGES / f"{name}.py", title=t(key, lang), icon=icon, url_path=name,
                                        default=(name == "overview"))
                                for name, key, icon in MENU])
    with state.drawing():  # background computations let the page be drawn first
        navigation.run()
except GongjianError as e:
    st.error(widgets.public(e.message(st.session_state.get("lang", "zh"))))
