"""The rest of ``numpy.linalg``: array-API spellings and tensor helpers.

NumPy 2's ``numpy.linalg`` also has array-API versions of products (``matmul``,
``tensordot``, ``vecdot``, ``outer``, ``trace``), plus ``diagonal``, ``cross``,
``matrix_transpose``, ``svdvals``, ``multi_dot``, ``tensorinv`` and ``tensorsolve``.
They are thin wrappers around the blocked products and decompositions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...core.array import Array
from ..registry import implements
from . import products
from ._matrixwise import lazy, lazy_data

__all__ = ["cross", "diagonal", "matmul", "matrix_transpose", "multi_dot", "outer", "svdvals", "tensordot",
           "tensorinv", "tensorsolve", "trace", "vecdot"]


@implements(np.linalg.matmul)
def matmul(x1: Any, x2: Any, /) -> Array:
    """Matrix product (lazy ``numpy.linalg.matmul``, the array-API spelling of ``@``).

    >>> import lazyarr as la
    >>> la.linalg.matmul(la.eye(2), la.ones((2, 3))).shape
    (2, 3)
    """
    return products.matmul(x1, x2)


@implements(np.linalg.tensordot)
def tensordot(x1: Any, x2: Any, /, *, axes: Any = 2) -> Array:
    """Tensor contraction (lazy ``numpy.linalg.tensordot``); see :func:`lazyarr.tensordot`.

    >>> import lazyarr as la
    >>> la.linalg.tensordot(la.ones((2, 3)), la.ones((3, 4)), axes=1).shape
    (2, 4)
    """
    return products.tensordot(x1, x2, axes=axes)


@implements(np.linalg.vecdot)
def vecdot(x1: Any, x2: Any, /, *, axis: int = -1) -> Array:
    """Vector dot product along *axis* (lazy ``numpy.linalg.vecdot``).

    >>> import lazyarr as la
    >>> la.linalg.vecdot(la.ones(3), la.ones(3)).compute()
    np.float64(3.0)
    """
    return products.vecdot(x1, x2, axis=axis)


@implements(np.linalg.outer)
def outer(x1: Any, x2: Any, /) -> Array:
    """Outer product of two 1-d arrays (lazy ``numpy.linalg.outer``; no flattening, unlike ``np.outer``).

    >>> import lazyarr as la
    >>> la.linalg.outer(la.ones(2), la.ones(3)).shape
    (2, 3)
    """
    a, b = lazy(x1), lazy(x2)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError(f"outer: Input arrays must be one-dimensional, but they are {a.ndim} and {b.ndim} "
                         f"dimensional; use np.outer to flatten first")
    return products.outer(a, b)


@implements(np.linalg.trace)
def trace(x: Any, /, *, offset: int = 0, dtype: Any = None) -> Array:
    """Trace over the last two axes (lazy ``numpy.linalg.trace``).

    >>> import lazyarr as la
    >>> la.linalg.trace(la.ones((2, 3, 3))).compute()
    array([3., 3.])
    """
    return products.trace(x, offset=offset, axis1=-2, axis2=-1, dtype=dtype)


@implements(np.linalg.matrix_transpose)
def matrix_transpose(x: Any, /) -> Array:
    """Swap the last two axes (lazy ``numpy.linalg.matrix_transpose``).

    >>> import lazyarr as la
    >>> la.linalg.matrix_transpose(la.ones((2, 3, 4))).shape
    (2, 4, 3)
    """
    a = lazy(x)
    if a.ndim < 2:
        raise ValueError(f"matrix_transpose: Input array must be at least 2-dimensional, got {a.ndim}")
    return a.swapaxes(-1, -2)


@implements(np.linalg.diagonal)
def diagonal(x: Any, /, *, offset: int = 0) -> Array:
    """Diagonals of the last two axes (lazy ``numpy.linalg.diagonal``): ``diagonal(x, offset, -2, -1)``.

    >>> import lazyarr as la
    >>> la.linalg.diagonal(la.eye(3, chunks=2), offset=0).compute()
    array([1., 1., 1.])
    """
    a = lazy(x)
    if a.ndim < 2:
        raise ValueError(f"diagonal: Input array must be at least 2-dimensional, got {a.ndim}")
    from ..indexing.selection import diagonal as diagonal_of_plane

    return diagonal_of_plane(a, int(offset), -2, -1)


@implements(np.linalg.cross)
def cross(x1: Any, x2: Any, /, *, axis: int = -1) -> Array:
    """Cross product of 3-element vectors (lazy ``numpy.linalg.cross``).

    >>> import lazyarr as la
    >>> la.linalg.cross(la.from_array([1, 0, 0]), la.from_array([0, 1, 0])).compute()
    array([0, 0, 1])
    """
    a, b = lazy(x1), lazy(x2)
    if a.shape[axis] != 3 or b.shape[axis] != 3:
        raise ValueError(f"cross: both input arrays must be (arrays of) 3-dimensional vectors along axis {axis}, "
                         f"got shapes {a.shape} and {b.shape}")
    from ..manipulation.shape import moveaxis, stack

    a, b = moveaxis(a, axis, -1), moveaxis(b, axis, -1)
    a1, a2, a3 = a[..., 0], a[..., 1], a[..., 2]
    b1, b2, b3 = b[..., 0], b[..., 1], b[..., 2]
    out = stack([a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1], axis=-1)
    return moveaxis(out, -1, axis)


@implements(np.linalg.svdvals)
def svdvals(x: Any, /) -> Array:
    """Singular values (lazy ``numpy.linalg.svdvals``); see :func:`lazyarr.linalg.svd`.

    >>> import lazyarr as la
    >>> la.linalg.svdvals(la.eye(2) * 3).compute()
    array([3., 3.])
    """
    from .tall_skinny import svd

    return svd(x, compute_uv=False)


@implements(np.linalg.multi_dot)
def multi_dot(arrays: Sequence[Any], *, out: None = None) -> Array:
    """Chain of matrix products in the cheapest order (lazy ``numpy.linalg.multi_dot``).

    The order is chosen by the classic matrix-chain dynamic programme on the shapes,
    which are known before computing. A first 1-d array is a row vector and a last
    1-d array a column vector, as in NumPy.

    >>> import lazyarr as la
    >>> la.linalg.multi_dot([la.ones(3), la.ones((3, 4)), la.ones(4)]).compute()
    np.float64(12.0)
    """
    if out is not None:
        raise NotImplementedError("multi_dot: out= is not supported for lazy arrays; assign the result instead")
    mats = [lazy(a) for a in arrays]
    if len(mats) < 2:
        raise ValueError(f"multi_dot: Expecting at least two arrays, got {len(mats)}")
    first_1d, last_1d = mats[0].ndim == 1, mats[-1].ndim == 1
    if first_1d:
        mats[0] = mats[0][None, :]
    if last_1d:
        mats[-1] = mats[-1][:, None]
    for i, m in enumerate(mats):
        if m.ndim != 2:
            raise ValueError(f"multi_dot: array {i} has {m.ndim} dimensions; only the first and last may be 1-d, "
                             f"the others must be 2-d")
    dims = [mats[0].shape[0]] + [m.shape[1] for m in mats]
    order = _chain_order(dims)
    result = _multiply(mats, order, 0, len(mats) - 1)
    if first_1d and last_1d:
        return result[0, 0]
    if first_1d:
        return result[0]
    if last_1d:
        return result[:, 0]
    return result


def _chain_order(dims: list[int]) -> list[list[int]]:
    """split[i][j]: where to split the product of matrices i..j (fewest multiplications)."""
    n = len(dims) - 1
    cost = [[0.0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def _multiply(mats: list[Array], split: list[list[int]], i: int, j: int) -> Array:
    if i == j:
        return mats[i]
    k = split[i][j]
    return products.matmul(_multiply(mats, split, i, k), _multiply(mats, split, k + 1, j))


@implements(np.linalg.tensorinv)
def tensorinv(a: Any, ind: int = 2) -> Array:
    """Inverse of an N-d array seen as a matrix (lazy ``numpy.linalg.tensorinv``).

    >>> import numpy as np, lazyarr as la
    >>> a = la.eye(4).reshape(4, 2, 2)
    >>> la.linalg.tensorinv(a, ind=1).shape
    (2, 2, 4)
    """
    x = lazy_data(a)
    if ind <= 0:
        raise ValueError(f"tensorinv: Invalid ind argument {ind}; it must be a positive integer")
    old = x.shape
    rows = math.prod(old[:ind])
    if rows != math.prod(old[ind:]):
        raise np.linalg.LinAlgError(f"tensorinv: the first {ind} axes {old[:ind]} and the rest {old[ind:]} must "
                                    f"have the same number of elements")
    from .square import inv

    return inv(x.reshape(rows, -1)).reshape(old[ind:] + old[:ind])


@implements(np.linalg.tensorsolve)
def tensorsolve(a: Any, b: Any, axes: Any = None) -> Array:
    """Solve ``tensordot(a, x, axes=x.ndim) = b`` for ``x`` (lazy ``numpy.linalg.tensorsolve``).

    >>> import numpy as np, lazyarr as la
    >>> a = la.eye(6).reshape(6, 2, 3)
    >>> la.linalg.tensorsolve(a, la.ones(6)).shape
    (2, 3)
    """
    x, y = lazy_data(a), lazy_data(b)
    if axes is not None:
        from ..manipulation.shape import transpose

        axes = tuple(axes)
        rest = [d for d in range(x.ndim) if d not in axes]
        x = transpose(x, rest + list(axes))
    old = x.shape[-(x.ndim - y.ndim):] if x.ndim > y.ndim else ()
    prod = math.prod(old)
    if math.prod(x.shape[: y.ndim]) != prod:
        raise np.linalg.LinAlgError(f"tensorsolve: Input arrays must satisfy prod(a.shape[b.ndim:]) == "
                                    f"prod(a.shape[:b.ndim]); got shapes {x.shape} and {y.shape}")
    from .square import solve

    return solve(x.reshape(prod, prod), y.ravel()).reshape(old)
