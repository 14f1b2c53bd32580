"""Where the faces find things: the store home, the key, the sample data, the language.

Only faces read the environment; the library receives what it needs as arguments.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.embedded_store import EmbeddedStore
from graph.errors import GongjianError
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


def open_store(kind: str = "embedded", store_home: Path | None = None) -> GraphStore:
    """The store of ``kind`` under ``store_home``."""
    if kind == "embedded":
        return EmbeddedStore(store_home or home())
    raise GongjianError(
        "Neo4j 存储尚未在此版本中提供，请使用默认的内置存储（--store embedded）",
        "the Neo4j store is not available in this version yet; use the default embedded store (--store embedded)",
    )
