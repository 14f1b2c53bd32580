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

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dashboard import settings
from dashboard.messages import t
from dashboard.neo4j_local import LocalNeo4j
from graph.dataset import Dataset
from graph.errors import GongjianError
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
        with _progress() as progress:
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
        with _progress() as progress:
            store.load(dataset, replace=True, progress=progress)
        out.print(t("demo_loaded", lang()).format(path=settings.SAMPLE_DIR), highlight=False, soft_wrap=True)
        _print_info(store)
    if serve:
        _serve(home, port)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
