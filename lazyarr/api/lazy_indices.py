"""Indexing with *lazy* index arrays: ``x[x > 0.5]`` and ``x[idx]`` with ``idx`` lazy.

Their values are unknown while the graph is built, so the plans cannot pick blocks:

* a lazy boolean mask is applied block by block (mask and array cut alike); each
  block keeps a data-dependent number of elements, so the result's blocks have
  unknown (``nan``) lengths until computed (:func:`_mask_lazy`);
* lazy integer indices pair every index block with every block of the indexed axes;
  each pair picks the points that fall in its block, and the partial results are
  merged with a tree, like a reduction (:func:`_take_lazy`).

Called from :func:`lazyarr.api.indexing.advanced_getitem`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..core.array import Array, is_array
from ..core.blockwise import BlockRef, PerBlock, blockwise_array
from ..core.chunks import chunk_boundaries
from ..core.reduction import fold, reduction
from ..core.tokenize import tokenize
from ..errors import unknown_size_error

__all__: list[str] = []


# --------------------------------------------------------------------------------------
# Lazy indices
# --------------------------------------------------------------------------------------
def _mask_block(block: np.ndarray, mask: np.ndarray, pos: int) -> np.ndarray:
    if mask.shape != block.shape[pos:pos + mask.ndim]:
        raise IndexError(
            f"boolean index did not match indexed array; block shape {block.shape}, mask block "
            f"shape {mask.shape}"
        )
    return block[(slice(None),) * pos + (mask,)]


class _Unravel:
    """Index map of a lazy mask: one output block per block of the masked axes."""

    covering = True
    single = True

    def __init__(self, pos: int, grid: tuple[int, ...], ndim: int, only_mask: bool):
        self.pos, self.grid, self.ndim, self.only_mask = pos, grid, ndim, only_mask

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        inner = tuple(int(i) for i in np.unravel_index(idx[self.pos], self.grid)) if self.grid else ()
        if self.only_mask:
            return inner
        return idx[:self.pos] + inner + idx[self.pos + 1:]

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return not self.only_mask


def _mask_lazy(y: Array, mask: Array, pos: int) -> Array:
    """``y[..., mask, ...]`` for a lazy boolean mask over axes ``pos .. pos + mask.ndim - 1``."""
    k = mask.ndim
    if k == 0:  # x[m] for a 0-d mask is x[None][m[None]]: a new axis of length 0 or 1
        y = y[(slice(None),) * pos + (None,)]
        mask, k = mask[None], 1
    if any(n > 1 for n in y.numblocks[pos + 1:pos + k]):
        # The result lists the selected elements in C order, so blocks must cover whole
        # rows of the masked axes; keep the blocks about as big as they were.
        for a in range(pos, pos + k):
            if math.isnan(y.shape[a]):
                raise unknown_size_error("getitem (boolean mask)", a)
        row = math.prod(int(n) for n in y.shape[pos + 1:pos + k])
        per_block = math.prod(max(c) for c in y.chunks[pos:pos + k])
        target_chunks = {pos: max(1, per_block // max(row, 1))}
        target_chunks.update({a: -1 for a in range(pos + 1, pos + k)})
        y = y.rechunk(target_chunks)
    target = y.chunks[pos:pos + k]
    if mask.chunks != target:
        for a, (mc, yc) in enumerate(zip(mask.chunks, target)):
            if mc != yc and any(math.isnan(s) for s in mc + yc):
                raise unknown_size_error("getitem (boolean mask)", pos + a)
        mask = mask.rechunk(target)
    grid = y.numblocks[pos:pos + k]
    nblocks = math.prod(grid)
    out_chunks = y.chunks[:pos] + ((math.nan,) * nblocks,) + y.chunks[pos + k:]
    name = "getitem-mask-" + tokenize(y.name, mask.name, pos)
    return blockwise_array(_mask_block, [BlockRef(y.name, _Unravel(pos, grid, y.ndim, False)),
                                         BlockRef(mask.name, _Unravel(pos, grid, k, True)), pos],
                           out_chunks, y.dtype, name=name, inputs=[y, mask], label="getitem")


def _take_partial(block: np.ndarray, *args: Any) -> tuple:
    """Values of the points that fall in this block (others left as zeros) and which those are."""
    idxs, (offsets, sizes, axes) = args[:-3], args[-3:]
    k = len(idxs)
    moved = np.moveaxis(block, axes, tuple(range(k)))
    local, found = [], True
    for i, off, n, ax, size in zip(idxs, offsets, sizes, axes, moved.shape):
        i = np.asarray(i)
        bad = i[(i < -n) | (i >= n)]
        if bad.size:
            raise IndexError(f"index {int(bad.reshape(-1)[0])} is out of bounds for axis {ax} with size {n}")
        i = np.where(i < 0, i + n, i) - off
        inside = (i >= 0) & (i < size)
        local.append(i)
        found = found & inside
    found = np.broadcast_to(found, np.broadcast_shapes(*(i.shape for i in local)))
    rest = moved.shape[k:]
    if all(moved.shape[:k]):
        values = moved[tuple(np.where(found, i, 0) for i in local)]
    else:  # an empty block along an index axis holds none of the points
        values = np.zeros(found.shape + rest, dtype=block.dtype)
    return values[..., None], found.reshape(found.shape + (1,) * len(rest))[..., None]


def _merge_partials(a: tuple, b: tuple) -> tuple:
    return np.where(b[1], b[0], a[0]), a[1] | b[1]


def _first_of_pair(part: Any, axis: Any = None, **kwargs: Any) -> Any:
    return part


def _values_of(part: tuple, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    return part[0] if keepdims else part[0][..., 0]


class _TakeSources:
    """Partial block (index blocks..., rest blocks..., e) -> the block of *y* or of an index.

    ``e`` counts the blocks of *y* over the indexed axes (C order)."""

    covering = False
    single = True

    def __init__(self, nb: int, axes: list[int], rest: list[int], grid: tuple[int, ...], ndim: int,
                 for_index: bool):
        self.nb, self.axes, self.rest, self.grid, self.ndim = nb, axes, rest, grid, ndim
        self.for_index = for_index

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        if self.for_index:
            return idx[:self.nb]
        full = [0] * self.ndim
        for a, v in zip(self.axes, np.unravel_index(idx[-1], self.grid)):
            full[a] = int(v)
        for a, v in zip(self.rest, idx[self.nb:-1]):
            full[a] = v
        return tuple(full)

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return False


def _take_lazy(y: Array, axes: list[int], indices: list[Any]) -> Array:
    """``y[..., i, ..., j, ...]`` when some index arrays are lazy: the index shape first,
    then the other axes of *y*.

    The values are unknown while planning, so every block of the indices is paired with
    every block of *y* along the indexed axes; each pair picks the points that fall in
    its block, and the pairs are merged with a tree (like a reduction).
    """
    from ..core.data import from_array
    from .manipulation import broadcast_arrays

    for a in axes:
        if math.isnan(y.shape[a]):
            raise unknown_size_error("getitem", a)
    lazy = [i if is_array(i) else from_array(np.asarray(i, dtype=np.intp)) for i in indices]
    try:
        lazy = broadcast_arrays(*lazy) if len(lazy) > 1 else lazy
    except ValueError:
        shapes = " ".join(str(i.shape) for i in lazy)
        raise IndexError(f"shape mismatch: indexing arrays could not be broadcast together with "
                         f"shapes {shapes}") from None
    rest = [a for a in range(y.ndim) if a not in axes]
    grid = tuple(y.numblocks[a] for a in axes)
    bounds = [chunk_boundaries(y.chunks[a]) for a in axes]
    nb = lazy[0].ndim
    chunks = lazy[0].chunks + tuple(y.chunks[a] for a in rest) + ((1,) * math.prod(grid),)

    def offsets(idx: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(int(b[v]) for b, v in zip(bounds, np.unravel_index(idx[-1], grid)))

    name = "take-partial-" + tokenize(y.name, [i.name for i in lazy], axes)
    refs = [BlockRef(i.name, _TakeSources(nb, axes, rest, grid, y.ndim, True)) for i in lazy]
    partial = blockwise_array(
        _take_partial,
        [BlockRef(y.name, _TakeSources(nb, axes, rest, grid, y.ndim, False)), *refs, PerBlock(offsets),
         tuple(int(y.shape[a]) for a in axes), tuple(axes)],
        chunks, y.dtype, name=name, inputs=[y, *lazy], label="getitem")
    return reduction(partial, _first_of_pair, fold(_merge_partials), _values_of, axis=(partial.ndim - 1,),
                     keepdims=False, dtype=y.dtype, name="getitem-take")
