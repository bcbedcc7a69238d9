"""Cumulative sums and products: a scan inside each block plus a chain of carries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import Aligned, BlockRef, blockwise_array
from ...core.index_maps import Previous
from ...core.tokenize import tokenize
from ...core.validate import check_axis
from ..registry import implements
from .utils import _lazy, _no_out, _reorderable, _sample_dtype, normalize_axis_index

__all__ = ["cumsum", "cumprod", "nancumsum", "nancumprod", "cumulative_sum", "cumulative_prod"]


def _carry(before: Any, last: Any, binop: np.ufunc) -> Any:
    """Block i's carry: block i-1's carry combined with block i-1's total (None for the first block)."""
    if type(last) is list:  # the first block along the axis: nothing comes before it
        return None
    if last is None:  # block i-1 is empty: it adds nothing
        return before
    return last if before is None else binop(before, last)


def _apply_carry(block: np.ndarray, carry: Any, binop: np.ufunc) -> np.ndarray:
    return block if carry is None else binop(carry, block)


def _last(block: np.ndarray, axis: int) -> np.ndarray:
    if not block.shape[axis]:
        return None  # type: ignore[return-value]
    # The data, not the mask: a masked scan holds the running total under its masked entries
    # (numpy.ma scans masked values as the identity), and that total carries to the next block.
    return np.ma.getdata(np.take(block, [-1], axis=axis))


def _cumulative(fname: str, npfunc: Callable, binop: np.ufunc, a: Any, axis: Any, dtype: Any,
                include_initial: bool = False) -> Array:
    """A blocked scan in four blockwise layers, for a binary ufunc that may be regrouped.

    1. *scan*: every block scanned on its own (``np.cumsum(block, axis)``);
    2. *last*: each scanned block's last slice along the axis (the block's total);
    3. *carry*: what comes before block i, ``carry[i] = binop(carry[i-1], total[i-1])``.
       A chain along the axis: each carry task reads the previous carry of its own layer
       (index map :class:`~lazyarr.core.index_maps.Previous`). Carries are one slice
       thick, so the chain is cheap even though its tasks run one after another;
    4. *apply*: ``binop(carry[i], scanned[i])``, block by block.
    """
    x = _lazy(a)
    if axis is None and x.ndim != 1:  # a 1-d array is its own ravel (even when its sizes are unknown)
        from ..indexing.searching import require_known_sizes
        from ..manipulation.shape import ravel

        require_known_sizes(x, f"{fname} with axis=None", None)  # flattening needs every size
        x = ravel(x)
    if axis is None:
        axis = 0
    axis = check_axis(fname, axis, max(x.ndim, 1))  # NumPy scans a 0-d array as 1-d: axis 0 or -1
    if x.ndim == 0:
        from ..manipulation.shape import reshape

        x = reshape(x, (1,))
    kw = {} if dtype is None else {"dtype": dtype}
    out_dtype = _sample_dtype(npfunc, x, axis=axis, **kw)
    token = tokenize(fname, x.name, axis, out_dtype)
    same = Aligned(x.numblocks, x.ndim)
    scanned = blockwise_array(_scan, [BlockRef(x.name, same), npfunc, axis, out_dtype], x.chunks, out_dtype,
                              name=f"{fname}-scan-{token}", inputs=[x], label=fname)
    if x.numblocks[axis] == 1:
        return scanned
    slices = tuple((1,) * len(c) if i == axis else c for i, c in enumerate(x.chunks))
    totals = blockwise_array(_last, [BlockRef(scanned.name, same), axis], slices, out_dtype,
                             name=f"{fname}-last-{token}", inputs=[scanned], label=fname)
    carry_name = f"{fname}-carry-{token}"
    before = Previous(axis)
    carries = blockwise_array(_carry, [BlockRef(carry_name, before), BlockRef(totals.name, before), binop],
                              slices, out_dtype, name=carry_name, inputs=[totals], label=fname)
    return blockwise_array(_apply_carry, [BlockRef(scanned.name, same), BlockRef(carries.name, same), binop],
                           x.chunks, out_dtype, name=f"{fname}-{token}", inputs=[scanned, carries], label=fname)


def _scan(block: np.ndarray, npfunc: Callable, axis: int, dtype: np.dtype) -> np.ndarray:
    return npfunc(block, axis=axis, dtype=dtype)


@implements(np.cumsum)
def cumsum(a: Any, axis: int | None = None, dtype: Any = None, out: None = None) -> Array:
    """Cumulative sum (lazy ``numpy.cumsum``; ``axis=None`` flattens first).

    >>> import lazyarr as la
    >>> la.cumsum(la.arange(6, chunks=2)).compute()
    array([ 0,  1,  3,  6, 10, 15])
    """
    _no_out("cumsum", out)
    return _cumulative("cumsum", np.cumsum, np.add, a, axis, dtype)


@implements(np.cumprod)
def cumprod(a: Any, axis: int | None = None, dtype: Any = None, out: None = None) -> Array:
    """Cumulative product (lazy ``numpy.cumprod``; ``axis=None`` flattens first).

    >>> import lazyarr as la
    >>> la.cumprod(la.arange(1, 6, chunks=2)).compute()
    array([  1,   2,   6,  24, 120])
    """
    _no_out("cumprod", out)
    return _cumulative("cumprod", np.cumprod, np.multiply, a, axis, dtype)


@implements(np.nancumsum)
def nancumsum(a: Any, axis: int | None = None, dtype: Any = None, out: None = None) -> Array:
    """Cumulative sum treating NaN as zero (lazy ``numpy.nancumsum``).

    >>> import numpy as np, lazyarr as la
    >>> la.nancumsum(la.from_array(np.array([1.0, np.nan, 2.0]), chunks=2)).compute()
    array([1., 1., 3.])
    """
    _no_out("nancumsum", out)
    return _cumulative("nancumsum", np.nancumsum, np.add, a, axis, dtype)


@implements(np.nancumprod)
def nancumprod(a: Any, axis: int | None = None, dtype: Any = None, out: None = None) -> Array:
    """Cumulative product treating NaN as one (lazy ``numpy.nancumprod``).

    >>> import numpy as np, lazyarr as la
    >>> la.nancumprod(la.from_array(np.array([2.0, np.nan, 3.0]), chunks=2)).compute()
    array([2., 2., 6.])
    """
    _no_out("nancumprod", out)
    return _cumulative("nancumprod", np.nancumprod, np.multiply, a, axis, dtype)


def cumulative_sum(x: Any, /, *, axis: int | None = None, dtype: Any = None,
                   include_initial: bool = False) -> Array:
    """Array API ``cumulative_sum`` (``axis`` required for arrays with more than one dimension).

    >>> import lazyarr as la
    >>> la.cumulative_sum(la.arange(4, chunks=2), include_initial=True).compute()
    array([0, 0, 1, 3, 6])
    """
    return _cumulative_api("cumulative_sum", cumsum, np.add, x, axis, dtype, include_initial, 0)


def cumulative_prod(x: Any, /, *, axis: int | None = None, dtype: Any = None,
                    include_initial: bool = False) -> Array:
    """Array API ``cumulative_prod``.

    >>> import lazyarr as la
    >>> la.cumulative_prod(la.arange(1, 4, chunks=2)).compute()
    array([1, 2, 6])
    """
    return _cumulative_api("cumulative_prod", cumprod, np.multiply, x, axis, dtype, include_initial, 1)


def _cumulative_api(fname: str, func: Callable, binop: Any, x: Any, axis: Any, dtype: Any,
                    include_initial: bool, identity: int) -> Array:
    x = _lazy(x)
    if isinstance(axis, tuple):  # NumPy's accumulate takes a one-axis tuple too
        if len(axis) != 1:
            raise ValueError(f"{fname}: accumulate does not allow multiple axes, got axis={axis!r}")
        axis = axis[0]
    if axis is not None:
        check_axis(fname, axis, max(x.ndim, 1))  # named by the function the user called
    if axis is None:
        if x.ndim > 1:
            raise ValueError(f"{fname}: axis must be given for arrays with more than one dimension")
        axis = 0
    result = func(x, axis=axis, dtype=dtype)
    if include_initial:
        from ..creation.basic import full
        from ..manipulation.shape import concatenate

        ax = normalize_axis_index(axis, result.ndim)
        shape = tuple(1 if i == ax else s for i, s in enumerate(result.shape))
        result = concatenate([full(shape, identity, dtype=result.dtype), result], axis=ax)
    return result



def ufunc_accumulate(ufunc: np.ufunc, array: Any, axis: int = 0, dtype: Any = None,
                     out: Any = None) -> Array:
    """``ufunc.accumulate`` on a lazy array: a blocked scan when the ufunc is associative."""
    _no_out(f"{ufunc.__name__}.accumulate", out)
    if ufunc is np.add:
        return cumsum(array, axis=axis, dtype=dtype)
    if ufunc is np.multiply:
        return cumprod(array, axis=axis, dtype=dtype)
    x = _lazy(array)
    if _reorderable(ufunc, x.dtype):
        def npfunc(block: np.ndarray, axis: int, dtype: Any = None) -> np.ndarray:
            return ufunc.accumulate(block, axis=axis, dtype=dtype)

        npfunc.__name__ = f"{ufunc.__name__}_accumulate"
        return _cumulative(npfunc.__name__, npfunc, ufunc, x, axis, dtype)
    from ..manipulation.shape import _single_block_apply

    return _single_block_apply(x, normalize_axis_index(axis, x.ndim), _ufunc_accumulate_block, ufunc,
                               dtype, drop=False, label=f"{ufunc.__name__}.accumulate")


def _ufunc_accumulate_block(block: np.ndarray, axis: int, ufunc: np.ufunc, dtype: Any) -> np.ndarray:
    return ufunc.accumulate(block, axis=axis, dtype=dtype)
