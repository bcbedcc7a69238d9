"""``sliding_window_view``: every window of a moving window, as new trailing axes (``la.lib.stride_tricks``).

A window may straddle two blocks: each block borrows ``window - 1`` elements from the
next one (a one-sided halo, ``halo.py``), then NumPy's ``sliding_window_view`` runs on
every extended block.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import blockwise_array
from ...core.data import as_lazy
from ...core.index_maps import BlockRef, FromAxes
from ...core.tokenize import tokenize
from ...errors import unknown_size_error
from ..registry import implements
from .halo import coerce_depth, extend_blocks

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_index  # type: ignore

__all__ = ["sliding_window_view"]


def _windows_of_block(block: np.ndarray, window_shape: tuple, axis: tuple) -> np.ndarray:
    trimmed = list(block.shape)
    for a, w in zip(axis, window_shape):
        trimmed[a] -= w - 1
    if min(trimmed) <= 0:  # the last block may hold no window at all (NumPy raises there)
        return np.empty(tuple(max(t, 0) for t in trimmed) + tuple(window_shape), dtype=block.dtype)
    return np.lib.stride_tricks.sliding_window_view(block, window_shape, axis)


@implements(np.lib.stride_tricks.sliding_window_view)
def sliding_window_view(x: Any, window_shape: Any, axis: Any = None, *, subok: bool = False,
                        writeable: bool = False, automatic_rechunk: bool = True) -> Array:
    """Every window of a moving window over *x*, as NumPy's ``sliding_window_view``, lazily.

    The windows run along new trailing axes: ``view.shape`` is ``x.shape`` with each
    windowed axis shortened by ``window - 1``, followed by *window_shape*. A window may
    straddle two blocks: each block borrows ``window - 1`` elements from the next one
    (:func:`lazyarr.overlap.overlap` with depth ``(0, window - 1)`` and ``boundary="none"``), then NumPy's
    ``sliding_window_view`` runs on every extended block: a view, so a reduction over the
    window axes (``.mean(-1)``) never holds the windows as a copy.

    Parameters
    ----------
    x : array_like
        The array.
    window_shape : int or tuple of int
        Window length along each windowed axis.
    axis : int or tuple of int, optional
        The windowed axes (one per window length; an axis may repeat). Default: every
        axis, with one window length each.
    subok, writeable : bool
        Only False: the blocks are plain NumPy arrays and a lazy array has nothing to write to.
    automatic_rechunk : bool, keyword only
        Merge blocks shorter than ``window - 1`` first (default); with False they raise
        ValueError.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(7, chunks=3)
    >>> v = la.lib.stride_tricks.sliding_window_view(x, 3)
    >>> v.shape, v.chunks
    ((5, 3), ((3, 2), (3,)))
    >>> v.mean(axis=-1).compute()   # a moving average
    array([1., 2., 3., 4., 5.])
    """
    x = as_lazy(x)
    if subok or writeable:
        raise NotImplementedError("sliding_window_view: subok=True and writeable=True are not supported: the "
                                  "windows of a lazy array are new read-only blocks, not views of x")
    window_shape = tuple(window_shape) if np.iterable(window_shape) else (window_shape,)
    if any(isinstance(w, bool) or not isinstance(w, (int, np.integer)) for w in window_shape):
        raise TypeError(f"sliding_window_view: window_shape must be integers, got {window_shape!r}")
    window_shape = tuple(int(w) for w in window_shape)
    axes = tuple(range(x.ndim)) if axis is None else \
        tuple(normalize_axis_index(a, x.ndim, "sliding_window_view: axis")
              for a in ((axis,) if np.ndim(axis) == 0 else axis))
    for a in set(axes):
        if isinstance(x.shape[a], float) and math.isnan(x.shape[a]):
            raise unknown_size_error("sliding_window_view", a)
    # NumPy checks the arguments and works out the shape on a stand-in of x's shape that
    # takes no memory (every element is the same one).
    stand_in = np.broadcast_to(np.zeros((), dtype=x.dtype),
                               tuple(1 if isinstance(n, float) else n for n in x.shape))
    try:
        shape = np.lib.stride_tricks.sliding_window_view(stand_in, window_shape, axis).shape
    except ValueError as exc:
        raise ValueError(f"sliding_window_view: {exc}") from exc
    if 0 in window_shape:  # an empty window: no elements at all
        return as_lazy(np.empty(shape, dtype=x.dtype))
    borrow = {a: 0 for a in axes}  # elements each block borrows from the next, per windowed axis
    for a, w in zip(axes, window_shape):
        borrow[a] += w - 1
    depths = coerce_depth(x.ndim, {a: (0, d) for a, d in borrow.items()}, "sliding_window_view")
    extended = extend_blocks(x, depths, ["none"] * x.ndim, automatic_rechunk, "sliding_window_view")
    # An extended block of length L holds L - borrow windows: as many as the block had
    # elements, except the last block, which had no next block to borrow from.
    chunks = tuple(tuple(c - borrow.get(a, 0) for c in cs) if borrow.get(a, 0) else cs
                   for a, cs in enumerate(extended.chunks)) + tuple((w,) for w in window_shape)
    name = "sliding_window_view-" + tokenize(extended.name, window_shape, axes)
    return blockwise_array(_windows_of_block,
                           [BlockRef(extended.name, FromAxes(range(x.ndim))), window_shape, axes],
                           chunks, x.dtype, name=name, inputs=[extended], label="sliding_window_view")
