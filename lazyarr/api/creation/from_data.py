"""Lazy arrays from existing data: ``array``, ``asarray``, ``asanyarray`` (and ``from_array``).

Also copies and memory sharing: ``copy``, ``may_share_memory``, ``shares_memory``.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.data import from_array
from ...core.graph import MaterializedLayer
from ..array_api.info import check_device
from ..registry import implements

__all__ = ["array", "asanyarray", "asarray", "copy", "from_array", "may_share_memory", "shares_memory"]


@implements(np.asarray)
def asarray(a: Any, dtype: Any = None, order: Any = None, *, chunks: Any = "auto", like: Any = None,
            copy: Any = None, device: Any = None, allow_unknown_chunksizes: bool = False) -> Array:
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
    if isinstance(a, np.ma.MaskedArray):
        a = np.ma.getdata(a)  # np.asarray drops the mask too; la.asanyarray (or la.ma.masked_array) keeps it
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


def _memory_of(a: Any) -> list[np.ndarray]:
    """The NumPy arrays whose memory *a*'s values come from.

    For a NumPy array, itself. A lazy array holds no memory of its own that anyone can
    write to (``x[i] = v`` builds a new graph, computed results are new arrays), but its
    graph may read NumPy arrays the caller still holds: ``la.asarray(a)`` reads ``a`` when
    computed. Those are the arrays stored in its tasks.
    """
    if not is_array(a):
        return [np.asarray(a)]
    found: dict[int, np.ndarray] = {}

    def collect(value: Any) -> None:
        if isinstance(value, np.ndarray):
            found[id(value)] = value
        elif isinstance(value, (list, tuple)):
            for v in value:
                collect(v)
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)

    for layer in a.graph.layers.values():
        if isinstance(layer, MaterializedLayer):
            for task in layer.materialize().values():
                collect(task.args)
                collect(task.kwargs)
        else:  # a blockwise layer: its plain arguments
            collect(getattr(layer, "args", ()))
            collect(getattr(layer, "kwargs", {}))
    return list(found.values())


def _share(test: Any, a: Any, b: Any) -> bool:
    if is_array(a) and is_array(b):
        return False  # writing into a lazy array rebinds it: neither can change the other
    return builtins.any(bool(test(p, q)) for p in _memory_of(a) for q in _memory_of(b))


@implements(np.may_share_memory)
def may_share_memory(a: Any, b: Any, /, max_work: int | None = None) -> bool:
    """Whether writing into one of *a*, *b* might change the other (``numpy.may_share_memory``).

    Returns a bool at once (nothing is computed). Two lazy arrays never do: writes to a
    lazy array rebind it to a new graph. A lazy array and a NumPy array do when the lazy
    array reads that NumPy array's memory (``la.asarray(a)`` without ``copy=True``).

    >>> import numpy as np, lazyarr as la
    >>> a = np.arange(4)
    >>> np.may_share_memory(la.asarray(a), a), np.may_share_memory(la.asarray(a, copy=True), a)
    (True, False)
    """
    kw = {} if max_work is None else {"max_work": max_work}
    return _share(lambda p, q: np.may_share_memory(p, q, **kw), a, b)


@implements(np.shares_memory)
def shares_memory(a: Any, b: Any, /, max_work: int | None = None) -> bool:
    """Whether *a* and *b* share memory exactly (``numpy.shares_memory``); see :func:`may_share_memory`.

    >>> import numpy as np, lazyarr as la
    >>> a = np.arange(4)
    >>> np.shares_memory(la.from_array(a[:2]), a[2:]), np.shares_memory(la.from_array(a[:2]), a)
    (False, True)
    """
    kw = {} if max_work is None else {"max_work": max_work}
    return _share(lambda p, q: np.shares_memory(p, q, **kw), a, b)
