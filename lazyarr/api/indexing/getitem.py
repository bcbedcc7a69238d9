"""``x[index]`` with NumPy's full rules: integer arrays, boolean masks and lazy indices.

:func:`getitem` is ``Array.__getitem__`` (installed by ``api/methods.py``): basic indices
(ints, slices, None, Ellipsis) go to ``core/slicing.py``, every index holding a list, an
array or a boolean to :func:`advanced_getitem`.

The plan follows NumPy's rules in three steps:

1. *Normalize*: expand ``Ellipsis``, turn lists into arrays and NumPy boolean masks
   into the integer arrays of their ``nonzero()`` (that is how NumPy defines them).
2. *Basic part first*: apply the slices, ``None`` and integers with ordinary slicing;
   the array positions keep their whole axis.
3. *Gather*: pick the points named by the (broadcast) index arrays. Each output block
   holds a run of points and reads only the input blocks those points fall in.

NumPy's placement rule: the broadcast index shape replaces the indexed axes in place
when the advanced indices (arrays and integers) sit next to each other, and goes
first otherwise (``x[:, [0, 1], :, 0]``).

Lazy indices (``x[x > 0.5]``, ``x[idx]`` with ``idx`` lazy) cannot be planned from
their values: a lazy mask gives blocks of unknown (``nan``) length, and lazy integer
indices (one or several, mixed with NumPy ones) pair every index block with every
block of the indexed axes, then merge the partial results with a tree (both live
in ``lazy_indices.py``).
"""

from __future__ import annotations

import math
import numbers
from functools import partial
from typing import Any

import numpy as np

from ...core import blocktype
from ...core.array import Array, is_array
from ...core.blockwise import BlockRef, PerBlock, blockwise_array
from ...core.chunks import chunk_boundaries
from ...core.index_maps import AllBlocks
from ...core.known_sizes import settle_data_dependent_shapes
from ...core.slicing import getitem as basic_getitem
from ...core.slicing import is_advanced_index
from ...core.tokenize import tokenize
from ...errors import unknown_size_error
from .lazy_indices import _mask_lazy, _take_lazy

__all__: list[str] = []  # behind x[...] and x[...] = v; not in the namespace

_VALID = ("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or "
          "boolean arrays are valid indices")


# --------------------------------------------------------------------------------------
# Step 1: normalize
# --------------------------------------------------------------------------------------
def _as_index_item(i: Any) -> Any:
    """Lists and NumPy scalars -> arrays / ints; other items unchanged."""
    if isinstance(i, (bool, np.bool_)):
        return np.asarray(i, dtype=bool)
    if isinstance(i, list):
        arr = np.asarray(i)
        if arr.size == 0:
            arr = arr.astype(np.intp)
        i = arr
    if isinstance(i, np.ndarray):
        if i.dtype.kind not in "iub":
            raise IndexError(f"{_VALID}; got an array of dtype {i.dtype}")
        if i.ndim == 0 and i.dtype.kind != "b":
            return int(i)
        return i
    if is_array(i):
        if i.dtype.kind not in "iub":
            raise IndexError(f"{_VALID}; got a lazy array of dtype {i.dtype}")
        return i
    if isinstance(i, (numbers.Integral, np.integer)) or i is None or isinstance(i, slice) or i is Ellipsis:
        return int(i) if isinstance(i, (numbers.Integral, np.integer)) else i
    try:
        import operator

        return operator.index(i)
    except TypeError:
        raise IndexError(f"{_VALID}, got {type(i).__name__}") from None


def _consumed(i: Any) -> int:
    """How many axes of the array an index item uses up."""
    if i is None or i is Ellipsis:
        return 0
    if (isinstance(i, np.ndarray) or is_array(i)) and i.dtype.kind == "b":
        return i.ndim
    return 1


def normalize_advanced(index: Any, shape: tuple) -> list:
    """Expand Ellipsis; NumPy masks become integer arrays; 0-d masks become a new axis.

    Returns a list of items, each ``None``, a slice, an int, an integer ``ndarray``
    (one axis each) or a lazy array.
    """
    items = [_as_index_item(i) for i in (index if isinstance(index, tuple) else (index,))]
    if sum(i is Ellipsis for i in items) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    used = sum(_consumed(i) for i in items)
    if used > len(shape):
        raise IndexError(f"too many indices for array: array is {len(shape)}-dimensional, "
                         f"but {used} were indexed")
    if Ellipsis in [i for i in items if not isinstance(i, np.ndarray) and not is_array(i)]:
        pos = next(k for k, i in enumerate(items) if i is Ellipsis)
        # An Ellipsis standing for no axes still separates advanced indices (NumPy's rule).
        items[pos:pos + 1] = [slice(None)] * (len(shape) - used) or [_Gap()]
    else:
        items += [slice(None)] * (len(shape) - used)
    out: list = []
    axis = 0
    for i in items:
        if isinstance(i, _Gap):
            out.append(i)
            continue
        if isinstance(i, np.ndarray) and i.dtype.kind == "b":
            if i.ndim == 0:  # x[True] is x[None][[0]]; x[False] is x[None][[]]
                out.append(_NewAxis(np.zeros(1 if i else 0, dtype=np.intp)))
                continue
            _check_mask_shape(i.shape, shape, axis)
            out += list(np.nonzero(i))
        elif is_array(i) and i.dtype.kind == "b":
            _check_mask_shape(i.shape, shape, axis)
            out.append(i)
        else:
            out.append(i)
        axis += _consumed(i)
    return out


class _Gap:
    """An Ellipsis that stands for zero axes: it only separates advanced indices."""


class _NewAxis:
    """A 0-d mask: a new length-1 axis indexed by ``[0]`` (True) or ``[]`` (False)."""

    def __init__(self, array: np.ndarray):
        self.array = array


def _check_mask_shape(mask_shape: tuple, shape: tuple, first_axis: int) -> None:
    for k, m in enumerate(mask_shape):
        n = shape[first_axis + k]
        if not (math.isnan(n) or math.isnan(m)) and n != m:
            raise IndexError(
                f"boolean index did not match indexed array along axis {first_axis + k}; size of "
                f"axis is {n} but size of corresponding boolean axis is {m}"
            )


# --------------------------------------------------------------------------------------
# Step 2 and 3: basic part, then gather
# --------------------------------------------------------------------------------------
def getitem(x: Array, index: Any) -> Array:
    """``x[index]``: basic indexing in the core, advanced indexing here.

    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=4)
    >>> x[1:3].compute(), x[[4, 0]].compute()
    (array([1, 2]), array([4, 0]))
    """
    if is_advanced_index(index):
        out = advanced_getitem(x, index)
        mask = leading_mask(index)
        if mask is not None:
            # Remember "out is x[mask]", so that y[mask] = x[mask] can be an elementwise where
            # (see setitem); keyed by out's name, as x[...] = v may rebind out later.
            out._masked_from = (out.name, x, mask)  # type: ignore[attr-defined]
        settle_data_dependent_shapes(out)  # a boolean index: lengths that depend on the values
        return out
    picked = _pick_on_unknown_axes(x, index)
    if picked is not None:
        return picked
    return basic_getitem(x, index)


def leading_mask(index: Any) -> Any:
    """The boolean mask of an index ``mask`` or ``(mask, :, ..., :)``, else None."""
    items = index if isinstance(index, tuple) else (index,)
    first = items[0] if items else None
    if not (is_array(first) or isinstance(first, np.ndarray)) or first.dtype.kind != "b" or first.ndim == 0:
        return None
    if all(i is Ellipsis or (isinstance(i, slice) and i == slice(None)) for i in items[1:]):
        return first
    return None


def advanced_getitem(x: Array, index: Any) -> Array:
    """``x[index]`` when the index holds lists, arrays or booleans (NumPy's rules).

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.arange(12, chunks=5).reshape((3, 4))
    >>> x[[0, 2], [1, 3]].compute()
    array([ 1, 11])
    >>> x[:, [3, 0]].compute()
    array([[ 3,  0],
           [ 7,  4],
           [11,  8]])
    >>> y = x[x % 5 == 0]
    >>> y.shape
    (nan,)
    >>> y.compute()
    array([ 0,  5, 10])
    """
    items = normalize_advanced(index, x.shape)
    basic: list = []
    arrays: list = []  # (position in y, index array)
    adv_positions = []  # positions in items of ints and arrays (NumPy's placement rule)
    ypos = 0
    for k, i in enumerate(items):
        if isinstance(i, _Gap):
            continue
        if isinstance(i, _NewAxis):
            basic.append(None)
            arrays.append((ypos, i.array))
            adv_positions.append(k)
            ypos += 1
        elif i is None or isinstance(i, slice):
            basic.append(i)
            ypos += 1
        elif isinstance(i, int):
            basic.append(i)
            adv_positions.append(k)
        else:
            width = i.ndim if (is_array(i) and i.dtype.kind == "b") else 1
            basic += [slice(None)] * width
            arrays.append((ypos, i))
            adv_positions.append(k)
            ypos += width
    y = x[tuple(basic)] if any(not (isinstance(b, slice) and b == slice(None)) for b in basic) else x
    contiguous = adv_positions == list(range(adv_positions[0], adv_positions[-1] + 1))
    first = arrays[0][0]
    # NumPy's placement rule: the index axes replace the indexed ones in place when all
    # advanced indices are adjacent, and go first otherwise.
    where = first if contiguous else 0
    if any(is_array(a) for _, a in arrays):
        if any(is_array(a) and a.dtype.kind == "b" for _, a in arrays):
            if len(arrays) > 1:
                raise NotImplementedError(
                    "getitem: a lazy boolean mask together with other index arrays is not supported; "
                    "compute the mask first (np.asarray(mask)) or index in two steps"
                )
            return _move_axes(_mask_lazy(y, arrays[0][1], first), 1, first, where)
        out = _take_lazy(y, [p for p, _ in arrays], [a for _, a in arrays])
        return _move_axes(out, out.ndim - (y.ndim - len(arrays)), 0, where)
    try:
        bshape = np.broadcast_shapes(*(a.shape for _, a in arrays))
    except ValueError:
        shapes = " ".join(str(a.shape) for _, a in arrays)
        raise IndexError(f"shape mismatch: indexing arrays could not be broadcast together with "
                         f"shapes {shapes}") from None
    axes = [p for p, _ in arrays]
    idx = []
    for p, a in arrays:
        n = y.shape[p]
        if math.isnan(n):
            raise unknown_size_error("getitem", p)
        a = np.asarray(a, dtype=np.intp)
        if a.size:
            bad = a[(a < -n) | (a >= n)]
            if bad.size:
                raise IndexError(f"index {int(bad[0])} is out of bounds for axis {p} with size {n}")
        idx.append(np.broadcast_to(np.where(a < 0, a + int(n), a), bshape))
    out = gather(y, axes, idx)
    return _move_axes(out, len(bshape), 0, where)


def _move_axes(x: Array, n: int, src: int, dst: int) -> Array:
    """Move the *n* axes starting at *src* to start at *dst*."""
    if src == dst or n == 0:
        return x
    from ..manipulation.shape import moveaxis

    return moveaxis(x, list(range(src, src + n)), list(range(dst, dst + n)))


def _gather_block(blocks: list, plan: tuple, bshape: tuple, adv: tuple, rest_shape: tuple,
                  dtype: np.dtype) -> np.ndarray:
    """Fill one output block: from input block g come the points ``order[offsets[g]:offsets[g+1]]``."""
    order, offsets, local = plan
    npts = math.prod(bshape)
    if blocks:
        rest_shape = np.moveaxis(blocks[0], adv, tuple(range(len(adv)))).shape[len(adv):]
    # blocktype.allocate: masked blocks (la.ma) give a masked block, with the picked points' masks
    out = blocktype.allocate((npts,) + tuple(rest_shape), dtype,
                             blocktype.result_block_type(blocktype.type_of_block(b) for b in blocks))
    for g, blk in enumerate(blocks):
        sl = slice(offsets[g], offsets[g + 1])
        moved = np.moveaxis(blk, adv, tuple(range(len(adv))))
        out[order[sl]] = moved[tuple(c[sl] for c in local)]
    return out.reshape(tuple(bshape) + tuple(rest_shape))


def _gather_sources(plans: list, nb: int, axes: tuple, rest: tuple, ndim: int, out_idx: tuple[int, ...]) -> list:
    """The input blocks output block *out_idx* of :func:`gather` reads."""
    r = out_idx[0] if nb else 0
    rest_idx = out_idx[nb:]
    result = []
    for t in plans[r][0]:
        full = [0] * ndim
        for a, v in zip(axes, t):
            full[a] = v
        for a, v in zip(rest, rest_idx):
            full[a] = v
        result.append(tuple(full))
    return result


def _gather_groups(plans: list, nb: int, out_idx: tuple[int, ...]) -> list:
    return plans[out_idx[0] if nb else 0][1]


def _gather_index_shape(b_chunks: tuple, nb: int, out_idx: tuple[int, ...]) -> tuple:
    return tuple(int(c[i]) for c, i in zip(b_chunks, out_idx[:nb]))


def _gather_rest_shape(sizes: list, nb: int, out_idx: tuple[int, ...]) -> tuple:
    return tuple(s[i] for s, i in zip(sizes, out_idx[nb:]))


def gather(y: Array, axes: list[int], idx: list[np.ndarray]) -> Array:
    """Pick points ``y[idx[0], idx[1], ...]`` along *axes* (non-negative, broadcast arrays).

    The result has the index shape first, then the other axes of *y* in order. Output
    blocks split the index along its first axis into runs of about one input block's
    length; each reads only the input blocks its points fall in. (Random indices over a
    long axis make every run read many blocks: sort them first when you can.)
    """
    bshape = idx[0].shape
    rest = [a for a in range(y.ndim) if a not in axes]
    per_block = max(1, math.prod(max(y.chunks[a], default=1) for a in axes))
    if bshape:
        row = max(1, math.prod(bshape[1:]))
        rows = max(1, per_block // row)
        n0 = bshape[0]
        b_chunks = [tuple(min(rows, n0 - s) for s in range(0, n0, rows)) or (0,)]
        b_chunks += [(n,) for n in bshape[1:]]
    else:
        b_chunks = []
    bounds = [np.asarray(chunk_boundaries(y.chunks[a]), dtype=np.int64) for a in axes]
    grid = tuple(y.numblocks[a] for a in axes)
    plans = []  # per run of points: (input blocks along the index axes, (order, offsets, local coords))
    starts = chunk_boundaries(b_chunks[0]) if b_chunks else (0, 1)
    for r in range(len(starts) - 1):
        lo, hi = int(starts[r]), int(starts[r + 1])
        pts = [a[lo:hi].reshape(-1) if bshape else a.reshape(-1) for a in idx]
        per_axis = [np.searchsorted(b, p, side="right") - 1 for b, p in zip(bounds, pts)]
        flat = np.ravel_multi_index(per_axis, grid) if pts[0].size else np.zeros(0, dtype=np.intp)
        # Points grouped by input block (stable: NumPy's order inside each group).
        order = np.argsort(flat, kind="stable")
        used, counts = np.unique(flat, return_counts=True)
        offsets = np.concatenate([[0], np.cumsum(counts)])
        local = [(p - b[k])[order] for p, b, k in zip(pts, bounds, per_axis)]
        blocks_used = [tuple(int(v) for v in t) for t in zip(*np.unravel_index(used, grid))] if used.size else []
        plans.append((blocks_used, (order, offsets, local)))
    nb = len(b_chunks)
    out_chunks = tuple(b_chunks) + tuple(y.chunks[a] for a in rest)

    # Partials of module-level functions, not closures: graphs must pickle.
    sizes = [tuple(0 if math.isnan(c) else int(c) for c in y.chunks[a]) for a in rest]
    sources = partial(_gather_sources, plans, nb, tuple(axes), tuple(rest), y.ndim)
    groups_of = partial(_gather_groups, plans, nb)
    bshape_of = partial(_gather_index_shape, tuple(b_chunks), nb)
    rest_of = partial(_gather_rest_shape, sizes, nb)
    name = "gather-" + tokenize(y.name, axes, idx)
    return blockwise_array(_gather_block, [BlockRef(y.name, sources), PerBlock(groups_of), PerBlock(bshape_of),
                                           tuple(axes), PerBlock(rest_of), y.dtype],
                           out_chunks, y.dtype, name=name, inputs=[y], label="getitem", covering=False)


# --------------------------------------------------------------------------------------
# An integer on an axis of unknown (nan) size: y = x[x > 0]; y[0], y[-1]
# --------------------------------------------------------------------------------------
def _pick_on_unknown_axes(x: Array, index: Any) -> Array | None:
    """``x[index]`` when a basic index puts an integer on an axis of unknown size, else None.

    Which block holds element *i* is only known once the blocks' lengths are, so each
    such integer becomes a gather over all the blocks along its axis (:func:`_pick_from_blocks`
    finds the block when it runs; out of bounds is NumPy's IndexError, at compute time).
    The rest of the index is then ordinary basic slicing. Known sizes never come here.

    >>> import lazyarr as la
    >>> x = la.arange(10, chunks=4)
    >>> y = x[x % 3 == 0]
    >>> y.shape, y[1].compute(), y[-1].compute()
    ((nan,), np.int64(3), np.int64(9))
    """
    if not any(math.isnan(n) for n in x.shape):
        return None
    items = list(index) if isinstance(index, tuple) else [index]
    n_real = sum(1 for i in items if i is not None and i is not Ellipsis)
    n_ellipsis = sum(1 for i in items if i is Ellipsis)
    if n_real > x.ndim or n_ellipsis > 1:
        return None  # core/slicing.py raises NumPy's IndexError
    if n_ellipsis:
        pos = next(k for k, i in enumerate(items) if i is Ellipsis)
        items[pos:pos + 1] = [slice(None)] * (x.ndim - n_real)
    else:
        items += [slice(None)] * (x.ndim - n_real)
    picks = []  # (position in items, axis of x, integer)
    axis = 0
    for k, i in enumerate(items):
        if i is None:
            continue
        if isinstance(i, (numbers.Integral, np.integer)) and not isinstance(i, (bool, np.bool_)) \
                and math.isnan(x.shape[axis]):
            picks.append((k, axis, int(i)))
        axis += 1
    if not picks:
        return None
    y = x
    for _, axis, i in reversed(picks):  # last axis first, so the earlier axes keep their numbers
        fixed = {a: (a if a < axis else a - 1) for a in range(y.ndim) if a != axis}
        y = blockwise_array(_pick_from_blocks, [BlockRef(y.name, AllBlocks(y.numblocks, fixed=fixed)), axis, i],
                            y.chunks[:axis] + y.chunks[axis + 1:], y.dtype, name="getitem-" +
                            tokenize(y.name, axis, i), inputs=[y], label="getitem")
    taken = {k for k, _, _ in picks}
    return basic_getitem(y, tuple(it for k, it in enumerate(items) if k not in taken))


def _pick_from_blocks(blocks: list, axis: int, i: int) -> np.ndarray:
    """Element *i* along *axis* of the blocks joined along that axis (their lengths known now)."""
    lengths = [b.shape[axis] for b in blocks]
    n = sum(lengths)
    if not -n <= i < n:
        raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")
    j = i + n if i < 0 else i
    ends = np.cumsum(lengths)
    b = int(np.searchsorted(ends, j, side="right"))  # the first block ending after j
    local = j - int(ends[b] - lengths[b])
    return blocks[b][(slice(None),) * axis + (local, Ellipsis)]  # the Ellipsis keeps 0-d results arrays
