"""The default scheduler: a pool of worker threads sharing one ready-queue.

NumPy releases the GIL inside most array operations, so threads give real
parallelism. The loop is built for low overhead per task:

* all bookkeeping (dependency counts, the priority heap of ready tasks, freeing
  results) happens under one lock, taken once per finished task; a worker that
  finishes a task picks its next one in the same critical section; the counts were
  computed once beforehand (``base.prepare``), so that section is a few dict updates;
* ready tasks are taken in priority order (see ``base.order``), which keeps the
  working set small;
* tiny tasks are taken in batches: once an operation's tasks are seen to take only a few
  microseconds (with small results), a worker takes several of them at once and waits
  for the lock only once per batch (it hands results over earlier whenever the lock is
  free); and one worker at a time runs such batches, because two threads running
  GIL-bound tiny tasks only pass the GIL back and forth;
* the main thread only waits, in short slices, so Ctrl-C is noticed at once: pending
  tasks are cancelled and control returns while running tasks finish in the background;
* the workers use the caller's ``np.errstate`` settings (NumPy keeps them per thread);
* the first task error stops the pool and is re-raised with its original type; an
  error anywhere in a worker (not only in a task) does the same, so the main thread
  never waits for a worker that died.
"""

from __future__ import annotations

import heapq
import os
import threading
from collections.abc import Mapping, Sequence
from time import perf_counter
from typing import Any

import numpy as np

from ..callbacks import Callback
from ..core.graph import Key, Task
from .base import Deliver, execute_task, notify_finish, notify_start, prepare, run_with_callbacks
from .blas import blas_limit

__all__ = ["get", "default_num_workers"]

TINY_TASK = 50e-6  # seconds: tasks faster than this are batched
MAX_BATCH = 128  # tasks per batch at most (a batch of tiny tasks then takes a few milliseconds at most)
BATCH_BUDGET = 2e-3  # seconds: a batch that runs longer is cut short
SMALL_RESULTS = 2**20  # bytes: a batch whose results are bigger is not followed by another one


def _size_of(value: Any) -> float:
    """Bytes held by a task's result, as far as cheaply known (unknown objects count as big)."""
    nbytes = getattr(value, "nbytes", None)
    if nbytes is not None:
        return nbytes
    if value is None or type(value) in (int, float, complex, bool):
        return 0
    if type(value) in (tuple, list) and len(value) <= 8:
        return sum(_size_of(v) for v in value)
    return float("inf")


def default_num_workers() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def get(tasks: Mapping[Key, Task], outputs: Sequence[Key], *, callbacks: Sequence[Callback] = (),
        deliver: Deliver | None = None, num_workers: int | None = None) -> dict[Key, Any]:
    """Run *tasks* on a thread pool; return the results for *outputs* (or *deliver* them)."""
    num_workers = num_workers or default_num_workers()
    if num_workers < 1:
        raise ValueError(f"compute: num_workers must be at least 1, got {num_workers}")
    plan = prepare(tasks, outputs)
    priority = plan.priority
    waiting = plan.waiting
    dependents = plan.dependents
    remaining = dict(plan.consumers)
    outputs_set = plan.outputs
    total = len(priority)
    results: dict[Key, Any] = {}
    returned: dict[Key, Any] = {}
    if total == 0:
        return returned
    # (priority, key) pairs: the heap hands out the most urgent ready task first.
    ready = [(priority[k], k) for k, n in waiting.items() if n == 0]
    heapq.heapify(ready)

    lock = threading.Lock()
    errstate = np.geterr()
    tiny_gate = threading.Lock()  # held while a worker runs a batch of tiny tasks
    tiny_ops: set[str] = set()  # operations (layer names) whose last task was tiny
    wake = threading.Condition(lock)  # idle workers sleep here until tasks become ready
    finished = threading.Event()  # set when every task ran, or on the first error
    done = idle = 0
    stop = False
    error: BaseException | None = None
    notify_start(callbacks, tasks, "threads", num_workers)

    def next_tasks(limit: int) -> list[Key]:
        # Called with the lock held: wait for a ready task (or the end). Then add up to *limit*
        # more of the most urgent ready tasks to the batch, as long as they belong to operations
        # whose tasks were seen to be tiny, leaving a share of the ready tasks to the others.
        nonlocal idle
        while not ready:
            if stop or done == total:
                return []
            idle += 1
            wake.wait()
            idle -= 1
        if stop:
            return []
        batch = [heapq.heappop(ready)[1]]
        n = min(limit, max(1, len(ready) // num_workers))
        while len(batch) < n and ready and ready[0][1].name in tiny_ops and batch[0].name in tiny_ops:
            batch.append(heapq.heappop(ready)[1])
        return batch

    def record(key: Key, task: Task, value: Any) -> int:
        # Called with the lock held: store the result, free inputs, release dependents;
        # return how many tasks became ready.
        nonlocal done
        if key in remaining:  # someone still needs it
            results[key] = value
        if deliver is None and key in outputs_set:
            returned[key] = value
        for dep in task.dependencies:
            left = remaining[dep] - 1
            if left:
                remaining[dep] = left
            else:  # nobody needs this block any more
                del remaining[dep]
                del results[dep]
        woken = 0
        for d in dependents.get(key, ()):
            waiting[d] -= 1
            if waiting[d] == 0:
                heapq.heappush(ready, (priority[d], d))
                woken += 1
        done += 1
        if done == total:
            finished.set()
            wake.notify_all()
        return woken

    def run_batch(batch: list[Key], worker_id: int) -> tuple[list, float, list[Key]]:
        # Run the batch in order; stop early if it stops being cheap (one task may be big), so
        # the tasks not run yet go back to the queue instead of waiting behind it.
        finished_here = []
        result_bytes = 0.0
        start = t0 = perf_counter()
        for i, key in enumerate(batch):
            if i and t0 - start > BATCH_BUDGET:
                return finished_here, result_bytes, batch[i:]
            task = tasks[key]
            if callbacks:
                value = run_with_callbacks(key, task, results, callbacks, worker_id)
            else:
                value = execute_task(key, task, results)
            if deliver is not None and key in outputs_set:
                deliver(key, value)
            t1 = perf_counter()
            if t1 - t0 < TINY_TASK:
                tiny_ops.add(key.name)
            else:
                tiny_ops.discard(key.name)
            t0 = t1
            finished_here.append((key, task, value))
            result_bytes += _size_of(value)
            # Hand the results over whenever the lock is free: a later task of the batch may be
            # slow, and the users of these results should not wait for it.
            if lock.acquire(blocking=False):
                try:
                    hand_over(finished_here, [], takes_one=False)
                finally:
                    lock.release()
                finished_here.clear()
        return finished_here, result_bytes, []

    def hand_over(finished_here: list, unrun: list[Key], takes_one: bool) -> None:
        # Called with the lock held: record results, put back tasks a batch did not run, and
        # wake idle workers for the tasks now ready (but one, if this worker takes the next
        # task itself right away; a worker about to wait for the tiny gate does not).
        woken = len(unrun)
        for key, task, value in finished_here:
            woken += record(key, task, value)
        for key in unrun:
            heapq.heappush(ready, (priority[key], key))
        if takes_one:
            woken -= 1
        if woken > 0 and idle:
            wake.notify(woken)

    def worker(worker_id: int) -> None:
        # NumPy's error handling (np.errstate) is per thread: give the workers the caller's.
        with np.errstate(**errstate):
            work(worker_id)

    def work(worker_id: int) -> None:
        nonlocal stop, error
        limit = 1  # batch size: grows while tasks are tiny, back to 1 when they are not
        # Tiny tasks hold the GIL nearly all the time: two threads running them only hand the
        # GIL back and forth (slower than one). So one worker at a time runs them: it holds the
        # tiny gate while it takes and runs batches of tiny tasks. A worker takes the gate
        # *before* taking tasks, so a worker waiting for it never holds tasks others need.
        holding_gate = False
        try:
            with lock:
                batch = next_tasks(limit)
            while batch:
                t0 = perf_counter()
                finished_here, result_bytes, unrun = run_batch(batch, worker_id)
                per_task = (perf_counter() - t0) / (len(batch) - len(unrun))
                # Batched results wait for the batch to end before their users can run: batch only
                # tasks that are quick *and* make small results, so memory stays as bounded as without.
                tiny = per_task < TINY_TASK and result_bytes <= SMALL_RESULTS
                limit = min(limit * 2, MAX_BATCH) if tiny else 1
                if limit > 1 and not holding_gate:
                    with lock:
                        hand_over(finished_here, unrun, takes_one=False)
                    del finished_here
                    tiny_gate.acquire()
                    holding_gate = True
                    with lock:
                        batch = next_tasks(limit)
                    continue
                with lock:  # the one lock per batch: record the results and pick the next tasks
                    hand_over(finished_here, unrun, takes_one=True)
                    del finished_here
                    batch = next_tasks(limit)
                if holding_gate and limit == 1:
                    tiny_gate.release()
                    holding_gate = False
        except BaseException as exc:  # a task failed (or, never expected, the loop itself)
            with lock:
                if error is None:
                    error = exc
                stop = True
                wake.notify_all()
            finished.set()
        finally:
            if holding_gate:
                tiny_gate.release()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True, name=f"lazyarr-worker-{i}")
               for i in range(min(num_workers, total))]
    with blas_limit(len(threads)):  # BLAS gets cores // workers threads while we run
        for t in threads:
            t.start()
        try:
            while not finished.wait(0.1):  # short waits keep Ctrl-C responsive
                pass
        except BaseException as exc:  # KeyboardInterrupt: cancel what has not started
            with lock:
                stop = True
                wake.notify_all()
            for t in threads:
                t.join(timeout=0.5 / len(threads))
            notify_finish(callbacks, done, exc)
            raise
        with lock:
            stop = True
            wake.notify_all()
        for t in threads:
            t.join()
    notify_finish(callbacks, done, error)
    if error is not None:
        raise error
    return returned
