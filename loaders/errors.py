"""Problems found in input files, collected into one report.

A :class:`Problem` names the file, sheet, the row number the user sees in Excel, the
column as written in the file, the value, a code and a message in Chinese and English.
A load that finds any problem raises :class:`InputInvalid` with all of them, and
nothing is written.

Examples
--------
>>> p = Problem("members.csv", None, 7, "身份证号", "1101**********0012", "id_checksum")
>>> print(p.message("en"))
members.csv, row 7, column 身份证号, value '1101**********0012': the ID number's check digit is wrong
>>> print(p.message("zh"))
members.csv 第 7 行「身份证号」列，值“1101**********0012”：身份证号校验位错误
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from graph.errors import GongjianError
from loaders.personal import mask_personal

#: code → (Chinese, English) reasons; ``{…}`` placeholders are filled from ``Problem.params``.
REASONS: dict[str, tuple[str, str]] = {
    "file_unreadable": ("无法读取文件：{detail}", "the file cannot be read: {detail}"),
    "file_changed": ("读取期间文件被修改；请在文件不再变动时重新载入", "the file changed while it was being read; load again once it no longer changes"),
    "encoding": ("无法识别文件编码：此行按 {tried} 都无法解码（可能的编码：{could_be}）；请用 --encoding 编码名 指定，文件夹中的单个文件用 --encoding 文件名=编码名",
                 "unknown text encoding: this row decodes in none of {tried} (it could be: {could_be}); name it with --encoding NAME, or --encoding FILE=NAME for one file of a folder"),
    "encoding_doubtful": ("文件编码不确定：此行按 {encoding} 解码为“{sample}”，不像正常文字（已尝试 {tried}；可能的编码：{could_be}）；请用 --encoding 编码名 指定，文件夹中的单个文件用 --encoding 文件名=编码名",
                          "the text encoding is doubtful: decoded as {encoding} this row reads “{sample}”, which is not plausible text (tried {tried}; it could be: {could_be}); name it with --encoding NAME, or --encoding FILE=NAME for one file of a folder"),
    "encoding_mixed": ("文件混用了两种编码：此行与文件其余部分的编码不同（UTF-8 与 GBK 混在一起）；请在 Excel 或记事本中把整个文件另存为 UTF-8",
                       "the file mixes two encodings: this row is not in the encoding of the rest (UTF-8 and GBK together); save the whole file again as UTF-8"),
    "encoding_given": ("按指定的编码 {encoding} 无法解码此行；请检查 --encoding", "this row cannot be decoded in the encoding given, {encoding}; check --encoding"),
    "encoding_bad_bom": ("文件开头标明是 {encoding} 编码，但此行不是", "the file begins with a {encoding} byte-order mark, but this row is not {encoding}"),
    "no_such_input": ("--encoding 指定的文件不在数据中", "--encoding names a file that is not in the data"),
    "not_text": ("不是文本文件（含 {n} 个 NUL 字节）；请从 Excel 另存为 CSV 或直接载入 xlsx", "not a text file ({n} NUL bytes); save it from Excel as CSV, or load the xlsx itself"),
    "not_a_file": ("不是普通文件（设备、管道或套接字），不读取", "not a regular file (a device, pipe or socket); not read"),
    "link_outside": ("符号链接指向数据文件夹之外（{target}），不读取", "a symbolic link that leaves the data folder ({target}); not read"),
    "file_too_large": ("文件过大（{size}，上限 {limit}）；请拆分后载入", "the file is too large ({size}; the limit is {limit}); split it"),
    "archive_too_large": ("工作簿解压后过大（{size}，上限 {limit}），可能已损坏或是压缩炸弹", "the workbook unpacks to too much data ({size}; the limit is {limit}); it may be damaged or a zip bomb"),
    "sheet_too_large": ("工作表的使用范围过大（到 {cell} 单元格，共 {cells} 个单元格，上限 {limit}）；若是远处多余的单元格，请删除（Ctrl+End 可定位）后另存；若数据确实这么多，请另存为 CSV 后载入",
                        "the sheet's used range is too large (up to cell {cell}, {cells} cells; the limit is {limit}); delete stray far-away cells (Ctrl+End finds them) and save again, or, if the data is really that large, save it as CSV and load that"),
    "too_many_columns": ("此行有 {n} 列，超过上限 {limit} 列", "this row has {n} columns; the limit is {limit}"),
    "formula_no_value": ("这是公式（{formula}），但文件中没有保存计算结果；请在 Excel 中打开并保存，或改为数值", "this is a formula ({formula}) and the file holds no computed value; open and save the file in Excel, or enter the value"),
    "unclosed_quote_at_end": ("此行的引号直到文件末尾都未闭合；请补上引号或删除多余的引号", "a quote opened in this row never closes before the end of the file; close or remove the quote"),
    "unclosed_quote": ("此行的引号未闭合，其后 {lines} 行被并入同一个单元格；请补上引号或删除多余的引号", "a quote opened in this row never closes, and the {lines} lines after it ran into one cell; close or remove the quote"),
    "line_break_in_cell": ("单元格内有换行；请删除换行", "the cell holds a line break; remove it"),
    "extra_fields": ("此行在第 {column} 列有内容，但该列没有列名（表头共 {width} 列）；请补上列名或删除多出的内容", "this row has a value in column {column}, which has no header (the header has {width} columns); add the header or remove the value"),
    "too_long": ("内容过长（{length} 个字符，该列最多 {limit} 个）", "too long ({length} characters; this column holds at most {limit})"),
    "header_invisible": ("列名中有看不见的字符（{chars}），列名原样为“{header}”；请删除这些字符", "the header holds invisible characters ({chars}); as written it is “{header}”; remove them"),
    "no_such_day": ("日期不存在（月份应为 1–12，日应在该月的天数之内）", "no such day (months are 1–12, and the day must exist in that month)"),
    "code_numeric_cell": ("编号存成了数字，后几位已被 Excel 截断；请将该列设为文本格式后重新录入", "the code is stored as a number and Excel has already cut its last digits; format the column as text and enter the codes again"),
    "personal_in_number": ("数字列中是电话号码或身份证号，不读入", "a number column holds a phone or ID number; not read"),
    "refs_unchecked": ("此列有 {n} 处引用无法核对（首个在第 {first} 行），因为 {source} 未能读入；请先修正该文件", "{n} references in this column could not be checked (the first in row {first}) because {source} could not be read; fix that file first"),
    "no_header": ("找不到表头行（前 {rows} 行中没有可识别的列名）", "no header row found (no known column names in the first {rows} rows)"),
    "unknown_table": ("无法判断这是哪一张表；请按 docs/data-format.md 命名文件或工作表，或用 --table 指定", "cannot tell which table this is; name the file or sheet as in docs/data-format.md or pass --table"),
    "after_footer": ("此行位于合计/备注行之下，未被读入；请删除合计行或把数据移到它上方", "this row is below the totals or notes row and was not read; remove the totals row or move the data above it"),
    "personal_in_matrix_name": ("矩阵的行名或列名中是身份证号或电话号码，不读入；请用姓名或化名编号",
                                "a row or column name of the matrix holds an ID or phone number; not read: use names or pseudonymous codes"),
    "personal_in_code": ("编号列中是身份证号或电话号码；身份证号请填入「公民身份号码」列，编号请用名册自己的编号", "the code column holds an ID or phone number; put ID numbers in the 公民身份号码 column and use the roster's own codes"),
    "no_data": ("没有找到任何数据行", "no data rows found"),
    "missing_column": ("缺少必填列「{column}」", "required column '{column}' is missing"),
    "duplicate_column": ("列名重复，与第 {other} 列含义相同", "duplicate column, same meaning as column {other}"),
    "required": ("必填项为空", "required value is empty"),
    "not_integer": ("不是整数", "not a whole number"),
    "not_number": ("不是数字", "not a number"),
    "negative": ("不能为负数", "must not be negative"),
    "number_out_of_range": ("数字过大（或为无穷大），不像是人数、时长或容量", "the number is too large (or infinite) for a count, duration or capacity"),
    "not_date": ("无法识别的日期（可用 1985.03、1985年3月、1985-03-12、19850312、1985/3/12）", "not a date (accepted: 1985.03, 1985年3月, 1985-03-12, 19850312, 1985/3/12)"),
    "date_range": ("日期超出合理范围（{earliest} 至明年）；历史数据请在载入时用 --earliest 指定更早的起始日期", "date out of range ({earliest} to next year); for historical data name an earlier first date with --earliest when loading"),
    "not_in_enum": ("不是有效的{kind}；可选：{allowed}", "not a valid {kind}; allowed: {allowed}"),
    "id_format": ("身份证号应为 18 位（或 15 位旧号）", "an ID number has 18 digits (or 15 in the old form)"),
    "id_checksum": ("身份证号校验位错误", "the ID number's check digit is wrong"),
    "id_birth_date": ("身份证号中的出生日期无效", "the birth date inside the ID number is invalid"),
    "id_numeric_cell": ("身份证号存成了数字，后几位已被 Excel 截断；请将该列设为文本格式后重新录入", "the ID number is stored as a number and Excel has already truncated its last digits; format the column as text and enter the numbers again"),
    "duplicate_id": ("编号重复（与第 {other} 行相同）", "duplicate id (same as row {other})"),
    "duplicate_person": ("同一人重复出现（与第 {other} 行为同一身份证号/编号）", "the same person appears twice (same ID number or id as row {other})"),
    "duplicate_name": ("名称重复（与第 {other} 行相同），无法用名称引用", "duplicate name (same as row {other}); it cannot be referred to by name"),
    "id_clash": ("该编号已被另一类节点使用：{other}", "the id is already used by another kind of node: {other}"),
    "unresolved": ("找不到引用的{kind}", "no {kind} with this id or name"),
    "ambiguous": ("名称对应多个{kind}（{ids}），请改用编号", "the name matches several {kind}s ({ids}); use the id"),
    "wrong_target": ("引用的对象不是{kind}", "the referenced node is not a {kind}"),
    "one_of": ("「{a}」与「{b}」须填且只填一项", "exactly one of '{a}' and '{b}' must be given"),
    "end_before_start": ("结束日期早于开始日期", "the end date is before the start date"),
    "bad_label": ("不是模型中的节点标签", "not a node label of the model"),
    "bad_rel_type": ("不是模型中的关系类型", "not a relationship type of the model"),
    "bad_endpoints": ("{type} 关系不能从{src}指向{dst}", "a {type} relationship cannot go from {src} to {dst}"),
    "self_loop": ("起点与终点相同", "source and target are the same"),
    "matrix_cell": ("成员矩阵的单元格只能是 1（属于）或 0（不属于）", "a membership-matrix cell holds 1 (belongs) or 0 (does not)"),
    "matrix_blank": ("成员矩阵的单元格为空；不属于请填 0", "a membership-matrix cell is empty; enter 0 where the row does not belong"),
    "matrix_duplicate_row": ("行名重复（与第 {other} 行相同）；同一人只能占一行", "the row name appears twice (also row {other}); one row per person"),
    "matrix_duplicate_column": ("列名重复（与第 {other} 列相同）；同一群体只能占一列", "the column name appears twice (also column {other}); one column per group"),
    "matrix_column_name": ("此列有内容但没有列名（群体名称）", "this column holds values but has no name (the group)"),
}


def mask_id_number(value: object) -> str:
    """An ID number with its middle hidden, safe to print: ``110101**********12``.

    >>> mask_id_number("11010519491231002X")
    '1101************2X'
    """
    s = str(value)
    if len(s) <= 6:
        return "*" * len(s)
    return s[:4] + "*" * (len(s) - 6) + s[-2:]


def shown(text: str) -> str:
    """``text`` as a message may show it: personal numbers masked, and characters a terminal
    would act on or a person cannot see (controls, zero-width and direction marks) and the
    undecodable bytes of a file name (lone surrogates) written out as ``\\uXXXX``.

    >>> print(shown("姓\\u200b名 \\x1b[31m 13812345678"))
    姓\\u200b名 \\u001b[31m 1381*****78
    """
    out = "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Cs") else ch for ch in text)
    return mask_personal(out)


#: A value longer than this is cut in messages (a cell that swallowed the rows after it).
SHOWN_CHARS = 60


@dataclass(frozen=True)
class Both:
    """A problem's parameter that has a Chinese and an English form (a label name), so that an
    English message never shows the Chinese name.

    >>> Both("党员", "member").pick("en")
    'member'
    """

    zh: str
    en: str

    def pick(self, lang: str) -> str:
        """The form in ``lang``."""
        return self.zh if lang == "zh" else self.en


def _shown_value(value: object) -> object:
    if isinstance(value, Both):  # our own names (labels, allowed values): masked, never cut
        return Both(shown(value.zh), shown(value.en))
    if isinstance(value, str):
        text = shown(value)  # masked whole, then cut: a cut must not leave half a number bare
        return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + f"…[{len(value)}]"
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        masked = mask_personal(text)
        return masked if masked != text else value
    return value


@dataclass(frozen=True)
class Problem:
    """One problem in the input, located as the user sees it in Excel.

    Every text in it is :func:`shown` safe when it is made: file and sheet names, headers,
    values and parameters alike (an ID number typed into a file name is masked too).
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: object
    code: str
    params: dict[str, object] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", shown(self.file))
        object.__setattr__(self, "sheet", shown(self.sheet) if self.sheet is not None else None)
        object.__setattr__(self, "column", shown(self.column) if self.column is not None else None)
        object.__setattr__(self, "value", _shown_value(self.value))
        object.__setattr__(self, "params", {k: _shown_value(v) for k, v in self.params.items()})

    def reason(self, lang: str = "zh") -> str:
        """Why the value is wrong, in ``lang``."""
        zh, en = REASONS[self.code]
        params = {k: v.pick(lang) if isinstance(v, Both) else v for k, v in self.params.items()}
        return (zh if lang == "zh" else en).format(**params)

    def location(self, lang: str = "zh") -> str:
        """File, sheet, row, column and value, in ``lang``."""
        value = "" if self.value is None else str(self.value)
        if lang == "zh":
            parts = [self.file]
            if self.sheet:
                parts.append(f"工作表「{self.sheet}」")
            if self.row is not None:
                parts.append(f" 第 {self.row} 行")
            if self.column:
                parts.append(f"「{self.column}」列")
            out = "".join(parts[:1]) + "".join(parts[1:])
            return out + (f"，值“{value}”" if self.value is not None else "")
        out = self.file
        if self.sheet:
            out += f", sheet {self.sheet}"
        if self.row is not None:
            out += f", row {self.row}"
        if self.column:
            out += f", column {self.column}"
        return out + (f", value {value!r}" if self.value is not None else "")

    def message(self, lang: str = "zh") -> str:
        """The whole located message in ``lang``."""
        sep = "：" if lang == "zh" else ": "
        return self.location(lang) + sep + self.reason(lang)

    def as_row(self, lang: str = "zh") -> dict[str, object]:
        """The problem as a flat record for tables and CSV reports."""
        return {
            "file": self.file, "sheet": self.sheet or "", "row": self.row, "column": self.column or "",
            "value": "" if self.value is None else str(self.value), "code": self.code,
            "reason": self.reason(lang),
        }


class InputInvalid(GongjianError):
    """The input has problems; ``problems`` lists every one found. Nothing was written."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(
            problems, key=lambda p: (p.file, p.sheet or "", p.row if p.row is not None else -1)
        )
        n = len(self.problems)
        super().__init__(
            f"输入数据有 {n} 处问题，未写入任何数据：\n" + "\n".join(p.message("zh") for p in self.problems),
            f"the input has {n} problem(s); nothing was written:\n" + "\n".join(p.message("en") for p in self.problems),
        )
