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

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.analysis.coverage import SCORECARD_ITEMS, UNKNOWN
from graph.analysis.readings import COMMUNITY_ORG_KINDS
from graph.analysis.report_model import Column, ValueKind
from graph.model import (
    NODE_PROPERTIES,
    REL_PROPERTIES,
    BilingualEnum,
    Label,
    OrgKind,
    Prop,
    RelType,
    ResourceCategory,
    UnitType,
)
from graph.texts import PROBLEM_LABELS, SCORE_LABELS, STATUS_LABELS, SUGGESTION_LABELS, WORK_TIE_LABELS

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
             "RETURN m.version AS version, m.loading AS loading, m.as_of AS as_of, m.latest AS latest, "
             "m.effective AS effective, m.dated AS dated")
#: What each table held when the last load completed ("name=digest" strings).
READ_TABLE_DIGESTS = f"MATCH (m:{META_LABEL} {{key: 'store'}}) RETURN m.tables AS tables"
#: A load starting forgets the table digests: until it completes, the database may hold any mix.
MARK_LOADING = f"MERGE (m:{META_LABEL} {{key: 'store'}}) SET m.loading = $loading REMOVE m.tables"
#: Emptying the store forgets them too: the next load must write every table.
FORGET_TABLES = f"MATCH (m:{META_LABEL} {{key: 'store'}}) REMOVE m.tables"
SET_VERSION = (f"MERGE (m:{META_LABEL} {{key: 'store'}}) "
               "SET m.version = $version, m.loading = false, m.effective = $effective, m.tables = $tables, "
               "m.as_of = $as_of, m.latest = $latest, m.dated = true")

#: Map layouts (graph/maps/layout.py), one meta node per (data version, map): the positions as JSON.
READ_LAYOUT = f"MATCH (m:{META_LABEL} {{key: $key}}) RETURN m.positions AS positions"
SAVE_LAYOUT = f"MERGE (m:{META_LABEL} {{key: $key}}) SET m.positions = $positions, m.layout_of = $version"
#: Layouts of other data versions are dropped when one is saved: they describe data that is gone.
DROP_OLD_LAYOUTS = f"MATCH (m:{META_LABEL}) WHERE m.layout_of IS NOT NULL AND m.layout_of <> $version DELETE m"
#: Computed results (graph/reporting.py: reports, map models), one meta node per (data version,
#: key): the result as compressed JSON bytes.
READ_RESULT = f"MATCH (m:{META_LABEL} {{key: $key}}) RETURN m.result AS result"
SAVE_RESULT = (f"MERGE (m:{META_LABEL} {{key: $key}}) SET m.result = $result, m.result_of = $version, "
               "m.used_at = datetime.realtime()")
TOUCH_RESULT = f"MATCH (m:{META_LABEL} {{key: $key}}) SET m.used_at = datetime.realtime()"
DROP_OLD_RESULTS = f"MATCH (m:{META_LABEL}) WHERE m.result_of IS NOT NULL AND m.result_of <> $version DELETE m"
# Results kept by a release that did not date them count as the least recently used.
DROP_EARLIEST_RESULTS = (f"MATCH (m:{META_LABEL}) WHERE m.result_of = $version AND m.key <> $key "
                         "WITH m ORDER BY coalesce(m.used_at, datetime({epochMillis: 0})) DESC, m.key "
                         "SKIP $keep DELETE m")

SERVER_VERSION = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"


_TOKEN = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/|\$(?:`([^`]*)`|(\w+))",
                    re.DOTALL)


def text_parameters(text: str) -> set[str]:
    """The ``$parameters`` a Cypher text names outside string literals, quoted names and comments.

    >>> sorted(text_parameters("MATCH (c {id: $id}) // $not\\nWHERE c.name = '$no' RETURN $`odd name`"))
    ['id', 'odd name']
    """
    return {m.group(1) if m.group(1) is not None else m.group(2)
            for m in _TOKEN.finditer(text) if m.group(1) is not None or m.group(2) is not None}


# -- analyst queries ------------------------------------------------------------------------
#
# A named query that asks an analysis's question gives the analysis's answer: its Cypher is the
# analysis's definition written out (the fragments below, one per reading of graph/analysis, each
# naming the function it follows), and on the embedded store the analysis itself answers it
# (graph.query_library). Every named query takes ``$as_of``: relationships count when valid then
# (graph.analysis.base.is_valid). The fragments are spliced from this module's constants, never
# from input; values travel as ``$parameters``.

def _valid(r: str) -> str:
    """:func:`graph.analysis.base.is_valid` on ``$as_of``: started on or before it (or start
    unknown), not ended on or before it."""
    return f"({r}.start IS NULL OR {r}.start <= $as_of) AND ({r}.end IS NULL OR {r}.end > $as_of)"


def _joined(m: str) -> str:
    """readings ``member_joined``: a member counts from its join date (or always, unknown)."""
    return f"({m}.join_date IS NULL OR {m}.join_date <= $as_of)"


def _in_period(a: str) -> str:
    """An activity dated in ``(months_before($as_of, $period_months), $as_of]``; Cypher's month
    arithmetic ends on the month's last day where it is shorter, as :func:`~graph.analysis.base.months_before`."""
    return f"({a}.date IS NOT NULL AND {a}.date > $as_of - duration({{months: $period_months}}) AND {a}.date <= $as_of)"


def _org_counts(o: str) -> str:
    """readings ``org_organizes``: an organization organizes units once founded, unless a party group."""
    return f"(coalesce({o}.kind, '') <> 'group' AND ({o}.established IS NULL OR {o}.established <= $as_of))"


def _full(m: str) -> str:
    """readings ``full_member``: recorded full, and a year (the probation) past joining, when known;
    Cypher's year arithmetic ends 29 February on the 28th, as ``_years_later``."""
    return f"({m}.status = 'full' AND ({m}.join_date IS NULL OR {m}.join_date + duration({{years: 1}}) <= $as_of))"


def _exists(x: str) -> str:
    """readings ``actor_exists``: an organization once founded, a member once joined, anything else."""
    return (f"(CASE WHEN {x}:PartyOrg THEN ({x}.established IS NULL OR {x}.established <= $as_of) "
            f"WHEN {x}:Member THEN {_joined(x)} ELSE true END)")


def _own_place(x: str) -> str:
    """The first two steps of readings ``actor_communities``: the valid LOCATED_IN to a Community
    (of several, the one the ``community`` property names, else the smallest id), else the
    ``community`` property where not blank."""
    return (f"coalesce(COLLECT {{ MATCH ({x})-[pl_{x}:LOCATED_IN]->(pc_{x}:Community) WHERE {_valid(f'pl_{x}')} "
            f"RETURN pc_{x}.id AS pid_{x} ORDER BY CASE WHEN pc_{x}.id = {x}.community THEN 0 ELSE 1 END, pid_{x} "
            f"LIMIT 1 }}[0], "
            f"CASE WHEN trim({x}.community) <> '' THEN trim({x}.community) END)")


def _place(x: str) -> str:
    """readings ``actor_communities``: a unit's or organization's one community — its own
    (:func:`_own_place`), else, for an organization, that of a unit it is established in (the
    smallest); null when none."""
    return (f"coalesce({_own_place(x)}, CASE WHEN {x}:PartyOrg THEN COLLECT {{ MATCH ({x})-[pe_{x}:ESTABLISHED_IN]->(pu_{x}:Unit) "
            f"WHERE {_valid(f'pe_{x}')} WITH {_own_place(f'pu_{x}')} AS pw_{x} WHERE pw_{x} IS NOT NULL "
            f"RETURN pw_{x} ORDER BY pw_{x} LIMIT 1 }}[0] END)")


def _first_end(x: str, rel: str) -> str:
    """The smallest id at the end of ``x``'s valid ``rel`` ties (readings ``residence``; a
    member's employer in ``member_coverage``); null when none."""
    return (f"COLLECT {{ MATCH ({x})-[fr_{x}:{rel}]->(fe_{x}) WHERE {_valid(f'fr_{x}')} "
            f"RETURN fe_{x}.id AS fid_{x} ORDER BY fid_{x} LIMIT 1 }}[0]")


def _orgs_of(m: str) -> str:
    """The organizations of a member's valid MEMBER_OF ties, sorted."""
    return (f"COLLECT {{ MATCH ({m})-[mo_{m}:MEMBER_OF]->(mp_{m}) WHERE {_valid(f'mo_{m}')} "
            f"RETURN DISTINCT mp_{m}.id AS mid_{m} ORDER BY mid_{m} }}")


_COMMUNITY_ORG_KINDS = ", ".join(f"'{k}'" for k in COMMUNITY_ORG_KINDS)


def _community_org(o: str) -> str:
    return f"({o}.kind IN [{_COMMUNITY_ORG_KINDS}] AND ({o}.established IS NULL OR {o}.established <= $as_of))"


#: readings ``community_party_orgs`` (:func:`graph.analysis.readings.community_party_orgs`):
#: rows ``(co_community, co_orgs)``, each community's own party organization(s) — those established
#: in a residents' committee placed there, else its top organizations of those kinds: placed there,
#: established in no unit, with no parent placed there.
_COMMUNITY_ORGS = (
    "CALL () { CALL () { "
    f"MATCH (o:PartyOrg)-[e:ESTABLISHED_IN]->(u:Unit) WHERE {_valid('e')} AND u.type = 'residents_committee' "
    f"AND {_community_org('o')} WITH o, {_place('u')} AS c WHERE c IS NOT NULL RETURN c, o, 1 AS rank "
    "UNION "
    f"MATCH (o:PartyOrg) WHERE {_community_org('o')} AND NOT EXISTS {{ MATCH (o)-[e:ESTABLISHED_IN]->() WHERE {_valid('e')} }} "
    f"WITH o, {_place('o')} AS c WHERE c IS NOT NULL "
    f"AND NOT EXISTS {{ MATCH (o)-[s:SUBORDINATE_TO]->(p) WHERE {_valid('s')} AND {_place('p')} = c }} "
    "RETURN c, o, 2 AS rank } "
    "WITH c, min(rank) AS best, collect([o.id, rank]) AS found "
    "RETURN c AS co_community, [x IN found WHERE x[1] = best | x[0]] AS co_orgs }"
)


def _unmet_needs(carry: str = "") -> str:
    """integration ``needs_matching``: the unmet needs (``n``, their communities ``home``, sorted)
    — raised (valid RAISED_IN) by ``$as_of``, addressed (valid ADDRESSES) by no activity not dated
    after it, and open, or addressed only by activities after it (so open then); of ``$category``
    and raised in ``$community`` when given."""
    return ("MATCH (n:Need) WHERE (n.raised_on IS NULL OR n.raised_on <= $as_of) "
            + "AND ($category IS NULL OR n.category = $category) "
            + f"AND NOT EXISTS {{ MATCH (a:Activity)-[ad:ADDRESSES]->(n) WHERE {_valid('ad')} "
            "AND (a.date IS NULL OR a.date <= $as_of) } "
            f"AND (n.status = 'open' OR EXISTS {{ MATCH (:Activity)-[al:ADDRESSES]->(n) WHERE {_valid('al')} }}) "
            f"WITH n, {carry}COLLECT {{ MATCH (n)-[ri:RAISED_IN]->(rc:Community) WHERE {_valid('ri')} "
            "RETURN DISTINCT rc.id AS rid ORDER BY rid } AS home "
            "WHERE size(home) > 0 AND ($community IS NULL OR $community IN home) ")


#: integration ``needs_matching``: the resources nearby a need, gathered once — ``offered_at``:
#: ``[community, category, resource]`` of each resource offered (valid OFFERS) by a unit whose
#: community it is; ``shared_at``: the same for each offered resource shared (valid SHARED_WITH)
#: with a community. A resource without a category is near no need.
_OFFERED_AND_SHARED = (
    "CALL () { MATCH (u:Unit)-[o:OFFERS]->(r:Resource) WHERE " + _valid("o") + " AND r.category IS NOT NULL "
    f"WITH r, {_place('u')} AS c WHERE c IS NOT NULL RETURN collect(DISTINCT [c, r.category, r.id]) AS offered_at }} "
    "CALL () { MATCH (r:Resource)-[s:SHARED_WITH]->(c:Community) WHERE " + _valid("s") + " AND r.category IS NOT NULL "
    f"AND EXISTS {{ MATCH (:Unit)-[o:OFFERS]->(r) WHERE {_valid('o')} }} "
    "RETURN collect(DISTINCT [c.id, r.category, r.id]) AS shared_at } "
)

#: integration ``needs_matching``: the resources nearby a need ``n`` raised in ``home`` — of its
#: category, offered by a unit whose community is, or shared with, one of its communities or a
#: community adjacent to one (either lists the other in ``adjacent``, readings
#: ``adjacent_communities``); after :data:`_OFFERED_AND_SHARED`.
_NEARBY = (
    "COLLECT { MATCH (hc:Community) WHERE hc.id IN home UNWIND coalesce(hc.adjacent, []) AS a RETURN a "
    "UNION MATCH (ac:Community) WHERE any(x IN coalesce(ac.adjacent, []) WHERE x IN home) RETURN ac.id AS a "
    "UNION UNWIND home AS a RETURN a } AS near "
    "WITH n, home, [x IN offered_at + shared_at WHERE x[1] = n.category AND x[0] IN near | x[2]] AS found "
    "WITH n, home, COLLECT { UNWIND found AS nr RETURN DISTINCT nr ORDER BY nr } AS nearby "
)


def _reporting(group: str) -> str:
    """coverage ``member_coverage`` ``by_residence`` / ``by_employer``: in-service members who had
    joined by ``$as_of`` (residing in ``$community`` when given), grouped by ``group`` (their
    community of residence or employer, else 'unknown'); reported = reported to the community they
    live in, or, with no known residence, anywhere."""
    return ("MATCH (m:Member) WHERE m.category = 'in_service' AND " + _joined("m") + " "
            f"WITH m, {_first_end('m', 'RESIDES_IN')} AS home "
            "WHERE $community IS NULL OR home = $community "
            f"WITH m, home, COLLECT {{ MATCH (m)-[t:REPORTED_TO]->(x) WHERE {_valid('t')} RETURN x.id AS xid }} AS reports "
            f"WITH m, home, reports, {group} AS key "
            f"WITH coalesce(key, '{UNKNOWN}') AS id, count(m) AS in_service, "
            "count(CASE WHEN (home IS NULL AND size(reports) > 0) OR home IN reports THEN 1 END) AS reported ")


def _actor_in(y: str) -> str:
    """An actor of the co-building network (co_building ``_network``): a party organization or unit
    that exists on ``$as_of``, of ``$community`` when given (its actors' ids ``here``)."""
    return (f"(({y}:PartyOrg OR {y}:Unit) AND ({y}.established IS NULL OR {y}.established <= $as_of) "
            f"AND ($community IS NULL OR {y}.id IN here))")


def _member_rows(where: str) -> str:
    """Members who had joined by ``$as_of`` (residing in ``$community`` when given) and meet ``where``."""
    return (f"MATCH (m:Member) WHERE {_joined('m')} AND {where} "
            f"AND ($community IS NULL OR {_first_end('m', 'RESIDES_IN')} = $community) ")


_SCORE_COUNTS = ", ".join(f"['{item}', {item}]" for item in SCORECARD_ITEMS)


@dataclass(frozen=True)
class Param:
    """A parameter of a named query.

    ``kind`` is ``text``, ``int``, ``date`` or ``enum`` (a code of ``enum``, given as the code
    or its Chinese or English label); ``default`` is used when it is not given, or the rule
    ``rule`` of :class:`~graph.analysis.rules.Rules` in effect; a ``required`` one must be given.
    """

    name: str
    kind: str = "text"
    default: object = None
    zh: str = ""
    en: str = ""
    enum: type[BilingualEnum] | None = None
    required: bool = False
    rule: str | None = None
    minimum: int | None = None
    maximum: int | None = None


#: The longest span in months a query's period or contact rule may take (a century), and the
#: earliest date a query may ask about: together they keep every date reckoned within the calendar.
MAX_MONTHS = 1200
EARLIEST_AS_OF = dt.date(1200, 1, 1)

#: Every named query's date: the figures are those of that day (the data's date by default).
AS_OF = Param("as_of", "date", zh="统计日期（默认为数据所描述的日期）", en="date of the figures (default: the date the data describes)")


@dataclass(frozen=True)
class NamedQuery:
    """A documented, parameterised Cypher query for a question from DESIGN.md.

    ``source`` names the analysis function that computes the same figure (the embedded store asks
    it; the Cypher follows its definition), or is empty for a query no analysis asks; ``rules``
    are the :class:`~graph.analysis.rules.Rules` the text reads as ``$parameters`` without offering
    them; ``ratios`` are columns computed as ``graph.analysis.base.ratio(part, whole)`` of two other
    columns, on every store, so that a rate is rounded by one definition; ``per_member`` likewise
    hours per member (``graph.analysis.integration.mean_hours``); ``renamed_from`` the names it had
    before.
    """

    name: str
    zh: str
    en: str
    text: str
    params: tuple[Param, ...] = ()
    columns: tuple[Column, ...] = ()
    source: str = ""
    rules: tuple[str, ...] = ()
    ratios: tuple[tuple[str, str, str], ...] = ()
    per_member: tuple[tuple[str, str, str], ...] = ()
    renamed_from: tuple[str, ...] = ()

    def param(self, name: str) -> Param | None:
        """The parameter ``name``, or ``None``."""
        return next((p for p in self.params if p.name == name), None)


def _c(key: str, zh: str, en: str, kind: ValueKind = "text", labels: object = ()) -> Column:
    """A result column; ``labels``: a mapping code → (zh, en) or a :class:`BilingualEnum` class."""
    if isinstance(labels, dict):
        found = tuple((k, v[0], v[1]) for k, v in labels.items())
    elif isinstance(labels, type) and issubclass(labels, BilingualEnum):
        found = tuple((m.value, m.zh, m.en) for m in labels)
    else:
        found = ()
    return Column(key, zh, en, kind, found)


def _q(name: str, zh: str, en: str, text: str, params: tuple[Param, ...] = (), columns: tuple[Column, ...] = (),
       **more: Any) -> NamedQuery:
    return NamedQuery(name, zh, en, text, (*params, AS_OF), columns, **more)


_ID = _c("id", "编号", "id")
_NAME = _c("name", "名称", "name")
_UNIT_TYPE = _c("type", "单位类型", "unit type", labels=UnitType)
_COMMUNITY = _c("community", "所在社区", "community")
_ORGS = _c("orgs", "所属党组织", "party organizations", "list")
_CATEGORY = _c("category", "类别", "category", labels={**{m.value: (m.zh, m.en) for m in ResourceCategory},
                                                       UNKNOWN: ("未知", "unknown")})
_COMMUNITY_PARAM = Param("community", zh="社区编号（空 = 全部）", en="community id (empty: all)")
_MEMBER_COMMUNITY = Param("community", zh="居住社区编号（空 = 全部）", en="community of residence (empty: all)")
_PERIOD = Param("period_months", "int", zh="统计期（月）", en="the period, in months", rule="period_months", minimum=0,
                maximum=MAX_MONTHS)
_PROBLEMS = {k: PROBLEM_LABELS[k] for k in ("oversize", "undersize")}
_COVERAGE = {k: STATUS_LABELS[k] for k in ("work", "none")}
_WORK_TIES = WORK_TIE_LABELS
_SUGGESTIONS = SUGGESTION_LABELS
_SCORE_ITEMS = SCORE_LABELS


NAMED_QUERIES: tuple[NamedQuery, ...] = (
    _q("units_without_org", "没有党组织的单位（既未单独组建也未被联合党支部覆盖），及是否有工作覆盖",
       "units with no party organization (neither their own nor a joint branch), and whether party work reaches them",
       "MATCH (u:Unit) WHERE ($type IS NULL OR u.type = $type) "
       f"AND NOT EXISTS {{ MATCH (o:PartyOrg)-[r:ESTABLISHED_IN|COVERS]->(u) WHERE {_valid('r')} AND {_org_counts('o')} }} "
       f"WITH u, {_place('u')} AS community WHERE $community IS NULL OR community = $community "
       "WITH u, community, "
       "CASE WHEN 'co_building' IN $work_ties AND EXISTS { MATCH (bs)-[b:CO_BUILDS]->(u) WHERE " + _valid("b")
       + " AND " + _exists("bs") + " } THEN ['co_building'] ELSE [] END + "
       "CASE WHEN 'instructor' IN $work_ties AND EXISTS { MATCH (ps)-[p:PAIRED_WITH]->(u) WHERE " + _valid("p")
       + " AND p.role = 'instructor' AND " + _exists("ps") + " } THEN ['instructor'] ELSE [] END + "
       "CASE WHEN 'joint_activity' IN $work_ties AND EXISTS { MATCH (u)-[g:ORGANIZED]->(a:Activity)<-[h:ORGANIZED]-(ho:PartyOrg) "
       f"WHERE {_valid('g')} AND {_valid('h')} AND {_in_period('a')} AND {_exists('ho')} }} THEN ['joint_activity'] ELSE [] END + "
       "CASE WHEN 'liaison' IN $work_ties AND EXISTS { MATCH (ls)-[p:PAIRED_WITH]->(u) WHERE " + _valid("p")
       + " AND p.role = 'liaison' AND " + _exists("ls") + " } THEN ['liaison'] ELSE [] END AS ties "
       "RETURN u.id AS id, u.name AS name, u.type AS type, community, "
       "CASE WHEN size(ties) > 0 THEN 'work' ELSE 'none' END AS status, ties AS work_ties ORDER BY id",
       (_COMMUNITY_PARAM, Param("type", "enum", zh="单位类型（空 = 全部）", en="unit type (empty: all)", enum=UnitType), _PERIOD),
       (_c("id", "单位编号", "unit id"), _c("name", "单位", "unit"), _UNIT_TYPE, _COMMUNITY,
        _c("status", "覆盖情况", "coverage", labels=_COVERAGE), _c("work_ties", "工作覆盖方式", "reached by", "list", labels=_WORK_TIES)),
       source="graph.analysis.coverage.org_coverage", rules=("work_ties",)),
    _q("should_have_org", "应建未建：正式党员达到下限却没有本单位党组织的单位",
       "units with at least min_members full members working there and no party organization of their own",
       f"MATCH (m:Member)-[w:WORKS_AT]->(u:Unit) WHERE {_valid('w')} AND {_full('m')} "
       "WITH u, count(DISTINCT m) AS full_members WHERE full_members >= $min_members "
       f"AND NOT EXISTS {{ MATCH (o:PartyOrg)-[r:ESTABLISHED_IN]->(u) WHERE {_valid('r')} AND {_org_counts('o')} }} "
       f"WITH u, full_members, {_place('u')} AS community WHERE $community IS NULL OR community = $community "
       "RETURN u.id AS id, u.name AS name, u.type AS type, community, full_members, "
       f"COLLECT {{ MATCH (o:PartyOrg)-[r:COVERS]->(u) WHERE {_valid('r')} AND {_org_counts('o')} "
       "RETURN DISTINCT o.id AS oid ORDER BY oid } AS covered_by ORDER BY id",
       (Param("min_members", "int", zh="正式党员人数下限", en="fewest full members", rule="own_org_min_full_members",
              minimum=0), _COMMUNITY_PARAM),
       (_c("id", "单位编号", "unit id"), _c("name", "单位", "unit"), _UNIT_TYPE, _COMMUNITY,
        _c("full_members", "正式党员数", "full members", "int"), _c("covered_by", "联合党支部覆盖", "covered by", "list")),
       source="graph.analysis.coverage.should_have_org"),
    _q("branch_sizes", "规模不合规定的党组织：正式党员过少或党员过多的党支部，党员过多的党总支",
       "branches with too few full members or too many members, and general branches with too many members",
       "MATCH (o:PartyOrg) WHERE o.kind IN ['branch', 'joint_branch', 'general_branch'] "
       "AND (o.established IS NULL OR o.established <= $as_of) "
       f"WITH o, {_place('o')} AS community WHERE $community IS NULL OR community = $community "
       f"WITH o, community, COLLECT {{ MATCH (x) (()-[s:SUBORDINATE_TO]->() WHERE {_valid('s')})* (o) "
       f"MATCH (m:Member)-[r:MEMBER_OF]->(x) WHERE {_valid('r')} AND {_joined('m')} RETURN DISTINCT m }} AS members "
       f"WITH o, community, size(members) AS n, size([m IN members WHERE {_full('m')}]) AS n_full "
       "WITH o, community, n, n_full, "
       "CASE WHEN o.kind = 'general_branch' THEN n > $general_max ELSE n > $max END AS oversize, "
       "o.kind <> 'general_branch' AND n_full < $min AS undersize "
       "WHERE oversize OR undersize "
       "RETURN o.id AS id, o.name AS name, o.kind AS kind, community, n AS members, n_full AS full_members, "
       "CASE WHEN oversize AND undersize THEN ['oversize', 'undersize'] WHEN oversize THEN ['oversize'] "
       "ELSE ['undersize'] END AS problems, "
       "CASE WHEN o.kind = 'general_branch' THEN 'committee' "
       "WHEN oversize THEN CASE WHEN n <= $general_max THEN 'general_branch' ELSE 'committee' END "
       "WHEN o.kind = 'branch' THEN 'joint_branch' END AS suggestion ORDER BY id",
       (Param("min", "int", zh="党支部最少正式党员数", en="fewest full members of a branch", rule="branch_min_full_members",
              minimum=0),
        Param("max", "int", zh="党支部党员数上限", en="most members of a branch", rule="branch_max_members", minimum=0),
        Param("general_max", "int", zh="党总支党员数上限", en="most members of a general branch",
              rule="general_branch_max_members", minimum=0),
        _COMMUNITY_PARAM),
       (_c("id", "党组织编号", "organization id"), _c("name", "党组织", "organization"),
        _c("kind", "类型", "kind", labels=OrgKind), _COMMUNITY, _c("members", "党员数", "members", "int"),
        _c("full_members", "正式党员数", "full members", "int"), _c("problems", "问题", "problems", "list", labels=_PROBLEMS),
        _c("suggestion", "建议", "suggestion", labels=_SUGGESTIONS)),
       source="graph.analysis.coverage.branch_size"),
    _q("unreported_members", "未到社区报到的在职党员（可按党组织、居住社区筛选）",
       "in-service members who have not reported to any community (of an organization, living in a community)",
       _member_rows("m.category = 'in_service'")
       + f"AND NOT EXISTS {{ MATCH (m)-[t:REPORTED_TO]->() WHERE {_valid('t')} }} "
       f"WITH m, {_orgs_of('m')} AS orgs WHERE $org IS NULL OR $org IN orgs "
       "RETURN m.id AS id, m.name AS name, orgs ORDER BY id",
       (Param("org", zh="党组织编号（空 = 全部）", en="party organization id (empty: all)"), _MEMBER_COMMUNITY),
       (_c("id", "党员编号", "member id"), _c("name", "姓名", "name"), _ORGS),
       source="graph.analysis.coverage.member_coverage"),
    _q("report_rate_by_community", "各居住社区在职党员的报到率（报到到所居住社区）",
       "reporting rate of in-service members by community of residence (reported to the community they live in)",
       _reporting("home") + "OPTIONAL MATCH (c:Community {id: id}) "
       "RETURN id, c.name AS name, in_service, reported, null AS rate ORDER BY id",
       (_MEMBER_COMMUNITY,),
       (_c("id", "社区编号", "community id"), _c("name", "社区", "community"), _c("in_service", "在职党员", "in service", "int"),
        _c("reported", "已向居住社区报到", "reported to their home community", "int"), _c("rate", "向居住社区报到率", "reported to home community", "ratio")),
       source="graph.analysis.coverage.member_coverage", ratios=(("rate", "reported", "in_service"),)),
    _q("report_rate_by_employer", "各工作单位在职党员的报到率（报到到所居住社区）",
       "reporting rate of in-service members by employer (reported to the community they live in)",
       _reporting(_first_end("m", "WORKS_AT")) + "OPTIONAL MATCH (u:Unit {id: id}) "
       "RETURN id, u.name AS name, in_service, reported, null AS rate ORDER BY id",
       (_MEMBER_COMMUNITY,),
       (_c("id", "单位编号", "unit id"), _c("name", "工作单位", "employer"), _c("in_service", "在职党员", "in service", "int"),
        _c("reported", "已向居住社区报到", "reported to their home community", "int"), _c("rate", "向居住社区报到率", "reported to home community", "ratio")),
       source="graph.analysis.coverage.member_coverage", ratios=(("rate", "reported", "in_service"),)),
    _q("lost_contact", "失联党员：最近联系距统计日期已达 months 个月",
       "members out of contact: last contacted at least months months before the date",
       _member_rows("m.last_contact IS NOT NULL AND m.last_contact <= $as_of - duration({months: $months})")
       + f"RETURN m.id AS id, m.name AS name, m.last_contact AS last_contact, {_orgs_of('m')} AS orgs ORDER BY id",
       (Param("months", "int", zh="失联月数", en="months without contact", rule="lost_contact_months", minimum=0,
              maximum=MAX_MONTHS),
        _MEMBER_COMMUNITY),
       (_c("id", "党员编号", "member id"), _c("name", "姓名", "name"), _c("last_contact", "最近联系", "last contact", "date"),
        _ORGS),
       source="graph.analysis.coverage.member_coverage"),
    _q("contact_unknown", "没有联系记录的党员", "members with no contact on record",
       _member_rows("m.last_contact IS NULL") + f"RETURN m.id AS id, m.name AS name, {_orgs_of('m')} AS orgs ORDER BY id",
       (_MEMBER_COMMUNITY,), (_c("id", "党员编号", "member id"), _c("name", "姓名", "name"), _ORGS),
       source="graph.analysis.coverage.member_coverage"),
    _q("floating_without_station", "没有流动党员服务站的流动党员", "floating members without a service station",
       _member_rows("m.category = 'floating' AND trim(coalesce(m.station, '')) = ''")
       + f"RETURN m.id AS id, m.name AS name, {_orgs_of('m')} AS orgs ORDER BY id",
       (_MEMBER_COMMUNITY,), (_c("id", "党员编号", "member id"), _c("name", "姓名", "name"), _ORGS),
       source="graph.analysis.coverage.member_coverage"),
    _q("members_without_org", "没有有效组织关系的党员", "members with no valid organizational relationship",
       _member_rows(f"NOT EXISTS {{ MATCH (m)-[r:MEMBER_OF]->() WHERE {_valid('r')} }}")
       + "RETURN m.id AS id, m.name AS name ORDER BY id",
       (_MEMBER_COMMUNITY,), (_c("id", "党员编号", "member id"), _c("name", "姓名", "name")),
       source="graph.analysis.coverage.member_coverage"),
    _q("members_in_several_orgs", "组织关系同时在多个党组织的党员", "members whose organizational relationship is in several organizations",
       _member_rows("true") + f"WITH m, {_orgs_of('m')} AS orgs WHERE size(orgs) > 1 "
       "RETURN m.id AS id, m.name AS name, orgs ORDER BY id",
       (_MEMBER_COMMUNITY,), (_c("id", "党员编号", "member id"), _c("name", "姓名", "name"), _ORGS),
       source="graph.analysis.coverage.member_coverage"),
    _q("unmet_needs", "未满足的需求：待认领且尚无活动回应，及附近可用的资源",
       "unmet needs: open and addressed by no activity yet, with the matching resources nearby",
       _OFFERED_AND_SHARED + _unmet_needs("offered_at, shared_at, ") + "WITH n, home, offered_at, shared_at, " + _NEARBY
       + "RETURN n.id AS id, n.name AS name, n.category AS category, home[0] AS community, nearby AS nearby_resources "
       "ORDER BY id",
       (Param("category", "enum", zh="需求类别（空 = 全部）", en="category (empty: all)", enum=ResourceCategory),
        _COMMUNITY_PARAM),
       (_c("id", "需求编号", "need id"), _c("name", "需求", "need"), _CATEGORY, _c("community", "社区", "community"),
        _c("nearby_resources", "附近可用资源", "resources nearby", "list")),
       source="graph.analysis.integration.needs_matching"),
    _q("communities_with_unmet_needs", "有未满足需求的社区及其数量（可按类别筛选）",
       "communities with unmet needs (of a category), and how many",
       _unmet_needs() + "WITH n, home ORDER BY n.id WITH home[0] AS cid, collect(n.id) AS needs "
       "MATCH (c:Community {id: cid}) RETURN c.id AS id, c.name AS name, size(needs) AS unmet, needs ORDER BY id",
       (Param("category", "enum", zh="需求类别（空 = 全部）", en="category (empty: all)", enum=ResourceCategory),
        _COMMUNITY_PARAM),
       (_c("id", "社区编号", "community id"), _c("name", "社区", "community"), _c("unmet", "未满足需求", "unmet needs", "int"),
        _c("needs", "需求编号", "needs", "list")),
       source="graph.analysis.integration.needs_matching"),
    _q("units_sharing_no_resource", "没有向任何社区开放资源的单位（居委会除外）",
       "units (other than residents' committees) that share no resource with any community",
       "MATCH (u:Unit) WHERE coalesce(u.type, '') <> 'residents_committee' "
       "AND NOT EXISTS { MATCH (u)-[o:OFFERS]->(:Resource)-[s:SHARED_WITH]->(:Community) "
       f"WHERE {_valid('o')} AND {_valid('s')} }} "
       f"RETURN u.id AS id, u.name AS name, u.type AS type, COLLECT {{ MATCH (u)-[o:OFFERS]->(r:Resource) WHERE {_valid('o')} "
       "RETURN DISTINCT r.id AS rid ORDER BY rid } AS offered ORDER BY id",
       (), (_c("id", "单位编号", "unit id"), _c("name", "单位", "unit"), _UNIT_TYPE,
            _c("offered", "提供但未开放的资源", "resources offered, not shared", "list")),
       source="graph.analysis.integration.resource_sharing"),
    _q("resources_for_community", "向某社区开放的资源，按类别", "resources shared with a community, by category",
       f"MATCH (c:Community {{id: $community}})<-[s:SHARED_WITH]-(r:Resource) WHERE {_valid('s')} "
       f"AND EXISTS {{ MATCH (:Unit)-[o:OFFERS]->(r) WHERE {_valid('o')} }} "
       f"WITH DISTINCT r ORDER BY r.id WITH CASE WHEN r.category <> '' THEN r.category ELSE '{UNKNOWN}' END AS category, "
       "collect(r.id) AS ids RETURN category, size(ids) AS resources, ids ORDER BY category",
       (Param("community", zh="社区编号", en="community id", required=True),),
       (_CATEGORY, _c("resources", "资源数", "resources", "int"), _c("ids", "资源编号", "resource ids", "list")),
       source="graph.analysis.integration.resource_sharing"),
    _q("co_building_partners", "某社区党组织的共建单位", "co-building partners of a community's party organization",
       _COMMUNITY_ORGS + " WITH co_community, co_orgs WHERE co_community = $community "
       "UNWIND co_orgs AS oid MATCH (o:PartyOrg {id: oid})-[b:CO_BUILDS]->(p) WHERE " + _valid("b") + " "
       "WITH p, o, b ORDER BY o.id, b.kind "
       "WITH p, collect(DISTINCT o.id) AS orgs, collect(DISTINCT b.kind) AS kinds "
       "RETURN p.id AS id, p.name AS name, orgs, kinds ORDER BY id",
       (Param("community", zh="社区编号", en="community id", required=True),),
       (_c("id", "共建单位编号", "partner id"), _c("name", "共建单位", "partner"),
        _c("orgs", "社区党组织", "community party organization", "list"), _c("kinds", "共建形式", "kind of agreement", "list")),
       source="graph.analysis.coverage.community_scorecard"),
    _q("community_scorecard", "社区记分卡：社区党组织、居委会、共建单位、联席会议席位、报到党员、资源、需求",
       "community scorecard: party organization, residents' committee, co-building partners, seats, reported members, resources, needs",
       _COMMUNITY_ORGS + " WITH collect([co_community, co_orgs]) AS community_orgs "
       f"CALL () {{ MATCH (u:Unit)-[o:OFFERS]->(r) WHERE {_valid('o')} WITH {_place('u')} AS c, r WHERE c IS NOT NULL "
       "RETURN collect(DISTINCT [c, r.id]) AS offered_at } "
       f"CALL () {{ MATCH (u:Unit) WHERE u.type = 'residents_committee' WITH {_place('u')} AS c, u WHERE c IS NOT NULL "
       "RETURN collect([c, u.id]) AS committees } "
       "MATCH (c:Community) WHERE $community IS NULL OR c.id = $community "
       "WITH c, coalesce(head([x IN community_orgs WHERE x[0] = c.id | x[1]]), []) AS orgs, offered_at, committees "
       "WITH c, size(orgs) AS party_org, size([x IN committees WHERE x[0] = c.id]) AS residents_committee, "
       "size(COLLECT { UNWIND orgs AS oid MATCH (:PartyOrg {id: oid})-[b:CO_BUILDS]->(p) WHERE " + _valid("b")
       + " RETURN DISTINCT p.id AS pid }) AS co_building, "
       f"size(COLLECT {{ MATCH (x)-[s:SITS_ON]->(c) WHERE {_valid('s')} RETURN DISTINCT x.id AS xid }}) AS joint_meeting, "
       f"size(COLLECT {{ MATCH (m:Member)-[t:REPORTED_TO]->(c) WHERE {_valid('t')} AND {_joined('m')} "
       "RETURN DISTINCT m.id AS mid }) "
       "AS reported_members, "
       f"size(COLLECT {{ MATCH (r)-[s:SHARED_WITH]->(c) WHERE {_valid('s')} RETURN r.id AS rid "
       "UNION UNWIND [x IN offered_at WHERE x[0] = c.id | x[1]] AS rid RETURN rid }) AS resources, "
       f"size(COLLECT {{ MATCH (n)-[ri:RAISED_IN]->(c) WHERE {_valid('ri')} AND (n.raised_on IS NULL OR n.raised_on <= $as_of) "
       "RETURN DISTINCT n.id AS nid }) AS needs "
       f"RETURN c.id AS id, c.name AS name, {', '.join(SCORECARD_ITEMS)}, "
       f"[x IN [{_SCORE_COUNTS}] WHERE x[1] = 0 | x[0]] AS missing ORDER BY id",
       (_COMMUNITY_PARAM,),
       (_c("id", "社区编号", "community id"), _c("name", "社区", "community"),
        *(_c(item, zh, en, "int") for item, (zh, en) in _SCORE_ITEMS.items()),
        _c("missing", "缺项", "missing", "list", labels=_SCORE_ITEMS)),
       source="graph.analysis.coverage.community_scorecard"),
    _q("volunteer_hours_by_branch", "各党组织党员的期内志愿服务时长与参与率（前 top 名）",
       "volunteer hours and participation of each organization's members in the period (the top ones)",
       f"MATCH (m:Member)-[r:MEMBER_OF]->(o:PartyOrg) WHERE {_valid('r')} AND {_joined('m')} "
       f"AND ($community IS NULL OR {_first_end('m', 'RESIDES_IN')} = $community) "
       "WITH DISTINCT o, m "
       f"WITH o, m, COLLECT {{ MATCH (m)-[p:PARTICIPATED_IN]->(a:Activity) WHERE {_valid('p')} AND {_in_period('a')} "
       "RETURN coalesce(p.hours, a.hours, 0.0) AS h } AS hs "
       "WITH o, count(m) AS members, count(CASE WHEN size(hs) > 0 THEN 1 END) AS active, "
       "sum(reduce(t = 0.0, h IN hs | t + h)) AS hours "
       "RETURN o.id AS id, o.name AS name, members, active, null AS participation_rate, round(hours, 2) AS hours, "
       "null AS hours_per_member ORDER BY hours DESC, id LIMIT $top",
       (Param("top", "int", 10, "前几名", "how many", minimum=0), _PERIOD, _MEMBER_COMMUNITY),
       (_c("id", "党组织编号", "organization id"), _c("name", "党组织", "organization"), _c("members", "党员数", "members", "int"),
        _c("active", "参与党员", "active members", "int"), _c("participation_rate", "参与率", "participation", "ratio"),
        _c("hours", "志愿服务时长", "volunteer hours", "float"), _c("hours_per_member", "人均时长", "hours per member", "float")),
       source="graph.analysis.integration.member_engagement",
       ratios=(("participation_rate", "active", "members"),), per_member=(("hours_per_member", "hours", "members"),)),
    _q("co_building_isolates", "共建网络中的孤立者：期内没有共建协议、共同组织活动或资源往来的党组织和单位",
       "isolates of the co-building network: party organizations and units with no co-building tie, jointly organized "
       "activity or shared resource in the period",
       "CALL () { MATCH (z) WHERE $community IS NOT NULL AND (z:PartyOrg OR z:Unit) "
       f"AND {_place('z')} = $community RETURN collect(z.id) AS here }} "
       "MATCH (x) WHERE (x:PartyOrg OR x:Unit) AND (x.established IS NULL OR x.established <= $as_of) "
       "AND ($community IS NULL OR x.id IN here) "
       f"WITH x, here, {_place('x')} AS community "
       f"WHERE NOT EXISTS {{ MATCH (x)-[b:CO_BUILDS]-(y) WHERE {_valid('b')} AND y <> x AND {_actor_in('y')} }} "
       "AND NOT EXISTS { MATCH (x)-[g:ORGANIZED]->(a:Activity)<-[h:ORGANIZED]-(y) "
       f"WHERE {_valid('g')} AND {_valid('h')} AND {_in_period('a')} AND y <> x AND {_actor_in('y')} }} "
       "AND NOT EXISTS { MATCH (x:Unit)-[o:OFFERS]->(:Resource)<-[us:USES]-(a:Activity)<-[h:ORGANIZED]-(y) "
       f"WHERE {_valid('o')} AND {_valid('us')} AND {_valid('h')} AND {_in_period('a')} AND y <> x AND {_actor_in('y')} }} "
       "AND NOT EXISTS { MATCH (x)-[g:ORGANIZED]->(a:Activity)-[us:USES]->(:Resource)<-[o:OFFERS]-(y:Unit) "
       f"WHERE {_valid('o')} AND {_valid('us')} AND {_valid('g')} AND {_in_period('a')} AND y <> x AND {_actor_in('y')} }} "
       "RETURN x.id AS id, x.name AS name, CASE WHEN x:PartyOrg THEN 'party_org' ELSE coalesce(x.type, 'unknown') END "
       "AS actor_type, community ORDER BY id",
       (_COMMUNITY_PARAM, _PERIOD),
       (_c("id", "编号", "id"), _c("name", "名称", "name"),
        _c("actor_type", "类型", "type", labels={**{m.value: (m.zh, m.en) for m in UnitType},
                                               "party_org": ("党组织", "party organization"), UNKNOWN: ("未知", "unknown")}),
        _COMMUNITY),
       source="graph.analysis.co_building.co_building_network"),
    _q("co_building_path", "两个节点之间经由共建、联合组建、单独组建、结对指导与组织活动的最短联系",
       "the shortest tie between two nodes through co-building, coverage, own organizations, pairing and organized activities",
       "MATCH (a {id: $from}), (b {id: $to}) WHERE a <> b "
       "MATCH p = shortestPath((a)-[:CO_BUILDS|COVERS|ESTABLISHED_IN|PAIRED_WITH|ORGANIZED*..10]-(b)) "
       f"WHERE all(r IN relationships(p) WHERE {_valid('r')}) "
       "RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names, length(p) AS hops",
       (Param("from", zh="起点编号", en="id of one end", required=True),
        Param("to", zh="终点编号", en="id of the other end", required=True)),
       (_c("ids", "路径（编号）", "path (ids)", "list"), _c("names", "路径", "path", "list"), _c("hops", "步数", "hops", "int"))),
    _q("units_without_ties", "没有任何联系的单位：除所在社区与职工外，没有组织、覆盖、共建、指导、席位、活动或资源",
       "units with no tie besides their location and employees: no organization, coverage, co-building, pairing, seat, "
       "activity or resource",
       "MATCH (u:Unit) WHERE NOT EXISTS { MATCH (u)-[r]-() WHERE NOT type(r) IN ['LOCATED_IN', 'WORKS_AT'] AND "
       + _valid("r") + " } RETURN u.id AS id, u.name AS name, u.type AS type ORDER BY id",
       (), (_c("id", "单位编号", "unit id"), _c("name", "单位", "unit"), _UNIT_TYPE), renamed_from=("isolated_units",)),
    _q("instructors", "党建指导员及其指导对象", "party-building instructors and whom they are sent to",
       f"MATCH (m)-[r:PAIRED_WITH]->(t) WHERE r.role = 'instructor' AND {_valid('r')} "
       "RETURN DISTINCT m.id AS instructor, m.name AS instructor_name, t.id AS target, t.name AS target_name "
       "ORDER BY instructor, target",
       (), (_c("instructor", "指导员编号", "instructor id"), _c("instructor_name", "指导员", "instructor"),
            _c("target", "指导对象编号", "target id"), _c("target_name", "指导对象", "target"))),
)

NAMED: dict[str, NamedQuery] = {q.name: q for q in NAMED_QUERIES}
#: Former names of named queries → their names now.
RENAMED: dict[str, str] = {old: q.name for q in NAMED_QUERIES for old in q.renamed_from}
