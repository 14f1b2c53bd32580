"""A validated batch of nodes and relationships, ready for a store.

Loaders build a :class:`Dataset`; stores take one in :meth:`GraphStore.load`. Each label
and relationship type holds one ``pandas.DataFrame`` whose columns follow
:data:`graph.model.NODE_PROPERTIES` / :data:`graph.model.REL_PROPERTIES`. A dataset is
either in memory or spooled: its tables kept as Parquet parts in a :class:`TableSpool`
and read one at a time, which is how the loader hands over a city's data.

Examples
--------
>>> ds = Dataset.empty()
>>> ds.add_nodes(Label.COMMUNITY, [{"id": "C1", "name": "阳光社区"}])
>>> ds.add_relationships(RelType.LOCATED_IN, [])
>>> ds.counts()
({'Community': 1}, {})
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from graph.model import NODE_PROPERTIES, REL_ENDPOINT_COLUMNS, REL_PROPERTIES, Label, Prop, RelType

_ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32(), "list": pa.list_(pa.string())}


def arrow_schema(props: Iterable[Prop], endpoints: bool = False) -> pa.Schema:
    """The Parquet/Arrow schema of a table with ``props`` (and relationship endpoints)."""
    fields = [pa.field(c, pa.string()) for c in REL_ENDPOINT_COLUMNS] if endpoints else []
    return pa.schema(fields + [pa.field(p.name, _ARROW[p.kind]) for p in props])


def read_arrow_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as a frame whose text stays in Arrow strings (not Python objects)."""
    return table.to_pandas(types_mapper=lambda t: pd.StringDtype("pyarrow") if t in (pa.string(), pa.large_string()) else None)


def node_columns(label: Label) -> list[str]:
    """Column names of a node table of ``label``."""
    return [p.name for p in NODE_PROPERTIES[label]]


def rel_columns(rel_type: RelType) -> list[str]:
    """Column names of a relationship table of ``rel_type``."""
    return [*REL_ENDPOINT_COLUMNS, *(p.name for p in REL_PROPERTIES[rel_type])]


def _as_list(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays, as Parquet hands lists back
        return [str(v) for v in value.tolist()]
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return []
    return [str(value)]


def _text(col: pd.Series) -> pd.api.extensions.ExtensionArray:
    """Text as Arrow-backed strings: a third of the memory of Python ``str`` objects, which
    is what lets a city-scale dataset fit in the loader's memory budget."""
    if isinstance(col.dtype, pd.StringDtype) and col.dtype.storage == "pyarrow" and col.dtype.na_value is pd.NA:
        return col.array
    return pd.array(col.astype(object).where(col.notna(), None), dtype="string[pyarrow]")


def _coerce(frame: pd.DataFrame, props: Iterable[Prop]) -> pd.DataFrame:
    """Give every property column its canonical dtype (missing values as ``None``/``NA``)."""
    for prop in props:
        col = frame[prop.name]
        if prop.kind == "int":
            frame[prop.name] = pd.array(col, dtype="Int64")
        elif prop.kind == "float":
            frame[prop.name] = pd.array(col, dtype="Float64")
        elif prop.kind == "date":
            frame[prop.name] = col.astype(object).where(col.notna(), None)
        elif prop.kind == "list":
            frame[prop.name] = col.astype(object).map(_as_list)
        else:
            frame[prop.name] = _text(col)
    return frame


def conform_nodes(label: Label, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the columns of ``label``, in order, with canonical dtypes."""
    cols = node_columns(label)
    out = frame.reindex(columns=cols).reset_index(drop=True)
    return _coerce(out, NODE_PROPERTIES[label])


def conform_relationships(rel_type: RelType, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the columns of ``rel_type``, in order, with canonical dtypes."""
    cols = rel_columns(rel_type)
    out = frame.reindex(columns=cols).reset_index(drop=True)
    for c in REL_ENDPOINT_COLUMNS:
        out[c] = _text(out[c])
    return _coerce(out, REL_PROPERTIES[rel_type])


K = TypeVar("K", Label, RelType)
_SPOOL_PREFIX = "gongjian-spool-"


def _remove_stale_spools(parent: Path) -> None:
    """Remove the spools of loaders that were killed (their process is gone)."""
    for folder in parent.glob(f"{_SPOOL_PREFIX}*-*"):
        try:
            pid = int(folder.name[len(_SPOOL_PREFIX):].split("-")[0])
            os.kill(pid, 0)
        except ValueError:
            continue  # not one of ours
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue  # alive, another user's


class TableSpool:
    """Tables kept on disk as Parquet parts while a large dataset is read, read back one at a time.

    Rows arrive a part at a time (a chunk of a roster) and are written at once, so a loader
    holds one chunk, or one whole table when a store reads it back, never the whole dataset.
    The parts live in a private temporary folder, removed by :meth:`close` or when the spool
    is garbage collected. What is spooled has already been pseudonymized like any dataset.

    >>> spool = TableSpool()
    >>> spool.append(Label.COMMUNITY, conform_nodes(Label.COMMUNITY, pd.DataFrame({"id": ["C1"], "name": ["阳光社区"]})))
    >>> spool.append(Label.COMMUNITY, conform_nodes(Label.COMMUNITY, pd.DataFrame({"id": ["C2"], "name": ["星河社区"]})))
    >>> spool.read(Label.COMMUNITY)["name"].tolist(), spool.rows[Label.COMMUNITY]
    (['阳光社区', '星河社区'], 2)
    >>> spool.close()
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix=f"{_SPOOL_PREFIX}{os.getpid()}-", dir=folder)
        self.root = Path(self._tmp.name)
        _remove_stale_spools(self.root.parent)
        self.parts: dict[Label | RelType, list[Path]] = {}
        self.rows: dict[Label | RelType, int] = {}

    def append(self, key: Label | RelType, frame: pd.DataFrame) -> None:
        """Add the rows of a conformed frame to table ``key``."""
        if not len(frame):
            return
        schema = arrow_schema(NODE_PROPERTIES[key]) if isinstance(key, Label) else arrow_schema(REL_PROPERTIES[key], endpoints=True)
        parts = self.parts.setdefault(key, [])
        path = self.root / f"{key.value}-{len(parts):05d}.parquet"
        pq.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False), path, compression="lz4")
        parts.append(path)
        self.rows[key] = self.rows.get(key, 0) + len(frame)

    def read(self, key: Label | RelType) -> pd.DataFrame:
        """Every row of table ``key``, conformed (one read of all its parts)."""
        table = pa.concat_tables([pq.read_table(p) for p in self.parts[key]])
        frame = read_arrow_frame(table)
        del table
        return conform_nodes(key, frame) if isinstance(key, Label) else conform_relationships(key, frame)

    def close(self) -> None:
        """Remove the spooled files."""
        self._tmp.cleanup()


class SpooledTables(Mapping[K, pd.DataFrame], Generic[K]):
    """A read-only mapping of table key → frame, each frame read from a :class:`TableSpool`
    when asked for and not kept: iterate ``items()`` and drop each frame before the next."""

    def __init__(self, spool: TableSpool, keys: Iterable[K]) -> None:
        self.spool = spool
        self._keys = [k for k in keys if spool.rows.get(k)]

    def __getitem__(self, key: K) -> pd.DataFrame:
        if key not in self._keys:
            raise KeyError(key)
        return self.spool.read(key)

    def __iter__(self) -> Iterator[K]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def row_counts(self) -> dict[str, int]:
        """Rows per table, without reading any."""
        return {str(k): self.spool.rows[k] for k in self._keys}


@dataclass
class Dataset:
    """Nodes by label and relationships by type, each a conformed ``DataFrame``.

    ``effective`` is the date the data describes (the roster's date); a load uses it to
    date changes the roster implies, such as a member moving branch.
    """

    nodes: Mapping[Label, pd.DataFrame] = field(default_factory=dict)
    relationships: Mapping[RelType, pd.DataFrame] = field(default_factory=dict)
    effective: dt.date | None = None
    spool: TableSpool | None = None

    @classmethod
    def empty(cls, effective: dt.date | None = None) -> Dataset:
        """A dataset with no tables."""
        return cls(effective=effective)

    @classmethod
    def spooled(cls, spool: TableSpool, effective: dt.date | None = None) -> Dataset:
        """A read-only dataset whose tables are read from ``spool`` one at a time, on access.

        Stores iterate ``nodes.items()`` and ``relationships.items()`` table by table, so a
        city's dataset is loaded without ever being in memory whole.
        """
        return cls(SpooledTables(spool, Label), SpooledTables(spool, RelType), effective, spool)

    def in_memory(self) -> Dataset:
        """The same data with every table in memory, to change or to keep (small data only)."""
        return Dataset(dict(self.nodes.items()), dict(self.relationships.items()), self.effective)

    def close(self) -> None:
        """Remove a spooled dataset's files (nothing for one in memory)."""
        if self.spool is not None:
            self.spool.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tables(self, which: str) -> dict[Any, pd.DataFrame]:
        tables = getattr(self, which)
        if not isinstance(tables, dict):
            raise TypeError("a spooled dataset is read-only / 此数据集只读")
        return tables

    def add_nodes(self, label: Label, rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> None:
        """Append node rows of ``label`` (dicts or a frame with property columns)."""
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows), columns=None)
        if frame.empty and not len(frame.columns):
            frame = pd.DataFrame(columns=node_columns(label))
        nodes = self._tables("nodes")
        frame = conform_nodes(label, frame)
        if label in nodes:
            frame = pd.concat([nodes[label], frame], ignore_index=True)
        nodes[label] = frame

    def add_relationships(
        self, rel_type: RelType, rows: Iterable[Mapping[str, Any]] | pd.DataFrame
    ) -> None:
        """Append relationship rows (``src``, ``src_label``, ``dst``, ``dst_label`` and properties)."""
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
        if frame.empty and not len(frame.columns):
            frame = pd.DataFrame(columns=rel_columns(rel_type))
        relationships = self._tables("relationships")
        frame = conform_relationships(rel_type, frame)
        if frame.empty:
            return
        if rel_type in relationships:
            frame = pd.concat([relationships[rel_type], frame], ignore_index=True)
        relationships[rel_type] = frame

    def latest_date(self) -> dt.date | None:
        """The latest date the data records: of every node's date properties (join dates, last
        contacts, activity dates, needs raised, organizations established) and every
        relationship's start; ``None`` when it holds none. Ends are left out: an end may be
        planned (a co-building agreement's 到期时间), not a day the data has seen. A spooled
        dataset reads the date columns of each part once.

        >>> ds = Dataset.empty()
        >>> ds.add_nodes(Label.ACTIVITY, [{"id": "A1", "date": dt.date(2026, 5, 1)}, {"id": "A2"}])
        >>> ds.latest_date()
        datetime.date(2026, 5, 1)
        >>> Dataset.empty().latest_date() is None
        True
        """
        latest: dt.date | None = None

        def consider(values: Iterable[Any]) -> None:
            nonlocal latest
            for v in values:
                if isinstance(v, dt.date) and (latest is None or v > latest):
                    latest = v

        def date_columns(key: Label | RelType) -> list[str]:
            if isinstance(key, Label):  # a generic node's end, like a tie's, may be planned
                return [p.name for p in NODE_PROPERTIES[key] if p.kind == "date" and p.name != "end"]
            return ["start"]

        if self.spool is not None:  # the date columns alone, straight from the parts
            for key, parts in self.spool.parts.items():
                for part in parts:
                    table = pq.read_table(part, columns=date_columns(key))
                    consider(pc.max(table[c]).as_py() for c in table.column_names)
            return latest
        for tables in (self.nodes, self.relationships):
            for key, frame in tables.items():
                for column in date_columns(key):
                    if column in frame.columns:
                        consider(frame[column].dropna().tolist())
        return latest

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Row counts by label and by relationship type (non-empty tables only)."""
        if isinstance(self.nodes, SpooledTables) and isinstance(self.relationships, SpooledTables):
            return self.nodes.row_counts(), self.relationships.row_counts()
        nodes = {str(k): len(v) for k, v in self.nodes.items() if len(v)}
        rels = {str(k): len(v) for k, v in self.relationships.items() if len(v)}
        return nodes, rels
