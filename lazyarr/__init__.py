"""lazyarr: chunked, lazy, parallel arrays that feel like NumPy.

>>> import lazyarr as la
>>> x = la.random.random((10000, 10000))
>>> x.chunksize
(4096, 4096)
>>> y = (x + x.T)[:1000].mean(axis=0)   # still lazy: nothing has run yet
>>> 0.9 < float(y.mean()) < 1.1          # now it runs, in parallel
True

This module is the public namespace only: everything is re-exported from
``lazyarr/core`` and ``lazyarr/api``.
"""

import sys as _sys

from numpy import (  # noqa: F401  # noqa: F401  - dtypes, as in NumPy's namespace
    bool_,
    complex64,
    complex128,
    dtype,
    e,
    euler_gamma,
    float16,
    float32,
    float64,
    inf,
    int8,
    int16,
    int32,
    int64,
    nan,
    newaxis,
    pi,
    uint8,
    uint16,
    uint32,
    uint64,
)

from . import config
from . import schedulers as _schedulers  # noqa: F401  - plugs the schedulers into core/compute.py
from .api import creation as _creation
from .api import elementwise as _elementwise
from .api import linalg_products as _linalg_products
from .api import manipulation as _manipulation
from .api import random
from .api import reductions as _reductions
from .api import ufuncs as _ufuncs
from .api.creation import *  # noqa: F401,F403
from .api.elementwise import *  # noqa: F401,F403
from .api.linalg_products import *  # noqa: F401,F403
from .api.manipulation import *  # noqa: F401,F403
from .api.reductions import *  # noqa: F401,F403
from .api.ufuncs import *  # noqa: F401,F403
from .callbacks import Callback
from .core.array import Array
from .core.chunks import normalize_chunks
from .core.compute import compute, persist
from .core.map_blocks import blockwise, map_blocks
from .core.rechunk import rechunk

bool = bool_  # noqa: A001 - NumPy 2 spells the boolean dtype np.bool

__version__ = "0.1.0"

_sys.modules[__name__ + ".random"] = random

__all__ = sorted(
    {"Array", "Callback", "blockwise", "compute", "config", "map_blocks", "normalize_chunks",
     "persist", "random", "rechunk"}
    | set(_creation.__all__) | set(_elementwise.__all__) | set(_linalg_products.__all__)
    | set(_manipulation.__all__) | set(_reductions.__all__) | set(_ufuncs.__all__) - {"LazyUfunc",
                                                                                   "apply_ufunc",
                                                                                   "array_ufunc"}
)

# --- array API (issue 9) ---
from .api import array_api as _array_api
from .api import array_api_functions as _array_api_functions
from .api.array_api import (
    __array_api_version__,
    __array_namespace_info__,
    can_cast,
    finfo,
    iinfo,
    isdtype,
    result_type,
)
from .api.array_api_functions import *  # noqa: F401,F403

__all__ = sorted(set(__all__) | set(_array_api.__all__) | set(_array_api_functions.__all__))
# --- end array API ---

# --- display ---
from . import diagnostics
from .display.graph import visualize

__all__ = sorted(set(__all__) | {"diagnostics", "visualize"})
# --- end display ---

# --- storage (issue 10) ---
from .api import storage as _storage
from .api.storage import store  # noqa: F401
from .api.storage_npy import from_npy, to_npy  # noqa: F401
from .api.storage_zarr import from_zarr, to_zarr  # noqa: F401

__all__ = sorted(set(__all__) | {"store", "from_npy", "to_npy", "from_zarr", "to_zarr"})
# --- end storage ---

# --- linear algebra, histograms, statistics, fft ---
from .api import einsum as _einsum_module
from .api import fft, linalg
from .api import histograms as _histograms
from .api import statistics as _statistics
from .api.einsum import einsum
from .api.histograms import *
from .api.statistics import *

_sys.modules[__name__ + ".linalg"] = linalg
_sys.modules[__name__ + ".fft"] = fft
__all__ = sorted(set(__all__) | set(_einsum_module.__all__) | set(_histograms.__all__)
                 | set(_statistics.__all__) | {"fft", "linalg"})
# --- end linear algebra, histograms, statistics, fft ---

# --- indexing and manipulation (issue 3) ---
from .api import blockwise_tools as _blockwise_tools  # noqa: E402
from .api import joining as _joining  # noqa: E402
from .api import padding as _padding  # noqa: E402
from .api import searching as _searching  # noqa: E402
from .api import selection as _selection  # noqa: E402
from .api import setops as _setops  # noqa: E402
from .api import sorting as _sorting  # noqa: E402
from .api.blockwise_tools import *  # noqa: F401,F403,E402
from .api.joining import *  # noqa: F401,F403,E402
from .api.padding import *  # noqa: F401,F403,E402
from .api.searching import *  # noqa: F401,F403,E402
from .api.selection import *  # noqa: F401,F403,E402
from .api.setops import *  # noqa: F401,F403,E402
from .api.sorting import *  # noqa: F401,F403,E402

__all__ = sorted(set(__all__) | set(_blockwise_tools.__all__) | set(_joining.__all__) | set(_padding.__all__)
                 | set(_searching.__all__) | set(_selection.__all__) | set(_setops.__all__)
                 | set(_sorting.__all__))
# --- end indexing and manipulation ---
