"""The Neo4j store: the same graph in a Neo4j 5.x (or 2025.x/2026.x) server.

One driver per store, passed in or made from a URI, checked with
``verify_connectivity()``. Writes go as ``UNWIND $rows`` batches through managed
transaction functions (retried on transient errors); reads are routed as reads and
streamed record by record. All Cypher lives in :mod:`graph.cypher`.

Loading follows the same rules as the embedded store (:mod:`graph.merge`): the stored
relationships of each loaded type are read, merged with the new ones in Python, and only
the difference is written. Each relationship carries a key ``rid`` (source, target,
start). New and current ties are written before old ties are ended, and deletions come
last, so that a load killed at any point and run again ends in the graph a clean load
gives. From its first write until it completes a load's meta node says ``loading: true``;
``gongjian info`` reports an interrupted load, and running it again completes it. A load
that finds nothing to change writes nothing and keeps the data version: tables whose
digest equals the one the last completed load recorded are skipped, the others merged and
only differing nodes and ties written; ``--replace`` compares the store with the dataset
table by table before emptying anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import queue
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from neo4j import (
    READ_ACCESS,
    WRITE_ACCESS,
    Driver,
    GraphDatabase,
    ManagedTransaction,
    Query,
    Session,
    unit_of_work,
)
from neo4j import exceptions as neo4j_errors
from neo4j.time import Date as Neo4jDate

from graph import cypher
from graph.analysis.rules import Rules
from graph.dataset import Dataset, conform_nodes, conform_relationships
from graph.errors import QueryFailed, QueryParamInvalid, QueryRefused, StoreError, UnknownNode
from graph.merge import merge_nodes, merge_relationships, relationship_keys
from graph.model import NODE_PROPERTIES, REL_ENDPOINT_COLUMNS, REL_PROPERTIES, Label, RelType
from graph.query_library import bind, cypher_params, finish, lookup
from graph.reporting import report_date
from graph.store import (
    KEEP_RESULTS,
    Counts,
    LoadResult,
    NameIndex,
    Neighbour,
    NodeView,
    Progress,
    QueryResult,
    build_networkx,
    changes_dated,
    column_values,
    dates_after_load,
    layout_from_json,
    layout_json,
    rows,
    same_table,
)

BATCH_SIZE = 5000
#: Sessions writing at once into an empty database (chosen by benchmarks/bench_neo4j.py).
WRITERS = 2
_LABELS = {label.value for label in Label}


class Neo4jUnavailable(StoreError):
    """The server cannot be reached, refuses the credentials, or lacks the database."""


def _native(value: Any) -> Any:
    if isinstance(value, Neo4jDate):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value


def _operators(plan: dict[str, Any]) -> list[str]:
    """Every operator of an EXPLAIN plan, lower-cased (``LoadCSV@neo4j`` → ``loadcsv@neo4j``)."""
    ops = [str(plan.get("operatorType", "")).lower()]
    for child in plan.get("children", []):
        ops += _operators(child)
    return ops


def _our_label(labels: list[str]) -> str:
    return next((lab for lab in labels if lab in _LABELS), labels[0] if labels else "")


_AUTO_PARAMETER = re.compile(r"auto[a-z]*_[0-9]+")


def _plan_parameters(plan: dict[str, Any]) -> set[str]:
    """The ``$parameters`` an EXPLAIN plan's operators name (the planner's own ``$autostring_0``
    … for literals included)."""
    found: set[str] = set()
    for key, value in (plan.get("args") or {}).items():
        if isinstance(value, str) and key != "string-representation":
            found |= cypher.text_parameters(value)
    for child in plan.get("children", []):
        found |= _plan_parameters(child)
    return found


def _missing(names: tuple[str, ...], given: Mapping[str, Any]) -> QueryParamInvalid:
    listed, have = ", ".join(names), ", ".join(sorted(given)) or "—"
    return QueryParamInvalid(f"查询需要参数 {listed}（已给出：{have}）", f"the query needs the parameter(s) {listed} (given: {have})",
                             problem="missing", query="", param=names[0] if names else "", allowed=names)


def _check_parameters(planned: set[str], written: set[str], given: Mapping[str, Any]) -> None:
    """Refuse parameters given that the query does not name, and named ones not given."""
    named = sorted((planned - {p for p in planned if _AUTO_PARAMETER.fullmatch(p)}) | written)
    unknown = sorted(k for k in given if k not in planned | written)
    if unknown:
        listed = ", ".join(named) or "—"
        raise QueryParamInvalid(f"查询中没有参数 {', '.join(unknown)}；它的参数：{listed}",
                                f"the query has no parameter {', '.join(unknown)}; its parameters: {listed}",
                                problem="unknown", query="", param=unknown[0], value=given[unknown[0]], allowed=tuple(named))
    missing = tuple(p for p in named if p in planned and p not in given)
    if missing:
        raise _missing(missing, given)


def _refused_write(e: BaseException) -> bool:
    """Whether ``e`` (as :meth:`Neo4jStore._run` raised it) is Neo4j refusing a write: a
    read-only user, a read replica, a follower of a cluster."""
    cause = e.__cause__
    return isinstance(cause, neo4j_errors.Forbidden | neo4j_errors.NotALeader | neo4j_errors.ForbiddenOnReadOnlyDatabase)


def _wrap(e: Exception, uri: str, database: str) -> StoreError:
    """A driver exception as one message the user can act on."""
    if isinstance(e, neo4j_errors.AuthError):
        return Neo4jUnavailable(f"Neo4j 拒绝了用户名或密码（{uri}）：请检查 NEO4J_USER / NEO4J_PASSWORD",
                                f"Neo4j refused the user name or password at {uri}: check NEO4J_USER / NEO4J_PASSWORD")
    if isinstance(e, neo4j_errors.ServiceUnavailable | OSError):
        return Neo4jUnavailable(f"无法连接 Neo4j 服务器 {uri}：请确认服务器已启动（gongjian neo4j start）或检查 NEO4J_URI",
                                f"cannot reach the Neo4j server at {uri}: start it (gongjian neo4j start) or check NEO4J_URI")
    code = getattr(e, "code", "") or ""
    if "DatabaseNotFound" in code:
        return Neo4jUnavailable(f"Neo4j 服务器 {uri} 上没有数据库 “{database}”：请检查 NEO4J_DATABASE",
                                f"the Neo4j server at {uri} has no database '{database}': check NEO4J_DATABASE")
    message = getattr(e, "message", None) or str(e)
    return StoreError(f"Neo4j 出错：{message}", f"Neo4j error: {message}")


def _columns(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """A table as parallel lists of plain values; dates as ISO text, empty lists as null."""
    out: dict[str, list[Any]] = {}
    for name in frame.columns:
        values = column_values(frame[name])
        if values and any(isinstance(v, dt.date) for v in values):
            values = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
        out[name] = [None if v == [] else v for v in values]
    return out


def _frame_digest(frame: pd.DataFrame) -> str:
    """A digest of a table's columns and values (lists as text), to tell an unchanged table."""
    plain = frame.assign(**{c: frame[c].map(lambda v: "\x1e".join(v) if isinstance(v, list) else v)
                            for c in frame.columns if frame[c].dtype == object})
    hashed = pd.util.hash_pandas_object(plain, index=False).to_numpy()
    return hashlib.sha256("\x1f".join(frame.columns).encode() + hashed.tobytes()).hexdigest()[:32]


class _Writer:
    """Writes batches on background threads, one session each, while the loading thread
    reads and merges the next table.

    With one thread, batches run in the order they were queued (upserts rely on it: new ties
    before ended ones, deletes last). With more — only for a load into an empty database,
    where every batch is a ``CREATE`` — batches of the same phase run side by side and
    :meth:`barrier` waits for a phase to finish, so relationships start only once every node
    exists. Lock conflicts between sessions are transient errors, retried by the driver's
    managed transactions.
    """

    def __init__(self, store: Neo4jStore, threads: int = 1) -> None:
        self.store = store
        self.jobs: queue.Queue[tuple[str, Any, str] | None] = queue.Queue(maxsize=4 * threads)
        self.error: BaseException | None = None
        self.threads = [threading.Thread(target=self._run, name=f"neo4j-writer-{i}", daemon=True) for i in range(threads)]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        store = self.store
        with store.driver.session(database=store.database, default_access_mode=WRITE_ACCESS) as session:
            while (job := self.jobs.get()) is not None:
                query, batch, key = job
                try:
                    if self.error is None:
                        params = _columns(batch) if isinstance(batch, pd.DataFrame) else {key: batch}
                        store._write_batch(session, query, params)
                except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as e:
                    self.error = _wrap(e, store.uri, store.database)
                except BaseException as e:  # handed to the loading thread in barrier() / finish()
                    self.error = e
                finally:
                    self.jobs.task_done()
            self.jobs.task_done()

    def put(self, query: str, items: list[Any] | pd.DataFrame, key: str = "rows") -> None:
        """Queue ``items`` (rows under ``$key``, or a table sent as parallel columns) in batches
        of BATCH_SIZE; a table becomes Python values one batch at a time, on the writer."""
        if self.error is not None:
            raise self.error
        for i in range(0, len(items), BATCH_SIZE):
            batch = items.iloc[i : i + BATCH_SIZE] if isinstance(items, pd.DataFrame) else items[i : i + BATCH_SIZE]
            self.jobs.put((query, batch, key))

    def barrier(self) -> None:
        """Wait until every batch queued so far is written."""
        self.jobs.join()
        if self.error is not None:
            raise self.error

    def finish(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()
        if self.error is not None:
            raise self.error


def _day(value: Any) -> dt.date | None:
    """A Neo4j date (or ``None``) as a ``datetime.date``."""
    return value.to_native() if hasattr(value, "to_native") else value


class Neo4jStore:
    """A :class:`~graph.store.GraphStore` in a Neo4j database."""

    def __init__(self, driver: Driver, database: str = "neo4j", *, uri: str = "") -> None:
        self.driver = driver
        self.database = database
        self.uri = uri
        self._schema_ready = False
        try:
            driver.verify_connectivity()
            records = self._read(cypher.SERVER_VERSION)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as e:
            raise _wrap(e, uri, database) from e
        version = records[0]["version"] if records else "0"
        major = int(str(version).split(".")[0])
        if major < 5:
            raise Neo4jUnavailable(f"Neo4j {version} 太旧：需要 5.x 或更新版本", f"Neo4j {version} is too old: 5.x or newer is needed")
        self.server_version = str(version)

    @classmethod
    def connect(cls, uri: str, user: str, password: str, database: str = "neo4j") -> Neo4jStore:
        """A store on a new driver for ``uri``."""
        try:
            # Server notifications (deprecations, "null value eliminated") are not the user's business.
            driver = GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF")
        except (ValueError, neo4j_errors.ConfigurationError) as e:
            raise Neo4jUnavailable(f"NEO4J_URI 无效：{uri}", f"NEO4J_URI is not valid: {uri}") from e
        try:
            return cls(driver, database, uri=uri)
        except BaseException:
            driver.close()
            raise

    # -- plumbing ------------------------------------------------------------------------
    def _read(self, query: str, **params: Any) -> list[Any]:
        try:
            records, _, _ = self.driver.execute_query(query, params, database_=self.database, routing_="r")
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as e:
            raise _wrap(e, self.uri, self.database) from e
        return records

    def _stream(self, query: str, **params: Any) -> Iterator[Any]:
        """Records one by one from a read session: no single giant result in memory."""
        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS, fetch_size=5000) as session:
                yield from session.run(query, params)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as e:
            raise _wrap(e, self.uri, self.database) from e

    @staticmethod
    def _write_batch(session: Session, query: str, params: dict[str, Any]) -> None:
        """One batch in one managed write transaction (transient errors are retried)."""
        def work(tx: ManagedTransaction) -> None:
            tx.run(query, params).consume()

        session.execute_write(work)

    def _run(self, query: str, **params: Any) -> None:
        try:
            with self.driver.session(database=self.database) as session:
                session.run(Query(query), params).consume()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as e:
            raise _wrap(e, self.uri, self.database) from e

    def clear(self, *, forget_version: bool = False) -> None:
        """Delete every node and relationship (the schema stays). The store's meta node
        stays too, so that a ``--replace`` killed midway is still seen as interrupted, but
        forgets its table digests: the next load writes every table again."""
        self._run(cypher.FORGET_TABLES)
        for statement in cypher.DELETE_ALL:
            self._run(statement)
        if forget_version:
            self._run(cypher.DELETE_META)

    def ensure_schema(self) -> None:
        """Constraints on ``id`` per label and the indexes the queries use."""
        if self._schema_ready:
            return
        statements = [cypher.META_CONSTRAINT]
        statements += [cypher.node_constraint(label) for label in Label]
        statements += [cypher.name_index(label) for label in Label]
        statements += [cypher.rel_key_index(t) for t in RelType]
        for statement in statements:
            self._run(statement)
        self._schema_ready = True

    # -- reading -------------------------------------------------------------------------
    def data_version(self) -> str:
        """The version written by the last completed load; ``""`` before any."""
        records = self._read(cypher.READ_META)
        return (records[0]["version"] or "") if records else ""

    def _table_digests(self) -> dict[str, str]:
        records = self._read(cypher.READ_TABLE_DIGESTS)
        found = (records[0]["tables"] or []) if records else []
        return dict(item.split("=", 1) for item in found)

    def data_date(self) -> dt.date | None:
        """The last changing load's ``as_of`` (given with it), else the latest date in the data."""
        records = self._read(cypher.READ_META)
        if not records:
            return None
        if not records[0]["dated"]:  # a store written before data dates were kept: its load's date
            return _day(records[0]["effective"])
        return _day(records[0]["as_of"]) or _day(records[0]["latest"])

    def interrupted(self) -> bool:
        """Whether a load started and did not finish (run it again to complete it)."""
        records = self._read(cypher.READ_META)
        return bool(records and records[0]["loading"])

    def counts(self) -> Counts:
        """Nodes by label and relationships by type, from Neo4j's count store."""
        nodes = {label.value: n for label in Label if (n := self._read(cypher.count_nodes(label))[0]["n"])}
        rels = {t.value: n for t in RelType if (n := self._read(cypher.count_relationships(t))[0]["n"])}
        return Counts(nodes, rels)

    def nodes(self, label: Label) -> pd.DataFrame:
        """All nodes of ``label``, gathered column by column (no dict per node held)."""
        names = [p.name for p in NODE_PROPERTIES[label]]
        columns: dict[str, list[Any]] = {name: [] for name in names}
        for r in self._stream(cypher.read_nodes(label)):
            p = r["p"]
            for name in names:
                columns[name].append(_native(p.get(name)))
        return conform_nodes(label, pd.DataFrame(columns))

    def _relationship_frame(self, rel_type: RelType, records: Iterable[Any]) -> pd.DataFrame:
        """Relationships gathered column by column: a city's millions of ties as a few lists,
        not a dict each."""
        props = [p.name for p in REL_PROPERTIES[rel_type]]
        columns: dict[str, list[Any]] = {name: [] for name in (*REL_ENDPOINT_COLUMNS, *props)}
        labels: dict[tuple[str, ...], str] = {}
        for r in records:
            columns["src"].append(r["src"])
            columns["dst"].append(r["dst"])
            for end in ("src", "dst"):
                found = tuple(r[f"{end}_labels"])
                if found not in labels:
                    labels[found] = _our_label(list(found))
                columns[f"{end}_label"].append(labels[found])
            p = r["p"]
            for name in props:
                columns[name].append(_native(p.get(name)))
        return conform_relationships(rel_type, pd.DataFrame(columns))

    def relationships(self, rel_type: RelType) -> pd.DataFrame:
        """All relationships of ``rel_type``."""
        return self._relationship_frame(rel_type, self._stream(cypher.read_relationships(rel_type)))

    def name_index(self) -> NameIndex:
        """Labels by id, ids by (label, name), member roster codes: three properties of each
        node, streamed, not whole node tables."""
        index = NameIndex()
        for label in Label:
            ids, names, codes = [], [], []
            for record in self._stream(cypher.node_names(label)):
                ids.append(record[0])
                names.append(record[1])
                codes.append(record[2])
            index.add(label, ids, names, codes if label is Label.MEMBER else None)
        return index

    def node(self, node_id: str) -> NodeView:
        """The node ``node_id`` with every relationship touching it."""
        found = self._read(cypher.find_node(), id=node_id)
        if not found:
            raise UnknownNode(f"没有编号为 {node_id} 的节点", f"no node with id {node_id}")
        label = Label(_our_label(found[0]["labels"]))
        frame = conform_nodes(label, pd.DataFrame([{k: _native(v) for k, v in found[0]["p"].items()}]))
        neighbours = [
            Neighbour("out" if r["out"] else "in", r["type"], r["id"], _our_label(r["labels"]), r["name"],
                      {k: _native(v) for k, v in r["p"].items() if k != "rid" and v is not None})
            for r in self._read(cypher.neighbours(label), id=node_id)
        ]
        return NodeView(node_id, label.value, next(rows(frame)), neighbours)

    def to_networkx(
        self,
        as_of: dt.date | None = None,
        labels: Iterable[Label] | None = None,
        types: Iterable[RelType] | None = None,
    ) -> nx.MultiDiGraph:
        """The graph as of ``as_of``; validity is filtered in Cypher, records are streamed."""
        wanted_labels = list(labels) if labels is not None else list(Label)
        wanted_types = list(types) if types is not None else list(RelType)
        rels = {
            t: self._relationship_frame(t, self._stream(cypher.read_valid_relationships(t), as_of=as_of))
            for t in wanted_types
        }
        return build_networkx({label: self.nodes(label) for label in wanted_labels}, rels, as_of)

    # -- writing -------------------------------------------------------------------------
    def load(self, dataset: Dataset, *, replace: bool = False, progress: Progress | None = None) -> LoadResult:
        """Upsert ``dataset`` (or replace everything with it). A load that would change no
        stored value writes nothing and keeps the data version (``changed=False``)."""
        self.ensure_schema()
        meta = self._read(cypher.READ_META)
        kept_as_of, kept_latest = (_day(meta[0]["as_of"]), _day(meta[0]["latest"])) if meta else (None, None)
        new_latest = dataset.latest_date()  # one read of the date columns, for every use below
        effective = changes_dated(dataset, new_latest, kept_latest)
        previous = self.data_version()
        # A table exactly as the last completed load wrote it is left alone: reloading an
        # unchanged roster reads nothing back. (Digests are dropped when a load starts, so an
        # interrupted load is always merged in full next time.)
        interrupted = self.interrupted()
        known = {} if interrupted else self._table_digests()
        steps, done = len(dataset.nodes) + len(dataset.relationships), 0
        as_of, latest = dates_after_load(dataset, new_latest=new_latest, replace=replace, as_of=kept_as_of,
                                         latest=kept_latest)
        redated = as_of != kept_as_of  # a new --as-of on unchanged data is a new version too
        if replace and not interrupted and not redated and self._holds_exactly(dataset, known, effective):
            if progress:
                progress("write", steps, steps)
            return LoadResult(self.counts(), previous, False, 0, 0, 0, 0)
        stored = {} if replace else known
        digests: dict[str, str] = {}
        # The store is marked as loading just before its first write: a load that finds
        # nothing to change writes nothing at all. A store left interrupted changed since its
        # version was set, so completing it makes a new version even when nothing is left to write.
        marked = replace or interrupted

        def mark() -> None:
            nonlocal marked
            if not marked:
                self._run(cypher.MARK_LOADING, loading=True)
                marked = True

        if replace:
            self._run(cypher.MARK_LOADING, loading=True)
            self.clear()
            self._run(cypher.MARK_LOADING, loading=True)
        created_n = updated_n = created_r = closed_r = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if progress:
                progress("write", done, steps)

        # An empty database is written by several sessions at once (every batch a CREATE);
        # otherwise one, in order. Nodes are written first, so relationships find their ends.
        empty = self.counts().total_nodes == 0
        writer = _Writer(self, WRITERS if empty else 1)
        try:
            for label, incoming in self._tables_to_write(dataset.nodes, "node", stored, digests, tick):
                old = self.nodes(label)
                merged, c, _ = merge_nodes(old, incoming, label)
                if old.empty:
                    if len(merged):
                        mark()
                        writer.put(cypher.create_nodes(label), merged)
                    created_n += c
                else:
                    # Only nodes with a value that differs from the stored one are written and
                    # counted: the rest were matched and found equal.
                    changed = self._changed_nodes(old, merged)
                    if len(changed):
                        mark()
                        writer.put(cypher.merge_nodes(label), [{"id": r["id"], "props": r} for r in rows(changed)])
                    created_n, updated_n = created_n + c, updated_n + len(changed) - c
                    del changed
                del incoming, old, merged  # before the next table is read
            if empty:
                writer.barrier()
            for rel_type, incoming in self._tables_to_write(dataset.relationships, "rel", stored, digests, tick):
                c, closed = self._load_relationships(rel_type, incoming, effective, writer, mark)
                created_r, closed_r = created_r + c, closed_r + closed
                del incoming
        finally:
            writer.finish()
        tables = {**stored, **digests}  # tables this load did not touch are as they were
        if not marked and not redated:
            # Nothing differed from what is stored. Digests of tables that were merged only to
            # find no change are kept for the next load; the version stays.
            if previous and tables != known:
                self._run(cypher.SET_VERSION, version=previous, effective=effective, as_of=kept_as_of,
                          latest=kept_latest,
                          tables=[f"{k}={v}" for k, v in sorted(tables.items())])
            return LoadResult(self.counts(), previous, False, 0, 0, 0, 0)
        seq = int(previous.split("-")[0]) + 1 if previous else 1
        version = f"{seq:06d}-{uuid.uuid4().hex[:8]}"
        self._run(cypher.SET_VERSION, version=version, effective=effective, as_of=as_of, latest=latest,
                  tables=[f"{k}={v}" for k, v in sorted(tables.items())])
        return LoadResult(self.counts(), version, True, created_n, updated_n, created_r, closed_r)

    def _holds_exactly(self, dataset: Dataset, known: dict[str, str], effective: dt.date) -> bool:
        """Whether the store holds exactly what replacing it with ``dataset`` would write.

        The counts first; then each table is read back and compared with what it would be,
        those whose digest differs from the one the last completed load recorded first (they
        most likely differ, and one difference settles it). Equal digests alone prove nothing
        here: a table loaded in parts holds more than its last part.
        """
        counts = self.counts()
        have = {**{f"node:{k}": n for k, n in counts.nodes.items()},
                **{f"rel:{k}": n for k, n in counts.relationships.items()}}
        tables: list[tuple[str, Label | RelType]] = [(f"node:{k.value}", k) for k in dataset.nodes]
        tables += [(f"rel:{k.value}", k) for k in dataset.relationships]
        if not set(have) <= {name for name, _ in tables}:
            return False  # the store holds a table the dataset lacks
        unlike = {name for name, key in tables if known.get(name) != _frame_digest(self._incoming(dataset, key))}
        for name, key in sorted(tables, key=lambda t: t[0] not in unlike):
            incoming = self._incoming(dataset, key)
            if isinstance(key, Label):
                merged, _, _ = merge_nodes(None, incoming, key)
            else:
                merged, _, _ = merge_relationships(None, incoming, key, effective)
            del incoming
            if len(merged) != have.get(name, 0):
                return False
            if not len(merged):
                continue
            if isinstance(key, Label):
                old = self.nodes(key).sort_values("id", ignore_index=True)
            else:
                old = self.relationships(key)
                old = old.iloc[np.array(relationship_keys(old), dtype=object).argsort(kind="stable")].reset_index(drop=True)
            if not same_table(old, merged):
                return False
            del old, merged
        return True

    @staticmethod
    def _incoming(dataset: Dataset, key: Label | RelType) -> pd.DataFrame:
        return dataset.nodes[key] if isinstance(key, Label) else dataset.relationships[key]

    @staticmethod
    def _tables_to_write(tables: Mapping[Any, pd.DataFrame], kind: str, stored: dict[str, str],
                         digests: dict[str, str], tick: Callable[[], None]) -> Iterator[tuple[Any, pd.DataFrame]]:
        """The tables that differ from what the last completed load wrote, one at a time, each
        let go before the next is read (a spooled dataset reads a table on access); every
        table's digest goes into ``digests``."""
        for key in list(tables):
            frame = tables[key]
            name = f"{kind}:{key.value}"
            digests[name] = _frame_digest(frame)
            if stored.get(name) != digests[name]:
                yield key, frame
            del frame
            tick()

    @staticmethod
    def _changed_nodes(old: pd.DataFrame, merged: pd.DataFrame) -> pd.DataFrame:
        if old.empty:
            return merged
        before = {r["id"]: r for r in rows(old)}
        keep = [before.get(r["id"]) != r for r in rows(merged)]
        return merged[keep]

    def _load_relationships(
        self, rel_type: RelType, incoming: pd.DataFrame, effective: dt.date, writer: _Writer,
        mark: Callable[[], None],
    ) -> tuple[int, int]:
        """Merge and write one type's ties, only those that differ; ``mark`` is called before
        the first write. Returns the ties created and closed."""
        old = self.relationships(rel_type)
        merged, created, closed = merge_relationships(old, incoming, rel_type, effective)
        if old.empty:
            # Nothing of this type yet: create, sending columns rather than one dict per row.
            if len(merged):
                mark()
            merged = merged.assign(rid=relationship_keys(merged))
            for (src_label, dst_label), part in merged.groupby(["src_label", "dst_label"], sort=True):
                writer.put(cypher.create_relationships(rel_type, Label(src_label), Label(dst_label)),
                           part.drop(columns=["src_label", "dst_label"]))
            return created, closed
        old_keys, new_keys = relationship_keys(old), relationship_keys(merged)
        stored = dict(zip(old_keys, rows(old), strict=True))
        fresh, changed = [], []
        for key, row in zip(new_keys, rows(merged), strict=True):
            before = stored.get(key)
            if before == row:
                continue
            src, src_label, dst, dst_label = row.pop("src"), row.pop("src_label"), row.pop("dst"), row.pop("dst_label")
            item = {"rid": key, "src": src, "dst": dst, "labels": (src_label, dst_label), "props": {**row, "rid": key}}
            # New and current ties first, ended ones after: a load killed in between and run
            # again still sees the old tie as the one to end.
            (fresh if before is None or row.get("end") is None else changed).append(item)
        gone = sorted(set(old_keys) - set(new_keys))
        if fresh or changed or gone:
            mark()
        for batch in (fresh, changed):
            by_labels: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for item in batch:
                by_labels.setdefault(item.pop("labels"), []).append(item)
            for (src_label, dst_label), items in by_labels.items():
                query = (cypher.create_relationships if old.empty else cypher.upsert_relationships)(
                    rel_type, Label(src_label), Label(dst_label))
                writer.put(query, items)
        writer.put(cypher.delete_relationships(rel_type), gone, key="rids")
        return created, closed

    # -- analyst queries -------------------------------------------------------------------
    def query(self, text: str, params: dict[str, Any] | None = None, *, timeout_s: float = 30.0,
              limit: int = 10_000) -> QueryResult:
        """Run an analyst's Cypher read-only: refused unless the planner calls it a read, never
        LOAD CSV, inside a READ transaction the database enforces, with a timeout and a row limit.

        The parameters given must be those the query names, as far as Neo4j tells: the plan's
        ``$parameters`` (and any the text names outside strings and comments); a parameter
        given that it does not name, or one it names that is not given, is refused
        (:class:`~graph.errors.QueryParamInvalid`).
        """
        params = params or {}
        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                plan = session.run(f"EXPLAIN {text}", params).consume()
        except neo4j_errors.ClientError as e:
            raise QueryFailed(f"查询有误：{e.message}", f"the query is not valid: {e.message}") from e
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as e:
            raise _wrap(e, self.uri, self.database) from e
        operators = _operators(plan.plan or {})
        if any("loadcsv" in op for op in operators):
            raise QueryRefused("查询被拒绝：不允许 LOAD CSV（读取服务器上的文件或网址）",
                               "query refused: LOAD CSV (reading files or URLs from the server) is not allowed")
        if any(op.startswith(("show", "terminate")) for op in operators) or plan.query_type != "r":
            kind = {"w": ("写入数据", "writes data"), "rw": ("写入数据", "writes data")}.get(
                plan.query_type or "", ("修改结构或管理服务器", "changes the schema or administers the server"))
            raise QueryRefused(f"查询被拒绝：它{kind[0]}；分析查询只能读取", f"query refused: it {kind[1]}; analyst queries may only read")
        _check_parameters(_plan_parameters(plan.plan or {}), cypher.text_parameters(text), params)
        return self._read_query(text, params, timeout_s=timeout_s, limit=limit)

    def _read_query(self, text: str, params: dict[str, Any], *, timeout_s: float, limit: int) -> QueryResult:
        @unit_of_work(timeout=timeout_s)
        def work(tx: ManagedTransaction) -> tuple[list[str], list[dict[str, Any]], bool]:
            result = tx.run(text, params)
            out: list[dict[str, Any]] = []
            for record in result:
                if len(out) == limit:
                    return list(result.keys()), out, True
                out.append({k: _native(v) for k, v in record.items()})
            return list(result.keys()), out, False

        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                columns, rows_, truncated = session.execute_read(work)
        except neo4j_errors.ClientError as e:
            if "AccessMode" in (e.code or ""):
                raise QueryRefused("查询被拒绝：数据库在只读模式下拒绝了写入", "query refused: the database refused a write in read mode") from e
            if "Timeout" in (e.code or "") or "TimedOut" in (e.code or ""):
                raise QueryFailed(f"查询超过 {timeout_s:g} 秒，已中止", f"the query ran longer than {timeout_s:g} s and was stopped") from e
            if "ParameterMissing" in (e.code or ""):
                missing = tuple(sorted(m.strip() for m in (e.message or "").partition(":")[2].split(",") if m.strip()))
                raise _missing(missing, params) from e
            raise QueryFailed(f"查询出错：{e.message}", f"the query failed: {e.message}") from e
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as e:
            raise _wrap(e, self.uri, self.database) from e
        return QueryResult(columns, rows_, truncated)

    def run_named(self, name: str, params: dict[str, Any] | None = None, *, rules: Rules | None = None,
                  timeout_s: float = 30.0, limit: int = 10_000) -> QueryResult:
        """A query of the library (:data:`graph.cypher.NAMED_QUERIES`) by name: its parameters
        bound as on every store (:func:`graph.query_library.bind`), its Cypher run read-only."""
        named = lookup(name)
        values = bind(named, params, rules=rules, as_of=lambda: report_date(self))
        found = self._read_query(named.text, cypher_params(named, values, rules), timeout_s=timeout_s, limit=limit)
        return QueryResult([c.key for c in named.columns], finish(named, found.rows), found.truncated)

    def saved_layout(self, key: str) -> dict[str, tuple[float, float]] | None:
        """The layout kept in the meta node of (live data version, ``key``)."""
        version = self.data_version()
        if not version:
            return None
        records = self._read(cypher.READ_LAYOUT, key=f"layout:{version}:{key}")
        return layout_from_json(records[0]["positions"]) if records else None

    def save_layout(self, key: str, positions: dict[str, tuple[float, float]]) -> None:
        """Keep the layout in a meta node of the live version; drop other versions' layouts. An
        account that may not write (a read-only user, a read replica) keeps no layout: the map is
        drawn all the same, as on an embedded store that cannot be written."""
        version = self.data_version()
        if not version:
            return
        try:
            self._run(cypher.SAVE_LAYOUT, key=f"layout:{version}:{key}", positions=layout_json(positions),
                      version=version)
            self._run(cypher.DROP_OLD_LAYOUTS, version=version)
        except StoreError as e:
            if not _refused_write(e):
                raise

    def saved_result(self, key: str) -> bytes | None:
        """The result kept in the meta node of (live data version, ``key``)."""
        version = self.data_version()
        if not version:
            return None
        records = self._read(cypher.READ_RESULT, key=f"result:{version}:{key}")
        data = records[0]["result"] if records else None
        if data:
            try:  # the most recently used are kept longest (save_result)
                self._run(cypher.TOUCH_RESULT, key=f"result:{version}:{key}")
            except StoreError as e:
                if not _refused_write(e):
                    raise
        return bytes(data) if data else None

    def save_result(self, key: str, data: bytes, *, keep: int | None = None) -> None:
        """Keep the result in a meta node of the live version; drop other versions' results, and
        beyond ``keep`` (default :data:`graph.store.KEEP_RESULTS`) this version's least recently
        used (saved or read) but the one just saved.
        An account that may not write keeps none (as :meth:`save_layout`)."""
        version = self.data_version()
        if not version:
            return
        try:
            self._run(cypher.SAVE_RESULT, key=f"result:{version}:{key}", result=bytearray(data), version=version)
            self._run(cypher.DROP_OLD_RESULTS, version=version)
            self._run(cypher.DROP_EARLIEST_RESULTS, version=version, key=f"result:{version}:{key}",
                      keep=max((KEEP_RESULTS if keep is None else keep) - 1, 0))
        except StoreError as e:
            if not _refused_write(e):
                raise

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()
