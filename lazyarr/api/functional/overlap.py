"""Overlapping computations: blocks that borrow a halo of elements from their neighbours.

A stencil (a blur, a finite difference, a moving window) needs a few elements beyond
each block. The functions here mirror ``dask.array.overlap`` and work in three steps:

1. :func:`overlap`: every block is extended by ``depth`` elements per side: a *halo
   exchange*, one task per block gluing the block to the edges of its neighbours. At
   the outer edges of the array, ``boundary`` says what lies beyond: nothing
   (``"none"``), the other end (``"periodic"``), a mirror image (``"reflect"``), the
   edge element repeated (``"nearest"``) or a constant;
2. your function runs on each extended block (:func:`lazyarr.map_blocks`);
3. :func:`trim_internal` cuts the halo off again.

:func:`map_overlap` does all three. ``lazyarr.overlap`` (the namespace module) exports
every public function here; only ``map_overlap`` is in the top-level namespace too.

Depths may differ per axis (``{0: 2, 1: 1}``) and per side (``{0: (1, 2)}``: one
element before each block, two after). Each block must be at least as long as the
depth along its axis, so that its halo comes from its two neighbours alone; smaller
blocks are merged first (:func:`ensure_minimum_chunksize`) unless
``allow_rechunk=False``, which raises instead.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import _align, blockwise_array, broadcast_chunks
from ...core.chunks import chunk_boundaries
from ...core.data import as_lazy
from ...core.index_maps import Aligned, BlockRef, FromAxes, PerBlock
from ...core.map_blocks import map_blocks
from ...core.rechunk import glue_pieces, rechunk
from ...core.tokenize import tokenize
from ...errors import unknown_size_error
from ..registry import implements

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_index  # type: ignore

# Only map_overlap joins the top-level namespace; ``lazyarr/overlap.py`` re-exports the others,
# and ``lazyarr/lib/stride_tricks.py`` sliding_window_view.
__all__ = ["map_overlap"]


#: Our boundary names -> the ``np.pad`` mode that fills the same values.
PAD_MODES = {"reflect": "symmetric", "nearest": "edge"}
BOUNDARY_NAMES = ("none", "periodic", "reflect", "nearest")

Depth = tuple[int, int]  # (before, after) along one axis


# --------------------------------------------------------------------------------------
# Reading depth= and boundary=
# --------------------------------------------------------------------------------------
def _per_axis(value: Any, ndim: int, default: Any, name: str, funcname: str) -> list:
    """One entry per axis from a single value, a tuple/list (one per axis) or a dict {axis: value}."""
    if isinstance(value, dict):
        out = [default] * ndim
        for axis, v in value.items():
            if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
                raise TypeError(f"{funcname}: {name} keys must be axis numbers, got {axis!r}")
            out[normalize_axis_index(int(axis), ndim, f"{funcname}: {name}")] = v
        return out
    if isinstance(value, (tuple, list)):
        if len(value) != ndim:
            raise ValueError(f"{funcname}: {name}={value!r} has {len(value)} entries for an array with {ndim} "
                             f"dimensions; give one per axis, a dict {{axis: value}} or a single value "
                             f"(a (before, after) pair for one axis goes in a dict: {{0: (1, 2)}})")
        return list(value)
    return [value] * ndim


def _one_depth(value: Any, funcname: str) -> Depth:
    pair = value if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2:
        raise ValueError(f"{funcname}: a depth per axis is an int or a (before, after) pair, got {value!r}")
    for d in pair:
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)):
            raise TypeError(f"{funcname}: depth must be an integer or a (before, after) pair of integers, "
                            f"got {value!r}")
        if d < 0:
            raise ValueError(f"{funcname}: depth must be non-negative, got {value!r}")
    return int(pair[0]), int(pair[1])


def coerce_depth(ndim: int, depth: Any, funcname: str = "overlap") -> list[Depth]:
    """``depth=`` as one ``(before, after)`` pair per axis.

    >>> coerce_depth(2, 1)
    [(1, 1), (1, 1)]
    >>> coerce_depth(2, {1: (0, 2)})
    [(0, 0), (0, 2)]
    """
    if depth is None:
        depth = 0
    return [_one_depth(d, funcname) for d in _per_axis(depth, ndim, 0, "depth", funcname)]


def _one_boundary(value: Any, funcname: str) -> Any:
    if value is None:
        return "none"
    if isinstance(value, str):
        if value not in BOUNDARY_NAMES:
            raise ValueError(f"{funcname}: boundary={value!r}; allowed: 'none', 'periodic', 'reflect', "
                             f"'nearest' or a number (the constant beyond the edges)")
        return value
    if isinstance(value, (numbers.Number, np.generic)) and np.ndim(value) == 0:
        return value
    raise TypeError(f"{funcname}: boundary must be 'none', 'periodic', 'reflect', 'nearest' or a number, "
                    f"got {value!r}")


def coerce_boundary(ndim: int, boundary: Any, funcname: str = "overlap") -> list[Any]:
    """``boundary=`` as one entry per axis (``"none"`` where a dict leaves an axis out).

    >>> coerce_boundary(2, {0: 0.5})
    [0.5, 'none']
    """
    return [_one_boundary(b, funcname) for b in _per_axis(boundary, ndim, "none", "boundary", funcname)]


# --------------------------------------------------------------------------------------
# Blocks at least as long as the depth
# --------------------------------------------------------------------------------------
def ensure_minimum_chunksize(size: int, chunks: tuple) -> tuple:
    """Chunks along one axis merged so that every block has at least *size* elements.

    Blocks are gathered from left to right until the gathered length reaches *size*; a
    short remainder at the end joins the last block. The total is kept and there are
    never more blocks than before. (dask's version can split blocks differently.)

    Parameters
    ----------
    size : int
        The smallest block length wanted (at most the axis length).
    chunks : tuple of int
        Block lengths along one axis, e.g. ``(3, 3, 2)``.

    Examples
    --------
    >>> ensure_minimum_chunksize(3, (1, 1, 3))
    (5,)
    >>> ensure_minimum_chunksize(4, (3, 3, 4))
    (6, 4)
    >>> ensure_minimum_chunksize(2, (5, 0, 5, 1))
    (5, 6)
    """
    chunks = tuple(int(c) for c in chunks)
    total = sum(chunks)
    if size > total:
        raise ValueError(f"ensure_minimum_chunksize: size {size} is larger than the axis ({total} elements in "
                         f"chunks {chunks}); no chunking can give blocks that long")
    if min(chunks, default=0) >= size:
        return chunks
    out: list[int] = []
    gathered = 0
    for c in chunks:
        gathered += c
        if gathered >= size and gathered > 0:
            out.append(gathered)
            gathered = 0
    if gathered or not out:  # a short remainder joins the last block
        if out:
            out[-1] += gathered
        else:
            out.append(gathered)
    return tuple(out)


def _long_enough(x: Array, depths: list[Depth], allow_rechunk: bool, funcname: str) -> Array:
    """*x* rechunked so every block along an overlapped axis is at least as long as its depth."""
    target = list(x.chunks)
    for axis, (before, after) in enumerate(depths):
        need, chunks = max(before, after), x.chunks[axis]
        if need == 0 or min(chunks) >= need:
            continue
        n = int(sum(chunks))
        if not allow_rechunk:
            raise ValueError(f"{funcname}: depth {need} along axis {axis} is larger than its smallest block "
                             f"({min(chunks)}) in chunks {chunks}; pass allow_rechunk=True to merge small "
                             f"blocks, or rechunk first")
        # An axis shorter than the depth becomes one block: its halo can only come from the boundary.
        target[axis] = (n,) if n <= need else ensure_minimum_chunksize(need, chunks)
    return rechunk(x, tuple(target)) if tuple(target) != x.chunks else x


def _check_axes(x: Array, depths: list[Depth], boundaries: list[Any], funcname: str) -> None:
    for axis, ((before, after), b) in enumerate(zip(depths, boundaries)):
        if before == after == 0:
            continue
        n = x.shape[axis]
        if isinstance(n, float) and math.isnan(n):
            raise unknown_size_error(funcname, axis)
        if b in ("periodic", "reflect") and max(before, after) > n:
            raise ValueError(f"{funcname}: depth {max(before, after)} along axis {axis} is larger than the axis "
                             f"({n} elements); boundary={b!r} can borrow at most the whole axis")
        if b == "nearest" and n == 0:
            raise ValueError(f"{funcname}: boundary='nearest' along axis {axis} needs an element to repeat, "
                             f"but the axis has length 0")
        if not isinstance(b, str):
            try:  # NumPy's own error if the constant does not fit the dtype (nan into ints, ...)
                np.pad(np.zeros(1, dtype=x.dtype), 1, constant_values=b)
            except (ValueError, TypeError, OverflowError) as exc:
                raise type(exc)(f"{funcname}: boundary={b!r} cannot fill an array of dtype {x.dtype}: "
                                f"{exc}") from exc


# --------------------------------------------------------------------------------------
# overlap: the halo exchange
# --------------------------------------------------------------------------------------
def _pieces(bounds: Sequence[int], lo: int, hi: int) -> list[tuple[int, slice]]:
    """The ``(block, slice)`` pieces covering elements ``lo:hi`` of an axis."""
    out = []
    for b in range(len(bounds) - 1):
        s, e = int(bounds[b]), int(bounds[b + 1])
        if min(hi, e) > max(lo, s):
            out.append((b, slice(max(lo, s) - s, min(hi, e) - s)))
    return out


def _halo_plan(chunks: tuple, depth: Depth, boundary: Any) -> tuple[list, list[tuple[int, int]], tuple]:
    """Along one axis: each extended block's pieces, the widths ``np.pad`` adds, and the new chunks."""
    before, after = depth
    if before == after == 0:  # nothing to borrow: each block as it is (sizes may even be unknown)
        return [[(i, slice(None))] for i in range(len(chunks))], [(0, 0)] * len(chunks), chunks
    bounds = chunk_boundaries(chunks)
    n, last = int(bounds[-1]), len(chunks) - 1
    plans, pads, sizes = [], [], []
    for i in range(len(chunks)):
        lo, hi = int(bounds[i]), int(bounds[i + 1])
        head, tail, pad = [], [], [0, 0]
        if i > 0:
            head = _pieces(bounds, lo - before, lo)
        elif boundary == "periodic":
            head = _pieces(bounds, n - before, n)
        elif boundary != "none":
            pad[0] = before
        if i < last:
            tail = _pieces(bounds, hi, hi + after)
        elif boundary == "periodic":
            tail = _pieces(bounds, 0, after)
        elif boundary != "none":
            pad[1] = after
        pieces = head + ([(i, slice(0, hi - lo))] if hi > lo else []) + tail
        plans.append(pieces or [(i, slice(0, 0))])
        pads.append((pad[0], pad[1]))
        sizes.append(sum(s.stop - s.start for _, s in pieces) + pad[0] + pad[1])
    return plans, pads, tuple(sizes)


def _pad_block(block: np.ndarray, widths: tuple, boundaries: tuple) -> np.ndarray:
    # Axis by axis, in order, as padding the whole array axis by axis would: where two
    # constants meet at a corner, the later axis's constant wins, as in dask.
    for axis, (width, b) in enumerate(zip(widths, boundaries)):
        if width == (0, 0):
            continue
        pad_width = [(0, 0)] * block.ndim
        pad_width[axis] = width
        if isinstance(b, str):
            block = np.pad(block, pad_width, mode=PAD_MODES[b])
        else:
            block = np.pad(block, pad_width, mode="constant", constant_values=b)
    return block


def overlap(x: Any, depth: Any, boundary: Any, *, allow_rechunk: bool = True) -> Array:
    """Extend every block by *depth* elements borrowed from its neighbours (or the boundary).

    Parameters
    ----------
    x : array_like
        The array.
    depth : int, tuple or dict
        Halo width per axis: one int for every axis, one entry per axis, or ``{axis: depth}``
        (axes left out get none). An entry may be a ``(before, after)`` pair.
    boundary : str, number, tuple or dict
        What lies beyond the array's outer edges, per axis as for *depth*: ``"none"``
        (edge blocks get no halo on their outer side; also what ``None`` and axes left
        out of a dict mean), ``"periodic"`` (the other end), ``"reflect"`` (a mirror
        image, edge element included), ``"nearest"`` (the edge element repeated) or a
        constant.
    allow_rechunk : bool, keyword only
        Merge blocks shorter than the depth (:func:`ensure_minimum_chunksize`) so each
        halo comes from the two neighbours; with False such blocks raise ValueError.

    Returns
    -------
    Array
        Blocks grown by the halo: ``before + block + after`` elements along each axis
        (less at the outer edges with ``boundary="none"``).

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=3)
    >>> y = la.overlap.overlap(x, depth=1, boundary="reflect")
    >>> y.chunks
    ((5, 5),)
    >>> y.compute()
    array([0, 0, 1, 2, 3, 2, 3, 4, 5, 5])
    >>> la.overlap.overlap(x, depth={0: (0, 2)}, boundary="none").compute()
    array([0, 1, 2, 3, 4, 3, 4, 5])
    """
    x = as_lazy(x)
    depths = coerce_depth(x.ndim, depth, "overlap")
    boundaries = coerce_boundary(x.ndim, boundary, "overlap")
    return _overlap(x, depths, boundaries, allow_rechunk, "overlap")


def _overlap(x: Array, depths: list[Depth], boundaries: list[Any], allow_rechunk: bool, funcname: str) -> Array:
    _check_axes(x, depths, boundaries, funcname)
    if all(d == (0, 0) for d in depths):
        return x
    x = _long_enough(x, depths, allow_rechunk, funcname)
    plans, pads, chunks = zip(*(_halo_plan(c, d, b) for c, d, b in zip(x.chunks, depths, boundaries)))
    token = tokenize(x.name, depths, [repr(b) for b in boundaries])
    # The glued block holds the block and its neighbours' edges; the pad widths are left out of
    # its chunks and added by the second layer (the optimizer fuses the two into one task).
    glued_chunks = tuple(tuple(s - p[0] - p[1] for s, p in zip(sizes, axis_pads))
                         for sizes, axis_pads in zip(chunks, pads))
    glued = glue_pieces(x, plans, glued_chunks, name="overlap-" + token, label="overlap")
    if all(p == (0, 0) for axis_pads in pads for p in axis_pads):
        return glued
    pad_tables = pads

    def widths(idx: tuple[int, ...]) -> tuple:
        return tuple(table[i] for table, i in zip(pad_tables, idx))

    return blockwise_array(_pad_block, [BlockRef(glued.name, Aligned(glued.numblocks, glued.ndim)),
                                        PerBlock(widths), tuple(boundaries)],
                           tuple(chunks), x.dtype, name="boundary-" + token, inputs=[glued], label="boundary")


# --------------------------------------------------------------------------------------
# Cutting the halo off again
# --------------------------------------------------------------------------------------
def _trim_block(block: np.ndarray, index: tuple) -> np.ndarray:
    return block[index]


def trim_internal(x: Any, axes: Any, boundary: Any = None) -> Array:
    """Cut a halo of *axes* elements off every block: the inverse of :func:`overlap`.

    Parameters
    ----------
    x : array_like
        An array whose blocks carry a halo (the output of :func:`overlap`, or of a
        function mapped over it).
    axes : int, tuple or dict
        The halo widths per axis, as ``depth`` in :func:`overlap`.
    boundary : str, number, tuple or dict, optional
        The boundary the halo was made with: with ``"none"`` (the default, also for axes
        a dict leaves out) the outer edges of the first and last blocks carry no halo,
        so nothing is cut there.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=3)
    >>> y = la.overlap.overlap(x, depth=1, boundary=0)
    >>> la.overlap.trim_internal(y, {0: 1}, boundary=0).compute()
    array([0, 1, 2, 3, 4, 5])
    """
    x = as_lazy(x)
    depths = coerce_depth(x.ndim, axes, "trim_internal")
    boundaries = coerce_boundary(x.ndim, boundary, "trim_internal")
    return _trim(x, depths, boundaries, "trim_internal")


def trim_overlap(x: Any, depth: Any, boundary: Any = None) -> Array:
    """Cut the halo that :func:`overlap` (or :func:`map_overlap` with ``trim=False``) left on every block.

    The same as :func:`trim_internal`, named for use after ``map_overlap(..., trim=False)``.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=3)
    >>> y = x.map_overlap(lambda b: b * 10, depth=1, boundary="nearest", trim=False)
    >>> y.chunks
    ((5, 5),)
    >>> la.overlap.trim_overlap(y, 1, "nearest").compute()
    array([ 0, 10, 20, 30, 40, 50])
    """
    x = as_lazy(x)
    depths = coerce_depth(x.ndim, depth, "trim_overlap")
    boundaries = coerce_boundary(x.ndim, boundary, "trim_overlap")
    return _trim(x, depths, boundaries, "trim_overlap")


def _trim(x: Array, depths: list[Depth], boundaries: list[Any], funcname: str) -> Array:
    if all(d == (0, 0) for d in depths):
        return x
    cuts, out_chunks = [], []
    for axis, (chunks, (before, after), b) in enumerate(zip(x.chunks, depths, boundaries)):
        if before == after == 0:
            cuts.append([slice(None)] * len(chunks))
            out_chunks.append(chunks)
            continue
        if any(isinstance(c, float) and math.isnan(c) for c in chunks):
            raise unknown_size_error(funcname, axis)
        last = len(chunks) - 1
        axis_cuts, sizes = [], []
        for i, c in enumerate(chunks):
            lo = 0 if (b == "none" and i == 0) else before
            hi = 0 if (b == "none" and i == last) else after
            if lo + hi > c:
                raise ValueError(f"{funcname}: block {i} along axis {axis} has {int(c)} elements, fewer than the "
                                 f"{lo + hi} to cut off (depth {(before, after)}); was it made with this depth?")
            axis_cuts.append(slice(lo, int(c) - hi))
            sizes.append(int(c) - lo - hi)
        cuts.append(axis_cuts)
        out_chunks.append(tuple(sizes))

    def index(idx: tuple[int, ...]) -> tuple:
        return tuple(axis_cuts[i] for axis_cuts, i in zip(cuts, idx))

    name = "trim-" + tokenize(x.name, depths, [repr(b) for b in boundaries])
    return blockwise_array(_trim_block, [BlockRef(x.name, Aligned(x.numblocks, x.ndim)), PerBlock(index)],
                           tuple(out_chunks), x.dtype, name=name, inputs=[x], label="trim")


# --------------------------------------------------------------------------------------
# map_overlap
# --------------------------------------------------------------------------------------
def _per_array(value: Any, n_arrays: int, name: str) -> list:
    # A list gives one entry per array (dask's rule); tuples and dicts are per axis.
    if isinstance(value, list):
        if len(value) != n_arrays:
            raise ValueError(f"map_overlap: {name} is a list of {len(value)} entries for {n_arrays} arrays; "
                             f"give one per array (a tuple gives one per axis)")
        return value
    return [value] * n_arrays


def _output_axes(values: list, drop_axis: Any, new_axis: Any, filler: Any) -> list:
    """Per-axis entries of the input mapped onto the output's axes after ``drop_axis``/``new_axis``."""
    out = list(values)
    if drop_axis not in (None, ()):
        drop = {normalize_axis_index(a, len(out)) for a in ((drop_axis,) if np.ndim(drop_axis) == 0 else drop_axis)}
        out = [v for a, v in enumerate(out) if a not in drop]
    if new_axis not in (None, ()):
        new = (new_axis,) if np.ndim(new_axis) == 0 else tuple(new_axis)
        ndim = len(out) + len(new)
        for a in sorted(normalize_axis_index(a, ndim) for a in new):
            out.insert(a, filler)
    return out


def map_overlap(func: Callable, *args: Any, depth: Any = None, boundary: Any = None, trim: bool = True,
                align_arrays: bool = True, allow_rechunk: bool = True, **kwargs: Any) -> Array:
    """Run *func* on every block extended by a halo of ``depth`` neighbouring elements.

    :func:`overlap` each array, :func:`lazyarr.map_blocks` *func* over the extended
    blocks, then :func:`trim_internal` the halo off the result. Also a method:
    ``x.map_overlap(func, depth, boundary)``.

    Parameters
    ----------
    func : callable
        ``func(extended_block, ..., **kwargs)``; with ``trim=True`` it must return a
        block of the extended block's shape (the halo is cut off afterwards).
    *args : arrays and other values
        Lazy or NumPy arrays (they broadcast against each other, block by block, as in
        ``map_blocks``); other values are passed to *func* as they are.
    depth : int, tuple, dict or list, keyword only
        Halo width per axis (see :func:`overlap`; ``(before, after)`` pairs in a dict
        give asymmetric halos). A list gives one depth per array. Default 0.
    boundary : str, number, tuple, dict or list, keyword only
        ``"none"`` (the default), ``"periodic"``, ``"reflect"``, ``"nearest"`` or a
        constant, per axis as for *depth*; a list gives one per array.
    trim : bool, keyword only
        Cut the halo off the function's output (default True). With False, *func*
        returns blocks the size it likes (pass ``chunks=``).
    align_arrays : bool, keyword only
        Rechunk the arrays to common blocks first (default); with False their block
        grids must already agree.
    allow_rechunk : bool, keyword only
        Merge blocks shorter than the depth; with False they raise ValueError.
    **kwargs
        ``dtype``, ``chunks``, ``drop_axis``, ``new_axis``, ``name`` go to
        :func:`lazyarr.map_blocks` (``meta`` gives the dtype); the rest go to *func*.

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.array([1, 2, 4, 7, 11, 16]), chunks=2)
    >>> def second_difference(b):
    ...     out = np.zeros_like(b)
    ...     out[1:-1] = b[2:] - 2 * b[1:-1] + b[:-2]
    ...     return out
    >>> la.map_overlap(second_difference, x, depth=1, boundary="nearest").compute()
    array([ 1,  1,  1,  1,  1, -5])

    A 3-point moving sum that looks only backwards: an asymmetric halo.

    >>> x.map_overlap(lambda b: b + np.roll(b, 1) + np.roll(b, 2), depth={0: (2, 0)}, boundary=0).compute()
    array([ 1,  3,  7, 13, 22, 34])
    """
    positions = [k for k, a in enumerate(args) if is_array(a) or isinstance(a, np.ndarray)]
    if not positions:
        raise TypeError("map_overlap: needs at least one array argument")
    arrays = [as_lazy(args[k]) for k in positions]
    depths = [coerce_depth(a.ndim, d, "map_overlap") for a, d in zip(arrays, _per_array(depth, len(arrays), "depth"))]
    boundaries = [coerce_boundary(a.ndim, b, "map_overlap")
                  for a, b in zip(arrays, _per_array(boundary, len(arrays), "boundary"))]
    if align_arrays:
        common = broadcast_chunks(*arrays, funcname="map_overlap")
        arrays = [_align(a, common) for a in arrays]
    else:
        grids = {a.numblocks[::-1][:min(b.ndim for b in arrays)] for a in arrays}
        if len(grids) > 1:
            raise ValueError(f"map_overlap: with align_arrays=False the arrays' block grids must agree, got "
                             f"{[a.numblocks for a in arrays]}; pass align_arrays=True to rechunk them")
    extended = [_overlap(a, d, b, allow_rechunk, "map_overlap") for a, d, b in zip(arrays, depths, boundaries)]
    call_args = list(args)
    for k, e in zip(positions, extended):
        call_args[k] = e
    meta = kwargs.pop("meta", None)
    if meta is not None and kwargs.get("dtype") is None:
        kwargs["dtype"] = np.asarray(meta).dtype
    result = map_blocks(func, *call_args, **kwargs)
    if not trim:
        return result
    # The result's axes are those of the array with the most dimensions (broadcasting),
    # less the dropped axes, plus the new ones (which carry no halo).
    widest = max(range(len(arrays)), key=lambda k: (arrays[k].ndim, -k))
    out_depths = _output_axes(depths[widest], kwargs.get("drop_axis"), kwargs.get("new_axis"), (0, 0))
    out_boundaries = _output_axes(boundaries[widest], kwargs.get("drop_axis"), kwargs.get("new_axis"), "none")
    if len(out_depths) != result.ndim:
        raise ValueError(f"map_overlap: the function's output has {result.ndim} dimensions but the halo has "
                         f"{len(out_depths)}; pass drop_axis=/new_axis=, or trim=False and trim it yourself")
    return _trim(result, out_depths, out_boundaries, "map_overlap")


# --------------------------------------------------------------------------------------
# sliding_window_view: every window of a moving window, as new trailing axes
# --------------------------------------------------------------------------------------
def _windows_of_block(block: np.ndarray, window_shape: tuple, axis: tuple) -> np.ndarray:
    trimmed = list(block.shape)
    for a, w in zip(axis, window_shape):
        trimmed[a] -= w - 1
    if min(trimmed) <= 0:  # the last block may hold no window at all (NumPy raises there)
        return np.empty(tuple(max(t, 0) for t in trimmed) + tuple(window_shape), dtype=block.dtype)
    return np.lib.stride_tricks.sliding_window_view(block, window_shape, axis)


@implements(np.lib.stride_tricks.sliding_window_view)
def sliding_window_view(x: Any, window_shape: Any, axis: Any = None, *, subok: bool = False,
                        writeable: bool = False, automatic_rechunk: bool = True) -> Array:
    """Every window of a moving window over *x*, as NumPy's ``sliding_window_view``, lazily.

    The windows run along new trailing axes: ``view.shape`` is ``x.shape`` with each
    windowed axis shortened by ``window - 1``, followed by *window_shape*. A window may
    straddle two blocks: each block borrows ``window - 1`` elements from the next one
    (:func:`overlap` with depth ``(0, window - 1)`` and ``boundary="none"``), then NumPy's
    ``sliding_window_view`` runs on every extended block: a view, so a reduction over the
    window axes (``.mean(-1)``) never holds the windows as a copy.

    Parameters
    ----------
    x : array_like
        The array.
    window_shape : int or tuple of int
        Window length along each windowed axis.
    axis : int or tuple of int, optional
        The windowed axes (one per window length; an axis may repeat). Default: every
        axis, with one window length each.
    subok, writeable : bool
        Only False: the blocks are plain NumPy arrays and a lazy array has nothing to write to.
    automatic_rechunk : bool, keyword only
        Merge blocks shorter than ``window - 1`` first (default); with False they raise
        ValueError.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(7, chunks=3)
    >>> v = la.lib.stride_tricks.sliding_window_view(x, 3)
    >>> v.shape, v.chunks
    ((5, 3), ((3, 2), (3,)))
    >>> v.mean(axis=-1).compute()   # a moving average
    array([1., 2., 3., 4., 5.])
    """
    x = as_lazy(x)
    if subok or writeable:
        raise NotImplementedError("sliding_window_view: subok=True and writeable=True are not supported: the "
                                  "windows of a lazy array are new read-only blocks, not views of x")
    window_shape = tuple(window_shape) if np.iterable(window_shape) else (window_shape,)
    if any(isinstance(w, bool) or not isinstance(w, (int, np.integer)) for w in window_shape):
        raise TypeError(f"sliding_window_view: window_shape must be integers, got {window_shape!r}")
    window_shape = tuple(int(w) for w in window_shape)
    axes = tuple(range(x.ndim)) if axis is None else \
        tuple(normalize_axis_index(a, x.ndim, "sliding_window_view: axis")
              for a in ((axis,) if np.ndim(axis) == 0 else axis))
    for a in set(axes):
        if isinstance(x.shape[a], float) and math.isnan(x.shape[a]):
            raise unknown_size_error("sliding_window_view", a)
    # NumPy checks the arguments and works out the shape on a stand-in of x's shape that
    # takes no memory (every element is the same one).
    stand_in = np.broadcast_to(np.zeros((), dtype=x.dtype),
                               tuple(1 if isinstance(n, float) else n for n in x.shape))
    try:
        shape = np.lib.stride_tricks.sliding_window_view(stand_in, window_shape, axis).shape
    except ValueError as exc:
        raise ValueError(f"sliding_window_view: {exc}") from exc
    if 0 in window_shape:  # an empty window: no elements at all
        return as_lazy(np.empty(shape, dtype=x.dtype))
    borrow = {a: 0 for a in axes}  # elements each block borrows from the next, per windowed axis
    for a, w in zip(axes, window_shape):
        borrow[a] += w - 1
    extended = _overlap(x, coerce_depth(x.ndim, {a: (0, d) for a, d in borrow.items()}, "sliding_window_view"),
                        ["none"] * x.ndim, automatic_rechunk, "sliding_window_view")
    # An extended block of length L holds L - borrow windows: as many as the block had
    # elements, except the last block, which had no next block to borrow from.
    chunks = tuple(tuple(c - borrow.get(a, 0) for c in cs) if borrow.get(a, 0) else cs
                   for a, cs in enumerate(extended.chunks)) + tuple((w,) for w in window_shape)
    name = "sliding_window_view-" + tokenize(extended.name, window_shape, axes)
    return blockwise_array(_windows_of_block,
                           [BlockRef(extended.name, FromAxes(range(x.ndim))), window_shape, axes],
                           chunks, x.dtype, name=name, inputs=[extended], label="sliding_window_view")
