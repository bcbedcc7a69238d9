"""Watching a computation: the :class:`Callback` base class and its events.

Schedulers call four hooks, all through ``schedulers/base.py`` so they behave the
same everywhere: :meth:`Callback.start` once, :meth:`Callback.task_start` and
:meth:`Callback.task_end` around every task (from worker threads), and
:meth:`Callback.finish` once (also after an error or Ctrl-C). The progress bar and
profilers in ``lazyarr.diagnostics`` are callbacks. When no callback is active the
schedulers skip the hooks entirely, so they cost nothing.

Examples
--------
>>> import lazyarr as la
>>> class Count(Callback):
...     def start(self, event): self.n = 0
...     def task_end(self, key, event): self.n += 1
>>> with Count() as c:
...     _ = la.ones(4, chunks=2).sum().compute(scheduler="sync")
>>> c.n > 0
True
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Callback", "ComputeStart", "ComputeEnd", "TaskEnd", "active_callbacks"]


@dataclass(frozen=True)
class ComputeStart:
    """What is about to run."""

    ntasks: int
    #: For each layer (operation) name: its human label and number of tasks.
    layers: dict[str, tuple[str, int]]
    scheduler: str
    num_workers: int


@dataclass(frozen=True)
class TaskEnd:
    """One finished task: when it ran and on which thread (``time.perf_counter`` seconds)."""

    start: float
    end: float
    thread: int
    worker: int = 0


@dataclass(frozen=True)
class ComputeEnd:
    """How the computation ended: ``error`` is the exception, or None on success."""

    ntasks_done: int
    error: BaseException | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_global: list[Callback] = []
_lock = threading.Lock()


class Callback:
    """Base class: override any of the hooks; use as a context manager or ``register()``.

    >>> import lazyarr as la
    >>> class CountTasks(Callback):
    ...     def __init__(self):
    ...         self.n = 0
    ...     def task_end(self, key, event):
    ...         self.n += 1
    >>> with CountTasks() as counter:
    ...     _ = la.ones(4, chunks=2).sum().compute(scheduler="sync")
    >>> counter.n > 0
    True
    """

    def start(self, event: ComputeStart) -> None:
        """Called once before the first task runs."""

    def task_start(self, key: Any) -> None:
        """Called on the worker thread just before a task runs."""

    def task_end(self, key: Any, event: TaskEnd) -> None:
        """Called on the worker thread just after a task finished successfully."""

    def finish(self, event: ComputeEnd) -> None:
        """Called once at the end, on success, error or interrupt."""

    # -- activation ---------------------------------------------------------------
    def register(self) -> None:
        """Activate for every following compute until :meth:`unregister`."""
        with _lock:
            if self not in _global:
                _global.append(self)

    def unregister(self) -> None:
        with _lock:
            if self in _global:
                _global.remove(self)

    def __enter__(self) -> Callback:
        self.register()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.unregister()


def active_callbacks(extra: Any = ()) -> tuple[Callback, ...]:
    """Globally registered callbacks plus *extra* (a callback or a sequence of them)."""
    if isinstance(extra, Callback):
        extra = (extra,)
    return tuple(_global) + tuple(c for c in extra if c not in _global)
