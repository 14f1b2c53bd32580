"""A Neo4j load killed midway — the loader, or the server itself — and run again ends in
exactly the graph a clean load gives."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dashboard.neo4j_local import Connection, LocalNeo4j
from dashboard.settings import SAMPLE_DIR
from graph.embedded_store import EmbeddedStore
from graph.errors import StoreError
from graph.neo4j_store import Neo4jStore
from graph.store import content_digest
from loaders.dataset_reader import read_dataset

from .conftest import KEY, REPO, fresh_neo4j_store

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

CHILD = textwrap.dedent("""
    import datetime as dt, sys
    sys.path.insert(0, {repo!r})
    import graph.neo4j_store as ns
    from dashboard.settings import SAMPLE_DIR
    from loaders.dataset_reader import read_dataset
    from tests.conftest import KEY
    ns.BATCH_SIZE = 300
    real = ns.Neo4jStore._write_batch
    def announcing(session, query, params):
        real(session, query, params)
        print("batch", flush=True)
    ns.Neo4jStore._write_batch = staticmethod(announcing)
    uri, user, password = sys.argv[1:4]
    store = ns.Neo4jStore.connect(uri, user, password)
    try:
        store.load(read_dataset(SAMPLE_DIR, key=KEY, effective=dt.date(2026, 11, 1)))
    except Exception as e:
        print("failed", type(e).__name__, flush=True)
        sys.exit(3)
    print("done", flush=True)
""")


def _clean_digest(tmp_path: Path) -> str:
    store = EmbeddedStore(tmp_path / "clean")
    store.load(read_dataset(SAMPLE_DIR, key=KEY, effective=dt.date(2026, 11, 1)))
    return content_digest(store)


def _start_loader(c: Connection) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD.format(repo=str(REPO)), c.uri, c.user, c.password],
                            stdout=subprocess.PIPE, text=True)


def _wait_batches(child: subprocess.Popen[str], n: int) -> None:
    assert child.stdout is not None
    seen = 0
    while seen < n:
        line = child.stdout.readline()
        assert line, "the loader ended before it was killed"
        seen += line.startswith("batch")


def _reload(c: Connection) -> Neo4jStore:
    store = Neo4jStore.connect(c.uri, c.user, c.password)
    assert store.interrupted()
    store.load(read_dataset(SAMPLE_DIR, key=KEY, effective=dt.date(2026, 11, 1)))
    assert not store.interrupted()
    return store


def test_loader_killed_midway_then_run_again(neo4j_connection: Connection, tmp_path: Path) -> None:
    fresh_neo4j_store(neo4j_connection).close()
    child = _start_loader(neo4j_connection)
    _wait_batches(child, 12)  # nodes written, relationships partly
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    store = _reload(neo4j_connection)
    try:
        assert content_digest(store) == _clean_digest(tmp_path)
    finally:
        store.close()


def test_server_killed_midway_then_run_again(tmp_path: Path) -> None:
    server = LocalNeo4j(tmp_path / "neo4j", heap="512m", pagecache="64m")
    connection = server.start()
    try:
        child = _start_loader(connection)
        _wait_batches(child, 15)
        pid = int((server.root / "server.pid").read_text())
        os.kill(pid, signal.SIGKILL)  # the database process dies without warning
        assert child.wait(120) == 3
        assert child.stdout is not None and "failed" in child.stdout.read()
        server.stop()
        connection = server.start()  # Neo4j recovers from its transaction log
        store = _reload(connection)
        try:
            assert content_digest(store) == _clean_digest(tmp_path)
        finally:
            store.close()
    finally:
        server.stop()


def test_the_store_error_of_a_dead_server_is_clear(tmp_path: Path) -> None:
    server = LocalNeo4j(tmp_path / "neo4j", heap="512m", pagecache="64m")
    connection = server.start()
    store = Neo4jStore.connect(connection.uri, connection.user, connection.password)
    server.stop()
    with pytest.raises(StoreError) as info:
        store.counts()
    store.close()
    assert "cannot reach the Neo4j server" in info.value.message("en")
