"""``lazyarr.overlap``: blocks with a halo from their neighbours, as ``dask.array.overlap``.

The functions live in ``lazyarr/api/functional/overlap.py``; ``map_overlap`` is also
``lazyarr.map_overlap`` and the method ``x.map_overlap``.

>>> import lazyarr as la
>>> la.overlap.overlap(la.arange(4, chunks=2), depth=1, boundary="periodic").compute()
array([3, 0, 1, 2, 1, 2, 3, 0])
"""

from .api.functional.overlap import (
    ensure_minimum_chunksize,
    map_overlap,
    overlap,
    sliding_window_view,
    trim_internal,
    trim_overlap,
)

__all__ = ["ensure_minimum_chunksize", "map_overlap", "overlap", "sliding_window_view", "trim_internal",
           "trim_overlap"]
