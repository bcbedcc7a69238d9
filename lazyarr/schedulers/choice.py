"""Which scheduler runs a compute: every form of ``scheduler=`` resolved in one place.

``lazyarr.compute`` (``core/compute.py``) knows nothing about schedulers: it calls
:func:`resolve`, which ``schedulers/__init__.py`` plugs into the core on import, and
gets back an object with two methods, ``get`` (run the tasks, deliver the blocks) and
``persist`` (run the tasks, keep the blocks). The forms of ``scheduler=``:

============================================  ================================================
``None`` (nothing chosen)                     the ``scheduler`` option (``"threads"`` unless
                                              set); but when the user chose nothing and a
                                              distributed Client is running, that Client, as
                                              in dask (opt out: ``distributed_default=False``),
                                              except inside a task on the cluster (see below)
``"threads"`` (``"threading"``)               the thread pool (``schedulers/threads.py``)
``"sync"`` (``"synchronous"``,                one task at a time on this thread
``"single-threaded"``)                        (``schedulers/sync.py``)
``"distributed"``, ``"dask.distributed"``     the running distributed Client (an error if none)
a ``distributed.Client``                      that cluster (``schedulers/cluster.py``)
any other callable                            a dask-style ``get(dsk, keys)``, e.g. ``dask.get``
============================================  ================================================

A compute nested inside a task that runs on a cluster (``x.compute()`` in a function given
to ``map_blocks``) never waits for the cluster by default: it runs locally, in the worker
that runs the task. Given the Client explicitly, it secedes from the worker's thread pool
while it waits (``distributed.secede``/``rejoin``), so the cluster's threads are never all
waiting for each other.

Looking for a running Client costs nothing for users who never imported
``distributed``: :func:`active_client` looks in ``sys.modules`` first and never imports it.

Examples
--------
>>> resolve("sync").name
'sync'
>>> resolve(None).name  # the configured default
'threads'
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .. import config
from ..callbacks import Callback
from ..core.graph import Key, Task, literal
from ..core.malloc import fix_mmap_threshold
from . import sync, threads
from .base import Deliver
from .cluster import ClusterScheduler, DaskGetScheduler, is_client

__all__ = ["resolve", "active_client", "in_cluster_task", "LocalScheduler", "LOCAL_SCHEDULERS"]


class LocalScheduler:
    """A scheduler that runs the tasks in this process: a name and its ``get`` function."""

    def __init__(self, name: str, get: Callable[..., dict[Key, Any]]):
        self.name = name
        self._get = get

    def get(self, tasks: Mapping[Key, Task], keys: Sequence[Key], *, callbacks: Sequence[Callback] = (),
            deliver: Deliver | None = None, num_workers: int | None = None) -> dict[Key, Any]:
        """Run *tasks* here; hand each block of *keys* to *deliver* (or return them)."""
        fix_mmap_threshold(config.get("malloc_mmap_threshold"))  # keep freed blocks from piling up
        return self._get(tasks, keys, callbacks=callbacks, deliver=deliver, num_workers=num_workers)

    def persist(self, tasks: Mapping[Key, Task], keys: Sequence[Key], *, callbacks: Sequence[Callback] = (),
                num_workers: int | None = None) -> dict[Key, Task]:
        """Run *tasks* here; each block of *keys* becomes a data task holding it."""
        blocks: dict[Key, Any] = {}
        self.get(tasks, keys, callbacks=callbacks, deliver=blocks.__setitem__, num_workers=num_workers)
        return {key: Task(literal, (blocks[key],)) for key in keys}

    def __repr__(self) -> str:
        return f"LocalScheduler({self.name!r})"


_THREADS = LocalScheduler("threads", threads.get)
_SYNC = LocalScheduler("sync", sync.get)

#: Scheduler names (and the aliases dask accepts) for the schedulers that run here.
LOCAL_SCHEDULERS: dict[str, LocalScheduler] = {
    "threads": _THREADS,
    "threading": _THREADS,
    "sync": _SYNC,
    "synchronous": _SYNC,
    "single-threaded": _SYNC,
}

_DISTRIBUTED = ("distributed", "dask.distributed")
_SCHEDULER_TYPES = (LocalScheduler, ClusterScheduler, DaskGetScheduler)


def active_client() -> Any:
    """The running ``distributed.Client`` (the current or default one), or None.

    Never imports ``distributed``: if the user has not imported it, no Client can run.
    """
    distributed = sys.modules.get("distributed")
    if distributed is None:
        return None
    try:
        return distributed.default_client()
    except (ValueError, AttributeError):  # no Client; or distributed is still being imported
        return None


def in_cluster_task() -> bool:
    """True inside a task running on a ``distributed`` worker (also in threads that task started).

    >>> in_cluster_task()
    False
    """
    distributed = sys.modules.get("distributed")
    if distributed is None:
        return False
    try:
        distributed.get_worker()
    except (ValueError, AttributeError):
        return False
    return True


def resolve(scheduler: Any = None, caller: str = "compute") -> Any:
    """The scheduler object for any form of ``scheduler=`` (see the module docstring).

    *caller* names the user-facing function in error messages.
    """
    if scheduler is None:
        # An active Client is used only when the user chose no scheduler at all (an
        # explicit config.set(scheduler="threads") opts out), as in dask. Not from inside a
        # task on the cluster: that task would hold a worker thread while waiting for the
        # cluster's other threads, and with every thread waiting nothing runs. A compute
        # nested in a task runs here, on this worker, with the local scheduler.
        if not config.is_set("scheduler") and config.get("distributed_default") and not in_cluster_task():
            client = active_client()
            if client is not None:
                return ClusterScheduler(client)
        scheduler = config.get("scheduler")
    if isinstance(scheduler, str):
        local = LOCAL_SCHEDULERS.get(scheduler)
        if local is not None:
            return local
        if scheduler in _DISTRIBUTED:
            client = active_client()
            if client is None:
                raise ValueError(
                    f"{caller}: scheduler={scheduler!r} needs a running distributed Client, and none is "
                    f"active; start one (client = distributed.Client()) or pass it: scheduler=client"
                )
            return ClusterScheduler(client)
        raise ValueError(
            f"{caller}: unknown scheduler {scheduler!r}; use 'threads', 'sync', 'distributed' (the running "
            f"Client) or pass a distributed Client: scheduler=client"
        )
    if isinstance(scheduler, _SCHEDULER_TYPES):
        return scheduler
    if is_client(scheduler):
        return ClusterScheduler(scheduler)
    if callable(scheduler):
        return DaskGetScheduler(scheduler)
    raise TypeError(
        f"{caller}: scheduler={scheduler!r} is not a scheduler name, a distributed Client or a dask get "
        f"function; use 'threads', 'sync' or a distributed.Client"
    )
