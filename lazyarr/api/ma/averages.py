"""The weighted average of masked data: ``average``.

Masked values drop out of both sums: the weighted sum of the values and the sum of the
weights (the weights are masked where the data is), so a masked value has no weight.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array
from ...core.data import as_lazy
from ..reductions.utils import normalize_axis_tuple
from .access import count, getmaskarray
from .masking import masked_where

__all__ = ["average"]


def _weights_like(x: Array, w: Array, axes: tuple[int, ...] | None) -> Array:
    """*w* broadcast to the shape (and chunks) of *x*: the same shape, or 1-d along *axes*."""
    from ..manipulation.shape import broadcast_to, expand_dims, transpose

    if w.shape == x.shape:
        return w
    if axes is None:
        raise TypeError("average: Axis must be specified when shapes of a and weights differ.")
    if w.shape != tuple(x.shape[d] for d in axes):
        raise ValueError(f"average: Shape of weights must be consistent with shape of a along specified axis; "
                         f"got weights of shape {w.shape} for a of shape {x.shape} and axis={axes}")
    if len(axes) > 1:
        w = transpose(w, tuple(np.argsort(axes)))
    w = expand_dims(w, tuple(d for d in range(x.ndim) if d not in axes))
    return broadcast_to(w, x.shape, chunks=x.chunks)


def average(a: Any, axis: Any = None, weights: Any = None, returned: bool = False,
            keepdims: bool = False) -> Any:
    """Weighted average leaving masked values out (lazy ``numpy.ma.average``).

    Parameters
    ----------
    a : array_like or Array
        The data (masked or not).
    axis : int or tuple of ints, optional
        Axes to average over (all by default).
    weights : array_like or Array, optional
        One weight per value (the shape of *a*), or a 1-d array along a single *axis*.
    returned : bool
        Also return the sum of the weights (the number of unmasked values without weights).
    keepdims : bool
        Keep the averaged axes with length 1.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.ma.masked_equal(la.from_array([1.0, 2.0, 3.0, 4.0], chunks=2), 2.0)
    >>> la.ma.average(x, weights=[1, 1, 1, 5]).compute()
    np.float64(3.4285714285714284)
    """
    x = as_lazy(a)
    axes = None if axis is None else tuple(normalize_axis_tuple(axis, x.ndim))
    if weights is None:
        avg = x.mean(axis=axes, keepdims=keepdims)
        if not returned:
            return avg
        # As numpy.ma: without weights the second result is the plain count of unmasked values.
        return avg, count(x, axis=axes, keepdims=keepdims).astype(avg.dtype)
    w = _weights_like(x, as_lazy(weights), axes)
    # The result type numpy.ma.average gives for these input types (floats at least float64
    # for integers), found on one-element samples.
    sample = np.ma.masked_array(np.ones(1, dtype=x.dtype))
    dtype = np.ma.average(sample, weights=np.ones(1, dtype=w.dtype)).dtype
    wm = masked_where(getmaskarray(x), w.astype(dtype))  # a masked value has no weight
    scl = wm.sum(axis=axes, dtype=dtype, keepdims=keepdims)
    avg = (x * wm).sum(axis=axes, dtype=dtype, keepdims=keepdims) / scl
    if returned:
        return avg, scl
    return avg
