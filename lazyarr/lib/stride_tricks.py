"""``lazyarr.lib.stride_tricks``: ``sliding_window_view``, as ``numpy.lib.stride_tricks``.

The function lives in ``lazyarr/api/functional/windows.py`` (its windows cross block
borders through a halo exchange); ``np.lib.stride_tricks.sliding_window_view(x, 3)`` on a
lazy array dispatches to it.

>>> import lazyarr as la
>>> la.lib.stride_tricks.sliding_window_view(la.arange(5, chunks=2), 4).sum(-1).compute()
array([ 6, 10])
"""

from ..api.functional import windows as _windows
from ..api.functional.windows import *

__all__ = _windows.__all__
