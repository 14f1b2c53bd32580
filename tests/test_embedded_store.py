"""What only the embedded store promises: atomic versions on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import graph.embedded_store as embedded
from graph.dataset import Dataset
from graph.embedded_store import EmbeddedStore
from graph.errors import StoreError, StoreLocked
from graph.store import content_digest

from .test_store_contract import small


def renamed() -> Dataset:
    """``small()`` with every name changed: a load that rewrites every node table (a load
    of what is stored writes nothing)."""
    ds = small()
    for label, frame in ds.nodes.items():
        ds.nodes[label] = frame.assign(name=frame["name"] + "·")
    return ds


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_load_that_fails_midway_leaves_the_previous_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore(tmp_path)
    store.load(small())
    before, digest, version = snapshot(tmp_path), content_digest(store), store.data_version()
    calls = {"n": 0}
    real = embedded._write_parquet

    def failing(*args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(embedded, "_write_parquet", failing)
    with pytest.raises(StoreError, match="disk full"):
        store.load(renamed(), replace=True)
    assert snapshot(tmp_path) == before
    assert (store.data_version(), content_digest(EmbeddedStore(tmp_path))) == (version, digest)


def test_a_killed_loader_leaves_the_previous_version_readable(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.load(small())
    digest, version = content_digest(store), store.data_version()
    # A child process loads and stops for good inside the write, before CURRENT moves.
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
        import graph.embedded_store as e
        from tests.test_embedded_store import renamed
        real = e._write_parquet
        n = {{"k": 0}}
        def slow(*a):
            n["k"] += 1
            real(*a)
            if n["k"] == 2:
                print("writing", flush=True)
                time.sleep(60)
        e._write_parquet = slow
        e.EmbeddedStore(sys.argv[1]).load(renamed(), replace=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    with pytest.raises(StoreLocked):
        EmbeddedStore(tmp_path).load(small())
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    survivor = EmbeddedStore(tmp_path)
    assert (survivor.data_version(), content_digest(survivor)) == (version, digest)
    leftovers = [p.name for p in (tmp_path / "embedded" / "versions").iterdir() if p.name.startswith(".tmp")]
    assert len(leftovers) == 1
    survivor.load(small())  # the next load cleans up
    assert not [p for p in (tmp_path / "embedded" / "versions").iterdir() if p.name.startswith(".tmp")]
    assert content_digest(survivor) == digest


def test_old_versions_are_collected(tmp_path: Path) -> None:
    from graph.model import Label

    store = EmbeddedStore(tmp_path)
    store.load(small())
    for n in range(3):
        update = Dataset.empty()
        update.add_nodes(Label.COMMUNITY, [{"id": "C1", "name": f"阳光社区{n}"}])
        store.load(update)  # each a change: a load of what is stored makes no version
        time.sleep(0.01)
    versions = sorted(p.name for p in (tmp_path / "embedded" / "versions").iterdir())
    assert len(versions) == 2 and versions[-1] == store.data_version()
    assert versions[-1].startswith("000004-")


def test_untouched_tables_are_hard_linked(tmp_path: Path) -> None:
    from graph.dataset import Dataset
    from graph.model import Label

    store = EmbeddedStore(tmp_path)
    store.load(small())
    old = tmp_path / "embedded" / "versions" / store.data_version() / "nodes" / "Unit.parquet"
    extra = Dataset.empty()
    extra.add_nodes(Label.COMMUNITY, [{"id": "C3", "name": "新社区"}])
    store.load(extra)
    new = tmp_path / "embedded" / "versions" / store.data_version() / "nodes" / "Unit.parquet"
    assert os.stat(old).st_ino == os.stat(new).st_ino
    assert store.counts().nodes["Community"] == 3
