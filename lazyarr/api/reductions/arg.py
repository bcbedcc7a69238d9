"""argmin / argmax (and NaN-ignoring versions): partials are (value, global index) pairs.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.index_maps import BlockOffset
from ...core.reduction import fold, reduction
from ..registry import implements
from .utils import _finish, _lazy, _no_out, normalize_axis_index

__all__ = ["argmin", "argmax", "nanargmin", "nanargmax"]


# -- argmin / argmax: (value, global index) pairs ---------------------------------------------
def _arg(fname: str, x: Any, axis: Any, keepdims: bool, split_every: Any, nan: bool) -> Array:
    x = _lazy(x)
    find = {"argmin": np.argmin, "argmax": np.argmax, "nanargmin": np.argmin,
            "nanargmax": np.argmax}[fname]
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

    shape = x.shape
    fill = np.inf if is_min else -np.inf
    replace_nan = nan and x.dtype.kind in "fc"

    def chunk(block: np.ndarray, offset: tuple, axis: tuple[int, ...]) -> dict | None:
        if builtins.any(block.shape[a] == 0 for a in axis):
            return None  # an empty block holds no candidate (the array as a whole is not empty)
        if isinstance(block, np.ma.MaskedArray):
            # As numpy.ma: masked values become the type's extreme, so they are never chosen
            # unless the whole slice is masked (then index 0 of the slice, as NumPy gives).
            extreme = np.ma.minimum_fill_value(block) if is_min else np.ma.maximum_fill_value(block)
            block = block.filled(extreme)
        data = block
        allnan = None
        if replace_nan:
            isn = np.isnan(block)
            allnan = isn.all(axis=axis, keepdims=True)
            data = np.where(isn, fill, block)
        if flat:
            local = find(data.reshape(-1)) if data.ndim else 0
            where = np.unravel_index(local, block.shape) if block.ndim else ()
            value = data.reshape(-1)[local] if data.ndim else data[()]
            glob = tuple(int(w) + o for w, o in zip(where, offset))
            index = np.ravel_multi_index(glob, shape) if shape else 0
            keep = (1,) * block.ndim
            part = {"v": np.full(keep, value), "i": np.full(keep, index, dtype=np.intp)}
        else:
            (ax,) = axis
            local = np.expand_dims(find(data, axis=ax), ax)
            part = {"v": np.take_along_axis(data, local, axis=ax), "i": local + offset[ax]}
        part["allnan"] = allnan if allnan is not None else np.zeros(part["v"].shape, bool)
        return part

    def merge(a: dict | None, b: dict | None) -> dict | None:
        if a is None or b is None:
            return b if a is None else a
        av, bv = a["v"], b["v"]
        better = (bv < av) if is_min else (bv > av)
        if av.dtype.kind in "fc" and not replace_nan:
            better = better | (np.isnan(bv) & ~np.isnan(av))
        tie = (bv == av) | (np.isnan(av) & np.isnan(bv)) if av.dtype.kind in "fc" else (bv == av)
        better = better | (tie & (b["i"] < a["i"]))
        if replace_nan:  # a slice that is all-NaN in one block loses to any real value
            better = (better & ~b["allnan"]) | (a["allnan"] & ~b["allnan"])
        return {"v": np.where(better, bv, av), "i": np.where(better, b["i"], a["i"]),
                "allnan": a["allnan"] & b["allnan"]}

    def aggregate(part: dict, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
        if replace_nan and part["allnan"].any():
            raise ValueError("All-NaN slice encountered")
        index = part["i"].astype(np.intp)
        if flat:
            index = index.reshape((1,) * len(shape) if keepdims else ())
            return index
        return _finish(index, axis, keepdims)

    chunk.__name__ = aggregate.__name__ = fname
    return reduction(x, chunk, fold(merge), aggregate, axis=axes, keepdims=keepdims,
                     dtype=np.dtype(np.intp), name=fname, split_every=split_every, per_block=BlockOffset(x.chunks),
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
