"""Shared fixtures: a pseudonymization key, store homes, synthetic ID numbers made at run time."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from graph.store import GraphStore
from loaders.identity import check_digit

#: The browser tests' Chromium and screenshot folder (fixtures ``browser`` and ``shots``).
pytest_plugins = ["tests.chromium"]

KEY = bytes(range(32))


def make_id_number(rng: random.Random, born: dt.date | None = None, male: bool | None = None) -> str:
    """A synthetic 18-digit resident ID number with a valid check digit (never a real one:
    made at run time, never committed)."""
    born = born or dt.date(rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28))
    male = rng.random() < 0.5 if male is None else male
    seq = rng.randrange(0, 100) * 10 + (rng.choice([1, 3, 5, 7, 9]) if male else rng.choice([0, 2, 4, 6, 8]))
    body = f"{rng.choice(['110105', '310104', '440305', '510107'])}{born:%Y%m%d}{seq:03d}"
    return body + check_digit(body)


def with_bad_check_digit(number: str) -> str:
    """The same number with a wrong check digit."""
    good = number[-1]
    wrong = next(c for c in "0123456789X" if c != good)
    return number[:-1] + wrong


@pytest.fixture
def key() -> bytes:
    return KEY


@pytest.fixture
def id_numbers() -> Callable[..., str]:
    rng = random.Random(7)
    return lambda **kw: make_id_number(rng, **kw)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh GONGJIAN_HOME, and a key file outside it, for this test."""
    h = tmp_path / "home"
    monkeypatch.setenv("GONGJIAN_HOME", str(h))
    monkeypatch.setenv("GONGJIAN_KEY_FILE", str(tmp_path / "config" / "pseudonym.key"))
    monkeypatch.setenv("GONGJIAN_LANG", "zh")
    return h


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    """Write rows as CSV in ``encoding`` (rows are lists of cells; no quoting needed in tests)."""
    text = "\r\n".join(",".join("" if c is None else str(c) for c in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


BASE_TABLES: dict[str, list[list[object]]] = {
    "communities.csv": [
        ["社区编号", "社区名称", "所属街道", "相邻社区"],
        ["C01", "阳光社区", "东湖街道", "和平社区"],
        ["C02", "和平社区", "东湖街道", "阳光社区"],
    ],
    "units.csv": [
        ["单位编号", "单位名称", "单位类型", "职工人数", "所在社区"],
        ["U01", "阳光小学", "学校", "80", "阳光社区"],
        ["U02", "星光科技有限公司", "非公企业", "12", "C01"],
        ["U03", "和平物业公司", "物业公司", "30", "C02"],
    ],
    "party_orgs.csv": [
        ["编号", "党组织名称", "党组织类别", "所在社区", "上级党组织", "所在单位"],
        ["P01", "阳光社区党委", "党委", "C01", "", ""],
        ["P02", "阳光社区第一党支部", "党支部", "C01", "阳光社区党委", ""],
        ["P03", "阳光小学党支部", "党支部", "C01", "P01", "阳光小学"],
        ["P04", "和平社区党总支", "党总支", "C02", "", ""],
    ],
}


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    """A folder with communities, units and party organizations (no members)."""
    d = tmp_path / "base"
    d.mkdir()
    for name, rows in BASE_TABLES.items():
        write_csv(d / name, rows)
    return d


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def neo4j_connection():  # type: ignore[no-untyped-def]
    """A real Neo4j: the one ``NEO4J_URI`` names, or a private one started from the Maven
    cache under ``.neo4j/`` for this session and stopped after it."""
    import os

    from dashboard.neo4j_local import NEO4J_VERSION, Connection, LocalNeo4j

    if os.environ.get("NEO4J_URI"):
        yield Connection(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                         os.environ.get("NEO4J_PASSWORD", ""), os.environ.get("NEO4J_DATABASE", "neo4j"))
        return
    version = os.environ.get("GONGJIAN_NEO4J_VERSION") or NEO4J_VERSION  # another release, its own folder
    server = LocalNeo4j(REPO / (".neo4j" if version == NEO4J_VERSION else f".neo4j-{version}"))
    started = server.connection() is None
    connection = server.start()
    yield connection
    if started:
        server.stop()


def fresh_neo4j_store(connection):  # type: ignore[no-untyped-def]
    """A Neo4jStore on an emptied database."""
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(connection.uri, connection.user, connection.password, connection.database)
    store.clear(forget_version=True)
    return store


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The sample street loaded into an embedded store and projected (not cut at a date); the
    analysis tests share it and none changes it."""
    from dashboard.settings import SAMPLE_DIR
    from graph.embedded_store import EmbeddedStore
    from loaders.dataset_reader import read_dataset

    store = EmbeddedStore(tmp_path_factory.mktemp("sample-projection") / "home")
    store.load(read_dataset(SAMPLE_DIR, key=KEY), replace=True)
    return store.to_networkx()


def store_text(home: Path) -> str:
    """Every file under the store's home as bytes (Latin-1 keeps every digit), and the decoded
    values of the Parquet files (their pages may be compressed)."""
    parts = []
    for p in sorted(home.rglob("*")):
        if p.is_file():
            parts.append(p.read_bytes().decode("latin-1"))
            if p.suffix == ".parquet":
                parts.append(repr(pq.read_table(p).to_pylist()))
    return "\n".join(parts)


#: Every GraphStore, for suites that run on both (the contract, reloads).
STORES = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    from graph.embedded_store import EmbeddedStore

    if request.param == "neo4j":
        s: GraphStore = fresh_neo4j_store(request.getfixturevalue("neo4j_connection"))
    else:
        s = EmbeddedStore(tmp_path / "home")
    yield s
    s.close()
