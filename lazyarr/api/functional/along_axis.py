"""``apply_along_axis``: run a 1-d function along one axis.

The axis is rechunked into one block (the function needs whole lines); the other axes
stay in parallel blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import BlockRef, blockwise_array
from ...core.data import as_lazy as _lazy
from ...core.index_maps import FromAxes
from ...core.known_sizes import require_known_sizes
from ...core.tokenize import tokenize
from ..registry import implements

__all__ = ["apply_along_axis"]


def _apply_along(block: np.ndarray, func1d: Callable, axis: int, args: tuple, kwargs: dict,
                 line_shape: tuple[int, ...] = (), dtype: Any = None) -> np.ndarray:
    if block.size == 0 and any(n == 0 for i, n in enumerate(block.shape) if i != axis):
        # A zero-length block across the lines holds no line at all: NumPy would refuse to
        # iterate over it, but its place in the (non-empty) result is simply empty.
        return np.empty(block.shape[:axis] + line_shape + block.shape[axis + 1:], dtype=dtype)
    return np.apply_along_axis(func1d, axis, block, *args, **kwargs)


@implements(np.apply_along_axis)
def apply_along_axis(func1d: Callable, axis: int, arr: Any, *args: Any, dtype: Any = None, shape: Any = None,
                     **kwargs: Any) -> Array:
    """Apply *func1d* to every 1-d line along *axis* (lazy ``numpy.apply_along_axis``).

    The axis is rechunked into one block. The output's dtype and the shape *func1d*
    returns are found by calling it once on a line of ones (give ``dtype=`` and
    ``shape=`` to skip that).

    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.arange(12).reshape(3, 4), chunks=2)
    >>> la.apply_along_axis(lambda v: v[::-1].cumsum(), 1, x).compute()[0]
    array([3, 5, 6, 6])
    """
    x = _lazy(arr)
    from numpy.lib.array_utils import normalize_axis_index

    axis = normalize_axis_index(axis, x.ndim)
    from ..manipulation.sorting import rechunk_whole_axis

    require_known_sizes(x, "apply_along_axis", [axis])
    if any(n == 0 for i, n in enumerate(x.shape) if i != axis):
        raise ValueError(f"apply_along_axis: Cannot apply_along_axis when any iteration dimensions are 0 "
                         f"(arr has shape {x.shape}, axis={axis})")

    x = rechunk_whole_axis(x, axis)
    if dtype is None or shape is None:
        sample = np.asarray(func1d(np.ones(int(x.shape[axis]), dtype=x.dtype), *args, **kwargs))
        dtype = sample.dtype if dtype is None else dtype
        shape = sample.shape if shape is None else shape
    shape = tuple(shape)
    chunks = x.chunks[:axis] + tuple((s,) for s in shape) + x.chunks[axis + 1:]
    name = "apply_along_axis-" + tokenize(x.name, func1d, axis, args, kwargs)
    # Output axes axis .. axis + len(shape) - 1 are the line's result; the input's axis is one block.
    n_out = len(shape)
    lines = FromAxes([*range(axis), None, *range(axis + n_out, x.ndim - 1 + n_out)], fuse=n_out == 1)
    return blockwise_array(_apply_along, [BlockRef(x.name, lines), func1d, axis,
                                          tuple(args), dict(kwargs), shape, np.dtype(dtype)],
                           chunks, dtype, name=name, inputs=[x], label="apply_along_axis")
