"""Point-wise indexing, ``x.vindex[rows, cols]``: one value per broadcast index point.

Where ``x[[0, 2], [1, 3]]`` follows NumPy's rules for where the index axes go, ``vindex``
always puts the broadcast index shape first, then the axes that were sliced (dask's rule),
and never forms an outer product.

The gather runs in two layers, so memory stays near one input block per thread however
scattered the points are:

1. *pick*: one task per input block that holds points: it reads the block and keeps only
   its points (as a short array, ordered by point number);
2. *place*: one task per output block: it takes the short arrays of the input blocks its
   points came from and puts every value in its place.

All the planning (which block each point falls in, the order of the points inside each
block) is NumPy work on the index arrays at graph-build time; the data is read only when
computed, each input block once.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...core import blocktype
from ...core.array import Array, is_array
from ...core.blockwise import BlockRef, PerBlock, blockwise_array
from ...core.chunks import chunk_boundaries
from ...core.index_maps import IndexFunction
from ...core.tokenize import tokenize
from ...errors import unknown_size_error

__all__: list[str] = []  # reached as x.vindex[...]; not in the namespace


class VIndex:
    """``x.vindex``: point-wise (vectorized) indexing with broadcasting.

    >>> import lazyarr as la
    >>> x = la.arange(12, chunks=5).reshape(3, 4)
    >>> x.vindex[[0, 2, 1], [3, 0, 0]].compute()
    array([3, 8, 4])
    >>> x.vindex[[[0], [2]], [1, 3]].compute()
    array([[ 1,  3],
           [ 9, 11]])
    """

    def __init__(self, x: Array):
        self._x = x

    def __getitem__(self, index: Any) -> Array:
        return vindex(self._x, index)

    def __repr__(self) -> str:
        return f"<vindex of {self._x!r}>"


def vindex(x: Array, index: Any) -> Array:
    """``x.vindex[index]``: integer arrays broadcast to one point shape; slices and ``...`` keep axes."""
    if not isinstance(index, tuple):
        index = (index,)
    if any(i is None for i in index):
        raise IndexError("vindex: None (np.newaxis) is not supported; add axes before or after with expand_dims")
    if any(is_array(i) for i in index):
        raise NotImplementedError("vindex: lazy index arrays are not supported; compute them first "
                                  "(np.asarray(idx)) or use x[idx]")
    ellipses = [k for k, i in enumerate(index) if i is Ellipsis]  # (`in` would compare arrays elementwise)
    if len(ellipses) > 1:
        raise IndexError("vindex: an index can only have a single ellipsis ('...')")
    if ellipses:
        k = ellipses[0]
        index = index[:k] + (slice(None),) * (x.ndim - len(index) + 1) + index[k + 1:]
    if len(index) > x.ndim:
        raise IndexError(f"vindex: too many indices for array: array is {x.ndim}-dimensional, but "
                         f"{len(index)} were indexed")
    index = index + (slice(None),) * (x.ndim - len(index))
    arrays = {a: np.asarray(i) for a, i in enumerate(index) if not isinstance(i, slice)}
    if not arrays:
        raise IndexError("vindex: needs at least one integer array (use x[...] for slices only)")
    for a, i in arrays.items():
        if i.dtype.kind not in "iu" and not (i.dtype.kind == "f" and i.size == 0):
            raise IndexError(f"vindex: index for axis {a} must be integers, got dtype {i.dtype}")
    try:
        bshape = np.broadcast_shapes(*(i.shape for i in arrays.values()))
    except ValueError:
        shapes = " ".join(str(i.shape) for i in arrays.values())
        raise IndexError(f"vindex: shape mismatch: indexing arrays could not be broadcast together with "
                         f"shapes {shapes}") from None
    # apply the slices first (basic indexing, cheap), keeping every axis
    y = x[tuple(i if isinstance(i, slice) else slice(None) for i in index)]
    axes = sorted(arrays)
    idx = []
    for a in axes:
        n = y.shape[a]
        if math.isnan(n):
            raise unknown_size_error("vindex", a)
        i = arrays[a].astype(np.intp)
        bad = i[(i < -n) | (i >= n)]
        if bad.size:
            raise IndexError(f"vindex: index {int(bad[0])} is out of bounds for axis {a} with size {int(n)}")
        idx.append(np.broadcast_to(np.where(i < 0, i + int(n), i), bshape).reshape(-1))
    out = pick_points(y, axes, idx)
    return out.reshape(bshape + out.shape[1:]) if len(bshape) != 1 else out


def _pick(block: np.ndarray, local: tuple[np.ndarray, ...], axes: tuple[int, ...]) -> np.ndarray:
    """One input block's points, in point order: shape (points,) + the block's other axes."""
    moved = np.moveaxis(block, axes, tuple(range(len(axes))))
    return moved[local]


def _place(pieces: list[np.ndarray], where: list[tuple[int, int, np.ndarray]], npts: int, rest_shape: tuple,
           dtype: np.dtype) -> np.ndarray:
    """Put each piece's slice ``[start:stop]`` at the output positions listed for it."""
    if pieces:
        rest_shape = pieces[0].shape[1:]
    kind = blocktype.result_block_type(blocktype.type_of_block(p) for p in pieces)  # masked pieces keep masks
    out = blocktype.allocate((npts,) + tuple(rest_shape), dtype, kind)
    for piece, (start, stop, positions) in zip(pieces, where):
        out[positions] = piece[start:stop]
    return out


def pick_points(y: Array, axes: list[int], idx: list[np.ndarray]) -> Array:
    """``y`` at the points ``(idx[0][k], idx[1][k], ...)`` along *axes*: shape ``(points,) + other axes``.

    *idx* are flat, non-negative and in bounds. Output blocks hold runs of points about as
    long as one input block along the indexed axes.
    """
    rest = [a for a in range(y.ndim) if a not in axes]
    npts = len(idx[0]) if idx else 0
    grid = tuple(y.numblocks[a] for a in axes)
    bounds = [np.asarray(chunk_boundaries(y.chunks[a]), dtype=np.int64) for a in axes]
    per_axis = [np.searchsorted(b, p, side="right") - 1 for b, p in zip(bounds, idx)]
    flat = np.ravel_multi_index(per_axis, grid) if npts else np.zeros(0, dtype=np.intp)
    order = np.argsort(flat, kind="stable")  # points grouped by block, in point order inside each group
    used, counts = np.unique(flat, return_counts=True)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.intp)
    used_blocks = [tuple(int(v) for v in t) for t in zip(*np.unravel_index(used, grid))] if used.size else []
    local_all = [(p - b[k])[order] for p, b, k in zip(idx, bounds, per_axis)]
    rest_grid = tuple(y.numblocks[a] for a in rest)

    def full_index(g: int, rest_idx: tuple[int, ...]) -> tuple[int, ...]:
        full = [0] * y.ndim
        for a, v in zip(axes, used_blocks[g]):
            full[a] = v
        for a, v in zip(rest, rest_idx):
            full[a] = v
        return tuple(full)

    token = tokenize(y.name, axes, idx)
    # layer 1, pick: grid (used block g, rest blocks...); each block holds a short array
    if used_blocks:
        pick_chunks = ((1,) * len(used_blocks),) + tuple((1,) * n for n in rest_grid)
        picked = blockwise_array(
            _pick,
            [BlockRef(y.name, IndexFunction(lambda idx: full_index(idx[0], idx[1:]), single=True)),
             PerBlock(lambda idx: tuple(c[offsets[idx[0]]:offsets[idx[0] + 1]] for c in local_all)), tuple(axes)],
            pick_chunks, y.dtype, name=f"vindex-pick-{token}", inputs=[y], label="vindex", covering=False)
    else:  # no points: the place layer below reads nothing
        picked = y
    # layer 2, place: runs of points
    run = max(1, math.prod(max(y.chunks[a], default=1) for a in axes))
    run_chunks = tuple(min(run, npts - s) for s in range(0, npts, run)) or (0,)
    run_starts = chunk_boundaries(run_chunks)
    sorted_points = order  # sorted_points[offsets[g]:offsets[g+1]] are block g's points, ascending
    plans = []
    for r in range(len(run_chunks)):
        lo, hi = int(run_starts[r]), int(run_starts[r + 1])
        sources, where = [], []
        for g in range(len(used_blocks)):
            pts = sorted_points[offsets[g]:offsets[g + 1]]
            start, stop = np.searchsorted(pts, [lo, hi])
            if stop > start:
                sources.append(g)
                where.append((int(start), int(stop), pts[start:stop] - lo))
        plans.append((sources, where))

    def rest_shape(idx: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(0 if math.isnan(y.chunks[a][i]) else int(y.chunks[a][i]) for a, i in zip(rest, idx[1:]))

    out_chunks = (run_chunks,) + tuple(y.chunks[a] for a in rest)
    return blockwise_array(
        _place,
        [BlockRef(picked.name, IndexFunction(lambda idx: [(g,) + idx[1:] for g in plans[idx[0]][0]])),
         PerBlock(lambda idx: plans[idx[0]][1]), PerBlock(lambda idx: int(run_chunks[idx[0]])),
         PerBlock(rest_shape), y.dtype],
        out_chunks, y.dtype, name=f"vindex-{token}", inputs=[picked], label="vindex", covering=False)
