"""A font with Chinese glyphs for the static maps (PNG, SVG, PDF).

Matplotlib's own fonts (DejaVu) have no CJK glyphs: Chinese names would be drawn as empty
boxes. :func:`find_cjk_font` looks, in order, at

1. the file named by the environment variable ``GONGJIAN_CJK_FONT``;
2. what fontconfig offers for Chinese (``fc-match`` then ``fc-list``, when installed);
3. the usual paths of Debian's WenQuanYi and Noto CJK packages;

and keeps only a static (not variable) TrueType/OpenType font that really has the glyphs
(fontconfig happily answers ``:lang=zh`` with DejaVu Sans when nothing better is installed).
:func:`register_cjk_font` adds it to Matplotlib's font manager and returns its family name.
When there is none, a :class:`CjkFontMissing` says how to get one (``make system``).

Examples
--------
>>> font = find_cjk_font()
>>> has_glyphs(font.path, "和平社区党委", font.face_index)
True
>>> has_glyphs(font.path, "\\U0001f600\\U000e0001", font.face_index)
False
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FaceFlags, FT2Font

from graph.errors import GongjianError
from graph.texts import t

#: Environment variable naming a CJK font file to use instead of searching.
ENV_VAR = "GONGJIAN_CJK_FONT"
#: Characters a usable font must have: common hanzi of the maps and their punctuation.
PROBE = "和平社区党委组织覆盖共建网络图员（）·，"
#: Well-known places of CJK fonts (Debian/Ubuntu packages, then other distributions).
KNOWN_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
)
_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
#: Faces whose family names say Simplified Chinese are preferred inside a collection.
_SC_HINTS = ("SC", "CN", "Hans", "GB", "WenQuanYi", "文泉")


class CjkFontMissing(GongjianError):
    """No font with Chinese glyphs was found (or ``GONGJIAN_CJK_FONT`` names an unusable one)."""


@dataclass(frozen=True)
class CjkFont:
    """A font file with CJK glyphs: its ``path``, the ``face_index`` inside a collection
    (``.ttc``) and the ``family`` name Matplotlib knows it by."""

    path: Path
    face_index: int
    family: str


def _open(path: str | os.PathLike[str], face_index: int = 0) -> FT2Font:
    return FT2Font(os.fsdecode(path), face_index=face_index)


def missing_glyphs(path: str | os.PathLike[str], text: str, face_index: int = 0) -> str:
    """The characters of ``text`` (whitespace aside) that the font at ``path`` has no glyph
    for, each once, in order."""
    font = _open(path, face_index)
    out: list[str] = []
    for c in text:
        if not c.isspace() and c not in out and font.get_char_index(ord(c)) == 0:
            out.append(c)
    return "".join(out)


def has_glyphs(path: str | os.PathLike[str], text: str, face_index: int = 0) -> bool:
    """Whether the font at ``path`` has a glyph for every character of ``text`` (whitespace
    aside): ``FT2Font.get_char_index`` is non-zero for each."""
    return not missing_glyphs(path, text, face_index)


def _usable(path: str | os.PathLike[str]) -> CjkFont | None:
    """The face of ``path`` to use, or ``None`` when the file is not a static font with the
    :data:`PROBE` glyphs."""
    p = Path(path)
    if p.suffix.lower() not in _SUFFIXES or not p.is_file():
        return None
    try:
        first = _open(p)
        faces = [first] + [_open(p, i) for i in range(1, first.num_faces)]
    except (OSError, RuntimeError, ValueError):
        return None
    good = [f for f in faces if FaceFlags.VARIATION not in f.face_flags and has_glyphs(p, PROBE, f.face_index)]
    if not good:
        return None
    preferred = [f for f in good if any(h in (f.family_name or "") for h in _SC_HINTS)]
    face = (preferred or good)[0]
    return CjkFont(p, face.face_index, face.family_name)


def _fontconfig() -> Iterator[str]:
    """What fontconfig offers for Chinese: its best match, then every font it lists for zh."""
    if shutil.which("fc-match"):
        for lang in ("zh-cn", "zh"):
            out = _run(["fc-match", "-f", "%{file}", f":lang={lang}"])
            if out:
                yield out.strip()
    if shutil.which("fc-list"):
        out = _run(["fc-list", "-f", "%{file}\n", ":lang=zh"])
        yield from sorted({line.strip() for line in out.splitlines() if line.strip()})


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _candidates() -> Iterable[str]:
    yield from _fontconfig()
    yield from KNOWN_PATHS


def find_cjk_font() -> CjkFont:
    """The CJK font to draw with (module docstring for the order); :class:`CjkFontMissing`
    when there is none, or when ``GONGJIAN_CJK_FONT`` names a file that is not one."""
    named = os.environ.get(ENV_VAR, "").strip()
    if named:
        font = _usable(named)
        if font is None:
            zh, en = t("font_env_unusable", "zh"), t("font_env_unusable", "en")
            raise CjkFontMissing(zh.format(var=ENV_VAR, path=named), en.format(var=ENV_VAR, path=named))
        return font
    for path in _candidates():
        font = _usable(path)
        if font is not None:
            return font
    raise CjkFontMissing(t("font_cjk_missing", "zh").format(var=ENV_VAR),
                         t("font_cjk_missing", "en").format(var=ENV_VAR))


@functools.cache
def _register(path: Path, face_index: int) -> str:
    font_manager.fontManager.addfont(os.fsdecode(path))
    return _open(path, face_index).family_name


def register_cjk_font() -> CjkFont:
    """Find the CJK font (:func:`find_cjk_font`) and add it to Matplotlib's font manager
    (once per file); the returned ``family`` is the name to put first in ``font.family``."""
    font = find_cjk_font()
    _register(font.path, font.face_index)
    return font
