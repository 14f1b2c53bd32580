"""Benchmark: network maps at district scale — building, layout, every export, and the HTML in Chromium.

    python benchmarks/bench_maps.py [--scale district|street|city] [--seed 1] [--repeat 3]

The dataset is loaded once into an embedded store under ``benchmarks/.cache`` (not timed).
Measured, best of ``--repeat`` runs:

- the projection at the data's date (store -> networkx), once;
- per map: building the model (the analyses behind it) and laying it out afresh (no stored
  layout), then again with the stored layout; maps: every kind for the whole district
  (aggregated by community above 2,000 nodes), the largest community's full co-building map, and
  the largest street's co-building map (in full up to 2,000 nodes), the community's participation;
- every export format (html, png, svg, pdf, gexf, graphml, json, csv, xlsx) of the aggregated
  district co-building map and of the community map: time and size;
- the HTML opened in Debian's Chromium (network blocked): time from navigation to ECharts'
  first ``finished`` render;
- ``gongjian export data`` as the command runs it, for every kind of the whole district: every
  node, positions only up to 2,000 nodes, projection included.

Goals on a 2-core machine (issue 10): layout of an aggregated district map ≤ 5 s; a community's
full co-building map ≤ 5 s; each export ≤ 10 s. Not a test: timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_report import store_home  # noqa: E402
from exports.map_data import write_data  # noqa: E402
from exports.map_html import write_html  # noqa: E402
from exports.map_static import write_static  # noqa: E402
from graph.embedded_store import EmbeddedStore  # noqa: E402
from graph.maps.build import MAX_NODES, build_map  # noqa: E402
from graph.maps.layout import laid_out  # noqa: E402
from graph.maps.model import KINDS  # noqa: E402
from graph.reporting import map_for_store  # noqa: E402


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def first_draw(path: Path) -> float | None:
    """Seconds from navigation to the first finished render, in headless Chromium offline."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_function("() => window.gongjianReady === true", timeout=120_000)
        drawn = page.evaluate("() => window.gongjianDrawnMs") / 1000
        browser.close()
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district", choices=["street", "district", "city"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = EmbeddedStore(store_home(args.scale, args.seed))
    day = store.data_date()
    assert day is not None
    t = time.perf_counter()
    G = store.to_networkx(as_of=day)
    print(f"scale {args.scale} seed {args.seed}, as of {day}: {G.number_of_nodes():,} nodes, "
          f"{G.number_of_edges():,} relationships; projection {time.perf_counter() - t:.1f} s")

    whole = build_map(G, kind="co_building", as_of=day, max_nodes=10**9)
    community = Counter(n.community for n in whole.nodes if n.community).most_common(1)[0][0]
    streets = Counter(G.nodes[n.community].get("street") for n in whole.nodes if n.community)
    street = streets.most_common(1)[0][0]
    maps = [(kind, "all") for kind in ("co_building", "coverage", "participation", "lists")]
    maps += [("co_building", f"community:{community}"), ("participation", f"community:{community}"),
             ("co_building", f"street:{street}")]
    print(f"\n{'map':44s} {'nodes':>7s} {'ties':>7s} {'build':>7s} {'layout':>7s} {'reused':>7s}")
    laid: dict[tuple[str, str], object] = {}
    for kind, scope in maps:
        seconds, model = best(lambda k=kind, s=scope: build_map(G, kind=k, scope=s, as_of=day), args.repeat)
        lay, (drawn, positions) = best(lambda m=model: laid_out(m), args.repeat)
        again, _ = best(lambda m=model, p=positions: laid_out(m, p), args.repeat)
        laid[(kind, scope)] = drawn
        name = f"{kind} {scope}" + (" (aggregated)" if model.aggregated else "")
        print(f"{name:44s} {len(model.nodes):7,d} {len(model.edges):7,d} {seconds:6.2f}s {lay:6.2f}s {again:6.2f}s"
              + (f"   [{model.total_nodes:,} nodes before aggregation]" if model.aggregated else ""))

    print(f"\n{'export':44s} {'format':>8s} {'time':>7s} {'size':>10s}")
    with tempfile.TemporaryDirectory() as tmp:
        for key in (("co_building", "all"), ("co_building", f"community:{community}"),
                    ("co_building", f"street:{street}")):
            model = laid[key]
            for fmt in ("html", "png", "svg", "pdf", "gexf", "graphml", "json", "csv", "xlsx"):
                path = Path(tmp) / f"{key[0]}-{len(model.nodes)}.{fmt}"  # type: ignore[attr-defined]

                def write(fmt: str = fmt, path: Path = path, model: object = model) -> list[Path]:
                    if fmt == "html":
                        return [write_html(model, path)]  # type: ignore[arg-type]
                    if fmt in ("png", "svg", "pdf"):
                        return [write_static(model, path, fmt)]  # type: ignore[arg-type]
                    return write_data(model, path, fmt)  # type: ignore[arg-type]

                seconds, written = best(write, args.repeat)
                size = sum(p.stat().st_size for p in written)  # type: ignore[union-attr]
                print(f"{key[0] + ' ' + key[1]:44s} {fmt:>8s} {seconds:6.2f}s {size / 1e6:8.2f} MB")
            html = Path(tmp) / f"{key[0]}-{len(model.nodes)}.html"  # type: ignore[attr-defined]
            drawn = first_draw(html)
            if drawn is not None:
                print(f"{key[0] + ' ' + key[1]:44s} {'chromium':>8s} {drawn:6.2f}s  first draw "
                      f"({html.stat().st_size / 1e6:.2f} MB HTML)")

        # `gongjian export data` as the command runs it: every node (no aggregation), positions
        # only up to MAX_NODES (Gephi lays a network out itself), projection included.
        print(f"\n{'gongjian export data --scope all':32s} {'nodes':>7s} {'ties':>8s} {'model':>7s}"
              + "".join(f" {fmt:>8s}" for fmt in DATA_FORMATS))
        for kind in KINDS:
            seconds, model = best(lambda k=kind: map_for_store(store, kind=k, max_nodes=10**9, layout_up_to=MAX_NODES),
                                  1)
            times = []
            for fmt in DATA_FORMATS:
                t = time.perf_counter()
                write_data(model, Path(tmp) / f"data-{kind}.{fmt}", fmt)  # type: ignore[arg-type]
                times.append(time.perf_counter() - t)
            print(f"{kind:32s} {len(model.nodes):7,d} {len(model.edges):8,d} {seconds:6.2f}s"  # type: ignore[attr-defined]
                  + "".join(f" {x:7.2f}s" for x in times))


DATA_FORMATS = ("gexf", "graphml", "json", "csv", "xlsx")


if __name__ == "__main__":
    main()
