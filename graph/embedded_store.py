"""The embedded store: the graph as Parquet files on local disk, no server.

Layout under ``home`` (``GONGJIAN_HOME``, default ``~/.gongjian``)::

    embedded/
      CURRENT                  name of the live version
      versions/<version>/      manifest.json, nodes/<Label>.parquet, rels/<TYPE>.parquet
      lock                     held by the one process loading

A load writes a complete new version into a temporary folder, flushes it to disk,
renames it into place and only then switches ``CURRENT`` with an atomic rename. An
interrupted or failed load therefore leaves the previous version readable and intact;
its leftovers are removed by the next load. Versions are immutable, so readers need no
lock. Tables a load does not touch, or finds equal to the live ones, are hard-linked, not
rewritten; when every table is equal no version is made and ``CURRENT`` stays.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from graph.analysis.rules import Rules
from graph.dataset import Dataset, arrow_schema, conform_nodes, conform_relationships, read_arrow_frame
from graph.errors import QueryFailed, StoreCorrupt, StoreError, StoreLocked, UnknownNode
from graph.merge import merge_nodes, merge_relationships
from graph.model import NODE_PROPERTIES, REL_PROPERTIES, Label, RelType
from graph.query_library import answer, bind, lookup
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
    changed_rows,
    changes_dated,
    column_values,
    dates_after_load,
    layout_from_json,
    layout_json,
    rows,
    same_table,
)

FORMAT = 1


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_parquet(frame: pd.DataFrame, schema: pa.Schema, path: Path) -> None:
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    pq.write_table(table, path, compression="zstd")
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _keep(old_dir: Path | None, target: Path) -> int | None:
    """Carry a table the load does not touch into the new version by hard link (same
    relative path); return its row count, or ``None`` when the old version lacks it."""
    if old_dir is None:
        return None
    old_file = old_dir / target.parent.name / target.name
    if not old_file.exists():
        return None
    os.link(old_file, target)
    return pq.ParquetFile(target).metadata.num_rows


def _updated(old: pd.DataFrame, merged: pd.DataFrame) -> int:
    """How many stored nodes ``old`` have other properties in ``merged`` (which holds every
    one of them, and maybe new ones)."""
    if old.empty:
        return 0
    at = pd.Index(merged["id"]).get_indexer(old["id"])
    return int(changed_rows(old, merged.iloc[at].reset_index(drop=True)).sum())


class EmbeddedStore:
    """A :class:`~graph.store.GraphStore` on Parquet files under ``home``."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.root = self.home / "embedded"
        self._cache_version: str | None = None
        self._nodes: dict[Label, pd.DataFrame] = {}
        self._rels: dict[RelType, pd.DataFrame] = {}

    # -- reading ---------------------------------------------------------------------
    def data_version(self) -> str:
        """The live version's name; ``""`` before the first load."""
        try:
            return (self.root / "CURRENT").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return ""
        except OSError as e:
            raise StoreError(f"无法读取存储 {self.root}：{e}", f"cannot read the store at {self.root}: {e}") from e

    def _version_dir(self, version: str) -> Path:
        return self.root / "versions" / version

    def data_date(self) -> dt.date | None:
        """The live version's ``as_of`` (given with the load), else the latest date in its data."""
        manifest = self.manifest()
        if "latest" not in manifest:  # a store written before data dates were kept: its load's date
            day = manifest.get("effective")
        else:
            day = manifest.get("as_of") or manifest.get("latest")
        return dt.date.fromisoformat(day) if day else None

    def manifest(self) -> dict[str, Any]:
        """The live version's manifest (counts, creation time, parent version)."""
        version = self.data_version()
        if not version:
            return {"version": "", "nodes": {}, "relationships": {}}
        path = self._version_dir(version) / "manifest.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise StoreCorrupt(f"存储版本 {version} 损坏：{e}", f"store version {version} is damaged: {e}") from e

    def _refresh(self) -> str:
        version = self.data_version()
        if version != self._cache_version:
            self._nodes, self._rels = {}, {}
            self._cache_version = version
        return version

    def _table(self, folder: str, name: str) -> pd.DataFrame:
        version = self._refresh()
        path = self._version_dir(version) / folder / f"{name}.parquet"
        return read_arrow_frame(pq.read_table(path)) if version and path.exists() else pd.DataFrame()

    def nodes(self, label: Label) -> pd.DataFrame:
        """All nodes of ``label``."""
        self._refresh()
        if label not in self._nodes:
            self._nodes[label] = conform_nodes(label, self._table("nodes", label.value))
        return self._nodes[label]

    def relationships(self, rel_type: RelType) -> pd.DataFrame:
        """All relationships of ``rel_type``."""
        self._refresh()
        if rel_type not in self._rels:
            self._rels[rel_type] = conform_relationships(rel_type, self._table("rels", rel_type.value))
        return self._rels[rel_type]

    def counts(self) -> Counts:
        """Counts from the live manifest (no table is read)."""
        m = self.manifest()
        return Counts(dict(m["nodes"]), dict(m["relationships"]))

    def name_index(self) -> NameIndex:
        """Labels by id, ids by (label, name), member roster codes; only those columns are read."""
        version = self._refresh()
        index = NameIndex()
        for label in Label:
            path = self._version_dir(version) / "nodes" / f"{label.value}.parquet" if version else None
            if path is None or not path.exists():
                continue
            member = label is Label.MEMBER
            table = pq.read_table(path, columns=["id", "name", "roster_id"] if member else ["id", "name"])
            ids = table.column("id").to_pylist()
            index.add(label, ids, table.column("name").to_pylist(), table.column("roster_id").to_pylist() if member else None)
        return index

    def node(self, node_id: str) -> NodeView:
        """The node ``node_id`` with every relationship touching it (valid or ended)."""
        found: tuple[Label, dict[str, Any]] | None = None
        for label in Label:
            frame = self.nodes(label)
            hit = frame[frame["id"] == node_id]
            if len(hit):
                found = (label, next(rows(hit)))
                break
        if found is None:
            raise UnknownNode(f"没有编号为 {node_id} 的节点", f"no node with id {node_id}")
        label, props = found
        names: dict[str, str | None] = {}
        neighbours: list[Neighbour] = []
        for rel_type in RelType:
            frame = self.relationships(rel_type)
            if frame.empty:
                continue
            for direction, mine, other in (("out", "src", "dst"), ("in", "dst", "src")):
                for r in rows(frame[frame[mine] == node_id]):
                    other_id, other_label = r.pop(other), r.pop(f"{other}_label")
                    for c in (mine, f"{mine}_label"):
                        r.pop(c)
                    if other_id not in names:
                        of = self.nodes(Label(other_label))
                        hit = of.loc[of["id"] == other_id, "name"]
                        names[other_id] = column_values(hit)[0] if len(hit) else None
                    neighbours.append(Neighbour(direction, rel_type.value, other_id, other_label, names[other_id], r))
        return NodeView(node_id, label.value, props, neighbours)

    def to_networkx(
        self,
        as_of: dt.date | None = None,
        labels: Iterable[Label] | None = None,
        types: Iterable[RelType] | None = None,
    ) -> nx.MultiDiGraph:
        """The graph, or the part with ``labels`` / ``types``, as of ``as_of``."""
        wanted_labels = list(labels) if labels is not None else list(Label)
        wanted_types = list(types) if types is not None else list(RelType)
        return build_networkx(
            {label: self.nodes(label) for label in wanted_labels},
            {t: self.relationships(t) for t in wanted_types},
            as_of,
        )

    # -- writing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "lock", "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreLocked(
                    f"另一个进程正在向 {self.root} 载入数据，请稍后再试",
                    f"another process is loading into {self.root}; try again when it has finished",
                ) from None
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _collect_garbage(self, keep: set[str]) -> None:
        versions = self.root / "versions"
        if not versions.exists():
            return
        for entry in versions.iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)

    def load(self, dataset: Dataset, *, replace: bool = False, progress: Progress | None = None) -> LoadResult:
        """Upsert ``dataset`` (or replace everything with it) as one new version; when the
        result equals the live version table for table, no version is written."""
        with self._locked():
            previous = self.data_version()
            self._collect_garbage({previous})
            self._refresh()
            live = self.manifest()
            stored_latest = dt.date.fromisoformat(live["latest"]) if live.get("latest") else None
            new_latest = dataset.latest_date()  # one read of the date columns, for both uses
            effective = changes_dated(dataset, new_latest, stored_latest)
            seq = int(previous.split("-")[0]) + 1 if previous else 1
            version = f"{seq:06d}-{uuid.uuid4().hex[:8]}"
            tmp = self.root / "versions" / f".tmp-{version}"
            (tmp / "nodes").mkdir(parents=True)
            (tmp / "rels").mkdir()
            try:
                result = self._write_version(dataset, tmp, previous, version, effective, new_latest, replace, progress)
                if not result.changed:
                    shutil.rmtree(tmp)
                    return result
                tmp.rename(self._version_dir(version))
                _fsync_dir(self.root / "versions")
                pointer = self.root / "CURRENT.tmp"
                pointer.write_text(version + "\n", encoding="ascii")
                with open(pointer, "rb+") as f:
                    os.fsync(f.fileno())
                os.replace(pointer, self.root / "CURRENT")
                _fsync_dir(self.root)
            except OSError as e:
                shutil.rmtree(tmp, ignore_errors=True)
                raise StoreError(f"无法写入存储 {self.root}：{e}（原有数据未改变）",
                                 f"cannot write the store at {self.root}: {e} (the previous data is unchanged)") from e
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            self._collect_garbage({version, previous})
            return result

    def _write_version(
        self, dataset: Dataset, tmp: Path, previous: str, version: str, effective: dt.date,
        new_latest: dt.date | None, replace: bool, progress: Progress | None,
    ) -> LoadResult:
        """Write the merged tables into ``tmp``: a table equal to the live one is hard-linked,
        not rewritten, and when every table is, the result says ``changed=False`` (and
        ``tmp`` is left without a manifest, to be removed)."""
        node_counts: dict[str, int] = {}
        rel_counts: dict[str, int] = {}
        created_n = updated_n = created_r = closed_r = 0
        changed = False
        steps = len(Label) + len(RelType)
        done = 0
        old_dir = self._version_dir(previous) if previous else None
        live = self.manifest()
        for label in Label:
            target = tmp / "nodes" / f"{label.value}.parquet"
            # Drop the last table before reading the next: a spooled dataset reads each on access.
            incoming = old = merged = None
            incoming = dataset.nodes.get(label)
            stored_n = live["nodes"].get(label.value, 0)
            if (incoming is None or incoming.empty) and not replace:
                if (kept := _keep(old_dir, target)) is not None:
                    node_counts[label.value] = kept
            else:
                incoming = incoming if incoming is not None else pd.DataFrame(columns=["id"])
                if replace:
                    merged, c, u = merge_nodes(None, incoming, label)
                    # The live table is read only when it may be the same.
                    same = len(merged) == stored_n and (
                        not stored_n or same_table(conform_nodes(label, self._table("nodes", label.value)), merged))
                else:
                    old = conform_nodes(label, self._table("nodes", label.value))  # not cached
                    merged, c, _ = merge_nodes(old, incoming, label)
                    u = _updated(old, merged)
                    same = c == 0 and u == 0
                created_n, updated_n = created_n + c, updated_n + u
                if same:
                    if (kept := _keep(old_dir, target)) is not None:
                        node_counts[label.value] = kept
                else:
                    changed = True
                    if len(merged):
                        _write_parquet(merged, arrow_schema(NODE_PROPERTIES[label]), target)
                        node_counts[label.value] = len(merged)
            done += 1
            if progress:
                progress("write", done, steps)
        for rel_type in RelType:
            target = tmp / "rels" / f"{rel_type.value}.parquet"
            incoming = old = merged = None
            incoming = dataset.relationships.get(rel_type)
            stored_n = live["relationships"].get(rel_type.value, 0)
            if (incoming is None or incoming.empty) and not replace:
                if (kept := _keep(old_dir, target)) is not None:
                    rel_counts[rel_type.value] = kept
            elif incoming is None or incoming.empty:
                changed = changed or stored_n > 0  # replaced by nothing
            else:
                if replace:
                    merged, c, closed = merge_relationships(None, incoming, rel_type, effective)
                    same = len(merged) == stored_n and same_table(
                        conform_relationships(rel_type, self._table("rels", rel_type.value)), merged)
                else:
                    old = conform_relationships(rel_type, self._table("rels", rel_type.value))
                    merged, c, closed = merge_relationships(old, incoming, rel_type, effective)
                    # Both are in key order (source, target, start): the same ties, the same rows.
                    same = same_table(old, merged)
                created_r, closed_r = created_r + c, closed_r + closed
                if same:
                    if (kept := _keep(old_dir, target)) is not None:
                        rel_counts[rel_type.value] = kept
                else:
                    changed = True
                    _write_parquet(merged, arrow_schema(REL_PROPERTIES[rel_type], endpoints=True), target)
                    rel_counts[rel_type.value] = len(merged)
            done += 1
            if progress:
                progress("write", done, steps)
        kept_as_of = dt.date.fromisoformat(live["as_of"]) if live.get("as_of") else None
        kept_latest = dt.date.fromisoformat(live["latest"]) if live.get("latest") else None
        as_of, latest = dates_after_load(dataset, new_latest=new_latest, replace=replace, as_of=kept_as_of,
                                         latest=kept_latest)
        if not changed and (as_of, latest) == (kept_as_of, kept_latest):
            return LoadResult(Counts(dict(live["nodes"]), dict(live["relationships"])), previous, False, 0, 0, 0, 0)
        # Data unchanged but newly dated (a new --as-of) is a new version too: reports change.
        manifest = {
            "format": FORMAT, "version": version, "parent": previous or None,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "effective": effective.isoformat(),
            "as_of": as_of.isoformat() if as_of else None,
            "latest": latest.isoformat() if latest else None,
            "nodes": node_counts, "relationships": rel_counts,
        }
        path = tmp / "manifest.json"
        path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        with open(path, "rb+") as f:
            os.fsync(f.fileno())
        for sub in ("nodes", "rels", ""):
            _fsync_dir(tmp / sub if sub else tmp)
        return LoadResult(Counts(node_counts, rel_counts), version, True, created_n, updated_n, created_r, closed_r)

    def query(self, text: str, params: dict[str, Any] | None = None, **options: Any) -> QueryResult:
        """Free Cypher needs Neo4j: the embedded store has no Cypher engine."""
        raise QueryFailed(
            "内置存储不能运行任意 Cypher：请使用查询库中的命名查询（gongjian query --list），或改用 Neo4j（gongjian neo4j start，载入时加 --store neo4j）",
            "the embedded store cannot run free Cypher: use a named query of the library (gongjian query --list), "
            "or Neo4j (gongjian neo4j start, then load with --store neo4j)",
        )

    def run_named(self, name: str, params: dict[str, Any] | None = None, *, rules: Rules | None = None,
                  limit: int = 10_000, **options: Any) -> QueryResult:
        """A named query answered by its analysis on the projection at its date
        (:mod:`graph.query_library`); the columns are the query's even when no row comes back."""
        named = lookup(name)
        values = bind(named, params, rules=rules, as_of=lambda: report_date(self))
        found = answer(self.to_networkx(as_of=values["as_of"]), name, values, rules)
        return QueryResult([c.key for c in named.columns], found[:limit], len(found) > limit)

    def _derived_path(self, folder: str, key: str, suffix: str) -> Path | None:
        """Where something computed from the live version under ``key`` is kept: in the
        version's own folder, so it goes with the version."""
        version = self.data_version()
        if not version:
            return None
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        return self._version_dir(version) / folder / f"{digest}{suffix}"

    def _layout_path(self, key: str) -> Path | None:
        return self._derived_path("layouts", key, ".json")

    @staticmethod
    def _write_whole(path: Path, data: bytes) -> None:
        """``data`` into ``path`` atomically; nothing when the store cannot be written."""
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            path.parent.mkdir(exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def saved_result(self, key: str) -> bytes | None:
        """The result stored under ``key`` in the live version's ``results/`` folder (the key is
        the file's first line, checked against ``key``)."""
        path = self._derived_path("results", key, ".bin")
        try:
            head, _, data = path.read_bytes().partition(b"\n") if path is not None else (b"", b"", b"")
        except OSError:
            return None
        if head != key.encode("utf-8") or not data:
            return None
        with contextlib.suppress(OSError):  # the most recently used are kept longest (save_result)
            os.utime(path)
        return data

    def save_result(self, key: str, data: bytes, *, keep: int | None = None) -> None:
        """Write the result into the live version's folder (atomically; it goes with the version).
        Beyond ``keep`` (default :data:`graph.store.KEEP_RESULTS`) results, the least recently
        used (saved or read) are deleted, never the one just saved."""
        path = self._derived_path("results", key, ".bin")
        if path is None or "\n" in key:
            return
        self._write_whole(path, key.encode("utf-8") + b"\n" + data)
        limit = KEEP_RESULTS if keep is None else keep
        with contextlib.suppress(OSError):
            saved = []
            for entry in os.scandir(path.parent):
                if entry.name.endswith(".bin") and not entry.name.startswith("."):
                    with contextlib.suppress(OSError):
                        saved.append((entry.stat().st_mtime_ns, entry.name))
            for _, name in sorted(saved)[:max(len(saved) - limit, 0)]:
                if name != path.name:
                    with contextlib.suppress(OSError):
                        (path.parent / name).unlink()

    def saved_layout(self, key: str) -> dict[str, tuple[float, float]] | None:
        """The layout stored under ``key`` in the live version's ``layouts/`` folder."""
        path = self._layout_path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return layout_from_json(json.dumps(data.get("positions")))

    def save_layout(self, key: str, positions: dict[str, tuple[float, float]]) -> None:
        """Write the layout into the live version's folder (atomically; it goes with the version
        when a later load's garbage collection removes that). A store that cannot be written
        keeps no layout: the map is drawn all the same."""
        path = self._layout_path(key)
        if path is None:
            return
        text = json.dumps({"key": key, "positions": json.loads(layout_json(positions))}, ensure_ascii=False)
        self._write_whole(path, text.encode("utf-8"))

    def close(self) -> None:
        """Drop cached tables (nothing else is held between calls)."""
        self._nodes, self._rels, self._cache_version = {}, {}, None
