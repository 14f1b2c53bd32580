"""The ``gongjian`` command line: argument parsing and one clear message per library error.

Exit codes: 0 success; 1 the input has problems (nothing was written); 2 wrong usage;
3 the store or the pseudonymization key cannot be read or written; 4 something asked for does not exist;
5 an analyst query was refused (not read-only) or failed.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dashboard import settings
from dashboard.messages import t
from dashboard.neo4j_local import LocalNeo4j
from graph.analysis.report_model import Report
from graph.dataset import Dataset
from graph.errors import GongjianError, UnknownNode
from graph.model import Label, RelType
from graph.store import GraphStore, QueryResult
from loaders.dataset_reader import KnownNodes, read_dataset
from loaders.errors import InputInvalid
from loaders.identity import default_key_path, load_or_create_key
from loaders.schema import TABLES

EXIT_CODES = """Exit codes / 退出码: 0 success 成功; 1 input has problems, nothing written 输入有误、未写入;
2 wrong usage 用法错误; 3 store or key error 存储或密钥错误; 4 not found 对象不存在;
5 query refused or failed 查询被拒绝或出错."""

app = typer.Typer(
    help="Gongjian 共建 — community party-building network analyzer 社区党建组织网络分析.\n\n" + EXIT_CODES,
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)
_state = {"lang": settings.default_lang()}


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class StoreKind(str, Enum):
    embedded = "embedded"
    neo4j = "neo4j"


class Scale(str, Enum):
    street = "street"
    district = "district"
    city = "city"


def lang() -> str:
    return _state["lang"]


@app.callback()
def main_options(
    language: Annotated[Lang | None, typer.Option("--lang", help="Language of messages 界面语言 (zh|en); env GONGJIAN_LANG")] = None,
) -> None:
    """Gongjian 共建."""
    _state["lang"] = language.value if language else settings.default_lang()


@contextmanager
def _errors_shown() -> Iterator[None]:
    """Turn library errors into one message and their exit code."""
    try:
        yield
    except GongjianError as e:
        err.print(f"[bold red]{t('error', lang())}[/] {escape(e.message(lang()))}", highlight=False, soft_wrap=True)
        raise typer.Exit(e.exit_code) from None


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=err, transient=True, disable=not err.is_terminal)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(t(f"stage_{stage}", lang()) if t(f"stage_{stage}", lang()) else stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update


def _print_problems(e: InputInvalid, report: Path | None) -> None:
    problems = e.problems
    err.print(f"[bold red]{t('input_invalid', lang()).format(n=len(problems))}[/]", highlight=False, soft_wrap=True)
    for p in problems:
        err.print(f"  {p.message(lang())}", highlight=False, soft_wrap=True, markup=False)
    if report is not None:
        with open(report, "w", newline="", encoding="utf-8-sig") as f:
            writer = csv.DictWriter(f, fieldnames=["file", "sheet", "row", "column", "value", "code", "reason"])
            writer.writeheader()
            writer.writerows(p.as_row(lang()) for p in problems)
        err.print(t("report_written", lang()).format(path=report), highlight=False, soft_wrap=True)


def _read(path: Path, table: str | None, store: GraphStore | None, as_of: dt.date | None) -> Dataset:
    known = store.name_index() if store is not None else KnownNodes()
    key = load_or_create_key(default_key_path())
    with _progress() as progress:
        return read_dataset(path, key=key, table=table, known=known, effective=as_of, progress=progress)


def _table_option_check(table: str | None) -> None:
    if table is not None and table not in TABLES:
        raise typer.BadParameter(f"{table!r} ∉ {', '.join(TABLES)}", param_hint="--table")


TableOpt = Annotated[str | None, typer.Option("--table", help="Treat a single file as this table (e.g. members) 指定单个文件对应的表")]
ReportOpt = Annotated[Path | None, typer.Option("--report", help="Also write the problems to this CSV file 将问题清单另存为 CSV")]
HomeOpt = Annotated[Path | None, typer.Option("--home", help="Store folder 存储目录 (env GONGJIAN_HOME, default ~/.gongjian)")]
StoreOpt = Annotated[StoreKind, typer.Option("--store", help="embedded (default, no server) | neo4j")]
AsOfOpt = Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="Date the roster describes 名册日期 (default today)")]


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="A folder, a workbook or one roster file 数据目录、工作簿或单个名册")],
    table: TableOpt = None,
    report: ReportOpt = None,
    home: HomeOpt = None,
) -> None:
    """Check a dataset and report every problem; write nothing. 校验数据，不写入。"""
    _table_option_check(table)
    with _errors_shown():
        store = settings.open_store("embedded", home)
        try:
            dataset = _read(path, table, store, None)
        except InputInvalid as e:
            _print_problems(e, report)
            raise typer.Exit(e.exit_code) from None
        with dataset:
            nodes, rels = dataset.counts()
        out.print(t("valid", lang()).format(nodes=sum(nodes.values()), rels=sum(rels.values())), highlight=False, soft_wrap=True)


@app.command()
def load(
    path: Annotated[Path, typer.Argument(help="A folder, a workbook or one roster file 数据目录、工作簿或单个名册")],
    store_kind: StoreOpt = StoreKind.embedded,
    replace: Annotated[bool, typer.Option("--replace", help="Replace all stored data 清空后重新载入")] = False,
    table: TableOpt = None,
    as_of: AsOfOpt = None,
    report: ReportOpt = None,
    home: HomeOpt = None,
) -> None:
    """Validate and load a dataset into the store, all or nothing. 校验并载入（全部成功或不写入）。"""
    _table_option_check(table)
    with _errors_shown():
        store = settings.open_store(store_kind.value, home)
        try:
            dataset = _read(path, table, None if replace else store, as_of.date() if as_of else None)
        except InputInvalid as e:
            _print_problems(e, report)
            raise typer.Exit(e.exit_code) from None
        with dataset, _progress() as progress:
            result = store.load(dataset, replace=replace, progress=progress)
        out.print(t("loaded", lang()).format(
            nodes=result.counts.total_nodes, rels=result.counts.total_relationships, version=result.data_version,
            created=result.created_nodes, updated=result.updated_nodes, closed=result.closed_relationships,
        ), highlight=False, soft_wrap=True)


def _print_info(store: GraphStore) -> None:
    counts = store.counts()
    version = store.data_version()
    if getattr(store, "interrupted", lambda: False)():
        err.print(t("interrupted", lang()), highlight=False, soft_wrap=True)
    if not version:
        out.print(t("empty_store", lang()), highlight=False, soft_wrap=True)
        return
    out.print(f"{t('data_version', lang())}: {version}", highlight=False, soft_wrap=True)
    for title, column, kinds, found, total in (
        ("nodes", "label", Label, counts.nodes, counts.total_nodes),
        ("relationships", "type", RelType, counts.relationships, counts.total_relationships),
    ):
        table = Table(title=t(title, lang()))
        table.add_column(t(column, lang()))
        table.add_column(t("count", lang()), justify="right")
        for kind in kinds:
            if kind.value in found:
                table.add_row(f"{kind.label(lang())} ({kind.value})", str(found[kind.value]))
        table.add_row(t("total", lang()), str(total))
        out.print(table)


@app.command()
def info(store_kind: StoreOpt = StoreKind.embedded, home: HomeOpt = None) -> None:
    """Counts by label and type, and the data version. 显示各类节点、关系数量与数据版本。"""
    with _errors_shown():
        _print_info(settings.open_store(store_kind.value, home))


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the CSV files into 输出目录")],
    scale: Annotated[Scale, typer.Option("--scale", help="street (~2k members) | district (~50k) | city (~1M)")] = Scale.street,
    seed: Annotated[int, typer.Option("--seed", help="Random seed 随机种子")] = 0,
    with_pii: Annotated[bool, typer.Option("--with-pii", help="Add synthetic ID numbers and phones (for tests) 加入合成身份证号和电话")] = False,
    workbook: Annotated[Path | None, typer.Option("--workbook", help="Also write one XLSX workbook (street scale) 另存为 XLSX 工作簿")] = None,
) -> None:
    """Write a synthetic dataset (Faker zh_CN; no real person). 生成合成数据集。"""
    from loaders.synthetic import generate as generate_data  # Faker is slow to import; only here

    with _errors_shown(), _progress() as progress:
        try:
            summary = generate_data(out_dir, scale=scale.value, seed=seed, with_pii=with_pii, workbook=workbook, progress=progress)  # type: ignore[arg-type]
        except ValueError as e:
            raise GongjianError(str(e)) from e
    out.print(t("generated", lang()).format(rows=sum(summary.rows.values()), out=out_dir), highlight=False, soft_wrap=True)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _param_value(text: str, kind: str | None) -> object:
    """A ``--param`` value: typed by the named query's declaration, else guessed (int, float, date)."""
    if kind == "int" or (kind is None and text.lstrip("-").isdigit() and not (len(text) > 1 and text.startswith("0"))):
        return int(text)
    if kind == "date" or (kind is None and len(text) == 10 and text[4] == "-" and text[7] == "-"):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            if kind == "date":
                raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)", param_hint="--param") from None
    if kind is None:
        try:
            return float(text)
        except ValueError:
            pass
    return text


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(help="Cypher (read-only) or the name of a library query 查询语句或查询名称")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="k=v, repeatable 参数")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table | csv | json")] = Format.table,
    limit: Annotated[int, typer.Option("--limit", help="Row limit 行数上限")] = 10_000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds before the query is stopped 超时秒数")] = 30.0,
    show_list: Annotated[bool, typer.Option("--list", help="List the named queries 列出查询库")] = False,
    store_kind: StoreOpt = StoreKind.embedded,
    home: HomeOpt = None,
) -> None:
    """Run a named query of the library (either store), or an analyst's read-only Cypher (Neo4j).
    运行查询库中的命名查询（两种存储均可），或在 Neo4j 上运行只读 Cypher。"""
    from graph.cypher import NAMED, NAMED_QUERIES

    if show_list:
        for q in NAMED_QUERIES:
            params = ", ".join(f"{p.name}={p.default}" if p.default is not None else p.name for p in q.params)
            out.print(f"{q.name}({params})  {q.zh if lang() == 'zh' else q.en}", highlight=False, soft_wrap=True, markup=False)
        return
    if not text:
        raise typer.BadParameter("give a Cypher query or a query name (see --list)", param_hint="TEXT")
    named = NAMED.get(text)
    kinds = {p.name: p.kind for p in named.params} if named else {}
    values: dict[str, object] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"{item!r} is not k=v", param_hint="--param")
        values[key] = _param_value(value, kinds.get(key))
    with _errors_shown():
        store = settings.open_store(store_kind.value, home)
        try:
            if named:
                result = store.run_named(text, values, timeout_s=timeout, limit=limit)
            else:
                result = store.query(text, values, timeout_s=timeout, limit=limit)
        finally:
            store.close()
    _print_result(result, fmt)


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value))
    return "" if value is None else str(value)


def _print_result(result: QueryResult, fmt: Format) -> None:
    if fmt is Format.json:
        sys.stdout.write(json.dumps({"columns": result.columns, "rows": result.rows, "truncated": result.truncated},
                                    ensure_ascii=False, default=str, indent=1) + "\n")
    elif fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(r.get(c)) for c in result.columns] for r in result.rows)
    else:
        table = Table()
        for c in result.columns:
            table.add_column(c)
        for r in result.rows:
            table.add_row(*(_cell(r.get(c)) for c in result.columns))
        out.print(table)
    if result.truncated:
        err.print(t("truncated", lang()).format(n=len(result.rows)), highlight=False, soft_wrap=True)


neo4j_app = typer.Typer(help="A local Neo4j server from Maven Central 本机 Neo4j 服务器 (start | stop | status).",
                        no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")


@neo4j_app.command("start")
def neo4j_start(home: HomeOpt = None) -> None:
    """Resolve Neo4j with Maven (first time), start it on loopback, wait until it answers. 启动。"""
    with _errors_shown():
        server = LocalNeo4j(settings.local_neo4j_root(home))
        connection = server.start()
        out.print(t("neo4j_started", lang()).format(uri=connection.uri, root=server.root), highlight=False, soft_wrap=True)


@neo4j_app.command("stop")
def neo4j_stop(home: HomeOpt = None) -> None:
    """Stop the local Neo4j server cleanly. 停止。"""
    with _errors_shown():
        stopped = LocalNeo4j(settings.local_neo4j_root(home)).stop()
        out.print(t("neo4j_stopped" if stopped else "neo4j_not_running", lang()), highlight=False, soft_wrap=True)


@neo4j_app.command("status")
def neo4j_status(home: HomeOpt = None) -> None:
    """Whether the local Neo4j server runs, and where. 状态。"""
    with _errors_shown():
        status = LocalNeo4j(settings.local_neo4j_root(home)).status()
        for key, value in status.items():
            out.print(f"{key}: {value}", highlight=False, soft_wrap=True)
        if not status["running"]:
            raise typer.Exit(4)


def _serve(home: Path | None, port: int) -> None:
    app_path = Path(__file__).with_name("app.py")
    env = dict(os.environ)
    if home is not None:
        env["GONGJIAN_HOME"] = str(home)
    env["GONGJIAN_LANG"] = lang()
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_path), "--server.headless", "true",
           "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    out.print(t("serving", lang()).format(url=f"http://localhost:{port}"), highlight=False, soft_wrap=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the server, so that stopping `gongjian dashboard` stops Streamlit too.
    os.execve(sys.executable, cmd, env)


@app.command()
def dashboard(home: HomeOpt = None, port: Annotated[int, typer.Option("--port")] = 8501) -> None:
    """Serve the Streamlit dashboard. 启动可视化看板。"""
    _serve(home, port)


@app.command()
def demo(
    home: HomeOpt = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Open the dashboard afterwards 载入后启动看板")] = True,
    port: Annotated[int, typer.Option("--port")] = 8501,
) -> None:
    """Load the synthetic sample street into the embedded store, summarise, open the dashboard.
    载入合成样例数据，显示概况并启动看板。"""
    with _errors_shown():
        store = settings.open_store("embedded", home)
        try:
            dataset = _read(settings.SAMPLE_DIR, None, None, dt.date(2026, 11, 1))
        except InputInvalid as e:
            _print_problems(e, None)
            raise typer.Exit(e.exit_code) from None
        with dataset, _progress() as progress:
            store.load(dataset, replace=True, progress=progress)
        out.print(t("demo_loaded", lang()).format(path=settings.SAMPLE_DIR), highlight=False, soft_wrap=True)
        _print_info(store)
    if serve:
        _serve(home, port)


# -- reports and rules ------------------------------------------------------------------------

_TEXTS: dict[str, tuple[str, str]] = {
    "written": ("报告已写入 {path}", "report written to {path}"),
    "scope": ("统计日期 {as_of} · {scope} · 数据版本 {version} · 规则：{rules}",
              "as of {as_of} · {scope} · data version {version} · rules: {rules}"),
    "all": ("全部社区", "all communities"),
    "rules_default": ("默认值", "defaults"),
    "rules_file": ("文件 {path}", "file {path}"),
    "rules_missing": ("默认值（未找到 {path}）", "defaults ({path} not found)"),
    "split": ("注意：{tables} 超过 Excel 单个工作表的行数上限，已分多个工作表（见摘要）",
              "note: {tables} exceeded the rows of one Excel sheet and continue on further sheets (see the summary)"),
    "empty_store": ("存储为空，无可分析的数据：请先运行 gongjian load 数据目录（或 gongjian demo 载入样例）",
                    "the store is empty, there is nothing to analyze: run gongjian load FOLDER first "
                    "(or gongjian demo for the sample)"),
    "unknown_community": ("没有编号或名称为 {id} 的社区；已有：{known}", "no community with id or name {id}; known: {known}"),
    "ambiguous_community": ("名称 {id} 对应多个社区：{known}；请用编号", "{id} names several communities: {known}; give the id"),
    "rules_source": ("规则来源：{source}", "rules from: {source}"),
    "rule": ("规则", "rule"), "value": ("值", "value"), "source": ("来源", "source"), "meaning": ("含义", "meaning"),
    "from_file": ("文件", "file"), "from_default": ("默认", "default"),
    "rules_written": ("已写入规则文件 {path}（含默认值与说明，修改后即对 gongjian analyze 生效）",
                      "wrote the rules file {path} (the defaults, each explained; edits apply to gongjian analyze)"),
}

#: The figures the summary printed after ``gongjian analyze`` shows, one line per group.
_HEADLINES: tuple[tuple[tuple[str, str], ...], ...] = (
    (("org_coverage", "org_coverage_rate"), ("org_coverage", "own_org_rate"), ("should_have_org", "units"),
     ("branch_size", "oversize"), ("branch_size", "undersize")),
    (("member_coverage", "lost_contact"), ("member_coverage", "unreported"), ("member_coverage", "reporting_rate"),
     ("member_coverage", "floating_without_station")),
    (("needs_matching", "unmet"), ("needs_matching", "addressed_share"), ("integration_index", "mean_index")),
)


def _t(key: str) -> str:
    zh, en = _TEXTS[key]
    return zh if lang() == "zh" else en


class StoreEmpty(GongjianError):
    """The store holds no data to analyze."""

    exit_code = 4


class ReportFormat(str, Enum):
    xlsx = "xlsx"
    json = "json"
    md = "md"


RulesOpt = Annotated[Path | None, typer.Option(
    "--rules", help="Rules file 规则文件 (TOML; default $GONGJIAN_HOME/rules.toml, else the built-in defaults)")]


def _trend_dates(text: str | None) -> list[dt.date]:
    days: list[dt.date] = []
    for item in (text or "").replace("，", ",").split(","):
        if not item.strip():
            continue
        try:
            days.append(dt.date.fromisoformat(item.strip()))
        except ValueError:
            raise typer.BadParameter(f"{item.strip()!r} is not a date (YYYY-MM-DD)", param_hint="--trend") from None
    return days


def _community_id(G: nx.MultiDiGraph, wanted: str | None) -> str | None:
    """The id of the community ``wanted`` names (by id, or by its exact name); ``UnknownNode`` if none."""
    if wanted is None:
        return None
    communities = {n: str(d.get("name") or "") for n, d in G.nodes(data=True) if d.get("label") == "Community"}
    if wanted in communities:
        return wanted
    named = [n for n, name in communities.items() if name == wanted]
    if len(named) == 1:
        return named[0]
    if named:
        ids = "、".join(sorted(named))
        raise UnknownNode(_TEXTS["ambiguous_community"][0].format(id=wanted, known=ids),
                          _TEXTS["ambiguous_community"][1].format(id=wanted, known=ids))
    known = "、".join(f"{n} {name}".strip() for n, name in sorted(communities.items())[:30])
    raise UnknownNode(_TEXTS["unknown_community"][0].format(id=wanted, known=known or "—"),
                      _TEXTS["unknown_community"][1].format(id=wanted, known=known or "—"))


def _rules_source(setting: settings.RulesSetting) -> str:
    return _t("rules_file").format(path=setting.path) if setting.path else _t("rules_default")


def _headlines(report: Report) -> list[str]:
    from dashboard.report_files import format_value

    lines = []
    for group in _HEADLINES:
        parts = []
        for section_key, figure_key in group:
            try:
                f = report.section(section_key).figure(figure_key)
            except KeyError:
                continue
            parts.append(f"{f.label(lang())} {format_value(f.value, f.kind, lang())}")
        if parts:
            lines.append(("，" if lang() == "zh" else ", ").join(parts))
    return lines


@app.command()
def analyze(
    community: Annotated[str | None, typer.Option("--community", help="Only this community (id or name) 仅分析该社区（编号或名称）")] = None,
    as_of: Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="Date of the report 统计日期 (default today)")] = None,
    fmt: Annotated[ReportFormat | None, typer.Option("--format", help="xlsx | json | md (default: from --out, else xlsx)")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", help="File or folder to write 输出文件或目录 (default gongjian-report-DATE[-COMMUNITY].EXT here)")] = None,
    language: Annotated[Lang | None, typer.Option("--lang", help="Language of the report and messages 报告语言 (zh|en)")] = None,
    store_kind: StoreOpt = StoreKind.embedded,
    rules_file: RulesOpt = None,
    trend_dates: Annotated[str | None, typer.Option("--trend", help="Add a trend section over these dates 趋势日期 (DATE,DATE,…; the report date is added)")] = None,
    home: HomeOpt = None,
) -> None:
    """Coverage and resource-integration report: Excel (summary + one sheet per list), JSON or Markdown.
    生成覆盖与资源整合分析报告（Excel / JSON / Markdown）。"""
    from dataclasses import replace as replaced

    from dashboard import report_files
    from graph.analysis.report import build_report, trend, trend_section

    if language is not None:
        _state["lang"] = language.value
    days = _trend_dates(trend_dates)
    day = as_of.date() if as_of else dt.date.today()
    suffix = out_path.suffix.lower().lstrip(".") if out_path is not None and not out_path.is_dir() else ""
    if fmt is None:
        fmt = ReportFormat(suffix) if suffix in ReportFormat.__members__ else ReportFormat.xlsx
    elif suffix in ReportFormat.__members__ and suffix != fmt.value:
        # A JSON file named .xlsx opens as a broken workbook: say so instead of writing it.
        raise typer.BadParameter(f"--format {fmt.value} but the file ends in .{suffix}", param_hint="--out")
    with _errors_shown():
        setting = settings.read_rules(rules_file, home)
        store = settings.open_store(store_kind.value, home)
        try:
            version = store.data_version()
            if not version:
                raise StoreEmpty(*_TEXTS["empty_store"])
            G = store.to_networkx(as_of=day)
            community_id = _community_id(G, community)
            report = build_report(G, as_of=day, rules=setting.rules, community=community_id, data_version=version)
            del G  # one projection in memory at a time: a city's is most of the memory goal
            if days:
                table = trend(lambda d: store.to_networkx(as_of=d), dates=[*days, day],
                              rules=setting.rules, community=community_id)
                report = replaced(report, sections=[*report.sections, trend_section(table)])
        finally:
            store.close()
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in community_id or "")  # an id is not a path
        name = f"gongjian-report-{day.isoformat()}{'-' + safe if safe else ''}.{fmt.value}"
        path = (out_path / name if out_path.is_dir() else out_path) if out_path is not None else Path(name)
        split: list[str] = []
        if fmt is ReportFormat.json:
            report_files.write_json(report, path)
        elif fmt is ReportFormat.md:
            report_files.write_markdown(report, path, lang())
        else:
            layout = report_files.write_xlsx(report, path, lang())
            split = [t.title(lang()) for _, t, _ in layout.split]
    scope = community_id or _t("all")
    out.print(_t("written").format(path=path), highlight=False, soft_wrap=True, markup=False)
    out.print(_t("scope").format(as_of=day, scope=scope, version=version, rules=_rules_source(setting)),
              highlight=False, soft_wrap=True, markup=False)
    for line in _headlines(report):
        out.print(line, highlight=False, soft_wrap=True, markup=False)
    if split:
        err.print(_t("split").format(tables="、".join(split)), highlight=False, soft_wrap=True, markup=False)


rules_app = typer.Typer(help="The analysis rules and their settings file 分析规则及其设置文件 (show | init).",
                        no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("show")
def rules_show(rules_file: RulesOpt = None, home: HomeOpt = None) -> None:
    """The rules in effect, each with its value, source (file or default) and meaning. 显示当前生效的规则。"""
    from dashboard.report_files import format_value, rule_rows

    with _errors_shown():
        setting = settings.read_rules(rules_file, home)
    source = _rules_source(setting) if setting.path else _t("rules_missing").format(path=settings.rules_path(home))
    out.print(_t("rules_source").format(source=source), highlight=False, soft_wrap=True, markup=False)
    table = Table(show_lines=True)
    for key in ("rule", "value", "source", "meaning"):
        table.add_column(_t(key), overflow="fold")
    for key, label, value, kind, meaning in rule_rows(setting.rules.as_dict(), lang()):
        from_file = key.split(".")[0] in setting.from_file
        table.add_row(escape(label), escape(format_value(value, kind, lang())),
                      _t("from_file") if from_file else _t("from_default"), escape(meaning))
    out.print(table)


@rules_app.command("init")
def rules_init(
    path: Annotated[Path | None, typer.Option("--path", help="Where to write 写入位置 (default $GONGJIAN_HOME/rules.toml)")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file 覆盖已有文件")] = False,
    home: HomeOpt = None,
) -> None:
    """Write a rules file with the defaults, each explained in Chinese and English. 生成带说明的默认规则文件。"""
    with _errors_shown():
        written = settings.write_rules_file(path or settings.rules_path(home), force=force)
    out.print(_t("rules_written").format(path=written), highlight=False, soft_wrap=True, markup=False)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
