"""The lazy :class:`Array`: a name, a graph, chunks and a dtype.

Everything else here is derived from those four (shape, number of blocks, bytes), or
runs the graph (``compute``, ``persist``, ``np.asarray(x)``), or is basic indexing
(integers, slices, ``None``, ``...``). That is the whole data class.

The rest of what an array can do is attached by the layers above, each in one place:

* ``lazyarr/api/methods.py``: operators (``x + 1``, ``x += 1``, ``x @ y``, ``x < y``),
  NumPy-named methods (``x.sum()``), NumPy's ``__array_ufunc__``/``__array_function__``
  protocols, Array API attributes, and the full ``x[...]``/``x[...] = v`` (fancy indexing);
* ``lazyarr/display/methods.py``: ``repr``, the notebook view, ``visualize``, ``explain``;
* ``lazyarr/schedulers/dask.py``: ``x.to_dask()`` (the dask collection protocol is deliberately absent).

``import lazyarr`` imports those layers in that order, so every ``Array`` has them.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterator
from typing import Any

import numpy as np

from .graph import Graph, Key, gc_paused, make_keys

__all__ = ["Array", "is_array"]


def is_array(x: Any) -> bool:
    """Whether *x* is a lazy :class:`Array`.

    >>> import numpy as np, lazyarr as la
    >>> is_array(la.ones(3)), is_array(np.ones(3))
    (True, False)
    """
    return isinstance(x, Array)


class Array:
    """A lazy, chunked N-dimensional array.

    Built by lazyarr functions (``la.ones``, ``la.random.random``, ``x + 1``, ...);
    nothing is computed until :meth:`compute` (or ``np.asarray(x)``).

    Parameters
    ----------
    graph : Graph
        The task graph that produces every block.
    name : str
        The array's name: block ``(i, j)`` is ``Key(name, (i, j))`` in *graph*.
    chunks : tuple of tuples
        Block lengths per axis (already normalized).
    dtype : numpy dtype
    block_type : type, optional
        What kind of NumPy array each block is: ``numpy.ndarray`` (the default) or
        ``numpy.ma.MaskedArray`` (see ``core/blocktype.py``).

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.ones((4, 6), chunks=(2, 3))
    >>> x.shape, x.chunks, x.numblocks
    ((4, 6), ((2, 2), (3, 3)), (2, 2))
    >>> (x + 1).sum().compute()
    np.float64(48.0)
    """

    def __init__(self, graph: Graph, name: str, chunks: tuple, dtype: Any, block_type: type = np.ndarray):
        self.graph = graph
        self.name = name
        self.chunks = chunks
        self.dtype = np.dtype(dtype)
        self.block_type = block_type

    @property
    def chunks(self) -> tuple:
        """Block lengths along each axis.

        >>> import lazyarr as la
        >>> la.ones((10, 10), chunks=(4, 5)).chunks
        ((4, 4, 2), (5, 5))
        """
        return self._chunks

    @chunks.setter
    def chunks(self, chunks: tuple) -> None:
        self._chunks = tuple(tuple(c) for c in chunks)
        self._shape: tuple | None = None  # summing a million block sizes takes a while: once

    @property
    def shape(self) -> tuple:
        """Length of each axis (``nan`` where block sizes are unknown until computed).

        >>> import lazyarr as la
        >>> la.ones((10, 10), chunks=4).shape
        (10, 10)
        """
        if self._shape is None:
            self._shape = tuple(_axis_length(c) for c in self._chunks)
        return self._shape

    @property
    def ndim(self) -> int:
        """Number of axes.

        >>> import lazyarr as la
        >>> la.ones((2, 3)).ndim
        2
        """
        return len(self.chunks)

    @property
    def numblocks(self) -> tuple[int, ...]:
        """Number of blocks along each axis.

        >>> import lazyarr as la
        >>> la.ones((10, 10), chunks=4).numblocks
        (3, 3)
        """
        return tuple(len(c) for c in self.chunks)

    @property
    def npartitions(self) -> int:
        """Total number of blocks.

        >>> import lazyarr as la
        >>> la.ones((10, 10), chunks=4).npartitions
        9
        """
        return math.prod(self.numblocks)

    @property
    def chunksize(self) -> tuple:
        """The largest block length along each axis.

        >>> import lazyarr as la
        >>> la.ones((10, 10), chunks=4).chunksize
        (4, 4)
        """
        return tuple(_max_length(c) for c in self.chunks)

    @property
    def size(self) -> float:
        """Number of elements (``nan`` if some block sizes are unknown).

        >>> import lazyarr as la
        >>> la.ones((2, 3)).size
        6
        """
        return math.prod(self.shape)

    @property
    def itemsize(self) -> int:
        """Bytes per element.

        >>> import lazyarr as la
        >>> la.ones(3, dtype="float32").itemsize
        4
        """
        return self.dtype.itemsize

    @property
    def nbytes(self) -> float:
        """Bytes of the whole array once computed.

        >>> import lazyarr as la
        >>> la.ones((1000, 1000)).nbytes
        8000000
        """
        return self.size * self.itemsize

    @property
    def blocks(self) -> Any:
        """Index the block grid: ``x.blocks[0, 1]`` is the lazy block at (0, 1).

        >>> import lazyarr as la
        >>> la.arange(10, chunks=4).blocks[1].compute()
        array([4, 5, 6, 7])
        """
        from .slicing import BlockView

        return BlockView(self)

    def keys(self) -> list[Key]:
        """The output block keys, flat in C order.

        >>> import lazyarr as la
        >>> x = la.ones(6, chunks=3)
        >>> [k.index for k in x.keys()]
        [(0,), (1,)]
        """
        with gc_paused():  # 100,000s of small acyclic tuples; see graph.gc_paused
            return make_keys(self.name, itertools.product(*(range(n) for n in self.numblocks)))

    def compute(self, **kwargs: Any) -> Any:
        """Run the graph and return a NumPy array (a NumPy scalar for 0-d arrays).

        Arrays of masked blocks (``lazyarr.ma``) give a ``numpy.ma.MaskedArray``.

        Keyword arguments go to :func:`lazyarr.compute` (``scheduler=``,
        ``num_workers=``, ``optimize_graph=``).

        >>> import lazyarr as la
        >>> la.arange(4, chunks=2).compute()
        array([0, 1, 2, 3])
        """
        from .compute import compute

        return compute(self, **kwargs)[0]

    def persist(self, **kwargs: Any) -> Array:
        """Compute every block now and return a lazy array backed by those blocks.

        >>> import lazyarr as la
        >>> y = (la.arange(4, chunks=2) * 2).persist()
        >>> len(y.graph.layers), y.compute()
        (1, array([0, 2, 4, 6]))
        """
        from .compute import persist

        return persist(self, **kwargs)[0]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        """NumPy's conversion hook: ``np.asarray(x)`` computes the array (dropping a mask, as NumPy does)."""
        out = np.asarray(self.compute())
        if dtype is not None:
            out = out.astype(dtype, copy=False)
        return out

    def _scalar(self, kind: type, what: str) -> Any:
        if self.ndim != 0:  # NumPy 2.4 refuses 1-element arrays with ndim > 0 too
            raise TypeError(
                f"{what}: only 0-dimensional arrays can be converted to Python scalars; this array has "
                f"shape {self.shape} (take one element first, e.g. x[0] or x.reshape(()))"
            )
        # A 0-d ndarray, not a NumPy scalar: float() of a complex one raises TypeError, as in NumPy.
        return kind(np.asarray(self.compute()).reshape(()))

    def __bool__(self) -> bool:
        """``bool(x)`` computes a one-element array (``if x:``); larger arrays are ambiguous."""
        if self.size != 1:
            raise ValueError(
                "The truth value of an array with more than one element is ambiguous. "
                "Use a.any() or a.all()"
            )
        return bool(np.asarray(self.compute()).reshape(()))

    def __int__(self) -> int:
        """``int(x)`` computes a 0-d array."""
        return self._scalar(int, "int()")

    def __float__(self) -> float:
        """``float(x)`` computes a 0-d array."""
        return self._scalar(float, "float()")

    def __complex__(self) -> complex:
        """``complex(x)`` computes a 0-d array."""
        return self._scalar(complex, "complex()")

    def __index__(self) -> int:
        """``operator.index(x)``: a computed 0-d integer array used as an index (``range(x)``)."""
        if self.ndim != 0 or self.dtype.kind not in "iub":
            raise TypeError(
                f"__index__: only 0-d integer arrays can be used as an index, got shape "
                f"{self.shape} dtype {self.dtype}"
            )
        return operator.index(self.compute())

    def item(self, *args: Any) -> Any:
        """One element as a Python scalar, as ``ndarray.item``: computes only that element.

        ``x.item()`` needs a one-element array; ``x.item(i)`` takes a flat (C-order) index,
        ``x.item(i, j)`` one index per axis.

        >>> import lazyarr as la
        >>> x = la.arange(6, chunks=4).reshape(2, 3)
        >>> x.item(4), x.item(1, 0), x.sum().item()
        (4, 3, 15)
        """
        if len(args) == 1 and isinstance(args[0], tuple):
            args = args[0]
        if not args:
            if self.size != 1:
                raise ValueError("can only convert an array of size 1 to a Python scalar")
            return np.asarray(self.compute()).item()
        if any(isinstance(s, float) and math.isnan(s) for s in self.shape):
            from ..errors import unknown_size_error

            raise unknown_size_error("item")
        index = tuple(operator.index(i) for i in args)
        if len(index) == 1 and self.ndim != 1:
            flat = index[0]
            if not -self.size <= flat < self.size:
                raise IndexError(f"index {flat} is out of bounds for size {self.size}")
            index = tuple(int(i) for i in np.unravel_index(flat % self.size, self.shape))
        elif len(index) != self.ndim:
            raise ValueError("incorrect number of indices for array")
        for axis, (i, n) in enumerate(zip(index, self.shape)):
            if not -n <= i < n:
                raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")
        return np.asarray(self[index].compute()).item()

    def tolist(self) -> Any:
        """The values as nested Python lists (a Python scalar for 0-d): computes the array.

        >>> import lazyarr as la
        >>> la.arange(4, chunks=2).reshape(2, 2).tolist()
        [[0, 1], [2, 3]]
        """
        return np.asarray(self.compute()).tolist()

    def __format__(self, spec: str) -> str:
        """``f"{x:.2f}"``: a 0-d array computes and is formatted as its NumPy scalar.

        With an empty spec this is ``str(x)`` (nothing is computed); a spec on an array
        with axes is a TypeError, as in NumPy.

        >>> import lazyarr as la
        >>> f"{la.arange(4, chunks=2).mean():.2f}"
        '1.50'
        """
        if not spec:
            return str(self)
        if self.ndim != 0:
            raise TypeError("unsupported format string passed to lazyarr.Array.__format__ (a format spec "
                            f"needs a 0-d array, this one has shape {self.shape}); compute it first")
        return format(np.asarray(self.compute()).reshape(())[()], spec)

    def __round__(self, ndigits: int | None = None) -> Any:
        """``round(x)``, ``round(x, 2)`` on a 0-d array: computes, then rounds as NumPy's scalar does.

        ``round(x)`` gives a Python int, ``round(x, n)`` a NumPy scalar, as for the scalar
        ``np.sum`` returns. NumPy arrays with axes have no ``round()``; use ``x.round(n)``
        (lazy) for them.

        >>> import lazyarr as la
        >>> round(la.arange(4, chunks=2).mean()), round(la.ones(3).sum() / 7, 2)
        (2, np.float64(0.43))
        """
        if self.ndim != 0:
            raise TypeError(f"round(): only 0-d arrays can be rounded with round(); this one has shape "
                            f"{self.shape}. Use x.round(decimals) for a lazy elementwise round")
        value = np.asarray(self.compute()).reshape(())[()]
        return round(value) if ndigits is None else round(value, ndigits)

    def __len__(self) -> int:
        """Length of the first axis (an error if it is unknown until computed)."""
        if self.ndim == 0:
            raise TypeError("len() of unsized object")
        n = self.shape[0]
        if isinstance(n, float) and math.isnan(n):
            from ..errors import unknown_size_error

            raise unknown_size_error("len", 0)
        return int(n)

    def __iter__(self) -> Iterator[Any]:
        """Iterate over the first axis as NumPy does: NumPy rows (NumPy scalars for a 1-d array).

        Iterating is reading the values, so it computes, but never one element at a time:
        rows of blocks (``x.blocks[i]``) are computed as they are reached, each block once.
        The first row of blocks is computed alone (reading the first element, as
        matplotlib does to detect units, computes one block row, not the array); after
        it, consecutive rows of blocks are computed together, as many as fit in the
        configured ``chunk_size``, so a small array in tiny blocks still takes few
        computes and memory holds about one ``chunk_size`` at a time. (Work shared by
        all rows, such as a mean subtracted from every element, is redone per group:
        ``persist()`` first to avoid that.) For lazy rows, index instead: ``x[i]``.

        >>> import lazyarr as la
        >>> [int(v) for v in la.arange(5, chunks=2)]
        [0, 1, 2, 3, 4]
        >>> next(iter(la.ones((2, 3), chunks=1)))
        array([1., 1., 1.])
        """
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return self._iter_rows()

    def _iter_rows(self) -> Iterator[Any]:
        from .. import config
        from .chunks import parse_bytes

        limit = parse_bytes(config.get("chunk_size"))
        nrows = self.numblocks[0]
        # bytes of each row of blocks (nan for unknown sizes: such a row is computed alone)
        row_bytes = [c * self.nbytes / self.shape[0] if self.shape[0] else 0 for c in self.chunks[0]]
        start = 0
        while start < nrows:
            stop = start + 1
            if start > 0:
                total = row_bytes[start]
                while stop < nrows and total + row_bytes[stop] <= limit:  # False once a size is nan
                    total += row_bytes[stop]
                    stop += 1
            yield from np.asarray(self.blocks[start:stop].compute())
            start = stop

    def __lazyarr_token__(self) -> str:
        """What :func:`~lazyarr.core.tokenize.tokenize` hashes: the name, which already names the graph."""
        return self.name

    def __getitem__(self, index: Any) -> Array:
        """Basic indexing: integers, slices, ``None`` and ``...`` (see ``core/slicing.py``).

        ``lazyarr/api/methods.py`` replaces this with the full NumPy indexing (lists,
        integer and boolean arrays), which hands basic indices back to this one.

        >>> import lazyarr as la
        >>> la.arange(10, chunks=4)[2:8:2].compute()
        array([2, 4, 6])
        """
        from .slicing import getitem

        return getitem(self, index)

    def rechunk(self, chunks: Any = "auto", threshold: Any = None, block_size_limit: Any = None,
                balance: bool = False, method: Any = None) -> Array:
        """The same values cut into new blocks; see :func:`lazyarr.rechunk`.

        >>> import lazyarr as la
        >>> la.ones(10, chunks=2).rechunk(5).chunks
        ((5, 5),)
        """
        from .rechunk import rechunk

        return rechunk(self, chunks, threshold=threshold, block_size_limit=block_size_limit, balance=balance,
                       method=method)

    def map_blocks(self, func: Any, *args: Any, name: str | None = None, token: str | None = None,
                   dtype: Any = None, chunks: Any = None, drop_axis: Any = (), new_axis: Any = None,
                   enforce_ndim: bool = False, meta: Any = None, **kwargs: Any) -> Array:
        """Run *func* on every block; see :func:`lazyarr.map_blocks`.

        >>> import lazyarr as la
        >>> la.arange(4, chunks=2).map_blocks(lambda b: b[::-1]).compute()
        array([1, 0, 3, 2])
        """
        from .map_blocks import map_blocks

        return map_blocks(func, self, *args, name=name, token=token, dtype=dtype, chunks=chunks,
                          drop_axis=drop_axis, new_axis=new_axis, enforce_ndim=enforce_ndim, meta=meta, **kwargs)

    def copy(self) -> Array:
        """An independent copy: a new Array object on the same (immutable) graph.

        Sharing the graph costs nothing, and ``x[i] = v`` rebinds only the object it is
        called on, so writes to the copy never reach the original and the other way round.

        >>> import lazyarr as la
        >>> x = la.arange(4, chunks=2)
        >>> c = x.copy()
        >>> c[0] = 99
        >>> x.compute(), c.compute()
        (array([0, 1, 2, 3]), array([99,  1,  2,  3]))
        """
        return Array(self.graph, self.name, self.chunks, self.dtype)

    def __copy__(self) -> Array:
        """``copy.copy(x)``: the same as :meth:`copy`."""
        return self.copy()

    def __deepcopy__(self, memo: Any) -> Array:
        """``copy.deepcopy(x)``: the same as :meth:`copy` (the graph is immutable, so sharing it is safe)."""
        return self.copy()


def _axis_length(c: tuple) -> float:
    total = 0
    for s in c:
        if s != s:  # nan
            return math.nan
        total += s
    return int(total)


def _max_length(c: tuple) -> float:
    if not c:
        return 0
    if any(s != s for s in c):
        return math.nan
    return int(max(c))
