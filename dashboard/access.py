"""Who may use the analyst pages (数据 Data, free Cypher): the analyst password, from Streamlit's
secrets (``analyst_password`` in ``.streamlit/secrets.toml``) or ``GONGJIAN_ANALYST_PASSWORD``.
Without one set, those pages stay locked and say how to set it."""

from __future__ import annotations

import hmac
import os

import streamlit as st

from graph.texts import t


def analyst_password() -> str | None:
    """The password set for analysts, ``None`` when none is."""
    value = os.environ.get("GONGJIAN_ANALYST_PASSWORD")
    if not value:
        try:
            value = st.secrets.get("analyst_password")
        except (OSError, KeyError):  # no secrets file: Streamlit's StreamlitSecretNotFoundError is an OSError
            value = None
    return str(value) if value else None


def unlocked(lang: str, *, key: str = "analyst") -> bool:
    """Whether this session has given the analyst password; asks for it when not."""
    if st.session_state.get("analyst_ok"):
        return True
    wanted = analyst_password()
    if wanted is None:
        st.warning(t("dash_analyst_unset", lang))
        return False
    given = st.text_input(t("dash_analyst_password", lang), type="password", key=f"{key}-password")
    if given:
        if hmac.compare_digest(given.encode("utf-8"), wanted.encode("utf-8")):
            st.session_state["analyst_ok"] = True
            return True
        st.error(t("dash_analyst_wrong", lang))
    return False
