"""The default scheduler: a pool of worker threads sharing one ready-queue.

NumPy releases the GIL inside most array operations, so threads give real
parallelism. The loop is built for low overhead per task:

* all bookkeeping (dependency counts, the priority heap of ready tasks, freeing
  results) happens under one lock, taken once per finished task; a worker that
  finishes a task picks its next one in the same critical section; the counts were
  computed once beforehand (``base.prepare``), so that section is a few dict updates;
* ready tasks are taken in priority order (see ``base.order``), which keeps the
  working set small;
* the main thread only waits, in short slices, so Ctrl-C is noticed at once: pending
  tasks are cancelled and control returns while running tasks finish in the background;
* the first task error stops the pool and is re-raised with its original type; an
  error anywhere in a worker (not only in a task) does the same, so the main thread
  never waits for a worker that died.
"""

from __future__ import annotations

import heapq
import os
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from ..callbacks import Callback
from ..core.graph import Key, Task
from .base import Deliver, execute_task, notify_finish, notify_start, prepare, run_with_callbacks
from .blas import blas_limit

__all__ = ["get", "default_num_workers"]


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
    wake = threading.Condition(lock)  # idle workers sleep here until tasks become ready
    finished = threading.Event()  # set when every task ran, or on the first error
    done = idle = 0
    stop = False
    error: BaseException | None = None
    notify_start(callbacks, tasks, "threads", num_workers)

    def next_task() -> Key | None:
        # Called with the lock held: wait for a ready task, or for the end.
        nonlocal idle
        while not ready:
            if stop or done == total:
                return None
            idle += 1
            wake.wait()
            idle -= 1
        return None if stop else heapq.heappop(ready)[1]

    def record(key: Key, task: Task, value: Any) -> None:
        # Called with the lock held: store the result, free inputs, release dependents.
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
        elif woken > 1 and idle:
            wake.notify(woken - 1)  # this worker takes one of them itself

    def worker(worker_id: int) -> None:
        nonlocal stop, error
        try:
            with lock:
                key = next_task()
            while key is not None:
                task = tasks[key]
                if callbacks:
                    value = run_with_callbacks(key, task, results, callbacks, worker_id)
                else:
                    value = execute_task(key, task, results)
                if deliver is not None and key in outputs_set:
                    deliver(key, value)
                with lock:  # the one lock per task: record this result and pick the next task
                    record(key, task, value)
                    key = next_task()
        except BaseException as exc:  # a task failed (or, never expected, the loop itself)
            with lock:
                if error is None:
                    error = exc
                stop = True
                wake.notify_all()
            finished.set()

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
