"""``lazyarr.ma``: lazy masked arrays (``numpy.ma``); the functions live in ``lazyarr/api/ma/``.

>>> import numpy as np, lazyarr as la
>>> x = la.from_array(np.array([1.0, np.nan, 3.0]), chunks=2)
>>> la.ma.masked_invalid(x).mean().compute()
np.float64(2.0)
"""

from .api import ma as _ma
from .api.ma import *

__all__ = _ma.__all__
