"""Forward filling: ``push`` carries the last valid value forward over NaNs, block after block.

Filling is a scan with an associative operation, ``fill(a, b) = b where b is valid else a``,
so it runs like ``cumsum`` (``cumulative.py``): each block is filled on its own, then the
last row of each block is carried into the next. The limit ``n`` (fill at most n steps) needs
the distance to the last valid value: a second scan, ``maximum.accumulate`` of the positions
of valid values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array
from ...core.data import as_lazy as _lazy
from .cumulative import _cumulative
from .utils import normalize_axis_index

__all__ = ["push"]


def _fill(carry: np.ndarray, block: np.ndarray) -> np.ndarray:
    """Keep *block*'s valid values; elsewhere take the carry (what came before)."""
    return np.where(np.isnan(block), carry, block)


def _fill_block(block: np.ndarray, axis: int, dtype: Any = None) -> np.ndarray:
    """Forward-fill along *axis* inside one block: index of the last valid entry, then a gather."""
    shape = [1] * block.ndim
    shape[axis] = block.shape[axis]
    positions = np.arange(block.shape[axis]).reshape(shape)
    last = np.maximum.accumulate(np.where(np.isnan(block), 0, positions), axis=axis)
    return np.take_along_axis(block, last, axis=axis)


def push(array: Any, n: int | None, axis: int) -> Array:
    """Fill NaNs with the last valid value before them along *axis*, at most *n* steps forward.

    dask's ``push`` (bottleneck's ``push``): ``n=None`` fills without limit; leading NaNs stay.

    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.array([1.0, np.nan, np.nan, np.nan, 5.0, np.nan]), chunks=2)
    >>> la.push(x, None, axis=0).compute()
    array([1., 1., 1., 1., 5., 5.])
    >>> la.push(x, 2, axis=0).compute()
    array([ 1.,  1.,  1., nan,  5.,  5.])
    """
    from ..creation.ranges import arange
    from ..elementwise.functions import where
    from ..elementwise.ufuncs import isnan, maximum

    x = _lazy(array)
    axis = normalize_axis_index(axis, x.ndim)
    if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0):
        raise ValueError(f"push: n must be None or a non-negative integer, got {n!r}")
    if x.dtype.kind not in "fc":
        return x  # integers and booleans cannot hold NaN: nothing to fill
    filled = _cumulative("push", _fill_block, _fill, x, axis, None)
    if n is None:
        return filled
    if np.isnan(x.shape[axis]):  # unknown length: count the positions with a scan instead
        positions = where(isnan(x), 1, 1).cumsum(axis=axis) - 1  # a 1 at every place, summed: 0, 1, 2, ...
    else:
        shape = [1] * x.ndim
        shape[axis] = x.shape[axis]
        positions = arange(x.shape[axis], chunks=(x.chunks[axis],)).reshape(tuple(shape))
    last_valid = maximum.accumulate(where(isnan(x), -1, positions), axis=axis)
    return where(positions - last_valid <= n, filled, np.nan)
