"""Where the faces find things: the store home, the key, the sample data, the language.

Only faces read the environment; the library receives what it needs as arguments.
"""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.neo4j_local import Connection, LocalNeo4j
from graph.embedded_store import EmbeddedStore
from graph.errors import GongjianError
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample" / "csv"
STORE_KINDS = ("embedded", "neo4j")


def home() -> Path:
    """``$GONGJIAN_HOME``, default ``~/.gongjian``."""
    return Path(os.environ.get("GONGJIAN_HOME") or Path.home() / ".gongjian")


def default_lang() -> str:
    """``$GONGJIAN_LANG`` (``zh`` or ``en``), default ``zh``."""
    lang = os.environ.get("GONGJIAN_LANG", "zh")
    return lang if lang in ("zh", "en") else "zh"


def neo4j_connection(store_home: Path | None = None) -> Connection:
    """The Neo4j to use: ``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``,
    ``NEO4J_DATABASE``) when set — Docker, Desktop, Aura, a cluster — else the local server
    that ``gongjian neo4j start`` runs under the store home."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        return Connection(uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
                          os.environ.get("NEO4J_DATABASE", "neo4j"))
    running = LocalNeo4j(local_neo4j_root(store_home)).connection()
    if running is None:
        raise GongjianError(
            "没有可用的 Neo4j：请运行 gongjian neo4j start 启动本机服务器，或设置 NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD",
            "no Neo4j to use: run gongjian neo4j start for a local server, or set NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD",
        )
    return running


def local_neo4j_root(store_home: Path | None = None) -> Path:
    """Where ``gongjian neo4j start`` keeps its server."""
    return (store_home or home()) / "neo4j"


def open_store(kind: str = "embedded", store_home: Path | None = None) -> GraphStore:
    """The store of ``kind``: the embedded one under ``store_home``, or Neo4j."""
    if kind == "embedded":
        return EmbeddedStore(store_home or home())
    c = neo4j_connection(store_home)
    return Neo4jStore.connect(c.uri, c.user, c.password, c.database)
