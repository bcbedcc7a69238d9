"""Coarsening: reduce every non-overlapping window of *factor* elements along some axes.

``coarsen(np.mean, x, {0: 10, 1: 10})`` averages 10 x 10 tiles: each block is reshaped so
every tile gets its own pair of axes, ``(rows/10, 10, cols/10, 10)``, and the reduction runs
over the window axes. Tiles never cross block boundaries, so one blockwise layer does it,
provided every block's length along a coarsened axis is a multiple of its factor. When it
is not, lazyarr first rechunks to multiples (dask raises instead); the rechunk moves at
most one block's worth of data per block and is shown in the graph as its own layer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import infer_dtype
from ...core.data import as_lazy as _lazy
from ...core.map_blocks import map_blocks

__all__ = ["coarsen"]


def _coarsen_block(block: np.ndarray, reduction: Callable, factors: tuple[int, ...], kwargs: dict) -> np.ndarray:
    split = []
    for n, f in zip(block.shape, factors):
        split += [n // f, f]
    return reduction(block.reshape(split), axis=tuple(range(1, 2 * block.ndim, 2)), **kwargs)


def _multiples(sizes: tuple[int, ...], factor: int) -> tuple[int, ...]:
    """Block sizes along one axis, each a multiple of *factor*, close to the current ones."""
    if all(s % factor == 0 for s in sizes):
        return sizes
    total = sum(sizes)
    step = max(factor, (max(sizes) // factor) * factor)
    out = [step] * (total // step)
    if total % step:
        out.append(total % step)
    return tuple(out)


def coarsen(reduction: Callable, x: Any, axes: dict[int, int], trim_excess: bool = False, **kwargs: Any) -> Array:
    """Reduce non-overlapping windows: ``axes={axis: factor}`` (dask's ``coarsen``).

    Parameters
    ----------
    reduction : callable
        A NumPy reduction taking ``axis=`` (a tuple), e.g. ``np.mean``, ``np.sum``, ``np.max``.
    x : array-like
    axes : dict
        ``{axis: factor}``; each listed axis shrinks by its factor.
    trim_excess : bool
        Drop the elements at the end that do not fill a window; otherwise lengths must be
        multiples of the factors.
    **kwargs
        Passed to *reduction* (e.g. ``dtype=``).

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.arange(12, chunks=5).reshape(3, 4)
    >>> la.coarsen(np.sum, x, {1: 2}).compute()
    array([[ 1,  5],
           [ 9, 13],
           [17, 21]])
    """
    x = _lazy(x)
    if not isinstance(axes, dict):
        raise TypeError(f"coarsen: axes must be a dict {{axis: factor}}, got {axes!r}")
    factors = [1] * x.ndim
    for ax, f in axes.items():
        if not -x.ndim <= ax < x.ndim:
            raise np.exceptions.AxisError(f"coarsen: axis {ax} is out of bounds for array of dimension {x.ndim}")
        if isinstance(f, bool) or not isinstance(f, (int, np.integer)) or f < 1:
            raise ValueError(f"coarsen: factor for axis {ax} must be a positive integer, got {f!r}")
        factors[ax % x.ndim] = int(f)
    for i, n in enumerate(x.shape):
        if factors[i] > 1 and not isinstance(n, (int, np.integer)):
            raise ValueError(f"coarsen: the length of axis {i} is unknown (nan); call x.compute_chunk_sizes() first")
    if trim_excess:
        index = tuple(slice(0, n - n % f) for n, f in zip(x.shape, factors))
        if any(n % f for n, f in zip(x.shape, factors)):
            x = x[index]
    else:
        for i, (n, f) in enumerate(zip(x.shape, factors)):
            if n % f:
                raise ValueError(f"coarsen: coarsening factor {f} does not divide the length {n} of axis {i}; "
                                 f"use trim_excess=True to drop the last {n % f} elements")
    new_chunks = tuple(_multiples(c, f) for c, f in zip(x.chunks, factors))
    if new_chunks != x.chunks:
        x = x.rechunk(new_chunks)
    sample = np.ones(tuple(f for f in factors), dtype=x.dtype)
    dtype = infer_dtype(_coarsen_block, [sample, reduction, tuple(factors), kwargs], None, "coarsen")
    out_chunks = tuple(tuple(s // f for s in c) for c, f in zip(x.chunks, factors))
    return map_blocks(_coarsen_block, x, reduction, tuple(factors), kwargs, dtype=dtype, chunks=out_chunks)
