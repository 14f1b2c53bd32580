"""Reading CSV and XLSX files as the street office exported them.

Handles: UTF-8 (with or without BOM), UTF-16 and GBK/GB18030 text, decided as
:mod:`loaders.decoding` says, or the encoding the user names; title rows above the header;
merged cells (filled from their top-left cell); blank rows; a totals row (合计/总计) and
notes (填表人/说明) at the bottom. Each data row keeps the row number the user sees in Excel
(1-based, counting the title and header rows).

Refused, with a located problem, rather than guessed at: a path that is no regular file
(a device, a pipe, a socket) or a link out of the data folder; a file or a workbook too
large to read in bounded memory (:mod:`loaders.workbook_check`); a quote that never closes
and swallows the rows after it; a value in a column without a header; a row of more than
:data:`MAX_COLUMNS` columns; invisible characters in a header; a formula with no value.
"""

from __future__ import annotations

import csv
import itertools
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from loaders import matrix
from loaders.decoding import EncodingRefused, invisible, utf16_without_bom
from loaders.decoding import decode_text as decode_bytes
from loaders.errors import Problem
from loaders.schema import TABLES, Table, best_table, score_headers, table_for_name
from loaders.workbook_check import SheetLook, WorkbookLook, column_letters, look_at_workbook, size_text

HEADER_SCAN_ROWS = 20
#: Columns a table may have (a real roster has a few dozen; 100,000 took minutes to score).
MAX_COLUMNS = 1000
#: Bytes of a text file read at most (a city's member roster is about 200 MB).
MAX_TEXT_BYTES = 1 << 30
#: Bytes of a workbook file read at most (unpacked, :data:`loaders.workbook_check.MAX_UNPACKED`).
MAX_WORKBOOK_BYTES = 512 << 20
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


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and its encoding (:func:`loaders.decoding.decode_text`).

    >>> decode_text("姓名".encode("gbk"))
    ('姓名', 'gb18030')
    >>> decode_text("\\ufeff姓名".encode("utf-8"))
    ('姓名', 'utf-8-sig')
    """
    decoded = decode_bytes(data, encoding)
    return decoded.text, decoded.encoding


class FileRefused(Exception):
    """A file that is not read at all; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def _check_regular(path: Path, limit: int) -> None:
    """Refuse ``path`` unless it is a regular file of at most ``limit`` bytes: opening a pipe
    waits forever, and a device never ends."""
    name = path.name
    try:
        st = os.stat(path)
    except OSError as e:
        raise FileRefused(Problem(name, None, None, None, None, "file_unreadable", {"detail": e.strerror or str(e)})) from None
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(Problem(name, None, None, None, None, "not_a_file"))
    if st.st_size > limit:
        raise FileRefused(Problem(name, None, None, None, None, "file_too_large", {"size": size_text(st.st_size), "limit": size_text(limit)}))


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them (it may grow
    while it is read)."""
    _check_regular(path, limit)
    name = path.name
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(Problem(name, None, None, None, None, "file_too_large", {"size": f"> {size_text(limit)}", "limit": size_text(limit)}))
    return data


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _read_csv(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """The decoded text of a CSV file and its delimiter."""
    data = read_bytes(path, MAX_TEXT_BYTES)
    nul = data.count(0)
    if nul > 1000 and nul > len(data) // 100 and not encoding and not data.startswith((b"\xff\xfe", b"\xfe\xff")) \
            and utf16_without_bom(data) is None:
        # Text holds no NUL bytes (UTF-16 holds them in pairs with letters, and is decided by
        # the decoder); a file that is largely NUL is no roster, whatever its name.
        raise FileRefused(Problem(path.name, None, None, None, None, "not_text", {"n": f"{nul:,}"}))
    try:
        text, _ = decode_text(data, encoding)
    except EncodingRefused as e:
        raise FileRefused(Problem(path.name, None, e.row, None, None, e.code, e.params)) from None
    del data
    sample = text[:4096]
    return text, "\t" if sample.count("\t") > sample.count(",") else ","


_BREAK = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time (a StringIO of a large file would
    hold it again at four bytes a character); the last ends in a newline even when the file
    does not, so that a quote left open at the very end shows as a cell ending in one."""
    start = 0
    for m in _BREAK.finditer(text):
        yield text[start : m.end()]
        start = m.end()
    if start < len(text):
        yield text[start:] + "\n"


def _swallowed(cell: str, delimiter: str, width: int) -> bool:
    """Whether a cell running over several lines holds a row's worth of delimiters (as many
    as a row has, less one): a quote that ran over the rows after it. A list cell of a few
    items on several lines (``"书法,绘画\n摄影"``) is no such thing."""
    return _BREAK.search(cell) is not None and cell.count(delimiter) >= max(2, width - 1)


def _csv_records(text: str, delimiter: str, file: str, limit: int | None = None) -> tuple[list[list[object]], list[Problem]]:
    """The CSV text's records (the first ``limit``), and a problem for each quote that
    swallowed rows.

    A quoted cell may hold a line break, but one whose further lines are rows of the table
    is rows run together by a quote that never closed (or closed far too late), and a
    quote still open at the end of the file never closed at all: each is reported at the
    row where the quote opens, and that row is left blank (its cells are that problem, not
    more problems).
    """
    reader = csv.reader(_lines(text), delimiter=delimiter)
    rows: list[list[object]] = []
    problems: list[Problem] = []
    line = width = 0
    try:
        for record in reader if limit is None else itertools.islice(reader, limit):
            taken, line = reader.line_num - line, reader.line_num
            if taken > 1 and any(_swallowed(c, delimiter, width or len(record)) for c in record):
                problems.append(Problem(file, None, len(rows) + 1, None, None, "unclosed_quote", {"lines": taken - 1}))
                record = []
            width = max(width, len(record))
            rows.append(list(record))
    except csv.Error:
        # A cell past the reader's field limit (128 K characters): only a quote that ran on.
        problems.append(Problem(file, None, len(rows) + 1, None, None, "unclosed_quote_at_end"))
        return rows, problems
    ended = limit is None or len(rows) < limit
    if ended and rows and rows[-1] and _BREAK.fullmatch(str(rows[-1][-1])[-1:] or "x"):
        # The last quote ran to the end of the file without swallowing a row.
        if not problems or problems[-1].row != len(rows):
            problems.append(Problem(file, None, len(rows), None, None, "unclosed_quote_at_end"))
        rows[-1] = []
    return rows, problems


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


def _read_excel(path: Path, looks: dict[Path, WorkbookLook] | None) -> Iterator[tuple[str, list[list[object]], SheetLook | None]]:
    from python_calamine import CalamineWorkbook

    look = looks.get(path) if looks is not None else None
    if look is None:
        look = look_at_workbook(path)
        if looks is not None:
            looks[path] = look
    if look.code is not None:
        raise FileRefused(Problem(path.name, look.sheet, None, None, None, look.code, look.params))
    by_sheet = {s.name: s for s in look.sheets}
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
            if r0 >= len(rows):
                continue
            top_left = rows[r0][c0] if c0 < len(rows[r0]) else None
            for r in range(r0, min(r1, len(rows) - 1) + 1):
                for c in range(c0, min(c1, len(rows[r]) - 1) + 1):  # a merge may claim far more than the row holds
                    if (r, c) != (r0, c0):
                        rows[r][c] = top_left
        yield name, rows, by_sheet.get(name)


def _filled(row: list[object]) -> int:
    """The number of cells up to the row's last non-blank one."""
    for j in range(len(row) - 1, -1, -1):
        if _cell_text(row[j]):
            return j + 1
    return 0


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


def _beyond_header(rows: list[list[object]], width: int, first_row_number: int, file: str, sheet: str | None) -> list[Problem]:
    """A problem for each row with a value beyond the header's last column (it would be cut)."""
    found = []
    for k, r in enumerate(rows):
        if len(r) > width:
            extra = next((j for j in range(width, len(r)) if _cell_text(r[j])), None)
            if extra is not None:
                found.append(Problem(file, sheet, first_row_number + k, None, r[extra], "extra_fields",
                                     {"column": column_letters(extra + 1), "width": width}))
    return found


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


Body = Callable[[int, int], tuple[pd.DataFrame, list[Problem]]]


def _header_problems(raw: list[object], header_row: int, file: str, sheet: str | None) -> list[Problem]:
    """A problem for each header cell holding characters a person cannot see (a second BOM,
    NUL, a zero-width space): the header still matches, but the file is not what it seems."""
    found = []
    for v in raw:
        text = "" if v is None else str(v)
        if text and invisible(text):
            chars = "、".join(sorted({f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) in ("Cc", "Cf")}))
            found.append(Problem(file, sheet, header_row, text, None, "header_invisible", {"chars": chars, "header": text}))
    return found


def _formula_problems(look: SheetLook | None, h: int, headers: list[str], table: Table, file: str, sheet: str | None) -> list[Problem]:
    """Formulas saved without their value, in the columns the table reads."""
    if look is None:
        return []
    return [Problem(file, sheet, r + 1, headers[c], None, "formula_no_value", {"formula": f})
            for (r, c), f in sorted(look.formulas.items()) if r > h and c < len(headers) and table.column_for(headers[c])]


def _repeats(header: list[object], row: list[object]) -> bool:
    """Whether ``row`` only repeats ``header`` (at least two cells, every non-blank one equal)."""
    cells = [(j, _cell_text(v)) for j, v in enumerate(row) if _cell_text(v)]
    return len(cells) >= 2 and all(j < len(header) and _cell_text(header[j]) == v for j, v in cells)


def _matrix_sheets(
    head: list[list[object]], body: Body, file: str, sheet: str | None, wanted: Wanted,
) -> list[RawSheet] | Problem:
    """A membership matrix as a generic ``nodes`` and ``edges`` sheet (:mod:`loaders.matrix`);
    the matrix's own problems travel with the edges sheet, so that they are reported once."""
    h = matrix.header_index(head)
    if h is None:
        return Problem(file, sheet, None, None, None, "no_header", {"rows": HEADER_SCAN_ROWS})
    nodes_table, edges_table = TABLES["nodes"], TABLES["edges"]
    node_headers, edge_headers = ["id", "name", "type"], ["source", "target"]
    if not wanted(sheet, TABLES["matrix"]):
        return [RawSheet(file, sheet, nodes_table, h + 1, node_headers, _frame([], 3), [], []),
                RawSheet(file, sheet, edges_table, h + 1, edge_headers, _frame([], 2), [], [])]
    headers = list(head[h])
    rows, row_problems = body(h, len(headers))
    frame, numbers, stranded = _body(rows, h + 2)
    (node_rows, node_numbers), (edge_rows, edge_numbers), found = matrix.as_generic_tables(
        file, sheet, h + 1, headers, frame, numbers)
    problems = _header_problems(head[h], h + 1, file, sheet) + row_problems + found
    problems += [Problem(file, sheet, row, None, None, "after_footer") for row in stranded]
    return [RawSheet(file, sheet, nodes_table, h + 1, node_headers, _frame(node_rows, 3), node_numbers, []),
            RawSheet(file, sheet, edges_table, h + 1, edge_headers, _frame(edge_rows, 2), edge_numbers, problems)]


def _sheet(
    head: list[list[object]], body: Body, file: str, sheet: str | None, table: Table | None,
    wanted: Wanted, look: SheetLook | None = None,
) -> list[RawSheet] | Problem:
    for i, row in enumerate(head):
        n = _filled(row)
        if n > MAX_COLUMNS:
            return Problem(file, sheet, i + 1, None, None, "too_many_columns", {"n": n, "limit": MAX_COLUMNS})
    head = [row[: _filled(row)] for row in head]
    if table is not None and table.name == "matrix":
        # Named a matrix (membership.csv, a sheet 矩阵, --table matrix): unless its headers are
        # plainly a roster's, which then decide (a roster saved under another name stays one).
        roster = _locate_header(head, None)
        if roster is None or roster[1].name == "matrix":
            return _matrix_sheets(head, body, file, sheet, wanted)
        table = None
    located = _locate_header(head, table)
    if located is None and table is None and matrix.looks_like_matrix(head):
        return _matrix_sheets(head, body, file, sheet, wanted)
    if located is None:
        return Problem(file, sheet, None, None, None, "no_header", {"rows": HEADER_SCAN_ROWS})
    h, found = located
    first_header = h
    while h + 1 < len(head) and _repeats(head[h], head[h + 1]):
        h += 1  # a header merged down over two rows fills both with the same text
    headers = [_cell_text(v) for v in head[h]]
    if not wanted(sheet, found):
        return [RawSheet(file, sheet, found, h + 1, headers, _frame([], len(headers)), [], [])]
    rows, row_problems = body(h, len(headers))
    frame, numbers, stranded = _body(rows, h + 2)
    problems = _header_problems(head[first_header], first_header + 1, file, sheet) + row_problems
    problems += _formula_problems(look, h, headers, found, file, sheet)
    problems += [Problem(file, sheet, row, None, None, "after_footer") for row in stranded]
    return [RawSheet(file, sheet, found, h + 1, headers, frame, numbers, problems)]


def read_file(
    path: Path, table: Table | None = None, wanted: Wanted = lambda _s, _t: True, *, encoding: str | None = None,
    looks: dict[Path, WorkbookLook] | None = None,
) -> tuple[list[RawSheet], list[Problem]]:
    """Every table in the file at ``path``, identified by ``table``, name or headers.

    A workbook yields a sheet per table; sheets that hold no recognisable table are
    reported only when ``table`` was given or nothing else was found. Only the sheets
    ``wanted`` accepts have their rows read (the others come back with headers only).
    A text file is read in ``encoding`` when given (else :mod:`loaders.decoding` decides);
    ``looks`` keeps each workbook's :func:`~loaders.workbook_check.look_at_workbook` for the
    next read of the same file within one load.
    """
    name = path.name
    problems: list[Problem] = []
    sheets: list[RawSheet] = []
    suffix = path.suffix.lower()
    grids: list[tuple[str | None, list[list[object]], Body, SheetLook | None]]
    try:
        if suffix in EXCEL_SUFFIXES:
            _check_regular(path, MAX_WORKBOOK_BYTES)
            grids = [
                (sheet_name, rows, lambda h, w, rows=rows, sheet_name=sheet_name: (
                    _frame(rows[h + 1 :], w), _beyond_header(rows[h + 1 :], w, h + 2, name, sheet_name)), look)
                for sheet_name, rows, look in _read_excel(path, looks)
            ]
        else:
            text, delimiter = _read_csv(path, encoding)
            head, head_quotes = _csv_records(text, delimiter, name, HEADER_SCAN_ROWS)
            decoded = [text]  # handed over, so that the body holds one copy of the file, not two
            del text

            def csv_body(h: int, w: int) -> tuple[pd.DataFrame, list[Problem]]:
                data = decoded.pop().encode("utf-8")  # for CJK text, about half the size of the str
                fast = _fast_csv_body(data, delimiter, h, w)
                if fast is not None:
                    return fast, []
                records, quotes = _csv_records(data.decode("utf-8"), delimiter, name)
                del data
                return _frame(records[h + 1 :], w), quotes + _beyond_header(records[h + 1 :], w, h + 2, name, None)

            grids = [(None, head, csv_body, None)]
            if head_quotes and len(head) < HEADER_SCAN_ROWS and not _locate_header(head, table or table_for_name(path.stem)):
                # The header itself (or a row above it) opened a quote that swallowed the file.
                return [], head_quotes[:1]
    except FileRefused as e:
        return [], [e.problem]
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as e:  # calamine raises its own error types for damaged files, and panics
        return [], [Problem(name, None, None, None, None, "file_unreadable", {"detail": str(e) or type(e).__name__})]
    grids = [g for g in grids if any(_cell_text(v) for row in g[1][:HEADER_SCAN_ROWS] for v in row)]
    missed: list[Problem] = []
    for sheet_name, head, body, look in grids:
        # A sheet's own name says which table it holds; --table names the table of a single
        # roster; the file's name only speaks for a file with one table in it.
        named = table_for_name(sheet_name) if sheet_name else None
        hint = named or table or (table_for_name(path.stem) if len(grids) == 1 else None)
        result = _sheet(head[:HEADER_SCAN_ROWS], body, name, sheet_name, hint, wanted, look)
        if isinstance(result, Problem):
            # Sheets of notes or instructions beside the tables are left alone.
            (problems if named or len(grids) == 1 or result.code == "too_many_columns" else missed).append(result)
            continue
        sheets += result
        problems += [p for r in result for p in r.problems]
    if not sheets:
        problems += missed
    if not sheets and not problems:
        problems.append(Problem(name, None, None, None, None, "unknown_table"))
    return sheets, problems


def _data_file_name(name: str) -> bool:
    return Path(name).suffix.lower() in TEXT_SUFFIXES | EXCEL_SUFFIXES and not name.startswith(("~$", "."))


def input_files(path: Path) -> tuple[list[Path], list[Problem]]:
    """The data files a dataset path names — the file itself, or the folder's CSV/XLSX
    files — and a problem for each that is not read: no regular file (a device, a pipe, a
    socket), or a symbolic link that leaves the folder."""
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        return [], [Problem(str(path.name or path), None, None, None, None, "file_unreadable", {"detail": e.strerror or str(e)})]
    if not stat.S_ISDIR(mode):
        if not stat.S_ISREG(mode):
            return [], [Problem(path.name or str(path), None, None, None, None, "not_a_file")]
        return [path], []
    root = path.resolve()
    files: list[Path] = []
    problems: list[Problem] = []
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as e:
        return [], [Problem(path.name or str(path), None, None, None, None, "file_unreadable", {"detail": e.strerror or str(e)})]
    for entry in entries:
        if not _data_file_name(entry.name):
            continue
        p = Path(entry.path)
        if entry.is_symlink():
            try:
                target = p.resolve(strict=True)
            except (OSError, RuntimeError):  # a loop of links, or one that leads nowhere
                problems.append(Problem(entry.name, None, None, None, None, "file_unreadable", {"detail": "symbolic link loop / 符号链接循环或无目标"}))
                continue
            if not target.is_relative_to(root):
                problems.append(Problem(entry.name, None, None, None, None, "link_outside", {"target": target.name}))
                continue
        try:
            mode = os.stat(p).st_mode
        except OSError as e:
            problems.append(Problem(entry.name, None, None, None, None, "file_unreadable", {"detail": e.strerror or str(e)}))
            continue
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            problems.append(Problem(entry.name, None, None, None, None, "not_a_file"))
            continue
        files.append(p)
    return files, problems
