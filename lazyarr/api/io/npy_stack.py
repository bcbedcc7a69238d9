"""A directory of ``.npy`` files, one per block along one axis: ``to_npy_stack`` / ``from_npy_stack``.

The format is dask's, so stacks written by either library load in the other: the directory
holds ``0.npy``, ``1.npy``, ... (the array cut along *axis*, whole along the other axes) and
a file ``info``, a pickled dict ``{"chunks": ..., "dtype": ..., "axis": ...}``. (Pickle runs
code when loaded: only load stacks you or a trusted program wrote.)
"""

from __future__ import annotations

import os
import pickle
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import PerBlock, blockwise_array
from ...core.tokenize import tokenize
from .base import store

__all__ = ["from_npy_stack", "to_npy_stack"]


class _NpyStack:
    """A write target: ``target[region] = block`` saves the block as file ``<i>.npy``."""

    def __init__(self, dirname: str, chunks: tuple, axis: int, dtype: np.dtype):
        self.dirname, self.axis, self.dtype = dirname, axis, dtype
        self.shape = tuple(int(sum(c)) for c in chunks)
        self.starts = np.cumsum((0,) + tuple(chunks[axis]))[:-1].tolist()

    def __setitem__(self, region: tuple[slice, ...], block: np.ndarray) -> None:
        i = self.starts.index(region[self.axis].start or 0)
        np.save(os.path.join(self.dirname, f"{i}.npy"), block)


def to_npy_stack(dirname: str, x: Array, axis: int = 0) -> None:
    """Write *x* as one ``.npy`` file per block along *axis* (dask's format; see the module notes).

    >>> import tempfile, lazyarr as la
    >>> d = tempfile.mkdtemp()
    >>> la.to_npy_stack(d, la.arange(10, chunks=4))
    >>> la.from_npy_stack(d).chunks
    ((4, 4, 2),)
    """
    if x.ndim == 0:
        raise ValueError("to_npy_stack: a 0-d array has no axis to split along; reshape it to 1-d first")
    axis = int(axis) % x.ndim
    if any(np.isnan(n) for n in x.shape):
        raise ValueError(f"to_npy_stack: the array's shape {x.shape} has unknown sizes; call "
                         f"x.compute_chunk_sizes() first")
    chunks = tuple(c if i == axis else (int(sum(c)),) for i, c in enumerate(x.chunks))
    y = x.rechunk(chunks) if chunks != x.chunks else x
    os.makedirs(dirname, exist_ok=True)
    with open(os.path.join(dirname, "info"), "wb") as f:
        pickle.dump({"chunks": chunks, "dtype": x.dtype, "axis": axis}, f)
    store(y, _NpyStack(dirname, chunks, axis, x.dtype), lock=False)


def _load(path: str, mmap_mode: Any) -> np.ndarray:
    return np.load(path, mmap_mode=mmap_mode)


def from_npy_stack(dirname: str, mmap_mode: str | None = "r") -> Array:
    """Read a stack written by :func:`to_npy_stack` (or by dask): one block per file.

    >>> import tempfile, lazyarr as la
    >>> d = tempfile.mkdtemp()
    >>> la.to_npy_stack(d, la.ones((4, 3), chunks=2), axis=1)
    >>> la.from_npy_stack(d).sum().compute()
    np.float64(12.0)
    """
    info_path = os.path.join(dirname, "info")
    if not os.path.exists(info_path):
        raise FileNotFoundError(f"from_npy_stack: {dirname!r} has no 'info' file; expected a directory written "
                                f"by to_npy_stack")
    with open(info_path, "rb") as f:
        info = pickle.load(f)
    chunks = tuple(tuple(int(n) for n in c) for c in info["chunks"])
    axis, dtype = int(info["axis"]), np.dtype(info["dtype"])
    files = [os.path.join(dirname, f"{i}.npy") for i in range(len(chunks[axis]))]
    name = "from-npy-stack-" + tokenize(os.path.abspath(dirname), chunks, dtype, mmap_mode,
                                        [os.path.getmtime(p) for p in files if os.path.exists(p)])
    return blockwise_array(_load, [PerBlock(lambda idx: files[idx[axis]]), mmap_mode], chunks, dtype, name=name,
                           label="from_npy_stack")
