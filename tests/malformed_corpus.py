"""A corpus of broken and odd input files, each with the exact outcome the loader owes.

Every case is a small function that writes its file(s) into a data folder that already
holds the base tables (:data:`tests.conftest.BASE_TABLES`: communities, units, party
organizations) and returns a :class:`Built`: either the exact problems a read must raise,
as ``(file, sheet, row, column, code)`` tuples in the order :class:`InputInvalid` lists
them, or — for an accepted case — a check of the exact values the dataset must hold.

Personal numbers are never written here literally: each case draws its synthetic ID
numbers (valid check digit) and phone numbers (``138…``) from its own :class:`Secrets`,
at run time, and the tests make sure that none of them reaches a message or a store.

A case whose ``defect`` is set asserts the correct behaviour of a loader that does not
have it yet; the tests mark it ``xfail(strict=True)`` with that text as the reason.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import random
import shutil
import socket
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from graph.dataset import Dataset
from graph.model import Label, RelType
from loaders.identity import check_digit, pseudonym

from .conftest import BASE_TABLES, KEY, make_id_number, with_bad_check_digit, write_csv

TODAY = dt.date(2026, 11, 1)

#: A problem as the tests compare it: file, sheet, row, column (as shown), code.
Loc = tuple[str, "str | None", "int | None", "str | None", str]


class Secrets:
    """The personal numbers one case makes, drawn at run time from a generator seeded by
    the case's name; every form of each (as typed, digits only, old 15-digit form) is kept
    so that the tests can look for it in messages and stores."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(seed)
        self.made: list[str] = []

    def keep(self, *forms: str) -> None:
        for f in forms:
            if f not in self.made:
                self.made.append(f)
            digits = "".join(ch for ch in f if ch.isdigit() or ch in "Xx")
            if len(digits) >= 11 and digits not in self.made:
                self.made.append(digits)

    def id_number(self, **kw: object) -> str:
        number = make_id_number(self.rng, **kw)  # type: ignore[arg-type]
        self.keep(number, old_form(number))
        return number

    def phone(self) -> str:
        number = f"138{self.rng.randrange(10**8):08d}"
        self.keep(number)
        return number

    def landline(self) -> str:
        number = f"0571-{self.rng.randrange(2 * 10**7, 9 * 10**7)}"
        self.keep(number)
        return number


def old_form(number: str) -> str:
    """The same person's 15-digit number of the old form (no century, no check digit)."""
    return number[:6] + number[8:17]


def bad_birth_date(number: str) -> str:
    """An 18-digit number with a valid check digit whose birth date (month 13) is no day."""
    body = number[:10] + "13" + number[12:17]
    return body + check_digit(body)


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rng: random.Random) -> str:
    """A unified social credit code (GB 32100-2015) with a valid check character."""
    body = "91" + f"{rng.randrange(10**6):06d}" + "MA" + "".join(rng.choice(_CREDIT_CHARS) for _ in range(7))
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]


@dataclass
class Built:
    """What one case wrote and what the loader owes for it.

    ``expected``: the problems, exactly and in order. ``includes``: problems that must be
    among them, where the whole list is not the point. ``params``: for the problem at an
    index of ``expected``, parameters it must carry. ``check``: an accepted case — the read
    must succeed and the dataset pass this check. ``path`` is what to read (default the
    data folder); ``table`` and ``encodings`` are passed to ``read_dataset``.
    """

    expected: list[Loc] | None = None
    includes: list[Loc] = field(default_factory=list)
    params: dict[int, dict[str, object]] = field(default_factory=dict)
    check: Callable[[Dataset], None] | None = None
    path: Path | None = None
    table: str | None = None
    encodings: dict[str, str] | None = None

    @property
    def accepted(self) -> bool:
        return self.check is not None


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    build: Callable[[Path, Secrets], Built]
    defect: str | None = None

    def __str__(self) -> str:
        return self.name


CASES: list[Case] = []


def case(kind: str, defect: str | None = None, name: str | None = None) -> Callable[[Callable[[Path, Secrets], Built]], Callable[[Path, Secrets], Built]]:
    def register(fn: Callable[[Path, Secrets], Built]) -> Callable[[Path, Secrets], Built]:
        CASES.append(Case(name or fn.__name__, kind, fn, defect))
        return fn
    return register


def prepare(root: Path, c: Case) -> tuple[Built, Secrets, Path]:
    """Write the base tables and the case's files under ``root``; return what was built,
    the secrets it made, and the data folder."""
    folder = root / "data"
    folder.mkdir(parents=True)
    for name, rows in BASE_TABLES.items():
        write_csv(folder / name, rows)
    secrets = Secrets(c.name)
    built = c.build(folder, secrets)
    if built.path is None:
        built.path = folder
    return built, secrets, folder


# -- writing helpers -------------------------------------------------------------------

M = ["编号", "姓名", "所在党支部", "入党时间"]
MC, MX = ("members.csv", None), ("members.xlsx", "党员")
UNITS = BASE_TABLES["units.csv"]


def raw(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def book(path: Path, rows: list[list[object]], title: str = "党员", setup: Callable[[object], None] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    if setup is not None:
        setup(ws)
    wb.save(path)
    return path


def member_rows(ds: Dataset, *columns: str) -> list[tuple[object, ...]]:
    frame = ds.nodes[Label.MEMBER]
    return [tuple(r[c] for c in columns) for r in frame.to_dict("records")]


def member_of(ds: Dataset) -> list[tuple[str, str]]:
    rel = ds.relationships[RelType.MEMBER_OF]
    return sorted(zip(rel["src"], rel["dst"], strict=True))


def expect_names(names: list[str]) -> Callable[[Dataset], None]:
    def check(ds: Dataset) -> None:
        assert [n for (n,) in member_rows(ds, "name")] == names
        assert [dst for _, dst in member_of(ds)] == ["P02"] * len(names)
    return check


# == dates ==============================================================================

def _date_case(name: str, value: object, code: str, where: tuple[str, str | None] = MC, defect: str | None = None) -> None:
    def build(d: Path, s: Secrets) -> Built:
        rows = [M, ["M1", "张三", "P02", value]]
        if where[1] is None:
            write_csv(d / where[0], rows)
        else:
            book(d / where[0], rows, where[1])
        return Built([(*where, 2, "入党时间", code)])
    build.__doc__ = f"入党时间 {value!r} → {code}"
    CASES.append(Case(name, "dates", build, defect))


YEAR_ZERO = ("0000 is no year: the loader must refuse it as out of range (1900 to next year), "
             "but parse_dates raises an uncaught exception (OverflowError from Arrow for 0000-01-01, "
             "NotImplementedError from pandas for 0000/01/01, 00000101, 0000)")

for _name, _value, _code in [
    ("date_iso_feb_30", "2023-02-30", "no_such_day"),
    ("date_iso_feb_29_not_leap", "2023-02-29", "no_such_day"),
    ("date_iso_month_13", "2023-13-01", "no_such_day"),
    ("date_iso_month_0", "2023-00-10", "no_such_day"),
    ("date_iso_single_digits_apr_31", "2023-4-31", "no_such_day"),
    ("date_slash_apr_31", "2023/04/31", "no_such_day"),
    ("date_slash_short_feb_30", "2023/2/30", "no_such_day"),
    ("date_nianyueri_feb_29", "2019年2月29日", "no_such_day"),
    ("date_nianyueri_padded", "2023年02月30日", "no_such_day"),
    ("date_nianyue_month_13", "2023年13月", "no_such_day"),
    ("date_compact_feb_30", "20230230", "no_such_day"),
    ("date_compact_month_13", "202313", "no_such_day"),
    ("date_dot_feb_30", "2023.02.30", "no_such_day"),
    ("date_dot_month_13", "2023.13", "no_such_day"),
    ("date_full_width_feb_30", "２０２３－０２－３０", "no_such_day"),
    ("date_spaced_feb_30", "2023 - 02 - 30", "no_such_day"),
    ("date_with_time_feb_29", "2023-02-29 10:00", "no_such_day"),
    ("date_not_a_date_word", "soon", "not_date"),
    ("date_not_a_date_hao", "2023年2月30号", "not_date"),
    ("date_two_digit_year", "23-02-28", "not_date"),
    ("date_before_1900", "1899-12-31", "date_range"),
    ("date_after_next_year", "2028/01/01", "date_range"),
    ("date_year_1600_slash", "1600/1/1", "date_range"),
    ("date_year_9999", "9999-12-31", "date_range"),
    ("xlsx_text_date_iso_feb_30", "2023-02-30", "no_such_day"),
    ("xlsx_text_date_slash_apr_31", "2023/04/31", "no_such_day"),
    ("xlsx_text_date_nianyueri_feb_29", "2019年2月29日", "no_such_day"),
    ("xlsx_text_date_compact_feb_30", "20230230", "no_such_day"),
    ("xlsx_text_date_dot_feb_30", "2023.02.30", "no_such_day"),
    ("xlsx_text_date_month_13", "2023-13-01", "no_such_day"),
    ("xlsx_number_date_compact_feb_30", 20230230, "no_such_day"),
    ("xlsx_number_date_dot_month_13", 2023.13, "no_such_day"),
]:
    _date_case(_name, _value, _code, MX if _name.startswith("xlsx") else MC)

for _name, _value in [("date_year_zero_iso", "0000-01-01"), ("date_year_zero_slash", "0000/01/01"),
                      ("date_year_zero_compact", "00000101"), ("date_year_zero_alone", "0000")]:
    _date_case(_name, _value, "date_range")


@case("dates")
def date_impossible_days_in_other_tables(d: Path, s: Secrets) -> Built:
    write_csv(d / "party_orgs.csv", [
        [*BASE_TABLES["party_orgs.csv"][0], "成立时间"],
        *[[*r, ""] for r in BASE_TABLES["party_orgs.csv"][1:3]],
        [*BASE_TABLES["party_orgs.csv"][3], "2021年6月31日"],
        [*BASE_TABLES["party_orgs.csv"][4], "1998.07.01"],
    ])
    write_csv(d / "joint_coverage.csv", [["联合党支部", "覆盖单位", "覆盖时间", "退出时间"], ["P02", "U02", "2023.04.31", ""]])
    write_csv(d / "reports.csv", [["报到党组织", "报到社区", "报到时间"], ["P03", "C01", "20220229"]])
    return Built([
        ("joint_coverage.csv", None, 2, "覆盖时间", "no_such_day"),
        ("party_orgs.csv", None, 4, "成立时间", "no_such_day"),
        ("reports.csv", None, 2, "报到时间", "no_such_day"),
    ])


@case("dates")
def date_every_spelling_in_one_roster(d: Path, s: Secrets) -> Built:
    values = ["2023-02-30", "2023/04/31", "2019年2月29日", "20230230", "2023.02.30", "2023-13-01", "2023-02-28"]
    write_csv(d / "members.csv", [M, *[[f"M{i}", f"党员{i}", "P02", v] for i, v in enumerate(values)]])
    return Built([(*MC, row, "入党时间", "no_such_day") for row in range(2, 8)])


# == CSV shape ==========================================================================

H = "编号,姓名,所在党支部,入党时间"


@case("csv_shape")
def quote_unclosed_first_row_lf(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + '\nM1,"张三,P02,2001.01\nM2,李四,P02,2002.01\nM3,王五,P02,2003.01\n')
    return Built([(*MC, 2, None, "unclosed_quote")], params={0: {"lines": 2}})


@case("csv_shape")
def quote_unclosed_first_row_crlf(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + '\r\nM1,"张三,P02,2001.01\r\nM2,李四,P02,2002.01\r\nM3,王五,P02,2003.01\r\n')
    return Built([(*MC, 2, None, "unclosed_quote")], params={0: {"lines": 2}})


@case("csv_shape")
def quote_opened_in_middle_row_closed_rows_later(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + '\nM1,张三,P02,2001.01\nM2,"李四,P02,2002.01\nM3,王五",P02,2003.01\nM4,赵六,P02,2004.01\n')
    return Built([(*MC, 3, None, "unclosed_quote")], params={0: {"lines": 1}})


@case("csv_shape")
def quote_opened_in_middle_row_crlf(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + '\r\nM1,张三,P02,2001.01\r\nM2,"李四,P02,2002.01\r\nM3,王五",P02,2003.01\r\nM4,赵六,P02,2004.01\r\n')
    return Built([(*MC, 3, None, "unclosed_quote")], params={0: {"lines": 1}})


@case("csv_shape")
def quote_unclosed_in_id_column_lf(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + '\n"M1,张三,P02,2001.01\nM3,王五,P02,2003.01\n')
    return Built([(*MC, 2, None, "unclosed_quote")])


@case("csv_shape")
def quote_unclosed_in_tab_separated_file(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H.replace(",", "\t") + '\nM1\t"张三\tP02\t2001.01\nM3\t王五\tP02\t2003.01\n')
    return Built([(*MC, 2, None, "unclosed_quote")], params={0: {"lines": 1}})


@case("csv_shape")
def quote_unclosed_last_row(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + '\nM1,张三,P02,2001.01\nM2,李四,P02,2002.01\nM3,王五,P02,"2003.01\n')
    return Built([(*MC, 4, None, "unclosed_quote_at_end")])


@case("csv_shape")
def quote_unclosed_last_row_without_final_newline(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + '\nM1,张三,P02,2001.01\nM3,王五,P02,"2003.01')
    return Built([(*MC, 3, None, "unclosed_quote_at_end")])


@case("csv_shape")
def quote_unclosed_in_header(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", '编号,"姓名,所在党支部,入党时间\nM1,张三,P02,2001.01\nM2,李四,P02,2002.01\n')
    return Built(includes=[(*MC, 1, None, "unclosed_quote")])


@case("csv_shape")
def extra_field_beyond_header_csv(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + "\r\nM1,张三,P02,2001.01,多余\r\nM2,李四,P02,2002.01\r\n")
    return Built([(*MC, 2, None, "extra_fields")], params={0: {"column": "E", "width": 4}})


@case("csv_shape")
def extra_field_far_beyond_header_csv(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + "\r\nM1,张三,P02,2001.01\r\nM2,李四,P02,2002.01,,,,x\r\n")
    return Built([(*MC, 3, None, "extra_fields")], params={0: {"column": "H", "width": 4}})


@case("csv_shape")
def extra_field_beyond_header_xlsx(d: Path, s: Secrets) -> Built:
    book(d / "members.xlsx", [M, ["M1", "张三", "P02", "2001.01", None, "x"]])
    return Built([(*MX, 2, None, "extra_fields")], params={0: {"column": "F", "width": 4}})


@case("csv_shape")
def line_break_in_name_csv_lf(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + '\nM1,"张\n三",P02,2001.01\nM2,李四,P02,2002.01\n')
    return Built([(*MC, 2, "姓名", "line_break_in_cell")])


@case("csv_shape")
def line_break_in_name_csv_crlf(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", H + '\r\nM1,"张\r\n三",P02,2001.01\r\nM2,李四,P02,2002.01\r\n')
    return Built([(*MC, 2, "姓名", "line_break_in_cell")])


@case("csv_shape")
def line_break_alt_enter_in_name_xlsx(d: Path, s: Secrets) -> Built:
    book(d / "members.xlsx", [M, ["M1", "张\n三", "P02", "2001.01"], ["M2", "李四", "P02", "2002.01"]])
    return Built([(*MX, 2, "姓名", "line_break_in_cell")])


@case("csv_shape")
def line_break_in_reference_enum_and_unit_name_xlsx(d: Path, s: Secrets) -> Built:
    book(d / "members.xlsx", [["编号", "姓名", "所在党支部", "党员状态"], ["M1", "张三", "阳光社区\n第一党支部", "正式"],
                              ["M2", "李四", "P02", "正式\n党员"]])
    book(d / "units.xlsx", [UNITS[0], ["U09", "新\n单位", "学校", "5", "C01"]], "单位")
    return Built([(*MX, 2, "所在党支部", "line_break_in_cell"), (*MX, 3, "党员状态", "line_break_in_cell"),
                  ("units.xlsx", "单位", 2, "单位名称", "line_break_in_cell")])


def _too_long_case(name: str, header: list[str], column: int, value: str, limit: int) -> None:
    def build(d: Path, s: Secrets) -> Built:
        row = ["M1", "张三", "P02", "2001.01", "", "", "", ""][: len(header)]
        row[column] = value
        write_csv(d / "members.csv", [header, row])
        return Built([(*MC, 2, header[column], "too_long")], params={0: {"length": len(value), "limit": limit}})
    CASES.append(Case(name, "csv_shape", build))


LONG = ["编号", "姓名", "所在党支部", "入党时间", "特长", "流动党员服务站", "党员状态", "工作单位"]
_too_long_case("too_long_id", LONG, 0, "M" * 101, 100)
_too_long_case("too_long_name", LONG, 1, "张" * 201, 200)
_too_long_case("too_long_reference", LONG, 2, "第" * 201, 200)
_too_long_case("too_long_date", LONG, 3, "1985年3月" * 8, 50)
_too_long_case("too_long_list", LONG, 4, "书法、" * 667, 2000)
_too_long_case("too_long_text", LONG, 5, "站" * 501, 500)
_too_long_case("too_long_enum", LONG, 6, "正式" * 26, 50)
_too_long_case("too_long_employer_reference", LONG, 7, "单位" * 101, 200)


@case("csv_shape")
def too_long_number(d: Path, s: Secrets) -> Built:
    write_csv(d / "units.csv", [*UNITS, ["U09", "新单位", "学校", "1.5" * 17, "C01"]])
    return Built([("units.csv", None, 5, "职工人数", "too_long")], params={0: {"length": 51, "limit": 50}})


@case("csv_shape")
def too_long_list_of_references(d: Path, s: Secrets) -> Built:
    write_csv(d / "communities.csv", [*BASE_TABLES["communities.csv"], ["C03", "新社区", "东湖街道", "、".join(["阳光社区"] * 401)]])
    return Built([("communities.csv", None, 4, "相邻社区", "too_long")], params={0: {"limit": 2000}})


@case("csv_shape")
def too_long_name_in_xlsx(d: Path, s: Secrets) -> Built:
    book(d / "members.xlsx", [M, ["M1", "张" * 250, "P02", "2001.01"]])
    return Built([(*MX, 2, "姓名", "too_long")], params={0: {"length": 250, "limit": 200}})


# == encodings ==========================================================================

ZH = ["张三", "李四", "王五"]
EU = ["Økland", "José", "Müller", "François"]
ZH_HANT = ["張三", "陳曉明", "黃誌強"]


def roster_text(names: list[str], header: str = "编号,姓名,所在党支部", sep: str = ",", eol: str = "\r\n") -> str:
    return header.replace(",", sep) + eol + "".join(f"M{i}{sep}{n}{sep}P02{eol}" for i, n in enumerate(names))


def _loads_exactly(name: str, names: list[str], encoding: str, *, header: str = "编号,姓名,所在党支部", bom: bytes = b"",
                   file: str = "members.csv", sep: str = ",", given: dict[str, str] | None = None, single: bool = False,
                   defect: str | None = None, kind: str = "encodings") -> None:
    def build(d: Path, s: Secrets) -> Built:
        path = d / file
        path.write_bytes(bom + roster_text(names, header, sep).encode(encoding))
        return Built(check=expect_names(names), encodings=given, path=path if single else None)
    build.__doc__ = f"{encoding} file holding {names}: loads with exactly these names"
    CASES.append(Case(name, kind, build, defect))


def _refused(name: str, names: list[str], encoding: str, row: int, code: str, *, header: str = "id,name,org",
             given: dict[str, str] | None = None, defect: str | None = None) -> None:
    def build(d: Path, s: Secrets) -> Built:
        (d / "members.csv").write_bytes(roster_text(names, header).encode(encoding))
        return Built([(*MC, row, None, code)], encodings=given)
    build.__doc__ = f"{encoding} file holding {names}: refused ({code} at row {row})"
    CASES.append(Case(name, "encodings", build, defect))


_loads_exactly("utf8_chinese_and_european_names", ZH + EU, "utf-8")
_loads_exactly("utf8_bom_chinese_and_european_names", ZH + EU, "utf-8-sig")
_loads_exactly("utf16_bom_chinese_and_european_names", ZH + EU, "utf-16")
_loads_exactly("utf16_le_without_bom_chinese_and_european_names", ZH + EU, "utf-16-le")
_loads_exactly("utf16_be_without_bom_chinese_and_european_names", ZH + EU, "utf-16-be")
_loads_exactly("gbk_chinese_names", ZH, "gbk")
_loads_exactly("gb18030_chinese_names", ZH, "gb18030")
_loads_exactly("gb18030_four_byte_bmp_character", ["王㛃", *ZH], "gb18030", kind="accepted")
_loads_exactly("gbk_rare_name_character_zhe", ["陈喆", *ZH], "gbk", kind="accepted")
_loads_exactly("utf16_excel_unicode_text_tab_separated", [*ZH, "José Müller"], "utf-16-le", bom=b"\xff\xfe",
               file="members.txt", sep="\t", kind="accepted")
_loads_exactly("big5_named_for_the_file", ZH_HANT, "big5", header="id,name,org", given={"members.csv": "big5"})
_loads_exactly("big5_named_for_every_file_single_roster", ZH_HANT, "big5", header="id,name,org", given={"": "big5"}, single=True)
_loads_exactly("latin1_named_for_the_file", EU, "latin-1", header="id,name,org", given={"members.csv": "latin-1"})
_loads_exactly("latin1_named_for_every_file_single_roster", EU, "latin-1", header="id,name,org", given={"": "latin-1"}, single=True)
_loads_exactly("cp1252_named_for_the_file", [*EU, "Œlberg", "Šimon"], "cp1252", header="id,name,org", given={"members.csv": "cp1252"})

GBK_EUROPEAN = ("A GBK/GB18030 file holding European names is refused as encoding_doubtful: letters GBK itself "
                "encodes (é ü ǚ of its pinyin row, Cyrillic) or GB18030 four-byte Latin letters (Ø) are taken for "
                "a misread because they stand next to Latin letters or are not GB2312 hanzi; the text decodes exactly "
                "and should load")
_loads_exactly("gbk_chinese_and_european_names", [*ZH, "José", "Müller"], "gbk")
_loads_exactly("gbk_pinyin_with_tone_marks", [*ZH, "Lǚ Bù"], "gbk")
_loads_exactly("gbk_cyrillic_name", [*ZH, "Иван Петров"], "gbk")
_loads_exactly("gb18030_chinese_and_european_names", [*ZH, "Økland", "François"], "gb18030")
_loads_exactly("gbk_short_roster_of_rare_name_characters", ["刘珺", "周祎", "吴旻", "郑晞", "孙彧"], "gbk", kind="accepted")
_loads_exactly("gb18030_supplementary_plane_name_characters", ["陈𬌗", "𠮷田", *ZH], "gb18030", kind="accepted")

_refused("big5_chinese_refused", ZH_HANT, "big5", 2, "encoding_doubtful")
_refused("latin1_oekland_doubtful", ["Økland"], "latin-1", 2, "encoding_doubtful")
_refused("latin1_european_names_undecodable", EU, "latin-1", 3, "encoding")
_refused("cp1252_mueller_doubtful", ["Müller"], "cp1252", 2, "encoding_doubtful")
_refused("cp1252_european_names_undecodable", [*EU, "Œlberg"], "cp1252", 3, "encoding")
_refused("gbk_file_named_utf8", ZH, "gbk", 2, "encoding_given", given={"members.csv": "utf-8"})
_refused("utf8_file_named_ascii", EU, "utf-8", 2, "encoding_given", given={"members.csv": "ascii"})
_refused("latin1_file_named_big5", ["Økland", "Müller", "Ærø"], "latin-1", 3, "encoding_given", given={"members.csv": "big5"})


@case("encodings")
def gbk_file_with_a_utf8_line(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes(roster_text(["张三", "李四"]).encode("gbk") + "M9,王五,P02\r\n".encode())
    return Built([(*MC, 4, None, "encoding_mixed")])


@case("encodings")
def gbk_file_with_a_utf8_line_in_the_middle(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes("编号,姓名,所在党支部\r\nM0,张三,P02\r\n".encode("gbk") + "M1,王五,P02\r\n".encode()
                                    + "M2,李四,P02\r\n".encode("gbk"))
    return Built([(*MC, 3, None, "encoding_mixed")])


@case("encodings")
def utf8_bom_then_gbk(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes(b"\xef\xbb\xbf" + roster_text(ZH, "id,name,org").encode("gbk"))
    return Built([(*MC, 2, None, "encoding_bad_bom")])


@case("encodings")
def utf16_bom_then_broken_surrogate(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes(b"\xff\xfe" + roster_text(["张三"]).encode("utf-16-le") + "M9,".encode("utf-16-le") + b"\x00\xd8,\x00")
    return Built([(*MC, 3, None, "encoding_bad_bom")])


@case("encodings")
def encoding_named_for_a_file_not_in_the_folder(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]])
    return Built([("nosuch.csv", None, None, None, "no_such_input")], encodings={"nosuch.csv": "gbk"})


@case("encodings")
def bytes_no_encoding_decodes(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes(roster_text(["张三"]).encode("utf-8") + b"M5,\xff\xfe\xfd,P02\r\n")
    return Built([(*MC, 3, None, "encoding")])


@case("encodings")
def utf8_decoded_twice(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes(roster_text([*ZH, "José"]).encode("utf-8").decode("latin-1").encode("utf-8"))
    return Built([(*MC, 1, None, "encoding_doubtful")])


_UTF16_ROWS = ("The row of an encoding problem in a UTF-16 file is found by counting 0x0A bytes, and UTF-16 characters "
               "such as 上 (U+4E0A, bytes 0A 4E) hold one: a broken row after 上官云 is reported one row too late")


@case("encodings")
def utf16_bom_broken_row_after_a_character_holding_byte_0a(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes(b"\xff\xfe" + roster_text(["上官云"]).encode("utf-16-le") + "M9,".encode("utf-16-le") + b"\x00\xd8,\x00")
    return Built([(*MC, 3, None, "encoding_bad_bom")])


@case("encodings")
def utf16_named_broken_row_after_a_character_holding_byte_0a(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes(roster_text(["上官云"]).encode("utf-16-le") + "M9,".encode("utf-16-le") + b"\x00\xd8,\x00")
    return Built([(*MC, 3, None, "encoding_given")], encodings={"members.csv": "utf-16-le"})


_CR_ROWS = ("In a file whose lines end in CR alone (Excel for Mac's \"CSV (Macintosh)\"), encoding problems are located by "
            "counting LF bytes: every one is reported at row 1, and a UTF-8 row in a GBK file is no longer recognised as "
            "encoding_mixed (the whole file is one line)")


@case("encodings")
def cr_line_endings_undecodable_row(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes("编号,姓名,所在党支部\rM1,张三,P02\r".encode() + b"M2,\xff\xfe,P02\r")
    return Built([(*MC, 3, None, "encoding")])


@case("encodings")
def cr_line_endings_gbk_with_a_utf8_row(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes("编号,姓名,所在党支部\rM1,张三,P02\r".encode("gbk") + "M2,李四,P02\r".encode())
    return Built([(*MC, 3, None, "encoding_mixed")])


@case("accepted")
def cr_line_endings_gbk_roster(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes("编号,姓名,所在党支部\rM1,张三,P02\rM2,李四,P03\r".encode("gbk"))

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name") == [("M1", "张三"), ("M2", "李四")]
        assert member_of(ds) == [("M1", "P02"), ("M2", "P03")]
    return Built(check=check)


@case("dates")
def cr_line_endings_date_problem_row(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes(f"{H}\rM1,张三,P02,2001.01\rM2,李四,P02,2023-02-30\r".encode())
    return Built([(*MC, 3, "入党时间", "no_such_day")])


# == personal numbers ===================================================================

def _member_code_case(name: str, make: Callable[[Secrets], str]) -> None:
    def build(d: Path, s: Secrets) -> Built:
        write_csv(d / "members.csv", [M, ["M1", "李四", "P02", "2001.01"], [make(s), "张三", "P02", "2001.01"]])
        return Built([(*MC, 3, "编号", "personal_in_code")])
    CASES.append(Case(name, "personal", build))


def _spaced_id(s: Secrets) -> str:
    n = s.id_number()
    spaced = f"{n[:6]} {n[6:14]} {n[14:]}"
    s.keep(spaced)
    return spaced


def _spaced_phone(s: Secrets) -> str:
    p = s.phone()
    spaced = f"{p[:3]} {p[3:7]} {p[7:]}"
    s.keep(spaced)
    return spaced


def _plus86_phone(s: Secrets) -> str:
    p = s.phone()
    typed = f"+86 {p[:3]}-{p[3:7]}-{p[7:]}"
    s.keep(typed)
    return typed


_member_code_case("member_code_tel_glued_phone", lambda s: f"tel{s.phone()}")
_member_code_case("member_code_idno_glued_id_number", lambda s: f"IDno{s.id_number()}")
_member_code_case("member_code_sfz_glued_id_number", lambda s: f"SFZ{s.id_number()}")
_member_code_case("member_code_bare_id_number", lambda s: s.id_number())
_member_code_case("member_code_old_form_id_number", lambda s: old_form(s.id_number()))
_member_code_case("member_code_spaced_id_number", _spaced_id)
_member_code_case("member_code_bare_phone", lambda s: s.phone())
_member_code_case("member_code_spaced_phone", _spaced_phone)
_member_code_case("member_code_plus86_phone", _plus86_phone)
_member_code_case("member_code_landline", lambda s: s.landline())


@case("personal")
def member_code_id_number_in_xlsx_text_cell(d: Path, s: Secrets) -> Built:
    book(d / "members.xlsx", [M, [f"SFZ{s.id_number()}", "张三", "P02", "2001.01"]])
    return Built([(*MX, 2, "编号", "personal_in_code")])


def _unit_code_case(name: str, make: Callable[[Secrets], str]) -> None:
    def build(d: Path, s: Secrets) -> Built:
        write_csv(d / "units.csv", [*UNITS, [make(s), "新单位", "学校", "5", "C01"]])
        return Built([("units.csv", None, 5, "单位编号", "personal_in_code")])
    CASES.append(Case(name, "personal", build))


_unit_code_case("unit_code_phone", lambda s: s.phone())
_unit_code_case("unit_code_glued_phone", lambda s: f"U{s.phone()}")
_unit_code_case("unit_code_valid_id_number", lambda s: s.id_number())
_unit_code_case("unit_code_landline", lambda s: s.landline())


@case("personal")
def org_and_community_codes_holding_personal_numbers(d: Path, s: Secrets) -> Built:
    write_csv(d / "party_orgs.csv", [*BASE_TABLES["party_orgs.csv"], [s.phone(), "新支部", "党支部", "C01", "", ""]])
    write_csv(d / "communities.csv", [*BASE_TABLES["communities.csv"], [s.id_number(), "新社区", "", ""]])
    return Built([("communities.csv", None, 4, "社区编号", "personal_in_code"), ("party_orgs.csv", None, 6, "编号", "personal_in_code")])


@case("personal")
def employees_holding_phone_and_id_numbers(d: Path, s: Secrets) -> Built:
    number = s.id_number()
    while number.endswith("X"):  # a number cell holds digits only
        number = s.id_number()
    write_csv(d / "units.csv", [*UNITS, ["U09", "新单位", "学校", s.phone(), "C01"], ["U10", "另一单位", "学校", number, "C01"]])
    return Built([("units.csv", None, 5, "职工人数", "personal_in_number"), ("units.csv", None, 6, "职工人数", "personal_in_number")])


@case("personal")
def employees_phone_in_xlsx_number_cell(d: Path, s: Secrets) -> Built:
    (d / "units.csv").unlink()
    book(d / "units.xlsx", [UNITS[0], *[[*r[:3], int(r[3]), r[4]] for r in UNITS[1:]], ["U09", "新单位", "学校", int(s.phone()), "C01"]], "单位")
    return Built([("units.xlsx", "单位", 5, "职工人数", "personal_in_number")])


@case("personal")
def capacity_and_hours_holding_phone_numbers(d: Path, s: Secrets) -> Built:
    write_csv(d / "resources.csv", [["资源编号", "资源名称", "资源类别", "容量", "提供单位"], ["R1", "活动室", "场地", s.phone(), "U01"]])
    write_csv(d / "activities.csv", [["项目编号", "项目名称", "时长"], ["A1", "义诊", s.phone()]])
    return Built([("activities.csv", None, 2, "时长", "personal_in_number"), ("resources.csv", None, 2, "容量", "personal_in_number")])


@case("personal")
def free_text_numbers_are_redacted(d: Path, s: Secrets) -> Built:
    p1, p2, n = s.phone(), s.phone(), s.id_number()
    write_csv(d / "members.csv", [
        ["编号", "姓名", "所在党支部", "特长", "流动党员服务站", "工作单位"],
        ["M1", f"张三{p1}", "P02", f"书法、电话{p2}、摄影", f"服务站 {n}", f"外卖站 联系人手机{p1}"],
        ["M2", "李四", "P02", f"座机 {s.landline()}", "", "阳光小学"],
    ])

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name", "skills", "station", "employer_name") == [
            ("M1", "张三[已删除]", ["书法", "电话[已删除]", "摄影"], "服务站 [已删除]", "外卖站 联系人手机[已删除]"),
            ("M2", "李四", ["座机 [已删除]"], None, "阳光小学"),
        ]
        works = ds.relationships[RelType.WORKS_AT]
        assert list(zip(works["src"], works["dst"], strict=True)) == [("M2", "U01")]
    return Built(check=check)


@case("personal")
def unit_codes_that_are_no_personal_numbers_are_kept(d: Path, s: Secrets) -> Built:
    code = credit_code(s.rng)
    not_valid = with_bad_check_digit(make_id_number(s.rng))  # ID-shaped, but no valid ID number: a unit's own code
    impossible_birth = bad_birth_date(make_id_number(s.rng))
    write_csv(d / "units.csv", [*UNITS, [code, "新单位甲", "学校", "5", "C01"], [not_valid, "新单位乙", "学校", "6", "C01"],
                                [impossible_birth, "新单位丙", "学校", "7", "C02"]])

    def check(ds: Dataset) -> None:
        units = ds.nodes[Label.UNIT]
        assert units["id"].tolist() == ["U01", "U02", "U03", code, not_valid, impossible_birth]
    return Built(check=check)


_MEMBER_REF = ("A member reference holding a personal number is reported twice: personal_in_code, and then, "
               "because the refused cell is emptied, one_of (reports, pairings) or required (participation) as if "
               "the user had left it blank")


@case("personal")
def report_member_reference_holding_id_and_phone(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [M, ["M1", "张三", "P02", ""]])
    write_csv(d / "reports.csv", [["报到党员", "报到社区", "报到时间"], [s.id_number(), "C01", "2024-05-01"], [s.phone(), "C01", "2024-05-01"]])
    return Built([("reports.csv", None, 2, "报到党员", "personal_in_code"), ("reports.csv", None, 3, "报到党员", "personal_in_code")])


@case("personal")
def participation_member_reference_holding_phone(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [M, ["M1", "张三", "P02", ""]])
    write_csv(d / "activities.csv", [["项目编号", "项目名称"], ["A1", "义诊"]])
    write_csv(d / "participation.csv", [["党员", "活动", "服务时长"], [f"tel{s.phone()}", "A1", "2"], ["M1", "A1", "3"]])
    return Built([("participation.csv", None, 2, "党员", "personal_in_code")])


@case("personal")
def pairing_instructor_holding_id_number(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [M, ["M1", "张三", "P02", ""]])
    write_csv(d / "pairings.csv", [["指导员", "结对对象", "角色"], [f"IDno{s.id_number()}", "U01", "指导员"]])
    return Built([("pairings.csv", None, 2, "指导员", "personal_in_code")])


def masked(number: str) -> str:
    """How messages show a personal number: the first four and last two characters."""
    return number[:4] + "*" * (len(number) - 6) + number[-2:]


@case("personal")
def phone_number_in_the_file_name_is_masked(d: Path, s: Secrets) -> Built:
    phone = s.phone()
    write_csv(d / f"党员名册{phone}.csv", [M, ["M1", "张三", "P02", "2023-02-30"]])
    return Built([(f"党员名册{masked(phone)}.csv", None, 2, "入党时间", "no_such_day")])


@case("personal")
def phone_number_in_the_sheet_name_is_masked(d: Path, s: Secrets) -> Built:
    phone = s.phone()
    book(d / "members.xlsx", [M, ["M1", "张三", "P02", "2023-02-30"]], f"党员{phone}")
    return Built([("members.xlsx", f"党员{masked(phone)}", 2, "入党时间", "no_such_day")])


@case("personal")
def member_code_phone_in_xlsx_number_cell(d: Path, s: Secrets) -> Built:
    book(d / "members.xlsx", [M, [int(s.phone()), "张三", "P02", "2001.01"]])
    return Built([(*MX, 2, "编号", "personal_in_code")])


@case("personal")
def phone_in_xlsx_number_cells_of_free_text_is_redacted(d: Path, s: Secrets) -> Built:
    book(d / "members.xlsx", [["编号", "姓名", "所在党支部", "特长", "流动党员服务站"], ["M1", "张三", "P02", int(s.phone()), float(s.phone())]])

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "skills", "station") == [("M1", ["[已删除]"], "[已删除]")]
    return Built(check=check)


N_HEAD, E_HEAD = ["编号", "名称", "标签"], ["起点", "终点", "关系类型"]


@case("personal")
def generic_member_node_by_id_number_becomes_its_pseudonym(d: Path, s: Secrets) -> Built:
    a, b = s.id_number(), s.id_number()
    write_csv(d / "nodes.csv", [N_HEAD, [a, "张三", "党员"], [b, "李四", "Member"], ["X1", "活动室", ""]])
    write_csv(d / "edges.csv", [E_HEAD, [a, "P02", "MEMBER_OF"], [b, "X1", ""]])

    def check(ds: Dataset) -> None:
        pa_, pb = pseudonym(KEY, a), pseudonym(KEY, b)
        assert sorted(member_rows(ds, "id", "name")) == sorted([(pa_, "张三"), (pb, "李四")])
        assert member_of(ds) == [(pa_, "P02")]
        linked = ds.relationships[RelType.LINKED_TO]
        assert list(zip(linked["src"], linked["dst"], strict=True)) == [(pb, "X1")]
    return Built(check=check)


@case("accepted")
def generic_member_node_by_old_form_id_number(d: Path, s: Secrets) -> Built:
    number = s.id_number()
    write_csv(d / "nodes.csv", [N_HEAD, [old_form(number), "张三", "党员"]])

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name") == [(pseudonym(KEY, number), "张三")]
    return Built(check=check)


@case("personal")
def generic_member_node_with_bad_id_numbers(d: Path, s: Secrets) -> Built:
    checksum, birth = with_bad_check_digit(s.id_number()), bad_birth_date(s.id_number())
    s.keep(checksum, birth)
    write_csv(d / "nodes.csv", [N_HEAD, [checksum, "张三", "党员"], [birth, "李四", "Member"],
                                [s.phone(), "王五", "党员"], [f"tel{s.phone()}", "赵六", "Member"]])
    return Built([("nodes.csv", None, 2, "编号", "id_checksum"), ("nodes.csv", None, 3, "编号", "id_birth_date"),
                  ("nodes.csv", None, 4, "编号", "personal_in_code"), ("nodes.csv", None, 5, "编号", "personal_in_code")])


@case("personal")
def generic_non_member_nodes_holding_personal_numbers(d: Path, s: Secrets) -> Built:
    write_csv(d / "nodes.csv", [N_HEAD, [s.phone(), "甲", "节点"], [s.id_number(), "乙", "单位"], [s.phone(), "丙", ""]])
    return Built([("nodes.csv", None, 2, "编号", "personal_in_code"), ("nodes.csv", None, 3, "编号", "personal_in_code"),
                  ("nodes.csv", None, 4, "编号", "personal_in_code")])


@case("personal")
def generic_edge_to_a_phone_number_is_unresolved_and_masked(d: Path, s: Secrets) -> Built:
    write_csv(d / "nodes.csv", [N_HEAD, ["X1", "甲", "节点"]])
    write_csv(d / "edges.csv", [E_HEAD, ["X1", s.phone(), ""], [s.id_number(), "X1", ""]])
    return Built([("edges.csv", None, 2, "终点", "unresolved"), ("edges.csv", None, 3, "起点", "unresolved")])


@case("personal")
def generic_edge_from_a_refused_member_node(d: Path, s: Secrets) -> Built:
    bad = with_bad_check_digit(s.id_number())
    s.keep(bad)
    write_csv(d / "nodes.csv", [N_HEAD, [bad, "张三", "党员"]])
    write_csv(d / "edges.csv", [E_HEAD, [bad, "P02", "MEMBER_OF"]])
    return Built([("nodes.csv", None, 2, "编号", "id_checksum")])


# == hostile files ======================================================================

@case("hostile")
def device_as_the_dataset_path(d: Path, s: Secrets) -> Built:
    return Built([("zero", None, None, None, "not_a_file")], path=Path("/dev/zero"))


@case("hostile")
def fifo_in_the_folder(d: Path, s: Secrets) -> Built:
    os.mkfifo(d / "members.csv")
    return Built([("members.csv", None, None, None, "not_a_file")])


@case("hostile")
def unix_socket_in_the_folder(d: Path, s: Secrets) -> Built:
    short = Path(tempfile.mkdtemp(prefix="gj"))  # AF_UNIX paths are short; bind there, then move in
    try:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(short / "s"))
        sock.close()
        os.rename(short / "s", d / "members.csv")
    finally:
        shutil.rmtree(short, ignore_errors=True)
    return Built([("members.csv", None, None, None, "not_a_file")])


@case("hostile")
def symlink_to_a_device(d: Path, s: Secrets) -> Built:
    os.symlink("/dev/zero", d / "members.csv")
    return Built([("members.csv", None, None, None, "link_outside")])


@case("hostile")
def symlink_to_a_file_outside_the_folder(d: Path, s: Secrets) -> Built:
    outside = d.parent / "outside.csv"
    write_csv(outside, [["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]])
    os.symlink(outside, d / "members.csv")
    return Built([("members.csv", None, None, None, "link_outside")])


@case("hostile")
def symlink_to_the_parent_folder(d: Path, s: Secrets) -> Built:
    os.symlink("..", d / "up.csv")
    return Built([("up.csv", None, None, None, "link_outside")])


@case("hostile")
def dangling_symlink(d: Path, s: Secrets) -> Built:
    os.symlink("gone.csv", d / "members.csv")
    return Built([("members.csv", None, None, None, "file_unreadable")])


@case("hostile")
def text_file_over_one_gib_sparse(d: Path, s: Secrets) -> Built:
    with open(d / "members.csv", "wb") as f:
        f.write(f"{H}\r\n".encode())
        f.truncate((1 << 30) + 1)
    return Built([("members.csv", None, None, None, "file_too_large")])


def _patched_book(path: Path, sheet: str, patch: Callable[[bytes], bytes], rename: str | None = None) -> Path:
    """A small roster workbook whose first sheet's XML is rewritten by ``patch`` (and moved
    to ``rename``, the workbook's relationships following it)."""
    plain = book(path.with_suffix(".tmp.xlsx"), [["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]], sheet)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            name = info.filename
            if name == "xl/worksheets/sheet1.xml":
                data, name = patch(data), rename or name
            elif rename and name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"worksheets/sheet1.xml", rename.removeprefix("xl/").encode())
            dst.writestr(name, data)
    plain.unlink()
    return path


_FAR_ROW = b'<row r="1048576">' + b"<c><v>1</v></c>" * 16384 + b"</row></sheetData>"


@case("hostile")
def workbook_far_cells_without_r_attributes(d: Path, s: Secrets) -> Built:
    _patched_book(d / "members.xlsx", "党员", lambda x: x.replace(b"</sheetData>", _FAR_ROW))
    return Built([("members.xlsx", "党员", None, None, "sheet_too_large")])


@case("hostile")
def workbook_far_cell_in_single_quotes(d: Path, s: Secrets) -> Built:
    _patched_book(d / "members.xlsx", "党员", lambda x: x.replace(
        b"</sheetData>", b"<row r='1048576'><c r = 'xfd1048576'><v>1</v></c></row></sheetData>"))
    return Built([("members.xlsx", "党员", None, None, "sheet_too_large")])


@case("hostile")
def workbook_sheet_part_outside_the_worksheets_folder(d: Path, s: Secrets) -> Built:
    _patched_book(d / "members.xlsx", "党员", lambda x: x.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'), rename="xl/data/sheet1.xml")
    return Built([("members.xlsx", "党员", None, None, "sheet_too_large")])


@case("hostile")
def ods_with_a_value_after_a_million_repeated_rows(d: Path, s: Secrets) -> Built:
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    rows = "".join("<table:table-row>" + "".join(cell.format(c) for c in r) + "</table:table-row>"
                   for r in (["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]))
    rows += ('<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16000"/>'
             '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16000"/>'
             + cell.format("x") + "</table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
               'xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:'
               'opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="党员">'
               + rows + "</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(d / "members.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return Built([("members.ods", "党员", None, None, "sheet_too_large")])


@case("hostile")
def text_file_padded_with_nul_bytes(d: Path, s: Secrets) -> Built:
    (d / "members.csv").write_bytes(f"{H}\nM1,张三,P02,2001.01\n".encode() + bytes(200_000))
    return Built([("members.csv", None, None, None, "not_text")])


@case("personal")
def unit_code_stored_as_a_long_number_in_excel(d: Path, s: Secrets) -> Built:
    book(d / "units.xlsx", [UNITS[0], [911101085513850820, "新单位", "学校", 5, "C01"]], "单位")
    return Built([("units.xlsx", "单位", 2, "单位编号", "code_numeric_cell")])


@case("hostile")
def workbook_file_over_512_mib_sparse(d: Path, s: Secrets) -> Built:
    with open(d / "members.xlsx", "wb") as f:
        f.truncate((512 << 20) + 1)
    return Built([("members.xlsx", None, None, None, "file_too_large")])


_BOMB: list[Path] = []


def zip_bomb() -> Path:
    """A members workbook whose sheet XML holds a 1.1 GB comment (about 1 MB packed); made
    once per process, in a few seconds, and removed at exit."""
    if _BOMB and _BOMB[0].exists():
        return _BOMB[0]
    folder = Path(tempfile.mkdtemp(prefix="gongjian-bomb-"))
    atexit.register(shutil.rmtree, folder, True)
    plain = book(folder / "plain.xlsx", [["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]])
    bomb = folder / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, data)
                continue
            cut = data.index(b"?>") + 2 if b"?>" in data else 0
            with dst.open(info.filename, "w", force_zip64=True) as f:
                f.write(data[:cut] + b"<!--")
                chunk = b" " * (1 << 24)
                for _ in range(66):  # 1.1 GB
                    f.write(chunk)
                f.write(b"-->" + data[cut:])
    _BOMB[:] = [bomb]
    return bomb


@case("hostile")
def zip_bomb_workbook(d: Path, s: Secrets) -> Built:
    try:
        os.link(zip_bomb(), d / "members.xlsx")
    except OSError:
        shutil.copy(zip_bomb(), d / "members.xlsx")
    return Built([("members.xlsx", None, None, None, "archive_too_large")])


@case("hostile")
def sheet_with_one_cell_at_xfd1048576(d: Path, s: Secrets) -> Built:
    book(d / "members.xlsx", [["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]], setup=lambda ws: ws.__setitem__("XFD1048576", "x"))
    return Built([("members.xlsx", "党员", None, None, "sheet_too_large")], params={0: {"cell": "XFD1048576"}})


@case("hostile")
def sheet_with_cells_at_a1048576_and_xfd1(d: Path, s: Secrets) -> Built:
    def far(ws: object) -> None:
        ws["A1048576"] = "x"  # type: ignore[index]
        ws["XFD1"] = "y"  # type: ignore[index]
    book(d / "members.xlsx", [["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]], setup=far)
    return Built([("members.xlsx", "党员", None, None, "sheet_too_large")], params={0: {"cell": "XFD1048576"}})


@case("hostile")
def csv_header_of_100000_columns(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", ",".join(["编号", "姓名", "所在党支部", *(f"c{i}" for i in range(100_000))]) + "\r\nM1,张三,P02\r\n")
    return Built([("members.csv", None, 1, None, "too_many_columns")], params={0: {"n": 100_003, "limit": 1000}})


@case("hostile")
def csv_data_row_of_100000_columns(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", "编号,姓名,所在党支部\r\nM1,张三,P02" + "," * 100_000 + "x\r\n")
    return Built([("members.csv", None, 2, None, "too_many_columns")])


@case("hostile")
def random_bytes_named_xlsx(d: Path, s: Secrets) -> Built:
    (d / "members.xlsx").write_bytes(s.rng.randbytes(5000))
    return Built([("members.xlsx", None, None, None, "file_unreadable")])


@case("hostile")
def random_bytes_named_xls(d: Path, s: Secrets) -> Built:
    (d / "members.xls").write_bytes(s.rng.randbytes(5000))
    return Built([("members.xls", None, None, None, "file_unreadable")])


@case("hostile")
def truncated_workbook(d: Path, s: Secrets) -> Built:
    data = book(d / "members.xlsx", [["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]]).read_bytes()
    (d / "members.xlsx").write_bytes(data[: len(data) // 2])
    return Built([("members.xlsx", None, None, None, "file_unreadable")])


@case("hostile")
def empty_file_named_xlsx(d: Path, s: Secrets) -> Built:
    (d / "members.xlsx").write_bytes(b"")
    return Built([("members.xlsx", None, None, None, "file_unreadable")])


@case("hostile")
def csv_text_named_xlsx(d: Path, s: Secrets) -> Built:
    raw(d, "members.xlsx", "编号,姓名,所在党支部\r\nM1,张三,P02\r\n")
    return Built([("members.xlsx", None, None, None, "file_unreadable")])


@case("hostile")
def formulas_without_cached_values(d: Path, s: Secrets) -> Built:
    (d / "units.csv").unlink()
    book(d / "units.xlsx", [UNITS[0], ["U01", "阳光小学", "学校", "=SUM(1,2)", "C01"], ["U02", "星光科技有限公司", "非公企业", 12, "C01"],
                            ["U03", "和平物业公司", "物业公司", "=D3*2", "C02"]], "单位")
    return Built([("units.xlsx", "单位", 2, "职工人数", "formula_no_value"), ("units.xlsx", "单位", 4, "职工人数", "formula_no_value")],
                 params={0: {"formula": "=SUM(1,2)"}, 1: {"formula": "=D3*2"}})


# == headers ============================================================================

def _invisible_header_case(name: str, header: str, shown: str, xlsx: bool = False) -> None:
    def build(d: Path, s: Secrets) -> Built:
        rows = [["编号", header, "所在党支部"], ["M1", "张三", "P02"]]
        if xlsx:
            book(d / "members.xlsx", rows)
            return Built([(*MX, 1, shown, "header_invisible")])
        if header.startswith("\ufeff"):  # a second BOM: the file's own, then this one
            rows = [[header, "姓名", "所在党支部"], ["M1", "张三", "P02"]]
        write_csv(d / "members.csv", rows)
        return Built([(*MC, 1, shown, "header_invisible")])
    CASES.append(Case(name, "headers", build))


_invisible_header_case("header_second_bom", "\ufeff编号", "\\ufeff编号")
_invisible_header_case("header_nul", "姓名\x00", "姓名\\u0000")
_invisible_header_case("header_zero_width_space", "姓\u200b名", "姓\\u200b名")
_invisible_header_case("header_right_to_left_override", "\u202e姓名", "\\u202e姓名")
_invisible_header_case("header_zero_width_space_xlsx", "姓\u200b名", "姓\\u200b名", xlsx=True)


@case("headers")
def header_missing_required_column(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [["编号", "姓名", "入党时间"], ["M1", "张三", "2001.01"]])
    return Built([(*MC, 1, None, "missing_column")], params={0: {"column": "所在党组织"}})


@case("headers")
def header_duplicate_column(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [["编号", "姓名", "党员姓名", "所在党支部"], ["M1", "张三", "张三", "P02"]])
    return Built([(*MC, 1, "党员姓名", "duplicate_column")], params={0: {"other": 2}})


@case("headers")
def header_none_recognised(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [["甲", "乙", "丙"], ["M1", "张三", "P02"]])
    return Built([(*MC, None, None, "no_header")])


@case("headers")
def header_below_the_twentieth_row(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [*[["东湖街道党员名册"]] * 20, ["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]])
    return Built([(*MC, None, None, "no_header")])


@case("headers")
def unknown_table_blank_csv(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", ",,,\r\n\r\n ,\r\n")
    return Built([(*MC, None, None, "unknown_table")])


# == root causes once ===================================================================

def _undecodable_members(d: Path) -> None:
    (d / "members.csv").write_bytes("编号,姓名,所在党支部\r\nM1,张三,P02\r\n".encode() + b"M2,\xff\xfe,P02\r\n")


@case("root_causes")
def references_into_an_undecodable_file(d: Path, s: Secrets) -> Built:
    _undecodable_members(d)
    write_csv(d / "reports.csv", [["报到党员", "报到社区", "报到时间"], ["M1", "C01", "2024-05-01"], ["M2", "C01", "2024-05-01"],
                                  ["M3", "C02", "2024-05-01"]])
    return Built([(*MC, 3, None, "encoding"), ("reports.csv", None, 2, "报到党员", "refs_unchecked")],
                 params={1: {"n": 3, "first": 2, "source": "members.csv"}})


@case("root_causes")
def references_from_two_files_into_an_undecodable_file(d: Path, s: Secrets) -> Built:
    _undecodable_members(d)
    write_csv(d / "activities.csv", [["项目编号", "项目名称"], ["A1", "义诊"]])
    write_csv(d / "participation.csv", [["党员", "活动"], ["M1", "A1"], ["M2", "A1"]])
    write_csv(d / "pairings.csv", [["指导员", "结对对象", "角色"], ["M1", "U01", "指导员"]])
    return Built([(*MC, 3, None, "encoding"), ("pairings.csv", None, 2, "指导员", "refs_unchecked"),
                  ("participation.csv", None, 2, "党员", "refs_unchecked")], params={2: {"n": 2}})


@case("root_causes")
def references_into_a_file_missing_a_column(d: Path, s: Secrets) -> Built:
    write_csv(d / "party_orgs.csv", [["编号", "党组织类别"], ["P05", "党支部"], ["P06", "党支部"]])
    # The names are in no column the file has: the references by name cannot be checked (the ids can).
    write_csv(d / "members.csv", [M, ["M1", "张三", "第五党支部", ""], ["M2", "李四", "第六党支部", ""], ["M3", "王五", "P05", ""]])
    return Built([(*MC, 2, "所在党支部", "refs_unchecked"), ("party_orgs.csv", None, 1, None, "missing_column")],
                 params={0: {"n": 2, "first": 2, "source": "party_orgs.csv"}})


@case("root_causes")
def references_into_a_file_without_header(d: Path, s: Secrets) -> Built:
    write_csv(d / "party_orgs.csv", [["甲", "乙"], ["P05", "党支部"]])
    write_csv(d / "members.csv", [M, ["M1", "张三", "P05", ""]])
    return Built([(*MC, 2, "所在党支部", "refs_unchecked"), ("party_orgs.csv", None, None, None, "no_header")])


@case("root_causes")
def references_into_an_unreadable_workbook(d: Path, s: Secrets) -> Built:
    (d / "units.csv").unlink()
    (d / "units.xlsx").write_bytes(s.rng.randbytes(3000))
    write_csv(d / "party_orgs.csv", [*BASE_TABLES["party_orgs.csv"], ["P05", "新单位党支部", "党支部", "C01", "P01", "新单位"]])
    return Built([("party_orgs.csv", None, 6, "所在单位", "refs_unchecked"), ("units.xlsx", None, None, None, "file_unreadable")])


@case("root_causes")
def references_into_a_garbage_text_file(d: Path, s: Secrets) -> Built:
    (d / "party_orgs.csv").write_bytes(b"\x00\x01garbage\xff\xfe\xfa")
    write_csv(d / "members.csv", [M, ["M1", "张三", "P05", ""], ["M2", "李四", "P06", ""]])
    return Built([(*MC, 2, "所在党支部", "refs_unchecked"), ("party_orgs.csv", None, 1, None, "encoding")])


@case("root_causes")
def references_to_a_member_row_refused_for_its_id_number(d: Path, s: Secrets) -> Built:
    bad = with_bad_check_digit(s.id_number())
    s.keep(bad)
    write_csv(d / "members.csv", [["编号", "姓名", "公民身份号码", "所在党支部"], ["M1", "张三", bad, "P02"], ["M2", "李四", s.id_number(), "P02"]])
    write_csv(d / "reports.csv", [["报到党员", "报到社区", "报到时间"], ["张三", "C01", "2024-05-01"], ["M1", "C01", "2024-05-01"],
                                  ["李四", "C01", "2024-05-01"]])
    return Built([(*MC, 2, "公民身份号码", "id_checksum")])


_COLLAPSE = ("_root_causes_once turns every unresolved reference of the dataset into refs_unchecked as soon as any file "
             "failed at file level, even references into tables that were read fine (value hidden, wrong file named as the cause)")


@case("root_causes")
def unrelated_unresolved_reference_beside_an_unreadable_file(d: Path, s: Secrets) -> Built:
    (d / "units.csv").unlink()
    (d / "units.xlsx").write_bytes(s.rng.randbytes(3000))
    write_csv(d / "members.csv", [M, ["M1", "张三", "P99", ""]])
    return Built([(*MC, 2, "所在党支部", "unresolved"), ("units.xlsx", None, None, None, "file_unreadable")])


@case("root_causes")
def unresolved_reference_beside_a_duplicate_column(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [["编号", "姓名", "所在党支部", "党支部"], ["M1", "张三", "P02", "P02"], ["M2", "李四", "P98", "P98"]])
    return Built([(*MC, 1, "党支部", "duplicate_column"), (*MC, 3, "所在党支部", "unresolved")])


# == numbers ============================================================================

def _employees_case(name: str, value: str, code: str) -> None:
    def build(d: Path, s: Secrets) -> Built:
        write_csv(d / "units.csv", [*UNITS, ["U09", "新单位", "学校", value, "C01"]])
        return Built([("units.csv", None, 5, "职工人数", code)])
    CASES.append(Case(name, "numbers", build))


# A run of 15+ digits is a personal-number shape (personal_in_number); 1e20 and inf are no counts of employees.
_employees_case("employees_twenty_digits", "1" * 20, "personal_in_number")
_employees_case("employees_beyond_int64_in_exponent_form", "1e20", "number_out_of_range")
_employees_case("employees_infinite", "inf", "number_out_of_range")


@case("numbers")
def hours_infinite(d: Path, s: Secrets) -> Built:
    write_csv(d / "activities.csv", [["项目编号", "项目名称", "时长"], ["A1", "义诊", "inf"], ["A2", "讲座", "1e400"], ["A3", "植树", "2.5小时"]])
    return Built([("activities.csv", None, 2, "时长", "number_out_of_range"), ("activities.csv", None, 3, "时长", "number_out_of_range")])


@case("numbers")
def numbers_that_are_no_numbers(d: Path, s: Secrets) -> Built:
    write_csv(d / "units.csv", [*UNITS, ["U09", "新单位", "学校", "十二", "C01"], ["U10", "另一单位", "学校", "-5", "C01"],
                                ["U11", "第三单位", "学校", "2.5", "C01"]])
    return Built([("units.csv", None, 5, "职工人数", "not_integer"), ("units.csv", None, 6, "职工人数", "negative"),
                  ("units.csv", None, 7, "职工人数", "not_integer")])


# == accepted, though odd ===============================================================

@case("accepted")
def gbk_title_rows_blank_rows_and_totals(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [
        ["东湖街道党员花名册（截至2026年10月）", "", "", ""], ["", "", "", ""], M,
        ["M1", "张三", "阳光社区第一党支部", "1985.03"], ["", "", "", ""], ["M2", "李四", "P03", "2019年7月1日"],
        ["合计", "2人", "", ""], ["填表人：王五", "", "", ""],
    ], encoding="gbk")

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name", "join_date") == [("M1", "张三", dt.date(1985, 3, 1)), ("M2", "李四", dt.date(2019, 7, 1))]
        assert member_of(ds) == [("M1", "P02"), ("M2", "P03")]
    return Built(check=check)


@case("accepted")
def xlsx_merged_title_merged_cells_totals_and_notes(d: Path, s: Secrets) -> Built:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员名册"
    ws.append(["东湖街道党员花名册"])
    ws.merge_cells("A1:E1")
    ws.append(["编号", "姓名", "所在党支部", "入党时间", None])
    ws.merge_cells("D2:E2")  # a header cell spanning two columns
    ws.append(["M1", "张三", "阳光社区第一党支部", "2001.07", None])
    ws.append(["M2", "李四", None, dt.datetime(2002, 7, 1), None])
    ws.merge_cells("C3:C4")
    ws.append(["M3", "王五", "阳光小学党支部", 2003.1, None])
    ws.append(["合计", "3人"])
    ws.append(["填表人：赵六"])
    wb.save(d / "members.xlsx")

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name", "join_date") == [
            ("M1", "张三", dt.date(2001, 7, 1)), ("M2", "李四", dt.date(2002, 7, 1)), ("M3", "王五", dt.date(2003, 1, 1))]
        assert member_of(ds) == [("M1", "P02"), ("M2", "P02"), ("M3", "P03")]
    return Built(check=check)


@case("accepted")
def xlsx_header_cells_merged_over_two_rows(d: Path, s: Secrets) -> Built:
    def merge(ws: object) -> None:
        for col in "ABCD":
            ws.merge_cells(f"{col}1:{col}2")  # type: ignore[attr-defined]
    book(d / "members.xlsx", [M, [None] * 4, ["M1", "张三", "P02", "2001.07"]], "党员名册", merge)

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name", "join_date") == [("M1", "张三", dt.date(2001, 7, 1))]
    return Built(check=check)


@case("accepted")
def old_form_fifteen_digit_id_numbers(d: Path, s: Secrets) -> Built:
    a = s.id_number(born=dt.date(1962, 5, 17), male=False)
    b = s.id_number(born=dt.date(1975, 1, 2), male=True)
    write_csv(d / "members.csv", [["姓名", "公民身份号码", "所在党支部"], ["张三", old_form(a), "P02"], ["李四", b, "P03"]])
    write_csv(d / "reports.csv", [["身份证号", "报到社区", "报到时间"], [old_form(a), "阳光社区", "2024-05-01"], [old_form(b), "C02", "2024-05-02"]])

    def check(ds: Dataset) -> None:
        pa_, pb = pseudonym(KEY, a), pseudonym(KEY, b)
        assert member_rows(ds, "id", "name", "birth_year", "gender") == [(pa_, "张三", 1962, "female"), (pb, "李四", 1975, "male")]
        rel = ds.relationships[RelType.REPORTED_TO]
        assert sorted(zip(rel["src"], rel["dst"], strict=True)) == sorted([(pa_, "C01"), (pb, "C02")])
    return Built(check=check)


@case("accepted")
def full_width_digits_letters_and_spaces(d: Path, s: Secrets) -> Built:
    write_csv(d / "units.csv", [*UNITS, ["Ｕ０９", "　新　单位 ", "学校", "１２０", "Ｃ０１"]])
    write_csv(d / "members.csv", [M, ["Ｍ００１", "  张 三 ", " 阳光社区第一党支部 ", "１９８５．０３"]])

    def check(ds: Dataset) -> None:
        unit = ds.nodes[Label.UNIT].to_dict("records")[-1]
        assert (unit["id"], unit["name"], unit["employees"], unit["community"]) == ("U09", "新 单位", 120, "C01")
        assert member_rows(ds, "id", "name", "join_date") == [("M001", "张 三", dt.date(1985, 3, 1))]
        assert member_of(ds) == [("M001", "P02")]
    return Built(check=check)


@case("accepted")
def trailing_empty_columns(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", "编号,姓名,所在党支部,,\r\nM1,张三,P02,,\r\nM2,李四,P03,,\r\n")

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name") == [("M1", "张三"), ("M2", "李四")]
        assert member_of(ds) == [("M1", "P02"), ("M2", "P03")]
    return Built(check=check)


@case("accepted")
def very_many_trailing_empty_fields(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", "编号,姓名,所在党支部\r\nM1,张三,P02" + "," * 100_000 + "\r\n")

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name") == [("M1", "张三")]
    return Built(check=check)


@case("accepted")
def quoted_cells_with_commas_and_quotes(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", '编号,姓名,所在党支部,流动党员服务站\r\nM1,"张三,李四",P02,"东湖""红帆""服务站"\r\nM2,"王五","P03",\r\n')

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name", "station") == [("M1", "张三,李四", '东湖"红帆"服务站'), ("M2", "王五", None)]
    return Built(check=check)


@case("accepted")
def stray_quote_inside_an_unquoted_cell(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", '编号,姓名,所在党支部\r\nM1,张"三,P02\r\nM2,李四,P02\r\n')

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name") == [("M1", '张"三'), ("M2", "李四")]
    return Built(check=check)


@case("accepted")
def quoted_multi_line_cell_in_a_list_column(d: Path, s: Secrets) -> Built:
    raw(d, "members.csv", '编号,姓名,所在党支部,特长\r\nM1,张三,P02,"书法\r\n摄影"\r\nM2,李四,P02,"唱歌\n舞蹈、下棋"\r\nM3,王五,P02,\r\n')

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "skills") == [("M1", ["书法", "摄影"]), ("M2", ["唱歌", "舞蹈", "下棋"]), ("M3", [])]
    return Built(check=check)


@case("accepted")
def multi_line_list_cell_in_xlsx(d: Path, s: Secrets) -> Built:
    book(d / "members.xlsx", [["编号", "姓名", "所在党支部", "特长"], ["M1", "张三", "P02", "书法\n摄影"]])

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "skills") == [("M1", ["书法", "摄影"])]
    return Built(check=check)


@case("accepted")
def values_at_their_length_limits(d: Path, s: Secrets) -> Built:
    write_csv(d / "members.csv", [["编号", "姓名", "所在党支部", "流动党员服务站"], ["M" * 100, "张" * 200, "P02", "站" * 500]])

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name", "station") == [("M" * 100, "张" * 200, "站" * 500)]
    return Built(check=check)


@case("accepted")
def symlink_inside_the_folder(d: Path, s: Secrets) -> Built:
    (d / "sub").mkdir()
    write_csv(d / "sub" / "m.csv", [["编号", "姓名", "所在党支部"], ["M1", "张三", "P02"]])
    os.symlink(d / "sub" / "m.csv", d / "members.csv")

    def check(ds: Dataset) -> None:
        assert member_rows(ds, "id", "name") == [("M1", "张三")]
    return Built(check=check)


@case("accepted")
def dates_every_accepted_spelling(d: Path, s: Secrets) -> Built:
    values = ["1985.03", "1985年3月", "1985-03-12", "2019年7月1日", "19850312", "198503", "1985/3/12", "1985", "43647",
              "2024-02-29", "2023-02-28T10:00:00"]
    write_csv(d / "members.csv", [M, *[[f"M{i}", f"党员{i}", "P02", v] for i, v in enumerate(values)]])

    def check(ds: Dataset) -> None:
        assert [str(v) for (v,) in member_rows(ds, "join_date")] == [
            "1985-03-01", "1985-03-01", "1985-03-12", "2019-07-01", "1985-03-12", "1985-03-01", "1985-03-12", "1985-01-01",
            "2019-07-01", "2024-02-29", "2023-02-28"]
    return Built(check=check)


def by_kind() -> dict[str, list[Case]]:
    out: dict[str, list[Case]] = {}
    for c in CASES:
        out.setdefault(c.kind, []).append(c)
    return out


assert len({c.name for c in CASES}) == len(CASES), "case names are unique"
