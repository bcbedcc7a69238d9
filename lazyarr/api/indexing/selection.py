"""Picking and differencing elements: ``take``, ``take_along_axis``, ``choose``, ``diagonal``,
``tril``/``triu``, ``diff``, ``ediff1d``, ``gradient``.

Most are thin layers over indexing (``take`` is ``x[..., indices]``, ``diagonal`` is a
two-array point gather that reads only the blocks on the diagonal) or over slicing
and arithmetic (``diff`` is ``x[1:] - x[:-1]``).
"""

from __future__ import annotations

import string
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import elemwise
from ...core.data import as_lazy as _lazy
from ...core.known_sizes import require_known_sizes
from ...core.map_blocks import blockwise, map_blocks
from ...core.validate import check_axis, check_integer
from ..manipulation.shape import concatenate, moveaxis, ravel
from ..registry import implements

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_index  # type: ignore

__all__ = ["choose", "diagonal", "diff", "ediff1d", "gradient", "take", "take_along_axis", "tril",
           "triu"]


def _along(axis: int, index: Any) -> tuple:
    return (slice(None),) * axis + (index,)


@implements(np.take)
def take(a: Any, indices: Any, axis: int | None = None, out: None = None, mode: str = "raise") -> Array:
    """Take elements along an axis (lazy ``numpy.take``); *indices* may be lazy.

    >>> import lazyarr as la
    >>> la.take(la.arange(10, chunks=3) * 10, [7, 0, 7]).compute()
    array([70,  0, 70])
    """
    if out is not None:
        raise TypeError("take: out= is not supported for lazy arrays")
    x = _lazy(a)
    if axis is not None:
        check_axis("take", axis, max(x.ndim, 1))  # NumPy takes from a 0-d array as from a 1-d one
    if axis is None or x.ndim == 0:
        x, axis = ravel(x), 0
    axis = check_axis("take", axis, x.ndim)
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError(f"take: mode={mode!r}; allowed: 'raise', 'wrap', 'clip'")
    n = x.shape[axis]
    if not is_array(indices) and n == n:
        # NumPy's own take on the positions 0..n-1 checks and converts the indices exactly as
        # np.take would (bounds, 'wrap'/'clip', which dtypes cast), now rather than in a task.
        try:
            indices = np.take(np.arange(int(n)), indices, mode=mode)
        except IndexError as exc:
            if 0 not in x.shape[:axis]:
                raise IndexError(f"take: {exc}") from None
            # As NumPy: with no elements before the axis, no index is ever checked (NumPy's
            # take loops over the leading axes first), so a (0, 0) array takes [0] along axis 1.
            from ..creation.basic import zeros

            shape = (*x.shape[:axis], *np.shape(indices), *x.shape[axis + 1:])
            return zeros(shape, dtype=x.dtype)
        except TypeError as exc:
            raise TypeError(f"take: indices {exc}") from None
        return x[_along(axis, int(indices) if indices.ndim == 0 else indices)]
    if mode != "raise":
        require_known_sizes(x, "take", [axis])
        n = int(x.shape[axis])
        if is_array(indices):
            indices = indices % n if mode == "wrap" else indices.clip(0, n - 1)
        else:
            indices = np.mod(indices, n) if mode == "wrap" else np.clip(indices, 0, n - 1)
    if not is_array(indices) and np.ndim(indices) == 0:
        return x[_along(axis, int(indices))]
    if not is_array(indices):
        indices = np.asarray(indices)
        if indices.dtype.kind not in "iu":
            if indices.size == 0:
                indices = indices.astype(np.intp)
            else:
                raise IndexError("arrays used as indices must be of integer (or boolean) type")
    return x[_along(axis, indices)]


def _take_along_block(arr: np.ndarray, idx: np.ndarray, axis: int) -> np.ndarray:
    return np.take_along_axis(arr, idx, axis=axis)


@implements(np.take_along_axis)
def take_along_axis(arr: Any, indices: Any, axis: int | None = -1) -> Array:
    """Pick values along *axis* by matching 1-d slices (lazy ``numpy.take_along_axis``).

    *arr* is rechunked so that *axis* is one block (every index may point anywhere
    along it); *indices* keeps its blocks. Pairs naturally with :func:`argsort`.

    >>> import lazyarr as la
    >>> x = la.from_array([[3, 1, 2], [9, 7, 8]], chunks=1)
    >>> la.take_along_axis(x, la.argsort(x, axis=1), axis=1).compute()
    array([[1, 2, 3],
           [7, 8, 9]])
    """
    x = _lazy(arr)
    concrete = None if is_array(indices) else np.asarray(indices)
    idx = _lazy(indices)
    if axis is None:
        x, axis = ravel(x), 0
        if idx.ndim != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
    if idx.ndim != x.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    axis = check_axis("take_along_axis", axis, x.ndim)
    if idx.dtype.kind not in "iu":
        raise IndexError("`indices` must be an integer array")
    n = x.shape[axis]
    others = [max(a, b) if min(a, b) != 0 else 0 for d, (a, b) in enumerate(zip(x.shape, idx.shape)) if d != axis]
    if concrete is not None and concrete.size and n == n and 0 not in others:  # as NumPy, now
        bad = concrete[(concrete < -n) | (concrete >= n)]
        if bad.size:
            raise IndexError(f"take_along_axis: index {bad.flat[0]} is out of bounds for axis {axis} with size {n}")
    from ..manipulation.sorting import rechunk_whole_axis

    x = rechunk_whole_axis(x, axis)
    letters = string.ascii_letters[: x.ndim]
    arr_ind = letters[:axis] + "Z" + letters[axis + 1:]
    return blockwise(_take_along_block, letters, x, arr_ind, idx, letters, dtype=x.dtype, concatenate=True,
                     axis=axis)


def _choose(a: np.ndarray, *choices: np.ndarray, mode: str = "raise") -> np.ndarray:
    return np.choose(a, choices, mode=mode)


@implements(np.choose)
def choose(a: Any, choices: Any, out: None = None, mode: str = "raise") -> Array:
    """Pick from a list of arrays by an index array (lazy ``numpy.choose``), with broadcasting.

    >>> import lazyarr as la
    >>> la.choose(la.from_array([0, 1, 0]), [[1, 2, 3], [10, 20, 30]]).compute()
    array([ 1, 20,  3])
    """
    if out is not None:
        raise TypeError("choose: out= is not supported for lazy arrays")
    if is_array(choices):
        choices = [choices[i] for i in range(int(choices.shape[0]))]
    choices = [c if is_array(c) else np.asarray(c) for c in choices]
    dtype = np.result_type(*[c.dtype for c in choices])
    return elemwise(_choose, a, *choices, dtype=dtype, mode=mode, label="choose")


@implements(np.diagonal)
def diagonal(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Array:
    """The diagonal in the plane of *axis1*, *axis2*, as the last axis (lazy ``numpy.diagonal``).

    Only the blocks that hold diagonal elements are read.

    >>> import lazyarr as la
    >>> la.diagonal(la.arange(16, chunks=4).reshape((4, 4)), 1).compute()
    array([ 1,  6, 11])
    """
    x = _lazy(a)
    if x.ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    a1, a2 = normalize_axis_index(axis1, x.ndim), normalize_axis_index(axis2, x.ndim)
    if a1 == a2:
        raise ValueError("axis1 and axis2 cannot be the same")
    require_known_sizes(x, "diagonal", [a1, a2])
    x = moveaxis(x, (a1, a2), (-2, -1))
    n, m = int(x.shape[-2]), int(x.shape[-1])
    rows = np.arange(max(0, -offset), min(n, m - offset)) if min(n, m - offset) > max(0, -offset) else \
        np.zeros(0, dtype=np.intp)
    return x[..., rows, rows + offset]


def _tri_block(block: np.ndarray, k: int, lower: bool, block_info: Any = None) -> np.ndarray:
    (r0, r1), (c0, c1) = block_info[None]["array-location"][-2:]
    # row - col offset of every element in this block, relative to the global array
    rows = np.arange(r0, r1)[:, None]
    cols = np.arange(c0, c1)[None, :]
    keep = (cols - rows <= k) if lower else (cols - rows >= k)
    return np.where(keep, block, np.zeros((), dtype=block.dtype))


def _tri(m: Any, k: int, lower: bool) -> Array:
    x = _lazy(m)
    if x.ndim < 2:
        name = "tril" if lower else "triu"
        raise ValueError(f"{name}: input must be at least 2-d, got shape {x.shape}; for a 1-d vector, "
                         f"broadcast it first, e.g. {name}(la.broadcast_to(v, (len(v), len(v))))")
    require_known_sizes(x, "tril" if lower else "triu", [x.ndim - 2, x.ndim - 1])  # blocks need their offsets
    # Module-level block functions (named for the graph's labels): graphs must pickle.
    return map_blocks(tril_block if lower else triu_block, x, k=k, dtype=x.dtype)


def tril_block(block: np.ndarray, k: int, block_info: Any = None) -> np.ndarray:
    return _tri_block(block, k, True, block_info)


def triu_block(block: np.ndarray, k: int, block_info: Any = None) -> np.ndarray:
    return _tri_block(block, k, False, block_info)


@implements(np.tril)
def tril(m: Any, k: int = 0) -> Array:
    """Lower triangle: zero above the *k*-th diagonal (lazy ``numpy.tril``), block by block.

    >>> import lazyarr as la
    >>> la.tril(la.ones((3, 3), chunks=2)).compute()
    array([[1., 0., 0.],
           [1., 1., 0.],
           [1., 1., 1.]])
    """
    return _tri(m, int(k), lower=True)


@implements(np.triu)
def triu(m: Any, k: int = 0) -> Array:
    """Upper triangle: zero below the *k*-th diagonal (lazy ``numpy.triu``), block by block.

    >>> import lazyarr as la
    >>> la.triu(la.ones((2, 3), chunks=2), 1).compute()
    array([[0., 1., 1.],
           [0., 0., 1.]])
    """
    return _tri(m, int(k), lower=False)


@implements(np.diff)
def diff(a: Any, n: int = 1, axis: int = -1, prepend: Any = np._NoValue, append: Any = np._NoValue) -> Array:
    """n-th discrete difference along *axis* (lazy ``numpy.diff``): ``x[1:] - x[:-1]``, n times.

    >>> import lazyarr as la
    >>> la.diff(la.from_array([1, 4, 9, 16], chunks=2)).compute()
    array([3, 5, 7])
    """
    x = _lazy(a)
    # In NumPy's order: n == 0, a negative n, a 0-d array, the axis, then n's type.
    if n == 0:
        return x
    if n < 0:
        raise ValueError(f"diff: order must be non-negative but got n={n!r}")
    if x.ndim == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    axis = check_axis("diff", axis, x.ndim, bools=True)
    n = check_integer("diff", "n", n, bools=True)
    require_known_sizes(x, "diff", [axis])
    parts = []
    for extra in (prepend, append):
        if extra is np._NoValue:
            parts.append(None)
            continue
        e = _lazy(extra)
        if e.ndim == 0:
            from ..manipulation.shape import broadcast_to

            e = broadcast_to(e, tuple(1 if d == axis else x.shape[d] for d in range(x.ndim)))
        parts.append(e)
    if parts[0] is not None or parts[1] is not None:
        x = concatenate([p for p in (parts[0], x, parts[1]) if p is not None], axis=axis)
    for _ in range(n):
        hi, lo = x[_along(axis, slice(1, None))], x[_along(axis, slice(None, -1))]
        x = (hi != lo) if x.dtype == bool else hi - lo
    return x


@implements(np.ediff1d)
def ediff1d(ary: Any, to_end: Any = None, to_begin: Any = None) -> Array:
    """Differences between consecutive elements of the flattened array (lazy ``numpy.ediff1d``).

    >>> import lazyarr as la
    >>> la.ediff1d(la.from_array([1, 2, 4, 7]), to_begin=-99).compute()
    array([-99,   1,   2,   3])
    """
    x = ravel(_lazy(ary))
    require_known_sizes(x, "ediff1d")
    d = x[1:] - x[:-1]
    parts = [ravel(_lazy(np.asarray(to_begin, dtype=d.dtype)))] if to_begin is not None else []
    parts.append(d)
    if to_end is not None:
        parts.append(ravel(_lazy(np.asarray(to_end, dtype=d.dtype))))
    return concatenate(parts) if len(parts) > 1 else d


@implements(np.gradient)
def gradient(f: Any, *varargs: Any, axis: Any = None, edge_order: int = 1) -> Any:
    """Gradient with central differences inside and one-sided ones at the edges
    (lazy ``numpy.gradient``); spacings are scalars or 1-d coordinate arrays.

    >>> import lazyarr as la
    >>> la.gradient(la.from_array([1.0, 2.0, 4.0, 7.0], chunks=2)).compute()
    array([1. , 1.5, 2.5, 3. ])
    """
    x = _lazy(f)
    axes = tuple(range(x.ndim)) if axis is None else \
        tuple(normalize_axis_index(a, x.ndim) for a in ((axis,) if np.ndim(axis) == 0 else axis))
    if edge_order not in (1, 2):
        raise ValueError("'edge_order' greater than 2 not supported")
    if len(varargs) == 0:
        spacing = [1.0] * len(axes)
    elif len(varargs) == 1 and np.ndim(varargs[0]) == 0:
        spacing = [varargs[0]] * len(axes)
    elif len(varargs) == len(axes):
        spacing = list(varargs)
    else:
        raise TypeError("invalid number of arguments")
    if any(np.ndim(h) > 1 or is_array(h) for h in spacing):
        raise ValueError("gradient: each spacing must be a scalar or a 1-d NumPy array of coordinates")
    if x.dtype.kind in "iub":
        x = x.astype(np.float64)
    require_known_sizes(x, "gradient", axes)
    out = []
    for ax, h in zip(axes, spacing):
        n = int(x.shape[ax])
        if n < edge_order + 1:
            raise ValueError("Shape of array too small to calculate a numerical gradient, at least "
                             "(edge_order + 1) elements are required.")
        if np.ndim(h) == 1:
            if len(h) != n:
                raise ValueError("when 1d, distances must match the length of the corresponding dimension")
            dx = np.diff(np.asarray(h, dtype=np.float64) if np.asarray(h).dtype.kind in "iub" else np.asarray(h))
            if (dx == dx[0]).all():
                h = dx[0]  # evenly spaced coordinates: NumPy uses the scalar formulas
        out.append(_gradient_axis(x, ax, h, edge_order).astype(x.dtype))
    return out[0] if len(out) == 1 else tuple(out)


def _gradient_axis(x: Array, ax: int, h: Any, edge_order: int) -> Array:
    """One axis of :func:`gradient`, with NumPy's formulas and operation order."""

    def s(sl: slice) -> Array:
        return x[_along(ax, sl)]

    if np.ndim(h) == 0:
        inner = (s(slice(2, None)) - s(slice(None, -2))) / (2.0 * h)
        if edge_order == 1:
            first = (s(slice(1, 2)) - s(slice(0, 1))) / h
            last = (s(slice(-1, None)) - s(slice(-2, -1))) / h
        else:
            first = (-1.5 / h) * s(slice(0, 1)) + (2.0 / h) * s(slice(1, 2)) + (-0.5 / h) * s(slice(2, 3))
            last = (0.5 / h) * s(slice(-3, -2)) + (-2.0 / h) * s(slice(-2, -1)) + (1.5 / h) * s(slice(-1, None))
        return concatenate([first, inner, last], axis=ax)
    # Uneven coordinates: second-order weights that vary along the axis.
    dx = np.diff(np.asarray(h, dtype=np.float64) if np.asarray(h).dtype.kind in "iub" else np.asarray(h))
    along = [1] * x.ndim
    along[ax] = -1
    dx1, dx2 = dx[:-1], dx[1:]
    a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(along)
    b = ((dx2 - dx1) / (dx1 * dx2)).reshape(along)
    c = (dx1 / (dx2 * (dx1 + dx2))).reshape(along)
    inner = a * s(slice(None, -2)) + b * s(slice(1, -1)) + c * s(slice(2, None))
    if edge_order == 1:
        first = (s(slice(1, 2)) - s(slice(0, 1))) / dx[0]
        last = (s(slice(-1, None)) - s(slice(-2, -1))) / dx[-1]
    else:
        d1, d2 = dx[0], dx[1]
        first = (-(2.0 * d1 + d2) / (d1 * (d1 + d2))) * s(slice(0, 1)) + ((d1 + d2) / (d1 * d2)) * s(slice(1, 2)) \
            + (-d1 / (d2 * (d1 + d2))) * s(slice(2, 3))
        d1, d2 = dx[-2], dx[-1]
        last = (d2 / (d1 * (d1 + d2))) * s(slice(-3, -2)) + (-(d2 + d1) / (d1 * d2)) * s(slice(-2, -1)) \
            + ((2.0 * d2 + d1) / (d2 * (d1 + d2))) * s(slice(-1, None))
    return concatenate([first, inner, last], axis=ax)
