"""The interactive HTML map (exports/map_html.py) and its ECharts option (exports/map_echarts.py).

The unit tests need no browser. The browser tests open the written file in Debian's Chromium
(never a downloaded browser) with every request that is not the file itself refused and
recorded: the page must draw, work and stay quiet without any network. Set
``GONGJIAN_SCREENSHOTS=DIR`` to keep the screenshots.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from exports.map_echarts import SYMBOLS, echarts_option
from exports.map_html import json_for_script, render_html, write_html
from graph.maps.build import aggregate
from graph.maps.model import MapEdge, MapModel, MapNode
from graph.maps.style import EDGE_STYLES, MARK_STYLES, NODE_STYLES, STATUS_STYLES, node_style
from tests.chromium import CHROMIUM
from tests.map_fixtures import HOSTILE_NAME, big_map, sample_map


def _data_block(page: str) -> str:
    m = re.search(r'<script type="application/json" id="gongjian-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return m.group(1)


def _mixed_map() -> MapModel:
    """Statuses, a mark, a dashed tie and every shape, for the option's tests."""
    nodes = (MapNode("O1", "党委", "party_org", size=4), MapNode("U1", "甲公司", "soe", status="own"),
             MapNode("U2", "乙公司", "private_enterprise", status="none", marks=("should_have_org",)),
             MapNode("A1", "活动", "activity"), MapNode("N1", "需求", "need", status="unmet"),
             MapNode("M1", "党员", "member"), MapNode("C1", "社区", "community"), MapNode("X1", "?", "no-such-type"))
    edges = (MapEdge("O1", "U1", "own"), MapEdge("O1", "C1", "seat"), MapEdge("M1", "A1", "participated", 3),
             MapEdge("A1", "N1", "addresses"), MapEdge("O1", "GONE", "co_building"))
    return MapModel("coverage", "all", "2026-10-31", "v1", False, False, nodes, edges)


# -- the option (no browser) ---------------------------------------------------------------------

@pytest.mark.parametrize("model", [sample_map(), _mixed_map()], ids=["sample", "mixed"])
def test_categories_cover_every_legend_type_and_status(model: MapModel) -> None:
    opt = echarts_option(model, "zh")
    cats = opt["series"][0]["categories"]
    wanted = [e for e in model.legend() if e.group in ("type", "status")]
    assert len(cats) == len(wanted)
    assert [c["itemStyle"]["color"] for c in cats] == [e.style.color for e in wanted]
    assert {c["name"] for c in cats} >= {e.text("zh") for e in wanted if [x.text("zh") for x in wanted].count(e.text("zh")) == 1}
    assert opt["legend"]["data"] == [c["name"] for c in cats]
    json.dumps(opt)  # plain JSON, no functions


def test_every_node_has_a_symbol_size_and_its_colour_from_the_style_table() -> None:
    model = _mixed_map()
    data = echarts_option(model)["series"][0]["data"]
    assert [d["id"] for d in data] == [n.id for n in model.nodes]
    for d, n in zip(data, model.nodes, strict=True):
        assert d["symbol"] == SYMBOLS[node_style(n.type).shape]
        assert 6 <= d["symbolSize"] <= 40
        assert d["itemStyle"]["color"] == (STATUS_STYLES[n.status].color if n.status else node_style(n.type).color)
    by_id = {d["id"]: d for d in data}
    assert by_id["U2"]["itemStyle"]["borderColor"] == MARK_STYLES["should_have_org"].color
    assert by_id["U2"]["itemStyle"]["borderWidth"] >= 3 and "borderWidth" not in by_id["U1"]["itemStyle"]
    assert by_id["A1"]["symbol"].startswith("path://") and by_id["N1"]["symbol"].startswith("path://")
    assert by_id["C1"]["symbol"] == "rect" and by_id["O1"]["symbol"] == "diamond"
    assert by_id["X1"]["itemStyle"]["color"] == NODE_STYLES["other"].color


def test_ties_are_coloured_and_dashed_per_the_style_table() -> None:
    links = echarts_option(_mixed_map())["series"][0]["links"]
    assert [(x["source"], x["target"]) for x in links] == [("O1", "U1"), ("O1", "C1"), ("M1", "A1"), ("A1", "N1")]
    for x in links:
        style = EDGE_STYLES[x["kind"]]
        assert x["lineStyle"]["color"] == style.color
        assert x["lineStyle"]["type"] == ("dashed" if style.dashed else "solid")
    assert links[1]["lineStyle"]["type"] == "dashed" and links[2]["lineStyle"]["width"] > links[0]["lineStyle"]["width"]


def test_positions_are_scaled_and_only_the_largest_nodes_are_labelled() -> None:
    model = big_map(300)
    s = echarts_option(model)["series"][0]
    assert s["layout"] == "none" and s["roam"] is True and s["emphasis"]["focus"] == "adjacency"
    n0, d0 = model.nodes[0], s["data"][0]
    assert d0["x"] == pytest.approx(n0.x * 1000, abs=0.01) and d0["y"] == pytest.approx(-n0.y * 1000, abs=0.01)
    labelled = [d for d in s["data"] if d.get("label", {}).get("show")]
    assert len(labelled) == 30
    smallest_labelled = min(model.node(d["id"]).size for d in labelled)
    assert all(n.size <= smallest_labelled for n in model.nodes if n.id not in {d["id"] for d in labelled})


def test_a_large_map_drops_animation_and_edge_labels() -> None:
    opt = echarts_option(big_map(2100))
    assert opt["animation"] is False and opt["series"][0]["edgeLabel"]["show"] is False
    assert echarts_option(sample_map())["animation"] is True


# -- the page (no browser) -----------------------------------------------------------------------

def test_the_data_block_escapes_script_ends_and_line_separators() -> None:
    name = "</script><script>window.__pwned=3</script>\u2028\u2029<!-- & @APP@ @ECHARTS@"
    model = MapModel("co_building", "all", "2026-10-31", "v1", False, False,
                     (MapNode("U1", name, "school"), MapNode("U2", HOSTILE_NAME, "soe")), (MapEdge("U1", "U2", "seat"),))
    page = render_html(model)
    block = _data_block(page)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in block
    assert "window.__pwned=3" not in page.replace(block, "")
    assert json.loads(block)["model"]["nodes"][0]["name"] == name  # the placeholders' spellings stay data
    assert json.loads(block)["option"]["series"][0]["data"][1]["name"] == HOSTILE_NAME
    assert json_for_script("\u2028") == '"\\u2028"'


def test_the_page_is_self_contained() -> None:
    page = render_html(sample_map(), "en")
    assert page.count("<script") == 3 and "<script src" not in page and "<link rel=\"stylesheet\"" not in page
    assert '<html lang="en">' in page and '<meta charset="utf-8">' in page
    assert "echarts" in page and "5.6.0" in page  # the inlined library
    outside = page.replace(_data_block(page), "")
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", outside)
    assert '<html lang="zh">' in render_html(sample_map())


def test_a_2000_node_map_stays_well_under_5_mb(tmp_path: Path) -> None:
    path = write_html(big_map(2000), tmp_path / "big.html")
    assert path.stat().st_size < 5_000_000


# -- in Chromium ---------------------------------------------------------------------------------

@dataclass
class Opened:
    page: Any
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)






def _open(browser: Any, path: Path) -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    url = path.resolve().as_uri()
    opened = Opened(context.new_page(), url)

    def route(r: Any) -> None:
        u = r.request.url
        if u == url or u.startswith(("data:", "about:")):
            r.continue_()
        else:
            opened.requests.append(u)
            r.abort()

    context.route("**/*", route)
    page = opened.page
    page.on("request", lambda req: None if req.url.startswith(("file:", "data:", "about:")) else opened.requests.append(req.url))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.goto(url)
    page.wait_for_function("() => window.gongjianReady === true", timeout=30_000)
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def sample(browser: Any, tmp_path: Path) -> Iterator[Opened]:
    yield from _open(browser, write_html(sample_map(), tmp_path / "sample.html"))


DRAWN = """() => {
  const c = document.querySelector('#gj-chart canvas');
  const ctx = c.getContext('2d');
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  let coloured = 0;
  for (let i = 0; i < px.length; i += 4) {
    const [r, g, b, a] = [px[i], px[i + 1], px[i + 2], px[i + 3]];
    if (a > 0 && !(r > 245 && g > 245 && b > 245)) coloured++;
  }
  return {coloured, total: c.width * c.height};
}"""


def _pixel(page: Any, node_id: str) -> tuple[float, float]:
    x, y = page.evaluate("""(id) => {
      const s = gongjianChart.getOption().series[0];
      const d = s.data.find(d => d.id === id);
      return gongjianChart.convertToPixel({seriesIndex: 0}, [d.x, d.y]);
    }""", node_id)
    box = page.locator("#gj-chart").bounding_box()
    return box["x"] + x, box["y"] + y


def _details(page: Any) -> str:
    return page.locator("#gj-details-body").text_content()


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make system installs it)")
class TestInChromium:
    def test_draws_offline_without_errors(self, sample: Opened, shots: Path) -> None:
        page = sample.page
        drawn = page.evaluate(DRAWN)
        assert drawn["coloured"] > 2000, drawn
        assert page.locator("#gj-title").text_content() == "共驻共建网络图 · 和平社区"
        assert "截至 2026-10-31" in page.locator("#gj-subtitle").text_content()
        assert page.locator("#gj-legend input[data-group=type]").count() == 8
        assert page.locator("#gj-legend-edge .gj-row").count() == 6
        page.screenshot(path=str(shots / "map-sample-zh.png"))
        assert sample.errors == [] and sample.requests == []

    def test_a_click_on_a_node_shows_its_details_and_neighbours(self, sample: Opened) -> None:
        page = sample.page
        x, y = _pixel(page, "U1")
        page.mouse.click(x, y)
        page.wait_for_function("() => window.gongjianState.selected === 'U1'", timeout=5_000)
        text = _details(page)
        assert "华夏科技有限公司" in text and "和平社区党委" in text and "和平社区" in text
        assert "非公有制企业" in text and "单独组建" in text  # its type and its coverage_status attribute
        selected = page.evaluate("gongjianChart.getModel().getSeriesByIndex(0).getSelectedDataIndices()")
        assert selected == [1]
        page.locator("#gj-neighbours button", has_text="和平社区党委").click()
        assert page.evaluate("window.gongjianState.selected") == "O1"
        assert "中介中心性" in _details(page) and "相邻节点（5）" in _details(page)
        assert sample.errors == [] and sample.requests == []

    def test_the_hostile_name_is_text(self, sample: Opened, shots: Path) -> None:
        page = sample.page
        page.fill("#gj-search", "<script>")
        page.press("#gj-search", "Enter")
        assert page.evaluate("window.gongjianState.selected") == "U4"
        assert HOSTILE_NAME in _details(page)
        x, y = _pixel(page, "U4")
        page.mouse.move(x, y)
        page.wait_for_selector("#gj-chart div", state="attached")
        page.wait_for_timeout(400)
        assert page.locator("img[src=x]").count() == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"
        tip = page.evaluate("""() => [...document.querySelectorAll('#gj-chart div')]
            .map(d => d.textContent).find(t => t.includes('window.__pwned')) || ''""")
        assert HOSTILE_NAME in tip  # the tooltip shows it as text too
        page.screenshot(path=str(shots / "map-sample-hostile.png"))
        assert sample.errors == [] and sample.requests == []

    def test_search_selects_a_chinese_name_or_says_there_is_none(self, sample: Opened) -> None:
        page = sample.page
        page.fill("#gj-search", "养老")
        page.press("#gj-search", "Enter")
        assert page.evaluate("window.gongjianState.matches") == ["U2"]
        assert page.evaluate("gongjianChart.getModel().getSeriesByIndex(0).getSelectedDataIndices()") == [2]
        assert "仁爱养老服务中心" in _details(page)
        assert "找到 1 个节点" in page.locator("#gj-search-msg").text_content()
        page.fill("#gj-search", "不存在的名字")
        page.press("#gj-search", "Enter")
        assert page.locator("#gj-search-msg").text_content() == "没有名称包含“不存在的名字”的节点"
        assert sample.errors == []

    def test_unticking_a_type_hides_its_nodes(self, sample: Opened) -> None:
        page = sample.page
        ids = "gongjianChart.getOption().series[0].data.map(d => d.id)"
        assert page.evaluate(ids) == ["O1", "U1", "U2", "U3", "U4", "C1", "M1", "A1"]
        page.locator("#gj-legend input[value=party_org]").uncheck()
        assert "O1" not in page.evaluate(ids) and len(page.evaluate(ids)) == 7
        links = page.evaluate("gongjianChart.getOption().series[0].links.map(l => l.source + '-' + l.target)")
        assert links == ["U1-C1", "M1-A1"]
        page.locator("#gj-legend input[value=party_org]").check()
        assert "O1" in page.evaluate(ids)
        assert sample.errors == []

    def test_a_2000_node_map_draws_without_errors(self, browser: Any, tmp_path: Path, shots: Path) -> None:
        path = write_html(big_map(2000), tmp_path / "big.html")
        assert path.stat().st_size < 5_000_000
        for opened in _open(browser, path):
            drawn = opened.page.evaluate(DRAWN)
            assert drawn["coloured"] > 20_000, drawn
            assert opened.page.evaluate("gongjianChart.getOption().series[0].data.length") == 2000
            opened.page.screenshot(path=str(shots / "map-big-2000.png"))
            assert opened.errors == [] and opened.requests == []

    def test_template_braces_and_prototype_ids_are_plain_text(self, browser: Any, tmp_path: Path) -> None:
        nodes = (MapNode("__proto__", "{c0}{@x}公司", "school", size=9, x=-0.5),
                 MapNode("constructor", "{b|富文本}", "soe", x=0.5))
        model = MapModel("co_building", "all", "2026-10-31", "v1", False, False, nodes,
                         (MapEdge("__proto__", "constructor", "co_building"),))
        for opened in _open(browser, write_html(model, tmp_path / "braces.html")):
            page = opened.page
            assert page.evaluate("gongjianSelect('__proto__')") is True
            text = _details(page)
            assert text.startswith("{c0}{@x}公司") and "相邻节点（1）" in text and "{b|富文本}" in text
            shown = page.evaluate("""() => {
              const f = gongjianChart.getOption().series[0].label.formatter;
              return typeof f === 'function' ? f({name: '{c0}{@x}公司'}) : null; }""")
            assert shown == "{c0}{@x}公司"
            assert opened.errors == [] and opened.requests == []

    def test_an_aggregated_map_in_english_says_how_to_drill_in(self, browser: Any, tmp_path: Path) -> None:
        # The super-nodes as build_map aggregates them: two communities and the group of none.
        members = [MapNode(f"U{i}", f"单位{i}", "school" if i % 2 else "party_org",
                           community="C1" if i < 12 else "C2" if i < 16 else None) for i in range(18)]
        ties = [MapEdge("U0", "U12", "co_building"), MapEdge("U1", "U13", "co_building"), MapEdge("U0", "U1", "seat")]
        groups, links = aggregate({"C1": "Heping", "C2": "Xinhua"}, {"C1": 0.8333, "C2": 0.25}, members, ties)
        nodes = tuple(replace(n, x=x) for n, x in zip(groups, (-0.5, 0.5, 0.0), strict=True))
        model = MapModel("co_building", "all", "2026-10-31", "v1", True, False, nodes, links, total_nodes=5000)
        for opened in _open(browser, write_html(model, tmp_path / "agg.html", "en")):
            page = opened.page
            assert page.evaluate("document.documentElement.lang") == "en"
            assert "aggregated by community from 5000 nodes" in page.locator("#gj-subtitle").text_content()
            assert page.evaluate("gongjianSelect('C1')") is True
            text = _details(page)
            assert "use --scope community:C1 to see it" in text
            for shown in ("organizational coverage83.3%", "nodes12", "ties within1", "school (count)6",
                          "party organization (count)6", "Neighbours (1)"):
                assert shown in text, shown
            assert page.evaluate("gongjianSelect('unknown')") is True
            text = _details(page)
            assert text.startswith("no community") and "--scope" not in text and "nodes2" in text
            assert opened.errors == [] and opened.requests == []
