"""Matrices: ``eye``, ``identity``, ``tri`` and ``diag``."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import BlockRef, PerBlock, blockwise_array, elemwise
from ...core.chunks import normalize_chunks, unify_chunks_1d
from ...core.data import from_array
from ...core.index_maps import BlockOffset, BlockShape, FromAxes
from ...core.known_sizes import require_known_sizes
from ...core.tokenize import tokenize
from ..array_api.info import check_device
from ..registry import implements
from .basic import zeros
from .common import _shape_tuple

__all__ = ["diag", "eye", "identity", "tri"]


def _eye_block(offset: tuple[int, ...], shape: tuple[int, ...], k: int, dtype: np.dtype) -> np.ndarray:
    return np.eye(shape[0], shape[1], k=k + offset[0] - offset[1], dtype=dtype)


@implements(np.eye)
def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = float, order: str = "C", *,
        chunks: Any = "auto", device: Any = None, like: Any = None, name: str | None = None) -> Array:
    """Ones on the *k*-th diagonal, zeros elsewhere.

    >>> import lazyarr as la
    >>> la.eye(3, chunks=2).compute()
    array([[1., 0., 0.],
           [0., 1., 0.],
           [0., 0., 1.]])
    """
    check_device("eye", device)
    M = N if M is None else M
    shape = _shape_tuple((N, M), "eye")
    dtype = np.dtype(dtype)
    chunks = normalize_chunks(chunks, shape, dtype, funcname="eye")
    name = name or "eye-" + tokenize(shape, k, dtype, chunks)
    return blockwise_array(_eye_block, [PerBlock(BlockOffset(chunks)), PerBlock(BlockShape(chunks)),
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
    shape = _shape_tuple((N, M), "tri")
    dtype = np.dtype(dtype)
    chunks = normalize_chunks(chunks, shape, dtype, funcname="tri")
    name = "tri-" + tokenize(shape, k, dtype, chunks)
    return blockwise_array(_tri_block, [PerBlock(BlockOffset(chunks)), PerBlock(BlockShape(chunks)),
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
    require_known_sizes(x, "diag")
    if x.ndim == 1:
        from ..manipulation.shape import concatenate

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
    common = unify_chunks_1d(square.chunks[0], square.chunks[1])
    square = square.rechunk((common, common))

    name = "diag-" + tokenize(square.name)
    return blockwise_array(_diag_block, [BlockRef(square.name, FromAxes((0, 0))), 0], (common,), x.dtype,
                           name=name, inputs=[square], label="diag", covering=False)
