"""`gongjian export map` and `gongjian export data` on the committed sample: every format and
kind writes a file that is what it says, members' names never leave masked without
--full-names, and mistakes get one clear message and exit 2."""

from __future__ import annotations

import json
import re
import stat
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner, Result

from dashboard.cli import app
from graph.embedded_store import EmbeddedStore
from graph.model import Label
from tests.cli_env import AS_OF, loaded_sample

runner = CliRunner()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return loaded_sample(tmp_path_factory.mktemp("export"))


def export(env: dict[str, str], *args: str) -> Result:
    return runner.invoke(app, ["export", *args], env=env)


def _text(path: Path) -> str:
    """What a reader of the file could find: the bytes as text, and every member of a zip."""
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", "replace")


def test_every_map_format_writes_a_real_file(env: dict[str, str], tmp_path: Path) -> None:
    for fmt, magic in (("html", b"<!DOCTYPE html>"), ("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")):
        out = tmp_path / f"m.{fmt}"
        result = export(env, "map", "--kind", "coverage", "--scope", "community:C01", "--out", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic), fmt
        assert str(out) in result.output and "党组织覆盖图" in result.output
    # a folder gets the default name; the format follows --format
    result = export(env, "map", "--kind", "lists", "--format", "svg", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"gongjian-map-lists-all-{AS_OF}.svg").is_file()


def test_every_kind_and_scope_maps(env: dict[str, str], tmp_path: Path) -> None:
    for kind, scope in (("co_building", "all"), ("coverage", "street:天塘街道"), ("participation", "community:C02"),
                        ("lists", "community:明门社区"), ("co_building", "ego:P0002:1")):
        out = tmp_path / f"{kind}.html"
        result = export(env, "map", "--kind", kind, "--scope", scope, "--out", str(out))
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script type="application/json" id="gongjian-data">(.*?)</script>', page, re.S)
                          .group(1))
        assert data["model"]["kind"] == kind and data["model"]["nodes"], kind


def test_data_formats_round_trip(env: dict[str, str], tmp_path: Path) -> None:
    counts = set()
    for fmt in ("gexf", "graphml"):
        out = tmp_path / f"n.{fmt}"
        assert export(env, "data", "--format", fmt, "--out", str(out)).exit_code == 0
        G = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
        counts.add((G.number_of_nodes(), G.number_of_edges()))
    out = tmp_path / "n.json"
    assert export(env, "data", "--format", "json", "--out", str(out)).exit_code == 0
    G = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    counts.add((G.number_of_nodes(), G.number_of_edges()))
    assert len(counts) == 1, counts
    nodes, edges = counts.pop()
    result = export(env, "data", "--format", "csv", "--out", str(tmp_path / "n.csv"))
    assert result.exit_code == 0, result.output
    node_rows = (tmp_path / "n.nodes.csv").read_bytes()
    assert node_rows.startswith(b"\xef\xbb\xbf")
    assert len(node_rows.decode("utf-8-sig").splitlines()) == nodes + 1
    assert len((tmp_path / "n.edges.csv").read_text(encoding="utf-8-sig").splitlines()) == edges + 1
    assert export(env, "data", "--format", "xlsx", "--out", str(tmp_path / "n.xlsx")).exit_code == 0


def _member_names(env: dict[str, str]) -> list[str]:
    """Members' full names as stored, leaving out those another node's name contains (a name
    like 王芳 may be part of a unit's)."""
    store = EmbeddedStore(Path(env["GONGJIAN_HOME"]))
    names = [str(x) for x in store.nodes(Label.MEMBER)["name"].dropna()]
    others = " ".join(str(x) for label in Label if label is not Label.MEMBER
                      for x in store.nodes(label)["name"].dropna())
    return sorted({n for n in names if len(n) >= 2 and n not in others})


def test_no_full_member_name_in_any_export_without_full_names(env: dict[str, str], tmp_path: Path) -> None:
    names = _member_names(env)
    assert len(names) > 500
    written: list[Path] = []
    for kind, scope in (("participation", "community:C01"), ("coverage", "all")):
        for fmt in ("html", "svg", "pdf"):
            out = tmp_path / f"{kind}.{fmt}"
            assert export(env, "map", "--kind", kind, "--scope", scope, "--out", str(out)).exit_code == 0
            written.append(out)
        for fmt in ("gexf", "graphml", "json", "xlsx"):
            out = tmp_path / f"{kind}-data.{fmt}"
            assert export(env, "data", "--kind", kind, "--scope", scope, "--format", fmt, "--out", str(out)).exit_code == 0
            written.append(out)
        assert export(env, "data", "--kind", kind, "--scope", scope, "--format", "csv",
                      "--out", str(tmp_path / f"{kind}.csv")).exit_code == 0
        written += [tmp_path / f"{kind}.nodes.csv", tmp_path / f"{kind}.edges.csv"]
    text = "\n".join(_text(p) for p in written)
    assert "*" in text
    assert [n for n in names if n in text] == []
    # with --full-names they are there: the check above can fail
    out = tmp_path / "full.gexf"
    assert export(env, "data", "--kind", "participation", "--scope", "community:C01", "--format", "gexf",
                  "--full-names", "--out", str(out)).exit_code == 0
    assert sum(n in _text(out) for n in names) > 100


def test_mistakes_exit_with_one_clear_message(env: dict[str, str], tmp_path: Path) -> None:
    cases = [
        (["map", "--scope", "street:没有的街道"], "没有名为 没有的街道 的街道"),
        (["map", "--scope", "ego:P0002"], "范围 ego:P0002 无效"),
        (["map", "--scope", "ego:NOPE:2"], "节点 NOPE 不存在"),
        (["map", "--scope", "community:没有的社区"], "没有的社区"),  # an unknown node: 4, as analyze --community
        (["map", "--kind", "nothing"], "nothing"),
        (["map", "--out", str(tmp_path / "m.png"), "--format", "svg"], "svg"),
        (["data", "--format", "gexf", "--out", str(tmp_path / "x.csv")], "gexf"),
        (["map", "--out", str(tmp_path / "no-such-folder" / "m.html")], "--out 的值"),
        (["map", "--kind", "coverage", "--out", str(tmp_path / "no-such-folder" / "m.html")], "no-such-folder"),
        (["data", "--kind", "lists", "--out", str(tmp_path / "no-such-folder" / "x.gexf")], "--out 的值"),
        (["map", "--scope", "ego:NOPE:2"], "ego:NOPE:2"),  # printed as written, no emoji code
    ]
    store = Path(env["GONGJIAN_HOME"])
    before = sorted(p.relative_to(store) for p in store.rglob("*"))
    for args, needle in cases:
        result = export(env, *args)
        assert result.exit_code == (4 if "community:" in args[-1] else 2), (args, result.output)
        assert needle in result.output and "Traceback" not in result.output, (args, result.output)
        assert "?" not in result.output and "🆔" not in result.output, (args, result.output)
    assert not list(tmp_path.iterdir()), "a refused export wrote a file"
    # nor did it store a layout: a refused --out is refused before the map is built
    assert sorted(p.relative_to(store) for p in store.rglob("*")) == before


def test_the_format_follows_the_file_name_and_files_are_their_owners_only(env: dict[str, str], tmp_path: Path) -> None:
    for name, magic in [("net.graphml", b"<?xml"), ("net.json", b"{"), ("net.xlsx", b"PK"), ("m.svg", b"<?xml"),
                        ("m.png", b"\x89PNG")]:
        args = ["data" if name.startswith("net") else "map", "--scope", "community:C01", "--out", str(tmp_path / name)]
        result = export(env, *args)
        assert result.exit_code == 0, (name, result.output)
        assert (tmp_path / name).read_bytes().startswith(magic), name
    export(env, "map", "--scope", "community:C01", "--out", str(tmp_path / "m.html"))
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert set(modes.values()) == {0o600}, modes  # personal data, as the reports
    assert sorted(modes) == ["m.html", "m.png", "m.svg", "net.graphml", "net.json", "net.xlsx"]


def test_an_empty_store_says_so(tmp_path: Path) -> None:
    env = {"GONGJIAN_HOME": str(tmp_path / "empty"), "GONGJIAN_KEY_FILE": str(tmp_path / "key"), "GONGJIAN_LANG": "en"}
    result = runner.invoke(app, ["export", "map", "--out", str(tmp_path / "m.html")], env=env)
    assert result.exit_code != 0 and "empty" in result.output
    assert not (tmp_path / "m.html").exists()
