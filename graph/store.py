"""The ``GraphStore`` contract that every store implements, and what all stores share.

A store holds one property graph (DESIGN.md §3). A load is one atomic step: it upserts
a :class:`~graph.dataset.Dataset` (or replaces everything with it) and either completes
or leaves the previous state readable and intact. Every successful load that changes
the stored data changes :meth:`GraphStore.data_version`, which faces use as a cache key;
a load of data identical to what is stored writes nothing, keeps the version and says so
(:attr:`LoadResult.changed`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graph.analysis.rules import Rules
from graph.dataset import Dataset
from graph.model import REL_ENDPOINT_COLUMNS, Label, RelType
from graph.name_index import NameIndex

#: ``progress(stage, done, total)`` callbacks let faces draw progress bars.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class QueryResult:
    """The rows an analyst query returned (at most the row limit), and whether more were cut."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False


@dataclass(frozen=True)
class Counts:
    """Nodes by label and relationships by type (labels/types with none are left out)."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    @property
    def total_nodes(self) -> int:
        """All nodes."""
        return sum(self.nodes.values())

    @property
    def total_relationships(self) -> int:
        """All relationships."""
        return sum(self.relationships.values())


@dataclass(frozen=True)
class LoadResult:
    """What a load did: counts of the store after it, its data version, and what changed.

    ``changed`` is false when the loaded data was identical to what was stored: then
    nothing was written, ``data_version`` is the version the store already had and the
    four tallies are 0. ``updated_nodes`` counts the stored nodes whose properties changed
    (a node loaded again with the same values is not counted); ``closed_relationships``
    the stored ties a newer roster ended (a member's move). With ``replace`` a load that
    changes anything writes all data afresh: every node and relationship of the dataset
    counts as created, none as updated.
    """

    counts: Counts
    data_version: str
    changed: bool
    created_nodes: int
    updated_nodes: int
    created_relationships: int
    closed_relationships: int


@dataclass(frozen=True)
class Neighbour:
    """One relationship of a node, seen from that node."""

    direction: str  # "out" or "in"
    type: str
    id: str
    label: str
    name: str | None
    properties: dict[str, Any]


@dataclass(frozen=True)
class NodeView:
    """A node with its properties and its neighbours."""

    id: str
    label: str
    properties: dict[str, Any]
    neighbours: list[Neighbour]


@runtime_checkable
class GraphStore(Protocol):
    """What every store offers. Implemented by ``EmbeddedStore`` and ``Neo4jStore``."""

    def load(self, dataset: Dataset, *, replace: bool = False, progress: Progress | None = None) -> LoadResult:
        """Upsert ``dataset`` (or replace all data with it) in one atomic step.

        When the result would equal what is stored — every node and relationship with the
        same properties, and with ``replace`` nothing else stored — nothing is written:
        :meth:`data_version` stays as it was and the result says ``changed=False``.

        A store takes one table of ``dataset`` at a time and lets it go before the next:
        a spooled dataset (:meth:`Dataset.spooled`) reads each table from disk on access.
        """
        ...

    def counts(self) -> Counts:
        """Nodes by label and relationships by type."""
        ...

    def data_version(self) -> str:
        """An opaque version that changes on every load that changes the data; ``""`` when empty."""
        ...

    def data_date(self) -> dt.date | None:
        """The date the stored data describes: the last changing load's ``as_of`` when it was
        given (``Dataset.effective``), else the latest date in the data; ``None`` when empty or
        undated. Reports default to it, never to the clock (DESIGN.md §2)."""
        ...

    def node(self, node_id: str) -> NodeView:
        """The node ``node_id`` with its neighbours; ``UnknownNode`` when absent."""
        ...

    def nodes(self, label: Label) -> pd.DataFrame:
        """All nodes of ``label`` with their property columns."""
        ...

    def relationships(self, rel_type: RelType) -> pd.DataFrame:
        """All relationships of ``rel_type`` (endpoints and properties)."""
        ...

    def name_index(self) -> NameIndex:
        """Ids, names and member roster codes, for resolving references in new data."""
        ...

    def to_networkx(
        self,
        as_of: dt.date | None = None,
        labels: Iterable[Label] | None = None,
        types: Iterable[RelType] | None = None,
    ) -> nx.MultiDiGraph:
        """The graph (or the part with ``labels`` and ``types``) with relationships valid ``as_of``."""
        ...

    def query(self, text: str, params: dict[str, Any] | None = None, *, timeout_s: float = 30.0,
              limit: int = 10_000) -> QueryResult:
        """An analyst's read-only Cypher query (Neo4j only; the embedded store refuses clearly)."""
        ...

    def run_named(self, name: str, params: dict[str, Any] | None = None, *, rules: Rules | None = None,
                  timeout_s: float = 30.0, limit: int = 10_000) -> QueryResult:
        """A query of the named library, with the same rows on every store: those of the analysis
        it names (its ``source``) under ``rules`` (default :class:`Rules`), on its ``as_of``.
        Parameters are checked by :func:`graph.query_library.bind` (``QueryParamInvalid``); an
        unknown name raises ``UnknownQuery``."""
        ...

    def saved_layout(self, key: str) -> dict[str, tuple[float, float]] | None:
        """The map layout stored under ``key`` for the live data version, ``None`` if none."""
        ...

    def save_layout(self, key: str, positions: dict[str, tuple[float, float]]) -> None:
        """Store a map layout under ``key`` beside the live data version (layouts of older
        versions are dropped)."""
        ...

    def saved_result(self, key: str) -> bytes | None:
        """The computed result (a report, a map model) stored under ``key`` for the live data
        version (the bytes :mod:`graph.reporting` wrote), ``None`` if none."""
        ...

    def save_result(self, key: str, data: bytes, *, keep: int | None = None) -> None:
        """Store a computed result under ``key`` beside the live data version, so that another
        process or a restart reads it instead of computing it again (results of older versions
        are dropped). At most ``keep`` (default :data:`KEEP_RESULTS`) are kept per version:
        beyond that, the least recently used (saved or read) go first, never the one just saved. A store that cannot be written keeps none."""
        ...

    def close(self) -> None:
        """Release files, locks and connections."""
        ...


#: How many computed results a store keeps per data version (a map model is one, a report two:
#: its figures and its rows): each date, place and rules a dashboard is asked for adds some, so an
#: open server would otherwise fill the disk. The least recently used go first; one dropped is
#: computed again when asked for.
KEEP_RESULTS = 256


def _plain(value: Any) -> Any:
    """A property value as a plain Python value (``None`` for missing, lists as lists)."""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, np.ndarray):
        return [str(v) for v in value.tolist()]
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def changes_dated(dataset: Dataset, new_latest: dt.date | None, stored_latest: dt.date | None) -> dt.date:
    """The day a load dates the changes a roster implies (a member's move ends the old tie and
    starts the new one): the load's ``as_of`` (``Dataset.effective``), else the data's own latest
    date (of the new data, else of what is stored), so that the default report date — the
    latest date in the data — sees the roster as loaded. Only data without any date falls back
    to the day of the load.

    ``new_latest`` is ``dataset.latest_date()``, read once by the store for this and for
    :func:`dates_after_load`.

    >>> changes_dated(Dataset.empty(dt.date(2026, 1, 1)), None, None), changes_dated(Dataset.empty(), None, dt.date(2025, 5, 1))
    (datetime.date(2026, 1, 1), datetime.date(2025, 5, 1))
    """
    return dataset.effective or new_latest or stored_latest or dt.date.today()


def dates_after_load(dataset: Dataset, *, new_latest: dt.date | None, replace: bool, as_of: dt.date | None,
                     latest: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """What a store keeps with the new version, for :meth:`GraphStore.data_date`: ``(as_of,
    latest)``. ``as_of`` is the load's own (``Dataset.effective``); an upsert without one keeps
    the stored ``as_of`` unless the new data records a later date. ``latest`` is the latest date
    of the new data (``new_latest``, its ``latest_date()``) and, for an upsert, of what was stored.

    >>> ds = Dataset.empty()
    >>> dates_after_load(ds, new_latest=None, replace=False, as_of=dt.date(2025, 12, 31), latest=dt.date(2025, 6, 1))
    (datetime.date(2025, 12, 31), datetime.date(2025, 6, 1))
    >>> dates_after_load(ds, new_latest=None, replace=True, as_of=dt.date(2025, 12, 31), latest=dt.date(2025, 6, 1))
    (None, None)
    """
    kept = None if replace else latest
    merged = kept if new_latest is None else new_latest if kept is None else max(new_latest, kept)
    if dataset.effective is not None:
        return dataset.effective, merged
    if not replace and as_of is not None and (new_latest is None or new_latest <= as_of):
        return as_of, merged
    return None, merged


def valid_mask(frame: pd.DataFrame, as_of: dt.date | None) -> pd.Series:
    """Which relationships are valid at ``as_of``: started on or before it, not yet ended.

    A missing start means valid since always; a missing end means still valid. With no
    ``as_of`` every relationship that has not ended counts.
    """
    if as_of is None:
        return frame["end"].isna()
    start_ok = frame["start"].map(lambda s: s is None or s <= as_of)
    end_ok = frame["end"].map(lambda e: e is None or e > as_of)
    return start_ok & end_ok


def column_values(column: pd.Series) -> list[Any]:
    """A column as plain Python values, missing ones as ``None``, converted column-wise."""
    if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) or column.dtype.kind in "iufb":
        mask = column.isna().to_numpy()
        values = column.astype(object).to_numpy().tolist()
        return [None if m else (v.item() if hasattr(v, "item") else v) for v, m in zip(values, mask, strict=True)]
    return [_plain(v) for v in column.tolist()]


def same_cells(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Whether each value of ``a`` equals the value of ``b`` at the same position; missing
    equals missing. Both columns are conformed (:mod:`graph.dataset`) and of one length.

    >>> same_cells(pd.Series(["a", None, "c"], dtype="string[pyarrow]"), pd.Series(["a", None, "x"], dtype="string[pyarrow]"))
    array([ True,  True, False])
    >>> same_cells(pd.Series([["书法"], []]), pd.Series([["书法"], ["摄影"]]))
    array([ True, False])
    """
    if isinstance(a.dtype, pd.api.extensions.ExtensionDtype) and a.dtype == b.dtype:
        # Column-wise in Arrow / pandas: a city's tables have millions of rows.
        a_na, b_na = a.isna().to_numpy(dtype=bool), b.isna().to_numpy(dtype=bool)
        equal = pd.array(a.array == b.array, dtype="boolean").to_numpy(dtype=bool, na_value=False)
        return (a_na & b_na) | equal
    if a.dtype == object and b.dtype == object:
        # Dates and lists, as Python objects; a missing date is None.
        values = zip(a.tolist(), b.tolist(), strict=True)
    else:  # columns of differing types: as plain values
        values = zip(column_values(a), column_values(b), strict=True)
    return np.fromiter((x is y or bool(x == y) for x, y in values), dtype=bool, count=len(a))


def changed_rows(before: pd.DataFrame, after: pd.DataFrame) -> np.ndarray:
    """Which rows of ``after`` differ from the row at the same position of ``before`` (two
    conformed tables of one label or type, with as many rows)."""
    changed = np.zeros(len(after), dtype=bool)
    for column in after.columns:
        changed |= ~same_cells(before[column], after[column])
    return changed


def same_table(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    """Whether two conformed tables hold the same rows in the same order."""
    return list(before.columns) == list(after.columns) and len(before) == len(after) and not changed_rows(before, after).any()


def rows(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Rows of ``frame`` as dicts of plain values, missing values (and empty lists) left out."""
    cols = list(frame.columns)
    columns = [column_values(frame[c]) for c in cols]
    for values in zip(*columns, strict=True):
        yield {c: v for c, v in zip(cols, values, strict=True) if v is not None and v != []}


def build_networkx(
    nodes: dict[Label, pd.DataFrame],
    rels: dict[RelType, pd.DataFrame],
    as_of: dt.date | None = None,
) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of the given tables: node key = id, attribute ``label``; edge key = type.

    Relationships whose ends are not among ``nodes`` are left out, so a projection on a
    subset of labels is a proper induced subgraph.

    Examples
    --------
    >>> from graph.dataset import Dataset
    >>> ds = Dataset.empty()
    >>> ds.add_nodes(Label.COMMUNITY, [{"id": "C1", "name": "阳光社区"}])
    >>> ds.add_nodes(Label.UNIT, [{"id": "U1", "name": "一中", "type": "school"}])
    >>> ds.add_relationships(RelType.LOCATED_IN, [{"src": "U1", "src_label": "Unit", "dst": "C1",
    ...     "dst_label": "Community", "end": dt.date(2020, 1, 1)}])
    >>> G = build_networkx(ds.nodes, ds.relationships, as_of=dt.date(2019, 6, 1))
    >>> sorted(G.nodes(data="label")), list(G.edges(keys=True))
    ([('C1', 'Community'), ('U1', 'Unit')], [('U1', 'C1', 'LOCATED_IN')])
    >>> build_networkx(ds.nodes, ds.relationships, as_of=dt.date(2021, 6, 1)).number_of_edges()
    0
    """
    return _build_networkx(nodes, rels, as_of)


def _build_networkx(
    nodes: dict[Label, pd.DataFrame], rels: dict[RelType, pd.DataFrame], as_of: dt.date | None
) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for label, frame in nodes.items():
        if frame.empty:
            continue
        cols = [c for c in frame.columns if c != "id"]
        values = [column_values(frame[c]) for c in cols]
        G.add_nodes_from(
            (node_id, {"label": label.value, **{c: v for c, v in zip(cols, props, strict=True) if v is not None and v != []}})
            for node_id, props in zip(frame["id"].tolist(), zip(*values, strict=True), strict=True)
        )
    known = pa.array(list(G), type=pa.string())
    # Ends as the graph's own key objects, not fresh copies of the same text: the adjacency
    # holds two per relationship, nearly a gigabyte of duplicate strings on a city.
    canonical = {node: node for node in G._node}
    for rel_type, frame in rels.items():
        if frame.empty:
            continue
        frame = frame[valid_mask(frame, as_of)]
        if not len(frame):
            continue
        ends_known = pc.and_(pc.is_in(pa.array(frame["src"], type=pa.string()), value_set=known),
                             pc.is_in(pa.array(frame["dst"], type=pa.string()), value_set=known))
        frame = frame[ends_known.to_numpy(zero_copy_only=False)]
        cols = [c for c in frame.columns if c not in REL_ENDPOINT_COLUMNS]
        values = [column_values(frame[c]) for c in cols]
        type_name = rel_type.value
        # Straight into networkx's adjacency (a MultiDiGraph keeps one key dict per ordered
        # pair, shared by its successor and predecessor maps — what add_edge does): the public
        # call costs three times as much, a minute on a city. Both ends exist: checked above.
        succ, pred = G._succ, G._pred
        for src, dst, props in zip(frame["src"].tolist(), frame["dst"].tolist(), zip(*values, strict=True), strict=True):
            src, dst = canonical[src], canonical[dst]
            keys = succ[src].get(dst)
            if keys is None:
                keys = succ[src][dst] = pred[dst][src] = {}
            key = type_name
            n = 1
            while key in keys:
                n += 1
                key = f"{type_name}#{n}"
            attrs = {"type": type_name}
            for c, v in zip(cols, props, strict=True):
                if v is not None and v != []:
                    attrs[c] = v
            keys[key] = attrs
    nx._clear_cache(G)
    # Every relationship kept is valid on this date: analyses at the same date need not check.
    G.graph["as_of"] = as_of
    return G


def layout_json(positions: dict[str, tuple[float, float]]) -> str:
    """Positions as the JSON both stores keep (ids sorted, 6 decimals)."""
    return json.dumps({n: [round(float(x), 6), round(float(y), 6)] for n, (x, y) in sorted(positions.items())},
                      ensure_ascii=False, separators=(",", ":"))


def layout_from_json(text: str | None) -> dict[str, tuple[float, float]] | None:
    """The positions :func:`layout_json` wrote; ``None`` for none or unreadable."""
    if not text:
        return None
    try:
        data = json.loads(text)
        return {str(n): (float(p[0]), float(p[1])) for n, p in data.items()}
    except (ValueError, TypeError, IndexError, AttributeError):
        return None


def content_digest(store: GraphStore) -> str:
    """A hash of every node and relationship with its properties, independent of order.

    Two stores holding the same graph give the same digest; used to prove that a failed
    or interrupted load changed nothing and that both stores hold the same data.
    """
    h = hashlib.sha256()
    tables = [(label.value, store.nodes(label)) for label in Label]
    tables += [(rel_type.value, store.relationships(rel_type)) for rel_type in RelType]
    for name, frame in tables:
        lines = sorted(json.dumps(r, sort_keys=True, default=str, ensure_ascii=False) for r in rows(frame))
        h.update(f"{name}:{len(lines)}\n".encode())
        for line in lines:
            h.update(line.encode() + b"\n")
    return h.hexdigest()
