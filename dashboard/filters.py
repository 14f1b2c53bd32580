"""The sidebar's filters: language, date, and district → street → community → branch, each
narrowing the next. Every choice lives in the URL's query string (``?lang=en&date=2026-11-01&
community=C01``), so that a view can be bookmarked and shared and a reload keeps it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from dashboard import settings, state, widgets
from graph.analysis.report_model import Report
from graph.texts import t

#: The query-string parameters, in the order the sidebar shows them.
PARAMS = ("lang", "date", "district", "street", "community", "branch")
LANGS = ("zh", "en")
ALL = ""


@dataclass(frozen=True)
class View:
    """What the reader chose: the language, the date (``None``: the data's own), and the place."""

    lang: str
    as_of: dt.date | None
    district: str = ALL
    street: str = ALL
    community: str = ALL
    branch: str = ALL

    @property
    def place(self) -> str | frozenset[str] | None:
        """What the figures describe (:data:`graph.analysis.readings.Place`): the community chosen
        (its id), else the communities of the street or district chosen, else ``None`` for all."""
        if self.community:
            return self.community
        if self.street or self.district:
            ids = self.community_ids()
            return next(iter(ids)) if len(ids) == 1 else frozenset(ids)  # one: the same report as that community's
        return None

    def communities(self) -> list[state.Place]:
        """The communities the place filters leave (all of them when none is chosen)."""
        return [p for p in state.places()
                if (not self.district or p.district == self.district) and (not self.street or p.street == self.street)
                and (not self.community or p.id == self.community)]

    def community_ids(self) -> set[str]:
        """The ids of :meth:`communities` (tables that name a community by id)."""
        return {p.id for p in self.communities()}

    def map_scope(self) -> str:
        """The map scope of the place: a community, a street (of its district: two districts may
        each have a street of one name), a district, or all."""
        if self.community:
            return f"community:{self.community}"
        if self.street:
            return f"street:{self.district}/{self.street}" if self.district else f"street:{self.street}"
        if self.district:
            return f"district:{self.district}"
        return "all"

    def place_text(self) -> str:
        """What the figures describe, in words: the community chosen, else the street or district
        chosen (with its number of communities), else all communities."""
        if self.community:
            found = [p.name for p in state.places() if p.id == self.community]
            return found[0] if found else self.community
        if self.street or self.district:
            return t("dash_place_of", self.lang).format(place=self.street or self.district,
                                                        n=len(self.community_ids()))
        return t("dash_all_communities", self.lang)

    def file_part(self) -> str:
        """The place in a file name, after a dash: the community id, the street's name (after its
        district's, when one is chosen: two districts may each have a street of one name) or the
        district's; nothing for all communities (as ``gongjian analyze`` names its files)."""
        name = self.community or (f"{self.district}-{self.street}" if self.district and self.street else
                                  self.street or self.district)
        return "-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name) if name else ""


def _seed() -> None:
    """On a session's first run, the widgets start from the URL."""
    ss = st.session_state
    if ss.get("_seeded"):
        return
    ss["_seeded"] = True
    qp = st.query_params
    lang = qp.get("lang")
    if lang in LANGS:
        ss["lang"] = lang
    day = qp.get("date")
    if day:
        try:
            ss["f_date"] = dt.date.fromisoformat(day)
        except ValueError:
            pass
    for name in ("district", "street", "community", "branch"):
        if qp.get(name):
            ss[f"f_{name}"] = qp.get(name)


def _choice(label: str, key: str, options: list[str], names: dict[str, str], lang: str) -> str:
    """A select box of ``options`` (plus "all" first); a remembered choice no longer offered
    (a parent filter changed) falls back to all."""
    values = [ALL, *options]
    if st.session_state.get(key) not in values:
        st.session_state[key] = ALL
    return str(st.selectbox(label, values, key=key,
                            format_func=lambda v: t("dash_all", lang) if v == ALL else names.get(v, v)))


def sidebar_language() -> str:
    """The language switch, first in the sidebar (the whole sidebar of an empty store)."""
    _seed()
    ss = st.session_state
    if ss.get("lang") not in LANGS:
        ss["lang"] = settings.default_lang()
    with st.sidebar:
        # A constant label: a label that changes with the language would make a new widget and
        # reset the choice on the rerun.
        lang = str(st.radio("语言 / Language", options=list(LANGS), key="lang", horizontal=True,
                            format_func=lambda code: {"zh": "中文", "en": "English"}[code]))
    if st.query_params.get("lang") != lang and not state.version():
        st.query_params["lang"] = lang
    return lang


def page(title_key: str) -> View:
    """The page's title, and the view the sidebar chose; an empty store says how to load data
    and ends the page there."""
    view: View | None = st.session_state.get("view")
    lang = view.lang if view else str(st.session_state.get("lang", settings.default_lang()))
    st.title(t(title_key, lang))
    if view is None:
        st.info(t("no_data", lang))
        st.stop()
    return view


def report_page(title_key: str) -> tuple[View, Report]:
    """:func:`page`, and the report of its view with the line saying what it describes."""
    view = page(title_key)
    report = state.report(view.as_of, view.place, view.lang)
    widgets.caption_of(report, view.place_text(), view.lang)
    return view, report


def sidebar() -> View:
    """The filters in the sidebar, and the view they describe (also written to the URL)."""
    lang = sidebar_language()
    ss = st.session_state
    with st.sidebar:
        day = state.data_date()
        if day is not None:
            # Until the reader picks a date, the view follows the data's own: after a load with
            # a later date, an open session moves with it.
            moved = ss.get("_data_day") not in (None, day) and ss.get("f_date") == ss.get("_data_day")
            if not isinstance(ss.get("f_date"), dt.date) or moved:
                ss["f_date"] = day
            ss["_data_day"] = day
            chosen = st.date_input(t("dash_date", lang), key="f_date", format="YYYY-MM-DD",
                                   help=t("dash_date_help", lang).format(date=day.isoformat()))
            as_of = chosen if isinstance(chosen, dt.date) else day
        else:
            as_of = None
        places = state.places()
        districts = sorted({p.district for p in places if p.district})
        district = _choice(t("dash_district", lang), "f_district", districts, {}, lang) if len(districts) > 1 else ALL
        streets = sorted({p.street for p in places if p.street and (not district or p.district == district)})
        street = _choice(t("dash_street", lang), "f_street", streets, {}, lang) if len(streets) > 1 else ALL
        offered = [p for p in places if (not district or p.district == district) and (not street or p.street == street)]
        community = _choice(t("dash_community", lang), "f_community", [p.id for p in offered],
                            {p.id: f"{p.name}（{p.id}）" if lang == "zh" else f"{p.name} ({p.id})" for p in offered},
                            lang)
        orgs = state.branches()
        if community:
            orgs = orgs[orgs["community"] == community] if "community" in orgs.columns else orgs.iloc[0:0]
        branch = _choice(t("dash_branch", lang), "f_branch", [str(x) for x in orgs["id"]],
                         dict(zip(orgs["id"].astype(str), orgs["name"].astype(str), strict=True)), lang) \
            if community else ALL
    view = View(lang, as_of, district, street, community, branch)
    _to_url(view, day)
    return view


def _to_url(view: View, day: dt.date | None) -> None:
    wanted = {"lang": view.lang}
    if view.as_of is not None and view.as_of != day:
        wanted["date"] = view.as_of.isoformat()
    for name in ("district", "street", "community", "branch"):
        value = getattr(view, name)
        if value:
            wanted[name] = value
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
