"""``gongjian demo``: the sample in a store of its own, HOME/demo; the user's store is never touched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from dashboard.settings import SAMPLE_DIR
from graph.embedded_store import EmbeddedStore
from graph.store import content_digest

runner = CliRunner()

#: What the sample street holds once loaded: the counts ``gongjian demo`` printed before the
#: demo had a store of its own.
SAMPLE_NODES = {"Community": 7, "Unit": 283, "PartyOrg": 113, "Member": 2045, "Resource": 100, "Need": 48,
                "Activity": 150}
SAMPLE_RELATIONSHIPS = {
    "MEMBER_OF": 2045, "WORKS_AT": 920, "RESIDES_IN": 2045, "REPORTED_TO": 586, "SUBORDINATE_TO": 71,
    "ESTABLISHED_IN": 68, "COVERS": 96, "LOCATED_IN": 395, "CO_BUILDS": 61, "OFFERS": 100, "SHARED_WITH": 121,
    "RAISED_IN": 48, "ORGANIZED": 195, "ADDRESSES": 44, "USES": 96, "PARTICIPATED_IN": 4634, "PAIRED_WITH": 94,
    "SITS_ON": 55,
}


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_store_with_other_data_survives_the_demo_byte_for_byte(home: Path, base_dir: Path) -> None:
    assert runner.invoke(app, ["load", str(base_dir)]).exit_code == 0
    before, digest = files(home), content_digest(EmbeddedStore(home))
    result = runner.invoke(app, ["--lang", "en", "demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert files(home / "embedded") == {k.removeprefix("embedded/"): v for k, v in before.items()}
    assert content_digest(EmbeddedStore(home)) == digest
    assert EmbeddedStore(home).counts().nodes == {"Community": 2, "Unit": 3, "PartyOrg": 4}
    assert sorted(p.name for p in home.iterdir()) == ["demo", "embedded"]
    assert f"into the demo's own store {home / 'demo'} (your data in {home} is not read or changed)" in result.output
    assert f"report: gongjian analyze --home {home / 'demo'}" in result.output


def test_the_demo_store_holds_the_sample_with_the_figures_it_had(home: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    demo = EmbeddedStore(home / "demo")
    counts = demo.counts()
    assert counts.nodes == SAMPLE_NODES and counts.relationships == SAMPLE_RELATIONSHIPS
    assert "已将合成样例数据" in result.output and "演示专用存储" in result.output
    # the same graph as a plain load of the sample (what the demo did before, into the user's store)
    loaded = tmp_path / "loaded"
    assert runner.invoke(app, ["load", str(SAMPLE_DIR), "--as-of", "2026-11-01", "--home", str(loaded)]).exit_code == 0
    assert content_digest(demo) == content_digest(EmbeddedStore(loaded))
    report = tmp_path / "report.json"
    analyzed = runner.invoke(app, ["analyze", "--as-of", "2026-11-01", "--out", str(report), "--home", str(home / "demo")])
    assert analyzed.exit_code == 0, analyzed.output
    figures = {s["key"]: {f["key"]: f["value"] for f in s["figures"]} for s in json.loads(report.read_text())["sections"]}
    all_units = {k: figures["org_coverage"][k] for k in ("units", "own", "joint", "work", "none", "org_coverage_rate",
                                                         "own_org_rate", "work_coverage_rate")}
    assert all_units == {"units": 283, "own": 68, "joint": 92, "work": 86, "none": 37,
                         "org_coverage_rate": 0.565371, "own_org_rate": 0.240283, "work_coverage_rate": 0.869258}
    assert figures["org_coverage"]["two_new_own_org_rate"] == 0.098039
    assert figures["should_have_org"] == {"units": 3, "covered": 2, "uncovered": 1}
    assert figures["member_coverage"]["unreported"] == 373 and figures["member_coverage"]["lost_contact"] == 5
    assert figures["needs_matching"]["unmet"] == 4


def test_the_demo_again_replaces_only_its_own_sample(home: Path) -> None:
    assert runner.invoke(app, ["demo", "--no-serve"]).exit_code == 0
    demo = EmbeddedStore(home / "demo")
    version, digest = demo.data_version(), content_digest(demo)
    again = runner.invoke(app, ["demo", "--no-serve"])
    assert again.exit_code == 0, again.output
    assert demo.data_version() == version and content_digest(EmbeddedStore(home / "demo")) == digest
    assert (home / "demo" / "demo-version").read_text(encoding="ascii") == version + "\n"


@pytest.mark.parametrize(("lang", "text"), [
    ("zh", "中有并非由 gongjian demo 载入的数据，演示不会覆盖它"),
    ("en", "holds data that gongjian demo did not load, and the demo never replaces it"),
])
def test_the_demo_refuses_a_demo_folder_holding_other_data(home: Path, base_dir: Path, lang: str, text: str) -> None:
    assert runner.invoke(app, ["load", str(base_dir), "--home", str(home / "demo")]).exit_code == 0
    before = files(home)
    result = runner.invoke(app, ["--lang", lang, "demo", "--no-serve"])
    assert result.exit_code == 3
    assert f"{home / 'demo'} {text}" in result.output
    assert files(home) == before


def test_the_dashboard_it_serves_reads_the_demo_store(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(os, "execve", lambda path, argv, env: served.append((argv, env)))
    result = runner.invoke(app, ["demo", "--port", "8600"])
    assert result.exit_code == 0, result.output
    ((argv, env),) = served
    assert env["GONGJIAN_HOME"] == str(home / "demo")
    assert argv[argv.index("--server.port") + 1] == "8600" and argv[argv.index("run") + 1].endswith("app.py")
    assert argv[1:3] == ["-m", "dashboard.serve"]


def test_help_says_where_the_demo_keeps_its_data() -> None:
    result = runner.invoke(app, ["demo", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "HOME/demo" in text and "never read or changed" in text and "演示专用存储" in text
