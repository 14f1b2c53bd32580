"""Benchmark: load a generated dataset into Neo4j, beside Neo4j's own LOAD CSV.

    python benchmarks/bench_neo4j.py [--scale district|street|city] [--seed 1] [--batch 5000]

A private server runs under ``benchmarks/.cache/neo4j`` (2 GB heap, 1 GB page cache). For
each run the database is emptied; our loader runs once unmeasured first, to warm the server
up. Figures:

- our loader end to end (read, validate, pseudonymize, write) and its write part alone, in
  nodes/s and relationships/s, and the loader process's peak RSS;
- a reload of the unchanged data as ``gongjian load`` does it (the store's names, then the
  files read and checked again);
- ``LOAD CSV … CALL { … } IN TRANSACTIONS`` building the same graph from the same validated
  rows, written as CSV into the server's import folder, with ``CREATE`` into the emptied
  database like our loader's empty-database path (no validation, no pseudonymization: the
  database's own floor).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_load import dataset  # noqa: E402
from dashboard.neo4j_local import LocalNeo4j  # noqa: E402
from graph.model import NODE_PROPERTIES, REL_PROPERTIES, Label, RelType  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402

CHILD = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
import graph.neo4j_store as ns
from loaders.dataset_reader import read_dataset
ns.BATCH_SIZE = int(sys.argv[5])
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
folder, day = Path(sys.argv[1]), dt.date(2026, 11, 1)
t0 = time.perf_counter()
ds = read_dataset(folder, key=bytes(32), effective=day)
t1 = time.perf_counter()
rss_read = peak()
store = ns.Neo4jStore.connect(sys.argv[2], sys.argv[3], sys.argv[4])
store.load(ds)
ds.close()
t2 = time.perf_counter()
rss_write = peak()
# A reload as `gongjian load` does it: what the store holds, then the files read again.
ds = read_dataset(folder, key=bytes(32), known=store.name_index(), effective=day)
t3 = time.perf_counter()
store.load(ds)
ds.close()
t4 = time.perf_counter()
c = store.counts()
print(json.dumps({"read": t1 - t0, "write": t2 - t1, "reload_read": t3 - t2, "reload_write": t4 - t3,
                  "nodes": c.total_nodes, "rels": c.total_relationships,
                  "rss_read_mb": rss_read, "rss_write_mb": rss_write, "rss_mb": peak()}))
"""

_CAST = {"int": "toInteger({v})", "float": "toFloat({v})", "date": "date({v})", "list": "split({v}, '|')", "str": "{v}"}


def _export(store: Neo4jStore, folder: Path) -> list[str]:
    """The stored graph as CSV files for LOAD CSV, and the statements that load them."""
    folder.mkdir(parents=True, exist_ok=True)
    statements = []
    for label in Label:
        frame = store.nodes(label)
        if frame.empty:
            continue
        name = f"nodes_{label.value}.csv"
        frame.assign(**{p.name: frame[p.name].map(lambda v: "|".join(v) if isinstance(v, list) else v)
                        for p in NODE_PROPERTIES[label] if p.kind == "list"}).to_csv(folder / name, index=False)
        sets = ", ".join(f"n.{p.name} = CASE WHEN row.{p.name} IS NULL THEN null ELSE {_CAST[p.kind].format(v='row.' + p.name)} END"
                         for p in NODE_PROPERTIES[label] if p.name != "id")
        statements.append(f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row CALL (row) {{ "
                          f"CREATE (n:{label.value} {{id: row.id}}) SET {sets} }} IN TRANSACTIONS OF 5000 ROWS")
    for rel_type in RelType:
        frame = store.relationships(rel_type)
        if frame.empty:
            continue
        for (sl, dl), part in frame.groupby(["src_label", "dst_label"]):
            name = f"rels_{rel_type.value}_{sl}_{dl}.csv"
            part.to_csv(folder / name, index=False)
            sets = ", ".join(f"r.{p.name} = CASE WHEN row.{p.name} IS NULL THEN null ELSE {_CAST[p.kind].format(v='row.' + p.name)} END"
                             for p in REL_PROPERTIES[rel_type])
            statements.append(
                f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row CALL (row) {{ "
                f"MATCH (a:{sl} {{id: row.src}}) MATCH (b:{dl} {{id: row.dst}}) "
                f"CREATE (a)-[r:{rel_type.value} {{rid: row.src + '|' + row.dst + '|' + coalesce(row.start, '')}}]->(b) SET {sets} "
                f"}} IN TRANSACTIONS OF 5000 ROWS")
    return statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district", choices=["street", "district", "city"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()
    folder = dataset(args.scale, args.seed)
    server = LocalNeo4j(ROOT / "benchmarks" / ".cache" / "neo4j", heap="2g", pagecache="1g", allow_file_csv=True)
    c = server.start()
    store = Neo4jStore.connect(c.uri, c.user, c.password)
    # A first, unmeasured run warms the server up: a freshly started JVM wrote the district at
    # 0.6x the speed of the next run, and LOAD CSV, which runs second, would not pay for that.
    for _ in range(2):
        store.clear()
        out = subprocess.run([sys.executable, "-c", CHILD, str(folder), c.uri, c.user, c.password, str(args.batch)],
                             check=True, capture_output=True, text=True, cwd=ROOT)
    ours = json.loads(out.stdout)
    statements = _export(store, server.root / "import")
    store.clear()
    store.ensure_schema()
    start = time.perf_counter()
    for statement in statements:
        store._run(statement)
    load_csv = time.perf_counter() - start
    counts = store.counts()
    store.close()
    n, r = ours["nodes"], ours["rels"]
    print(f"scale {args.scale} seed {args.seed}, batch {args.batch}: {n:,} nodes, {r:,} relationships "
          f"(LOAD CSV built {counts.total_nodes:,} / {counts.total_relationships:,})")
    print(f"our loader, end to end: {ours['read'] + ours['write']:.1f} s  [read+validate {ours['read']:.1f} s, write {ours['write']:.1f} s]")
    print(f"  write: {n / ours['write']:,.0f} nodes/s, {r / ours['write']:,.0f} relationships/s "
          f"({(n + r) / ours['write']:,.0f} items/s)")
    print(f"LOAD CSV ... CALL {{ }} IN TRANSACTIONS: {load_csv:.1f} s ({(n + r) / load_csv:,.0f} items/s)")
    print(f"throughput ratio, our write / LOAD CSV: {load_csv / ours['write']:.2f}x; end to end: "
          f"{load_csv / (ours['read'] + ours['write']):.2f}x")
    reload, first = ours["reload_read"] + ours["reload_write"], ours["read"] + ours["write"]
    print(f"reload of unchanged data, end to end: {reload:.1f} s [read+validate {ours['reload_read']:.1f} s, "
          f"write {ours['reload_write']:.1f} s] = {reload / first:.2f}x the first load end to end")
    print(f"loader peak RSS: {ours['rss_mb']:,.0f} MB [after reading {ours['rss_read_mb']:,.0f} MB, "
          f"after the first write {ours['rss_write_mb']:,.0f} MB]")


if __name__ == "__main__":
    main()
