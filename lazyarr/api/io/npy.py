"""Reading and writing ``.npy`` files block by block: :func:`from_npy`, :func:`to_npy`.

A ``.npy`` file is a small header (dtype, shape, memory order) followed by the raw
bytes of the array. That makes it ideal for out-of-core work: block ``(i, j)`` lives
at a known byte range, so it can be read or written on its own through a memory map.

:class:`NpyFile` is the bridge: an object with ``shape``, ``dtype``, ``__getitem__``
and ``__setitem__`` that maps only the bytes one block touches and unmaps them right
after. (A single ``np.memmap`` over the whole file would also work, but every page it
touches stays counted in the process's resident memory until the kernel reclaims it;
per-block maps keep the resident set at about one block per thread.)

Writing is all-or-nothing: :func:`to_npy` writes into a temporary file next to the
destination and renames it into place only when every block is written and flushed
to disk. If a task fails or you press Ctrl-C, the temporary file is removed and the
destination is untouched; if the writer is killed, the next write to the same path
removes what it left (``temporaries.py``).
"""

from __future__ import annotations

import math
import mmap
import os
import stat
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.chunks import normalize_chunks
from ...core.data import from_array
from ...core.tokenize import tokenize
from ...errors import unknown_size_error
from .base import build_store, run_store
from .temporaries import create_temporary, remove_stale_temporaries

__all__ = ["from_npy", "to_npy"]


def _read_header(path: str, func: str) -> tuple[tuple[int, ...], np.dtype, bool, int]:
    """(shape, dtype, fortran_order, data offset) of a .npy file, with clear errors."""
    fmt = np.lib.format
    with open(path, "rb") as f:
        try:
            version = fmt.read_magic(f)
        except ValueError as exc:
            raise ValueError(f"{func}: {path!r} is not a valid .npy file ({exc}); expected a file written by "
                             f"numpy.save or lazyarr's to_npy") from None
        try:
            if version == (1, 0):
                shape, fortran, dtype = fmt.read_array_header_1_0(f)
                offset = f.tell()
            elif version == (2, 0):
                shape, fortran, dtype = fmt.read_array_header_2_0(f)
                offset = f.tell()
            else:  # version 3.0 (utf-8 field names) has no public header reader: let np.load parse it
                m = np.load(path, mmap_mode="r")
                shape, dtype, offset = m.shape, m.dtype, int(m.offset)
                fortran = bool(m.ndim > 1 and m.flags.f_contiguous)
                del m
        except ValueError as exc:
            raise ValueError(f"{func}: {path!r} has a corrupt .npy header ({exc}); expected a file written by "
                             f"numpy.save or lazyarr's to_npy") from None
    dtype = np.dtype(dtype)
    if dtype.hasobject:
        raise ValueError(f"{func}: {path!r} holds Python objects (dtype {dtype}), which are pickled and "
                         f"cannot be read block by block; load it with numpy.load(allow_pickle=True)")
    nbytes = math.prod(shape) * dtype.itemsize
    size = os.path.getsize(path)
    if size < offset + nbytes:
        raise ValueError(f"{func}: {path!r} is truncated: its header describes shape {shape} dtype {dtype} "
                         f"({offset + nbytes} bytes) but the file has {size} bytes; the file is incomplete")
    return tuple(shape), dtype, bool(fortran), offset


def _strides(shape: tuple[int, ...], itemsize: int, fortran: bool) -> tuple[int, ...]:
    strides = []
    step = itemsize
    for n in (shape if fortran else reversed(shape)):
        strides.append(step)
        step *= max(n, 1)
    return tuple(strides) if fortran else tuple(reversed(strides))


class NpyFile:
    """A ``.npy`` file seen as an array whose blocks are read and written one at a time.

    Parameters
    ----------
    path : str or path-like
    mode : {"r", "r+"}
        ``"r+"`` allows ``npy[region] = block``.

    Each access maps just the byte range that the region spans, copies in or out, and
    unmaps it again, so any number of threads can read or write disjoint regions.

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.npy")
    >>> np.save(path, np.arange(12).reshape(3, 4))
    >>> f = NpyFile(path)
    >>> f.shape, f.dtype
    ((3, 4), dtype('int64'))
    >>> f[1:3, 2:4]
    array([[ 6,  7],
           [10, 11]])
    """

    def __init__(self, path: str | os.PathLike, mode: str = "r", *, _func: str = "NpyFile"):
        if mode not in ("r", "r+"):
            raise ValueError(f"{_func}: mode must be 'r' or 'r+', got {mode!r}")
        self.path = os.path.abspath(os.fspath(path))
        self.mode = mode
        self.shape, self.dtype, self.fortran, self.offset = _read_header(self.path, _func)
        self.strides = _strides(self.shape, self.dtype.itemsize, self.fortran)
        stat = os.stat(self.path)
        self._stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __repr__(self) -> str:
        return f"NpyFile({self.path!r}, shape={self.shape}, dtype={self.dtype})"

    def __lazyarr_token__(self) -> Any:
        # The same file, unchanged since it was opened (mtime, size and inode), has the same name.
        return ("npy", self.path, self._stamp, self.shape, self.dtype.str)

    # -- mapping one region ---------------------------------------------------------
    def _box(self, index: Any) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
        """(starts, block shape) if *index* is a box of unit-step slices, else None."""
        if not isinstance(index, tuple):
            index = (index,)
        if len(index) != self.ndim or not all(isinstance(s, slice) and s.step in (None, 1) for s in index):
            return None
        starts, shape = [], []
        for s, n in zip(index, self.shape):
            start, stop, _ = s.indices(n)
            starts.append(start)
            shape.append(max(stop - start, 0))
        return tuple(starts), tuple(shape)

    def _open_view(self, starts: tuple[int, ...], shape: tuple[int, ...], writable: bool):
        """Map the bytes of the box and return (mmap, ndarray view of the box)."""
        itemsize = self.dtype.itemsize
        first = self.offset + sum(s * st for s, st in zip(starts, self.strides))
        last = self.offset + sum((s + n - 1) * st for s, n, st in zip(starts, shape, self.strides)) + itemsize
        begin = first - first % mmap.ALLOCATIONGRANULARITY  # mmap offsets must be aligned
        with open(self.path, "r+b" if writable else "rb") as f:
            mm = mmap.mmap(f.fileno(), last - begin, offset=begin,
                           access=mmap.ACCESS_WRITE if writable else mmap.ACCESS_READ)
        view = np.ndarray(shape, dtype=self.dtype, buffer=mm, offset=first - begin, strides=self.strides)
        return mm, view

    def __getitem__(self, index: Any) -> np.ndarray:
        box = self._box(index)
        if box is None:  # any other index: map the whole file once
            return np.array(np.load(self.path, mmap_mode="r")[index], copy=True)
        starts, shape = box
        if math.prod(shape) == 0 or self.dtype.itemsize == 0:
            return np.zeros(shape, dtype=self.dtype)
        mm, view = self._open_view(starts, shape, writable=False)
        try:
            return view.copy()  # copy out: the block must outlive the map
        finally:
            del view
            mm.close()

    def __setitem__(self, index: Any, value: Any) -> None:
        if self.mode != "r+":
            raise ValueError(f"NpyFile: {self.path!r} was opened read-only; open it with mode='r+' to write")
        box = self._box(index)
        if box is None:
            raise IndexError(f"NpyFile: writing needs a tuple of {self.ndim} unit-step slices, got {index!r}")
        starts, shape = box
        value = np.asarray(value)
        if value.shape != shape and np.broadcast_shapes(value.shape, shape) != shape:
            raise ValueError(f"NpyFile: could not write a block of shape {value.shape} into region {index!r} "
                             f"of shape {shape}")
        if math.prod(shape) == 0 or self.dtype.itemsize == 0:
            return
        mm, view = self._open_view(starts, shape, writable=True)
        try:
            view[...] = value
        finally:
            del view
            mm.close()  # dirty pages stay in the page cache; to_npy fsyncs before renaming


def from_npy(path: str | os.PathLike, chunks: Any = "auto") -> Array:
    """Open a ``.npy`` file as a lazy array; each block is read from disk when computed.

    Parameters
    ----------
    path : str or path-like
        A file written by ``numpy.save`` or :func:`to_npy`.
    chunks : int, tuple, str
        Block sizes (default ``"auto"``: about ``config chunk_size`` bytes per block).

    Raises
    ------
    FileNotFoundError
        If *path* does not exist.
    ValueError
        If *path* is not a valid, complete ``.npy`` file, or holds Python objects.

    Notes
    -----
    The file is memory-mapped per block, so a file larger than memory can be
    reduced or transformed with bounded memory. The file must not change while a
    lazy array reads from it.

    Examples
    --------
    >>> import numpy as np, lazyarr as la, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "x.npy")
    >>> np.save(path, np.arange(10.0))
    >>> x = la.from_npy(path, chunks=4)
    >>> x.chunks
    ((4, 4, 2),)
    >>> x.sum().compute()
    np.float64(45.0)
    """
    source = NpyFile(path, _func="from_npy")
    chunks = normalize_chunks(chunks, source.shape, source.dtype, funcname="from_npy")
    # Named after the file's path, size and mtime: reopening an unchanged file gives the same graph.
    return from_array(source, chunks=chunks, name=f"from-npy-{tokenize(source, chunks)}")


def _write_header(f: Any, shape: tuple[int, ...], dtype: np.dtype) -> int:
    """Write a C-order .npy header; return the offset where the data starts."""
    header = {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape}
    try:
        np.lib.format.write_array_header_1_0(f, header)
    except ValueError:  # header longer than 64 KiB (huge structured dtypes): format 2.0
        f.seek(0)
        f.truncate()
        np.lib.format.write_array_header_2_0(f, header)
    return f.tell()


def to_npy(x: Array, path: str | os.PathLike, overwrite: bool = False, **compute_kwargs: Any) -> None:
    """Compute *x* and write it to a ``.npy`` file, block by block.

    Parameters
    ----------
    x : Array
    path : str or path-like
        Destination; ``numpy.load(path)`` reads it back.
    overwrite : bool
        Replace an existing file (default False: raise ``FileExistsError``).
    **compute_kwargs
        Passed to :func:`lazyarr.compute` (``scheduler=``, ``num_workers=``).

    Notes
    -----
    Memory holds only the blocks being computed, not the whole array. Blocks are
    written into a temporary file in the destination's directory, which is flushed
    to disk and renamed onto *path* (atomically) only once every block succeeded. On
    any error, including Ctrl-C, the temporary file is deleted: *path* then either
    does not exist or still has its old content. Reading *x* from *path* itself and
    writing back with ``overwrite=True`` is safe.

    Examples
    --------
    >>> import numpy as np, lazyarr as la, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "y.npy")
    >>> la.arange(10, chunks=3).to_npy(path)
    >>> np.load(path)
    array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    """
    path = os.path.abspath(os.fspath(path))
    if os.path.isdir(path):
        raise IsADirectoryError(f"to_npy: {path!r} is a directory; give a file name such as 'data.npy'")
    if os.path.exists(path) and not overwrite:
        raise FileExistsError(f"to_npy: {path!r} already exists; pass overwrite=True to replace it")
    if x.dtype.hasobject:
        raise ValueError(f"to_npy: arrays of dtype {x.dtype} hold Python objects and cannot be written "
                         f"block by block; convert with astype() to a fixed-size dtype")
    if any(math.isnan(s) for s in x.shape):
        raise unknown_size_error("to_npy")
    directory, name = os.path.split(path)
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"to_npy: the directory {directory!r} does not exist; create it first "
                                f"(os.makedirs) or choose another path")
    remove_stale_temporaries(directory, name)  # left by a writer that was killed
    temporary = create_temporary(directory, name, directory=False)
    tmp = temporary.path
    session = None
    try:
        with os.fdopen(os.dup(temporary.fd), "wb") as f:
            offset = _write_header(f, tuple(int(s) for s in x.shape), x.dtype)
            f.truncate(offset + int(x.nbytes))  # a sparse file of the final size
        target = NpyFile(tmp, mode="r+", _func="to_npy")
        # Blocks cover disjoint byte ranges and each task maps its own: no lock needed.
        done, session = build_store([x], [target], [None], lock=False)
        run_store(done, session, **compute_kwargs)
        os.fsync(temporary.fd)  # the data is on disk before the name points at it
        if os.path.exists(path):  # overwriting keeps the file's mode, as numpy.save does
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(tmp, path)
    except BaseException:
        if session is not None:
            session.cancel()
        try:
            os.remove(tmp)
        except FileNotFoundError:
            pass
        raise
    finally:
        temporary.release()
