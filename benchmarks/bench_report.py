"""Benchmark: the full report (every analysis of DESIGN.md §4) on a generated dataset.

    python benchmarks/bench_report.py [--scale district|street|city] [--seed 1] [--as-of 2026-11-01]

The dataset is loaded once into an embedded store under ``benchmarks/.cache`` (not timed);
a fresh process then projects the store at ``--as-of`` and builds the report. Prints the
projection's time, each analysis's wall time, the total, and the process's peak RSS — the
goal on a 2-core machine is a city-scale report in ≤ 120 s and ≤ 8 GB.

Not a test: timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_load import CACHE, dataset  # noqa: E402

CHILD = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
from graph.embedded_store import EmbeddedStore
from graph.analysis.report import build_report
as_of = dt.date.fromisoformat(sys.argv[2])
store = EmbeddedStore(Path(sys.argv[1]))
t0 = time.perf_counter()
G = store.to_networkx(as_of=as_of)
t1 = time.perf_counter()
report = build_report(G, as_of=as_of)
t2 = time.perf_counter()
print(json.dumps({"project": t1 - t0, "report": t2 - t1, "timings": report.timings, "nodes": G.number_of_nodes(),
                  "edges": G.number_of_edges(), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "notes": [n for s in report.sections for n in s.notes_en if "sampled" in n or "Above" in n]}))
"""

LOAD = """
import sys, datetime as dt
from pathlib import Path
from graph.embedded_store import EmbeddedStore
from loaders.dataset_reader import read_dataset
EmbeddedStore(Path(sys.argv[2])).load(read_dataset(Path(sys.argv[1]), key=bytes(32), effective=dt.date(2026, 11, 1)))
"""


def store_home(scale: str, seed: int) -> Path:
    """An embedded store holding the dataset, loaded on first use."""
    home = CACHE / f"report-{scale}-{seed}"
    if not (home / "embedded").exists():
        subprocess.run([sys.executable, "-c", LOAD, str(dataset(scale, seed)), str(home)], check=True, cwd=ROOT)
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district", choices=["street", "district", "city"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-11-01")
    args = parser.parse_args()
    home = store_home(args.scale, args.seed)
    out = subprocess.run([sys.executable, "-c", CHILD, str(home), args.as_of], check=True, capture_output=True,
                         text=True, cwd=ROOT)
    r = json.loads(out.stdout)
    print(f"scale {args.scale} seed {args.seed}, as of {args.as_of}: {r['nodes']:,} nodes, {r['edges']:,} relationships")
    print(f"projection (store -> networkx): {r['project']:.1f} s")
    for key, seconds in sorted(r["timings"].items(), key=lambda kv: -kv[1]):
        print(f"  {key:24s} {seconds:8.2f} s")
    print(f"report: {r['report']:.1f} s; projection + report: {r['project'] + r['report']:.1f} s")
    print(f"peak RSS: {r['rss_mb']:,.0f} MB")
    for note in r["notes"]:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
