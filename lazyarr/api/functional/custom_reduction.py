"""``reduction``: your own tree reduction from ``chunk``, ``combine`` and ``aggregate`` functions.

The same machinery as ``sum`` or ``argmax`` (``core/reduction.py``), with user functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...core import blocktype
from ...core.array import Array
from ...core.data import as_lazy as _lazy
from ...core.reduction import reduction as core_reduction

__all__ = ["reduction"]


class _UserChunk:
    def __init__(self, func: Callable):
        self.func = func
        self.__name__ = getattr(func, "__name__", "chunk")

    def __call__(self, block: np.ndarray, axis: tuple) -> Any:
        return self.func(block, axis=axis, keepdims=True)


class _UserCombine:
    def __init__(self, func: Callable | None, chunk: Callable):
        self.func, self.chunk = func, chunk
        self.__name__ = getattr(func or chunk, "__name__", "combine")

    def __call__(self, parts: list, axis: tuple) -> Any:
        # Partials keep the reduced axes; joined along one of them, they can be reduced
        # again whatever their layout on the block grid.
        joined = blocktype.concatenate(parts, axis=axis[0])  # keeps masks (la.ma)
        return (self.func or self.chunk)(joined, axis=axis, keepdims=True)


class _UserAggregate:
    def __init__(self, func: Callable | None):
        self.func = func
        self.__name__ = getattr(func, "__name__", "aggregate")

    def __call__(self, partial: Any, axis: tuple, keepdims: bool) -> Any:
        if self.func is not None:
            return self.func(partial, axis=axis, keepdims=keepdims)
        return partial if keepdims else np.squeeze(partial, axis=axis)


def reduction(x: Any, chunk: Callable, combine: Callable | None = None, aggregate: Callable | None = None, *,
              axis: Any = None, keepdims: bool = False, dtype: Any = None, split_every: Any = None,
              name: str | None = None) -> Array:
    """Your own tree reduction, built from NumPy-style functions.

    Parameters
    ----------
    chunk : callable
        ``chunk(block, axis=tuple, keepdims=True)`` summarizes one block, keeping the
        reduced axes (length 1, or any length your combine understands).
    combine : callable, optional
        ``combine(joined, axis=tuple, keepdims=True)`` where *joined* is neighbouring
        partials concatenated along a reduced axis; defaults to *chunk*.
    aggregate : callable, optional
        ``aggregate(partial, axis=tuple, keepdims=bool)`` gives the final value;
        defaults to dropping the reduced axes.
    axis, keepdims, dtype, split_every
        As for ``sum``; *dtype* is inferred from a tiny sample if omitted.

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.array([[3, -8, 2], [5, 1, -1]]), chunks=1)
    >>> def max_abs(b, axis, keepdims):
    ...     return np.max(np.abs(b), axis=axis, keepdims=keepdims)
    >>> la.reduction(x, max_abs, axis=1).compute()
    array([8, 5])
    """
    a = _lazy(x)
    axes = tuple(range(a.ndim)) if axis is None else tuple(
        sorted(int(ax) % a.ndim for ax in (axis if isinstance(axis, (tuple, list)) else (axis,))))
    if dtype is None:
        sample = np.ones((2,) * a.ndim, dtype=a.dtype)
        partial = chunk(sample, axis=axes, keepdims=True)
        dtype = np.asarray(aggregate(partial, axis=axes, keepdims=keepdims) if aggregate else partial).dtype
    label = name or getattr(chunk, "__name__", "reduction")
    return core_reduction(a, _UserChunk(chunk), _UserCombine(combine, chunk), _UserAggregate(aggregate),
                          axis=axes, keepdims=keepdims, dtype=np.dtype(dtype), name=label, split_every=split_every)
