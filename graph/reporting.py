"""What a face asks of the library for a report of a store: the date, the community, the report itself and
its headline. The command line and the dashboard call these; neither computes them itself.

- :func:`report_date` — the date a report describes by default: the data's own
  (:meth:`graph.store.GraphStore.data_date`), never the clock;
- :func:`resolve_community` — a community given by id or by its exact name;
- :func:`resolve_place` — the same, or a set of community ids (a street's);
- :func:`report_for_store` — the whole report of a store at a date, with a trend when asked;
- :func:`stored_report` — the same, computed once per data version and stored beside the data
  (:func:`saved_report`: only if it is stored);
- :func:`headline` — the figures a summary shows, each naming its scope;
- :func:`map_for_store` — a network map of a store, laid out once per data version and reused;
- :func:`stored_map` — the same, built once per data version and stored beside the data
  (:func:`saved_map`: only if it is stored).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(); G.add_node("C1", label="Community", name="阳光社区")
>>> resolve_community(G, "阳光社区"), resolve_community(G, "C1"), resolve_community(G, None)
('C1', 'C1', None)
>>> resolve_place(G, {"C1"})
'C1'
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import importlib.metadata
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from graph.analysis.readings import Place, place_ids
from graph.analysis.report import REPORT_STEPS, build_report, trend, trend_section
from graph.analysis.report_model import SCHEMA, Figure, LazyRows, Report
from graph.analysis.rules import Rules
from graph.errors import GongjianError, UnknownNode
from graph.maps.build import MAX_NODES, build_map
from graph.maps.layout import laid_out, layout_key
from graph.maps.model import MapModel
from graph.maps.scope import Scope
from graph.store import GraphStore
from graph.texts import both

#: The figures a report's summary shows (the command line's headline), one line per group:
#: (section, figure). The official 两新组织 rates come first.
HEADLINES: tuple[tuple[tuple[str, str], ...], ...] = (
    (("org_coverage", "two_new_org_coverage_rate"), ("org_coverage", "two_new_own_org_rate"),
     ("org_coverage", "two_new_work_coverage_rate")),
    (("org_coverage", "org_coverage_rate"), ("org_coverage", "own_org_rate"), ("should_have_org", "units"),
     ("branch_size", "oversize"), ("branch_size", "undersize")),
    (("member_coverage", "lost_contact"), ("member_coverage", "unreported"), ("member_coverage", "reporting_rate"),
     ("member_coverage", "floating_without_station")),
    (("needs_matching", "unmet"), ("needs_matching", "addressed_share"), ("integration_index", "mean_index")),
    (("generic_network", "nodes"), ("generic_network", "ties"), ("generic_network", "components"),
     ("generic_network", "two_mode")),
)


class StoreEmpty(GongjianError):
    """The store holds no data to analyze."""

    exit_code = 4


class NoReportDate(GongjianError):
    """The data holds no date and none was given."""

    exit_code = 2


def report_date(store: GraphStore, as_of: dt.date | None = None) -> dt.date:
    """``as_of`` when given, else the date the stored data describes (:meth:`GraphStore.data_date`:
    the load's ``--as-of``, else the latest date in the data). Never the clock: the same data
    gives the same report on any day. :class:`NoReportDate` when neither is known."""
    if as_of is not None:
        return as_of
    day = store.data_date()
    if day is None:
        raise NoReportDate(*both("no_report_date"))
    return day


def resolve_community(G: nx.MultiDiGraph, wanted: str | None) -> str | None:
    """The id of the community ``wanted`` names — its id, or its exact name — or ``None`` for
    all communities. :class:`~graph.errors.UnknownNode` when none or several have that name."""
    if wanted is None:
        return None
    communities = _communities(G)
    if wanted in communities:
        return wanted
    named = [n for n, name in communities.items() if name == wanted]
    if len(named) == 1:
        return named[0]
    if named:
        zh, _ = both("ambiguous_community", id=wanted, known="、".join(sorted(named)))
        _, en = both("ambiguous_community", id=wanted, known=", ".join(sorted(named)))
        raise UnknownNode(zh, en)
    raise _unknown([wanted], communities)


def _communities(G: nx.MultiDiGraph) -> dict[str, str]:
    """Community id → its name (blank when it has none)."""
    return {n: str(d.get("name") or "") for n, d in G.nodes(data=True) if d.get("label") == "Community"}


def _unknown(wanted: list[str], communities: dict[str, str]) -> UnknownNode:
    """The error for the communities ``wanted`` that are not there, naming the first 30 that are."""
    listed = [f"{n} {name}".strip() for n, name in sorted(communities.items())[:30]]
    zh, _ = both("unknown_community", id="、".join(wanted), known="、".join(listed) or "—")
    _, en = both("unknown_community", id=", ".join(wanted), known=", ".join(listed) or "—")
    return UnknownNode(zh, en)


def resolve_place(G: nx.MultiDiGraph, wanted: Place) -> str | frozenset[str] | None:
    """The communities ``wanted`` names: one community (id or exact name, :func:`resolve_community`),
    a set of community ids, or ``None`` for all. Every id of a set must be a ``Community`` node of
    ``G`` (ids only, not names), else :class:`~graph.errors.UnknownNode` names the unknown ones; an
    empty set names no community and is refused too. A set of one id is that id: its report is
    the community's own.

    >>> G = nx.MultiDiGraph(); G.add_node("C1", label="Community"); G.add_node("C2", label="Community")
    >>> sorted(resolve_place(G, {"C2", "C1"}))
    ['C1', 'C2']
    >>> resolve_place(G, {"C1", "C9", "C8"})
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNode: no community with id or name C8, C9; known: C1, C2
    """
    if wanted is None or isinstance(wanted, str):
        return resolve_community(G, wanted)
    ids = place_ids(wanted) or frozenset()
    if not ids:
        raise UnknownNode(*both("no_community_given"))
    communities = _communities(G)
    unknown = sorted(ids - communities.keys())
    if unknown:
        raise _unknown(unknown, communities)
    if len(ids) == 1:
        return next(iter(ids))
    return ids


def report_for_store(
    store: GraphStore,
    *,
    as_of: dt.date | None = None,
    rules: Rules | None = None,
    community: Place = None,
    trend_dates: Sequence[dt.date] = (),
    clock: Callable[[], float] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """The report of ``store`` at ``as_of`` (default :func:`report_date`), for ``community`` (id
    or name; or a set of ids, reported together — :func:`resolve_place`, a set of one being that
    community's report) or all, with a trend section over ``trend_dates`` and the report date when
    any are given. One projection is held at a time; ``progress`` as
    :func:`~graph.analysis.report.build_report`'s. :class:`StoreEmpty` for an empty store."""
    version = store.data_version()
    if not version:
        raise StoreEmpty(*both("analyze_empty_store"))
    day = report_date(store, as_of)
    rules = rules or Rules()
    if progress is not None:  # the projection first: at city scale a minute before the first analysis
        progress("project", 0, len(REPORT_STEPS) - (community is not None))
    G = store.to_networkx(as_of=day)
    community_id = resolve_place(G, community)
    extra: dict[str, Any] = {"clock": clock} if clock is not None else {}
    report = build_report(G, as_of=day, rules=rules, community=community_id, data_version=version,
                          progress=progress, **extra)
    # One projection in memory at a time: a city's is most of the memory goal. Emptied, not only
    # dropped: networkx keeps views of a graph on it (a reference cycle), which only the cyclic
    # collector would free, and a face may pause that while it computes.
    G.clear()
    del G
    if trend_dates:
        table = trend(lambda d: store.to_networkx(as_of=d), dates=[*trend_dates, day], rules=rules,
                      community=community_id)
        report = replace(report, sections=[*report.sections, trend_section(table)])
    return report


def report_key(as_of: dt.date, rules: Rules, community: Place) -> str:
    """The key a computed report is stored under beside its data version: the date, the
    community (as given: id or name) or ``all`` — for a set of ids, ``set:`` and the first 16 hex
    digits of the SHA-256 of its ids sorted, one per line —, the rules and the code that computed
    it (a new release of Gongjian computes afresh).

    >>> report_key(dt.date(2026, 11, 1), Rules(), "C01").split("|")[2:4]
    ['2026-11-01', 'C01']
    >>> report_key(dt.date(2026, 11, 1), Rules(), {"C02", "C01"}).split("|")[3]
    'set:d52ef7ff9b4a034a'
    """
    if community is None or isinstance(community, str):
        scope = community or "all"
    else:
        ids = "\n".join(sorted(place_ids(community) or ()))
        scope = "set:" + hashlib.sha256(ids.encode("utf-8")).hexdigest()[:16]
    return f"{SCHEMA}|{_code_version()}|{as_of.isoformat()}|{scope}|rules:{rules.digest()}"


def _code_version(*, maps: bool = False) -> str:
    """The release, and a digest of the source that computes it: the analyses, the stores'
    projections (what the analyses read) and, for a map, the map model. A report or map computed
    by other code (a new release, or a changed checkout of one) is computed afresh."""
    try:
        release = importlib.metadata.version("gongjian")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        release = "source"
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    sources = [*(here / "analysis").glob("*.py"), here / "reporting.py", here / "texts.py", here / "model.py",
               here / "store.py", here / "embedded_store.py", here / "neo4j_store.py", here / "cypher.py"]
    if maps:
        sources += [*(here / "maps").glob("*.py")]
    for path in sorted(sources):
        try:
            digest.update(path.read_bytes())
        except OSError:
            continue
    return f"{release}+{digest.hexdigest()[:12]}"


T = TypeVar("T")


def _kept(store: GraphStore, key: str, read: Callable[[Any], T], make: Callable[[], T],
          plain: Callable[[T], Any], version_of: Callable[[T], str]) -> T:
    """What the store keeps under ``key`` for its live version (``read`` from its JSON form),
    else ``make()``, kept there as ``plain`` of it, compressed. Something unreadable is made
    again; something another version's (a load that landed meanwhile) is neither served nor kept;
    a store that cannot keep it still gives it."""
    found = _found(store, key, read, version_of)
    if found is not None:
        return found
    made = make()
    if version_of(made) == store.data_version():
        text = json.dumps(plain(made), ensure_ascii=False, separators=(",", ":"))
        try:
            store.save_result(key, gzip.compress(text.encode("utf-8"), compresslevel=6))
        except GongjianError:
            pass
    return made


def _found(store: GraphStore, key: str, read: Callable[[Any], T], version_of: Callable[[T], str]) -> T | None:
    """What the store keeps under ``key`` for its live version (``read`` from its JSON form), or
    ``None``: nothing there, something unreadable, or another version's."""
    version = store.data_version()
    data = store.saved_result(key)
    if data:
        try:
            found = read(json.loads(gzip.decompress(data)))
            if version_of(found) == version:
                return found
        except Exception:  # anything unreadable (zlib, JSON, its shape) is made again
            pass
    return None


def stored_report(
    store: GraphStore,
    *,
    as_of: dt.date | None = None,
    rules: Rules | None = None,
    community: Place = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """:func:`report_for_store` for ``community`` (an id, a set of ids) or all at ``as_of`` (default
    :func:`report_date`), computed once per (data version, date, community, rules, code) and
    stored beside the data (:meth:`GraphStore.save_result`), so that a restart or a second
    process reads it instead of computing it again (a city's takes two to three minutes).

    It is stored in two parts: the report without its tables' rows, then every table's rows
    (compressed one by one). A report read back holds its figures at once and reads a table's
    rows when they are first looked at (:class:`~graph.analysis.report_model.LazyRows`): a
    city's report is 170 MB of JSON, which would take seconds to read whole, and a page shows a
    few of its tables. Rows that can no longer be read (a part dropped, damaged, or of another
    computation) are computed again. A store that cannot keep the report still gives it."""
    key, make = _report_key_and_make(store, as_of, rules, community, progress)
    found = _read_report(store, key, make)
    if found is not None:
        return found
    made = make()
    if made.data_version != store.data_version():  # a load landed meanwhile: neither served from nor kept there
        return made
    if not _save_report(store, key, made):
        return made  # a store that cannot keep it (read-only, full): the report as computed
    # Read back: the rows stay in the store until a page looks at them (a city's would hold gigabytes).
    return _read_report(store, key, make) or made


def saved_report(
    store: GraphStore,
    *,
    as_of: dt.date | None = None,
    rules: Rules | None = None,
    community: Place = None,
) -> Report | None:
    """The report :func:`stored_report` would give if it is stored beside the data (read back as
    there, its rows on first use), else ``None``: never computed here, so that a face can read
    what is stored without waiting behind a computation (its rows, should they be lost, are
    computed again on first use, as there)."""
    key, make = _report_key_and_make(store, as_of, rules, community, None)
    return _read_report(store, key, make)


def _report_key_and_make(
    store: GraphStore, as_of: dt.date | None, rules: Rules | None, community: Place,
    progress: Callable[[str, int, int], None] | None,
) -> tuple[str, Callable[[], Report]]:
    """The stored key of a report and how to compute it (:class:`StoreEmpty` for an empty store)."""
    if not store.data_version():
        raise StoreEmpty(*both("analyze_empty_store"))
    day = report_date(store, as_of)
    rules = rules or Rules()

    def make() -> Report:
        return report_for_store(store, as_of=day, rules=rules, community=community, progress=progress)

    return report_key(day, rules, community), make


class ResultOutdated(GongjianError):
    """A report read back from the store belongs to a data version that is no longer the live one
    (a load landed since): its rows are not read from, or computed on, other data."""

    exit_code = 4


def _save_report(store: GraphStore, key: str, report: Report) -> bool:
    """Store the report's two parts (:func:`_report_parts`), the rows first: the head, saved last,
    says that its rows are there. Whether both are there now, the rows checked by their digest."""
    head, rows = _report_parts(report)
    try:
        store.save_result(f"{key}|rows", rows)
        kept = store.saved_result(f"{key}|rows")
        if kept is None or hashlib.sha256(kept).digest() != hashlib.sha256(rows).digest():
            return False
        store.save_result(key, head)
    except GongjianError:
        return False
    return store.saved_result(key) == head


#: Rows per stored part of a table: a page showing a table's first rows reads one part.
ROWS_PER_PART = 2_000


def _report_parts(report: Report) -> tuple[bytes, bytes]:
    """The report's two stored parts: its JSON form without rows, each table there saying where
    its rows are in the second part (``rows_at``: offset and length of each part of
    :data:`ROWS_PER_PART` rows), and the second part, a concatenation of one compressed JSON
    array per part (its digest in the first)."""
    data = report.to_dict()
    packed: list[bytes] = []
    at = 0
    for section in data["sections"]:
        for table in section["tables"]:
            values = table.pop("rows")
            spans = []
            for i in range(0, max(len(values), 1), ROWS_PER_PART):
                part = gzip.compress(json.dumps(values[i:i + ROWS_PER_PART], ensure_ascii=False,
                                                separators=(",", ":")).encode("utf-8"), compresslevel=6)
                spans.append([at, len(part)])
                packed.append(part)
                at += len(part)
            table["rows_at"], table["rows_count"], table["rows_per_part"] = spans, len(values), ROWS_PER_PART
    rows = b"".join(packed)
    data["rows_digest"] = hashlib.sha256(rows).hexdigest()
    head = gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), compresslevel=6)
    return head, rows


def _read_report(store: GraphStore, key: str, make: Callable[[], Report]) -> Report | None:
    """The report stored under ``key`` for the live version, its rows read on first use; ``None``
    when there is none or it cannot be read."""
    version = store.data_version()
    saved = store.saved_result(key)
    if not saved:
        return None
    try:
        head = json.loads(gzip.decompress(saved))
        digest = str(head["rows_digest"])
        for section in head["sections"]:
            for table in section["tables"]:
                table["rows_at"] = [(int(at), int(size)) for at, size in table["rows_at"]]
                table["rows_count"], table["rows_per_part"] = int(table["rows_count"]), int(table["rows_per_part"])
                table["rows_section"] = section["key"]
    except Exception:  # anything unreadable (zlib, JSON, its shape, an older form) is computed again
        return None
    if head.get("data_version") != version:
        return None
    remade: list[Report] = []
    kept: list[bytes] = []  # the rows part, read once and checked (a page reads several tables)
    lock = threading.Lock()

    def current() -> None:
        if store.data_version() != version:
            raise ResultOutdated(*both("result_outdated"))

    def again(section: str, table: str, i: int, size: int) -> list[list[Any]]:
        """The rows computed afresh (the stored ones are gone or damaged), the report kept again:
        once, however many tables or sessions ask."""
        with lock:
            if not remade:
                made = make()
                if made.data_version != version:
                    raise ResultOutdated(*both("result_outdated"))
                _save_report(store, key, made)
                remade.append(made)
        return list(remade[0].section(section).table(table).rows[i * size:(i + 1) * size])

    def blob() -> bytes | None:
        with lock:
            if not kept and not remade:
                data = store.saved_result(f"{key}|rows")
                current()  # the rows read are of the head's version
                if data is not None and hashlib.sha256(data).hexdigest() == digest:
                    kept.append(data)
            return kept[0] if kept else None

    def read(table: dict[str, Any], i: int) -> list[list[Any]]:
        current()
        data = blob()
        if data is not None:
            at, size = table["rows_at"][i]
            try:
                return list(json.loads(gzip.decompress(data[at:at + size])))
            except Exception:  # damaged: computed again below
                pass
        return again(table["rows_section"], table["key"], i, table["rows_per_part"])

    try:
        return Report.from_dict(head, rows=lambda t: LazyRows(t["rows_count"], t["rows_per_part"],
                                                               lambda i: read(t, i)))
    except Exception:  # its shape is not a report's: computed again
        return None


def stored_map(
    store: GraphStore,
    *,
    kind: str,
    scope: str = "all",
    as_of: dt.date | None = None,
    rules: Rules | None = None,
    full_names: bool = False,
    max_nodes: int = MAX_NODES,
    layout_up_to: int | None = None,
) -> MapModel:
    """:func:`map_for_store`, built once per (data version, its arguments, code) and stored beside
    the data like a report (:func:`stored_report`): a restart or a second process reads it back
    (:func:`saved_map`: only if it is stored)."""
    key, day, rules = _map_key(store, kind, scope, as_of, rules, full_names, max_nodes, layout_up_to)
    return _kept(store, key, MapModel.from_plain,
                 lambda: map_for_store(store, kind=kind, scope=scope, as_of=day, rules=rules, full_names=full_names,
                                       max_nodes=max_nodes, layout_up_to=layout_up_to),
                 MapModel.to_plain, lambda m: m.data_version)


def saved_map(
    store: GraphStore,
    *,
    kind: str,
    scope: str = "all",
    as_of: dt.date | None = None,
    rules: Rules | None = None,
    full_names: bool = False,
    max_nodes: int = MAX_NODES,
    layout_up_to: int | None = None,
) -> MapModel | None:
    """The map :func:`stored_map` would give if it is stored beside the data, else ``None``
    (never built here)."""
    key, _, _ = _map_key(store, kind, scope, as_of, rules, full_names, max_nodes, layout_up_to)
    return _found(store, key, MapModel.from_plain, lambda m: m.data_version)


def _map_key(store: GraphStore, kind: str, scope: str, as_of: dt.date | None, rules: Rules | None,
             full_names: bool, max_nodes: int, layout_up_to: int | None) -> tuple[str, dt.date, Rules]:
    """The stored key of a map, its date and rules (:class:`StoreEmpty` for an empty store)."""
    if not store.data_version():
        raise StoreEmpty(*both("analyze_empty_store"))
    day = report_date(store, as_of)
    rules = rules or Rules()
    scope = str(Scope.parse(scope))  # stored once however it was spelt
    key = (f"map|{_code_version(maps=True)}|{kind}|{scope}|{day.isoformat()}|{full_names}|{max_nodes}|{layout_up_to}"
           f"|rules:{rules.digest()}")
    return key, day, rules


def headline(report: Report) -> list[list[Figure]]:
    """The figures of :data:`HEADLINES` the report has, line by line (lines with none left out)."""
    lines = []
    for group in HEADLINES:
        found = []
        for section_key, figure_key in group:
            try:
                found.append(report.section(section_key).figure(figure_key))
            except KeyError:
                continue
        if found:
            lines.append(found)
    return lines


def map_for_store(
    store: GraphStore,
    *,
    kind: str,
    scope: str = "all",
    as_of: dt.date | None = None,
    rules: Rules | None = None,
    full_names: bool = False,
    max_nodes: int = MAX_NODES,
    layout_up_to: int | None = None,
) -> MapModel:
    """The map of ``kind`` for ``scope`` (:func:`graph.maps.build.build_map`) at ``as_of`` (default
    :func:`report_date`), laid out (unless it has more than ``layout_up_to`` nodes: then its
    positions are all 0, for a file whose reader lays it out itself).

    The picture depends only on the data version, the kind, the scope, the rules and the date,
    never on what was drawn before: the layout of the map at the data's own date is computed
    once and stored (:meth:`GraphStore.save_layout`); a map at another date keeps those positions
    and places only the nodes that map has and that one lacks (stored too, per date), so maps of
    one scope at several dates line up. :class:`StoreEmpty` for an empty store."""
    version = store.data_version()
    if not version:
        raise StoreEmpty(*both("analyze_empty_store"))
    day = report_date(store, as_of)
    rules = rules or Rules()
    options = {"kind": kind, "scope": Scope.parse(scope), "rules": rules, "data_version": version,
               "full_names": full_names}

    def built(when: dt.date, limit: int) -> MapModel:
        G = store.to_networkx(as_of=when)
        try:
            return build_map(G, as_of=when, max_nodes=limit, **options)
        finally:
            G.clear()  # one projection in memory at a time (emptied: see report_for_store)
            del G

    model = built(day, max_nodes)
    if layout_up_to is not None and len(model.nodes) > layout_up_to:
        return model
    key = layout_key(model, rules)
    home = store.data_date() or day
    base = store.saved_layout(key)
    if base is None:
        # The same aggregation as this map, whatever the node count at the data's own date.
        canonical = model if day == home else built(home, 0 if model.aggregated else 2**62)
        _, base = laid_out(canonical)
        store.save_layout(key, base)
    if all(n.id in base for n in model.nodes):
        return laid_out(model, base)[0]
    dated = f"{key}|{day.isoformat()}"
    extra = store.saved_layout(dated) or {}
    drawn, positions = laid_out(model, {**extra, **base})
    placed = {n: p for n, p in positions.items() if n not in base}
    if placed != extra:
        store.save_layout(dated, placed)
    return drawn
