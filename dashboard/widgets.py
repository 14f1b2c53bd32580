"""How the report's shapes look on a page: figures as metrics (with their change against an
earlier date), drill-down tables with their downloads, notes and one-line explanations.
Values are formatted by the same function as the files (:func:`exports.report_files.format_value`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from exports.report_files import format_value
from exports.table_files import table_csv, table_xlsx
from graph.analysis.report_model import Figure, Report, Section, Table
from graph.texts import MESSAGES, t

#: Rows a table shows before the reader scrolls; every row is downloadable.
SHOWN_ROWS = 1000


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&:])")


def md(text: object) -> str:
    r"""``text`` (roster data: a name) made literal for Streamlit's Markdown: every character
    Markdown, HTML or LaTeX would read is escaped, so a name never becomes a link, an image
    (a request to another host), emphasis or a formula.

    >>> md("![x](http://host/x.png) *张* $1$")
    '\\!\\[x\\]\\(http\\://host/x\\.png\\) \\*张\\* \\$1\\$'
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


#: streamlit-echarts runs as JavaScript any string holding its marker ``--x_x--0_0--`` twice
#: (its JsCode). Every marker holds this core, which cannot overlap itself: breaking each core
#: with a zero-width space leaves no marker, however the markers in a name overlap.
_JS_CORE = "x_x--0_0"


def inert(value: Any) -> Any:
    """``value`` with the component's JavaScript marker broken in every string in it.

    >>> a = "--x_x--0_0--x_x--0_0--"
    >>> "--x_x--0_0--" in inert(a + "alert(1)" + a), inert({"n": ["a--x_x--0_0--b"]})["n"][0].count("x_x--0_0")
    (False, 0)
    """
    if isinstance(value, str):
        return value.replace(_JS_CORE, "x_x-\u200b-0_0")
    if isinstance(value, dict):
        return {k: inert(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [inert(v) for v in value]
    return value


_URI = re.compile(r"\b(?:bolt|neo4j|https?)(?:\+s|\+ssc)?://[^\s，,。；;）)]*[^\s，,。；;）):]")
_PATH = re.compile(r"(?<![\w.])(?:[A-Za-z]:\\|/)(?:[^\s，,。；;：:）)“”\"']+)")


def public(text: str) -> str:
    """A library message as a page may show it: no file path, no server address (they say where
    the data lives to whoever looks at the screen).

    >>> public("无法读取存储 /home/u/.gongjian/embedded：[Errno 13]")
    '无法读取存储 …：[Errno 13]'
    >>> public("cannot reach the Neo4j server at neo4j+s://x.databases.neo4j.io: start it")
    'cannot reach the Neo4j server at …: start it'
    """
    return _PATH.sub("…", _URI.sub("…", text))


def figure_text(f: Figure, lang: str) -> str:
    """A figure's value as the files show it (85.3%, 1,234, —)."""
    return format_value(f.value, f.kind, lang)


def change_text(now: Figure, before: Figure | None, lang: str) -> str | None:
    """The change of ``now`` since ``before``: percentage points for a rate, else the
    difference; ``None`` when either is unknown or the figure is not a number.

    >>> change_text(Figure("r", "率", "rate", 0.75, "ratio"), Figure("r", "率", "rate", 0.5, "ratio"), "zh")
    '+25.0 个百分点'
    >>> change_text(Figure("n", "数", "n", 3), Figure("n", "数", "n", 5), "en")
    '-2'
    """
    if before is None or now.kind not in ("int", "float", "ratio") or now.latest_only or before.latest_only:
        return None  # a figure known for the latest data only has no past to compare with
    a, b = now.value, before.value
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b)):
        return None
    diff = a - b
    if now.kind == "ratio":
        return t("dash_points", lang).format(value=f"{diff * 100:+.1f}")
    if now.kind == "int" and isinstance(diff, int):
        return f"{diff:+,d}"
    return f"{diff:+,.2f}"


def _figure(report: Report | None, section: str, key: str) -> Figure | None:
    if report is None:
        return None
    try:
        return report.section(section).figure(key)
    except KeyError:
        return None


#: Figures whose rise is bad news (the metric's arrow is red when they go up).
WORSE_WHEN_UP = {("should_have_org", "units"), ("member_coverage", "lost_contact"), ("member_coverage", "unreported"),
                 ("member_coverage", "floating_without_station"), ("needs_matching", "unmet"),
                 ("branch_size", "oversize"), ("branch_size", "undersize"), ("org_coverage", "none"),
                 ("co_building_network", "isolates"), ("co_building_network", "hub_dependent_share")}


def metrics(report: Report, picks: Sequence[tuple[str, str]], lang: str, *, before: Report | None = None,
            columns: int = 4) -> None:
    """The figures ``picks`` (section, figure) as a grid of metrics, each with its change since ``before``."""
    found = [(s, f) for s, k in picks if (f := _figure(report, s, k)) is not None]
    for start in range(0, len(found), columns):
        cols = st.columns(columns)
        for col, (section, f) in zip(cols, found[start:start + columns], strict=False):
            delta = change_text(f, _figure(before, section, f.key), lang)
            same = delta is not None and not any(ch in "123456789" for ch in delta)
            col.metric(heading(f.label(lang)), figure_text(f, lang), delta=delta,
                       delta_color="off" if same else "inverse" if (section, f.key) in WORSE_WHEN_UP else "normal",
                       delta_arrow="off" if same else "auto", help=explanation(section, f.key, lang))


def explanation(section: str, key: str, lang: str) -> str | None:
    """The one-line plain-language explanation of a figure, when the catalogue has one."""
    name = f"dash_explain_{section}_{key}"
    return t(name, lang) if name in MESSAGES else None


def heading(text: str) -> str:
    """A title as a heading: its first letter a capital (the catalogue's English titles are
    lower case, to stand inside a sentence; Chinese is as it is).

    >>> heading("member coverage"), heading("党员覆盖"), heading("")
    ('Member coverage', '党员覆盖', '')
    """
    return text[:1].upper() + text[1:]


def section_head(section: Section, lang: str) -> None:
    """A section's title and its figures."""
    st.subheader(md(heading(section.title(lang))))
    section_figures(section, lang)


def section_figures(section: Section, lang: str, *, before: Report | None = None, columns: int = 4) -> None:
    """Every figure of ``section`` as metrics."""
    report = Report("", None, {}, [section])
    metrics(report, [(section.key, f.key) for f in section.figures], lang, before=before, columns=columns)


def notes(section: Section, lang: str) -> None:
    """The section's notes (definitions, caveats) as small print."""
    for note in section.notes(lang):
        st.caption(note)


def frame(table: Table, lang: str, rows: list[list[Any]] | None = None) -> pd.DataFrame:
    """The table as a DataFrame: headers and codes in ``lang``, lists joined, rates kept as numbers."""
    shown = table.display_rows(lang) if rows is None else [
        [c.show(v, lang) for c, v in zip(table.columns, r, strict=False)] for r in rows]
    data = []
    for row in shown:
        data.append([("、".join(str(x) for x in v) if isinstance(v, list) else v) for v in row])
    return pd.DataFrame(data, columns=[c.header(lang) for c in table.columns])


def _config(table: Table, lang: str) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for c in table.columns:
        if c.kind == "ratio":
            config[c.header(lang)] = st.column_config.NumberColumn(format="percent")
        elif c.kind == "int":
            config[c.header(lang)] = st.column_config.NumberColumn(format="localized")
    return config


def show_table(table: Table, lang: str, *, key: str, where: Callable[[list[Any]], bool] | None = None,
               caption: str | None = None, download: bool = True) -> pd.DataFrame:
    """A drill-down table with its row count and CSV / Excel downloads of every row it shows
    (the first :data:`SHOWN_ROWS` on the page; a download holds them all, made when clicked)."""
    # Without a filter only the rows shown are read: a stored report reads a table in parts.
    rows: Sequence[list[Any]] = table.rows if where is None else [r for r in table.rows if where(r)]
    data = frame(table, lang, list(rows[:SHOWN_ROWS]))
    st.markdown(f"**{md(heading(table.title(lang)))}** · " + t("dash_rows", lang).format(n=len(rows)))
    if caption:
        st.caption(md(caption))
    if rows:
        st.dataframe(data, hide_index=True, width="stretch", column_config=_config(table, lang),
                     height=min(38 + 35 * min(len(rows), SHOWN_ROWS), 420))
        if len(rows) > SHOWN_ROWS:
            st.caption(t("dash_rows_cut", lang).format(shown=SHOWN_ROWS, n=len(rows)))
        if download:
            downloads(table.title(lang), list(data.columns), lambda: frame(table, lang, list(rows)).values.tolist(), lang,
                      key=key)
    else:
        st.caption(t("dash_no_rows", lang))
    return data


def downloads(title: str, headers: list[str], rows: Callable[[], list[list[Any]]], lang: str, *, key: str) -> None:
    """CSV (Excel-safe, with a BOM) and Excel downloads of ``rows()`` (made when clicked)."""
    a, b, _ = st.columns([1, 1, 4])
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in title) or "table"
    a.download_button(t("dash_download_csv", lang), lambda: table_csv(headers, rows()), file_name=f"{safe}.csv",
                      mime="text/csv", key=f"{key}-csv", on_click="ignore")
    b.download_button(t("dash_download_xlsx", lang), lambda: table_xlsx(headers, rows(), title),
                      file_name=f"{safe}.xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      key=f"{key}-xlsx", on_click="ignore")


def caption_of(report: Report, view_text: str, lang: str) -> None:
    """What the figures describe: the date, the place, the data version."""
    st.caption(t("dash_describes", lang).format(date=report.as_of, place=md(view_text), version=report.data_version))
