"""Reading CSV and XLSX files as the street office exported them.

Handles: UTF-8 (with or without BOM) and GBK/GB18030 text, detected strictly in that
order; title rows above the header; merged cells (filled from their top-left cell); blank
rows; a totals row (合计/总计) and notes (填表人/说明) at the bottom. Each data row keeps the
row number the user sees in Excel (1-based, counting the title and header rows).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from loaders.errors import Problem
from loaders.schema import Table, best_table, score_headers, table_for_name

HEADER_SCAN_ROWS = 20
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
#: First cells that make a totals row (alone, or with a count: 合计：35人) …
TOTALS_WORDS = ("合计", "总计", "小计", "共计", "总数", "total", "sum")
#: … and words that open a note below the table (填表人：…).
NOTE_WORDS = ("填表人", "制表人", "审核人", "填报人", "填表日期", "制表日期", "联系人", "注", "说明", "备注")
_FOOTER = re.compile(
    rf"^(?:(?:{'|'.join(TOTALS_WORDS)})(?:[:：]?[\d,.]*(?:人|个|名|家|项|条)?)?"
    rf"|(?:{'|'.join(NOTE_WORDS)})\s*[:：].*)$",
    re.I,
)


@dataclass
class RawSheet:
    """One table as read: headers as written, data rows, their Excel row numbers."""

    file: str
    sheet: str | None
    table: Table
    header_row: int
    headers: list[str]
    frame: pd.DataFrame  # one column per header position, raw cells
    row_numbers: list[int]
    problems: list[Problem] = field(default_factory=list)


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


def _read_csv(path: Path) -> tuple[str, str]:
    """The decoded text of a CSV file and its delimiter."""
    text, _ = decode_text(path.read_bytes())
    sample = text[:4096]
    return text, "\t" if sample.count("\t") > sample.count(",") else ","


def _csv_rows(text: str, delimiter: str, limit: int | None = None) -> list[list[object]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [list(r) for r in (reader if limit is None else itertools.islice(reader, limit))]


_NON_BLANK = re.compile(rb"\S")


def _fast_csv_body(data: bytes, delimiter: str, header_index: int, width: int) -> pd.DataFrame | None:
    """The rows below the header, parsed by Arrow straight from the UTF-8 bytes (no copy),
    when every line is exactly one row.

    Quoted cells may hold line breaks, and ragged rows shift nothing in Excel but would in
    Arrow; in both cases ``None`` sends the caller to the row-by-row reader, which keeps
    the row numbers right.
    """
    if b'"' in data:
        return None
    start = 0
    for _ in range(header_index + 1):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return None
    if not _NON_BLANK.search(data, start):
        return None
    ragged = False

    def on_invalid(_row: object) -> str:
        nonlocal ragged
        ragged = True
        return "skip"

    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(memoryview(data)[start:])),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid:
        return None
    if ragged:
        return None
    frame = table.to_pandas(types_mapper=lambda _t: pd.StringDtype("pyarrow"))
    if data.endswith(b"\n") and len(frame) and (frame.iloc[-1] == "").all():
        frame = frame.iloc[:-1]
    return frame  # Arrow strings (never null here): a fraction of the memory of Python objects


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


def _frame(rows: list[list[object]], width: int) -> pd.DataFrame:
    padded = [(r + [None] * (width - len(r)))[:width] for r in rows]
    return pd.DataFrame(padded, columns=[f"c{i}" for i in range(width)], dtype=object)


def _body(frame: pd.DataFrame, first_row_number: int) -> tuple[pd.DataFrame, list[int], list[int]]:
    """Drop blank rows and the footer (totals, notes); return the rows, their numbers, and the
    numbers of non-footer rows found below the footer, which are not read."""
    # Each row's first non-blank cell, one column at a time (a stripped copy of every
    # column at once would double a large roster's memory).
    first = pd.Series([""] * len(frame), index=frame.index, dtype="string[pyarrow]")
    for c in reversed(frame.columns):
        col = frame[c]
        text = (col.astype("string[pyarrow]").fillna("").str.strip()
                if pd.api.types.infer_dtype(col, skipna=True) in {"string", "empty"}
                else col.map(lambda v: "" if v is None or v != v else str(v).strip()).astype("string[pyarrow]"))
        first = text.where(text != "", first)
        del text
    blank = (first == "").to_numpy()
    footer = first.str.replace(" ", "", regex=False).str.fullmatch(_FOOTER.pattern, case=False).fillna(False).to_numpy()
    del first
    stranded: list[int] = []
    if footer.any():
        cut = int(np.argmax(footer))
        stranded = (np.flatnonzero(~blank[cut:] & ~footer[cut:]) + cut + first_row_number).tolist()
        frame, blank = frame.iloc[:cut], blank[:cut]
    numbers = (np.flatnonzero(~blank) + first_row_number).tolist()
    return (frame[~blank] if blank.any() else frame).reset_index(drop=True), numbers, stranded


#: Which sheets' rows to read, by sheet name and table; the others come back without rows.
Wanted = Callable[[str | None, Table], bool]


def _sheet(
    head: list[list[object]], body: Callable[[int, int], pd.DataFrame], file: str, sheet: str | None, table: Table | None,
    wanted: Wanted,
) -> RawSheet | Problem:
    located = _locate_header(head, table)
    if located is None:
        return Problem(file, sheet, None, None, None, "no_header", {"rows": HEADER_SCAN_ROWS})
    h, found = located
    headers = [_cell_text(v) for v in head[h]]
    if not wanted(sheet, found):
        return RawSheet(file, sheet, found, h + 1, headers, _frame([], len(headers)), [], [])
    frame, numbers, stranded = _body(body(h, len(headers)), h + 2)
    problems = [Problem(file, sheet, row, None, None, "after_footer") for row in stranded]
    return RawSheet(file, sheet, found, h + 1, headers, frame, numbers, problems)


def read_file(path: Path, table: Table | None = None, wanted: Wanted = lambda _s, _t: True) -> tuple[list[RawSheet], list[Problem]]:
    """Every table in the file at ``path``, identified by ``table``, name or headers.

    A workbook yields a sheet per table; sheets that hold no recognisable table are
    reported only when ``table`` was given or nothing else was found. Only the sheets
    ``wanted`` accepts have their rows read (the others come back with headers only).
    """
    name = path.name
    problems: list[Problem] = []
    sheets: list[RawSheet] = []
    suffix = path.suffix.lower()
    try:
        if suffix in EXCEL_SUFFIXES:
            grids: list[tuple[str | None, list[list[object]], Callable[[int, int], pd.DataFrame]]] = [
                (sheet_name, rows, lambda h, w, rows=rows: _frame(rows[h + 1 :], w))
                for sheet_name, rows in _read_excel(path)
            ]
        else:
            text, delimiter = _read_csv(path)
            head = _csv_rows(text, delimiter, HEADER_SCAN_ROWS)
            decoded = [text]  # handed over, so that the body holds one copy of the file, not two
            del text

            def csv_body(h: int, w: int) -> pd.DataFrame:
                data = decoded.pop().encode("utf-8")  # for CJK text, about half the size of the str
                fast = _fast_csv_body(data, delimiter, h, w)
                return fast if fast is not None else _frame(_csv_rows(data.decode("utf-8"), delimiter)[h + 1 :], w)

            grids = [(None, head, csv_body)]
    except UnicodeDecodeError:
        return [], [Problem(name, None, None, None, None, "encoding")]
    except Exception as e:  # calamine raises its own error types for damaged files
        return [], [Problem(name, None, None, None, None, "file_unreadable", {"detail": str(e) or type(e).__name__})]
    grids = [g for g in grids if any(_cell_text(v) for row in g[1][:HEADER_SCAN_ROWS] for v in row)]
    missed: list[Problem] = []
    for sheet_name, head, body in grids:
        # A sheet's own name says which table it holds; --table names the table of a single
        # roster; the file's name only speaks for a file with one table in it.
        named = table_for_name(sheet_name) if sheet_name else None
        hint = named or table or (table_for_name(path.stem) if len(grids) == 1 else None)
        result = _sheet(head[:HEADER_SCAN_ROWS], body, name, sheet_name, hint, wanted)
        if isinstance(result, Problem):
            # Sheets of notes or instructions beside the tables are left alone.
            (problems if named or len(grids) == 1 else missed).append(result)
            continue
        sheets.append(result)
        problems += result.problems
    if not sheets:
        problems += missed
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
