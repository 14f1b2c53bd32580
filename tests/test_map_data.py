"""The map's data files (exports/map_data.py): read back by networkx, by Gephi's own import
engine (the ``gephi`` tests), by the csv module and by openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx
import openpyxl
import pytest

from exports import map_data
from exports.map_data import (
    POSITION_SCALE,
    SIZE_SCALE,
    MapDataError,
    attribute_title,
    records,
    write_data,
)
from graph.maps.build import build_map
from graph.maps.layout import laid_out
from graph.maps.model import MapEdge, MapModel
from graph.maps.style import EDGE_STYLES
from tests.gephi import GephiUnavailable, gephi_import, gephi_jar
from tests.map_fixtures import HOSTILE_NAME, big_map, sample_map

#: What the graph formats hold besides the plain attributes (checked separately).
LAYOUT = {"x", "y", "size", "color"}


def formula_map() -> MapModel:
    """The sample map with two names a spreadsheet would run as formulas."""
    m = sample_map()
    nodes = list(m.nodes)
    nodes[1] = replace(nodes[1], name='=HYPERLINK("x")')
    nodes[2] = replace(nodes[2], name="+1")
    return replace(m, nodes=tuple(nodes))


def dated_map() -> MapModel:
    """The sample map where one tie and one node have a whole period."""
    m = sample_map()
    nodes = list(m.nodes)
    nodes[1] = replace(nodes[1], attrs={**nodes[1].attrs, "start": "2018-03-01", "end": "2024-12-31"})
    edges = list(m.edges)
    e = edges[0]
    edges[0] = MapEdge(e.source, e.target, e.kind, e.weight, {"start": "2020-01-01", "end": "2025-06-30"})
    return replace(m, nodes=tuple(nodes), edges=tuple(edges))


def edge_kinds(model: MapModel) -> Counter[tuple[str, str, str]]:
    return Counter((e.source, e.target, e.kind) for e in model.edges)


def plain_node_attrs(record: dict[str, Any]) -> dict[str, Any]:
    """A node's record less what the graph formats carry elsewhere (id, label, layout, timeline)."""
    return {k: v for k, v in record.items() if k not in LAYOUT | {"id", "label", "start", "end"}}


def same_typed(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a == b
    assert {k: type(v) for k, v in a.items()} == {k: type(v) for k, v in b.items()}


def epoch_ms(day: str) -> float:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp() * 1000


# -- GEXF and GraphML read back by networkx --------------------------------------------------------

def test_gexf_reads_back_in_networkx(tmp_path: Path) -> None:
    model = sample_map()
    path, = write_data(model, tmp_path / "map.gexf", "gexf")
    G = nx.read_gexf(path)
    nodes, _ = records(model)
    assert set(G.nodes) == {n.id for n in model.nodes}
    assert Counter((u, v, d[attribute_title("kind")]) for u, v, d in G.edges(data=True)) == edge_kinds(model)
    titles = {attribute_title(k): k for r in nodes for k in r}
    for record in nodes:
        data = dict(G.nodes[record["id"]])
        viz = data.pop("viz")
        assert data.pop("label") == record["name"]
        assert data.pop("start", None) == record.get("start")
        same_typed({titles[k]: v for k, v in data.items()}, plain_node_attrs(record))
        assert viz["position"]["x"] == pytest.approx(record["x"] * POSITION_SCALE)
        assert viz["position"]["y"] == pytest.approx(record["y"] * POSITION_SCALE)
        assert viz["size"] == pytest.approx(record["size"] * SIZE_SCALE)
        assert "#{r:02x}{g:02x}{b:02x}".format(**viz["color"]) == record["color"]
    assert G.nodes["O1"]["start"] == "2015-07-01" and isinstance(G.nodes["O1"][attribute_title("degree")], int)
    assert isinstance(G.nodes["O1"][attribute_title("betweenness")], float)
    assert G.graph["mode"] == "dynamic"
    root = ElementTree.parse(path).getroot()
    graph = root.find("{http://gexf.net/1.3}graph")
    assert graph is not None and graph.get("timeformat") == "date"
    ids = {a.get("id") for a in root.iter("{http://gexf.net/1.3}attribute")}
    assert {"degree", "betweenness", "brokerage_role", "constraint", "coverage_status", "kind", "kind_text"} <= ids
    assert "networkx_key" not in ids


def test_gexf_english_titles(tmp_path: Path) -> None:
    path, = write_data(sample_map(), tmp_path / "map.gexf", "gexf", lang="en")
    G = nx.read_gexf(path)
    assert G.nodes["O1"]["betweenness"] == 0.6 and G.nodes["O1"]["type"] == "party organization"
    assert G.nodes["U1"]["type code"] == "private_enterprise"
    assert [d["tie kind"] for _, v, d in G.edges("O1", data=True) if v == "U1"] == ["co-building agreement"]


def test_graphml_reads_back_in_networkx(tmp_path: Path) -> None:
    model = sample_map()
    path, = write_data(model, tmp_path / "map.graphml", "graphml")
    G = nx.read_graphml(path, force_multigraph=True)
    nodes, edges = records(model)
    assert set(G.nodes) == {n.id for n in model.nodes}
    assert Counter((u, v, d["kind"]) for u, v, d in G.edges(data=True)) == edge_kinds(model)
    for record in nodes:
        data = dict(G.nodes[record["id"]])
        assert data.pop("label") == record["name"]
        assert data.pop("x") == pytest.approx(record["x"] * POSITION_SCALE)
        assert data.pop("y") == pytest.approx(record["y"] * POSITION_SCALE)
        assert data.pop("size") == pytest.approx(record["size"] * SIZE_SCALE)
        assert data.pop("color") == record["color"]
        expected = plain_node_attrs(record)
        if "start" in record:
            expected["start"] = record["start"]
        same_typed(data, expected)
    assert sorted(d["kind_text"] for _, _, d in G.edges(data=True)) == sorted(e["kind_text"] for e in edges)
    assert all(isinstance(d["weight"], float) and d["color"].startswith("#") for _, _, d in G.edges(data=True))
    assert G.graph["as_of"] == "2026-10-31" and G.graph["data_version"] == "test-v1"
    root = ElementTree.parse(path).getroot()
    keys = root.findall("{http://graphml.graphdrawing.org/xmlns}key")
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))
    desc = {k.get("attr.name"): k.findtext("{http://graphml.graphdrawing.org/xmlns}desc") for k in keys
            if k.get("for") == "node"}
    assert desc["betweenness"] == "中介中心度" and desc["degree"] == "度数"
    types = {k.get("attr.name"): k.get("attr.type") for k in keys if k.get("for") == "node"}
    assert types["degree"] == "long" and types["betweenness"] == "double" and types["start"] == "string"


def test_dated_ties_and_nodes(tmp_path: Path) -> None:
    model = dated_map()
    G = nx.read_gexf(write_data(model, tmp_path / "dated.gexf", "gexf")[0])
    assert (G.nodes["U1"]["start"], G.nodes["U1"]["end"]) == ("2018-03-01", "2024-12-31")
    dated = [d for _, _, d in G.edges(data=True) if "start" in d]
    assert [(d["start"], d["end"]) for d in dated] == [("2020-01-01", "2025-06-30")]
    H = nx.read_graphml(write_data(model, tmp_path / "dated.graphml", "graphml")[0], force_multigraph=True)
    assert [(d["start"], d["end"]) for _, _, d in H.edges(data=True) if "start" in d] == [("2020-01-01", "2025-06-30")]
    root = ElementTree.parse(tmp_path / "dated.graphml").getroot()
    ids = [k.get("id") for k in root.findall("{http://graphml.graphdrawing.org/xmlns}key")]
    assert "start" in ids and "edge_start" in ids


def test_a_start_that_is_no_date_is_refused(tmp_path: Path) -> None:
    m = sample_map()
    bad = replace(m, nodes=(replace(m.nodes[0], attrs={"start": "July 2015"}), *m.nodes[1:]))
    with pytest.raises(MapDataError) as e:
        write_data(bad, tmp_path / "bad.gexf", "gexf")
    assert "YYYY-MM-DD" in e.value.message("zh") and "O1" in e.value.message("en")
    assert not list(tmp_path.iterdir())


def test_mixed_types_are_unified() -> None:
    m = sample_map()
    nodes = list(m.nodes)
    nodes[3] = replace(nodes[3], attrs={"degree": 1.5, "flag": True, "extra": None, "list": ["a", "b"]})
    nodes[4] = replace(nodes[4], attrs={"degree": 1, "flag": "x", "label": "clash"})
    recs, _ = records(replace(m, nodes=tuple(nodes)))
    assert {type(r["degree"]) for r in recs if "degree" in r} == {float}
    assert recs[3]["flag"] == "true" and recs[4]["flag"] == "x"
    assert "extra" not in recs[3] and recs[3]["list"] == "a,b"
    assert recs[4]["attr_label"] == "clash" and recs[4]["label"] == HOSTILE_NAME


# -- Gephi's own import ---------------------------------------------------------------------------

def street_maps(sample: nx.MultiDiGraph) -> dict[str, MapModel]:
    """The sample street's co-building map (with its measures) and coverage map (dated ties),
    laid out as `gongjian export` lays them out."""
    day = dt.date(2026, 10, 31)
    return {kind: laid_out(build_map(sample, kind=kind, as_of=day))[0] for kind in ("co_building", "coverage")}


@pytest.fixture(scope="session")
def gephi(tmp_path_factory: pytest.TempPathFactory, sample: nx.MultiDiGraph) -> dict[str, Any]:
    """What Gephi 0.10.1 makes of the sample map's GEXF and GraphML, the dated map's GEXF and
    the sample street's maps (one Java process); fails, never skips, when the toolkit cannot be had."""
    folder = tmp_path_factory.mktemp("gephi")
    street = street_maps(sample)
    files = [write_data(sample_map(), folder / "sample.gexf", "gexf")[0],
             write_data(sample_map(), folder / "sample.graphml", "graphml")[0],
             write_data(dated_map(), folder / "dated.gexf", "gexf")[0],
             write_data(street["co_building"], folder / "street.gexf", "gexf")[0],
             write_data(street["co_building"], folder / "street.graphml", "graphml")[0],
             write_data(street["coverage"], folder / "coverage.gexf", "gexf")[0]]
    try:
        jar = gephi_jar()
        began = time.perf_counter()
        gexf, graphml, dated, street_gexf, street_graphml, coverage = gephi_import(jar, *files)
    except GephiUnavailable as e:
        pytest.fail(f"Gephi toolkit unavailable, so the Gephi import tests cannot run: {e}", pytrace=False)
    print(f"Gephi imported {len(files)} files in {time.perf_counter() - began:.1f} s")
    return {"gexf": gexf, "graphml": graphml, "dated": dated, "street_gexf": street_gexf,
            "street_graphml": street_graphml, "coverage": coverage, "street": street}


GEPHI_TYPES = {str: "String", int: "Long", float: "Double", bool: "Boolean"}


def _check_gephi(result: dict[str, Any], model: MapModel, titled: bool) -> None:
    nodes, edges = records(model)
    columns = {(c["table"], c["id"]): c for c in result["columns"]}
    assert not [i for i in result["issues"] if i["level"] in ("SEVERE", "CRITICAL")]
    got = {n["id"]: n for n in result["nodes"]}
    assert set(got) == {n.id for n in model.nodes}
    assert Counter((e["source"], e["target"], e["attributes"]["kind"]) for e in result["edges"]) == edge_kinds(model)
    for record in nodes:
        node = got[record["id"]]
        assert node["label"] == record["name"]
        assert "#{:02x}{:02x}{:02x}".format(*node["color"]) == record["color"]
        attrs = {k: v for k, v in node["attributes"].items() if v is not None}
        expected = plain_node_attrs(record)
        if not titled and "start" in record:
            expected["start"] = record["start"]
        same_typed(attrs, expected)
        for key, value in expected.items():
            column = columns[("node", key)]
            assert column["type"] == GEPHI_TYPES[type(value)]
            assert column["title"] == (attribute_title(key) if titled else key)
    for edge in result["edges"]:
        assert edge["weight"] == 1.0
        assert "#{:02x}{:02x}{:02x}".format(*edge["color"]) == EDGE_STYLES[edge["attributes"]["kind"]].color
    assert columns[("edge", "kind")]["type"] == "String" and columns[("edge", "weight")]["type"] == "Double"
    # Gephi rescales the layout on import: the shape is kept, not the units
    (ox, oy), (cx, cy) = ((got[i]["x"], got[i]["y"]) for i in ("O1", "C1"))
    mo, mc = model.node("O1"), model.node("C1")
    assert (cx - ox) / (cy - oy) == pytest.approx((mc.x - mo.x) / (mc.y - mo.y), rel=1e-4)
    assert len(edges) == len(result["edges"])


@pytest.mark.gephi
def test_gephi_reads_the_gexf(gephi: dict[str, Any]) -> None:
    result = gephi["gexf"]
    _check_gephi(result, sample_map(), titled=True)
    assert result["graph"]["directed"] and result["graph"]["dynamic"]
    assert result["graph"]["time_format"] == "DATE" and result["graph"]["time_representation"] == "INTERVAL"
    start = epoch_ms("2015-07-01")
    assert result["graph"]["time_bounds"] == [start, start]
    intervals = {n["id"]: n["intervals"] for n in result["nodes"]}
    assert intervals.pop("O1") == [[start, None]]  # from 2015-07-01 on, no end
    assert all(v == [] for v in intervals.values())
    assert not [c for c in result["columns"] if c["id"] in ("start", "networkx_key")]


@pytest.mark.gephi
def test_gephi_reads_the_graphml(gephi: dict[str, Any]) -> None:
    result = gephi["graphml"]
    _check_gephi(result, sample_map(), titled=False)
    assert result["graph"]["directed"] and not result["graph"]["dynamic"]
    assert {c["id"]: c["type"] for c in result["columns"] if c["table"] == "node"}["start"] == "String"


@pytest.mark.gephi
def test_gephi_reads_dated_ties(gephi: dict[str, Any]) -> None:
    result = gephi["dated"]
    assert result["graph"]["dynamic"]
    nodes = {n["id"]: n["intervals"] for n in result["nodes"]}
    assert nodes["U1"] == [[epoch_ms("2018-03-01"), epoch_ms("2024-12-31")]]
    dated = [e for e in result["edges"] if e["intervals"]]
    assert [(e["source"], e["target"], e["intervals"]) for e in dated] == [
        ("O1", "U1", [[epoch_ms("2020-01-01"), epoch_ms("2025-06-30")]])]
    assert result["graph"]["time_bounds"] == [epoch_ms("2015-07-01"), epoch_ms("2025-06-30")]


@pytest.mark.gephi
def test_gephi_reads_the_sample_streets_maps_with_their_measures(gephi: dict[str, Any]) -> None:
    for key, model in (("street_gexf", gephi["street"]["co_building"]), ("street_graphml", gephi["street"]["co_building"]),
                       ("coverage", gephi["street"]["coverage"])):
        result = gephi[key]
        assert not [i for i in result["issues"] if i["level"] in ("SEVERE", "CRITICAL")]
        got = {n["id"]: n for n in result["nodes"]}
        assert set(got) == {n.id for n in model.nodes} and len(got) > 280, key
        assert Counter((e["source"], e["target"], e["attributes"]["kind"]) for e in result["edges"]) == edge_kinds(model)
        for node in model.nodes:
            attrs = {k: v for k, v in got[node.id]["attributes"].items() if v is not None}
            assert got[node.id]["label"] == node.name
            for measure in ("degree", "betweenness", "constraint", "brokerage_role", "coverage_status", "unit_type"):
                if measure in node.attrs:
                    value = attrs[measure]
                    assert value == pytest.approx(node.attrs[measure]), (key, node.id, measure)
    types = {c["id"]: c["type"] for c in gephi["street_gexf"]["columns"] if c["table"] == "node"}
    assert (types["degree"], types["betweenness"], types["constraint"], types["brokerage_role"]) == \
        ("Long", "Double", "Double", "String")
    # organizations' founding dates put the co-building map on Gephi's timeline
    assert gephi["street_gexf"]["graph"]["dynamic"]
    assert sum(bool(n["intervals"]) for n in gephi["street_gexf"]["nodes"]) > 50
    # the coverage map's dated ties (an instructor's appointment) reach it too
    assert any(e["intervals"] for e in gephi["coverage"]["edges"])


# -- JSON ---------------------------------------------------------------------------------------

def test_json_round_trips(tmp_path: Path) -> None:
    model = sample_map()
    path, = write_data(model, tmp_path / "map.json", "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "和平社区" in path.read_text(encoding="utf-8")  # UTF-8 as is, not \\u escapes
    assert {k: data["graph"][k] for k in ("kind", "scope", "as_of", "data_version")} == {
        "kind": "co_building", "scope": "community:C1", "as_of": "2026-10-31", "data_version": "test-v1"}
    G = nx.node_link_graph(data, edges="edges")
    nodes, edges = records(model)
    assert G.is_directed() and G.is_multigraph()
    for record in nodes:
        same_typed({"id": record["id"], **G.nodes[record["id"]]}, record)
    assert sorted((u, v, d["kind"], d["kind_text"], d["weight"]) for u, v, d in G.edges(data=True)) == sorted(
        (e["source"], e["target"], e["kind"], e["kind_text"], e["weight"]) for e in edges)
    assert G.nodes["U4"]["name"] == HOSTILE_NAME


# -- CSV ----------------------------------------------------------------------------------------

def _read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_csv_files(tmp_path: Path) -> None:
    model = formula_map()
    nodes_path, edges_path = write_data(model, tmp_path / "map.csv", "csv")
    assert (nodes_path.name, edges_path.name) == ("map.nodes.csv", "map.edges.csv")
    assert nodes_path.read_bytes().startswith(b"\xef\xbb\xbf") and edges_path.read_bytes().startswith(b"\xef\xbb\xbf")
    nodes, edges = _read_csv(nodes_path), _read_csv(edges_path)
    assert len(nodes) == len(model.nodes) + 1 and len(edges) == len(model.edges) + 1
    header = nodes[0]
    assert header[:3] == ["编号", "名称", "标签（显示名称）"] and "中介中心度" in header
    assert edges[0][:3] == ["起点编号", "起点名称", "终点编号"]
    names = {row[0]: row[1] for row in nodes[1:]}
    assert names["U1"] == "'=HYPERLINK(\"x\")" and names["U2"] == "'+1"
    assert names["O1"] == "和平社区党委" and names["U4"] == HOSTILE_NAME
    assert {row[1] for row in edges[1:] if row[0] == "U1"} == {"'=HYPERLINK(\"x\")"}
    row = dict(zip(header, next(r for r in nodes[1:] if r[0] == "O1"), strict=True))
    assert (row["度数"], row["中介中心度"], row["开始日期"]) == ("5", "0.6", "2015-07-01")


def test_csv_english_headers_into_a_folder(tmp_path: Path) -> None:
    paths = write_data(sample_map(), tmp_path / "out", "csv", lang="en")
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["out/nodes.csv", "out/edges.csv"]
    nodes, edges = _read_csv(paths[0]), _read_csv(paths[1])
    assert nodes[0][:6] == ["id", "name", "label (shown name)", "node label", "type code", "type"]
    assert "betweenness" in nodes[0] and edges[0][4:7] == ["tie kind code", "tie kind", "weight"]
    assert {r[5] for r in nodes[1:] if r[0] == "O1"} == {"party organization"}


def test_a_failed_write_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_data(sample_map(), tmp_path / "map.csv", "csv")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(self: Any, rows: Any) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(map_data.CsvWriter, "write", broken)
    with pytest.raises(MapDataError):
        write_data(big_map(50), tmp_path / "map.csv", "csv")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temp file, nothing replaced


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MapDataError) as e:
        write_data(sample_map(), tmp_path / "map.dot", "dot")
    assert e.value.message("zh") == "未知的数据文件格式 dot（可用：gexf, graphml, json, csv, xlsx）"
    assert e.value.message("en") == "unknown data file format dot (known: gexf, graphml, json, csv, xlsx)"
    assert not list(tmp_path.iterdir())


# -- Excel --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, sheets", [("zh", ["节点", "关系"]), ("en", ["nodes", "ties"])])
def test_xlsx_workbook(tmp_path: Path, lang: str, sheets: list[str]) -> None:
    model = formula_map()
    path, = write_data(model, tmp_path / "map.xlsx", "xlsx", lang=lang)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == sheets
    nodes, edges = wb[sheets[0]], wb[sheets[1]]
    assert nodes.max_row == len(model.nodes) + 1 and edges.max_row == len(model.edges) + 1
    assert nodes.freeze_panes == "A2" and edges.freeze_panes == "A2"
    assert all(c.font.bold for c in nodes[1]) and all(c.font.bold for c in edges[1])
    header = [c.value for c in nodes[1]]
    assert header[1] == attribute_title("name", lang)
    by_id = {row[0].value: row for row in nodes.iter_rows(min_row=2)}
    for node_id, name in (("U1", '=HYPERLINK("x")'), ("U2", "+1"), ("U4", HOSTILE_NAME)):
        cell = by_id[node_id][1]
        assert (cell.value, cell.data_type) == (name, "s")
    degree = by_id["O1"][header.index(attribute_title("degree", lang))]
    betweenness = by_id["O1"][header.index(attribute_title("betweenness", lang))]
    assert (degree.value, degree.data_type, betweenness.value) == (5, "n", 0.6)
    assert by_id["O1"][header.index(attribute_title("start", lang))].value == "2015-07-01"


# -- a city-sized map ---------------------------------------------------------------------------

def test_every_format_writes_a_big_map(tmp_path: Path) -> None:
    model = big_map(2000)
    for fmt in map_data.FORMATS:
        for path in write_data(model, tmp_path / f"big.{fmt}", fmt):
            assert path.stat().st_size > 0
    data = json.loads((tmp_path / "big.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 2000 and len(data["edges"]) == len(model.edges)
    assert len(_read_csv(tmp_path / "big.edges.csv")) == len(model.edges) + 1
    G = nx.read_gexf(tmp_path / "big.gexf")
    assert G.number_of_nodes() == 2000 and G.number_of_edges() == len(model.edges)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["big.gexf", "big.graphml", "big.json", "big.nodes.csv", "big.edges.csv", "big.xlsx"])


def test_control_characters_do_not_break_the_xml(tmp_path: Path) -> None:
    m = sample_map()
    odd = replace(m, nodes=(replace(m.nodes[0], name="党委\x01\x0b"), *m.nodes[1:]))
    for fmt in ("gexf", "graphml"):
        path, = write_data(odd, tmp_path / f"odd.{fmt}", fmt)
        G = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
        assert G.nodes["O1"]["label"] == "党委\ufffd\ufffd"
    assert json.loads(write_data(odd, tmp_path / "odd.json", "json")[0].read_text("utf-8"))["nodes"][0]["name"] == "党委\x01\x0b"
