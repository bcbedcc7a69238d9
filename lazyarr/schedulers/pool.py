"""A pool of worker threads running one task graph: the threaded scheduler's basic loop.

Read ``sync.py`` first: this is the same algorithm with several workers sharing its
bookkeeping (``base.prepare``). NumPy releases the GIL inside most array operations,
so threads give real parallelism. Each worker repeats three steps, one method each:

1. :meth:`ThreadPool.take` (under the lock): wait until a task is ready and pop the
   most urgent one. Ready tasks sit in a heap by the priority of ``core/order.py``,
   which keeps the working set small;
2. :meth:`ThreadPool.execute` (outside the lock): run it (``base.execute_task``:
   callbacks, and a note naming the operation and block on errors); an output block
   goes to ``deliver`` at once, so the result is assembled while the workers run;
3. :meth:`ThreadPool.finish` (under the lock): keep the result if a task needs it,
   free the inputs nobody needs any more, and count down the dependents: those left
   with nothing to wait for become ready, and idle workers are woken for them
   (:meth:`ThreadPool.wake_others`).

A worker takes the lock once per task, for ``finish`` and the next ``take`` together:
a few dict updates, because the counts were computed beforehand.

The main thread (:meth:`ThreadPool.run`) starts the workers and only waits, in short
slices, so Ctrl-C is noticed at once: pending tasks are cancelled and control returns
while running tasks finish in the background. The first error in a worker (a task's,
or, never expected, the loop's own) stops the pool (:meth:`ThreadPool.fail`) and is
re-raised with its original type, so the main thread never waits for a worker that
died. Workers use the caller's ``np.errstate`` (NumPy keeps it per thread) and run in a copy
of the caller's :mod:`contextvars` context (its ``with config.set(...)`` options), and BLAS
gets ``cores // workers`` threads while they run (``blas.py``).

``batching.py`` refines this loop for tiny tasks; ``threads.py`` runs that refinement.
"""

from __future__ import annotations

import contextvars
import heapq
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..callbacks import Callback
from ..core.graph import Key, Task
from .base import Deliver, execute_task, notify_finish, notify_start, prepare, run_with_callbacks
from .blas import blas_limit

__all__ = ["ThreadPool"]


class ThreadPool:
    """Runs *tasks* on *num_workers* threads; :meth:`run` returns the blocks of *outputs*.

    One pool runs one compute. Everything below the lock comment is shared between
    the workers and only touched with ``lock`` held.

    Examples
    --------
    >>> from lazyarr.core.graph import Key, Task
    >>> tasks = {Key("a", ()): Task(abs, (-2,)), Key("b", ()): Task(divmod, (Key("a", ()), 3))}
    >>> ThreadPool(tasks, [Key("b", ())], num_workers=2).run()
    {Key('b', ()): (0, 2)}
    """

    def __init__(self, tasks: Mapping[Key, Task], outputs: Sequence[Key], *, num_workers: int,
                 callbacks: Sequence[Callback] = (), deliver: Deliver | None = None):
        if num_workers < 1:
            raise ValueError(f"compute: num_workers must be at least 1, got {num_workers}")
        plan = prepare(tasks, outputs)
        self.tasks = tasks
        self.outputs = plan.outputs
        self.num_workers = num_workers
        self.callbacks = callbacks
        self.deliver = deliver
        self.errstate = np.geterr()  # the caller's: NumPy keeps it per thread
        self.finished = threading.Event()  # set when every task ran, or on the first error
        self.lock = threading.Lock()
        self.wake = threading.Condition(self.lock)  # idle workers sleep here until tasks are ready
        # -- shared state, guarded by the lock ----------------------------------------------
        self.priority = plan.priority
        self.waiting = plan.waiting  # dependencies each task still waits for
        self.dependents = plan.dependents
        self.remaining = dict(plan.consumers)  # tasks that still need each result
        self.total = len(plan.priority)
        self.results: dict[Key, Any] = {}  # results some task still needs
        self.returned: dict[Key, Any] = {}  # outputs, when there is no deliver
        # (priority, key) pairs: the heap hands out the most urgent ready task first.
        self.ready = [(plan.priority[k], k) for k, n in plan.waiting.items() if n == 0]
        heapq.heapify(self.ready)
        self.done = 0
        self.idle = 0  # workers asleep in take()
        self.stopping = False
        self.error: BaseException | None = None

    # -- the main thread --------------------------------------------------------------------
    def run(self) -> dict[Key, Any]:
        """Start the workers, wait for them (Ctrl-C stops them) and return the outputs."""
        if self.total == 0:
            return self.returned
        notify_start(self.callbacks, self.tasks, "threads", self.num_workers)
        nthreads = min(self.num_workers, self.total)
        # Each worker runs in a copy of the caller's context, so tasks see the options of the
        # caller's ``with config.set(...)`` blocks (a nested compute inside a task, for one).
        threads = [threading.Thread(target=contextvars.copy_context().run, args=(self.worker, i), daemon=True,
                                    name=f"lazyarr-worker-{i}") for i in range(nthreads)]
        with blas_limit(nthreads):  # BLAS gets cores // workers threads while we run
            for t in threads:
                t.start()
            try:
                while not self.finished.wait(0.1):  # short waits keep Ctrl-C responsive
                    pass
            except BaseException as exc:  # KeyboardInterrupt: cancel what has not started
                self.stop()
                for t in threads:
                    t.join(timeout=0.5 / nthreads)
                notify_finish(self.callbacks, self.done, exc)
                raise
            self.stop()
            for t in threads:
                t.join()
        notify_finish(self.callbacks, self.done, self.error)
        if self.error is not None:
            raise self.error
        return self.returned

    def stop(self) -> None:
        """Let no worker take another task (running tasks finish)."""
        with self.lock:
            self.stopping = True
            self.wake.notify_all()

    # -- a worker thread ----------------------------------------------------------------------
    def worker(self, worker_id: int) -> None:
        """A worker thread's body: :meth:`work` with the caller's errstate; an error stops the pool."""
        try:
            with np.errstate(**self.errstate):
                self.work(worker_id)
        except BaseException as exc:  # a task failed (or, never expected, the loop itself)
            self.fail(exc)

    def work(self, worker_id: int) -> None:
        """Take a ready task, run it, finish it; until no task is left or the pool stops."""
        with self.lock:
            key = self.take()
        while key is not None:
            value = self.execute(key, worker_id)
            with self.lock:  # the one lock per task: record the result and take the next task
                woken = self.finish(key, value)
                del value  # if nobody needs it, it is freed now
                self.wake_others(woken - 1)  # this worker takes one of them itself
                key = self.take()

    def take(self) -> Key | None:
        """With the lock held: wait for a ready task and pop the most urgent; None at the end."""
        ready = self.ready
        while not ready:
            if self.stopping or self.done == self.total:
                return None
            self.idle += 1
            self.wake.wait()
            self.idle -= 1
        if self.stopping:
            return None
        return heapq.heappop(ready)[1]

    def execute(self, key: Key, worker_id: int) -> Any:
        """Run one task (outside the lock); hand it to ``deliver`` if it is an output."""
        task = self.tasks[key]
        if self.callbacks:
            value = run_with_callbacks(key, task, self.results, self.callbacks, worker_id)
        else:
            value = execute_task(key, task, self.results)
        if self.deliver is not None and key in self.outputs:
            self.deliver(key, value)
        return value

    def finish(self, key: Key, value: Any) -> int:
        """With the lock held: store the result, free inputs, release dependents.

        Returns how many tasks became ready.
        """
        remaining = self.remaining
        results = self.results
        if key in remaining:  # someone still needs it
            results[key] = value
        if self.deliver is None and key in self.outputs:
            self.returned[key] = value
        for dep in self.tasks[key].dependencies:
            left = remaining[dep] - 1
            if left:
                remaining[dep] = left
            else:  # nobody needs this block any more
                del remaining[dep]
                del results[dep]
        woken = 0
        waiting = self.waiting
        for d in self.dependents.get(key, ()):
            waiting[d] -= 1
            if waiting[d] == 0:
                heapq.heappush(self.ready, (self.priority[d], d))
                woken += 1
        self.done += 1
        if self.done == self.total:
            self.finished.set()
            self.wake.notify_all()
        return woken

    def wake_others(self, n: int) -> None:
        """With the lock held: wake up to *n* idle workers (for *n* newly ready tasks)."""
        if n > 0 and self.idle:
            self.wake.notify(n)

    def fail(self, exc: BaseException) -> None:
        """Keep the first error and stop the pool; the main thread re-raises it."""
        with self.lock:
            if self.error is None:
                self.error = exc
            self.stopping = True
            self.wake.notify_all()
        self.finished.set()
