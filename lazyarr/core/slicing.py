"""Basic indexing: integers, slices (any step), ``None`` and ``Ellipsis``; ``x.blocks``.

Each axis is planned separately (:func:`plan_slice_axis`): which input blocks the
index touches and the local index inside each. Only those blocks end up in the
graph, so ``x[5, :10]`` on a 100 x 100 block grid reads a single block.

Lists, integer and boolean arrays (advanced indexing) and assignment are built on this
in ``api/indexing/``.
"""

from __future__ import annotations

import math
import numbers
from functools import partial
from typing import Any

import numpy as np

from ..errors import unknown_size_error
from .array import Array, is_array
from .blockwise import BlockRef, PerBlock, blockwise_array
from .chunks import chunk_boundaries
from .index_maps import Lookup
from .tokenize import tokenize

__all__ = ["BlockView", "getitem", "is_advanced_index", "normalize_index", "plan_slice_axis"]


def normalize_index(index: Any, shape: tuple) -> tuple:
    """Expand ``Ellipsis`` and check the number of indices; ints are made non-negative."""
    if not isinstance(index, tuple):
        index = (index,)
    n_ellipsis = sum(1 for i in index if i is Ellipsis)
    if n_ellipsis > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    n_real = sum(1 for i in index if i is not None and i is not Ellipsis)
    if n_real > len(shape):
        raise IndexError(
            f"too many indices for array: array is {len(shape)}-dimensional, but {n_real} were indexed"
        )
    if n_ellipsis:
        pos = next(k for k, i in enumerate(index) if i is Ellipsis)
        index = index[:pos] + (slice(None),) * (len(shape) - n_real) + index[pos + 1:]
    else:
        index = index + (slice(None),) * (len(shape) - n_real)
    out = []
    axis = 0
    for i in index:
        if i is None:
            out.append(None)
            continue
        n = shape[axis]
        if isinstance(i, (numbers.Integral, np.integer)) and not isinstance(i, (bool, np.bool_)):
            i = int(i)
            if not math.isnan(n) and not -n <= i < n:
                raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")
            if i < 0:
                if math.isnan(n):
                    raise unknown_size_error("getitem", axis)
                i += int(n)
        elif isinstance(i, slice):
            pass
        elif is_array(i) and i.ndim == 0 and i.dtype.kind in "iu":
            raise NotImplementedError("getitem: a lazy 0-d integer index; compute it first: int(i)")
        else:
            try:
                i = operator_index(i)
            except TypeError:
                raise IndexError(
                    "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and "
                    f"integer or boolean arrays are valid indices, got {type(i).__name__}"
                ) from None
        out.append(i)
        axis += 1
    return tuple(out)


def operator_index(i: Any) -> int:
    import operator

    return operator.index(i)


def plan_slice_axis(chunks_1d: tuple, index: slice | int) -> tuple[list[tuple[int, Any]], tuple]:
    """Blocks touched by *index* on one axis.

    Returns ``(pieces, out_chunks)``: per output block, ``(input block, local index)``;
    for an integer index a single piece and empty ``out_chunks``.

    >>> plan_slice_axis((4, 4, 2), slice(2, 9, 3))
    ([(0, slice(2, 5, 3)), (1, slice(1, 4, 3)), (2, slice(0, 3, 3))], (1, 1, 1))
    >>> plan_slice_axis((4, 4, 2), 5)
    ([(1, 1)], ())
    """
    bounds = chunk_boundaries(chunks_1d)
    if isinstance(index, int):
        for b in range(len(chunks_1d)):
            if bounds[b] <= index < bounds[b + 1]:
                return [(b, index - int(bounds[b]))], ()
        raise IndexError(index)
    n = int(bounds[-1])
    start, stop, step = index.indices(n)
    count = len(range(start, stop, step))
    if count == 0:
        return [(0, slice(0, 0))], (0,)
    pieces = []
    sizes = []
    # The index visits start, start + step, ...: an arithmetic progression. For each
    # block (in visiting order) find the first and last k with start + k*step inside it.
    order = range(len(chunks_1d)) if step > 0 else reversed(range(len(chunks_1d)))
    for b in order:
        lo, hi = int(bounds[b]), int(bounds[b + 1])
        if step > 0:
            k0 = max(0, -((start - lo) // step))
            k1 = min(count - 1, -((start - hi) // step) - 1)
        else:
            k0 = max(0, (start - hi) // -step + 1)
            k1 = min(count - 1, (start - lo) // -step)
        if k1 < k0:
            continue
        first = start + k0 * step - lo
        stop = start + k1 * step - lo + step
        pieces.append((b, slice(first, stop if stop >= 0 else None, step)))
        sizes.append(k1 - k0 + 1)
    return pieces, tuple(sizes)


def _take(block: np.ndarray, index: tuple) -> np.ndarray:
    return block[index]


def getitem(x: Array, index: Any) -> Array:
    """``x[index]`` for basic indices: integers, slices, ``None`` and ``...``.

    Advanced indices (lists, integer or boolean arrays) are the api layer's job
    (``api/indexing/getitem.py``, installed as ``Array.__getitem__``).

    >>> import lazyarr as la
    >>> x = la.arange(12, chunks=5).reshape((3, 4))
    >>> getitem(x, (slice(None), 1)).compute()
    array([1, 5, 9])
    """
    if is_advanced_index(index):
        raise IndexError(f"getitem: {index!r} is an advanced index; basic indexing (core/slicing.py) takes "
                         f"integers, slices, None and ... only. Index through x[...] after import lazyarr")
    index = normalize_index(index, x.shape)
    plans = []  # per input axis: (pieces, out_chunks or None for int)
    axis = 0
    for i in index:
        if i is None:
            continue
        n = x.shape[axis]
        if isinstance(i, slice) and i == slice(None):
            plans.append(([(b, slice(None)) for b in range(x.numblocks[axis])], x.chunks[axis]))
        elif math.isnan(n):
            raise unknown_size_error("getitem", axis)
        else:
            pieces, out = plan_slice_axis(x.chunks[axis], i)
            plans.append((pieces, None if isinstance(i, int) else out))
        axis += 1
    if all(isinstance(i, slice) and i == slice(None) for i in index if i is not None) and None not in index:
        return x
    out_chunks: list[tuple] = []
    layout: list[Any] = []  # per output axis: input axis number, or None for a new axis
    axis = 0
    for i in index:
        if i is None:
            out_chunks.append((1,))
            layout.append(None)
            continue
        if plans[axis][1] is not None:
            out_chunks.append(plans[axis][1])
            layout.append(axis)
        axis += 1
    fixed = {a: p[0][0][0] for a, p in enumerate(plans) if p[1] is None}

    fixed_items = [(a, p) for a, p in enumerate(plans) if p[1] is None]
    name = "getitem-" + tokenize(x.name, index)
    # Partials of module-level functions, not closures: graphs must pickle.
    source = partial(_source_block, fixed, layout, plans)
    local = partial(_local_index, fixed_items, layout, plans, index)
    return blockwise_array(_take, [BlockRef(x.name, source), PerBlock(local)], tuple(out_chunks),
                           x.dtype, name=name, inputs=[x], label="getitem", covering=False)


def _source_block(fixed: dict, layout: list, plans: list, idx: tuple[int, ...]) -> tuple[int, ...]:
    """The input block that output block *idx* of a basic slice reads."""
    where = dict(fixed)
    for pos, a in zip(idx, layout):
        if a is not None:
            where[a] = plans[a][0][pos][0]
    return tuple(where[a] for a in range(len(plans)))


def _local_index(fixed_items: list, layout: list, plans: list, index: tuple, idx: tuple[int, ...]) -> tuple:
    """The index that cuts output block *idx* out of its input block."""
    per_axis = {a: p[0][0][1] for a, p in fixed_items}
    for pos, a in zip(idx, layout):
        if a is not None:
            per_axis[a] = plans[a][0][pos][1]
    result = []
    a = 0
    for i in index:
        if i is None:
            result.append(None)
        else:
            result.append(per_axis[a])
            a += 1
    return tuple(result)


def is_advanced_index(index: Any) -> bool:
    """Whether *index* holds a list, an array or a boolean (NumPy's advanced indexing).

    >>> is_advanced_index((slice(None), 2)), is_advanced_index(([0, 2],)), is_advanced_index(True)
    (False, True, True)
    """
    items = index if isinstance(index, tuple) else (index,)
    for i in items:
        if is_array(i) or isinstance(i, (list, np.ndarray)) or isinstance(i, (bool, np.bool_)):
            return True
    return False


class BlockView:
    """``x.blocks[...]``: select blocks by block index; the result is a lazy array.

    >>> import lazyarr as la
    >>> x = la.arange(10, chunks=3)
    >>> x.blocks[1].compute()
    array([3, 4, 5])
    >>> x.blocks[::-1].chunks
    ((1, 3, 3, 3),)
    """

    def __init__(self, array: Array):
        self.array = array

    @property
    def shape(self) -> tuple[int, ...]:
        return self.array.numblocks

    @property
    def size(self) -> int:
        return self.array.npartitions

    def __getitem__(self, index: Any) -> Array:
        x = self.array
        if not isinstance(index, tuple):
            index = (index,)
        grid = np.arange(x.npartitions).reshape(x.numblocks) if x.ndim else np.arange(1).reshape(())
        norm = []
        for k, i in enumerate(index):
            if isinstance(i, (numbers.Integral, np.integer)) and k < x.ndim:
                n = x.numblocks[k]
                if not -n <= i < n:
                    raise IndexError(f"blocks: block index {i} is out of bounds for axis {k} with {n} blocks")
                i = int(i) % n
                norm.append(slice(i, i + 1))
            else:
                norm.append(i)
        try:
            chosen = grid[tuple(norm)]
        except IndexError as exc:
            raise IndexError(f"blocks: {exc}") from None
        if chosen.ndim != x.ndim:
            raise IndexError("blocks: the index must keep every axis (use ints, slices or lists per axis)")
        per_axis = []
        for k in range(x.ndim):
            moved = np.moveaxis(chosen, k, 0).reshape(chosen.shape[k], -1)
            per_axis.append([int(np.unravel_index(v, x.numblocks)[k]) for v in moved[:, 0]]
                            if moved.shape[1] else [])
        new_chunks = tuple(tuple(x.chunks[k][b] for b in per_axis[k]) for k in range(x.ndim))

        name = "blocks-" + tokenize(x.name, [tuple(p) for p in per_axis])
        return blockwise_array(_identity, [BlockRef(x.name, Lookup(per_axis))], new_chunks, x.dtype,
                               name=name, inputs=[x], label="blocks", covering=False)


def _identity(block: Any) -> Any:
    return block
