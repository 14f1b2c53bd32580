"""Dashboard pages, run headless with Streamlit's AppTest on the committed sample: the numbers
shown are the library's (the planted situations of data/sample/README.md by name), changing
the community or the date changes them as the library says, both languages, the URL."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.widgets import heading
from exports.report_files import format_value
from graph.analysis.report_model import Report
from graph.embedded_store import EmbeddedStore
from graph.reporting import map_for_store, report_for_store
from graph.texts import MESSAGES, t
from tests.cli_env import loaded_sample

APP = str(Path(__file__).parents[1] / "dashboard" / "app.py")
PAGES = ("overview", "coverage", "members", "integration", "lists", "network_map", "export")
#: A catalogue key left on a page untranslated would show as itself.
KEY = re.compile(r"\b(?:dash|map|map_html)_[a-z_]+\b")


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    env = loaded_sample(tmp_path_factory.mktemp("dashboard"))
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        yield Path(env["GONGJIAN_HOME"])


@pytest.fixture(scope="module")
def whole(sample_home: Path) -> Report:
    return report_for_store(EmbeddedStore(sample_home))


def run(page: str = "overview", *, lang: str | None = None, timeout: float = 120, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    if lang:
        at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    if page != "overview":
        at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, (label, [m.label for m in at.metric])
    return str(found[0])


def shown(report: Report, section: str, key: str, lang: str = "zh") -> tuple[str, str]:
    f = report.section(section).figure(key)
    return heading(f.label(lang)), format_value(f.value, f.kind, lang)


def texts(at: AppTest) -> list[str]:
    out = [x.value for x in (*at.title, *at.header, *at.subheader, *at.caption, *at.markdown, *at.info, *at.warning,
                             *at.error, *at.success)]
    out += [b.label for b in at.button] + [w.label for w in (*at.selectbox, *at.multiselect, *at.radio)]
    out += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    for df in at.dataframe:
        out += [str(c) for c in df.value.columns]
    return [str(x) for x in out]


def table(at: AppTest, report: Report, section: str, key: str) -> Any:
    """The DataFrame on the page that shows the report's table ``section.key``: its headers, and
    (several tables may share them) the first column the table's own."""
    library = report.section(section).table(key)
    headers = [c.header("zh") for c in library.columns]
    ids = [row[0] for row in library.rows]
    found = [df.value for df in at.dataframe if list(df.value.columns) == headers]
    for frame in found:
        if all(x in ids for x in frame.iloc[:, 0]):
            return frame
    raise AssertionError(f"no table {section}.{key} on the page")


def test_every_page_of_an_empty_store_says_how_to_load(home: Path) -> None:
    for page in PAGES:
        at = run(page)
        assert "gongjian demo" in at.info[0].value, page


def test_the_overview_shows_the_librarys_headline_figures(sample_home: Path, whole: Report) -> None:
    at = run()
    assert at.title[0].value == "概览"
    for section, key in [("org_coverage", "two_new_org_coverage_rate"), ("org_coverage", "org_coverage_rate"),
                         ("should_have_org", "units"), ("member_coverage", "lost_contact"),
                         ("member_coverage", "unreported"), ("member_coverage", "reporting_rate"),
                         ("needs_matching", "unmet"), ("integration_index", "mean_index")]:
        label, value = shown(whole, section, key)
        assert metric(at, label) == value, (section, key)
    # the planted situations, by their numbers
    for section, key, value in [("should_have_org", "units", "3"), ("member_coverage", "unreported", "373"),
                                ("member_coverage", "lost_contact", "5"), ("needs_matching", "unmet", "4"),
                                ("member_coverage", "floating_without_station", "3"), ("branch_size", "oversize", "1"),
                                ("branch_size", "undersize", "1")]:
        assert metric(at, shown(whole, section, key)[0]) == value, (section, key)
    label, value = shown(whole, "org_coverage", "work_coverage_rate")
    assert metric(at, label) == value
    assert f"截至 {whole.as_of}" in at.caption[0].value and "全部社区" in at.caption[0].value
    ranking = table(at, whole, "integration_index", "communities")
    assert list(ranking.iloc[:, 1]) == [row[1] for row in whole.section("integration_index").table("communities").rows]


def test_the_community_and_the_date_change_the_figures_as_the_library_says(sample_home: Path) -> None:
    store = EmbeddedStore(sample_home)
    c06 = report_for_store(store, community="C06")
    at = run(community="C06")
    for key in ("org_coverage_rate", "own_org_rate", "work_coverage_rate"):
        label, value = shown(c06, "org_coverage", key)
        assert metric(at, label) == value
    assert metric(at, shown(c06, "should_have_org", "units")[0]) == "1"  # U0248 江城永成保安服务有限公司
    assert "康新河社区" in at.caption[0].value
    earlier = report_for_store(store, as_of=dt.date(2024, 6, 30))
    at = run(date="2024-06-30")
    assert at.sidebar.date_input[0].value == dt.date(2024, 6, 30)
    label, value = shown(earlier, "org_coverage", "org_coverage_rate")
    assert metric(at, label) == value
    label, value = shown(earlier, "co_building_network", "ties")
    at.switch_page("views/integration.py").run()
    assert metric(at, label) == value
    # and back through the widgets
    at.sidebar.date_input[0].set_value(dt.date(2026, 11, 1)).run()  # the data's own date: not in the URL
    assert "date" not in at.query_params
    label, value = shown(report_for_store(store), "co_building_network", "ties")
    assert metric(at, label) == value


def test_a_street_shows_its_own_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample with C05–C07 moved to a second street: choosing a street shows its figures."""
    import shutil

    from typer.testing import CliRunner

    from dashboard.cli import app
    from dashboard.settings import SAMPLE_DIR
    from tests.cli_env import AS_OF

    data = tmp_path / "two-streets"
    shutil.copytree(SAMPLE_DIR, data)
    table = data / "communities.csv"
    lines = table.read_text(encoding="utf-8-sig").splitlines()
    table.write_text("\n".join(line.replace("天塘街道", "柳林街道") if line[:3] in ("C05", "C06", "C07") else line
                               for line in lines) + "\n", encoding="utf-8-sig")
    env = {"GONGJIAN_HOME": str(tmp_path / "home"), "GONGJIAN_KEY_FILE": str(tmp_path / "key"), "GONGJIAN_LANG": "zh"}
    loaded = CliRunner().invoke(app, ["load", str(data), "--as-of", AS_OF], env=env)
    assert loaded.exit_code == 0, loaded.output
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    store = EmbeddedStore(tmp_path / "home")
    street = report_for_store(store, community={"C01", "C02", "C03", "C04"})
    whole = report_for_store(store)
    at = run(street="天塘街道")
    assert "天塘街道（4 个社区）" in at.caption[0].value
    assert [o[-4:-1] for o in at.sidebar.selectbox(key="f_community").options[1:]] == ["C01", "C02", "C03", "C04"]
    differ = 0
    for section, key in [("org_coverage", "org_coverage_rate"), ("should_have_org", "units"),
                         ("member_coverage", "unreported"), ("needs_matching", "unmet"),
                         ("integration_index", "mean_index")]:
        label, value = shown(street, section, key)
        assert metric(at, label) == value, (section, key)
        differ += value != shown(whole, section, key)[1]
    assert differ >= 3  # the street's figures, not all communities'
    at.switch_page("views/integration.py").run()
    label, value = shown(street, "co_building_network", "ties")
    assert metric(at, label) == value
    at.switch_page("views/network_map.py").run()
    title = at.markdown[0].value.replace("\\", "")  # the street's map, not all communities'
    assert title.startswith("**共驻共建网络图 · 天塘街道**") and "范围 street:天塘街道 ·" in title


def test_coverage_shows_the_planted_gaps(sample_home: Path, whole: Report) -> None:
    at = run("coverage")
    should = table(at, whole, "should_have_org", "units")
    assert set(should.iloc[:, 0]) == {"U0248", "U0276", "U0141"}
    assert "江城永成保安服务有限公司" in set(should.iloc[:, 1])
    assert set(table(at, whole, "branch_size", "violations").iloc[:, 0]) == {"P0011", "P0076"}
    units = table(at, whole, "org_coverage", "units")
    assert len(units) == 283
    at.multiselect[0].set_value(["none"]).run()
    units = table(at, whole, "org_coverage", "units")
    assert set(units["覆盖情况"]) == {"未覆盖"} and "U0191" in set(units.iloc[:, 0])
    assert len(units) == whole.section("org_coverage").figure("none").value


def test_members_lists_the_planted_members(sample_home: Path, whole: Report) -> None:
    at = run("members")
    lost = table(at, whole, "member_coverage", "lost_contact")
    assert set(lost.iloc[:, 0]) == {"M000006", "M000603", "M000727", "M001334", "M001376"}
    floating = table(at, whole, "member_coverage", "floating_without_station")
    assert set(floating.iloc[:, 1]) == {"王玉华", "冯晶", "柴瑞"}
    assert len(table(at, whole, "member_coverage", "unreported")) == 373


def test_lists_and_integration_show_the_unmet_needs_and_the_network(sample_home: Path, whole: Report) -> None:
    at = run("lists")
    unmet = table(at, whole, "needs_matching", "unmet")
    assert set(unmet.iloc[:, 0]) == {"N00001", "N00002", "N00003", "N00004"}
    at = run("integration")
    for key in ("community_org_share", "hub_dependent_share", "density"):
        label, value = shown(whole, "co_building_network", key)
        assert metric(at, label) == value
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"), "no heat map"


def test_the_map_page_shows_the_library_map(sample_home: Path) -> None:
    at = run("network_map", community="C01")
    model = map_for_store(EmbeddedStore(sample_home), kind="co_building", scope="community:C01")
    assert metric(at, "节点数") == f"{len(model.nodes):,}"
    assert any(model.scope_name in x.value for x in at.markdown)


def test_the_export_page_offers_every_file(sample_home: Path) -> None:
    at = run("export")
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Excel (.xlsx)", "Markdown (.md)", "JSON (.json)", "HTML", "GEXF", "GRAPHML"} <= set(labels)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_untranslated_key_and_no_path_on_any_page(sample_home: Path, lang: str) -> None:
    for page in PAGES:
        at = run(page, lang=lang)
        found = [x for x in texts(at) if KEY.search(x) and KEY.search(x).group(0) in MESSAGES]
        assert not found, (page, found[:5])
        assert not [x for x in texts(at) if str(sample_home) in x or "/tmp/" in x], page
    if lang == "en":
        assert run(lang="en").title[0].value == "Overview"


def test_a_named_query_with_a_chinese_choice(sample_home: Path) -> None:
    at = run("queries")
    at.selectbox(key="query_name").set_value("unmet_needs").run()
    category = at.selectbox(key="q-unmet_needs-category")
    assert "场地" in [category.format_func(o) for o in category.options]  # choices in the reader's language
    category.set_value("venue").run()
    at.button(key="run-query").click().run()
    assert not at.exception
    rows = at.dataframe[0].value
    assert list(rows.iloc[:, 0]) == ["N00001", "N00002"] and set(rows["类别"]) == {"场地"}
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载 CSV", "下载 Excel"]
    assert "Neo4j" in " ".join(i.value for i in at.info)  # free Cypher: the embedded store says why not


def test_the_community_profile_and_the_trends(sample_home: Path) -> None:
    store = EmbeddedStore(sample_home)
    c06 = report_for_store(store, community="C06")
    at = run("profile", community="C06")
    assert at.header[0].value == "康新河社区（C06）"
    label, value = shown(c06, "org_coverage", "org_coverage_rate")
    assert metric(at, label) == value
    should = table(at, c06, "should_have_org", "units")
    assert list(should.iloc[:, 0]) == ["U0248"]
    assert len(at.get("image")) == 1  # the community's map
    kept = [f.read_bytes().split(b"\n", 1)[0] for f in sample_home.glob("embedded/versions/*/results/*.bin")]
    assert any(k.startswith(b"picture|") and b"|community:C06|" in k for k in kept)  # stored: a restart reads it
    at = run("trends", community="C06")
    frame = at.dataframe[0].value
    day = dt.date.fromisoformat(frame.index[-1])
    assert day == store.data_date()
    label, value = shown(c06, "org_coverage", "org_coverage_rate")
    assert frame[label].iloc[-1] == value and len(frame) == 5
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # the rates, then the counts a panel each
    rates = json.loads(charts[0].proto.spec)
    assert rates["encoding"]["color"]["legend"]["labelLimit"] == 360  # the figures' names spelt out


def test_the_data_page_is_for_analysts_and_shows_every_problem(sample_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = EmbeddedStore(sample_home).data_version()
    at = run("data")
    assert "GONGJIAN_ANALYST_PASSWORD" in at.warning[0].value and not at.get("file_uploader")
    monkeypatch.setenv("GONGJIAN_ANALYST_PASSWORD", "共建-口令")
    at = run("data")
    at.text_input(key="data-password").input("wrong").run()
    assert at.error[0].value == "口令不正确"
    at.text_input(key="data-password").input("共建-口令").run()
    assert at.get("file_uploader"), "no upload after the right password"
    roster = "社区编号,社区名称,所属街道\r\nC01,明门社区,天塘街道\r\nC01,重复社区,天塘街道\r\n".encode("gbk")
    uploader = at.get("file_uploader")[0]
    uploader.set_value([("communities.csv", roster, "text/csv")]).run()
    problems = at.dataframe[0].value
    assert [e.value for e in at.error] == [t("input_invalid", "zh").format(n=len(problems))]
    assert list(problems["文件"].unique()) == ["communities.csv"] and "C01" in " ".join(problems["值"])
    assert not at.button(key="load") if at.get("button") and any(b.key == "load" for b in at.button) else True
    assert EmbeddedStore(sample_home).data_version() == before  # nothing written


def test_values_in_the_url_that_mean_nothing_fall_back(sample_home: Path, whole: Report) -> None:
    at = run(community="C99", date="2026-02-30", lang="xx", branch="P9999")
    assert at.title[0].value == "概览"
    assert "全部社区" in at.caption[0].value and f"截至 {whole.as_of}" in at.caption[0].value


def test_a_new_load_is_picked_up_without_a_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = loaded_sample(tmp_path)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    at = run()
    first = EmbeddedStore(Path(env["GONGJIAN_HOME"])).data_version()
    assert first in at.caption[0].value
    from typer.testing import CliRunner

    from dashboard.cli import app
    from dashboard.settings import SAMPLE_DIR
    assert CliRunner().invoke(app, ["load", str(SAMPLE_DIR), "--as-of", "2026-12-01"], env=env).exit_code == 0
    at.run()
    second = EmbeddedStore(Path(env["GONGJIAN_HOME"])).data_version()
    assert second != first and second in at.caption[0].value and "截至 2026-12-01" in at.caption[0].value


def test_guessing_the_analyst_password_is_slowed(sample_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import access

    monkeypatch.setenv("GONGJIAN_ANALYST_PASSWORD", "共建-口令")
    access._wrong.clear()
    try:
        for i in range(access.TRIES):
            at = AppTest.from_file(APP, default_timeout=120)
            at.switch_page("views/data.py").run()
            at.text_input(key="data-password").input("guess").run()
            at.run()  # the same wrong password on a rerun is not another try
            assert [e.value for e in at.error] == ["口令不正确"] and len(access._wrong) == i + 1
        at.text_input(key="data-password").input("共建-口令").run()  # even the right one waits now
        assert at.error[0].value.startswith("口令错误次数过多（5 次）") and not at.get("file_uploader")
        access._wrong.clear()  # the window passed
        at.text_input(key="data-password").input("共建-口令 ").run()
        at.text_input(key="data-password").input("共建-口令").run()
        assert not at.error and at.get("file_uploader")
    finally:
        access._wrong.clear()


def test_a_street_is_named_with_its_district_in_map_scopes_and_file_names() -> None:
    """Two districts may each have a street of one name: the map and the files say which."""
    from dashboard.filters import View

    street = View("zh", None, district="甲区", street="东风街道")
    assert street.map_scope() == "street:甲区/东风街道" and street.file_part() == "-甲区-东风街道"
    alone = View("zh", None, street="东风街道")  # one district in the data: no district chosen
    assert alone.map_scope() == "street:东风街道" and alone.file_part() == "-东风街道"
    district = View("en", None, district="甲区")
    assert district.map_scope() == "district:甲区" and district.file_part() == "-甲区"
    assert View("en", None).map_scope() == "all" and View("en", None).file_part() == ""
    assert View("zh", None, district="甲区", street="东风街道", community="C01").map_scope() == "community:C01"
