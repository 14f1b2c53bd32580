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

#: Encodings tried, in order, when the file has no BOM and none was named.
TRIED = ("UTF-8", "GB18030")
#: Others a refused file is tested against, to suggest one to the user.
SUGGESTED = ("big5", "cp1252", "latin-1", "utf-16")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
#: A share of rare characters among the Chinese ones above which GB18030 is doubtful.
RARE_SHARE = 0.12
_LATIN = re.compile(r"[A-Za-z]")


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


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _strict(data: bytes, encoding: str) -> str:
    return data.decode(encoding)


def _controls(text: str) -> int | None:
    """Index of the first C1 control or private-use character, if any."""
    for i, ch in enumerate(text):
        o = ord(ch)
        if 0x80 <= o <= 0x9F or 0xE000 <= o <= 0xF8FF or 0xF0000 <= o:
            return i
    return None


def _common_chars() -> str:
    """Every GB2312 hanzi and punctuation / full-width form: what Chinese rosters are written in."""
    out = []
    for lead in (*range(0xA1, 0xA4), *range(0xB0, 0xF8)):
        for trail in range(0xA1, 0xFF):
            try:
                out.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


#: A character that is neither ASCII nor common Chinese (a rare name character is allowed, many are not).
_RARE = re.compile("[^\\x00-\\x7f" + re.escape(_common_chars()) + "]")


def _sample(line: str) -> str:
    s = line.strip()
    return s if len(s) <= 30 else s[:30] + "…"


def _utf8_line(raw: bytes) -> bool:
    """Whether ``raw`` is UTF-8 text with Chinese in it (a UTF-8 line inside a GBK file)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return sum(ord(ch) >= 0x80 for ch in line) >= 2


def _why_rare(ch: str, line: str, i: int) -> str | None:
    o = ord(ch)
    if 0x80 <= o <= 0x9F or 0xE000 <= o <= 0xF8FF or o >= 0x10000 or unicodedata.category(ch) == "Cc":
        return "doubtful"
    before = line[i - 1] if i else ""
    after = line[i + 1] if i + 1 < len(line) else ""
    if _LATIN.match(before) or _LATIN.match(after):
        return "doubtful"  # 豮land: a Latin-1 letter and the next one read as one character
    return None


def _plausible_gb18030(data: bytes, text: str) -> None:
    """Raise :class:`EncodingRefused` at the first doubtful line of GB18030 ``text``."""
    rare = list(_RARE.finditer(text))
    if not rare:
        return
    raw_lines = data.split(b"\n")
    line_starts = [0]
    for m in re.finditer("\n", text):
        line_starts.append(m.end())
    first_rare: int | None = None
    for m in rare:
        k = bisect.bisect_right(line_starts, m.start())  # 1-based line number
        start = line_starts[k - 1]
        end = line_starts[k] - 1 if k < len(line_starts) else len(text)
        line = text[start:end]
        if _utf8_line(raw_lines[k - 1]):
            raise EncodingRefused("encoding_mixed", k, {"encoding": "GB18030"})
        if _why_rare(m.group(), line, m.start() - start):
            raise EncodingRefused("encoding_doubtful", k, {"encoding": "GB18030", "sample": _sample(line)})
        first_rare = first_rare or k
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if len(rare) >= 3 and len(rare) > RARE_SHARE * non_ascii:
        assert first_rare is not None
        start = line_starts[first_rare - 1]
        end = line_starts[first_rare] - 1 if first_rare < len(line_starts) else len(text)
        raise EncodingRefused("encoding_doubtful", first_rare, {"encoding": "GB18030", "sample": _sample(text[start:end])})


def _reads_as(text: str, name: str) -> bool:
    """Whether ``text`` (``data`` decoded in ``name``) reads as that encoding's writing:
    Chinese for Big5, accented letters inside Latin words for the Western code pages."""
    wide = [ch for ch in text if ord(ch) >= 0x80]
    if not wide or _controls(text) is not None or "\x00" in text:
        return False
    if name == "big5":
        return sum("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" for ch in wide) >= 0.9 * len(wide)
    if name.startswith("utf-16"):
        return sum(ch.isprintable() for ch in text if ch not in "\r\n\t") >= 0.99 * len(text.strip())
    letters = [ch for ch in wide if ch.isalpha()]
    return len(letters) >= 0.5 * len(wide) and all(ord(ch) <= 0x24F for ch in letters)


def _suggestions(data: bytes) -> str:
    """Encodings among :data:`SUGGESTED` the data reads well in, for the refusal message."""
    found = []
    for name in SUGGESTED:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _reads_as(text, name):
            found.append(name)
    return "、".join(found)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the NUL bytes sit where UTF-16 text puts them."""
    head = data[:4096]
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 3 * even:
        return "utf-16-le"
    if even > 3 * odd:
        return "utf-16-be"
    return None


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """The text of ``data``, in ``encoding`` when given, else as decided above.

    Raises :class:`EncodingRefused` with the first doubtful or undecodable row.
    """
    if encoding:
        name = codecs.lookup(encoding).name
        if name == "utf-8":
            name = "utf-8-sig"
        try:
            return Decoded(_strict(data, name), name)
        except UnicodeDecodeError as e:
            raise EncodingRefused("encoding_given", _line_of(data, e.start), {"encoding": encoding}) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = _strict(data, name)
            except UnicodeDecodeError as e:
                raise EncodingRefused("encoding_bad_bom", _line_of(data, e.start), {"encoding": name}) from None
            return Decoded(text, name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = _strict(data, utf16)
            if _controls(text) is None:
                return Decoded(text, utf16)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e.start
    else:
        bad = _controls(text)
        if bad is not None:
            row = text.count("\n", 0, bad) + 1
            raise EncodingRefused("encoding_doubtful", row, {"encoding": "UTF-8", "sample": _sample(text.split("\n")[row - 1]),
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
