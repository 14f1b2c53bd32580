"""The dashboard's state: the one owner of every cache. Pages are UI only; they ask this module.

- :func:`store` — the store: embedded by default, Neo4j when ``GONGJIAN_STORE=neo4j`` (or
  ``NEO4J_URI`` is set); opened once per process.
- :func:`report` — the report for (data version, date, rules, community), computed once: kept
  in this process and stored beside the data (:func:`graph.reporting.stored_report`), so that a
  restart or a second server reads it instead of computing it again; a progress bar while it is
  computed.
- :func:`map_view` — a laid-out network map (:func:`graph.reporting.map_for_store`);
  :func:`query` — a named query's rows.

Every computation runs once, in a thread of its own, however many sessions ask at once; each
waiting session draws its own progress.

Every cache is keyed by the data version, read on every rerun: a new load is picked up
without a restart. Library errors reach the page as :class:`graph.errors.GongjianError`, which
``app.py`` shows as a message in the reader's language.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import itertools
import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard import settings
from graph.analysis.readings import Place as Scope
from graph.analysis.report_model import Report
from graph.analysis.rules import Rules
from graph.maps.build import MAX_NODES
from graph.maps.model import MapModel
from graph.model import Label
from graph.reporting import report_date, saved_map, saved_report, stored_map, stored_report
from graph.store import GraphStore
from graph.texts import t

T = TypeVar("T")

#: How many reports and maps one server keeps in memory (the least recently used go first; a
#: report dropped here is still stored beside the data).
KEEP_REPORTS = 24
KEEP_MAPS = 24


def store_kind() -> str:
    """``embedded`` unless ``GONGJIAN_STORE=neo4j`` (or ``NEO4J_URI`` is set without it)."""
    kind = os.environ.get("GONGJIAN_STORE", "").strip().lower()
    if kind in settings.STORE_KINDS:
        return kind
    return "neo4j" if os.environ.get("NEO4J_URI") else "embedded"


@st.cache_resource(show_spinner=False)
def _open(kind: str, home: str) -> GraphStore:
    return settings.open_store(kind, Path(home))


def store() -> GraphStore:
    """The store of this server (opened once per process)."""
    return _open(store_kind(), str(settings.home()))


def version() -> str:
    """The live data version (read on every rerun; ``""`` for an empty store)."""
    return store().data_version()


def rules() -> Rules:
    """The rules in effect (the store home's ``rules.toml``, else the defaults)."""
    return settings.read_rules(None, settings.home()).rules


def data_date() -> dt.date | None:
    """The date the data describes (the default date of every view)."""
    return store().data_date()


class _Job:
    """One computation in its own thread: its latest progress step, then its value or error.
    ``waited`` once a session waits for it (it goes before those computed in the background)."""

    def __init__(self, seq: int, waited: bool) -> None:
        self.step: tuple[str, int, int] = ("", 0, 1)
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None
        self.seq, self.waited = seq, waited


class _Lane:
    """Heavy computations (reports and maps: each projects the store) run one at a time. Under
    Python's lock two at once take as long as one after the other, and at city scale each holds
    a projection of about 7 GB. The next to start is the earliest that a session waits for, then
    the earliest asked for in the background (a comparison date's report).

    A background one also lets the pages being drawn finish first (:func:`drawing`), for at most
    :data:`YIELD_S`: started at once, it would take half of Python's time from the page that
    asked for it, which is then drawn at half speed."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.busy = False
        self.queue: list[_Job] = []
        self.drawing = 0

    def enter(self, job: _Job) -> None:
        with self.cond:
            self.queue.append(job)
            until: float | None = None
            while True:
                turn = not self.busy and min(self.queue, key=lambda j: (not j.waited, j.seq)) is job
                if turn and (job.waited or self.drawing == 0):
                    break
                timeout = None
                if turn:  # a background job while pages are drawn: they go first, for a while
                    until = time.monotonic() + YIELD_S if until is None else until
                    timeout = until - time.monotonic()
                    if timeout <= 0:
                        break
                else:  # the while is from its latest turn: not used up behind another computation
                    until = None
                job.step = ("queued", 0, 1)
                self.cond.wait(timeout)
            self.queue.remove(job)
            self.busy = True
            job.step = ("", 0, 1)

    def draw(self, change: int) -> None:
        with self.cond:
            self.drawing += change
            self.cond.notify_all()

    def leave(self) -> None:
        with self.cond:
            self.busy = False
            self.cond.notify_all()

    def wait_for(self, job: _Job) -> None:
        """A session now waits for ``job``: it goes before the background ones."""
        with self.cond:
            if not job.waited:
                job.waited = True
                self.cond.notify_all()


#: How long a background computation lets the pages being drawn go first (seconds).
YIELD_S = 5.0
_LANE = _Lane()


@contextlib.contextmanager
def drawing() -> Iterator[None]:
    """While a page is drawn (``app.py`` runs every page in this; a fragment's own reruns, such
    as the overview's polling, are not counted): background computations wait for it to
    finish, up to :data:`YIELD_S` (:class:`_Lane`)."""
    _LANE.draw(+1)
    try:
        yield
    finally:
        _LANE.draw(-1)


#: The order computations were asked for, across every memo (the lane compares them).
_ORDER = itertools.count()


class _Collector:
    """Python's cyclic garbage collector, paused while any computation runs (as ``gongjian analyze``
    pauses it for its command): the analyses make no reference cycles, and each automatic
    collection would walk the whole heap — a projection's millions of objects and every report
    kept — which costs a district report a third of its time. Resumed when the last one ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.was_enabled = True

    def __enter__(self) -> None:
        with self.lock:
            if self.running == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.running += 1

    def __exit__(self, *_: object) -> None:
        with self.lock:
            self.running -= 1
            if self.running == 0 and self.was_enabled:
                gc.enable()


_COLLECTOR = _Collector()


class _Memo:
    """A process-wide least-recently-used memo. A value is computed once, in a thread of its own,
    however many sessions ask for it at once: each waits and draws its own progress, and a
    session that stops waiting (a click, a closed tab) does not stop the computation."""

    def __init__(self, size: int, lane: _Lane | None = None) -> None:
        self.size = size
        self.lane = lane
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.jobs: dict[Hashable, _Job] = {}

    def get(self, key: Hashable, compute: Callable[[Callable[[str, int, int], None]], T],
            show: Callable[[str, int, int], None] | None = None, *, read: Callable[[], T | None] | None = None) -> T:
        """The value of ``key``; ``read()`` gives it if it is stored (quick: not in the lane, so not
        behind a computation), else ``compute(progress)`` makes it; ``show(step, done, total)``
        is called while this caller waits."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]  # type: ignore[no-any-return]
            job = self._job(key, compute, waited=True, read=read)
        if self.lane is not None:
            self.lane.wait_for(job)
        while not job.done.wait(0.25):
            if show is not None:
                show(*job.step)
        if job.error is not None:
            raise job.error
        return job.value  # type: ignore[no-any-return]

    def ready(self, key: Hashable, compute: Callable[[Callable[[str, int, int], None]], T], *,
              wait_s: float = 0.5, read: Callable[[], T | None] | None = None) -> T | None:
        """The value of ``key`` if it is in memory or ``read()`` gives it within ``wait_s`` (one
        stored beside the data reads in milliseconds: the page need not come back for it); else
        ``None``, its computation going on in the background. In the lane, that lets the pages
        being drawn finish first (:class:`_Lane`): a value this caller does not wait for is not
        computed while it draws, however quick."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]  # type: ignore[no-any-return]
            job = self._job(key, compute, waited=False, read=read)
        if job.done.wait(wait_s) and job.error is None:
            return job.value  # type: ignore[no-any-return]
        return None

    def _job(self, key: Hashable, compute: Callable[[Callable[[str, int, int], None]], Any], *,
             waited: bool, read: Callable[[], Any] | None = None) -> _Job:
        """The computation of ``key`` going on, or a new one started (called holding the lock)."""
        job = self.jobs.get(key)
        if job is None:
            job = self.jobs[key] = _Job(next(_ORDER), waited)
            threading.Thread(target=self._run, args=(key, job, compute, read), daemon=True,
                             name="gongjian-compute").start()
        return job

    def _run(self, key: Hashable, job: _Job, compute: Callable[[Callable[[str, int, int], None]], Any],
             read: Callable[[], Any] | None) -> None:
        def progress(step: str, done: int, total: int) -> None:
            job.step = (step, done, total)

        try:
            job.value = read() if read is not None else None
            if job.value is None:
                if self.lane is not None:
                    self.lane.enter(job)
                try:
                    with _COLLECTOR:
                        job.value = compute(progress)
                finally:
                    if self.lane is not None:
                        self.lane.leave()
            with self.lock:
                self.items[key] = job.value
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
        except BaseException as e:  # handed to every waiting session
            job.error = e
        finally:
            with self.lock:
                self.jobs.pop(key, None)
            job.done.set()


@st.cache_resource(show_spinner=False)
def _reports() -> _Memo:
    return _Memo(KEEP_REPORTS, _LANE)


@st.cache_resource(show_spinner=False)
def _maps() -> _Memo:
    return _Memo(KEEP_MAPS, _LANE)


@st.cache_resource(show_spinner=False)
def _light() -> _Memo:
    return _Memo(KEEP_MAPS)


def _report_job(as_of: dt.date | None, community: Scope
                ) -> tuple[Hashable, dt.date, Callable[..., Report], Callable[[], Report | None]]:
    """The memo key of a report, its date, how to compute it (:func:`stored_report`) and how to
    read it if it is stored (:func:`saved_report`)."""
    s = store()
    day = report_date(s, as_of)
    r = rules()
    key = (store_kind(), str(settings.home()), s.data_version(), day.isoformat(), community, r.digest())
    return (key, day, lambda progress: stored_report(s, as_of=day, rules=r, community=community, progress=progress),
            lambda: saved_report(s, as_of=day, rules=r, community=community))


def report(as_of: dt.date | None, community: Scope, lang: str) -> Report:
    """The report at ``as_of`` (default: the data's date) for ``community`` (an id, a set of ids:
    a street's or a district's) or all,
    with a progress bar while it is computed."""
    key, day, compute, read = _report_job(as_of, community)
    bar: list[Any] = []

    def show(step: str, done: int, total: int) -> None:
        what = t(f"dash_step_{step}", lang) if step else t("dash_computing_start" if done < total else "dash_step_done",
                                                               lang)
        text = t("dash_computing_step", lang).format(date=day.isoformat(), step=what, done=done, total=total)
        if not bar:
            bar.append(st.progress(0.0, text=text))
        bar[0].progress(min(done / max(total, 1), 1.0), text=text)

    try:
        return _reports().get(key, compute, show, read=read)
    finally:
        if bar:
            bar[0].empty()


def report_if_ready(as_of: dt.date | None, community: Scope) -> Report | None:
    """The report of :func:`report` if it is computed (in memory or stored); else ``None``, its
    computation started in the background (a page shows what it has, and more when it is ready)."""
    key, _, compute, read = _report_job(as_of, community)
    return _reports().ready(key, compute, read=read)


def map_view(kind: str, scope: str, as_of: dt.date | None, *, full_names: bool = False,
             max_nodes: int = MAX_NODES, layout_up_to: int | None = None) -> MapModel:
    """The laid-out map of ``kind`` for ``scope`` at ``as_of``, as ``gongjian export map`` draws it
    (with ``max_nodes=∞, layout_up_to=MAX_NODES``: the network ``gongjian export data`` writes)."""
    s = store()
    day = report_date(s, as_of)
    r = rules()
    key = (store_kind(), str(settings.home()), s.data_version(), kind, scope, day.isoformat(), full_names, max_nodes,
           layout_up_to, r.digest())
    chosen: dict[str, Any] = {"kind": kind, "scope": scope, "as_of": day, "rules": r, "full_names": full_names,
                              "max_nodes": max_nodes, "layout_up_to": layout_up_to}
    return _maps().get(key, lambda _: stored_map(s, **chosen), read=lambda: saved_map(s, **chosen))


def query(name: str, params: tuple[tuple[str, Any], ...], *, timeout_s: float, limit: int) -> Any:
    """A named query's result (computed once per data version, rules and parameters)."""
    s = store()
    r = rules()
    key = ("query", store_kind(), str(settings.home()), s.data_version(), name, params, r.digest(), limit)
    return _maps().get(key, lambda _: s.run_named(name, dict(params), rules=r, timeout_s=timeout_s, limit=limit))


def map_picture(kind: str, scope: str, as_of: dt.date | None, lang: str, fmt: str = "png") -> bytes:
    """:func:`map_view` drawn as a static picture (the exports' renderer), drawn once."""
    from exports.map_static import render_static

    model = map_view(kind, scope, as_of)
    s, digest = store(), rules().digest()
    key = ("picture", store_kind(), str(settings.home()), model.data_version, kind, scope, model.as_of, lang, fmt, digest)

    def draw(_: object) -> bytes:
        """Stored beside the data like the map model: a restart reads it instead of drawing again."""
        kept = f"picture|{_drawing_version(model)}|{kind}|{scope}|{model.as_of}|{lang}|{fmt}|rules:{digest}"
        same = model.data_version == s.data_version()
        found = s.saved_result(kept) if same else None
        if found:
            return found
        picture = render_static(model, fmt, lang)
        if same:
            s.save_result(kept, picture)
        return picture

    return _light().get(key, draw)


def _drawing_version(model: MapModel) -> str:
    """What a stored picture was drawn from and by: the map model's content and the renderer's
    source (a changed model or renderer draws afresh)."""
    import exports.map_static

    digest = hashlib.sha256(json.dumps(model.to_plain(), ensure_ascii=False, sort_keys=True, default=str).encode())
    try:
        digest.update(Path(exports.map_static.__file__).read_bytes())
    except OSError:
        pass
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Place:
    """A community as the filters offer it."""

    id: str
    name: str
    street: str
    district: str


@st.cache_data(show_spinner=False, max_entries=8)
def _places(kind: str, home: str, data_version: str) -> list[Place]:
    frame = store().nodes(Label.COMMUNITY)
    out = []
    for row in frame.to_dict("records"):
        street, district = row.get("street"), row.get("district")
        out.append(Place(str(row["id"]), str(row.get("name") or row["id"]),
                         street.strip() if isinstance(street, str) else "",
                         district.strip() if isinstance(district, str) else ""))
    return sorted(out, key=lambda p: (p.district, p.street, p.id))


def places() -> list[Place]:
    """The communities of the data, by street then id."""
    return _places(store_kind(), str(settings.home()), version())


@st.cache_data(show_spinner=False, max_entries=8)
def _branches(kind: str, home: str, data_version: str) -> pd.DataFrame:
    frame = store().nodes(Label.PARTY_ORG)
    keep = [c for c in ("id", "name", "kind", "community") if c in frame.columns]
    return frame[keep].sort_values("id").reset_index(drop=True)


def branches() -> pd.DataFrame:
    """The party organizations (id, name, kind, community where known)."""
    return _branches(store_kind(), str(settings.home()), version())
