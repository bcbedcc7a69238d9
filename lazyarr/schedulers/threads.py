"""The default scheduler: a pool of worker threads sharing one ready-queue.

NumPy releases the GIL inside most array operations, so threads give real
parallelism. The loop is built for low overhead per task:

* all bookkeeping (dependency counts, the priority heap of ready tasks, freeing
  results) happens under one lock, taken once per finished task; a worker that
  finishes a task picks its next one in the same critical section;
* ready tasks are taken in priority order (see ``base.order``), which keeps the
  working set small;
* the main thread only waits, in short slices, so Ctrl-C is noticed at once: pending
  tasks are cancelled and control returns while running tasks finish in the background;
* the first task error stops the pool and is re-raised with its original type.
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
    ready = [(priority[k], k) for k, n in waiting.items() if n == 0]
    heapq.heapify(ready)

    cond = threading.Condition(threading.Lock())
    state = {"done": 0, "idle": 0, "error": None, "stop": False}
    finished = threading.Event()
    if total == 0:
        return returned
    notify_start(callbacks, tasks, "threads", num_workers)

    def next_task() -> Key | None:
        # Called with the lock held: wait for a ready task, or for the end.
        while not ready:
            if state["stop"] or state["done"] == total:
                return None
            state["idle"] += 1
            cond.wait()
            state["idle"] -= 1
        if state["stop"]:
            return None
        return heapq.heappop(ready)[1]

    def worker(worker_id: int) -> None:
        with cond:
            key = next_task()
        while key is not None:
            task = tasks[key]
            try:
                if callbacks:
                    value = run_with_callbacks(key, task, results, callbacks, worker_id)
                else:
                    value = execute_task(key, task, results)
                if deliver is not None and key in outputs_set:
                    deliver(key, value)
            except BaseException as exc:
                with cond:
                    if state["error"] is None:
                        state["error"] = exc
                    state["stop"] = True
                    cond.notify_all()
                finished.set()
                return
            with cond:
                if remaining[key]:
                    results[key] = value
                if deliver is None and key in outputs_set:
                    returned[key] = value
                for dep in task.dependencies:
                    remaining[dep] -= 1
                    if remaining[dep] == 0:
                        del results[dep]
                woken = 0
                for d in dependents[key]:
                    waiting[d] -= 1
                    if waiting[d] == 0:
                        heapq.heappush(ready, (priority[d], d))
                        woken += 1
                state["done"] += 1
                if state["done"] == total:
                    cond.notify_all()
                    finished.set()
                elif woken > 1 and state["idle"]:
                    cond.notify(woken - 1)
                key = next_task()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True, name=f"lazyarr-worker-{i}")
               for i in range(min(num_workers, total))]
    for t in threads:
        t.start()
    try:
        while not finished.wait(0.1):
            pass
    except BaseException as exc:  # KeyboardInterrupt: cancel what has not started
        with cond:
            state["stop"] = True
            cond.notify_all()
        for t in threads:
            t.join(timeout=0.5 / len(threads))
        notify_finish(callbacks, state["done"], exc)
        raise
    with cond:
        state["stop"] = True
        cond.notify_all()
    for t in threads:
        t.join()
    error = state["error"]
    notify_finish(callbacks, state["done"], error)
    if error is not None:
        raise error
    return returned
