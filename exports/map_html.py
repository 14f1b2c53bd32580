"""A map as ONE self-contained interactive HTML file: no network at all (ECharts, the CSS and
the script are inlined; nothing is fetched), for a person to open from a USB stick.

The model (:meth:`graph.maps.model.MapModel.to_dict`), the ECharts option
(:func:`exports.map_echarts.echarts_option`) and the page's texts travel as JSON inside
``<script type="application/json" id="gongjian-data">`` with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped (:func:`json_for_script`), read back with ``JSON.parse(textContent)``. Roster
text (names, attributes) reaches the page only through ``textContent``; the tooltip's HTML is
built by a formatter that escapes it first. The page has the title and subtitle, a legend that
doubles as filters by type and status, a search box, hover details and a details panel per node
(attributes, neighbours; for an aggregated map, how to drill into a community). Tests drive it
through ``window.gongjianChart`` (the ECharts instance), ``window.gongjianSelect(id)`` and
``window.gongjianState``.

Examples
--------
>>> from graph.maps.model import MapModel, MapNode
>>> m = MapModel("co_building", "all", "2026-10-31", "v1", False, False, (MapNode("U1", "</script>", "school"),), ())
>>> page = render_html(m, "en")
>>> page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
True
>>> "</script></script>" in page, "\\u003c/script\\u003e" in page
(False, True)
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from exports.files import replaced
from exports.map_echarts import echarts_option
from graph.errors import GongjianError
from graph.maps.model import MapModel
from graph.maps.style import CHROME, STATUS_STYLES
from graph.texts import MESSAGES, both, t

ASSETS = Path(__file__).parent / "assets"


class MapHtmlError(GongjianError):
    """An HTML map cannot be written."""

    exit_code = 1


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element: ``<``, ``>``, ``&``, U+2028
    and U+2029 become ``\\uXXXX`` escapes (still the same JSON), so no ``</script>`` or
    ``<!--`` can end or bend the element.

    >>> json_for_script({"name": "</script>\\u2028&"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u2028\\\\u0026"}'
    >>> json.loads(json_for_script(["<b>"])) == ["<b>"]
    True
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return "".join(_SCRIPT_ESCAPES.get(c, c) for c in text)


@cache
def echarts_js() -> str:
    """The vendored ``echarts.min.js`` (``exports/assets/README.md``), checked safe to inline."""
    js = (ASSETS / "echarts.min.js").read_text(encoding="utf-8")
    if "</script" in js.lower():  # would end the inline element early; the vendored 5.6.0 has none
        raise ValueError("echarts.min.js contains </script and cannot be inlined")
    return js


def _texts(lang: str) -> dict[str, str]:
    return {k[len("map_html_"):]: t(k, lang) for k in MESSAGES if k.startswith("map_html_")}


def _attr_labels(lang: str) -> dict[str, str]:
    return {k[len("map_attr_"):]: t(k, lang) for k in MESSAGES if k.startswith("map_attr_")}


def page_data(model: MapModel, lang: str = "zh") -> dict[str, Any]:
    """What the page's script reads: the model, the option, the texts, the attributes' labels,
    the yes/no words and the status texts (for a ``coverage_status`` attribute)."""
    return {
        "model": model.to_dict(lang), "option": echarts_option(model, lang), "texts": _texts(lang),
        "attr_labels": _attr_labels(lang), "yes": t("file_yes", lang), "no": t("file_no", lang),
        "status_texts": {k: s.text(lang) for k, s in STATUS_STYLES.items()},
        "chrome": CHROME,
    }


def render_html(model: MapModel, lang: str = "zh") -> str:
    """The whole page for ``model`` in ``lang`` (module docstring).

    >>> from graph.maps.model import MapModel
    >>> page = render_html(MapModel("coverage", "all", "2026-10-31", "v1", False, False, (), ()))
    >>> '<html lang="zh">' in page and "https://" not in page.split("<script>")[0]
    True
    """
    lang = "zh" if lang == "zh" else "en"
    css = re.sub(r"@([a-z]+)@", lambda m: CHROME[m.group(1)], _CSS)
    values = {"LANG": lang, "TITLE": "Gongjian", "CSS": css, "APP": _APP, "ECHARTS": echarts_js(),
              "NOSCRIPT": html.escape(t("map_html_noscript", lang)),
              "DATA": json_for_script(page_data(model, lang))}
    # One pass over the template only: a placeholder's spelling inside the data stays as it is.
    return re.sub(r"@([A-Z]+)@", lambda m: values[m.group(1)], _PAGE)


def write_html(model: MapModel, path: str | Path, lang: str = "zh") -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8, whole or not at all) and return the path.

    >>> import tempfile
    >>> from graph.maps.model import MapModel
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_html(MapModel("coverage", "all", "2026-10-31", "v1", False, False, (), ()), Path(d) / "m.html")
    ...     p.name, p.stat().st_size > 1_000_000
    ('m.html', True)
    """
    out = Path(path)
    page = render_html(model, lang)

    def cannot(where: Path, reason: str) -> MapHtmlError:
        return MapHtmlError(*both("os_error", path=where, reason=reason))

    with replaced(out, cannot) as temp:
        temp.write_text(page, encoding="utf-8")
    return out


# @NAME@ placeholders, filled in one pass by render_html.
_PAGE = """<!DOCTYPE html>
<html lang="@LANG@">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'">
<link rel="icon" href="data:,">
<title>@TITLE@</title>
<style>@CSS@</style>
</head>
<body>
<header><h1 id="gj-title"></h1><p id="gj-subtitle"></p></header>
<noscript><p>@NOSCRIPT@</p></noscript>
<main>
<aside id="gj-side">
  <section><label id="gj-search-label" for="gj-search"></label>
    <input id="gj-search" type="search" autocomplete="off">
    <p id="gj-search-msg" role="status" aria-live="polite"></p></section>
  <section id="gj-legend"><h2 id="gj-legend-title"></h2></section>
</aside>
<div id="gj-chart" role="img"></div>
<aside id="gj-details" aria-live="polite"><h2 id="gj-details-title"></h2><div id="gj-details-body"></div></aside>
</main>
<footer id="gj-footer"></footer>
<script type="application/json" id="gongjian-data">@DATA@</script>
<script>@ECHARTS@</script>
<script>@APP@</script>
</body>
</html>
"""

_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:@background@;color:@text@;
  font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:14px}
body{display:flex;flex-direction:column}
header{padding:8px 16px;border-bottom:1px solid @border@}
h1{font-size:18px;margin:0}
header p{margin:2px 0 0;color:@muted@;font-size:13px}
h2{font-size:14px;margin:12px 0 6px}
h3{font-size:13px;margin:10px 0 4px;color:@muted@}
main{flex:1;display:flex;min-height:0}
#gj-side,#gj-details{width:270px;flex:none;overflow:auto;padding:8px 12px;background:@panel@}
#gj-side{border-right:1px solid @border@}
#gj-details{border-left:1px solid @border@;width:300px}
#gj-chart{flex:1;min-width:0;min-height:300px}
#gj-search{width:100%;padding:5px 6px;margin-top:4px;border:1px solid @border@;border-radius:4px;font:inherit}
#gj-search-msg{min-height:1.2em;margin:4px 0;color:@muted@;font-size:12px}
.gj-row{display:flex;align-items:center;gap:6px;margin:3px 0;cursor:default}
.gj-row input{margin:0}
.gj-sw{display:inline-block;width:13px;height:13px;flex:none}
.gj-circle{border-radius:50%}
.gj-diamond{transform:rotate(45deg) scale(.8)}
.gj-triangle{clip-path:polygon(50% 0,100% 100%,0 100%)}
.gj-hexagon{clip-path:polygon(50% 0,93% 25%,93% 75%,50% 100%,7% 75%,7% 25%)}
.gj-pentagon{clip-path:polygon(50% 0,98% 35%,79% 91%,21% 91%,2% 35%)}
.gj-mark{background:transparent!important;border:3px solid;border-radius:50%}
.gj-line{height:0;width:22px;border-top:3px solid}
.gj-dashed{border-top-style:dashed}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:3px 8px}
dt{color:@muted@}
dd{margin:0;overflow-wrap:anywhere}
#gj-details ul{padding-left:0;list-style:none;margin:0}
#gj-details li button{background:none;border:none;padding:2px 0;color:@text@;text-decoration:underline;
  cursor:pointer;font:inherit;text-align:left;overflow-wrap:anywhere}
.gj-note{color:@muted@;font-size:12px}
.gj-drill{border-left:3px solid @highlight@;padding:4px 8px;margin:8px 0;background:@background@}
footer{padding:4px 16px;color:@muted@;font-size:11px;border-top:1px solid @border@}
"""

_APP = r"""
(function () {
  "use strict";
  var page = JSON.parse(document.getElementById("gongjian-data").textContent);
  var model = page.model, option = page.option, T = page.texts;
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fill(s, fields) { return String(s).replace(/\{(\w+)\}/g, function (m, k) { return k in fields ? String(fields[k]) : m; }); }
  var ESC = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }

  document.title = model.title;
  $("gj-title").textContent = model.title;
  $("gj-subtitle").textContent = model.subtitle + (model.full_names || !model.nodes.some(function (n) { return n.type === "member"; }) ? "" : " · " + T.masked);
  $("gj-search-label").textContent = T.search;
  $("gj-search").placeholder = T.search_placeholder;
  $("gj-legend-title").textContent = T.legend;
  $("gj-details-title").textContent = T.details;
  $("gj-footer").textContent = T.footer;

  // No prototype: an id such as "__proto__" or "constructor" is a key like any other.
  var byId = Object.create(null), adj = Object.create(null), kindText = Object.create(null);
  model.nodes.forEach(function (n) { byId[n.id] = n; adj[n.id] = []; });
  model.edges.forEach(function (e) {
    if (!(e.source in byId) || !(e.target in byId) || e.source === e.target) { return; }
    if (adj[e.source].indexOf(e.target) < 0) { adj[e.source].push(e.target); }
    if (adj[e.target].indexOf(e.source) < 0) { adj[e.target].push(e.source); }
  });
  model.legend.forEach(function (l) { if (l.group === "edge") { kindText[l.key] = l.text; } });

  var series = option.series[0];
  var allData = series.data, allLinks = series.links;
  var hidden = {type: {}, status: {}};
  var indexOf = Object.create(null);
  var state = {selected: null, matches: [], visible: allData.length};
  window.gongjianState = state;

  function isVisible(n) { return !hidden.type[n.type] && !(n.status && hidden.status[n.status]); }
  function reindex(data) { indexOf = Object.create(null); data.forEach(function (d, i) { indexOf[d.id] = i; }); }

  function nodeTip(n) {
    var lines = ["<b>" + esc(n.name) + "</b>", esc(T.type) + ": " + esc(n.type_text)];
    if (n.status_text) { lines.push(esc(T.status) + ": " + esc(n.status_text)); }
    if (n.community) {
      var c = byId[n.community];
      lines.push(esc(T.community) + ": " + esc(c ? c.name + " (" + n.community + ")" : n.community));
    }
    return lines.join("<br>");
  }
  function tooltip(p) {
    if (p.dataType === "edge") {
      var s = byId[p.data.source], t = byId[p.data.target];
      return esc(s ? s.name : p.data.source) + " — " + esc(t ? t.name : p.data.target) +
        "<br>" + esc(kindText[p.data.kind] || p.data.kind) + (p.data.value > 1 ? " × " + esc(p.data.value) : "");
    }
    var n = p.data && byId[p.data.id];
    return n ? nodeTip(n) : "";
  }

  option.tooltip = Object.assign({}, option.tooltip, {formatter: tooltip});
  option.legend = Object.assign({}, option.legend, {show: false});  // the page's own legend filters instead
  series.bottom = 10;
  // A function, not the "{b}" template: a template would expand {c0} or {@x} inside a name.
  series.label = Object.assign({}, series.label, {formatter: function (p) { return p.name; }});
  var chart = echarts.init($("gj-chart"), null, {renderer: "canvas"});
  reindex(allData);
  chart.setOption(option);
  window.gongjianChart = chart;
  var readyOnce = false;
  chart.on("finished", function () { if (!readyOnce) { readyOnce = true; window.gongjianReady = true; window.gongjianDrawnMs = performance.now(); } });
  window.addEventListener("resize", function () { chart.resize(); });

  function applyFilters() {
    var data = allData.filter(function (d) { return isVisible(byId[d.id]); });
    var keep = {};
    data.forEach(function (d) { keep[d.id] = true; });
    var links = allLinks.filter(function (l) { return keep[l.source] && keep[l.target]; });
    reindex(data);
    state.visible = data.length;
    chart.setOption({series: [{id: "map", data: data, links: links}]});
    if (state.selected && !(state.selected in indexOf)) { chart.dispatchAction({type: "unselect", seriesIndex: 0, dataIndex: []}); }
    else if (state.selected) { chart.dispatchAction({type: "select", seriesIndex: 0, dataIndex: indexOf[state.selected]}); }
  }

  // -- the legend, whose types and statuses are the filters ------------------------------------
  function swatch(l) {
    var s = el("span", "gj-sw");
    if (l.group === "edge") { s.className = "gj-sw gj-line" + (l.dashed ? " gj-dashed" : ""); s.style.borderTopColor = l.color; }
    else if (l.group === "mark") { s.className = "gj-sw gj-mark"; s.style.borderColor = l.color; }
    else { s.className = "gj-sw gj-" + (l.group === "status" ? "circle" : l.shape); s.style.backgroundColor = l.color; }
    return s;
  }
  var heads = {type: T.filter_types, status: T.filter_statuses, mark: T.marks, edge: T.ties};
  ["type", "status", "mark", "edge"].forEach(function (g) {
    var items = model.legend.filter(function (l) { return l.group === g; });
    if (!items.length) { return; }
    var box = $("gj-legend");
    box.appendChild(el("h3", null, heads[g]));
    var list = el("div");
    list.id = "gj-legend-" + g;
    items.forEach(function (l) {
      var row = el(g === "type" || g === "status" ? "label" : "div", "gj-row");
      if (g === "type" || g === "status") {
        var cb = el("input");
        cb.type = "checkbox"; cb.checked = true; cb.value = l.key; cb.dataset.group = g;
        cb.addEventListener("change", function () { hidden[g][l.key] = !cb.checked; applyFilters(); });
        row.appendChild(cb);
      }
      row.appendChild(swatch(l));
      row.appendChild(el("span", null, l.text));
      list.appendChild(row);
    });
    box.appendChild(list);
  });

  // -- details ---------------------------------------------------------------------------------
  function fmt(key, v) {
    if (typeof v === "boolean") { return v ? page.yes : page.no; }
    if (typeof v === "number" && !Number.isInteger(v)) { return String(Math.round(v * 1000) / 1000); }
    if (key === "coverage_status" && page.status_texts[v]) { return page.status_texts[v]; }
    return String(v);
  }
  function showDetails(id) {
    var n = byId[id], body = $("gj-details-body");
    body.textContent = "";
    if (!n) { body.appendChild(el("p", "gj-note", T.details_hint)); return; }
    body.appendChild(el("h2", "gj-name", n.name));
    if (!isVisible(n)) { body.appendChild(el("p", "gj-note", T.hidden)); }
    var dl = el("dl");
    function row(k, v) { dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", null, v)); }
    row(T.id, n.id);
    row(T.type, n.type_text);
    if (n.status_text) { row(T.status, n.status_text); }
    if (n.community) { var c = byId[n.community]; row(T.community, c ? c.name + " (" + n.community + ")" : n.community); }
    n.marks.forEach(function (m) { var l = model.legend.filter(function (x) { return x.group === "mark" && x.key === m; })[0]; row(T.marks, l ? l.text : m); });
    Object.keys(n.attrs).forEach(function (k) {
      row(model.attr_labels[k] || page.attr_labels[k] || k, (n.attr_texts && n.attr_texts[k]) || fmt(k, n.attrs[k]));
    });
    body.appendChild(dl);
    if (model.aggregated && n.type === "community_group" && n.community) {
      body.appendChild(el("p", "gj-drill", fill(T.drill, {id: n.community})));
    }
    var nb = adj[id] || [];
    body.appendChild(el("h3", null, fill(T.neighbours, {n: nb.length})));
    if (!nb.length) { body.appendChild(el("p", "gj-note", T.no_neighbours)); return; }
    var ul = el("ul");
    ul.id = "gj-neighbours";
    nb.slice().sort(function (a, b) { return byId[a].name < byId[b].name ? -1 : 1; }).forEach(function (m) {
      var li = el("li"), b = el("button", null, byId[m].name);
      b.type = "button"; b.dataset.id = m;
      b.addEventListener("click", function () { select(m); });
      li.appendChild(b); ul.appendChild(li);
    });
    body.appendChild(ul);
  }

  function select(id) {
    if (!(id in byId)) { return false; }
    state.selected = id;
    chart.dispatchAction({type: "unselect", seriesIndex: 0, dataIndex: Object.keys(indexOf).map(function (k) { return indexOf[k]; })});
    if (id in indexOf) { chart.dispatchAction({type: "select", seriesIndex: 0, dataIndex: indexOf[id]}); }
    showDetails(id);
    return true;
  }
  window.gongjianSelect = select;
  showDetails(null);

  chart.on("click", function (p) { if (p.dataType === "node" && p.data) { select(p.data.id); } });

  // -- search ----------------------------------------------------------------------------------
  function search(q) {
    var msg = $("gj-search-msg");
    chart.dispatchAction({type: "downplay", seriesIndex: 0});
    var raw = q.trim();
    q = raw.toLowerCase();
    state.matches = [];
    if (!q) { msg.textContent = ""; return; }
    state.matches = allData.filter(function (d) { return isVisible(byId[d.id]) && byId[d.id].name.toLowerCase().indexOf(q) >= 0; })
      .map(function (d) { return d.id; });
    if (!state.matches.length) { msg.textContent = fill(T.search_none, {q: raw}); return; }
    msg.textContent = fill(T.search_found, {n: state.matches.length});
    chart.dispatchAction({type: "highlight", seriesIndex: 0, dataIndex: state.matches.map(function (m) { return indexOf[m]; })});
    select(state.matches[0]);
  }
  window.gongjianSearch = search;
  var timer = null;
  $("gj-search").addEventListener("input", function (ev) {
    clearTimeout(timer);
    timer = setTimeout(function () { search(ev.target.value); }, 250);
  });
  $("gj-search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { clearTimeout(timer); search(ev.target.value); }
  });
})();
"""
