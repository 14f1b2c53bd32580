"""A validated batch of nodes and relationships, ready for a store.

Loaders build a :class:`Dataset`; stores take one in :meth:`GraphStore.load`. Each label
and relationship type holds one ``pandas.DataFrame`` whose columns follow
:data:`graph.model.NODE_PROPERTIES` / :data:`graph.model.REL_PROPERTIES`.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph.model import NODE_PROPERTIES, REL_ENDPOINT_COLUMNS, REL_PROPERTIES, Label, Prop, RelType


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


@dataclass
class Dataset:
    """Nodes by label and relationships by type, each a conformed ``DataFrame``.

    ``effective`` is the date the data describes (the roster's date); a load uses it to
    date changes the roster implies, such as a member moving branch.
    """

    nodes: dict[Label, pd.DataFrame] = field(default_factory=dict)
    relationships: dict[RelType, pd.DataFrame] = field(default_factory=dict)
    effective: dt.date | None = None

    @classmethod
    def empty(cls, effective: dt.date | None = None) -> Dataset:
        """A dataset with no tables."""
        return cls(effective=effective)

    def add_nodes(self, label: Label, rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> None:
        """Append node rows of ``label`` (dicts or a frame with property columns)."""
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows), columns=None)
        if frame.empty and not len(frame.columns):
            frame = pd.DataFrame(columns=node_columns(label))
        frame = conform_nodes(label, frame)
        if label in self.nodes:
            frame = pd.concat([self.nodes[label], frame], ignore_index=True)
        self.nodes[label] = frame

    def add_relationships(
        self, rel_type: RelType, rows: Iterable[Mapping[str, Any]] | pd.DataFrame
    ) -> None:
        """Append relationship rows (``src``, ``src_label``, ``dst``, ``dst_label`` and properties)."""
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
        if frame.empty and not len(frame.columns):
            frame = pd.DataFrame(columns=rel_columns(rel_type))
        frame = conform_relationships(rel_type, frame)
        if frame.empty:
            return
        if rel_type in self.relationships:
            frame = pd.concat([self.relationships[rel_type], frame], ignore_index=True)
        self.relationships[rel_type] = frame

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Row counts by label and by relationship type (non-empty tables only)."""
        nodes = {str(k): len(v) for k, v in self.nodes.items() if len(v)}
        rels = {str(k): len(v) for k, v in self.relationships.items() if len(v)}
        return nodes, rels
