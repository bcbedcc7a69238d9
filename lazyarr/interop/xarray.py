"""lazyarr as an xarray chunk manager: ``ds.chunk(..., chunked_array_type="lazyarr")``.

xarray wraps chunked arrays of any library through a *chunk manager*: a small class
(``xarray.namedarray.parallelcompat.ChunkManagerEntrypoint``) that tells xarray how to
recognise the library's arrays, cut data into them, compute them and run the few
block-level operations xarray needs (reductions, scans, generalized ufuncs, stores).
xarray finds managers through the ``xarray.chunkmanagers`` entry point; lazyarr's is
declared in ``pyproject.toml`` and points here. Each method is a thin translation to a
lazyarr function, so computations on lazyarr-backed xarray objects run on lazyarr's
schedulers (callbacks, ``ProgressBar``, memory-aware order), with or without dask.

This module sits at the top, like ``teaching/``: nothing in lazyarr imports it; xarray
does, when it looks for chunk managers.

Examples
--------
>>> import numpy as np, xarray as xr
>>> ds = xr.Dataset({"t": (("x", "y"), np.arange(12.0).reshape(3, 4))})
>>> lazy = ds.chunk({"x": 2}, chunked_array_type="lazyarr")    # doctest: +SKIP
>>> type(lazy.t.data).__name__, lazy.t.data.chunks              # doctest: +SKIP
('Array', ((2, 1), (4,)))
>>> float(lazy.t.mean())                                        # doctest: +SKIP
5.5
"""

from __future__ import annotations

import string
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from xarray.namedarray.parallelcompat import ChunkManagerEntrypoint

import lazyarr as la
from lazyarr.core.array import Array
from lazyarr.core.chunks import parse_bytes, unify_chunks_1d

__all__ = ["LazyarrManager"]

#: keyword arguments xarray passes for dask that mean nothing to lazyarr (dask's
#: "meta" array prototype, its graph-naming token, the store's flush flag)
_DASK_ONLY = ("meta", "token", "flush", "inline_array", "asarray")


def _drop_dask_only(kwargs: dict) -> dict:
    return {k: v for k, v in kwargs.items() if k not in _DASK_ONLY}


def _whole_if_empty(chunks: Any, shape: tuple) -> Any:
    """One (empty) block on each empty axis, whatever xarray asked for ("auto", a size, 0)."""
    if isinstance(chunks, dict):
        return {axis: (-1 if shape[axis] == 0 else c) for axis, c in chunks.items()}
    if isinstance(chunks, tuple) and len(chunks) == len(shape):
        return tuple(-1 if n == 0 else c for c, n in zip(chunks, shape))
    return chunks


class LazyarrManager(ChunkManagerEntrypoint[Array]):
    """The chunk manager xarray uses for lazyarr arrays (``chunked_array_type="lazyarr"``)."""

    available = True

    def __init__(self) -> None:
        self.array_cls = Array

    # -- what is a lazyarr array, and its chunks ------------------------------------------
    def is_chunked_array(self, data: Any) -> bool:
        """Is *data* a lazyarr array? (Only ours: lazyarr arrays are not dask collections.)"""
        return isinstance(data, Array)

    def chunks(self, data: Array) -> tuple:
        """*data*'s chunks, a tuple of block sizes per axis."""
        return data.chunks

    def normalize_chunks(self, chunks: Any, shape: tuple[int, ...] | None = None, limit: int | None = None,
                         dtype: Any = None, previous_chunks: Any = None) -> tuple:
        """Chunks in full form, by :func:`lazyarr.normalize_chunks` (used by ``open_dataset``)."""
        if shape is not None:
            chunks = _whole_if_empty(chunks, shape)
        return la.normalize_chunks(chunks, shape, dtype=dtype, limit=limit, previous_chunks=previous_chunks)

    def get_auto_chunk_size(self) -> int:
        """Bytes per block for ``chunks="auto"``: lazyarr's ``config`` option ``chunk_size``."""
        return parse_bytes(la.config.get("chunk_size"))

    # -- making and re-cutting lazy arrays --------------------------------------------------
    def from_array(self, data: Any, chunks: Any, **kwargs: Any) -> Array:
        """Wrap *data* (NumPy, or a lazily indexed file-backed array) block by block."""
        chunks = _whole_if_empty(chunks, data.shape)
        lock = kwargs.get("lock")
        if lock is True:  # dask's spelling of "a lock of your own"
            lock = threading.Lock()
        return la.from_array(data, chunks=chunks, name=kwargs.get("name"), lock=lock or None)

    def rechunk(self, data: Array, chunks: Any, **kwargs: Any) -> Array:
        """``data.rechunk(chunks)`` (a dict by axis number, a tuple, or ``"auto"``)."""
        return data.rechunk(_whole_if_empty(chunks, data.shape))

    # -- running them ----------------------------------------------------------------------
    def compute(self, *data: Any, **kwargs: Any) -> tuple[np.ndarray, ...]:
        """Compute together, on lazyarr's scheduler (``ds.compute()``, ``ds.load()``)."""
        return la.compute(*data, **kwargs)

    def persist(self, *data: Any, **kwargs: Any) -> tuple[Array, ...]:
        """Compute and keep the blocks, still lazy arrays (``ds.persist()``)."""
        return la.persist(*data, **kwargs)

    @property
    def array_api(self) -> Any:
        """The namespace of array functions xarray calls (``full``, ``arange``...): ``lazyarr``."""
        return la

    # -- block-level operations -------------------------------------------------------------
    def reduction(self, arr: Array, func: Callable, combine_func: Callable | None = None,
                  aggregate_func: Callable | None = None, axis: int | Sequence[int] | None = None,
                  dtype: Any = None, keepdims: bool = False) -> Array:
        """A tree reduction: :func:`lazyarr.reduction` (xarray's ``first``/``last``)."""
        return la.reduction(arr, func, aggregate_func, axis=axis, combine=combine_func, dtype=dtype, keepdims=keepdims)

    def scan(self, func: Callable, binop: Callable, ident: float, arr: Array, axis: int | None = None,
             dtype: Any = None, **kwargs: Any) -> Array:
        """A blocked scan (xarray's ``ffill``/``bfill``): *func* inside blocks, *binop* carries across."""
        from lazyarr.api.reductions.cumulative import _cumulative

        return _cumulative("scan", func, binop, arr, axis, dtype)

    def apply_gufunc(self, func: Callable, signature: str, *args: Any, axes: Any = None, axis: Any = None,
                     keepdims: bool = False, output_dtypes: Any = None, output_sizes: dict | None = None,
                     vectorize: bool | None = None, allow_rechunk: bool = False, meta: Any = None,
                     **kwargs: Any) -> Any:
        """:func:`lazyarr.apply_gufunc` (``xr.apply_ufunc(..., dask="parallelized")``)."""
        if axes is not None or axis is not None or keepdims:
            raise NotImplementedError("apply_gufunc: lazyarr takes core dimensions last; axes=, axis= and "
                                      "keepdims= are not supported (xarray moves core dimensions last itself)")
        return la.apply_gufunc(func, signature, *args, output_dtypes=output_dtypes, output_sizes=output_sizes,
                               vectorize=bool(vectorize), allow_rechunk=allow_rechunk,
                               **_drop_dask_only(kwargs))

    def map_blocks(self, func: Callable, *args: Any, dtype: Any = None, chunks: Any = None,
                   drop_axis: int | Sequence[int] | None = None, new_axis: int | Sequence[int] | None = None,
                   **kwargs: Any) -> Array:
        """:func:`lazyarr.map_blocks` (xarray's datetime accessors and CF encoders)."""
        return la.map_blocks(func, *args, dtype=dtype, chunks=chunks, drop_axis=drop_axis or (),
                             new_axis=new_axis, **_drop_dask_only(kwargs))

    def blockwise(self, func: Callable, out_ind: Iterable[Any], *args: Any, name: str | None = None,
                  token: Any = None, dtype: Any = None, adjust_chunks: dict | None = None,
                  new_axes: dict | None = None, align_arrays: bool = True, concatenate: bool | None = None,
                  meta: Any = None, **kwargs: Any) -> Array:
        """:func:`lazyarr.blockwise`, with dask's index tuples turned into lazyarr's index letters."""
        if adjust_chunks:
            raise NotImplementedError("blockwise: adjust_chunks= is not supported by lazyarr")
        letters: dict[Any, str] = {}

        def spell(index: Any) -> str | None:
            if index is None:
                return None
            for i in index:
                letters.setdefault(i, string.ascii_letters[len(letters)])
            return "".join(letters[i] for i in index)

        out = spell(out_ind)
        pairs: list[Any] = []
        for value, index in zip(args[::2], args[1::2]):
            pairs += [value, spell(index)]
        axes = {spell((k,)): v for k, v in (new_axes or {}).items()}
        return la.blockwise(func, out, *pairs, dtype=dtype, concatenate=bool(concatenate), new_axes=axes or None,
                            name=name, **kwargs)

    def unify_chunks(self, *args: Any, **kwargs: Any) -> tuple[dict, list[Array]]:
        """Common chunks for arrays sharing dimension names: ``(array, dims, array, dims, ...)``.

        Returns ``({dim: chunks}, [arrays rechunked to them])``, as ``xr.unify_chunks`` expects.
        """
        arrays, dims = args[::2], args[1::2]
        by_dim: dict[Any, list[tuple]] = {}
        for a, ds in zip(arrays, dims):
            for d, c in zip(ds, a.chunks):
                by_dim.setdefault(d, []).append(c)
        common = {d: unify_chunks_1d(*cs) for d, cs in by_dim.items()}
        out = [a.rechunk(tuple(common[d] for d in ds)) if tuple(common[d] for d in ds) != a.chunks else a
               for a, ds in zip(arrays, dims)]
        return common, out

    def store(self, sources: Any, targets: Any, **kwargs: Any) -> Any:
        """Write each source into its target block by block (``Dataset.to_zarr``): :func:`lazyarr.store`."""
        kwargs = _drop_dask_only(kwargs)
        compute = kwargs.pop("compute", True)
        if not compute:
            raise NotImplementedError("store: compute=False (a delayed write) is not supported by lazyarr; "
                                      "write with compute=True")
        return la.store(sources, targets, regions=kwargs.pop("regions", None), lock=kwargs.pop("lock", True),
                        compute=True, **kwargs)
