"""The local schedulers: how one is chosen, that they agree, free memory, report every task once,
keep errors, stop cleanly on Ctrl-C; and the thread pool's batching of tiny tasks.

Low-level tests run the ``get`` functions on hand-made task graphs (``GETS``: the sync
scheduler, the threaded one with 1, 2 and 4 workers, and the basic thread pool without
batching). Tests through ``lazyarr.compute`` use the ``scheduler`` fixture (every local
scheduler). No test waits on the clock for synchronisation: workers are joined, and
interrupts are sent by a task once it runs. Tasks that sleep do so as their workload.
"""

from __future__ import annotations

import _thread
import sys
import threading
import time
import weakref

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.callbacks import Callback
from lazyarr.core import compute as core_compute
from lazyarr.core.graph import Key, Task, literal
from lazyarr.schedulers import batching, choice, resolve, sync, threads
from lazyarr.schedulers.pool import ThreadPool
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import combine, task_graphs


def _basic_pool(tasks, outputs, num_workers=2, **kwargs):
    return ThreadPool(tasks, outputs, num_workers=num_workers, **kwargs).run()


GETS = {
    "sync": sync.get,
    "threads-1": lambda *a, **k: threads.get(*a, num_workers=1, **k),
    "threads-2": lambda *a, **k: threads.get(*a, num_workers=2, **k),
    "threads-4": lambda *a, **k: threads.get(*a, num_workers=4, **k),
    "pool-2": _basic_pool,  # the thread pool without tiny-task batching
}


def _workers(which):
    return 1 if which == "sync" else int(which.split("-")[1])


def _worker_threads():
    return [t for t in threading.enumerate() if t.name.startswith("lazyarr-worker")]


def _join_workers(timeout=10.0):
    """Wait for every worker thread to end (the running tasks finish); return those still alive."""
    for t in _worker_threads():
        t.join(timeout)
    return _worker_threads()


# -- choosing a scheduler ---------------------------------------------------------------------------
@pytest.mark.parametrize("name, expected", [("threads", "threads"), ("threading", "threads"), ("sync", "sync"),
                                            ("synchronous", "sync"), ("single-threaded", "sync")])
def test_names_and_aliases(name, expected):
    assert resolve(name).name == expected
    with la.config.set(scheduler=name):
        assert resolve(None).name == expected


def test_default_is_the_threaded_scheduler():
    assert la.config.get("scheduler") == "threads" and resolve(None).name == "threads"


def test_a_scheduler_object_is_used_as_it_is():
    chosen = resolve("sync")
    assert resolve(chosen) is chosen
    with la.config.set(scheduler=chosen):
        assert resolve(None) is chosen


@pytest.mark.parametrize("function", ["compute", "persist"])
def test_unknown_scheduler_name(function):
    with pytest.raises(ValueError, match=rf"{function}: unknown scheduler 'gpu'; use 'threads', 'sync'"):
        getattr(la.ones(2), function)(scheduler="gpu")


@pytest.mark.parametrize("function", ["compute", "persist"])
def test_a_scheduler_of_the_wrong_type(function):
    with pytest.raises(TypeError, match=rf"{function}: scheduler=42 is not a scheduler name, a distributed Client"):
        getattr(la.ones(2), function)(scheduler=42)


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


def test_no_active_client_without_distributed_imported(monkeypatch):
    monkeypatch.delitem(sys.modules, "distributed", raising=False)
    assert choice.active_client() is None


def test_compute_needs_a_plugged_in_scheduler(monkeypatch):
    monkeypatch.setattr(core_compute, "_resolver", None)
    with pytest.raises(RuntimeError, match="compute: no scheduler is plugged in"):
        la.ones(2).compute()


# -- the schedulers agree --------------------------------------------------------------------------
def _oracle(tasks, key, memo):
    if key not in memo:
        memo[key] = tasks[key].execute({d: _oracle(tasks, d, memo) for d in tasks[key].dependencies})
    return memo[key]


def _needed(tasks, outputs):
    needed, stack = set(), list(outputs)
    while stack:
        k = stack.pop()
        if k not in needed:
            needed.add(k)
            stack.extend(tasks[k].dependencies)
    return needed


@given(task_graphs(), st.sampled_from(sorted(GETS)))
def test_schedulers_agree_with_direct_evaluation(graph, which):
    tasks, outputs = graph
    memo = {}
    expected = {k: _oracle(tasks, k, memo) for k in outputs}
    assert GETS[which](tasks, outputs) == expected


@settings(max_examples=10, deadline=None)
@given(task_graphs(max_tasks=200), st.sampled_from(sorted(GETS)))
def test_schedulers_agree_on_bigger_graphs(graph, which):
    tasks, outputs = graph
    assert GETS[which](tasks, outputs) == sync.get(tasks, outputs)


@given(task_graphs(), st.sampled_from(sorted(GETS)))
def test_deliver_gets_each_output_once(graph, which):
    tasks, outputs = graph
    memo = {}
    got = []
    result = GETS[which](tasks, outputs, deliver=lambda k, v: got.append((k, v)))
    assert result == {}
    assert sorted(got) == sorted((k, _oracle(tasks, k, memo)) for k in outputs)


def test_empty_graph_runs_nothing():
    for get in GETS.values():
        assert get({}, []) == {}


def test_compute_several_shares_work(scheduler):
    calls = []

    def count(block):
        calls.append(1)
        return block

    x = la.arange(10, chunks=5).map_blocks(count, dtype=int)
    a, b = la.compute(x.sum(), x.max())
    assert (a, b) == (45, 9)
    assert len(calls) == 2  # one per block, not one per result


def test_persist_returns_computed_blocks(scheduler):
    calls = []

    def count(block):
        calls.append(1)
        return block

    x = la.arange(10, chunks=5).map_blocks(count, dtype=int)
    label, p = la.persist("not an array", x)
    assert label == "not an array"
    assert len(calls) == 2
    assert all(t.func is literal for t in p.graph.tasks().values())
    assert_eq(p, np.arange(10))
    assert_eq(p.max(), np.int64(9))
    assert len(calls) == 2  # nothing computed again


def test_num_workers_validation():
    with pytest.raises(ValueError, match="num_workers must be at least 1, got -1"):
        la.ones(4, chunks=2).sum().compute(scheduler="threads", num_workers=-1)


# -- callbacks ------------------------------------------------------------------------------------------
class Recorder(Callback):
    def __init__(self):
        self.started, self.ended, self.events = [], [], []
        self.lock = threading.Lock()

    def start(self, event):
        self.events.append(("start", event.ntasks))

    def task_start(self, key):
        with self.lock:
            self.started.append(key)

    def task_end(self, key, event):
        assert event.end >= event.start
        with self.lock:
            self.ended.append(key)

    def finish(self, event):
        self.events.append(("finish", event.ntasks_done, event.error))


@given(task_graphs(), st.sampled_from(sorted(GETS)))
def test_callbacks_see_each_task_once(graph, which):
    tasks, outputs = graph
    rec = Recorder()
    GETS[which](tasks, outputs, callbacks=[rec])
    needed = _needed(tasks, outputs)
    assert sorted(rec.started) == sorted(needed)
    assert sorted(rec.ended) == sorted(needed)
    assert rec.events == [("start", len(tasks)), ("finish", len(needed), None)]


def test_callbacks_see_each_task_once_in_a_lazyarr_compute(scheduler):
    x = la.ones((40, 30), chunks=(7, 6))
    with Recorder() as rec:
        (x + 1).sum(axis=0).compute()
    (start, ntasks), (finish, done, error) = rec.events
    assert len(rec.ended) == len(set(rec.ended)) == ntasks == done and error is None
    assert sorted(rec.started) == sorted(rec.ended)


def test_callbacks_get_the_error(scheduler):
    x = la.arange(4, chunks=2).map_blocks(lambda b: 1 // 0 * b, dtype=int)
    rec = Recorder()
    with pytest.raises(ZeroDivisionError):
        x.compute(callbacks=rec)
    assert rec.events[-1][0] == "finish" and isinstance(rec.events[-1][2], ZeroDivisionError)


# -- memory: results are dropped when their last consumer ran -----------------------------------
class Block:
    """A result whose live instances are counted; its ``nbytes`` says it is big (8 MiB)."""

    live = 0
    peak = 0
    lock = threading.Lock()
    nbytes = 8 * 2**20  # well above batching.SMALL_RESULTS: never batched

    def __init__(self):
        with Block.lock:
            Block.live += 1
            Block.peak = max(Block.peak, Block.live)

    def __del__(self):
        with Block.lock:
            Block.live -= 1


class SmallBlock(Block):
    nbytes = 8


def _leaf(i, cls=Block):
    return cls()


def _merge(*parts):
    return type(parts[0])()


def _tree(nleaves, fan_in=2, cls=Block):
    tasks = {Key("leaf", (i,)): Task(_leaf, (i, cls)) for i in range(nleaves)}
    level, depth = [Key("leaf", (i,)) for i in range(nleaves)], 0
    while len(level) > 1:
        depth += 1
        nxt = []
        for j in range(0, len(level), fan_in):
            k = Key(f"merge{depth}", (j // fan_in,))
            tasks[k] = Task(_merge, tuple(level[j:j + fan_in]))
            nxt.append(k)
        level = nxt
    return tasks, level


@pytest.mark.parametrize("which", sorted(GETS))
def test_live_blocks_stay_few_during_a_tree_reduction(which):
    tasks, out = _tree(256)
    Block.live = Block.peak = 0
    result = GETS[which](tasks, out)
    assert len(result) == 1
    del result
    assert Block.live == 0
    # Depth-first order: about one block per tree level (log2 256 = 8) per worker, never all 256.
    assert Block.peak <= 10 * _workers(which) + 2, Block.peak


@pytest.mark.parametrize("which", sorted(GETS))
def test_tiny_tasks_with_small_results_may_be_batched_but_stay_bounded(which):
    # Quick tasks with small results are run a few at a time by the threaded workers: a worker
    # then holds a few batches of results (running, waiting for their users, waiting for the
    # workers' turns at tiny tasks) plus what the depth-first order holds, however big the tree.
    tasks, out = _tree(8192, cls=SmallBlock)
    Block.live = Block.peak = 0
    result = GETS[which](tasks, out)
    assert len(result) == 1 and isinstance(result[out[0]], SmallBlock)
    del result
    assert Block.live == 0
    assert Block.peak <= (4 * batching.MAX_BATCH + 12) * _workers(which), Block.peak
    assert Block.peak < 8192 // 3


@pytest.mark.parametrize("split_every", [None, 4])
@pytest.mark.parametrize("fuse", [True, False])
def test_live_blocks_in_a_lazyarr_sum_on_sync(fuse, split_every):
    live = {"now": 0, "peak": 0, "made": 0}

    def dropped():
        live["now"] -= 1

    def track(block):
        b = block * 1.0  # a new array per block, counted until it is garbage
        live["now"] += 1
        live["made"] += 1
        live["peak"] = max(live["peak"], live["now"])
        weakref.finalize(b, dropped)
        return b

    x = la.ones(10_000, chunks=10)  # 1,000 blocks
    z = la.map_blocks(track, x, dtype=float).sum(split_every=split_every)
    with la.config.set(fuse=fuse):
        assert float(z.compute(scheduler="sync")) == 10_000.0
    assert live["made"] == 1_000
    assert live["now"] == 0
    assert live["peak"] <= 4, live  # never the 1,000 blocks at once


# -- errors and interrupts ---------------------------------------------------------------------------
def _fail(*args):
    raise ZeroDivisionError("boom in a task")


@pytest.mark.parametrize("which", sorted(GETS))
def test_task_error_keeps_its_type_and_names_the_block(which):
    tasks = {Key("a", (i,)): Task(abs, (i,)) for i in range(20)}
    tasks[Key("bad", (3,))] = Task(_fail, (Key("a", (3,)),))
    tasks[Key("c", (0,))] = Task(combine, (0, Key("bad", (3,)), *[Key("a", (i,)) for i in range(20)]))
    with pytest.raises(ZeroDivisionError, match="boom in a task") as info:
        GETS[which](tasks, [Key("c", (0,))])
    notes = getattr(info.value, "__notes__", [])
    assert any("block (3,)" in n and "bad" in n for n in notes), notes
    assert _worker_threads() == []  # the pool joined its workers before raising


def test_error_in_a_lazyarr_compute_keeps_its_type_names_the_block_and_leaves_no_thread(scheduler):
    def fail(block):
        if block[0] >= 4:
            raise ZeroDivisionError("boom")
        return block

    x = la.arange(8, chunks=2).map_blocks(fail)
    with pytest.raises(ZeroDivisionError, match="boom") as info:
        x.compute()
    note = "\n".join(getattr(info.value, "__notes__", []))
    assert "fail" in note and ("block (2,)" in note or "block (3,)" in note)
    assert _worker_threads() == []


def _interrupting(tasks_before, when, started):
    """A task that records its start, sends Ctrl-C once *tasks_before* tasks started, and works 50 ms."""
    def slow(i):
        started.append(i)
        if len(started) == tasks_before + 1:
            when.append(time.perf_counter())
            _thread.interrupt_main()  # what Ctrl-C does: KeyboardInterrupt in the main thread
        time.sleep(0.05)  # the workload: a task that takes a while
        return i

    return slow


@pytest.mark.parametrize("which", ["sync", "threads-2", "pool-2"])
def test_ctrl_c_cancels_within_a_second(which):
    started, when = [], []
    slow = _interrupting(5, when, started)
    tasks = {Key("s", (i,)): Task(slow, (i,)) for i in range(400)}  # 20 s of work on one thread
    with pytest.raises(KeyboardInterrupt):
        GETS[which](tasks, list(tasks))
    cancelled_after = time.perf_counter() - when[0]
    assert cancelled_after < 1.0, cancelled_after
    assert _join_workers() == []  # running tasks finish, and the workers end: nothing new starts
    assert len(started) < 400


def test_ctrl_c_stops_a_lazyarr_compute(scheduler):
    started, when = [], []
    slow = _interrupting(3, when, started)

    def slow_block(block):
        slow(int(block[0]))
        return block

    x = la.arange(400, chunks=1).map_blocks(slow_block, dtype=int).sum()
    with pytest.raises(KeyboardInterrupt):
        x.compute(num_workers=2)
    assert time.perf_counter() - when[0] < 1.0  # the 400 blocks would take 20 s
    assert _join_workers() == []
    assert len(started) < 400


def test_numpy_errstate_of_the_caller_applies_in_the_tasks(scheduler):
    x = la.ones(4, chunks=2)
    with np.errstate(divide="raise"):
        with pytest.raises(FloatingPointError, match="divide by zero"):
            (x / 0).compute()
    with np.errstate(divide="ignore"):
        assert_eq(x / 0, np.full(4, np.inf))


# -- batching tiny tasks ------------------------------------------------------------------------------
def test_size_of_results():
    assert batching.size_of(np.zeros(10)) == 80
    assert batching.size_of((np.zeros(2), 3, None)) == 16
    assert batching.size_of([np.zeros(1)] * 9) == float("inf")  # long lists are not added up
    assert batching.size_of("text") == float("inf")


def _slow_combine(i, *deps):
    time.sleep(0.0005)  # the workload: slower than a "tiny" task, so workers switch between batching and not
    return combine(i, *deps)


@st.composite
def mixed_speed_graphs(draw):
    """Random DAGs whose operations (key names) are tiny or slow: batches start and stop."""
    n = draw(st.integers(1, 120))
    slow_ops = draw(st.sets(st.sampled_from("abcd"), max_size=3))
    tasks, names = {}, {}
    for i in range(n):
        op = draw(st.sampled_from("abcd"))
        # Mostly chains (each task also needs the one before it, if drawn so): then one worker
        # often waits for the other's single result, the moment the old hang needed.
        deps = draw(st.lists(st.integers(0, i - 1), max_size=3)) if i else []
        if i and draw(st.booleans()):
            deps.append(i - 1)
        keys = [Key(names[d], (d,)) for d in deps]
        names[i] = op
        tasks[Key(op, (i,))] = Task(_slow_combine if op in slow_ops else combine, (i, *keys))
    outputs = draw(st.lists(st.sampled_from(sorted(tasks)), min_size=1, max_size=n, unique=True))
    return tasks, outputs


def _run_in_thread(get, timeout):
    """Run *get* in a thread and join it: the result, or a failure if it hung."""
    box = {}
    runner = threading.Thread(target=lambda: box.update(result=get()), daemon=True)
    runner.start()
    runner.join(timeout=timeout)
    assert not runner.is_alive(), "the threaded scheduler hung"
    return box["result"]


@settings(max_examples=150, deadline=None)
@given(mixed_speed_graphs(), st.sampled_from([2, 3, 4]))
def test_threads_never_hang_while_batching_tiny_tasks(graph, workers):
    # Regression: a worker that handed over results and then waited for the tiny-task gate
    # used to leave the gate's holder asleep, waiting for tasks that were ready.
    tasks, outputs = graph
    memo = {}
    expected = {k: _oracle(tasks, k, memo) for k in outputs}
    assert _run_in_thread(lambda: threads.get(tasks, outputs, num_workers=workers), timeout=30) == expected


def test_a_worker_joining_the_tiny_tasks_wakes_the_one_waiting_for_them():
    # One worker runs a slow task S while the other, batching tiny tasks, runs out of work and
    # waits (holding the tiny-task gate). S's worker then runs X (tiny), which releases Y, and
    # goes for the gate: it must wake the waiting worker to run Y first, or both wait forever.
    for _ in range(10):
        tasks = {Key("a", (i,)): Task(combine, (i,)) for i in range(20)}
        tasks[Key("s", (0,))] = Task(lambda: time.sleep(0.005) or 1, ())  # the workload: a slow task
        tasks[Key("x", (0,))] = Task(combine, (1, Key("s", (0,))))
        tasks[Key("x", (1,))] = Task(combine, (2, Key("x", (0,))))
        outputs = [Key("x", (1,))] + [Key("a", (i,)) for i in range(20)]
        result = _run_in_thread(lambda: threads.get(tasks, outputs, num_workers=2), timeout=10)
        assert result[Key("x", (1,))] == 2000 + 1000 + 1
