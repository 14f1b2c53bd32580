"""The committed sample: load → project → counts equal the input; loading twice changes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from dashboard.settings import SAMPLE_DIR
from graph.embedded_store import EmbeddedStore
from graph.model import Label, RelType
from graph.store import content_digest
from loaders.dataset_reader import read_dataset

from .conftest import KEY, write_csv

runner = CliRunner()


def _rows(name: str) -> list[dict[str, str]]:
    path = SAMPLE_DIR / f"{name}.csv"
    data = path.read_bytes()
    text = data.decode("utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else data.decode("gb18030")
    return list(csv.DictReader(text.splitlines()))


def _items(cell: str) -> list[str]:
    return [x for x in cell.replace("，", "、").replace(",", "、").split("、") if x.strip()]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    home = tmp_path_factory.mktemp("sample") / "home"
    key_file = home.parent / "key"
    result = runner.invoke(app, ["load", str(SAMPLE_DIR), "--as-of", "2026-11-01"],
                           env={"GONGJIAN_HOME": str(home), "GONGJIAN_KEY_FILE": str(key_file)})
    assert result.exit_code == 0, result.output
    return EmbeddedStore(home)


def test_node_counts_equal_the_input_rows(sample_store: EmbeddedStore) -> None:
    expected = {
        "Community": len(_rows("communities")), "Unit": len(_rows("units")), "PartyOrg": len(_rows("party_orgs")),
        "Member": len(_rows("members")), "Resource": len(_rows("resources")), "Need": len(_rows("needs")),
        "Activity": len(_rows("activities")),
    }
    assert sample_store.counts().nodes == expected
    assert expected["Member"] == 2045


def test_relationship_counts_equal_the_input(sample_store: EmbeddedStore) -> None:
    members, activities, resources = _rows("members"), _rows("activities"), _rows("resources")
    orgs = _rows("party_orgs")
    counts = sample_store.counts().relationships
    assert counts["MEMBER_OF"] == len(members)
    assert counts["RESIDES_IN"] == sum(1 for m in members if m["居住社区"])
    assert counts["PARTICIPATED_IN"] == len(_rows("participation"))
    assert counts["REPORTED_TO"] == len(_rows("reports"))
    assert counts["COVERS"] == len(_rows("joint_coverage"))
    assert counts["CO_BUILDS"] == len(_rows("co_building"))
    assert counts["PAIRED_WITH"] == len(_rows("pairings"))
    assert counts["SITS_ON"] == len(_rows("seats"))
    assert counts["OFFERS"] == len(resources)
    assert counts["SHARED_WITH"] == sum(len(_items(r["开放社区"])) for r in resources)
    assert counts["ORGANIZED"] == sum(len(_items(a["组织单位"])) for a in activities)
    assert counts["ADDRESSES"] == sum(len(_items(a["对应需求"])) for a in activities)
    assert counts["USES"] == sum(len(_items(a["使用资源"])) for a in activities)
    assert counts["SUBORDINATE_TO"] == sum(1 for o in orgs if o["上级党组织"])
    assert counts["ESTABLISHED_IN"] == sum(1 for o in orgs if o["所在单位"])


def test_projection_holds_every_node_and_every_valid_relationship(sample_store: EmbeddedStore) -> None:
    G = sample_store.to_networkx()
    assert G.number_of_nodes() == sample_store.counts().total_nodes
    ended = sum(int(sample_store.relationships(t)["end"].notna().sum()) for t in RelType)
    assert G.number_of_edges() == sample_store.counts().total_relationships - ended
    members = sample_store.to_networkx(labels=[Label.MEMBER, Label.PARTY_ORG], types=[RelType.MEMBER_OF])
    assert members.number_of_edges() == 2045
    assert {d for _, d in members.out_degree() if d} == {1}


def test_loading_twice_and_the_workbook_give_the_same_graph(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    digest = content_digest(sample_store)
    env = {"GONGJIAN_HOME": str(sample_store.home), "GONGJIAN_KEY_FILE": str(sample_store.home.parent / "key")}
    version = sample_store.data_version()
    again = runner.invoke(app, ["--lang", "en", "load", str(SAMPLE_DIR), "--as-of", "2026-11-01"], env=env)
    assert again.exit_code == 0 and "2746 updated" not in again.output  # nothing changed, nothing updated
    assert content_digest(sample_store) == digest and sample_store.data_version() == version
    other = tmp_path / "wb"
    wb = runner.invoke(app, ["load", str(SAMPLE_DIR.parent / "workbook.xlsx"), "--as-of", "2026-11-01"],
                       env={"GONGJIAN_HOME": str(other), "GONGJIAN_KEY_FILE": str(tmp_path / "key")})
    assert wb.exit_code == 0, wb.output
    assert content_digest(EmbeddedStore(other)) == digest


def test_generic_nodes_and_edges_load_the_davis_southern_women(tmp_path: Path) -> None:
    davis = nx.davis_southern_women_graph()
    women, events = davis.graph["top"], davis.graph["bottom"]
    write_csv(tmp_path / "nodes.csv", [["id", "name", "label", "type"]]
              + [[f"W{i}", w, "Member", "woman"] for i, w in enumerate(women)]
              + [[f"E{i}", e, "Activity", "event"] for i, e in enumerate(events)])
    ids = {w: f"W{i}" for i, w in enumerate(women)} | {e: f"E{i}" for i, e in enumerate(events)}
    write_csv(tmp_path / "edges.csv", [["source", "target", "type"]]
              + [[ids[w], ids[e], "PARTICIPATED_IN"] for w, e in davis.edges() if w in ids and w in women]
              + [[ids[e], ids[w], "PARTICIPATED_IN"] for e, w in davis.edges() if e in events])
    ds = read_dataset(tmp_path, key=KEY)
    store = EmbeddedStore(tmp_path / "home")
    store.load(ds)
    G = store.to_networkx()
    assert store.counts().nodes == {"Member": 18, "Activity": 14}
    assert store.counts().relationships == {"PARTICIPATED_IN": 89}
    names = nx.get_node_attributes(G, "name")
    loaded = {(names[u], names[v]) for u, v in G.edges()}
    assert loaded == {(w, e) if w in women else (e, w) for w, e in davis.edges()}


def test_generic_edges_with_a_wrong_type_are_refused(tmp_path: Path) -> None:
    write_csv(tmp_path / "nodes.csv", [["id", "label"], ["a", "Member"], ["b", "Community"], ["c", "Spaceship"]])
    write_csv(tmp_path / "edges.csv", [["source", "target", "type"], ["a", "b", "MEMBER_OF"], ["a", "z", ""], ["b", "a", "FLIES"]])
    from loaders.errors import InputInvalid

    with pytest.raises(InputInvalid) as info:
        read_dataset(tmp_path, key=KEY)
    assert [(p.file, p.row, p.column, p.value, p.code) for p in info.value.problems] == [
        ("edges.csv", 2, "type", "MEMBER_OF", "bad_endpoints"),
        ("edges.csv", 3, "target", "z", "unresolved"),
        ("edges.csv", 4, "type", "FLIES", "bad_rel_type"),
        ("nodes.csv", 4, "label", "Spaceship", "bad_label"),
    ]


def test_named_queries_on_the_embedded_store(sample_store: EmbeddedStore) -> None:
    env = {"GONGJIAN_HOME": str(sample_store.home), "GONGJIAN_KEY_FILE": str(sample_store.home.parent / "key")}
    result = runner.invoke(app, ["query", "floating_without_station", "--format", "csv"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith("\ufeff党员编号,姓名,".encode())  # a BOM, so that Excel reads UTF-8
    lines = result.output.removeprefix("\ufeff").splitlines()
    assert [line.split(",")[:2] for line in lines[1:]] == [["M000318", "王玉华"], ["M000712", "冯晶"], ["M001215", "柴瑞"]]
    free = runner.invoke(app, ["--lang", "en", "query", "MATCH (n) RETURN n"], env=env)
    assert free.exit_code == 5 and "cannot run free Cypher" in free.output
