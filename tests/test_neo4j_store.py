"""Neo4j-specific promises: same data and same answers as the embedded store, clear errors."""

from __future__ import annotations

import datetime as dt
import socket
import time
from pathlib import Path
from unittest import mock

import networkx as nx
import pytest

from dashboard.neo4j_local import LocalNeo4j, Neo4jSetupError
from dashboard.settings import SAMPLE_DIR
from graph.embedded_store import EmbeddedStore
from graph.errors import StoreError
from graph.model import Label, RelType
from graph.neo4j_store import Neo4jStore, Neo4jUnavailable
from graph.store import content_digest
from loaders.dataset_reader import read_dataset

from .conftest import KEY, fresh_neo4j_store

pytestmark = pytest.mark.neo4j


def _edges(G: nx.MultiDiGraph) -> list[tuple[object, ...]]:
    return sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True))


def test_the_sample_in_both_stores_is_the_same_graph(neo4j_connection, tmp_path: Path) -> None:
    dataset = read_dataset(SAMPLE_DIR, key=KEY, effective=dt.date(2026, 11, 1))
    embedded = EmbeddedStore(tmp_path)
    embedded.load(dataset)
    neo = fresh_neo4j_store(neo4j_connection)
    try:
        neo.load(dataset)
        assert neo.counts() == embedded.counts()
        assert content_digest(neo) == content_digest(embedded)
        for as_of in (None, dt.date(2021, 1, 1)):
            a, b = embedded.to_networkx(as_of=as_of), neo.to_networkx(as_of=as_of)
            assert sorted(a.nodes(data=True), key=str) == sorted(b.nodes(data=True), key=str)
            assert _edges(a) == _edges(b)
        sub = [Label.MEMBER, Label.PARTY_ORG], [RelType.MEMBER_OF]
        assert _edges(embedded.to_networkx(None, *sub)) == _edges(neo.to_networkx(None, *sub))
        # The names references resolve against: the same from both, and what the node tables say.
        members = embedded.nodes(Label.MEMBER)
        aliases = {c: i for c, i in zip(members["roster_id"], members["id"], strict=True) if isinstance(c, str)}
        labels = {i: label.value for label in Label for i in embedded.nodes(label)["id"]}
        for index in (embedded.name_index(), neo.name_index()):
            assert index.labels == labels and len(labels) == 2746
            assert index.aliases == aliases  # none in the sample: the contract tests cover codes
            assert sorted(index.names[("PartyOrg", "瑞轩社区第一党支部")]) == ["P0011"]
            assert sum(map(len, index.names.values())) == len(labels)
        # Loading again changes nothing in either.
        neo.load(dataset)
        assert content_digest(neo) == content_digest(embedded)
        view_a, view_b = embedded.node("P0011"), neo.node("P0011")
        assert view_a.properties == view_b.properties
        assert sorted(map(repr, view_a.neighbours)) == sorted(map(repr, view_b.neighbours))
    finally:
        neo.close()


def test_unreachable_server() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(Neo4jUnavailable) as info:
        Neo4jStore.connect(f"bolt://127.0.0.1:{port}", "neo4j", "x")
    assert "cannot reach the Neo4j server" in info.value.message("en") and "无法连接" in info.value.message("zh")


def test_wrong_password_and_unknown_database(neo4j_connection) -> None:
    c = neo4j_connection
    with pytest.raises(Neo4jUnavailable) as info:
        Neo4jStore.connect(c.uri, c.user, c.password + "-wrong")
    assert "refused the user name or password" in info.value.message("en")
    with pytest.raises(Neo4jUnavailable) as info:
        Neo4jStore.connect(c.uri, c.user, c.password, "nosuchdatabase")
    assert "has no database 'nosuchdatabase'" in info.value.message("en")


def test_a_server_older_than_5_is_refused() -> None:
    # Our own code around the driver: a mock server that answers with version 4.4.
    driver = mock.MagicMock()
    driver.execute_query.return_value = ([{"name": "Neo4j Kernel", "version": "4.4.30", "edition": "community"}], None, None)
    with pytest.raises(Neo4jUnavailable) as info:
        Neo4jStore(driver, uri="bolt://old")
    assert info.value.message("en") == "Neo4j 4.4.30 is too old: 5.x or newer is needed"
    assert isinstance(info.value, StoreError)


def test_java_or_maven_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # neither java nor mvn on it
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(Neo4jSetupError) as info:
        LocalNeo4j(tmp_path / "neo4j").start()
    assert info.value.message("en") == "java not found: install Java 17 (Debian: apt-get install openjdk-17-jre-headless)"
    server = LocalNeo4j(tmp_path / "neo4j")
    with pytest.raises(Neo4jSetupError) as info:
        server.classpath()
    assert info.value.message("en") == "mvn not found: install Maven (Debian: apt-get install maven)"


def _fake_java(folder: Path, version: str) -> Path:
    java = folder / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f'#!/bin/sh\necho \'openjdk version "{version}" 2023-10-17\' >&2\n')
    java.chmod(0o755)
    return folder


def test_java_too_old_for_the_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GONGJIAN_NEO4J_VERSION", raising=False)
    monkeypatch.setenv("JAVA_HOME", str(_fake_java(tmp_path / "jdk11", "11.0.2")))
    with pytest.raises(Neo4jSetupError) as info:
        LocalNeo4j(tmp_path / "neo4j").java()
    assert info.value.message("en") == ("Neo4j 5.26.0 needs Java 17 or newer, found Java 11: "
                                        "set JAVA_HOME to a Java 17+ installation")
    monkeypatch.setenv("JAVA_HOME", str(_fake_java(tmp_path / "jdk17", "17.0.9")))
    assert LocalNeo4j(tmp_path / "neo4j").java() == str(tmp_path / "jdk17" / "bin" / "java")
    monkeypatch.setenv("GONGJIAN_NEO4J_VERSION", "2026.08.1")
    with pytest.raises(Neo4jSetupError) as info:
        LocalNeo4j(tmp_path / "neo4j").java()
    assert "Neo4j 2026.08.1 needs Java 21 or newer, found Java 17" in info.value.message("en")


@pytest.mark.neo4j
def test_a_lost_password_file_is_said_at_once(tmp_path: Path) -> None:
    server = LocalNeo4j(tmp_path / "neo4j", heap="512m", pagecache="64m")
    server.start()
    server.stop()
    (tmp_path / "neo4j" / "password").unlink()  # a new one is generated: the data keeps the old
    started = time.monotonic()
    with pytest.raises(Neo4jSetupError) as info:
        server.start()
    assert time.monotonic() - started < 90  # not the 180 s start timeout
    assert "refused the stored password" in info.value.message("en")
    assert server.connection() is None


@pytest.mark.neo4j
def test_an_unchanged_reload_reads_nothing_back_and_a_changed_table_is_merged(neo4j_connection) -> None:  # type: ignore[no-untyped-def]
    store = fresh_neo4j_store(neo4j_connection)
    try:
        ds = read_dataset(SAMPLE_DIR, key=KEY, effective=dt.date(2026, 11, 1)).in_memory()
        store.load(ds)
        digest = content_digest(store)
        read_back: list[object] = []
        real_nodes, real_rels = store.nodes, store.relationships
        with mock.patch.object(store, "nodes", side_effect=lambda label: read_back.append(label) or real_nodes(label)), \
                mock.patch.object(store, "relationships", side_effect=lambda t: read_back.append(t) or real_rels(t)):
            again = store.load(ds)
            assert read_back == []  # every table as the last load wrote it: nothing read back
            assert (again.created_nodes, again.updated_nodes, again.created_relationships) == (0, 0, 0)
            renamed = ds.nodes[Label.COMMUNITY].copy()
            renamed.loc[renamed["id"] == "C01", "name"] = "新明门社区"
            ds.nodes[Label.COMMUNITY] = renamed
            changed = store.load(ds)
            assert read_back == [Label.COMMUNITY] and changed.created_nodes == 0  # only that table merged
        assert store.node("C01").properties["name"] == "新明门社区"
        assert content_digest(store) != digest
        # Emptied, the store forgets the digests: the same data is written again in full.
        store.clear()
        assert store.load(ds).counts == store.counts() and store.counts().total_nodes == 2746
    finally:
        store.close()
