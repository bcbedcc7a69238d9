"""Lazy arrays from existing data: ``array``, ``asarray``, ``asanyarray`` (and ``from_array``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.data import from_array
from ..array_api.info import check_device
from ..registry import implements

__all__ = ["array", "asanyarray", "asarray", "from_array"]


@implements(np.asarray)
def asarray(a: Any, dtype: Any = None, order: Any = None, *, chunks: Any = "auto", like: Any = None,
            copy: Any = None, device: Any = None, allow_unknown_chunksizes: bool = False) -> Array:
    """Turn *a* into a lazy array (lazy arrays pass through).

    >>> import lazyarr as la
    >>> la.asarray([1, 2, 3]).compute()
    array([1, 2, 3])
    """
    check_device("asarray", device)
    if is_array(a):
        # Lazy arrays are immutable, so sharing one is as good as a copy: copy= changes nothing.
        return a if dtype is None else a.astype(dtype)
    if isinstance(a, np.ma.MaskedArray):
        a = np.ma.getdata(a)  # np.asarray drops the mask too; la.asanyarray (or la.ma.masked_array) keeps it
    if isinstance(a, (list, tuple)) and any(is_array(v) for v in a):
        from ..manipulation.shape import stack

        return stack([asarray(v) for v in a]).astype(dtype) if dtype else stack([asarray(v) for v in a])
    if not (hasattr(a, "shape") and hasattr(a, "dtype") and hasattr(a, "__getitem__")):
        a = np.asarray(a, dtype=dtype, copy=copy)  # copy=False raises NumPy's ValueError if it must copy
    elif copy and isinstance(a, np.ndarray):
        a = a.copy()  # the lazy array must not see later writes to the caller's array
    out = from_array(a, chunks=chunks)
    return out if dtype is None or out.dtype == dtype else out.astype(dtype)


@implements(np.asanyarray)
def asanyarray(a: Any, dtype: Any = None, order: Any = None, *, chunks: Any = "auto", like: Any = None,
               inline_array: bool = False, **kw: Any) -> Array:
    """Like :func:`asarray`, but a ``numpy.ma.MaskedArray`` keeps its mask (masked blocks).

    >>> import numpy as np, lazyarr as la
    >>> la.asanyarray([1.0]).dtype
    dtype('float64')
    >>> la.asanyarray(np.ma.masked_equal([1, 2], 2)).compute()
    masked_array(data=[1, --],
                 mask=[False,  True],
           fill_value=2)
    """
    if isinstance(a, np.ma.MaskedArray):
        out = from_array(a.copy(), chunks=chunks)  # a copy: later writes to *a* must not show
        return out if dtype is None or out.dtype == dtype else out.astype(dtype)
    return asarray(a, dtype=dtype, chunks=chunks)


@implements(np.array)
def array(object: Any, dtype: Any = None, *, copy: bool = True, order: str = "K", subok: bool = False,
          ndmin: int = 0, chunks: Any = "auto", like: Any = None) -> Array:
    """Like :func:`asarray`; ``ndmin`` adds leading axes as in NumPy.

    >>> import lazyarr as la
    >>> la.array([1, 2], ndmin=2).shape
    (1, 2)
    """
    out = asarray(object, dtype=dtype, chunks=chunks)
    if out.ndim < ndmin:
        out = out[(None,) * (ndmin - out.ndim)]
    return out
