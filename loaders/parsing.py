"""From a :class:`RawSheet` to typed columns: header mapping and per-column parsing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graph.model import Label
from loaders.errors import Both, Problem, mask_id_number
from loaders.identity import IdInfo, IdNumberError, parse_id_number
from loaders.personal import CANDIDATE, mask_personal, personal_kind
from loaders.reading import RawSheet
from loaders.schema import Column, Table
from loaders.values import (
    EARLIEST,
    parse_dates,
    parse_enum,
    parse_list,
    parse_numbers,
    plain_text,
    redact,
    to_text,
)

#: Characters a cell of each kind can plausibly hold; longer is rows run together or a
#: paste gone wrong, and is reported rather than kept or cut.
MAX_CHARS: dict[str, int] = {
    "text": 500, "ref": 200, "list": 2000, "refs": 2000, "enum": 50, "date": 50, "int": 50, "float": 50, "id_number": 50,
}
#: … and for the id and name columns of every table.
MAX_ID_CHARS, MAX_NAME_CHARS = 100, 200
#: Kinds whose cells may hold line breaks (they separate the items of a list).
_MULTILINE = frozenset({"list", "refs"})


@dataclass
class ParsedTable:
    """A table's typed columns (by canonical name), row numbers, and the problems found."""

    table: Table
    file: str
    sheet: str | None
    row_numbers: list[int]
    headers: dict[str, str]
    columns: dict[str, pd.Series]
    problems: list[Problem] = field(default_factory=list)
    id_infos: dict[str, list[IdInfo | None]] = field(default_factory=dict)
    #: (row, column) of every cell already reported: its emptiness is not reported again.
    flagged: set[tuple[int, str]] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.row_numbers)

    def has(self, name: str) -> bool:
        """Whether the input had the column ``name``."""
        return name in self.columns

    def get(self, name: str) -> pd.Series:
        """The typed column ``name``, or a column of ``None`` when the input lacked it."""
        if name in self.columns:
            col = self.columns[name]
            if isinstance(col.dtype, pd.StringDtype):
                return col.astype(object).where(col.notna(), None)
            return col
        return pd.Series([None] * len(self), dtype=object)

    def problem(self, i: int, column: str | None, value: object, code: str, **params: object) -> None:
        """Record a problem at data row ``i`` (0-based) in ``column`` (canonical name).

        ID- and phone-shaped parts of the value are masked: reports are shown and saved.
        """
        if column:
            self.flagged.add((i, column))
        header = self.headers.get(column, column) if column else None
        if isinstance(value, str):
            value = mask_personal(value)
        self.problems.append(Problem(self.file, self.sheet, self.row_numbers[i], header, value, code, params))


def _shown(col: Column, raw: object) -> object:
    """The raw value as it may appear in a report (ID numbers masked)."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return None
    if col.kind == "id_number":
        return mask_id_number(raw if not isinstance(raw, float) else int(raw))
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


def _parse_id_numbers(pt: ParsedTable, col: Column, raw: pd.Series) -> None:
    infos: list[IdInfo | None] = []
    for i, v in enumerate(raw.tolist()):
        if v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip()):
            infos.append(None)
            continue
        if isinstance(v, (int, float)):
            pt.problem(i, col.name, _shown(col, v), "id_numeric_cell")
            infos.append(None)
            continue
        try:
            infos.append(parse_id_number(to_text(pd.Series([v])).iloc[0] or ""))
        except IdNumberError as e:
            pt.problem(i, col.name, _shown(col, v), e.args[0])
            infos.append(None)
    pt.id_infos[col.name] = infos
    pt.id_infos[f"{col.name}_given"] = [  # type: ignore[assignment]
        not (v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())) for v in raw.tolist()
    ]


def _shape_problems(pt: ParsedTable, col: Column, raw: pd.Series) -> set[int]:
    """Report cells holding line breaks or far more text than the column can hold; return
    their rows, which are not parsed further. Arrow finds the few such cells; Python looks
    only at those."""
    text = plain_text(raw)
    arr = pa.array(text.astype(object).tolist(), type=pa.string(), from_pandas=True)
    limit = MAX_ID_CHARS if col.name == "id" else MAX_NAME_CHARS if col.name == "name" else MAX_CHARS.get(col.kind, 500)
    long = pc.greater(pc.utf8_length(arr), limit)
    broken = pc.match_substring_regex(arr, r"[\r\n]") if col.kind not in _MULTILINE else pa.nulls(len(arr), pa.bool_())
    suspect = pc.fill_null(pc.or_(pc.fill_null(long, False), pc.fill_null(broken, False)), False)
    bad: set[int] = set()
    if not pc.any(suspect).as_py():
        return bad
    for i in np.flatnonzero(suspect.to_numpy(zero_copy_only=False)).tolist():
        v = arr[i].as_py()
        if col.kind not in _MULTILINE and ("\n" in v or "\r" in v) and v.strip():
            pt.problem(i, col.name, v, "line_break_in_cell")
            bad.add(i)
        elif len(v) > limit:
            pt.problem(i, col.name, v, "too_long", length=len(v), limit=limit)
            bad.add(i)
    return bad


def _numeric_codes(pt: ParsedTable, name: str, raw: pd.Series) -> set[int]:
    """Refuse codes that Excel stored as numbers of 15 digits or more: their last digits are
    already lost (a credit code or ID number cannot survive a number cell)."""
    bad: set[int] = set()
    for i, v in enumerate(raw.tolist()):
        if isinstance(v, int | float) and not isinstance(v, bool) and v == v and abs(v) >= 1e14:
            pt.problem(i, name, int(v), "code_numeric_cell")
            bad.add(i)
    return bad


def _personal_codes(pt: ParsedTable, name: str, values: pd.Series, *, strict: bool) -> None:
    """Refuse codes that hold a resident ID or phone number (glued to letters or not)."""
    for i, v in enumerate(values.tolist()):
        if v is not None and personal_kind(v, strict=strict):
            pt.problem(i, name, v, "personal_in_code")
            values.iat[i] = None


def _personal_numbers(pt: ParsedTable, name: str, raw: pd.Series, values: pd.Series) -> set[int]:
    """Refuse numbers that are phone or ID numbers (a 职工人数 of 13812345678); return their rows."""
    found: set[int] = set()
    text = plain_text(raw)
    hits = text.astype("string").str.contains(CANDIDATE, regex=True).fillna(False).to_numpy(dtype=bool)
    for i in hits.nonzero()[0].tolist():
        if re.fullmatch(r"[+\d\s()-]+", text.iat[i]) and personal_kind(text.iat[i]):  # 31.230416000000002 is a latitude
            pt.problem(i, name, text.iat[i], "personal_in_number")
            values.iat[i] = pd.NA
            found.add(i)
    return found


def parse_sheet(sheet: RawSheet, *, today: dt.date, columns: Collection[str] | None = None,
                earliest: dt.date = EARLIEST) -> ParsedTable:
    """Map the sheet's headers onto its table's columns and parse each column (or only
    ``columns``; every header is still checked). Dates before ``earliest`` are refused
    (:func:`loaders.values.parse_dates`)."""
    table = sheet.table
    pt = ParsedTable(table, sheet.file, sheet.sheet, sheet.row_numbers, {}, {})
    positions: dict[str, int] = {}
    for j, header in enumerate(sheet.headers):
        col = table.column_for(header)
        if col is None:
            continue
        if col.name in positions:
            pt.problems.append(Problem(sheet.file, sheet.sheet, sheet.header_row, header, None,
                                       "duplicate_column", {"other": positions[col.name] + 1}))
            continue
        positions[col.name] = j
        pt.headers[col.name] = header
    for col in table.columns:
        if col.required and col.name not in positions:
            pt.problems.append(Problem(sheet.file, sheet.sheet, sheet.header_row, None, None,
                                       "missing_column", {"column": col.zh_header}))
    for name, j in positions.items():
        if columns is not None and name not in columns:
            continue
        col = table.column(name)
        raw = sheet.frame.iloc[:, j].reset_index(drop=True)
        if col.kind == "phone":
            continue  # never kept, never parsed, never reported
        if col.kind == "id_number":
            _parse_id_numbers(pt, col, raw)
            continue
        bad: list[tuple[int, str, dict[str, object]]] = []
        shaped = _shape_problems(pt, col, raw)
        if col.kind in _MULTILINE:
            raw = raw.map(lambda v: v.replace("\r\n", "、").replace("\n", "、") if isinstance(v, str) else v)
        # Free text is redacted; ids and references are not (a unit's 18-digit credit code is
        # no ID number), but one that holds an ID or phone number is refused.
        generic_key = (table.name == "nodes" and name == "id") or (table.name == "edges" and name in ("source", "target"))
        if col.kind in ("text", "ref") and (name == "id" or col.kind == "ref" or generic_key):
            shaped |= _numeric_codes(pt, name, raw)
        if shaped:
            raw = raw.copy()
            raw.iloc[sorted(shaped)] = None
        if col.kind == "text" and name != "id" and not generic_key:
            values = redact(to_text(raw))
        elif col.kind in ("text", "ref"):
            values = to_text(raw)
            if generic_key:
                pass  # the generic tables' ids are checked by label (a member's is an ID number)
            elif name == "id":
                # Units' codes are often credit codes or 15-digit registration numbers: only a
                # valid ID number or a phone number counts there; everywhere else any such shape.
                _personal_codes(pt, name, values, strict=table.label is not Label.UNIT)
            elif Label.MEMBER in col.targets:
                _personal_codes(pt, name, values, strict=True)  # ID numbers go in their own column
            else:
                # A reference to units keeps credit codes and registration numbers; any other
                # loses every personal-number shape. Unresolved, it is kept as text (工作单位).
                values = redact(values, strict=Label.UNIT not in col.targets)
        elif col.kind == "list":
            values = parse_list(redact(to_text(raw)))
        elif col.kind == "refs":
            values = parse_list(raw)
        elif col.kind in ("int", "float"):
            values, bad = parse_numbers(raw, integer=col.kind == "int")
            personal = _personal_numbers(pt, name, raw, values)
            bad = [b for b in bad if b[0] not in personal]  # reported once, as what it is
        elif col.kind == "date":
            values, bad = parse_dates(raw, today=today, earliest=earliest)
        elif col.kind == "enum":
            assert col.enum is not None
            values, bad = parse_enum(raw, col.enum, (col.zh or col.name, col.en or col.name))
        else:  # pragma: no cover - every kind is handled above
            raise AssertionError(col.kind)
        bad = [b for b in bad if b[0] not in shaped]
        for i, code, params in bad:
            if code == "not_in_enum":  # the column as the user's header names it, and in English
                params = {**params, "kind": Both(col.zh_header, col.name)}
            pt.problem(i, name, _shown(col, raw.iloc[i]), code, **params)
        # Text waits for the other tables as Arrow strings, a third of the memory of objects.
        pt.columns[name] = pd.Series(pd.array(values, dtype="string[pyarrow]")) if col.kind in ("text", "ref") else values
        if col.required:
            empty = values.map(lambda v: (not v) if isinstance(v, list) else bool(pd.isna(v)))
            bad_rows = {r for r, c in pt.flagged if c == name}  # every cell reported above is flagged
            for i in [int(k) for k in empty[empty].index if int(k) not in bad_rows]:
                pt.problem(i, name, None, "required")
    return pt


#: Rows parsed at a time: a city's member roster is parsed in chunks, not all at once.
CHUNK_ROWS = 100_000
#: Problems with the header row, not with a row of data.
HEADER_CODES = frozenset({"duplicate_column", "missing_column"})


def parse_chunks(
    sheet: RawSheet, *, today: dt.date, size: int | None = None, columns: Collection[str] | None = None,
    earliest: dt.date = EARLIEST,
) -> Iterator[ParsedTable]:
    """:func:`parse_sheet` on ``size`` rows (default :data:`CHUNK_ROWS`) at a time, header
    problems reported once.

    Row numbers and problems are those of the whole sheet; a sheet without rows still
    yields one (empty) table, for its header problems.
    """
    n, size = len(sheet.row_numbers), size or CHUNK_ROWS
    for start in range(0, max(n, 1), size):
        part = replace(sheet, frame=sheet.frame.iloc[start : start + size], row_numbers=sheet.row_numbers[start : start + size],
                       problems=[])
        pt = parse_sheet(part, today=today, columns=columns, earliest=earliest)
        if start:
            pt.problems = [p for p in pt.problems if p.code not in HEADER_CODES]
        yield pt
