"""Reading CSV and XLSX files as the street office exported them.

Handles: UTF-8 (with or without BOM) and GBK/GB18030 text, detected strictly in that
order; title rows above the header; merged cells (filled from their top-left cell); blank
rows; a totals row (合计/总计) and notes (填表人/说明) at the bottom. Each data row keeps the
row number the user sees in Excel (1-based, counting the title and header rows).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import Problem
from loaders.schema import Table, best_table, score_headers, table_for_name

HEADER_SCAN_ROWS = 20
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
_FOOTER = re.compile(r"^(合计|总计|小计|共计|总数|total|sum|填表人|制表人|审核人|填报人|填表日期|注[:：]|说明[:：]|备注[:：])", re.I)


class ReadFailed(Exception):
    """Raised with a :class:`Problem` when a file cannot be read at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


@dataclass
class RawSheet:
    """One table as read: headers as written, data rows, their Excel row numbers."""

    file: str
    sheet: str | None
    table: Table
    header_row: int
    headers: list[str]
    rows: list[list[object]]
    row_numbers: list[int]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode ``data`` as strict UTF-8 (BOM allowed), else GB18030; return text and encoding.

    >>> decode_text("姓名".encode("gbk"))
    ('姓名', 'gb18030')
    >>> decode_text("\\ufeff姓名".encode("utf-8"))
    ('姓名', 'utf-8-sig')
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", data, 0, 1, "neither UTF-8 nor GB18030")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _is_blank(row: list[object]) -> bool:
    return all(_cell_text(v) == "" for v in row)


def _is_footer(row: list[object]) -> bool:
    first = next((_cell_text(v) for v in row if _cell_text(v)), "")
    return bool(_FOOTER.match(first.replace(" ", "")))


def _read_csv(path: Path) -> list[list[object]]:
    text, _ = decode_text(path.read_bytes())
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_excel(path: Path) -> Iterator[tuple[str, list[list[object]]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
            if r0 >= len(rows):
                continue
            top_left = rows[r0][c0] if c0 < len(rows[r0]) else None
            for r in range(r0, min(r1, len(rows) - 1) + 1):
                for c in range(c0, c1 + 1):
                    if c < len(rows[r]) and (r, c) != (r0, c0):
                        rows[r][c] = top_left
        yield name, rows


def _locate_header(rows: list[list[object]], table: Table | None) -> tuple[int, Table] | None:
    """Index of the header row among the first rows, and the table it belongs to."""
    best: tuple[int, Table, int] | None = None
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if table is not None:
            found, score = table, score_headers(table, row)
        else:
            found, score = best_table(row)
        if found is not None and score >= 2 and (best is None or score > best[2]):
            best = (i, found, score)
    return None if best is None else (best[0], best[1])


def _sheet_from_rows(
    rows: list[list[object]], file: str, sheet: str | None, table: Table | None
) -> RawSheet | Problem:
    located = _locate_header(rows, table)
    if located is None:
        return Problem(file, sheet, None, None, None, "no_header", {"rows": HEADER_SCAN_ROWS})
    h, found = located
    headers = [_cell_text(v) for v in rows[h]]
    data: list[list[object]] = []
    numbers: list[int] = []
    body = rows[h + 1 :]
    # Footers (totals, signatures) close the table: drop them and everything after.
    for offset, row in enumerate(body):
        if _is_footer(row):
            break
        if _is_blank(row):
            continue
        data.append(row + [None] * (len(headers) - len(row)))
        numbers.append(h + 2 + offset)
    return RawSheet(file, sheet, found, h + 1, headers, data, numbers)


def read_file(path: Path, table: Table | None = None) -> tuple[list[RawSheet], list[Problem]]:
    """Every table in the file at ``path``, identified by ``table``, name or headers.

    A workbook yields a sheet per table; sheets that hold no recognisable table are
    reported only when ``table`` was given or nothing else was found.
    """
    name = path.name
    problems: list[Problem] = []
    sheets: list[RawSheet] = []
    suffix = path.suffix.lower()
    try:
        if suffix in EXCEL_SUFFIXES:
            grids = list(_read_excel(path))
        else:
            grids = [(None, _read_csv(path))]
    except UnicodeDecodeError:
        return [], [Problem(name, None, None, None, None, "encoding")]
    except Exception as e:  # calamine raises its own error types for damaged files
        return [], [Problem(name, None, None, None, None, "file_unreadable", {"detail": str(e) or type(e).__name__})]
    for sheet_name, rows in grids:
        hint = table or (table_for_name(sheet_name) if sheet_name else None) or table_for_name(path.stem)
        result = _sheet_from_rows(rows, name, sheet_name, hint)
        if isinstance(result, Problem):
            if sheet_name is None or hint is not None:
                problems.append(result)
            continue
        sheets.append(result)
    if not sheets and not problems:
        problems.append(Problem(name, None, None, None, None, "unknown_table"))
    return sheets, problems


def input_files(path: Path) -> list[Path]:
    """The data files a dataset path names: the file itself, or the folder's CSV/XLSX files."""
    if path.is_dir():
        return sorted(
            p for p in path.iterdir()
            if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | EXCEL_SUFFIXES and not p.name.startswith(("~$", "."))
        )
    return [path]
