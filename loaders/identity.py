"""Resident ID numbers: checked, turned into a keyed pseudonym, and dropped.

An 18-digit number (GB 11643-1999) ends in an ISO 7064 MOD 11-2 check digit; 15-digit
numbers of the old form are converted (``19`` inserted before the year, check digit
computed). The pseudonymous id is HMAC-SHA256 under a per-installation key kept outside
the data (a plain or salted hash of ~10¹¹ plausible numbers could be brute-forced). Under
PIPL the result is de-identified (去标识化) data — still personal data.

Examples
--------
>>> check_digit("11010519491231002")
'X'
>>> parse_id_number("11010519491231002X")
IdInfo(number='11010519491231002X', birth_year=1949, gender='female')
>>> parse_id_number("110105491231002").number   # the old 15-digit form
'11010519491231002X'
>>> parse_id_number("110105194912310021")
Traceback (most recent call last):
...
loaders.identity.IdNumberError: id_checksum
>>> pseudonym(b"k" * 32, "11010519491231002X")
'M-glkkpcmdmpdkcjkekmhb'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from graph.errors import GongjianError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
KEY_BYTES = 32


class KeyFileInvalid(GongjianError):
    """The installation's pseudonymization key cannot be read."""

    exit_code = 3


class IdNumberError(ValueError):
    """An ID number is malformed; ``args[0]`` is the problem code."""


@dataclass(frozen=True)
class IdInfo:
    """What the loader keeps of an ID number while it runs: never stored as such."""

    number: str
    birth_year: int
    gender: str


def check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check digit of the first 17 digits."""
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse_id_number(text: str) -> IdInfo:
    """Validate an ID number; return it in 18-digit form with birth year and gender."""
    s = text.strip().upper()
    if len(s) == 15 and s.isdigit():
        body = s[:6] + "19" + s[6:]
        s = body + check_digit(body)
    if len(s) != 18 or not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        raise IdNumberError("id_format")
    try:
        born = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise IdNumberError("id_birth_date") from None
    if born.year < 1900 or born > dt.date.today():
        raise IdNumberError("id_birth_date")
    if check_digit(s[:17]) != s[17]:
        raise IdNumberError("id_checksum")
    return IdInfo(s, born.year, "male" if int(s[16]) % 2 else "female")


_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def pseudonym(key: bytes, id_number: str) -> str:
    """The keyed pseudonymous member id of an 18-digit ID number.

    80 bits of the HMAC, written with the letters a–p instead of hex digits: an id
    made of hex would now and then hold a run of 15 digits, which a data-loss scanner
    (and our own tests) would take for an old-form ID number.
    """
    digest = hmac.new(key, id_number.encode("ascii"), hashlib.sha256).hexdigest()
    return "M-" + digest[:20].translate(_LETTERS)


def default_key_path() -> Path:
    """Where the installation's key lives: ``$GONGJIAN_KEY_FILE`` or the user's config folder.

    It is deliberately not under the data folder nor under ``GONGJIAN_HOME``, so that
    copying the store or the data does not copy the key.
    """
    explicit = os.environ.get("GONGJIAN_KEY_FILE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "gongjian" / "pseudonym.key"


def load_or_create_key(path: Path) -> bytes:
    """The key at ``path``, created (random, mode 0600) on first use."""
    if path.exists():
        try:
            key = bytes.fromhex(path.read_text().strip())
        except (OSError, ValueError):
            key = b""
        if len(key) < 16:
            raise KeyFileInvalid(
                f"化名密钥文件 {path} 无法使用。若它被误改，请从备份恢复；删除它会使已有党员编号全部变化",
                f"the pseudonymization key file {path} is unusable. Restore it from a backup if it was changed; "
                "deleting it changes every stored member id",
            )
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key.hex() + "\n")
    return key
