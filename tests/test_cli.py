"""The command line: exit codes, messages in both languages, nothing written on failure."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dashboard.cli import app

from .conftest import fresh_neo4j_store, write_csv

runner = CliRunner()


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()} if root.exists() else {}


def test_every_command_has_help_with_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "load", "info", "generate", "demo", "dashboard"):
        assert command in result.output
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0 and sub.output.strip()
    assert "Exit codes" in result.output and "退出码" in result.output


def test_load_then_info(home: Path, base_dir: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "load", str(base_dir)])
    assert result.exit_code == 0, result.output
    assert "loaded: 9 nodes, 10 relationships" in result.output
    info = runner.invoke(app, ["--lang", "en", "info"])
    assert info.exit_code == 0
    assert "Unit" in info.output and "LOCATED_IN" in info.output and "data version: 000001-" in info.output


def test_info_on_an_empty_store(home: Path) -> None:
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 0 and "存储为空" in result.output
    assert not home.exists()


def test_validate_writes_nothing(home: Path, base_dir: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "validate", str(base_dir)])
    assert result.exit_code == 0 and "valid: 9 nodes, 10 relationships (nothing written)" in result.output
    assert not home.exists()


def test_bad_roster_exit_code_report_and_byte_identical_store(home: Path, base_dir: Path, id_numbers, tmp_path: Path) -> None:
    assert runner.invoke(app, ["load", str(base_dir)]).exit_code == 0
    before = snapshot(home)
    a, b = id_numbers(), id_numbers()
    bad = a[:-1] + ("0" if a[-1] != "0" else "1")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员"
    ws.append(["阳光社区党员名册"])
    ws.merge_cells("A1:D1")
    ws.append(["姓名", "公民身份号码", "联系电话", "所在党支部"])
    ws.append(["张三", a, "13800000001", "阳光社区第一党支部"])
    ws.append(["李四", bad, "13800000002", "阳光社区第一党支部"])
    ws.append(["王五", b, "13800000003", None])
    ws.append(["张三", a, "13800000001", "阳光小学党支部"])
    roster = tmp_path / "roster.xlsx"
    wb.save(roster)
    report = tmp_path / "problems.csv"
    result = runner.invoke(app, ["load", str(roster), "--table", "members", "--report", str(report)])
    assert result.exit_code == 1
    assert snapshot(home) == before
    rows = report.read_text(encoding="utf-8-sig").splitlines()
    assert [[*r.split(",")[2:4], r.split(",")[5]] for r in rows[1:]] == [
        ["4", "公民身份号码", "id_checksum"], ["5", "所在党支部", "required"], ["6", "公民身份号码", "duplicate_person"],
    ]
    assert "3 处问题" in result.output
    for secret in (a, b, bad, "13800000001"):
        assert secret not in result.output and secret not in report.read_text(encoding="utf-8-sig")


def test_usage_errors_exit_2(home: Path, base_dir: Path) -> None:
    assert runner.invoke(app, ["load", str(base_dir), "--table", "nonsense"]).exit_code == 2
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2


def test_missing_path_is_an_input_problem(home: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "load", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "cannot be read" in result.output


def test_no_neo4j_is_one_clear_message(home: Path, base_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    result = runner.invoke(app, ["--lang", "en", "load", str(base_dir), "--store", "neo4j"])
    assert result.exit_code == 1 and "no Neo4j to use: run gongjian neo4j start" in result.output
    status = runner.invoke(app, ["neo4j", "status"])
    assert status.exit_code == 4 and "running: False" in status.output


@pytest.mark.neo4j
def test_load_and_info_on_neo4j(home: Path, base_dir: Path, neo4j_connection, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh_neo4j_store(neo4j_connection).close()
    for key, value in (("NEO4J_URI", neo4j_connection.uri), ("NEO4J_USER", neo4j_connection.user),
                       ("NEO4J_PASSWORD", neo4j_connection.password)):
        monkeypatch.setenv(key, value)
    result = runner.invoke(app, ["--lang", "en", "load", str(base_dir), "--store", "neo4j"])
    assert result.exit_code == 0, result.output
    assert "loaded: 9 nodes, 10 relationships" in result.output
    info = runner.invoke(app, ["--lang", "en", "info", "--store", "neo4j"])
    assert info.exit_code == 0 and "LOCATED_IN" in info.output and "data version: 000001-" in info.output
    # A roster that names only what Neo4j holds validates against Neo4j, not the (empty) embedded store.
    roster = write_csv(home.parent / "members_only.csv", [["编号", "姓名", "所在党支部"], ["M1", "张三", "阳光社区第一党支部"]])
    assert runner.invoke(app, ["--lang", "en", "validate", str(roster), "--store", "neo4j"]).exit_code == 0
    assert runner.invoke(app, ["--lang", "en", "validate", str(roster)]).exit_code == 1
    monkeypatch.setenv("NEO4J_PASSWORD", "wrong")
    refused = runner.invoke(app, ["--lang", "en", "info", "--store", "neo4j"])
    assert refused.exit_code == 3 and "refused the user name or password" in refused.output


def test_member_moves_branch_through_two_rosters(home: Path, base_dir: Path, tmp_path: Path) -> None:
    write_csv(base_dir / "members.csv", [["编号", "姓名", "所在党支部"], ["M1", "张三", "阳光社区第一党支部"]])
    assert runner.invoke(app, ["load", str(base_dir), "--as-of", "2025-01-01"]).exit_code == 0
    newer = write_csv(tmp_path / "newer.csv", [["编号", "姓名", "所在党支部"], ["M1", "张三", "阳光小学党支部"]])
    result = runner.invoke(app, ["--lang", "en", "load", str(newer), "--as-of", "2026-03-01"])
    assert result.exit_code == 0 and "1 relationships ended" in result.output
    from graph.embedded_store import EmbeddedStore
    from graph.model import RelType

    rels = EmbeddedStore(home).relationships(RelType.MEMBER_OF)
    assert sorted((r.dst, str(r.start), str(r.end)) for r in rels.itertuples()) == [
        ("P02", "None", "2026-03-01"), ("P03", "2026-03-01", "None"),
    ]


def test_nothing_to_load_is_refused_and_replace_keeps_the_store(home: Path, base_dir: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["load", str(base_dir)]).exit_code == 0
    before = snapshot(home)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["--lang", "en", "load", str(empty), "--replace"])
    assert result.exit_code == 1 and "no data rows found" in result.output
    header_only = write_csv(tmp_path / "members.csv", [["编号", "姓名", "所在党支部"]])
    assert runner.invoke(app, ["load", str(header_only), "--replace"]).exit_code == 1
    assert snapshot(home) == before


def test_a_damaged_key_file_is_one_clear_message(home: Path, base_dir: Path, tmp_path: Path) -> None:
    key_file = tmp_path / "config" / "pseudonym.key"
    key_file.parent.mkdir(parents=True)
    key_file.write_text("not hex at all")
    result = runner.invoke(app, ["--lang", "en", "load", str(base_dir)])
    assert result.exit_code == 3
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "pseudonymization key file" in result.output and "Traceback" not in result.output
    assert not home.exists()


def _outcome(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, ["--lang", "en", *args])
    return result.exit_code, result.output


def test_validate_answers_for_the_load_it_is_asked_about(home: Path, base_dir: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["load", str(base_dir)]).exit_code == 0
    # A new street whose ids are the stored ones under other labels: against the store they
    # clash; replacing the store they do not.
    other = tmp_path / "other"
    other.mkdir()
    write_csv(other / "communities.csv", [["社区编号", "社区名称"], ["U01", "新城社区"], ["P01", "老城社区"]])
    write_csv(other / "units.csv", [["单位编号", "单位名称", "单位类型", "所在社区"], ["C01", "新城小学", "学校", "U01"]])
    upsert = _outcome(["validate", str(other)])
    assert upsert[0] == 1 and upsert[1].count("already used by another kind of node") == 3
    loaded = _outcome(["load", str(other)])
    assert loaded[0] == 1 and loaded[1] == upsert[1]  # the load reports exactly what validate did
    replacing = _outcome(["validate", str(other), "--replace"])
    assert replacing == (0, "valid: 3 nodes, 1 relationships (nothing written)\n")
    assert _outcome(["load", str(other), "--replace"])[0] == 0
    # The options of load are the options of validate, and validate writes nothing.
    before = snapshot(home)
    roster = write_csv(tmp_path / "m.csv", [["编号", "姓名", "所在党组织"], ["M1", "张三", "C01"]])
    checked = _outcome(["validate", str(roster), "--table", "members", "--as-of", "2026-11-01", "--replace"])
    assert checked[0] == 1 and "no party organization with this id or name" in checked[1]
    assert snapshot(home) == before
