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
import shutil
import tempfile
from typing import Any

from ...core.array import Array
from ...core.chunks import normalize_chunks
from ...core.data import from_array
from ...core.tokenize import tokenize
from ...errors import unknown_size_error
from .base import build_store, run_store

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


def _open_array(source: Any, component: str | None, func: str) -> Any:
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
            node = zarr.open(store=source, mode="r", path=component)
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


def from_zarr(url: Any, component: str | None = None, chunks: Any = None) -> Array:
    """Open a Zarr array lazily; each block is read from the store when computed.

    Parameters
    ----------
    url : str, path-like, zarr store, zarr.Group or zarr.Array
        Where the array lives (a local directory, a URL understood by zarr, ...).
    component : str, optional
        Path of the array inside a group (e.g. ``"temperature"`` or ``"a/b"``).
    chunks : optional
        Block sizes; default: the store's chunks (its shards if it is sharded), so
        every task reads whole storage chunks.

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
    arr = _open_array(url, component, "from_zarr")
    if chunks is None:
        chunks = arr.shards or arr.chunks
    chunks = normalize_chunks(chunks, arr.shape, arr.dtype, funcname="from_zarr")
    return from_array(arr, chunks=chunks, name=f"from-zarr-{tokenize(arr, chunks)}")


def to_zarr(x: Array, url: Any, component: str | None = None, overwrite: bool = False, *,
            chunks: Any = None, zarr_format: int = 3, **kwargs: Any) -> None:
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
    if any(math.isnan(s) for s in x.shape):
        raise unknown_size_error("to_zarr")
    if x.dtype.hasobject:
        raise ValueError(f"to_zarr: arrays of dtype {x.dtype} hold Python objects; convert with astype() to a "
                         f"fixed-size dtype first")
    if isinstance(url, zarr.Array):  # an existing array: write into it
        if component is not None:
            raise ValueError(f"to_zarr: component={component!r} was given with a zarr array; pass its group")
        done, session = build_store([x], [url], [None], lock=False)
        run_store(done, session, **compute_kwargs)
        return
    if chunks is None:
        chunks = tuple(max(int(c), 1) for c in x.chunksize)  # zarr chunks cannot be empty
    create = dict(shape=x.shape, dtype=x.dtype, chunks=tuple(chunks), zarr_format=zarr_format, **kwargs)
    if _is_local(url):
        _to_local_zarr(zarr, x, _local_path(url), component, overwrite, create, compute_kwargs)
        return
    # Remote stores and store objects: no rename, so the per-chunk guarantee applies.
    try:
        if isinstance(url, zarr.Group):
            if component is None:
                raise ValueError("to_zarr: writing into a zarr group needs component= (the array's name)")
            target = url.create_array(component, overwrite=overwrite, **create)
        else:
            target = zarr.create_array(store=url, name=component, overwrite=overwrite, **create)
    except zarr.errors.ContainsArrayError:
        raise FileExistsError(f"to_zarr: an array already exists at {url!r}"
                              f"{f' component {component!r}' if component else ''}; pass overwrite=True "
                              f"to replace it") from None
    done, session = build_store([x], [target], [None], lock=False)
    run_store(done, session, **compute_kwargs)


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
    tmp = tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=parent_dir)
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


def _replace_dir(new: str, final: str) -> None:
    """Rename directory *new* onto *final*, moving an old *final* aside first.

    ``os.replace`` cannot replace a non-empty directory, so there is a short moment
    between the two renames where *final* does not exist; the old data is deleted
    only after the new data is in place.
    """
    if not os.path.lexists(final):
        os.rename(new, final)
        return
    parent_dir, name = os.path.split(final)
    old = tempfile.mkdtemp(prefix=f".{name}.", suffix=".old", dir=parent_dir)
    os.rmdir(old)  # we only wanted a unique name
    os.rename(final, old)
    try:
        os.rename(new, final)
    except BaseException:
        os.rename(old, final)  # put the old array back
        raise
    shutil.rmtree(old, ignore_errors=True)
