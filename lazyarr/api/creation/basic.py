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
from ...core.blockwise import PerBlock, blockwise_array
from ...core.chunks import normalize_chunks
from ...core.index_maps import BlockShape
from ...core.tokenize import tokenize
from ...core.validate import check_fill_value
from ..array_api.info import check_device
from ..registry import implements
from .common import _device, _shape_tuple

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


@implements(np.zeros)
def zeros(shape: Any, dtype: Any = float, order: str = "C", *, chunks: Any = "auto", name: str | None = None,
          **kw: Any) -> Array:
    """A lazy array of zeros.

    >>> import lazyarr as la
    >>> la.zeros((2, 3), chunks=2).compute()
    array([[0., 0., 0.],
           [0., 0., 0.]])
    """
    return _filled("zeros", shape, 0, dtype, chunks, _device(kw, "zeros"), name)


@implements(np.ones)
def ones(shape: Any, dtype: Any = float, order: str = "C", *, chunks: Any = "auto", name: str | None = None,
          **kw: Any) -> Array:
    """A lazy array of ones.

    >>> import lazyarr as la
    >>> la.ones(3, dtype=int).compute()
    array([1, 1, 1])
    """
    return _filled("ones", shape, 1, dtype, chunks, _device(kw, "ones"), name)


@implements(np.empty)
def empty(shape: Any, dtype: Any = float, order: str = "C", *, chunks: Any = "auto", name: str | None = None,
          **kw: Any) -> Array:
    """A lazy array with uninitialized values (as ``numpy.empty``).

    >>> import lazyarr as la
    >>> la.empty((2, 2)).shape
    (2, 2)
    """
    return _filled("empty", shape, None, dtype, chunks, _device(kw, "empty"), name)


@implements(np.full)
def full(shape: Any, fill_value: Any, dtype: Any = None, order: str = "C", *, chunks: Any = "auto",
         name: str | None = None, **kw: Any) -> Array:
    """A lazy array filled with *fill_value* (dtype inferred from it as NumPy does).

    >>> import lazyarr as la
    >>> la.full(3, 7).compute()
    array([7, 7, 7])
    """
    if np.ndim(fill_value) != 0:
        raise ValueError(f"full: fill_value must be a scalar, got shape {np.shape(fill_value)}")
    if dtype is None:
        dtype = np.array(fill_value).dtype
    return _filled("full", shape, fill_value, dtype, chunks, _device(kw, "full"), name)


def _like(label: str, a: Any, fill: Any, dtype: Any, shape: Any, chunks: Any, device: Any = None,
          name: str | None = None) -> Array:
    x = a if is_array(a) else np.asarray(a)
    dtype = x.dtype if dtype is None else dtype
    if shape is None:
        shape = x.shape
        if chunks is None:
            chunks = x.chunks if is_array(x) else "auto"
    if chunks is None:
        chunks = "auto"
    return _filled(label, shape, fill, dtype, chunks, device, name)


@implements(np.zeros_like)
def zeros_like(a: Any, dtype: Any = None, order: str = "K", subok: bool = True, shape: Any = None, *,
               chunks: Any = None, name: str | None = None, **kw: Any) -> Array:
    """Zeros with the shape, dtype and chunks of *a*.

    >>> import lazyarr as la
    >>> la.zeros_like(la.ones(4, chunks=2)).chunks
    ((2, 2),)
    """
    return _like("zeros", a, 0, dtype, shape, chunks, _device(kw, "zeros_like"), name)


@implements(np.ones_like)
def ones_like(a: Any, dtype: Any = None, order: str = "K", subok: bool = True, shape: Any = None, *,
              chunks: Any = None, name: str | None = None, **kw: Any) -> Array:
    """Ones with the shape, dtype and chunks of *a*.

    >>> import lazyarr as la
    >>> la.ones_like(la.zeros(2, dtype=int)).compute()
    array([1, 1])
    """
    return _like("ones", a, 1, dtype, shape, chunks, _device(kw, "ones_like"), name)


@implements(np.empty_like)
def empty_like(a: Any, dtype: Any = None, order: str = "K", subok: bool = True, shape: Any = None, *,
               chunks: Any = None, name: str | None = None, **kw: Any) -> Array:
    """Uninitialized values with the shape, dtype and chunks of *a*.

    >>> import lazyarr as la
    >>> la.empty_like(la.zeros(2)).shape
    (2,)
    """
    return _like("empty", a, None, dtype, shape, chunks, _device(kw, "empty_like"), name)


@implements(np.full_like)
def full_like(a: Any, fill_value: Any, dtype: Any = None, order: str = "K", subok: bool = True,
              shape: Any = None, *, chunks: Any = None, name: str | None = None, **kw: Any) -> Array:
    """*fill_value* with the shape, dtype and chunks of *a*.

    >>> import lazyarr as la
    >>> la.full_like(la.zeros(2, dtype=int), 5).compute()
    array([5, 5])
    """
    size = math.prod(_like_shape(a) if shape is None else _shape_tuple(shape, "full_like"))
    if not is_array(fill_value) and (size or isinstance(fill_value, int)):
        check_fill_value("full_like", fill_value, dtype if dtype is not None else _like_dtype(a))
    return _like("full", a, fill_value, dtype, shape, chunks, _device(kw, "full_like"), name)


def _like_shape(a: Any) -> tuple:
    return tuple(a.shape) if hasattr(a, "shape") else np.shape(a)


def _like_dtype(a: Any) -> np.dtype:
    return a.dtype if hasattr(a, "dtype") else np.asarray(a).dtype
