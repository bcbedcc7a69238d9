"""Assignment ``x[index] = value``: a new array with some elements replaced.

Arrays are immutable underneath: :func:`setitem` returns a *new* lazy array (whose
graph reads the old blocks) and ``Array.__setitem__`` rebinds the Python object to it.
Blocks the index does not touch are passed through unchanged.

Three plans, by kind of index:

* **basic** (ints, slices, None, Ellipsis): per axis, the blocks the index touches and
  the local slice inside each; a lazy value is rechunked so that its blocks line up
  with those pieces, so each touched block gets exactly one value block;
* **boolean mask** over the leading axes with a value that broadcasts to one element
  (``x[x < 0] = 0``): an elementwise ``where``, which also works for lazy masks;
* **boolean mask with one value per selected element**, lazy mask or lazy values
  (``x[mask] = values``): the running count of Trues (a cumsum over the flattened mask)
  gives each selected element its position in ``values``; each block then gathers the
  values it needs from the value blocks, whose lengths may be unknown;
* **integer arrays** (and NumPy masks with a value per selected element): the target
  coordinates are computed at graph-build time and each touched block gets its own
  list of (coordinates, values).
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import Aligned, BlockRef, PerBlock, blockwise_array, elemwise
from ...core.chunks import chunk_boundaries
from ...core.data import from_array
from ...core.index_maps import AllBlocks, FirstBlock, FromAxes, IndexFunction
from ...core.slicing import is_advanced_index, normalize_index, plan_slice_axis
from ...core.tokenize import tokenize
from ...errors import unknown_size_error
from .getitem import _as_index_item

__all__: list[str] = []  # behind x[...] and x[...] = v; not in the namespace


def setitem(x: Array, index: Any, value: Any) -> Array:
    """Return a copy of *x* with ``x[index]`` replaced by *value* (cast to ``x.dtype``).

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=4)
    >>> x[1:3] = -1
    >>> x.compute()
    array([ 0, -1, -1,  3,  4,  5])
    >>> x[x < 0] = 9
    >>> x.compute()
    array([0, 9, 9, 3, 4, 5])
    >>> x[[0, 5]] = [7, 8]
    >>> x.compute()
    array([7, 9, 9, 3, 4, 8])

    A lazy mask with one value per selected element (the k-th True position, in C
    order, gets the k-th value), also when the number of values is unknown:

    >>> y = la.arange(6, chunks=4)
    >>> y[y % 2 == 1] = y[y > 2] * 10
    >>> y.compute()
    array([ 0, 30,  2, 40,  4, 50])

    Differences from NumPy: when the number of Trues or of values is unknown at
    graph-build time (a lazy mask, or values of unknown (nan) size), a count mismatch
    raises NumPy's ValueError at compute time instead of at the assignment.
    """
    for axis, n in enumerate(x.shape):
        if math.isnan(n):
            raise unknown_size_error("setitem", axis)
    if not is_advanced_index(index):
        return _setitem_basic(x, index, value)
    items = [_as_index_item(i) for i in (index if isinstance(index, tuple) else (index,))]
    first = items[0]
    rest_ok = all(i is Ellipsis or (isinstance(i, slice) and i == slice(None)) for i in items[1:])
    if (is_array(first) or isinstance(first, np.ndarray)) and first.dtype.kind == "b" and rest_ok:
        out = _setitem_mask(x, first, value)
        if out is None:
            out = _setitem_same_mask(x, first, value)
        if out is None and (is_array(first) or is_array(value)):
            out = _setitem_mask_values(x, first, value)
        if out is not None:
            return out
    n_lead = 0
    while n_lead < len(items) and (is_array(items[n_lead]) or isinstance(items[n_lead], np.ndarray)) \
            and items[n_lead].dtype.kind in "iu":
        n_lead += 1
    if n_lead and (any(is_array(i) for i in items[:n_lead]) or is_array(value)) and rest_ok_from(items, n_lead):
        return _setitem_lazy_points(x, items[:n_lead], value)
    if any(is_array(i) for i in items) or is_array(value):
        raise NotImplementedError(
            "setitem: this combination is not supported lazily: lazy indices, and integer arrays with a lazy "
            "value, must be the leading entries of the index, followed by full slices only (x[i, j] = v, "
            "x[i, :] = v, x[mask] = v, x[mask, ...] = v). Compute the index first, or for a mask on a later "
            "axis use la.where"
        )
    return _setitem_points(x, tuple(items), value)


def rest_ok_from(items: list, start: int) -> bool:
    return all(i is Ellipsis or (isinstance(i, slice) and i == slice(None)) for i in items[start:])


# --------------------------------------------------------------------------------------
# basic indices
# --------------------------------------------------------------------------------------
def _assign_block(block: np.ndarray, values: Any, local: Any) -> np.ndarray:
    if local is None:
        return block
    if isinstance(values, list):  # a list of zero or one value block
        if not values:
            return block
        values = values[0]
    out = np.array(block, copy=True)  # 0-d blocks may arrive as NumPy scalars
    out[local] = values
    return out


def _setitem_basic(x: Array, index: Any, value: Any) -> Array:
    norm = normalize_index(index, x.shape)
    region = x[index].shape
    lazy_value = is_array(value)
    if not lazy_value:
        value = np.asarray(value)
        if value.dtype.kind in "OUS" and x.dtype.kind not in "OUS":
            value = value.astype(x.dtype)  # NumPy's error for e.g. x[0] = "a"
    try:
        np.broadcast_shapes(value.shape, region)
        if len(value.shape) > len(region) and any(s != 1 for s in value.shape[:len(value.shape) - len(region)]):
            raise ValueError
    except ValueError:
        raise ValueError(f"setitem: could not broadcast input array from shape {value.shape} into shape "
                         f"{region}") from None
    if 0 in region:
        return x
    # Per axis of x: {block: (piece number, local index)} and the value's chunks.
    plans: list[dict[int, tuple[int, Any]]] = []
    v_chunks: list[tuple] = []
    axis = 0
    for i in norm:
        if i is None:
            continue
        if isinstance(i, int):
            pieces, sizes = plan_slice_axis(x.chunks[axis], i)
            plans.append({pieces[0][0]: (0, slice(pieces[0][1], pieces[0][1] + 1))})
            v_chunks.append((1,))
        else:
            pieces, sizes = plan_slice_axis(x.chunks[axis], i)
            plans.append({b: (k, s) for k, (b, s) in enumerate(pieces)})
            v_chunks.append(sizes)
        axis += 1

    local = partial(_local_target, plans)  # partials, not closures: graphs must pickle
    name = "setitem-" + tokenize(x.name, norm, value if not lazy_value else value.name)
    same = Aligned(x.numblocks, x.ndim)
    if value.ndim == 0 and not lazy_value:
        return blockwise_array(_assign_block, [BlockRef(x.name, same), value.astype(x.dtype), PerBlock(local)],
                               x.chunks, x.dtype, name=name, inputs=[x], label="setitem")
    from ..manipulation.shape import broadcast_to

    v = value if lazy_value else _from_numpy(value)
    v = broadcast_to(v, region)
    # Drop the new (None) axes and add length-1 axes where x had an integer index, so
    # the value has one axis per axis of x.
    v = v[tuple(0 if i is None else slice(None) for i in norm if not isinstance(i, int))]
    v = v[tuple(None if isinstance(i, int) else slice(None) for i in norm if i is not None)]
    v = v.rechunk(tuple(v_chunks))

    value_blocks = IndexFunction(partial(_value_source, plans), covering=True)
    return blockwise_array(_assign_block, [BlockRef(x.name, same), BlockRef(v.name, value_blocks), PerBlock(local)],
                           x.chunks, x.dtype, name=name, inputs=[x, v], label="setitem")


def _local_target(plans: list, idx: tuple[int, ...]) -> Any:
    """The part of block *idx* a basic assignment writes (``None``: the block is untouched)."""
    where = [p.get(b) for p, b in zip(plans, idx)]
    if any(w is None for w in where):
        return None
    return tuple(w[1] for w in where)


def _value_source(plans: list, idx: tuple[int, ...]) -> list:
    """The value block written into block *idx* (none if the block is untouched)."""
    where = [p.get(b) for p, b in zip(plans, idx)]
    if any(w is None for w in where):
        return []
    return [tuple(w[0] for w in where)]


def _from_numpy(value: np.ndarray) -> Array:
    return from_array(value, chunks=-1)


def _same_mask(a: Any, b: Any) -> bool:
    if is_array(a) or is_array(b):
        return is_array(a) and is_array(b) and a.name == b.name
    return a is b or (a.shape == b.shape and bool(np.array_equal(a, b)))


def _setitem_same_mask(x: Array, mask: Any, value: Any) -> Array | None:
    """``x[mask] = other[mask]`` (the Array API's pattern, common in SciPy): the selected
    elements of *other* land exactly where they came from, so it is the elementwise
    ``where(mask, other, x)``, for lazy masks too. None when *value* is not such a selection."""
    origin = getattr(value, "_masked_from", None)
    if origin is None or origin[0] != value.name:  # not a selection, or rebound since
        return None
    _, source, source_mask = origin
    if source.shape != x.shape or not _same_mask(mask, source_mask):
        return None
    rest = x.shape[mask.ndim:]
    m = mask[(Ellipsis,) + (None,) * len(rest)] if rest else mask
    return elemwise(_where_cast, m, source.astype(x.dtype), x, dtype=x.dtype, label="setitem")


# --------------------------------------------------------------------------------------
# boolean masks with a broadcast value
# --------------------------------------------------------------------------------------
def _where_cast(mask: Any, value: Any, block: np.ndarray) -> np.ndarray:
    return np.where(mask, value, block).astype(block.dtype, copy=False)


def _setitem_mask(x: Array, mask: Any, value: Any) -> Array | None:
    k = mask.ndim
    if k > x.ndim:
        raise IndexError(f"too many indices for array: array is {x.ndim}-dimensional, but {k} were indexed")
    for a in range(k):
        if mask.shape[a] != x.shape[a]:
            raise IndexError(
                f"boolean index did not match indexed array along axis {a}; size of axis is "
                f"{x.shape[a]} but size of corresponding boolean axis is {mask.shape[a]}"
            )
    rest = x.shape[k:]
    vshape = value.shape if (is_array(value) or isinstance(value, np.ndarray)) else np.shape(value)
    if len(vshape) > len(rest):
        if len(vshape) == len(rest) + 1 and vshape[0] == 1:
            value = value[0]
        else:
            return None  # one value per selected element: the integer-array plan
    try:
        np.broadcast_shapes(np.shape(value) if not is_array(value) else value.shape, rest)
    except ValueError:
        return None
    if (is_array(value) or isinstance(value, np.ndarray)) and value.shape != rest and \
            np.broadcast_shapes(value.shape, rest) != rest:
        return None
    m = mask[(Ellipsis,) + (None,) * len(rest)] if rest else mask
    # Cast first (NumPy assigns with an unsafe cast): np.where would otherwise promote the
    # untouched elements too (int64 -> float64 loses precision above 2**53).
    value = value.astype(x.dtype) if is_array(value) else np.asarray(value).astype(x.dtype)
    return elemwise(_where_cast, m, value, x, dtype=x.dtype, label="setitem")


# --------------------------------------------------------------------------------------
# boolean masks with one value per selected element: x[mask] = values
# --------------------------------------------------------------------------------------
def _setitem_mask_values(x: Array, mask: Any, value: Any) -> Array:
    """``x[mask] = values``, the k-th True position (C order) getting ``values[k]``.

    The running count of Trues over the flattened mask (a lazy cumsum) gives every
    selected element its position in *values*; each block of x then reads its mask and
    rank blocks and gathers those positions from the value blocks. The number of values
    may be unknown (nan, e.g. ``values = y[other_mask]``), so every block depends on all
    value blocks and checks the count against the number of Trues when it runs.
    """
    from ..manipulation.shape import reshape
    from ..reductions.basic import sum as lazy_sum
    from ..reductions.cumulative import cumsum

    k = mask.ndim
    rest = x.shape[k:]
    v = value if is_array(value) else np.asarray(value)
    vshape = tuple(v.shape)
    while len(vshape) > len(rest) + 1 and vshape[0] == 1:  # NumPy drops leading length-1 axes
        v, vshape = v[0], vshape[1:]
    if len(vshape) != len(rest) + 1 or any(s not in (1, n) for s, n in zip(vshape[1:], rest)):
        region = (math.nan if is_array(mask) else int(np.count_nonzero(mask)),) + rest
        raise ValueError(f"setitem: shape mismatch: value array of shape {vshape} could not be broadcast to "
                         f"indexing result of shape {region}")
    if not is_array(mask):
        n_true = int(np.count_nonzero(mask))
        if not math.isnan(vshape[0]) and vshape[0] not in (1, n_true):
            raise ValueError(_count_mismatch(int(vshape[0]), n_true))
        mask = from_array(mask, chunks=x.chunks[:k])
    else:
        mask = mask.rechunk(x.chunks[:k])
    if not is_array(v):
        v = from_array(v, chunks=-1)
    # One block per value row-range along axis 0; along the other axes, the blocks of x
    # (an axis of length 1 broadcasts, so it stays one block).
    v = v.astype(x.dtype).rechunk((v.chunks[0],) + tuple(
        xc if s != 1 else (1,) for s, xc in zip(vshape[1:], x.chunks[k:])))
    ranks = reshape(cumsum(reshape(mask, (-1,)), dtype=np.int64), mask.shape).rechunk(mask.chunks) - 1
    count = lazy_sum(mask, dtype=np.int64)
    lead = FromAxes(range(k))
    aligned_rest = {1 + j: k + j for j, s in enumerate(vshape[1:]) if s != 1}
    name = "setitem-" + tokenize(x.name, mask.name, v.name)
    args = [BlockRef(x.name, Aligned(x.numblocks, x.ndim)), BlockRef(mask.name, lead), BlockRef(ranks.name, lead),
            BlockRef(count.name, FirstBlock(0)), BlockRef(v.name, AllBlocks(v.numblocks, fixed=aligned_rest))]
    return blockwise_array(_fill_from_values, args, x.chunks, x.dtype, name=name,
                           inputs=[x, mask, ranks, count, v], label="setitem")


def _count_mismatch(n_values: int, n_true: int) -> str:
    return (f"NumPy boolean array indexing assignment cannot assign {n_values} input values to the "
            f"{n_true} output values where the mask is true")


def _fill_from_values(block: np.ndarray, mask: np.ndarray, ranks: np.ndarray, count: Any,
                      value_blocks: list) -> np.ndarray:
    """Block *block* with its selected elements replaced by ``values[ranks]``."""
    lengths = [b.shape[0] for b in value_blocks]
    n_values, n_true = sum(lengths), int(count)
    if n_values not in (1, n_true):
        raise ValueError(_count_mismatch(n_values, n_true))
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return block
    wanted = np.asarray(ranks)[mask] if n_values > 1 else np.zeros(int(mask.sum()), dtype=np.int64)
    # Only the value blocks that hold the wanted positions are joined.
    starts = np.concatenate([[0], np.cumsum(lengths)])
    lo, hi = int(wanted.min()), int(wanted.max())
    used = [j for j in range(len(lengths)) if starts[j] <= hi and starts[j + 1] > lo and lengths[j]]
    values = np.concatenate([value_blocks[j] for j in used], axis=0)
    values = values[wanted - starts[used[0]]]
    out = np.array(block, copy=True)  # 0-d blocks may arrive as NumPy scalars
    out[mask] = np.broadcast_to(values, values.shape[:1] + out.shape[mask.ndim:])
    return out


# --------------------------------------------------------------------------------------
# integer arrays: scatter by coordinates
# --------------------------------------------------------------------------------------
def _scatter_block(block: np.ndarray, plan: Any) -> np.ndarray:
    if plan is None:
        return block
    local, values = plan
    out = np.array(block, copy=True)  # 0-d blocks may arrive as NumPy scalars
    out[tuple(local)] = values
    return out


def _setitem_points(x: Array, index: tuple, value: Any) -> Array:
    shape = tuple(int(n) for n in x.shape)
    coords = []
    for a, n in enumerate(shape):
        ramp = np.arange(n).reshape((n,) + (1,) * (len(shape) - a - 1))
        try:
            coords.append(np.broadcast_to(ramp, shape)[index].reshape(-1))
        except IndexError as exc:
            raise IndexError(str(exc)) from None
    region = np.broadcast_to(np.zeros((), dtype=np.int8), shape)[index].shape
    values = np.asarray(value)
    try:
        values = np.broadcast_to(values.astype(x.dtype), region).reshape(-1)
    except ValueError:
        raise ValueError(f"shape mismatch: value array of shape {np.shape(value)} could not be broadcast "
                         f"to indexing result of shape {region}") from None
    if not shape:
        coords = []
    bounds = [np.asarray(chunk_boundaries(c), dtype=np.int64) for c in x.chunks]
    block_of = [np.searchsorted(b, c, side="right") - 1 for b, c in zip(bounds, coords)]
    plans: dict[tuple, Any] = {}
    if block_of and values.size:
        flat = np.ravel_multi_index(block_of, x.numblocks)
        order = np.argsort(flat, kind="stable")  # keeps NumPy's "last one wins" within a block
        flat_sorted = flat[order]
        cuts = np.nonzero(np.diff(flat_sorted))[0] + 1
        for group in np.split(order, cuts):
            bidx = tuple(int(v) for v in np.unravel_index(flat[group[0]], x.numblocks))
            local = [c[group] - b[i] for c, b, i in zip(coords, bounds, bidx)]
            plans[bidx] = (local, values[group])
    elif not shape and values.size:
        plans[()] = ([], values[-1])
    name = "setitem-" + tokenize(x.name, [c for c in coords], values)
    return blockwise_array(_scatter_block, [BlockRef(x.name, Aligned(x.numblocks, x.ndim)),
                                            PerBlock(partial(_plan_of, plans))],
                           x.chunks, x.dtype, name=name, inputs=[x], label="setitem")


# --------------------------------------------------------------------------------------
# lazy integer indices: every block of x looks at every block of the indices
# --------------------------------------------------------------------------------------
def _scatter_lazy_block(block: np.ndarray, idx_blocks: list, value_blocks: list, offsets: tuple,
                        sizes: tuple) -> np.ndarray:
    out = np.array(block, copy=True)
    k = len(offsets)
    for idxs, values in zip(idx_blocks, value_blocks):
        local, inside = [], True
        for i, off, n, ax in zip(idxs, offsets, sizes, range(k)):
            i = np.asarray(i)
            bad = i[(i < -n) | (i >= n)]
            if bad.size:
                raise IndexError(f"index {int(bad.reshape(-1)[0])} is out of bounds for axis {ax} with size {n}")
            i = np.where(i < 0, i + n, i) - off
            local.append(i)
            inside = inside & (i >= 0) & (i < out.shape[ax])
        inside = np.broadcast_to(inside, values.shape[:np.ndim(inside)])
        # Points in C order, so a repeated index keeps the last value, as in NumPy.
        out[tuple(np.broadcast_to(i, inside.shape)[inside] for i in local)] = values[inside]
    return out


def _setitem_lazy_points(x: Array, indices: list, value: Any) -> Array:
    """``x[i, j, ...] = value`` with lazy integer arrays on the leading axes."""
    from ..manipulation.shape import broadcast_arrays, broadcast_to

    k = len(indices)
    lazy = [i if is_array(i) else from_array(np.asarray(i, dtype=np.intp)) for i in indices]
    try:
        lazy = broadcast_arrays(*lazy) if k > 1 else lazy
    except ValueError:
        raise IndexError("shape mismatch: indexing arrays could not be broadcast together with shapes "
                         + " ".join(str(i.shape) for i in lazy)) from None
    bshape = lazy[0].shape
    rest_shape = x.shape[k:]
    v = value if is_array(value) else from_array(np.asarray(value))
    try:
        np.broadcast_shapes(v.shape, bshape + rest_shape)
    except ValueError:
        raise ValueError(f"shape mismatch: value array of shape {v.shape} could not be broadcast to indexing "
                         f"result of shape {bshape + rest_shape}") from None
    v = broadcast_to(v.astype(x.dtype), bshape + rest_shape, chunks=lazy[0].chunks + x.chunks[k:])
    nb = len(bshape)
    grid = lazy[0].numblocks
    bounds = [chunk_boundaries(c) for c in x.chunks[:k]]

    offsets = partial(_leading_offsets, bounds)
    idx_lists = [BlockRef(i.name, AllBlocks(grid)) for i in lazy]
    # The values of every index block, at this block's position along x's other axes.
    value_blocks = AllBlocks(v.numblocks, fixed={nb + j: a for j, a in enumerate(range(k, x.ndim))})
    name = "setitem-" + tokenize(x.name, [i.name for i in lazy], v.name)
    return blockwise_array(_scatter_lazy_call, [BlockRef(x.name, Aligned(x.numblocks, x.ndim)),
                                                BlockRef(v.name, value_blocks), PerBlock(offsets),
                                                tuple(int(n) for n in x.shape[:k]), *idx_lists],
                           x.chunks, x.dtype, name=name, inputs=[x, v, *lazy], label="setitem")


def _plan_of(plans: dict, idx: tuple[int, ...]) -> Any:
    return plans.get(idx)


def _leading_offsets(bounds: list, idx: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(b[i]) for b, i in zip(bounds, idx))


def _scatter_lazy_call(block: np.ndarray, value_blocks: list, offsets: tuple, sizes: tuple,
                       *index_lists: list) -> np.ndarray:
    return _scatter_lazy_block(block, list(zip(*index_lists)), value_blocks, offsets, sizes)
