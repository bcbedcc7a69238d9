"""Interop with ``dask.delayed``: ``from_delayed`` (one block from a Delayed) and ``to_delayed``.

dask is optional: these functions import it only when called. ``to_delayed`` needs no
conversion code of its own, because a lazyarr array *is* a dask collection (the protocol is
attached by ``schedulers/dask.py``): ``dask.delayed(x.blocks[i, j])`` is a Delayed that
computes that block. ``from_delayed`` is one task that calls ``value.compute()`` on dask's
synchronous scheduler, inside whichever lazyarr scheduler runs it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import blockwise_array
from ...core.tokenize import tokenize

__all__ = ["from_delayed", "to_delayed"]


def _compute_delayed(value: Any, shape: tuple, dtype: np.dtype) -> np.ndarray:
    block = np.asarray(value.compute(scheduler="sync"), dtype=dtype)
    if len(block.shape) != len(shape) or any(not math.isnan(s) and s != n for s, n in zip(shape, block.shape)):
        raise ValueError(f"from_delayed: the delayed value computed to shape {block.shape}, but shape {shape} "
                         f"was declared")
    return block


def from_delayed(value: Any, shape: Any, dtype: Any = None, meta: Any = None, name: str | None = None) -> Array:
    """A lazy array of one block computed by a ``dask.delayed`` value (dask's ``from_delayed``).

    *shape* must be given (``nan`` for a length not known in advance), and *dtype* (or
    *meta*, an array whose dtype is used): nothing is computed to find them.

    >>> import dask, numpy as np, lazyarr as la
    >>> value = dask.delayed(np.arange)(5)
    >>> x = la.from_delayed(value, shape=(5,), dtype=int)
    >>> (x * 2).compute()
    array([0, 2, 4, 6, 8])
    """
    if not hasattr(value, "compute") or not hasattr(value, "key"):
        raise TypeError(f"from_delayed: expected a dask.delayed value, got {type(value).__name__}")
    if dtype is None:
        if meta is None:
            raise TypeError("from_delayed: give dtype= (or meta=): lazyarr does not compute the value to find it")
        dtype = meta.dtype
    dtype = np.dtype(dtype)
    shape = (shape,) if np.ndim(shape) == 0 else tuple(shape)
    chunks = tuple((n if isinstance(n, float) and math.isnan(n) else int(n),) for n in shape)
    name = name or "from-delayed-" + tokenize(str(value.key), shape, dtype)
    return blockwise_array(_compute_delayed, [value, shape, dtype], chunks, dtype, name=name, label="from_delayed")


def to_delayed(x: Array, optimize_graph: bool = True) -> np.ndarray:
    """One ``dask.delayed`` value per block, in an object array shaped like the block grid.

    Each value computes only its own block's tasks (lazyarr culls the graph per block, so
    *optimize_graph* changes nothing and is accepted for dask's signature).

    >>> import dask, lazyarr as la
    >>> parts = la.arange(6, chunks=4).to_delayed()
    >>> parts.shape, parts[1].compute()
    ((2,), array([4, 5]))
    """
    import dask

    out = np.empty(x.numblocks, dtype=object)
    for idx in np.ndindex(*x.numblocks):
        out[idx] = dask.delayed(x.blocks[idx].to_dask())  # to_dask: the door into dask (docs/ecosystem.md)
    return out
