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

from graph.model import Label, RelType

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


def create_nodes(label: Label) -> str:
    """Fast path for labels the database has none of yet."""
    return f"UNWIND $rows AS row CREATE (n:{_label(label)}) SET n = row.props"


def merge_nodes(label: Label) -> str:
    """Upsert: properties given replace the stored ones, the others stay."""
    return f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) SET n += row.props"


def create_relationships(rel_type: RelType, src: Label, dst: Label) -> str:
    """Fast path for relationship types the database has none of yet."""
    return (f"UNWIND $rows AS row MATCH (a:{_label(src)} {{id: row.src}}) MATCH (b:{_label(dst)} {{id: row.dst}}) "
            f"CREATE (a)-[r:{_type(rel_type)}]->(b) SET r = row.props")


def upsert_relationships(rel_type: RelType, src: Label, dst: Label) -> str:
    """Upsert by key: the relationship's properties become exactly the merged ones."""
    return (f"UNWIND $rows AS row MATCH (a:{_label(src)} {{id: row.src}}) MATCH (b:{_label(dst)} {{id: row.dst}}) "
            f"MERGE (a)-[r:{_type(rel_type)} {{rid: row.rid}}]->(b) SET r = row.props")


def delete_relationships(rel_type: RelType) -> str:
    """Delete relationships of a type by key."""
    return f"UNWIND $rids AS rid MATCH ()-[r:{_type(rel_type)} {{rid: rid}}]->() DELETE r"


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

DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"

READ_META = f"MATCH (m:{META_LABEL} {{key: 'store'}}) RETURN m.version AS version, m.loading AS loading"
MARK_LOADING = f"MERGE (m:{META_LABEL} {{key: 'store'}}) SET m.loading = $loading"
SET_VERSION = f"MERGE (m:{META_LABEL} {{key: 'store'}}) SET m.version = $version, m.loading = false, m.effective = $effective"

SERVER_VERSION = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"
