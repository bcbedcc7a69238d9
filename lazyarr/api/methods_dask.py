"""The Array methods and properties dask.array has beyond NumPy's: ``x.vindex``, ``x.partitions``,
``x.view``, ``x.choose``, ``x.trace``, ``x.moment``, ``x.shuffle``, ``x.to_hdf5``, ``x.to_delayed``.

``api/methods.py`` attaches them with the rest (``install``); each is a short delegation to the
function that does the work, so ``help(x.moment)`` and ``help(la.moment)`` tell the same story.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core.array import Array
from ..core.blockwise import elemwise

__all__: list[str] = []  # methods only; the functions they call are in the namespace


def _view_block(block: np.ndarray, dtype: np.dtype, order: str) -> np.ndarray:
    if order == "C":
        return np.ascontiguousarray(block).view(dtype)
    # Fortran order: the bytes run along the first axis, i.e. the last axis of the transpose
    return np.ascontiguousarray(block.T).view(dtype).T


class _DaskArrayMethods:
    """Copied onto ``Array`` by ``api/methods.py``."""

    @property
    def vindex(self) -> Any:
        """Point-wise indexing: ``x.vindex[rows, cols]`` picks one element per broadcast index point.

        The broadcast index shape comes first, then the sliced axes (dask's rule); each input
        block is read once and only its points are kept (see ``api/indexing/vindex.py``).

        >>> import lazyarr as la
        >>> la.arange(12, chunks=5).reshape(3, 4).vindex[[0, 2], [3, 1]].compute()
        array([3, 9])
        """
        from .indexing.vindex import VIndex

        return VIndex(self)

    @property
    def partitions(self) -> Any:
        """The block grid, as ``x.blocks`` (dask's name, shared with its dataframes).

        >>> import lazyarr as la
        >>> la.arange(10, chunks=4).partitions[-1].compute()
        array([8, 9])
        """
        return self.blocks

    def view(self, dtype: Any = None, order: str = "C") -> Array:
        """The same bytes seen as another dtype (``ndarray.view``), block by block.

        With a different item size, the last axis (``order="C"``) or the first (``"F"``)
        changes length, and every block's bytes along it must divide evenly.

        >>> import numpy as np, lazyarr as la
        >>> la.from_array(np.array([1.0, 2.0], dtype=np.float64), chunks=1).view(np.int64).compute()
        array([4607182418800017408, 4611686018427387904])
        """
        if dtype is None:
            return self
        if order not in ("C", "F"):
            raise ValueError(f"view: order={order!r}; allowed: 'C', 'F'")
        dtype = np.dtype(dtype)
        old = self.dtype.itemsize
        if dtype.itemsize == old:
            return elemwise(_view_block, self, dtype, order, dtype=dtype, label="view")
        if self.ndim == 0:
            raise ValueError(f"view: changing the item size ({old} -> {dtype.itemsize} bytes) needs at least 1 "
                             f"dimension")
        axis = -1 if order == "C" else 0
        sizes = self.chunks[axis]
        if any(np.isnan(s) or (s * old) % dtype.itemsize for s in sizes):
            raise ValueError(f"view: blocks along axis {axis % self.ndim} have lengths {sizes} of {old}-byte items; "
                             f"each must be a multiple of {dtype.itemsize} bytes to view as {dtype}. "
                             f"Rechunk first")
        chunks = list(self.chunks)
        chunks[axis] = tuple(int(s * old // dtype.itemsize) for s in sizes)
        return self.map_blocks(_view_block, dtype, order, dtype=dtype, chunks=tuple(chunks))

    def choose(self, choices: Any) -> Array:
        """``lazyarr.choose(x, choices)``: pick from *choices* by the values of *x*.

        >>> import lazyarr as la
        >>> la.from_array([1, 0, 1]).choose([[10, 11, 12], [20, 21, 22]]).compute()
        array([20, 11, 22])
        """
        from .indexing.selection import choose

        return choose(self, choices)

    def trace(self, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None) -> Array:
        """``lazyarr.trace(x, ...)``: the sum along a diagonal.

        >>> import lazyarr as la
        >>> la.eye(3, chunks=2).trace().compute()
        np.float64(3.0)
        """
        from .linalg.products import trace

        return trace(self, offset=offset, axis1=axis1, axis2=axis2, dtype=dtype)

    def moment(self, order: int, axis: Any = None, dtype: Any = None, keepdims: bool = False, ddof: int = 0,
               split_every: Any = None, out: None = None) -> Array:
        """``lazyarr.moment(x, order, ...)``: a central moment.

        >>> import lazyarr as la
        >>> la.arange(10, chunks=3).moment(2).compute()
        np.float64(8.25)
        """
        from .reductions.moments import moment

        return moment(self, order, axis=axis, dtype=dtype, keepdims=keepdims, ddof=ddof, split_every=split_every,
                      out=out)

    def shuffle(self, indexer: Any, axis: int, chunks: Any = "auto") -> Array:
        """``lazyarr.shuffle(x, indexer, axis)``: reorder along *axis* by groups of positions.

        >>> import lazyarr as la
        >>> la.arange(4, chunks=2).shuffle([[3], [0, 2, 1]], axis=0).compute()
        array([3, 0, 2, 1])
        """
        from .manipulation.editing import shuffle

        return shuffle(self, indexer, axis, chunks=chunks)

    def to_hdf5(self, filename: Any, datapath: str, **kwargs: Any) -> None:
        """``lazyarr.to_hdf5(filename, datapath, x, **kwargs)``: store in an HDF5 dataset (h5py).

        >>> import os, tempfile, h5py, lazyarr as la
        >>> path = os.path.join(tempfile.mkdtemp(), "x.h5")
        >>> la.ones(3, chunks=2).to_hdf5(path, "/x")
        >>> with h5py.File(path) as f:
        ...     f["/x"].shape
        (3,)
        """
        from .io.hdf5 import to_hdf5

        return to_hdf5(filename, datapath, self, **kwargs)

    def to_delayed(self, optimize_graph: bool = True) -> np.ndarray:
        """``lazyarr.to_delayed(x)``: one ``dask.delayed`` value per block (needs dask).

        >>> import lazyarr as la
        >>> la.arange(4, chunks=2).to_delayed()[1].compute()
        array([2, 3])
        """
        from .io.delayed import to_delayed

        return to_delayed(self, optimize_graph=optimize_graph)
