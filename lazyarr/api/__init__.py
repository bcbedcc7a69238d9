"""NumPy-named functions, grouped by family; ``registry.py`` is the ``__array_function__`` table.

Each family is a subpackage whose modules each list their public names in ``__all__``;
the family's ``__init__`` joins them, and this module joins the families into the
functions of the top-level ``lazyarr`` namespace. ``linalg``, ``fft``, ``random`` and ``stats``
are sub-namespaces (``la.linalg.solve``), re-exported by ``lazyarr/linalg.py`` etc.

* ``creation/``: zeros, ones, arange, linspace, eye, asarray, ...
* ``elementwise/``: every ufunc, where, clip, round, astype, ...
* ``reductions/``: sum, mean, std, argmax, cumsum, ...
* ``statistics/``: median, quantile, average, cov, histogram, ...
* ``indexing/``: fancy indexing and assignment, take, diff, nonzero, ...
* ``manipulation/``: reshape, concatenate, stack, pad, sort, unique, ...
* ``linalg/``: ``la.linalg`` (qr, svd, solve, norm, ...) plus the products (dot, matmul, einsum, ...)
* ``fft.py``: ``la.fft``; ``random/``: ``la.random``; ``stats/``: ``la.stats`` (lazy ``scipy.stats`` tests)
* ``io/``: store, from_npy/to_npy, from_zarr/to_zarr
* ``functional/``: map_overlap, apply_along_axis, apply_gufunc, vectorize, reduction
* ``array_api/``: the Array API standard's extras (finfo, isdtype, unstack, ...)
"""

from . import (
    array_api,
    creation,
    elementwise,
    functional,
    indexing,
    io,
    linalg,
    manipulation,
    reductions,
    statistics,
)
from .array_api import *
from .creation import *
from .elementwise import *
from .functional import *
from .indexing import *
from .io import *
from .linalg.einsum import *
from .linalg.products import *
from .manipulation import *
from .reductions import *
from .statistics import *

__all__ = (creation.__all__ + elementwise.__all__ + reductions.__all__ + statistics.__all__ + indexing.__all__
           + manipulation.__all__ + linalg.products.__all__ + linalg.einsum.__all__ + io.__all__ + functional.__all__
           + array_api.__all__)
