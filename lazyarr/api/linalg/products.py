"""Matrix and tensor products: dot, matmul (``@``), tensordot, inner, outer, vdot, ...

Every product is a :func:`lazyarr.api.linalg.einsum.contract`. For ``dot(x, y)`` with ``x``
cut into ``m x k`` blocks and ``y`` into ``k x n``, there are ``m*k*n`` block products
(NumPy, BLAS for floats). When ``k`` is small and there are several output blocks, each
output block is one task that adds its ``k`` products in place; otherwise (a long
contracted axis, as in ``x.T @ x`` of a tall matrix) every product is its own task and a
tree reduction adds them, so the work spreads over the workers.

A note on threads: NumPy's BLAS is itself multithreaded. Running several BLAS calls
at once from our thread pool can oversubscribe the cores (pool size x BLAS threads).
On a small machine prefer ``OPENBLAS_NUM_THREADS=1`` (or ``threadpoolctl``) with the
threads scheduler, or run big products with ``num_workers=1``; see
``benchmarks/cases_linalg.py`` for measurements.
"""

from __future__ import annotations

import operator
import string
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import Aligned, BlockRef, PerBlock, blockwise_array
from ...core.chunks import chunk_boundaries
from ...core.index_maps import FromAxes
from ...core.known_sizes import require_known_sizes
from ...core.tokenize import tokenize
from ..registry import implements
from .einsum import _lazy, contract

try:
    from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple
except ImportError:  # pragma: no cover - NumPy < 2
    from numpy.core.numeric import normalize_axis_index, normalize_axis_tuple  # type: ignore

__all__ = ["dot", "matmul", "tensordot", "inner", "outer", "vdot", "vecdot", "matvec", "vecmat", "kron",
           "matrix_power", "trace"]

_LETTERS = string.ascii_letters


def _unsupported(fname: str, kwargs: dict) -> None:
    bad = {k: v for k, v in kwargs.items() if v is not None and k not in ("casting", "order", "subok")}
    if bad:
        raise NotImplementedError(f"{fname}: argument(s) {sorted(bad)} are not supported for lazy arrays")


# --------------------------------------------------------------------------------------
# Block functions (module level so that they pickle and tokenize by name)
# --------------------------------------------------------------------------------------
class _Tensordot:
    def __init__(self, axes_a: tuple[int, ...], axes_b: tuple[int, ...]):
        self.axes = (axes_a, axes_b)
        self.__name__ = "tensordot"

    def __call__(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.tensordot(a, b, axes=self.axes)

    def __lazyarr_token__(self) -> Any:
        return ("tensordot", self.axes)


def _matmul_blocks(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.matmul(a, b)


def _vecdot_blocks(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.vecdot(a, b)


def _matvec_blocks(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.matvec(a, b)


def _vecmat_blocks(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.vecmat(a, b)


# --------------------------------------------------------------------------------------
# matmul family (generalized ufuncs: stacked matrices broadcast over leading axes)
# --------------------------------------------------------------------------------------
def _batch_letters(a: Array, b: Array, core_a: int, core_b: int) -> tuple[str, str, str]:
    """Right-aligned letters for the broadcast (stack) axes of *a* and *b*."""
    na, nb = a.ndim - core_a, b.ndim - core_b
    n = max(na, nb)
    letters = _LETTERS[26:26 + n]  # upper case: never clash with the core letters below
    return letters[n - na:], letters[n - nb:], letters


@implements(np.matmul)
def matmul(x1: Any, x2: Any, /, **kwargs: Any) -> Array:
    """Matrix product with NumPy's broadcasting of stacked matrices (lazy ``numpy.matmul``).

    1-d operands are promoted to a matrix and the added axis is removed afterwards,
    exactly as in NumPy. Leading (stack) axes broadcast.

    >>> import lazyarr as la
    >>> x = la.ones((4, 3), chunks=2)
    >>> (x @ x.T).compute()[0, 0]
    np.float64(3.0)
    >>> (la.ones((5, 2, 3), chunks=2) @ la.ones((3, 4), chunks=2)).shape
    (5, 2, 4)
    """
    _unsupported("matmul", {k: v for k, v in kwargs.items() if k != "dtype"})
    a, b = _lazy(x1), _lazy(x2)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(f"matmul: Input operand {0 if a.ndim == 0 else 1} does not have enough dimensions "
                         f"(has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1); "
                         f"use multiply (*) for scalars")
    squeeze_a, squeeze_b = a.ndim == 1, b.ndim == 1
    if squeeze_a:
        a = a[None, :]
    if squeeze_b:
        b = b[:, None]
    if a.shape[-1] != b.shape[-2]:
        raise ValueError(f"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                         f"signature (n?,k),(k,m?)->(n?,m?) (size {b.shape[-2]} is different from "
                         f"{a.shape[-1]})")
    ba, bb, bout = _batch_letters(a, b, 2, 2)
    _check_batch("matmul", a.shape[:-2], b.shape[:-2])
    dtype = np.dtype(kwargs.get("dtype") or np.result_type(a.dtype, b.dtype))
    out = contract([a, b], [ba + "ij", bb + "jk"], bout + "ik", dtype, func=_matmul_blocks, label="matmul",
                   funcname="matmul")
    if squeeze_a:
        out = out[..., 0, :]
    if squeeze_b:
        out = out[..., 0]
    return out


def _check_batch(fname: str, sa: tuple, sb: tuple) -> None:
    for x, y in zip(sa[::-1], sb[::-1]):
        if x != y and x != 1 and y != 1:
            raise ValueError(f"{fname}: operands could not be broadcast together with stack shapes {sa} and {sb}; "
                             f"stack axes must be equal or 1")


def _vector_axis(fname: str, x: Array, axis: int) -> Array:
    axis = normalize_axis_index(axis, x.ndim)
    return x if axis == x.ndim - 1 else x.transpose([d for d in range(x.ndim) if d != axis] + [axis])


@implements(np.vecdot)
def vecdot(x1: Any, x2: Any, /, *, axis: int = -1, **kwargs: Any) -> Array:
    """Vector dot product over *axis*, conjugating the first argument (lazy ``numpy.vecdot``).

    >>> import lazyarr as la
    >>> la.vecdot(la.ones((2, 3), chunks=1), la.arange(3)).compute()
    array([3., 3.])
    """
    _unsupported("vecdot", {k: v for k, v in kwargs.items() if k != "dtype"})
    a, b = _lazy(x1), _lazy(x2)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("vecdot: both operands need at least 1 dimension (signature (n),(n)->()); got a 0-d array")
    a, b = _vector_axis("vecdot", a, axis), _vector_axis("vecdot", b, axis)
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(f"vecdot: core dimensions differ ({a.shape[-1]} and {b.shape[-1]}); "
                         f"the vectors must have the same length")
    _check_batch("vecdot", a.shape[:-1], b.shape[:-1])
    ba, bb, bout = _batch_letters(a, b, 1, 1)
    dtype = np.dtype(kwargs.get("dtype") or np.result_type(a.dtype, b.dtype))
    return contract([a, b], [ba + "i", bb + "i"], bout, dtype, func=_vecdot_blocks, label="vecdot",
                    funcname="vecdot")


@implements(np.matvec)
def matvec(x1: Any, x2: Any, /, **kwargs: Any) -> Array:
    """Matrix-vector product over stacks (lazy ``numpy.matvec``).

    >>> import lazyarr as la
    >>> la.matvec(la.ones((2, 3), chunks=1), la.arange(3)).compute()
    array([3., 3.])
    """
    _unsupported("matvec", {k: v for k, v in kwargs.items() if k != "dtype"})
    a, b = _lazy(x1), _lazy(x2)
    if a.ndim < 2 or b.ndim < 1:
        raise ValueError(f"matvec: operands need at least 2 and 1 dimensions (signature (m,n),(n)->(m)); "
                         f"got {a.ndim} and {b.ndim}")
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(f"matvec: core dimensions differ ({a.shape[-1]} and {b.shape[-1]})")
    _check_batch("matvec", a.shape[:-2], b.shape[:-1])
    ba, bb, bout = _batch_letters(a, b, 2, 1)
    dtype = np.dtype(kwargs.get("dtype") or np.result_type(a.dtype, b.dtype))
    return contract([a, b], [ba + "ij", bb + "j"], bout + "i", dtype, func=_matvec_blocks, label="matvec",
                    funcname="matvec")


@implements(np.vecmat)
def vecmat(x1: Any, x2: Any, /, **kwargs: Any) -> Array:
    """Vector-matrix product over stacks, conjugating the vector (lazy ``numpy.vecmat``).

    >>> import lazyarr as la
    >>> la.vecmat(la.arange(2), la.ones((2, 3), chunks=1)).compute()
    array([1., 1., 1.])
    """
    _unsupported("vecmat", {k: v for k, v in kwargs.items() if k != "dtype"})
    a, b = _lazy(x1), _lazy(x2)
    if a.ndim < 1 or b.ndim < 2:
        raise ValueError(f"vecmat: operands need at least 1 and 2 dimensions (signature (n),(n,m)->(m)); "
                         f"got {a.ndim} and {b.ndim}")
    if a.shape[-1] != b.shape[-2]:
        raise ValueError(f"vecmat: core dimensions differ ({a.shape[-1]} and {b.shape[-2]})")
    _check_batch("vecmat", a.shape[:-1], b.shape[:-2])
    ba, bb, bout = _batch_letters(a, b, 1, 2)
    dtype = np.dtype(kwargs.get("dtype") or np.result_type(a.dtype, b.dtype))
    return contract([a, b], [ba + "j", bb + "jk"], bout + "k", dtype, func=_vecmat_blocks, label="vecmat",
                    funcname="vecmat")


# --------------------------------------------------------------------------------------
# tensordot and friends
# --------------------------------------------------------------------------------------
def _normalize_tensordot_axes(axes: Any, a: Array, b: Array) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        if n < 0 or n > a.ndim or n > b.ndim:
            raise ValueError(f"tensordot: axes={n} is out of range for arrays with {a.ndim} and {b.ndim} "
                             f"dimensions; give 0 <= axes <= min(a.ndim, b.ndim)")
        return tuple(range(a.ndim - n, a.ndim)), tuple(range(n))
    try:
        axes_a, axes_b = axes
    except (TypeError, ValueError):
        raise ValueError(f"tensordot: axes={axes!r} must be an int or a pair of axis sequences") from None
    axes_a = (axes_a,) if isinstance(axes_a, (int, np.integer)) else tuple(axes_a)
    axes_b = (axes_b,) if isinstance(axes_b, (int, np.integer)) else tuple(axes_b)
    if len(axes_a) != len(axes_b):
        raise ValueError(f"tensordot: shape-mismatch for sum: axes {axes_a} and {axes_b} have different lengths")
    axes_a = tuple(normalize_axis_tuple(axes_a, a.ndim))
    axes_b = tuple(normalize_axis_tuple(axes_b, b.ndim))
    return axes_a, axes_b


@implements(np.tensordot)
def tensordot(a: Any, b: Any, axes: Any = 2) -> Array:
    """Sum products over the given axes (lazy ``numpy.tensordot``, every ``axes`` form).

    >>> import lazyarr as la
    >>> x = la.ones((3, 4, 5), chunks=2)
    >>> la.tensordot(x, la.ones((4, 5, 2), chunks=2)).shape
    (3, 2)
    >>> la.tensordot(x, la.ones((5, 4)), axes=([1, 2], [1, 0])).compute()
    array([20., 20., 20.])
    """
    x, y = _lazy(a), _lazy(b)
    axes_a, axes_b = _normalize_tensordot_axes(axes, x, y)
    for i, j in zip(axes_a, axes_b):
        if x.shape[i] != y.shape[j]:
            raise ValueError(f"tensordot: shape-mismatch for sum: axis {i} of a has length {x.shape[i]} but "
                             f"axis {j} of b has {y.shape[j]}")
    ia = list(_LETTERS[: x.ndim])
    ib = list(_LETTERS[x.ndim: x.ndim + y.ndim])
    for i, j in zip(axes_a, axes_b):
        ib[j] = ia[i]
    out = "".join(c for k, c in enumerate(ia) if k not in axes_a) + "".join(
        c for k, c in enumerate(ib) if k not in axes_b)
    dtype = np.result_type(x.dtype, y.dtype)
    # Every letter is unique to one operand except the contracted pairs (checked equal
    # above), so contract() never sees a length-1 axis it could mistake for broadcasting.
    return contract([x, y], ["".join(ia), "".join(ib)], out, dtype, func=_Tensordot(axes_a, axes_b),
                    label="tensordot", funcname="tensordot")


@implements(np.dot)
def dot(a: Any, b: Any, out: None = None) -> Array:
    """Dot product (lazy ``numpy.dot``): matrix product for 2-d, sum over the last axis of
    ``a`` and the second-to-last of ``b`` for N-d, multiplication for 0-d.

    >>> import lazyarr as la
    >>> la.dot(la.arange(3), la.arange(3)).compute()
    np.int64(5)
    """
    if out is not None:
        raise NotImplementedError("dot: out= is not supported for lazy arrays; assign the result instead")
    x, y = _lazy(a), _lazy(b)
    if x.ndim == 0 or y.ndim == 0:
        return x * y
    axis_b = 0 if y.ndim == 1 else y.ndim - 2
    if x.shape[-1] != y.shape[axis_b]:
        raise ValueError(f"dot: shapes {x.shape} and {y.shape} not aligned: {x.shape[-1]} (dim {x.ndim - 1}) "
                         f"!= {y.shape[axis_b]} (dim {axis_b})")
    return tensordot(x, y, axes=((x.ndim - 1,), (axis_b,)))


@implements(np.inner)
def inner(a: Any, b: Any, /) -> Array:
    """Inner product over the last axes (lazy ``numpy.inner``).

    >>> import lazyarr as la
    >>> la.inner(la.arange(3), la.arange(3)).compute()
    np.int64(5)
    """
    x, y = _lazy(a), _lazy(b)
    if x.ndim == 0 or y.ndim == 0:
        return x * y
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(f"inner: shapes {x.shape} and {y.shape} not aligned: last dimensions differ "
                         f"({x.shape[-1]} != {y.shape[-1]})")
    return tensordot(x, y, axes=((x.ndim - 1,), (y.ndim - 1,)))


@implements(np.outer)
def outer(a: Any, b: Any, out: None = None) -> Array:
    """Outer product of the flattened inputs (lazy ``numpy.outer``).

    >>> import lazyarr as la
    >>> la.outer(la.arange(2), la.arange(3)).compute()
    array([[0, 0, 0],
           [0, 1, 2]])
    """
    if out is not None:
        raise NotImplementedError("outer: out= is not supported for lazy arrays; assign the result instead")
    x, y = _lazy(a).ravel(), _lazy(b).ravel()
    return x[:, None] * y[None, :]


@implements(np.vdot)
def vdot(a: Any, b: Any, /) -> Array:
    """Dot product of the flattened inputs, conjugating the first (lazy ``numpy.vdot``).

    >>> import lazyarr as la
    >>> la.vdot(la.ones((2, 2)), la.ones((2, 2))).compute()
    np.float64(4.0)
    """
    x, y = _lazy(a).ravel(), _lazy(b).ravel()
    if x.shape != y.shape:
        raise ValueError(f"vdot: vectors have different lengths ({x.shape[0]} and {y.shape[0]}); "
                         f"the inputs must have the same size")
    if np.iscomplexobj(np.empty(0, x.dtype)):
        x = x.conj()
    return tensordot(x, y, axes=1)


# --------------------------------------------------------------------------------------
# kron, matrix_power, trace
# --------------------------------------------------------------------------------------
def _kron_block(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.kron(a, b)


@implements(np.kron)
def kron(a: Any, b: Any) -> Array:
    """Kronecker product (lazy ``numpy.kron``).

    Each block of ``a`` is combined with the whole of ``b`` (rechunked into one block,
    so ``b`` should be the smaller operand): output block ``i`` is ``np.kron(a_i, b)``.

    >>> import lazyarr as la
    >>> la.kron(la.eye(2, chunks=1), la.ones((1, 2))).compute()
    array([[1., 1., 0., 0.],
           [0., 0., 1., 1.]])
    """
    x, y = _lazy(a), _lazy(b)
    nd = max(x.ndim, y.ndim)
    x = x.reshape((1,) * (nd - x.ndim) + x.shape) if x.ndim < nd else x
    y = y.reshape((1,) * (nd - y.ndim) + y.shape) if y.ndim < nd else y
    y = y.rechunk(tuple((n,) for n in y.shape))
    chunks = tuple(tuple(c * n for c in cs) for cs, n in zip(x.chunks, y.shape))

    dtype = np.result_type(x.dtype, y.dtype)
    name = "kron-" + tokenize(x.name, y.name)
    return blockwise_array(_kron_block, [BlockRef(x.name, Aligned(x.numblocks, nd)),
                                         BlockRef(y.name, Aligned(y.numblocks, nd))],
                           chunks, dtype, name=name, inputs=[x, y], label="kron")


@implements(np.linalg.matrix_power)
def matrix_power(a: Any, n: int) -> Array:
    """Raise a square matrix (or stack of them) to the integer power *n* (lazy
    ``numpy.linalg.matrix_power``), by repeated squaring: about ``2*log2(n)`` products.

    >>> import lazyarr as la
    >>> la.matrix_power(la.eye(3, chunks=2) * 2, 3).compute()[0, 0]
    np.float64(8.0)
    """
    x = _lazy(a)
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise np.linalg.LinAlgError(f"matrix_power: Last 2 dimensions of the array must be square; got shape "
                                    f"{x.shape}")
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"matrix_power: exponent must be an integer, got {n!r}") from None
    if n == 0:
        from ..creation.matrices import eye
        from ..manipulation.shape import broadcast_to

        ident = eye(x.shape[-1], dtype=x.dtype, chunks=x.chunks[-1])
        return broadcast_to(ident, x.shape, chunks=x.chunks)
    if n < 0:
        from . import inv

        x, n = inv(x), -n
    result = None
    power = x
    while n:
        if n & 1:
            result = power if result is None else matmul(result, power)
        n >>= 1
        if n:
            power = matmul(power, power)
    return result


class _TraceBlock:
    def __init__(self, offset: int, axis1: int, axis2: int, dtype: Any, bounds1: tuple, bounds2: tuple):
        self.args = (offset, axis1, axis2, dtype, bounds1, bounds2)
        self.__name__ = "trace"

    def __call__(self, block: np.ndarray, idx: tuple[int, ...]) -> np.ndarray:
        offset, axis1, axis2, dtype, b1, b2 = self.args
        local = offset + b1[idx[axis1]] - b2[idx[axis2]]  # the diagonal seen from this block
        t = np.trace(block, offset=local, axis1=axis1, axis2=axis2, dtype=dtype)
        return np.expand_dims(np.asarray(t), (-2, -1))

    def __lazyarr_token__(self) -> Any:
        return ("trace", self.args)


@implements(np.trace)
def trace(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None, out: None = None) -> Array:
    """Sum along a diagonal (lazy ``numpy.trace``); each block adds the part of the
    diagonal it holds, then the per-block sums are added in a tree.

    >>> import lazyarr as la
    >>> la.trace(la.eye(5, chunks=2)).compute()
    np.float64(5.0)
    """
    if out is not None:
        raise NotImplementedError("trace: out= is not supported for lazy arrays; assign the result instead")
    x = _lazy(a)
    if x.ndim < 2:
        raise ValueError(f"trace: diag requires an array of at least two dimensions, got {x.ndim}")
    axis1, axis2 = normalize_axis_index(axis1, x.ndim), normalize_axis_index(axis2, x.ndim)
    if axis1 == axis2:
        raise ValueError(f"trace: axis1 and axis2 cannot be the same (both {axis1})")
    require_known_sizes(x, "trace", [axis1, axis2])  # which elements are diagonal depends on the lengths

    out_dtype = np.trace(np.ones((1,) * x.ndim, dtype=x.dtype), axis1=axis1, axis2=axis2, dtype=dtype).dtype
    keep = [d for d in range(x.ndim) if d not in (axis1, axis2)]
    func = _TraceBlock(int(offset), axis1, axis2, out_dtype, tuple(chunk_boundaries(x.chunks[axis1])),
                       tuple(chunk_boundaries(x.chunks[axis2])))

    # Output block (kept axes..., block along axis1, block along axis2) -> the input block;
    # fuse=False keeps x's producer a task of its own.
    read = [None] * x.ndim
    for pos, d in enumerate(keep + [axis1, axis2]):
        read[d] = pos
    index_map = FromAxes(read, fuse=False)
    chunks = tuple(x.chunks[d] for d in keep) + ((1,) * x.numblocks[axis1], (1,) * x.numblocks[axis2])
    name = "trace-" + tokenize(x.name, func.args)
    parts = blockwise_array(func, [BlockRef(x.name, index_map), PerBlock(index_map)], chunks, out_dtype,
                            name=name, inputs=[x], label="trace")
    from ..reductions.basic import sum as lazy_sum

    return lazy_sum(parts, axis=(-2, -1), dtype=out_dtype)
