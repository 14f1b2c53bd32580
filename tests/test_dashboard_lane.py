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
    while order != ["first"]:
        time.sleep(0.01)
    assert memo.ready("background", slow("background")) is None  # queued behind it
    time.sleep(0.05)
    waiter = threading.Thread(target=lambda: memo.get("wanted", slow("wanted")))
    waiter.start()
    while "wanted" not in memo.jobs or memo.jobs["wanted"].step[0] != "queued":
        time.sleep(0.01)
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
