"""No resident ID number or phone number reaches Neo4j: not its graph, not its logs, not its
transaction log or store files.

Two crafted datasets are loaded with ``gongjian load DIR --store neo4j``, the second with
``--replace``. They carry ID numbers (18 digits and the old 15) in 公民身份号码, phone numbers
in 手机号码, numbers glued to letters in free text (``tel139…``, ``SFZ<id>``), an employer
outside the units table written with a phone number, a reports table naming members by ID
number, and a generic nodes table whose 党员 node has an ID number as its 编号 (with edges
naming it by that number). Every number made is then looked for, in its 18- and 15-digit
forms, in every property of every node and relationship, in the server's logs, and in the
bytes of its transaction log and store files.

A plain byte search would find almost nothing there even if it were written: Neo4j packs a
string of up to a few dozen characters into the property record itself, 4 to 8 bits a
character from bit 39 of the record's value blocks, so a number alone (``1101…``) or glued to
letters (``SFZ1101…``) never appears as ASCII; and a longer string is cut into 120-byte
records whose headers may split a number in two. The scan therefore also decodes every
short-string property block it can find (Neo4j's own codec tables, both byte orders) and
joins the two sides of every seam between records of one long string or array. A throwaway
experiment planting raw numbers through the driver confirmed that it finds all twelve
shapes tried (alone, glued, in Chinese text, in a list, on a relationship, split across
records), where ASCII and UTF-16 alone found two.

The layouts decoded are those of Neo4j 5.26's record format (the unit test below pins them
with blocks written by Neo4j itself); a release that lays records out otherwise would need
its own. The store files hold what the server's last checkpoint wrote (every 15 minutes, and
on shutdown); the transaction log holds every change committed since, this test's included.

Fresh numbers are made on every run, so that a leak found is a leak of this run, not one an
earlier run left in the shared server folder; a failure names the seed, and
``GONGJIAN_TEST_SEED=N`` makes that run's numbers again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from loaders.personal import mask_personal

from .conftest import BASE_TABLES, fresh_neo4j_store, make_id_number, write_csv

pytestmark = pytest.mark.neo4j

# -- the scanner ---------------------------------------------------------------------------------

#: Neo4j's short-string codecs that can hold a digit (``ShortStringCodec`` in 5.26): id → (bits
#: a character, the characters by code); 0 is UTF-8 and 10 Latin-1, a byte a character.
_ALPHANUM = " ABCDEFGHIJKLMNOPQRSTUVWXYZ01234_abcdefghijklmnopqrstuvwxyz56789"
_CODECS: dict[int, tuple[int, str | None]] = {
    0: (8, None),
    10: (8, None),
    1: (4, "0123456789 .-+,'"),  # NUMERICAL
    2: (4, "0123456789 -:/+,"),  # DATE
    6: (6, " abcdefghijklmnopqrstuvwxyz+,-./0123456789_.-:/+,'@|;*?&%#()$<>="),  # URI
    7: (6, _ALPHANUM),  # ALPHANUM
    9: (7, "".join(map(chr, range(0xC0, 0xD7))) + "." + "".join(map(chr, range(0xD8, 0xF7))) + "-"
        + "".join(map(chr, range(0xF8, 0x100))) + _ALPHANUM),  # EUROPEAN
    11: (4, "0123456789abcdef"),  # LOWERHEX
    12: (4, "0123456789ABCDEF"),  # UPPERHEX
}
_SHORT_STRING = 11  # PropertyType.SHORT_STRING
_HEADER_BITS = 39  # key id 24, type 4, codec 5, length 6
_PAYLOAD_BITS = 256  # four 8-byte value blocks
#: The longest string each codec packs into the blocks (0 for the codecs without digits).
_MAX_LENGTH = np.array([(_PAYLOAD_BITS - _HEADER_BITS) // _CODECS[c][0] if c in _CODECS else 0 for c in range(32)])
#: Property key ids below this (a database has a few dozen keys): one more filter on candidates.
_MAX_KEYS = 4096
#: A full dynamic record (120 bytes of a long string or array) in the transaction log,
#: little-endian: [id 8][type 4][flags 1][length 4 = 120][next id 8], then the data.
_TX_FULL_RECORD = re.compile(rb"\x78\x00\x00\x00(.{8})", re.S)
_BLOCK, _RECORD, _TX_HEADER, _SEAM = 120, 128, 25, 24
#: Bytes looked at a time, and how far windows overlap (a number is never cut by a window).
_WINDOW, _OVERLAP = 8 << 20, 64
#: The shortest run of digits looked at: a phone number's 11.
_SHORTEST = 11
_RUN = re.compile(rb"[0-9Xx]{11,}")
_RUN_TEXT = re.compile(r"[0-9Xx]{11,}")


def _hits(runs: Iterator[str], needles: set[str]) -> set[str]:
    found: set[str] = set()
    for run in runs:
        run = run.upper()
        found |= {n for n in needles if n in run}
    return found


def _runs(mask: np.ndarray) -> Iterator[tuple[int, int]]:
    """(start, end) of every run of at least :data:`_SHORTEST` true values in ``mask``."""
    edges = np.diff(mask.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long = ends - starts >= _SHORTEST
    yield from zip(starts[long].tolist(), ends[long].tolist(), strict=True)


def _text_runs(window: bytes, b: np.ndarray) -> Iterator[str]:
    """Runs of digits (and the X of an ID number) in ``window`` as ASCII and as UTF-16-LE."""
    digit = ((b >= 0x30) & (b <= 0x39)) | (b == 0x58) | (b == 0x78)
    for s, e in _runs(digit):
        yield window[s:e].decode("ascii")
    wide = digit[:-1] & (b[1:] == 0)
    for parity in (0, 1):
        for s, e in _runs(wide[parity::2]):
            yield window[parity + 2 * s : parity + 2 * e].decode("utf-16-le")


def _decode_block(raw: bytes, order: str) -> str | None:
    """The short string in the 32 bytes ``raw`` read as property value blocks, if any."""
    if order == "little":
        bits = int.from_bytes(raw, "little")
    else:
        bits = sum(int.from_bytes(raw[8 * k : 8 * k + 8], "big") << (64 * k) for k in range(4))
    codec, count = (bits >> 28) & 0x1F, (bits >> 33) & 0x3F
    step, table = _CODECS[codec]
    codes = [(bits >> (_HEADER_BITS + i * step)) & ((1 << step) - 1) for i in range(count)]
    if table is None:
        return bytes(codes).decode("utf-8" if codec == 0 else "latin-1", "replace")
    return "".join(table[c] for c in codes)


#: Where the 32 bytes of four value blocks lie, as one little-endian stream, in each byte order.
_STREAM = {"little": np.arange(32), "big": np.array([8 * (k // 8) + 7 - k % 8 for k in range(32)])}
#: Which codes of each codec are digits.
_DIGIT_CODES = {c: np.array([ch.isdigit() for ch in table] if table else [0x30 <= k <= 0x39 for k in range(256)])
                for c, (_, table) in _CODECS.items()}


def _enough_digits(b: np.ndarray, at: np.ndarray, order: str, codec: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Whether the string of the block at each offset in ``at`` holds a run of at least
    :data:`_SHORTEST` digits, for all candidates at once (most are names, versions and other
    text that need not be decoded one by one)."""
    words = np.ascontiguousarray(b[at[:, None] + _STREAM[order][None, :]]).view("<u8")
    out = np.zeros(len(at), dtype=bool)
    for c in np.unique(codec).tolist():
        step, _ = _CODECS[c]
        sel = codec == c
        w, n = words[sel], length[sel]
        run, longest = np.zeros(len(w), dtype=np.int64), np.zeros(len(w), dtype=np.int64)
        mask = np.uint64((1 << step) - 1)
        for i in range(int(_MAX_LENGTH[c])):
            k, shift = divmod(_HEADER_BITS + i * step, 64)
            code = w[:, k] >> np.uint64(shift)
            if shift + step > 64:
                code |= w[:, k + 1] << np.uint64(64 - shift)
            run = (run + 1) * (_DIGIT_CODES[c][(code & mask).astype(np.intp)] & (i < n))
            np.maximum(longest, run, out=longest)
        out[sel] = longest >= _SHORTEST
    return out


def _short_strings(window: bytes, b: np.ndarray, n: int) -> Iterator[str]:
    """The short string a property block starting at each of the first ``n`` offsets of
    ``window`` could hold, in both byte orders, when it holds enough digits to be a number:
    candidates (the short-string type, a small key id, a codec that has digits, a length that
    can hold a number, enough digits) are found with numpy, and only they are decoded."""
    for order, type_at, length_at, key_at in (("little", 3, 4, 1), ("big", 4, 3, 5)):
        at = np.flatnonzero((b[type_at : type_at + n] & 0x0F) == _SHORT_STRING)
        type_byte, length_byte = b[at + type_at], b[at + length_at]
        key_high, key_mid = (b[at + key_at + 1], b[at + key_at]) if order == "little" else (b[at + key_at], b[at + key_at + 1])
        codec = (type_byte >> 4) | ((length_byte & 1) << 4)
        length = (length_byte >> 1) & 0x3F
        ok = (key_high == 0) & (key_mid < _MAX_KEYS >> 8) & (length >= _SHORTEST) & (length <= _MAX_LENGTH[codec])
        at, codec, length = at[ok], codec[ok], length[ok]
        at = at[_enough_digits(b, at, order, codec, length)]
        for o in at.tolist():
            text = _decode_block(window[o : o + 32].ljust(32, b"\0"), order)
            if text:
                yield text


def _seams(data: bytes, name: str) -> Iterator[bytes]:
    """The bytes either side of each seam between two records of one long string or array."""
    if name.startswith("neostore.transaction.db"):
        for m in _TX_FULL_RECORD.finditer(data):
            nxt, end = m.group(1), m.end() + _BLOCK
            if nxt != b"\xff" * 8 and data[end : end + 8] == nxt:
                yield data[end - _SEAM : end] + data[end + _TX_HEADER : end + _TX_HEADER + _SEAM]
    elif name.endswith((".strings", ".arrays")) and len(data) % _RECORD == 0:
        # 128-byte records: [flags, next's high bits, length 24][next 32] big-endian, then data.
        heads = np.frombuffer(data, dtype=">u4").reshape(-1, _RECORD // 4)[:, :2]
        count = len(heads)
        for r in np.flatnonzero((heads[:, 0] & 0xFFFFFF) == _BLOCK).tolist():
            first, low = int(heads[r, 0]), int(heads[r, 1])
            nxt = ((first >> 24) & 0x0F) << 32 | low
            if low != 0xFFFFFFFF and nxt < count:
                yield data[(r + 1) * _RECORD - _SEAM : (r + 1) * _RECORD] + data[nxt * _RECORD + 8 : nxt * _RECORD + 8 + _SEAM]


def numbers_in(data: bytes, needles: set[str], name: str = "", *, records: bool = True) -> set[str]:
    """The ``needles`` found in ``data``: as ASCII, as UTF-16-LE, and (``records``) in Neo4j's
    short-string property blocks and across the seams of its long-string records."""
    found: set[str] = set()
    for start in range(0, max(len(data), 1), _WINDOW):
        window = data[start : start + _WINDOW + _OVERLAP]
        b = np.frombuffer(window + bytes(40), dtype=np.uint8)
        found |= _hits(_text_runs(window, b[: len(window)]), needles)
        if records:
            n = max(min(_WINDOW, len(data) - start), 0)
            found |= _hits((m.group() for s in _short_strings(window, b, n) for m in _RUN_TEXT.finditer(s)), needles)
    if records:
        found |= _hits((m.group().decode("ascii") for s in _seams(data, name) for m in _RUN.finditer(s)), needles)
    return found


def scan(files: list[Path], needles: set[str], *, records: bool) -> dict[str, set[str]]:
    """File → the needles found in it."""
    out: dict[str, set[str]] = {}
    for p in files:
        try:
            data = p.read_bytes()
        except OSError:  # rotated or removed by the server while we looked
            continue
        hits = numbers_in(data, needles, p.name, records=records)
        if hits:
            out[str(p)] = hits
    return out


def test_the_scanner_reads_neo4j_short_strings_and_seams() -> None:
    # Blocks as Neo4j 5.26 wrote them (LongerShortString.encode, key id 37): digits alone
    # (NUMERICAL), glued to letters (ALPHANUM, URI) and in Chinese text (UTF-8).
    blocks = {
        "0123456789012345": [3033464757995700261, 180808600635],
        "SFZ0123456789012345": [3949878590069276709, 16393100374237442990, 31190842],
        "tel01234567890": [13862266692077355045, 294089934850563152],
        "外卖01234567890": [14650898578084462629, 11104074687172003570, 26511157205786],
    }
    for text, longs in blocks.items():
        digits = re.sub(r"\D", "", text)
        for order in ("little", "big"):
            data = b"\x07" * 5 + b"".join(v.to_bytes(8, order) for v in longs) + b"\x09" * 40  # type: ignore[arg-type]
            assert numbers_in(data, {digits}) == {digits}, (text, order)
            assert numbers_in(data, {digits}, records=False) == set()
    assert numbers_in("电话01234567890".encode("utf-16-le"), {"01234567890"}, records=False) == {"01234567890"}
    needle = "012345678901234567"
    seam = b"a" * 112 + needle[:8].encode()
    tx = (b"\x02" + b"\0" * 7 + b"\x09\0\0\0" + b"\x23" + b"\x78\0\0\0" + b"\x03" + b"\0" * 7 + seam
          + b"\x03" + b"\0" * 7 + b"\x09\0\0\0" + b"\x03" + b"\x0a\0\0\0" + b"\xff" * 8 + needle[8:].encode())
    assert numbers_in(tx, {needle}, "neostore.transaction.db.0") == {needle}
    assert numbers_in(tx, {needle}, "neostore.transaction.db.0", records=False) == set()
    store = bytearray(3 * _RECORD)
    store[_RECORD : _RECORD + 8] = bytes.fromhex("1000007800000002")
    store[_RECORD + 8 : 2 * _RECORD] = seam
    store[2 * _RECORD : 2 * _RECORD + 8] = bytes.fromhex("9000000affffffff")
    store[2 * _RECORD + 8 : 2 * _RECORD + 18] = needle[8:].encode()
    assert numbers_in(bytes(store), {needle}, "neostore.propertystore.db.strings") == {needle}


# -- the crafted rosters -------------------------------------------------------------------------


@dataclass
class Made:
    """The personal numbers written into the crafted files."""

    rng: random.Random
    phone_base: int
    id_numbers: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    def id_number(self, old: bool = False) -> str:
        born = dt.date(self.rng.randint(1940, 1999), self.rng.randint(1, 12), self.rng.randint(1, 28)) if old else None
        number = make_id_number(self.rng, born=born)
        self.id_numbers.append(number)
        return number[:6] + number[8:17] if old else number

    def phone(self) -> str:
        p = f"139{self.phone_base + len(self.phones):08d}"
        self.phones.append(p)
        return p

    def needles(self) -> set[str]:
        """Every number made, ID numbers in their 18- and 15-digit forms."""
        return {*self.id_numbers, *(n[:6] + n[8:17] for n in self.id_numbers), *self.phones}


MEMBERS = 12


def craft(folder: Path, made: Made, tag: str) -> None:
    """Communities, units and organizations (conftest's), and members, reports, nodes and edges
    full of personal numbers; free text of growing length puts the glued numbers at many offsets."""
    folder.mkdir(parents=True)
    for name, rows in BASE_TABLES.items():
        write_csv(folder / name, rows)
    members = [["姓名", "公民身份号码", "手机号码", "所在党支部", "工作单位", "特长", "流动党员服务站"]]
    for i in range(MEMBERS):
        given = made.id_number(old=i % 4 == 3)  # every fourth in the old 15-digit form
        employer = "阳光小学" if i % 3 == 0 else f"外卖站{'东' * i} 联系人手机{made.phone()}"
        members.append([f"{tag}党员{i}", given, made.phone(), "阳光社区第一党支部", employer,
                        f"书法、{'摄影' * i}tel{made.phone()}", f"{'城东' * i}SFZ{made.id_number()}"])
    write_csv(folder / "members.csv", members)
    reports = [["身份证号", "报到社区", "报到时间"]] + [[row[1], "阳光社区", "2024-05-01"] for row in members[1:6]]
    write_csv(folder / "reports.csv", reports)
    generic, generic_old = made.id_number(), made.id_number(old=True)
    write_csv(folder / "nodes.csv", [
        ["编号", "名称", "标签", "类型"],
        [generic, f"{tag}通用党员", "党员", f"志愿者 电话{made.phone()}"],
        [generic_old, f"{tag}旧号党员", "党员", f"SFZ{made.id_number()}"],
        ["X1", f"{tag}志愿队", "", ""],
    ])
    write_csv(folder / "edges.csv", [
        ["起点", "终点", "关系类型"],
        [generic, "P02", "MEMBER_OF"], [generic, "X1", "LINKED_TO"], [generic_old, "X1", "LINKED_TO"],
    ])


def _server_folder(connection) -> Path | None:  # type: ignore[no-untyped-def]
    """The folder of the local server the session's ``neo4j_connection`` runs (``.neo4j/``, or
    ``.neo4j-VERSION/`` for another release): the one whose ``connection.json`` names its URI."""
    from . import conftest

    for folder in sorted(conftest.REPO.glob(".neo4j*")):
        try:
            if json.loads((folder / "connection.json").read_text())["uri"] == connection.uri:
                return folder
        except (OSError, ValueError, KeyError):
            continue
    return None


@dataclass
class Loaded:
    made: Made
    seed: int
    external: bool
    server: Path | None
    nodes: list[tuple[list[str], dict[str, object]]]
    rels: list[tuple[str, dict[str, object]]]


@pytest.fixture(scope="module")
def loaded(neo4j_connection, tmp_path_factory: pytest.TempPathFactory) -> Loaded:  # type: ignore[no-untyped-def]
    """Both crafted sets loaded through the command line, and everything read back."""
    from neo4j import GraphDatabase

    external = bool(os.environ.get("NEO4J_URI"))
    seed = int(os.environ.get("GONGJIAN_TEST_SEED") or random.SystemRandom().randrange(1 << 32))
    rng = random.Random(seed)
    made = Made(rng, phone_base=rng.randrange(0, 10**8 - 10_000))
    tmp = tmp_path_factory.mktemp("neo4j-personal")
    craft(tmp / "first", made, "甲")
    craft(tmp / "second", made, "乙")
    c = neo4j_connection
    fresh_neo4j_store(c).close()
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        for key, value in (("NEO4J_URI", c.uri), ("NEO4J_USER", c.user), ("NEO4J_PASSWORD", c.password),
                           ("NEO4J_DATABASE", c.database), ("GONGJIAN_HOME", str(tmp / "home")),
                           ("GONGJIAN_KEY_FILE", str(tmp / "config" / "pseudonym.key")), ("GONGJIAN_LANG", "en")):
            mp.setenv(key, value)
        first = runner.invoke(app, ["load", str(tmp / "first"), "--store", "neo4j"])
        assert first.exit_code == 0, first.output
        second = runner.invoke(app, ["load", str(tmp / "second"), "--store", "neo4j", "--replace"])
        assert second.exit_code == 0, second.output
    for output in (first.output, second.output):
        if _hits(iter(_RUN_TEXT.findall(output)), made.needles()):  # pytest.fail, not assert: masked in the report
            pytest.fail(_leak(seed, "the output", mask_personal(output)))
    with GraphDatabase.driver(c.uri, auth=(c.user, c.password)) as driver:
        nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=c.database)
        rels, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, properties(r) AS props", database_=c.database)
    server = None if external else _server_folder(c)
    assert external or server is not None, "the local server's folder was not found under the repository"
    return Loaded(made, seed, external, server, [(r["labels"], r["props"]) for r in nodes], [(r["type"], r["props"]) for r in rels])


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _leak(seed: int, where: object, found: object) -> str:
    """A failure message: where the numbers were found, the numbers masked, and the seed."""
    return f"GONGJIAN_TEST_SEED={seed}: {mask_personal(_text(found))} in {mask_personal(_text(where))}"


def test_the_graph_holds_no_personal_number(loaded: Loaded) -> None:
    needles = loaded.made.needles()
    assert len(set(loaded.made.id_numbers)) == len(loaded.made.id_numbers) == 2 * (2 * MEMBERS + 3)
    for labels, props in loaded.nodes:
        found = _hits(iter(_RUN_TEXT.findall(_text(props))), needles)
        if found:
            pytest.fail(_leak(loaded.seed, [labels, props], sorted(found)))
    for rel_type, props in loaded.rels:
        found = _hits(iter(_RUN_TEXT.findall(_text(props))), needles)
        if found:
            pytest.fail(_leak(loaded.seed, [rel_type, props], sorted(found)))
    # Not vacuous: the second set replaced the first, its redacted text is there, and the
    # members named by ID number (reports, the generic node and its edges) are linked.
    members = [p for labels, p in loaded.nodes if "Member" in labels]
    names = {p["name"] for p in members}
    assert len(members) == MEMBERS + 2 and all(str(n).startswith("乙") for n in names)
    assert all(str(p["id"]).startswith("M-") for p in members)
    assert {p.get("employer_name") for p in members} >= {"外卖站东 联系人手机[已删除]", "阳光小学"}
    assert all("[已删除]" in _text(p.get("skills")) for p in members if p["name"] not in ("乙通用党员", "乙旧号党员"))
    assert {p.get("station") for p in members} >= {"SFZ[已删除]", "城东SFZ[已删除]"}
    types = [t for t, _ in loaded.rels]
    assert types.count("REPORTED_TO") == 5 and types.count("LINKED_TO") == 2 and types.count("MEMBER_OF") == MEMBERS + 1


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.glob(pattern) if p.is_file())


def test_the_server_logs_hold_no_personal_number(loaded: Loaded) -> None:
    if loaded.external:
        pytest.skip("NEO4J_URI names an external server: its log files are not on this machine")
    assert loaded.server is not None
    logs = _files(loaded.server / "logs", "*.log")
    assert logs
    found = scan(logs, loaded.made.needles(), records=False)
    if found:
        pytest.fail(_leak(loaded.seed, sorted(found), sorted(set().union(*found.values()))))


def test_the_transaction_log_and_store_files_hold_no_personal_number(loaded: Loaded) -> None:
    if loaded.external:
        pytest.skip("NEO4J_URI names an external server: its transaction log and store files are not on this machine")
    assert loaded.server is not None
    data = loaded.server / "data"
    transactions, databases = _files(data, "transactions/**/*"), _files(data, "databases/**/*")
    assert any(p.name.startswith("neostore.transaction.db") for p in transactions) and databases
    found = scan(transactions + databases, loaded.made.needles(), records=True)
    if found:
        pytest.fail(_leak(loaded.seed, sorted(found), sorted(set().union(*found.values()))))
