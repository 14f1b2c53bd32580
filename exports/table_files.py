"""One table (a drill-down list, a query's rows) as a downloadable CSV or Excel file, in memory.

CSV goes through :func:`exports.csv_files.write_csv` (a BOM, formula cells neutralised); the
workbook is written with formulas, URLs and numbers-from-text off, every text cell as text.

>>> data = table_csv(["编号", "名称"], [["U1", "=1+1"]])
>>> data.decode("utf-8")
"\\ufeff编号,名称\\r\\nU1,'=1+1\\r\\n"
>>> table_xlsx(["编号"], [["U1"]], "单位")[:2]
b'PK'
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from exports.csv_files import LIST_SEPARATOR, write_csv

#: Excel's longest sheet name.
_SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})


def table_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """The table as CSV bytes (UTF-8 with a BOM, Excel-safe)."""
    buffer = io.StringIO(newline="")
    write_csv(rows, list(headers), buffer)
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def table_xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> bytes:
    """The table as the bytes of a one-sheet workbook: a bold, frozen, filtered header row."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                      "strings_to_formulas": False, "strings_to_urls": False})
    name = (title or "Sheet1").translate(_SHEET_NAME_BAD)[:_SHEET_NAME_MAX].strip("'") or "Sheet1"
    ws = wb.add_worksheet(name)
    bold = wb.add_format({"bold": True})
    for col, header in enumerate(headers):
        ws.write_string(0, col, str(header), bold)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            value = _cell(value)
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_boolean(r, col, value)
            elif isinstance(value, (int, float)):
                ws.write_number(r, col, value)
            else:
                ws.write_string(r, col, str(value))
    ws.freeze_panes(1, 0)
    if headers:
        ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    wb.close()
    return buffer.getvalue()
