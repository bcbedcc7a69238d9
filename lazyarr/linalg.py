"""``lazyarr.linalg``: lazy ``numpy.linalg``; the functions live in ``lazyarr/api/linalg/``.

>>> import lazyarr as la
>>> float(la.linalg.norm(la.ones(4, chunks=2)))
2.0
"""

from .api import linalg as _linalg
from .api.linalg import *

__all__ = _linalg.__all__
