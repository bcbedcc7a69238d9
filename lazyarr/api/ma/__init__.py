"""``lazyarr.ma``: lazy masked arrays, mirroring ``numpy.ma`` and ``dask.array.ma``.

A masked lazy array is an ordinary :class:`~lazyarr.Array` whose blocks are
``numpy.ma.MaskedArray`` (``x.block_type``); every operation keeps the masks, reductions
leave masked values out as ``numpy.ma`` does, and ``compute()`` returns a masked array.

* ``creation.py``: masked_array, asanyarray, empty_like, ones_like, zeros_like
* ``masking.py``: masked_where, masked_equal, masked_greater, ..., masked_invalid, masked_values, fix_invalid
* ``access.py``: filled, getdata, getmaskarray, set_fill_value, count, nonzero, where
* ``averages.py``: average
"""

from . import access, averages, creation, masking
from .access import *
from .averages import *
from .creation import *
from .masking import *

__all__ = creation.__all__ + masking.__all__ + access.__all__ + averages.__all__
