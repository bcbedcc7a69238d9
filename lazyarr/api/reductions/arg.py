"""argmin / argmax (and NaN-ignoring versions): partials are (value, index) pairs.

They work on unknown (nan) chunk sizes too: offsets are found while the tree merges blocks.
"""

from __future__ import annotations

import builtins
import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.reduction import reduction
from ..registry import implements
from .utils import _finish, _lazy, _no_out, normalize_axis_index

__all__ = ["argmin", "argmax", "nanargmin", "nanargmax"]


# -- argmin / argmax: (value, index) pairs whose offsets are found in the tree ----------------------
#
# A block knows the position of its best element inside itself, not inside the array: with
# unknown (nan) chunk sizes, e.g. after ``x[x > 0.9]``, nobody knows a block's offset before the
# blocks before it have run. So a partial carries its *span* (the block position it starts at and
# its length along every reduced axis) and indices relative to the span's start; when a combine
# step merges neighbouring spans it shifts each one by the lengths of the spans before it. The
# last partial's span is the whole array, so its indices are global, and the same graph works for
# known and unknown chunk sizes alike.

def _arg_chunk(block: np.ndarray, idx: tuple[int, ...], axis: tuple[int, ...], *, find: Callable,
               replace_nan: bool, fill: float, flat: bool, is_min: bool) -> dict | None:
    """One block's partial: best values, their indices inside the block, and the block's span."""
    if builtins.any(block.shape[a] == 0 for a in axis):
        return None  # an empty block holds no candidate and adds no length
    if isinstance(block, np.ma.MaskedArray):
        # As numpy.ma: masked values become the type's extreme, so they are never chosen
        # unless the whole slice is masked (then index 0 of the slice, as NumPy gives).
        block = block.filled(np.ma.minimum_fill_value(block) if is_min else np.ma.maximum_fill_value(block))
    data = block
    allnan = None
    if replace_nan:
        isn = np.isnan(block)
        allnan = isn.all(axis=axis, keepdims=True)
        data = np.where(isn, fill, block)
    keep = tuple(1 if a in axis else n for a, n in enumerate(block.shape))
    if flat:  # the best element of the whole block, as a multi-index (C order = lexicographic order)
        local = int(find(data.reshape(-1))) if data.ndim else 0
        where = np.unravel_index(local, block.shape) if block.ndim else ()
        part = {"v": np.full(keep, data.reshape(-1)[local] if data.ndim else data[()]),
                "i": tuple(np.full(keep, w, dtype=np.intp) for w in where)}
    else:
        (ax,) = axis
        local = np.expand_dims(find(data, axis=ax), ax).astype(np.intp)
        part = {"v": np.take_along_axis(data, local, axis=ax), "i": (local,)}
    part["allnan"] = allnan if allnan is not None else np.zeros(keep, bool)
    part["start"] = tuple(idx[a] for a in axis)  # block position of the span's first block
    part["length"] = tuple(block.shape[a] for a in axis)
    return part


def _arg_combine(parts: list, axis: tuple[int, ...], *, is_min: bool, replace_nan: bool) -> dict | None:
    """Merge the partials of neighbouring blocks: shift each into the group's span, keep the best."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    # The group is a grid of spans: along reduced axis k, the spans at one position share their
    # length, so a span's offset is the total length of the positions before it.
    lengths = [{p["start"][k]: p["length"][k] for p in parts} for k in range(len(axis))]
    shifted = []
    for p in parts:
        offset = [builtins.sum(n for pos, n in lengths[k].items() if pos < p["start"][k]) for k in range(len(axis))]
        shifted.append({**p, "i": tuple(i + o for i, o in zip(p["i"], offset))})
    best = shifted[0]
    for p in shifted[1:]:
        best = _arg_better(best, p, is_min, replace_nan)
    best["start"] = tuple(builtins.min(lengths[k]) for k in range(len(axis)))
    best["length"] = tuple(builtins.sum(lengths[k].values()) for k in range(len(axis)))
    return best


def _arg_better(a: dict, b: dict, is_min: bool, replace_nan: bool) -> dict:
    """Element by element, the better of two candidates (ties go to the first in C order)."""
    av, bv = a["v"], b["v"]
    better = (bv < av) if is_min else (bv > av)
    if av.dtype.kind in "fc" and not replace_nan:  # NaN wins, as in NumPy
        better = better | (np.isnan(bv) & ~np.isnan(av))
    tie = (bv == av) | (np.isnan(av) & np.isnan(bv)) if av.dtype.kind in "fc" else (bv == av)
    earlier = np.zeros(np.shape(better), bool)
    same = np.ones(np.shape(better), bool)
    for ai, bi in zip(a["i"], b["i"]):  # lexicographic comparison of the multi-indices
        earlier = earlier | (same & (bi < ai))
        same = same & (bi == ai)
    better = better | (tie & earlier)
    if replace_nan:  # a slice that is all-NaN in one block loses to any real value
        better = (better & ~b["allnan"]) | (a["allnan"] & ~b["allnan"])
    return {"v": np.where(better, bv, av), "i": tuple(np.where(better, bi, ai) for ai, bi in zip(a["i"], b["i"])),
            "allnan": a["allnan"] & b["allnan"]}


def _arg_aggregate(part: dict | None, axis: tuple[int, ...], keepdims: bool, *, fname: str, ndim: int,
                   flat: bool) -> np.ndarray:
    if part is None:  # only possible when the sizes were unknown at build time
        raise ValueError(f"attempt to get {fname.replace('nan', '')} of an empty sequence")
    if part["allnan"].any():
        raise ValueError("All-NaN slice encountered")
    if flat:
        multi = tuple(int(i.reshape(-1)[0]) for i in part["i"])
        index = np.intp(np.ravel_multi_index(multi, part["length"]) if multi else 0)
        return np.full((1,) * ndim, index) if keepdims else index
    return _finish(part["i"][0], axis, keepdims)


def _block_index(idx: tuple[int, ...]) -> tuple[int, ...]:
    """A :class:`PerBlock` function: the block's own position (its offset is found later)."""
    return idx


def _arg(fname: str, x: Any, axis: Any, keepdims: bool, split_every: Any, nan: bool) -> Array:
    x = _lazy(x)
    is_min = "min" in fname
    if axis is None:
        axes = tuple(range(x.ndim))
        flat = True
    else:
        if isinstance(axis, (tuple, list)):
            raise TypeError(f"{fname}: axis must be an int or None, got {axis!r}")
        axes = (normalize_axis_index(axis, x.ndim),)
        flat = False
    if builtins.any(x.shape[a] == 0 for a in axes) or (flat and x.size == 0):
        raise ValueError(f"attempt to get {fname.replace('nan', '')} of an empty sequence")
    replace_nan = nan and x.dtype.kind in "fc"
    chunk = functools.partial(_arg_chunk, find=np.argmin if is_min else np.argmax, replace_nan=replace_nan,
                              fill=np.inf if is_min else -np.inf, flat=flat, is_min=is_min)
    combine = functools.partial(_arg_combine, is_min=is_min, replace_nan=replace_nan)
    aggregate = functools.partial(_arg_aggregate, fname=fname, ndim=x.ndim, flat=flat)
    return reduction(x, chunk, combine, aggregate, axis=axes, keepdims=keepdims, dtype=np.dtype(np.intp),
                     name=fname, split_every=split_every, per_block=_block_index,
                     block_type=np.ndarray)  # indices are plain, also of masked data (as numpy.ma)


@implements(np.argmin)
def argmin(a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False,
           split_every: Any = None) -> Array:
    """Index of the minimum (first occurrence; NaN counts as the minimum, as in NumPy).

    >>> import lazyarr as la
    >>> la.argmin(la.from_array([3, 1, 2, 1], chunks=2)).compute()
    np.int64(1)
    """
    _no_out("argmin", out)
    return _arg("argmin", a, axis, keepdims, split_every, False)


@implements(np.argmax)
def argmax(a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False,
           split_every: Any = None) -> Array:
    """Index of the maximum (first occurrence; NaN counts as the maximum, as in NumPy).

    >>> import lazyarr as la
    >>> la.argmax(la.from_array([3, 1, 3, 1], chunks=2)).compute()
    np.int64(0)
    """
    _no_out("argmax", out)
    return _arg("argmax", a, axis, keepdims, split_every, False)


@implements(np.nanargmin)
def nanargmin(a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False,
              split_every: Any = None) -> Array:
    """Index of the minimum ignoring NaN; an all-NaN slice raises ValueError when computed.

    >>> import numpy as np, lazyarr as la
    >>> la.nanargmin(la.from_array(np.array([np.nan, 2.0, 1.0]), chunks=2)).compute()
    np.int64(2)
    """
    _no_out("nanargmin", out)
    return _arg("nanargmin", a, axis, keepdims, split_every, True)


@implements(np.nanargmax)
def nanargmax(a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False,
              split_every: Any = None) -> Array:
    """Index of the maximum ignoring NaN; an all-NaN slice raises ValueError when computed.

    >>> import numpy as np, lazyarr as la
    >>> la.nanargmax(la.from_array(np.array([np.nan, 2.0, 1.0]), chunks=2)).compute()
    np.int64(1)
    """
    _no_out("nanargmax", out)
    return _arg("nanargmax", a, axis, keepdims, split_every, True)
