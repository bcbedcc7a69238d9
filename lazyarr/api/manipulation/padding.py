"""``pad``: grow an array at its edges, one axis after another (as NumPy does).

For each axis the result is ``concatenate([before, x, after])``, so the original
blocks are kept. The pieces are built lazily:

* ``constant`` / ``empty``: new blocks filled with a value;
* ``edge``, ``reflect``, ``symmetric``, ``wrap``: these only *re-read* elements of
  ``x``, so the indices they read are found by padding ``np.arange(n)`` with NumPy
  itself, and the piece is ``x[..., indices]`` (reading only the blocks near the edge);
* ``linear_ramp``: computed from the edge slab, block by block.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array
from ...core.data import as_lazy as _lazy
from ...core.known_sizes import require_known_sizes
from ...core.map_blocks import map_blocks
from ..registry import implements
from .shape import concatenate

__all__ = ["pad"]

_INDEX_MODES = ("edge", "reflect", "symmetric", "wrap")
_STAT_MODES = ("maximum", "mean", "median", "minimum")


def _pairs(value: Any, ndim: int, name: str, integer: bool) -> np.ndarray:
    arr = np.asarray(value)
    if integer:
        if arr.dtype.kind not in "iu" and not (arr.dtype.kind == "f" and np.all(arr == np.round(arr))):
            raise TypeError("`pad_width` must be of integral type.")
        arr = arr.astype(np.int64)
        if np.any(arr < 0):
            raise ValueError("index can't contain negative values")
    try:
        return np.broadcast_to(arr, (ndim, 2))
    except ValueError:
        raise ValueError(f"pad: {name}={value!r} cannot be broadcast to ({ndim}, 2); give one value, one "
                         f"(before, after) pair, or one pair per axis") from None


def _ramp(edge: np.ndarray, end: Any, width: int, axis: int, reverse: bool, dtype: np.dtype) -> np.ndarray:
    # Same arithmetic as np.linspace(end, edge, width, endpoint=False) so integers round alike.
    shape = [1] * edge.ndim
    shape[axis] = width
    steps = np.arange(width, dtype=np.float64).reshape(shape)
    ramp = steps * ((edge - np.float64(end)) / width) + np.float64(end) if width else \
        np.zeros(tuple(shape[:axis]) + (0,) + edge.shape[axis + 1:])
    if reverse:
        ramp = np.flip(ramp, axis)
    if np.issubdtype(dtype, np.integer):
        ramp = np.floor(ramp)  # np.linspace floors when asked for an integer dtype
    return ramp.astype(dtype)


def _constant_piece(x: Array, axis: int, width: int, value: Any) -> Array:
    from ..creation.basic import full

    shape = tuple(width if a == axis else x.shape[a] for a in range(x.ndim))
    chunks = tuple((width,) if a == axis else x.chunks[a] for a in range(x.ndim))
    return full(shape, np.asarray(value).astype(x.dtype), chunks=chunks, dtype=x.dtype)


@implements(np.pad)
def pad(array: Any, pad_width: Any, mode: str = "constant", **kwargs: Any) -> Array:
    """Pad an array (lazy ``numpy.pad``).

    Supported modes: ``constant`` (``constant_values``), ``edge``, ``reflect`` and
    ``symmetric`` (``reflect_type='even'``, or ``'odd'`` for widths smaller than the
    axis), ``wrap``, ``linear_ramp`` (``end_values``), ``maximum``, ``minimum``,
    ``mean`` and ``median`` (``stat_length``), and ``empty`` (filled with 0).
    Differences from NumPy: a function as *mode* is not supported.

    >>> import lazyarr as la
    >>> la.pad(la.arange(4, chunks=2), (2, 1), mode="reflect").compute()
    array([2, 1, 0, 1, 2, 3, 2])
    >>> la.pad(la.arange(3), 1, constant_values=9).compute()
    array([9, 0, 1, 2, 9])
    """
    x = _lazy(array)
    if callable(mode):
        raise NotImplementedError("pad: a function as mode is not supported lazily; use map_blocks")
    allowed = {"constant": {"constant_values"}, "empty": set(), "edge": set(), "wrap": set(),
               "reflect": {"reflect_type"}, "symmetric": {"reflect_type"}, "linear_ramp": {"end_values"},
               **{m: {"stat_length"} for m in _STAT_MODES}}
    if mode not in allowed:
        raise ValueError(f"mode '{mode}' is not supported")
    unexpected = set(kwargs) - allowed[mode]
    if unexpected:
        raise ValueError(f"unsupported keyword arguments for mode '{mode}': {unexpected}")
    widths = _pairs(pad_width, x.ndim, "pad_width", integer=True)
    require_known_sizes(x, "pad", [a for a in range(x.ndim) if widths[a].any()])
    values = _pairs(kwargs.get("constant_values", 0), x.ndim, "constant_values", integer=False)
    ends = _pairs(kwargs.get("end_values", 0), x.ndim, "end_values", integer=False)
    stat = kwargs.get("stat_length")
    stats = _pairs(stat, x.ndim, "stat_length", integer=True) if stat is not None else None
    reflect_type = kwargs.get("reflect_type", "even")
    if reflect_type not in ("even", "odd"):
        raise ValueError(f"pad: reflect_type={reflect_type!r}; allowed: 'even', 'odd'")
    for axis in range(x.ndim):  # NumPy checks every axis before padding any
        if mode not in ("constant", "empty") and x.shape[axis] == 0 and widths[axis].any():
            raise ValueError(f"can't extend empty axis {axis} using modes other than 'constant' or 'empty'")
    for axis in range(x.ndim):
        before, after = (int(w) for w in widths[axis])
        if not before and not after:
            continue
        n = int(x.shape[axis])
        pieces = []
        for side, width in (("before", before), ("after", after)):
            if not width:
                pieces.append(None)
                continue
            if mode in _STAT_MODES:
                length = n if stats is None else min(n, int(stats[axis][0 if side == "before" else 1]))
                pieces.append(_stat_piece(x, axis, n, side, width, mode, length))
                continue
            pieces.append(_piece(x, axis, n, side, width, mode, values[axis], ends[axis], reflect_type,
                                 before, after))
        parts = [p for p in (pieces[0], x, pieces[1]) if p is not None]
        x = concatenate(parts, axis=axis)
    return x


def _piece(x: Array, axis: int, n: int, side: str, width: int, mode: str, values: Any, ends: Any,
           reflect_type: str, before: int, after: int) -> Array:
    k = 0 if side == "before" else 1
    if mode in ("constant", "empty"):
        return _constant_piece(x, axis, width, values[k] if mode == "constant" else 0)
    lead = (slice(None),) * axis
    if mode in _INDEX_MODES:
        idx = np.pad(np.arange(n), (before, after), mode=mode)
        idx = idx[:before] if side == "before" else idx[before + n:]
        piece = x[lead + (idx,)]
        if reflect_type == "odd" and mode in ("reflect", "symmetric"):
            if width > n - (1 if mode == "reflect" else 0):
                raise NotImplementedError("pad: reflect_type='odd' with a pad wider than the axis is not "
                                          "supported lazily")
            edge = x[lead + (slice(0, 1) if side == "before" else slice(n - 1, n),)]
            piece = (2 * edge - piece).astype(x.dtype)
        return piece
    # linear_ramp: from end value to the edge, computed from the one-element-wide edge slab
    edge = x[lead + (slice(0, 1) if side == "before" else slice(n - 1, n),)].rechunk({axis: -1})
    chunks = tuple((width,) if a == axis else c for a, c in enumerate(edge.chunks))
    return map_blocks(_ramp, edge, ends[k], width, axis, side == "after", x.dtype, chunks=chunks, dtype=x.dtype)


def _median_block(block: np.ndarray, axis: int) -> np.ndarray:
    return np.median(block, axis=axis, keepdims=True)


def _stat_piece(x: Array, axis: int, n: int, side: str, width: int, mode: str, length: int) -> Array:
    """A statistic of the *length* elements next to the edge, repeated *width* times."""
    from .. import reductions
    from .shape import broadcast_to

    if length == 0:
        raise ValueError("stat_length of 0 yields no value for padding")
    lead = (slice(None),) * axis
    slab = x[lead + (slice(0, length) if side == "before" else slice(n - length, n),)]
    if mode == "median":
        slab = slab.rechunk({axis: -1})
        chunks = tuple((1,) if a == axis else c for a, c in enumerate(slab.chunks))
        value = map_blocks(_median_block, slab, axis, chunks=chunks, dtype=np.result_type(slab.dtype, np.float64)
                           if slab.dtype.kind in "iub" else slab.dtype)
    else:
        func = {"maximum": reductions.max, "minimum": reductions.min, "mean": reductions.mean}[mode]
        value = func(slab, axis=axis, keepdims=True)
    if mode in ("mean", "median") and x.dtype.kind in "iu":
        from ..elementwise.functions import round as _round

        value = _round(value)  # NumPy rounds (half to even) before casting back
    value = value.astype(x.dtype)
    shape = tuple(width if a == axis else int(x.shape[a]) for a in range(x.ndim))
    chunks = tuple((width,) if a == axis else c for a, c in enumerate(x.chunks))
    return broadcast_to(value, shape, chunks=chunks)
