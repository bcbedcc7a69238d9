"""Creating lazy arrays: zeros, ones, full, arange, linspace, eye, from_array, ...

Each creation function is one blockwise layer whose tasks build their block from
the block's shape and position (a :class:`PerBlock` argument), so nothing is
allocated until computed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..core.array import Array, is_array
from ..core.blockwise import BlockRef, PerBlock, blockwise_array, elemwise
from ..core.chunks import chunk_boundaries, normalize_chunks
from ..core.data import from_array
from ..core.tokenize import tokenize
from .array_api import check_device
from .registry import implements

__all__ = [
    "arange", "array", "asanyarray", "asarray", "diag", "empty", "empty_like", "eye", "from_array",
    "fromfunction", "full", "full_like", "identity", "indices", "linspace", "meshgrid", "ones",
    "ones_like", "tri", "zeros", "zeros_like",
]


def _shape_tuple(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        if isinstance(shape, str):
            raise TypeError
        shape = tuple(int(s) for s in shape)
    except (TypeError, ValueError):
        raise TypeError(f"shape must be an int or a tuple of ints, got {shape!r}") from None
    if any(s < 0 for s in shape):
        raise ValueError(f"negative dimensions are not allowed, got shape {shape}")
    return shape


class _BlockShape:
    """PerBlock function: the shape of block ``idx`` for given chunks."""

    def __init__(self, chunks: tuple):
        self.chunks = chunks
        self._shapes: dict = {}  # by block index; most blocks share a few shapes (see __call__)

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        # Runs once per block: in 1-d, look the (usually equal) shapes up instead of building them.
        if len(idx) == 1:
            size = self.chunks[0][idx[0]]
            shape = self._shapes.get(size)
            if shape is None:
                shape = self._shapes[size] = (int(size),)
            return shape
        return tuple([int(c[i]) for c, i in zip(self.chunks, idx)])

    def __lazyarr_token__(self) -> Any:
        return ("blockshape", self.chunks)


class _BlockOffset:
    """PerBlock function: the global index of the first element of block ``idx``."""

    def __init__(self, chunks: tuple):
        self.bounds = [chunk_boundaries(c) for c in chunks]

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(int(b[i]) for b, i in zip(self.bounds, idx))


def _full_block(shape: tuple[int, ...], fill_value: Any, dtype: np.dtype) -> np.ndarray:
    return np.full(shape, fill_value, dtype=dtype)


def _empty_block(shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    return np.empty(shape, dtype=dtype)


def _filled(label: str, shape: Any, fill_value: Any, dtype: Any, chunks: Any, device: Any = None) -> Array:
    check_device(label, device)
    shape = _shape_tuple(shape)
    dtype = np.dtype(dtype)
    chunks = normalize_chunks(chunks, shape, dtype)
    name = f"{label}-{tokenize(shape, fill_value, dtype, chunks)}"
    if label == "empty":
        return blockwise_array(_empty_block, [PerBlock(_BlockShape(chunks)), dtype], chunks, dtype,
                               name=name, label=label)
    return blockwise_array(_full_block, [PerBlock(_BlockShape(chunks)), fill_value, dtype], chunks, dtype,
                           name=name, label=label)


def _device(kw: dict, fname: str) -> Any:
    """The ``device=`` keyword (the Array API's; only "cpu"); any other keyword is an error, as in NumPy."""
    unknown = sorted(set(kw) - {"device", "like"})
    if unknown:
        raise TypeError(f"{fname}() got an unexpected keyword argument {unknown[0]!r}")
    return kw.get("device")


@implements(np.zeros)
def zeros(shape: Any, dtype: Any = float, order: str = "C", *, chunks: Any = "auto", **kw: Any) -> Array:
    """A lazy array of zeros.

    >>> import lazyarr as la
    >>> la.zeros((2, 3), chunks=2).compute()
    array([[0., 0., 0.],
           [0., 0., 0.]])
    """
    return _filled("zeros", shape, 0, dtype, chunks, _device(kw, "zeros"))


@implements(np.ones)
def ones(shape: Any, dtype: Any = float, order: str = "C", *, chunks: Any = "auto", **kw: Any) -> Array:
    """A lazy array of ones.

    >>> import lazyarr as la
    >>> la.ones(3, dtype=int).compute()
    array([1, 1, 1])
    """
    return _filled("ones", shape, 1, dtype, chunks, _device(kw, "ones"))


@implements(np.empty)
def empty(shape: Any, dtype: Any = float, order: str = "C", *, chunks: Any = "auto", **kw: Any) -> Array:
    """A lazy array with uninitialized values (as ``numpy.empty``).

    >>> import lazyarr as la
    >>> la.empty((2, 2)).shape
    (2, 2)
    """
    return _filled("empty", shape, None, dtype, chunks, _device(kw, "empty"))


@implements(np.full)
def full(shape: Any, fill_value: Any, dtype: Any = None, order: str = "C", *, chunks: Any = "auto",
         **kw: Any) -> Array:
    """A lazy array filled with *fill_value* (dtype inferred from it as NumPy does).

    >>> import lazyarr as la
    >>> la.full(3, 7).compute()
    array([7, 7, 7])
    """
    if np.ndim(fill_value) != 0:
        raise ValueError(f"full: fill_value must be a scalar, got shape {np.shape(fill_value)}")
    if dtype is None:
        dtype = np.array(fill_value).dtype
    return _filled("full", shape, fill_value, dtype, chunks, _device(kw, "full"))


def _like(label: str, a: Any, fill: Any, dtype: Any, shape: Any, chunks: Any, device: Any = None) -> Array:
    x = a if is_array(a) else np.asarray(a)
    dtype = x.dtype if dtype is None else dtype
    if shape is None:
        shape = x.shape
        if chunks is None:
            chunks = x.chunks if is_array(x) else "auto"
    if chunks is None:
        chunks = "auto"
    return _filled(label, shape, fill, dtype, chunks, device)


@implements(np.zeros_like)
def zeros_like(a: Any, dtype: Any = None, order: str = "K", subok: bool = True, shape: Any = None, *,
               chunks: Any = None, **kw: Any) -> Array:
    """Zeros with the shape, dtype and chunks of *a*.

    >>> import lazyarr as la
    >>> la.zeros_like(la.ones(4, chunks=2)).chunks
    ((2, 2),)
    """
    return _like("zeros", a, 0, dtype, shape, chunks, _device(kw, "zeros_like"))


@implements(np.ones_like)
def ones_like(a: Any, dtype: Any = None, order: str = "K", subok: bool = True, shape: Any = None, *,
              chunks: Any = None, **kw: Any) -> Array:
    """Ones with the shape, dtype and chunks of *a*.

    >>> import lazyarr as la
    >>> la.ones_like(la.zeros(2, dtype=int)).compute()
    array([1, 1])
    """
    return _like("ones", a, 1, dtype, shape, chunks, _device(kw, "ones_like"))


@implements(np.empty_like)
def empty_like(a: Any, dtype: Any = None, order: str = "K", subok: bool = True, shape: Any = None, *,
               chunks: Any = None, **kw: Any) -> Array:
    """Uninitialized values with the shape, dtype and chunks of *a*.

    >>> import lazyarr as la
    >>> la.empty_like(la.zeros(2)).shape
    (2,)
    """
    return _like("empty", a, None, dtype, shape, chunks, _device(kw, "empty_like"))


@implements(np.full_like)
def full_like(a: Any, fill_value: Any, dtype: Any = None, order: str = "K", subok: bool = True,
              shape: Any = None, *, chunks: Any = None, **kw: Any) -> Array:
    """*fill_value* with the shape, dtype and chunks of *a*.

    >>> import lazyarr as la
    >>> la.full_like(la.zeros(2, dtype=int), 5).compute()
    array([5, 5])
    """
    return _like("full", a, fill_value, dtype, shape, chunks, _device(kw, "full_like"))


def _arange_block(offset: tuple[int, ...], shape: tuple[int, ...], start: Any, step: Any,
                  dtype: np.dtype) -> np.ndarray:
    i0 = offset[0]
    return np.arange(start + i0 * step, start + (i0 + shape[0]) * step, step, dtype=dtype)[: shape[0]]


def _arange_exact(offset: tuple[int, ...], shape: tuple[int, ...], start: Any, stop: Any, step: Any,
                  dtype: np.dtype) -> np.ndarray:
    # NumPy computes element k as start + k*step; do exactly that for each block.
    k = np.arange(offset[0], offset[0] + shape[0])
    if np.dtype(dtype).kind in "iub":
        return (start + k * step).astype(dtype)
    return np.asarray(start + k * step, dtype=np.result_type(start, step, float)).astype(dtype)


@implements(np.arange)
def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None, *, chunks: Any = "auto",
           device: Any = None, like: Any = None) -> Array:
    """Evenly spaced values in ``[start, stop)`` (lazy ``numpy.arange``).

    >>> import lazyarr as la
    >>> la.arange(5, chunks=2).compute()
    array([0, 1, 2, 3, 4])
    """
    check_device("arange", device)
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise ValueError("arange: step must not be zero")
    probe = np.arange(start, start + step * 2, step, dtype=dtype) if dtype is None else None
    if dtype is None:
        dtype = np.result_type(start, stop, step) if probe is None else probe.dtype
        if np.dtype(dtype).kind in "iu" and not all(isinstance(v, (int, np.integer)) for v in (start, stop, step)):
            dtype = np.result_type(float, dtype)
    dtype = np.dtype(dtype)
    n = max(int(math.ceil((stop - start) / step)), 0)
    chunks = normalize_chunks(chunks, (n,), dtype)
    name = "arange-" + tokenize(start, stop, step, dtype, chunks)
    return blockwise_array(_arange_exact, [PerBlock(_BlockOffset(chunks)), PerBlock(_BlockShape(chunks)),
                                           start, stop, step, dtype], chunks, dtype, name=name,
                           label="arange")


def _linspace_block(offset: tuple[int, ...], shape: tuple[int, ...], start: Any, step: Any, num: int,
                    stop: Any, endpoint: bool, dtype: np.dtype) -> np.ndarray:
    k = np.arange(offset[0], offset[0] + shape[0])
    values = start + k * step
    if endpoint and num > 1 and offset[0] + shape[0] == num:
        values[-1] = stop  # NumPy sets the last sample exactly
    return values.astype(dtype, copy=False)


@implements(np.linspace)
def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False,
             dtype: Any = None, axis: int = 0, *, chunks: Any = "auto", device: Any = None) -> Any:
    """*num* evenly spaced samples from *start* to *stop* (lazy ``numpy.linspace``).

    >>> import lazyarr as la
    >>> la.linspace(0, 1, 5, chunks=2).compute()
    array([0.  , 0.25, 0.5 , 0.75, 1.  ])
    """
    check_device("linspace", device)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    if np.ndim(start) or np.ndim(stop):
        raise NotImplementedError("linspace: array-valued start/stop are not supported lazily")
    div = (num - 1) if endpoint else num
    step = (stop - start) / div if div > 0 else np.nan
    calc = np.result_type(start, stop, float)
    dtype = calc if dtype is None else np.dtype(dtype)
    chunks = normalize_chunks(chunks, (num,), dtype)
    name = "linspace-" + tokenize(start, stop, num, endpoint, dtype, chunks)
    if div == 0 or num == 1:
        step_used: Any = 0 if num == 1 else step
    else:
        step_used = step
    out = blockwise_array(_linspace_block, [PerBlock(_BlockOffset(chunks)), PerBlock(_BlockShape(chunks)),
                                            calc.type(start), step_used, num, stop, endpoint, dtype],
                          chunks, dtype, name=name, label="linspace")
    return (out, step) if retstep else out


def _eye_block(offset: tuple[int, ...], shape: tuple[int, ...], k: int, dtype: np.dtype) -> np.ndarray:
    return np.eye(shape[0], shape[1], k=k + offset[0] - offset[1], dtype=dtype)


@implements(np.eye)
def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = float, order: str = "C", *,
        chunks: Any = "auto", device: Any = None, like: Any = None) -> Array:
    """Ones on the *k*-th diagonal, zeros elsewhere.

    >>> import lazyarr as la
    >>> la.eye(3, chunks=2).compute()
    array([[1., 0., 0.],
           [0., 1., 0.],
           [0., 0., 1.]])
    """
    check_device("eye", device)
    M = N if M is None else M
    shape = _shape_tuple((N, M))
    dtype = np.dtype(dtype)
    chunks = normalize_chunks(chunks, shape, dtype)
    name = "eye-" + tokenize(shape, k, dtype, chunks)
    return blockwise_array(_eye_block, [PerBlock(_BlockOffset(chunks)), PerBlock(_BlockShape(chunks)),
                                        int(k), dtype], chunks, dtype, name=name, label="eye")


@implements(np.identity)
def identity(n: int, dtype: Any = float, *, chunks: Any = "auto", like: Any = None) -> Array:
    """The *n* x *n* identity matrix.

    >>> import lazyarr as la
    >>> la.identity(2).compute()
    array([[1., 0.],
           [0., 1.]])
    """
    return eye(n, dtype=dtype, chunks=chunks)


def _tri_block(offset: tuple[int, ...], shape: tuple[int, ...], k: int, dtype: np.dtype) -> np.ndarray:
    return np.tri(shape[0], shape[1], k=k + offset[0] - offset[1], dtype=dtype)


@implements(np.tri)
def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = float, *, chunks: Any = "auto",
        like: Any = None) -> Array:
    """Ones at and below the *k*-th diagonal.

    >>> import lazyarr as la
    >>> la.tri(3, dtype=int).compute()
    array([[1, 0, 0],
           [1, 1, 0],
           [1, 1, 1]])
    """
    M = N if M is None else M
    shape = _shape_tuple((N, M))
    dtype = np.dtype(dtype)
    chunks = normalize_chunks(chunks, shape, dtype)
    name = "tri-" + tokenize(shape, k, dtype, chunks)
    return blockwise_array(_tri_block, [PerBlock(_BlockOffset(chunks)), PerBlock(_BlockShape(chunks)),
                                        int(k), dtype], chunks, dtype, name=name, label="tri")


@implements(np.diag)
def diag(v: Any, k: int = 0) -> Array:
    """Extract a diagonal (2-d input) or build a diagonal matrix (1-d input).

    >>> import lazyarr as la
    >>> la.diag(la.arange(3, chunks=2)).compute()
    array([[0, 0, 0],
           [0, 1, 0],
           [0, 0, 2]])
    """
    x = v if is_array(v) else from_array(np.asarray(v))
    if x.ndim == 1:
        from .manipulation import concatenate

        n = int(x.shape[0]) + abs(k)
        pad = zeros(abs(k), dtype=x.dtype, chunks=max(abs(k), 1))
        # Row i holds v[i] at column i + k (k >= 0) or v[i + k] at column i + k (k < 0).
        column = concatenate([x, pad] if k >= 0 else [pad, x]) if k else x
        mask = eye(n, n, k=k, dtype=bool)
        return elemwise(np.where, mask, column[:, None], np.zeros((), dtype=x.dtype), label="diag")
    if x.ndim == 2:
        return _diagonal(x, k)
    raise ValueError("Input must be 1- or 2-d.")


def _diag_block(block: np.ndarray, k: int) -> np.ndarray:
    return np.diagonal(block, offset=k).copy()


def _diagonal(x: Array, k: int) -> Array:
    n = min(x.shape[0], x.shape[1] - k) if k >= 0 else min(x.shape[0] + k, x.shape[1])
    n = max(int(n), 0)
    if n == 0:
        return zeros((0,), dtype=x.dtype)
    rows = slice(max(-k, 0), max(-k, 0) + n)
    cols = slice(max(k, 0), max(k, 0) + n)
    square = x[rows, cols]
    # Align row and column blocks so the diagonal lies in the diagonal blocks.
    from ..core.chunks import unify_chunks_1d

    common = unify_chunks_1d(square.chunks[0], square.chunks[1])
    square = square.rechunk((common, common))

    name = "diag-" + tokenize(square.name)
    return blockwise_array(_diag_block, [BlockRef(square.name, _DiagonalBlocks()), 0], (common,), x.dtype,
                           name=name, inputs=[square], label="diag", covering=False)


class _DiagonalBlocks:
    single = True
    covering = False

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        return (idx[0], idx[0])

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return True


def _fromfunction_block(offset: tuple[int, ...], shape: tuple[int, ...], function: Callable,
                        dtype: Any, kwargs: dict) -> Any:
    grids = np.indices(shape, dtype=dtype)
    grids = [g + o for g, o in zip(grids, offset)]
    return function(*grids, **kwargs)


@implements(np.fromfunction)
def fromfunction(function: Callable, shape: Any, *, dtype: Any = float, chunks: Any = "auto",
                 like: Any = None, **kwargs: Any) -> Array:
    """Call ``function(i, j, ...)`` on index grids, block by block.

    >>> import lazyarr as la
    >>> la.fromfunction(lambda i, j: i + j, (2, 3), dtype=int, chunks=2).compute()
    array([[0, 1, 2],
           [1, 2, 3]])
    """
    shape = _shape_tuple(shape)
    chunks = normalize_chunks(chunks, shape, dtype)
    sample = [np.zeros((1,) * len(shape), dtype=dtype) for _ in shape]
    out_dtype = np.asarray(function(*sample, **kwargs)).dtype
    name = "fromfunction-" + tokenize(function, shape, dtype, chunks, kwargs)
    return blockwise_array(_fromfunction_block, [PerBlock(_BlockOffset(chunks)), PerBlock(_BlockShape(chunks)),
                                                 function, dtype, kwargs], chunks, out_dtype, name=name,
                           label="fromfunction")


@implements(np.indices)
def indices(dimensions: Sequence[int], dtype: Any = int, sparse: bool = False, *,
            chunks: Any = "auto") -> Any:
    """Index grids (lazy ``numpy.indices``).

    >>> import lazyarr as la
    >>> la.indices((2, 2)).compute()[1]
    array([[0, 1],
           [0, 1]])
    """
    shape = _shape_tuple(dimensions)
    if sparse:
        return tuple(arange(n, dtype=dtype, chunks=chunks).reshape(
            tuple(n if i == j else 1 for j in range(len(shape)))) for i, n in enumerate(shape))
    from .manipulation import stack

    chunks = normalize_chunks(chunks, shape, dtype)
    grids = [arange(n, dtype=dtype, chunks=(chunks[i],)) for i, n in enumerate(shape)]
    if not shape:
        return zeros((0,), dtype=dtype)
    mesh = meshgrid(*grids, indexing="ij")
    return stack(mesh)


@implements(np.meshgrid)
def meshgrid(*xi: Any, copy: bool = True, sparse: bool = False, indexing: str = "xy") -> list[Array]:
    """Coordinate matrices from coordinate vectors (lazy ``numpy.meshgrid``).

    >>> import lazyarr as la
    >>> X, Y = la.meshgrid(la.arange(3), la.arange(2))
    >>> X.shape
    (2, 3)
    """
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    arrays = [(x if is_array(x) else from_array(np.asarray(x))).ravel() for x in xi]
    n = len(arrays)
    # With "xy" indexing the first two vectors swap places (x varies along columns).
    position = list(range(n))
    if indexing == "xy" and n > 1:
        position[0], position[1] = 1, 0
    shape = [0] * n
    for i, a in enumerate(arrays):
        shape[position[i]] = a.shape[0]
    out = []
    for i, a in enumerate(arrays):
        index: list[Any] = [None] * n
        index[position[i]] = slice(None)
        out.append(a[tuple(index)])
    if sparse:
        return out
    from .manipulation import broadcast_to

    return [broadcast_to(o, tuple(shape)) for o in out]


@implements(np.asarray)
def asarray(a: Any, dtype: Any = None, order: Any = None, *, chunks: Any = "auto", like: Any = None,
            copy: Any = None, device: Any = None) -> Array:
    """Turn *a* into a lazy array (lazy arrays pass through).

    >>> import lazyarr as la
    >>> la.asarray([1, 2, 3]).compute()
    array([1, 2, 3])
    """
    check_device("asarray", device)
    if is_array(a):
        # Lazy arrays are immutable, so sharing one is as good as a copy: copy= changes nothing.
        return a if dtype is None else a.astype(dtype)
    if isinstance(a, (list, tuple)) and any(is_array(v) for v in a):
        from .manipulation import stack

        return stack([asarray(v) for v in a]).astype(dtype) if dtype else stack([asarray(v) for v in a])
    if not (hasattr(a, "shape") and hasattr(a, "dtype") and hasattr(a, "__getitem__")):
        a = np.asarray(a, dtype=dtype, copy=copy)  # copy=False raises NumPy's ValueError if it must copy
    elif copy and isinstance(a, np.ndarray):
        a = a.copy()  # the lazy array must not see later writes to the caller's array
    out = from_array(a, chunks=chunks)
    return out if dtype is None or out.dtype == dtype else out.astype(dtype)


@implements(np.asanyarray)
def asanyarray(a: Any, dtype: Any = None, order: Any = None, *, chunks: Any = "auto", like: Any = None,
               **kw: Any) -> Array:
    """Same as :func:`asarray` (lazyarr has no array subclasses).

    >>> import lazyarr as la
    >>> la.asanyarray([1.0]).dtype
    dtype('float64')
    """
    return asarray(a, dtype=dtype, chunks=chunks)


@implements(np.array)
def array(object: Any, dtype: Any = None, *, copy: bool = True, order: str = "K", subok: bool = False,
          ndmin: int = 0, chunks: Any = "auto", like: Any = None) -> Array:
    """Like :func:`asarray`; ``ndmin`` adds leading axes as in NumPy.

    >>> import lazyarr as la
    >>> la.array([1, 2], ndmin=2).shape
    (1, 2)
    """
    out = asarray(object, dtype=dtype, chunks=chunks)
    if out.ndim < ndmin:
        out = out[(None,) * (ndmin - out.ndim)]
    return out
