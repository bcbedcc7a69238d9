"""Lazy arrays from existing data: ``array``, ``asarray``, ``asanyarray`` (and ``from_array``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.data import from_array
from ..array_api.info import check_device
from ..registry import implements

__all__ = ["array", "asanyarray", "asarray", "copy", "from_array"]


@implements(np.asarray)
def asarray(a: Any, dtype: Any = None, order: Any = None, *, chunks: Any = "auto", like: Any = None,
            copy: Any = None, device: Any = None) -> Array:
    """Turn *a* into a lazy array.

    *copy* follows the Array API standard: ``True`` always returns a new array (for a lazy
    *a*, a new Array object on the same graph, see :meth:`Array.copy`); ``None`` copies
    only when it must (a dtype change), so ``la.asarray(x) is x``; ``False`` never copies
    and raises ValueError where a copy would be needed.

    >>> import lazyarr as la
    >>> la.asarray([1, 2, 3]).compute()
    array([1, 2, 3])
    >>> x = la.arange(3)
    >>> la.asarray(x) is x, la.asarray(x, copy=True) is x
    (True, False)
    """
    check_device("asarray", device)
    if copy not in (None, True, False):
        raise ValueError(f"asarray: copy must be True, False or None, got {copy!r}")
    if is_array(a):
        if dtype is not None and np.dtype(dtype) != a.dtype:
            if copy is False:
                raise ValueError(f"asarray: copy=False, but converting dtype {a.dtype} to {np.dtype(dtype)} "
                                 f"needs a copy; use copy=None to allow it")
            return a.astype(dtype)
        # x[i] = v rebinds the object it is called on, so a copy is a new object on the same graph.
        return a.copy() if copy else a
    if isinstance(a, (list, tuple)) and any(is_array(v) for v in a):
        if copy is False:
            raise ValueError("asarray: copy=False, but stacking a list of lazy arrays makes a new array; "
                             "use copy=None")
        from ..manipulation.shape import stack

        return stack([asarray(v) for v in a]).astype(dtype) if dtype else stack([asarray(v) for v in a])
    if not (hasattr(a, "shape") and hasattr(a, "dtype") and hasattr(a, "__getitem__")):
        a = np.asarray(a, dtype=dtype, copy=copy)  # copy=False raises NumPy's ValueError if it must copy
    elif copy is False and dtype is not None and np.dtype(dtype) != a.dtype:
        raise ValueError(f"asarray: copy=False, but converting dtype {a.dtype} to {np.dtype(dtype)} "
                         f"needs a copy; use copy=None to allow it")
    elif copy and isinstance(a, np.ndarray):
        a = a.copy()  # the lazy array must not see later writes to the caller's array
    out = from_array(a, chunks=chunks)
    return out if dtype is None or out.dtype == dtype else out.astype(dtype)


@implements(np.asanyarray)
def asanyarray(a: Any, dtype: Any = None, order: Any = None, *, chunks: Any = "auto", like: Any = None,
               **kw: Any) -> Array:
    """Same as :func:`asarray` (lazyarr has no array subclasses).

    >>> import lazyarr as la
    >>> la.asanyarray([1.0]).dtype
    dtype('float64')
    """
    return asarray(a, dtype=dtype, chunks=chunks)


@implements(np.array)
def array(object: Any, dtype: Any = None, *, copy: bool = True, order: str = "K", subok: bool = False,
          ndmin: int = 0, chunks: Any = "auto", like: Any = None) -> Array:
    """Like :func:`asarray`; ``ndmin`` adds leading axes as in NumPy.

    >>> import lazyarr as la
    >>> la.array([1, 2], ndmin=2).shape
    (1, 2)
    """
    out = asarray(object, dtype=dtype, chunks=chunks, copy=copy)
    if out.ndim < ndmin:
        out = out[(None,) * (ndmin - out.ndim)]
    return out


@implements(np.copy)
def copy(a: Any, order: str = "K", subok: bool = False) -> Array:
    """An independent lazy copy of *a*: writes to one never reach the other.

    Same as ``la.asarray(a, copy=True)``; a NumPy input is copied at once (the lazy
    array must not see later writes to it).

    >>> import numpy as np, lazyarr as la
    >>> x = la.arange(3, chunks=2)
    >>> c = np.copy(x)
    >>> c[0] = 7
    >>> x.compute(), c.compute()
    (array([0, 1, 2]), array([7, 1, 2]))
    """
    return asarray(a, copy=True)
