"""Converting between flat and multi-dimensional indices: ``ravel_multi_index``, ``unravel_index``,
and the indices of a triangle, ``tril_indices``/``triu_indices`` (and their ``_from`` forms).

The conversions are elementwise (each index converts on its own), so they run block by block.
The triangle indices are generated lazily too: their count is known from the shape alone, so
the result has known sizes, and each block of output computes its own rows and columns from
the number of elements in each row of the triangle (a table of ``n`` integers, built at graph
time), never from the whole ``n * m`` matrix.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import elemwise
from ...core.data import as_lazy as _lazy
from ...core.map_blocks import map_blocks
from ..registry import implements

__all__ = ["ravel_multi_index", "tril_indices", "tril_indices_from", "triu_indices", "triu_indices_from",
           "unravel_index"]


def _unravel_block(indices: np.ndarray, dims: tuple[int, ...], order: str, which: int) -> np.ndarray:
    return np.unravel_index(indices, dims, order=order)[which]


@implements(np.unravel_index)
def unravel_index(indices: Any, shape: Any, order: str = "C") -> tuple[Array, ...]:
    """Flat indices into a tuple of coordinate arrays (lazy ``numpy.unravel_index``).

    >>> import lazyarr as la
    >>> rows, cols = la.unravel_index(la.from_array([1, 5, 7], chunks=2), (3, 4))
    >>> rows.compute(), cols.compute()
    (array([0, 1, 1]), array([1, 1, 3]))
    """
    x = _lazy(indices)
    dims = (int(shape),) if np.ndim(shape) == 0 else tuple(int(d) for d in shape)
    if order not in ("C", "F"):
        raise ValueError(f"unravel_index: order={order!r}; allowed: 'C', 'F'")
    if x.dtype.kind not in "iu":
        raise TypeError(f"unravel_index: indices must be integers, got dtype {x.dtype}")
    np.unravel_index(np.zeros(0, dtype=np.intp), dims)  # NumPy's own checks of dims (negative sizes, ...)
    return tuple(elemwise(_unravel_block, x, dims, order, i, dtype=np.intp, label="unravel_index")
                 for i in range(len(dims)))


def _ravel_block(*coords: Any, dims: tuple[int, ...], mode: Any, order: str) -> np.ndarray:
    return np.ravel_multi_index(coords, dims, mode=mode, order=order)


@implements(np.ravel_multi_index)
def ravel_multi_index(multi_index: Any, dims: Any, mode: Any = "raise", order: str = "C") -> Array:
    """Coordinate arrays into flat indices (lazy ``numpy.ravel_multi_index``).

    *multi_index* is a sequence of integer arrays (lazy or not), one per dimension, or one
    lazy array whose first axis runs over the dimensions. Out-of-bounds coordinates raise
    when the block is computed (``mode="raise"``), as in NumPy.

    >>> import lazyarr as la
    >>> la.ravel_multi_index((la.from_array([0, 1, 1]), [1, 1, 3]), (3, 4)).compute()
    array([1, 5, 7])
    """
    dims = (int(dims),) if np.ndim(dims) == 0 else tuple(int(d) for d in dims)
    if is_array(multi_index):
        coords = [multi_index[i] for i in range(multi_index.shape[0])]
    else:
        coords = list(multi_index)
    if len(coords) != len(dims):
        raise ValueError(f"ravel_multi_index: got {len(coords)} coordinate arrays for {len(dims)} dimensions "
                         f"{dims}; give one array per dimension")
    coords = [c if is_array(c) else np.asarray(c) for c in coords]
    for c in coords:
        if c.dtype.kind not in "iu":
            raise TypeError(f"ravel_multi_index: coordinates must be integers, got dtype {c.dtype}")
    if not any(is_array(c) for c in coords):
        coords[0] = _lazy(coords[0])
    modes = (mode,) if isinstance(mode, str) else tuple(mode)
    for m in modes:
        if m not in ("raise", "wrap", "clip"):
            raise ValueError(f"ravel_multi_index: mode={m!r}; allowed: 'raise', 'wrap', 'clip'")
    if order not in ("C", "F"):
        raise ValueError(f"ravel_multi_index: order={order!r}; allowed: 'C', 'F'")
    return elemwise(_ravel_block, *coords, dtype=np.intp, label="ravel_multi_index", dims=dims, mode=mode,
                    order=order)


def _triangle_rows(n: int, m: int, k: int, lower: bool) -> tuple[np.ndarray, np.ndarray]:
    """(first column, cumulative count before the row) for each row of the triangle."""
    rows = np.arange(n)
    if lower:  # row r holds columns 0 .. r + k
        first = np.zeros(n, dtype=np.intp)
        counts = np.clip(rows + k + 1, 0, m)
    else:  # row r holds columns r + k .. m - 1
        first = np.clip(rows + k, 0, m)
        counts = m - first
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.intp)
    return first, starts


def _triangle_block(positions: np.ndarray, first: np.ndarray, starts: np.ndarray, which: int) -> np.ndarray:
    # the row of flat position p is the last row whose start is <= p
    rows = np.searchsorted(starts, positions, side="right") - 1
    if which == 0:
        return rows
    return first[rows] + (positions - starts[rows])


def _triangle_indices(fname: str, n: int, k: int, m: int | None, chunks: Any, lower: bool) -> tuple[Array, Array]:
    from ..creation.ranges import arange

    for label, v in (("n", n), ("k", k), ("m", m)):
        if v is not None and not isinstance(v, (int, np.integer)):
            raise TypeError(f"{fname}: {label} must be an integer, got {v!r}")
    m = n if m is None else int(m)
    if n < 0 or m < 0:
        raise ValueError(f"{fname}: n and m must be non-negative, got n={n}, m={m}")
    first, starts = _triangle_rows(int(n), m, int(k), lower)
    positions = arange(int(starts[-1]), chunks=chunks, dtype=np.intp)
    return tuple(map_blocks(_triangle_block, positions, first, starts, which, dtype=np.intp,  # type: ignore[return-value]
                            name=f"{fname}-{which}-{positions.name}") for which in (0, 1))


def tril_indices(n: int, k: int = 0, m: int | None = None, chunks: Any = "auto") -> tuple[Array, Array]:
    """Row and column indices of the lower triangle of an (n, m) array (lazy ``numpy.tril_indices``).

    >>> import lazyarr as la
    >>> rows, cols = la.tril_indices(3, chunks=2)
    >>> rows.compute(), cols.compute()
    (array([0, 1, 1, 2, 2, 2]), array([0, 0, 1, 0, 1, 2]))
    """
    return _triangle_indices("tril_indices", n, k, m, chunks, lower=True)


def triu_indices(n: int, k: int = 0, m: int | None = None, chunks: Any = "auto") -> tuple[Array, Array]:
    """Row and column indices of the upper triangle of an (n, m) array (lazy ``numpy.triu_indices``).

    >>> import lazyarr as la
    >>> rows, cols = la.triu_indices(3, k=1)
    >>> rows.compute(), cols.compute()
    (array([0, 0, 1]), array([1, 2, 2]))
    """
    return _triangle_indices("triu_indices", n, k, m, chunks, lower=False)


def _from(fname: str, arr: Any) -> tuple[int, int]:
    if np.ndim(arr) != 2:
        raise ValueError(f"{fname}: input array must be 2-d, got {np.ndim(arr)} dimensions")
    shape = arr.shape
    if any(not isinstance(s, (int, np.integer)) for s in shape):
        raise ValueError(f"{fname}: the array's shape {shape} has unknown sizes; call "
                         f"x.compute_chunk_sizes() first")
    return int(shape[0]), int(shape[1])


@implements(np.tril_indices_from)
def tril_indices_from(arr: Any, k: int = 0) -> tuple[Array, Array]:
    """Indices of the lower triangle of a 2-d array (lazy ``numpy.tril_indices_from``).

    >>> import lazyarr as la
    >>> [i.compute() for i in la.tril_indices_from(la.ones((2, 3)))]
    [array([0, 1, 1]), array([0, 0, 1])]
    """
    n, m = _from("tril_indices_from", arr)
    return tril_indices(n, k, m)


@implements(np.triu_indices_from)
def triu_indices_from(arr: Any, k: int = 0) -> tuple[Array, Array]:
    """Indices of the upper triangle of a 2-d array (lazy ``numpy.triu_indices_from``).

    >>> import lazyarr as la
    >>> [i.compute() for i in la.triu_indices_from(la.ones((2, 3)))]
    [array([0, 0, 0, 1, 1]), array([0, 1, 2, 1, 2])]
    """
    n, m = _from("triu_indices_from", arr)
    return triu_indices(n, k, m)
