"""Reloads: data identical to what is stored makes no new data version, on every store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest

from dashboard.settings import SAMPLE_DIR
from graph import cypher
from graph.dataset import Dataset
from graph.embedded_store import EmbeddedStore
from graph.model import Label, RelType
from graph.store import GraphStore, LoadResult, content_digest
from loaders.dataset_reader import read_dataset

from .conftest import KEY, fresh_neo4j_store
from .test_store_contract import _rel, small

EFFECTIVE = dt.date(2026, 11, 1)




def _sample() -> Dataset:
    """The sample street read from its files, as ``gongjian load`` reads it (spooled)."""
    return read_dataset(SAMPLE_DIR, key=KEY, effective=EFFECTIVE)


def _tallies(result: LoadResult) -> tuple[int, int, int, int]:
    return result.created_nodes, result.updated_nodes, result.created_relationships, result.closed_relationships


def _unchanged(result: LoadResult, store: GraphStore, version: str, digest: str) -> None:
    assert not result.changed
    assert result.data_version == store.data_version() == version
    assert _tallies(result) == (0, 0, 0, 0)
    assert result.counts == store.counts()
    assert content_digest(store) == digest


def _renamed(ds: Dataset, node_id: str = "C01", name: str = "新明门社区") -> Dataset:
    """``ds`` (in memory) with one community renamed."""
    frame = ds.nodes[Label.COMMUNITY].copy()
    assert (frame["id"] == node_id).sum() == 1 and (frame.loc[frame["id"] == node_id, "name"] != name).all()
    frame.loc[frame["id"] == node_id, "name"] = name
    ds.nodes[Label.COMMUNITY] = frame
    return ds


def test_reloading_the_sample_makes_no_new_version(store: GraphStore) -> None:
    first = store.load(_sample())
    assert first.changed and _tallies(first) == (2746, 0, first.counts.total_relationships, 0)
    digest, version, counts = content_digest(store), store.data_version(), store.counts()
    again = store.load(_sample())  # read from the files again, as a second `gongjian load` does
    _unchanged(again, store, version, digest)
    assert again.counts == counts
    _unchanged(store.load(_sample(), replace=True), store, version, digest)


def test_one_changed_value_makes_one_updated_node_in_a_new_version(store: GraphStore) -> None:
    ds = _sample().in_memory()
    store.load(ds)
    original, version = content_digest(store), store.data_version()
    changed = store.load(_renamed(ds))
    assert changed.changed and changed.data_version == store.data_version() != version
    assert _tallies(changed) == (0, 1, 0, 0)
    assert store.node("C01").properties["name"] == "新明门社区"
    digest, version = content_digest(store), store.data_version()
    assert digest != original
    # The changed data again, and replacing with it: nothing more changes.
    _unchanged(store.load(ds), store, version, digest)
    _unchanged(store.load(ds, replace=True), store, version, digest)
    # Replacing with the original sample: one value differs, so a new version, the original content.
    back = store.load(_sample(), replace=True)
    assert back.changed and store.data_version() not in ("", version)
    assert content_digest(store) == original


def test_a_part_of_a_roster_equal_to_the_store_changes_nothing(store: GraphStore) -> None:
    ds = _sample().in_memory()
    store.load(ds)
    digest, version = content_digest(store), store.data_version()
    part = Dataset.empty(EFFECTIVE)
    part.nodes[Label.MEMBER] = ds.nodes[Label.MEMBER].iloc[:100].reset_index(drop=True)
    part.relationships[RelType.MEMBER_OF] = ds.relationships[RelType.MEMBER_OF].iloc[:100].reset_index(drop=True)
    _unchanged(store.load(part), store, version, digest)
    _unchanged(store.load(part), store, version, digest)  # Neo4j: now skipped by digest
    # A value the roster lacks (an empty cell) keeps the stored one: still nothing changes.
    blank = part.nodes[Label.MEMBER].copy()
    blank["skills"] = [[] for _ in range(len(blank))]
    blank["join_date"] = None
    part.nodes[Label.MEMBER] = blank
    _unchanged(store.load(part), store, version, digest)


def _communities(*rows: dict[str, object]) -> Dataset:
    ds = Dataset.empty(dt.date(2025, 1, 1))
    ds.add_nodes(Label.COMMUNITY, list(rows))
    return ds


def test_replacing_compares_the_content_not_the_last_load(store: GraphStore) -> None:
    """A table loaded in parts holds more than its last part: replacing the store with that
    part is a change, and replacing it with everything it holds is not."""
    c1, c2, c3 = ({"id": "C1", "name": "阳光社区"}, {"id": "C2", "name": "和平社区"},
                  {"id": "C3", "name": "星河社区", "street": "东湖街道"})
    store.load(_communities(c1, c2))
    store.load(_communities({**c2, "street": "东湖街道"}, c3))
    digest, version = content_digest(store), store.data_version()
    whole = _communities(c1, {**c2, "street": "东湖街道"}, c3)
    _unchanged(store.load(whole, replace=True), store, version, digest)
    _unchanged(store.load(whole), store, version, digest)
    last_part = store.load(_communities({**c2, "street": "东湖街道"}, c3), replace=True)
    assert last_part.changed and last_part.data_version != version and store.counts().nodes == {"Community": 2}
    # Replacing with less than is stored, or with nothing, changes the store too.
    assert store.load(_communities(c3), replace=True).changed and store.counts().nodes == {"Community": 1}
    empty = store.load(Dataset.empty(), replace=True)
    assert empty.changed and store.counts().nodes == {} and empty.data_version == store.data_version() != ""
    _unchanged(store.load(Dataset.empty(), replace=True), store, empty.data_version, content_digest(store))


def test_a_move_loaded_again_closes_nothing(store: GraphStore) -> None:
    store.load(small())
    move = Dataset.empty(dt.date(2026, 3, 1))
    move.add_relationships(RelType.MEMBER_OF, [_rel("M1", "Member", "P2", "PartyOrg")])
    moved = store.load(move)
    assert moved.changed and _tallies(moved) == (0, 0, 1, 1)
    digest, version = content_digest(store), store.data_version()
    later = Dataset.empty(dt.date(2026, 6, 1))  # the same roster, a later date: still the same ties
    later.add_relationships(RelType.MEMBER_OF, [_rel("M1", "Member", "P2", "PartyOrg")])
    result = store.load(later)
    assert _tallies(result) == (0, 0, 0, 0) and content_digest(store) == digest
    # ... but the data now describes a later day: a new version, and reports default to that day
    assert result.changed and result.data_version == store.data_version() != version
    assert store.data_date() == dt.date(2026, 6, 1)
    again = Dataset.empty(dt.date(2026, 6, 1))
    again.add_relationships(RelType.MEMBER_OF, [_rel("M1", "Member", "P2", "PartyOrg")])
    _unchanged(store.load(again), store, store.data_version(), digest)


def test_a_changed_tie_property_is_a_change(store: GraphStore) -> None:
    store.load(small())
    version = store.data_version()
    kind = Dataset.empty(dt.date(2025, 1, 1))
    kind.add_relationships(RelType.CO_BUILDS, [_rel("P1", "PartyOrg", "U1", "Unit", kind="结对共建",
                                                    start=dt.date(2020, 1, 1), end=dt.date(2023, 1, 1))])
    result = store.load(kind)
    assert result.changed and result.data_version != version and _tallies(result) == (0, 0, 0, 0)
    assert store.relationships(RelType.CO_BUILDS)["kind"].tolist() == ["结对共建"]


# -- the embedded store: nothing on disk moves ---------------------------------------------

def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_unchanged_embedded_load_writes_no_version_folder(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.load(small())
    before = _files(tmp_path)
    versions = sorted(p.name for p in (tmp_path / "embedded" / "versions").iterdir())
    assert len(versions) == 1
    for replace in (False, True):
        assert not store.load(small(), replace=replace).changed
        assert _files(tmp_path) == before
        assert sorted(p.name for p in (tmp_path / "embedded" / "versions").iterdir()) == versions


def test_an_embedded_load_links_the_tables_it_finds_unchanged(tmp_path: Path) -> None:
    import os

    store = EmbeddedStore(tmp_path)
    store.load(small())
    old = tmp_path / "embedded" / "versions" / store.data_version()
    update = small()
    update.nodes[Label.UNIT] = update.nodes[Label.UNIT].assign(employees=[81])
    result = store.load(update)
    assert result.changed and _tallies(result) == (0, 1, 0, 0)
    new = tmp_path / "embedded" / "versions" / store.data_version()
    assert os.stat(old / "nodes" / "Member.parquet").st_ino == os.stat(new / "nodes" / "Member.parquet").st_ino
    assert os.stat(old / "rels" / "MEMBER_OF.parquet").st_ino == os.stat(new / "rels" / "MEMBER_OF.parquet").st_ino
    assert os.stat(old / "nodes" / "Unit.parquet").st_ino != os.stat(new / "nodes" / "Unit.parquet").st_ino


# -- Neo4j: an unchanged load writes nothing ------------------------------------------------

@pytest.mark.neo4j
def test_an_unchanged_neo4j_load_writes_nothing(neo4j_connection) -> None:  # type: ignore[no-untyped-def]
    from graph.neo4j_store import Neo4jStore

    store = fresh_neo4j_store(neo4j_connection)
    try:
        ds = _sample().in_memory()
        store.load(ds)
        digest, version = content_digest(store), store.data_version()
        statements: list[str] = []
        real_run = store._run

        def run(query: str, **params: object) -> None:
            statements.append(query)
            real_run(query, **params)

        with mock.patch.object(store, "_run", side_effect=run), \
                mock.patch.object(Neo4jStore, "_write_batch", side_effect=AssertionError("a write")):
            _unchanged(store.load(ds), store, version, digest)
            _unchanged(store.load(ds, replace=True), store, version, digest)
            assert statements == []
            # A table whose rows come in another order is merged, found equal and not written; its
            # new digest is kept (the version stays) so that the next load skips it.
            ds.nodes[Label.MEMBER] = ds.nodes[Label.MEMBER].iloc[::-1].reset_index(drop=True)
            _unchanged(store.load(ds), store, version, digest)
            assert statements == [cypher.SET_VERSION] and not store.interrupted()
            read_back: list[object] = []
            with mock.patch.object(store, "nodes", side_effect=lambda label: read_back.append(label) or pd.DataFrame()):
                again = store.load(ds)
            assert read_back == []
            _unchanged(again, store, version, digest)
            assert statements == [cypher.SET_VERSION]
    finally:
        store.close()


@pytest.mark.neo4j
def test_completing_an_interrupted_neo4j_load_makes_a_new_version(neo4j_connection) -> None:  # type: ignore[no-untyped-def]
    store = fresh_neo4j_store(neo4j_connection)
    try:
        store.load(small())
        digest, version = content_digest(store), store.data_version()
        store._run(cypher.MARK_LOADING, loading=True)  # as a load killed after its writes leaves it
        assert store.interrupted()
        result = store.load(small())
        assert result.changed and result.data_version == store.data_version() not in ("", version)
        assert not store.interrupted() and content_digest(store) == digest
        _unchanged(store.load(small()), store, result.data_version, digest)
    finally:
        store.close()
