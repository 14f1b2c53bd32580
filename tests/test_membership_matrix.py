"""A plain membership matrix (persons × groups, 0/1) read as a two-mode network: file → report
for CSV and XLSX, how it is recognised, every bad cell reported with file, row, column and value;
and dates before 1900 where the load asks for them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from graph.analysis.report import build_report
from graph.embedded_store import EmbeddedStore
from loaders.dataset_reader import read_dataset
from loaders.errors import InputInvalid

from .conftest import KEY, write_csv
from .davis_reference import DAVIS_BORGATTI_EVERETT

AS_OF = dt.date(2026, 11, 1)
runner = CliRunner()


def davis_matrix() -> list[list[object]]:
    D = nx.davis_southern_women_graph()
    women, events = D.graph["top"], D.graph["bottom"]
    return [["", *events]] + [[w, *(1 if D.has_edge(w, e) else 0 for e in events)] for w in women]


def problems(path: Path, **kw: object) -> list[tuple[object, ...]]:
    with pytest.raises(InputInvalid) as info:
        read_dataset(path, key=KEY, **kw)  # type: ignore[arg-type]
    return [(p.file, p.sheet, p.row, p.column, p.value, p.code) for p in info.value.problems]


def report_of(path: Path, home: Path, **kw: object):  # type: ignore[no-untyped-def]
    store = EmbeddedStore(home)
    store.load(read_dataset(path, key=KEY, effective=AS_OF, **kw))  # type: ignore[arg-type]
    return store, build_report(store.to_networkx(as_of=AS_OF), as_of=AS_OF)


def two_mode_values(report) -> dict[str, tuple[float, ...]]:  # type: ignore[no-untyped-def]
    rows = report.section("generic_two_mode").table("centralities").rows
    return {row[1]: tuple(round(v, 2) for v in row[3:6]) for row in rows}


# --- file → report ------------------------------------------------------------------------------


def test_davis_as_a_csv_matrix_gives_the_published_two_mode_values(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "davis.csv", davis_matrix())
    store, report = report_of(path, tmp_path / "home")  # recognised by its shape: the name says nothing
    assert store.counts().nodes == {"Node": 32} and store.counts().relationships == {"LINKED_TO": 89}
    section = report.section("generic_two_mode")
    assert [section.figure(k).value for k in ("first_kind", "first_nodes", "second_kind", "second_nodes")] == \
        ["person", 18, "group", 14]
    assert two_mode_values(report) == DAVIS_BORGATTI_EVERETT
    # Evelyn and Theresa attended 7 events together; E7 and E8 share 8 women (counted from the graph).
    women = report.section("generic_projection_1").table("ties").rows
    assert [r[4] for r in women if {r[1], r[3]} == {"Evelyn Jefferson", "Theresa Anderson"}] == [7]
    events = report.section("generic_projection_2").table("ties").rows
    D = nx.davis_southern_women_graph()
    assert [r[4] for r in events if {r[1], r[3]} == {"E7", "E8"}] == [len(set(D["E7"]) & set(D["E8"]))] == [8]


def test_an_xlsx_matrix_named_as_one_reads_the_same(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "成员矩阵"
    for row in davis_matrix():
        ws.append(row)  # numbers as numbers: Excel cells of 0 and 1
    wb.create_sheet("说明").append(["本表为 Davis (1941) 的南方妇女数据"])
    path = tmp_path / "davis.xlsx"
    wb.save(path)
    _, report = report_of(path, tmp_path / "home")
    assert two_mode_values(report) == DAVIS_BORGATTI_EVERETT
    assert report.sections[0].key == "generic_network"


def test_the_command_line_loads_a_matrix_and_analyzes_it(tmp_path: Path) -> None:
    write_csv(tmp_path / "成员矩阵.csv", [["姓名", "读书会", "合唱团"], ["张伟", 1, 1], ["王芳", 1, 0], ["李娜", 0, 0]])
    env = {"GONGJIAN_HOME": str(tmp_path / "home"), "GONGJIAN_KEY_FILE": str(tmp_path / "key"), "GONGJIAN_LANG": "en"}
    loaded = runner.invoke(app, ["load", str(tmp_path / "成员矩阵.csv")], env=env)
    assert loaded.exit_code == 0, loaded.output
    out = tmp_path / "report.json"
    analyzed = runner.invoke(app, ["analyze", "--as-of", "2026-11-01", "--out", str(out)], env=env)
    assert analyzed.exit_code == 0, analyzed.output
    assert "nodes 5, ties 3, components 2, two-mode network yes" in analyzed.output
    sections = {s["key"]: s for s in json.loads(out.read_text(encoding="utf-8"))["sections"]}
    ties = {t["key"]: t for t in sections["generic_projection_1"]["tables"]}["ties"]
    assert [row[1:] for row in ties["rows"]] == [["张伟", ids_of(sections, "王芳"), "王芳", 1]]
    # 李娜 belongs to nothing: an isolate in both the network and the projection.
    assert {f["key"]: f["value"] for f in sections["generic_projection_1"]["figures"]}["isolates"] == 1


def ids_of(sections: dict[str, dict[str, object]], name: str) -> str:
    table = next(t for t in sections["generic_network"]["tables"] if t["key"] == "centralities")  # type: ignore[union-attr]
    return next(row[0] for row in table["rows"] if row[1] == name)  # type: ignore[index]


def test_a_person_and_a_group_of_the_same_name_are_two_nodes(tmp_path: Path) -> None:
    write_csv(tmp_path / "matrix.csv", [["", "1", "2"], ["1", 1, 0], ["2", 1, 1]])
    ds = read_dataset(tmp_path / "matrix.csv", key=KEY).in_memory()
    nodes = ds.nodes[next(iter(ds.nodes))]
    assert sorted(zip(nodes["name"], nodes["type"], strict=True)) == [("1", "group"), ("1", "person"), ("2", "group"), ("2", "person")]
    assert len(set(nodes["id"])) == 4


def test_table_matrix_names_a_file_that_says_nothing(tmp_path: Path) -> None:
    # 2 × 2 of which half the cells are 3: not matrix-shaped, so only --table makes it one …
    write_csv(tmp_path / "x.csv", [["who", "g1", "g2"], ["a", 1, 3], ["b", 3, 0]])
    assert [p[-1] for p in problems(tmp_path / "x.csv")] == ["no_header"]
    # … and then its 3s are bad cells.
    assert problems(tmp_path / "x.csv", table="matrix") == [
        ("x.csv", None, 2, "g2", "3", "matrix_cell"), ("x.csv", None, 3, "g1", "3", "matrix_cell")]


# --- bad cells ----------------------------------------------------------------------------------


def test_every_bad_cell_is_reported_with_file_row_column_and_value(tmp_path: Path) -> None:
    write_csv(tmp_path / "成员矩阵.csv", [
        ["姓名", "读书会", "合唱团", "读书会", "", "志愿队"],
        ["张伟", 1, 2, 0, "", 1],   # 2 is no membership; the second 读书会 is reported at the header
        ["王芳", 1, "", 0, "", "yes"],
        ["", 0, 1, 0, "", 0],       # no name
        ["张伟", 0, 1, 0, "x", 1],  # twice; a value in a column without a name
        ["李娜", "1.0", "０", 1, "", 1],  # 1.0 and a full-width 0 are fine
    ])
    f = "成员矩阵.csv"
    assert problems(tmp_path / f) == [
        (f, None, 1, "读书会", "读书会", "matrix_duplicate_column"),
        (f, None, 1, "E", None, "matrix_column_name"),
        (f, None, 2, "合唱团", "2", "matrix_cell"),
        (f, None, 3, "合唱团", None, "matrix_blank"),
        (f, None, 3, "志愿队", "yes", "matrix_cell"),
        (f, None, 4, "姓名", None, "required"),
        (f, None, 5, "姓名", "张伟", "matrix_duplicate_row"),
    ]
    with pytest.raises(InputInvalid) as info:
        read_dataset(tmp_path / f, key=KEY)
    messages = [p.message("en") for p in info.value.problems]
    assert messages[2] == "成员矩阵.csv, row 2, column 合唱团, value '2': a membership-matrix cell holds 1 (belongs) or 0 (does not)"
    assert messages[6] == "成员矩阵.csv, row 5, column 姓名, value '张伟': the row name appears twice (also row 2); one row per person"
    assert info.value.problems[0].message("zh") == "成员矩阵.csv 第 1 行「读书会」列，值“读书会”：列名重复（与第 B 列相同）；同一群体只能占一列"


def test_bad_cells_of_an_xlsx_matrix_name_the_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "matrix"
    for row in [["", "g1", "g2"], ["a", 1, 0.5], ["b", None, 1]]:
        ws.append(row)
    wb.save(tmp_path / "book.xlsx")
    assert problems(tmp_path / "book.xlsx") == [("book.xlsx", "matrix", 2, "g2", 0.5, "matrix_cell"),
                                                ("book.xlsx", "matrix", 3, "g1", None, "matrix_blank")]


# --- history before 1900 ------------------------------------------------------------------------


def test_dates_before_1900_are_refused_unless_the_load_asks_for_history(tmp_path: Path) -> None:
    write_csv(tmp_path / "nodes.csv", [["id", "name", "start", "end"], ["fr", "First Republic", "1792-09-22", "1804-05-18"],
                                       ["cl", "Club des Jacobins", "1789年", "1794.11"]])
    write_csv(tmp_path / "edges.csv", [["source", "target", "start"], ["cl", "fr", "1792-09-22"]])
    assert problems(tmp_path) == [
        ("edges.csv", None, 2, "start", "1792-09-22", "date_range"),
        ("nodes.csv", None, 2, "start", "1792-09-22", "date_range"), ("nodes.csv", None, 2, "end", "1804-05-18", "date_range"),
        ("nodes.csv", None, 3, "start", "1789年", "date_range"), ("nodes.csv", None, 3, "end", "1794.11", "date_range"),
    ]
    with pytest.raises(InputInvalid) as info:
        read_dataset(tmp_path, key=KEY)
    assert info.value.problems[0].reason("en") == (
        "date out of range (1900-01-01 to next year); for historical data name an earlier first date with "
        "--earliest when loading")
    ds = read_dataset(tmp_path, key=KEY, earliest=dt.date(1700, 1, 1)).in_memory()
    nodes = ds.nodes[next(iter(ds.nodes))].set_index("id")
    assert (nodes.loc["cl", "start"], nodes.loc["cl", "end"]) == (dt.date(1789, 1, 1), dt.date(1794, 11, 1))
    assert problems(tmp_path, earliest=dt.date(1790, 1, 1)) == [("nodes.csv", None, 3, "start", "1789年", "date_range")]


def test_history_is_seen_at_its_dates_through_the_command_line(tmp_path: Path) -> None:
    write_csv(tmp_path / "nodes.csv", [["id", "start", "end"], ["a", "1600-01-01", ""], ["b", "1650-06-30", "1700-01-01"]])
    write_csv(tmp_path / "edges.csv", [["source", "target", "start"], ["a", "b", "1660-01-01"]])
    env = {"GONGJIAN_HOME": str(tmp_path / "home"), "GONGJIAN_KEY_FILE": str(tmp_path / "key"), "GONGJIAN_LANG": "en"}
    refused = runner.invoke(app, ["load", str(tmp_path)], env=env)
    assert refused.exit_code == 1 and "date_range" not in refused.output and "--earliest" in refused.output
    loaded = runner.invoke(app, ["load", str(tmp_path), "--earliest", "1500-01-01"], env=env)
    assert loaded.exit_code == 0, loaded.output
    store = EmbeddedStore(tmp_path / "home")

    def figures(day: dt.date) -> tuple[int, int]:
        s = build_report(store.to_networkx(as_of=day), as_of=day).section("generic_network")
        return s.figure("nodes").value, s.figure("ties").value

    assert [figures(dt.date(y, 1, 1)) for y in (1620, 1655, 1670, 1750)] == [(1, 0), (2, 0), (2, 1), (1, 0)]


def test_a_personal_number_as_a_row_or_column_name_is_refused_not_hashed(tmp_path, id_numbers) -> None:  # type: ignore[no-untyped-def]
    import random

    from loaders.dataset_reader import read_dataset
    from loaders.errors import InputInvalid
    from tests.conftest import KEY

    number = id_numbers()
    phone = f"139{random.Random(3).randrange(10**8):08d}"  # made at run time, never committed
    (tmp_path / "matrix.csv").write_text(f"姓名,读书会,{phone}\n{number},1,0\n张三,0,1\n", encoding="utf-8")
    with pytest.raises(InputInvalid) as info:
        read_dataset(tmp_path, key=KEY)
    codes = sorted((p.row, p.code) for p in info.value.problems)
    assert codes == [(1, "personal_in_matrix_name"), (2, "personal_in_matrix_name")]
    text = "\n".join(p.message("zh") + p.message("en") for p in info.value.problems)
    assert number not in text and phone not in text


def test_a_roster_saved_under_a_matrix_name_is_still_a_roster(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from dashboard.settings import SAMPLE_DIR
    from graph.model import Label
    from loaders.dataset_reader import read_dataset
    from tests.conftest import KEY

    for name in ("communities.csv", "units.csv"):
        shutil.copy(SAMPLE_DIR / name, tmp_path / ("membership.csv" if name == "units.csv" else name))
    ds = read_dataset(tmp_path, key=KEY)
    assert len(ds.nodes[Label.UNIT]) == 283 and Label.NODE not in ds.nodes
