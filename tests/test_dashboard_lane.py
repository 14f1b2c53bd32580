"""The dashboard's computations (dashboard/state.py): one heavy computation at a time, those a
session waits for before those started in the background, and each computed once however many
ask; the garbage collector paused while any runs."""

from __future__ import annotations

import gc
import threading
import time

from dashboard.state import _COLLECTOR, _Lane, _Memo


def test_a_waited_for_computation_goes_before_the_background_ones() -> None:
    lane, order = _Lane(), []
    memo = _Memo(8, lane)
    release = threading.Event()

    def slow(name: str):  # type: ignore[no-untyped-def]
        def compute(_progress):  # type: ignore[no-untyped-def]
            order.append(name)
            if name == "first":
                release.wait(10)
            return name
        return compute

    assert memo.ready("first", slow("first")) is None  # starts at once: the lane is free
    _until(lambda: order == ["first"])
    assert memo.ready("background", slow("background")) is None  # queued behind it
    time.sleep(0.05)
    waiter = threading.Thread(target=lambda: memo.get("wanted", slow("wanted")))
    waiter.start()
    _until(lambda: "wanted" in memo.jobs and memo.jobs["wanted"].step[0] == "queued")
    assert memo.jobs["background"].step[0] == "queued" and gc.isenabled() is False  # paused while "first" runs
    release.set()
    waiter.join(10)
    assert memo.get("background", slow("background")) == "background"
    assert order == ["first", "wanted", "background"]  # the one a session waits for went first
    assert gc.isenabled() and _COLLECTOR.running == 0  # resumed when the last ended


def test_one_computation_however_many_ask() -> None:
    memo, calls = _Memo(8, _Lane()), []

    def compute(_progress):  # type: ignore[no-untyped-def]
        calls.append(1)
        time.sleep(0.2)
        return 42

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("k", compute))) for _ in range(5)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(10)
    assert results == [42] * 5 and calls == [1]


def test_a_value_made_at_once_is_given_at_once() -> None:
    """A stored report reads in milliseconds: ``ready`` gives it without the page coming back."""
    memo = _Memo(8, _Lane())
    assert memo.ready("quick", lambda _progress: "read back") == "read back"
    assert memo.ready("slow", lambda _progress: time.sleep(2) or "later", wait_s=0.1) is None



def _until(condition, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.01)


def _started(name: str, order: list[str], release: threading.Event | None = None,
             done: dict[str, float] | None = None):  # type: ignore[no-untyped-def]
    def compute(_progress):  # type: ignore[no-untyped-def]
        order.append(name)
        if release is not None:
            release.wait(20)
        if done is not None:
            done[name] = time.monotonic()
        return name
    return compute


def test_a_background_computation_lets_the_pages_being_drawn_finish_first() -> None:
    lane, order = _Lane(), []
    memo = _Memo(8, lane)
    lane.draw(+1)  # a page is being drawn (app.py: state.drawing())
    assert memo.ready("comparison", _started("comparison", order), wait_s=0.1) is None
    time.sleep(0.3)
    assert order == [] and memo.jobs["comparison"].step[0] == "queued"  # not started while the page is drawn
    assert memo.get("wanted", _started("wanted", order)) == "wanted"  # one a page waits for: at once
    assert order == ["wanted"]
    lane.draw(-1)  # the page is drawn
    assert memo.get("comparison", _started("comparison", order)) == "comparison"
    assert order == ["wanted", "comparison"]


def test_a_background_computation_waits_for_pages_only_so_long(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dashboard.state as state

    monkeypatch.setattr(state, "YIELD_S", 0.3)
    lane, order, done = _Lane(), [], {}
    memo = _Memo(8, lane)
    lane.draw(+1)  # pages drawn one after another, never none: it starts all the same
    start = time.monotonic()
    memo.ready("comparison", _started("comparison", order, done=done), wait_s=0.0)
    _until(lambda: "comparison" in done)
    assert order == ["comparison"] and 0.25 <= done["comparison"] - start < 15
    lane.draw(-1)


def test_the_while_it_lets_pages_go_first_counts_from_its_latest_turn(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Behind a computation a page waits for, a background one has not used up its while: when
    that ends, the page drawing its result goes first again."""
    import dashboard.state as state

    monkeypatch.setattr(state, "YIELD_S", 0.5)
    lane, order, done, release = _Lane(), [], {}, threading.Event()
    memo = _Memo(8, lane)
    lane.draw(+1)
    memo.ready("comparison", _started("comparison", order, done=done), wait_s=0.0)
    time.sleep(0.2)  # its turn: waiting for the page
    waiter = threading.Thread(target=lambda: memo.get("wanted", _started("wanted", order, release, done)))
    waiter.start()
    _until(lambda: order == ["wanted"])
    time.sleep(0.8)  # longer than its while
    release.set()
    _until(lambda: "wanted" in done)
    waiter.join(20)
    time.sleep(0.2)
    assert order == ["wanted"]  # not at once: the page is still drawn
    lane.draw(-1)
    _until(lambda: "comparison" in done)
    assert order == ["wanted", "comparison"]


def test_what_is_stored_is_read_without_waiting_behind_a_computation() -> None:
    """A stored report is read outside the lane: a page after a restart does not wait for a map
    that another session's visit is computing (minutes at city scale)."""
    lane, order, release = _Lane(), [], threading.Event()
    memo = _Memo(8, lane)
    memo.ready("map", _started("map", order, release), wait_s=0.0)
    _until(lambda: order == ["map"])
    assert memo.ready("report", _started("report", order), read=lambda: "read back", wait_s=5) == "read back"
    assert order == ["map"]  # read, not computed, while the map runs
    release.set()
    assert memo.get("not stored", _started("not stored", order), read=lambda: None) == "not stored"
    assert order == ["map", "not stored"]  # nothing stored: computed in the lane
