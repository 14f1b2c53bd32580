"""Column parsers: from cells as exported to typed values, column at a time.

Every parser takes a ``pandas.Series`` of raw cells (strings from CSV; strings, numbers
and datetimes from Excel) and returns the parsed series plus the positions of bad cells
with a problem code. Work is vectorised so that a district roster parses in a second.

Examples
--------
>>> vals, bad = parse_dates(pd.Series(["1985.03", "1985年3月", "2019年7月1日", "19850312", "1985/3/12", "43647", "soon"]))
>>> [str(v) for v in vals]
['1985-03-01', '1985-03-01', '2019-07-01', '1985-03-12', '1985-03-12', '2019-07-01', 'None']
>>> bad
[(6, 'not_date', {})]
>>> parse_dates(pd.Series(["2023-02-30", "2023/04/31", "2019年2月29日", "20230230", "2020-02-29"]))[1]
[(0, 'no_such_day', {}), (1, 'no_such_day', {}), (2, 'no_such_day', {}), (3, 'no_such_day', {})]
>>> to_text(pd.Series(["  阳光社区 ", "ＡＢＣ１２３", "", None])).tolist()
['阳光社区', 'ABC123', None, None]
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graph.model import BilingualEnum
from loaders.errors import Both
from loaders.personal import CANDIDATE, redact_text, redact_where

Bad = list[tuple[int, str, dict[str, object]]]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_TIME_SUFFIX = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_YMD_SEP = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*(?:[-./月]\s*(\d{1,2})\s*日?|月)?" + _TIME_SUFFIX)
_YMD_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_LIST_SEP = r"\s*[,，、;；\n|]+\s*"


def _is_plain_strings(s: pd.Series) -> bool:
    return pd.api.types.infer_dtype(s, skipna=True) in {"string", "empty"}


def _one_text(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    elif isinstance(v, dt.datetime):
        v = v.date() if v.time() == dt.time() else v
    return str(v)


#: Characters nobody sees that a cell must not keep (NUL, other controls, zero-width marks,
#: a stray BOM): ``张\x00三`` and ``张三`` are one name. RE2 syntax.
_INVISIBLE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x{200B}-\x{200D}\x{2060}\x{FEFF}]"


def plain_text(raw: pd.Series) -> pd.Series:
    """Each cell as the string it shows (``None`` for an empty one: 12.0 is ``'12'``), before
    any normalisation; a column of strings as it is."""
    return raw if _is_plain_strings(raw) else raw.map(_one_text)


def to_text(raw: pd.Series) -> pd.Series:
    """Cells as normalised text: invisible characters removed, NFKC (full-width → half-width),
    stripped, inner runs of spaces collapsed; empty cells become ``None``.

    >>> to_text(pd.Series(["张\\x00三", "\\ufeff李四\\u200b"])).tolist()
    ['张三', '李四']
    """
    arr = pa.array(plain_text(raw).astype(object).tolist(), type=pa.string(), from_pandas=True)
    arr = pc.replace_substring_regex(arr, pattern=_INVISIBLE, replacement="")
    arr = pc.replace_substring_regex(pc.utf8_trim_whitespace(pc.utf8_normalize(arr, form="NFKC")), pattern=r"\s+", replacement=" ")
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return pd.Series(arr.to_pylist(), index=raw.index, dtype=object)


def _positions(mask: pd.Series) -> list[int]:
    return [int(i) for i in np.flatnonzero(mask.to_numpy(dtype=bool))]


#: The largest number a roster's counts and hours can plausibly hold (and a float holds exactly).
MAX_NUMBER = 1e15


def parse_numbers(raw: pd.Series, *, integer: bool) -> tuple[pd.Series, Bad]:
    """Numbers (``1,234``, ``120人``, ``2.5小时`` accepted); integers when ``integer``.

    >>> parse_numbers(pd.Series(["12", "1" * 20, "inf", "1e400", "2.5"]), integer=True)[1]
    [(1, 'number_out_of_range', {}), (2, 'number_out_of_range', {}), (3, 'number_out_of_range', {}), (4, 'not_integer', {})]
    """
    text = to_text(raw)
    cleaned = text.astype("string").str.replace(",", "", regex=False).str.replace(r"\s*(人|个|名|小时|h|元)$", "", regex=True)
    # As floats, whatever pandas made of them: a 20-digit run is no int64, and 'inf' is no number.
    nums = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    present = text.notna()
    huge = nums.abs() > MAX_NUMBER  # inf too
    bad: Bad = [(i, "number_out_of_range", {}) for i in _positions(huge.fillna(False))]
    nums = nums.where(~huge.fillna(False))
    bad += [(i, "not_number" if not integer else "not_integer", {}) for i in _positions(present & nums.isna() & ~huge.fillna(False))]
    if integer:
        frac = present & nums.notna() & (nums % 1 != 0)
        bad += [(i, "not_integer", {}) for i in _positions(frac)]
        nums = nums.where(~frac)
    neg = nums < 0
    bad += [(i, "negative", {}) for i in _positions(neg.fillna(False))]
    nums = nums.where(~neg.fillna(False))
    out = pd.array(nums.round() if integer else nums, dtype="Int64" if integer else "Float64")
    return pd.Series(out, index=raw.index), sorted(bad)


def _excel_serial(v: float) -> dt.date | None:
    if 1 <= v < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(v))
    return None


#: The earliest date a roster may hold unless the load asks for history (``earliest``).
EARLIEST = dt.date(1900, 1, 1)


def _python_date(y: object, m: object, d: object) -> dt.date | None:
    """The date of the year, month and day texts, or ``None`` when there is no such day
    (pandas' own dates end in 1677, history does not)."""
    try:
        return dt.date(int(y), int(m), int(d))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def parse_dates(raw: pd.Series, *, today: dt.date | None = None, earliest: dt.date = EARLIEST) -> tuple[pd.Series, Bad]:
    """Dates in the forms rosters use; a year-month gives the first of the month.

    Accepted: ``1985.03``, ``1985年3月``, ``1985-03-12``, ``2019年7月1日``, ``19850312``,
    ``198503``, ``1985/3/12``, ``1985``, Excel serial numbers and Excel date cells. A number
    cell is read as Excel shows it: ``1985.3`` is March and ``1985.1`` January — Excel shows
    ``1985.10`` typed into a number cell as ``1985.1`` too, so such columns belong in text format.

    A date before ``earliest`` (default 1900-01-01) or after a year from ``today`` is refused
    as ``date_range``; historical data passes an earlier ``earliest`` (years 1 to 9999 can be
    read).

    >>> parse_dates(pd.Series(["1789-07-14", "1600年1月"]), today=dt.date(2026, 1, 1), earliest=dt.date(1500, 1, 1))[0].tolist()
    [datetime.date(1789, 7, 14), datetime.date(1600, 1, 1)]
    >>> parse_dates(pd.Series(["1789-07-14"]), today=dt.date(2026, 1, 1))[1]
    [(0, 'date_range', {'earliest': '1900-01-01'})]
    """
    today = today or dt.date.today()
    range_params = {"earliest": earliest.isoformat()}
    n = len(raw)
    result: list[dt.date | None] = [None] * n
    strings: dict[int, str] = {}
    bad: Bad = []
    if _is_plain_strings(raw):
        # CSV: every cell is text. ISO dates, the common case, are parsed by Arrow at once.
        text = to_text(raw)
        arr = pa.array(text.tolist(), pa.string())
        # Arrow overflows on year 0000 and rolls impossible days over: give it plain ISO dates only.
        plain = pc.fill_null(pc.match_substring_regex(arr, r"^[12]\d{3}-\d{2}-\d{2}$"), False)
        iso = pc.strptime(pc.if_else(plain, arr, pa.scalar(None, pa.string())), format="%Y-%m-%d", unit="s", error_is_null=True)
        parsed = iso.cast(pa.date32()).to_pylist()
        for i, (d_, t) in enumerate(zip(parsed, text.tolist(), strict=True)):
            # Arrow rolls an impossible day over (2023-02-30 → 2023-03-02): keep only
            # dates that read back as written; the rest take the careful path below.
            if d_ is not None and d_.isoformat() == t:
                result[i] = d_
            elif t is not None:
                strings[i] = t
    else:
        for i, v in enumerate(raw.tolist()):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            if isinstance(v, dt.datetime):
                result[i] = v.date()
            elif isinstance(v, dt.date):
                result[i] = v
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                if 1000 <= v < 10000 and not float(v).is_integer():
                    # 1985.3 typed into a number cell: read it as Excel shows it (March).
                    strings[i] = repr(float(v))
                elif 10_000_000 <= v < 100_000_000 or 1000 <= v < 10000 or 100_000 <= v < 1_000_000:
                    strings[i] = str(int(v))
                else:
                    result[i] = _excel_serial(float(v))
                    if result[i] is None:
                        bad.append((i, "not_date", {}))
            else:
                strings[i] = str(v)
    if strings:
        idx = list(strings)
        s = to_text(pd.Series([strings[i] for i in idx], index=idx, dtype=object)).astype("string")
        parts = s.str.extract(_YMD_SEP)
        compact = s.str.extract(_YMD_COMPACT)
        year_only = s.str.extract(_YEAR)
        y = parts[0].fillna(compact[0]).fillna(year_only[0])
        m = parts[1].fillna(compact[1]).fillna("1")
        d = parts[2].fillna(compact[2]).fillna("1")
        early = pd.to_numeric(y, errors="coerce") < 1000  # year 0000 overflows pandas; 1900 is the floor anyway
        iso_text = (y + "-" + m.str.zfill(2) + "-" + d.str.zfill(2)).where(~early.fillna(False))
        stamps = pd.to_datetime(iso_text, format="%Y-%m-%d", errors="coerce")
        serial = s.str.fullmatch(_SERIAL.pattern).fillna(False) & stamps.isna()
        shaped = y.notna()
        for i, stamp, is_serial, t, has_parts in zip(idx, stamps, serial, s, shaped, strict=True):
            if not pd.isna(stamp):
                result[i] = stamp.date()
            elif is_serial:
                result[i] = _excel_serial(float(t))
            elif has_parts and (day := _python_date(y[i], m[i], d[i])) is not None:
                result[i] = day  # before pandas' dates begin (1677): checked against the range below
            elif has_parts and (bool(early.get(i, False)) and int(y[i]) < 1):
                bad.append((i, "date_range", range_params))
            elif has_parts:
                bad.append((i, "no_such_day", {}))  # 2023-02-30, 2023/04/31, 2019年2月29日, 20231301
            elif not pd.isna(t):
                bad.append((i, "not_date", {}))
    latest = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) else today
    for i, d_ in enumerate(result):
        if d_ is not None and not (earliest <= d_ <= latest):
            bad.append((i, "date_range", range_params))
            result[i] = None
    return pd.Series(result, index=raw.index, dtype=object), sorted(bad)


def parse_enum(raw: pd.Series, enum: type[BilingualEnum], lang_kind: tuple[str, str]) -> tuple[pd.Series, Bad]:
    """Enum values given as code, Chinese or English label or a known alias."""
    text = to_text(raw)
    lookup = {k: m.value for k, m in enum.lookup().items()}
    mapped = text.astype("string").str.lower().map(lookup)
    bad_mask = text.notna() & mapped.isna()
    allowed = Both("、".join(m.zh for m in enum), ", ".join(f"{m.en} ({m.value})" for m in enum))
    params = {"kind": Both(*lang_kind), "allowed": allowed}
    mapped = mapped.astype(object)
    return mapped.where(mapped.notna(), None), [(i, "not_in_enum", params) for i in _positions(bad_mask)]


def redact(text: pd.Series, *, strict: bool = True) -> pd.Series:
    """Free text with anything shaped like a resident ID or a phone number replaced
    (:data:`loaders.personal.PERSONAL`, letters around it or not); without ``strict`` only
    what :func:`loaders.personal.personal_kind` counts then (references keep credit codes).

    People type phone numbers into 备注 and 特长 cells too; they must not reach a store.

    >>> redact(pd.Series(["书法、电话 139 1234 5678", "tel:+8613912345678", "0571-88886666", "阳光社区", None], dtype=object)).tolist()
    ['书法、电话 [已删除]', 'tel:[已删除]', '[已删除]', '阳光社区', None]
    """
    arr = pa.array(text.tolist(), pa.string(), from_pandas=True)
    # Arrow's RE2 has no look-around: let it find the few candidate cells, then use Python's.
    candidates = pc.fill_null(pc.match_substring_regex(arr, CANDIDATE), False)
    if not pc.any(candidates).as_py():
        return text
    out = text.copy()
    hits = np.flatnonzero(candidates.to_numpy(zero_copy_only=False))
    out.iloc[hits] = [redact_text(v) if strict else redact_where(v, strict=False) for v in text.iloc[hits]]
    return out


def parse_list(raw: pd.Series) -> pd.Series:
    """Items separated by 、 , ， ; ； or new lines; an empty cell is an empty list."""
    text = to_text(raw)
    return text.map(lambda t: [] if t is None else [p for p in re.split(_LIST_SEP, t) if p])
