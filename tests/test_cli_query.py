"""``gongjian query`` for people: parameters checked and typed by their declaration, enum values
by code or label, headers and values in the user's language (codes in JSON), empty results said,
``--list`` with kinds, defaults and allowed values, and docs/queries.md kept equal to both."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from graph import cypher
from graph.query_library import allowed_values, default_text, reference

from .conftest import REPO

runner = CliRunner()
DOC = REPO / "docs" / "queries.md"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A store home holding the sample (embedded), shared by the module's read-only tests."""
    root = tmp_path_factory.mktemp("cli-query")
    env = {"GONGJIAN_HOME": str(root / "home"), "GONGJIAN_KEY_FILE": str(root / "key"), "GONGJIAN_LANG": "zh"}
    result = runner.invoke(app, ["demo", "--no-serve"], env=env)
    assert result.exit_code == 0, result.output
    return {**env, "GONGJIAN_HOME": str(root / "home" / "demo")}  # the demo's own store


def run(env: dict[str, str], *args: str) -> Any:
    return runner.invoke(app, list(args), env=env)


def test_headers_and_values_in_the_language_codes_in_json(env: dict[str, str]) -> None:
    args = ["query", "should_have_org", "--as-of", "2026-11-01"]
    zh = run(env, *args, "--format", "csv")
    assert zh.exit_code == 0, zh.output
    lines = zh.stdout.removeprefix("\ufeff").splitlines()
    assert lines[0] == "单位编号,单位,单位类型,所在社区,正式党员数,联合党支部覆盖"
    assert lines[1] == "U0141,开元宏诚心理健康服务中心,社会组织,C07,3,P0050"
    en = run(env, "--lang", "en", *args, "--format", "csv")
    assert en.stdout.removeprefix("\ufeff").splitlines()[:2] == [
        "unit id,unit,unit type,community,full members,covered by", "U0141,开元宏诚心理健康服务中心,social organization,C07,3,P0050"]
    data = json.loads(run(env, "--lang", "en", *args, "--format", "json").stdout)
    assert data["columns"] == ["id", "name", "type", "community", "full_members", "covered_by"]
    assert data["rows"][0] == {"id": "U0141", "name": "开元宏诚心理健康服务中心", "type": "social_org", "community": "C07",
                               "full_members": 3, "covered_by": ["P0050"]}
    table = run(env, "query", "report_rate_by_community", "--as-of", "2026-11-01")
    assert "报到率" in table.stdout and "58.4%" in table.stdout


def test_enum_values_by_code_or_label_and_full_width_digits(env: dict[str, str]) -> None:
    def ids(*params: str) -> list[str]:
        args = ["query", "unmet_needs", "--as-of", "2026-11-01", "--format", "json"]
        for p in params:
            args += ["--param", p]
        result = run(env, *args)
        assert result.exit_code == 0, result.output
        return [r["id"] for r in json.loads(result.stdout)["rows"]]

    assert ids("category=场地") == ids("category=venue") == ids("category=Venue") == ids("category=ｖｅｎｕｅ") == [
        "N00001", "N00002"]
    assert ids("category=场地", "community=C05") == ["N00001"]
    narrow = run(env, "query", "should_have_org", "--param", "min_members=2", "--param", "as_of=2026-11-01", "--format", "json")
    wide = run(env, "query", "should_have_org", "--param", "min_members=２", "--param", "as_of=２０２６－１１－０１", "--format", "json")
    assert narrow.exit_code == wide.exit_code == 0 and narrow.stdout == wide.stdout
    assert len(json.loads(narrow.stdout)["rows"]) > 3


def test_an_empty_result_says_so_and_keeps_its_columns(env: dict[str, str]) -> None:
    result = run(env, "query", "co_building_partners", "--param", "community=C07", "--as-of", "2026-11-01")
    assert result.exit_code == 0
    assert "共建单位编号" in result.stdout and "查询结果为空" in result.stderr
    data = json.loads(run(env, "query", "co_building_partners", "--param", "community=C07", "--format", "json").stdout)
    assert data == {"columns": ["id", "name", "orgs", "kinds"], "rows": [], "truncated": False}
    english = run(env, "--lang", "en", "query", "members_without_org")
    assert english.stderr.strip() == "no rows: nothing matches the query"


def test_a_rule_in_the_rules_file_is_the_default(env: dict[str, str], tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text("own_org_min_full_members = 5\n", encoding="utf-8")
    args = ["query", "should_have_org", "--as-of", "2026-11-01", "--format", "json"]
    five = json.loads(run(env, *args, "--rules", str(rules)).stdout)["rows"]
    assert [r["id"] for r in five] == ["U0248"]
    assert json.loads(run(env, *args, "--rules", str(rules), "--param", "min_members=3").stdout)["rows"] != five
    listing = run(env, "--lang", "en", "query", "--list", "--rules", str(rules)).stdout
    assert "rule own_org_min_full_members (now 5)" in listing


def _facts(p: cypher.Param) -> list[str]:
    """What ``--list`` and the reference both say of a parameter."""
    facts = [p.name, p.kind]
    default = default_text(p)
    facts.append(default.removeprefix("rule ") if default.startswith("rule ") else "")
    facts += [code for code, _, _ in allowed_values(p)]
    return [f for f in facts if f]


def _sections(text: str, marker: str) -> dict[str, str]:
    """The text of each query's entry, by name (an entry starts with ``marker`` + the name)."""
    names = [q.name for q in cypher.NAMED_QUERIES]
    found = {}
    for name in names:
        start = text.index(marker.format(name=name))
        ends = [text.find(marker.format(name=other), start + 1) for other in names if other != name]
        end = min([e for e in ends if e > start] or [len(text)])
        found[name] = text[start:end]
    return found


def test_the_list_and_the_reference_say_the_same(env: dict[str, str]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    generated = doc.split("<!-- BEGIN generated: python -m graph.query_library -->\n", 1)[1].split("<!-- END generated -->")[0]
    assert generated == reference(), "docs/queries.md is out of date: regenerate its part with python -m graph.query_library"
    for language in ("zh", "en"):
        listing = run(env, "--lang", language, "query", "--list")
        assert listing.exit_code == 0
        in_list = _sections("\n" + listing.stdout, "\n{name}  ")
        in_doc = _sections(generated, "### `{name}`")
        for q in cypher.NAMED_QUERIES:
            assert (q.source or "") in in_list[q.name] and (q.source or "") in in_doc[q.name]
            for p in q.params:
                line = next(x for x in in_list[q.name].splitlines() if x.strip().startswith(f"--param {p.name} "))
                row = next(x for x in in_doc[q.name].splitlines() if x.startswith(f"| `{p.name}` |"))
                for fact in _facts(p):
                    assert fact in line and fact in row, (q.name, p.name, fact, line, row)
        if language == "en":
            assert not CJK.search(listing.stdout), CJK.search(listing.stdout)


def test_english_messages_name_no_chinese_labels(env: dict[str, str]) -> None:
    bad = run(env, "--lang", "en", "query", "units_without_org", "--param", "type=factory")
    assert bad.exit_code == 2
    assert "choose from government (government agency), public_institution (public institution)" in bad.output
    assert not CJK.search(bad.output)
    table = run(env, "--lang", "en", "query", "community_scorecard", "--as-of", "2026-11-01", "--format", "csv")
    header, *rows = table.stdout.removeprefix("\ufeff").splitlines()
    assert header == ("community id,community,community party organization,residents' committee,co-building partners,"
                      "joint-meeting seats,reported members,resources,needs,missing")
    assert rows[5].endswith(",joint-meeting seats") and not CJK.search(header)


def test_the_date_is_the_datas_own_by_default(env: dict[str, str]) -> None:
    dated = run(env, "query", "lost_contact", "--as-of", "2026-11-01", "--format", "json").stdout
    assert run(env, "query", "lost_contact", "--format", "json").stdout == dated  # the sample describes 2026-11-01
    assert run(env, "query", "lost_contact", "--as-of", "2027-11-01", "--format", "json").stdout != dated
