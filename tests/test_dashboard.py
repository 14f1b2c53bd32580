"""Dashboard pages, run headless with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashboard.cli import app

APP = str(Path(__file__).parents[1] / "dashboard" / "app.py")


def test_overview_on_an_empty_store(home: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "共建 · 社区党建网络分析"
    assert "gongjian demo" in at.info[0].value


def test_overview_shows_the_counts(home: Path, base_dir: Path) -> None:
    assert CliRunner().invoke(app, ["load", str(base_dir)]).exit_code == 0
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == [("节点总数", "9"), ("关系总数", "10")]
    by_label = at.dataframe[0].value
    assert by_label.values.tolist() == [["社区", 2], ["单位", 3], ["党组织", 4]]
    at.sidebar.radio[0].set_value("en").run()
    assert at.title[0].value == "Gongjian · community party-building networks"
    assert [m.label for m in at.metric] == ["Nodes", "Relationships"]
