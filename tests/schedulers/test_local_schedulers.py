"""Local schedulers: agreement, errors, interrupts, memory release, callbacks."""

import threading
import time

import numpy as np
import pytest

import lazyarr as la
from lazyarr.callbacks import Callback
from lazyarr.core.graph import Key, Task, literal
from lazyarr.schedulers import sync, threads


def _random_dag(n, seed):
    rng = np.random.default_rng(seed)
    tasks = {}
    for i in range(n):
        deps = [Key("t", (int(j),)) for j in rng.choice(i, size=min(i, 3), replace=False)] if i else []
        tasks[Key("t", (i,))] = Task(lambda *xs, i=i: i + sum(xs), tuple(deps)) if deps else Task(literal, (i,))
    return tasks


@pytest.mark.parametrize("seed", range(5))
def test_threads_agree_with_sync_on_random_graphs(seed):
    tasks = _random_dag(200, seed)
    outputs = [Key("t", (i,)) for i in range(150, 200)]
    assert threads.get(tasks, outputs, num_workers=4) == sync.get(tasks, outputs)


def test_errors_keep_their_type_and_name_the_block(scheduler):
    def fail(block):
        if block[0] >= 4:
            raise ZeroDivisionError("boom")
        return block

    x = la.arange(8, chunks=2).map_blocks(fail)
    before = threading.active_count()
    with pytest.raises(ZeroDivisionError, match="boom") as info:
        x.compute()
    note = "\n".join(getattr(info.value, "__notes__", []))
    assert "fail" in note and ("block (2,)" in note or "block (3,)" in note)
    time.sleep(0.05)
    assert threading.active_count() == before  # no worker left running


def test_keyboard_interrupt_stops_promptly():
    def slow(block):
        time.sleep(0.2)
        return block

    x = la.arange(400, chunks=1).map_blocks(slow).sum()
    timer = threading.Timer(0.3, lambda: __import__("_thread").interrupt_main())
    timer.start()
    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        x.compute(scheduler="threads", num_workers=2)
    assert time.perf_counter() - start < 1.5  # 400 x 0.2 s would take 40 s


class _Recorder(Callback):
    def __init__(self):
        self.started = self.finished = 0
        self.seen = []
        self.lock = threading.Lock()

    def start(self, event):
        self.started += 1
        self.ntasks = event.ntasks

    def task_end(self, key, event):
        assert event.end >= event.start
        with self.lock:
            self.seen.append(key)

    def finish(self, event):
        self.finished += 1
        self.error = event.error


def test_callbacks_see_each_task_exactly_once(scheduler):
    x = (la.ones((20, 20), chunks=5) + 1).sum()
    with _Recorder() as rec:
        x.compute()
    assert rec.started == rec.finished == 1
    assert len(rec.seen) == len(set(rec.seen)) == rec.ntasks
    assert rec.error is None


def test_callbacks_get_the_error():
    x = la.arange(4, chunks=2).map_blocks(lambda b: 1 // 0 * b, dtype=int)
    rec = _Recorder()
    with pytest.raises(ZeroDivisionError):
        x.compute(callbacks=rec)
    assert isinstance(rec.error, ZeroDivisionError)


def test_results_are_freed_as_soon_as_possible():
    """A reduction over many blocks never holds more than a few blocks at once."""
    live = {"now": 0, "peak": 0}

    class Tracked(np.ndarray):
        def __del__(self):
            live["now"] -= 1

    def make(block):
        live["now"] += 1
        live["peak"] = max(live["peak"], live["now"])
        return np.asarray(block).view(Tracked)

    x = la.ones(1000, chunks=10).map_blocks(make, dtype=float).sum(split_every=4)
    assert x.compute(scheduler="sync") == 1000.0
    assert live["peak"] <= 6  # 100 blocks exist in the graph, only a handful in memory


def test_num_workers_validation():
    with pytest.raises(ValueError, match="num_workers must be at least 1"):
        la.ones(4, chunks=2).sum().compute(scheduler="threads", num_workers=-1)


def test_unknown_scheduler_name():
    with pytest.raises(ValueError, match="unknown scheduler 'gpu'"):
        la.ones(2).compute(scheduler="gpu")


def test_config_chooses_scheduler():
    seen = []

    class Which(Callback):
        def start(self, event):
            seen.append(event.scheduler)

    with Which(), la.config.set(scheduler="sync"):
        la.ones(4, chunks=2).sum().compute()
    with Which():
        la.ones(4, chunks=2).sum().compute(scheduler="threads")
    assert seen == ["sync", "threads"]


def test_compute_several_shares_work():
    calls = []

    def count(block):
        calls.append(1)
        return block

    x = la.arange(10, chunks=5).map_blocks(count, dtype=int)
    a, b = la.compute(x.sum(), x.max(), scheduler="sync")
    assert (a, b) == (45, 9)
    assert len(calls) == 2  # one per block, not one per result


def test_persist_returns_computed_blocks():
    calls = []

    def count(block):
        calls.append(1)
        return block

    x = la.arange(10, chunks=5).map_blocks(count, dtype=int).persist(scheduler="sync")
    assert len(calls) == 2
    assert x.sum().compute() == 45 and x.max().compute() == 9
    assert len(calls) == 2
