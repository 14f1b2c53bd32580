"""Resident ID numbers and phone numbers wherever they stand in a cell.

A number is found by its shape, glued to letters or not (``tel13812345678``,
``IDno110105194912310021``, ``SFZ…``), spaced or not, with ``+86`` or not: what matters
is the run of digits, not what stands around it. Free text has such numbers replaced
(:func:`redact`); messages show them masked (:func:`mask_personal`); a code or a number
column that holds one is refused (:func:`personal_kind`).

A unit's 18-character unified social credit code (统一社会信用代码, GB 32100-2015) has the
shape of an ID number now and then; it is told apart by its own check character.

Examples
--------
>>> redact_text("联系人手机13812345678，tel:+86 139-1234-5678")
'联系人手机[已删除]，tel:[已删除]'
>>> mask_personal("IDno11010519491231002X")
'IDno1101************2X'
>>> personal_kind("SFZ11010519491231002X"), personal_kind("91350100M000100Y43"), personal_kind("U0012")
('id_number', None, None)
"""

from __future__ import annotations

import datetime as dt
import re

REDACTED = "[已删除]"

_ID18 = r"\d{6}\s?(?:18|19|20)\d{2}\s?\d{4}\s?\d{3}[\dXx]"
_PHONE = r"(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}"
_LANDLINE = r"\(0\d{2,3}\)\s?\d{7,8}|0\d{2,3}[-\s]\d{7,8}"
#: Anything shaped like a personal number: an ID number (18 digits, maybe spaced; or the old
#: 15), a mobile (maybe +86, maybe spaced), a landline with its area code, or any longer run
#: of digits (a bank card, an ID number with a digit too many). Letters around it do not matter;
#: the fractional digits of a number (``31.230416000000002``) are not one.
PERSONAL = re.compile(rf"(?<!\d)(?<!\d\.)(?:{_ID18}|\d{{15,}}|{_PHONE}|{_LANDLINE})(?!\d)")
CANDIDATE = r"\d{7}|\d{3}[-\s]\d{4}"  # RE2 (no look-around) pre-filter: cells that may hold one

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def redact_text(text: str) -> str:
    """``text`` with every personal number replaced by :data:`REDACTED`."""
    return PERSONAL.sub(REDACTED, text)


def redact_where(text: str, *, strict: bool) -> str:
    """``text`` with the personal numbers :func:`personal_kind` finds (``strict`` or not)
    replaced: a reference keeps a unit's credit code but loses a phone number.

    >>> redact_where("外卖站 联系人手机13812345678", strict=False), redact_where("911101087000012345", strict=False)
    ('外卖站 联系人手机[已删除]', '911101087000012345')
    """
    return PERSONAL.sub(lambda m: REDACTED if personal_kind(m.group(), strict=strict) else m.group(), text)


def mask_personal(text: str) -> str:
    """``text`` with every personal number masked, for messages: the first four and last
    two characters stay, so that a user can still find the cell."""
    return PERSONAL.sub(lambda m: m.group()[:4] + "*" * (len(m.group()) - 6) + m.group()[-2:], text)


def has_personal(text: str) -> bool:
    """Whether ``text`` holds anything shaped like a personal number.

    >>> has_personal("外卖站 联系人手机13812345678"), has_personal("阳光小学")
    (True, False)
    """
    return PERSONAL.search(text) is not None


def is_credit_code(text: str) -> bool:
    """Whether ``text`` is a unified social credit code with a valid check character.

    >>> is_credit_code("91350100M000100Y43"), is_credit_code("91350100M000100Y44")
    (True, False)
    """
    s = text.strip().upper()
    if len(s) != 18 or any(c not in _CREDIT_CHARS for c in s):
        return False
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(s[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31] == s[17]


def _valid_id18(digits: str) -> bool:
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    try:
        dt.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    return _CHECK[sum(int(c) * w for c, w in zip(digits[:17], _WEIGHTS, strict=True)) % 11] == digits[17].upper()


def personal_kind(text: str, *, strict: bool = True) -> str | None:
    """``"id_number"`` or ``"phone"`` when ``text`` holds a personal number, else ``None``.

    ``strict`` (members' codes, every free-text cell) counts every ID- or phone-shaped
    number. Without it (the codes of units and other organizations, which are often
    18-character credit codes or 15-digit registration numbers), a long number counts only
    when it is a phone number or a valid 18-digit ID number (check digit and birth date)
    that is not also a valid credit code, or a run of digits of no code's length that holds a
    mobile number (numbers glued together).

    >>> personal_kind("1300000000013000000000", strict=False), personal_kind("913501001234567890", strict=False)
    ('phone', None)
    """
    for m in PERSONAL.finditer(text):
        digits = re.sub(r"[\s()+-]", "", m.group())
        if re.fullmatch(r"(?:86)?1[3-9]\d{9}", digits):
            return "phone"
        if re.fullmatch(_LANDLINE, m.group().strip()):
            return "phone"
        if strict:
            return "id_number"
        if _valid_id18(digits) and not is_credit_code(digits):
            return "id_number"
    if not strict:
        # A run of digits no code has the length of (neither a 15-digit registration number
        # nor an 18-character credit code) that holds a mobile number: numbers glued together.
        for run in re.findall(r"\d{12,}", text):
            if len(run) not in (15, 18) and re.search(r"1[3-9]\d{9}", run):
                return "phone"
    return None
