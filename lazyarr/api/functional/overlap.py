"""``map_overlap``: run a function on blocks extended by a halo from their neighbours.

Three steps, each a function of ``halo.py``: extend every block by its halo
(:func:`~lazyarr.api.functional.halo.overlap`), run the function on each extended block
(:func:`lazyarr.map_blocks`), cut the halo off the result
(:func:`~lazyarr.api.functional.halo.trim_internal`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import _align, broadcast_chunks
from ...core.data import as_lazy
from ...core.map_blocks import map_blocks
from .halo import coerce_boundary, coerce_depth, extend_blocks, trim_blocks

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_index  # type: ignore

__all__ = ["map_overlap"]


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

    Notes
    -----
    Differences from dask.array: asymmetric depths work with every boundary (dask: only
    ``"none"``); blocks shorter than the depth are merged by :func:`lazyarr.overlap.ensure_minimum_chunksize`,
    which may cut them differently; zero-length blocks are merged away on axes with a halo.
    As in dask, with ``drop_axis`` the extended blocks along a dropped axis are joined,
    halos included, so the function sees the whole band.

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
    extended = [extend_blocks(a, d, b, allow_rechunk, "map_overlap") for a, d, b in zip(arrays, depths, boundaries)]
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
    return trim_blocks(result, out_depths, out_boundaries, "map_overlap")
