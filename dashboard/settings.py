"""Where the faces find things: the store home, the key, the sample data, the language.

Only faces read the environment; the library receives what it needs as arguments.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dashboard.neo4j_local import Connection, LocalNeo4j
from graph.analysis.rules import DEFAULT_INDEX_WEIGHTS, DEFAULT_WORK_TIES, RULE_TEXTS, Rules
from graph.embedded_store import EmbeddedStore
from graph.errors import GongjianError
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore


def _sample_root() -> Path:
    """The sample street: ``dashboard/sample/`` of an installed wheel (setup.py maps
    ``data/sample/`` there), else ``data/sample/`` of the repository this module is in."""
    here = Path(__file__).resolve().parent
    installed = here / "sample"
    return installed if installed.is_dir() else here.parent / "data" / "sample"


#: The sample street's CSV files (``data/sample/csv`` in the repository).
SAMPLE_DIR = _sample_root() / "csv"
STORE_KINDS = ("embedded", "neo4j")


def home() -> Path:
    """``$GONGJIAN_HOME``, default ``~/.gongjian``."""
    return Path(os.environ.get("GONGJIAN_HOME") or Path.home() / ".gongjian")


def default_lang() -> str:
    """``$GONGJIAN_LANG`` (``zh`` or ``en``), default ``zh``."""
    lang = os.environ.get("GONGJIAN_LANG", "zh")
    return lang if lang in ("zh", "en") else "zh"


def neo4j_connection(store_home: Path | None = None) -> Connection:
    """The Neo4j to use: ``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``,
    ``NEO4J_DATABASE``) when set — Docker, Desktop, Aura, a cluster — else the local server
    that ``gongjian neo4j start`` runs under the store home."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        return Connection(uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
                          os.environ.get("NEO4J_DATABASE", "neo4j"))
    running = LocalNeo4j(local_neo4j_root(store_home)).connection()
    if running is None:
        raise GongjianError(
            "没有可用的 Neo4j：请运行 gongjian neo4j start 启动本机服务器，或设置 NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD",
            "no Neo4j to use: run gongjian neo4j start for a local server, or set NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD",
        )
    return running


def demo_home(store_home: Path | None = None) -> Path:
    """The store home of ``gongjian demo``: ``demo/`` in the store home. The demo loads the
    sample there and never into the user's own store."""
    return (store_home or home()) / "demo"


#: The file in :func:`demo_home` naming the data version the demo loaded last.
DEMO_MARK = "demo-version"


def demo_version(demo: Path) -> str:
    """The data version ``gongjian demo`` last loaded into the store home ``demo``; ``""`` if none."""
    try:
        return (demo / DEMO_MARK).read_text(encoding="ascii").strip()
    except (FileNotFoundError, NotADirectoryError):
        return ""


def mark_demo(demo: Path, version: str) -> None:
    """Remember that the store under ``demo`` holds the sample, as data version ``version``."""
    (demo / DEMO_MARK).write_text(version + "\n", encoding="ascii")


def local_neo4j_root(store_home: Path | None = None) -> Path:
    """Where ``gongjian neo4j start`` keeps its server."""
    return (store_home or home()) / "neo4j"


def open_store(kind: str = "embedded", store_home: Path | None = None) -> GraphStore:
    """The store of ``kind``: the embedded one under ``store_home``, or Neo4j."""
    if kind == "embedded":
        return EmbeddedStore(store_home or home())
    c = neo4j_connection(store_home)
    return Neo4jStore.connect(c.uri, c.user, c.password, c.database)


# -- the rules file ---------------------------------------------------------------------------

_INT_RULE_REASON = ("应为不小于 0 的整数", "must be a whole number ≥ 0")


class RulesFileInvalid(GongjianError):
    """The rules file cannot be read, or a rule in it has a value the analyses cannot use."""

    exit_code = 1


@dataclass(frozen=True)
class RulesSetting:
    """The rules in effect and where they came from: ``path`` is ``None`` for the built-in defaults.

    ``from_file`` names the rules the file sets; the others keep their defaults."""

    rules: Rules
    path: Path | None
    from_file: frozenset[str] = frozenset()


def rules_path(store_home: Path | None = None) -> Path:
    """The default rules file: ``rules.toml`` in the store home."""
    return (store_home or home()) / "rules.toml"


def _rule_problem(name: str, value: object) -> tuple[str, str] | None:
    """Why ``name = value`` is refused (zh, en), or ``None`` when it is accepted."""
    try:
        Rules.from_mapping({name: value})
    except (ValueError, TypeError) as e:
        if name not in Rules().as_dict():
            known = ", ".join(Rules().as_dict())
            return f"未知的规则名（可用：{known}）", f"unknown rule (known: {known})"
        if name == "work_ties":
            choices = ", ".join(DEFAULT_WORK_TIES)
            return f"应为列表，取值为 {choices} 中的若干项", f"must be a list of some of {choices} ({e})"
        if name == "index_weights":
            choices = ", ".join(DEFAULT_INDEX_WEIGHTS)
            return (f"应为一个表，键为 {choices} 中的若干项，权重为不小于 0 的数且不全为 0",
                    f"must be a table of weights ≥ 0, not all 0, with keys among {choices} ({e})")
        if isinstance(Rules().as_dict()[name], int):
            return _INT_RULE_REASON
        return str(e), str(e)
    return None


def read_rules(path: Path | None = None, store_home: Path | None = None) -> RulesSetting:
    """The rules in effect: those of ``path`` (which must exist), else of the default rules file
    when there is one, else the defaults.

    A file that is not TOML, or a rule with a value the analyses cannot use, raises
    :class:`RulesFileInvalid` naming the file, the rule and the value.
    """
    explicit = path is not None
    file = path if path is not None else rules_path(store_home)
    if not file.exists():
        if explicit:
            raise RulesFileInvalid(f"规则文件 {file} 不存在", f"the rules file {file} does not exist")
        return RulesSetting(Rules(), None)
    try:
        with open(file, "rb") as f:
            values = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise RulesFileInvalid(f"规则文件 {file} 不是有效的 TOML：{e}", f"the rules file {file} is not valid TOML: {e}") from e
    except (OSError, UnicodeDecodeError) as e:
        raise RulesFileInvalid(f"无法读取规则文件 {file}：{e}", f"cannot read the rules file {file}: {e}") from e
    for name, value in values.items():
        problem = _rule_problem(name, value)
        if problem is not None:
            shown = _toml_value(value)
            raise RulesFileInvalid(f"规则文件 {file} 中 {name} = {shown} 无效：{problem[0]}",
                                   f"the rules file {file}: {name} = {shown} is not accepted: {problem[1]}")
    rules = Rules.from_mapping(values)
    if rules.branch_max_members > rules.general_branch_max_members:
        raise RulesFileInvalid(
            f"规则文件 {file} 中 branch_max_members = {rules.branch_max_members} 大于 "
            f"general_branch_max_members = {rules.general_branch_max_members}",
            f"the rules file {file}: branch_max_members = {rules.branch_max_members} is larger than "
            f"general_branch_max_members = {rules.general_branch_max_members}")
    return RulesSetting(rules, file, frozenset(values))


def _toml_value(value: object) -> str:
    """``value`` as it would be written in TOML (for messages and the file ``rules init`` writes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def rules_file_text() -> str:
    """A commented ``rules.toml`` holding the defaults, with what each rule means in Chinese and English."""
    lines = [
        "# Gongjian 共建 — 分析规则 / analysis rules",
        "# 修改数值后保存；删除某项即恢复默认值。每份报告都会列出所用的规则。",
        "# Edit a value and save; remove a line to go back to its default. Every report lists the rules it used.",
        "",
    ]
    defaults = Rules().as_dict()
    # Tables ([index_weights]) go last: every line after a table header belongs to the table.
    for name, value in sorted(defaults.items(), key=lambda item: isinstance(item[1], dict)):
        if name in RULE_TEXTS:
            zh, en, zh_long, en_long = RULE_TEXTS[name]
            lines += [f"# {zh}：{zh_long}", f"# {en}: {en_long}"]
        if isinstance(value, dict):
            lines += ["# [" + name + "] 之后的各行都属于这张表，请把它留在文件末尾。",
                      "# Every line after [" + name + "] belongs to that table: keep it at the end of the file.",
                      f"[{name}]"]
            lines += [f"{k} = {_toml_value(v)}" for k, v in value.items()]
        else:
            lines.append(f"{name} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def write_rules_file(path: Path, *, force: bool = False) -> Path:
    """Write :func:`rules_file_text` to ``path``; an existing file is kept unless ``force``."""
    if path.exists() and not force:
        raise RulesFileInvalid(f"{path} 已存在；如需覆盖请加 --force", f"{path} already exists; add --force to overwrite it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rules_file_text(), encoding="utf-8")
    except OSError as e:
        raise RulesFileInvalid(f"无法写入 {path}：{e}", f"cannot write {path}: {e}") from e
    return path
