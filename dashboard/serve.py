"""The dashboard's server process (``gongjian dashboard`` becomes it): Streamlit's own command
line, after the modules the pages use are imported (but components, which register with
Streamlit's runtime when imported: :data:`WITH_RUNTIME`) and Altair's schema is read.

A fresh server otherwise does that work on its first request: about 1.5 s of imports (pandas,
networkx, pyarrow, Altair, Matplotlib) and the Vega-Lite schema that checks the first chart,
which made the first page after a restart the slowest of all. Here it is done before the port
opens, so that the first reader gets the page as fast as the second.

    python -m dashboard.serve run dashboard/app.py --server.port 8501 ...
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import sys
from pathlib import Path

VIEWS = Path(__file__).with_name("views")
APP = Path(__file__).with_name("app.py")
#: Modules that can only be imported once Streamlit's runtime exists (a component registers its
#: files with it): the page that uses one imports it.
WITH_RUNTIME = ("streamlit_echarts",)


def page_modules() -> list[str]:
    """The modules the app and its pages import at their top level, in the order first seen,
    but those of :data:`WITH_RUNTIME`.

    >>> names = page_modules()
    >>> {"dashboard.state", "altair", "streamlit", "exports.map_static"} <= set(names)
    True
    >>> "streamlit_echarts" in names
    False
    """
    names: dict[str, None] = {}
    for path in [APP, *sorted(VIEWS.glob("*.py"))]:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names.update((alias.name, None) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module != "__future__":
                names[node.module] = None
                # ``from dashboard import state``: a module of a package, not a name in one
                names.update((f"{node.module}.{alias.name}", None) for alias in node.names
                             if _is_module(f"{node.module}.{alias.name}"))
    return [name for name in names if name.partition(".")[0] not in WITH_RUNTIME]


def _is_module(name: str) -> bool:
    """Whether ``name`` (``package.name``) is a module of a package, found without importing it."""
    package, _, child = name.rpartition(".")
    try:
        spec = importlib.util.find_spec(package)
    except Exception:  # not a package we can look into: a name, not a module
        return False
    places = spec.submodule_search_locations if spec is not None else None
    return bool(places) and any((Path(p) / f"{child}.py").exists() or (Path(p) / child).is_dir() for p in places)


def warm() -> None:
    """Import :func:`page_modules` and check one chart against Altair's schema (read once per
    process). A module that cannot be imported is left to the page that imports it, which
    shows its error as it would have anyway."""
    # Imported before the runtime exists, each st.cache_data would log that it found none
    # (what it checks then is only its parameters: the caches are made on first call).
    import streamlit.runtime.caching.cache_data_api as cache_data_api  # its logger's level is set on import

    quiet = logging.getLogger(cache_data_api.__name__)
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        for name in page_modules():
            try:
                importlib.import_module(name)
            except Exception:  # the page that imports it reports it
                continue
    finally:
        quiet.setLevel(level)
    try:
        import altair as alt
        import pandas as pd

        alt.Chart(pd.DataFrame({"x": ["甲"], "y": [1]})).mark_bar().encode(x="x:N", y="y:Q").to_dict()
    except Exception:  # a chart page shows its own error
        pass


def main(argv: list[str] | None = None) -> None:
    """Warm the process, then run Streamlit's command line with ``argv`` (default: this
    process's arguments)."""
    warm()
    from streamlit.web import cli

    cli.main(args=list(sys.argv[1:] if argv is None else argv), prog_name="streamlit")


if __name__ == "__main__":
    main()
