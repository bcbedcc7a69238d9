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

    def __call__(self, block: np.ndarray, *weights: np.ndarray, axis: tuple) -> Any:
        if weights:  # dask's weights=: the matching block of the weights, as a keyword
            return self.func(block, weights=weights[0], axis=axis, keepdims=True)
        return self.func(block, axis=axis, keepdims=True)


class _UserCombine:
    def __init__(self, func: Callable | None, chunk: Callable, concatenate: bool = True):
        self.func, self.chunk, self.concatenate = func, chunk, concatenate
        self.__name__ = getattr(func or chunk, "__name__", "combine")

    def __call__(self, parts: list, axis: tuple) -> Any:
        if not self.concatenate:  # the function joins the partials itself
            return (self.func or self.chunk)(list(parts), axis=axis, keepdims=True)
        # Partials keep the reduced axes; joined along one of them, they can be reduced
        # again whatever their layout on the block grid.
        joined = blocktype.concatenate(parts, axis=axis[0])  # keeps masks (la.ma)
        return (self.func or self.chunk)(joined, axis=axis, keepdims=True)


class _UserAggregate:
    def __init__(self, func: Callable | None, concatenate: bool = True):
        self.func, self.concatenate = func, concatenate
        self.__name__ = getattr(func, "__name__", "aggregate")

    def __call__(self, partial: Any, axis: tuple, keepdims: bool) -> Any:
        if self.func is not None:
            return self.func(partial if self.concatenate else [partial], axis=axis, keepdims=keepdims)
        return partial if keepdims else np.squeeze(partial, axis=axis)


def reduction(x: Any, chunk: Callable, aggregate: Callable | None = None, axis: Any = None, keepdims: bool = False,
              dtype: Any = None, split_every: Any = None, combine: Callable | None = None, name: str | None = None,
              out: None = None, concatenate: bool = True, output_size: int = 1, meta: Any = None,
              weights: Any = None) -> Array:
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
    name : str, optional
        Label of the layers (default: *chunk*'s name).
    concatenate : bool
        True (default): *combine* and *aggregate* get the partials joined into one array;
        False: they get the list of partials (and join them themselves).
    weights : array-like, optional
        Broadcast to *x* and cut like it; *chunk* is then called with ``weights=`` the
        matching block.
    out, output_size, meta
        dask's keywords: ``out`` must be None; ``output_size`` (the partials' length along
        the reduced axes) is not needed, partials may have any length; ``meta``'s dtype
        is used when *dtype* is omitted.

    The order of the arguments is dask's: ``reduction(x, chunk, aggregate, ...)``, with
    *combine* a keyword.

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.array([[3, -8, 2], [5, 1, -1]]), chunks=1)
    >>> def max_abs(b, axis, keepdims):
    ...     return np.max(np.abs(b), axis=axis, keepdims=keepdims)
    >>> la.reduction(x, max_abs, axis=1).compute()
    array([8, 5])
    """
    if out is not None:
        raise TypeError("reduction: out= is not supported for lazy arrays; use the returned array")
    a = _lazy(x)
    axes = tuple(range(a.ndim)) if axis is None else tuple(
        sorted(int(ax) % a.ndim for ax in (axis if isinstance(axis, (tuple, list)) else (axis,))))
    extras = []
    if weights is not None:
        from ..manipulation.shape import broadcast_to

        w = _lazy(weights)
        try:
            w = broadcast_to(w, a.shape)
        except ValueError:
            raise ValueError(f"reduction: weights of shape {w.shape} do not broadcast to the array's shape "
                             f"{a.shape}") from None
        extras = [w]
    if dtype is None and meta is not None:
        dtype = meta.dtype
    if dtype is None:
        sample = np.ones((2,) * a.ndim, dtype=a.dtype)
        partial = _UserChunk(chunk)(sample, *[np.ones_like(sample, dtype=w.dtype) for w in extras], axis=axes)
        if aggregate is None:
            dtype = np.asarray(partial).dtype
        else:
            dtype = np.asarray(aggregate(partial if concatenate else [partial], axis=axes, keepdims=keepdims)).dtype
    label = name or getattr(chunk, "__name__", "reduction")
    return core_reduction(a, _UserChunk(chunk), _UserCombine(combine, chunk, concatenate),
                          _UserAggregate(aggregate, concatenate), axis=axes, keepdims=keepdims, dtype=np.dtype(dtype),
                          name=label, split_every=split_every, extras=extras)
