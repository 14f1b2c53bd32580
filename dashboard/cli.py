"""The ``gongjian`` command line: argument parsing and one clear message per library error.

Exit codes: 0 success; 1 the input has problems (nothing was written); 2 wrong usage;
3 the store or the pseudonymization key cannot be read or written; 4 something asked for does not exist;
5 an analyst query was refused (not read-only) or failed.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import gc
import importlib
import io
import json
import math
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup
from typer.main import get_command

from dashboard import settings
from dashboard.neo4j_local import LocalNeo4j
from exports.csv_files import write_csv
from graph.analysis.report_model import Column, Report
from graph.cypher import NamedQuery, Param
from graph.dataset import Dataset
from graph.errors import GongjianError, QueryParamInvalid
from graph.model import Label, RelType
from graph.store import GraphStore, QueryResult
from graph.texts import MESSAGES, both, t
from loaders.dataset_reader import KnownNodes, read_dataset
from loaders.errors import InputInvalid, Problem, shown
from loaders.identity import default_key_path, load_or_create_key
from loaders.schema import TABLES

if TYPE_CHECKING:
    from loaders.synthetic import GenerationSummary

EXIT_CODES = """Exit codes / 退出码: 0 success 成功; 1 input has problems, nothing written 输入有误、未写入;
2 wrong usage 用法错误; 3 store or key error 存储或密钥错误; 4 not found 对象不存在;
5 query refused or failed 查询被拒绝或出错."""

#: How many problems ``validate`` and ``load`` print; ``--report`` holds them all.
SHOWN_PROBLEMS = 50
#: The columns of the problem list ``--report`` writes.
REPORT_COLUMNS = ("file", "sheet", "row", "column", "value", "code", "reason")
#: The most seconds ``--timeout`` accepts (a day).
MAX_TIMEOUT_S = 86_400
INT64 = (-(2**63), 2**63 - 1)

# No emoji codes: a scope such as ego:ID:2 or a roster name holding :id: is printed as written.
out = Console(emoji=False)
err = Console(stderr=True, emoji=False)
_state = {"lang": settings.default_lang()}


def lang() -> str:
    return _state["lang"]


# -- usage errors -----------------------------------------------------------------------------
#
# typer (click) parses the command line and raises its usage errors in English. Every value that
# can be wrong goes through one of the parsers below, which raise :class:`UsageMistake` with a text
# of graph.texts; the structural errors (an unknown option or command, a missing argument or
# value, extra arguments) are translated by :func:`usage_text`. :class:`Commands`, the group
# class of every typer app here, prints either in the user's language and exits with 2 — for
# the console script and for typer's CliRunner alike, since both go through ``Commands.main``.

#: typer's usage errors (click's; typer >= 0.22 carries its own copy of click): ``NoSuchOption``,
#: ``MissingParameter``, ``BadOptionUsage``, ``BadArgumentUsage``, ``NoArgsIsHelpError`` …
_click_errors: Any = importlib.import_module(typer.BadParameter.__module__)


class UsageMistake(typer.BadParameter):
    """A usage error whose text is the message ``reason`` of graph.texts, ``fields`` filled in.

    With ``value`` the text reads "NAME 的值“VALUE”无效：REASON"; the parameter is the one whose
    value was being parsed, or ``param_hint``. ``similar`` adds a "did you mean" list.
    """

    def __init__(self, reason: str, *, value: object = None, param_hint: str | None = None,
                 similar: Sequence[str] = (), ctx: Any = None, **fields: object) -> None:
        super().__init__(t(reason, "en").format(**fields), ctx=ctx, param_hint=param_hint)
        self.reason, self.value, self.similar, self.fields = reason, value, list(similar), fields

    def text(self, language: str, name: str | None = None) -> str:
        """The message in ``language``; ``name`` is the parameter when the error does not name one."""
        text = t(self.reason, language).format(**self.fields)
        if self.value is not None:
            where = self.param_hint if isinstance(self.param_hint, str) else name
            text = t("usage_value", language).format(name=where or "?", value=_shown(self.value), reason=text)
        if self.similar:
            text += t("usage_did_you_mean", language).format(names=", ".join(self.similar))
        return text


def _shown(value: object) -> str:
    """A value from the command line, safe to print on one line (control characters escaped, at most 240)."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return text if len(text) <= 240 else text[:239] + "…"


def _param_name(param: Any) -> str | None:
    """How the user writes the parameter: ``--timeout`` for an option, ``PATH`` for an argument."""
    if param is None:
        return None
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "metavar", None) or param.name).upper()
    opts = list(getattr(param, "opts", None) or []) + list(getattr(param, "secondary_opts", None) or [])
    return " / ".join(opts) if opts else str(param.name)


_EXTRA_ARGS = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)\.?")


def usage_text(e: Exception, language: str) -> str:
    """The text of the usage error ``e`` of typer/click (or ours) in ``language``, naming the parameter."""
    name = _param_name(getattr(e, "param", None))
    if name is None and isinstance(getattr(e, "param_hint", None), str):
        name = e.param_hint  # type: ignore[attr-defined]
    message = str(getattr(e, "message", "") or e)
    if isinstance(e, UsageMistake):
        return e.text(language, name)
    if isinstance(e, _click_errors.NoSuchOption):
        text = t("usage_no_such_option", language).format(name=e.option_name)
        if e.possibilities:
            text += t("usage_did_you_mean", language).format(names=", ".join(sorted(e.possibilities)))
        return text
    if isinstance(e, _click_errors.MissingParameter):
        argument = getattr(e.param, "param_type_name", e.param_type) == "argument"
        return t("usage_missing_argument" if argument else "usage_missing_option", language).format(name=name or "?")
    if isinstance(e, _click_errors.BadParameter):
        return t("usage_bad_value", language).format(name=name or "?", detail=message)
    if isinstance(e, _click_errors.BadOptionUsage):
        key = "usage_option_takes_no_value" if "does not take a value" in message else "usage_option_needs_value"
        return t(key, language).format(name=e.option_name)
    if message.rstrip(".") == "Missing command":
        ctx = getattr(e, "ctx", None)
        commands = ", ".join(ctx.command.list_commands(ctx)) if ctx is not None else ""
        return t("usage_missing_command", language).format(commands=commands)
    if found := _EXTRA_ARGS.fullmatch(message):
        return t("usage_extra_arguments", language).format(args=found["args"])
    return t("usage_other", language).format(detail=message)


def _usage_language(ctx: Any, args: Sequence[str]) -> str:
    """The language a usage error is shown in: the nearest ``--lang`` parsed, else the one in
    ``args`` (an error can come before the options are read), else ``GONGJIAN_LANG``."""
    while ctx is not None:
        value = ctx.params.get("language")
        if value is not None:
            return str(getattr(value, "value", value))
        ctx = ctx.parent
    found = settings.default_lang()
    for before, arg in zip(["", *args], args, strict=False):
        value = arg if before == "--lang" else arg.removeprefix("--lang=") if arg.startswith("--lang=") else ""
        found = value if value in ("zh", "en") else found
    return found


def _command_path(ctx: Any, args: Sequence[str]) -> str:
    """``gongjian`` and the (sub)command the error is about: from the context, else from ``args``."""
    names = []
    if ctx is not None and ctx.parent is not None:
        while ctx is not None and ctx.parent is not None:
            names.append(ctx.info_name)
            ctx = ctx.parent
        names.reverse()
    else:  # an error of the option parser comes without its context
        group: Any = get_command(app)
        for arg in args:
            command = group.get_command(None, arg) if hasattr(group, "get_command") else None
            if command is not None:
                names.append(arg)
                group = command
    return " ".join(["gongjian", *names])


def _show_usage_error(e: Exception, args: Sequence[str]) -> None:
    ctx = getattr(e, "ctx", None)
    language = _usage_language(ctx, args)
    option = getattr(e, "option_name", None)
    if option:  # the commands named before the wrong option are the ones it was given to
        args = args[:next((i for i, a in enumerate(args) if a == option or a.startswith(f"{option}=")), len(args))]
    err.print(f"[bold red]{t('usage_error', language)}[/]{escape(usage_text(e, language))}", highlight=False, soft_wrap=True)
    err.print(t("usage_help", language).format(command=_command_path(ctx, args)), highlight=False, soft_wrap=True, markup=False)


class Commands(TyperGroup):
    """typer's command group, with usage errors in the user's language and exit code 2.

    ``main`` runs typer with ``standalone_mode=False`` and shows what comes back itself;
    ``resolve_command`` names an unknown command in our words, with the commands it resembles.
    """

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            raise UsageMistake("usage_no_such_command", name=name, ctx=ctx,
                               similar=difflib.get_close_matches(name, self.list_commands(ctx)))
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except _click_errors.NoArgsIsHelpError as e:  # no arguments: the help, as typer shows it
            if not standalone_mode:
                raise
            e.show()
            sys.exit(e.exit_code)
        except _click_errors.UsageError as e:
            if not standalone_mode:
                raise
            _show_usage_error(e, argv)
            sys.exit(2)
        except _click_errors.ClickException as e:
            if not standalone_mode:
                raise
            e.show()
            sys.exit(e.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            err.print(t("aborted", _usage_language(None, argv)), highlight=False, markup=False)
            sys.exit(1)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    help="Gongjian 共建 — community party-building network analyzer 社区党建组织网络分析.\n\n" + EXIT_CODES,
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, cls=Commands,
)


# -- parsers: every value that can be wrong is checked here, before anything is read -----------

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


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ReportFormat(str, Enum):
    xlsx = "xlsx"
    json = "json"
    md = "md"


EnumT = TypeVar("EnumT", bound=Enum)
_WHOLE = re.compile(r"[+-]?[0-9]+")
_UNSIGNED_NUMBER = re.compile(r"[+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][+-]?[0-9]+)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def choice(kind: type[EnumT]) -> Callable[[object], EnumT]:
    """A parser for a value of the enum ``kind``.

    >>> choice(Scale)("city")
    <Scale.city: 'city'>
    >>> choice(Scale)("town")
    Traceback (most recent call last):
    dashboard.cli.UsageMistake: choose from street | district | city
    """
    def parse(value: object) -> EnumT:
        if isinstance(value, kind):
            return value
        try:
            return kind(value)
        except ValueError:
            names = [str(m.value) for m in kind]
            raise UsageMistake("reason_choice", value=value, choices=" | ".join(names),
                               similar=difflib.get_close_matches(str(value), names)) from None

    return parse


def _typed(value: object) -> str:
    """What was typed, with full-width digits and signs (an input method's ２０２６－０３－０１) made plain."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _whole_number(value: object, low: int = INT64[0], high: int = INT64[1], reason: str = "reason_int") -> int:
    text = _typed(value)
    if not _WHOLE.fullmatch(text):
        raise UsageMistake(reason, value=value)
    if len(text.lstrip("+-")) > 19:
        raise UsageMistake("reason_int64", value=value)
    number = int(text)
    if not INT64[0] <= number <= INT64[1]:
        raise UsageMistake("reason_int64", value=value)
    if not low <= number <= high:
        raise UsageMistake(reason, value=value)
    return number


def whole_number(value: object) -> int:
    """A whole number within 64 bits (``--seed``).

    >>> whole_number("-12")
    -12
    >>> whole_number("1.5")
    Traceback (most recent call last):
    dashboard.cli.UsageMistake: must be a whole number
    """
    return _whole_number(value)


def positive_number(value: object) -> int:
    """A whole number of at least 1 (``--limit``: 0 and negatives are refused, not "no limit").

    >>> positive_number("5")
    5
    >>> positive_number("0")
    Traceback (most recent call last):
    dashboard.cli.UsageMistake: must be a whole number greater than 0
    """
    return _whole_number(value, 1, reason="reason_positive_int")


def port_number(value: object) -> int:
    """A TCP port, 1 to 65535."""
    return _whole_number(value, 1, 65_535, reason="reason_port")


def seconds(value: object) -> float:
    """A finite number of seconds greater than 0 and at most :data:`MAX_TIMEOUT_S` (``--timeout``).

    >>> seconds("2.5"), seconds(30)
    (2.5, 30.0)
    >>> seconds("nan")
    Traceback (most recent call last):
    dashboard.cli.UsageMistake: must be a number of seconds greater than 0 and at most 86400
    """
    text = _typed(value)
    number = float(text) if _UNSIGNED_NUMBER.fullmatch(text) else math.nan
    if not (math.isfinite(number) and 0 < number <= MAX_TIMEOUT_S):
        raise UsageMistake("reason_seconds", value=value, max=MAX_TIMEOUT_S)
    return number


def iso_date(value: object) -> dt.date:
    """A date written YYYY-MM-DD that exists (``--as-of``).

    >>> iso_date("2024-02-29"), iso_date("２０２６－０３－０１")
    (datetime.date(2024, 2, 29), datetime.date(2026, 3, 1))
    >>> iso_date("2023-02-30")
    Traceback (most recent call last):
    dashboard.cli.UsageMistake: not a valid date (YYYY-MM-DD, e.g. 2026-03-01)
    """
    if isinstance(value, dt.date):
        return value
    text = _typed(value)
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise UsageMistake("reason_date", value=value)


def table_name(value: object) -> str:
    """A table of loaders.schema (``--table``)."""
    if value not in TABLES:
        raise UsageMistake("reason_choice", value=value, choices=" | ".join(TABLES),
                           similar=difflib.get_close_matches(str(value), TABLES))
    return str(value)


def output_file(value: object, example: str = "problems.csv", hint: str | None = None) -> Path:
    """A file to write: not a folder, in a folder that exists and may be written.

    >>> output_file("/nonexistent-folder/problems.csv")
    Traceback (most recent call last):
    dashboard.cli.UsageMistake: the folder /nonexistent-folder does not exist
    """
    path = Path(str(value))
    try:
        if str(value).strip() == "" or path.is_dir():
            raise UsageMistake("reason_is_folder", value=value, example=example, param_hint=hint)
        folder = path.parent
        if not folder.is_dir():
            raise UsageMistake("reason_folder_missing", value=value, folder=folder, param_hint=hint)
        if path.exists() and not stat.S_ISREG(os.stat(path).st_mode):
            raise UsageMistake("reason_not_regular", value=value, param_hint=hint)  # a device, a pipe: never replaced by a file
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise UsageMistake("reason_not_writable", value=value, param_hint=hint)
    except OSError:  # a name too long for the file system, a folder that may not be entered
        raise UsageMistake("reason_not_writable", value=value, param_hint=hint) from None
    return path


def _not_over_inputs(report: Path | None, path: Path, home: Path | None) -> None:
    """Refuse a ``--report`` that would overwrite what it reports on or what must be kept: the
    roster itself or a file of its folder, the pseudonymization key, a file of the store."""
    if report is None:
        return
    try:
        target = report.resolve()
        guarded = [path.resolve(), default_key_path().resolve(), (home or settings.home()).resolve()]
    except (OSError, RuntimeError):
        return
    if any(target == g or target.is_relative_to(g) for g in guarded if g.is_dir() or g == target):
        raise UsageMistake("reason_report_clobbers", value=report, param_hint="--report")


def report_file(value: object) -> Path:
    """The problem list of ``--report``: checked before anything is read."""
    return output_file(value, "problems.csv")


def workbook_file(value: object) -> Path:
    """The workbook ``generate --workbook`` writes."""
    return output_file(value, "sample.xlsx")


def output_folder(value: object) -> Path:
    """A folder to write into (``generate --out``): created if missing, never a file."""
    path = Path(str(value))
    if str(value).strip() == "" or (path.exists() and not path.is_dir()):
        raise UsageMistake("reason_is_file", value=value)
    return path


def report_target(value: object) -> Path:
    """``analyze --out``: a folder that exists, or a file in one."""
    path = Path(str(value))
    return path if path.is_dir() else output_file(value, "report.xlsx")


def encoding_item(value: object) -> str:
    """One ``--encoding``: ``NAME`` (every file) or ``FILE=NAME`` (the file with that name in the
    folder), ``NAME`` a text encoding Python knows; returned with the encoding's canonical name.

    >>> encoding_item("GBK"), encoding_item("成员 名册.csv=UTF8")
    ('gbk', '成员 名册.csv=utf-8')
    >>> encoding_item("base64")
    Traceback (most recent call last):
    dashboard.cli.UsageMistake: not a known text encoding (e.g. gbk, gb18030, utf-8, big5)
    """
    file, sep, name = str(value).rpartition("=")
    if sep and (not file.strip() or "/" in file or "\\" in file or file in (".", "..")):
        raise UsageMistake("reason_encoding_file", value=value)
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, UnicodeError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):  # base64, zip, rot13 … are no text encodings
        raise UsageMistake("reason_encoding", value=value)
    return f"{file}={info.name}" if sep else info.name


def encodings_mapping(items: Sequence[str]) -> dict[str, str]:
    """The ``encodings`` of :func:`loaders.dataset_reader.read_dataset` from the ``--encoding``
    items (see :func:`encoding_item`): ``""`` for every file, else the file's name. One key
    given two encodings is a usage error; a file that is not in the data is the reader's problem.

    >>> encodings_mapping(["gbk", "units.csv=utf-8", "units.csv=utf-8"])
    {'': 'gbk', 'units.csv': 'utf-8'}
    """
    mapping: dict[str, str] = {}
    for item in items:
        file, _, name = item.rpartition("=")
        if mapping.get(file, name) != name:
            raise UsageMistake("usage_encoding_twice" if file else "usage_encoding_twice_all", param_hint="--encoding",
                               file=file, a=mapping[file], b=name)
        mapping[file] = name
    return mapping


# -- shared pieces of the commands ------------------------------------------------------------

@app.callback()
def main_options(
    language: Annotated[Lang | None, typer.Option("--lang", parser=choice(Lang), metavar="zh|en",
                                                  help="Language of messages 界面语言 (zh|en); env GONGJIAN_LANG")] = None,
) -> None:
    """Gongjian 共建."""
    _state["lang"] = language.value if language else settings.default_lang()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, as it was after: the command line's
    choice for one short-lived command, never the library's.

    Building or analysing a city's graph allocates millions of objects, none of them in a
    cycle; each automatic collection walks all of them, which made the work several times
    slower. Cycles made inside the block are collected after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _errors_shown() -> Iterator[None]:
    """Turn library errors into one message and their exit code."""
    try:
        yield
    except GongjianError as e:
        err.print(f"[bold red]{t('error', lang())}[/] {escape(e.message(lang()))}", highlight=False, soft_wrap=True)
        raise typer.Exit(e.exit_code) from None
    except OSError as e:
        # A file or folder the system will not give (too long a name, no permission, …): a
        # message naming it, never a traceback; exit 3 as for the store and the key.
        where = shown(os.fsdecode(e.filename)) if e.filename is not None else ""
        err.print(f"[bold red]{t('error', lang())}[/] {escape(t('os_error', lang()).format(path=where, reason=e.strerror or e))}",
                  highlight=False, soft_wrap=True)
        raise typer.Exit(3) from None


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=err, transient=True, disable=not err.is_terminal)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(t(f"stage_{stage}", lang()) if f"stage_{stage}" in MESSAGES else stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update


def _write_report(problems: Sequence[Problem], report: Path) -> None:
    """Every problem into ``report``, whole or not at all (a half-written list is worse than
    the old one)."""
    partial = report.with_name(f".{report.name}.partial")
    try:
        write_csv((p.as_row(lang()) for p in problems), REPORT_COLUMNS, partial)
        os.replace(partial, report)
    finally:
        partial.unlink(missing_ok=True)


def _no_problems(report: Path | None) -> None:
    """A ``--report`` of a clean input holds no problem, not the list of an earlier run."""
    if report is not None:
        try:
            _write_report([], report)
        except (OSError, ValueError):
            pass


def _print_problems(e: InputInvalid, report: Path | None) -> None:
    """The first :data:`SHOWN_PROBLEMS` problems on screen, then how many more; all of them in ``report``."""
    problems: Sequence[Problem] = e.problems
    err.print(f"[bold red]{t('input_invalid', lang()).format(n=len(problems))}[/]", highlight=False, soft_wrap=True)
    for p in problems[:SHOWN_PROBLEMS]:
        err.print(f"  {p.message(lang())}", highlight=False, soft_wrap=True, markup=False)
    if len(problems) > SHOWN_PROBLEMS:
        more = t("problems_more" if report is None else "problems_more_in_report", lang())
        err.print(more.format(more=len(problems) - SHOWN_PROBLEMS, total=len(problems)),
                  highlight=False, soft_wrap=True, markup=False)
    if report is not None:
        try:
            _write_report(problems, report)
        except (OSError, ValueError) as x:
            err.print(t("report_not_written", lang()).format(path=report, reason=getattr(x, "strerror", None) or x),
                      highlight=False, soft_wrap=True, markup=False)
            return
        err.print(t("report_written", lang()).format(path=report), highlight=False, soft_wrap=True, markup=False)


def _read(path: Path, table: str | None, store: GraphStore | None, as_of: dt.date | None,
          encodings: Mapping[str, str] | None = None, earliest: dt.date | None = None) -> Dataset:
    known = store.name_index() if store is not None else KnownNodes()
    key = load_or_create_key(default_key_path())
    options: dict[str, Any] = {"encodings": encodings} if encodings else {}
    if earliest is not None:
        options["earliest"] = earliest
    with _progress() as progress:
        return read_dataset(path, key=key, table=table, known=known, effective=as_of, progress=progress, **options)


PathArg = Annotated[Path, typer.Argument(metavar="PATH", help="A folder, a workbook or one roster file 数据目录、工作簿或单个名册")]
TableOpt = Annotated[str | None, typer.Option("--table", parser=table_name, metavar="TABLE",
                                              help="Treat a single file as this table (e.g. members) 指定单个文件对应的表")]
ReportOpt = Annotated[Path | None, typer.Option("--report", parser=report_file, metavar="FILE.csv",
                                                help="Also write every problem to this CSV file 将全部问题另存为 CSV")]
EncodingOpt = Annotated[list[str] | None, typer.Option(
    "--encoding", parser=encoding_item, metavar="[FILE=]NAME",
    help="Text encoding of every file (NAME), or of one file of the folder (FILE=NAME), e.g. gbk; repeatable "
         "文件编码：全部文件（NAME）或文件夹中的某个文件（FILE=NAME），可重复")]
EarliestOpt = Annotated[dt.date | None, typer.Option(
    "--earliest", parser=iso_date, metavar="YYYY-MM-DD",
    help="Accept dates from this day on (default 1900-01-01), for historical data 接受此日期及以后的日期（默认 1900-01-01），用于历史数据")]
HomeOpt = Annotated[Path | None, typer.Option("--home", help="Store folder 存储目录 (env GONGJIAN_HOME, default ~/.gongjian)")]
StoreOpt = Annotated[StoreKind, typer.Option("--store", parser=choice(StoreKind), metavar="embedded|neo4j",
                                             help="embedded (default, no server) | neo4j")]
AsOfOpt = Annotated[dt.date | None, typer.Option("--as-of", parser=iso_date, metavar="YYYY-MM-DD",
                                                 help="Date the roster describes 名册日期 (default: none; reports then use the latest date in the data)")]
PortOpt = Annotated[int, typer.Option("--port", parser=port_number, help="TCP port 端口")]


ReplaceOpt = Annotated[bool, typer.Option("--replace", help="Replace all stored data 清空后重新载入")]


@app.command()
def validate(
    path: PathArg,
    store_kind: StoreOpt = StoreKind.embedded,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Check for a load with --replace: against nothing stored 按 --replace 载入校验（不对照已存数据）")] = False,
    table: TableOpt = None,
    as_of: AsOfOpt = None,
    report: ReportOpt = None,
    encoding: EncodingOpt = None,
    earliest: EarliestOpt = None,
    home: HomeOpt = None,
) -> None:
    """Check a dataset exactly as `gongjian load` with the same options would (the same store,
    --replace, --as-of, --table, --encoding) and report every problem; write nothing.
    按相同选项的 gongjian load 校验数据，报告全部问题，不写入。"""
    encodings = encodings_mapping(encoding or [])
    _not_over_inputs(report, path, home)
    with _errors_shown():
        store = settings.open_store(store_kind.value, home)
        try:
            dataset = _read(path, table, None if replace else store, as_of, encodings, earliest)
        except InputInvalid as e:
            _print_problems(e, report)
            raise typer.Exit(e.exit_code) from None
        _no_problems(report)
        with dataset:
            nodes, rels = dataset.counts()
        out.print(t("valid", lang()).format(nodes=sum(nodes.values()), rels=sum(rels.values())), highlight=False, soft_wrap=True)


@app.command()
def load(
    path: PathArg,
    store_kind: StoreOpt = StoreKind.embedded,
    replace: ReplaceOpt = False,
    table: TableOpt = None,
    as_of: AsOfOpt = None,
    report: ReportOpt = None,
    encoding: EncodingOpt = None,
    earliest: EarliestOpt = None,
    home: HomeOpt = None,
) -> None:
    """Validate and load a dataset into the store, all or nothing. 校验并载入（全部成功或不写入）。"""
    encodings = encodings_mapping(encoding or [])
    _not_over_inputs(report, path, home)
    with _errors_shown():
        store = settings.open_store(store_kind.value, home)
        try:
            dataset = _read(path, table, None if replace else store, as_of, encodings, earliest)
        except InputInvalid as e:
            _print_problems(e, report)
            raise typer.Exit(e.exit_code) from None
        _no_problems(report)
        with dataset, _progress() as progress:
            result = store.load(dataset, replace=replace, progress=progress)
        if not result.changed:
            out.print(t("unchanged", lang()).format(version=result.data_version), highlight=False, soft_wrap=True)
            return
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


def write_synthetic(out_dir: Path, *, scale: str = "street", seed: int = 0, with_pii: bool = False,
                    workbook: Path | None = None, gbk_tables: Sequence[str] = ("members",),
                    progress: Callable[[str, int, int], None] | None = None) -> GenerationSummary:
    """Make a synthetic dataset (:mod:`loaders.synthetic`) and write it (:mod:`exports.dataset_files`):
    one CSV per table into ``out_dir`` and, for the street scale, ``workbook``. What
    ``gongjian generate`` does; returns what was written, with the planted situations.

    Streets are written as they are made and then forgotten (the street scale's one street is
    kept for the workbook). A wrong option raises :class:`ValueError`.
    """
    from exports import dataset_files
    from loaders import synthetic  # Faker is slow to import; only here

    synthesis = synthetic.generate(scale=scale, seed=seed, with_pii=with_pii, gbk_tables=gbk_tables)  # type: ignore[arg-type]
    if workbook is not None and scale != "street":
        raise ValueError("a workbook is written for the street scale only")
    planted: dict[str, list[str]] = {key: [] for key in synthetic.PLANTED_LABELS}
    kept: list[Any] = []

    def parts() -> Iterator[dict[str, list[list[Any]]]]:
        for street in synthesis.streets(progress):
            for key, ids in street.planted.items():
                planted[key] += ids
            kept[:] = [street] if workbook is not None else []
            yield street.rows

    layouts = synthesis.layouts
    rows = dataset_files.write_csv_folder(out_dir, layouts, parts(), progress=progress, expected_parts=synthesis.n_streets)
    if workbook is not None:
        (street,) = kept
        dataset_files.write_workbook(workbook, layouts, street.rows, title=street.title,
                                     properties=synthesis.workbook_properties(street.title))
    return synthetic.GenerationSummary(out_dir=Path(out_dir), rows=rows, planted=planted, scale=scale, seed=seed,
                                       encodings=synthesis.encodings, workbook=workbook)


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Option("--out", parser=output_folder, metavar="DIR",
                                          help="Folder to write the CSV files into 输出目录")],
    scale: Annotated[Scale, typer.Option("--scale", parser=choice(Scale), metavar="street|district|city",
                                         help="street (~2k members) | district (~50k) | city (~1M)")] = Scale.street,
    seed: Annotated[int, typer.Option("--seed", parser=whole_number, help="Random seed 随机种子")] = 0,
    with_pii: Annotated[bool, typer.Option("--with-pii", help="Add synthetic ID numbers and phones (for tests) 加入合成身份证号和电话")] = False,
    workbook: Annotated[Path | None, typer.Option("--workbook", parser=workbook_file, metavar="FILE.xlsx",
                                                  help="Also write one XLSX workbook (street scale) 另存为 XLSX 工作簿")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files already there 覆盖已有文件")] = False,
) -> None:
    """Write a synthetic dataset (Faker zh_CN; no real person): one CSV per table, the members
    roster in GBK, and what it plants for the analyses to find. Files already there (a real
    roster, perhaps) are never overwritten without --force. 生成合成数据集；不覆盖已有文件，除非 --force。

    The sample street is gongjian generate --out data/sample/csv --scale street --seed 2026
    --workbook data/sample/workbook.xlsx --force."""
    from loaders.synthetic import OUTPUT_TABLES, PLANTED_LABELS

    if workbook is not None and scale is not Scale.street:
        raise UsageMistake("usage_workbook_scale", param_hint="--workbook")
    targets = [out_dir / f"{name}.csv" for name in OUTPUT_TABLES] + ([workbook] if workbook is not None else [])
    taken = [str(p) for p in targets if p.exists()]
    if taken and not force:
        with _errors_shown():
            raise GongjianError(*both("generate_would_overwrite", n=len(taken), files=", ".join(taken[:5])))
    with _errors_shown(), _progress() as progress:
        try:
            summary = write_synthetic(out_dir, scale=scale.value, seed=seed, with_pii=with_pii, workbook=workbook,
                                      progress=progress)
        except ValueError as e:
            raise GongjianError(str(e)) from e
        except OSError as e:
            raise GongjianError(*both("cannot_write", path=e.filename or out_dir, reason=e.strerror or e)) from e
    out.print(t("generated", lang()).format(rows=sum(summary.rows.values()), out=out_dir), highlight=False, soft_wrap=True)
    for table, n in summary.rows.items():
        out.print(f"  {table:15s} {n:>10,d}  {summary.encodings[table]}", highlight=False, soft_wrap=True, markup=False)
    out.print(t("generated_planted", lang()), highlight=False, soft_wrap=True, markup=False)
    for key, ids in summary.planted.items():
        shown_ids = "、".join(ids[:8]) + (" …" if len(ids) > 8 else "")
        label = PLANTED_LABELS[key][0 if lang() == "zh" else 1]
        out.print(f"  {label}: {len(ids)}  {shown_ids}", highlight=False, soft_wrap=True, markup=False)


_BARE_WORD = re.compile(r"\w+")


def _param_value(key: str, text: str) -> object:
    """A ``--param`` value of free Cypher (no declaration): a whole number, a date YYYY-MM-DD, a
    decimal number, else text, guessed from what was typed. A whole number beyond 64 bits is a
    usage error. (A named query's parameters are typed by their declaration: :func:`graph.query_library.check`.)

    >>> _param_value("k", "12"), _param_value("k", "007"), _param_value("k", "2.5")
    (12, '007', 2.5)
    >>> _param_value("k", "nan"), _param_value("d", "2026-05-01")
    ('nan', datetime.date(2026, 5, 1))
    >>> _param_value("k", "99999999999999999999")
    Traceback (most recent call last):
    dashboard.cli.UsageMistake: outside the range of whole numbers (-9223372036854775808 to 9223372036854775807)
    """
    name = f"--param {key}"
    if _WHOLE.fullmatch(text) and not re.match(r"[+-]?0[0-9]", text):
        if len(text.lstrip("+-")) > 19:  # past int64, and int() refuses 4,300 digits
            raise UsageMistake("reason_int64", value=text, param_hint=name)
        number = int(text)
        if not INT64[0] <= number <= INT64[1]:
            raise UsageMistake("reason_int64", value=text, param_hint=name)
        return number
    if _ISO_DATE.fullmatch(text):
        try:
            return iso_date(text)
        except UsageMistake:
            pass
    if _FLOAT.fullmatch(text) and math.isfinite(float(text)):
        return float(text)
    return text


def _choices(allowed: Sequence[Any], language: str) -> str:
    """The values an enum parameter accepts: code and Chinese label in Chinese; codes (and English
    labels where they differ) in English."""
    if language == "zh":
        return "、".join(f"{zh}（{code}）" for code, zh, _ in allowed)
    return ", ".join(code if code == en else f"{code} ({en})" for code, _, en in allowed)


class _ChoiceMistake(UsageMistake):
    """An enum value not accepted: the allowed values are listed in the language of the message."""

    def __init__(self, e: Any) -> None:
        super().__init__("reason_enum", value=e.value, param_hint=f"--param {e.param}", choices=_choices(e.allowed, "en"))
        self.allowed = e.allowed

    def text(self, language: str, name: str | None = None) -> str:
        self.fields["choices"] = _choices(self.allowed, language)
        return super().text(language, name)


def _usage_mistake(e: Any) -> UsageMistake:
    """A :class:`graph.errors.QueryParamInvalid` as the usage error the command line shows."""
    known = ", ".join(map(str, e.allowed)) or "—"
    hint = f"--param {e.param}"
    if e.problem == "unknown":
        key = "usage_param_unknown" if e.query else "usage_cypher_param_unknown"
        return UsageMistake(key, param_hint="--param", query=e.query, key=e.param, known=known)
    if e.problem == "missing":
        key = "usage_param_missing" if e.query else "usage_cypher_param_missing"
        return UsageMistake(key, param_hint="--param", query=e.query, key=e.param, known=known)
    if e.problem == "choice":
        return _ChoiceMistake(e)
    if e.problem == "minimum":
        return UsageMistake("reason_minimum", value=e.value, param_hint=hint, minimum=e.minimum)
    if e.problem == "maximum":
        return UsageMistake("reason_maximum", value=e.value, param_hint=hint, maximum=e.maximum)
    if e.problem == "date_minimum":
        return UsageMistake("reason_date_minimum", value=e.value, param_hint=hint, minimum=e.minimum)
    reason = {"int": "reason_int", "int64": "reason_int64", "date": "reason_date"}.get(e.problem, "reason_kv")
    return UsageMistake(reason, value=e.value, param_hint=hint)


def _query_params(items: Sequence[str], named: NamedQuery | None) -> dict[str, object]:
    """The ``--param k=v`` items: for a named query typed by its declaration (unknown names and
    values that do not fit are usage errors), for free Cypher guessed from the text."""
    from graph.query_library import check

    given: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not _BARE_WORD.fullmatch(key):
            raise UsageMistake("reason_kv", value=item, param_hint="--param")
        if key in given and given[key] != value:  # which one was meant? say so rather than guess
            raise UsageMistake("usage_param_twice", param_hint="--param", key=key, first=given[key], second=value)
        given[key] = value
    if named is None:
        return {key: _param_value(key, value) for key, value in given.items()}
    try:
        return check(named, given, complete=True)
    except QueryParamInvalid as e:
        raise _usage_mistake(e) from None


def _param_default(p: Param, rules: Any, language: str) -> str:
    if p.required:
        return t("list_required", language)
    if p.rule is not None:
        return t("list_rule", language).format(rule=p.rule, value=getattr(rules, p.rule))
    if p.name == "as_of":
        return t("list_data_date", language)
    return t("list_all", language) if p.default is None else str(p.default)


def _param_allowed(p: Param, language: str) -> str:
    from graph.query_library import allowed_values

    if p.enum is not None:
        return _choices(allowed_values(p), language)
    bounds = [f"≥ {p.minimum}" if p.minimum is not None else "", f"≤ {p.maximum}" if p.maximum is not None else ""]
    return ", ".join(b for b in bounds if b)


def _print_list(rules: Any) -> None:
    """Each named query: its question, the analysis that computes its figure, and each parameter
    with its kind, default and allowed values."""
    from graph.cypher import NAMED_QUERIES

    language = lang()
    for q in NAMED_QUERIES:
        out.print(f"{q.name}  {q.zh if language == 'zh' else q.en}", highlight=False, soft_wrap=True, markup=False)
        source = q.source or t("list_no_analysis", language)
        colon = "：" if language == "zh" else ": "
        out.print(f"    {t('list_source', language)}{colon}{source}", highlight=False, soft_wrap=True, markup=False)
        for p in q.params:
            facts = [p.kind, f"{t('list_default', language)} {_param_default(p, rules, language)}"]
            if allowed := _param_allowed(p, language):
                facts.append(f"{t('list_allowed', language)} {allowed}")
            sep = "；" if language == "zh" else "; "
            out.print(f"    --param {p.name}  ({sep.join(facts)})  {p.zh if language == 'zh' else p.en}",
                      highlight=False, soft_wrap=True, markup=False)


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(metavar="TEXT|NAME", help="Cypher (read-only) or the name of a library query 查询语句或查询名称")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="k=v, repeatable 参数")] = None,
    as_of: Annotated[dt.date | None, typer.Option("--as-of", parser=iso_date, metavar="YYYY-MM-DD",
                                                  help="Date of the figures (a named query's as_of) 统计日期")] = None,
    fmt: Annotated[Format, typer.Option("--format", parser=choice(Format), metavar="table|csv|json",
                                        help="table | csv (headers and values in the language) | json (keys and codes)")] = Format.table,
    limit: Annotated[int, typer.Option("--limit", parser=positive_number, help="Row limit 行数上限 (≥ 1)")] = 10_000,
    timeout: Annotated[float, typer.Option("--timeout", parser=seconds,
                                           help="Seconds before the query is stopped 超时秒数 (> 0)")] = 30.0,
    show_list: Annotated[bool, typer.Option("--list", help="List the named queries and their parameters 列出查询库及参数")] = False,
    store_kind: StoreOpt = StoreKind.embedded,
    rules_file: RulesOpt = None,
    home: HomeOpt = None,
) -> None:
    """Run a named query of the library (either store), or an analyst's read-only Cypher (Neo4j).
    运行查询库中的命名查询（两种存储均可），或在 Neo4j 上运行只读 Cypher。"""
    from graph.cypher import NAMED
    from graph.query_library import lookup

    if show_list:
        with _errors_shown():
            setting = settings.read_rules(rules_file, home)
        _print_list(setting.rules)
        return
    if not text or not text.strip():
        raise UsageMistake("usage_query_text", param_hint="TEXT")
    text = text.strip()
    named = NAMED.get(text)
    if named is None and _BARE_WORD.fullmatch(text):  # one word is no Cypher statement
        with _errors_shown():
            lookup(text)
    values = _query_params(param or [], named)
    if as_of is not None:
        if named is None or "as_of" in values:
            raise UsageMistake("usage_as_of_twice" if named is not None else "usage_as_of_cypher", param_hint="--as-of")
        values["as_of"] = as_of
    with _errors_shown():
        setting = settings.read_rules(rules_file, home) if named is not None else None
        store = settings.open_store(store_kind.value, home)
        try:
            if named is not None:
                result = store.run_named(text, values, rules=setting.rules if setting else None,
                                         timeout_s=timeout, limit=limit)
            else:
                try:
                    result = store.query(text, values, timeout_s=timeout, limit=limit)
                except QueryParamInvalid as e:
                    raise _usage_mistake(e) from None
        finally:
            store.close()
    _print_result(result, fmt, named)


def _cell(value: object, column: Column | None, language: str, *, percent: bool = False) -> str:
    """A value as a reader sees it: codes as their labels, lists joined, dates ISO, yes/no."""
    if column is not None:
        value = column.show(value, language)
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes" if value else "no", language)
    if isinstance(value, list):
        return ("、" if language == "zh" else ", ").join("" if v is None else str(v) for v in value)
    if percent and column is not None and column.kind == "ratio" and isinstance(value, int | float):
        from exports.report_files import format_value

        return format_value(value, "ratio", language)  # rounded as every report rounds it
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _csv_to_stdout(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> None:
    """Write a CSV to standard output as UTF-8 bytes with a BOM, whatever the console's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream: it gets the text
        write_csv(rows, columns, sys.stdout)
        return
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    try:
        write_csv(rows, columns, stream)
        stream.flush()
    finally:
        stream.detach()


def _print_result(result: QueryResult, fmt: Format, named: NamedQuery | None = None) -> None:
    """The rows: JSON keeps the keys and codes (for programs); a table and CSV are for people —
    a named query's headers and coded values in the user's language. An empty table says so."""
    language = lang()
    if fmt is Format.json:
        sys.stdout.write(json.dumps({"columns": result.columns, "rows": result.rows, "truncated": result.truncated},
                                    ensure_ascii=False, default=str, indent=1) + "\n")
    else:
        described = {c.key: c for c in named.columns} if named is not None else {}
        columns = [(key, described.get(key)) for key in result.columns]
        headers = [c.header(language) if c is not None else key for key, c in columns]
        shown = [[_cell(r.get(key), c, language, percent=fmt is Format.table) for key, c in columns] for r in result.rows]
        if fmt is Format.csv:
            _csv_to_stdout([dict(zip(headers, row, strict=True)) for row in shown], headers)
        else:
            table = Table()
            for header in headers:
                table.add_column(escape(header))
            for row in shown:
                table.add_row(*map(escape, row))
            out.print(table)
            if not result.rows:
                err.print(t("query_no_rows", language), highlight=False, soft_wrap=True)
    if result.truncated:
        err.print(t("truncated", language).format(n=len(result.rows)), highlight=False, soft_wrap=True)


neo4j_app = typer.Typer(help="A local Neo4j server from Maven Central 本机 Neo4j 服务器 (start | stop | status).",
                        no_args_is_help=True, cls=Commands)
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


def _serve(home: Path | None, port: int, address: str = "127.0.0.1") -> None:
    app_path = Path(__file__).with_name("app.py")
    env = dict(os.environ)
    if home is not None:
        env["GONGJIAN_HOME"] = str(home)
    env["GONGJIAN_LANG"] = lang()
    # dashboard.serve: Streamlit, with the pages' modules imported before the port opens.
    cmd = [sys.executable, "-m", "dashboard.serve", "run", str(app_path), "--server.headless", "true",
           "--server.port", str(port), "--server.address", address, "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none",
           # A tool for its users: no Deploy button, no developer menu, no traceback on a page.
           "--client.toolbarMode", "viewer", "--client.showErrorDetails", "none"]
    shown = "localhost" if address in ("127.0.0.1", "localhost", "::1") else address
    out.print(t("serving", lang()).format(url=f"http://{shown}:{port}"), highlight=False, soft_wrap=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the server, so that stopping `gongjian dashboard` stops Streamlit too.
    os.execve(sys.executable, cmd, env)


AddressOpt = Annotated[str, typer.Option(
    "--address", help="Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 serves the network — "
                      "the pages show party members' data) 监听地址（默认仅本机）")]


@app.command()
def dashboard(home: HomeOpt = None, port: PortOpt = 8501, address: AddressOpt = "127.0.0.1") -> None:
    """Serve the Streamlit dashboard (this machine only, unless --address says otherwise). 启动可视化看板。"""
    _serve(home, port, address)


class DemoStoreTaken(GongjianError):
    """The demo's store folder holds data the demo did not load: the demo will not replace it."""

    exit_code = 3


@app.command()
def demo(
    home: Annotated[Path | None, typer.Option(
        "--home", help="Store folder 存储目录 (env GONGJIAN_HOME, default ~/.gongjian); the demo uses HOME/demo")] = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Open the dashboard afterwards 载入后启动看板")] = True,
    port: PortOpt = 8501,
) -> None:
    """Load the synthetic sample street into the demo's own store, HOME/demo, summarise, and open
    the dashboard on it. Your data in HOME is never read or changed; analyze the sample with
    gongjian analyze --home HOME/demo. 将合成样例数据载入演示专用存储 HOME/demo（不改动 HOME 中您自己的数据），
    显示概况并在其上启动看板；分析样例请用 gongjian analyze --home HOME/demo。"""
    where = settings.demo_home(home)
    with _errors_shown():
        store = settings.open_store("embedded", where)
        held = store.data_version()
        if held and held != settings.demo_version(where):  # loaded there by hand: not the demo's to replace
            raise DemoStoreTaken(*both("demo_store_taken", store=where))
        try:
            dataset = _read(settings.SAMPLE_DIR, None, None, dt.date(2026, 11, 1))
        except InputInvalid as e:
            _print_problems(e, None)
            raise typer.Exit(e.exit_code) from None
        with dataset, _progress() as progress:
            result = store.load(dataset, replace=True, progress=progress)
        settings.mark_demo(where, result.data_version)
        out.print(t("demo_loaded", lang()).format(path=settings.SAMPLE_DIR, store=where, home=home or settings.home()),
                  highlight=False, soft_wrap=True, markup=False)
        _print_info(store)
        out.print(t("demo_next", lang()).format(store=where), highlight=False, soft_wrap=True, markup=False)
    if serve:
        _serve(where, port)


# -- reports and rules ------------------------------------------------------------------------

def _t(key: str) -> str:
    return t(key, lang())


RulesOpt = Annotated[Path | None, typer.Option(
    "--rules", help="Rules file 规则文件 (TOML; default $GONGJIAN_HOME/rules.toml, else the built-in defaults)")]


def _trend_dates(text: str | None) -> list[dt.date]:
    days: list[dt.date] = []
    for item in (text or "").replace("，", ",").split(","):
        if not item.strip():
            continue
        try:
            days.append(iso_date(item.strip()))
        except UsageMistake:
            raise UsageMistake("reason_date", value=item.strip(), param_hint="--trend") from None
    return days


def _rules_source(setting: settings.RulesSetting) -> str:
    return _t("rules_file").format(path=setting.path) if setting.path else _t("rules_default")


def _headlines(report: Report) -> list[str]:
    """The library's headline figures (:func:`graph.reporting.headline`), one line per group."""
    from exports.report_files import format_value
    from graph.reporting import headline

    sep = "，" if lang() == "zh" else ", "
    return [sep.join(f"{f.label(lang())} {format_value(f.value, f.kind, lang())}" for f in line)
            for line in headline(report)]


@app.command()
def analyze(
    community: Annotated[str | None, typer.Option("--community", help="Only this community (id or name) 仅分析该社区（编号或名称）")] = None,
    as_of: Annotated[dt.date | None, typer.Option("--as-of", parser=iso_date, metavar="YYYY-MM-DD",
                                                  help="Date of the report 统计日期 (default: the data's own date — the load's --as-of, else the latest date in the data)")] = None,
    fmt: Annotated[ReportFormat | None, typer.Option("--format", parser=choice(ReportFormat), metavar="xlsx|json|md",
                                                     help="xlsx | json | md (default: from --out, else xlsx)")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", parser=report_target, metavar="FILE|DIR", help="File or folder to write 输出文件或目录 (default gongjian-report-DATE[-COMMUNITY].EXT here)")] = None,
    language: Annotated[Lang | None, typer.Option("--lang", parser=choice(Lang), metavar="zh|en",
                                                  help="Language of the report and messages 报告语言 (zh|en)")] = None,
    store_kind: StoreOpt = StoreKind.embedded,
    rules_file: RulesOpt = None,
    trend_dates: Annotated[str | None, typer.Option("--trend", help="Add a trend section over these dates 趋势日期 (DATE,DATE,…; the report date is added)")] = None,
    home: HomeOpt = None,
) -> None:
    """Coverage and resource-integration report: Excel (summary + one sheet per list), JSON or Markdown.
    生成覆盖与资源整合分析报告（Excel / JSON / Markdown）。"""
    from exports import report_files
    from graph.reporting import StoreEmpty, report_for_store

    if language is not None:
        _state["lang"] = language.value
    days = _trend_dates(trend_dates)
    suffix = out_path.suffix.lower().lstrip(".") if out_path is not None and not out_path.is_dir() else ""
    if fmt is None:
        fmt = ReportFormat(suffix) if suffix in ReportFormat.__members__ else ReportFormat.xlsx
    elif suffix in ReportFormat.__members__ and suffix != fmt.value:
        # A JSON file named .xlsx opens as a broken workbook: say so instead of writing it.
        raise UsageMistake("usage_format_suffix", param_hint="--out", fmt=fmt.value, suffix=suffix)
    with _errors_shown():
        setting = settings.read_rules(rules_file, home)
        store = settings.open_store(store_kind.value, home)
        try:
            if not store.data_version():
                raise StoreEmpty(*both("analyze_empty_store_demo", demo=settings.demo_home(home)))
            with gc_paused():
                report = report_for_store(store, as_of=as_of, rules=setting.rules, community=community,
                                          trend_dates=days)
        finally:
            store.close()
        day, community_id, version = report.as_of, report.community, report.data_version
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in community_id or "")  # an id is not a path
        name = f"gongjian-report-{day}{'-' + safe if safe else ''}.{fmt.value}"
        path = (out_path / name if out_path.is_dir() else out_path) if out_path is not None else Path(name)
        split: list[str] = []
        if fmt is ReportFormat.json:
            report_files.write_json(report, path)
        elif fmt is ReportFormat.md:
            report_files.write_markdown(report, path, lang())
        else:
            layout = report_files.write_xlsx(report, path, lang())
            split = [table.title(lang()) for _, table, _ in layout.split]
    scope = community_id or _t("all_communities")
    out.print(_t("report_file_written").format(path=path), highlight=False, soft_wrap=True, markup=False)
    out.print(_t("report_scope").format(as_of=day, scope=scope, version=version, rules=_rules_source(setting)),
              highlight=False, soft_wrap=True, markup=False)
    for line in _headlines(report):
        out.print(line, highlight=False, soft_wrap=True, markup=False)
    if split:
        err.print(_t("report_split").format(tables=("、" if lang() == "zh" else ", ").join(split)), highlight=False, soft_wrap=True, markup=False)


export_app = typer.Typer(help="Network maps and data files 网络图与数据导出 (map | data).",
                         no_args_is_help=True, cls=Commands)
app.add_typer(export_app, name="export")


class MapKind(str, Enum):
    co_building = "co_building"
    coverage = "coverage"
    participation = "participation"
    lists = "lists"


class MapFormat(str, Enum):
    html = "html"
    png = "png"
    svg = "svg"
    pdf = "pdf"


class DataFormat(str, Enum):
    gexf = "gexf"
    graphml = "graphml"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class Paper(str, Enum):
    A4 = "A4"
    A3 = "A3"


KindOpt = Annotated[MapKind, typer.Option("--kind", parser=choice(MapKind), metavar="co_building|coverage|participation|lists",
                                          help="Which map 图的类型: co_building 共建网络 | coverage 覆盖 | participation 党员参与 | lists 三张清单")]
ScopeOpt = Annotated[str, typer.Option("--scope", metavar="all|community:ID|street:[DISTRICT/]NAME|district:NAME|ego:ID:DEPTH",
                                       help="Which part 范围 (default all)")]
MaxNodesOpt = Annotated[int, typer.Option("--max-nodes", parser=positive_number,
                                          help="Above this many nodes the map is aggregated by community 超过该节点数时按社区汇总")]
FullNamesOpt = Annotated[bool, typer.Option("--full-names", help="Show members' names in full (default masked: 张*三) 显示党员全名")]


def _export_target(out_path: Path | None, default: str, suffix: str) -> Path:
    """``--out`` as a file (a folder gets the default name inside); the suffix must fit the format."""
    if out_path is None:
        return Path(default)
    if out_path.is_dir():
        return out_path / default
    given = out_path.suffix.lower().lstrip(".")
    if given and given != suffix:
        raise UsageMistake("usage_format_suffix", param_hint="--out", fmt=suffix, suffix=given)
    return out_path


def _check_out(out_path: Path | None, suffix: str, *, folder_ok: bool = False) -> None:
    """Refuse a ``--out`` that cannot be written before anything is computed or stored."""
    if out_path is None or out_path.is_dir():
        return
    _export_target(out_path, "", suffix)
    if not (folder_ok and not out_path.suffix):
        output_file(out_path, f"map.{suffix}", hint="--out")
    elif not out_path.parent.is_dir():
        raise UsageMistake("reason_folder_missing", value=out_path, folder=out_path.parent, param_hint="--out")


def _format_of(out_path: Path | None, choices: Any, default: Any) -> Any:
    """The format ``--out``'s suffix names (a file, not a folder), else ``default``."""
    suffix = out_path.suffix.lower().lstrip(".") if out_path is not None and not out_path.is_dir() else ""
    return choices(suffix) if suffix in choices.__members__ else default


def _map_model(store_kind: StoreKind, home: Path | None, rules_file: Path | None, **options: Any) -> Any:
    from graph.reporting import StoreEmpty, map_for_store

    setting = settings.read_rules(rules_file, home)
    store = settings.open_store(store_kind.value, home)
    try:
        if not store.data_version():
            raise StoreEmpty(*both("analyze_empty_store_demo", demo=settings.demo_home(home)))
        return map_for_store(store, rules=setting.rules, **options)
    finally:
        store.close()


def _map_name(model: Any, what: str, ext: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in model.scope)  # a scope is not a path
    return f"gongjian-{what}-{model.kind}-{safe}-{model.as_of}.{ext}"


def _print_map_written(model: Any, paths: Sequence[Path]) -> None:
    from graph.maps.text import map_subtitle, map_title

    for path in paths:
        out.print(_t("map_written").format(path=path), highlight=False, soft_wrap=True, markup=False)
    out.print(f"{map_title(model, lang())} — {map_subtitle(model, lang())}", highlight=False, soft_wrap=True, markup=False)


@export_app.command("map")
def export_map(
    kind: KindOpt = MapKind.co_building,
    scope: ScopeOpt = "all",
    as_of: Annotated[dt.date | None, typer.Option("--as-of", parser=iso_date, metavar="YYYY-MM-DD",
                                                  help="Date of the map 日期 (default: the data's own date)")] = None,
    fmt: Annotated[MapFormat | None, typer.Option("--format", parser=choice(MapFormat), metavar="html|png|svg|pdf",
                                                  help="html (interactive, offline) | png | svg | pdf (default: from --out, else html)")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", metavar="FILE|DIR", help="File or folder to write 输出文件或目录")] = None,
    language: Annotated[Lang | None, typer.Option("--lang", parser=choice(Lang), metavar="zh|en", help="Language 语言")] = None,
    full_names: FullNamesOpt = False,
    paper: Annotated[Paper, typer.Option("--paper", parser=choice(Paper), metavar="A4|A3", help="PDF/PNG/SVG page size 纸张 (default A4)")] = Paper.A4,
    max_nodes: MaxNodesOpt = 2000,
    store_kind: StoreOpt = StoreKind.embedded,
    rules_file: RulesOpt = None,
    home: HomeOpt = None,
) -> None:
    """A network map: interactive HTML that works offline, or a print-ready PNG/SVG/PDF with a legend.
    导出网络图：离线可用的交互式 HTML，或带图例的 PNG/SVG/PDF。"""
    if language is not None:
        _state["lang"] = language.value
    if fmt is None:
        fmt = _format_of(out_path, MapFormat, MapFormat.html)
    with _errors_shown():
        _check_out(out_path, fmt.value)
        model = _map_model(store_kind, home, rules_file, kind=kind.value, scope=scope, as_of=as_of,
                           full_names=full_names, max_nodes=max_nodes)
        path = output_file(_export_target(out_path, _map_name(model, "map", fmt.value), fmt.value),
                           f"map.{fmt.value}", hint="--out")
        if fmt is MapFormat.html:
            from exports.map_html import write_html

            written = [write_html(model, path, lang())]
        else:
            from exports.map_static import write_static

            written = [write_static(model, path, fmt.value, lang(), paper.value)]
    _print_map_written(model, written)


@export_app.command("data")
def export_data(
    fmt: Annotated[DataFormat | None, typer.Option("--format", parser=choice(DataFormat), metavar="gexf|graphml|json|csv|xlsx",
                                                   help="gexf | graphml (Gephi) | json (node-link) | csv (nodes + edges) | xlsx (default: from --out, else gexf)")] = None,
    scope: ScopeOpt = "all",
    kind: KindOpt = MapKind.co_building,
    as_of: Annotated[dt.date | None, typer.Option("--as-of", parser=iso_date, metavar="YYYY-MM-DD",
                                                  help="Date 日期 (default: the data's own date)")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", metavar="FILE|DIR", help="File (csv: FILE.csv or a folder) 输出文件或目录")] = None,
    language: Annotated[Lang | None, typer.Option("--lang", parser=choice(Lang), metavar="zh|en", help="Language of headers 表头语言")] = None,
    full_names: FullNamesOpt = False,
    max_nodes: MaxNodesOpt = 1_000_000,
    store_kind: StoreOpt = StoreKind.embedded,
    rules_file: RulesOpt = None,
    home: HomeOpt = None,
) -> None:
    """The network as data: GEXF and GraphML for Gephi (typed attributes, measures, dates for the
    timeline), node-link JSON, CSV or Excel node and edge tables.
    导出网络数据：GEXF/GraphML（Gephi）、JSON、CSV 或 Excel 节点表与关系表。"""
    if language is not None:
        _state["lang"] = language.value
    if fmt is None:
        fmt = _format_of(out_path, DataFormat, DataFormat.gexf)
    with _errors_shown():
        from exports.map_data import write_data
        from graph.maps.build import MAX_NODES

        _check_out(out_path, fmt.value, folder_ok=fmt is DataFormat.csv)
        # Gephi lays a network out itself: positions only for a map small enough to draw (a
        # district's full network would take minutes to lay out here).
        model = _map_model(store_kind, home, rules_file, kind=kind.value, scope=scope, as_of=as_of,
                           full_names=full_names, max_nodes=max_nodes, layout_up_to=MAX_NODES)
        target = _export_target(out_path, _map_name(model, "data", fmt.value), fmt.value)
        if not (fmt is DataFormat.csv and target.is_dir()):
            target = output_file(target, f"network.{fmt.value}", hint="--out")
        written = write_data(model, target, fmt.value, lang())
    _print_map_written(model, written)


rules_app = typer.Typer(help="The analysis rules and their settings file 分析规则及其设置文件 (show | init).",
                        no_args_is_help=True, cls=Commands)
app.add_typer(rules_app, name="rules")


@rules_app.command("show")
def rules_show(rules_file: RulesOpt = None, home: HomeOpt = None) -> None:
    """The rules in effect, each with its value, source (file or default) and meaning. 显示当前生效的规则。"""
    from exports.report_files import format_value, rule_rows

    with _errors_shown():
        setting = settings.read_rules(rules_file, home)
    source = _rules_source(setting) if setting.path else _t("rules_missing").format(path=settings.rules_path(home))
    out.print(_t("rules_source").format(source=source), highlight=False, soft_wrap=True, markup=False)
    table = Table(show_lines=True)
    for key in ("rule", "value", "source", "meaning"):
        table.add_column(_t(f"rules_col_{key}"), overflow="fold")
    for key, label, value, kind, meaning in rule_rows(setting.rules.as_dict(), lang()):
        from_file = key.split(".")[0] in setting.from_file
        table.add_row(escape(label), escape(format_value(value, kind, lang())),
                      _t("rules_from_file") if from_file else _t("rules_from_default"), escape(meaning))
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
    """Console-script entry point: :meth:`Commands.main` runs typer with ``standalone_mode=False``
    and turns what comes back into a message and an exit code."""
    app()


if __name__ == "__main__":
    main()
