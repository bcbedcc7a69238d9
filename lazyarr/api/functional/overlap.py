"""``map_overlap``: run a function on blocks extended by a halo from their neighbours.

A stencil (a blur, a finite difference) needs a few elements beyond each block. The
plan has three layers:

1. pad the array at its outer edges according to ``boundary`` (``la.pad``);
2. *halo exchange*: each extended block is glued from the pieces of the (padded)
   blocks that overlap its window — one blockwise task per block, reading only its
   neighbours (several of them when ``depth`` exceeds a neighbour's length);
3. run the function on each extended block, then cut the halo off again.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import Aligned, BlockRef, PerBlock, blockwise_array
from ...core.chunks import chunk_boundaries
from ...core.data import as_lazy as _lazy
from ...core.map_blocks import map_blocks
from ...core.rechunk import glue_pieces
from ...core.tokenize import tokenize
from ...errors import unknown_size_error

__all__ = ["map_overlap"]

_BOUNDARY_MODES = {"periodic": "wrap", "reflect": "symmetric", "nearest": "edge"}


# --------------------------------------------------------------------------------------
# map_overlap
# --------------------------------------------------------------------------------------
def _per_axis(value: Any, ndim: int, default: Any, name: str) -> list:
    if isinstance(value, dict):
        out = [default] * ndim
        for k, v in value.items():
            out[k % ndim] = v
        return out
    if isinstance(value, (tuple, list)):
        if len(value) != ndim:
            raise ValueError(f"map_overlap: {name}={value!r} has {len(value)} entries for an array with {ndim} "
                             f"dimensions; give one per axis, a dict {{axis: value}} or a single value")
        return list(value)
    return [value if value is not None else default] * ndim


def _windows(chunks: tuple, depth: int, padded: bool, n: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Per block: its extended window in the (padded) array, and the halo widths to trim."""
    bounds = chunk_boundaries(chunks)
    windows, halos = [], []
    for b in range(len(chunks)):
        lo, hi = int(bounds[b]), int(bounds[b + 1])
        if padded:  # the padded array starts `depth` elements earlier
            windows.append((lo, hi + 2 * depth))
            halos.append((depth, depth))
        else:
            wlo, whi = max(0, lo - depth), min(n, hi + depth)
            windows.append((wlo, whi))
            halos.append((lo - wlo, whi - hi))
    return windows, halos


def _pieces(chunks: tuple, window: tuple[int, int]) -> list[tuple[int, slice]]:
    bounds = chunk_boundaries(chunks)
    lo, hi = window
    out = []
    for b in range(len(chunks)):
        s, e = int(bounds[b]), int(bounds[b + 1])
        if e > lo and s < hi:
            out.append((b, slice(max(lo, s) - s, min(hi, e) - s)))
    return out or [(0, slice(0, 0))]


def _with_halo(x: Array, depths: list[int], boundaries: list[Any]) -> tuple[Array, list[list[tuple[int, int]]]]:
    """Each block of *x* extended by its halo (one blockwise layer); also the halo widths."""
    from ..manipulation.padding import pad

    original_chunks = x.chunks
    pad_width = [(d, d) if b != "none" else (0, 0) for d, b in zip(depths, boundaries)]
    for axis, (d, b) in enumerate(zip(depths, boundaries)):
        if not d or b == "none":
            continue
        if isinstance(b, str):
            x = pad(x, [(d, d) if a == axis else (0, 0) for a in range(x.ndim)], mode=_BOUNDARY_MODES[b])
        else:
            x = pad(x, [(d, d) if a == axis else (0, 0) for a in range(x.ndim)], constant_values=b)
    plans, halos, out_chunks = [], [], []
    for axis in range(x.ndim):
        n = int(sum(original_chunks[axis]))
        windows, halo = _windows(original_chunks[axis], depths[axis], pad_width[axis][0] > 0, n)
        plans.append([_pieces(x.chunks[axis], w) for w in windows])
        halos.append(halo)
        out_chunks.append(tuple(w[1] - w[0] for w in windows))
    name = "overlap-" + tokenize(x.name, depths, [str(b) for b in boundaries])
    return glue_pieces(x, plans, tuple(out_chunks), name=name, label="overlap"), halos


def _trim_index(halos: list, chunks: tuple, idx: tuple[int, ...]) -> tuple:
    """The slices that cut the halo off block *idx*."""
    out = []
    for a, i in enumerate(idx):
        lo, hi = halos[a][i]
        out.append(slice(lo, chunks[a][i] - hi))
    return tuple(out)


def _trim_block(block: np.ndarray, index: tuple) -> np.ndarray:
    return block[index]


def map_overlap(func: Callable, *args: Any, depth: Any = 1, boundary: Any = "none", trim: bool = True,
                dtype: Any = None, **kwargs: Any) -> Array:
    """Run *func* on every block extended by ``depth`` neighbouring elements per side.

    Parameters
    ----------
    func : callable
        ``func(extended_block, ..., **kwargs)``; with ``trim=True`` it must return an
        array of the extended block's shape (the halo is cut off afterwards).
    *args : arrays
        Lazy or NumPy arrays of the same shape (rechunked to the first one's chunks).
    depth : int, tuple or dict
        Halo width per axis (``{axis: depth}`` for only some axes).
    boundary : str, number, tuple or dict
        What lies beyond the array's edges: ``"none"`` (edge blocks get a narrower halo),
        ``"periodic"`` (wrap around), ``"reflect"`` (mirror, edge element included),
        ``"nearest"`` (repeat the edge element) or a constant.
    trim : bool
        Cut the halo off the function's output (default True).

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
    """
    arrays = [_lazy(a) for a in args if is_array(a) or isinstance(a, np.ndarray)]
    if not arrays:
        raise TypeError("map_overlap: needs at least one array argument")
    first = arrays[0]
    for axis, n in enumerate(first.shape):
        if isinstance(n, float) and math.isnan(n):
            raise unknown_size_error("map_overlap", axis)
    depths = [int(d) for d in _per_axis(depth, first.ndim, 0, "depth")]
    if any(d < 0 for d in depths):
        raise ValueError(f"map_overlap: depth must be non-negative, got {depth!r}")
    boundaries = _per_axis(boundary, first.ndim, "none", "boundary")
    for b in boundaries:
        if isinstance(b, str) and b not in ("none", *_BOUNDARY_MODES):
            raise ValueError(f"map_overlap: boundary={b!r}; allowed: 'none', 'periodic', 'reflect', 'nearest' "
                             f"or a number")
    for axis, (d, b) in enumerate(zip(depths, boundaries)):
        if d and b != "none" and d > first.shape[axis] and b in ("periodic", "reflect"):
            raise ValueError(f"map_overlap: depth {d} along axis {axis} is larger than the axis ({first.shape[axis]})")
    extended_args, halos = [], None
    it = iter(arrays)
    for a in args:
        if is_array(a) or isinstance(a, np.ndarray):
            arr = next(it)
            if arr.shape != first.shape:
                raise ValueError(f"map_overlap: all arrays must have the same shape; got {first.shape} and "
                                 f"{arr.shape}")
            arr = arr.rechunk(first.chunks)
            ext, halos = _with_halo(arr, depths, boundaries)
            extended_args.append(ext)
        else:
            extended_args.append(a)
    result = map_blocks(func, *extended_args, dtype=dtype, **kwargs)
    if not trim:
        return result
    assert halos is not None
    final_halos = halos

    index = partial(_trim_index, final_halos, result.chunks)  # a partial pickles; a closure would not
    name = "trim-" + tokenize(result.name, depths)
    same_block = Aligned(result.numblocks, result.ndim)
    return blockwise_array(_trim_block, [BlockRef(result.name, same_block), PerBlock(index)], first.chunks,
                           result.dtype, name=name, inputs=[result], label="trim")
