"""Every Cypher statement Gongjian sends, in one place, as text.

Values always travel as ``$parameters``. Labels and relationship types cannot be
parameters in Cypher; they are spliced in only from the model's enums
(:class:`~graph.model.Label`, :class:`~graph.model.RelType`), never from user input.

Examples
--------
>>> print(merge_nodes(Label.UNIT))
UNWIND $rows AS row MERGE (n:Unit {id: row.id}) SET n += row.props
>>> print(upsert_relationships(RelType.MEMBER_OF, Label.MEMBER, Label.PARTY_ORG))
UNWIND $rows AS row MATCH (a:Member {id: row.src}) MATCH (b:PartyOrg {id: row.dst}) MERGE (a)-[r:MEMBER_OF {rid: row.rid}]->(b) SET r = row.props
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.model import NODE_PROPERTIES, REL_PROPERTIES, Label, Prop, RelType

META_LABEL = "GongjianMeta"


def _label(label: Label) -> str:
    return Label(label).value  # only model labels reach the text


def _type(rel_type: RelType) -> str:
    return RelType(rel_type).value


def node_constraint(label: Label) -> str:
    """Uniqueness of ``id`` per label (also the index every look-up by id uses)."""
    return f"CREATE CONSTRAINT gongjian_{_label(label).lower()}_id IF NOT EXISTS FOR (n:{_label(label)}) REQUIRE n.id IS UNIQUE"


def name_index(label: Label) -> str:
    """An index on ``name``, for references by name and the dashboard's search."""
    return f"CREATE INDEX gongjian_{_label(label).lower()}_name IF NOT EXISTS FOR (n:{_label(label)}) ON (n.name)"


def rel_key_index(rel_type: RelType) -> str:
    """An index on the relationship key ``rid`` (source, target, start), for upserts and deletes."""
    return f"CREATE INDEX gongjian_{_type(rel_type).lower()}_rid IF NOT EXISTS FOR ()-[r:{_type(rel_type)}]-() ON (r.rid)"


META_CONSTRAINT = f"CREATE CONSTRAINT gongjian_meta_key IF NOT EXISTS FOR (m:{META_LABEL}) REQUIRE m.key IS UNIQUE"


def _assign(var: str, props: Iterable[Prop]) -> str:
    """``SET`` items taking each property from a parallel parameter list ``$name[i]``; dates
    travel as ISO text and become Neo4j dates in the server (``date(null)`` is null)."""
    return ", ".join(f"{var}.{p.name} = " + (f"date(${p.name}[i])" if p.kind == "date" else f"${p.name}[i]") for p in props)


def create_nodes(label: Label) -> str:
    """Fast path for labels the database has none of yet: columns as parallel lists."""
    props = [p for p in NODE_PROPERTIES[Label(label)] if p.name != "id"]
    return f"UNWIND range(0, size($id) - 1) AS i CREATE (n:{_label(label)} {{id: $id[i]}}) SET {_assign('n', props)}"


def merge_nodes(label: Label) -> str:
    """Upsert: properties given replace the stored ones, the others stay."""
    return f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) SET n += row.props"


def create_relationships(rel_type: RelType, src: Label, dst: Label) -> str:
    """Fast path for relationship types the database has none of yet: columns as parallel lists."""
    return (f"UNWIND range(0, size($rid) - 1) AS i MATCH (a:{_label(src)} {{id: $src[i]}}) "
            f"MATCH (b:{_label(dst)} {{id: $dst[i]}}) CREATE (a)-[r:{_type(rel_type)} {{rid: $rid[i]}}]->(b) "
            f"SET {_assign('r', REL_PROPERTIES[RelType(rel_type)])}")


def upsert_relationships(rel_type: RelType, src: Label, dst: Label) -> str:
    """Upsert by key: the relationship's properties become exactly the merged ones."""
    return (f"UNWIND $rows AS row MATCH (a:{_label(src)} {{id: row.src}}) MATCH (b:{_label(dst)} {{id: row.dst}}) "
            f"MERGE (a)-[r:{_type(rel_type)} {{rid: row.rid}}]->(b) SET r = row.props")


def delete_relationships(rel_type: RelType) -> str:
    """Delete relationships of a type by key."""
    return f"UNWIND $rids AS rid MATCH ()-[r:{_type(rel_type)} {{rid: rid}}]->() DELETE r"


def node_names(label: Label) -> str:
    """Id, name and roster code (members only) of every node of ``label``: what references resolve against."""
    code = "n.roster_id" if label is Label.MEMBER else "null"
    return f"MATCH (n:{_label(label)}) RETURN n.id AS id, n.name AS name, {code} AS roster_id"


def count_nodes(label: Label) -> str:
    return f"MATCH (n:{_label(label)}) RETURN count(n) AS n"


def count_relationships(rel_type: RelType) -> str:
    return f"MATCH ()-[r:{_type(rel_type)}]->() RETURN count(r) AS n"


def read_nodes(label: Label) -> str:
    return f"MATCH (n:{_label(label)}) RETURN properties(n) AS p"


def read_relationships(rel_type: RelType) -> str:
    """Every relationship of a type, with its ends' ids and labels."""
    return (f"MATCH (a)-[r:{_type(rel_type)}]->(b) "
            "RETURN a.id AS src, labels(a) AS src_labels, b.id AS dst, labels(b) AS dst_labels, properties(r) AS p")


def read_valid_relationships(rel_type: RelType) -> str:
    """Relationships valid at ``$as_of`` (or not ended, when it is null), filtered in the database."""
    return (f"MATCH (a)-[r:{_type(rel_type)}]->(b) "
            "WHERE ($as_of IS NULL AND r.end IS NULL) OR ($as_of IS NOT NULL "
            "AND (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end > $as_of)) "
            "RETURN a.id AS src, labels(a) AS src_labels, b.id AS dst, labels(b) AS dst_labels, properties(r) AS p")


def find_node() -> str:
    """A node by id, whatever its label, through each label's index."""
    branches = " UNION ".join(f"MATCH (n:{_label(label)} {{id: $id}}) RETURN n" for label in Label)
    return f"CALL () {{ {branches} }} RETURN properties(n) AS p, labels(n) AS labels"


def neighbours(label: Label) -> str:
    """Every relationship of the node ``$id`` of ``label``, seen from it."""
    return (f"MATCH (n:{_label(label)} {{id: $id}})-[r]-(m) "
            "RETURN type(r) AS type, startNode(r) = n AS out, m.id AS id, labels(m) AS labels, m.name AS name, "
            "properties(r) AS p")

#: Emptying the database: relationships first, in batches, so that deleting a node with
#: 100,000 relationships (a community's residents) never becomes one huge transaction.
DELETE_ALL = (
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
    f"MATCH (n) WHERE NOT n:{META_LABEL} CALL (n) {{ DELETE n }} IN TRANSACTIONS OF 10000 ROWS",
)

DELETE_META = f"MATCH (m:{META_LABEL}) DELETE m"
READ_META = (f"MATCH (m:{META_LABEL} {{key: 'store'}}) "
             "RETURN m.version AS version, m.loading AS loading, m.as_of AS as_of, m.latest AS latest")
#: What each table held when the last load completed ("name=digest" strings).
READ_TABLE_DIGESTS = f"MATCH (m:{META_LABEL} {{key: 'store'}}) RETURN m.tables AS tables"
#: A load starting forgets the table digests: until it completes, the database may hold any mix.
MARK_LOADING = f"MERGE (m:{META_LABEL} {{key: 'store'}}) SET m.loading = $loading REMOVE m.tables"
#: Emptying the store forgets them too: the next load must write every table.
FORGET_TABLES = f"MATCH (m:{META_LABEL} {{key: 'store'}}) REMOVE m.tables"
SET_VERSION = (f"MERGE (m:{META_LABEL} {{key: 'store'}}) "
               "SET m.version = $version, m.loading = false, m.effective = $effective, m.tables = $tables, "
               "m.as_of = $as_of, m.latest = $latest")

SERVER_VERSION = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"


# -- analyst queries ------------------------------------------------------------------------

@dataclass(frozen=True)
class Param:
    """A parameter of a named query: name, kind (``str``, ``int``, ``date``), default, meaning."""

    name: str
    kind: str = "str"
    default: object = None
    zh: str = ""
    en: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A documented, parameterised Cypher query for a question from DESIGN.md."""

    name: str
    zh: str
    en: str
    text: str
    params: tuple[Param, ...] = ()


NAMED_QUERIES: tuple[NamedQuery, ...] = (
    NamedQuery(
        "units_without_org", "社区内某类单位中没有党组织的（既未单独组建也未被联合党支部覆盖）",
        "units of a type in a community with no party organization (neither their own nor a joint branch)",
        "MATCH (u:Unit)-[l:LOCATED_IN]->(c:Community) "
        "WHERE l.end IS NULL AND ($community IS NULL OR c.id = $community) AND ($type IS NULL OR u.type = $type) "
        "AND NOT EXISTS { MATCH (:PartyOrg)-[r:ESTABLISHED_IN|COVERS]->(u) WHERE r.end IS NULL } "
        "RETURN u.id AS id, u.name AS name, u.type AS type, c.id AS community ORDER BY id",
        (Param("community", zh="社区编号（空=全部）", en="community id (empty: all)"),
         Param("type", zh="单位类型代码，如 private_enterprise（空=全部）", en="unit type code, e.g. private_enterprise (empty: all)")),
    ),
    NamedQuery(
        "should_have_org", "应建未建：正式党员 ≥ $min_members 人却没有自己党组织的单位",
        "units with at least $min_members full members working there and no party organization of their own",
        "MATCH (m:Member)-[w:WORKS_AT]->(u:Unit) WHERE w.end IS NULL AND m.status = 'full' "
        "AND NOT EXISTS { MATCH (:PartyOrg)-[r:ESTABLISHED_IN]->(u) WHERE r.end IS NULL } "
        "WITH u, count(m) AS full_members WHERE full_members >= $min_members "
        "RETURN u.id AS id, u.name AS name, full_members, "
        "EXISTS { MATCH (:PartyOrg)-[r:COVERS]->(u) WHERE r.end IS NULL } AS covered_by_joint_branch ORDER BY id",
        (Param("min_members", "int", 3, "正式党员人数下限", "minimum number of full members"),),
    ),
    NamedQuery(
        "branch_sizes", "党支部人数超出范围的（少于 $min 名正式党员或多于 $max 名党员）",
        "branches with fewer than $min full members or more than $max members",
        "MATCH (o:PartyOrg) WHERE o.kind IN ['branch', 'joint_branch'] "
        "OPTIONAL MATCH (m:Member)-[r:MEMBER_OF]->(o) WHERE r.end IS NULL "
        "WITH o, count(m) AS members, count(CASE WHEN m.status = 'full' THEN 1 END) AS full_members "
        "WHERE full_members < $min OR members > $max "
        "RETURN o.id AS id, o.name AS name, members, full_members ORDER BY id",
        (Param("min", "int", 3, "正式党员下限", "minimum full members"), Param("max", "int", 50, "党员上限", "maximum members")),
    ),
    NamedQuery(
        "unreported_members", "某党组织中未到居住社区报到的在职党员",
        "in-service members of an organization who have not reported (报到) to a community",
        "MATCH (m:Member)-[r:MEMBER_OF]->(o:PartyOrg) WHERE r.end IS NULL AND ($org IS NULL OR o.id = $org) "
        "AND m.category = 'in_service' AND NOT EXISTS { MATCH (m)-[t:REPORTED_TO]->(:Community) WHERE t.end IS NULL } "
        "RETURN m.id AS id, m.name AS name, o.id AS org ORDER BY id",
        (Param("org", zh="党组织编号（空=全部）", en="party organization id (empty: all)"),),
    ),
    NamedQuery(
        "report_rate_by_community", "各社区居住的在职党员报到率", "share of in-service residents who reported, by community",
        "MATCH (m:Member)-[r:RESIDES_IN]->(c:Community) WHERE r.end IS NULL AND m.category = 'in_service' "
        "WITH c, count(m) AS in_service, "
        "count(CASE WHEN EXISTS { MATCH (m)-[t:REPORTED_TO]->(c) WHERE t.end IS NULL } THEN 1 END) AS reported "
        "RETURN c.id AS id, c.name AS name, in_service, reported, round(1.0 * reported / in_service, 3) AS rate ORDER BY id",
    ),
    NamedQuery(
        "lost_contact", "失联党员：最近联系早于 $before 或从未联系",
        "members whose last contact is before $before, or never",
        "MATCH (m:Member) WHERE m.last_contact IS NULL OR m.last_contact < $before "
        "OPTIONAL MATCH (m)-[r:MEMBER_OF]->(o:PartyOrg) WHERE r.end IS NULL "
        "RETURN m.id AS id, m.name AS name, m.last_contact AS last_contact, o.id AS org ORDER BY id",
        (Param("before", "date", None, "日期，如 2026-05-01", "a date such as 2026-05-01"),),
    ),
    NamedQuery(
        "floating_without_station", "没有流动党员服务站的流动党员", "floating members without a service station",
        "MATCH (m:Member) WHERE m.category = 'floating' AND m.station IS NULL "
        "RETURN m.id AS id, m.name AS name ORDER BY id",
    ),
    NamedQuery(
        "members_without_org", "没有有效组织关系的党员", "members with no valid organizational relationship",
        "MATCH (m:Member) WHERE NOT EXISTS { MATCH (m)-[r:MEMBER_OF]->(:PartyOrg) WHERE r.end IS NULL } "
        "RETURN m.id AS id, m.name AS name ORDER BY id",
    ),
    NamedQuery(
        "unmet_needs", "未被任何活动回应的待认领需求（可按类别筛选）",
        "open needs no activity addresses (optionally of one category)",
        "MATCH (n:Need)-[ri:RAISED_IN]->(c:Community) WHERE ri.end IS NULL AND n.status = 'open' "
        "AND ($category IS NULL OR n.category = $category) "
        "AND NOT EXISTS { MATCH (:Activity)-[a:ADDRESSES]->(n) WHERE a.end IS NULL } "
        "RETURN n.id AS id, n.name AS name, n.category AS category, c.id AS community ORDER BY id",
        (Param("category", zh="需求类别代码，如 venue（空=全部）", en="category code, e.g. venue (empty: all)"),),
    ),
    NamedQuery(
        "communities_with_unmet_needs", "有某类未满足需求的社区及其数量",
        "communities with unmet needs of a category, and how many",
        "MATCH (n:Need)-[ri:RAISED_IN]->(c:Community) WHERE ri.end IS NULL AND n.status = 'open' "
        "AND ($category IS NULL OR n.category = $category) "
        "AND NOT EXISTS { MATCH (:Activity)-[a:ADDRESSES]->(n) WHERE a.end IS NULL } "
        "RETURN c.id AS id, c.name AS name, count(n) AS unmet ORDER BY id",
        (Param("category", zh="需求类别代码（空=全部）", en="category code (empty: all)"),),
    ),
    NamedQuery(
        "units_sharing_no_resource", "没有向任何社区开放资源的单位", "units that share no resource with any community",
        "MATCH (u:Unit) WHERE NOT EXISTS { MATCH (u)-[o:OFFERS]->(:Resource)-[s:SHARED_WITH]->(:Community) "
        "WHERE o.end IS NULL AND s.end IS NULL } AND coalesce(u.type, '') <> 'residents_committee' "
        "RETURN u.id AS id, u.name AS name, u.type AS type ORDER BY id",
    ),
    NamedQuery(
        "resources_for_community", "向某社区开放的资源（按类别）", "resources opened to a community, by category",
        "MATCH (u:Unit)-[o:OFFERS]->(r:Resource)-[s:SHARED_WITH]->(c:Community {id: $community}) "
        "WHERE o.end IS NULL AND s.end IS NULL "
        "WITH DISTINCT r ORDER BY r.id "
        "RETURN r.category AS category, count(r) AS resources, collect(r.id) AS ids ORDER BY category",
        (Param("community", zh="社区编号", en="community id"),),
    ),
    NamedQuery(
        "co_building_partners", "某社区党组织的共建单位", "co-building partners of a community's party organizations",
        "MATCH (o:PartyOrg)-[l:LOCATED_IN]->(c:Community {id: $community}) WHERE l.end IS NULL "
        "MATCH (o)-[r:CO_BUILDS]->(p) WHERE r.end IS NULL "
        "RETURN p.id AS id, p.name AS name, o.id AS org, r.kind AS kind ORDER BY id, org",
        (Param("community", zh="社区编号", en="community id"),),
    ),
    NamedQuery(
        "co_building_path", "两个单位之间经由共建、联合组建、指导与共同活动的最短联系",
        "the shortest tie between two units through co-building, coverage, pairing and joint activities",
        "MATCH (a {id: $from}), (b {id: $to}) "
        "MATCH p = shortestPath((a)-[:CO_BUILDS|COVERS|ESTABLISHED_IN|PAIRED_WITH|ORGANIZED*..10]-(b)) "
        "WHERE all(r IN relationships(p) WHERE r.end IS NULL) "
        "RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names, length(p) AS hops",
        (Param("from", zh="起点编号", en="id of one end"), Param("to", zh="终点编号", en="id of the other end")),
    ),
    NamedQuery(
        "isolated_units", "孤立单位：当前没有组织、覆盖、共建、指导、席位、活动或资源的单位",
        "units with no current organization, coverage, co-building, pairing, seat, activity or resource",
        "MATCH (u:Unit) WHERE NOT EXISTS { MATCH (u)-[r]-() WHERE NOT type(r) IN ['LOCATED_IN', 'WORKS_AT'] AND r.end IS NULL } "
        "RETURN u.id AS id, u.name AS name, u.type AS type ORDER BY id",
    ),
    NamedQuery(
        "instructors", "党建指导员及其指导对象", "party-building instructors and whom they are sent to",
        "MATCH (m)-[r:PAIRED_WITH]->(t) WHERE r.role = 'instructor' AND r.end IS NULL "
        "RETURN m.id AS instructor, m.name AS instructor_name, t.id AS target, t.name AS target_name ORDER BY instructor, target",
    ),
    NamedQuery(
        "volunteer_hours_by_branch", "各党组织党员的志愿服务时长", "volunteer hours of each organization's members",
        "MATCH (m:Member)-[r:MEMBER_OF]->(o:PartyOrg) WHERE r.end IS NULL "
        "OPTIONAL MATCH (m)-[p:PARTICIPATED_IN]->(:Activity) WHERE p.end IS NULL "
        "WITH o, count(DISTINCT m) AS members, sum(coalesce(p.hours, 0.0)) AS hours "
        "RETURN o.id AS id, o.name AS name, members, round(hours, 1) AS hours ORDER BY hours DESC, id LIMIT $top",
        (Param("top", "int", 10, "前几名", "how many"),),
    ),
    NamedQuery(
        "community_scorecard", "社区记分卡：党组织、居委会、共建单位、联席会议席位、报到党员、资源、需求",
        "community scorecard: party organization, residents' committee, co-building units, seats, reported members, resources, needs",
        "MATCH (c:Community) "
        "RETURN c.id AS id, c.name AS name, "
        "COUNT { MATCH (:PartyOrg)-[l:LOCATED_IN]->(c) WHERE l.end IS NULL } AS party_orgs, "
        "COUNT { MATCH (u:Unit)-[l:LOCATED_IN]->(c) WHERE l.end IS NULL AND u.type = 'residents_committee' } AS residents_committees, "
        "COUNT { MATCH (o:PartyOrg)-[l:LOCATED_IN]->(c) MATCH (o)-[r:CO_BUILDS]->() WHERE l.end IS NULL AND r.end IS NULL } AS co_building, "
        "COUNT { MATCH (:Unit)-[s:SITS_ON]->(c) WHERE s.end IS NULL } AS seats, "
        "COUNT { MATCH (:Member)-[t:REPORTED_TO]->(c) WHERE t.end IS NULL } AS reported_members, "
        "COUNT { MATCH (:Resource)-[s:SHARED_WITH]->(c) WHERE s.end IS NULL } AS resources, "
        "COUNT { MATCH (:Need)-[ri:RAISED_IN]->(c) WHERE ri.end IS NULL } AS needs ORDER BY id",
    ),
)

NAMED: dict[str, NamedQuery] = {q.name: q for q in NAMED_QUERIES}
