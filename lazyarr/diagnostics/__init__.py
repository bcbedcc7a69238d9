"""Watching computations: progress bars and profilers (all :class:`~lazyarr.callbacks.Callback` objects).

>>> import lazyarr as la
>>> from lazyarr.diagnostics import Profiler
>>> with Profiler() as prof:
...     _ = la.ones(4, chunks=2).compute(scheduler="sync")
>>> len(prof.results)
2
"""

from .plots import visualize
from .profile import Profiler, ResourceProfiler, ResourceRecord, TaskRecord
from .progress import ProgressBar

__all__ = ["ProgressBar", "Profiler", "ResourceProfiler", "ResourceRecord", "TaskRecord", "visualize"]
