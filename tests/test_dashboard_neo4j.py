"""The dashboard on a real Neo4j (``GONGJIAN_STORE=neo4j``): the sample loaded there through the
command line shows the same figures as on the embedded store, the named queries give the same rows,
free read-only Cypher works for analysts with its limits shown and refuses a write, and no page
shows the connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashboard.cli import app
from dashboard.settings import SAMPLE_DIR
from graph.embedded_store import EmbeddedStore
from graph.reporting import report_for_store
from graph.texts import t
from tests.cli_env import AS_OF, loaded_sample

from .conftest import fresh_neo4j_store
from .test_dashboard import metric, run, shown, texts

pytestmark = pytest.mark.neo4j

PASSWORD = "共建-口令"


@pytest.fixture(scope="module")
def on_neo4j(tmp_path_factory: pytest.TempPathFactory, neo4j_connection) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """The sample loaded into an emptied Neo4j through ``gongjian load --store neo4j``, the
    dashboard's environment pointing at it; yields an embedded store home holding the same load."""
    fresh_neo4j_store(neo4j_connection).close()
    root = tmp_path_factory.mktemp("dashboard-neo4j")
    embedded = loaded_sample(root / "embedded")  # the same sample, date and key on the embedded store
    env = {**embedded, "NEO4J_URI": neo4j_connection.uri, "NEO4J_USER": neo4j_connection.user,
           "NEO4J_PASSWORD": neo4j_connection.password, "NEO4J_DATABASE": neo4j_connection.database}
    result = CliRunner().invoke(app, ["load", str(SAMPLE_DIR), "--as-of", AS_OF, "--store", "neo4j"], env=env)
    assert result.exit_code == 0, result.output
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        mp.setenv("GONGJIAN_STORE", "neo4j")
        mp.setenv("GONGJIAN_ANALYST_PASSWORD", PASSWORD)
        yield Path(embedded["GONGJIAN_HOME"])


def _run(page: str = "overview", **params: str) -> AppTest:
    return run(page, timeout=300, **params)  # a real server answers each query


def test_the_figures_on_neo4j_are_the_embedded_stores(on_neo4j: Path, neo4j_connection) -> None:  # type: ignore[no-untyped-def]
    whole = report_for_store(EmbeddedStore(on_neo4j))
    at = _run()
    for section, key, planted in [("should_have_org", "units", "3"), ("member_coverage", "unreported", "373"),
                                  ("member_coverage", "lost_contact", "5"), ("needs_matching", "unmet", "4"),
                                  ("org_coverage", "org_coverage_rate", None),
                                  ("integration_index", "mean_index", None)]:
        label, value = shown(whole, section, key)
        assert metric(at, label) == value, (section, key)
        assert planted is None or value == planted
    c06 = report_for_store(EmbeddedStore(on_neo4j), community="C06")
    at = _run(community="C06")
    label, value = shown(c06, "org_coverage", "org_coverage_rate")
    assert metric(at, label) == value
    page_text = " ".join(texts(at))
    for secret in (neo4j_connection.uri, neo4j_connection.password, "bolt://", "neo4j://"):
        assert secret not in page_text


def test_queries_and_free_cypher_on_neo4j(on_neo4j: Path) -> None:
    at = _run("queries")
    at.selectbox(key="query_name").set_value("unmet_needs").run()
    at.selectbox(key="q-unmet_needs-category").set_value("venue").run()
    at.button(key="run-query").click().run()
    rows = at.dataframe[0].value
    assert list(rows.iloc[:, 0]) == ["N00001", "N00002"] and set(rows["类别"]) == {"场地"}
    # free Cypher: locked until the analyst password, then its limits shown
    assert not any(a.key == "cypher-text" for a in at.text_area)
    at.text_input(key="cypher-password").input(PASSWORD).run()
    limits = t("dash_free_cypher_limits", "zh").format(timeout=30, cap=10_000)
    assert limits in [c.value for c in at.caption]
    units = EmbeddedStore(on_neo4j).counts().nodes["Unit"]
    at.text_area(key="cypher-text").input("MATCH (u:Unit) RETURN count(u) AS n").run()
    at.button(key="run-cypher").click().run()
    assert not at.exception and not at.error
    assert int(at.dataframe[-1].value["n"].iloc[0]) == units
    at.text_area(key="cypher-text").input("MATCH (u:Unit) SET u.name = 'x' RETURN u").run()
    at.button(key="run-cypher").click().run()
    assert not at.exception  # a message, not a traceback
    assert [e.value for e in at.error] == ["查询被拒绝：它写入数据；分析查询只能读取"]
