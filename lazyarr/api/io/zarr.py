"""Zarr stores: :func:`from_zarr` and :func:`to_zarr`.

Zarr keeps an array as a grid of separately compressed *chunks* (one file each in a
local store), so it is the natural on-disk twin of a lazy array: block ``(i, j)``
can be read or written without touching the rest. Two rules make that safe:

* blocks line up with the storage grid (we rechunk when they do not), so no two
  tasks ever rewrite the same storage chunk;
* a new array is written into a hidden temporary directory next to the destination
  and renamed into place only when every block is written. A failure (an exception
  in a task, Ctrl-C) deletes the temporary directory: the destination then does not
  exist or keeps its old content.

Writing into an *existing* zarr array (``la.store(x, zarr_array)`` or ``to_zarr`` with
a zarr array or a remote URL) cannot be renamed into place: there the guarantee is
per storage chunk. Every chunk ends up with either its old or its new content, and
the error carries a note listing the blocks that were written.

The ``zarr`` package is optional (``pip install "lazyarr[storage]"``); it is imported
only when these functions are called.
"""

from __future__ import annotations

import math
import os
import secrets
import shutil
import stat
from typing import Any

from ...core.array import Array
from ...core.chunks import normalize_chunks
from ...core.data import from_array
from ...core.tokenize import tokenize
from ...errors import unknown_size_error
from .base import build_store, read_back, run_store
from .temporaries import create_temporary, lock_existing, remove_stale_temporaries

__all__ = ["from_zarr", "to_zarr"]


def _zarr(func: str) -> Any:
    try:
        import zarr
    except ImportError:
        raise ImportError(f"{func}: the zarr package is needed for Zarr stores; install it with "
                          f'pip install "lazyarr[storage]"') from None
    return zarr


def _is_local(url: Any) -> bool:
    if isinstance(url, os.PathLike):
        return True
    return isinstance(url, str) and ("://" not in url or url.startswith("file://"))


def _local_path(url: Any) -> str:
    url = os.fspath(url)
    if url.startswith("file://"):
        url = url[len("file://"):]
    return os.path.abspath(url)


def _open_array(source: Any, component: str | None, func: str, storage_options: dict | None = None) -> Any:
    """The zarr array named by *source* (path, URL, store, group or array) and *component*."""
    zarr = _zarr(func)
    if isinstance(source, zarr.Array):
        if component is not None:
            raise ValueError(f"{func}: component={component!r} was given with a zarr array; component "
                             f"names an array inside a group, pass the group instead")
        return source
    if isinstance(source, zarr.Group):
        node = source if component is None else source.get(component)
        where = f"group {source.path or '/'!r}"
    else:
        where = repr(os.fspath(source)) if isinstance(source, (str, os.PathLike)) else repr(source)
        if _is_local(source) and not os.path.exists(_local_path(source)):
            raise FileNotFoundError(f"{func}: no such file or directory: {where}")
        try:
            extra = {} if storage_options is None else {"storage_options": storage_options}
            node = zarr.open(store=source, mode="r", path=component, **extra)
        except (FileNotFoundError, KeyError, zarr.errors.BaseZarrError, ValueError) as exc:
            part = f" at component {component!r}" if component else ""
            raise ValueError(f"{func}: {where}{part} is not a Zarr array or group ({type(exc).__name__}: {exc}); "
                             f"expected a store written by zarr or lazyarr's to_zarr") from None
    if isinstance(node, zarr.Group):
        names = sorted(name for name, _ in node.arrays())
        raise ValueError(f"{func}: {where} is a Zarr group, not an array; pass component= with one of its "
                         f"arrays: {names}")
    if node is None:
        raise ValueError(f"{func}: {where} has no array {component!r}")
    return node


def from_zarr(url: Any, component: str | None = None, storage_options: dict | None = None, chunks: Any = None,
              name: str | None = None, inline_array: bool = False) -> Array:
    """Open a Zarr array lazily; each block is read from the store when computed.

    Parameters
    ----------
    url : str, path-like, zarr store, zarr.Group or zarr.Array
        Where the array lives (a local directory, a URL understood by zarr, ...).
    component : str, optional
        Path of the array inside a group (e.g. ``"temperature"`` or ``"a/b"``).
    storage_options : dict, optional
        Passed to the fsspec file system of a remote *url* (``{"anon": True}``, ...).
    chunks : optional
        Block sizes; default: the store's chunks (its shards if it is sharded), so
        every task reads whole storage chunks.
    name : str, optional
        The lazy array's name (default: a token of the store and chunks).
    inline_array : bool
        dask's graph-layout hint; accepted and not needed (each read task holds the array).

    Raises
    ------
    FileNotFoundError
        If a local *url* does not exist.
    ValueError
        If *url* (with *component*) is not a Zarr array, e.g. a plain directory or a group.

    Examples
    --------
    >>> import lazyarr as la, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "x.zarr")
    >>> la.arange(10, chunks=4).to_zarr(path)
    >>> y = la.from_zarr(path)
    >>> y.chunks, int(y.sum().compute())
    (((4, 4, 2),), 45)
    """
    arr = _open_array(url, component, "from_zarr", storage_options)
    if chunks is None:
        chunks = arr.shards or arr.chunks
    chunks = normalize_chunks(chunks, arr.shape, arr.dtype, funcname="from_zarr")
    return from_array(arr, chunks=chunks, name=name or f"from-zarr-{tokenize(arr, chunks)}")


def to_zarr(x: Array, url: Any, component: str | None = None, overwrite: bool = False, *,
            chunks: Any = None, zarr_format: int = 3, storage_options: dict | None = None, region: Any = None,
            compute: bool = True, return_stored: bool = False, mode: str = "a", **kwargs: Any) -> Any:
    """Compute *x* and write it as a Zarr array, block by block.

    Parameters
    ----------
    x : Array
    url : str, path-like, zarr store, zarr.Group or zarr.Array
        A local directory (written atomically, see Notes), any store URL zarr
        understands, a group (with *component*) or an existing array of the right shape.
    component : str, optional
        Name of the array inside the group at *url* (groups are created as needed).
    overwrite : bool
        Replace an existing array (default False: raise ``FileExistsError``).
    chunks : tuple of int, optional
        Storage chunk shape; default: *x*'s block shape. *x* is rechunked to match,
        so that every storage chunk is written by exactly one task.
    zarr_format : {3, 2}
        Zarr format version (default 3).
    storage_options : dict, optional
        Passed to the fsspec file system of a remote *url*.
    region : tuple of slices, optional
        Write *x* into this region of an *existing* array at *url* (its shape must be
        the region's); nothing is created.
    compute : bool
        False: return the lazy "all written" array of :func:`lazyarr.store`; computing it
        writes. The array is then created directly at *url* (no temporary directory, so
        a failed compute leaves a partly written array, as for remote stores).
    return_stored : bool
        Return a lazy array reading the stored values back (after the writes).
    mode : {"a", "w", "w-", "r+"}
        dask's store mode: ``"w"`` replaces an existing array (``overwrite=True``),
        ``"r+"`` writes into an existing array, ``"a"`` and ``"w-"`` create a new one.
    **kwargs
        Passed to ``zarr.create_array`` (``compressors=``, ``shards=``, ...). Keywords of
        :func:`lazyarr.compute` (``scheduler=``, ``num_workers=``) are used for computing.

    Notes
    -----
    For a local directory the array is written into a hidden temporary directory
    beside it and renamed into place when complete; on any failure (including
    Ctrl-C) the temporary directory is deleted and *url* is left as it was. With
    ``overwrite=True`` the old array is moved aside, the new one renamed in, then the
    old one deleted. For other targets, writes go straight to the store: after a
    failure each storage chunk has its old or its new content, and the exception note
    lists the blocks already written.

    Examples
    --------
    >>> import lazyarr as la, zarr, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "data.zarr")
    >>> la.ones((4, 6), chunks=(2, 3)).to_zarr(path, component="ones")
    >>> zarr.open_group(path)["ones"].chunks
    (2, 3)
    """
    zarr = _zarr("to_zarr")
    compute_kwargs = {k: kwargs.pop(k) for k in ("scheduler", "num_workers", "optimize_graph", "callbacks")
                      if k in kwargs}
    if mode not in ("a", "w", "w-", "r+"):
        raise ValueError(f"to_zarr: mode={mode!r}; allowed: 'a', 'w', 'w-', 'r+'")
    overwrite = overwrite or mode == "w"
    extra = {} if storage_options is None else {"storage_options": storage_options}
    if any(math.isnan(s) for s in x.shape):
        raise unknown_size_error("to_zarr")
    if x.dtype.hasobject:
        raise ValueError(f"to_zarr: arrays of dtype {x.dtype} hold Python objects; convert with astype() to a "
                         f"fixed-size dtype first")
    if isinstance(url, zarr.Array):  # an existing array: write into it
        if component is not None:
            raise ValueError(f"to_zarr: component={component!r} was given with a zarr array; pass its group")
        return _write(x, url, region, compute, return_stored, compute_kwargs)
    if region is not None or mode == "r+":  # write into an existing array
        if _is_local(url) and not os.path.exists(_local_path(url)):
            raise FileNotFoundError(f"to_zarr: region= and mode='r+' write into an existing array, but {url!r} "
                                    f"does not exist")
        target = zarr.open_array(store=url, path=component, mode="r+", **extra)
        return _write(x, target, region, compute, return_stored, compute_kwargs)
    if chunks is None:
        chunks = tuple(max(int(c), 1) for c in x.chunksize)  # zarr chunks cannot be empty
    create = dict(shape=x.shape, dtype=x.dtype, chunks=tuple(chunks), zarr_format=zarr_format, **kwargs)
    if _is_local(url) and compute:
        _to_local_zarr(zarr, x, _local_path(url), component, overwrite, create, compute_kwargs)
        return from_zarr(url, component, chunks=x.chunks) if return_stored else None
    # Remote stores and store objects: no rename, so the per-chunk guarantee applies.
    try:
        if isinstance(url, zarr.Group):
            if component is None:
                raise ValueError("to_zarr: writing into a zarr group needs component= (the array's name)")
            target = url.create_array(component, overwrite=overwrite, **create)
        else:
            target = zarr.create_array(store=_local_path(url) if _is_local(url) else url, name=component,
                                       overwrite=overwrite, **create, **extra)
    except zarr.errors.ContainsArrayError:
        raise FileExistsError(f"to_zarr: an array already exists at {url!r}"
                              f"{f' component {component!r}' if component else ''}; pass overwrite=True "
                              f"to replace it") from None
    return _write(x, target, None, compute, return_stored, compute_kwargs)


def _write(x: Array, target: Any, region: Any, compute: bool, return_stored: bool, compute_kwargs: dict) -> Any:
    """Store *x* into the zarr array *target* (in *region*): now, or lazily (``compute=False``)."""
    done, session = build_store([x], [target], [region], lock=False)
    if not compute:
        return read_back(done, x, target, region) if return_stored else done
    run_store(done, session, **compute_kwargs)
    if return_stored:
        stored = from_array(target, chunks=target.shards or target.chunks)
        return (stored if region is None else stored[tuple(region)]).rechunk(x.chunks)
    return None


def _to_local_zarr(zarr: Any, x: Array, root: str, component: str | None, overwrite: bool,
                   create: dict, compute_kwargs: dict) -> None:
    """Write into a temporary directory, then rename it to ``root[/component]``."""
    final = root if component is None else os.path.join(root, *component.strip("/").split("/"))
    if os.path.lexists(final) and not overwrite:
        raise FileExistsError(f"to_zarr: {final!r} already exists; pass overwrite=True to replace it")
    if os.path.exists(final) and not os.path.isdir(final):
        raise FileExistsError(f"to_zarr: {final!r} is a file, not a Zarr directory; remove it first")
    if component is not None:
        # The groups above the array must exist (open_group with mode "a" creates them).
        group = zarr.open_group(root, mode="a", zarr_format=create["zarr_format"])
        parent = os.path.dirname(component.strip("/"))
        if parent:
            group.require_group(parent)
    parent_dir, name = os.path.split(final)
    os.makedirs(parent_dir, exist_ok=True)
    remove_stale_temporaries(parent_dir, name)  # left by a writer that was killed
    # Created with mkdir's usual permissions (the umask applies), as zarr.create_array would;
    # overwriting keeps the existing array's mode.
    temporary = create_temporary(parent_dir, name, directory=True)
    tmp = temporary.path
    if os.path.isdir(final):
        os.chmod(tmp, stat.S_IMODE(os.stat(final).st_mode))
    session = None
    try:
        target = zarr.create_array(store=tmp, **create)
        done, session = build_store([x], [target], [None], lock=False)
        run_store(done, session, **compute_kwargs)
        _replace_dir(tmp, final)
    except BaseException:
        if session is not None:
            session.cancel()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        temporary.release()


def _replace_dir(new: str, final: str) -> None:
    """Rename directory *new* onto *final*, moving an old *final* aside first.

    ``os.replace`` cannot replace a non-empty directory, so there is a short moment
    between the two renames where *final* does not exist; the old data is deleted
    only after the new data is in place. The old data waits under a hidden name
    ``.<name>.<random>.old``, locked, so that if this process is killed, the next
    write to *final* knows it for a leftover and removes it.
    """
    if not os.path.lexists(final):
        os.rename(new, final)
        return
    parent_dir, name = os.path.split(final)
    while True:
        old = os.path.join(parent_dir, f".{name}.{secrets.token_hex(4)}.old")
        if not os.path.lexists(old):
            break
    os.rename(final, old)
    aside = lock_existing(old)
    try:
        try:
            os.rename(new, final)
        except BaseException:
            os.rename(old, final)  # put the old array back
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        aside.release()
