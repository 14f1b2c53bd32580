"""A membership matrix read as a two-mode network: rows are persons, columns groups, cells 0/1.

The usual form in which researchers keep affiliation data (Davis's Southern Women, board
interlocks, club rosters): the first row names the groups, the first column the persons, and a
cell holds 1 where the person belongs to the group, 0 where not::

    name,choir,club,union
    Ann,1,0,1
    Bob,0,1,1

A sheet is a **membership matrix** when its file or sheet is named as one (:data:`MATRIX_NAMES`,
or ``--table matrix``), or when no table's headers are found in it and at least
:data:`SHAPE_SHARE` of the cells right of the first column, in its first rows, are 0 or 1.

It is read as the generic tables (``docs/data-format.md``): a ``nodes`` sheet with one ``Node``
of type ``person`` per row and one of type ``group`` per column, and an ``edges`` sheet with one
``LINKED_TO`` (person → group) per cell holding 1. Node ids are derived from the kind and the
name, so that a person and a group of the same name (rows and columns both numbered 1, 2 …)
are two nodes; a person's row number is that of the matrix row, a group's that of the header.

Every cell is checked, and each bad one is reported with file, sheet, row, column (the group's
header) and value: a cell that is not 0 or 1 (``matrix_cell``), an empty one (``matrix_blank``:
0 must be written), an empty person name (``required``), a person or group named twice
(``matrix_duplicate_row`` / ``matrix_duplicate_column``) and a group column without a name
(``matrix_column_name``).

Examples
--------
>>> membership_value(1), membership_value("0"), membership_value(" 1.0 "), membership_value("x")
(1, 0, 1, None)
>>> looks_like_matrix([["", "choir", "club"], ["Ann", "1", "0"], ["Bob", "0", "1"]])
True
>>> looks_like_matrix([["姓名", "性别"], ["张三", "男"]])
False
"""

from __future__ import annotations

import hashlib
import math
import unicodedata

import pandas as pd

from loaders.errors import Problem
from loaders.personal import personal_kind
from loaders.schema import TABLES
from loaders.workbook_check import column_letters

#: The kinds (generic node ``type``) of the rows and of the columns.
ROW_KIND, COLUMN_KIND = "person", "group"
#: File and sheet names that mark a membership matrix (also ``--table matrix``).
MATRIX_NAMES = TABLES["matrix"].file_names
#: A sheet whose headers match no table is a matrix when at least this share of the cells right
#: of its first column, in the rows looked at for a header, are 0 or 1 (and there are a few).
SHAPE_SHARE = 0.9
SHAPE_MIN_CELLS = 2


def membership_value(cell: object) -> int | None:
    """0 or 1 when ``cell`` holds one of them (a number, or text such as ``"1"`` or ``"1.0"``,
    full-width digits too); ``None`` for anything else, an empty cell included."""
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        number = float(cell)
    else:
        text = unicodedata.normalize("NFKC", str(cell)).strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    if math.isnan(number) or number not in (0.0, 1.0):
        return None
    return int(number)


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, float) and math.isnan(cell)) or (isinstance(cell, str) and not cell.strip())


def _text(cell: object) -> str:
    if _blank(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(unicodedata.normalize("NFKC", str(cell)).split())


def header_index(head: list[list[object]]) -> int | None:
    """The index of the matrix's header: its first row with a non-blank cell."""
    return next((i for i, row in enumerate(head) if any(not _blank(c) for c in row)), None)


def looks_like_matrix(head: list[list[object]]) -> bool:
    """Whether the first rows of a sheet are shaped as a membership matrix: a header of at
    least two cells, rows below it, and nearly all cells right of the first column 0 or 1."""
    h = header_index(head)
    if h is None or len([c for c in head[h] if not _blank(c)]) < 2:
        return False
    cells = [c for row in head[h + 1:] for c in row[1:] if not _blank(c)]
    if len(cells) < SHAPE_MIN_CELLS:
        return False
    return sum(membership_value(c) is not None for c in cells) >= SHAPE_SHARE * len(cells)


def node_id(kind: str, name: str) -> str:
    """The id of the matrix's node of ``kind`` named ``name`` (stable, as ids derived from names are).

    >>> node_id("person", "Ann")
    'X-d0f6f2346f'
    """
    return "X-" + hashlib.sha1(f"{kind}|{name}".encode()).hexdigest()[:10]


def as_generic_tables(
    file: str, sheet: str | None, header_row: int, headers: list[object], frame: pd.DataFrame, numbers: list[int],
) -> tuple[tuple[list[list[object]], list[int]], tuple[list[list[object]], list[int]], list[Problem]]:
    """The matrix as the rows of a generic ``nodes`` sheet (id, name, type) and an ``edges`` sheet
    (source, target), each with its rows' numbers, and every problem found.

    ``headers`` is the header row as read (the first cell names the persons' column, the others
    the groups), ``frame`` the data rows below it (one column per header) and ``numbers`` their
    row numbers as Excel shows them; ``header_row`` is the header's.
    """
    problems: list[Problem] = []
    first = _text(headers[0]) if headers else ""
    name_column = first or column_letters(1)
    groups: dict[int, str] = {}  # column position → group name
    seen_groups: dict[str, int] = {}
    for j in range(1, len(headers)):
        name = _text(headers[j])
        shown = column_letters(j + 1)
        if not name:
            if any(not _blank(v) for v in frame.iloc[:, j].tolist()):
                problems.append(Problem(file, sheet, header_row, shown, None, "matrix_column_name"))
            continue
        if personal_kind(name):  # the name would become the node's id and name: refused whole
            problems.append(Problem(file, sheet, header_row, shown, name, "personal_in_matrix_name"))
            continue
        if name in seen_groups:
            problems.append(Problem(file, sheet, header_row, name, name, "matrix_duplicate_column",
                                    {"other": column_letters(seen_groups[name] + 1)}))
            continue
        seen_groups[name] = j
        groups[j] = name
    node_rows: list[list[object]] = [[node_id(COLUMN_KIND, g), g, COLUMN_KIND] for g in groups.values()]
    node_numbers = [header_row] * len(node_rows)
    edge_rows: list[list[object]] = []
    edge_numbers: list[int] = []
    seen_people: dict[str, int] = {}
    values = frame.to_numpy(dtype=object).tolist()
    for row, number in zip(values, numbers, strict=True):
        person = _text(row[0]) if row else ""
        usable = True
        if not person:
            problems.append(Problem(file, sheet, number, name_column, None, "required"))
            usable = False
        elif personal_kind(person):  # the name would become the node's id and name: refused whole
            problems.append(Problem(file, sheet, number, name_column, person, "personal_in_matrix_name"))
            usable = False
        elif person in seen_people:
            problems.append(Problem(file, sheet, number, name_column, person, "matrix_duplicate_row",
                                    {"other": seen_people[person]}))
            usable = False
        else:
            seen_people[person] = number
            node_rows.append([node_id(ROW_KIND, person), person, ROW_KIND])
            node_numbers.append(number)
        for j, group in groups.items():
            cell = row[j] if j < len(row) else None
            value = membership_value(cell)
            if value is None:
                code = "matrix_blank" if _blank(cell) else "matrix_cell"
                problems.append(Problem(file, sheet, number, group, None if _blank(cell) else cell, code))
            elif value == 1 and usable:
                edge_rows.append([node_id(ROW_KIND, person), node_id(COLUMN_KIND, group)])
                edge_numbers.append(number)
    return (node_rows, node_numbers), (edge_rows, edge_numbers), problems
