"""Array API functions NumPy spells differently or that are new in the standard.

``matrix_transpose``, ``unstack``, ``tile`` and ``from_dlpack`` exist in NumPy 2 too
(and are registered for ``__array_function__``), but they are here because SciPy
and scikit-learn reach them through the standard. Each is built from lazyarr
operations that already exist (swapaxes, basic slicing, concatenate), so none adds a
new kind of layer.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.data import as_lazy as _lazy
from ...core.data import from_array
from ...errors import unknown_size_error
from ..manipulation.shape import concatenate, swapaxes
from ..registry import implements
from .info import check_device

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_index  # type: ignore

__all__ = ["broadcast_shapes", "from_dlpack", "matrix_transpose", "tile", "unstack"]


@implements(np.matrix_transpose)
def matrix_transpose(x: Any, /) -> Array:
    """Swap the last two axes: the transpose of each matrix in a stack (same as ``x.mT``).

    >>> import lazyarr as la
    >>> la.matrix_transpose(la.ones((5, 2, 3), chunks=2)).shape
    (5, 3, 2)
    """
    x = _lazy(x)
    if x.ndim < 2:
        raise ValueError(f"matrix_transpose: input must have at least 2 dimensions, got shape {x.shape}; "
                         f"use x[None] or reshape for vectors")
    return swapaxes(x, -1, -2)


@implements(np.unstack)
def unstack(x: Any, /, *, axis: int = 0) -> tuple[Array, ...]:
    """Split *x* along *axis* into a tuple of arrays with one dimension less (inverse of ``stack``).

    Each piece is a lazy slice that reads only the blocks it needs.

    >>> import lazyarr as la
    >>> a, b = la.unstack(la.arange(6, chunks=2).reshape(2, 3))
    >>> b.compute()
    array([3, 4, 5])
    """
    x = _lazy(x)
    if x.ndim == 0:
        raise ValueError("unstack: input must be at least 1-d, got a 0-d array; there is no axis to split")
    axis = normalize_axis_index(axis, x.ndim)
    n = x.shape[axis]
    if isinstance(n, float) and math.isnan(n):
        raise unknown_size_error("unstack", axis)
    before = (slice(None),) * axis
    return tuple(x[before + (i,)] for i in range(int(n)))


@implements(np.tile)
def tile(A: Any, reps: Any, /) -> Array:
    """Repeat the whole array *reps* times along each axis (lazy ``numpy.tile``).

    Built by concatenating *A* with itself, so each output block reuses an input block's task.

    >>> import lazyarr as la
    >>> la.tile(la.arange(3, chunks=2), 2).compute()
    array([0, 1, 2, 0, 1, 2])
    >>> la.tile(la.arange(2), (2, 1)).shape
    (2, 2)

    Differences from NumPy: the Array API calls the second argument ``repetitions``;
    both names are positional-only here.
    """
    x = _lazy(A)
    reps_t = (reps,) if isinstance(reps, (int, np.integer)) else tuple(reps)
    for r in reps_t:
        if not isinstance(r, (int, np.integer)) or r < 0:
            raise ValueError(f"tile: repetitions must be non-negative integers, got {reps!r} "
                             f"(negative dimensions are not allowed); "
                             f"e.g. tile(x, 2) or tile(x, (2, 1))")
    ndim = max(x.ndim, len(reps_t))
    if x.ndim < ndim:  # NumPy prepends new length-one axes to the array...
        x = x[(None,) * (ndim - x.ndim)]
    reps_t = (1,) * (ndim - len(reps_t)) + reps_t  # ... or ones to the repetitions
    for axis, r in enumerate(reps_t):
        if r == 0:
            x = x[(slice(None),) * axis + (slice(0, 0),)]
        elif r > 1:
            x = concatenate([x] * int(r), axis=axis)
    return x


def from_dlpack(x: Any, /, *, device: Any = None, copy: bool | None = None) -> Array:
    """A lazy array from any object with ``__dlpack__`` (a NumPy array, a torch CPU tensor, ...).

    The data is shared through DLPack (no copy unless *copy* is True) and wrapped with
    :func:`lazyarr.from_array`. A lazy array passes through unchanged: it is already
    lazyarr's, and turning it into DLPack would compute it.

    >>> import numpy as np, lazyarr as la
    >>> la.from_dlpack(np.arange(3)).compute()
    array([0, 1, 2])

    Differences from NumPy: ``numpy.from_dlpack`` returns an in-memory array.
    """
    check_device("from_dlpack", device)
    if is_array(x):
        return x
    if not hasattr(x, "__dlpack__"):
        raise TypeError(f"from_dlpack: {type(x).__name__} objects do not support DLPack (no __dlpack__); "
                        f"use lazyarr.asarray for lists and other array-likes")
    return from_array(np.from_dlpack(x, copy=copy))


def _is_unknown(n: Any) -> bool:
    return isinstance(n, float) and math.isnan(n)


def broadcast_shapes(*shapes: Any) -> tuple:
    """The shape arrays of these *shapes* broadcast to (as :func:`numpy.broadcast_shapes`).

    Lazy shapes may contain ``nan`` (a length unknown until computed, e.g. after
    ``x[mask]``); a ``nan`` length broadcasts like an unknown one: it stays ``nan``
    unless another shape has a known length other than 1 there.

    >>> import lazyarr as la
    >>> la.broadcast_shapes((5, 1, 3), (4, 1), ())
    (5, 4, 3)
    >>> la.broadcast_shapes((float("nan"), 3), (1, 3))
    (nan, 3)
    """
    tuples = [(int(s),) if isinstance(s, (int, np.integer)) else tuple(s) for s in shapes]
    if not any(_is_unknown(n) for t in tuples for n in t):
        return tuple(np.broadcast_shapes(*tuples))
    ndim = max((len(t) for t in tuples), default=0)
    out = []
    for axis in range(-ndim, 0):
        sizes = [t[axis] for t in tuples if len(t) >= -axis]
        known = {int(n) for n in sizes if not _is_unknown(n) and n != 1}
        if len(known) > 1:
            raise ValueError(f"broadcast_shapes: shapes {tuple(tuples)} do not broadcast: lengths {sorted(known)} "
                             f"meet on axis {axis}; lengths must be equal or 1")
        if known:
            out.append(known.pop())
        elif any(_is_unknown(n) for n in sizes):
            out.append(math.nan)
        else:
            out.append(1)
    return tuple(out)
