"""Analyst queries on Neo4j: read-only enforced, limited, and the named library on the sample."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from dashboard.settings import SAMPLE_DIR
from graph import cypher
from graph.errors import QueryFailed, QueryParamInvalid, QueryRefused
from graph.neo4j_store import Neo4jStore
from graph.store import content_digest
from loaders.dataset_reader import read_dataset

from .conftest import KEY, fresh_neo4j_store

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def sample_neo4j(neo4j_connection) -> Iterator[Neo4jStore]:  # type: ignore[no-untyped-def]
    store = fresh_neo4j_store(neo4j_connection)
    store.load(read_dataset(SAMPLE_DIR, key=KEY, effective=dt.date(2026, 11, 1)))
    yield store
    store.close()


WRITES = [
    "CREATE (n:Unit {id: 'X1'})",
    "MERGE (n:Unit {id: 'X2'}) RETURN n",
    "MATCH (n:Unit {id: 'U0001'}) DETACH DELETE n",
    "MATCH (n:Unit {id: 'U0001'}) SET n.name = 'hacked'",
    "MATCH (n:Unit {id: 'U0001'}) REMOVE n.name",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "load  csv with headers from 'https://example.org/x.csv' AS row RETURN row",
    "CREATE INDEX sneaky IF NOT EXISTS FOR (n:Unit) ON (n.type)",
    "CALL dbms.listConfig()",
    "SHOW USERS",
    "MATCH (n:Unit) WITH n LIMIT 1 CREATE (m:Unit {id: 'X3'})",
    "MATCH (n:Unit) WITH n LIMIT 1 CALL (n) { SET n.type = 'other' } RETURN n.id",
    "CREATE USER mallory SET PASSWORD 'secret123'",
    "LOAD/**/CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "LoAd /* hi */ CsV FROM 'http://127.0.0.1:9/x.csv' AS l RETURN l",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW TRANSACTIONS YIELD transactionId AS t, currentQuery AS q WHERE NOT q STARTS WITH 'SHOW' "
    "TERMINATE TRANSACTIONS t YIELD message RETURN message",
    "SHOW TRANSACTIONS",
]


@pytest.mark.parametrize("text", WRITES)
def test_writes_schema_changes_and_admin_are_refused(sample_neo4j: Neo4jStore, text: str) -> None:
    before = content_digest(sample_neo4j)
    with pytest.raises(QueryRefused) as info:
        sample_neo4j.query(text)
    assert info.value.message("en").startswith("query refused:")
    assert content_digest(sample_neo4j) == before


def test_text_that_merely_mentions_load_csv_is_fine(sample_neo4j: Neo4jStore) -> None:
    assert sample_neo4j.query("RETURN 'load csv is a phrase' AS s").rows == [{"s": "load csv is a phrase"}]


def test_row_limit_and_timeout(sample_neo4j: Neo4jStore) -> None:
    result = sample_neo4j.query("MATCH (m:Member) RETURN m.id AS id ORDER BY id", limit=5)
    assert result.columns == ["id"] and [r["id"] for r in result.rows] == [
        "M000001", "M000002", "M000003", "M000004", "M000005"]
    assert result.truncated
    with pytest.raises(QueryFailed) as info:
        sample_neo4j.query("UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x)", timeout_s=1)
    assert "longer than 1 s" in info.value.message("en")
    with pytest.raises(QueryFailed):
        sample_neo4j.query("MATCH (n RETURN n")


AS_OF = dt.date(2026, 11, 1)  # the date the sample describes


def _run(store: Neo4jStore, name: str, **params: object) -> list[dict[str, object]]:
    return store.run_named(name, {"as_of": AS_OF, **params}).rows


def test_the_library_has_at_least_15_documented_queries() -> None:
    assert len(cypher.NAMED_QUERIES) >= 15
    for q in cypher.NAMED_QUERIES:
        assert q.zh and q.en and "$" not in q.name and q.columns
        assert q.params[-1] is cypher.AS_OF
        for p in q.params:
            assert f"${p.name}" in q.text and p.zh and p.en
            assert (p.kind == "enum") == (p.enum is not None)
        for c in q.columns:
            assert c.zh and c.en and not any("\u4e00" <= ch <= "\u9fff" for ch in c.en)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in q.en + "".join(p.en for p in q.params))


def test_planted_situations_by_named_query(sample_neo4j: Neo4jStore) -> None:
    assert _run(sample_neo4j, "should_have_org") == [
        {"id": "U0141", "name": "开元宏诚心理健康服务中心", "type": "social_org", "community": "C07", "full_members": 3,
         "covered_by": ["P0050"]},
        {"id": "U0248", "name": "江城永成保安服务有限公司", "type": "private_enterprise", "community": "C06", "full_members": 5,
         "covered_by": []},
        {"id": "U0276", "name": "开元鑫飞信息技术有限公司", "type": "private_enterprise", "community": "C02", "full_members": 4,
         "covered_by": ["P0015"]},
    ]
    assert _run(sample_neo4j, "branch_sizes") == [
        {"id": "P0011", "name": "瑞轩社区第一党支部", "kind": "branch", "community": "C02", "members": 58, "full_members": 57,
         "problems": ["oversize"], "suggestion": "general_branch"},
        {"id": "P0076", "name": "开元信泰物流有限公司党支部", "kind": "branch", "community": "C06", "members": 3,
         "full_members": 2, "problems": ["undersize"], "suggestion": "joint_branch"},
    ]
    # Six months before 2026-11-01 is 2026-05-01: last contacted on or before it.
    assert [(r["id"], r["last_contact"]) for r in _run(sample_neo4j, "lost_contact")] == [
        ("M000006", dt.date(2025, 9, 15)), ("M000603", dt.date(2025, 9, 12)), ("M000727", dt.date(2026, 1, 15)),
        ("M001334", dt.date(2026, 3, 12)), ("M001376", dt.date(2025, 11, 14))]
    assert [r["id"] for r in _run(sample_neo4j, "lost_contact", months=9)] == [
        "M000006", "M000603", "M000727", "M001376"]  # on or before 2026-02-01
    assert [r["id"] for r in _run(sample_neo4j, "floating_without_station")] == ["M000318", "M000712", "M001215"]
    assert [(r["id"], r["category"], r["community"], len(r["nearby_resources"])) for r in _run(sample_neo4j, "unmet_needs")] == [
        ("N00001", "venue", "C05", 17), ("N00002", "venue", "C04", 11), ("N00003", "other", "C03", 0),
        ("N00004", "other", "C06", 0)]
    assert _run(sample_neo4j, "communities_with_unmet_needs", category="venue") == [
        {"id": "C04", "name": "秋锦山社区", "unmet": 1, "needs": ["N00002"]},
        {"id": "C05", "name": "新湾社区", "unmet": 1, "needs": ["N00001"]}]
    # U0191 is planted isolated; U0215's only co-building agreement ended on 2024-05-22.
    assert _run(sample_neo4j, "units_without_ties") == [
        {"id": "U0191", "name": "开元汇成电子商务股份有限公司", "type": "private_enterprise"},
        {"id": "U0215", "name": "开元海德文化艺术协会", "type": "social_org"},
    ]
    assert "U0215" not in [r["id"] for r in _run(sample_neo4j, "units_without_ties", as_of=dt.date(2024, 5, 21))]
    assert _run(sample_neo4j, "co_building_partners", community="C07") == []  # planted: no agreement
    assert _run(sample_neo4j, "members_without_org") == []
    scorecard = {r["id"]: r for r in _run(sample_neo4j, "community_scorecard")}
    assert scorecard["C06"]["missing"] == ["joint_meeting"] and scorecard["C07"]["missing"] == ["co_building"]  # planted gaps
    # One community party organization each, not the 11–19 organizations located there.
    assert all(r["residents_committee"] == 1 and r["party_org"] == 1 for r in scorecard.values())
    assert scorecard["C01"] == {"id": "C01", "name": "明门社区", "party_org": 1, "residents_committee": 1, "co_building": 9,
                                "joint_meeting": 9, "reported_members": 87, "resources": 17, "needs": 7, "missing": []}


def test_other_named_queries_on_the_sample(sample_neo4j: Neo4jStore) -> None:
    assert [r["id"] for r in _run(sample_neo4j, "units_without_org", community="C01", type="private_enterprise")] == [
        "U0008", "U0022", "U0040", "U0126", "U0158", "U0178", "U0180", "U0204", "U0243", "U0270", "U0282"]
    # U0022's joint-branch coverage has ended: only valid ties count.
    assert _run(sample_neo4j, "unreported_members", org="P0011") == [
        {"id": "M000199", "name": "李文", "orgs": ["P0011"]}, {"id": "M000203", "name": "刘涛", "orgs": ["P0011"]}]
    rates = _run(sample_neo4j, "report_rate_by_community")
    assert rates[0] == {"id": "C01", "name": "明门社区", "in_service": 149, "reported": 87, "rate": 0.583893}
    assert _run(sample_neo4j, "resources_for_community", community="C01")[0] == {
        "category": "facility", "resources": 2, "ids": ["R00055", "R00064"]}
    assert _run(sample_neo4j, "co_building_path", **{"from": "U0040", "to": "U0056"}) == [
        {"ids": ["U0040", "P0002", "U0056"], "names": ["江城信飞服饰有限公司", "明门社区党委", "天塘水文监测站"], "hops": 2}]
    assert len(_run(sample_neo4j, "units_sharing_no_resource")) == 208
    assert len(_run(sample_neo4j, "instructors")) == 57
    assert _run(sample_neo4j, "volunteer_hours_by_branch", top=2) == [
        {"id": "P0026", "name": "秋锦山社区第二党支部", "members": 40, "active": 14, "participation_rate": 0.35,
         "hours": 42.5, "hours_per_member": 1.06},
        {"id": "P0029", "name": "秋锦山社区流动党员党支部", "members": 25, "active": 11, "participation_rate": 0.44,
         "hours": 41.5, "hours_per_member": 1.66}]


def test_query_command(sample_neo4j: Neo4jStore, neo4j_connection, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in (("NEO4J_URI", neo4j_connection.uri), ("NEO4J_USER", neo4j_connection.user),
                       ("NEO4J_PASSWORD", neo4j_connection.password)):
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    result = runner.invoke(app, ["query", "units_without_ties", "--as-of", "2026-11-01", "--format", "csv", "--store", "neo4j"])
    assert result.exit_code == 0, result.output
    assert result.output.removeprefix("\ufeff").splitlines() == [
        "单位编号,单位,单位类型", "U0191,开元汇成电子商务股份有限公司,非公有制企业", "U0215,开元海德文化艺术协会,社会组织"]
    english = runner.invoke(app, ["--lang", "en", "query", "units_without_ties", "--as-of", "2026-11-01", "--format", "csv",
                                  "--store", "neo4j"])
    assert english.output.removeprefix("\ufeff").splitlines()[:2] == [
        "unit id,unit,unit type", "U0191,开元汇成电子商务股份有限公司,private enterprise"]
    result = runner.invoke(app, ["query", "MATCH (c:Community {id: $id}) RETURN c.name AS name", "--param", "id=C02",
                                 "--format", "json", "--store", "neo4j"])
    assert result.exit_code == 0 and '"name": "瑞轩社区"' in result.output
    refused = runner.invoke(app, ["--lang", "en", "query", "MATCH (n:Unit {id: 'U0001'}) SET n.name = 'x'", "--store", "neo4j"])
    assert refused.exit_code == 5 and "query refused: it writes data" in refused.output
    listing = runner.invoke(app, ["query", "--list"])
    assert listing.exit_code == 0 and all(q.name in listing.output for q in cypher.NAMED_QUERIES)


def test_free_cypher_parameters_must_be_those_it_names(sample_neo4j: Neo4jStore, neo4j_connection,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    text = "MATCH (c:Community {id: $community}) WHERE c.name <> 'x' RETURN c.name AS name"
    assert sample_neo4j.query(text, {"community": "C02"}).rows == [{"name": "瑞轩社区"}]
    with pytest.raises(QueryParamInvalid) as unknown:
        sample_neo4j.query(text, {"comunity": "C02"})
    assert (unknown.value.problem, unknown.value.param, unknown.value.allowed) == ("unknown", "comunity", ("community",))
    with pytest.raises(QueryParamInvalid) as missing:
        sample_neo4j.query(text, {})
    assert (missing.value.problem, missing.value.allowed) == ("missing", ("community",))
    # A parameter only a comment or a string names is not the query's.
    with pytest.raises(QueryParamInvalid):
        sample_neo4j.query("RETURN '$x' AS s // $x", {"x": 1})
    for key, value in (("NEO4J_URI", neo4j_connection.uri), ("NEO4J_USER", neo4j_connection.user),
                       ("NEO4J_PASSWORD", neo4j_connection.password)):
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    result = runner.invoke(app, ["--lang", "en", "query", text, "--param", "comunity=C02", "--store", "neo4j"])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == "Usage error: the query has no parameter comunity; its parameters: community"
    result = runner.invoke(app, ["query", text, "--store", "neo4j"])
    assert result.exit_code == 2 and result.output.splitlines()[0] == "用法错误：查询需要参数 community"


def test_named_queries_on_ended_ties_and_missing_values(neo4j_connection, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from graph.dataset import Dataset
    from graph.embedded_store import EmbeddedStore
    from graph.model import Label, RelType

    ended = dt.date(2024, 1, 1)

    def rel(s: str, sl: str, d: str, dl: str, **p: object) -> dict[str, object]:
        return {"src": s, "src_label": sl, "dst": d, "dst_label": dl, **p}

    ds = Dataset.empty(dt.date(2026, 1, 1))
    ds.add_nodes(Label.COMMUNITY, [{"id": "C1", "name": "甲社区"}, {"id": "C2", "name": "乙社区"}])
    ds.add_nodes(Label.UNIT, [{"id": "U1", "name": "一号", "type": "school"}, {"id": "U2", "name": "二号"},
                              {"id": "U3", "name": "三号", "type": "soe"}])
    ds.add_nodes(Label.PARTY_ORG, [{"id": "P1", "name": "甲党委", "kind": "committee"}])
    ds.add_nodes(Label.RESOURCE, [{"id": "R1", "name": "礼堂", "category": "venue"}])
    ds.add_nodes(Label.NEED, [{"id": "N1", "name": "场地", "category": "venue", "status": "open"}])
    ds.add_nodes(Label.ACTIVITY, [{"id": "A1", "name": "义诊"}])
    ds.add_relationships(RelType.LOCATED_IN, [rel("P1", "PartyOrg", "C1", "Community", end=ended),
                                              rel("U1", "Unit", "C1", "Community"), rel("U2", "Unit", "C1", "Community")])
    ds.add_relationships(RelType.CO_BUILDS, [rel("P1", "PartyOrg", "U1", "Unit")])
    ds.add_relationships(RelType.RAISED_IN, [rel("N1", "Need", "C1", "Community")])
    ds.add_relationships(RelType.ADDRESSES, [rel("A1", "Activity", "N1", "Need", end=ended)])
    ds.add_relationships(RelType.ORGANIZED, [rel("U1", "Unit", "A1", "Activity", end=ended),
                                             rel("U3", "Unit", "A1", "Activity", end=ended)])
    ds.add_relationships(RelType.OFFERS, [rel("U1", "Unit", "R1", "Resource"), rel("U3", "Unit", "R1", "Resource")])
    ds.add_relationships(RelType.SHARED_WITH, [rel("R1", "Resource", "C1", "Community")])
    neo = fresh_neo4j_store(neo4j_connection)
    embedded = EmbeddedStore(tmp_path)
    try:
        neo.load(ds)
        embedded.load(ds)
        required = {"resources_for_community": {"community": "C1"}, "co_building_partners": {"community": "C1"},
                    "co_building_path": {"from": "U1", "to": "U3"}}
        for day in (dt.date(2023, 6, 1), dt.date(2026, 1, 1)):
            for q in cypher.NAMED_QUERIES:
                params = {**required.get(q.name, {}), "as_of": day}
                assert embedded.run_named(q.name, params).rows == neo.run_named(q.name, params).rows, (q.name, day)
        now, before = {"as_of": dt.date(2026, 1, 1)}, {"as_of": dt.date(2023, 6, 1)}
        assert neo.run_named("unmet_needs", now).rows == [
            {"id": "N1", "name": "场地", "category": "venue", "community": "C1", "nearby_resources": ["R1"]}]
        assert neo.run_named("unmet_needs", before).rows == []  # A1 addressed it until 2024
        assert neo.run_named("resources_for_community", {"community": "C1", **now}).rows == [
            {"category": "venue", "resources": 1, "ids": ["R1"]}]
        assert [r["id"] for r in neo.run_named("units_sharing_no_resource", now).rows] == ["U2"]
        # P1 left C1 in 2024: C1's community party organization then, none now.
        assert [r["party_org"] for r in neo.run_named("community_scorecard", before).rows] == [1, 0]
        assert [r["party_org"] for r in neo.run_named("community_scorecard", now).rows] == [0, 0]
        assert neo.run_named("co_building_partners", {"community": "C1", **before}).rows == [
            {"id": "U1", "name": "一号", "orgs": ["P1"], "kinds": []}]
    finally:
        neo.close()


def test_empty_results_keep_their_columns_on_both_stores(sample_neo4j: Neo4jStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from graph.embedded_store import EmbeddedStore

    embedded = EmbeddedStore(tmp_path)
    params = {"community": "C07", "as_of": AS_OF}
    for store in (embedded, sample_neo4j):
        result = store.run_named("co_building_partners", params)
        assert (result.columns, result.rows) == (["id", "name", "orgs", "kinds"], [])
    with pytest.raises(QueryFailed) as info:
        embedded.query("MATCH (n) RETURN n")
    assert "cannot run free Cypher" in info.value.message("en")
