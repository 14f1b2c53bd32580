"""A workbook looked at before it is opened: what it unpacks to, how far each sheet reaches,
and which cells are formulas without a value.

The spreadsheet reader lays a sheet out as one dense grid from A1 to its farthest cell, so
one stray cell at ``XFD1048576`` asks for 17 billion cells (549 GB) and the process dies.
A zip archive can also claim to be small and unpack to gigabytes. Both are found here by
streaming the archive's members once, in bounded memory, before the reader sees the file.

A formula saved without its computed value (files written by programs, not by Excel) reads
as an empty cell; it is listed here so that the loader can say "this is a formula".

Examples
--------
>>> column_number("A"), column_number("XFD")
(1, 16384)
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from loaders.personal import mask_personal

#: Unpacked bytes a workbook may hold in all (a district's roster unpacks to some 50 MB; the
#: reader holds every shared string in memory, several times their size).
MAX_UNPACKED = 200 << 20
#: Cells one sheet's used range may span (rows × columns from A1).
MAX_CELLS = 5_000_000
_CHUNK = 1 << 22
_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix
_TAG = re.compile(rb"<" + _P + rb"(c|row)\b([^>]*)>")
_R = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{0,3})([0-9]{1,7})["']""")
_CELL = re.compile(rb"<" + _P + rb"c\b([^>]*?)(/>|>(.*?)</" + _P + rb"c>)", re.S)
_CELL_END = re.compile(rb"</" + _P + rb"c>")
_FORMULA = re.compile(rb"<" + _P + rb"f\b[^>]*?(?:/>|>(.*?)</" + _P + rb"f>)", re.S)
_VALUE = re.compile(rb"<" + _P + rb"v\b[^>]*?(?:/>|>([^<]*)<)", re.S)
_TYPE_STR = re.compile(rb"""\bt\s*=\s*["'](?:str|e|b)["']""")
_ODS_TAG = re.compile(rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_REPEAT_ROWS = re.compile(rb"""table:number-rows-repeated\s*=\s*["'](\d+)["']""")
_ODS_REPEAT_COLS = re.compile(rb"""table:number-columns-repeated\s*=\s*["'](\d+)["']""")
_ODS_NAME = re.compile(rb"""table:name\s*=\s*["']([^"']*)["']""")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


def column_number(letters: str) -> int:
    """The 1-based number of a column written in letters."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(number: int) -> str:
    """The letters of a 1-based column number.

    >>> column_letters(16384)
    'XFD'
    """
    out = ""
    while number:
        number, rem = divmod(number - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class SheetLook:
    """What one sheet holds, as far as the checks need."""

    name: str
    rows: int = 0
    columns: int = 0
    #: 0-based (row, column) → the formula's text, for formula cells saved without a value.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def cells(self) -> int:
        """Cells of the dense grid from A1 to the farthest cell."""
        return self.rows * self.columns


@dataclass
class WorkbookLook:
    """A workbook's sheets, or why it is refused (``code`` and ``params``)."""

    sheets: list[SheetLook] = field(default_factory=list)
    code: str | None = None
    params: dict[str, object] = field(default_factory=dict)
    sheet: str | None = None


def size_text(n: int) -> str:
    """A size as messages show it: MB, or bytes when under one."""
    return f"{n / (1 << 20):.0f} MB" if n >= 1 << 20 else f"{n} B"


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Member path → sheet name, from the workbook part and its relationships."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels.findall("p:Relationship", _NS):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = path
    names = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        rid = sheet.get(f"{{{_NS['r']}}}id")
        if rid in targets:
            names[targets[rid]] = sheet.get("name", "")
    return names


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]):  # type: ignore[no-untyped-def]
    """The member's bytes in chunks, counting against the shared ``budget``."""
    with zf.open(info) as f:
        while chunk := f.read(_CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise OverflowError
            yield chunk


_STD_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_STD_ROW = re.compile(rb'<row r="([0-9]{1,7})"')


def _fast_extent(look: SheetLook, buf: bytes) -> tuple[int, int] | None:
    """The extent of a chunk in which every row and cell carries its ``r`` first and no
    namespace prefix, as Excel and most writers put it: found by the regex engine alone.
    Returns the last row and column (the state for the next chunk), or ``None`` when any
    tag is otherwise."""
    if b":c " in buf or b":c>" in buf or b":row " in buf:
        return None
    n_cells = buf.count(b"<c ") + buf.count(b"<c>") + buf.count(b"<c/")
    n_rows = buf.count(b"<row ") + buf.count(b"<row>") + buf.count(b"<row/")
    if buf.count(b'<c r="') != n_cells or buf.count(b'<row r="') != n_rows:
        return None
    cells, rows = _STD_CELL.findall(buf), _STD_ROW.findall(buf)
    if len(cells) != n_cells or len(rows) != n_rows:
        return None
    if rows:
        look.rows = max(look.rows, max(map(int, rows)))
    if cells:
        look.rows = max(look.rows, max(map(int, (r for _, r in cells))))
        look.columns = max(look.columns, max(column_number(c.decode()) for c in {c for c, _ in cells}))
    last_row = int(rows[-1]) if rows else 0
    return last_row, column_number(cells[-1][0].decode()) if cells else 0


def _extent(look: SheetLook, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bool:
    """Fill in the sheet's farthest row and column as the reader will place its cells (a
    cell or row without an ``r`` attribute follows the one before); return whether the
    sheet holds formulas."""
    tail, formulas = b"", False
    row = col = 0
    for chunk in _stream(zf, info, budget):
        buf = tail + chunk
        cut = buf.rfind(b"<")
        buf, tail = (buf[:cut], buf[cut:]) if cut >= 0 and len(buf) - cut < 4096 else (buf, b"")
        fast = _fast_extent(look, buf)
        if fast is not None:
            row, col = fast[0] or row, fast[1] or col
            formulas = formulas or b"<f" in buf or b":f>" in buf or b":f " in buf
            continue
        for m in _TAG.finditer(buf):
            r = _R.search(m.group(2))
            if m.group(1) == b"row":
                row = int(r.group(2)) if r else row + 1
                col = 0
                continue
            if r:
                col = column_number(r.group(1).upper().decode()) if r.group(1) else col + 1
                row = int(r.group(2)) or row
            else:
                col += 1
            look.rows, look.columns = max(look.rows, row), max(look.columns, col)
        formulas = formulas or b"<f" in buf or b":f>" in buf or b":f " in buf
    return formulas


def _formulas(look: SheetLook, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> None:
    """Record the formula cells that were saved without a computed value (an empty string is
    a value: Excel writes ``t="str"`` with an empty ``<v>``)."""
    carry = b""
    for chunk in _stream(zf, info, budget):
        buf = carry + chunk
        ends = list(_CELL_END.finditer(buf))
        end = ends[-1].end() if ends else 0
        for m in _CELL.finditer(buf, 0, end):
            body = m.group(3) or b""
            f = _FORMULA.search(body)
            ref = _R.search(m.group(1))
            if f is None or ref is None:
                continue
            v = _VALUE.search(body)
            if v is not None and (v.group(1) or _TYPE_STR.search(m.group(1))):
                continue
            row, col = int(ref.group(2)) - 1, column_number(ref.group(1).upper().decode()) - 1
            text = mask_personal("=" + (f.group(1) or b"").decode("utf-8", "replace"))
            look.formulas[(row, col)] = text if len(text) <= 40 else text[:40] + "…"
        carry = buf[end:]
        if len(carry) > 1 << 20:
            carry = carry[-(1 << 16):]


def _ods_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> list[SheetLook]:
    """Each ODS sheet's farthest non-empty cell, counting repeated rows and columns as the
    reader expands them (``number-rows-repeated="1048000"`` before one value is a million rows)."""
    sheets: list[SheetLook] = []
    tail = b""
    rows_before = block_end = col = 0
    for chunk in _stream(zf, info, budget):
        buf = tail + chunk
        cut = buf.rfind(b"<")
        buf, tail = (buf[:cut], buf[cut:]) if cut >= 0 and len(buf) - cut < 4096 else (buf, b"")
        for m in _ODS_TAG.finditer(buf):
            kind, attrs = m.group(1), m.group(2)
            if kind == b"table":
                name = _ODS_NAME.search(attrs)
                sheets.append(SheetLook(name.group(1).decode("utf-8", "replace") if name else str(len(sheets) + 1)))
                rows_before = block_end = col = 0
            elif kind == b"table-row":
                rep = _ODS_REPEAT_ROWS.search(attrs)
                rows_before += int(rep.group(1)) if rep else 1
                block_end, col = rows_before, 0  # the block's last row (1-based)
            elif sheets:
                rep = _ODS_REPEAT_COLS.search(attrs)
                n = int(rep.group(1)) if rep else 1
                if b"value-type" in attrs:
                    look = sheets[-1]
                    look.rows, look.columns = max(look.rows, block_end), max(look.columns, col + n)
                col += n
    return sheets


def look_at_workbook(path: Path) -> WorkbookLook:
    """Stream the workbook at ``path`` once (twice for sheets with formulas), in bounded memory.

    A file that is no zip archive (an ``.xls``) comes back with no sheets and no refusal:
    the reader judges it.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return WorkbookLook()
    with zf:
        infos = zf.infolist()
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNPACKED:
            return WorkbookLook(code="archive_too_large", params={"size": size_text(declared), "limit": size_text(MAX_UNPACKED)})
        names = _sheet_names(zf)
        budget = [MAX_UNPACKED]
        look = WorkbookLook()
        try:
            for info in infos:
                name = info.filename
                if name == "content.xml":
                    look.sheets += _ods_extent(zf, info, budget)
                    continue
                if name not in names and not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    # Every other member is streamed too: its true size must match its claim.
                    for _ in _stream(zf, info, budget):
                        pass
                    continue
                sheet = SheetLook(names.get(name, posixpath.basename(name)))
                if _extent(sheet, zf, info, budget):
                    _formulas(sheet, zf, info, budget)
                look.sheets.append(sheet)
            for sheet in look.sheets:
                if sheet.cells > MAX_CELLS:
                    far = f"{column_letters(max(sheet.columns, 1))}{sheet.rows}"
                    return WorkbookLook(code="sheet_too_large", sheet=sheet.name,
                                        params={"cell": far, "cells": f"{sheet.cells:,}", "limit": f"{MAX_CELLS:,}"})
        except OverflowError:
            return WorkbookLook(code="archive_too_large", params={"size": f"> {size_text(MAX_UNPACKED)}", "limit": size_text(MAX_UNPACKED)})
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError, RuntimeError) as e:  # a bad CRC: the sizes lied
            return WorkbookLook(code="file_unreadable", params={"detail": str(e) or type(e).__name__})
        return look
