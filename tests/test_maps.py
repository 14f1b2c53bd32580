"""The map model: what each kind of map shows, by the analyses' own definitions; scopes;
aggregation; masked names; the layout stored beside the data and reused (both stores)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import networkx as nx
import pytest

from graph.analysis.co_building import co_building_network, cross_sector
from graph.analysis.coverage import org_coverage, should_have_org
from graph.analysis.integration import needs_matching
from graph.analysis.participation import participation_network
from graph.analysis.rules import Rules
from graph.dataset import Dataset
from graph.maps.build import MapError, aggregate, build_map, mask_name
from graph.maps.layout import laid_out, layout, layout_key
from graph.maps.model import MapNode
from graph.maps.scope import Scope, ScopeError
from graph.maps.style import EDGE_STYLES, MARK_STYLES, NODE_STYLES, STATUS_STYLES
from graph.model import Label, RelType, UnitType
from graph.reporting import map_for_store, saved_map, stored_map
from graph.store import GraphStore
from tests.projections import build, n, t

DAY = dt.date(2026, 10, 31)


def _by_id(model):  # type: ignore[no-untyped-def]
    return {x.id: x for x in model.nodes}


# -- the style table -------------------------------------------------------------------------

def test_every_unit_type_status_and_tie_kind_has_a_style_with_both_languages() -> None:
    for t_ in UnitType:
        assert t_.value in NODE_STYLES and NODE_STYLES[t_.value].zh == t_.zh
    for table in (NODE_STYLES, STATUS_STYLES, MARK_STYLES, EDGE_STYLES):
        for key, style in table.items():
            assert style.key == key and style.zh and style.en and style.color.startswith("#")
    colours = [s.color for k, s in NODE_STYLES.items() if k in {u.value for u in UnitType} | {"party_org"}]
    assert len(set(colours)) == len(colours), "two actor types share a colour"


# -- the kinds on the sample ---------------------------------------------------------------

def test_co_building_map_is_the_analysis_network_with_its_measures(sample: nx.MultiDiGraph) -> None:
    m = build_map(sample, kind="co_building", as_of=DAY)
    net = co_building_network(sample, as_of=DAY)
    actors = {x.id for x in m.nodes if x.label in ("Unit", "PartyOrg")}
    assert actors == set(net.actors)
    pairs = {(e.source, e.target) for e in m.edges if e.kind != "seat"}
    assert pairs == {(tie.u, tie.v) for tie in net.ties}
    nodes = _by_id(m)
    for top in net.top_degree:
        assert nodes[top.id].attrs["degree"] == top.value
    for top in net.top_betweenness:
        assert nodes[top.id].attrs["betweenness"] == top.value
    holes = {s.id: s for s in cross_sector(sample, as_of=DAY).structural_holes}
    for actor, pos in holes.items():
        assert nodes[actor].attrs["constraint"] == pytest.approx(pos.constraint, abs=1e-4)
    brokers = {b.id: b for b in cross_sector(sample, as_of=DAY).brokers}
    for actor, b in brokers.items():
        assert nodes[actor].attrs["brokerage"] == b.total
        assert b.roles[nodes[actor].attrs["brokerage_role"]] == max(b.roles.values())
    seats = [e for e in m.edges if e.kind == "seat"]
    assert seats and all(nodes[e.target].label == "Community" for e in seats)
    assert {e.kind for e in m.edges} == {"co_building", "co_organized", "shared_resource", "seat"}


@pytest.mark.parametrize("kind", ["co_building", "coverage", "participation", "lists"])
def test_a_map_has_one_tie_per_pair(sample: nx.MultiDiGraph, kind: str) -> None:
    m = build_map(sample, kind=kind, as_of=DAY)
    pairs = Counter(frozenset((e.source, e.target)) for e in m.edges)
    assert m.edges and max(pairs.values()) == 1
    ids = {x.id for x in m.nodes}
    assert len(ids) == len(m.nodes) and all(e.source in ids and e.target in ids for e in m.edges)


def test_coverage_map_colours_units_by_their_coverage_status(sample: nx.MultiDiGraph) -> None:
    m = build_map(sample, kind="coverage", as_of=DAY)
    cov = org_coverage(sample, as_of=DAY)
    units = {x.id: x for x in m.nodes if x.label == "Unit"}
    assert {u: x.status for u, x in units.items()} == cov.status
    assert Counter(x.status for x in units.values()) == Counter(cov.status.values())
    unbuilt = set(should_have_org(sample, as_of=DAY).unit_ids)
    assert unbuilt and {u for u, x in units.items() if "should_have_org" in x.marks} == unbuilt
    # every own/joint unit is tied to the organization the analysis names
    kinds = {(e.source, e.target): e.kind for e in m.edges}
    for u, orgs in cov.orgs.items():
        for o in orgs:
            assert kinds.get((o, u)) in ("own", "joint"), (o, u)
    # a tie of two kinds keeps the stronger and names both
    both = [e for e in m.edges if "," in e.attrs.get("reasons", "")]
    assert both and all(e.kind == e.attrs["reasons"].split(", ")[0] for e in both)
    # an instructor is a member, shown masked
    instructors = [x for x in m.nodes if x.type == "instructor"]
    assert instructors and all(x.label == "Member" and "*" in x.name for x in instructors)


def test_participation_map_of_a_community_is_its_residents_network(sample: nx.MultiDiGraph) -> None:
    m = build_map(sample, kind="participation", scope="community:C01", as_of=DAY)
    net = participation_network(sample, as_of=DAY, community="C01")
    kinds = Counter(x.type for x in m.nodes)
    assert (kinds["member"], kinds["activity"], len(m.edges)) == (net.members, net.activities, net.ties)
    for x in m.nodes:
        assert x.attrs["two_mode_degree"] == net.centralities[x.id]["degree"]


def test_lists_map_marks_the_unmet_needs(sample: nx.MultiDiGraph) -> None:
    m = build_map(sample, kind="lists", as_of=DAY)
    nm = needs_matching(sample, as_of=DAY)
    needs = {x.id: x.status for x in m.nodes if x.type == "need"}
    assert set(needs) == set(nm.needs)
    assert {k for k, s in needs.items() if s == "unmet"} == set(nm.unmet_ids) and nm.unmet_ids
    assert {k for k, s in needs.items() if s == "addressed"} == set(nm.addressed)
    assert {e.kind for e in m.edges} == {"addresses", "uses", "offers", "organized"}


# -- scopes and aggregation ---------------------------------------------------------------

def _two_communities() -> nx.MultiDiGraph:
    """C1 and C2: a member of C2 joins an activity organized in C1, which addresses a need of C2
    with a resource of C1; an instructor living in C1 reaches a unit of C2."""
    day = dt.date(2026, 9, 1)
    return build(
        {"C1": n("Community", name="东社区"), "C2": n("Community", name="西社区"),
         "P1": n("PartyOrg", name="东社区党委", kind="committee"),
         "U1": n("Unit", name="东公司", type="private_enterprise"),
         "U2": n("Unit", name="西公司", type="private_enterprise"),
         "M1": n("Member", name="张三丰", join_date=dt.date(2000, 1, 1)),
         "M2": n("Member", name="李四光", join_date=dt.date(2000, 1, 1)),
         "A1": n("Activity", name="义诊", date=day), "N1": n("Need", name="老人看病", raised_on=day),
         "R1": n("Resource", name="诊室", category="venue")},
        [t("P1", "C1", "LOCATED_IN"), t("U1", "C1", "LOCATED_IN"), t("U2", "C2", "LOCATED_IN"),
         t("M1", "C2", "RESIDES_IN"), t("M2", "C1", "RESIDES_IN"), t("M2", "U2", "PAIRED_WITH", role="instructor"),
         t("P1", "A1", "ORGANIZED"), t("M1", "A1", "PARTICIPATED_IN"), t("N1", "C2", "RAISED_IN"),
         t("A1", "N1", "ADDRESSES"), t("A1", "R1", "USES"), t("U1", "R1", "OFFERS")])


def test_a_community_map_holds_what_its_analysis_counts_from_elsewhere() -> None:
    G = _two_communities()
    part = build_map(G, kind="participation", scope="community:C2", as_of=DAY)
    net = participation_network(G, as_of=DAY, community="C2")
    assert (net.members, net.activities, net.ties) == (1, 1, 1)
    assert {x.id for x in part.nodes} == {"M1", "A1"} and [(e.source, e.target) for e in part.edges] == [("M1", "A1")]
    c1 = build_map(G, kind="participation", scope="community:C1", as_of=DAY)
    assert {x.id for x in c1.nodes} == set(participation_network(G, as_of=DAY, community="C1").centralities)
    lists = build_map(G, kind="lists", scope="community:C2", as_of=DAY)
    assert {x.id for x in lists.nodes} == {"N1", "A1", "R1", "U1", "P1"}
    assert _by_id(lists)["N1"].status == "addressed"
    assert {e.kind for e in lists.edges} == {"addresses", "uses", "offers", "organized"}
    cov = build_map(G, kind="coverage", scope="community:C2", as_of=DAY)
    assert {x.id: x.status for x in cov.nodes} == {"U2": "work", "M2": None}
    assert [(e.source, e.target, e.kind) for e in cov.edges] == [("M2", "U2", "instructor")]
    # C1's coverage map: its own units only, not the one its instructor reaches in C2
    assert {x.id for x in build_map(G, kind="coverage", scope="community:C1", as_of=DAY).nodes} == {"U1"}


def test_the_coverage_map_draws_the_ties_that_decide_each_status() -> None:
    G = _two_communities()
    G.add_node("M9", label="Member", name="王五", join_date=dt.date(2027, 1, 1))   # not yet a member
    G.add_node("P9", label="PartyOrg", name="新支部", kind="branch", established=dt.date(2027, 1, 1))
    G.add_edge("M9", "U1", type="PAIRED_WITH", role="instructor")
    G.add_edge("P9", "U1", type="CO_BUILDS")
    G.add_edge("U2", "A1", type="ORGANIZED")   # U2 organized an activity with P1: a joint activity
    m = build_map(G, kind="coverage", as_of=DAY)
    assert org_coverage(G, as_of=DAY).status == {"U1": "none", "U2": "work"}
    assert {x.id: x.status for x in m.nodes if x.label == "Unit"} == {"U1": "none", "U2": "work"}
    assert [(e.source, e.target, e.kind, e.attrs["reasons"]) for e in m.edges] == [
        ("M2", "U2", "instructor", "instructor"), ("P1", "U2", "co_organized", "co_organized")]
    only_co_building = Rules.from_mapping({"work_ties": ["co_building"]})
    m2 = build_map(G, kind="coverage", as_of=DAY, rules=only_co_building)
    assert org_coverage(G, as_of=DAY, rules=only_co_building).status == {"U1": "none", "U2": "none"}
    assert m2.edges == () and {x.status for x in m2.nodes} == {"none"}


def test_names_are_masked_whatever_their_spacing() -> None:
    for name in ("张 三", "张\u3000三", " 张三 ", "\u200b张三", "张\u200b三"):
        assert mask_name(name) == "张*", repr(name)
    for name in ("张 三 丰", "张·三丰", "张三\u200d丰"):
        assert mask_name(name) == "张*丰", repr(name)



def test_scopes_keep_their_part(sample: nx.MultiDiGraph) -> None:
    whole = build_map(sample, kind="co_building", as_of=DAY)
    one = build_map(sample, kind="co_building", scope="community:C01", as_of=DAY)
    assert one.scope_name == sample.nodes["C01"]["name"]
    assert {x.id for x in one.nodes} == {x.id for x in whole.nodes if x.community == "C01"}
    assert set(co_building_network(sample, as_of=DAY, community="C01").actors) == \
        {x.id for x in one.nodes if x.label != "Community"}
    by_name = build_map(sample, kind="co_building", scope=f"community:{sample.nodes['C01']['name']}", as_of=DAY)
    assert by_name.nodes == one.nodes
    street = sample.nodes["C01"]["street"]
    assert len(build_map(sample, kind="co_building", scope=f"street:{street}", as_of=DAY).nodes) >= len(one.nodes)
    hub = max(whole.nodes, key=lambda x: x.attrs.get("degree", 0))
    ego = build_map(sample, kind="co_building", scope=f"ego:{hub.id}:1", as_of=DAY)
    assert {x.id for x in ego.nodes} == {hub.id, *whole.neighbours(hub.id)}
    with pytest.raises(MapError):
        build_map(sample, kind="co_building", scope="street:没有这个街道", as_of=DAY)
    with pytest.raises(MapError):
        build_map(sample, kind="co_building", scope="ego:NOPE:1", as_of=DAY)
    with pytest.raises(MapError):
        build_map(sample, kind="nothing", as_of=DAY)
    for bad in ("", "community:", "ego:U1", "ego:U1:0", "ego:U1:7", "somewhere"):
        with pytest.raises(ScopeError):
            Scope.parse(bad)


def test_a_big_map_is_aggregated_by_community(sample: nx.MultiDiGraph) -> None:
    whole = build_map(sample, kind="co_building", as_of=DAY)
    agg = build_map(sample, kind="co_building", as_of=DAY, max_nodes=100)
    assert agg.aggregated and agg.total_nodes == len(whole.nodes)
    counts = Counter(x.community or "unknown" for x in whole.nodes)
    assert {x.id: x.attrs["nodes"] for x in agg.nodes} == dict(counts)
    rates = org_coverage(sample, as_of=DAY).by_community
    for x in agg.nodes:
        if x.id in rates:
            assert x.attrs["org_coverage_rate"] == rates[x.id].org_coverage_rate
            assert x.status == ("band_high" if rates[x.id].org_coverage_rate >= 0.8 else
                                "band_mid" if rates[x.id].org_coverage_rate >= 0.5 else "band_low")
    between = Counter()
    where = {x.id: x.community or "unknown" for x in whole.nodes}
    for e in whole.edges:
        a, b = where[e.source], where[e.target]
        if a != b:
            between[tuple(sorted((a, b)))] += 1
    assert {(e.source, e.target): e.weight for e in agg.edges} == dict(between)
    assert not build_map(sample, kind="co_building", as_of=DAY, scope="community:C01", max_nodes=100).aggregated


def test_aggregate_groups_nodes_without_a_community_as_unknown() -> None:
    nodes, _ = aggregate({}, {}, [MapNode("U1", "x", "school"), MapNode("U2", "y", "soe", community="C1")], [])
    assert [(x.id, x.attrs["nodes"], x.status) for x in nodes] == [("C1", 1, "band_none"), ("unknown", 1, "band_none")]


# -- personal data ----------------------------------------------------------------------------

def test_mask_name() -> None:
    assert [mask_name(x) for x in ("张三", "张三丰", "欧阳娜娜", "李", " 王五 ")] == ["张*", "张*丰", "欧*娜", "*", "王*"]


def _members_graph() -> nx.MultiDiGraph:
    return build(
        {"C1": n("Community", name="和平社区"), "A1": n("Activity", name="邻里节", date=dt.date(2026, 9, 1)),
         "M1": n("Member", name="张三丰", join_date=dt.date(2000, 1, 1), roster_id="R-123", employer_name="某公司"),
         "M2": n("Member", name="李四", join_date=dt.date(2000, 1, 1))},
        [t("M1", "C1", "RESIDES_IN"), t("M2", "C1", "RESIDES_IN"), t("M1", "A1", "PARTICIPATED_IN"),
         t("M2", "A1", "PARTICIPATED_IN")])


def test_members_are_masked_unless_full_names_and_carry_nothing_personal() -> None:
    G = _members_graph()
    masked = build_map(G, kind="participation", scope="community:C1", as_of=DAY)
    names = {x.id: x.name for x in masked.nodes}
    assert (names["M1"], names["M2"]) == ("张*丰", "李*")
    text = repr(masked.to_dict("zh")) + repr(masked.to_dict("en"))
    for secret in ("张三丰", "李四", "R-123", "某公司", "2000-01-01"):
        assert secret not in text
    full = build_map(G, kind="participation", scope="community:C1", as_of=DAY, full_names=True)
    assert {x.id: x.name for x in full.nodes}["M1"] == "张三丰"


# -- the layout -------------------------------------------------------------------------------

def test_layout_is_deterministic_and_keeps_known_positions() -> None:
    G = nx.les_miserables_graph()
    ties = list(G.edges())
    first = layout(G.nodes(), ties)
    assert first == layout(reversed(list(G.nodes())), reversed(ties))
    assert len({p for p in first.values()}) == len(first), "two nodes on one spot"
    G.add_edge("Nouveau", "Valjean")
    again = layout(G.nodes(), list(G.edges()), known=first)
    assert all(again[k] == first[k] for k in first) and "Nouveau" in again


def _dataset() -> Dataset:
    ds = Dataset.empty(dt.date(2026, 1, 1))
    ds.add_nodes(Label.COMMUNITY, [{"id": "C1", "name": "和平社区", "street": "东风街道"}])
    ds.add_nodes(Label.PARTY_ORG, [{"id": "P1", "name": "和平社区党委", "kind": "committee", "community": "C1"}])
    ds.add_nodes(Label.UNIT, [{"id": f"U{i}", "name": f"单位{i}", "type": "private_enterprise", "community": "C1"}
                              for i in range(6)])
    rel = [{"src": "P1", "src_label": "PartyOrg", "dst": f"U{i}", "dst_label": "Unit"} for i in range(4)]
    ds.add_relationships(RelType.CO_BUILDS, rel)
    return ds


def test_a_street_is_of_its_district_and_a_district_is_its_communities(sample: nx.MultiDiGraph) -> None:
    """Two districts, each with a street called 东风街道: street:DISTRICT/NAME is the one of that
    district, street:NAME both, district:NAME every community of the district."""
    G = sample.copy()
    communities = sorted(n for n, d in G.nodes(data=True) if d.get("label") == "Community")
    first, second = communities[:2], communities[2:]
    for c in communities:
        G.nodes[c].update(street="东风街道", district="甲区" if c in first else "乙区")

    def shown(scope: str) -> set[str]:
        m = build_map(G, kind="co_building", scope=scope, as_of=DAY)
        return {x.id for x in m.nodes if x.label == "Community"} | {x.community for x in m.nodes if x.community}

    whole = build_map(G, kind="co_building", as_of=DAY)
    of_first = build_map(G, kind="co_building", scope="street:甲区/东风街道", as_of=DAY)
    assert shown("street:甲区/东风街道") == set(first) and of_first.scope_name == "东风街道"
    assert {x.id for x in of_first.nodes} == {x.id for x in whole.nodes if x.community in first} | set(first)
    assert shown("street:乙区/东风街道") == set(second)
    assert shown("street:东风街道") == set(communities)  # the name alone: the streets of both districts
    district = build_map(G, kind="co_building", scope="district:乙区", as_of=DAY)
    assert shown("district:乙区") == set(second) and district.scope_name == "乙区" and district.scope == "district:乙区"
    with pytest.raises(MapError, match="known: 乙区, 甲区"):
        build_map(G, kind="co_building", scope="district:丙区", as_of=DAY)
    with pytest.raises(MapError, match="known: 乙区/东风街道, 甲区/东风街道"):
        build_map(G, kind="co_building", scope="street:丙区/东风街道", as_of=DAY)
    assert shown("street：乙区／东风街道") == set(second)  # typed with a Chinese input method
    G.nodes[first[0]]["street"] = "东风/北街道"  # a street's name with a slash in it
    assert shown("street:甲区/东风/北街道") == {first[0]}
    assert shown("street:东风/北街道") == {first[0]}  # the name alone
    assert build_map(G, kind="co_building", scope="street:东风/北街道", as_of=DAY).scope_name == "东风/北街道"
    for bad in ("street:/东风街道", "street:甲区/", "district:"):
        with pytest.raises(ScopeError):
            Scope.parse(bad)


def test_a_map_is_the_same_whatever_was_drawn_before(store: GraphStore) -> None:
    ds = _dataset()
    ds.add_relationships(RelType.CO_BUILDS, [{"src": "P1", "src_label": "PartyOrg", "dst": "U5", "dst_label": "Unit",
                                              "start": dt.date(2025, 6, 1)}])
    store.load(ds, replace=True)
    day = store.data_date()
    assert day is not None
    early = map_for_store(store, kind="co_building", scope="community:C1", as_of=dt.date(2025, 1, 1))
    now = map_for_store(store, kind="co_building", scope="community:C1")
    # the same picture a store that never drew the early map gives: laid out at the data's own date
    fresh = build_map(store.to_networkx(as_of=day), kind="co_building", scope="community:C1", as_of=day,
                      data_version=store.data_version())
    assert now == laid_out(fresh)[0]
    assert len(early.edges) == len(now.edges) - 1
    # the early map keeps the present positions: maps of one scope at two dates line up
    assert [(x.id, x.x, x.y) for x in early.nodes] == [(x.id, x.x, x.y) for x in now.nodes]
    assert map_for_store(store, kind="co_building", scope="community:C1", as_of=dt.date(2025, 1, 1)) == early


def test_a_map_model_is_stored_beside_the_data_and_read_back(store: GraphStore,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from graph import reporting

    store.load(_dataset(), replace=True)
    assert saved_map(store, kind="co_building", scope="community:C1") is None  # nothing stored yet, nothing built
    built = stored_map(store, kind="co_building", scope="community:C1")
    assert built == map_for_store(store, kind="co_building", scope="community:C1")

    def never(*args: object, **kw: object) -> None:
        raise AssertionError("built again instead of read back")

    monkeypatch.setattr(reporting, "map_for_store", never)
    assert stored_map(store, kind="co_building", scope="community:C1") == built  # read, not built
    assert saved_map(store, kind="co_building", scope="community:C1") == built
    assert saved_map(store, kind="coverage", scope="community:C1") is None  # not stored: None, not built
    assert reporting._code_version(maps=True) != reporting._code_version()  # a map's key has the map code's digest
    with pytest.raises(AssertionError):
        stored_map(store, kind="coverage", scope="community:C1")  # another map is built


def test_the_layout_is_stored_beside_the_data_and_reused(store: GraphStore) -> None:
    store.load(_dataset(), replace=True)
    first = map_for_store(store, kind="co_building", scope="community:C1")
    key = layout_key(first)
    saved = store.saved_layout(key)
    assert saved is not None and set(saved) == {x.id for x in first.nodes}
    assert all(-1.0 <= x.x <= 1.0 and -1.0 <= x.y <= 1.0 for x in first.nodes)
    assert map_for_store(store, kind="co_building", scope="community:C1") == first
    # a stored layout is what the map uses: two nodes swapped there are swapped on the map
    a, b = "P1", "U5"
    swapped = {**saved, a: saved[b], b: saved[a]}
    store.save_layout(key, swapped)
    assert store.saved_layout(key) == swapped
    again = map_for_store(store, kind="co_building", scope="community:C1")
    assert (again.node(a).x, again.node(a).y) == (first.node(b).x, first.node(b).y) != (first.node(a).x, first.node(a).y)
    assert (again.node(b).x, again.node(b).y) == (first.node(a).x, first.node(a).y)
    assert store.saved_layout("no such key") is None
    # a new data version starts afresh: the old layout went with its version
    ds = _dataset()
    ds.add_nodes(Label.UNIT, [{"id": "U9", "name": "新单位", "type": "school", "community": "C1"}])
    store.load(ds, replace=True)
    assert store.saved_layout(key) is None
    assert "U9" in {x.id for x in map_for_store(store, kind="co_building", scope="community:C1").nodes}
