"""Which encoding a text file is in: decided, or refused — never guessed into mojibake.

A street office's CSV comes as UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text")
or GBK/GB18030; now and then as Big5 or a Western code page. The bytes of many encodings
are also valid GB18030, so "it decodes" proves nothing: ``Økland`` in Latin-1 decodes as
``豮land``, a UTF-8 line inside a GBK file as ``娣峰悎缂栫爜``. A decoding is therefore
accepted only when the text is also plausible:

* a BOM decides (UTF-8, UTF-16, UTF-32), and the text must then decode strictly;
* strict UTF-8 is accepted unless it holds C1 control characters (text decoded twice);
* GB18030 is accepted only when no line is doubtful, line by line: a line that is valid
  UTF-8 with non-ASCII bytes (a mix of encodings), a character outside GBK, in the private
  use area or a control character, a character outside GB2312's hanzi and punctuation glued
  to a Latin letter (``豮land``), or — over the whole file — a large share of such rare
  characters among the Chinese ones (Big5 read as GBK);
* otherwise the file is refused, naming its first doubtful row, the encodings tried and
  the ones it could be, and the user names the encoding (``--encoding``).

Examples
--------
>>> decode_text("姓名,所在党支部\\n张三,第一党支部\\n".encode("gbk")).encoding
'gb18030'
>>> decode_text("\\ufeff姓名".encode("utf-8")).text
'姓名'
>>> decode_text("name\\nØkland\\n".encode("latin-1"))
Traceback (most recent call last):
...
loaders.decoding.EncodingRefused: encoding_doubtful row 2
>>> decode_text("name\\nØkland\\n".encode("latin-1"), "latin-1").text
'name\\nØkland\\n'
"""

from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from loaders.personal import mask_personal

#: Encodings tried, in order, when the file has no BOM and none was named.
TRIED = ("UTF-8", "GB18030")
#: Others a refused file is tested against, to suggest one to the user.
SUGGESTED = ("big5", "cp1252", "latin-1")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
#: A share of rare characters among the Chinese ones above which GB18030 is doubtful.
RARE_SHARE = 0.3
_LATIN = re.compile(r"[A-Za-z]")
#: Line breaks as the CSV reader counts rows: Windows, Unix and old-Mac endings.
_BREAK = re.compile(r"\r\n|\r|\n")
_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True)
class Decoded:
    """A file's text and the encoding it was read in."""

    text: str
    encoding: str


@dataclass
class EncodingRefused(Exception):
    """The file is not clearly in one encoding. ``code`` is the problem code, ``row`` the
    first doubtful line (1-based), ``params`` what the message shows."""

    code: str
    row: int | None
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} row {self.row}"


def _line_of(data: bytes, offset: int, encoding: str = "ascii") -> int:
    """The 1-based line of byte ``offset``, counting every kind of line ending; for UTF-16
    and UTF-32 in characters (a 0x0A byte there is often half of a Chinese character)."""
    if "16" in encoding or "32" in encoding:
        return len(_BREAK.findall(data[:offset].decode(encoding, errors="ignore"))) + 1
    return len(_BREAK_BYTES.findall(data, 0, offset)) + 1


#: C1 control characters: what text decoded twice (or a Western file read as UTF-8) holds.
_C1 = re.compile("[\x80-\x9f]")


def _controls(text: str) -> int | None:
    """Index of the first C1 control character, if any (private-use characters are 造字,
    the rare name characters some registries encode there, and stay)."""
    m = _C1.search(text)
    return m.start() if m else None


def _common_chars() -> str:
    """Every GB2312 character — hanzi, punctuation, full-width forms, pinyin, Greek, Cyrillic,
    kana, box drawing, units such as ㎡ — as the GB18030 decoder reads it."""
    out = []
    for lead in (*range(0xA1, 0xAA), *range(0xB0, 0xF8)):
        for trail in range(0xA1, 0xFF):
            try:
                # As the GB18030 decoder reads them (the gb2312 codec maps ·, — differently).
                ch = bytes((lead, trail)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if not 0xE000 <= ord(ch) <= 0xF8FF:
                out.append(ch)
    return "".join(out)


#: A character that is neither ASCII nor common Chinese (a rare name character is allowed, many are not).
_RARE = re.compile("[^\\x00-\\x7f" + re.escape(_common_chars()) + "]")


def _sample(line: str, at: int | None = None) -> str:
    """Up to 30 characters of ``line`` around position ``at``, personal numbers masked first
    (a cut must not leave half a number bare)."""
    s = mask_personal(line)
    if len(s) <= 30:
        return s.strip()
    start = 0 if at is None else max(0, min(at - 10, len(s) - 30))
    return ("…" if start else "") + s[start : start + 30].strip() + ("…" if start + 30 < len(s) else "")


def _ideograph(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def _letter(ch: str) -> bool:
    """A letter of an alphabet (é, ü, ǚ, Cyrillic, Greek): European names in a GBK file."""
    return ch.isalpha() and not _ideograph(ch) and not 0x3040 <= ord(ch) <= 0x30FF


def _why_rare(ch: str, line: str, i: int) -> str | None:
    """Why a rare character makes its line doubtful, or ``None``."""
    o = ord(ch)
    if 0x80 <= o <= 0x9F or 0xE000 <= o <= 0xF8FF or o >= 0xF0000 or unicodedata.category(ch) == "Cc":
        return "doubtful"
    if _ideograph(ch) and _glued(ch, line, i):
        return "doubtful"  # 豮land: a Latin-1 letter and the Latin letter after it read as one character
    return None


def _glued(ch: str, line: str, i: int) -> bool:
    """Whether the ideograph ``ch`` at ``line[i]`` is a Western letter and its neighbour
    read as one GBK character: its second byte is itself a Latin letter, next to Latin."""
    try:
        raw = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    before = line[i - 1] if i else ""
    after = line[i + 1] if i + 1 < len(line) else ""
    return len(raw) == 2 and chr(raw[1]).isascii() and chr(raw[1]).isalpha() and bool(
        _LATIN.match(before) or _LATIN.match(after))


_IDEOGRAPH_IN_WORD = re.compile("[a-z][\u3400-\u9fff\uf900-\ufaff][a-z]")
_IDEOGRAPH_BY_LATIN = re.compile("[A-Za-z][\u3400-\u9fff\uf900-\ufaff]|[\u3400-\u9fff\uf900-\ufaff][A-Za-z]")


def _utf8_inside(raw: bytes, line: str) -> bool:
    """Whether the line, read as GBK into ``line``, is really UTF-8: it decodes as UTF-8 and
    that reading holds Chinese, or the GBK reading glues an ideograph to a Latin letter
    (``caf茅``). A short GBK line can be valid UTF-8 by chance (``女`` is ``Ů``): that alone
    does not count."""
    try:
        utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(ch) >= 0x800 for ch in utf8) or bool(_IDEOGRAPH_BY_LATIN.search(line))


def _plausible_gb18030(data: bytes, text: str) -> None:
    """Raise :class:`EncodingRefused` at the first doubtful line of GB18030 ``text``."""
    raw_lines = _BREAK_BYTES.split(data)
    lines = _BREAK.split(text)
    if len(raw_lines) != len(lines):  # cannot happen: GB18030 bytes never hide a line break
        raise EncodingRefused("encoding_doubtful", 1, {"encoding": "GB18030", "sample": ""})
    for k, (raw, line) in enumerate(zip(raw_lines, lines, strict=True), start=1):
        if not raw.isascii() and _utf8_inside(raw, line):
            raise EncodingRefused("encoding_mixed", k, {})
    in_word = _IDEOGRAPH_IN_WORD.search(text)
    line_starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    if in_word:
        k = bisect.bisect_right(line_starts, in_word.start() + 1)
        raise EncodingRefused("encoding_doubtful", k, {"encoding": "GB18030", "sample": _sample(
            lines[k - 1], in_word.start() + 1 - line_starts[k - 1])})
    first_suspect: int | None = None
    suspects = letters = 0
    for m in _RARE.finditer(text):
        k = bisect.bisect_right(line_starts, m.start())  # 1-based line number
        at = m.start() - line_starts[k - 1]
        if _why_rare(m.group(), lines[k - 1], at):
            raise EncodingRefused("encoding_doubtful", k, {"encoding": "GB18030", "sample": _sample(lines[k - 1], at)})
        if _letter(m.group()):
            letters += 1
        else:
            suspects += 1
            first_suspect = first_suspect or k
    # Big5 read as GBK gives many rare ideographs; a roster has a few rare name characters
    # (珺 祎 旻 喆 …) among many common ones.
    chinese = len(text) - len(text.encode("ascii", "ignore")) - letters
    if suspects >= 5 and suspects > RARE_SHARE * chinese:
        assert first_suspect is not None
        raise EncodingRefused("encoding_doubtful", first_suspect, {"encoding": "GB18030", "sample": _sample(lines[first_suspect - 1])})


def _reads_as(text: str, name: str) -> bool:
    """Whether ``text`` (``data`` decoded in ``name``) reads as that encoding's writing:
    Chinese for Big5, accented letters inside Latin words for the Western code pages."""
    wide = [ch for ch in text if ord(ch) >= 0x80]
    if not wide or _controls(text) is not None or "\x00" in text:
        return False
    if name == "big5":
        return sum("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" for ch in wide) >= 0.9 * len(wide)
    letters = [m for m in re.finditer(r"[^\x00-\x7f]", text) if m.group().isalpha() and ord(m.group()) <= 0x24F]
    inside = [m for m in letters if _LATIN.match(text[m.start() - 1 : m.start()]) or _LATIN.match(text[m.end() : m.end() + 1])]
    return len(letters) >= 0.5 * len(wide) and len(inside) >= 0.8 * len(letters)


def _suggestions(data: bytes) -> str:
    """Encodings among :data:`SUGGESTED` the data reads well in, for the refusal message."""
    utf16 = utf16_without_bom(data)  # suggested only when the NUL bytes say so
    found = [utf16] if utf16 else []
    for name in SUGGESTED:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _reads_as(text, name):
            found.append(name)
    return "、".join(found)


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the NUL bytes sit where UTF-16 text puts them (every
    other byte of Latin text), else ``None``."""
    head = data[:4096]
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 3 * even:
        return "utf-16-le"
    if even > 3 * odd:
        return "utf-16-be"
    return None


def _gbk_reads_better(data: bytes, utf8: str) -> bool:
    """For UTF-8 text without a single Chinese character: whether it is really a short GBK
    file whose bytes happen to be valid UTF-8 (``一小学`` reads as ``һСѧ``): its UTF-8
    reading holds letters of other scripts outside Latin words, its GB18030 reading only
    common Chinese."""
    odd = [m for m in re.finditer(r"[\u0250-\u07ff]", utf8) if not _LATIN.match(utf8[m.start() - 1 : m.start()])]
    if not odd:
        return False
    try:
        gbk = data.decode("gb18030")
        _plausible_gb18030(data, gbk)
    except (UnicodeDecodeError, EncodingRefused):
        return False
    return not _RARE.search(gbk)


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """The text of ``data``, in ``encoding`` when given, else as decided above.

    Raises :class:`EncodingRefused` with the first doubtful or undecodable row.
    """
    if encoding:
        name = codecs.lookup(encoding).name
        if name == "utf-8":
            name = "utf-8-sig"
        try:
            return Decoded(data.decode(name), name)
        except UnicodeDecodeError as e:
            raise EncodingRefused("encoding_given", _line_of(data, e.start, name), {"encoding": encoding}) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as e:
                raise EncodingRefused("encoding_bad_bom", _line_of(data, e.start, name), {"encoding": name}) from None
            return Decoded(text, name)
    utf16 = utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
            if _controls(text) is None:
                return Decoded(text, utf16)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e.start
        line_start = max(data.rfind(b"\n", 0, e.start), data.rfind(b"\r", 0, e.start)) + 1
        before = data[:line_start]
        if not before.isascii() and any(ord(ch) >= 0x800 for ch in before.decode("utf-8", errors="ignore")):
            # UTF-8 Chinese up to here, then a line that is not: a GBK row pasted into a UTF-8
            # file if it reads as GBK, else bytes of no encoding at all.
            bad_line = _BREAK_BYTES.split(data[line_start:], 1)[0]
            try:
                bad_line.decode("gb18030")
            except UnicodeDecodeError:
                raise EncodingRefused("encoding", _line_of(data, e.start), {
                    "tried": "、".join(TRIED), "could_be": _suggestions(data)}) from None
            raise EncodingRefused("encoding_mixed", _line_of(data, e.start), {}) from None
    else:
        if not text.isascii() and not any(ord(ch) >= 0x800 for ch in text) and _gbk_reads_better(data, text):
            return Decoded(data.decode("gb18030"), "gb18030")
        bad = _controls(text)
        if bad is not None:
            row = len(_BREAK.findall(text, 0, bad)) + 1
            raise EncodingRefused("encoding_doubtful", row, {"encoding": "UTF-8", "sample": _sample(_BREAK.split(text)[row - 1]),
                                                             "tried": "、".join(TRIED), "could_be": _suggestions(data)})
        return Decoded(text, "utf-8")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        row = _line_of(data, max(e.start, utf8_error))
        raise EncodingRefused("encoding", row, {"tried": "、".join(TRIED), "could_be": _suggestions(data)}) from None
    try:
        _plausible_gb18030(data, text)
    except EncodingRefused as e:
        e.params.update(tried="、".join(TRIED), could_be=_suggestions(data))
        raise
    return Decoded(text, "gb18030")


def invisible(text: str) -> bool:
    """Whether ``text`` holds characters a person cannot see: controls, format characters
    (zero-width space, BOM, direction marks), NUL.

    >>> invisible("姓\\u200b名"), invisible("姓名")
    (True, False)
    """
    return any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)
