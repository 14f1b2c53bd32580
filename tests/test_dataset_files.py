"""exports.dataset_files: a folder of CSV files written part by part, and the workbook with a sheet per table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from exports.dataset_files import PROGRESS_EVERY, write_csv_folder, write_workbook
from loaders.synthetic import TableLayout

UNITS = TableLayout(name="units", sheet="单位", columns=("id", "name", "employees"), headers=("单位编号", "单位名称", "职工人数"),
                    encoding="utf-8-sig", numeric=(False, False, True), widths=(13, 26, 13))
MEMBERS = TableLayout(name="members", sheet="党员", columns=("id", "name"), headers=("编号", "姓名"),
                      encoding="gbk", numeric=(False, False), widths=(13, 26))


def test_parts_are_appended_table_by_table_in_their_encodings(tmp_path: Path) -> None:
    parts = [
        {"units": [["U01", "阳光小学", 80]], "members": [["M01", "张三"]]},
        {"units": [["U02", "=HYPERLINK(\"x\")", 12], ["U03", "-1+2", ""]], "members": []},
    ]
    assert write_csv_folder(tmp_path / "out", [UNITS, MEMBERS], parts) == {"units": 3, "members": 1}
    units = (tmp_path / "out" / "units.csv").read_bytes()
    assert units == ("\ufeff单位编号,单位名称,职工人数\r\nU01,阳光小学,80\r\n"
                     "U02,\"'=HYPERLINK(\"\"x\"\")\",12\r\nU03,'-1+2,\r\n").encode()
    assert (tmp_path / "out" / "members.csv").read_bytes() == "编号,姓名\r\nM01,张三\r\n".encode("gbk")


def test_progress_every_ten_thousand_rows_with_an_estimate_then_the_counts(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    part = {"units": [[f"U{i}", "x", 1] for i in range(6_000)]}
    written = write_csv_folder(tmp_path, [UNITS], [part, part, part, part], progress=lambda *a: calls.append(a),
                               expected_parts=4)
    assert written == {"units": 24_000}
    assert PROGRESS_EVERY == 10_000
    # past 10,000 after 2 of 4 parts (12,000 rows: 24,000 expected), past 20,000 after the 4th; then the count
    assert calls == [("units", 12_000, 24_000), ("units", 24_000, 24_000), ("units", 24_000, 24_000)]
    with (tmp_path / "units.csv").open(encoding="utf-8-sig", newline="") as f:
        assert sum(1 for _ in csv.reader(f)) == 24_001


def test_the_workbook_holds_numbers_as_numbers_and_formulas_as_text(tmp_path: Path) -> None:
    rows = {"units": [["U01", "=1+1", "80"], ["U02", "@SUM(A1)", ""]], "members": [["M01", "张三"]]}
    path = tmp_path / "book" / "w.xlsx"
    write_workbook(path, [UNITS, MEMBERS], rows, title="天塘街道样例", properties={"title": "天塘街道样例", "author": "t"})
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames == ["单位", "党员"] and book.properties.title == "天塘街道样例"
    units = book["单位"]
    assert [[c.value for c in r] for r in units.iter_rows()] == [
        ["天塘街道样例——单位", None, None], ["单位编号", "单位名称", "职工人数"], ["U01", "=1+1", 80], ["U02", "@SUM(A1)", None]]
    assert units["B3"].data_type == "s" and units["C3"].data_type == "n"
    assert [str(r) for r in units.merged_cells.ranges] == ["A1:C1"]
    assert units.freeze_panes == "A3" and units.column_dimensions["B"].width > units.column_dimensions["A"].width
