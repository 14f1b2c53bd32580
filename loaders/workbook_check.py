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

#: Unpacked bytes a workbook may hold in all.
MAX_UNPACKED = 1 << 30
#: Cells one sheet's used range may span (rows × columns from A1).
MAX_CELLS = 10_000_000
_CHUNK = 1 << 22
_REF = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?(?:c|row)\b[^>]*?\sr="([A-Z]{0,3})([0-9]{1,7})"')
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)(/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>)", re.S)
_R_ATTR = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*?(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v\b[^>]*>([^<]+)<", re.S)
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


def _size(n: int) -> str:
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


def _extent(look: SheetLook, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bool:
    """Fill in the sheet's farthest row and column; return whether it holds formulas."""
    tail, formulas = b"", False
    for chunk in _stream(zf, info, budget):
        buf = tail + chunk
        for m in _REF.finditer(buf):
            look.rows = max(look.rows, int(m.group(2)))
            if m.group(1):
                look.columns = max(look.columns, column_number(m.group(1).decode()))
        formulas = formulas or b"<f" in buf or b":f " in buf or b":f>" in buf
        tail = buf[-512:]
    return formulas


def _formulas(look: SheetLook, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> None:
    """Record the formula cells that were saved without a computed value."""
    carry = b""
    for chunk in _stream(zf, info, budget):
        buf = carry + chunk
        cut = buf.rfind(b"</c>")
        cut2 = buf.rfind(b"/>")
        end = max(cut + 4 if cut >= 0 else 0, cut2 + 2 if cut2 >= 0 else 0)
        for m in _CELL.finditer(buf, 0, end):
            body = m.group(3) or b""
            f = _FORMULA.search(body)
            ref = _R_ATTR.search(m.group(1))
            if f is None or ref is None or _VALUE.search(body):
                continue
            row, col = int(ref.group(2)) - 1, column_number(ref.group(1).decode()) - 1
            look.formulas[(row, col)] = "=" + (f.group(1) or b"").decode("utf-8", "replace")[:40]
        carry = buf[end:]


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
            return WorkbookLook(code="archive_too_large", params={"size": _size(declared), "limit": _size(MAX_UNPACKED)})
        names = _sheet_names(zf)
        budget = [MAX_UNPACKED]
        look = WorkbookLook()
        try:
            for info in infos:
                name = info.filename
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    # Every other member is streamed too: its true size must match its claim.
                    for _ in _stream(zf, info, budget):
                        pass
                    continue
                sheet = SheetLook(names.get(name, posixpath.basename(name)))
                has_formulas = _extent(sheet, zf, info, budget)
                if sheet.cells > MAX_CELLS:
                    far = f"{column_letters(max(sheet.columns, 1))}{sheet.rows}"
                    return WorkbookLook(code="sheet_too_large", sheet=sheet.name,
                                        params={"cell": far, "cells": f"{sheet.cells:,}", "limit": f"{MAX_CELLS:,}"})
                if has_formulas:
                    _formulas(sheet, zf, info, budget)
                look.sheets.append(sheet)
        except OverflowError:
            return WorkbookLook(code="archive_too_large", params={"size": f"> {_size(MAX_UNPACKED)}", "limit": _size(MAX_UNPACKED)})
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError, RuntimeError) as e:  # a bad CRC: the sizes lied
            return WorkbookLook(code="file_unreadable", params={"detail": str(e) or type(e).__name__})
        return look
