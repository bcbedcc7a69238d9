"""``lazyarr.lib``: lazy versions of ``numpy.lib``'s helpers, as ``dask.array.lib``.

>>> import lazyarr as la
>>> la.lib.stride_tricks.sliding_window_view(la.arange(4, chunks=2), 2).shape
(3, 2)
"""

from . import stride_tricks

__all__ = ["stride_tricks"]
