"""Filled arrays: ``zeros``, ``ones``, ``empty``, ``full`` and their ``*_like`` forms.

All take dask's ``name=``: the result's ``.name`` (default: the kind and a token of the arguments).

Each is one blockwise layer whose tasks build their block from the block's shape (a
:class:`PerBlock` argument), so nothing is allocated until computed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import Aligned, BlockRef, PerBlock, blockwise_array
from ...core.chunks import normalize_chunks
from ...core.index_maps import BlockShape
from ...core.tokenize import tokenize
from ...core.validate import check_fill_value
from ..array_api.info import check_device
from ..registry import implements
from .common import _shape_tuple

__all__ = ["empty", "empty_like", "full", "full_like", "ones", "ones_like", "zeros", "zeros_like"]


def _full_block(shape: tuple[int, ...], fill_value: Any, dtype: np.dtype) -> np.ndarray:
    return np.full(shape, fill_value, dtype=dtype)


def _empty_block(shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    return np.empty(shape, dtype=dtype)


def _filled(label: str, shape: Any, fill_value: Any, dtype: Any, chunks: Any, device: Any = None,
            name: str | None = None) -> Array:
    check_device(label, device)
    shape = _shape_tuple(shape, label)
    dtype = np.dtype(dtype)
    # NumPy converts a Python int first (OverflowError even for an empty array), other values per element.
    if label != "empty" and not is_array(fill_value) and (math.prod(shape) or isinstance(fill_value, int)):
        check_fill_value(label, fill_value, dtype)  # NumPy's OverflowError for full(3, 1000, dtype=int8)
    chunks = normalize_chunks(chunks, shape, dtype, funcname=label)
    name = name or f"{label}-{tokenize(shape, fill_value, dtype, chunks)}"
    if label == "empty":
        return blockwise_array(_empty_block, [PerBlock(BlockShape(chunks)), dtype], chunks, dtype,
                               name=name, label=label)
    return blockwise_array(_full_block, [PerBlock(BlockShape(chunks)), fill_value, dtype], chunks, dtype,
                           name=name, label=label)


# Signatures: the Array API standard's parameters first, as it writes them (``dtype`` and
# ``device`` keyword-only), then NumPy's and lazyarr's extras, keyword-only too. (dask and
# NumPy disagree on the positions after the first two anyway: dask's ``full_like`` puts
# ``order`` before ``dtype``, its ``zeros_like`` takes ``chunks`` third.)


@implements(np.zeros)
def zeros(shape: Any, *, dtype: Any = None, device: Any = None, chunks: Any = "auto", order: str = "C",
          like: Any = None, name: str | None = None) -> Array:
    """A lazy array of zeros (float64 unless *dtype* says otherwise).

    >>> import lazyarr as la
    >>> la.zeros((2, 3), chunks=2).compute()
    array([[0., 0., 0.],
           [0., 0., 0.]])
    """
    return _filled("zeros", shape, 0, float if dtype is None else dtype, chunks, device, name)


@implements(np.ones)
def ones(shape: Any, *, dtype: Any = None, device: Any = None, chunks: Any = "auto", order: str = "C",
         like: Any = None, name: str | None = None) -> Array:
    """A lazy array of ones (float64 unless *dtype* says otherwise).

    >>> import lazyarr as la
    >>> la.ones(3, dtype=int).compute()
    array([1, 1, 1])
    """
    return _filled("ones", shape, 1, float if dtype is None else dtype, chunks, device, name)


@implements(np.empty)
def empty(shape: Any, *, dtype: Any = None, device: Any = None, chunks: Any = "auto", order: str = "C",
          like: Any = None, name: str | None = None) -> Array:
    """A lazy array with uninitialized values (as ``numpy.empty``; float64 by default).

    >>> import lazyarr as la
    >>> la.empty((2, 2)).shape
    (2, 2)
    """
    return _filled("empty", shape, None, float if dtype is None else dtype, chunks, device, name)


@implements(np.full)
def full(shape: Any, fill_value: Any, *, dtype: Any = None, device: Any = None, chunks: Any = "auto",
         order: str = "C", like: Any = None, name: str | None = None) -> Array:
    """A lazy array filled with *fill_value* (dtype inferred from it as NumPy does).

    >>> import lazyarr as la
    >>> la.full(3, 7).compute()
    array([7, 7, 7])
    """
    if np.ndim(fill_value) != 0:
        raise ValueError(f"full: fill_value must be a scalar, got shape {np.shape(fill_value)}")
    if dtype is None:
        dtype = np.array(fill_value).dtype
    return _filled("full", shape, fill_value, dtype, chunks, device, name)


def _fill_like_block(block: np.ndarray, fill_value: Any, dtype: np.dtype) -> np.ndarray:
    if fill_value is None:
        return np.empty(block.shape, dtype=dtype)
    return np.full(block.shape, fill_value, dtype=dtype)


def _like(label: str, a: Any, fill: Any, dtype: Any, shape: Any, chunks: Any, device: Any = None,
          name: str | None = None) -> Array:
    x = a if is_array(a) else np.asarray(a)
    dtype = x.dtype if dtype is None else dtype
    if shape is None and chunks is None and is_array(x) and any(math.isnan(n) for n in x.shape):
        # Sizes known only once x is computed: each block is made from x's block, so the
        # result has x's unknown sizes (and computing it computes x).
        check_device(label, device)
        dtype = np.dtype(dtype)
        return blockwise_array(_fill_like_block, [BlockRef(x.name, Aligned(x.numblocks, x.ndim)), fill, dtype],
                               x.chunks, dtype, name=name or f"{label}_like-{tokenize(x.name, fill, dtype)}",
                               inputs=[x], label=f"{label}_like")
    if shape is None:
        shape = x.shape
        if chunks is None:
            chunks = x.chunks if is_array(x) else "auto"
    if chunks is None:
        chunks = "auto"
    return _filled(label, shape, fill, dtype, chunks, device, name)


@implements(np.zeros_like)
def zeros_like(x: Any, /, *, dtype: Any = None, device: Any = None, chunks: Any = None, shape: Any = None,
               order: str = "K", subok: bool = True, name: str | None = None) -> Array:
    """Zeros with the shape, dtype and chunks of *x*.

    An *x* with unknown sizes (after boolean indexing) gives a result with the same
    unknown sizes, made block by block from x's blocks.

    >>> import lazyarr as la
    >>> la.zeros_like(la.ones(4, chunks=2)).chunks
    ((2, 2),)
    """
    return _like("zeros", x, 0, dtype, shape, chunks, device, name)


@implements(np.ones_like)
def ones_like(x: Any, /, *, dtype: Any = None, device: Any = None, chunks: Any = None, shape: Any = None,
              order: str = "K", subok: bool = True, name: str | None = None) -> Array:
    """Ones with the shape, dtype and chunks of *x* (see :func:`zeros_like` for unknown sizes).

    >>> import lazyarr as la
    >>> la.ones_like(la.zeros(2, dtype=int)).compute()
    array([1, 1])
    """
    return _like("ones", x, 1, dtype, shape, chunks, device, name)


@implements(np.empty_like)
def empty_like(x: Any, /, *, dtype: Any = None, device: Any = None, chunks: Any = None, shape: Any = None,
               order: str = "K", subok: bool = True, name: str | None = None) -> Array:
    """Uninitialized values with the shape, dtype and chunks of *x* (see :func:`zeros_like`).

    >>> import lazyarr as la
    >>> la.empty_like(la.zeros(2)).shape
    (2,)
    """
    return _like("empty", x, None, dtype, shape, chunks, device, name)


@implements(np.full_like)
def full_like(x: Any, /, fill_value: Any, *, dtype: Any = None, device: Any = None, chunks: Any = None,
              shape: Any = None, order: str = "K", subok: bool = True, name: str | None = None) -> Array:
    """*fill_value* with the shape, dtype and chunks of *x* (see :func:`zeros_like`).

    >>> import lazyarr as la
    >>> la.full_like(la.zeros(2, dtype=int), 5).compute()
    array([5, 5])
    """
    size = math.prod(_like_shape(x) if shape is None else _shape_tuple(shape, "full_like"))
    known = not any(np.isnan(n) for n in _like_shape(x))  # unknown sizes: no count to check by
    if not is_array(fill_value) and known and (size or isinstance(fill_value, int)):
        check_fill_value("full_like", fill_value, dtype if dtype is not None else _like_dtype(x))
    return _like("full", x, fill_value, dtype, shape, chunks, device, name)


def _like_shape(a: Any) -> tuple:
    return tuple(a.shape) if hasattr(a, "shape") else np.shape(a)


def _like_dtype(a: Any) -> np.dtype:
    return a.dtype if hasattr(a, "dtype") else np.asarray(a).dtype
