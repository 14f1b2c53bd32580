"""Report files: an Excel workbook, the documented JSON form and a Markdown digest of a report.

Every writer reads only :class:`graph.analysis.report_model.Report`, so a new analysis shows up
in all three by adding a section. The workbook is what community party workers print and paste
from: a summary sheet (every section's figures, then the rules), then one sheet per drill-down
table with its header frozen, a filter, widths that fit Chinese text, real numbers and dates,
and A4 landscape printing. A table longer than an Excel sheet continues on further sheets and
the summary says so. The JSON form is described field by field in ``docs/report-format.md``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, Any

import xlsxwriter
import xlsxwriter.exceptions
from xlsxwriter.worksheet import Worksheet

from exports.files import replaced
from graph.analysis.report import SECTION_SOURCES
from graph.analysis.report_model import Column, Report, Section, Table
from graph.analysis.rules import RULE_TEXTS
from graph.errors import GongjianError
from graph.texts import COMPONENT_LABELS, TIE_LABELS, t

#: Rows of one Excel worksheet (Excel 2007 and later). Tests lower it to check the splitting.
EXCEL_MAX_ROWS = 1_048_576
#: Longest text one Excel cell holds.
EXCEL_MAX_TEXT = 32_767
#: Rows of each drill-down table that the Markdown digest shows.
MARKDOWN_ROWS = 20
#: Rows read to size a column (the rest of a city-scale table is not measured).
WIDTH_SAMPLE = 2_000

_SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})
_LIST_SEP = "、"
#: Communities a report of several names before it counts the rest.
SCOPE_SHOWN = 5

class ReportFileError(GongjianError):
    """A report file cannot be written."""

    exit_code = 1


def text(key: str, lang: str = "zh") -> str:
    """The writers' text ``key`` in ``lang``: ``file_KEY`` of the one catalogue (:mod:`graph.texts`)."""
    return t(f"file_{key}", lang)


def display_width(value: str) -> int:
    """Columns ``value`` takes in a fixed-width font: wide (CJK) characters count double.

    >>> display_width("abc"), display_width("党支部"), display_width("U0248 江城")
    (3, 6, 10)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


# -- values as text (Markdown, widths, fallbacks) -----------------------------------------------

def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


#: Floats below this are shown in scientific form (see :func:`_float_text`).
SMALL = 0.001


def _float_text(value: float) -> str:
    """Two to four decimals, as the Excel format ``#,##0.00##`` shows them: small measures
    (a density of 0.0008) keep their digits.

    Below 0.001 (a city's density, a betweenness score) three significant digits in
    scientific form, as the Excel format ``0.00E+00`` shows them — never a misleading 0.00.

    >>> _float_text(1079), _float_text(0.0012), _float_text(0.52761), _float_text(0.0008), _float_text(1.234e-05)
    ('1,079.00', '0.0012', '0.5276', '8.00E-04', '1.23E-05')
    """
    if 0 < abs(value) < SMALL:
        return f"{value:.2E}"
    text = f"{value:,.4f}"
    return text[:-2] + text[-2:].rstrip("0") if text.endswith("0") else text


def format_value(value: Any, kind: str, lang: str = "zh") -> str:
    """``value`` of ``kind`` as text: ratios as percentages, lists joined with 、, dates ISO.

    >>> format_value(0.8534, "ratio"), format_value(12345, "int"), format_value(["U1", "U2"], "list")
    ('85.3%', '12,345', 'U1、U2')

    A ratio is rounded half up from its decimal form, as Excel's ``0.0%`` shows it: 0.8725 is
    87.3 %, not the 87.2 % that the binary ``0.8725 * 100`` would give.

    >>> format_value(0.8725, "ratio"), format_value(0.0005, "ratio")
    ('87.3%', '0.1%')
    >>> format_value(None, "ratio"), format_value(True, "bool", "en"), format_value(2.5, "float")
    ('—', 'yes', '2.50')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return text("no_value", lang)
    if isinstance(value, bool):
        return text("yes" if value else "no", lang)
    if kind == "ratio" and _finite(value):
        percent = (Decimal(repr(float(value))) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"{percent}%"
    if kind == "float" and _finite(value):
        return _float_text(value)
    if kind == "int" and _finite(value):
        return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return _LIST_SEP.join(format_value(v, "text", lang) for v in items)
    if isinstance(value, dict):
        return _LIST_SEP.join(f"{k}={format_value(v, 'text', lang)}" for k, v in value.items())
    return str(value)


# -- JSON -------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """``value`` as JSON values: dates ISO, tuples and sets as lists, NaN and infinities as null."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return [_plain(v) for v in sorted(value)]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return _plain(value.item())
    return value


def report_json_value(report: Report) -> dict[str, Any]:
    """:meth:`Report.to_dict` as JSON values (what :func:`report_json` writes, before text).

    Without the timings: they measure the machine, not the data, and the same data and rules
    must give the same bytes on any day (benchmarks read ``Report.timings`` directly)."""
    return _plain(report.to_dict(timings=False))


def report_json(report: Report) -> str:
    """The report as the documented JSON text (``docs/report-format.md``): UTF-8 as is, keys sorted,
    two-space indent, dates ISO, so the same report always gives the same text."""
    return json.dumps(report_json_value(report), ensure_ascii=False, indent=2, sort_keys=True,
                      allow_nan=False) + "\n"


def write_json(report: Report, path: Path) -> Path:
    """Write :func:`report_json` to ``path`` (UTF-8)."""
    with _atomic(path) as f:
        f.write(report_json(report).encode("utf-8"))
    return path


# -- Markdown ---------------------------------------------------------------------------------

def _md_cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _md_table(headers: list[str], rows: list[list[str]], right: list[bool]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |",
             "|" + "|".join("---:" if r else "---" for r in right) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def _scope(report: Report, lang: str) -> str:
    """What the report covers: the community's id, all communities, or the ids of several
    (the first :data:`SCOPE_SHOWN`, then how many in all).

    >>> r = Report("2026-11-01", [f"C{i:02}" for i in range(1, 13)], {}, [])
    >>> _scope(r, "zh")
    'C01、C02、C03、C04、C05 等 12 个社区（另有 7 个未列出）'
    >>> _scope(r, "en")
    'C01, C02, C03, C04, C05 and 7 more (12 communities)'
    """
    place = report.community
    if place is None:
        return text("all_communities", lang)
    if isinstance(place, str):
        return place or text("all_communities", lang)
    if not place:
        return text("empty", lang)
    sep = _LIST_SEP if lang == "zh" else ", "
    if len(place) <= SCOPE_SHOWN:
        return sep.join(place)
    return text("more_communities", lang).format(ids=sep.join(place[:SCOPE_SHOWN]), total=len(place),
                                                  more=len(place) - SCOPE_SHOWN)


def _generated(generated: dt.datetime | None) -> dt.datetime:
    return (generated or dt.datetime.now()).replace(microsecond=0)


def report_markdown(report: Report, lang: str = "zh", *, generated: dt.datetime | None = None) -> str:
    """A quick read: the figures of every section and at most :data:`MARKDOWN_ROWS` rows of each
    drill-down table, then the rules.

    A longer table is cut, and says so under it: how many rows are left out, and, for a table
    with a ``sort_by`` measure, that the rows shown are the top ones by that measure (named).
    The Excel and JSON reports hold every row."""
    lines = [f"# {text('title', lang)}", "",
             f"- {text('as_of', lang)}: {report.as_of}",
             f"- {text('community', lang)}: {_scope(report, lang)}",
             f"- {text('data_version', lang)}: {report.data_version or text('no_value', lang)}",
             f"- {text('generated', lang)}: {_generated(generated).isoformat(sep=' ')}", ""]
    numeric = {"int", "float", "ratio"}
    for section in report.sections:
        lines += [f"## {section.title(lang)}", ""]
        lines += [f"> {note}" for note in section.notes(lang)]
        if section.notes(lang):
            lines.append("")
        if section.figures:
            lines += _md_table([text("figure", lang), text("value", lang)],
                               [[f.label(lang), format_value(f.value, f.kind, lang)] for f in section.figures],
                               [False, True])
            lines.append("")
        for table in section.tables:
            lines += [f"### {table.title(lang)}（{text('rows', lang).format(n=f'{len(table.rows):,}')}）"
                      if lang == "zh" else f"### {table.title(lang)} ({len(table.rows):,} rows)", ""]
            if not table.rows:
                lines += [text("empty", lang), ""]
                continue
            cut = len(table.rows) > MARKDOWN_ROWS
            rows = table.ranked_rows() if cut else table.rows
            shown = [[format_value(c.show(v, lang), c.kind, lang) for c, v in zip(table.columns, row, strict=False)]
                     for row in rows[:MARKDOWN_ROWS]]
            lines += _md_table([c.header(lang) for c in table.columns], shown,
                               [c.kind in numeric for c in table.columns])
            if cut:
                lines.append("")
                more = f"{len(table.rows) - MARKDOWN_ROWS:,}"
                lines.append(text("more", lang).format(n=more) if table.sort_by is None else text("more_ranked", lang).format(
                    n=more, shown=MARKDOWN_ROWS, measure=table.column(table.sort_by).header(lang)))
            lines.append("")
    lines += [f"## {text('rules', lang)}", ""]
    lines += _md_table([text("rule", lang), text("value", lang), text("meaning", lang)],
                       [[label, format_value(value, kind, lang), meaning]
                        for _, label, value, kind, meaning in rule_rows(report.rules, lang)],
                       [False, True, False])
    return "\n".join(lines) + "\n"


def write_markdown(report: Report, path: Path, lang: str = "zh", *, generated: dt.datetime | None = None) -> Path:
    """Write :func:`report_markdown` to ``path`` (UTF-8)."""
    with _atomic(path) as f:
        f.write(report_markdown(report, lang, generated=generated).encode("utf-8"))
    return path


# -- rules ------------------------------------------------------------------------------------

def rule_rows(rules: dict[str, Any], lang: str = "zh") -> list[tuple[str, str, Any, str, str]]:
    """The rules table of every report: ``(key, name, value, kind, meaning)``, one row per rule and
    one per integration-index weight (key ``index_weights.COMPONENT``).

    >>> rule_rows({"branch_max_members": 40}, "en")[0][:4]
    ('branch_max_members', 'most members of a branch (branch_max_members)', 40, 'int')
    """
    i = 0 if lang == "zh" else 1
    out: list[tuple[str, str, Any, str, str]] = []
    for key, value in rules.items():
        name, meaning = (RULE_TEXTS[key][i], RULE_TEXTS[key][2 + i]) if key in RULE_TEXTS else (key, "")
        label = f"{name} ({key})"
        if isinstance(value, dict):
            out.append((key, label, "", "text", meaning))
            for component, weight in value.items():
                part = COMPONENT_LABELS.get(component, (component, component))[i]
                out.append((f"{key}.{component}", f"{name} · {part} ({key}.{component})", weight, "float", ""))
        elif isinstance(value, (list, tuple)):
            shown = [TIE_LABELS[v][i] if v in TIE_LABELS else str(v) for v in value]
            out.append((key, label, shown, "list", meaning))
        else:
            kind = "int" if isinstance(value, int) and not isinstance(value, bool) else "text"
            out.append((key, label, value, kind, meaning))
    return out


# -- Excel ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SheetPart:
    """One worksheet holding rows ``[start, stop)`` of a section's table (part ``part`` of ``parts``)."""

    name: str
    section: Section
    table: Table
    start: int
    stop: int
    part: int
    parts: int


@dataclass(frozen=True)
class WorkbookLayout:
    """Which sheets a workbook has: the summary, then one or more per table (in report order)."""

    summary: str
    parts: list[SheetPart]

    @property
    def sheets(self) -> list[str]:
        """Every sheet name, in order."""
        return [self.summary, *(p.name for p in self.parts)]

    def sheets_of(self, table: Table) -> list[str]:
        """The sheets ``table`` is written on (more than one when it exceeds an Excel sheet)."""
        return [p.name for p in self.parts if p.table is table]

    @property
    def split(self) -> list[tuple[Section, Table, list[str]]]:
        """The tables spread over several sheets, with their sheets."""
        seen: dict[int, tuple[Section, Table, list[str]]] = {}
        for p in self.parts:
            if p.parts > 1:
                seen.setdefault(id(p.table), (p.section, p.table, []))[2].append(p.name)
        return list(seen.values())


class _Names:
    """Excel sheet names: ≤ 31 characters, none of []:*?/\\, no leading or trailing apostrophe,
    unique regardless of case."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    @staticmethod
    def clean(name: str) -> str:
        name = " ".join(name.translate(_SHEET_NAME_BAD).split()).strip("'")
        return name or "Sheet"

    def fits(self, name: str) -> bool:
        name = self.clean(name)
        return len(name) <= _SHEET_NAME_MAX and name.casefold() not in self.used and name.casefold() != "history"

    @staticmethod
    def cut(name: str, size: int) -> str:
        """``name`` in at most ``size`` characters, at a word boundary where there is one late enough."""
        if len(name) <= size:
            return name
        cut = name[:size]
        space = cut.rfind(" ")
        return (cut[:space] if space >= size // 2 else cut).rstrip(" -'")

    def take(self, name: str, suffix: str = "") -> str:
        base = self.clean(name)
        candidate = self.cut(base, _SHEET_NAME_MAX - len(suffix)) + suffix
        n = 1
        while candidate.casefold() in self.used or candidate.casefold() == "history":
            n += 1
            extra = f"{suffix} ({n})" if suffix else f" ({n})"
            candidate = self.cut(base, _SHEET_NAME_MAX - len(extra)) + extra
        self.used.add(candidate.casefold())
        return candidate


def _table_sheet_name(names: _Names, section: Section, table: Table, lang: str) -> str:
    """The section and table titles when they fit and the table title alone does not already say it;
    else the table title."""
    sec, tab = section.title(lang), table.title(lang)
    joined = f"{sec}-{tab}"
    if sec.casefold() in tab.casefold() or not names.fits(joined):
        return tab
    return joined


def _head_rows(section: Section, lang: str) -> int:
    """Rows above a table sheet's header: title, scope line, the section's notes."""
    return 2 + len(section.notes(lang))


def plan_workbook(report: Report, lang: str = "zh") -> WorkbookLayout:
    """The sheets :func:`write_xlsx` writes for ``report`` (see :class:`WorkbookLayout`)."""
    names = _Names()
    summary = names.take(text("summary", lang))
    parts: list[SheetPart] = []
    for section in report.sections:
        capacity = EXCEL_MAX_ROWS - _head_rows(section, lang) - 1
        if capacity < 1:
            raise ReportFileError(f"{section.zh} 的说明过长，放不进一个工作表", f"the notes of {section.en} do not fit on a sheet")
        for table in section.tables:
            n = len(table.rows)
            k = max(1, math.ceil(n / capacity))
            base = _table_sheet_name(names, section, table, lang)
            for i in range(k):
                name = names.take(base, "" if i == 0 else f" ({i + 1})")
                parts.append(SheetPart(name, section, table, i * capacity, min(n, (i + 1) * capacity), i + 1, k))
    return WorkbookLayout(summary, parts)


class _Cells:
    """Formats of values: one set for the summary, one with thin borders for the tables."""

    def __init__(self, wb: xlsxwriter.Workbook, extra: dict[str, Any]) -> None:
        def add(props: dict[str, Any]) -> Any:
            return wb.add_format({"valign": "top", **extra, **props})

        self.text = add({})
        self.wrap = add({"text_wrap": True})
        self.date = add({"num_format": "yyyy-mm-dd"})
        self.number = {"ratio": add({"num_format": "0.0%"}), "float": add({"num_format": "#,##0.00##"}),
                       "int": add({"num_format": "#,##0"}), "small": add({"num_format": "0.00E+00"})}


class _Formats:
    """The workbook's cell formats (one object each: xlsxwriter shares them across cells)."""

    def __init__(self, wb: xlsxwriter.Workbook, lang: str) -> None:
        add = wb.add_format
        self.title = add({"bold": True, "font_size": 16})
        self.sheet_title = add({"bold": True, "font_size": 13})
        self.meta = add({"font_color": "#595959"})
        self.section = add({"bold": True, "font_size": 12, "bg_color": "#DDEBF7", "bottom": 1})
        self.note = add({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.header = add({"bold": True, "bg_color": "#F2F2F2", "border": 1, "border_color": "#808080",
                           "text_wrap": True, "valign": "top"})
        self.label = add({"indent": 1, "align": "left", "valign": "top", "text_wrap": True})
        self.split = add({"font_color": "#C00000", "text_wrap": True, "valign": "top"})
        self.link = add({"font_color": "#0563C1", "underline": 1, "valign": "top"})
        self.datetime = add({"num_format": "yyyy-mm-dd hh:mm", "align": "left"})
        self.left_date = add({"num_format": "yyyy-mm-dd", "align": "left"})
        self.rows = add({"num_format": text("rows_format", lang), "valign": "top"})
        self.empty = add({"italic": True, "font_color": "#808080"})
        self.plain = _Cells(wb, {})
        self.boxed = _Cells(wb, {"border": 1, "border_color": "#BFBFBF"})


_Writer = Callable[[Worksheet, int, int, Any], None]


def _string(ws: Worksheet, row: int, col: int, value: str, fmt: Any = None) -> None:
    # write_string, never write(): roster text starting with "=" must not become a formula.
    ws.write_string(row, col, value[:EXCEL_MAX_TEXT], fmt)


def _cell_writer(kind: str, cells: _Cells, lang: str, wrap: bool = False, blank: bool = False) -> _Writer:
    """How a column of ``kind`` writes a value: real numbers and dates with their formats,
    lists joined with 、, anything unexpected as text (never lost, never a formula). With
    ``blank``, a missing value still gets the (bordered) format."""
    number_fmt = cells.number.get(kind)
    text_fmt = cells.wrap if wrap else cells.text

    def write(ws: Worksheet, row: int, col: int, value: Any) -> None:
        if number_fmt is not None and _finite(value):
            small = kind == "float" and 0 < abs(value) < SMALL
            ws.write_number(row, col, value, cells.number["small"] if small else number_fmt)
            return
        if kind == "date" and (day := _as_date(value)) is not None:
            ws.write_datetime(row, col, dt.datetime(day.year, day.month, day.day), cells.date)
            return
        if kind == "text" and _finite(value):
            ws.write_number(row, col, value, text_fmt)
            return
        shown = "" if value is None or (isinstance(value, float) and not math.isfinite(value)) \
            else format_value(value, kind, lang)
        if shown:
            _string(ws, row, col, shown, text_fmt)
        elif blank:
            ws.write_blank(row, col, None, text_fmt)

    return write


def _shown(writer: _Writer, column: Column, lang: str) -> _Writer:
    """``writer`` for a column of codes: each code written as its name in ``lang``."""
    def write(ws: Worksheet, row: int, col: int, value: Any) -> None:
        writer(ws, row, col, column.show(value, lang))

    return write


def _column_width(column: Column, values: list[Any], lang: str) -> tuple[float, bool]:
    """(width, wrap): the widest of the header (up to 24 columns; it wraps) and the sampled values,
    CJK counted double, between 6 and 60; wider text wraps."""
    header = min(display_width(column.header(lang)), 24)
    if column.kind == "date":
        widest = 10
    else:
        widest = max((display_width(format_value(v, column.kind, lang)) for v in values if v not in (None, "")),
                     default=0)
    width = max(header, widest) + 2
    return float(min(max(width, 6), 60)), widest + 2 > 60


def _note_height(note: str, width: float) -> float:
    lines = max(1, math.ceil(display_width(note) / max(width - 1, 1)))
    return 15.0 * lines


def _print_setup(ws: Worksheet, repeat_row: int | None = None) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C&P / &N")
    if repeat_row is not None:
        ws.repeat_rows(repeat_row)


def _write_summary(wb: xlsxwriter.Workbook, layout: WorkbookLayout, report: Report, lang: str,
                   fmts: _Formats, generated: dt.datetime) -> None:
    ws = wb.add_worksheet(layout.summary)
    labels = [f.label(lang) for s in report.sections for f in s.figures]
    labels += [text("table_row", lang).format(title=t.title(lang)) for s in report.sections for t in s.tables]
    widths = (float(min(max([36, *(display_width(x) + 4 for x in labels)]), 60)), 18.0, 48.0)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    total = sum(widths)
    row = 0
    _string(ws, row, 0, text("title", lang), fmts.title)
    row += 2
    day = _as_date(report.as_of)
    for key, value in (("as_of", day or report.as_of), ("community", _scope(report, lang)),
                       ("data_version", report.data_version or text("no_value", lang)), ("generated", generated)):
        _string(ws, row, 0, text(key, lang), fmts.meta)
        if isinstance(value, dt.datetime):
            ws.write_datetime(row, 1, value, fmts.datetime)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, 1, dt.datetime(value.year, value.month, value.day), fmts.left_date)
        else:
            _string(ws, row, 1, str(value))
        row += 1
    row += 1
    for col, key in enumerate(("figure", "value", "details")):
        _string(ws, row, col, text(key, lang), fmts.header)
    row += 1
    for section in report.sections:
        _string(ws, row, 0, section.title(lang), fmts.section)
        ws.write_blank(row, 1, None, fmts.section)
        ws.write_blank(row, 2, None, fmts.section)
        row += 1
        for note in section.notes(lang):
            ws.set_row(row, _note_height(note, total))
            ws.merge_range(row, 0, row, 2, note[:EXCEL_MAX_TEXT], fmts.note)
            row += 1
        for figure in section.figures:
            height = max(_note_height(figure.label(lang), widths[0] - 2),
                         _note_height(format_value(figure.value, figure.kind, lang), widths[1]))
            if height > 15:
                ws.set_row(row, height)
            _string(ws, row, 0, figure.label(lang), fmts.label)
            _cell_writer(figure.kind, fmts.plain, lang, wrap=True)(ws, row, 1, figure.value)
            if figure.value is None:
                _string(ws, row, 1, text("no_value", lang))
            row += 1
        for table in section.tables:
            sheets = layout.sheets_of(table)
            _string(ws, row, 0, text("table_row", lang).format(title=table.title(lang)), fmts.label)
            ws.write_number(row, 1, len(table.rows), fmts.rows)
            ws.write_url(row, 2, "internal:'" + sheets[0].replace("'", "''") + "'!A1", fmts.link,
                         string=sheets[0] if len(sheets) == 1 else f"{sheets[0]} … {sheets[-1]}")
            row += 1
            if len(sheets) > 1:
                note = text("split", lang).format(n=f"{len(table.rows):,}", limit=f"{EXCEL_MAX_ROWS:,}", k=len(sheets),
                                                  sheets=text("sep", lang).join(sheets))
                ws.set_row(row, _note_height(note, total))
                ws.merge_range(row, 0, row, 2, note, fmts.split)
                row += 1
    row += 1
    _string(ws, row, 0, text("rules", lang), fmts.section)
    ws.write_blank(row, 1, None, fmts.section)
    ws.write_blank(row, 2, None, fmts.section)
    row += 1
    for col, key in enumerate(("rule", "value", "meaning")):
        _string(ws, row, col, text(key, lang), fmts.header)
    row += 1
    for _, label, value, kind, meaning in rule_rows(report.rules, lang):
        height = max(_note_height(label, widths[0]), _note_height(meaning, widths[2]),
                     _note_height(format_value(value, kind, lang), widths[1]))
        if height > 15:
            ws.set_row(row, height)
        _string(ws, row, 0, label, fmts.plain.wrap)
        _cell_writer(kind, fmts.plain, lang, wrap=True)(ws, row, 1, value)
        if meaning:
            _string(ws, row, 2, meaning, fmts.plain.wrap)
        row += 1
    _print_setup(ws)
    ws.activate()


def _write_table_part(wb: xlsxwriter.Workbook, part: SheetPart, report: Report, lang: str, fmts: _Formats) -> None:
    ws = wb.add_worksheet(part.name)
    section, table = part.section, part.table
    columns = table.columns
    rows = table.rows
    sample = rows[part.start: part.start + WIDTH_SAMPLE]
    writers: list[_Writer] = []
    widths: list[float] = []
    wrapped: list[tuple[int, float, Column]] = []
    for i, column in enumerate(columns):
        width, wrap = _column_width(column, [column.show(r[i], lang) for r in sample if i < len(r)], lang)
        ws.set_column(i, i, width)
        widths.append(width)
        if wrap:
            wrapped.append((i, width, column))
        writer = _cell_writer(column.kind, fmts.boxed, lang, wrap=wrap, blank=True)
        writers.append(_shown(writer, column, lang) if column.labels else writer)
    span = max(len(columns), 1) - 1
    total = sum(widths) or 60.0
    row = 0
    _string(ws, row, 0, f"{section.title(lang)} · {table.title(lang)}", fmts.sheet_title)
    row += 1
    n = len(rows)
    count = (text("part", lang).format(i=part.part, k=part.parts, a=f"{part.start + 1:,}", b=f"{part.stop:,}", n=f"{n:,}")
             if part.parts > 1 else text("rows", lang).format(n=f"{n:,}"))
    scope = text("sep", lang).join([f"{text('as_of', lang)} {report.as_of}", _scope(report, lang), count])
    _string(ws, row, 0, scope, fmts.meta)
    row += 1
    for note in section.notes(lang):
        ws.set_row(row, _note_height(note, total))
        if span:
            ws.merge_range(row, 0, row, span, note[:EXCEL_MAX_TEXT], fmts.note)
        else:
            _string(ws, row, 0, note, fmts.note)
        row += 1
    header = row
    height = max([15.0, *(_note_height(c.header(lang), w) for c, w in zip(columns, widths, strict=True))])
    if height > 15:
        ws.set_row(header, height)
    for col, column in enumerate(columns):
        _string(ws, header, col, column.header(lang), fmts.header)
    row += 1
    if part.start == part.stop:
        _string(ws, row, 0, text("empty", lang), fmts.empty)
    for values in rows[part.start: part.stop]:
        if wrapped:  # not every reader grows a row to fit wrapped text
            height = max(_note_height(format_value(c.show(values[i], lang), c.kind, lang), w)
                         for i, w, c in wrapped if i < len(values))
            if height > 15:
                ws.set_row(row, height)
        for col, (write, value) in enumerate(zip(writers, values, strict=False)):
            write(ws, row, col, value)
        row += 1
    ws.freeze_panes(header + 1, 0)
    if part.stop > part.start:
        ws.autofilter(header, 0, row - 1, span)
    _print_setup(ws, header)


def _workbook(target: str | IO[bytes], report: Report, lang: str, generated: dt.datetime | None,
              in_memory: bool) -> WorkbookLayout:
    layout = plan_workbook(report, lang)
    cells = sum(len(t.rows) * len(t.columns) for s in report.sections for t in s.tables)
    wb = xlsxwriter.Workbook(target, {
        "constant_memory": not in_memory, "in_memory": in_memory,
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        "use_zip64": cells > 20_000_000,
    })
    when = _generated(generated)
    wb.set_properties({"title": f"{text('title', lang)} {report.as_of}", "subject": _scope(report, lang),
                       "comments": f"gongjian.report/1 · {report.data_version}", "created": when})
    fmts = _Formats(wb, lang)
    try:
        _write_summary(wb, layout, report, lang, fmts, when)
        for part in layout.parts:
            _write_table_part(wb, part, report, lang, fmts)
    finally:
        try:
            wb.close()
        except xlsxwriter.exceptions.FileCreateError as e:
            raise ReportFileError(f"无法写入 {target}：{e}", f"cannot write {target}: {e}") from e
    return layout


def report_xlsx(report: Report, lang: str = "zh", *, generated: dt.datetime | None = None) -> bytes:
    """The workbook of :func:`write_xlsx` as bytes (built in memory: for small reports and tests)."""
    buffer = io.BytesIO()
    _workbook(buffer, report, lang, generated, in_memory=True)
    return buffer.getvalue()


def write_xlsx(report: Report, path: Path, lang: str = "zh", *,
               generated: dt.datetime | None = None) -> WorkbookLayout:
    """Write the Excel workbook (headers in ``lang``) to ``path``, row by row (constant memory).

    Sheets: a summary (title, date, scope, data version, generation time; every section's notes,
    figures and tables with links; the rules), then each drill-down table on its own sheet (title,
    scope and notes above a frozen, filtered header). Returns the layout, which names the tables
    that did not fit on one sheet.
    """
    with _atomic(path) as f:
        f.close()
        return _workbook(f.name, report, lang, generated, in_memory=False)


@contextmanager
def _atomic(path: Path) -> Iterator[IO[bytes]]:
    """A temporary file next to ``path`` that replaces it once written, so a failed or interrupted
    write never leaves half a report (:func:`exports.files.replaced`)."""
    def cannot(where: Path, reason: str) -> ReportFileError:
        return ReportFileError(f"无法写入 {where}：{reason}", f"cannot write {where}: {reason}")

    with replaced(path, cannot) as temp:
        try:
            handle = open(temp, "wb")  # handed to the caller, closed below
        except OSError as e:
            raise cannot(Path(path), e.strerror or str(e)) from e
        with handle:
            yield handle


# -- the reference part of docs/report-format.md ------------------------------------------------

DOC_MARKER = "<!-- Everything below is generated by `python -m exports.report_files`; do not edit it by hand. -->"


def _reference_report() -> Report:
    """A report of an empty graph, with the generic sections of a two-mode network of two nodes
    and a trend section: every section, figure, table and column."""
    import networkx as nx

    from graph.analysis.generic import generic_network
    from graph.analysis.generic_report import generic_sections
    from graph.analysis.report import build_report, trend, trend_section

    G = nx.MultiDiGraph()
    day = dt.date(2026, 11, 1)
    report = build_report(G, as_of=day)
    T = nx.MultiDiGraph()
    T.add_node("p", label="Node", type="person")
    T.add_node("g", label="Node", type="group")
    T.add_edge("p", "g", type="LINKED_TO")
    generic = generic_sections(T, generic_network(T, as_of=day))
    return Report(report.as_of, None, report.rules,
                  [*report.sections, *generic, trend_section(trend(lambda d: G, dates=[day]))])


def reference_doc(report: Report | None = None) -> str:
    """The generated part of ``docs/report-format.md``: the rules, then every section with its
    figures and its tables' columns (keys, headers, kinds, codes)."""
    report = report or _reference_report()
    lines = [DOC_MARKER, "", "## Rules / 规则 (`rules`)", "",
             "| key | default | 含义 | meaning |", "|---|---|---|---|"]
    for key, value in report.rules.items():
        zh, en = (RULE_TEXTS[key][2], RULE_TEXTS[key][3]) if key in RULE_TEXTS else ("", "")
        lines.append(f"| `{key}` | `{_md_cell(json.dumps(value, ensure_ascii=False))}` | {_md_cell(zh)} | {_md_cell(en)} |")
    lines += ["", "## Sections / 分析 (`sections`)", ""]
    for section in report.sections:
        lines += [f"### `{section.key}` — {section.zh} / {section.en}", ""]
        sources = SECTION_SOURCES.get(section.key, ())
        if sources:
            lines += ["Computed by " + ", ".join(f"`{name}`" for name in sources) + "; the shared readings "
                      "(an actor's community, the period, a member on a date) are `graph.analysis.readings`.", ""]
        if section.key == "trend":
            lines += ["Only with `gongjian analyze --trend`: one row per date; a column `SECTION.FIGURE` holds that "
                      "figure at each date.", ""]
        if section.key == "generic_network":
            lines += ["Only when the data holds a generic network (nodes labelled `Node`, or `LINKED_TO` ties) and "
                      "the report is of all communities (not of one or several); first in the report when the "
                      "generic network is all the data holds. Definitions: `graph/analysis/generic.py`.", ""]
        if section.key in ("generic_two_mode", "generic_projection_1", "generic_projection_2"):
            lines += ["Only for a two-mode generic network (exactly two kinds of node, every tie across).", ""]
        if section.figures:
            lines += ["| figure | 中文 | English | kind |", "|---|---|---|---|"]
            lines += [f"| `{f.key}` | {_md_cell(f.zh)} | {_md_cell(f.en)} | {f.kind} |" for f in section.figures]
            lines.append("")
        for table in section.tables:
            lines += [f"Table `{table.key}` — {table.zh} / {table.en}:", "",
                      "| column | 中文 | English | kind | codes |", "|---|---|---|---|---|"]
            for c in table.columns:
                codes = ", ".join(f"`{code}` {zh}" for code, zh, _ in c.labels)
                lines.append(f"| `{c.key}` | {_md_cell(c.zh)} | {_md_cell(c.en)} | {c.kind} | {_md_cell(codes)} |")
            if table.sort_by is not None:
                lines += ["", f"`sort_by`: `{table.sort_by}` (the Markdown digest shows the top rows by it)."]
            lines.append("")
    return "\n".join(lines)


def _update_doc(path: Path) -> None:
    """Replace the generated part of ``path`` (everything from :data:`DOC_MARKER` on)."""
    text_before = path.read_text(encoding="utf-8").split(DOC_MARKER)[0]
    path.write_text(text_before + reference_doc(), encoding="utf-8")


if __name__ == "__main__":
    _update_doc(Path(__file__).resolve().parents[1] / "docs" / "report-format.md")
