"""Static maps (exports/map_static.py, exports/fonts.py): Chinese is drawn with real glyphs, the
legend lists everything on the map, SVG keeps text as text (and a hostile name as escaped text),
the PDF page is A4 or A3, the PNG is a real picture, and the same model gives the same bytes."""

from __future__ import annotations

import io
import logging
import re
import warnings
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from PIL import Image

from exports import fonts
from exports.map_static import PAPERS, PNG_DPI, MapFileError, render_static, write_static
from graph.maps.model import MapModel
from graph.maps.style import node_style
from graph.maps.text import map_subtitle, map_title
from graph.texts import t
from tests.map_fixtures import HOSTILE_NAME, big_map, sample_map

SVG = "{http://www.w3.org/2000/svg}"
PT_PER_INCH = 72
#: ISO A4 and A3 landscape in points (297 × 210 mm, 420 × 297 mm).
A4_PT = (841.89, 595.28)
A3_PT = (1190.55, 841.89)


@pytest.fixture(scope="module")
def model() -> MapModel:
    return sample_map()


@pytest.fixture(scope="module")
def svg_zh(model: MapModel) -> bytes:
    return render_static(model, "svg", "zh")


def _svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def _bitmap(font: FT2Font, char: str | None) -> np.ndarray:
    """The bitmap FreeType draws for ``char`` (``None``: the missing-glyph box, glyph 0)."""
    font.clear()
    glyph = font.load_glyph(0) if char is None else font.load_char(ord(char))
    image = np.zeros((96, 96), np.uint8)
    font.draw_glyph_to_bitmap(image, 16, 16, glyph)
    return image


# -- the font ------------------------------------------------------------------------------------


def test_the_font_drawn_with_has_real_glyphs_for_the_maps_chinese(model: MapModel) -> None:
    font = fonts.register_cjk_font()
    # It is the font Matplotlib resolves the family to (not DejaVu standing in).
    found = font_manager.findfont(font_manager.FontProperties(family=font.family), fallback_to_default=False)
    assert Path(found).resolve() == font.path.resolve()
    legend_text = next(e.text("zh") for e in model.legend() if e.group == "mark")
    assert legend_text == "应建未建（≥3 名正式党员）"
    ft = FT2Font(str(font.path), face_index=font.face_index)
    ft.set_size(48, 72)
    notdef = _bitmap(ft, None)
    for char in "和平社区党委" + legend_text.replace(" ", "") + t("map_legend_type", "zh"):
        assert ft.get_char_index(ord(char)) != 0, char
        drawn = _bitmap(ft, char)
        assert drawn.any(), char
        assert not np.array_equal(drawn, notdef), char
    assert fonts.has_glyphs(font.path, "和平社区党委", font.face_index)
    assert fonts.missing_glyphs(font.path, "和\U0001f600平", font.face_index) == "\U0001f600"


def test_fontconfigs_answer_without_chinese_glyphs_is_refused() -> None:
    dejavu = Path(font_manager.findfont("DejaVu Sans"))
    assert not fonts.has_glyphs(dejavu, "和")
    assert fonts._usable(dejavu) is None


def test_the_environment_variable_names_the_font(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = fonts.find_cjk_font()
    monkeypatch.setenv(fonts.ENV_VAR, str(real.path))
    assert fonts.find_cjk_font() == real
    monkeypatch.setenv(fonts.ENV_VAR, str(font_manager.findfont("DejaVu Sans")))
    with pytest.raises(fonts.CjkFontMissing) as info:
        fonts.find_cjk_font()
    assert fonts.ENV_VAR in info.value.message("en") and fonts.ENV_VAR in info.value.message("zh")


def test_no_font_at_all_tells_how_to_get_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    monkeypatch.setattr(fonts, "_candidates", lambda: iter(["/nonexistent/font.ttc"]))
    with pytest.raises(fonts.CjkFontMissing) as info:
        fonts.find_cjk_font()
    assert "make system" in info.value.message("zh") and "fonts-wqy-microhei" in info.value.message("en")
    assert fonts.ENV_VAR in info.value.message("en")


def test_drawing_the_map_warns_of_no_missing_glyph(model: MapModel, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="matplotlib"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for lang in ("zh", "en"):
            render_static(model, "png", lang)
            render_static(model, "pdf", lang)
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "missing from font" in m or "Glyph" in m], messages
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [m for m in logged if "missing from font" in m or "findfont" in m], logged


# -- SVG: texts, legend, title, hostile names --------------------------------------------------------


def test_the_svg_legend_lists_every_entry_and_every_node_type(model: MapModel, svg_zh: bytes) -> None:
    texts = set(_svg_texts(svg_zh))
    assert [e.text("zh") for e in model.legend() if e.text("zh") not in texts] == []
    types = {n.type for n in model.nodes}
    assert len(types) == 8
    assert {node_style(k).text("zh") for k in types} <= texts
    assert {"党组织", "非公有制企业", "社会组织", "学校", "国有企业", "社区", "党员", "活动/项目"} <= texts
    assert {"共建协议", "联席会议/兼职委员", "应建未建（≥3 名正式党员）"} <= texts
    assert {t(f"map_legend_{g}", "zh") for g in ("type", "mark", "edge")} <= texts
    assert t("map_legend_status", "zh") not in texts  # no node has a status: no empty heading


def test_the_svg_has_the_title_and_subtitle_as_text(model: MapModel, svg_zh: bytes) -> None:
    texts = _svg_texts(svg_zh)
    assert map_title(model, "zh") == "共驻共建网络图 · 和平社区" and map_title(model, "zh") in texts
    assert "截至 2026-10-31 · 范围 community:C1 · 8 个节点，7 条关系" == map_subtitle(model, "zh") and map_subtitle(model, "zh") in texts
    assert "和平社区党委" in texts and "华夏科技有限公司" in texts


def test_the_english_svg_speaks_english(model: MapModel) -> None:
    texts = set(_svg_texts(render_static(model, "svg", "en")))
    assert map_title(model, "en") == "Co-building network · 和平社区" and map_title(model, "en") in texts
    assert map_subtitle(model, "en") in texts
    assert {e.text("en") for e in model.legend()} <= texts
    assert {"party organization", "private enterprise", "co-building agreement",
            "should have its own organization (≥ 3 full members)", "Node types", "Ties"} <= texts
    assert "党组织" not in texts and "共建协议" not in texts


def test_svg_keeps_text_as_text_not_glyph_outlines(model: MapModel, svg_zh: bytes) -> None:
    root = ET.fromstring(svg_zh)
    title = map_title(model, "zh")
    [element] = [el for el in root.iter(f"{SVG}text") if "".join(el.itertext()) == title]
    assert "font" in element.get("style", "")
    # Glyph outlines (svg.fonttype "path") are <path id="<PostScript name>-<glyph index in hex>">
    # in <defs>, used after a comment holding the text: none of that here.
    font = fonts.register_cjk_font()
    ft = FT2Font(str(font.path), face_index=font.face_index)
    ids = {el.get("id", "") for el in root.iter() if el.get("id")}
    assert not [i for i in ids if i.startswith(ft.postscript_name + "-")]
    assert not {f"{ft.postscript_name}-{ft.get_char_index(ord(c)):x}" for c in title} & ids
    assert f"<!-- {title} -->".encode() not in svg_zh


def test_a_hostile_name_is_drawn_as_literal_text(svg_zh: bytes) -> None:
    root = ET.fromstring(svg_zh)
    assert not [el for el in root.iter() if el.tag.split("}")[-1].lower() in ("script", "img", "foreignobject")]
    texts = _svg_texts(svg_zh)
    [label] = [x for x in texts if x.startswith("<script>")]
    assert HOSTILE_NAME.startswith(label.rstrip("…"))
    assert b"<script" not in svg_zh and b"&lt;script&gt;window" in svg_zh
    assert b"<img" not in svg_zh


def test_dollar_signs_in_names_are_drawn_as_they_are_not_as_formulas(model: MapModel) -> None:
    names = [r"$\foo$ 公司", "税务$局$", "$$"]
    nodes = [replace(n, name=names[i]) if i < len(names) else n for i, n in enumerate(model.nodes)]
    odd = replace(model, nodes=tuple(nodes), scope="community:C1", scope_name="$和平$社区")
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # a missing glyph (a math font) would warn
        svg = render_static(odd, "svg", "zh")
    texts = _svg_texts(svg)
    for name in names:
        assert name in texts, name
    assert any("$和平$社区" in x for x in texts)


# -- PDF, PNG, files -----------------------------------------------------------------------------------


def _media_box(pdf: bytes) -> tuple[float, float]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1, boxes  # one page
    x0, y0, x1, y1 = (float(v) for v in boxes[0])
    return x1 - x0, y1 - y0


@pytest.mark.parametrize(("paper", "expected"), [("A4", A4_PT), ("A3", A3_PT)])
def test_the_pdf_page_is_a4_or_a3_landscape(model: MapModel, paper: str, expected: tuple[float, float]) -> None:
    pdf = render_static(model, "pdf", "zh", paper)
    assert pdf.startswith(b"%PDF-")
    width, height = _media_box(pdf)
    assert width == pytest.approx(expected[0], abs=1.0) and height == pytest.approx(expected[1], abs=1.0)
    assert b"/FontFile2" in pdf  # the font is embedded as TrueType (pdf.fonttype 42): text can be copied


def test_the_png_is_a_real_picture_of_the_page(model: MapModel) -> None:
    png = render_static(model, "png", "zh")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    width_in, height_in = PAPERS["A4"]
    assert image.size == (round(width_in * PNG_DPI), round(height_in * PNG_DPI)) == (2338, 1654)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    assert colours is not None and len(colours) > 200
    # Mostly paper, but well inked: the network, the legend and the texts.
    white = max(colours)[0] / (image.size[0] * image.size[1])
    assert 0.5 < white < 0.99


def test_same_model_same_bytes(model: MapModel) -> None:
    for fmt in ("svg", "pdf", "png"):
        assert render_static(model, fmt, "zh") == render_static(sample_map(), fmt, "zh"), fmt
    assert b"CreationDate" not in render_static(model, "pdf")
    assert b"<dc:date>" not in render_static(model, "svg")


def test_write_static_writes_the_file_whole(model: MapModel, tmp_path: Path) -> None:
    for fmt in ("png", "svg", "pdf"):
        path = write_static(model, tmp_path / f"map.{fmt}", fmt)
        assert path.read_bytes() == render_static(model, fmt)
    assert write_static(model, tmp_path / "guess.svg").read_bytes().startswith(b"<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guess.svg", "map.pdf", "map.png", "map.svg"]
    with pytest.raises(MapFileError) as info:
        write_static(model, tmp_path / "map.gif")
    assert "gif" in info.value.message("en") and "png, svg, pdf" in info.value.message("en")
    with pytest.raises(MapFileError):
        render_static(model, "pdf", paper="Letter")
    with pytest.raises(MapFileError) as info:
        write_static(model, tmp_path / "no-such-folder" / "map.png")
    assert "no-such-folder" in info.value.message("zh")


# -- a big map --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_map_of_2000_nodes_renders_in_every_format() -> None:
    big = big_map(2000)
    svg = render_static(big, "svg")
    texts = _svg_texts(svg)
    assert map_title(big, "zh") in texts and "党组织" in texts
    labels = [x for x in texts if x.startswith("单位")]
    assert 5 <= len(labels) <= 25  # the largest nodes only, never all 2,000
    biggest = max(big.nodes, key=lambda n: n.size)
    assert biggest.name in labels
    assert t("map_labels_note", "zh").format(shown=len(labels), n=2000) in " ".join(texts)
    pdf = render_static(big, "pdf")
    assert _media_box(pdf) == pytest.approx(A4_PT, abs=1.0)
    png = Image.open(io.BytesIO(render_static(big, "png")))
    assert png.size == (2338, 1654)
