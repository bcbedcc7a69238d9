"""Running our graphs on a dask.distributed cluster: ``x.compute(scheduler=client)``.

:class:`ClusterScheduler` is what ``schedulers/choice.py`` resolves a Client to. It
gets the task mapping the core already optimized (cull, fuse), exactly as for a local
compute, and lets the cluster run it:

1. scatter the blocks of large in-memory NumPy inputs once (see :func:`scatter_inputs`)
   and slice small ones here (:func:`read_small_inputs`), so that the graph message
   never carries a whole source array; scattered blocks are kept for later computes;
2. translate the tasks (``schedulers/dask.py``) and submit them with ``Client.get``;
3. hand each output block to the caller as its Future finishes (``persist`` instead
   keeps the Futures: the blocks stay in cluster memory).

Callbacks see ``start`` and ``finish`` as usual. Per task, workers publish a small event
(``log_event``) that the client turns into ``task_start`` + ``task_end`` calls, so a
progress bar moves while the cluster works; times are converted to this process's
``time.perf_counter`` clock. Events arrive a little after the fact, and ``task_start``
is called just before ``task_end``, not when the task really started.

Any other callable is a dask ``get(dsk, keys)`` function (``dask.get``,
``dask.threaded.get``): :class:`DaskGetScheduler` runs the same translated graph with it.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from ..callbacks import Callback, TaskEnd
from ..core.data import _LockedGetter, getter
from ..core.graph import Key, Task, literal
from .base import Deliver, notify_finish, notify_start
from .dask import fetch_future, from_dask_key, run_task, to_dask_key, translate_tasks

__all__ = ["ClusterScheduler", "DaskGetScheduler", "is_client", "scatter_inputs", "read_small_inputs",
           "SCATTER_THRESHOLD"]

#: In-memory NumPy inputs at least this big (bytes) are scattered instead of being
#: pickled into the graph message.
SCATTER_THRESHOLD = 1 << 20


def is_client(obj: Any) -> bool:
    """Does *obj* look like a ``distributed.Client`` (without importing distributed)?"""
    return all(hasattr(obj, a) for a in ("scatter", "get", "gather", "submit"))


def _check_sync(client: Any, what: str) -> None:
    if getattr(client, "asynchronous", False):
        raise TypeError(
            f"{what}: the distributed Client is asynchronous, and lazyarr's {what} blocks; "
            f"use `await client.{what}(x)` with an asynchronous Client, or a synchronous Client"
        )


# -- scattering large inputs --------------------------------------------------------------
# Scattered blocks by client id, then by dask key. An entry lives as long as the NumPy
# array it was cut from, so computing the same input again sends nothing.
_scattered: dict[str, dict[tuple, Any]] = {}
_lock = threading.Lock()


def _forget(client_id: str, keys: list[tuple]) -> None:
    with _lock:
        cache = _scattered.get(client_id, {})
        for k in keys:
            cache.pop(k, None)


def _in_memory_source(task: Task) -> np.ndarray | None:
    """The in-memory NumPy array a ``from_array`` read task slices, if that is what it is."""
    if (task.func is getter or isinstance(task.func, _LockedGetter)) and len(task.args) == 2 \
            and not task.kwargs and type(task.args[0]) is np.ndarray:
        return task.args[0]
    return None


def _big_source(task: Task, threshold: int) -> np.ndarray | None:
    source = _in_memory_source(task)
    return source if source is not None and source.nbytes >= threshold else None


def read_small_inputs(tasks: Mapping[Key, Task]) -> dict[Key, Task]:
    """Slice small in-memory NumPy inputs here: the graph then carries the block, not the source.

    (It also keeps a ``from_array(..., lock=threading.Lock())`` of a NumPy array working:
    the lock is used here and never has to travel.)
    """
    out = dict(tasks)
    for key, task in tasks.items():
        if _in_memory_source(task) is not None:
            out[key] = Task(literal, (task.func(*task.args),))
    return out


def scatter_inputs(client: Any, tasks: Mapping[Key, Task],
                   threshold: int = SCATTER_THRESHOLD) -> dict[Key, Any]:
    """Scatter the blocks read from big in-memory NumPy arrays; return ``{key: Future}``.

    A ``from_array`` task holds the whole source array and a slice. Pickled into the
    graph, the whole array would travel with the message (and to every worker that
    reads a block). Instead each needed block is sliced here and scattered once, under
    the task's own key, and stays on the cluster while the source array is alive.
    Large arrays held by data tasks (``Task(literal, (array,))``) are scattered too.
    """
    cache = _scattered.setdefault(client.id, {})
    found: dict[Key, Any] = {}
    to_send: dict[tuple, Any] = {}
    owners: dict[int, tuple[Any, list[tuple]]] = {}
    for key, task in tasks.items():
        source = _big_source(task, threshold)
        if source is not None:
            value = None
        elif task.is_data and type(task.args[0]) is np.ndarray and task.args[0].nbytes >= threshold:
            source = value = task.args[0]
        else:
            continue
        dkey = to_dask_key(key)
        future = cache.get(dkey)
        if future is not None and future.status == "finished":
            found[key] = future
            continue
        to_send[dkey] = task.func(*task.args) if value is None else value
        owners.setdefault(id(source), (source, []))[1].append(dkey)
    if to_send:
        futures = client.scatter(to_send, hash=False)
        with _lock:
            cache.update(futures)
        for source, dkeys in owners.values():
            weakref.finalize(source, _forget, client.id, dkeys)
        for dkey, future in futures.items():
            found[from_dask_key(dkey)] = future
    return found


# -- per-task events from the workers -----------------------------------------------------------
class _TaskEvents:
    """Turns the workers' per-task events into our callbacks' task_start/task_end calls."""

    def __init__(self, client: Any, callbacks: Sequence[Callback]):
        self.client = client
        self.callbacks = callbacks
        self.topic = f"lazyarr-tasks-{uuid.uuid4().hex}"
        self.count = 0
        self.workers: dict[str, int] = {}
        self.done = threading.Condition()
        # Workers report wall-clock times; callbacks expect time.perf_counter values.
        self.offset = time.perf_counter() - time.time()
        client.subscribe_topic(self.topic, self.handle)

    def handle(self, event: tuple) -> None:
        _, (name, index, start, end, thread, address) = event
        key = Key(name, tuple(index))
        worker = self.workers.setdefault(address, len(self.workers))
        info = TaskEnd(start + self.offset, end + self.offset, thread, worker)
        for cb in self.callbacks:
            try:
                cb.task_start(key)
                cb.task_end(key, info)
            except Exception:  # a broken display must not break the computation
                pass
        with self.done:
            self.count += 1
            self.done.notify_all()

    def already_there(self, keys: Any) -> None:
        """Report blocks that need no task (scattered data), so every task is seen once."""
        now = time.perf_counter()
        info = TaskEnd(now, now, threading.get_ident(), 0)
        for key in keys:
            for cb in self.callbacks:
                try:
                    cb.task_start(key)
                    cb.task_end(key, info)
                except Exception:
                    pass

    def wait_for(self, n: int, timeout: float = 5.0) -> None:
        """Wait (briefly) until *n* events arrived: they travel behind the results."""
        deadline = time.monotonic() + timeout
        with self.done:
            while self.count < n and time.monotonic() < deadline:
                self.done.wait(deadline - time.monotonic())

    def close(self) -> None:
        try:
            self.client.unsubscribe_topic(self.topic)
        except Exception:
            pass


# -- compute and persist ------------------------------------------------------------------
def _prepare(client: Any, tasks: Mapping[Key, Task], keys: Sequence[Key],
             report: str | None) -> tuple[dict, dict[Key, Any]]:
    """Scatter, translate: (the dask graph, scattered Futures by key)."""
    external = scatter_inputs(client, tasks) if client is not None else {}
    rest = read_small_inputs({k: t for k, t in tasks.items() if k not in external})
    dsk = translate_tasks(rest, report, external)
    # Outputs that are themselves scattered blocks: the Future is the graph node.
    for key in keys:
        if key in external:
            dsk[to_dask_key(key)] = external[key]
    return dsk, external


def _runs_on_worker(node: Any) -> bool:
    from dask.task_spec import Task as DaskTask

    return isinstance(node, DaskTask) and node.func is run_task


class ClusterScheduler:
    """Runs the tasks on a ``distributed.Client``'s cluster."""

    name = "distributed"

    def __init__(self, client: Any):
        self.client = client

    def get(self, tasks: Mapping[Key, Task], keys: Sequence[Key], *, callbacks: Sequence[Callback] = (),
            deliver: Deliver | None = None, num_workers: int | None = None) -> dict[Key, Any]:
        """Run *tasks* on the cluster; hand each block of *keys* to *deliver* as it arrives."""
        _check_sync(self.client, "compute")
        if not keys:
            return {}
        events = _TaskEvents(self.client, callbacks) if callbacks else None
        try:
            with _seceded():
                return _run(self.client, tasks, keys, callbacks, deliver, events)
        finally:
            if events is not None:
                events.close()

    def persist(self, tasks: Mapping[Key, Task], keys: Sequence[Key], *, callbacks: Sequence[Callback] = (),
                num_workers: int | None = None) -> dict[Key, Task]:
        """Start computing *tasks* on the cluster; each block of *keys* becomes a task reading its Future.

        Returns at once, like ``Client.persist``: the blocks keep computing in the
        background (watch them with ``distributed.progress`` or wait with
        ``distributed.wait``). Later computes use the blocks in cluster memory and
        recompute nothing.
        """
        _check_sync(self.client, "persist")
        dsk, _ = _prepare(self.client, tasks, keys, None)
        futures = self.client.get(dsk, [to_dask_key(k) for k in keys], sync=False)
        return {from_dask_key(f.key): Task(fetch_future, (f,)) for f in futures}

    def __repr__(self) -> str:
        return f"ClusterScheduler({self.client!r})"


@contextlib.contextmanager
def _seceded() -> Iterator[None]:
    """Inside a task on a worker: leave the worker's thread pool while waiting for the cluster.

    A task that waits for other tasks holds one of the worker's threads; if every thread
    waits, nothing runs (a deadlock). ``distributed.secede`` frees the thread's slot for
    other tasks, and ``rejoin`` takes a slot back once the results are in. Elsewhere (the
    user's own thread) this does nothing.
    """
    import distributed

    try:
        distributed.get_worker()
        distributed.secede()  # only the thread running the task can secede
    except (ValueError, AttributeError, KeyError):  # not in a task, or in a thread the task started
        yield
        return
    try:
        yield
    finally:
        distributed.rejoin()


def _run(client: Any, tasks: Mapping[Key, Task], keys: Sequence[Key], callbacks: Sequence[Callback],
         deliver: Deliver | None, events: _TaskEvents | None) -> dict[Key, Any]:
    from distributed import as_completed

    dsk, external = _prepare(client, tasks, keys, events.topic if events else None)
    notify_start(callbacks, tasks, "distributed", sum(client.nthreads().values()) if callbacks else 0)
    # Blocks that are data already (scattered, sliced here, persisted) run no task on a
    # worker: report them now, so callbacks see every task exactly once.
    no_task = [k for k in tasks if not _runs_on_worker(dsk.get(to_dask_key(k)))]
    if events is not None:
        events.already_there(no_task)
    returned: dict[Key, Any] = {}
    futures = client.get(dsk, [to_dask_key(k) for k in keys], sync=False)
    try:
        for batch in as_completed(futures, loop=client.loop).batches():
            values = client.gather(batch)
            for future, value in zip(batch, values):
                key = from_dask_key(future.key)
                if deliver is not None:
                    deliver(key, value)
                else:
                    returned[key] = value
    except BaseException as exc:  # a task error or Ctrl-C: stop what is still running
        client.cancel([f for f in futures if from_dask_key(f.key) not in external])
        notify_finish(callbacks, events.count + len(no_task) if events else 0, exc)
        raise
    if events is not None:
        events.wait_for(len(tasks) - len(no_task))  # events from the workers, behind the results
    notify_finish(callbacks, len(tasks), None)
    return returned


class DaskGetScheduler:
    """Runs the translated tasks with a dask ``get(dsk, keys)`` function (``dask.get``, ...)."""

    name = "dask"

    def __init__(self, get: Callable[..., Any]):
        self.dask_get = get

    def get(self, tasks: Mapping[Key, Task], keys: Sequence[Key], *, callbacks: Sequence[Callback] = (),
            deliver: Deliver | None = None, num_workers: int | None = None) -> dict[Key, Any]:
        """Run *tasks* with the dask ``get``; hand each block of *keys* to *deliver*."""
        dsk, _ = _prepare(None, tasks, keys, None)
        notify_start(callbacks, tasks, getattr(self.dask_get, "__module__", "dask"), 0)
        try:
            values = self.dask_get(dsk, [to_dask_key(k) for k in keys])
        except BaseException as exc:
            notify_finish(callbacks, 0, exc)
            raise
        notify_finish(callbacks, len(tasks), None)
        returned: dict[Key, Any] = {}
        for key, value in zip(keys, values):
            if deliver is not None:
                deliver(key, value)
            else:
                returned[key] = value
        return returned

    def persist(self, tasks: Mapping[Key, Task], keys: Sequence[Key], *, callbacks: Sequence[Callback] = (),
                num_workers: int | None = None) -> dict[Key, Task]:
        raise TypeError(f"persist: scheduler={self.dask_get!r} is not a distributed Client; "
                        f"persist on a cluster needs a Client (or use 'threads'/'sync')")

    def __repr__(self) -> str:
        return f"DaskGetScheduler({self.dask_get!r})"
