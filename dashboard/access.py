"""Who may use the analyst pages (数据 Data, free Cypher): the analyst password, from Streamlit's
secrets (``analyst_password`` in ``.streamlit/secrets.toml``) or ``GONGJIAN_ANALYST_PASSWORD``.
Without one set, those pages stay locked and say how to set it."""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections import deque

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


#: Wrong passwords this server accepts in :data:`WINDOW_S` seconds, from every session together,
#: before it stops checking any until the oldest of them is that old: guessing is slow.
TRIES, WINDOW_S = 5, 300.0
_wrong: deque[float] = deque()
_wrong_lock = threading.Lock()


def _wait_s(now: float) -> float:
    """Seconds until the password is checked again (0: now)."""
    with _wrong_lock:
        while _wrong and now - _wrong[0] >= WINDOW_S:
            _wrong.popleft()
        return WINDOW_S - (now - _wrong[0]) if len(_wrong) >= TRIES else 0.0


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
        # A widget keeps its value over reruns: a wrong password is counted once, not again on
        # every click elsewhere on the page.
        seen = hmac.new(b"gongjian", given.encode("utf-8"), "sha256").hexdigest()
        if st.session_state.get(f"{key}-wrong") == seen:
            st.error(t("dash_analyst_wrong", lang))
            return False
        now = time.monotonic()
        wait = _wait_s(now)
        if wait > 0:
            st.error(t("dash_analyst_wait", lang).format(n=TRIES, s=int(wait) + 1))
            return False
        if hmac.compare_digest(given.encode("utf-8"), wanted.encode("utf-8")):
            st.session_state["analyst_ok"] = True
            return True
        with _wrong_lock:
            _wrong.append(now)
        st.session_state[f"{key}-wrong"] = seen
        st.error(t("dash_analyst_wrong", lang))
    return False
