"""Making masked lazy arrays: ``masked_array``, ``asanyarray`` and the ``*_like`` functions.

Each builds one blockwise layer whose blocks are ``numpy.ma.MaskedArray``; the block type
is found, like the dtype, by running the block function on a one-element sample.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import elemwise
from ...core.data import as_lazy
from ...core.map_blocks import map_blocks

__all__ = ["asanyarray", "empty_like", "masked_array", "ones_like", "zeros_like"]


def check_scalar_fill(fname: str, fill_value: Any) -> None:
    """Refuse an array fill value: a masked array has one fill value, not one per element."""
    if np.ndim(fill_value) != 0 or is_array(fill_value):
        raise ValueError(f"{fname}: fill_value must be a scalar, got an array of shape {np.shape(fill_value)}; "
                         f"give one value, e.g. fill_value=0")


def _mask_block(data: np.ndarray, mask: Any, fill_value: Any = None, dtype: Any = None) -> np.ma.MaskedArray:
    # keep_mask (numpy.ma's default): a block that is masked already keeps its mask, OR the new one.
    return np.ma.masked_array(data, mask=mask, fill_value=fill_value, dtype=dtype)


def masked_array(data: Any, mask: Any = np.ma.nomask, fill_value: Any = None, *, dtype: Any = None) -> Array:
    """A lazy masked array: *data* with *mask* (True marks a value as missing).

    Parameters
    ----------
    data : array_like or Array
        The values; a ``numpy.ma.MaskedArray`` (or masked lazy array) keeps its own mask too.
    mask : bool or array_like or Array, optional
        One flag per element (the shape of *data*), or one flag for all.
    fill_value : scalar, optional
        The value :func:`filled` puts in masked places (NumPy's default for the dtype if omitted).
    dtype : dtype, optional
        Convert the data to this type.

    Differences from NumPy: the other keywords of ``numpy.ma.masked_array`` (``copy``,
    ``keep_mask``, ``hard_mask``, ...) are not accepted: lazy blocks are never written to.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.ma.masked_array(la.arange(4, chunks=2), mask=[0, 1, 0, 0])
    >>> x.sum().compute()
    np.int64(5)
    >>> x
    lazyarr.Array<masked_array, shape=(4,), dtype=int64, chunksize=(2,), chunktype=numpy.ma.MaskedArray>
    """
    x = as_lazy(data) if is_array(data) or isinstance(data, np.ndarray) else as_lazy(np.asanyarray(data))
    check_scalar_fill("masked_array", fill_value)
    if fill_value is not None:
        # Bad fill values (a string for a float array) fail now, with NumPy's own TypeError.
        np.ma.masked_array(np.empty(0, dtype=dtype or x.dtype), fill_value=fill_value)
    if mask is np.ma.nomask or mask is None:
        return elemwise(_mask_block, x, np.ma.nomask, fill_value, dtype, label="masked_array")
    m = mask if is_array(mask) else np.asanyarray(mask)
    if m.ndim == 0 or m.size == 1:
        return elemwise(_mask_block, x, bool(np.asarray(m).reshape(())) if not is_array(m) else m.reshape(()),
                        fill_value, dtype, label="masked_array")
    if m.shape != x.shape:
        raise np.ma.MaskError(f"masked_array: mask has shape {m.shape} but data has shape {x.shape}; "
                              f"give one flag per element (or a single flag)")
    return elemwise(_mask_block, x, m, fill_value, dtype, label="masked_array")


def asanyarray(a: Any, dtype: Any = None, order: Any = None, *, like: Any = None,
               inline_array: bool = False) -> Array:
    """A lazy array from *a*, keeping the mask of a ``numpy.ma.MaskedArray``.

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> la.ma.asanyarray(np.ma.masked_equal([1, 2, 3], 2)).compute()
    masked_array(data=[1, --, 3],
                 mask=[False,  True, False],
           fill_value=2)
    """
    from ..creation.from_data import asanyarray as lazy_asanyarray

    return lazy_asanyarray(a, dtype=dtype)


def _like(fname: str, np_like: Any, a: Any, dtype: Any, kwargs: dict) -> Array:
    if kwargs:
        raise TypeError(f"{fname}: unsupported keyword arguments {sorted(kwargs)}; only dtype= is accepted")
    x = as_lazy(a)
    # No dtype= for map_blocks: its sample run finds both the dtype and the (masked) block type.
    return map_blocks(_like_block, x, np_like, None if dtype is None else np.dtype(dtype))


def _like_block(block: np.ndarray, np_like: Any, dtype: Any) -> np.ma.MaskedArray:
    out = np_like(block, dtype=dtype)
    # numpy.ma's *_like keep the block's mask; a plain block gives a masked block with none masked
    return out if isinstance(out, np.ma.MaskedArray) else np.ma.masked_array(out)


def empty_like(a: Any, dtype: Any = None, **kwargs: Any) -> Array:
    """An uninitialized masked array with the shape, chunks and mask of *a*.

    >>> import lazyarr as la
    >>> x = la.ma.masked_array(la.arange(3, chunks=2), mask=[0, 1, 0])
    >>> la.ma.getmaskarray(la.ma.empty_like(x)).compute()
    array([False,  True, False])
    """
    return _like("empty_like", np.ma.empty_like, a, dtype, kwargs)


def ones_like(a: Any, dtype: Any = None, **kwargs: Any) -> Array:
    """Ones with the shape, chunks and mask of *a* (``numpy.ma.ones_like``).

    >>> import lazyarr as la
    >>> la.ma.ones_like(la.ma.masked_array(la.arange(3, chunks=2), mask=[0, 1, 0])).compute()
    masked_array(data=[1, --, 1],
                 mask=[False,  True, False],
           fill_value=999999)
    """
    return _like("ones_like", np.ma.ones_like, a, dtype, kwargs)


def zeros_like(a: Any, dtype: Any = None, **kwargs: Any) -> Array:
    """Zeros with the shape, chunks and mask of *a* (``numpy.ma.zeros_like``).

    >>> import lazyarr as la
    >>> la.ma.zeros_like(la.ma.masked_array(la.arange(3, chunks=2), mask=[0, 1, 0]), dtype=float).compute()
    masked_array(data=[0.0, --, 0.0],
                 mask=[False,  True, False],
           fill_value=1e+20)
    """
    return _like("zeros_like", np.ma.zeros_like, a, dtype, kwargs)
