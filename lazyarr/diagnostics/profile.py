"""Profilers: what ran when, on which thread, and what it cost in CPU and memory.

Both are :class:`~lazyarr.callbacks.Callback` objects that only *record* during a
compute (appending to a list is all a task pays); the plots are drawn afterwards
with matplotlib (imported only when you plot, and rendered offline: no JavaScript); they
show as PNG images in every notebook front end without any ``%matplotlib`` magic.

* :class:`Profiler` keeps one :class:`TaskRecord` per task: start, end, thread and
  operation. Its :meth:`Profiler.plot` is a task stream (Gantt chart): one row per
  thread, one bar per task, coloured by operation. The blank space between bars is
  the scheduler's overhead and idle time: the reason a chunked computation of a
  small array is slower than NumPy.
* :class:`ResourceProfiler` samples the process's CPU use and memory every ``dt``
  seconds (needs ``psutil``).

:func:`lazyarr.diagnostics.visualize` stacks several profilers on one time axis.

>>> import lazyarr as la
>>> with Profiler() as prof:
...     _ = la.ones(10, chunks=5).sum().compute(scheduler="sync", optimize_graph=False)
>>> sorted({r.operation for r in prof.results})
['ones', 'sum']
"""

from __future__ import annotations

import threading
import time
from typing import Any, NamedTuple

from ..callbacks import Callback, ComputeEnd, ComputeStart, TaskEnd

__all__ = ["Profiler", "ResourceProfiler", "ResourceRecord", "TaskRecord"]


class TaskRecord(NamedTuple):
    """One task as the :class:`Profiler` saw it (``time.perf_counter`` seconds)."""

    key: Any
    operation: str
    start: float
    end: float
    thread: int
    worker: int


class ResourceRecord(NamedTuple):
    """One sample of the :class:`ResourceProfiler`: time, memory in MiB, CPU percent."""

    time: float
    memory: float
    cpu: float


class Profiler(Callback):
    """Record every task's start, end, thread and operation.

    Records accumulate over every compute run while the profiler is active;
    :meth:`clear` starts afresh. ``computes`` holds each compute's (start, end).

    Examples
    --------
    >>> import lazyarr as la
    >>> with Profiler() as prof:
    ...     _ = la.ones(10, chunks=5).compute(scheduler="sync")
    >>> len(prof.results), len(prof.computes)
    (2, 1)
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.results: list[TaskRecord] = []
        self.computes: list[tuple[float, float]] = []
        self._labels: dict[str, str] = {}
        self._t0 = 0.0

    def start(self, event: ComputeStart) -> None:
        self._labels.update({name: label for name, (label, _) in event.layers.items()})
        self._t0 = time.perf_counter()

    def task_end(self, key: Any, event: TaskEnd) -> None:
        name = getattr(key, "name", None) or key[0]
        # list.append is atomic under the GIL: no lock needed on the tasks' path.
        self.results.append(TaskRecord(key, self._labels.get(name, name), event.start, event.end,
                                       event.thread, event.worker))

    def finish(self, event: ComputeEnd) -> None:
        self.computes.append((self._t0, time.perf_counter()))

    @property
    def start_time(self) -> float:
        return min([c[0] for c in self.computes] + [r.start for r in self.results], default=0.0)

    def summary(self) -> dict[str, float]:
        """Wall time, time spent inside tasks (summed over threads) and the rest."""
        wall = sum(end - start for start, end in self.computes)
        busy = sum(r.end - r.start for r in self.results)
        nthreads = max(len({r.thread for r in self.results}), 1)
        return {"wall": wall, "in_tasks": busy, "threads": nthreads,
                "overhead_fraction": max(0.0, 1 - busy / (wall * nthreads)) if wall else 0.0}

    def plot(self, ax: Any = None, t0: float | None = None) -> Any:
        """Task stream: one row per thread, one bar per task, coloured by operation.

        Returns a :class:`~lazyarr.diagnostics.figure.PlotFigure` (a new one unless *ax* is
        given): a matplotlib Figure that shows as an image when it is the value of a notebook
        cell, with no ``%matplotlib`` magic; ``.save("tasks.png")`` writes it to a file.

        Examples
        --------
        >>> import lazyarr as la
        >>> with Profiler() as prof:
        ...     _ = la.ones(10, chunks=5).sum().compute()
        >>> fig = prof.plot()
        >>> fig.axes[0].get_xlabel()
        'time (s)'
        """
        from .plots import plot_tasks

        return plot_tasks(self, ax=ax, t0=t0)


class ResourceProfiler(Callback):
    """Sample CPU use (percent of one core) and memory (RSS, MiB) during computes.

    Parameters
    ----------
    dt : float
        Seconds between samples.

    Examples
    --------
    >>> import lazyarr as la
    >>> with ResourceProfiler(dt=0.01) as rprof:
    ...     _ = la.ones(100, chunks=10).sum().compute()
    >>> len(rprof.results) >= 2 and rprof.results[0].memory > 0
    True
    """

    def __init__(self, dt: float = 0.05) -> None:
        self.dt = dt
        self.results: list[ResourceRecord] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def clear(self) -> None:
        self.results = []

    def start(self, event: ComputeStart) -> None:
        try:
            import psutil
        except ImportError as exc:  # pragma: no cover - psutil is in the notebooks extra
            raise ImportError("ResourceProfiler needs psutil: pip install psutil") from exc
        self._process = psutil.Process()
        self._process.cpu_percent(None)  # the first call only starts the measurement
        self._stop.clear()
        self._sample()
        self._thread = threading.Thread(target=self._run, name="lazyarr-resources", daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        mem = self._process.memory_info().rss / 2**20
        self.results.append(ResourceRecord(time.perf_counter(), mem, self._process.cpu_percent(None)))

    def _run(self) -> None:
        while not self._stop.wait(self.dt):
            self._sample()

    def finish(self, event: ComputeEnd) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            self._sample()

    @property
    def start_time(self) -> float:
        return self.results[0].time if self.results else 0.0

    def plot(self, ax: Any = None, t0: float | None = None) -> Any:
        """Memory (left axis) and CPU (right axis) over time.

        Returns a :class:`~lazyarr.diagnostics.figure.PlotFigure` (a new one unless *ax* is
        given) that shows as an image in a notebook and saves with ``.save("memory.png")``.
        """
        from .plots import plot_resources

        return plot_resources(self, ax=ax, t0=t0)
