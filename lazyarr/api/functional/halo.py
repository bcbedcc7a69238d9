"""The halo exchange behind ``lazyarr.overlap``: blocks that borrow elements from their neighbours.

A stencil (a blur, a finite difference, a moving window) needs a few elements beyond
each block. :func:`overlap` extends every block by ``depth`` elements per side: one
task per block gluing the block to the edges of its neighbours. At the outer edges of
the array, ``boundary`` says what lies beyond: nothing (``"none"``), the other end
(``"periodic"``), a mirror image (``"reflect"``), the edge element repeated
(``"nearest"``) or a constant. :func:`trim_internal` cuts the halo off again;
``map_overlap`` (``overlap.py``) runs a function in between, and ``sliding_window_view``
(``windows.py``) builds on the same halo.

Depths may differ per axis (``{0: 2, 1: 1}``) and per side (``{0: (1, 2)}``: one
element before each block, two after). Each block must be at least as long as the
depth along its axis, so that its halo comes from its two neighbours alone; smaller
blocks are merged first (:func:`ensure_minimum_chunksize`) unless
``allow_rechunk=False``, which raises instead.

These functions are ``lazyarr.overlap.*`` (as in ``dask.array.overlap``), not top-level names.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import blockwise_array
from ...core.chunks import chunk_boundaries
from ...core.data import as_lazy
from ...core.index_maps import Aligned, BlockRef, PerBlock
from ...core.rechunk import glue_pieces, rechunk
from ...core.tokenize import tokenize
from ...errors import unknown_size_error

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_index  # type: ignore

__all__ = ["ensure_minimum_chunksize", "overlap", "trim_internal", "trim_overlap"]

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
    return extend_blocks(x, depths, boundaries, allow_rechunk, "overlap")


def _pad_widths(pad_tables: tuple, idx: tuple[int, ...]) -> tuple:
    """The pad widths of block *idx*, one (before, after) pair per axis."""
    return tuple(table[i] for table, i in zip(pad_tables, idx))


def extend_blocks(x: Array, depths: list[Depth], boundaries: list[Any], allow_rechunk: bool,
                  funcname: str) -> Array:
    """:func:`overlap` with depths and boundaries already read (one per axis); *funcname* names errors."""
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
    widths = functools.partial(_pad_widths, pads)  # a partial pickles; a closure would not
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
    return trim_blocks(x, depths, boundaries, "trim_internal")


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
    return trim_blocks(x, depths, boundaries, "trim_overlap")


def _trim_slices(cuts: tuple, idx: tuple[int, ...]) -> tuple:
    """The slices that keep block *idx* without its halo, one per axis."""
    return tuple(axis_cuts[i] for axis_cuts, i in zip(cuts, idx))


def trim_blocks(x: Array, depths: list[Depth], boundaries: list[Any], funcname: str) -> Array:
    """:func:`trim_internal` with depths and boundaries already read (one per axis); *funcname* names errors."""
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

    index = functools.partial(_trim_slices, tuple(cuts))  # a partial pickles; a closure would not
    name = "trim-" + tokenize(x.name, depths, [repr(b) for b in boundaries])
    return blockwise_array(_trim_block, [BlockRef(x.name, Aligned(x.numblocks, x.ndim)), PerBlock(index)],
                           tuple(out_chunks), x.dtype, name=name, inputs=[x], label="trim")
