"""Command-line arguments: every usage error exits 2 with one message in the chosen language and
no traceback; the problem list on screen is capped; ``--encoding`` and "nothing changed"."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import dashboard.cli as cli
from dashboard.cli import app
from graph.texts import MESSAGES

from .conftest import REPO, write_csv

runner = CliRunner()


def usage_error(args: list[str], env: dict[str, str] | None = None) -> str:
    """The output of a command that must be refused as wrong usage: exit 2, no traceback."""
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 2, (args, result.output)
    assert isinstance(result.exception, SystemExit), (args, result.exception)
    assert "Traceback" not in result.output
    return result.output


# -- values the commands refuse, each naming the option and the value ------------------------------

QUERY = ["query", "should_have_org"]

REFUSED: list[tuple[list[str], str, str]] = [
    ([*QUERY, "--param", "min_members=abc"],
     "用法错误：--param min_members 的值“abc”无效：须为整数", "Usage error: --param min_members: 'abc' is not valid: must be a whole number"),
    ([*QUERY, "--param", "min_members=12345678901234567890"],
     "用法错误：--param min_members 的值“12345678901234567890”无效：超出整数范围",
     "Usage error: --param min_members: '12345678901234567890' is not valid: outside the range of whole numbers"),
    ([*QUERY, "--param", "min_members=1.5"], "--param min_members 的值“1.5”无效：须为整数", "must be a whole number"),
    (["query", "MATCH (n) RETURN n.id", "--param", "k=99999999999999999999"], "--param k 的值“99999999999999999999”无效：超出整数范围",
     "outside the range of whole numbers"),
    (["query", "lost_contact", "--param", "as_of=2023-02-30"], "--param as_of 的值“2023-02-30”无效：不是有效的日期",
     "--param as_of: '2023-02-30' is not valid: not a valid date (YYYY-MM-DD"),
    (["query", "lost_contact", "--param", "months=-1"], "--param months 的值“-1”无效：须为不小于 0 的整数",
     "--param months: '-1' is not valid: must be a whole number of at least 0"),
    (["query", "units_without_org", "--param", "comunity=C01"],
     "用法错误：查询 units_without_org 没有参数 comunity；它的参数：community, type, period_months, as_of",
     "Usage error: the query units_without_org has no parameter comunity; its parameters: community, type, period_months, as_of"),
    (["query", "co_building_partners"], "用法错误：查询 co_building_partners 需要参数 community；它的参数：community, as_of",
     "Usage error: the query co_building_partners needs the parameter community; its parameters: community, as_of"),
    (["query", "unmet_needs", "--param", "category=餐饮"],
     "用法错误：--param category 的值“餐饮”无效：可选 场地（venue）、设施（facility）、志愿服务（volunteer）、资金（funds）、"
     "专业服务（professional）、其他（other）",
     "Usage error: --param category: '餐饮' is not valid: choose from venue, facility, volunteer (volunteer service), funds, "
     "professional (professional service), other"),
    (["query", "should_have_org", "--as-of", "2026-01-01", "--param", "as_of=2026-01-01"],
     "用法错误：--as-of 与 --param as_of 只能给一个", "Usage error: give --as-of or --param as_of, not both"),
    ([*QUERY, "--param", "min_members"], "--param 的值“min_members”无效：应写成 名称=值", "must be NAME=VALUE"),
    ([*QUERY, "--param", "top=3"], "查询 should_have_org 没有参数 top；它的参数：min_members",
     "the query should_have_org has no parameter top; its parameters: min_members"),
    ([*QUERY, "--timeout", "-1"], "用法错误：--timeout 的值“-1”无效：须为大于 0、不超过 86400 的秒数",
     "Usage error: --timeout: '-1' is not valid: must be a number of seconds greater than 0 and at most 86400"),
    ([*QUERY, "--timeout", "nan"], "--timeout 的值“nan”无效", "--timeout: 'nan' is not valid"),
    ([*QUERY, "--timeout", "inf"], "--timeout 的值“inf”无效", "--timeout: 'inf' is not valid"),
    ([*QUERY, "--timeout", "0"], "--timeout 的值“0”无效", "--timeout: '0' is not valid"),
    ([*QUERY, "--timeout", "1e9"], "--timeout 的值“1e9”无效", "--timeout: '1e9' is not valid"),
    ([*QUERY, "--limit", "0"], "用法错误：--limit 的值“0”无效：须为大于 0 的整数",
     "Usage error: --limit: '0' is not valid: must be a whole number greater than 0"),
    ([*QUERY, "--limit", "-1"], "--limit 的值“-1”无效：须为大于 0 的整数", "--limit: '-1' is not valid: must be a whole number greater than 0"),
    ([*QUERY, "--limit", "ten"], "--limit 的值“ten”无效", "--limit: 'ten' is not valid"),
    ([*QUERY, "--format", "xml"], "--format 的值“xml”无效：可选 table | csv | json", "--format: 'xml' is not valid: choose from table | csv | json"),
    (["query"], "用法错误：请给出 Cypher 查询或查询名称（见 --list）", "Usage error: give a Cypher query or the name of a query (see --list)"),
    (["load", "data", "--as-of", "2023-02-30"], "用法错误：--as-of 的值“2023-02-30”无效：不是有效的日期（格式 YYYY-MM-DD，如 2026-03-01）",
     "Usage error: --as-of: '2023-02-30' is not valid: not a valid date (YYYY-MM-DD, e.g. 2026-03-01)"),
    (["load", "data", "--as-of", "2023-2-3"], "--as-of 的值“2023-2-3”无效", "--as-of: '2023-2-3' is not valid"),
    (["analyze", "--as-of", "2023-13-01"], "--as-of 的值“2023-13-01”无效", "--as-of: '2023-13-01' is not valid"),
    (["analyze", "--trend", "2024-01-01,2023-02-30"], "--trend 的值“2023-02-30”无效", "--trend: '2023-02-30' is not valid"),
    (["load", "data", "--store", "sqlite"], "--store 的值“sqlite”无效：可选 embedded | neo4j", "choose from embedded | neo4j"),
    (["load", "data", "--table", "membres"], "--table 的值“membres”无效：可选 communities", "；是否要用 members？"),
    (["generate", "--out", "x", "--scale", "town"], "--scale 的值“town”无效：可选 street | district | city", "--scale: 'town' is not valid"),
    (["generate", "--out", "x", "--seed", "1.5"], "--seed 的值“1.5”无效：须为整数", "--seed: '1.5' is not valid: must be a whole number"),
    (["generate", "--out", "x", "--scale", "city", "--workbook", "w.xlsx"], "用法错误：--workbook 只用于 street 规模",
     "Usage error: --workbook is for the street scale only"),
    (["demo", "--no-serve", "--port", "0"], "--port 的值“0”无效：须为 1 至 65535 之间的整数", "must be a whole number from 1 to 65535"),
    (["dashboard", "--port", "70000"], "--port 的值“70000”无效", "--port: '70000' is not valid"),
    (["load", "data", "--encoding", "klingon"], "--encoding 的值“klingon”无效：不是已知的文本编码",
     "--encoding: 'klingon' is not valid: not a known text encoding"),
    (["load", "data", "--encoding", "base64"], "--encoding 的值“base64”无效：不是已知的文本编码", "not a known text encoding"),
    (["validate", "data", "--encoding", "sub/members.csv=gbk"], "--encoding 的值“sub/members.csv=gbk”无效：FILE=NAME 中的 FILE 只写文件名",
     "the FILE of FILE=NAME is a file name, without a folder"),
    (["validate", "data", "--encoding", "members.csv=gbk", "--encoding", "members.csv=big5"],
     "--encoding 为 members.csv 给出了两种编码：gbk、big5", "--encoding gives members.csv two encodings: gbk, big5"),
    (["validate", "data", "--encoding", "gbk", "--encoding", "utf-8"], "--encoding 给出了两种通用编码：gbk、utf-8",
     "--encoding gives every file two encodings: gbk, utf-8"),
    (["--lang", "fr", "info"], "用法错误：--lang 的值“fr”无效：可选 zh | en", "Usage error: --lang: 'fr' is not valid: choose from zh | en"),
]


@pytest.mark.parametrize(("args", "zh", "en"), REFUSED, ids=[" ".join(a) for a, _, _ in REFUSED])
def test_a_wrong_value_is_a_usage_error_in_both_languages(home: Path, args: list[str], zh: str, en: str) -> None:
    output = usage_error(args)
    assert zh in output
    assert output.splitlines()[-1].startswith("用 gongjian ") and output.splitlines()[-1].endswith(" --help 查看用法")
    assert len(output.splitlines()) == 2  # the message and the hint, nothing else
    if args[0] == "--lang":
        return
    english = usage_error(["--lang", "en", *args])
    assert en.replace("；是否要用 members？", "; did you mean members?") in english
    assert english.splitlines()[-1].startswith("see gongjian ") and english.splitlines()[-1].endswith(" --help")
    assert usage_error(args, env={"GONGJIAN_LANG": "en"}) == english
    assert not home.exists()  # refused before anything was opened


# -- typer's own usage errors, in our words ----------------------------------------------------------

CLICK_ERRORS: list[tuple[list[str], str, str]] = [
    (["load", "data", "--bogus"], "用法错误：没有选项 --bogus\n用 gongjian load --help 查看用法",
     "Usage error: no such option --bogus\nsee gongjian load --help"),
    (["--bogus", "info"], "用法错误：没有选项 --bogus\n用 gongjian --help 查看用法", "Usage error: no such option --bogus"),
    (["info", "--hom", "x"], "用法错误：没有选项 --hom；是否要用 --home？", "Usage error: no such option --hom; did you mean --home?"),
    (["validate"], "用法错误：缺少参数 PATH\n用 gongjian validate --help 查看用法", "Usage error: missing argument PATH"),
    (["generate"], "用法错误：缺少选项 --out\n用 gongjian generate --help 查看用法", "Usage error: missing option --out"),
    (["frobnicate"], "用法错误：没有命令 frobnicate\n用 gongjian --help 查看用法", "Usage error: no such command frobnicate"),
    (["anlyze"], "用法错误：没有命令 anlyze；是否要用 analyze？", "Usage error: no such command anlyze; did you mean analyze?"),
    (["neo4j", "begin"], "用法错误：没有命令 begin\n用 gongjian neo4j --help 查看用法", "Usage error: no such command begin"),
    (["rules", "shwo"], "用法错误：没有命令 shwo；是否要用 show？", "see gongjian rules --help"),
    (["info", "extra"], "用法错误：多余的参数：extra\n用 gongjian info --help 查看用法", "Usage error: unexpected extra argument(s): extra"),
    (["query", "x", "--limit"], "用法错误：选项 --limit 需要一个值\n用 gongjian query --help 查看用法",
     "Usage error: option --limit needs a value\nsee gongjian query --help"),
    (["load", "data", "--replace=yes"], "用法错误：选项 --replace 不带值", "Usage error: option --replace takes no value"),
    (["--lang", "zh"], "用法错误：缺少命令（可用：validate, load, info", "Usage error: missing command (one of: validate, load, info"),
]


@pytest.mark.parametrize(("args", "zh", "en"), CLICK_ERRORS, ids=[" ".join(a) for a, _, _ in CLICK_ERRORS])
def test_typers_usage_errors_come_out_in_the_chosen_language(home: Path, args: list[str], zh: str, en: str) -> None:
    output = usage_error(args)
    assert zh in output and "Error" not in output and "Try '" not in output and len(output.splitlines()) == 2
    if args[:1] == ["--lang"]:
        assert en in usage_error(["--lang", "en", *args[2:]])
        return
    assert en in usage_error(["--lang", "en", *args])
    assert en in usage_error(args, env={"GONGJIAN_LANG": "en"})


def test_the_last_lang_counts_even_before_the_options_are_read(home: Path) -> None:
    assert "Usage error: no such command inf; did you mean info?" in usage_error(["--lang", "zh", "--lang=en", "inf"])
    assert "用法错误：没有命令 inf" in usage_error(["--lang", "en", "--lang", "zh", "inf"])
    # analyze has its own --lang
    assert "Usage error: --as-of: 'x' is not valid" in usage_error(["analyze", "--lang", "en", "--as-of", "x"])


def test_the_console_script_is_the_same_as_the_runner(home: Path) -> None:
    """``main()`` (the installed ``gongjian``) goes through the same group: exit 2, Chinese, no traceback."""
    done = subprocess.run([sys.executable, "-c", "from dashboard.cli import main; main()", "load", "data", "--bogus"],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == ["用法错误：没有选项 --bogus", "用 gongjian load --help 查看用法"]


def _leaves(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[list[str], Any]]:
    yield list(path), group
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _leaves(command, (*path, name))
        else:
            yield [*path, name], command


ODD_VALUES = ("", " ", "nan", "-inf", "-1", "0", "1e999", "99999999999999999999", "\x1b[31m", "=", "a=b=c",
              "/nonexistent/dir/x.csv", "..", "２０２４-０１-０１", "١٢")


def test_no_value_of_any_option_gives_a_traceback(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every option of every command, given odd values, with the commands' bodies replaced by nothing:
    either accepted (0) or refused as wrong usage (2, in Chinese) — never a traceback."""
    group = get_command(app)
    options = []
    for path, command in _leaves(group):
        if command is not group and not hasattr(command, "commands"):
            command.callback = lambda **kwargs: None
        options += [(path, p) for p in command.params if p.param_type_name == "option" and not p.is_flag and p.name != "help"]
    assert len(options) > 30
    refused = 0
    for path, option in options:
        for value in ODD_VALUES:
            # root options before a command; a command's own after it (and its PATH, where it takes one)
            args = [option.opts[0], value, "info"] if not path else [*path, option.opts[0], value]
            if path[-1:] in (["validate"], ["load"]):
                args.append("data")
            with pytest.raises(SystemExit) as done:
                group.main(args, prog_name="gongjian")
            shown = capsys.readouterr()
            assert done.value.code in (0, 2), (args, shown)
            if done.value.code == 2:
                refused += 1
                assert shown.err.startswith("用法错误："), (args, shown.err)
                assert len(shown.err.splitlines()) == 2 and "Traceback" not in shown.err
    assert refused > 150


# -- exit codes of what is not usage ----------------------------------------------------------------

def test_a_bare_word_that_is_no_named_query_does_not_exist(home: Path) -> None:
    result = runner.invoke(app, ["query", "unmet_need"])
    assert result.exit_code == 4
    assert result.output.strip() == "错误： 没有查询 unmet_need；相近的有：unmet_needs（见 --list）"
    english = runner.invoke(app, ["--lang", "en", "query", "nosuchquery"])
    assert english.exit_code == 4 and english.output.strip() == "Error: no such query nosuchquery (see --list)"
    renamed = runner.invoke(app, ["--lang", "en", "query", "isolated_units"])
    assert renamed.exit_code == 4 and renamed.output.strip() == "Error: no such query isolated_units: it is now called units_without_ties"
    typo = runner.invoke(app, ["--lang", "en", "query", "isolated_unit"])
    assert "similar: units_without_ties" in typo.output
    assert not home.exists()
    free = runner.invoke(app, ["--lang", "en", "query", "MATCH (n) RETURN n"])  # Cypher text: as before
    assert free.exit_code == 5 and "cannot run free Cypher" in free.output


def test_report_paths_are_checked_before_anything_is_read(home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "problems.csv"
    for command in ("validate", "load"):
        output = usage_error([command, str(tmp_path / "no-data"), "--report", str(missing)])
        assert f"用法错误：--report 的值“{missing}”无效：文件夹 {missing.parent} 不存在" in output
        output = usage_error(["--lang", "en", command, str(tmp_path / "no-data"), "--report", str(tmp_path)])
        assert f"Usage error: --report: '{tmp_path}' is not valid: this is a folder; give a file name such as problems.csv" in output
    assert not home.exists() and not missing.parent.exists()


def test_analyze_out_into_a_missing_folder_is_refused_before_the_work(home: Path, tmp_path: Path) -> None:
    output = usage_error(["analyze", "--out", str(tmp_path / "nowhere" / "r.xlsx")])
    assert "--out 的值" in output and "不存在" in output


def test_generate_into_a_file_is_refused(home: Path, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "a.csv", [["x"]])
    assert f"--out 的值“{file}”无效：这是一个文件；请给出文件夹" in usage_error(["generate", "--out", str(file)])


# -- the problem list on screen is capped; --report holds them all ------------------------------------

def _sixty_bad_dates(base_dir: Path) -> Path:
    write_csv(base_dir / "members.csv", [["编号", "姓名", "所在党支部", "入党时间"],
                                         *([f"M{i:02d}", f"党员{i}", "阳光社区第一党支部", "soon"] for i in range(60))])
    return base_dir


def test_the_first_50_problems_are_shown_and_the_rest_counted(home: Path, base_dir: Path) -> None:
    _sixty_bad_dates(base_dir)
    result = runner.invoke(app, ["validate", str(base_dir)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "输入数据有 60 处问题，未写入任何数据："
    shown = [line for line in lines if line.startswith("  members.csv")]
    assert len(shown) == 50 and shown[0].startswith("  members.csv 第 2 行「入党时间」列，值“soon”")
    assert shown[-1].startswith("  members.csv 第 51 行")
    assert lines[51] == "…另有 10 处问题未显示（共 60 处）；用 --report 文件.csv 保存全部"
    assert len(lines) == 52
    english = runner.invoke(app, ["--lang", "en", "load", str(base_dir)])
    assert english.exit_code == 1
    assert english.output.splitlines()[51] == "… 10 more not shown (60 in all); --report FILE.csv saves them all"
    assert not home.exists()


def test_the_report_holds_every_problem(home: Path, base_dir: Path, tmp_path: Path) -> None:
    _sixty_bad_dates(base_dir)
    report = tmp_path / "all.csv"
    result = runner.invoke(app, ["load", str(base_dir), "--report", str(report)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[51] == "…另有 10 处问题未显示（共 60 处），全部见问题清单" and lines[52] == f"问题清单已写入 {report}"
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == 60 and [r["row"] for r in rows] == [str(i) for i in range(2, 62)]
    assert {r["code"] for r in rows} == {"not_date"}


def test_fifty_problems_are_all_shown_without_a_count(home: Path, base_dir: Path) -> None:
    write_csv(base_dir / "members.csv", [["编号", "姓名", "所在党支部", "入党时间"],
                                         *([f"M{i:02d}", f"党员{i}", "阳光社区第一党支部", "soon"] for i in range(50))])
    result = runner.invoke(app, ["validate", str(base_dir)])
    assert result.exit_code == 1 and len(result.output.splitlines()) == 51 and "未显示" not in result.output


# -- --encoding -------------------------------------------------------------------------------------

def test_encoding_options_reach_the_reader_as_one_mapping(home: Path, base_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict[str, object]] = []
    real = cli.read_dataset

    def spy(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        seen.append(dict(kwargs))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "read_dataset", spy)
    result = runner.invoke(app, ["validate", str(base_dir), "--encoding", "UTF8", "--encoding", "units.csv=UTF_8_SIG"])
    assert result.exit_code == 0, result.output
    assert seen[-1]["encodings"] == {"": "utf-8", "units.csv": "utf-8-sig"}
    assert runner.invoke(app, ["validate", str(base_dir)]).exit_code == 0
    assert "encodings" not in seen[-1]  # not given: the reader decides per file


def test_a_utf16_roster_reads_with_its_encoding_named(home: Path, base_dir: Path) -> None:
    """UTF-16 without a BOM is not among what the reader recognises by itself: named, it reads."""
    text = "编号,姓名,所在党支部\r\nM1,张三,阳光社区第一党支部\r\n"
    (base_dir / "members.csv").write_bytes(text.encode("utf-16-le"))  # no BOM to go by
    guessed = runner.invoke(app, ["--lang", "en", "validate", str(base_dir)])
    assert guessed.exit_code == 1, guessed.output
    named = runner.invoke(app, ["--lang", "en", "validate", str(base_dir), "--encoding", "members.csv=UTF-16LE"])
    assert named.exit_code == 0, named.output
    assert "valid: 10 nodes" in named.output
    absent = runner.invoke(app, ["--lang", "en", "validate", str(base_dir), "--encoding", "nobody.csv=utf-16"])
    assert absent.exit_code == 1 and "--encoding names a file that is not in the data" in absent.output


# -- a load of what is stored --------------------------------------------------------------------------

def test_loading_the_same_data_again_says_nothing_changed(home: Path, base_dir: Path) -> None:
    first = runner.invoke(app, ["load", str(base_dir), "--as-of", "2025-01-01"])
    assert first.exit_code == 0 and "已载入" in first.output
    version = re.search(r"数据版本 (\S+)", first.output)
    assert version is not None
    again = runner.invoke(app, ["load", str(base_dir), "--as-of", "2025-01-01"])
    assert again.exit_code == 0, again.output
    assert again.output.strip() == f"数据未变化：存储中已是相同内容（数据版本 {version[1]} 未变）"
    english = runner.invoke(app, ["--lang", "en", "load", str(base_dir), "--as-of", "2025-01-01"])
    assert english.output.strip() == f"nothing changed: the store already holds this data (data version {version[1]} unchanged)"


# -- the catalogue ------------------------------------------------------------------------------------

def test_every_text_the_command_line_names_is_in_the_catalogue() -> None:
    source = (REPO / "dashboard" / "cli.py").read_text(encoding="utf-8")
    keys = set(re.findall(r"""\b(?:t|_t|both)\(\s*["']([a-z0-9_]+)["']""", source))
    keys |= set(re.findall(r"""UsageMistake\(\s*["']([a-z0-9_]+)["']""", source))
    keys |= set(re.findall(r"""["']((?:usage|reason)_[a-z0-9_]+)["']""", source))
    assert len(keys) > 40
    assert sorted(k for k in keys if k not in MESSAGES) == []
    for key in keys:
        zh, en = MESSAGES[key]
        assert (re.findall(r"{(\w+)}", zh) and sorted(re.findall(r"{(\w+)}", zh)) == sorted(re.findall(r"{(\w+)}", en))) \
            or not re.findall(r"{(\w+)}", zh + en), key


# -- what --report may not overwrite, and paths the system refuses ------------------------------

def _bad_roster(folder: Path) -> Path:
    return write_csv(folder / "members.csv", [["编号", "姓名", "所在党支部"], ["M1", "张三", "P99"]])


def test_report_never_overwrites_the_roster_the_key_or_the_store(home: Path, base_dir: Path, tmp_path: Path) -> None:
    roster = _bad_roster(tmp_path)
    before = roster.read_bytes()
    key = Path(cli.default_key_path())
    assert runner.invoke(app, ["load", str(base_dir)]).exit_code == 0  # makes the key and the store
    key_before = key.read_bytes()
    for target in (roster, base_dir / "problems.csv", key, home / "problems.csv"):
        result = runner.invoke(app, ["--lang", "en", "validate", str(roster if target != base_dir / "problems.csv" else base_dir),
                                     "--report", str(target)])
        assert result.exit_code == 2, (target, result.output)
        assert "it would overwrite the input, the pseudonymization key or a file of the store" in result.output
        assert "Traceback" not in result.output
    assert roster.read_bytes() == before and key.read_bytes() == key_before
    assert not (base_dir / "problems.csv").exists() and not (home / "problems.csv").exists()


def test_report_onto_a_device_and_paths_too_long_are_refused_without_traceback(home: Path, tmp_path: Path) -> None:
    roster = _bad_roster(tmp_path)
    device = runner.invoke(app, ["--lang", "en", "validate", str(roster), "--report", "/dev/null"])
    assert device.exit_code == 2 and "not a regular file" in device.output
    long_name = str(tmp_path / ("a" * 300 + ".csv"))
    as_report = runner.invoke(app, ["--lang", "en", "validate", str(roster), "--report", long_name])
    assert as_report.exit_code == 2 and "Traceback" not in as_report.output
    as_input = runner.invoke(app, ["--lang", "en", "validate", long_name])
    assert as_input.exit_code == 1 and "File name too long" in as_input.output
    huge = runner.invoke(app, ["query", "lost_contact", "--param", "k=" + "9" * 5000])
    assert huge.exit_code == 2 and "Traceback" not in huge.output


def test_a_report_names_undecodable_file_names_and_a_clean_run_empties_it(home: Path, base_dir: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "\udcff\udcfe.csv").write_bytes("编号,姓名,所在党支部\nM1,张三,P99\n".encode())  # bytes FF FE: no UTF-8 name
    report = tmp_path / "r.csv"
    result = runner.invoke(app, ["--lang", "en", "validate", str(odd), "--report", str(report)])
    assert result.exit_code == 1, result.output
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert rows[1][:4] == ["\\udcff\\udcfe.csv", "", "2", "所在党支部"]
    clean = runner.invoke(app, ["--lang", "en", "validate", str(base_dir), "--report", str(report)])
    assert clean.exit_code == 0, clean.output
    assert report.read_text(encoding="utf-8-sig").splitlines() == [",".join(cli.REPORT_COLUMNS)]
