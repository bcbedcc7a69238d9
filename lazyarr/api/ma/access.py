"""Reading masked arrays: their data, mask, fill value, count; ``where`` and ``nonzero``.

``filled``, ``getdata`` and ``getmaskarray`` turn masked blocks into plain ones, so their
results are ordinary lazy arrays (``block_type`` ``numpy.ndarray``), as in ``numpy.ma``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blocktype import is_masked_type
from ...core.blockwise import elemwise
from ...core.data import as_lazy
from ...core.map_blocks import map_blocks
from ...core.reduction import fold, reduction
from ..reductions.utils import _axes, _finish
from .creation import check_scalar_fill

__all__ = ["count", "filled", "getdata", "getmaskarray", "nonzero", "set_fill_value", "where"]


def filled(a: Any, fill_value: Any = None) -> Array:
    """The data with masked places replaced by *fill_value* (default: the array's fill value).

    >>> import lazyarr as la
    >>> x = la.ma.masked_equal(la.arange(4, chunks=2), 2)
    >>> la.ma.filled(x, -1).compute()
    array([ 0,  1, -1,  3])
    """
    check_scalar_fill("filled", fill_value)
    return map_blocks(np.ma.filled, as_lazy(a), fill_value)


def getdata(a: Any) -> Array:
    """The data under the mask, as a plain lazy array (lazy ``numpy.ma.getdata``).

    >>> import lazyarr as la
    >>> la.ma.getdata(la.ma.masked_equal(la.arange(4, chunks=2), 2)).compute()
    array([0, 1, 2, 3])
    """
    return map_blocks(np.ma.getdata, as_lazy(a))


def getmaskarray(a: Any) -> Array:
    """The mask as a boolean lazy array, all False where nothing is masked (lazy ``numpy.ma.getmaskarray``).

    >>> import lazyarr as la
    >>> la.ma.getmaskarray(la.ma.masked_equal(la.arange(4, chunks=2), 2)).compute()
    array([False, False,  True, False])
    """
    return map_blocks(np.ma.getmaskarray, as_lazy(a))


def _with_fill_value(block: np.ndarray, fill_value: Any) -> np.ndarray:
    if not isinstance(block, np.ma.MaskedArray):
        return block
    # A new masked array over the same data and mask: the input block itself is not changed.
    return np.ma.masked_array(block.data, mask=block.mask, fill_value=fill_value, copy=False)


def set_fill_value(a: Any, fill_value: Any) -> None:
    """Set the fill value of a masked array, in place (as ``numpy.ma.set_fill_value``).

    A lazy array is rebound to a new graph (as ``x[i] = v`` does); a plain (unmasked)
    array has no fill value and is left alone, as in NumPy.

    >>> import lazyarr as la
    >>> x = la.ma.masked_equal(la.arange(4, chunks=2), 2)
    >>> la.ma.set_fill_value(x, -9)
    >>> x.compute().fill_value
    np.int64(-9)
    """
    if not is_array(a):
        np.ma.set_fill_value(a, fill_value)
        return
    check_scalar_fill("set_fill_value", fill_value)
    # A fill value that does not fit the dtype fails now, with NumPy's own TypeError.
    np.ma.masked_array(np.empty(0, dtype=a.dtype), fill_value=fill_value)
    if not is_masked_type(a.block_type):
        return
    new = map_blocks(_with_fill_value, a, fill_value)
    a.graph, a.name = new.graph, new.name


def _count_chunk(block: np.ndarray, axis: tuple[int, ...]) -> np.ndarray:
    # The unmasked places, summed (np.ma.count refuses axis=() on a 0-d block).
    return np.sum(~np.ma.getmaskarray(block), axis=axis, keepdims=True, dtype=np.intp)


def _count_aggregate(partial: np.ndarray, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
    return _finish(partial, axis, keepdims)


def count(a: Any, axis: Any = None, keepdims: bool = False, split_every: Any = None) -> Array:
    """Number of values that are not masked along the given axes (lazy ``numpy.ma.count``).

    Differences from NumPy: with ``axis=None`` the result is a 0-d lazy array (a NumPy
    integer once computed) rather than a Python int.

    >>> import lazyarr as la
    >>> x = la.ma.masked_equal(la.arange(6, chunks=4).reshape(2, 3), 4)
    >>> la.ma.count(x, axis=0).compute()
    array([2, 1, 2])
    """
    x = as_lazy(a)
    axes = _axes("count", axis, x.ndim)
    return reduction(x, _count_chunk, fold(np.add), _count_aggregate, axis=axes, keepdims=keepdims,
                     dtype=np.dtype(np.intp), name="count", split_every=split_every, block_type=np.ndarray)


def _where_block(condition: Any, x: Any, y: Any) -> np.ma.MaskedArray:
    return np.ma.where(condition, x, y)


def where(condition: Any, x: Any = None, y: Any = None) -> Any:
    """Elements of *x* where *condition* holds, else of *y*, keeping masks (lazy ``numpy.ma.where``).

    With only *condition*, the indices of its unmasked non-zero values (:func:`nonzero`).

    >>> import lazyarr as la
    >>> a = la.ma.masked_equal(la.arange(4, chunks=2), 1)
    >>> la.ma.where(a > 1, a, -a).compute()
    masked_array(data=[0, --, 2, 3],
                 mask=[False,  True, False, False],
           fill_value=999999)
    """
    if (x is None) != (y is None):
        raise ValueError("where: give both x and y, or neither")
    if x is None:
        return nonzero(condition)
    args = [v if is_array(v) or np.ndim(v) == 0 else np.asanyarray(v) for v in (condition, x, y)]
    return elemwise(_where_block, *args, label="where")


def nonzero(a: Any) -> tuple[Array, ...]:
    """Indices of the unmasked non-zero elements, one lazy array per axis (lazy ``numpy.ma.nonzero``).

    >>> import lazyarr as la
    >>> (idx,) = la.ma.nonzero(la.ma.masked_equal(la.arange(4, chunks=2), 2))
    >>> idx.compute()
    array([1, 3])
    """
    from ..indexing.searching import nonzero as lazy_nonzero

    x = as_lazy(a)
    # numpy.ma counts a masked value as zero: fill with zeros (False), then the plain nonzero.
    return lazy_nonzero(filled(x, np.zeros((), dtype=x.dtype)[()]))
