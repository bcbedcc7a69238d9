"""Wrapping existing data as a lazy array: :func:`from_array`.

Any object with ``shape``, ``dtype`` and ``__getitem__`` works (NumPy arrays,
memmaps, h5py or zarr datasets): each block is read by its own task with a slice,
so nothing is loaded until computed and only the blocks needed are read.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from .array import Array, is_array
from .chunks import chunk_boundaries, normalize_chunks
from .graph import Graph, Key, MaterializedLayer, Task
from .tokenize import tokenize

__all__ = ["as_lazy", "asarray_like", "from_array", "getter"]


def getter(source: Any, index: tuple[slice, ...]) -> np.ndarray:
    """Read one block: ``source[index]`` as a NumPy array (copied out of memmaps)."""
    block = source[index]
    if not isinstance(block, np.ndarray):
        # 0-d reads give a scalar (b'ab' for an S5 array): keep the source's dtype.
        block = np.asarray(block, dtype=getattr(source, "dtype", None))
    if isinstance(source, np.ndarray) and not isinstance(source, np.memmap):
        return block  # a view is fine: graphs never mutate blocks
    return np.array(block, copy=True)


def as_lazy(x: Any) -> Array:
    """*x* itself if it is a lazy array, else ``from_array(np.asarray(x))``: how API functions take input.

    >>> import numpy as np
    >>> as_lazy([1, 2, 3]).compute()
    array([1, 2, 3])
    >>> y = as_lazy(np.ones(2)); as_lazy(y) is y
    True
    """
    return x if is_array(x) else from_array(np.asarray(x))


def from_array(x: Any, chunks: Any = "auto", name: str | None = None, *, lock: Any = None,
               inline_array: bool = False) -> Array:
    """Wrap an array-like object lazily, cut into *chunks*.

    Parameters
    ----------
    x : array-like
        An object with ``shape``, ``dtype`` and ``__getitem__`` (NumPy array, memmap,
        h5py/zarr dataset), or anything ``np.asarray`` accepts.
    chunks : int, tuple, dict, str
        Block sizes; see :func:`lazyarr.core.chunks.normalize_chunks`. Defaults to
        the store's own chunking when *x* has a ``chunks`` attribute of block sizes.
    name : str, optional
        Array name; by default a token of the data (equal data -> equal name).
    lock : lock-like, optional
        Held while reading each block (for sources that are not thread-safe).

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.arange(10), chunks=4)
    >>> x.chunks
    ((4, 4, 2),)
    >>> x.sum().compute()
    np.int64(45)
    """
    if not (hasattr(x, "shape") and hasattr(x, "dtype") and hasattr(x, "__getitem__")):
        x = np.asarray(x)
    if isinstance(x, Array):
        return x.rechunk(chunks)
    shape = tuple(int(s) for s in x.shape)
    dtype = np.dtype(x.dtype)
    store_chunks = getattr(x, "chunks", None)
    if (isinstance(chunks, str) and chunks == "auto" and isinstance(store_chunks, tuple)
            and len(store_chunks) == len(shape) and all(isinstance(c, int) for c in store_chunks)):
        chunks = store_chunks
    chunks = normalize_chunks(chunks, shape, dtype, funcname="from_array")
    if name is None:
        name = "array-" + tokenize(x, chunks)
    bounds = [chunk_boundaries(c) for c in chunks]
    tasks = {}
    read = getter if lock is None else _LockedGetter(lock)
    if len(shape) == 0:
        # x[...] keeps a 0-d array (x[()] would give a NumPy scalar, which some ufuncs treat
        # differently, e.g. integer ** negative scalar raises even for an empty base).
        tasks[Key(name, ())] = Task(read, (x, ...))
    else:
        for idx in itertools.product(*(range(len(c)) for c in chunks)):
            index = tuple(slice(int(b[i]), int(b[i + 1])) for b, i in zip(bounds, idx))
            tasks[Key(name, idx)] = Task(read, (x, index))
    layer = MaterializedLayer(name, tasks, label="array", info={"chunks": chunks, "dtype": dtype,
                                                                "source": type(x).__name__})
    return Array(Graph({name: layer}, {name: frozenset()}), name, chunks, dtype)


def asarray_like(x: np.ndarray, out_chunks: tuple) -> Array:
    """Wrap an in-memory operand with chunks matching *out_chunks* (right-aligned, as broadcasting does).

    Length-1 axes stay one block, so they broadcast against every block of the other operand.

    >>> import numpy as np
    >>> asarray_like(np.ones((1, 6)), ((2, 2), (3, 3))).chunks
    ((1,), (3, 3))
    """
    off = len(out_chunks) - x.ndim
    chunks = tuple((n,) if n == 1 else out_chunks[off + j] for j, n in enumerate(x.shape))
    return from_array(x, chunks=chunks)


class _LockedGetter:
    def __init__(self, lock: Any):
        self.lock = lock

    def __call__(self, source: Any, index: tuple) -> np.ndarray:
        with self.lock:
            return getter(source, index)

    __name__ = "getter"
