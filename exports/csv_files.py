"""CSV files that Excel opens safely: every CSV Gongjian writes goes through :func:`write_csv`.

Three rules, for the users who open these files in Excel or WPS:

1. The output starts with a UTF-8 byte-order mark, so that Excel reads the Chinese as UTF-8
   (without it, Excel on a Chinese Windows reads the bytes as GBK and shows mojibake). Only a
   file asked for in another encoding (GBK, as the sample's roster imitates) has none.
2. A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read
   by a spreadsheet as a formula (CSV injection, OWASP): such a cell gets a single quote
   ``'`` in front, which the spreadsheet shows as text. Plain numbers are left alone: Python
   ``int`` and ``float`` values, and text that is a plain decimal number such as ``-12`` or
   ``3.5`` (nothing else: not ``-1+2``, not ``-1e3``).
3. A list becomes its items joined with ``、``; ``None`` becomes an empty cell.

Examples
--------
>>> import io
>>> buffer = io.StringIO()
>>> write_csv([{"名称": "=HYPERLINK(\\"x\\")", "数量": -5}, {"名称": ["甲", "乙"], "数量": None}],
...           ["名称", "数量"], buffer)
2
>>> buffer.getvalue()
'\\ufeff名称,数量\\r\\n"\\'=HYPERLINK(""x"")",-5\\r\\n甲、乙,\\r\\n'
"""

from __future__ import annotations

import codecs
import csv
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

#: What a text stream gets first, so that Excel reads it as UTF-8.
BOM = "\ufeff"

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection;
#: ASVS 5.0 adds NUL). Full-width forms (＝ ＋ － ＠) count as what they normalise to.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")

#: A plain decimal number: an optional minus, digits, an optional fraction. Nothing else.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")

#: What a list's items are joined with.
LIST_SEPARATOR = "、"

Row = Mapping[str, object] | Sequence[object]


def cell_text(value: object) -> str:
    """``value`` as the text of one cell, before any neutralising: lists joined with ``、``,
    ``None`` empty, everything else ``str()``.

    >>> cell_text(["阳光社区", "和平社区"]), cell_text(None), cell_text(3.5)
    ('阳光社区、和平社区', '', '3.5')
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell_text(v) for v in value)
    return str(value)


def excel_safe(value: object) -> str:
    """The text of one cell that no spreadsheet runs as a formula.

    >>> [excel_safe(v) for v in ("=1+1", "@SUM(1)", "-1+2", "+86 138", "\\tx", "\\rx")]
    ["'=1+1", "'@SUM(1)", "'-1+2", "'+86 138", "'\\tx", "'\\rx"]
    >>> [excel_safe(v) for v in ("-5", "-12", "3.5", -7, -0.25, "阳光社区", "", None)]
    ['-5', '-12', '3.5', '-7', '-0.25', '阳光社区', '', '']
    >>> excel_safe(["=A1", "b"]), excel_safe("-1e3"), excel_safe(float("-inf")), excel_safe(float("nan"))
    ("'=A1、b", "'-1e3", "'-inf", '')
    >>> excel_safe("＝1+1"), excel_safe("\\x00=1")
    ("'＝1+1", "'\\x00=1")
    """
    if isinstance(value, float) and not math.isfinite(value):  # Excel reads -inf as a formula (#NAME?)
        return "" if math.isnan(value) else "'" + str(value)
    if isinstance(value, numbers.Integral | float):  # a number the program holds is data, not a formula
        return str(value)
    text = cell_text(value)
    if unicodedata.normalize("NFKC", text[:1]).startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def is_utf8(encoding: str) -> bool:
    """Whether ``encoding`` names UTF-8 (which gets a :data:`BOM`), under any of its names.

    >>> is_utf8("UTF8"), is_utf8("utf-8-sig"), is_utf8("gbk")
    (True, True, False)
    """
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


class CsvWriter:
    """One CSV file written in parts: the header when made, then rows as they come, each cell
    through :func:`excel_safe`, each row ending with CRLF (RFC 4180, as Excel has it).

    ``target`` is an open text stream (``newline=""``); ``bom`` writes :data:`BOM` first, as
    every UTF-8 file gets. :attr:`rows` counts the rows written so far.

    >>> import io
    >>> buffer = io.StringIO()
    >>> table = CsvWriter(buffer, ["id", "value"])
    >>> table.write([("C01", "-1+2")]), table.write([{"id": "C02", "value": 3}]), table.rows
    (1, 1, 2)
    >>> buffer.getvalue()
    "\\ufeffid,value\\r\\nC01,'-1+2\\r\\nC02,3\\r\\n"
    """

    def __init__(self, target: TextIO, columns: Sequence[str], *, bom: bool = True) -> None:
        if bom:
            target.write(BOM)
        self.columns = list(columns)
        self.rows = 0
        self._writer = csv.writer(target, lineterminator="\r\n")
        self._writer.writerow([excel_safe(c) for c in self.columns])

    def write(self, rows: Iterable[Row]) -> int:
        """Write ``rows`` (mappings by column name, or sequences in column order); how many."""
        n = 0
        for row in rows:
            cells = [row.get(c) for c in self.columns] if isinstance(row, Mapping) else list(row)
            self._writer.writerow([excel_safe(v) for v in cells])
            n += 1
        self.rows += n
        return n


def write_csv(rows: Iterable[Row], columns: Sequence[str], target: Path | str | TextIO, *,
              encoding: str = "utf-8") -> int:
    """Write ``columns`` as the header and then ``rows`` (mappings by column name, or sequences
    in column order) to ``target``, a path or an open text stream; return the number of rows.

    Every cell goes through :func:`excel_safe`, as :class:`CsvWriter` writes it. A path is
    written in ``encoding``: UTF-8 by default, starting with :data:`BOM`; another encoding
    (``gbk``, for a file that must look like a roster Excel saved on a Chinese Windows) has no
    BOM, since only UTF-8 has one. A stream is written as it is, after a BOM (give it UTF-8,
    with ``newline=""``).

    >>> import io, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_csv([("C01", "-1+2")], ["id", "value"], folder / "x.csv")
    1
    >>> (folder / "x.csv").read_bytes()
    b"\\xef\\xbb\\xbfid,value\\r\\nC01,'-1+2\\r\\n"
    >>> write_csv([("C01", "阳光社区")], ["id", "名称"], folder / "gbk.csv", encoding="gbk")
    1
    >>> (folder / "gbk.csv").read_bytes() == "id,名称\\r\\nC01,阳光社区\\r\\n".encode("gbk")
    True
    """
    if isinstance(target, str | Path):
        utf8 = is_utf8(encoding)
        with open(target, "w", encoding="utf-8" if utf8 else encoding, newline="") as f:
            return CsvWriter(f, columns, bom=utf8).write(rows)
    return CsvWriter(target, columns).write(rows)
