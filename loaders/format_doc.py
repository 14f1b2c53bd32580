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
from loaders.matrix import COLUMN_KIND, ROW_KIND, SHAPE_SHARE
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
from loaders.values import EARLIEST, parse_dates
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
    "matrix": (
        "人员 × 群体的 0/1 矩阵：首行为群体名称，首列为人员名称，单元格 1 表示属于、0 表示不属于。读作通用节点"
        "（每行一个类型为 `person` 的 `Node`，每列一个类型为 `group` 的 `Node`）和通用边（每个为 1 的单元格一条 "
        "`LINKED_TO`，人员 → 群体）；没有固定的列。见下文“成员矩阵”。",
        "A persons × groups matrix of 0/1: the first row names the groups, the first column the persons, a "
        "cell holds 1 where the person belongs and 0 where not. It is read as generic nodes (one `Node` of "
        "type `person` per row, one of type `group` per column) and generic edges (one `LINKED_TO`, person → "
        "group, per cell holding 1); it has no fixed columns. See “Membership matrix” below.",
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
    ]
    if not table.columns:
        return out
    out += [
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
        f"取该月 1 日，只写年份的取 1 月 1 日；日期须在 {EARLIEST.year} 年至明年之间。历史数据（研究者的网络）可在载入时"
        "用 `gongjian load --earliest 1600-01-01`（`validate` 同样）放宽起始日期，公元 1 年至 9999 年的日期都能读取；"
        "Excel 不能把 1900 年以前的日期存为日期，这类日期请以文本填写（如 `1789-07-14`）。注意：Excel 数字单元格按其显示读取，"
        "`1985.3` 为 3 月，`1985.1` 为 1 月；但在数字单元格中输入的 `1985.10` 也会被 Excel 显示为 `1985.1`，"
        "因此日期列请先设为文本格式。",
        "",
        f"Accepted: {date_note_en} A year and month alone (`1985.03`, `1985年3月`) means the first of the "
        f"month, a year alone the first of January; dates must lie between {EARLIEST.year} and next year. For "
        "historical data (a researcher's network) name an earlier first date when loading: `gongjian load "
        "--earliest 1600-01-01` (and `validate`); dates of the years 1 to 9999 can be read. Excel cannot hold a "
        "date before 1900 as a date: write such dates as text (`1789-07-14`).",
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
    out += [
        "",
        "边的「开始时间」「结束时间」和 `Node` 节点的「开始时间」「结束时间」表示其存在的期间（开始当日起有效，结束当日起失效，"
        "空 = 一直有效）：按某一日期分析时，只看到当日存在的节点和有效的边，连到当日不存在节点的边也不计入。",
        "",
        "An edge's start and end, and a `Node`'s, say when it exists (valid from the start day, no longer from "
        "the end day, empty = always): an analysis at a date sees the nodes that exist then and the edges valid "
        "then, and not an edge to a node that does not exist then.",
        "",
        "通用网络（`Node` 节点与 `LINKED_TO` 边）在报告中有自己的一节 `generic_network`：度数、中介、接近中心度，"
        "Freeman 中心势与成分。节点的“类型”：`Node` 取「类型」列，其他标签取标签本身；恰有两种类型、每个节点都有类型、"
        "且每条边都连接不同类型时，视为二模网络，另有 Borgatti–Everett 二模中心度（`generic_two_mode`）和两个一模投影"
        "（`generic_projection_1`、`generic_projection_2`，联系权重为共同隶属数）。联系多从哪一类出发，哪一类就是第一类。",
        "",
        "The generic network (`Node`s and `LINKED_TO` edges) gets its own report section `generic_network`: "
        "degree, betweenness and closeness, Freeman centralization and components. A node's kind is its type "
        "for a `Node` and its label otherwise; with exactly two kinds, every node of a kind and every edge "
        "joining two kinds, the network is two-mode and gets Borgatti–Everett two-mode centralities "
        "(`generic_two_mode`) and both one-mode projections (`generic_projection_1`, `generic_projection_2`, "
        "tie weights = co-membership counts). The first mode is the kind more edges start from.",
        "",
    ]
    return out


#: The worked example's membership matrix (synthetic names).
EXAMPLE_MATRIX = (("姓名", "读书会", "合唱团", "志愿队"), ("张伟", 1, 1, 0), ("王芳", 1, 0, 1),
                  ("李娜", 0, 1, 1), ("刘洋", 1, 1, 1), ("陈静", 0, 0, 1))
#: … and a copy with three mistakes: a 2, an empty cell, a name twice.
EXAMPLE_BAD = (("姓名", "读书会", "合唱团", "志愿队"), ("张伟", 1, 2, 0), ("王芳", 1, "", 1),
               ("张伟", 0, 1, 1))


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return "—" if value is None else str(value)


def _example_tables() -> list[str]:
    """The worked example run for real: the matrix read by the loader, measured by the report's
    generic analysis, and the bad copy's problems, so that the numbers shown cannot drift."""
    import datetime as dt
    import tempfile
    from pathlib import Path

    import networkx as nx
    import pandas as pd

    from graph.analysis.generic import generic_network
    from graph.analysis.generic_report import generic_sections
    from loaders.dataset_reader import read_dataset
    from loaders.errors import InputInvalid

    def write(folder: Path, rows: tuple[tuple[object, ...], ...]) -> Path:
        path = folder / "成员矩阵.csv"
        path.write_text("\n".join(",".join(str(c) for c in row) for row in rows) + "\n", encoding="utf-8")
        return path

    out: list[str] = []
    day = dt.date(2026, 11, 1)
    with tempfile.TemporaryDirectory() as tmp:
        with read_dataset(write(Path(tmp), EXAMPLE_MATRIX), key=bytes(32), effective=day) as ds:
            data = ds.in_memory()
        # The projection a store would give (loaders use no store): nodes with their properties,
        # one edge per relationship.
        G = nx.MultiDiGraph()
        for label, frame in data.nodes.items():
            for row in frame.to_dict("records"):
                G.add_node(row["id"], label=label.value,
                           **{k: v for k, v in row.items() if k != "id" and not (v is None or v is pd.NA)})
        for rel_type, frame in data.relationships.items():
            for row in frame.to_dict("records"):
                G.add_edge(row["src"], row["dst"], type=rel_type.value)
        sections = {sec.key: sec for sec in generic_sections(G, generic_network(G, as_of=day))}
        nodes, rels = data.counts()
        out += ["`gongjian load 成员矩阵.csv` 载入 loads " + "、".join(f"{n} 个 {k}" for k, n in nodes.items())
                + " 节点 nodes，" + "、".join(f"{n} 条 {k}" for k, n in rels.items()) + " 边 edges。", ""]
        two = sections["generic_two_mode"]
        out += ["`gongjian analyze --format md` 报告中的二模中心度 the report's two-mode centralities "
                f"(`generic_two_mode`, {two.figure('ties').value} 条联系 ties, 密度 density "
                f"{_number(two.figure('density').value)}):", ""]
        for key in ("generic_two_mode", "generic_projection_1"):
            for table in sections[key].tables:
                if key == "generic_projection_1" or table.key == "centralities":
                    cols = [c for c in table.columns if c.key not in ("id", "u", "v")]
                    out += [f"`{key}` · {table.zh} / {table.en}:", "",
                            "| " + " | ".join(f"{c.zh} {c.en}" for c in cols) + " |",
                            "|" + "---|" * len(cols)]
                    for row in table.rows:
                        values = dict(zip([c.key for c in table.columns], row, strict=True))
                        out.append("| " + " | ".join(_cell(_number(values[c.key])) for c in cols) + " |")
                    out.append("")
        try:
            read_dataset(write(Path(tmp), EXAMPLE_BAD), key=bytes(32), effective=day).close()
        except InputInvalid as e:
            out += ["有错的矩阵 A matrix with mistakes:", "", "```text",
                    *(",".join(str(c) for c in row) for row in EXAMPLE_BAD), "```", "",
                    "不写入任何数据，并报告 nothing is written, and the problems are:", "", "```text",
                    *(p.message("zh") for p in e.problems), *(p.message("en") for p in e.problems), "```", ""]
    return out


def _matrix_section() -> list[str]:
    shape = f"{SHAPE_SHARE:.0%}"
    return [
        "## 成员矩阵 · Membership matrix",
        "",
        "研究者常把隶属数据存成人员 × 群体的 0/1 矩阵（如 Davis 的 Southern Women）。首行为群体名称（首格可空或写列名），"
        "首列为人员名称，单元格 1 = 属于、0 = 不属于。文件或工作表按 `matrix` 表命名（见上文），或载入时 `--table matrix`，"
        f"或表头不属于任何表而前 {HEADER_SCAN_ROWS} 行首列以外的单元格至少 {shape} 是 0 或 1，即按成员矩阵读取。"
        f"每行成为类型为 `{ROW_KIND}` 的 `Node`，每列成为类型为 `{COLUMN_KIND}` 的 `Node`，每个 1 成为一条 `LINKED_TO`（人员 → 群体）；"
        "节点编号由类型和名称生成，所以同名的人员与群体（如行列都编号 1、2…）是两个节点。每个单元格都核对：非 0/1、空单元格、"
        "空的人员名称、重复的人员或群体、无名称的列，都按文件、行、列（群体名称）和值报告。",
        "",
        "Researchers often keep affiliation data as a persons × groups 0/1 matrix (Davis's Southern Women). The "
        "first row names the groups (its first cell may be empty or name the column), the first column the "
        "persons; a cell holds 1 where the person belongs, 0 where not. A file or sheet named as the `matrix` "
        f"table (above), `--table matrix`, or a sheet whose headers belong to no table and whose cells right of "
        f"the first column are at least {shape} 0 or 1 in the first {HEADER_SCAN_ROWS} rows, is read as a "
        f"membership matrix: each row becomes a `Node` of type `{ROW_KIND}`, each column a `Node` of type "
        f"`{COLUMN_KIND}`, each 1 a `LINKED_TO` (person → group). Node ids are derived from kind and name, so "
        "a person and a group of the same name (rows and columns both numbered 1, 2 …) are two nodes. Every "
        "cell is checked: a value other than 0/1, an empty cell, an empty person name, a person or group named "
        "twice and a column without a name are reported with file, row, column (the group) and value.",
        "",
        "### 示例：从矩阵到报告 · Worked example: from a raw matrix to the report",
        "",
        "`成员矩阵.csv`:",
        "",
        "```text",
        *(",".join(str(c) for c in row) for row in EXAMPLE_MATRIX),
        "```",
        "",
        *_example_tables(),
        "投影的联系权重是共同隶属的群体数（Breiger 1974），如张伟与刘洋同在读书会和合唱团，权重 2；中心度按有无联系计算，"
        "加权度数为权重之和。各节的定义与来源见报告中的注释和 `graph/analysis/generic.py`。",
        "",
        "A projected tie's weight is the number of groups both belong to (Breiger 1974): 张伟 and 刘洋 share the "
        "reading club and the choir, weight 2. Centralities are of the binary projection; strength is the sum of "
        "the weights. Each section's definitions and sources are in its notes and in `graph/analysis/generic.py`.",
        "",
    ]


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
    lines += _matrix_section()
    lines += _errors_section()
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
