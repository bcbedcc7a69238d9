"""lazyarr: chunked, lazy, parallel arrays that feel like NumPy.

>>> import lazyarr as la
>>> x = la.random.random((10000, 10000))
>>> x.chunksize
(4096, 4096)
>>> y = (x + x.T)[:1000].mean(axis=0)   # still lazy: nothing has run yet
>>> 0.9 < float(y.mean()) < 1.1          # now it runs, in parallel
True

This module is the public namespace only: the core's building blocks, the NumPy-named
functions of ``lazyarr/api`` (whose ``__all__`` lists them) and the sub-namespaces
``linalg``, ``fft``, ``random``, ``ma``, ``special`` and ``stats``.
"""

from numpy import (  # dtypes and constants, as in NumPy's namespace
    bool_,
    complex64,
    complex128,
    dtype,
    e,
    euler_gamma,
    float16,
    float32,
    float64,
    inf,
    int8,
    int16,
    int32,
    int64,
    nan,
    newaxis,
    pi,
    uint8,
    uint16,
    uint32,
    uint64,
)

from . import api, config, diagnostics, fft, lib, linalg, ma, overlap, random, special, stats
from . import schedulers as _schedulers  # noqa: F401  - plugs the schedulers into core/compute.py
from .api import *
from .api import methods as _api_methods
from .callbacks import Callback
from .core.array import Array
from .core.chunks import normalize_chunks
from .core.compute import compute, persist
from .core.map_blocks import blockwise, map_blocks
from .core.rechunk import rechunk
from .display import methods as _display_methods
from .display.graph import visualize
from .errors import PerformanceWarning
from .schedulers import dask as _dask_adapter

bool = bool_  # noqa: A001 - NumPy 2 spells the boolean dtype np.bool

# The core's Array is a data class; each layer attaches its methods, once, in this order:
# operators, NumPy methods and fancy indexing; reprs and pictures; x.to_dask() (and dask arrays as operands).
_api_methods.install(Array)
_display_methods.install(Array)
_dask_adapter.install(Array)

__version__ = "0.1.0"

__all__ = sorted(
    ["Array", "Callback", "blockwise", "compute", "config", "diagnostics", "fft", "linalg", "ma", "map_blocks",
     "special",
     "normalize_chunks", "persist", "random", "rechunk", "visualize"]
    + ["PerformanceWarning"]
    + ["lib", "overlap"]  # as dask.array.lib and dask.array.overlap
    + ["stats"]
    + api.__all__
)
