"""Matrix products: dot, matmul (``@``).

Blocked algorithm: output block (i, k) sums the products of row-block i of ``a``
with column-block k of ``b`` over the shared axis, one task per output block.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core.array import Array, is_array
from ..core.blockwise import blockwise
from .registry import implements

__all__ = ["dot", "matmul"]


def _lazy(x: Any) -> Array:
    if is_array(x):
        return x
    from ..core.data import from_array

    return from_array(np.asarray(x))


def _sum_of_products(a_blocks: list, b_blocks: list) -> np.ndarray:
    total = None
    for a, b in zip(a_blocks, b_blocks):
        p = a @ b
        total = p if total is None else total + p
    return total


@implements(np.matmul)
def matmul(x1: Any, x2: Any, /, **kwargs: Any) -> Array:
    """Matrix product of 1-d or 2-d arrays (lazy ``numpy.matmul``).

    >>> import lazyarr as la
    >>> x = la.ones((4, 3), chunks=2)
    >>> (x @ x.T).compute()[0, 0]
    np.float64(3.0)
    """
    a, b = _lazy(x1), _lazy(x2)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("matmul: Input operand does not have enough dimensions")
    if a.ndim > 2 or b.ndim > 2:
        raise NotImplementedError("matmul: stacked (N-d) matrices are not implemented yet")
    squeeze_a = a.ndim == 1
    squeeze_b = b.ndim == 1
    if squeeze_a:
        a = a[None, :]
    if squeeze_b:
        b = b[:, None]
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                         f"signature (n?,k),(k,m?)->(n?,m?) (size {b.shape[0]} is different from "
                         f"{a.shape[1]})")
    dtype = np.result_type(a.dtype, b.dtype)
    out = blockwise(_sum_of_products, "ik", a, "ij", b, "jk", dtype=dtype)
    if squeeze_a and squeeze_b:
        return out[0, 0]
    if squeeze_a:
        return out[0]
    if squeeze_b:
        return out[:, 0]
    return out


@implements(np.dot)
def dot(a: Any, b: Any, out: None = None) -> Array:
    """Dot product (lazy ``numpy.dot``) for 1-d and 2-d arrays.

    >>> import lazyarr as la
    >>> la.dot(la.arange(3), la.arange(3)).compute()
    np.int64(5)
    """
    return matmul(a, b)
