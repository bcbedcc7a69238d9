"""Storage: reading and writing lazy arrays.

* ``base.py``: ``store`` (write blocks into any array-like target, region by region) and the
  machinery the file formats share;
* ``npy.py``: ``from_npy`` / ``to_npy`` (memory-mapped ``.npy`` files);
* ``zarr.py``: ``from_zarr`` / ``to_zarr``;
* ``temporaries.py``: the writers' hidden temporaries (permissions, leftovers of a killed writer).
"""

from . import base, npy, zarr
from .base import *
from .npy import *
from .zarr import *

__all__ = base.__all__ + npy.__all__ + zarr.__all__
