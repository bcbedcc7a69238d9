"""Where are the true elements? ``nonzero``, ``argwhere``, ``flatnonzero``, ``compress``,
``extract``, and :func:`compute_chunk_sizes`.

Their results have lengths that depend on the data, so the blocks along the new axis
have unknown (``nan``) lengths until computed. Operations that do not need those
lengths (elementwise arithmetic, reductions, concatenation, another mask) work
straight away; the others ask for :func:`compute_chunk_sizes` first.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import BlockRef, PerBlock, blockwise_array
from ...core.chunks import chunk_boundaries
from ...core.data import as_lazy as _lazy
from ...core.index_maps import FromAxes
from ...core.known_sizes import compute_chunk_sizes, settle_data_dependent_shapes
from ...core.tokenize import tokenize
from ...errors import unknown_size_error
from ..registry import implements

__all__ = ["argwhere", "compress", "compute_chunk_sizes", "extract", "flatnonzero", "nonzero"]


def _rows_whole(x: Array, funcname: str) -> Array:
    """Rechunk so blocks hold whole rows of the trailing axes (C order across blocks)."""
    if x.ndim < 2 or all(n == 1 for n in x.numblocks[1:]):
        return x
    for a, n in enumerate(x.shape):
        if math.isnan(n) and a > 0:
            raise unknown_size_error(funcname, a)
    if math.isnan(x.shape[0]):  # rows of unknown count: keep the row blocks, join the rest
        return x.rechunk({d: -1 for d in range(1, x.ndim)})
    row = math.prod(int(n) for n in x.shape[1:])
    per_block = math.prod(max(c) for c in x.chunks)
    return x.rechunk((max(1, per_block // max(row, 1)),) + (-1,) * (x.ndim - 1))


def _argwhere_block(block: np.ndarray, offsets: tuple[int, ...]) -> np.ndarray:
    found = np.argwhere(block)
    return found + np.asarray(offsets, dtype=found.dtype) if found.size else found


def _row_offset(bounds: Any, ndim: int, idx: tuple[int, ...]) -> tuple[int, ...]:
    return (int(bounds[idx[0]]),) + (0,) * (ndim - 1)


@implements(np.argwhere)
def argwhere(a: Any) -> Array:
    """Indices of the non-zero elements, one row per element (lazy ``numpy.argwhere``).

    The number of rows is unknown (``nan``) until computed.

    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=4).reshape((2, 3))
    >>> la.argwhere(x > 3).compute()
    array([[1, 1],
           [1, 2]])
    """
    x = _rows_whole(_lazy(a), "argwhere")
    if x.ndim == 0:
        return argwhere(x[None])[:, :0]
    lead = x.numblocks[0]
    chunks = ((math.nan,) * lead, (x.ndim,))
    rows = FromAxes((0,) + (None,) * (x.ndim - 1))  # the other axes are one block each
    name = "argwhere-" + tokenize(x.name)
    if math.isnan(x.shape[0]):
        # Where each row block starts is known only once the blocks before it are: a
        # cumulative sum of the blocks' row counts, one number per block.
        from ..reductions.cumulative import cumsum

        counts = blockwise_array(_row_count, [BlockRef(x.name, rows)], ((1,) * lead,), np.intp,
                                 name="argwhere-rows-" + tokenize(x.name), inputs=[x], label="argwhere")
        starts = cumsum(counts) - counts
        out = blockwise_array(_argwhere_from, [BlockRef(x.name, rows), BlockRef(starts.name, FromAxes((0,)))],
                              chunks, np.intp, name=name, inputs=[x, starts], label="argwhere")
    else:
        bounds = [chunk_boundaries(c) for c in x.chunks]
        offsets = functools.partial(_row_offset, bounds[0], x.ndim)  # a partial pickles; a closure would not
        out = blockwise_array(_argwhere_block, [BlockRef(x.name, rows), PerBlock(offsets)], chunks,
                              np.intp, name=name, inputs=[x], label="argwhere")
    settle_data_dependent_shapes(out)
    return out


def _row_count(block: np.ndarray) -> np.ndarray:
    return np.array([block.shape[0]], dtype=np.intp)


def _argwhere_from(block: np.ndarray, start: np.ndarray) -> np.ndarray:
    return _argwhere_block(block, (int(start[0]),) + (0,) * (block.ndim - 1))


@implements(np.nonzero)
def nonzero(a: Any) -> tuple[Array, ...]:
    """Indices of the non-zero elements, one array per axis (lazy ``numpy.nonzero``).

    >>> import lazyarr as la
    >>> rows, cols = la.nonzero(la.eye(3, chunks=2))
    >>> rows.compute(), cols.compute()
    (array([0, 1, 2]), array([0, 1, 2]))
    """
    x = _lazy(a)
    if x.ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() "
                         "instead.")
    found = argwhere(x)
    return tuple(found[:, k] for k in range(x.ndim))


@implements(np.flatnonzero)
def flatnonzero(a: Any) -> Array:
    """Indices of the non-zero elements of the flattened array (lazy ``numpy.flatnonzero``).

    >>> import lazyarr as la
    >>> la.flatnonzero(la.arange(5, chunks=2) % 2).compute()
    array([1, 3])
    """
    from ..manipulation.shape import ravel

    return nonzero(ravel(_lazy(a)))[0]


@implements(np.compress)
def compress(condition: Any, a: Any, axis: int | None = None, out: None = None) -> Array:
    """Select slices along *axis* where *condition* is true (lazy ``numpy.compress``).

    >>> import lazyarr as la
    >>> la.compress([True, False, True], la.arange(6, chunks=2).reshape((3, 2)), axis=0).compute()
    array([[0, 1],
           [4, 5]])
    """
    from ..manipulation.shape import ravel

    x = _lazy(a)
    if axis is None:
        x, axis = ravel(x), 0
    from numpy.lib.array_utils import normalize_axis_index

    axis = normalize_axis_index(axis, x.ndim)
    cond = condition if is_array(condition) else np.asarray(condition)
    if cond.ndim != 1:
        raise ValueError(f"compress: condition must be a 1-d array, got shape {cond.shape}")
    n, m = x.shape[axis], cond.shape[0]
    if not is_array(cond):
        cond = cond.astype(bool)
        if m > n:
            raise IndexError(f"index {int(np.nonzero(cond)[0][-1]) if cond.any() else m - 1} is out of bounds "
                             f"for axis {axis} with size {n}")
        return x[(slice(None),) * axis + (np.nonzero(cond)[0],)]
    cond = cond.astype(bool)
    if m < n:
        x = x[(slice(None),) * axis + (slice(0, m),)]
    elif m > n:
        raise IndexError(f"compress: condition has length {m} but axis {axis} has length {n}")
    return x[(slice(None),) * axis + (cond,)]


@implements(np.extract)
def extract(condition: Any, arr: Any) -> Array:
    """The elements of *arr* where *condition* is true, flattened (lazy ``numpy.extract``).

    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=4)
    >>> la.extract(x % 2 == 0, x).compute()
    array([0, 2, 4])
    """
    from ..manipulation.shape import ravel

    cond = ravel(_lazy(condition)).astype(bool)
    x = ravel(_lazy(arr))
    if cond.shape != x.shape:
        raise ValueError(f"extract: condition has {cond.shape[0]} elements but arr has {x.shape[0]}; "
                         f"they must be the same size")
    return x[cond]


