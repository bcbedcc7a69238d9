"""Tiny tasks in batches: the refinement of the thread pool that the threaded scheduler runs.

The basic loop of ``pool.py`` takes the lock twice per task and wakes a worker for
every task that becomes ready. For a block of 100 numbers (``ones(10**6,
chunks=100).sum()``) the task itself takes a few microseconds, so that bookkeeping,
and the GIL, dominate. Two measures, both applied only to operations *seen* to be tiny:

* **Batches.** Once an operation's tasks are seen to take under ``TINY_TASK`` seconds
  with small results, a worker takes several of its ready tasks at once (the batch
  size doubles while tasks stay tiny, up to ``MAX_BATCH``, and never more than its
  share of the ready tasks) and waits for the lock only once per batch. It hands
  results over earlier whenever the lock happens to be free, so the users of a result
  need not wait for the end of the batch; and a batch that runs longer than
  ``BATCH_BUDGET`` is cut short, its other tasks put back. A slow task, or one whose
  results add up to more than ``SMALL_RESULTS`` bytes, sends the batch size back to 1:
  batched results wait for their batch, so only small ones may, and memory stays as
  bounded as without batching.
* **One tiny-task worker at a time** (the *tiny gate*). Tiny tasks hold the GIL nearly
  all the time, so two threads running them only pass the GIL back and forth, which
  is slower than one. A worker holds the gate while it runs batches, and takes it
  *before* taking tasks: a worker waiting for the gate never holds tasks others need.
  Before it waits, it hands its results over and wakes idle workers for the tasks they
  released (without that, two workers could wait for each other forever: one for the
  gate, the other for the tasks).

Everything else (order, freeing results, deliver, errors, Ctrl-C) is the basic pool's.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Mapping, Sequence
from time import perf_counter
from typing import Any

from ..callbacks import Callback
from ..core.graph import Key, Task
from .base import Deliver
from .pool import ThreadPool

__all__ = ["BatchingPool", "TINY_TASK", "MAX_BATCH", "BATCH_BUDGET", "SMALL_RESULTS"]

TINY_TASK = 50e-6  # seconds: tasks faster than this are batched
MAX_BATCH = 128  # tasks per batch at most (a batch of tiny tasks then takes a few milliseconds at most)
BATCH_BUDGET = 2e-3  # seconds: a batch that runs longer is cut short
SMALL_RESULTS = 2**20  # bytes: a batch whose results are bigger is not followed by another one


def size_of(value: Any) -> float:
    """Bytes held by a task's result, as far as cheaply known (unknown objects count as big).

    >>> import numpy as np
    >>> size_of(np.zeros(10)), size_of((1, 2.0)), size_of(object())
    (80, 0, inf)
    """
    nbytes = getattr(value, "nbytes", None)
    if nbytes is not None:
        return nbytes
    if value is None or type(value) in (int, float, complex, bool):
        return 0
    if type(value) in (tuple, list) and len(value) <= 8:
        return sum(size_of(v) for v in value)
    return float("inf")


class BatchingPool(ThreadPool):
    """:class:`~lazyarr.schedulers.pool.ThreadPool` that runs tiny tasks in batches, one worker at a time.

    Examples
    --------
    >>> from lazyarr.core.graph import Key, Task
    >>> tasks = {Key("a", (i,)): Task(abs, (-i,)) for i in range(300)}
    >>> tasks[Key("s", ())] = Task(sum, (list(tasks),))
    >>> BatchingPool(tasks, [Key("s", ())], num_workers=2).run()
    {Key('s', ()): 44850}
    """

    def __init__(self, tasks: Mapping[Key, Task], outputs: Sequence[Key], *, num_workers: int,
                 callbacks: Sequence[Callback] = (), deliver: Deliver | None = None):
        super().__init__(tasks, outputs, num_workers=num_workers, callbacks=callbacks, deliver=deliver)
        self.tiny_ops: set[str] = set()  # operations (layer names) whose last task was tiny
        self.tiny_gate = threading.Lock()  # held by the worker running batches of tiny tasks

    def work(self, worker_id: int) -> None:
        """The worker loop, in batches: take, run, hand over; the gate while tasks are tiny."""
        lock = self.lock
        limit = 1  # batch size: doubles while tasks are tiny, back to 1 when they are not
        holding_gate = False
        try:
            with lock:
                batch = self.take_batch(limit)
            while batch:
                t0 = perf_counter()
                finished, result_bytes, unrun = self.run_batch(batch, worker_id)
                per_task = (perf_counter() - t0) / (len(batch) - len(unrun))
                tiny = per_task < TINY_TASK and result_bytes <= SMALL_RESULTS
                limit = min(limit * 2, MAX_BATCH) if tiny else 1
                if limit > 1 and not holding_gate:
                    # Becoming the tiny-task worker: hand everything over (waking workers for
                    # what it released), then wait for the gate holding no task.
                    with lock:
                        self.hand_over(finished, unrun, takes_one=False)
                    del finished
                    self.tiny_gate.acquire()
                    holding_gate = True
                    with lock:
                        batch = self.take_batch(limit)
                    continue
                with lock:  # the one lock per batch: record the results and take the next tasks
                    self.hand_over(finished, unrun, takes_one=True)
                    del finished
                    batch = self.take_batch(limit)
                if holding_gate and limit == 1:
                    self.tiny_gate.release()
                    holding_gate = False
        finally:
            if holding_gate:
                self.tiny_gate.release()

    def take_batch(self, limit: int) -> list[Key]:
        """With the lock held: :meth:`take` one task, plus up to *limit* - 1 more tiny ones.

        The extra tasks are the next most urgent ready tasks, as long as they (and the
        first) belong to operations seen to be tiny, leaving a share of the ready tasks
        to the other workers.
        """
        first = self.take()
        if first is None:
            return []
        batch = [first]
        tiny_ops, ready = self.tiny_ops, self.ready
        if limit > 1 and first.name in tiny_ops:
            n = min(limit, max(1, len(ready) // self.num_workers))
            while len(batch) < n and ready and ready[0][1].name in tiny_ops:
                batch.append(heapq.heappop(ready)[1])
        return batch

    def run_batch(self, batch: list[Key], worker_id: int) -> tuple[list, float, list[Key]]:
        """Run *batch* in order (outside the lock); return (finished, result bytes, tasks not run).

        A batch that stops being cheap (one task may be big) ends early, so its other
        tasks go back to the queue instead of waiting behind it.
        """
        execute, tiny_ops, lock = self.execute, self.tiny_ops, self.lock
        finished: list[tuple[Key, Any]] = []
        result_bytes = 0.0
        start = t0 = perf_counter()
        for i, key in enumerate(batch):
            if i and t0 - start > BATCH_BUDGET:
                return finished, result_bytes, batch[i:]
            value = execute(key, worker_id)
            t1 = perf_counter()
            if t1 - t0 < TINY_TASK:
                tiny_ops.add(key.name)
            else:
                tiny_ops.discard(key.name)
            t0 = t1
            finished.append((key, value))
            result_bytes += size_of(value)
            # Hand the results over whenever the lock is free: a later task of the batch may be
            # slow, and the users of these results should not wait for it.
            if lock.acquire(blocking=False):
                try:
                    self.hand_over(finished, (), takes_one=False)
                finally:
                    lock.release()
                finished.clear()
        return finished, result_bytes, []

    def hand_over(self, finished: list[tuple[Key, Any]], unrun: Sequence[Key], takes_one: bool) -> None:
        """With the lock held: :meth:`finish` each result and put back the tasks not run.

        Then wake idle workers for the tasks now ready, but one if this worker takes the
        next task itself right away (a worker about to wait for the tiny gate does not).
        """
        woken = len(unrun)
        for key, value in finished:
            woken += self.finish(key, value)
        for key in unrun:
            heapq.heappush(self.ready, (self.priority[key], key))
        self.wake_others(woken - 1 if takes_one else woken)
