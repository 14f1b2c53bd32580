"""The input-format reference (``docs/data-format.md``), rendered from the schema.

Tables, columns, accepted headers, kinds, enum values and error reasons all come from
:mod:`loaders.schema`, :mod:`graph.model` and :mod:`loaders.errors`, so the document cannot
drift from what the loader accepts. Regenerate it with::

    .venv/bin/python -m loaders.format_doc > docs/data-format.md

Examples
--------
>>> doc = render()
>>> "## 党员 · party members (`members`)" in doc
True
>>> "| `id_number` | 公民身份号码 / 身份证号 / 身份证号码 / 身份证 / id_number |" in doc
True
>>> from loaders.schema import TABLES
>>> kind_text(TABLES["co_building"].column("partner"))
'引用 reference → 单位 Unit / 党组织 PartyOrg'
>>> from graph.model import Gender
>>> enum_text(Gender)
'男 (male)，别名 aliases: m<br>女 (female)，别名 aliases: f'
>>> placeholderless("不是有效的{kind}；可选：{allowed}")
'不是有效的…；可选：…'
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterable

from graph.model import ENDPOINTS, BilingualEnum, Label, RelType
from loaders.errors import REASONS
from loaders.identity import KEY_BYTES
from loaders.personal import REDACTED
from loaders.reading import (
    EXCEL_SUFFIXES,
    HEADER_SCAN_ROWS,
    MAX_COLUMNS,
    MAX_TEXT_BYTES,
    MAX_WORKBOOK_BYTES,
    NOTE_WORDS,
    TEXT_SUFFIXES,
    TOTALS_WORDS,
)
from loaders.schema import TABLE_LIST, Column, ColumnKind, Table
from loaders.values import parse_dates
from loaders.workbook_check import MAX_CELLS, MAX_UNPACKED

REGENERATE = ".venv/bin/python -m loaders.format_doc > docs/data-format.md"

#: table name → (Chinese, English) sentence on what the table writes into the graph.
CREATES: dict[str, tuple[str, str]] = {
    "communities": (
        "每行一个 `Community`（社区）节点；「相邻社区」只作为节点属性保存。",
        "One `Community` node per row; adjacent communities are kept as a property of the node.",
    ),
    "units": (
        "每行一个 `Unit`（单位）节点；填了「所在社区」时另建 `LOCATED_IN`（单位 → 社区）。",
        "One `Unit` node per row, plus `LOCATED_IN` (unit → community) when the community is given.",
    ),
    "party_orgs": (
        "每行一个 `PartyOrg`（党组织）节点，以及 `LOCATED_IN`（→ 社区）、`SUBORDINATE_TO`（→ 上级党组织）、"
        "`ESTABLISHED_IN`（→ 单独组建所在单位）。",
        "One `PartyOrg` node per row, with `LOCATED_IN` (→ community), `SUBORDINATE_TO` (→ parent "
        "organization) and `ESTABLISHED_IN` (→ the unit whose own organization it is).",
    ),
    "members": (
        "每行一个 `Member`（党员）节点，以及 `MEMBER_OF`（→ 党组织，自「转入时间」起）、`WORKS_AT`（→ 工作单位，"
        "仅当该单位在数据中）、`RESIDES_IN`（→ 居住社区）。",
        "One `Member` node per row, with `MEMBER_OF` (→ party organization, starting at the transfer date), "
        "`WORKS_AT` (→ employer, only when the unit is in the data) and `RESIDES_IN` (→ community of residence).",
    ),
    "joint_coverage": (
        "每行一条 `COVERS`（联合党支部 → 被覆盖单位）。",
        "One `COVERS` relationship (joint branch → unit covered) per row.",
    ),
    "reports": (
        "每行一条 `REPORTED_TO`（党员或党组织 → 社区，即双报到）；「报到党员」（或其身份证号）与「报到党组织」"
        "须填且只填一项。",
        "One `REPORTED_TO` relationship (member or organization → community) per row; give exactly one of "
        "the member (or the member's ID number) and the organization.",
    ),
    "co_building": (
        "每行一条 `CO_BUILDS`（党组织 → 共建单位或党组织），共建类型存为关系属性。",
        "One `CO_BUILDS` relationship (party organization → partner unit or organization) per row; the "
        "kind of agreement is kept on the relationship.",
    ),
    "resources": (
        "每行一个 `Resource`（资源）节点，以及 `OFFERS`（提供单位 → 资源）和 `SHARED_WITH`（资源 → 开放社区）。",
        "One `Resource` node per row, with `OFFERS` (unit → resource) and `SHARED_WITH` "
        "(resource → each community it is opened to).",
    ),
    "needs": (
        "每行一个 `Need`（需求）节点，以及 `RAISED_IN`（需求 → 提出社区）。",
        "One `Need` node per row, with `RAISED_IN` (need → community raising it).",
    ),
    "activities": (
        "每行一个 `Activity`（活动/项目）节点，以及 `ORGANIZED`（组织单位/党组织 → 活动）、"
        "`ADDRESSES`（活动 → 需求）、`USES`（活动 → 资源）。",
        "One `Activity` node per row, with `ORGANIZED` (organizing unit or organization → activity), "
        "`ADDRESSES` (activity → need) and `USES` (activity → resource).",
    ),
    "participation": (
        "每行一条 `PARTICIPATED_IN`（党员 → 活动），服务时长存为关系属性；党员用编号、姓名或身份证号指明。",
        "One `PARTICIPATED_IN` relationship (member → activity) per row, carrying the volunteer hours; "
        "the member is given by id, name or ID number.",
    ),
    "pairings": (
        "每行一条 `PAIRED_WITH`（党员或党组织 → 单位、党组织或社区），角色存为关系属性；党员（或其身份证号）"
        "与党组织须填且只填一项。",
        "One `PAIRED_WITH` relationship (member or organization → unit, organization or community) per row, "
        "carrying the role; give exactly one of the member (or ID number) and the organization.",
    ),
    "seats": (
        "每行一条 `SITS_ON`（成员单位 → 社区），席位存为关系属性。",
        "One `SITS_ON` relationship (unit → community) per row, carrying the seat.",
    ),
    "nodes": (
        "每行一个节点，标签取自「标签」列（默认 `Node`）；见下文“通用节点/边格式”。",
        "One node per row, labelled by the label column (default `Node`); see “Generic nodes and edges” below.",
    ),
    "edges": (
        "每行一条关系，类型取自「关系类型」列（默认 `LINKED_TO`），起点和终点须为已有节点；见下文。",
        "One relationship per row, of the type in the type column (default `LINKED_TO`) between existing "
        "nodes; see below.",
    ),
}

_KINDS: dict[ColumnKind, str] = {
    "text": "文本 text",
    "int": "整数 integer",
    "float": "数字 number",
    "date": "日期 date",
    "enum": "枚举 enum",
    "list": "列表 list",
    "ref": "引用 reference",
    "refs": "引用列表 list of references",
    "id_number": "身份证号 ID number",
    "phone": "电话 phone",
}

_ANY = "任意 any"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _labels(labels: Iterable[Label]) -> str:
    labels = list(labels)
    if set(labels) == set(Label):
        return _ANY
    return " / ".join(f"{lab.zh} {lab.value}" for lab in labels)


def kind_text(col: Column) -> str:
    """The column's kind in Chinese and English; for references, the labels they name."""
    text = _KINDS[col.kind]
    if col.kind in ("ref", "refs"):
        text += " → " + _labels(col.targets)
    return text


def enum_text(enum: type[BilingualEnum]) -> str:
    """Every allowed value as ``中文 (code)`` with its other accepted spellings."""
    items = []
    for member in enum:
        seen = {member.value.lower(), member.zh.lower()}
        aliases = []
        for alias in (member.en, *member.aliases):
            if alias.lower() not in seen:
                seen.add(alias.lower())
                aliases.append(alias)
        text = f"{member.zh} ({member.value})"
        if aliases:
            text += "，别名 aliases: " + " / ".join(aliases)
        items.append(text)
    return "<br>".join(items)


def placeholderless(text: str) -> str:
    """A reason with its ``{…}`` placeholders shown as ``…``."""
    return re.sub(r"\{[^{}]*\}", "…", text)


def _table_section(table: Table) -> list[str]:
    zh, en = CREATES[table.name]
    out = [
        f"## {table.zh} · {table.en or table.name} (`{table.name}`)",
        "",
        "文件名或工作表名 File or sheet names: " + " / ".join(f"`{n}`" for n in table.file_names),
        "",
        zh,
        "",
        en,
        "",
        "| 列 column | 表头（可用别名）accepted headers | 类型 kind | 必填 required | 说明 description | 可选值 allowed values |",
        "|---|---|---|---|---|---|",
    ]
    for col in table.columns:
        desc = " / ".join(t for t in (col.zh, col.en) if t)
        allowed = enum_text(col.enum) if col.enum is not None else ""
        row = (
            f"`{col.name}`",
            " / ".join(col.headers),
            kind_text(col),
            "是 yes" if col.required else "否 no",
            desc,
            allowed,
        )
        out.append("| " + " | ".join(_cell(c) for c in row) + " |")
    out.append("")
    return out


def _date_forms() -> tuple[list[str], str]:
    """The date forms listed in :func:`loaders.values.parse_dates`, and its note in English."""
    doc = inspect.getdoc(parse_dates) or ""
    text = " ".join(doc.split())
    accepted = text.split("Accepted:", 1)[1]
    forms = re.findall(r"``(.+?)``", accepted.split("Excel serial", 1)[0])
    return forms, accepted.replace("``", "`").strip()


def _prose() -> list[str]:
    forms, date_note_en = _date_forms()
    forms_zh = "、".join(f"`{f}`" for f in forms)
    suffixes = " ".join(f"`{s}`" for s in sorted(TEXT_SUFFIXES | EXCEL_SUFFIXES))
    totals = "、".join(TOTALS_WORDS)
    notes = "、".join(f"{w}：" for w in NOTE_WORDS)
    return [
        "## 数据集 · What a dataset is",
        "",
        f"数据集可以是：(1) 一个文件夹，内含按表命名的 CSV 或 Excel 文件（如 `党员名册.xlsx`、`units.csv`，可用的文件名见下文各表）；"
        f"(2) 一个 Excel 工作簿，每张表一个工作表，工作表按表命名；(3) 单独一份名册，用 `--table members` 指定表，"
        f"或由表头自动识别是哪张表。可读取的文件类型：{suffixes}；以 `~$` 或 `.` 开头的临时文件被忽略。"
        "文件名或工作表名无法判断时，按表头与各表列名的匹配程度识别。",
        "",
        "A dataset is (1) a folder of CSV or Excel files named by table (e.g. `党员名册.xlsx`, `units.csv`; the "
        "accepted names are listed with each table below); (2) one Excel workbook with a sheet per table, each "
        "sheet named by its table; or (3) a single roster, named with `--table members` or recognised from its "
        f"headers. File types read: {suffixes}; temporary files starting with `~$` or `.` are ignored. When "
        "neither the file nor the sheet name tells the table, the headers decide.",
        "",
        "## 编码 · Encodings",
        "",
        "CSV 文件可以是 UTF-8、带 BOM 的 UTF-8、UTF-16（Excel 的“Unicode 文本”）或 GBK/GB18030（Excel 在中文 Windows 上"
        "“另存为 CSV”的默认编码），程序自动识别。许多编码的字节恰好也是合法的 GB18030，所以“能解码”不算数：按 GB18030 "
        "解码后若出现可疑文字（某一行其实是 UTF-8、私用区或控制字符、生僻字紧贴拉丁字母如“豮land”、生僻字比例过高），"
        "就拒绝该文件并指出第一处可疑的行，而不是载入乱码。Big5、Latin-1、cp1252 等其他编码请用 `--encoding 编码名` 指定"
        "（对文件夹中的单个文件：`--encoding 文件名=编码名`）。以制表符分隔的文件也能识别。",
        "",
        "CSV files may be UTF-8, UTF-8 with BOM, UTF-16 (Excel's “Unicode text”) or GBK/GB18030 (what Excel on "
        "Chinese Windows writes for “Save as CSV”); the encoding is recognised automatically. The bytes of many "
        "encodings are also valid GB18030, so decoding is not enough: a file whose GB18030 reading looks wrong (a "
        "line that is really UTF-8, private-use or control characters, a rare character glued to Latin letters "
        "as in “豮land”, too many rare characters) is refused at its first doubtful row instead of being loaded "
        "as mojibake. Name any other encoding (Big5, Latin-1, cp1252 …) with `--encoding NAME`, or "
        "`--encoding FILE=NAME` for one file of a folder. Tab-separated files are recognised too.",
        "",
        "## 不读取的文件 · Files that are refused",
        "",
        f"设备、管道、套接字，以及指向数据文件夹之外的符号链接，不读取。文本文件最大 {MAX_TEXT_BYTES >> 20} MB，"
        f"工作簿文件最大 {MAX_WORKBOOK_BYTES >> 20} MB、解压后最多 {MAX_UNPACKED >> 20} MB，每张工作表从 A1 "
        f"到最远单元格最多 {MAX_CELLS:,} 个单元格（远处一个多余的单元格也会使范围变大），每行最多 {MAX_COLUMNS} 列。"
        "引号未闭合、表头之外还有内容、单元格内换行（列表列除外）或内容过长的行，以及没有保存计算结果的公式，都作为问题报告。",
        "",
        "Devices, pipes, sockets and symbolic links that leave the data folder are not read. A text file holds "
        f"at most {MAX_TEXT_BYTES >> 20} MB; a workbook at most {MAX_WORKBOOK_BYTES >> 20} MB, unpacking to at most "
        f"{MAX_UNPACKED >> 20} MB, each sheet spanning at most {MAX_CELLS:,} cells from A1 to its farthest cell "
        f"(one stray far-away cell makes the range large); a row has at most {MAX_COLUMNS} columns. A quote that "
        "never closes, a value beyond the header, a line break inside a cell (but for list columns), an "
        "overlong cell and a formula saved without its value are reported as problems.",
        "",
        "## Excel 表格 · Excel specifics",
        "",
        f"- 表头上方的标题行（如“××社区党员花名册”）会被跳过：程序在前 {HEADER_SCAN_ROWS} 行中寻找表头行。",
        "- 合并单元格按其左上角单元格的值填充到整个合并区域。",
        "- 空行跳过。",
        f"- 首格仅为 {totals}（可带数目，如“合计：35人”）的合计行，以及以 {notes} 开头的备注行，标志表格结束；"
        "其下若还有数据行，会作为问题报告，不会被读入。",
        "- 错误报告中的行号就是在 Excel 中看到的行号（从 1 开始，包括标题行和表头行）。",
        "",
        f"- Title rows above the header (such as “××社区党员花名册”) are skipped: the header row is looked for "
        f"in the first {HEADER_SCAN_ROWS} rows.",
        "- Merged cells are filled with the value of their top-left cell over the whole merged range.",
        "- Blank rows are skipped.",
        f"- A totals row (a first cell that is just one of {totals}, maybe with a count) and notes at the bottom "
        f"(starting with {notes}) end the table; a data row found below them is reported, not read.",
        "- Row numbers in error reports are the ones seen in Excel (1-based, counting title and header rows).",
        "",
        "## 日期 · Dates",
        "",
        f"可用的日期写法：{forms_zh}，以及 Excel 日期序列号和日期格式的单元格。只写年月的（如 `1985.03`、`1985年3月`）"
        "取该月 1 日，只写年份的取 1 月 1 日；日期须在 1900 年至明年之间。注意：Excel 数字单元格按其显示读取，"
        "`1985.3` 为 3 月，`1985.1` 为 1 月；但在数字单元格中输入的 `1985.10` 也会被 Excel 显示为 `1985.1`，"
        "因此日期列请先设为文本格式。",
        "",
        f"Accepted: {date_note_en} A year and month alone (`1985.03`, `1985年3月`) means the first of the "
        "month, a year alone the first of January; dates must lie between 1900 and next year.",
        "",
        "## 文字与列表 · Text and lists",
        "",
        "全角字符（如 `ＡＢＣ１２３`、全角空格）转为半角，单元格首尾空格去掉，中间连续空格合并为一个；表头同样处理，"
        "并忽略表头中的空格、`*` 必填标记和末尾括号中的单位（如 `人数(人)`）。列表和多项引用的单元格用 "
        "`、` `,` `，` `;` `；` 或换行分隔。文本单元格中形似身份证号或手机号的内容（无论前后是否紧贴字母，如 "
        f"`tel13812345678`）替换为“{REDACTED}”，不会入库；编号、数字和引用列中出现身份证号或手机号则报告为问题"
        "（单位的统一社会信用代码按其校验位识别，不会被误认）。错误信息中的号码只显示前 4 位和后 2 位。",
        "",
        "Full-width characters (`ＡＢＣ１２３`, the ideographic space) become half-width, cells are stripped and "
        "inner runs of spaces collapse to one; headers are treated alike, ignoring spaces, `*` required-markers "
        "and a trailing unit in brackets (`人数(人)`). List cells and cells holding several references are "
        "separated by `、` `,` `，` `;` `；` or new lines. Anything shaped like an ID or mobile number inside "
        f"a text cell, glued to letters or not (`tel13812345678`), is replaced by “{REDACTED}” and never stored; "
        "in an id, number or reference column it is reported as a problem (a unit's unified social credit code "
        "is told apart by its own check character). Messages show such numbers with only the first four and "
        "last two characters.",
        "",
        "## 引用与编号 · References and ids",
        "",
        "引用列（如党员的「所在党组织」、单位的「所在社区」）可以填编号，也可以填名称；先在本次数据中查找，"
        "再在已入库的数据中查找，所以可以只导入一份新名册而引用以前导入的党组织。同一名称对应多个对象时必须改用编号。"
        "「编号」列可以省略：省略或留空时，编号由名称生成，同名总是得到同一编号；改名则视为新的对象。"
        "党员的「工作单位」若不在数据中，只保存单位名称，不报错。",
        "",
        "Reference columns (a member's party organization, a unit's community …) take an id or a name. They "
        "resolve against the dataset itself and then against what the store already holds, so a new roster "
        "may refer to organizations loaded earlier. A name that matches several nodes must be replaced by "
        "the id. The id (编号) column may be left out: an absent or empty id is derived from the name, the "
        "same name always giving the same id (a renamed node is a new node). A member's employer that is not "
        "in the data is kept as text and is not an error.",
        "",
        "## 党员身份与隐私 · Member identity and privacy",
        "",
        "党员按以下顺序确定身份：(1)「公民身份号码」：校验后用带密钥的 HMAC-SHA256 转为化名编号，"
        f"密钥（{KEY_BYTES} 字节，首次使用时随机生成）保存在数据文件夹之外：环境变量 `GONGJIAN_KEY_FILE` 指定的文件，"
        "或 `~/.config/gongjian/pseudonym.key`（设置了 `XDG_CONFIG_HOME` 时在其下）；出生年份和性别由号码推出，号码本身不保存；(2) 否则用「编号」；"
        "(3) 否则用 姓名 + 出生日期 + 入党时间 + 性别 生成编号。电话号码读入即丢弃，从不保存，也不出现在错误报告中；"
        "错误报告中的身份证号中间部分以 `*` 遮盖。Excel 中存成数字的身份证号会被拒绝："
        "Excel 只保留 15 位有效数字，后几位已经丢失，请将该列设为文本格式后重新录入。"
        "密钥丢失后，同一党员将得到不同的化名编号，请妥善备份。",
        "",
        "A member is identified by (1) the resident ID number (公民身份号码), checked and turned into a "
        f"pseudonymous id with a keyed HMAC-SHA256 whose key ({KEY_BYTES} random bytes, made on first use) "
        "lives outside the data folder, in the file named by `GONGJIAN_KEY_FILE` or in "
        "`~/.config/gongjian/pseudonym.key` (under `XDG_CONFIG_HOME` when set); birth year and gender are derived from the number, and the number "
        "itself is never stored; otherwise (2) by the id (编号); otherwise (3) by name + birth date + join date "
        "+ gender. Phone numbers are dropped on reading: never stored, never shown in error reports; ID "
        "numbers in reports are masked with `*`. An ID number held in a numeric Excel cell is refused: Excel "
        "keeps 15 significant digits, so the last ones are already lost; format the column as text and enter "
        "the numbers again. Keep a backup of the key: without it the same member gets a different id.",
        "",
        "## 重复导入与组织关系转移 · Re-loading and transfers",
        "",
        "重复导入同一份数据不会改变任何内容。较新的名册中某党员的所在党组织变了，则原 `MEMBER_OF` 关系在名册日期"
        "（`--as-of`，默认当天）结束，并从该日起建立新的 `MEMBER_OF`；每名党员同一时间只有一个有效的组织关系。",
        "",
        "Loading the same data again changes nothing. When a newer roster puts a member in another party "
        "organization, the old `MEMBER_OF` ends at the roster date (`--as-of`, default today) and a new one "
        "starts; a member holds exactly one valid membership at a time.",
        "",
        "## 错误报告 · Error reports",
        "",
        "所有问题一次性列出，每条注明文件、工作表、行号、列（按文件中的写法）、值和中英文原因；只要有一处问题，"
        "就不写入任何数据。错误代码见文末。",
        "",
        "All problems are reported at once, each with file, sheet, row, column (as written in the file), value "
        "and the reason in Chinese and English; if there is any problem, nothing is written. The error codes "
        "are listed at the end.",
        "",
    ]


def _generic_section() -> list[str]:
    out = [
        "## 通用节点/边格式 · Generic nodes and edges",
        "",
        "不属于党建数据的组织网络可用 `nodes`（节点）和 `edges`（边）两张表导入，列见上文。"
        "「标签」可填模型中的节点标签（代码、中文或英文），默认 `Node`；「关系类型」可填模型中的关系类型（同样可用代码、中文或英文），"
        "默认 `LINKED_TO`；起点和终点填节点编号，必须是本次数据或已入库数据中的节点，且须符合下表中该关系类型"
        "允许的起止标签。",
        "",
        "Organization networks that are not party-building data load through the `nodes` and `edges` tables "
        "(columns above). The label is a node label of the model (code, Chinese or English), default `Node`; "
        "the type is a relationship type of the model (code, Chinese or English), default `LINKED_TO`. Both "
        "endpoints are given by id and must be nodes of the dataset or of the store, with labels the type "
        "allows (table below).",
        "",
        "| 标签 label | 中文 | English |",
        "|---|---|---|",
    ]
    out += [f"| `{lab.value}` | {lab.zh} | {lab.en} |" for lab in Label]
    out += [
        "",
        "| 关系类型 type | 中文 | English | 起点 from | 终点 to |",
        "|---|---|---|---|---|",
    ]
    for rel in RelType:
        sources, targets = ENDPOINTS[rel]
        src = _labels(lab for lab in Label if lab in sources)
        dst = _labels(lab for lab in Label if lab in targets)
        out.append(f"| `{rel.value}` | {_cell(rel.zh)} | {_cell(rel.en)} | {src} | {dst} |")
    out.append("")
    return out


def _errors_section() -> list[str]:
    out = [
        "## 错误代码 · Error codes",
        "",
        "| 代码 code | 中文 | English |",
        "|---|---|---|",
    ]
    for code, (zh, en) in REASONS.items():
        out.append(f"| `{code}` | {_cell(placeholderless(zh))} | {_cell(placeholderless(en))} |")
    out.append("")
    return out


def render() -> str:
    """The whole input-format reference as Markdown."""
    lines = [
        "<!-- Generated from loaders/schema.py by `python -m loaders.format_doc`; do not edit by hand. -->",
        "",
        "# 输入数据格式 · Input data format",
        "",
        "本文说明 gongjian 可读取的表格：每张表的文件名、列、可用表头、类型和取值。表头可用下列任一写法，"
        "大小写、空格和 `*` 标记不影响识别；未列出的列被忽略。",
        "",
        "This is the reference of the tables gongjian reads: for each table its file names, columns, accepted "
        "headers, kinds and values. Any of the listed headers may be used; case, spaces and `*` markers do not "
        "matter; columns not listed are ignored.",
        "",
    ]
    lines += _prose()
    for table in TABLE_LIST:
        lines += _table_section(table)
    lines += _generic_section()
    lines += _errors_section()
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
