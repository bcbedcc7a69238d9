"""``lazyarr.lib.stride_tricks``: ``sliding_window_view``, as ``numpy.lib.stride_tricks``.

The function lives in ``lazyarr/api/functional/overlap.py`` (its windows cross block
borders through a halo exchange); ``np.lib.stride_tricks.sliding_window_view(x, 3)`` on a
lazy array dispatches to it.

>>> import lazyarr as la
>>> la.lib.stride_tricks.sliding_window_view(la.arange(5, chunks=2), 4).sum(-1).compute()
array([ 6, 10])
"""

from ..api.functional.overlap import sliding_window_view

__all__ = ["sliding_window_view"]
