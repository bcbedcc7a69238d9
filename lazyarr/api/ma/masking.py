"""Masking values by a condition: ``masked_where``, ``masked_equal``, ..., ``fix_invalid``.

Every function here is elementwise: one task per block turns the block into a masked
block. A value already masked stays masked (the new mask is OR-ed with the old one), as
in ``numpy.ma``. The block functions build a *new* masked array over the block's data
instead of calling ``numpy.ma.masked_where(..., copy=False)``, which would write the new
mask into the input block (blocks can be shared by several arrays, so none is ever
written to), and instead of copying the data as ``copy=True`` would. So the ``copy=``
keyword that some of them take (as in NumPy and dask) changes nothing: results never
share writes with their input, because lazy arrays are never written to.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import elemwise
from ...core.data import as_lazy
from .creation import check_scalar_fill

__all__ = ["fix_invalid", "masked_equal", "masked_greater", "masked_greater_equal", "masked_inside",
           "masked_invalid", "masked_less", "masked_less_equal", "masked_not_equal", "masked_outside",
           "masked_values", "masked_where"]


def mask_block(condition: Any, block: np.ndarray, fill_value: Any = None) -> np.ma.MaskedArray:
    """*block* with the places where *condition* holds masked too (never written to)."""
    new = np.ma.make_mask(condition, shrink=False)  # any true value masks (masked conditions too)
    if isinstance(block, np.ma.MaskedArray):
        mask = np.logical_or(new, np.ma.getmaskarray(block))
        if fill_value is None:
            fill_value = block.fill_value
    else:
        mask = new if np.shape(new) == block.shape else np.broadcast_to(new, block.shape).copy()
    return np.ma.masked_array(np.ma.getdata(block), mask=mask, fill_value=fill_value, copy=False)


def _check_same_shape(fname: str, what: str, cond: Any, x: Array) -> None:
    shape = np.shape(cond) if not is_array(cond) else cond.shape
    if shape and shape != x.shape:
        raise IndexError(f"{fname}: {what} has shape {shape} but the array has shape {x.shape}; "
                         f"they must be equal (or {what} a scalar)")


def masked_where(condition: Any, a: Any) -> Array:
    """Mask *a* where *condition* is true (lazy ``numpy.ma.masked_where``).

    Parameters
    ----------
    condition : array_like or Array
        Where to mask; the shape of *a* (or a scalar).
    a : array_like or Array
        The data; its own mask, if any, is kept.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=4)
    >>> la.ma.masked_where(x % 2 == 1, x).compute()
    masked_array(data=[0, --, 2, --, 4, --],
                 mask=[False,  True, False,  True, False,  True],
           fill_value=999999)
    """
    x = as_lazy(a)
    cond = condition if is_array(condition) else np.asanyarray(condition)
    _check_same_shape("masked_where", "condition", cond, x)
    return elemwise(mask_block, cond, x, label="masked_where")


def _compare_block(block: np.ndarray, value: Any, compare: np.ufunc, fill: bool) -> np.ma.MaskedArray:
    # Comparing the data alone is enough: where the block is masked already, it stays masked.
    with np.errstate(invalid="ignore"):
        cond = compare(np.ma.getdata(block), value)
    return mask_block(cond, block, value if fill else None)


def _masked_compare(fname: str, x: Any, value: Any, compare: np.ufunc, fill: bool = False) -> Array:
    lazy = as_lazy(x)
    if is_array(value) or np.ndim(value):
        value = value if is_array(value) else np.asanyarray(value)
        _check_same_shape(fname, "value", value, lazy)
        if fill:  # numpy.ma makes the value the fill value, which must be one number
            check_scalar_fill(fname, value)
    return elemwise(_compare_block, lazy, value, compare, fill, label=fname)


def masked_equal(a: Any, value: Any) -> Array:
    """Mask the values equal to *value*, which becomes the fill value (lazy ``numpy.ma.masked_equal``).

    >>> import lazyarr as la
    >>> la.ma.masked_equal(la.arange(4, chunks=2), 2).compute()
    masked_array(data=[0, 1, --, 3],
                 mask=[False, False,  True, False],
           fill_value=2)
    """
    return _masked_compare("masked_equal", a, value, np.equal, fill=True)


def masked_not_equal(x: Any, value: Any, copy: bool = True) -> Array:
    """Mask the values not equal to *value* (lazy ``numpy.ma.masked_not_equal``).

    >>> import lazyarr as la
    >>> la.ma.count(la.ma.masked_not_equal(la.arange(4, chunks=2), 2)).compute()
    np.int64(1)
    """
    return _masked_compare("masked_not_equal", x, value, np.not_equal)


def masked_greater(x: Any, value: Any, copy: bool = True) -> Array:
    """Mask the values greater than *value* (lazy ``numpy.ma.masked_greater``).

    >>> import lazyarr as la
    >>> la.ma.masked_greater(la.arange(4, chunks=2), 1).sum().compute()
    np.int64(1)
    """
    return _masked_compare("masked_greater", x, value, np.greater)


def masked_greater_equal(x: Any, value: Any, copy: bool = True) -> Array:
    """Mask the values greater than or equal to *value* (lazy ``numpy.ma.masked_greater_equal``).

    >>> import lazyarr as la
    >>> la.ma.masked_greater_equal(la.arange(4, chunks=2), 1).sum().compute()
    np.int64(0)
    """
    return _masked_compare("masked_greater_equal", x, value, np.greater_equal)


def masked_less(x: Any, value: Any, copy: bool = True) -> Array:
    """Mask the values less than *value* (lazy ``numpy.ma.masked_less``).

    >>> import lazyarr as la
    >>> la.ma.masked_less(la.arange(4, chunks=2), 2).sum().compute()
    np.int64(5)
    """
    return _masked_compare("masked_less", x, value, np.less)


def masked_less_equal(x: Any, value: Any, copy: bool = True) -> Array:
    """Mask the values less than or equal to *value* (lazy ``numpy.ma.masked_less_equal``).

    >>> import lazyarr as la
    >>> la.ma.masked_less_equal(la.arange(4, chunks=2), 2).sum().compute()
    np.int64(3)
    """
    return _masked_compare("masked_less_equal", x, value, np.less_equal)


def _interval_block(block: np.ndarray, v1: Any, v2: Any, inside: bool) -> np.ma.MaskedArray:
    data = np.ma.getdata(block)
    with np.errstate(invalid="ignore"):
        cond = ((data >= v1) & (data <= v2)) if inside else ((data < v1) | (data > v2))
    return mask_block(cond, block)


def _masked_interval(fname: str, x: Any, v1: Any, v2: Any, inside: bool) -> Array:
    for name, v in (("v1", v1), ("v2", v2)):
        if is_array(v) or np.ndim(v):
            shape = v.shape if is_array(v) else np.shape(v)
            raise ValueError(f"{fname}: {name} must be a scalar, got an array of shape {shape}")
    if v2 < v1:  # numpy.ma accepts the interval's ends in either order
        v1, v2 = v2, v1
    return elemwise(_interval_block, as_lazy(x), v1, v2, inside, label=fname)


def masked_inside(x: Any, v1: Any, v2: Any) -> Array:
    """Mask the values in the closed interval [v1, v2] (lazy ``numpy.ma.masked_inside``).

    >>> import lazyarr as la
    >>> la.ma.masked_inside(la.arange(6, chunks=4), 4, 1).compute()
    masked_array(data=[0, --, --, --, --, 5],
                 mask=[False,  True,  True,  True,  True, False],
           fill_value=999999)
    """
    return _masked_interval("masked_inside", x, v1, v2, inside=True)


def masked_outside(x: Any, v1: Any, v2: Any) -> Array:
    """Mask the values outside the closed interval [v1, v2] (lazy ``numpy.ma.masked_outside``).

    >>> import lazyarr as la
    >>> la.ma.count(la.ma.masked_outside(la.arange(6, chunks=4), 1, 4)).compute()
    np.int64(4)
    """
    return _masked_interval("masked_outside", x, v1, v2, inside=False)


def _invalid_block(block: np.ndarray) -> np.ma.MaskedArray:
    return mask_block(~np.isfinite(np.ma.getdata(block)), block)


def masked_invalid(a: Any) -> Array:
    """Mask NaN and infinite values (lazy ``numpy.ma.masked_invalid``).

    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.array([1.0, np.nan, 3.0, np.inf]), chunks=2)
    >>> la.ma.masked_invalid(x).mean().compute()
    np.float64(2.0)
    """
    return elemwise(_invalid_block, as_lazy(a), label="masked_invalid")


def _values_block(block: np.ndarray, value: Any, rtol: float, atol: float) -> np.ma.MaskedArray:
    # As numpy.ma: masked places get *value* as data first, so they count as equal to it.
    data = np.ma.filled(block, value)
    if np.issubdtype(data.dtype, np.floating):
        cond = np.isclose(data, value, rtol=rtol, atol=atol)
    else:
        cond = np.equal(data, value)
    return np.ma.masked_array(data, mask=cond, fill_value=value, copy=False)


def masked_values(x: Any, value: Any, rtol: float = 1e-05, atol: float = 1e-08, shrink: bool = True) -> Array:
    """Mask the values close to *value* (floats, by ``isclose``) or equal to it (lazy ``numpy.ma.masked_values``).

    *value* becomes the fill value. Differences from NumPy: *shrink* is accepted, but the
    computed result always holds a full mask array (what is masked is the same).

    >>> import lazyarr as la
    >>> la.ma.masked_values(la.from_array([1.0, 1.1, 2.0], chunks=2), 1.1).compute()
    masked_array(data=[1.0, --, 2.0],
                 mask=[False,  True, False],
           fill_value=1.1)
    """
    check_scalar_fill("masked_values", value)
    return elemwise(_values_block, as_lazy(x), value, rtol, atol, label="masked_values")


def _fix_block(block: np.ndarray, fill_value: Any) -> np.ma.MaskedArray:
    data = np.ma.getdata(block)
    invalid = ~np.isfinite(data)
    out = mask_block(invalid, block)
    if fill_value is None:
        fill_value = out.fill_value
    if invalid.any():
        data = data.copy()  # a new block: the input block is never written to
        data[invalid] = fill_value
        out = np.ma.masked_array(data, mask=out.mask, fill_value=out.fill_value, copy=False)
    return out


def fix_invalid(a: Any, fill_value: Any = None) -> Array:
    """Mask NaN and infinite values and replace their data by *fill_value* (lazy ``numpy.ma.fix_invalid``).

    Without *fill_value*, the array's fill value is used.

    >>> import numpy as np, lazyarr as la
    >>> fixed = la.ma.fix_invalid(la.from_array(np.array([1.0, np.nan, np.inf]), chunks=2), fill_value=0)
    >>> la.ma.getdata(fixed).compute()
    array([1., 0., 0.])
    """
    check_scalar_fill("fix_invalid", fill_value)
    return elemwise(_fix_block, as_lazy(a), fill_value, label="fix_invalid")
