"""Wrapping existing data as a lazy array: :func:`from_array`.

Any object with ``shape``, ``dtype`` and ``__getitem__`` works (NumPy arrays,
memmaps, h5py or zarr datasets): each block is read by its own task with a slice,
so nothing is loaded until computed and only the blocks needed are read.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np

from .array import Array, is_array
from .blocktype import type_of_block
from .chunks import chunk_boundaries, normalize_chunks
from .graph import Graph, Key, MaterializedLayer, Task
from .tokenize import tokenize

__all__ = ["as_lazy", "asarray_like", "from_array", "getter", "register_converter", "convert_foreign"]

#: Other libraries' lazy arrays that become lazyarr arrays without being computed:
#: (recognise, convert) pairs, registered by the adapters at the edge (the core imports
#: none of those libraries; ``schedulers/dask.py`` registers dask arrays).
CONVERTERS: list[tuple[Callable[[Any], bool], Callable[[Any], Array]]] = []


def register_converter(recognise: Callable[[Any], bool], convert: Callable[[Any], Array]) -> None:
    """Let :func:`as_lazy` and :func:`from_array` take another library's lazy arrays as they are."""
    if (recognise, convert) not in CONVERTERS:
        CONVERTERS.append((recognise, convert))


def convert_foreign(x: Any) -> Array | None:
    """*x* as a lazy array if a registered converter recognises it, else None.

    >>> convert_foreign([1, 2]) is None
    True
    """
    for recognise, convert in CONVERTERS:
        if recognise(x):
            return convert(x)
    return None


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
    if is_array(x):
        return x
    foreign = convert_foreign(x)  # e.g. a dask array: its graph, not its computed values
    if foreign is not None:
        return foreign
    return from_array(x if isinstance(x, np.ndarray) else np.asarray(x))  # np.ma arrays keep their mask


def from_array(x: Any, chunks: Any = "auto", name: str | bool | None = None, *, lock: Any = None,
               asarray: bool | None = None, fancy: bool = True, getitem: Any = None, meta: Any = None,
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
    name : str or False, optional
        Array name; by default a token of the data (equal data -> equal name); ``False``
        gives a new random name (for sources whose content may change between reads).
    lock : lock-like, optional
        Held while reading each block (for sources that are not thread-safe).
    getitem : callable, optional
        ``getitem(x, index)`` reads one block (default: ``x[index]``, copied out of memmaps).
    asarray : bool, optional
        Blocks are always NumPy arrays in lazyarr: ``None`` or ``True`` (convert with
        ``np.asarray``); ``False`` is refused.
    fancy, meta, inline_array
        dask's hints about the source and the graph layout; accepted and not needed:
        lazyarr reads blocks with slices only, blocks are NumPy arrays, and the source is
        an argument of each read task either way.

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.arange(10), chunks=4)
    >>> x.chunks
    ((4, 4, 2),)
    >>> x.sum().compute()
    np.int64(45)

    A ``numpy.ma.MaskedArray`` keeps its mask: the blocks are masked arrays too.

    >>> m = la.from_array(np.ma.masked_greater(np.arange(4), 2), chunks=2)
    >>> m.sum().compute()
    np.int64(3)
    """
    foreign = convert_foreign(x)
    if foreign is not None:  # another library's lazy array: keep its graph and its chunks
        return foreign if isinstance(chunks, str) and chunks == "auto" else foreign.rechunk(chunks)
    if not (hasattr(x, "shape") and hasattr(x, "dtype") and hasattr(x, "__getitem__")):
        x = np.asarray(x)
    if asarray is False:
        raise ValueError("from_array: asarray=False is not supported: lazyarr blocks are always NumPy arrays; "
                         "leave asarray unset")
    if isinstance(x, Array):
        return x.rechunk(chunks)
    shape = tuple(int(s) for s in x.shape)
    dtype = np.dtype(x.dtype)
    store_chunks = getattr(x, "chunks", None)
    if (isinstance(chunks, str) and chunks == "auto" and isinstance(store_chunks, tuple)
            and len(store_chunks) == len(shape) and all(isinstance(c, int) for c in store_chunks)):
        chunks = store_chunks
    chunks = normalize_chunks(chunks, shape, dtype, funcname="from_array")
    if name is False:
        name = "array-" + uuid.uuid4().hex
    elif name is None:
        name = "array-" + tokenize(x, chunks)
    bounds = [chunk_boundaries(c) for c in chunks]
    tasks = {}
    read = getter if getitem is None else _CustomGetter(getitem)
    read = read if lock is None else _LockedGetter(lock, read)
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
    return Array(Graph({name: layer}, {name: frozenset()}), name, chunks, dtype, type_of_block(x))


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
    def __init__(self, lock: Any, read: Any = getter):
        self.lock, self.read = lock, read

    def __call__(self, source: Any, index: tuple) -> np.ndarray:
        with self.lock:
            return self.read(source, index)

    __name__ = "getter"


class _CustomGetter:
    """The user's ``getitem(source, index)``, its result made a NumPy array of the source's dtype."""

    def __init__(self, getitem: Any):
        self.getitem = getitem

    def __call__(self, source: Any, index: tuple) -> np.ndarray:
        return np.asarray(self.getitem(source, index), dtype=getattr(source, "dtype", None))

    __name__ = "getter"
