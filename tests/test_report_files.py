"""Report files on a hand-built report: the workbook as openpyxl reads it, JSON, Markdown."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest

from exports import report_files
from exports.report_files import (
    ReportFileError,
    display_width,
    plan_workbook,
    report_json,
    report_json_value,
    report_markdown,
    report_xlsx,
    write_json,
    write_markdown,
    write_xlsx,
)
from graph.analysis.report_model import Column, Figure, Report, Section, Table
from graph.analysis.rules import Rules

GENERATED = dt.datetime(2026, 11, 2, 9, 30)
STATUS = (("own", "单独组建", "own organization"), ("none", "未覆盖", "not reached"))
LONG_NAME = "江城永成保安服务有限公司"  # 12 CJK characters: 24 columns wide


def unit_table(n: int = 3) -> Table:
    columns = (Column("id", "单位编号", "unit id"), Column("name", "单位名称", "unit"),
               Column("status", "覆盖情况", "coverage", labels=STATUS), Column("rate", "报到率", "reporting rate", "ratio"),
               Column("founded", "成立日期", "founded", "date"), Column("orgs", "党组织", "organizations", "list"),
               Column("members", "党员数", "members", "int"), Column("hours", "时长", "hours", "float"))
    first = [["U0248", LONG_NAME, "none", 0.5, "2025-09-15", [], 5, 1.5],
             ["U0276", "=1+1", "own", None, dt.date(2020, 1, 2), ["P0015", "P0016"], 1234, None]]
    rows = [*first, *[[f"U{i:04d}", "单位", "own", 1.0, None, [], i, 0.0] for i in range(1000, 1000 + n - 2)]]
    return Table("units", "单位覆盖明细", "units and their coverage", columns, rows[:n])


def make_report(n_units: int = 3) -> Report:
    coverage = Section(
        "org_coverage", "组织覆盖", "organizational coverage",
        [Figure("units", "单位总数", "units in scope", 283), Figure("org_coverage_rate", "组织覆盖率", "organizational coverage", 0.5654, "ratio"),
         Figure("own_org_rate", "单独组建率", "own-organization rate", None, "ratio"),
         Figure("hours", "人均时长", "hours per member", 0.5276, "float")],
        [Table("by_type", "明细", "details", (Column("type", "单位类型", "unit type"), Column("n", "单位数", "units", "int")),
               [["学校", 8]]),
         unit_table(n_units)],
        ["组织覆盖率 =（单独组建 + 联合组建）/ 单位数。"], ["Organizational coverage = (own + joint) / units."])
    members = Section(
        "member_coverage", "党员覆盖", "member coverage", [Figure("lost_contact", "失联党员", "members out of contact", 1)],
        [Table("details", "明细", "details", (Column("id", "党员编号", "member id"), Column("name", "姓名", "name")), []),
         Table("odd", "a/b:c*d?[e]\\f 一个很长很长很长很长很长很长很长很长很长很长的表名", "odd",
               (Column("id", "编号", "id"),), [["x"]])])
    figures_only = Section("index", "资源整合指数", "integration index",
                           [Figure("mean_index", "平均整合指数", "mean index", 56.1, "float")], [])
    return Report("2026-11-01", None, Rules(branch_max_members=40).as_dict(), [coverage, members, figures_only],
                  "000002-6c1d7ef0", {"org_coverage": 0.25})


def workbook(report: Report, lang: str = "zh") -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(report_xlsx(report, lang, generated=GENERATED)))


def cells(ws) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_sheet_names_are_unique_short_and_legal() -> None:
    wb = workbook(make_report())
    assert wb.sheetnames == ["摘要", "组织覆盖-明细", "组织覆盖-单位覆盖明细", "党员覆盖-明细",
                             "a_b_c_d__e__f 一个很长很长很长很长很长很长很长很"]
    assert len(wb.sheetnames[-1]) == 31
    assert workbook(make_report(), "en").sheetnames == [
        "Summary", "organizational coverage-details", "units and their coverage", "member coverage-details",
        "member coverage-odd"]


def test_table_sheet_headers_formats_freeze_filter_and_print_setup() -> None:
    ws = workbook(make_report())["组织覆盖-单位覆盖明细"]
    assert ws["A1"].value == "组织覆盖 · 单位覆盖明细"
    assert ws["A2"].value == "统计日期 2026-11-01；全部社区；共 3 行"
    assert ws["A3"].value == "组织覆盖率 =（单独组建 + 联合组建）/ 单位数。"
    assert [c.value for c in ws[4]] == ["单位编号", "单位名称", "覆盖情况", "报到率", "成立日期", "党组织", "党员数", "时长"]
    assert [c.value for c in ws[5]] == ["U0248", LONG_NAME, "未覆盖", 0.5, dt.datetime(2025, 9, 15), None, 5, 1.5]
    assert [c.value for c in ws[6]] == ["U0276", "=1+1", "单独组建", None, dt.datetime(2020, 1, 2), "P0015、P0016", 1234, None]
    assert ws["B6"].data_type == "s"  # roster text is never a formula
    assert (ws["D5"].number_format, ws["E5"].number_format, ws["G6"].number_format, ws["H5"].number_format) == (
        "0.0%", "yyyy-mm-dd", "#,##0", "#,##0.00##")
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:H7"
    assert ws.print_title_rows == "$4:$4"
    # fitToWidth is left out of the file when it is 1, Excel's default.
    assert (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (
        "landscape", 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # 12 CJK characters count 24 columns (+2 padding); the id column is sized by its header 单位编号 (8).
    assert ws.column_dimensions["B"].width == pytest.approx(26.71, abs=0.01)
    assert ws.column_dimensions["A"].width == pytest.approx(10.71, abs=0.01)


def test_english_headers_and_codes() -> None:
    ws = workbook(make_report(), "en")["units and their coverage"]
    assert [c.value for c in ws[4]][:3] == ["unit id", "unit", "coverage"]
    assert ws["C5"].value == "not reached" and ws["A2"].value == "as of 2026-11-01; all communities; 3 rows"


def test_empty_table_says_none_and_has_no_filter() -> None:
    ws = workbook(make_report())["党员覆盖-明细"]
    assert cells(ws) == [["党员覆盖 · 明细", None], ["统计日期 2026-11-01；全部社区；共 0 行", None],
                         ["党员编号", "姓名"], ["（无）", None]]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref is None


def test_summary_has_meta_figures_links_and_rules() -> None:
    ws = workbook(make_report())["摘要"]
    rows = {r[0]: r[1:] for r in cells(ws) if r[0] is not None}
    assert ws["A1"].value == "社区党建网络分析报告"
    assert rows["统计日期"][0] == dt.datetime(2026, 11, 1)
    assert rows["范围"][0] == "全部社区" and rows["数据版本"][0] == "000002-6c1d7ef0"
    assert rows["生成时间"][0] == GENERATED
    assert rows["单位总数"][0] == 283 and rows["组织覆盖率"][0] == 0.5654 and rows["单独组建率"][0] == "—"
    assert rows["平均整合指数"][0] == 56.1
    assert rows["明细表：单位覆盖明细"][:2] == [3, "组织覆盖-单位覆盖明细"]
    assert rows["党支部党员数上限 (branch_max_members)"][0] == 40
    assert rows["整合指数权重 · 组织覆盖率 (index_weights.org_coverage)"][0] == 0.2
    assert rows["计入工作覆盖的联系 (work_ties)"][0] == "党建指导员、联络员、共建协议、联合活动"
    by_value = {r[0]: i + 1 for i, r in enumerate(cells(ws))}
    assert ws.cell(by_value["组织覆盖率"], 2).number_format == "0.0%"
    assert ws.cell(by_value["明细表：单位覆盖明细"], 3).hyperlink.location == "'组织覆盖-单位覆盖明细'!A1"
    assert by_value["组织覆盖"] < by_value["组织覆盖率 =（单独组建 + 联合组建）/ 单位数。"] < by_value["单位总数"]
    assert by_value["资源整合指数"] < by_value["规则设置"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9


def test_a_table_longer_than_a_sheet_continues_on_further_sheets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(report_files, "EXCEL_MAX_ROWS", 20)
    report = make_report(n_units=45)
    # 3 rows above the header (title, scope, one note) + the header leave 16 rows a sheet: 16 + 16 + 13.
    layout = write_xlsx(report, tmp_path / "r.xlsx", generated=GENERATED)
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    parts = ["组织覆盖-单位覆盖明细", "组织覆盖-单位覆盖明细 (2)", "组织覆盖-单位覆盖明细 (3)"]
    assert [n for n in wb.sheetnames if n.startswith("组织覆盖-单位")] == parts
    assert [(s.key, names) for _, s, names in layout.split] == [("units", parts)]
    ids = []
    for name in parts:
        ws = wb[name]
        assert ws.max_row <= 20 and ws.freeze_panes == "A5" and ws["A4"].value == "单位编号"
        ids += [r[0] for r in cells(ws)[4:]]
    assert ids == [row[0] for row in report.section("org_coverage").table("units").rows]
    assert wb[parts[1]]["A2"].value == "统计日期 2026-11-01；全部社区；第 2/3 部分，第 17–32 行（共 45 行）"
    notes = [r[0] for r in cells(wb["摘要"]) if r[0] and "超过 Excel" in str(r[0])]
    assert notes == ["该表共 45 行，超过 Excel 每个工作表 20 行的上限，已分 3 个工作表：" + "；".join(parts)]


def test_write_xlsx_streams_to_a_file_with_the_same_content(tmp_path: Path) -> None:
    write_xlsx(make_report(), tmp_path / "r.xlsx", generated=GENERATED)
    on_disk = openpyxl.load_workbook(tmp_path / "r.xlsx")
    in_memory = workbook(make_report())
    assert on_disk.sheetnames == in_memory.sheetnames
    for name in on_disk.sheetnames:
        assert cells(on_disk[name]) == cells(in_memory[name])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]  # no temporary file left behind


def test_plan_matches_the_workbook() -> None:
    assert plan_workbook(make_report()).sheets == workbook(make_report()).sheetnames


def test_json_round_trips_to_the_report_dict(tmp_path: Path) -> None:
    report = make_report()
    write_json(report, tmp_path / "r.json")
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert text == report_json(report) and "组织覆盖" in text  # UTF-8 as is, not \\u escapes
    loaded = json.loads(text)
    expected = report.to_dict(timings=False)
    units = expected["sections"][0]["tables"][1]["rows"]
    units[1][4] = "2020-01-02"  # the one date object becomes ISO text
    assert loaded == expected
    assert loaded == report_json_value(report)
    assert loaded["schema"] == "gongjian.report/1" and "timings" not in loaded  # the machine's, not the data's
    assert list(loaded) == sorted(loaded) and report_json(make_report()) == text


def test_json_has_no_nan() -> None:
    report = Report("2026-11-01", "C01", {}, [Section("s", "节", "s", [Figure("x", "x", "x", float("nan"), "float")], [])])
    assert json.loads(report_json(report))["sections"][0]["figures"][0]["value"] is None


def test_markdown_shows_figures_first_rows_and_rules(tmp_path: Path) -> None:
    report = make_report(n_units=25)
    write_markdown(report, tmp_path / "r.md", generated=GENERATED)
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text == report_markdown(report, generated=GENERATED)
    assert text.startswith("# 社区党建网络分析报告\n\n- 统计日期: 2026-11-01\n- 范围: 全部社区\n")
    assert "## 组织覆盖\n\n> 组织覆盖率 =（单独组建 + 联合组建）/ 单位数。\n" in text
    assert "| 单位总数 | 283 |" in text and "| 组织覆盖率 | 56.5% |" in text and "| 单独组建率 | — |" in text
    assert "### 单位覆盖明细（共 25 行）" in text
    assert f"| U0248 | {LONG_NAME} | 未覆盖 | 50.0% | 2025-09-15 |  | 5 | 1.50 |" in text
    assert "| U0276 | =1+1 | 单独组建 | — | 2020-01-02 | P0015、P0016 | 1,234 | — |" in text
    assert "| U1017 |" in text and "| U1018 |" not in text  # the first 20 rows
    assert "… 另有 5 行，完整列表见 Excel 或 JSON 报告" in text
    assert "| 党支部党员数上限 (branch_max_members) | 40 |" in text
    assert text.index("## 规则设置") > text.index("## 资源整合指数")
    en = report_markdown(report, "en", generated=GENERATED)
    assert "### units and their coverage (25 rows)" in en and "| U0248 | " + LONG_NAME + " | not reached |" in en


def test_markdown_escapes_pipes() -> None:
    report = Report("2026-11-01", None, {}, [Section("s", "节", "s", [Figure("x", "a|b", "a|b", "c|d", "text")], [])])
    assert "| a\\|b | c\\|d |" in report_markdown(report)


def test_a_folder_that_does_not_exist_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReportFileError) as e:
        write_json(make_report(), tmp_path / "nowhere" / "r.json")
    assert "nowhere" in e.value.message("en") and e.value.message("zh").startswith("无法写入")


def test_display_width_counts_cjk_double() -> None:
    assert display_width(LONG_NAME) == 24 and display_width("U0248") == 5 and display_width("（无）") == 6


def test_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    for write, name in ((write_json, "r.json"), (write_markdown, "r.md"), (write_xlsx, "r.xlsx")):
        write(make_report(), tmp_path / name)
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600


def test_the_format_doc_lists_every_section_table_column_and_rule() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "report-format.md").read_text(encoding="utf-8")
    assert report_files.DOC_MARKER in doc
    assert doc.split(report_files.DOC_MARKER)[1] == report_files.reference_doc().split(report_files.DOC_MARKER)[1], (
        "docs/report-format.md is out of date with the report; regenerate it with: python -m exports.report_files")
    for key in ("org_coverage", "should_have_org", "member_coverage", "trend", "lost_contact", "last_contact",
                "branch_max_members", "index_weights"):
        assert f"`{key}`" in doc
