"""A map's data as files other tools read: GEXF and GraphML (Gephi, Cytoscape, yEd), node-link
JSON (networkx, d3) and, for spreadsheets, CSV and Excel.

:func:`write_data` writes one :class:`~graph.maps.model.MapModel` in one format and returns the
paths it wrote. What each format holds:

``gexf`` (GEXF 1.3)
    Every node attribute as a typed column (Python ``int`` → ``long``, ``float`` → ``double``,
    ``bool`` → ``boolean``, text → ``string``). Column ids are the machine names below (English
    snake_case); column titles are the headers in ``lang`` (中文 by default), which Gephi shows.
    networkx's :func:`~networkx.read_gexf` keys the data by title: :func:`attribute_title`
    maps a machine name to it. A node's GEXF label is its name (what Gephi draws); its colour
    (the style table's), position (:data:`POSITION_SCALE` × the model's) and size
    (:data:`SIZE_SCALE` × the model's) go to ``viz:``. A node or tie with ``start`` / ``end``
    (ISO dates) gets that interval on Gephi's timeline (the graph is then ``mode="dynamic"``,
    ``timeformat="date"``); those without are static.
``graphml``
    The same attributes as ``<key>``s whose ``id`` and ``attr.name`` are the machine names (a
    tie's key is ``edge_NAME`` when a node key already has NAME) and whose ``<desc>`` is the
    header in ``lang``; ``start`` / ``end`` are plain strings. ``label``, ``x``, ``y``, ``size``
    and ``color`` (``#rrggbb``) are the keys Gephi's GraphML importer reads as a node's label,
    position, size and colour.
``json``
    :func:`networkx.node_link_data` with ``edges="edges"`` (read it back with
    ``networkx.node_link_graph(data, edges="edges")``), UTF-8; the top-level ``graph`` holds the
    map's kind, scope, scope name, date (``as_of``), data version and counts. Positions and
    sizes are the model's own (x and y in [-1, 1]).
``csv``
    Two files, nodes and ties: ``PATH`` ending in ``.csv`` gives ``PATH-without-.csv.nodes.csv``
    and ``….edges.csv`` beside it; any other ``PATH`` is a folder (made if missing) that gets
    ``nodes.csv`` and ``edges.csv``. UTF-8 with a byte-order mark, headers in ``lang``, every
    cell through :func:`exports.csv_files.excel_safe` (no formula injection).
``xlsx``
    One workbook, a nodes sheet and a ties sheet named in ``lang``; text is always a text cell
    (never a formula, a link or a number), numbers are numbers; the header row is bold and frozen.

The node attributes (machine names): ``label`` (the name, as the graph formats' display label),
``name``, ``node_label`` (the model's label: ``Unit``, ``PartyOrg``…), ``type`` (the actor type
code) and ``type_text``, ``community``, ``status`` and ``status_text``, ``marks`` (codes joined
with ``,``), ``size``, ``x``, ``y``, ``color``, then every key of the node's ``attrs`` (a key that
is one of these names, or one a writer reserves, gets ``attr_`` in front). The tie attributes:
``kind``, ``kind_text``, ``weight``, and ``start`` / ``end`` (and any ``attrs``) when the tie has
them. Values are cleaned first: ``None``, NaN and infinities are left out, lists and tuples joined
with ``,``, numpy scalars made plain; where one attribute holds ints on some nodes and floats on
others it is a float everywhere, and where it mixes text and numbers it is text everywhere.

Every file is written to a temporary file beside its target and renamed into place, so a failure
leaves no half-written file (and, for CSV, neither file replaced).

Examples
--------
>>> import tempfile
>>> from graph.maps.model import MapEdge, MapModel, MapNode
>>> m = MapModel("co_building", "all", "2026-10-31", "v1", False, False,
...     (MapNode("O1", "社区党委", "party_org", label="PartyOrg", attrs={"degree": 1}),
...      MapNode("U1", "=HYPERLINK(\\"x\\")", "private_enterprise", attrs={"degree": 1})),
...     (MapEdge("O1", "U1", "co_building"),))
>>> folder = Path(tempfile.mkdtemp())
>>> [p.name for p in write_data(m, folder / "map.csv", "csv")]
['map.nodes.csv', 'map.edges.csv']
>>> (folder / "map.nodes.csv").read_text("utf-8-sig").splitlines()[2].split(",")[:2]
['U1', '"\\'=HYPERLINK(""x"")"']
>>> write_data(m, folder / "map.gml", "gml")
Traceback (most recent call last):
...
exports.map_data.MapDataError: unknown data file format gml (known: gexf, graphml, json, csv, xlsx)
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import networkx as nx
import xlsxwriter
import xlsxwriter.exceptions

from exports.csv_files import CsvWriter
from exports.files import replaced
from graph.errors import GongjianError
from graph.maps.model import MapEdge, MapModel, MapNode
from graph.maps.style import EDGE_STYLES, STATUS_STYLES, Style, node_style
from graph.maps.text import attr_label
from graph.texts import MESSAGES, both, t

#: The formats :func:`write_data` writes.
FORMATS = ("gexf", "graphml", "json", "csv", "xlsx")

#: Model positions ([-1, 1]) times this are the positions in GEXF and GraphML (Gephi's units).
POSITION_SCALE = 1000.0
#: Model sizes times this are the node sizes in GEXF and GraphML (Gephi draws a node 10 wide).
SIZE_SCALE = 10.0

#: Plain values an attribute may hold.
Plain = str | int | float | bool

#: Node attributes every node may have, in column order (see the module docstring).
NODE_FIELDS = ("id", "name", "label", "node_label", "type", "type_text", "community", "status",
               "status_text", "marks", "size", "x", "y", "color")
#: Tie attributes, in column order (``start`` / ``end`` and ``attrs`` follow when present).
EDGE_FIELDS = ("source", "source_name", "target", "target_name", "kind", "kind_text", "weight")

#: Keys a node's ``attrs`` cannot use as they are: ours, and those a writer or Gephi treats
#: specially (networkx's GEXF writer: ``pid``, ``viz``, ``parents``, ``spells``, ``slices``;
#: Gephi's GraphML importer: ``r``, ``g``, ``b``, ``z``); they get ``attr_`` in front.
RESERVED = frozenset(NODE_FIELDS) | frozenset(EDGE_FIELDS) | {
    "pid", "viz", "parents", "spells", "slices", "key", "networkx_key", "r", "g", "b", "z", "type"}

#: What ``start`` and ``end`` must look like to go on Gephi's timeline.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: Characters XML 1.0 cannot hold (GEXF and GraphML are XML): replaced by U+FFFD.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: Rows of one Excel worksheet.
EXCEL_MAX_ROWS = 1_048_576
#: Longest text one Excel cell holds.
EXCEL_MAX_TEXT = 32_767

_TIME_KEYS = ("start", "end")


class MapDataError(GongjianError):
    """A map's data file cannot be written."""

    exit_code = 1


def attribute_title(key: str, lang: str = "zh") -> str:
    """The header (CSV, Excel) or title (GEXF, GraphML ``<desc>``) of attribute ``key`` in
    ``lang``: a data file's own column name (``map_data_col_<key>``), else the map's label for the
    attribute (:func:`graph.maps.text.attr_label`); a key the catalogue does not name is its own title.

    >>> attribute_title("betweenness"), attribute_title("degree", "en"), attribute_title("attr_x9")
    ('中介中心度', 'degree', 'attr_x9')
    >>> attribute_title("org_kind"), attribute_title("two_mode_closeness", "en"), attribute_title("count_school")
    ('党组织类别', 'two-mode closeness', '学校（个）')
    """
    name = f"map_data_col_{key}"
    return t(name, lang) if name in MESSAGES else attr_label(key, lang)


# -- cleaning -----------------------------------------------------------------------------------

def _plain(value: Any) -> Plain | None:
    """``value`` as one plain value, or ``None`` when it holds none (``None``, NaN, infinities)."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalars
        value = value.item()
    if value is None:
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        parts = [str(v) for v in (_plain(i) for i in items) if v is not None]
        return ",".join(parts) if parts else None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _kind(value: Plain) -> str:
    return "bool" if isinstance(value, bool) else "int" if isinstance(value, int) else \
        "float" if isinstance(value, float) else "str"


def _unify(records: list[dict[str, Plain]]) -> None:
    """Give each attribute one type across ``records`` (in place): ints among floats become
    floats; anything else mixed becomes text."""
    kinds: dict[str, set[str]] = {}
    for record in records:
        for k, v in record.items():
            kinds.setdefault(k, set()).add(_kind(v))
    for k, found in kinds.items():
        if len(found) < 2:
            continue
        to_float = found == {"int", "float"}
        for record in records:
            if k in record:
                v = record[k]
                record[k] = float(v) if to_float else (str(v).lower() if isinstance(v, bool) else str(v))


def _put(record: dict[str, Plain], key: str, value: Any) -> None:
    value = _plain(value)
    if value is not None:
        record[key] = value


def _attr_key(key: str) -> str:
    return f"attr_{key}" if key in RESERVED else key


def _check_date(owner: str, field: str, value: Plain) -> None:
    text = str(value)
    ok = isinstance(value, str) and ISO_DATE.fullmatch(text) is not None
    if ok:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            ok = False
    if not ok:
        raise MapDataError(*both("map_data_bad_date", id=owner, field=field, value=text))


def node_record(node: MapNode, lang: str = "zh") -> dict[str, Plain]:
    """Every attribute of ``node`` by machine name, cleaned (module docstring), ``id`` first."""
    style = node_style(node.type)
    shown: Style = node.style
    record: dict[str, Plain] = {"id": node.id, "name": node.name, "label": node.name,
                                "node_label": node.label, "type": node.type, "type_text": style.text(lang)}
    _put(record, "community", node.community)
    if node.status:
        record["status"] = node.status
        record["status_text"] = STATUS_STYLES[node.status].text(lang) if node.status in STATUS_STYLES else node.status
    _put(record, "marks", list(node.marks))
    record.update(size=float(node.size), x=float(node.x), y=float(node.y), color=shown.color)
    for key, value in node.attrs.items():
        if key in _TIME_KEYS:
            _put(record, key, value)
        else:
            _put(record, _attr_key(str(key)), value)
    for key in _TIME_KEYS:
        if key in record:
            _check_date(node.id, key, record[key])
    return record


def _edge_extra(edge: MapEdge) -> dict[str, Any]:
    """What a tie carries beyond source, target, kind and weight: its ``attrs`` and its
    ``start`` / ``end`` (dated ties carry them in ``attrs``)."""
    return dict(edge.attrs)


def edge_record(edge: MapEdge, names: Mapping[str, str], lang: str = "zh") -> dict[str, Plain]:
    """Every attribute of ``edge`` by machine name, cleaned; ``names`` gives the nodes' names."""
    style = EDGE_STYLES.get(edge.kind)
    record: dict[str, Plain] = {"source": edge.source, "source_name": names.get(edge.source, ""),
                                "target": edge.target, "target_name": names.get(edge.target, ""),
                                "kind": edge.kind, "kind_text": style.text(lang) if style else edge.kind}
    _put(record, "weight", float(edge.weight))
    for key, value in _edge_extra(edge).items():
        _put(record, key if key in _TIME_KEYS else _attr_key(str(key)), value)
    for key in _TIME_KEYS:
        if key in record:
            _check_date(f"{edge.source}→{edge.target}", key, record[key])
    return record


def records(model: MapModel, lang: str = "zh") -> tuple[list[dict[str, Plain]], list[dict[str, Plain]]]:
    """The nodes' and the ties' records (:func:`node_record`, :func:`edge_record`), each
    attribute of one type across all of them."""
    model = model.localized(lang)
    nodes = [node_record(n, lang) for n in model.nodes]
    names = {n.id: n.name for n in model.nodes}
    edges = [edge_record(e, names, lang) for e in model.edges]
    _unify(nodes)
    _unify(edges)
    return nodes, edges


def _columns(rows: Iterable[Mapping[str, Plain]], fixed: tuple[str, ...]) -> list[str]:
    """``fixed`` first, then every other key in the order first seen."""
    out = list(fixed)
    seen = set(out)
    for row in rows:
        for k in row:
            if k not in seen:
                seen.add(k)
                out.append(k)
    return out


def graph_data(model: MapModel) -> dict[str, Plain]:
    """What the graph formats say about the map as a whole."""
    return {"kind": model.kind, "scope": model.scope, "scope_name": model.scope_name, "as_of": model.as_of,
            "data_version": model.data_version, "aggregated": model.aggregated,
            "full_names": model.full_names, "total_nodes": model.total_nodes}


# -- the networkx graph ---------------------------------------------------------------------------

def _xml_text(value: Plain) -> Plain:
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def _rgb(color: str) -> dict[str, int]:
    c = color.lstrip("#")
    return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16)}


def to_networkx(model: MapModel, lang: str = "zh", *, target: str = "json") -> nx.MultiDiGraph:
    """The map as a :class:`networkx.MultiDiGraph` (ties keep their direction; tie keys, and
    GEXF/GraphML ids, are ``e0``, ``e1``… in the model's order), data as :func:`write_data`
    writes it for ``target``: ``json`` (the model's positions and sizes), ``graphml`` (Gephi's
    units, text made XML-safe) or ``gexf`` (also: positions, sizes and colours as ``viz``)."""
    nodes, edges = records(model, lang)
    G = nx.MultiDiGraph(**graph_data(model))
    xml = target in ("gexf", "graphml")
    for record in nodes:
        data = {k: _xml_text(v) for k, v in record.items() if k != "id"} if xml else dict(record)
        data.pop("id", None)
        if xml:
            data["x"] = float(data["x"]) * POSITION_SCALE
            data["y"] = float(data["y"]) * POSITION_SCALE
            data["size"] = float(data["size"]) * SIZE_SCALE
        if target == "gexf":
            data["viz"] = {"color": {**_rgb(str(data.pop("color"))), "a": 1.0},
                           "position": {"x": data.pop("x"), "y": data.pop("y"), "z": 0.0},
                           "size": data.pop("size")}
        G.add_node(record["id"], **data)
    for i, (edge, record) in enumerate(zip(model.edges, edges, strict=True)):
        data = {k: _xml_text(v) if xml else v for k, v in record.items()
                if k not in ("source", "target", "source_name", "target_name")}
        style = EDGE_STYLES.get(edge.kind)
        if target == "gexf":
            if style:
                data["viz"] = {"color": {**_rgb(style.color), "a": 1.0}}
            data["id"] = f"e{i}"
        elif style:
            data["color"] = style.color
        G.add_edge(edge.source, edge.target, key=f"e{i}", **data)
    return G


# -- GEXF and GraphML ---------------------------------------------------------------------------

def _gexf(G: nx.MultiDiGraph, lang: str) -> nx.readwrite.gexf.GEXFWriter:
    """networkx's GEXF writer with its XML rewritten: attribute ids are the machine names,
    titles the headers in ``lang``, and no ``networkx_key`` column."""
    writer = nx.readwrite.gexf.GEXFWriter(version="1.3")
    writer.xml.set("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")  # networkx misspells it for 1.3
    writer.add_graph(G)
    graph = writer.graph_element
    graph.set("name", str(G.graph.get("scope_name") or G.graph.get("scope", "")))
    for block in graph.findall("attributes"):
        cls = block.get("class", "node")
        rename: dict[str, str | None] = {}
        for attribute in list(block.findall("attribute")):
            title = attribute.get("title", "")
            if title == "networkx_key":
                rename[attribute.get("id", "")] = None
                block.remove(attribute)
                continue
            rename[attribute.get("id", "")] = title
            attribute.set("id", title)
            attribute.set("title", attribute_title(title, lang))
        holder = graph.find("nodes" if cls == "node" else "edges")
        for element in holder if holder is not None else ():
            values = element.find("attvalues")
            for value in list(values) if values is not None else ():
                old = value.get("for", "")
                if old in rename:
                    if rename[old] is None:
                        values.remove(value)  # type: ignore[union-attr]
                    else:
                        value.set("for", str(rename[old]))
    return writer


def _graphml(G: nx.MultiDiGraph, lang: str) -> nx.readwrite.graphml.GraphMLWriter:
    """networkx's GraphML writer with named key ids (unique: ``edge_NAME`` or ``graph_NAME`` when
    a node key has NAME) and each key's header in ``lang`` as its ``<desc>``."""
    writer = nx.readwrite.graphml.GraphMLWriter(named_key_ids=True)
    writer.add_graph_element(G)
    keys = writer.xml.findall("key")
    order = {"node": 0, "edge": 1, "graph": 2}
    used: set[str] = set()
    rename: dict[tuple[str, str], str] = {}
    for key in sorted(keys, key=lambda k: (order.get(k.get("for", ""), 3), keys.index(k))):
        scope, name = key.get("for", ""), key.get("attr.name", "")
        new = name if name not in used else f"{scope}_{name}"
        used.add(new)
        rename[(scope, key.get("id", ""))] = new
        key.set("id", new)
        desc = Element("desc")
        desc.text = attribute_title(name, lang)
        key.insert(0, desc)
    graph = writer.xml.find("graph")
    if graph is not None:
        for scope, elements in (("graph", [graph]), ("node", graph.findall("node")), ("edge", graph.findall("edge"))):
            for element in elements:
                for data in element.findall("data"):
                    data.set("key", rename.get((scope, data.get("key", "")), data.get("key", "")))
    return writer


# -- writing ------------------------------------------------------------------------------------

def _atomic(path: Path) -> AbstractContextManager[Path]:
    """A temporary path beside ``path``, renamed to ``path`` once written (:func:`exports.files.replaced`)."""
    return replaced(path, lambda where, reason: MapDataError(*both("map_data_cannot_write", path=where, reason=reason)))


def _write_gexf(model: MapModel, path: Path, lang: str) -> list[Path]:
    writer = _gexf(to_networkx(model, lang, target="gexf"), lang)
    with _atomic(path) as temp, open(temp, "wb") as f:
        writer.write(f)
    return [path]


def _write_graphml(model: MapModel, path: Path, lang: str) -> list[Path]:
    writer = _graphml(to_networkx(model, lang, target="graphml"), lang)
    with _atomic(path) as temp, open(temp, "wb") as f:
        writer.dump(f)
    return [path]


def _write_json(model: MapModel, path: Path, lang: str) -> list[Path]:
    data = nx.node_link_data(to_networkx(model, lang, target="json"), edges="edges")
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    with _atomic(path) as temp:
        temp.write_bytes(text.encode("utf-8"))
    return [path]


def csv_paths(path: Path) -> tuple[Path, Path]:
    """The nodes and ties files of ``path`` (module docstring: ``x.csv`` → ``x.nodes.csv`` and
    ``x.edges.csv``; a folder → ``nodes.csv`` and ``edges.csv`` in it).

    >>> [p.as_posix() for p in csv_paths(Path("out/map.csv"))], [p.as_posix() for p in csv_paths(Path("out"))]
    (['out/map.nodes.csv', 'out/map.edges.csv'], ['out/nodes.csv', 'out/edges.csv'])
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        stem = path.with_suffix("")
        return stem.with_name(stem.name + ".nodes.csv"), stem.with_name(stem.name + ".edges.csv")
    return path / "nodes.csv", path / "edges.csv"


def _write_csv(model: MapModel, path: Path, lang: str) -> list[Path]:
    nodes, edges = records(model, lang)
    targets = csv_paths(path)
    if Path(path).suffix.lower() != ".csv":
        try:
            Path(path).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise MapDataError(*both("map_data_cannot_write", path=path, reason=e.strerror or e)) from e
    with ExitStack() as stack:  # both files are written before either replaces its target
        for target, rows, fixed in ((targets[0], nodes, NODE_FIELDS), (targets[1], edges, EDGE_FIELDS)):
            temp = stack.enter_context(_atomic(target))
            columns = _columns(rows, fixed)
            with open(temp, "w", encoding="utf-8", newline="") as f:
                writer = CsvWriter(f, [attribute_title(c, lang) for c in columns])
                writer.write([row.get(c) for c in columns] for row in rows)
    return list(targets)


def _write_sheet(wb: xlsxwriter.Workbook, name: str, rows: list[dict[str, Plain]], fixed: tuple[str, ...],
                 lang: str, bold: Any) -> None:
    if len(rows) + 1 > EXCEL_MAX_ROWS:
        raise MapDataError(*both("map_data_too_many_rows", what=name, n=len(rows), limit=EXCEL_MAX_ROWS - 1))
    ws = wb.add_worksheet(name)
    columns = _columns(rows, fixed)
    for col, key in enumerate(columns):
        title = attribute_title(key, lang)
        ws.write_string(0, col, title, bold)
        ws.set_column(col, col, max(8, min(40, 2 * len(title) + 2)))
    for r, row in enumerate(rows, start=1):
        for col, key in enumerate(columns):
            value = row.get(key)
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_boolean(r, col, value)
            elif isinstance(value, int | float):
                ws.write_number(r, col, value)
            else:
                ws.write_string(r, col, str(value)[:EXCEL_MAX_TEXT])
    ws.freeze_panes(1, 0)


def _write_xlsx(model: MapModel, path: Path, lang: str) -> list[Path]:
    nodes, edges = records(model, lang)
    with _atomic(path) as temp:
        wb = xlsxwriter.Workbook(str(temp), {
            "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False})
        wb.set_properties({"title": f"{model.kind} {model.scope} {model.as_of}",
                           "comments": f"gongjian.map-data/1 · {model.data_version}"})
        bold = wb.add_format({"bold": True})
        try:
            _write_sheet(wb, t("map_data_sheet_nodes", lang), nodes, NODE_FIELDS, lang, bold)
            _write_sheet(wb, t("map_data_sheet_edges", lang), edges, EDGE_FIELDS, lang, bold)
        finally:
            try:
                wb.close()
            except xlsxwriter.exceptions.FileCreateError as e:
                raise MapDataError(*both("map_data_cannot_write", path=path, reason=e)) from e
    return [path]


_WRITERS = {"gexf": _write_gexf, "graphml": _write_graphml, "json": _write_json, "csv": _write_csv,
            "xlsx": _write_xlsx}


def write_data(model: MapModel, path: Path | str, fmt: str, lang: str = "zh") -> list[Path]:
    """Write ``model``'s nodes and ties to ``path`` as ``fmt`` (one of :data:`FORMATS`, module
    docstring), headers and texts in ``lang``; return the files written (two for CSV).

    Raises :class:`MapDataError` for an unknown format, a ``start`` / ``end`` that is not an ISO
    date, or a file that cannot be written (nothing is left half-written)."""
    writer = _WRITERS.get(str(fmt).lower())
    if writer is None:
        raise MapDataError(*both("map_data_unknown_format", fmt=fmt, known=", ".join(FORMATS)))
    return writer(model, Path(path), lang)
