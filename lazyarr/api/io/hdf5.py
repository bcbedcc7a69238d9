"""Writing HDF5 files with h5py: ``to_hdf5`` (reading is ``from_array(h5py_dataset)``).

Each array becomes a dataset created with the array's shape and dtype (and, by default,
HDF5 chunks equal to the lazy array's block shape, so each block is one HDF5 chunk); the
blocks are then written by :func:`~lazyarr.store`, one task per block under one lock,
because h5py files are not safe to write from several threads.
"""

from __future__ import annotations

from typing import Any

from ...core.array import is_array
from .base import store

__all__ = ["to_hdf5"]


def to_hdf5(filename: Any, *args: Any, chunks: Any = True, **kwargs: Any) -> None:
    """Store arrays in an HDF5 file: ``to_hdf5(file, "/path", x)`` or ``to_hdf5(file, {"/x": x, "/y": y})``.

    Parameters
    ----------
    filename : str or path
        The file (opened in append mode: existing datasets elsewhere are kept).
    *args : a path and an array, or a dict of paths to arrays
    chunks : True, None or tuple
        HDF5 chunking: ``True`` (default) uses each array's block shape, ``None`` stores
        contiguously, a tuple is used as given.
    **kwargs
        Passed to ``h5py.File.require_dataset`` (e.g. ``compression="gzip"``).

    Examples
    --------
    >>> import os, tempfile, h5py, lazyarr as la
    >>> path = os.path.join(tempfile.mkdtemp(), "data.h5")
    >>> la.to_hdf5(path, "/x", la.arange(6, chunks=4))
    >>> with h5py.File(path) as f:
    ...     f["/x"][:]
    array([0, 1, 2, 3, 4, 5])
    """
    import h5py

    if len(args) == 1 and isinstance(args[0], dict):
        data = dict(args[0])
    elif len(args) == 2 and isinstance(args[0], str) and is_array(args[1]):
        data = {args[0]: args[1]}
    else:
        raise ValueError("to_hdf5: give a dataset path and an array, to_hdf5(file, '/x', x), or a dict "
                         "{'/x': x, ...}")
    for path, x in data.items():
        if not is_array(x):
            raise TypeError(f"to_hdf5: {path!r} maps to a {type(x).__name__}, not a lazy array")
    with h5py.File(filename, mode="a") as f:
        datasets = []
        for path, x in data.items():
            if x.ndim == 0:
                hchunks = None
            elif chunks is True:
                hchunks = tuple(max(int(c), 1) for c in x.chunksize)
            else:
                hchunks = chunks
            datasets.append(f.require_dataset(path, shape=x.shape, dtype=x.dtype, chunks=hchunks, **kwargs))
        store(list(data.values()), datasets, lock=True)


