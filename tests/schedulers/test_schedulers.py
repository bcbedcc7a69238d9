"""The schedulers agree with each other, free memory, report every task once, and stop cleanly."""

from __future__ import annotations

import _thread
import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.callbacks import Callback
from lazyarr.core.graph import Key, Task
from lazyarr.schedulers import sync, threads

GETS = {
    "sync": sync.get,
    "threads-1": lambda *a, **k: threads.get(*a, num_workers=1, **k),
    "threads-2": lambda *a, **k: threads.get(*a, num_workers=2, **k),
    "threads-4": lambda *a, **k: threads.get(*a, num_workers=4, **k),
}


def _combine(i, *deps):
    return i * 1000 + sum(deps)


@st.composite
def random_graphs(draw):
    """A random DAG: task i may depend on any earlier task, also through nested lists."""
    n = draw(st.integers(1, 40))
    tasks = {}
    for i in range(n):
        deps = draw(st.lists(st.integers(0, i - 1), max_size=4)) if i else []
        keys = [Key("t", (d,)) for d in deps]
        if keys and draw(st.booleans()):
            tasks[Key("t", (i,))] = Task(lambda i, parts: _combine(i, *parts), (i, keys))
        else:
            tasks[Key("t", (i,))] = Task(_combine, (i, *keys))
    outputs = draw(st.lists(st.sampled_from(sorted(tasks)), min_size=1, max_size=n, unique=True))
    return tasks, outputs


def _oracle(tasks, key, memo):
    if key not in memo:
        memo[key] = tasks[key].execute({d: _oracle(tasks, d, memo) for d in tasks[key].dependencies})
    return memo[key]


@given(random_graphs(), st.sampled_from(sorted(GETS)))
def test_schedulers_agree_with_direct_evaluation(graph, which):
    tasks, outputs = graph
    memo = {}
    expected = {k: _oracle(tasks, k, memo) for k in outputs}
    assert GETS[which](tasks, outputs) == expected


@given(random_graphs(), st.sampled_from(sorted(GETS)))
def test_deliver_gets_each_output_once(graph, which):
    tasks, outputs = graph
    got = []
    result = GETS[which](tasks, outputs, deliver=lambda k, v: got.append(k))
    assert result == {}
    assert sorted(got) == sorted(outputs)


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


@given(random_graphs(), st.sampled_from(sorted(GETS)))
def test_callbacks_see_each_task_once(graph, which):
    tasks, outputs = graph
    rec = Recorder()
    GETS[which](tasks, outputs, callbacks=[rec])
    needed = set()
    stack = list(outputs)
    while stack:
        k = stack.pop()
        if k not in needed:
            needed.add(k)
            stack.extend(tasks[k].dependencies)
    assert sorted(rec.started) == sorted(needed)
    assert sorted(rec.ended) == sorted(needed)
    assert rec.events == [("start", len(tasks)), ("finish", len(needed), None)]


def test_callbacks_see_each_task_once_in_a_lazyarr_compute(scheduler):
    x = la.ones((40, 30), chunks=(7, 6))
    rec = Recorder()
    with rec:
        (x + 1).sum(axis=0).compute()
    assert len(rec.ended) == len(set(rec.ended)) == rec.events[0][1]


# -- memory: results are dropped when their last consumer ran -----------------------------------
class Block:
    """A result whose live instances are counted; its ``nbytes`` says it is big (8 MiB)."""

    live = 0
    peak = 0
    lock = threading.Lock()
    nbytes = 8 * 2**20  # well above threads.SMALL_RESULTS: never batched

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
    workers = 1 if which == "sync" else int(which.split("-")[1])
    assert Block.peak <= 10 * workers + 2, Block.peak


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
    workers = 1 if which == "sync" else int(which.split("-")[1])
    assert Block.peak <= (4 * threads.MAX_BATCH + 12) * workers, Block.peak
    assert Block.peak < 8192 // 3


@pytest.mark.parametrize("fuse", [True, False])
def test_live_blocks_in_a_lazyarr_sum_on_sync(fuse):
    import weakref

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
    z = la.map_blocks(track, x, dtype=float).sum()
    with la.config.set(fuse=fuse):
        assert float(z.compute(scheduler="sync")) == 10_000.0
    assert live["made"] == 1_000
    assert live["now"] == 0
    assert live["peak"] <= 4, live  # never the 1,000 blocks at once


# -- errors and interrupts ---------------------------------------------------------------------------
def _fail(*args):
    raise ZeroDivisionError("boom in a task")


def _workers_alive():
    return [t for t in threading.enumerate() if t.name.startswith("lazyarr-worker")]


@pytest.mark.parametrize("which", sorted(GETS))
def test_task_error_keeps_its_type_and_names_the_block(which):
    tasks = {Key("a", (i,)): Task(abs, (i,)) for i in range(20)}
    tasks[Key("bad", (3,))] = Task(_fail, (Key("a", (3,)),))
    tasks[Key("c", (0,))] = Task(_combine, (0, Key("bad", (3,)), *[Key("a", (i,)) for i in range(20)]))
    with pytest.raises(ZeroDivisionError, match="boom in a task") as info:
        GETS[which](tasks, [Key("c", (0,))])
    notes = getattr(info.value, "__notes__", [])
    assert any("block (3,)" in n and "bad" in n for n in notes), notes
    time.sleep(0.05)
    assert _workers_alive() == []


def test_error_in_lazyarr_compute_leaves_no_thread(scheduler):
    x = la.arange(10, chunks=3)
    y = la.map_blocks(lambda b: b if b[0] < 6 else _fail(), x, dtype=x.dtype)
    with pytest.raises(ZeroDivisionError):
        y.compute()
    time.sleep(0.05)
    assert _workers_alive() == []


def _interrupt_after(seconds, when):
    def interrupt():
        when.append(time.perf_counter())
        _thread.interrupt_main()

    timer = threading.Timer(seconds, interrupt)
    timer.start()
    return timer


@pytest.mark.parametrize("which", ["sync", "threads-2"])
def test_ctrl_c_cancels_within_a_second(which):
    started = []

    def slow(i):
        started.append(i)
        time.sleep(0.05)
        return i

    tasks = {Key("s", (i,)): Task(slow, (i,)) for i in range(400)}  # 20 s of work on one thread
    when = []
    timer = _interrupt_after(0.3, when)
    with pytest.raises(KeyboardInterrupt):
        GETS[which](tasks, list(tasks))
    cancelled_after = time.perf_counter() - when[0]
    timer.join()
    assert cancelled_after < 1.0, cancelled_after
    time.sleep(0.2)  # running tasks finish; nothing new starts
    n = len(started)
    time.sleep(0.2)
    assert len(started) == n < 400
    assert _workers_alive() == []


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_numpy_errstate_of_the_caller_applies_in_the_tasks(scheduler):
    x = la.ones(4, chunks=2)
    with np.errstate(divide="raise"):
        with pytest.raises(FloatingPointError, match="divide by zero"):
            (x / 0).compute(scheduler=scheduler)
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal((x / 0).compute(scheduler=scheduler), np.full(4, np.inf))


def _slow_combine(i, *deps):
    time.sleep(0.0005)  # slower than a "tiny" task: the workers switch between batching and not
    return _combine(i, *deps)


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
        tasks[Key(op, (i,))] = Task(_slow_combine if op in slow_ops else _combine, (i, *keys))
    outputs = draw(st.lists(st.sampled_from(sorted(tasks)), min_size=1, max_size=n, unique=True))
    return tasks, outputs


@settings(max_examples=150, deadline=None)
@given(mixed_speed_graphs(), st.sampled_from([2, 3, 4]))
def test_threads_never_hang_while_batching_tiny_tasks(graph, workers):
    # Regression: a worker that handed over results and then waited for the tiny-task gate
    # used to leave the gate's holder asleep, waiting for tasks that were ready.
    tasks, outputs = graph
    memo = {}
    expected = {k: _oracle(tasks, k, memo) for k in outputs}
    box = {}
    runner = threading.Thread(target=lambda: box.update(result=threads.get(tasks, outputs, num_workers=workers)),
                              daemon=True)
    runner.start()
    runner.join(timeout=30)
    assert not runner.is_alive(), "the threaded scheduler hung"
    assert box["result"] == expected


def test_a_worker_joining_the_tiny_tasks_wakes_the_one_waiting_for_them():
    # One worker runs a slow task S while the other, batching tiny tasks, runs out of work and
    # waits (holding the tiny-task gate). S's worker then runs X (tiny), which releases Y, and
    # goes for the gate: it must wake the waiting worker to run Y first, or both wait forever.
    for _ in range(10):
        tasks = {Key("a", (i,)): Task(_combine, (i,)) for i in range(20)}
        tasks[Key("s", (0,))] = Task(lambda: time.sleep(0.005) or 1, ())
        tasks[Key("x", (0,))] = Task(_combine, (1, Key("s", (0,))))
        tasks[Key("x", (1,))] = Task(_combine, (2, Key("x", (0,))))
        outputs = [Key("x", (1,))] + [Key("a", (i,)) for i in range(20)]
        box = {}
        runner = threading.Thread(target=lambda: box.update(r=threads.get(tasks, outputs, num_workers=2)),
                                  daemon=True)
        runner.start()
        runner.join(timeout=10)
        assert not runner.is_alive(), "the threaded scheduler hung"
        assert box["r"][Key("x", (1,))] == 2000 + 1000 + 1
