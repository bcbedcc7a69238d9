"""Inserting, deleting and regrouping along an axis: ``insert``, ``delete``, ``shuffle``.

All three are one gather: the positions the result takes from the input are worked out at
graph-build time from the axis length alone (a NumPy integer vector, as long as that axis),
then :func:`~lazyarr.take` reads them block by block. ``insert`` gathers from the input
joined with the new values, so the values are never written into a copy of the input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.data import as_lazy as _lazy
from ..registry import implements

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_index  # type: ignore

__all__ = ["delete", "insert", "shuffle"]


def _axis_length(fname: str, x: Array, axis: int) -> int:
    n = x.shape[axis]
    if not isinstance(n, (int, np.integer)):
        raise ValueError(f"{fname}: the length of axis {axis} is unknown (nan); call x.compute_chunk_sizes() first")
    return int(n)


def _flat_or_axis(x: Array, axis: Any) -> tuple[Array, int]:
    from .shape import ravel

    if axis is None:
        return ravel(x), 0
    return x, normalize_axis_index(axis, x.ndim)


@implements(np.delete)
def delete(arr: Any, obj: Any, axis: int | None = None) -> Array:
    """The array without the entries *obj* along *axis* (lazy ``numpy.delete``).

    *obj* is an int, a slice, a sequence of ints or a boolean mask, as in NumPy;
    ``axis=None`` flattens first.

    >>> import lazyarr as la
    >>> la.delete(la.arange(6, chunks=4), [0, 4]).compute()
    array([1, 2, 3, 5])
    """
    from ..indexing.selection import take

    x, axis = _flat_or_axis(_lazy(arr), axis)
    n = _axis_length("delete", x, axis)
    if is_array(obj):
        raise TypeError("delete: obj must be an int, slice, sequence or NumPy array, not a lazy array; "
                        "compute it first")
    try:  # NumPy works out which positions stay (and raises its own errors for bad obj)
        keep = np.delete(np.arange(n), obj)
    except IndexError as exc:
        raise IndexError(f"delete: {exc}") from None
    if len(keep) == n:
        return x
    return take(x, keep, axis=axis)


@implements(np.insert)
def insert(arr: Any, obj: Any, values: Any, axis: int | None = None) -> Array:
    """*values* inserted before the positions *obj* along *axis* (lazy ``numpy.insert``).

    *values* may be lazy; it is broadcast as NumPy broadcasts it (a scalar *obj* inserts
    ``values`` as a whole slab, a sequence inserts one slice per position).

    >>> import lazyarr as la
    >>> la.insert(la.arange(4, chunks=2), [1, 3], [10, 30]).compute()
    array([ 0, 10,  1,  2, 30,  3])
    >>> la.insert(la.zeros((2, 2), dtype=int), 1, 5, axis=1).compute()
    array([[0, 5, 0],
           [0, 5, 0]])
    """
    from .shape import broadcast_to, concatenate, moveaxis, reshape

    x, axis = _flat_or_axis(_lazy(arr), axis)
    n = _axis_length("insert", x, axis)
    if is_array(obj):
        raise TypeError("insert: obj must be an int, slice or sequence of ints, not a lazy array; compute it first")
    if isinstance(obj, slice):
        indices = np.arange(*obj.indices(n))
    else:
        indices = np.asarray(obj)
        if indices.dtype == bool or indices.dtype.kind not in "iu" and indices.size:
            raise IndexError(f"insert: obj must be integers or a slice, got dtype {indices.dtype}")
        indices = indices.astype(np.intp)
    if indices.ndim > 1:
        raise ValueError(f"insert: obj must be a scalar or 1-d, got {indices.ndim} dimensions")
    if indices.size and (indices.min() < -n or indices.max() > n):
        bad = indices[(indices < -n) | (indices > n)][0]
        raise IndexError(f"insert: index {bad} is out of bounds for axis {axis} with size {n}")
    indices = np.where(indices < 0, indices + n, indices)
    v = values if is_array(values) else np.asarray(values)
    v = _lazy(v).astype(x.dtype) if v.dtype != x.dtype else _lazy(v)
    if v.ndim < x.ndim:  # NumPy's ndmin: new axes in front
        v = reshape(v, (1,) * (x.ndim - v.ndim) + v.shape)
    if indices.ndim == 0:
        # a scalar position inserts values as a slab (NumPy moves values' first axis to *axis*)
        v = moveaxis(v, 0, axis)
        count = v.shape[axis]
        slots = np.full(count, int(indices))
        order = np.arange(count)
    else:
        count = len(indices)
        order = np.argsort(indices, kind="stable")
        slots = indices[order]
    if count == 0:  # nothing to insert (NumPy does not broadcast the values then)
        return x
    shape = tuple(count if i == axis else s for i, s in enumerate(x.shape))
    try:
        v = broadcast_to(v, shape)
    except ValueError:
        raise ValueError(f"insert: could not broadcast values of shape {v.shape} into shape {shape}") from None
    # position of every result entry in concatenate([x, v]): inserted slots read v's entries
    source = np.empty(n + count, dtype=np.intp)
    inserted = slots + np.arange(count)
    source[inserted] = n + order
    kept = np.ones(n + count, dtype=bool)
    kept[inserted] = False
    source[kept] = np.arange(n)
    from ..indexing.selection import take

    return take(concatenate([x, v], axis=axis), source, axis=axis)


def shuffle(x: Any, indexer: Any, axis: int, chunks: Any = "auto") -> Array:
    """Reorder *x* along *axis* by groups of positions (dask's ``shuffle``).

    *indexer* is a list of lists of positions; the result lists the groups one after the
    other, and each group lands in one block (block boundaries fall between groups).

    >>> import lazyarr as la
    >>> y = la.shuffle(la.arange(6, chunks=2), [[5, 1], [0, 2, 4], [3]], axis=0)
    >>> y.compute()
    array([5, 1, 0, 2, 4, 3])
    >>> y.chunks
    ((2, 3, 1),)
    """
    from ..indexing.selection import take

    y = _lazy(x)
    axis = normalize_axis_index(axis, y.ndim)
    n = _axis_length("shuffle", y, axis)
    groups = [np.asarray(g, dtype=np.intp).reshape(-1) for g in indexer]
    if not groups:
        raise ValueError("shuffle: indexer is empty; give a list of groups of positions")
    order = np.concatenate(groups)
    if order.size and (order.min() < -n or order.max() >= n):
        raise IndexError(f"shuffle: positions must be in [-{n}, {n}) for axis {axis} of size {n}")
    out = take(y, order, axis=axis)
    if chunks == "auto":
        # one block per group, merging small neighbouring groups up to the input's largest block
        target = max(max(y.chunks[axis], default=1), 1)
        sizes: list[int] = []
        for g in groups:
            if sizes and sizes[-1] + len(g) <= target:
                sizes[-1] += len(g)
            else:
                sizes.append(len(g))
        sizes = [s for s in sizes if s] or [0]
        return out.rechunk({axis: tuple(sizes)})
    return out.rechunk(chunks)
