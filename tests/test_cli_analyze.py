"""`gongjian analyze` and `gongjian rules` on the committed sample: planted situations by id in
every format, the rules file, and one clear message for each thing that can go wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from dashboard.cli import app
from dashboard.settings import RULE_TEXTS, read_rules, rules_file_text
from graph.analysis.rules import Rules
from tests.cli_env import AS_OF, loaded_sample

runner = CliRunner()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return loaded_sample(tmp_path_factory.mktemp("analyze"))


def analyze(env: dict[str, str], *args: str) -> Result:
    return runner.invoke(app, ["analyze", "--as-of", AS_OF, *args], env=env)


def ids(report: dict[str, Any], section: str, table: str, key: str = "id") -> list[Any]:
    s = next(s for s in report["sections"] if s["key"] == section)
    t = next(t for t in s["tables"] if t["key"] == table)
    i = [c["key"] for c in t["columns"]].index(key)
    return [row[i] for row in t["rows"]]


def figure(report: dict[str, Any], section: str, key: str) -> Any:
    s = next(s for s in report["sections"] if s["key"] == section)
    return next(f["value"] for f in s["figures"] if f["key"] == key)


@pytest.fixture(scope="module")
def json_report(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Result]:
    out = tmp_path_factory.mktemp("json") / "report.json"
    result = analyze(env, "--format", "json", "--out", str(out), "--trend", "2024-11-01,2025-11-01")
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8")), result


def test_json_report_finds_the_planted_situations(json_report: tuple[dict[str, Any], Result]) -> None:
    report, _ = json_report
    assert report["schema"] == "gongjian.report/1" and report["as_of"] == AS_OF and report["community"] is None
    assert report["data_version"].startswith("000001-")
    assert sorted(ids(report, "should_have_org", "units")) == ["U0141", "U0248", "U0276"]
    assert ids(report, "branch_size", "violations") == ["P0076", "P0011"]
    assert ids(report, "member_coverage", "lost_contact") == ["M000006", "M000603", "M000727", "M001334", "M001376"]
    assert ids(report, "member_coverage", "floating_without_station") == ["M000318", "M000712", "M001215"]
    assert ids(report, "needs_matching", "unmet") == ["N00001", "N00002", "N00003", "N00004"]
    units = dict(zip(ids(report, "org_coverage", "units"), ids(report, "org_coverage", "units", "status"), strict=True))
    assert units["U0191"] == "none"
    card = dict(zip(ids(report, "community_scorecard", "communities"),
                    ids(report, "community_scorecard", "communities", "missing"), strict=True))
    assert card["C07"] == ["co_building"] and card["C06"] == ["joint_meeting"]
    assert figure(report, "member_coverage", "unreported") == 373
    assert report["rules"] == Rules().as_dict()


def test_trend_section_has_a_row_per_date_including_the_report_date(json_report: tuple[dict[str, Any], Result]) -> None:
    report, _ = json_report
    assert report["sections"][-1]["key"] == "trend"
    assert ids(report, "trend", "trend", "as_of") == ["2024-11-01", "2025-11-01", AS_OF]
    assert ids(report, "trend", "trend", "org_coverage.two_new_own_org_rate")[-1] == 0.098039
    trend_columns = [c["key"] for s in report["sections"] if s["key"] == "trend" for c in s["tables"][0]["columns"]]
    assert "member_coverage.lost_contact" not in trend_columns  # known for the latest data only


def test_analyze_prints_where_it_wrote_and_a_short_summary(json_report: tuple[dict[str, Any], Result]) -> None:
    _, result = json_report
    lines = result.output.splitlines()
    assert lines[0].startswith("报告已写入 ") and lines[0].endswith("report.json")
    assert lines[1].startswith(f"统计日期 {AS_OF} · 全部社区 · 数据版本 000001-") and lines[1].endswith("规则：默认值")
    assert lines[2] == "组织覆盖率（两新组织） 50.0%，单独组建率（两新组织） 9.8%，工作覆盖率（两新组织） 87.3%"
    assert "组织覆盖率（全部单位） 56.5%" in lines[3] and "单独组建率（全部单位） 24.0%" in lines[3]
    assert "应建未建单位 3" in lines[3]
    assert "失联党员（仅据最新数据） 5" in lines[4] and "未报到在职党员 373" in lines[4]
    assert "未满足需求 4" in lines[5]
    assert len(lines) == 6


def test_xlsx_with_the_default_name(env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = analyze(env)
    assert result.exit_code == 0, result.output
    path = tmp_path / f"gongjian-report-{AS_OF}.xlsx"
    assert f"报告已写入 gongjian-report-{AS_OF}.xlsx" in result.output
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames[0] == "摘要" and "应建未建单位" in wb.sheetnames
    rows = list(wb["应建未建单位"].iter_rows(values_only=True))
    assert rows[0][0] == "应建未建 · 应建未建单位"
    header = next(i for i, r in enumerate(rows) if r[0] == "单位编号")
    assert sorted(r[0] for r in rows[header + 1:]) == ["U0141", "U0248", "U0276"]


def test_markdown_in_english_for_one_community(env: dict[str, str], tmp_path: Path) -> None:
    result = analyze(env, "--format", "md", "--community", "康新河社区", "--lang", "en", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / f"gongjian-report-{AS_OF}-C06.md"
    assert f"report written to {path}" in result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Community party-building network report")
    assert "- scope: C06" in text and "| U0248 | 江城永成保安服务有限公司 |" in text and "U0276" not in text


def test_format_follows_the_out_suffix(env: dict[str, str], tmp_path: Path) -> None:
    result = analyze(env, "--community", "C07", "--out", str(tmp_path / "c07.json"))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "c07.json").read_text(encoding="utf-8"))["community"] == "C07"


def test_unknown_community_is_not_found(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "analyze", "--community", "C99", "--out", str(tmp_path / "x.json")], env=env)
    assert result.exit_code == 4
    assert "no community with id or name C99; known: C01 明门社区, C02 瑞轩社区" in result.output
    assert not (tmp_path / "x.json").exists()


def test_an_empty_store_says_to_load_data_first(tmp_path: Path) -> None:
    env = {"GONGJIAN_HOME": str(tmp_path / "empty"), "GONGJIAN_LANG": "zh"}
    result = runner.invoke(app, ["analyze", "--out", str(tmp_path / "x.xlsx")], env=env)
    assert result.exit_code == 4
    assert "存储为空" in result.output and "gongjian load" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_a_rules_file_changes_the_report(env: dict[str, str], tmp_path: Path) -> None:
    rules = tmp_path / "strict.toml"
    rules.write_text("branch_max_members = 39\n", encoding="utf-8")  # the sample has branches of exactly 40
    out = tmp_path / "r.json"
    result = analyze(env, "--rules", str(rules), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"规则：文件 {rules}" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["rules"]["branch_max_members"] == 39
    oversize = [i for i, problem in zip(ids(report, "branch_size", "violations"),
                                        ids(report, "branch_size", "violations", "problem"), strict=True)
                if problem == "oversize"]
    assert {"P0011", "P0025", "P0026", "P0027", "P0028"} <= set(oversize)  # at the default 50 only P0011
    assert figure(report, "branch_size", "oversize") == len(oversize)


def test_the_default_rules_file_in_the_store_home_is_read(env: dict[str, str], tmp_path: Path) -> None:
    default = Path(env["GONGJIAN_HOME"]) / "rules.toml"
    default.write_text("lost_contact_months = 12\n", encoding="utf-8")
    try:
        result = analyze(env, "--out", str(tmp_path / "r.json"))
        shown = runner.invoke(app, ["--lang", "en", "rules", "show"], env={**env, "COLUMNS": "200"})
    finally:
        default.unlink()
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["rules"]["lost_contact_months"] == 12
    assert ids(report, "member_coverage", "lost_contact") == ["M000006", "M000603"]  # 2025-09-15 and -12 only
    assert shown.exit_code == 0 and f"rules from: file {default}" in shown.output
    line = next(x for x in shown.output.splitlines() if "(lost_contact_months)" in x)
    assert "12" in line and "file" in line
    line = next(x for x in shown.output.splitlines() if "(branch_max_members)" in x)
    assert "50" in line and "default" in line


@pytest.mark.parametrize(("content", "zh", "en"), [
    ('branch_max_members = "many"\n', 'branch_max_members = "many" 无效：应为不小于 0 的整数',
     'branch_max_members = "many" is not accepted: must be a whole number ≥ 0'),
    ("branch_max = 40\n", "branch_max = 40 无效：未知的规则名", "branch_max = 40 is not accepted: unknown rule"),
    ('work_ties = ["instructor", "visits"]\n', 'work_ties = ["instructor", "visits"] 无效：应为列表',
     "unknown work tie(s): visits"),
    ("[index_weights]\norg_coverage = -1\n", "index_weights = { org_coverage = -1 } 无效",
     "index weights must be ≥ 0 and not all 0"),
    ("branch_max_members = 150\n", "branch_max_members = 150 大于 general_branch_max_members = 100",
     "branch_max_members = 150 is larger than general_branch_max_members = 100"),
    ("branch_max_members = \n", "不是有效的 TOML", "is not valid TOML"),
])
def test_a_bad_rules_file_names_the_file_the_rule_and_the_value(
    env: dict[str, str], tmp_path: Path, content: str, zh: str, en: str
) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(content, encoding="utf-8")
    for lang, expected in (("zh", zh), ("en", en)):
        result = runner.invoke(app, ["--lang", lang, "analyze", "--rules", str(rules), "--out", str(tmp_path / "r.json")],
                               env=env)
        assert result.exit_code == 1, result.output
        assert str(rules) in result.output and expected in result.output
    assert not (tmp_path / "r.json").exists()


def test_a_missing_rules_file_given_by_name_is_an_error(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "analyze", "--rules", str(tmp_path / "none.toml")], env=env)
    assert result.exit_code == 1 and f"the rules file {tmp_path / 'none.toml'} does not exist" in result.output


def test_rules_init_writes_the_defaults_and_keeps_an_existing_file(tmp_path: Path) -> None:
    env = {"GONGJIAN_HOME": str(tmp_path / "home"), "GONGJIAN_LANG": "zh"}
    result = runner.invoke(app, ["rules", "init"], env=env)
    assert result.exit_code == 0, result.output
    path = tmp_path / "home" / "rules.toml"
    assert path.read_text(encoding="utf-8") == rules_file_text()
    assert "# 党支部党员数上限" in rules_file_text() and "# most members of a branch" in rules_file_text()
    setting = read_rules(None, tmp_path / "home")
    assert setting.rules == Rules() and setting.path == path and "branch_max_members" in setting.from_file
    path.write_text("branch_max_members = 40\n", encoding="utf-8")
    again = runner.invoke(app, ["--lang", "en", "rules", "init"], env=env)
    assert again.exit_code == 1 and "already exists; add --force" in again.output
    assert path.read_text(encoding="utf-8") == "branch_max_members = 40\n"
    forced = runner.invoke(app, ["rules", "init", "--force", "--path", str(tmp_path / "elsewhere.toml")], env=env)
    assert forced.exit_code == 0 and (tmp_path / "elsewhere.toml").read_text(encoding="utf-8") == rules_file_text()


def test_every_rule_is_explained() -> None:
    assert list(RULE_TEXTS) == list(Rules().as_dict())


def test_rules_show_without_a_file_shows_the_defaults(tmp_path: Path) -> None:
    env = {"GONGJIAN_HOME": str(tmp_path / "home"), "GONGJIAN_LANG": "zh", "COLUMNS": "200"}
    result = runner.invoke(app, ["rules", "show"], env=env)
    assert result.exit_code == 0
    assert f"规则来源：默认值（未找到 {tmp_path / 'home' / 'rules.toml'}）" in result.output
    assert "(branch_max_members)" in result.output and "文件" not in result.output.split("\n", 1)[1]


def test_bad_trend_dates_are_a_usage_error(env: dict[str, str]) -> None:
    result = analyze(env, "--trend", "2025-13-01")
    assert result.exit_code == 2 and "2025-13-01" in result.output


def test_analyze_and_rules_have_help() -> None:
    top = runner.invoke(app, ["--help"])
    assert "analyze" in top.output and "rules" in top.output
    for command in (["analyze"], ["rules"], ["rules", "show"], ["rules", "init"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and result.output.strip()
    assert "--trend" in runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "200"}).output


def test_a_community_name_borne_by_two_communities_is_refused_as_ambiguous() -> None:
    import networkx as nx

    from graph.errors import UnknownNode
    from graph.reporting import resolve_community as _community_id

    G = nx.MultiDiGraph()
    G.add_node("C1", label="Community", name="新村社区")
    G.add_node("C2", label="Community", name="新村社区")
    G.add_node("C3", label="Community", name="东村社区")
    assert _community_id(G, "东村社区") == "C3" and _community_id(G, "C2") == "C2"
    with pytest.raises(UnknownNode) as info:
        _community_id(G, "新村社区")
    assert info.value.message("en") == "新村社区 names several communities: C1, C2; give the id"
    assert info.value.message("zh") == "名称 新村社区 对应多个社区：C1、C2；请用编号"


def test_a_format_that_contradicts_the_file_name_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", "--lang", "en", "--format", "json", "--out", str(tmp_path / "r.xlsx"),
                                      "--home", str(tmp_path / "home")])
    assert result.exit_code == 2
    assert "--format json but the file ends in .xlsx" in result.output
    assert not (tmp_path / "r.xlsx").exists()
