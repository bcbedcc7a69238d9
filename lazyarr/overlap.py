"""``lazyarr.overlap``: blocks with a halo from their neighbours, as ``dask.array.overlap``.

The functions live in ``lazyarr/api/functional/`` (``halo.py``, ``overlap.py``, ``windows.py``);
``map_overlap`` is also ``lazyarr.map_overlap`` and the method ``x.map_overlap``.

>>> import lazyarr as la
>>> la.overlap.overlap(la.arange(4, chunks=2), depth=1, boundary="periodic").compute()
array([3, 0, 1, 2, 1, 2, 3, 0])
"""

from .api.functional import halo as _halo
from .api.functional.halo import *
from .api.functional.overlap import map_overlap
from .api.functional.windows import sliding_window_view

__all__ = _halo.__all__ + ["map_overlap", "sliding_window_view"]
