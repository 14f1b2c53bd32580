"""Static maps: a :class:`~graph.maps.model.MapModel` drawn to PNG, SVG or PDF for printing and
for pasting into reports.

One page (A4 or A3, landscape): the title and a subtitle line (date, scope, counts), the network
drawn from the nodes' ``x``/``y`` (ties under nodes), labels on the largest nodes only, a legend
beside the drawing that lists every entry of :meth:`MapModel.legend`, and a footer with the data
version. Every colour, shape and legend text comes from :mod:`graph.maps.style`; every other
text from :mod:`graph.texts`. Chinese is drawn with the font :mod:`exports.fonts` finds.

SVG keeps its text as ``<text>`` (searchable, translatable, never HTML: a name such as
``<script>`` is escaped text); PDF embeds the font as TrueType (text can be copied). The output
is deterministic: the same model gives the same bytes (no dates in the files, a fixed SVG salt).

Drawing uses :class:`matplotlib.figure.Figure` and its canvas directly, never ``pyplot``: no
global figure state, safe in the dashboard's threads.

Examples
--------
>>> from tests.map_fixtures import sample_map
>>> render_static(sample_map(), "svg")[:5]
b'<?xml'
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox

from exports.files import replaced
from exports.fonts import register_cjk_font
from graph.errors import GongjianError
from graph.maps.model import LegendEntry, MapModel, MapNode
from graph.maps.style import EDGE_STYLES, MARK_STYLES, node_style
from graph.maps.text import map_subtitle, map_title
from graph.texts import t

#: Formats :func:`write_static` writes.
FORMATS = ("png", "svg", "pdf")
#: Landscape page sizes in inches (ISO 216: A4 297 × 210 mm, A3 420 × 297 mm).
PAPERS: dict[str, tuple[float, float]] = {"A4": (11.69, 8.27), "A3": (16.54, 11.69)}
#: Resolution of the PNG.
PNG_DPI = 200
#: How many nodes get a label: the largest (by size, then degree).
LABEL_LIMIT = 25
#: Longest label drawn; longer names end in "…".
LABEL_CHARS = 18
#: Matplotlib marker of each abstract shape of the style table.
MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^", "hexagon": "h", "pentagon": "p"}

# Neutral inks of the page itself (text, halo, node rims); every colour that means something
# (types, statuses, marks, ties) comes from graph.maps.style.
_INK = "#222222"
_MUTED = "#5f6368"
_PAPER = "white"

#: How far above its centre a marker reaches, in half its size (a diamond is a turned square).
_TIP = {"diamond": 1.45, "triangle": 1.1, "hexagon": 1.1, "pentagon": 1.1}

_SVG_SALT = "gongjian-map"
_METADATA: dict[str, dict[str, Any]] = {
    "png": {},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}


class MapFileError(GongjianError):
    """A static map cannot be written (unknown format or paper, or the file cannot be written)."""


# -- sizes --------------------------------------------------------------------------------------


def _degree(node: MapNode) -> float:
    value = node.attrs.get("degree", 0)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _areas(nodes: Sequence[MapNode], side_pt: float) -> list[float]:
    """Marker areas (pt²): about 8 % of the drawing covered in all, a node's share growing
    with ``size``, each clamped so one node never fills the page nor vanishes."""
    if not nodes:
        return []
    mean = min(360.0, max(14.0, 0.08 * side_pt * side_pt / len(nodes)))
    sizes = [n.size if math.isfinite(n.size) and n.size > 0 else 1.0 for n in nodes]
    lo, hi = min(sizes), max(sizes)
    rel = [0.5 if hi == lo else (s - lo) / (hi - lo) for s in sizes]
    return [mean * (0.45 + 1.4 * r) for r in rel]


def _labelled(nodes: Sequence[MapNode]) -> list[int]:
    """Indexes of the nodes that get a label: the :data:`LABEL_LIMIT` largest, ties broken by
    degree, then id (stable)."""
    order = sorted(range(len(nodes)), key=lambda i: (-nodes[i].size, -_degree(nodes[i]), nodes[i].id))
    return order[:LABEL_LIMIT]


def _short(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


# -- drawing ------------------------------------------------------------------------------------


def _draw_edges(ax: Axes, model: MapModel, where: dict[str, tuple[float, float]]) -> None:
    many = len(model.edges) > 300
    by_kind: dict[str, list[tuple[tuple[float, float], tuple[float, float]]]] = {}
    widths: dict[str, list[float]] = {}
    for e in model.edges:
        if e.source not in where or e.target not in where:
            continue
        by_kind.setdefault(e.kind, []).append((where[e.source], where[e.target]))
        w = e.weight if math.isfinite(e.weight) and e.weight > 0 else 1.0
        base = 0.45 if many else 1.1
        widths.setdefault(e.kind, []).append(base * min(4.0, 1.0 + math.log2(max(1.0, w))))
    # Fainter as ties grow many, so thousands of them stay a texture under the nodes.
    alpha = max(0.12, min(0.75, 12 / math.sqrt(max(1, len(model.edges)))))
    order = [k for k in EDGE_STYLES if k in by_kind] + sorted(by_kind.keys() - EDGE_STYLES.keys())
    for kind in order:
        style = EDGE_STYLES.get(kind, EDGE_STYLES["aggregate"])
        ax.add_collection(LineCollection(
            by_kind[kind], colors=style.color, linewidths=widths[kind], alpha=alpha,
            linestyles=(0, (4, 2.5)) if style.dashed else "solid", zorder=1, capstyle="round"))


def _draw_nodes(ax: Axes, nodes: Sequence[MapNode], areas: Sequence[float]) -> None:
    many = len(nodes) > 300
    groups: dict[tuple[str, str, str | None], list[int]] = {}
    for i, n in enumerate(nodes):
        mark = next((m for m in n.marks if m in MARK_STYLES), None)
        groups.setdefault((n.style.color, node_style(n.type).shape, mark), []).append(i)
    # Unmarked first, then marked (their outline on top); small nodes under large ones.
    for (color, shape, mark), idx in sorted(groups.items(), key=lambda kv: (kv[0][2] is not None, kv[0])):
        idx.sort(key=lambda i: (areas[i], nodes[i].id))
        if mark:
            edge, lw = MARK_STYLES[mark].color, 1.3 if many else 2.4
        else:
            edge, lw = _PAPER, 0.3 if many else 0.8
        ax.scatter([nodes[i].x for i in idx], [nodes[i].y for i in idx], s=[areas[i] for i in idx],
                   c=color, marker=MARKERS.get(shape, "o"), edgecolors=edge, linewidths=lw,
                   zorder=3 if mark else 2, clip_on=False)


def _draw_labels(ax: Axes, nodes: Sequence[MapNode], areas: Sequence[float], fontsize: float) -> int:
    """Label the largest nodes (:func:`_labelled`), largest first, leaving out a label that
    would cover one already drawn; returns how many were drawn."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    placed: list[Bbox] = []
    for i in _labelled(nodes):
        n = nodes[i]
        text = _short(n.name)
        radius = math.sqrt(areas[i]) / 2
        # Labels near the left or right edge run inwards from the marker's rim, so they stay
        # on the page; a diamond's or triangle's tip reaches higher than a circle's top.
        ha = "left" if n.x < -0.6 else "right" if n.x > 0.6 else "center"
        dx = {"left": -radius, "right": radius, "center": 0.0}[ha]
        offset = (dx, radius * _TIP.get(node_style(n.type).shape, 1.0) + 2.0)
        common: dict[str, Any] = {"xy": (n.x, n.y), "xytext": offset, "textcoords": "offset points",
                                  "ha": ha, "va": "bottom", "fontsize": fontsize, "zorder": 4,
                                  "annotation_clip": False, "parse_math": False}
        label = ax.annotate(text, color=_INK, **common)
        box = label.get_window_extent(renderer)
        if any(box.overlaps(other) for other in placed):
            label.remove()
            continue
        placed.append(box)
        # The halo is a decoration drawn as outlines (path effects turn text into paths) under
        # the label, which stays real text, so SVG and PDF keep it searchable.
        ax.annotate(text, color=_PAPER, path_effects=[withStroke(linewidth=2.6, foreground=_PAPER)],
                    **{**common, "zorder": 3.9})
    return len(placed)


def _legend_handle(entry: LegendEntry) -> Artist:
    style = entry.style
    if entry.group == "edge":
        return Line2D([], [], color=style.color, linewidth=1.8,
                      linestyle=(0, (4, 2.5)) if style.dashed else "solid")
    if entry.group == "mark":
        return Line2D([], [], linestyle="none", marker="o", markersize=9, markerfacecolor=_PAPER,
                      markeredgecolor=style.color, markeredgewidth=2.2)
    return Line2D([], [], linestyle="none", marker=MARKERS.get(style.shape, "o"), markersize=9,
                  markerfacecolor=style.color, markeredgecolor=_PAPER, markeredgewidth=0.6)


def _legend_groups(model: MapModel, lang: str) -> list[tuple[str, list[Artist], list[str]]]:
    groups: list[tuple[str, list[Artist], list[str]]] = []
    for entry in model.legend():
        if not groups or groups[-1][0] != entry.group:
            groups.append((entry.group, [], []))
        groups[-1][1].append(_legend_handle(entry))
        groups[-1][2].append(entry.text(lang))
    return groups


def _draw_legend(fig: Figure, model: MapModel, lang: str, left: float, top: float, bottom: float,
                 bold: bool) -> None:
    """One block per legend group (types, statuses, marks, ties), each under its heading,
    stacked from ``top`` down beside the drawing; smaller type when they would not fit."""
    groups = _legend_groups(model, lang)
    if not groups:
        return
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    page = fig.bbox
    tries = [(9.0, 1), (8.0, 1), (7.5, 1), (8.0, 2), (7.0, 2), (6.0, 2), (5.0, 3)]
    for n, (fontsize, ncols) in enumerate(tries):
        legends = []
        y, right = top, 0.0
        for group, handles, labels in groups:
            legend = fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(left, y), frameon=False,
                                fontsize=fontsize, handlelength=2.0, handletextpad=0.6, labelspacing=0.45,
                                borderaxespad=0.0, borderpad=0.0, ncols=min(ncols, len(labels)),
                                columnspacing=1.2, title=t("map_legend_" + group, lang), alignment="left",
                                title_fontproperties={"size": fontsize + 0.5,
                                                      "weight": "bold" if bold else "normal"})
            legend.get_title().set_color(_INK)
            legends.append(legend)
            box = legend.get_window_extent(renderer)
            y -= box.height / page.height + 0.012
            right = max(right, box.x1 / page.width)
        if (y >= bottom and right <= 0.99) or n == len(tries) - 1:
            return
        for legend in legends:
            legend.remove()


def _figure(model: MapModel, lang: str, paper: str, bold: bool) -> Figure:
    width, height = PAPERS[paper]
    fig = Figure(figsize=(width, height), facecolor=_PAPER)
    FigureCanvasAgg(fig)
    scale = height / PAPERS["A4"][1]
    margin_x, margin_y = 0.35 / width, 0.3 / height
    fig.text(margin_x, 1 - margin_y, map_title(model, lang), fontsize=17 * scale,
             fontweight="bold" if bold else "normal", color=_INK, va="top", ha="left", parse_math=False)
    fig.text(margin_x, 1 - margin_y - 0.42 * scale / height, map_subtitle(model, lang),
             fontsize=9.5 * scale, color=_MUTED, va="top", ha="left", parse_math=False)

    # The drawing: a square (positions are in [-1, 1]²) as tall as the page allows, left.
    top = 1 - (0.95 * scale) / height
    bottom = 0.4 / height
    side = (top - bottom) * height
    ax = fig.add_axes((margin_x, bottom, side / width, top - bottom))
    ax.set_axis_off()
    nodes = model.nodes
    where = {n.id: (n.x, n.y) for n in nodes}
    areas = _areas(nodes, side * 72 * 0.9)
    # Room for the largest marker (and the labels above the top row) inside the square.
    pad = 0.03 + (math.sqrt(max(areas, default=0.0)) / 2 + 2) * 2.2 / (side * 72)
    ax.set_xlim(-1 - pad, 1 + pad)
    ax.set_ylim(-1 - pad, 1 + pad + 0.04)
    ax.set_aspect("equal", adjustable="box", anchor="W")
    _draw_edges(ax, model, where)
    _draw_nodes(ax, nodes, areas)
    shown = _draw_labels(ax, nodes, areas, fontsize=(8.0 if len(nodes) <= 60 else 6.5) * scale)

    _draw_legend(fig, model, lang, left=margin_x + side / width + 0.25 / width, top=top, bottom=bottom,
                 bold=bold)

    footer = t("map_footer", lang).format(version=model.data_version)
    if shown < len(nodes):
        footer += " · " + t("map_labels_note", lang).format(shown=shown, n=len(nodes))
    fig.text(margin_x, 0.15 / height, footer, fontsize=7.5 * scale, color=_MUTED, va="bottom", ha="left",
             parse_math=False)
    return fig


def _has_bold(family: str) -> bool:
    """Whether ``family`` has a bold face (WenQuanYi Micro Hei has none: asking for one only
    logs a warning and draws the regular face)."""
    weights = [f.weight for f in font_manager.fontManager.ttflist if f.name == family]
    return any((w if isinstance(w, int) else font_manager.weight_dict.get(w, 400)) >= 600 for w in weights)


def _rc(family: str) -> dict[str, Any]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.fonttype": "none",
        "svg.hashsalt": _SVG_SALT,
        "svg.id": None,
        "pdf.fonttype": 42,
        "pdf.compression": 6,
    }


def _check(fmt: str, paper: str) -> None:
    if fmt not in FORMATS:
        raise MapFileError(t("map_format_unknown", "zh").format(fmt=fmt, known="、".join(FORMATS)),
                           t("map_format_unknown", "en").format(fmt=fmt, known=", ".join(FORMATS)))
    if paper not in PAPERS:
        raise MapFileError(t("map_paper_unknown", "zh").format(paper=paper, known="、".join(PAPERS)),
                           t("map_paper_unknown", "en").format(paper=paper, known=", ".join(PAPERS)))


def render_static(model: MapModel, fmt: str, lang: str = "zh", paper: str = "A4") -> bytes:
    """The map as the bytes of a ``fmt`` file (``png``, ``svg`` or ``pdf``) on one landscape
    ``paper`` page (``A4`` or ``A3``; PNG at :data:`PNG_DPI`), texts in ``lang``.

    Raises :class:`MapFileError` for an unknown format or paper and
    :class:`exports.fonts.CjkFontMissing` when no Chinese font is installed.
    """
    _check(fmt, paper)
    model = model.localized(lang)
    font = register_cjk_font()
    with matplotlib.rc_context(_rc(font.family)):
        fig = _figure(model, lang, paper, _has_bold(font.family))
        out = io.BytesIO()
        fig.savefig(out, format=fmt, dpi=PNG_DPI if fmt == "png" else 72, facecolor=_PAPER,
                    metadata=_METADATA[fmt])
    return out.getvalue()


def write_static(model: MapModel, path: Path | str, fmt: str | None = None, lang: str = "zh",
                 paper: str = "A4") -> Path:
    """Write :func:`render_static` to ``path`` (``fmt`` defaults to the path's suffix) and return
    the path. The file is replaced whole or not at all (written next to it, then renamed)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    data = render_static(model, fmt, lang, paper)

    def cannot(where: Path, reason: str) -> MapFileError:
        return MapFileError(t("os_error", "zh").format(path=where, reason=reason),
                            t("os_error", "en").format(path=where, reason=reason))

    with replaced(path, cannot) as temp:
        temp.write_bytes(data)
    return path
