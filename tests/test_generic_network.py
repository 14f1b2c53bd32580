"""A researcher's network through the generic tables: the report's generic sections against
networkx (Zachary's karate club), Borgatti & Everett's published Davis values, hand-counted
projections, node dates, and closeness bounded on disconnected graphs."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networkx.algorithms import bipartite

from exports.report_files import MARKDOWN_ROWS, report_markdown
from graph.analysis.generic import generic_network, modes, one_mode_measures, projection
from graph.analysis.network import bipartite_centralities, two_mode_closeness
from graph.analysis.report import build_report
from graph.analysis.report_model import Report, Table
from graph.embedded_store import EmbeddedStore
from loaders.dataset_reader import read_dataset

from .conftest import KEY, write_csv
from .davis_reference import DAVIS_BORGATTI_EVERETT

AS_OF = dt.date(2026, 11, 1)


def rows_by(table: Table, key: str = "id") -> dict[object, dict[str, object]]:
    keys = [c.key for c in table.columns]
    i = keys.index(key)
    return {row[i]: dict(zip(keys, row, strict=True)) for row in table.rows}


def load_report(folder: Path, as_of: dt.date = AS_OF) -> Report:
    store = EmbeddedStore(folder / "home")
    store.load(read_dataset(folder, key=KEY, effective=as_of))
    return build_report(store.to_networkx(as_of=as_of), as_of=as_of, data_version=store.data_version())


# --- Zachary's karate club: one-mode, through the real loader --------------------------------


@pytest.fixture(scope="module")
def karate(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.Graph, Report]:
    K = nx.karate_club_graph()
    folder = tmp_path_factory.mktemp("karate")
    write_csv(folder / "nodes.csv", [["id", "name", "type"]] + [[f"k{v}", f"member {v}", K.nodes[v]["club"]] for v in K])
    write_csv(folder / "edges.csv", [["source", "target", "weight"]] + [[f"k{u}", f"k{v}", w] for u, v, w in K.edges(data="weight")])
    return K, load_report(folder)


def test_karate_is_one_mode_and_first_in_the_report(karate: tuple[nx.Graph, Report]) -> None:
    _, report = karate
    assert report.sections[0].key == "generic_network"  # generic data alone: its section comes first
    section = report.section("generic_network")
    # Two kinds (the clubs Mr. Hi and Officer) but ties inside each: one-mode.
    assert section.figure("two_mode").value is False
    assert section.figure("kinds").value == ["Mr. Hi", "Officer"]
    assert [section.figure(k).value for k in ("nodes", "ties", "components", "isolates")] == [34, 78, 1, 0]
    assert section.figure("density").value == pytest.approx(78 / (34 * 33 / 2), rel=1e-5)
    with pytest.raises(KeyError):
        report.section("generic_two_mode")


def test_karate_centralities_equal_networkx(karate: tuple[nx.Graph, Report]) -> None:
    K, report = karate
    table = report.section("generic_network").table("centralities")
    got = rows_by(table)
    assert len(got) == 34  # every node, none cut
    degree, dc = dict(K.degree()), nx.degree_centrality(K)
    bc, cc = nx.betweenness_centrality(K), nx.closeness_centrality(K)
    for v in K:
        row = got[f"k{v}"]
        assert row["degree"] == degree[v]
        assert row["degree_centrality"] == pytest.approx(dc[v], rel=1e-5)
        assert row["betweenness"] == pytest.approx(bc[v], rel=1e-5, abs=1e-9)
        assert row["closeness"] == pytest.approx(cc[v], rel=1e-5)
    # Published values (Zachary 1977's club as networkx ships it): the instructor (node 0) and
    # the president (node 33) have 16 and 17 ties; node 0's betweenness is 0.4376.
    assert (got["k0"]["degree"], got["k33"]["degree"]) == (16, 17)
    assert round(got["k0"]["betweenness"], 4) == 0.4376


def test_karate_centralization_equals_freemans_formula(karate: tuple[nx.Graph, Report]) -> None:
    K, report = karate
    section = report.section("generic_network")
    n = 34
    deg = [d for _, d in K.degree()]
    assert section.figure("degree_centralization").value == pytest.approx(
        sum(max(deg) - d for d in deg) / ((n - 1) * (n - 2)), rel=1e-5)
    bc = nx.betweenness_centrality(K).values()
    assert section.figure("betweenness_centralization").value == pytest.approx(
        sum(max(bc) - b for b in bc) / (n - 1), rel=1e-5)
    cc = nx.closeness_centrality(K).values()
    assert section.figure("closeness_centralization").value == pytest.approx(
        sum(max(cc) - c for c in cc) / ((n - 2) * (n - 1) / (2 * n - 3)), rel=1e-5)


def test_markdown_shows_the_top_rows_by_degree_and_says_how_many_more(karate: tuple[nx.Graph, Report]) -> None:
    K, report = karate
    text = report_markdown(report, "en")
    part = text.split("### node centralities (34 rows)", 1)[1].split("###", 1)[0]
    lines = [line for line in part.splitlines() if line.startswith("| k")]
    assert len(lines) == MARKDOWN_ROWS
    shown_degrees = [int(line.split("|")[5]) for line in lines]
    assert shown_degrees == sorted((d for _, d in K.degree()), reverse=True)[:MARKDOWN_ROWS]
    assert f"the rows above are the top {MARKDOWN_ROWS} by degree, highest first; {34 - MARKDOWN_ROWS} more rows" in part
    assert "上表为按「度数」从高到低的前 20 行，另有 14 行" in report_markdown(report, "zh")


# --- Davis Southern Women: two-mode, default labels -------------------------------------------


@pytest.fixture(scope="module")
def davis(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.Graph, Report]:
    D = nx.davis_southern_women_graph()
    women, events = D.graph["top"], D.graph["bottom"]
    ids = {w: f"W{i:02d}" for i, w in enumerate(women)} | {e: f"E{i:02d}" for i, e in enumerate(events)}
    folder = tmp_path_factory.mktemp("davis")
    # No label column: every node is a generic Node; the type tells the two kinds apart.
    write_csv(folder / "nodes.csv", [["id", "name", "type"]]
              + [[ids[w], w, "woman"] for w in women] + [[ids[e], e, "event"] for e in events])
    write_csv(folder / "edges.csv", [["source", "target"]] + [[ids[w], ids[e]] for w, e in D.edges() if w in women])
    return D, load_report(folder)


def test_davis_with_default_labels_gives_borgatti_everetts_published_values(davis: tuple[nx.Graph, Report]) -> None:
    _, report = davis
    section = report.section("generic_two_mode")
    assert [section.figure(k).value for k in ("first_kind", "first_nodes", "second_kind", "second_nodes", "ties")] \
        == ["woman", 18, "event", 14, 89]
    assert section.figure("density").value == pytest.approx(89 / (18 * 14), rel=1e-5)
    by_name = {row[1]: tuple(round(v, 2) for v in row[3:6]) for row in section.table("centralities").rows}
    assert by_name == DAVIS_BORGATTI_EVERETT


def test_davis_projections_hold_co_membership_and_overlap_counts(davis: tuple[nx.Graph, Report]) -> None:
    D, report = davis
    women, events = D.graph["top"], D.graph["bottom"]
    # Breiger (1974): A·Aᵀ off the diagonal — counted here straight from the edge list.
    attended = {w: {e for e in D[w]} for w in women}
    for key, mode, of in (("generic_projection_1", women, attended),
                          ("generic_projection_2", events, {e: set(D[e]) for e in events})):
        section = report.section(key)
        expected = {frozenset((a, b)): len(of[a] & of[b]) for a, b in itertools.combinations(mode, 2) if of[a] & of[b]}
        got = {frozenset((row[1], row[3])): row[4] for row in section.table("ties").rows}
        assert got == expected
        assert section.figure("ties").value == len(expected)
        assert section.figure("total_weight").value == sum(expected.values())
    # Evelyn and Theresa attended 7 events together (Davis, Gardner & Gardner 1941, table).
    ties = report.section("generic_projection_1").table("ties")
    pair = [row[4] for row in ties.rows if {row[1], row[3]} == {"Evelyn Jefferson", "Theresa Anderson"}]
    assert pair == [7]
    # Every woman shares an event with every other but for 4 pairs … the women's projection is
    # dense; its centralities are of the binary projection, strength the weighted degree.
    cent = rows_by(report.section("generic_projection_1").table("centralities"), "name")
    P = bipartite.weighted_projected_graph(D, women)
    for w in women:
        assert cent[w]["degree"] == P.degree(w)
        assert cent[w]["strength"] == P.degree(w, weight="weight")
        assert cent[w]["closeness"] == pytest.approx(nx.closeness_centrality(P)[w], rel=1e-5)


def test_davis_as_a_whole_graph_gets_the_one_mode_measures_too(davis: tuple[nx.Graph, Report]) -> None:
    D, report = davis
    section = report.section("generic_network")
    assert section.figure("two_mode").value is True
    assert sorted(section.figure("kinds").value) == ["event", "woman"]
    got = rows_by(section.table("centralities"), "name")
    bc = nx.betweenness_centrality(D)
    assert all(got[v]["betweenness"] == pytest.approx(bc[v], rel=1e-5, abs=1e-9) for v in D)


# --- dates of generic nodes and edges -----------------------------------------------------------


def test_nodes_and_edges_are_seen_as_they_were_on_the_date(tmp_path: Path) -> None:
    # a–b from 2020; c exists 2021–2023, tied to a from 2021; d exists from 2024, tied to b.
    write_csv(tmp_path / "nodes.csv", [["id", "start", "end"], ["a", "", ""], ["b", "", ""],
                                       ["c", "2021-01-01", "2023-01-01"], ["d", "2024-01-01", ""]])
    write_csv(tmp_path / "edges.csv", [["source", "target", "start", "end"], ["a", "b", "2020-01-01", ""],
                                       ["a", "c", "2021-01-01", ""], ["b", "d", "", ""]])
    store = EmbeddedStore(tmp_path / "home")
    store.load(read_dataset(tmp_path, key=KEY))

    def seen(day: dt.date) -> tuple[int, int, list[str]]:
        s = build_report(store.to_networkx(as_of=day), as_of=day).section("generic_network")
        return s.figure("nodes").value, s.figure("ties").value, sorted(rows_by(s.table("centralities")))

    assert seen(dt.date(2019, 6, 1)) == (2, 0, ["a", "b"])
    assert seen(dt.date(2022, 6, 1)) == (3, 2, ["a", "b", "c"])
    assert seen(dt.date(2023, 6, 1)) == (2, 1, ["a", "b"])  # c ended: its tie goes with it
    assert seen(dt.date(2025, 6, 1)) == (3, 2, ["a", "b", "d"])


def test_a_node_ending_before_it_starts_is_refused(tmp_path: Path) -> None:
    from loaders.errors import InputInvalid

    write_csv(tmp_path / "nodes.csv", [["id", "start", "end"], ["a", "2024-01-01", "2023-01-01"]])
    with pytest.raises(InputInvalid) as info:
        read_dataset(tmp_path, key=KEY)
    assert [(p.file, p.row, p.column, p.code) for p in info.value.problems] == [("nodes.csv", 2, "end", "end_before_start")]


# --- recognising two modes ----------------------------------------------------------------------


def _typed(edges: list[tuple[str, str]], types: dict[str, str | None]) -> nx.Graph:
    H = nx.Graph(edges)
    for v, t in types.items():
        H.add_node(v, label="Node", **({"type": t} if t else {}))
    return H


def test_two_modes_need_two_kinds_every_node_typed_and_ties_only_across() -> None:
    assert modes(_typed([("p", "g")], {"p": "person", "g": "group"}), {"person": 1}) == ("person", "group")
    assert modes(_typed([("p", "q")], {"p": "person", "q": "person"})) is None  # one kind
    assert modes(_typed([("p", "g"), ("p", "q")], {"p": "person", "q": "person", "g": "group"})) is None  # a tie inside
    assert modes(_typed([("p", "g")], {"p": "person", "g": None})) is None  # an untyped node
    assert modes(_typed([("a", "b"), ("b", "c")], {"a": "x", "b": "y", "c": "z"})) is None  # three kinds


def test_projection_equals_networkx_weighted_projection() -> None:
    B = nx.bipartite.random_graph(12, 7, 0.3, seed=4)
    top = [v for v, d in B.nodes(data="bipartite") if d == 0]
    ours = projection(B, top)
    theirs = bipartite.weighted_projected_graph(B, top)
    assert sorted(ours.nodes) == sorted(theirs.nodes)
    assert {frozenset((u, v)): w for u, v, w in ours.edges(data="weight")} == \
        {frozenset((u, v)): w for u, v, w in theirs.edges(data="weight")}


def test_generic_network_of_party_data_is_absent() -> None:
    G = nx.MultiDiGraph()
    G.add_node("U1", label="Unit", type="school")
    assert generic_network(G, as_of=AS_OF).present is False
    assert "generic_network" not in [s.key for s in build_report(G, as_of=AS_OF).sections]


# --- closeness stays within [0, 1] on disconnected graphs ---------------------------------------


def test_two_mode_closeness_was_above_one_and_is_bounded_now() -> None:
    # A complete 20 × 20 graph beside one dyad: networkx's normalized two-mode closeness gives the
    # dyad 1.49; of the 41 other nodes the dyad reaches 1, a node of the big part 39, so ours
    # gives (1 + 0)/1 · 1/41 to the dyad and (20 + 2·19)/58 · 39/41 inside.
    G = nx.complete_bipartite_graph(20, 20)
    G.add_edge("m", "a")
    top = [*range(20), "m"]
    assert bipartite.closeness_centrality(G, top)["m"] > 1
    c = bipartite_centralities(G, top)
    assert c["m"]["closeness"] == pytest.approx(1 / 41, abs=1e-15)
    assert c[0]["closeness"] == pytest.approx(39 / 41, abs=1e-15)
    # Connected, it is Borgatti & Everett's own: networkx agrees exactly.
    K = nx.complete_bipartite_graph(3, 5)
    assert two_mode_closeness(K, range(3)) == bipartite.closeness_centrality(K, range(3))


@st.composite
def bipartite_graphs(draw: st.DrawFn) -> tuple[nx.Graph, list[int]]:
    n, m = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    pairs = [(i, n + j) for i in range(n) for j in range(m)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    G = nx.Graph()
    G.add_nodes_from(range(n + m))
    G.add_edges_from(chosen)
    return G, list(range(n))


@settings(max_examples=300, deadline=None)
@given(bipartite_graphs())
def test_two_mode_closeness_is_within_zero_and_one(case: tuple[nx.Graph, list[int]]) -> None:
    G, top = case
    values = two_mode_closeness(G, top)
    assert all(0.0 <= c <= 1.0 for c in values.values())
    assert all(values[v] == 0.0 for v in G if G.degree(v) == 0)
    if nx.is_connected(G) and len(G) > 1:
        assert values == pytest.approx(bipartite.closeness_centrality(G, top))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 14), st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=30))
def test_one_mode_closeness_is_within_zero_and_one(n: int, pairs: list[tuple[int, int]]) -> None:
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from((a, b) for a, b in pairs if a < n and b < n and a != b)
    m = one_mode_measures(G)
    assert all(0.0 <= c["closeness"] <= 1.0 for c in m.centralities.values())
    assert all(0.0 <= c["betweenness"] <= 1.0 for c in m.centralities.values())
    if not nx.is_connected(G) or n < 3:
        assert m.closeness_centralization is None


# --- figures that could contradict each other say how they count -------------------------------


def test_undated_activities_are_counted_in_the_network_and_not_in_the_participation_rate() -> None:
    # Three members, each at an undated activity; one also at an activity of the period and one
    # at an activity two years back: 5 ties, 1 of them in the period.
    G = nx.MultiDiGraph()
    G.add_node("P1", label="PartyOrg", kind="branch")
    for m in ("M1", "M2", "M3"):
        G.add_node(m, label="Member")
        G.add_edge(m, "P1", type="MEMBER_OF")
    G.add_node("A0", label="Activity")
    G.add_node("A1", label="Activity", date=dt.date(2026, 5, 1))
    G.add_node("A2", label="Activity", date=dt.date(2024, 5, 1))
    for m, a in (("M1", "A0"), ("M2", "A0"), ("M3", "A0"), ("M1", "A1"), ("M2", "A2")):
        G.add_edge(m, a, type="PARTICIPATED_IN")
    report = build_report(G, as_of=AS_OF)
    net, engagement = report.section("participation_network"), report.section("member_engagement")
    assert [net.figure(k).value for k in ("ties", "ties_in_period", "ties_before_period", "ties_undated")] == [5, 1, 1, 3]
    assert engagement.figure("participation_rate").value == round(1 / 3, 4)
    assert "1 ties to activities in the period, 1 before it and 3 to undated activities" in net.notes("en")[1]
    assert "undated activity is in no period and is not counted" in engagement.notes("en")[0]
    # Every node of the two-mode network is in its table (none cut), ranked for digests by degree.
    table = net.table("centralities")
    assert len(table.rows) == 3 + 3 and table.sort_by == "degree"


def test_a_large_two_mode_table_is_whole_in_json_and_cut_with_a_note_in_markdown() -> None:
    # 600 members at A1, every third also at A2: 602 nodes, above the 500 the report used to keep
    # (it kept the top 40 then, silently).
    G = nx.MultiDiGraph()
    G.add_node("A1", label="Activity", name="A1")
    G.add_node("A2", label="Activity", name="A2")
    for i in range(600):
        G.add_node(f"M{i:03d}", label="Member", name=f"m{i}")
        G.add_edge(f"M{i:03d}", "A1", type="PARTICIPATED_IN")
        if i % 3 == 0:
            G.add_edge(f"M{i:03d}", "A2", type="PARTICIPATED_IN")
    report = build_report(G, as_of=AS_OF)
    table = report.section("participation_network").table("centralities")
    assert len(table.rows) == 602 and len(report.to_dict()["sections"][-2]["tables"][0]["rows"]) == 602
    text = report_markdown(report, "en")
    part = text.split("### two-mode centralities (Borgatti & Everett 1997) (602 rows)", 1)[1].split("##", 1)[0]
    shown = [line for line in part.splitlines() if line.startswith("| A") or line.startswith("| M")]
    assert len(shown) == MARKDOWN_ROWS
    # Highest degree first: the 200 members at both activities (2 of 2) and A1 (600 of 600) have
    # degree 1; the 400 at A1 alone 0.5, A2 200/600.
    assert [line.split("|")[4].strip() for line in shown] == ["1.00"] * MARKDOWN_ROWS
    assert f"the rows above are the top {MARKDOWN_ROWS} by degree, highest first; 582 more rows" in part
