"""Indexing with *lazy* index arrays: ``x[x > 0.5]`` and ``x[idx]`` with ``idx`` lazy.

Their values are unknown while the graph is built, so the plans cannot pick blocks:

* a lazy boolean mask is applied block by block (mask and array cut alike); each
  block keeps a data-dependent number of elements, so the result's blocks have
  unknown (``nan``) lengths until computed (:func:`_mask_lazy`);
* lazy integer indices pair every index block with every block of the indexed axes;
  each pair picks the points that fall in its block, and the partial results are
  merged with a tree, like a reduction (:func:`_take_lazy`).

Called from :func:`lazyarr.api.indexing.getitem.advanced_getitem`.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any

import numpy as np

from ...core import blocktype
from ...core.array import Array, is_array
from ...core.blockwise import Aligned, BlockRef, PerBlock, blockwise_array
from ...core.chunks import chunk_boundaries
from ...core.data import from_array
from ...core.index_maps import FromAxes, IndexMap
from ...core.reduction import fold, reduction
from ...core.tokenize import tokenize
from ...errors import unknown_size_error

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


class _Unravel(IndexMap):
    """Index map of a lazy mask: one output block per block of the masked axes.

    Output axis *pos* numbers the blocks of the masked axes (grid *grid*) in C order.

    >>> _Unravel(1, (2, 3), 3, False)((7, 4, 9))
    (7, 1, 1, 9)
    """

    __slots__ = ("pos", "grid", "ndim", "only_mask")
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
        # The mask's blocks are read once per block of the other axes of the array.
        return not self.only_mask or all(n == 1 for a, n in enumerate(out_numblocks) if a != self.pos)


def _mask_lazy(y: Array, mask: Array, pos: int) -> Array:
    """``y[..., mask, ...]`` for a lazy boolean mask over axes ``pos .. pos + mask.ndim - 1``.

    Every block is masked on its own (:func:`_select_by_blocks`); when the masked axes are
    cut into blocks beyond the first one, the pieces are then put in C order, band by band
    of the first masked axis (:func:`_in_c_order`).
    """
    k = mask.ndim
    if k == 0:  # x[m] for a 0-d mask is x[None][m[None]]: a new axis of length 0 or 1
        y = y[(slice(None),) * pos + (None,)]
        mask, k = mask[None], 1
    target = y.chunks[pos:pos + k]
    if mask.chunks != target:
        for a, (mc, yc) in enumerate(zip(mask.chunks, target)):
            if mc != yc and any(math.isnan(s) for s in mc + yc):
                raise unknown_size_error("getitem (boolean mask)", pos + a)
        mask = mask.rechunk(target)
    pieces = _select_by_blocks(y, mask, pos)
    if all(n == 1 for n in y.numblocks[pos + 1:pos + k]):
        return pieces  # the blocks' order is already C order
    return _in_c_order(pieces, y, mask, pos)


def _select_by_blocks(y: Array, mask: Array, pos: int) -> Array:
    """The selected elements of every block, one block each, in the order of the blocks."""
    k = mask.ndim
    grid = y.numblocks[pos:pos + k]
    nblocks = math.prod(grid)
    out_chunks = y.chunks[:pos] + ((math.nan,) * nblocks,) + y.chunks[pos + k:]
    y_map = _Unravel(pos, grid, y.ndim, False)
    # When the mask covers all axes, both maps are the same: equal maps let the optimizer
    # compute a block shared by the data and the mask (``x[x < 10]``) once per task.
    mask_map = y_map if y.ndim == k else _Unravel(pos, grid, k, True)
    name = "getitem-mask-" + tokenize(y.name, mask.name, pos)
    out = blockwise_array(_mask_block, [BlockRef(y.name, y_map), BlockRef(mask.name, mask_map), pos],
                          out_chunks, y.dtype, name=name, inputs=[y, mask], label="getitem")
    return out


# --------------------------------------------------------------------------------------
# Boolean masks: C order across blocks
# --------------------------------------------------------------------------------------
def _line_counts(mask: np.ndarray) -> np.ndarray:
    """Selected elements per line (the last axis) of a mask block, keeping a length-1 last axis."""
    return np.count_nonzero(mask, axis=-1)[..., None]


class _Band(IndexMap):
    """Index map: output band ``b`` (plus the other axes) -> all blocks of that band, in C order.

    For the pieces (``pieces=True``) the blocks are the flat block numbers of
    :func:`_select_by_blocks`; for the line counts they are block indices of the mask.

    >>> _Band(0, (2, 3), False)((1,)), _Band(0, (2, 3), True)((1,))
    ([(1, 0), (1, 1), (1, 2)], [(3,), (4,), (5,)])
    """

    __slots__ = ("pos", "grid", "pieces")
    covering = True

    def __init__(self, pos: int, grid: tuple[int, ...], pieces: bool):
        self.pos, self.grid, self.pieces = pos, grid, pieces

    def __call__(self, idx: tuple[int, ...]) -> list:
        band = idx[self.pos]
        inner = itertools.product(*(range(n) for n in self.grid[1:]))
        if not self.pieces:
            return [(band, *j) for j in inner]
        flat = [int(np.ravel_multi_index((band, *j), self.grid)) for j in inner]
        return [idx[:self.pos] + (f,) + idx[self.pos + 1:] for f in flat]


def _merge_band(pieces: list, counts: list, pos: int, grid: tuple[int, ...]) -> np.ndarray:
    """Put the selected elements of one band's blocks in C order.

    ``counts[j]`` holds, for block ``j``, the number of selected elements in each line
    (a line runs along the last masked axis). Laid side by side, the counts of all blocks
    tell where every line segment of every block goes in the result.
    """
    inner = grid[1:]
    all_counts = np.block(_regroup(counts, inner))
    starts = np.cumsum(all_counts.reshape(-1)) - all_counts.reshape(-1)
    starts = starts.reshape(all_counts.shape)
    total = int(all_counts.sum())
    first = pieces[0]
    out = blocktype.allocate(first.shape[:pos] + (total,) + first.shape[pos + 1:], first.dtype,
                             blocktype.type_of_block(first))  # masked blocks keep their masks
    lead = (slice(None),) * pos
    # Where block j's lines sit in the band's grid of lines (all axes but the last masked one).
    offsets = [np.concatenate([[0], np.cumsum([counts[_flat(i, a, inner)].shape[a + 1] for i in range(n)])])
               for a, n in enumerate(inner[:-1])]
    for j, (piece, cnt) in enumerate(zip(pieces, counts)):
        jj = np.unravel_index(j, inner)
        where = (slice(None),) + tuple(slice(int(o[i]), int(o[i + 1])) for o, i in zip(offsets, jj[:-1]))
        seg_starts = starts[where + (int(jj[-1]),)].reshape(-1)
        cnt = cnt.reshape(-1)
        n = piece.shape[pos]
        if len(cnt) * 256 <= n or len(cnt) <= 16:  # long segments: copy them one by one
            src = 0
            for s, c in zip(seg_starts.tolist(), cnt.tolist()):
                if c:
                    out[lead + (slice(s, s + c),)] = piece[lead + (slice(src, src + c),)]
                    src += c
        else:  # many short segments: one scatter with computed positions
            shift = np.repeat(seg_starts - (np.cumsum(cnt) - cnt), cnt)
            out[lead + (shift + np.arange(n),)] = piece
    return out


def _flat(i: int, axis: int, grid: tuple[int, ...]) -> int:
    """Flat number of the block with index *i* along *axis* and 0 along the others."""
    index = [0] * len(grid)
    index[axis] = i
    return int(np.ravel_multi_index(index, grid))


def _regroup(flat: list, grid: tuple[int, ...]) -> list:
    """A flat list in C order as nested lists shaped like *grid* (for ``np.block``)."""
    if len(grid) == 1:
        return list(flat)
    step = len(flat) // grid[0]
    return [_regroup(flat[i * step:(i + 1) * step], grid[1:]) for i in range(grid[0])]


def _in_c_order(pieces: Array, y: Array, mask: Array, pos: int) -> Array:
    """The masked selection in C order: one block per band of the first masked axis."""
    k = mask.ndim
    grid = y.numblocks[pos:pos + k]
    counts_chunks = mask.chunks[:-1] + ((1,) * grid[-1],)
    counts = blockwise_array(_line_counts, [BlockRef(mask.name, Aligned(mask.numblocks, k))], counts_chunks,
                             np.intp, name="getitem-mask-counts-" + tokenize(mask.name), inputs=[mask],
                             label="getitem")
    out_chunks = y.chunks[:pos] + ((math.nan,) * grid[0],) + y.chunks[pos + k:]
    name = "getitem-mask-order-" + tokenize(pieces.name, counts.name)
    out = blockwise_array(_merge_band, [BlockRef(pieces.name, _Band(pos, grid, True)),
                                        BlockRef(counts.name, _Band(pos, grid, False)), pos, grid],
                          out_chunks, y.dtype, name=name, inputs=[pieces, counts], label="getitem")
    # Consumers that do not care about order (histograms) may read the pieces directly.
    out.graph.layers[name].info["unordered"] = (pieces.name, pieces.chunks)
    return out


def unordered(x: Array) -> Array:
    """*x*, or the same elements in another order when that is cheaper (a masked selection's pieces).

    For consumers whose result does not depend on the order of the elements, such as
    histograms and bincounts.
    """
    layer = x.graph.layers.get(x.name)
    info = getattr(layer, "info", None) or {}
    if "unordered" not in info:
        return x
    name, chunks = info["unordered"]
    pieces = Array(x.graph, name, chunks, x.dtype, x.block_type)
    return Array(x.graph.cull(pieces.keys()), name, chunks, x.dtype, x.block_type)


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
    masked = isinstance(a[0], np.ma.MaskedArray) or isinstance(b[0], np.ma.MaskedArray)
    select = np.ma.where if masked else np.where  # np.where would drop the masks of la.ma values
    return select(b[1], b[0], a[0]), a[1] | b[1]


def _first_of_pair(part: Any, axis: Any = None, **kwargs: Any) -> Any:
    return part


def _values_of(part: tuple, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    return part[0] if keepdims else part[0][..., 0]


class _TakeSource(IndexMap):
    """Partial block (index blocks..., rest blocks..., e) -> the block of *y* it reads.

    ``e`` counts the blocks of *y* over the indexed *axes* (grid *grid*, C order); the
    *rest* axes of *y* follow the output's axes after the *nb* index axes.

    >>> _TakeSource(1, [1], [0], (3,), 2)((5, 2, 1))
    (2, 1)
    """

    __slots__ = ("nb", "axes", "rest", "grid", "ndim")
    single = True

    def __init__(self, nb: int, axes: list[int], rest: list[int], grid: tuple[int, ...], ndim: int):
        self.nb, self.axes, self.rest, self.grid, self.ndim = nb, axes, rest, grid, ndim

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        full = [0] * self.ndim
        for a, v in zip(self.axes, np.unravel_index(idx[-1], self.grid)):
            full[a] = int(v)
        for a, v in zip(self.rest, idx[self.nb:-1]):
            full[a] = v
        return tuple(full)


def _take_offsets(bounds: list, grid: tuple, idx: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(b[v]) for b, v in zip(bounds, np.unravel_index(idx[-1], grid)))


def _take_lazy(y: Array, axes: list[int], indices: list[Any]) -> Array:
    """``y[..., i, ..., j, ...]`` when some index arrays are lazy: the index shape first,
    then the other axes of *y*.

    The values are unknown while planning, so every block of the indices is paired with
    every block of *y* along the indexed axes; each pair picks the points that fall in
    its block, and the pairs are merged with a tree (like a reduction).
    """
    from ..manipulation.shape import broadcast_arrays

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

    offsets = functools.partial(_take_offsets, bounds, grid)  # a partial pickles; a closure would not
    name = "take-partial-" + tokenize(y.name, [i.name for i in lazy], axes)
    # Each index block is read once per block of y along the indexed axes: never fused.
    refs = [BlockRef(i.name, FromAxes(range(nb), fuse=False)) for i in lazy]
    partial = blockwise_array(
        _take_partial,
        [BlockRef(y.name, _TakeSource(nb, axes, rest, grid, y.ndim)), *refs, PerBlock(offsets),
         tuple(int(y.shape[a]) for a in axes), tuple(axes)],
        chunks, y.dtype, name=name, inputs=[y, *lazy], label="getitem")
    return reduction(partial, _first_of_pair, fold(_merge_partials), _values_of, axis=(partial.ndim - 1,),
                     keepdims=False, dtype=y.dtype, name="getitem-take")
