"""Storage: reading and writing lazy arrays.

* ``base.py``: ``store`` (write blocks into any array-like target, region by region) and the
  machinery the file formats share;
* ``npy.py``: ``from_npy`` / ``to_npy`` (memory-mapped ``.npy`` files);
* ``zarr.py``: ``from_zarr`` / ``to_zarr``;
* ``npy_stack.py``: ``from_npy_stack`` / ``to_npy_stack`` (dask's directory format);
* ``hdf5.py``: ``to_hdf5`` (h5py);
* ``delayed.py``: ``from_delayed`` / ``to_delayed`` (dask.delayed interop);
* ``temporaries.py``: the writers' hidden temporaries (permissions, leftovers of a killed writer).
"""

from . import base, delayed, hdf5, npy, npy_stack, zarr
from .base import *
from .delayed import *
from .hdf5 import *
from .npy import *
from .npy_stack import *
from .zarr import *

__all__ = base.__all__ + npy.__all__ + zarr.__all__ + npy_stack.__all__ + hdf5.__all__ + delayed.__all__
