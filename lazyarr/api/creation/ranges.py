"""Arrays computed from their indices: ``arange``, ``linspace``, ``fromfunction``, ``indices``, ``meshgrid``.

Each block is built from its global offset (a :class:`PerBlock` argument), so block ``i``
holds exactly the values NumPy would put there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import PerBlock, blockwise_array
from ...core.chunks import normalize_chunks
from ...core.data import from_array
from ...core.index_maps import BlockOffset, BlockShape
from ...core.known_sizes import require_known_sizes
from ...core.tokenize import tokenize
from ..array_api.info import check_device
from ..registry import implements
from .basic import zeros
from .common import _shape_tuple

__all__ = ["arange", "fromfunction", "indices", "linspace", "meshgrid"]


def _arange_block(offset: tuple[int, ...], shape: tuple[int, ...], start: Any, step: Any,
                  dtype: np.dtype) -> np.ndarray:
    i0 = offset[0]
    return np.arange(start + i0 * step, start + (i0 + shape[0]) * step, step, dtype=dtype)[: shape[0]]


def _arange_exact(offset: tuple[int, ...], shape: tuple[int, ...], start: Any, stop: Any, step: Any,
                  dtype: np.dtype) -> np.ndarray:
    # NumPy computes element k as start + k*step; do exactly that for each block.
    k = np.arange(offset[0], offset[0] + shape[0])
    if np.dtype(dtype).kind in "iub":
        return (start + k * step).astype(dtype, copy=False)
    work = np.result_type(start, step, float)
    if work == np.float64 and not isinstance(start, complex) and not isinstance(step, complex):
        # The same start + k*step in float64, in place: one array instead of three temporaries.
        out = k.astype(np.float64)
        if step != 1:
            out *= step
        if start != 0:
            out += start
        return out.astype(dtype, copy=False)
    return np.asarray(start + k * step, dtype=work).astype(dtype, copy=False)


def _same_type(value: Any, new: int) -> Any:
    """*new* as a scalar of *value*'s type (a NumPy scalar type, or int/float/complex/bool)."""
    return np.asarray(value).dtype.type(new) if isinstance(value, (np.ndarray, np.generic)) else type(value)(new)


@implements(np.arange)
def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None, *, chunks: Any = "auto",
           device: Any = None, like: Any = None, name: str | None = None) -> Array:
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
    if dtype is None:
        # NumPy types the range by the types of start, stop and step together, by rules of its
        # own (uint8 with uint64 gives float64, three float32 give float64): ask NumPy, with
        # values of the same types that make a range of one element
        dtype = np.arange(_same_type(start, 0), _same_type(stop, 1), _same_type(step, 1)).dtype
    dtype = np.dtype(dtype)
    n = max(int(math.ceil((stop - start) / step)), 0)
    chunks = normalize_chunks(chunks, (n,), dtype, funcname="arange")
    name = name or "arange-" + tokenize(start, stop, step, dtype, chunks)
    return blockwise_array(_arange_exact, [PerBlock(BlockOffset(chunks)), PerBlock(BlockShape(chunks)),
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
             dtype: Any = None, axis: int = 0, *, chunks: Any = "auto", device: Any = None,
             name: str | None = None) -> Any:
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
    chunks = normalize_chunks(chunks, (num,), dtype, funcname="linspace")
    name = name or "linspace-" + tokenize(start, stop, num, endpoint, dtype, chunks)
    if div == 0 or num == 1:
        step_used: Any = 0 if num == 1 else step
    else:
        step_used = step
    out = blockwise_array(_linspace_block, [PerBlock(BlockOffset(chunks)), PerBlock(BlockShape(chunks)),
                                            calc.type(start), step_used, num, stop, endpoint, dtype],
                          chunks, dtype, name=name, label="linspace")
    return (out, step) if retstep else out



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
    shape = _shape_tuple(shape, "fromfunction")
    chunks = normalize_chunks(chunks, shape, dtype, funcname="fromfunction")
    sample = [np.zeros((1,) * len(shape), dtype=dtype) for _ in shape]
    out_dtype = np.asarray(function(*sample, **kwargs)).dtype
    name = "fromfunction-" + tokenize(function, shape, dtype, chunks, kwargs)
    return blockwise_array(_fromfunction_block, [PerBlock(BlockOffset(chunks)), PerBlock(BlockShape(chunks)),
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
    shape = _shape_tuple(dimensions, "indices")
    if sparse:
        return tuple(arange(n, dtype=dtype, chunks=chunks).reshape(
            tuple(n if i == j else 1 for j in range(len(shape)))) for i, n in enumerate(shape))
    from ..manipulation.shape import stack

    chunks = normalize_chunks(chunks, shape, dtype, funcname="indices")
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
    for a in arrays if not sparse else ():  # the full grids' shape needs every length
        require_known_sizes(a, "meshgrid")
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
    from ..manipulation.shape import broadcast_to

    return [broadcast_to(o, tuple(shape)) for o in out]
