"""Benchmark: hostile input files are refused within seconds and in bounded memory.

Builds each file in a temporary folder and runs ``gongjian validate PATH --table members``
on it under ``/usr/bin/time -v`` (60 s timeout), printing the exit code, wall seconds, peak
RSS and the first line of the message (the first problem):

* ``xfd``         a workbook whose only stray cell is XFD1048576 (17 billion cells from A1);
* ``zip-bomb``    an .xlsx whose sheet XML is padded with a 1.5 GiB XML comment (~1.5 MB packed);
* ``wide-csv``    a CSV whose header has 100,000 columns;
* ``dev-zero``    ``/dev/zero`` given as the roster;
* ``fifo``        a named pipe called members.csv (opening it would wait forever);
* ``link-out``    a folder whose members.csv is a symbolic link to a file outside it;
* ``damaged``     a 1.5 kB workbook: a real one cut short, and one with its sheet's bytes flipped;
* ``ods-repeat``  an .ods whose one value stands after 1,048,000 repeated empty rows and 16,000
                  repeated empty columns (a few hundred bytes of XML, 16.8 billion cells);
* ``xfd-no-r``    an .xlsx whose last row holds 16,384 ``<c><v>1</v></c>`` cells without an ``r``
                  attribute (the far cell XFD1048576 is found only by counting them);
* ``xfd-quoted``  an .xlsx whose stray cell is written ``r='XFD1048576'``, in single quotes;
* ``nul-csv``     300 MB of NUL bytes named members.csv;
* ``shared-strings`` an .xlsx whose sharedStrings.xml unpacks to ~300 MB (over the 200 MB limit).

The goal (from the issue): each refused (exit 1, one located problem) within seconds and in
at most 1 GB.

    python benchmarks/bench_hostile.py [--keep DIR] [CASE ...]

Not a test: the figures depend on the machine; the refusals are what matters.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GONGJIAN = ROOT / ".venv" / "bin" / "gongjian"
TIMEOUT_S = 60
#: The goals: refused within this many seconds, in at most this much memory.
GOAL_S, GOAL_MB = 10.0, 1024
HEADERS = ["姓名", "所在党支部", "入党时间"]


def _workbook(path: Path, stray: str | None = None) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员"
    ws.append(HEADERS)
    ws.append(["张三", "第一党支部", "2001-07-01"])
    if stray:
        ws[stray] = "x"
    wb.save(path)
    return path


def xfd(folder: Path) -> Path:
    return _workbook(folder / "xfd.xlsx", stray="XFD1048576")


def zip_bomb(folder: Path, padding: int = 3 << 29) -> Path:
    """A real workbook whose sheet XML carries an XML comment of ``padding`` bytes, written
    in chunks (the file is built without holding the padding in memory)."""
    plain = _workbook(folder / "plain.xlsx")
    out = folder / "zip-bomb.xlsx"
    chunk = b"A" * (8 << 20)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            data = src.read(info)
            if not info.filename.startswith("xl/worksheets/"):
                dst.writestr(info, data)
                continue
            head, sep, tail = data.partition(b"?>")
            member = zipfile.ZipInfo(info.filename, info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(member, "w", force_zip64=True) as f:
                f.write(head + sep + b"<!--")
                for _ in range(padding // len(chunk)):
                    f.write(chunk)
                f.write(b"-->" + tail)
    plain.unlink()
    return out


def wide_csv(folder: Path, columns: int = 100_000) -> Path:
    path = folder / "wide.csv"
    header = HEADERS + [f"列{i}" for i in range(columns - len(HEADERS))]
    path.write_text(",".join(header) + "\n" + "张三,第一党支部,2001-07-01\n", encoding="utf-8")
    return path


def dev_zero(_folder: Path) -> Path:
    return Path("/dev/zero")


def fifo(folder: Path) -> Path:
    path = folder / "fifo" / "members.csv"
    path.parent.mkdir()
    os.mkfifo(path)
    return path


def link_out(folder: Path) -> Path:
    outside = folder / "outside.csv"
    outside.write_text(",".join(HEADERS) + "\n张三,第一党支部,2001-07-01\n", encoding="utf-8")
    data = folder / "linked"
    data.mkdir()
    (data / "members.csv").symlink_to(outside)
    return data


def damaged_cut(folder: Path, size: int = 1536) -> Path:
    path = _workbook(folder / "damaged-cut.xlsx")
    path.write_bytes(path.read_bytes()[:size])
    return path


def damaged_flipped(folder: Path, size: int = 1536) -> Path:
    """A workbook of ``size`` bytes, written by hand (no styles, no theme), whose sheet's
    compressed bytes are inverted: the archive's directory is intact, its content is not."""
    path = folder / "damaged-flipped.xlsx"
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet name="党员" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {ns}><sheetData>'
        + "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{v}</t></is></c></row>' for r, v in enumerate(["姓名", "张三", "李四", "王五"], 1))
        + "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start, start + info.compress_size):
        data[i] ^= 0xFF
    data += b"\0" * max(size - len(data), 0)  # padded after the directory's end: zip readers allow it
    path.write_bytes(bytes(data))
    return path


def _openpyxl_parts(folder: Path) -> dict[str, bytes]:
    """The parts of a small openpyxl workbook (sheet 党员), by name: the minimal valid frame
    into which a hand-written sheet or sharedStrings part is put."""
    plain = _workbook(folder / "parts.xlsx")
    with zipfile.ZipFile(plain) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    plain.unlink()
    return parts


_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
               '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>所在党支部</t></is></c>'
               '<c r="C1" t="inlineStr"><is><t>入党时间</t></is></c></row>'
               '<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2" t="inlineStr"><is><t>第一党支部</t></is></c>'
               '<c r="C2" t="inlineStr"><is><t>2001-07-01</t></is></c></row>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _with_sheet(folder: Path, name: str, sheet_xml: str) -> Path:
    """An .xlsx made of a small openpyxl workbook's parts, its sheet replaced by ``sheet_xml``."""
    parts = _openpyxl_parts(folder)
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    out = folder / name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, data in parts.items():
            zf.writestr(part, data)
    return out


def xfd_no_r(folder: Path) -> Path:
    """The last row (1,048,576, written with its ``r``) holds 16,384 cells without ``r``: the
    reader places them one after the other, out to column XFD."""
    return _with_sheet(folder, "xfd-no-r.xlsx",
                       _SHEET_HEAD + '<row r="1048576">' + "<c><v>1</v></c>" * 16_384 + "</row>" + _SHEET_TAIL)


def xfd_quoted(folder: Path) -> Path:
    """The stray cell's reference in single quotes (valid XML, and no ``r="`` to find)."""
    return _with_sheet(folder, "xfd-quoted.xlsx",
                       _SHEET_HEAD + "<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>" + _SHEET_TAIL)


def shared_strings(folder: Path, size: int = 300 << 20) -> Path:
    """A real workbook whose cells are shared strings, and whose sharedStrings.xml holds
    ``size`` bytes of strings (written in chunks, deflated to about 0.5 MB)."""
    parts = _openpyxl_parts(folder)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{ns}"><sheetData>'
             + "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>{3 * (r - 1) + k}</v></c>' for k, c in enumerate("ABC")) + "</row>"
                       for r in (1, 2))
             + "</sheetData></worksheet>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSS" Target="sharedStrings.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
    strings = ["姓名", "所在党支部", "入党时间", "张三", "第一党支部", "2001-07-01"]
    filler = ("<si><t>" + "备注" * 2000 + "</t></si>").encode()  # 12 kB a string
    out = folder / "shared-strings.xlsx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for part, data in parts.items():
            zf.writestr(part, data)
        member = zipfile.ZipInfo("xl/sharedStrings.xml", (2024, 1, 1, 0, 0, 0))
        member.compress_type = zipfile.ZIP_DEFLATED
        n = len(strings) + size // len(filler)
        with zf.open(member, "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{ns}" count="{n}" uniqueCount="{n}">'.encode()
                    + "".join(f"<si><t>{t}</t></si>" for t in strings).encode())
            for _ in range(size // len(filler)):
                f.write(filler)
            f.write(b"</sst>")
    return out


def ods_repeat(folder: Path) -> Path:
    """An OpenDocument spreadsheet: the header and a member, then 1,048,000 empty rows as one
    repeated row, then a row of 16,000 repeated empty cells and one value."""
    office = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"')

    def cells(values: list[str]) -> str:
        return "".join(f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>' for v in values)

    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {office}><office:body><office:spreadsheet>'
               '<table:table table:name="党员">'
               f"<table:table-row>{cells(HEADERS)}</table:table-row>"
               f"<table:table-row>{cells(['张三', '第一党支部', '2001-07-01'])}</table:table-row>"
               '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
               f'<table:table-row><table:table-cell table:number-columns-repeated="16000"/>{cells(["x"])}</table:table-row>'
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    out = folder / "ods-repeat.ods"
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)  # first, stored
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out


def nul_csv(folder: Path, size: int = 300 << 20) -> Path:
    """``size`` NUL bytes named members.csv (a disk image, a file a crash left padded), written in chunks."""
    path = folder / "nul" / "members.csv"
    path.parent.mkdir()
    chunk = b"\0" * (16 << 20)
    with open(path, "wb") as f:
        for start in range(0, size, len(chunk)):
            f.write(chunk[: size - start])
    return path


CASES: dict[str, Callable[[Path], Path]] = {
    "xfd": xfd, "zip-bomb": zip_bomb, "wide-csv": wide_csv, "dev-zero": dev_zero, "fifo": fifo,
    "link-out": link_out, "damaged-cut": damaged_cut, "damaged-flipped": damaged_flipped,
    "ods-repeat": ods_repeat, "xfd-no-r": xfd_no_r, "xfd-quoted": xfd_quoted, "nul-csv": nul_csv,
    "shared-strings": shared_strings,
}


def _size(path: Path) -> str:
    if not path.is_file() or path.is_symlink():
        return "-"
    n = path.stat().st_size
    return f"{n / 1024:.1f} kB" if n < 1 << 20 else f"{n / (1 << 20):.1f} MB"


def run(path: Path, env: dict[str, str]) -> dict[str, object]:
    """``gongjian validate PATH --table members`` under ``/usr/bin/time -v``."""
    command = ["/usr/bin/time", "-v", str(GONGJIAN), "--lang", "en", "validate", str(path), "--table", "members"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT_S)
        code: object = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = "timeout"
    wall = time.perf_counter() - started
    text = (out + err).decode("utf-8", "replace")
    report, _, timing = text.partition("\tCommand being timed:")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing)
    status = re.search(r"Exit status: (\d+)", timing)
    if status and code != "timeout":
        code = int(status.group(1))  # the command's own, not time's
    lines = [line.strip() for line in report.splitlines() if line.strip()]
    # The first located problem (the line under "the input has N problem(s)…"), else the first line.
    first = next((line for line in lines[1:] if not line.startswith("the input has")), lines[0] if lines else "")
    return {"code": code, "wall": wall, "rss_mb": int(rss.group(1)) / 1024 if rss else None, "message": first}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build the files in this folder and keep them")
    parser.add_argument("cases", nargs="*", metavar="CASE", choices=[[], *CASES], help="run only these (default: all)")
    args = parser.parse_args()
    if not GONGJIAN.exists():
        sys.exit(f"{GONGJIAN} not found: run make test (or pip install -e .) first")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="gongjian-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GONGJIAN_HOME": str(folder / "home"), "GONGJIAN_KEY_FILE": str(folder / "pseudonym.key"),
           "GONGJIAN_LANG": "en"}
    rows = []
    try:
        for name, build in CASES.items():
            if args.cases and name not in args.cases:
                continue
            t0 = time.perf_counter()
            path = build(folder)
            built = time.perf_counter() - t0
            result = run(path, env)
            ok = result["code"] == 1 and float(result["wall"]) <= GOAL_S and (result["rss_mb"] or 0) <= GOAL_MB  # type: ignore[arg-type]
            rows.append((name, _size(path), f"{built:.1f}", result, ok))
            print(f"{name:16} built in {built:5.1f} s", file=sys.stderr, flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"goal: exit 1 within {GOAL_S:.0f} s and {GOAL_MB} MB; gongjian validate PATH --table members, timeout {TIMEOUT_S} s")
    print(f"{'case':16} {'file':>9} {'exit':>7} {'wall s':>7} {'max RSS MB':>10}  {'goal':4}  first line of the message")
    for name, size, _built, r, ok in rows:
        rss = f"{r['rss_mb']:.0f}" if r["rss_mb"] is not None else "-"
        print(f"{name:16} {size:>9} {r['code']!s:>7} {r['wall']:7.2f} {rss:>10}  {'ok' if ok else 'MISS':4}  {r['message']}")


if __name__ == "__main__":
    main()
