"""Datasets as files: one CSV per table in a folder, and one workbook with a sheet per table.

What ``gongjian generate`` writes. The tables are described by their layouts (any object with
the attributes of :class:`TableLayout`, such as :class:`loaders.synthetic.TableLayout`) and
come as rows of cells in the layout's column order, part after part (a street after a street),
so that a folder of any size is written holding one part in memory. Every CSV goes through
:class:`exports.csv_files.CsvWriter` (formula cells neutralised; UTF-8 with a BOM, or the
layout's legacy encoding without one).

Examples
--------
>>> import tempfile
>>> from types import SimpleNamespace
>>> seats = SimpleNamespace(name="seats", sheet="联席会议", headers=("单位", "角色"), encoding="utf-8-sig",
...                         numeric=(False, False), widths=(26, 13))
>>> folder = Path(tempfile.mkdtemp())
>>> write_csv_folder(folder, [seats], [{"seats": [["U01", "成员单位"]]}, {"seats": [["U02", "=1+1"]]}])
{'seats': 2}
>>> (folder / "seats.csv").read_bytes().decode("utf-8")
"\\ufeff单位,角色\\r\\nU01,成员单位\\r\\nU02,'=1+1\\r\\n"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Protocol

from exports.csv_files import CsvWriter, is_utf8

#: ``progress(table, rows, total)`` is called each time a table passes a multiple of this many rows.
PROGRESS_EVERY = 10_000

Progress = Callable[[str, int, int], None]
Rows = Sequence[Sequence[Any]]


class TableLayout(Protocol):
    """How one table is written: ``<name>.csv`` with ``headers`` in ``encoding``, and a workbook
    sheet named ``sheet``, whose columns are numbers where ``numeric`` says so and ``widths`` wide."""

    @property
    def name(self) -> str: ...
    @property
    def sheet(self) -> str: ...
    @property
    def headers(self) -> Sequence[str]: ...
    @property
    def encoding(self) -> str: ...
    @property
    def numeric(self) -> Sequence[bool]: ...
    @property
    def widths(self) -> Sequence[int]: ...


def write_csv_folder(folder: Path, layouts: Sequence[TableLayout], parts: Iterable[Mapping[str, Rows]], *,
                     progress: Progress | None = None, expected_parts: int = 1) -> dict[str, int]:
    """Write ``<name>.csv`` for each layout into ``folder`` (made if missing): the header, then
    the rows each part holds for the table; return the rows written per table.

    ``progress(table, rows, total)`` hears of every :data:`PROGRESS_EVERY` rows of a table, with
    ``total`` estimated from ``expected_parts``, and of each table's final count once all are written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as files:
        writers: dict[str, CsvWriter] = {}
        for layout in layouts:
            utf8 = is_utf8(layout.encoding)
            f = files.enter_context(open(folder / f"{layout.name}.csv", "w", newline="",
                                         encoding="utf-8" if utf8 else layout.encoding))
            writers[layout.name] = CsvWriter(f, layout.headers, bom=utf8)
        done = 0
        for done, part in enumerate(parts, start=1):
            for layout in layouts:
                table = writers[layout.name]
                before = table.rows
                table.write(part[layout.name])
                if progress and table.rows // PROGRESS_EVERY > before // PROGRESS_EVERY:
                    progress(layout.name, table.rows, max(table.rows, round(table.rows / done * expected_parts)))
    counts = {name: table.rows for name, table in writers.items()}
    if progress:
        for name, n in counts.items():
            progress(name, n, n)
    return counts


def write_workbook(path: Path, layouts: Sequence[TableLayout], rows: Mapping[str, Rows], *, title: str = "",
                   properties: Mapping[str, Any] | None = None) -> None:
    """Write one XLSX workbook to ``path``: a sheet per layout, in order, with the merged title row
    ``TITLE——SHEET`` above the headers, the header row frozen, numbers as numbers and every other
    cell as text (never a formula). ``properties`` are the document's (title, author, created …);
    fixed ones give the same bytes each time.

    >>> import datetime as dt, tempfile
    >>> from types import SimpleNamespace
    >>> from python_calamine import CalamineWorkbook
    >>> units = SimpleNamespace(name="units", sheet="单位", headers=("编号", "职工人数"), encoding="utf-8-sig",
    ...                         numeric=(False, True), widths=(13, 13))
    >>> path = Path(tempfile.mkdtemp()) / "w.xlsx"
    >>> write_workbook(path, [units], {"units": [["U01", "80"], ["=U02", ""]]}, title="样例",
    ...                properties={"created": dt.datetime(2026, 11, 1)})
    >>> CalamineWorkbook.from_path(str(path)).get_sheet_by_name("单位").to_python()
    [['样例——单位', ''], ['编号', '职工人数'], ['U01', 80.0], ['=U02', '']]
    """
    import xlsxwriter  # only when a workbook is asked for

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties(dict(properties or {}))
    title_fmt = book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head_fmt = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for layout in layouts:
        sheet = book.add_worksheet(layout.sheet)
        heading = f"{title}——{layout.sheet}"
        if len(layout.headers) > 1:
            sheet.merge_range(0, 0, 0, len(layout.headers) - 1, heading, title_fmt)
        else:
            sheet.write_string(0, 0, heading, title_fmt)
        sheet.set_row(0, 24)
        for j, header in enumerate(layout.headers):
            sheet.write_string(1, j, header, head_fmt)
            sheet.set_column(j, j, layout.widths[j])
        for i, row in enumerate(rows[layout.name], start=2):
            for j, value in enumerate(row):
                if value == "" or value is None:
                    continue
                if layout.numeric[j]:
                    sheet.write_number(i, j, float(value))
                else:
                    sheet.write_string(i, j, str(value))
        sheet.freeze_panes(2, 0)
    book.close()


__all__ = ["PROGRESS_EVERY", "TableLayout", "write_csv_folder", "write_workbook"]
