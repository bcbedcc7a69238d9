"""Sorting and searching: ``sort``, ``argsort``, ``partition``, ``argpartition``, ``topk``,
``searchsorted``, ``digitize``.

Sorting needs every element of a line at once, so :func:`sort` and friends first
rechunk the sorted axis into a single block (memory: one block now spans the whole
axis). :func:`topk` does better: it keeps only the k best per block and merges those
in a tree, like a reduction, so it never holds a whole axis.
"""

from __future__ import annotations

import math
import string
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import BlockRef, blockwise_array
from ...core.data import as_lazy as _lazy
from ...core.index_maps import BlockOffset, FromAxes
from ...core.known_sizes import require_known_sizes
from ...core.map_blocks import blockwise, map_blocks
from ...core.reduction import reduction
from ...core.tokenize import tokenize
from ...core.validate import check_axis
from ..registry import implements

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_index  # type: ignore

__all__ = ["argpartition", "argsort", "argtopk", "digitize", "partition", "searchsorted", "sort", "topk"]


def rechunk_whole_axis(x: Array, axis: int, funcname: str = "rechunk") -> Array:
    """Rechunk *axis* into one block, shrinking the other axes' blocks so blocks stay
    about as big as before (a whole axis can be many blocks long).

    >>> import lazyarr as la
    >>> rechunk_whole_axis(la.ones((1000, 1000), chunks=100), 0).chunksize
    (1000, 10)
    """
    if x.numblocks[axis] == 1:
        return x
    target: dict[int, Any] = {axis: -1}
    if math.isnan(x.shape[axis]):
        # Lengths unknown (after x[mask]): the blocks along the axis are glued into one; how much
        # that grows a block is unknown too, so the other axes keep their blocks.
        return x.rechunk(target)
    grow = int(x.shape[axis]) / max(1, int(x.chunksize[axis]))
    # Shrink the other axes (those of known lengths), largest blocks first, until the block is back to its size.
    known = [d for d in range(x.ndim) if d != axis and not math.isnan(x.shape[d])]
    for other in sorted(known, key=lambda d: -int(x.chunksize[d])):
        if grow <= 1:
            break
        size = int(x.chunksize[other])
        if size <= 1:
            continue
        new = max(1, int(size / grow))
        grow *= new / size
        target[other] = new
    return x.rechunk(target)


def _whole_axis(a: Any, axis: int | None, funcname: str) -> tuple[Array, int]:
    from .shape import ravel

    x = _lazy(a)
    if axis is None:
        x, axis = ravel(x), 0
    # NumPy's argsort and argpartition refuse axis=True, and treat a 0-d array as 1-d;
    # sort and partition read axis=True as 1 and refuse a 0-d array.
    if funcname.startswith("arg") and x.ndim == 0:
        check_axis(funcname, axis, 1)
        x, axis = ravel(x), 0
    axis = check_axis(funcname, axis, x.ndim, bools=not funcname.startswith("arg"))
    return rechunk_whole_axis(x, axis, funcname), axis


def _check_kth(funcname: str, kth: Any, x: Array, axis: int) -> None:
    """NumPy's ValueError for a *kth* outside the axis, at build time (the length must be known)."""
    ks = np.atleast_1d(kth).tolist()
    for k in ks:
        if isinstance(k, bool) or not isinstance(k, int):
            raise TypeError(f"{funcname}: kth must be an integer or a sequence of integers, got {kth!r}")
    n = x.shape[axis]
    if n != n or n == 0:  # unknown until computed (NumPy's check runs in the task); empty: NumPy skips it
        return
    for k in ks:
        if not -n <= k < n:
            raise ValueError(f"{funcname}: kth(={k}) out of bounds ({n})")


def _along_axis(x: Array, func: Any, axis: int, dtype: Any, **kwargs: Any) -> Array:
    return map_blocks(func, x, axis=axis, dtype=dtype, **kwargs)


@implements(np.sort)
def sort(a: Any, axis: int | None = -1, kind: str | None = None, order: Any = None, *,
         stable: bool | None = None, descending: bool = False) -> Array:
    """Sort along *axis* (lazy ``numpy.sort``).

    Memory: the sorted axis is rechunked into one block, so each task holds whole
    lines along *axis*; the other axes are cut finer to keep blocks about as big as
    before (:func:`rechunk_whole_axis`), but one line must fit in memory. Use
    :func:`topk` when you only need the largest or smallest few. ``descending=True``
    (the Array API's keyword) sorts from largest to smallest.

    >>> import lazyarr as la
    >>> la.sort(la.from_array([[3, 1, 2], [0, 5, 4]], chunks=1)).compute()
    array([[1, 2, 3],
           [0, 4, 5]])
    """
    if order is not None:
        raise NotImplementedError("sort: order= (structured arrays) is not supported lazily")
    x, axis = _whole_axis(a, axis, "sort")
    if descending:
        return _along_axis(x, _sort_descending, axis, x.dtype, kind=kind, stable=stable)
    return _along_axis(x, np.sort, axis, x.dtype, kind=kind, stable=stable)


def _sort_descending(block: np.ndarray, axis: int, kind: Any = None, stable: Any = None) -> np.ndarray:
    return np.flip(np.sort(block, axis=axis, kind=kind, stable=stable), axis=axis)


def _argsort_descending(block: np.ndarray, axis: int, kind: Any = None, stable: Any = None) -> np.ndarray:
    # Stable descending order: sort the reversed line, then map positions back and reverse,
    # so equal elements keep their original order.
    n = block.shape[axis]
    idx = np.argsort(np.flip(block, axis=axis), axis=axis, kind=kind, stable=stable)
    return np.flip(n - 1 - idx, axis=axis)


@implements(np.argsort)
def argsort(a: Any, axis: int | None = -1, kind: str | None = None, order: Any = None, *,
            stable: bool | None = None, descending: bool = False) -> Array:
    """Indices that sort along *axis* (lazy ``numpy.argsort``); same memory note as :func:`sort`.

    >>> import lazyarr as la
    >>> la.argsort(la.from_array([3, 1, 2], chunks=1)).compute()
    array([1, 2, 0])
    """
    if order is not None:
        raise NotImplementedError("argsort: order= (structured arrays) is not supported lazily")
    x, axis = _whole_axis(a, axis, "argsort")
    if descending:
        return _along_axis(x, _argsort_descending, axis, np.intp, kind=kind, stable=stable)
    return _along_axis(x, np.argsort, axis, np.intp, kind=kind, stable=stable)


@implements(np.partition)
def partition(a: Any, kth: Any, axis: int | None = -1, kind: str = "introselect", order: Any = None) -> Array:
    """Partially sort so the *kth* element is in place (lazy ``numpy.partition``); same memory
    note as :func:`sort`.

    >>> import lazyarr as la
    >>> int(la.partition(la.from_array([5, 1, 4, 2, 3], chunks=2), 2)[2].compute())
    3
    """
    x, axis = _whole_axis(a, axis, "partition")
    _check_kth("partition", kth, x, axis)
    return _along_axis(x, np.partition, axis, x.dtype, kth=kth, kind=kind)


@implements(np.argpartition)
def argpartition(a: Any, kth: Any, axis: int | None = -1, kind: str = "introselect", order: Any = None) -> Array:
    """Indices that partition along *axis* (lazy ``numpy.argpartition``); same memory note as :func:`sort`.

    >>> import lazyarr as la
    >>> int(la.argpartition(la.from_array([5, 1, 4, 2, 3], chunks=2), 0)[0].compute())
    1
    """
    x, axis = _whole_axis(a, axis, "argpartition")
    _check_kth("argpartition", kth, x, axis)
    return _along_axis(x, np.argpartition, axis, np.intp, kth=kth, kind=kind)


# --------------------------------------------------------------------------------------
# topk: a tree of "best k so far"
# --------------------------------------------------------------------------------------
# Masked elements are the least wanted: never among the best |k| while enough unmasked ones
# remain (NumPy's partition would ignore the mask). They are ordered by (masked?, value), so
# that no fill value can tie with a real value.
def _masked_order(block: np.ma.MaskedArray, axis: int, k: int) -> np.ndarray:
    """Indices sorting *block* ascending along *axis*, its masked elements at the unwanted end
    (the start for ``k > 0``, which takes the last ``k``; the end for ``k < 0``)."""
    masked = np.ma.getmaskarray(block)
    first_key = ~masked if k > 0 else masked  # sorted on last: masked first for k > 0, last for k < 0
    return np.lexsort((np.ma.getdata(block), first_key), axis=axis)


def _take(block: np.ndarray, keep: np.ndarray, axis: int) -> np.ndarray:
    """``np.take_along_axis`` that keeps a masked block's mask."""
    if isinstance(block, np.ma.MaskedArray):
        return np.ma.MaskedArray(np.take_along_axis(np.ma.getdata(block), keep, axis=axis),
                                 mask=np.take_along_axis(np.ma.getmaskarray(block), keep, axis=axis))
    return np.take_along_axis(block, keep, axis=axis)


def _join(parts: list, axis: int) -> np.ndarray:
    """Concatenate partial results (``np.concatenate`` would drop masks)."""
    masked = any(isinstance(p, np.ma.MaskedArray) for p in parts)
    return (np.ma.concatenate if masked else np.concatenate)(parts, axis=axis)


def _best(block: np.ndarray, k: int, axis: int) -> np.ndarray:
    n = block.shape[axis]
    if n <= abs(k):
        return block
    window = np.arange(n - k, n) if k > 0 else np.arange(-k)
    if isinstance(block, np.ma.MaskedArray):
        return _take(block, np.take(_masked_order(block, axis, k), window, axis=axis), axis)
    return np.take(np.partition(block, n - k if k > 0 else -k - 1, axis=axis), window, axis=axis)


def _topk_chunk(block: np.ndarray, axis: tuple, k: int) -> np.ndarray:
    return _best(block, k, axis[0])


def _topk_combine(parts: list, axis: tuple, k: int = 0) -> np.ndarray:
    return _best(_join(parts, axis[0]), k, axis[0])


def _output_order(values: np.ndarray, axis: int, k: int) -> np.ndarray:
    """Indices putting the best |k| *values* in topk's output order: largest first for k > 0."""
    if isinstance(values, np.ma.MaskedArray):
        order = _masked_order(values, axis, k)
    else:
        order = np.argsort(values, axis=axis, kind="stable")
    return np.flip(order, axis) if k > 0 else order


def _topk_aggregate(part: np.ndarray, axis: tuple, keepdims: bool, k: int) -> np.ndarray:
    best = _best(part, k, axis[0])
    return _take(best, _output_order(best, axis[0], k), axis[0])


class _TopkCombine:
    def __init__(self, k: int):
        self.k = k
        self.__name__ = "topk"

    def __call__(self, parts: list, axis: tuple) -> np.ndarray:
        return _topk_combine(parts, axis, self.k)


def topk(a: Any, k: int, axis: int = -1, split_every: Any = None) -> Array:
    """The *k* largest elements along *axis*, largest first; ``k < 0`` gives the ``-k``
    smallest, smallest first.

    A tree reduction: each block keeps its best ``|k|`` and neighbours are merged, so
    memory stays at about ``split_every`` partial results of ``|k|`` elements per line.
    Masked elements (of a masked array) are taken only when fewer than ``|k|`` are unmasked.

    >>> import lazyarr as la
    >>> la.topk(la.from_array([5, 1, 9, 2, 7, 3], chunks=2), 2).compute()
    array([9, 7])
    >>> la.topk(la.from_array([5, 1, 9, 2, 7, 3], chunks=2), -3).compute()
    array([1, 2, 3])
    """
    x, k, axis, kk = _topk_arguments("topk", a, k, axis)
    out = reduction(x, _topk_chunk, _TopkCombine(k), _topk_aggregate, axis=(axis,), keepdims=True, dtype=x.dtype,
                    name="topk", split_every=split_every, chunk_kwargs={"k": k}, aggregate_kwargs={"k": k})
    # The reduction keeps the reduced axis with length 1; here it really has length k.
    chunks = tuple((kk,) if d == axis else c for d, c in enumerate(out.chunks))
    return Array(out.graph, out.name, chunks, out.dtype, out.block_type)


def _topk_arguments(fname: str, a: Any, k: Any, axis: Any) -> tuple[Array, int, int, int]:
    """topk's and argtopk's checked arguments, and how many elements per line the result keeps."""
    x = _lazy(a)
    k = int(k)
    if k == 0:
        raise ValueError(f"{fname}: k must be a non-zero integer; use k > 0 for the largest, k < 0 for the smallest")
    axis = normalize_axis_index(axis, x.ndim)
    n = x.shape[axis]
    # An axis of unknown length gives min(|k|, length) elements: unknown too
    return x, k, axis, (min(abs(k), int(n)) if n == n else math.nan)


def _arg_best(values: np.ndarray, index: np.ndarray, k: int, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """The best |k| (values, global indices) along *axis*, in no particular order."""
    n = values.shape[axis]
    if n <= abs(k):
        return values, index
    if isinstance(values, np.ma.MaskedArray):
        order = _masked_order(values, axis, k)
    else:
        order = np.argpartition(values, n - k if k > 0 else -k - 1, axis=axis)
    keep = np.take(order, np.arange(n - k, n) if k > 0 else np.arange(-k), axis=axis)
    return _take(values, keep, axis), np.take_along_axis(index, keep, axis=axis)


def _argtopk_chunk(block: np.ndarray, offset: tuple, axis: tuple, k: int) -> tuple[np.ndarray, np.ndarray]:
    ax = axis[0]
    positions = np.arange(block.shape[ax], dtype=np.intp) + offset[ax]  # global positions along the axis
    index = np.broadcast_to(positions.reshape([-1 if d == ax else 1 for d in range(block.ndim)]), block.shape)
    return _arg_best(block, index, k, ax)


def _argtopk_combine(parts: list, axis: tuple, k: int = 0) -> tuple[np.ndarray, np.ndarray]:
    values = _join([p[0] for p in parts], axis[0])
    index = np.concatenate([p[1] for p in parts], axis=axis[0])
    return _arg_best(values, index, k, axis[0])


def _argtopk_aggregate(part: tuple, axis: tuple, keepdims: bool, k: int) -> np.ndarray:
    values, index = _argtopk_combine([part], axis, k)
    return np.take_along_axis(index, _output_order(values, axis[0], k), axis=axis[0])


class _ArgtopkCombine(_TopkCombine):
    def __call__(self, parts: list, axis: tuple) -> tuple[np.ndarray, np.ndarray]:
        return _argtopk_combine(parts, axis, self.k)


def argtopk(a: Any, k: int, axis: int = -1, split_every: Any = None) -> Array:
    """Indices of the *k* largest elements along *axis*, largest first (``k < 0``: of the
    ``-k`` smallest, smallest first), as dask.array's ``argtopk``.

    The same tree as :func:`topk`, carrying (value, global index) pairs. NaN counts as
    the largest value, as in ``np.argsort``; among equal values the order is unspecified.
    ``np.take_along_axis(a, argtopk(a, k), axis)`` equals ``topk(a, k)``.

    >>> import lazyarr as la
    >>> x = la.from_array([5, 1, 9, 2, 7, 3], chunks=2)
    >>> la.argtopk(x, 2).compute()
    array([2, 4])
    >>> x.argtopk(-3).compute()
    array([1, 3, 5])
    """
    x, k, axis, kk = _topk_arguments("argtopk", a, k, axis)
    require_known_sizes(x, "argtopk", [axis])  # the indices count from each block's known start
    out = reduction(x, _argtopk_chunk, _ArgtopkCombine(k), _argtopk_aggregate, axis=(axis,), keepdims=True,
                    dtype=np.intp, name="argtopk", split_every=split_every, chunk_kwargs={"k": k},
                    aggregate_kwargs={"k": k}, per_block=BlockOffset(x.chunks))
    chunks = tuple((kk,) if d == axis else c for d, c in enumerate(out.chunks))
    return Array(out.graph, out.name, chunks, out.dtype)


# --------------------------------------------------------------------------------------
# searchsorted, digitize: one block of sorted values against every block of queries
# --------------------------------------------------------------------------------------
def _count_before(v: np.ndarray, sorted_block: np.ndarray, side: str) -> np.ndarray:
    # How many elements of this piece of the sorted array come before each value.
    return np.searchsorted(sorted_block, v, side=side)[..., None]


def _searchsorted_tree(s: Array, v: Array, side: str) -> Array:
    """Position in the whole sorted array = sum over its blocks of the position in each block,
    so no task needs more than one block of *s*."""
    from ..reductions.basic import sum as _sum

    chunks = v.chunks + ((1,) * s.numblocks[0],)
    name = "searchsorted-" + tokenize(s.name, v.name, side)
    # Output block (v blocks..., k) pairs v's block with block k of the sorted array.
    v_blocks, s_blocks = FromAxes(range(v.ndim), fuse=False), FromAxes((v.ndim,), fuse=False)
    partial = blockwise_array(_count_before, [BlockRef(v.name, v_blocks), BlockRef(s.name, s_blocks), side],
                              chunks, np.intp, name=name, inputs=[v, s], label="searchsorted")
    return _sum(partial, axis=-1, dtype=np.intp)


def _with_sorted(func: Any, sorted_1d: Array, v: Array, dtype: Any, **kwargs: Any) -> Array:
    sorted_1d = sorted_1d.rechunk(-1)
    letters = string.ascii_letters[: v.ndim]
    return blockwise(func, letters, sorted_1d, "Z", v, letters, dtype=dtype, concatenate=True, **kwargs)


@implements(np.searchsorted)
def searchsorted(a: Any, v: Any, side: str = "left", sorter: Any = None) -> Array:
    """Where to insert *v* into the sorted 1-d *a* to keep it sorted (lazy ``numpy.searchsorted``).

    Memory: each task sees one block of *a* and one block of *v*; the position in the
    whole of *a* is the sum of the positions within each of its blocks (a tree sum).

    >>> import lazyarr as la
    >>> la.searchsorted(la.from_array([1, 3, 5, 7], chunks=2), la.from_array([0, 3, 8])).compute()
    array([0, 1, 4])
    """
    s = _lazy(a)
    if s.ndim != 1:
        raise ValueError(f"searchsorted: a must be 1-d, got shape {s.shape}")
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right' (got {side!r})")
    if sorter is not None:
        from ..indexing.selection import take

        s = take(s, sorter)
    values = _lazy(v)
    if values.ndim == 0:
        return _searchsorted_tree(s, values[None], side)[0]
    return _searchsorted_tree(s, values, side)


def _digitize_block(bins: np.ndarray, x: np.ndarray, right: bool) -> np.ndarray:
    return np.digitize(x, bins, right=right)


@implements(np.digitize)
def digitize(x: Any, bins: Any, right: bool = False) -> Array:
    """Index of the bin each value falls in (lazy ``numpy.digitize``).

    >>> import lazyarr as la
    >>> la.digitize(la.from_array([0.2, 6.4, 3.0, 1.6], chunks=2), [0.0, 1.0, 2.5, 4.0, 10.0]).compute()
    array([1, 4, 3, 2])
    """
    if not is_array(bins):
        b = np.asarray(bins)
        if b.ndim != 1:
            raise ValueError(f"digitize: object too deep for desired array: bins must be 1-d, got {b.ndim}-d")
        d = np.diff(b)
        if not (np.all(d >= 0) or np.all(d <= 0)):
            raise ValueError("digitize: bins must be monotonically increasing or decreasing")
    values = _lazy(x)
    if values.dtype.kind == "c":
        raise TypeError("digitize: x may not be complex")
    if values.ndim == 0:
        return _with_sorted(_digitize_block, _lazy(bins), values[None], np.intp, right=right)[0]
    return _with_sorted(_digitize_block, _lazy(bins), values, np.intp, right=right)
