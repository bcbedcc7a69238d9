"""User-facing thin layers over blockwise: :func:`map_blocks` and index-notation :func:`blockwise`.

Both describe, for each output block, which input blocks it needs, and hand that to
:func:`lazyarr.core.blockwise.blockwise_array`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import blocktype
from .array import Array, is_array
from .blockwise import _align, blockwise_array, broadcast_chunks, infer_meta
from .chunks import unify_chunks_1d
from .index_maps import Aligned, BlockRef, Composed, FromAxes, IndexMap, PerBlock
from .tokenize import tokenize

__all__ = ["blockwise", "map_blocks"]

# --------------------------------------------------------------------------------------
# User-facing thin layers: map_blocks and index-notation blockwise
# --------------------------------------------------------------------------------------
class _BlockInfo:
    """``block_info`` for output block *idx*: where it and its input blocks sit.

    A class rather than a closure, so that graphs pickle.
    """

    def __init__(self, arrays: list[Array], out_chunks: tuple, dtype: np.dtype):
        from .chunks import chunk_boundaries

        self.out_bounds = [chunk_boundaries(c) for c in out_chunks]
        self.out_shape = tuple(sum(c) for c in out_chunks)
        self.out_numblocks = tuple(len(c) for c in out_chunks)
        self.dtype = dtype
        self.inputs = [(a.shape, a.numblocks, [chunk_boundaries(c) for c in a.chunks]) for a in arrays]

    def __call__(self, idx: tuple[int, ...]) -> dict:
        result: dict[Any, Any] = {
            None: {
                "shape": self.out_shape,
                "num-chunks": self.out_numblocks,
                "chunk-location": idx,
                "array-location": [(b[i], b[i + 1]) for b, i in zip(self.out_bounds, idx)],
                "dtype": self.dtype,
            }
        }
        for k, (shape, numblocks, bounds) in enumerate(self.inputs):
            in_idx = Aligned(numblocks, len(idx))(idx)
            result[k] = {
                "shape": shape,
                "num-chunks": numblocks,
                "chunk-location": in_idx,
                "array-location": [(b[i], b[i + 1]) for b, i in zip(bounds, in_idx)],
            }
        return result


def _block_id(idx: tuple[int, ...]) -> tuple[int, ...]:
    return idx


class _CallWithBlockInfo:
    """Calls a user function with ``block_info=`` / ``block_id=`` keyword arguments."""

    def __init__(self, func: Callable, n_args: int, wants_info: bool, wants_id: bool):
        self.func, self.n_args = func, n_args
        self.wants_info, self.wants_id = wants_info, wants_id

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        extra = args[self.n_args:]
        args = args[: self.n_args]
        if self.wants_info:
            kwargs["block_info"] = extra[0]
        if self.wants_id:
            kwargs["block_id"] = extra[-1]
        return self.func(*args, **kwargs)

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "map_blocks")


class _CheckDtype:
    """Runs the user's block function and checks the block's dtype against the promised one.

    The output dtype is decided when the graph is built (``dtype=``, or inferred from a
    one-element sample). A block of another dtype would be cast silently when blocks are
    put together (``0.5`` truncated to ``0``, ``300`` wrapped to ``44`` in int8), so it is
    an error instead, like a block of the wrong shape. The last argument is the block index
    (a :class:`PerBlock`), so the message can name the block.
    """

    def __init__(self, func: Callable, dtype: np.dtype, label: str, declared: bool):
        self.func, self.dtype, self.label, self.declared = func, dtype, label, declared

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        *args, idx = args
        block = self.func(*args, **kwargs)
        produced = getattr(block, "dtype", None)
        if produced is not None and not _same_dtype(produced, self.dtype):
            promise = (f"declared dtype={self.dtype}" if self.declared
                       else f"dtype {self.dtype} (inferred by running it on a one-element sample)")
            raise TypeError(
                f"map_blocks: the function {self.label!r} returned a block of dtype {produced} for block "
                f"{idx}, but the array was built with {promise}; blocks are never cast silently. Pass the "
                f"dtype the function returns (dtype={produced}) or cast inside the function "
                f"(e.g. return result.astype({str(self.dtype)!r}))"
            )
        return block

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "map_blocks")


def _same_dtype(produced: np.dtype, promised: np.dtype) -> bool:
    # Strings and void types of any length are the "same kind of block"; NumPy's own
    # np.dtype(str) has length 0, so lengths are not compared.
    if promised.kind in "USV":
        return produced.kind == promised.kind
    return produced == promised


def _accepts(func: Callable, name: str) -> bool:
    import inspect

    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _join_dropped_axes(arr: Array, drop: Sequence[int], ndim: int) -> Array:
    """*arr* with every dropped axis (numbered in the broadcast output's *ndim* axes) in one block."""
    offset = ndim - arr.ndim
    join = {d - offset: -1 for d in drop if d >= offset and len(arr.chunks[d - offset]) > 1}
    if not join:
        return arr
    from .rechunk import rechunk

    return rechunk(arr, join)


def map_blocks(func: Callable, *args: Any, dtype: Any = None, chunks: Any = None,
               drop_axis: int | Sequence[int] = (), new_axis: int | Sequence[int] | None = None,
               name: str | None = None, token: str | None = None, enforce_ndim: bool = False, meta: Any = None,
               **kwargs: Any) -> Array:
    """Apply *func* to every block of the (broadcast-aligned) lazy arrays in *args*.

    Parameters
    ----------
    func : callable
        Called as ``func(block, ..., **kwargs)``. If it accepts ``block_info`` it gets a
        dict describing where the block sits (key ``None`` for the output, ``0, 1, ...``
        for the inputs); if it accepts ``block_id`` it gets the output block index.
    dtype : dtype, optional
        Output dtype; inferred by running *func* on tiny samples when omitted. It is a
        promise: a block of another dtype is a TypeError when computed (naming both
        dtypes, the function and the block), never a silent cast.
    chunks : tuple, optional
        Output chunks when *func* changes block shapes (one tuple of sizes per output axis,
        or one block shape used for every block).
    drop_axis, new_axis : int or sequence of int
        Axes the function removes or adds. The function must see a dropped axis whole,
        so when that axis has several blocks they are joined first (a rechunk to one
        block along it), as in dask: each call then holds a whole band, e.g. for
        ``(8000, 8000)`` in ``(1000, 1000)`` blocks with ``drop_axis=0``, ``(8000, 1000)``
        elements (61 MiB of float64) instead of one 7.6 MiB block; several calls run at
        once, one per worker.
    name : str, optional
        The output's name (default: the function's name and a token of the inputs).
    token : str, optional
        Prefix of the default name instead of the function's name (dask's ``token=``).
    enforce_ndim : bool
        Check, when each block is computed, that *func* returned the promised number of
        dimensions (a ValueError naming the block otherwise).
    meta : array, optional
        dask's way to give the output type; its dtype is used when *dtype* is omitted.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=3)
    >>> map_blocks(lambda b: b * 10, x).compute()
    array([ 0, 10, 20, 30, 40, 50])
    """
    arrays = [a for a in args if is_array(a)]
    if not arrays:
        raise TypeError("map_blocks: needs at least one lazy array argument")
    label = getattr(func, "__name__", "map_blocks")
    if label == "<lambda>":
        label = "lambda"
    out_chunks = broadcast_chunks(*arrays, funcname="map_blocks")
    aligned = [_align(a, out_chunks) for a in arrays]
    in_numblocks = tuple(len(c) for c in out_chunks)
    if isinstance(drop_axis, int):
        drop_axis = (drop_axis,)
    drop = sorted(d % max(len(out_chunks), 1) for d in drop_axis)
    declared = dtype is not None
    block_type = None  # the inputs' block type, unless a sample run shows what func returns
    if dtype is None and meta is not None:
        dtype = meta.dtype
        block_type = type(meta) if isinstance(meta, np.ma.MaskedArray) else None
    if dtype is None:
        dtype, block_type = infer_meta(func, args, kwargs, f"map_blocks({label})")
    dtype = np.dtype(dtype)
    if any(in_numblocks[d] != 1 for d in drop):
        # The function sees whole bands along a dropped axis: its blocks are joined first.
        aligned = [_join_dropped_axes(a, drop, len(out_chunks)) for a in aligned]
        out_chunks = tuple((sum(c),) if i in drop else c for i, c in enumerate(out_chunks))
        in_numblocks = tuple(len(c) for c in out_chunks)
    result_chunks: list = [c for i, c in enumerate(out_chunks) if i not in drop]
    if new_axis is not None:
        new = (new_axis,) if isinstance(new_axis, int) else tuple(new_axis)
        ndim_out = len(result_chunks) + len(new)
        for ax in sorted(a % ndim_out for a in new):
            result_chunks.insert(ax, (1,))
    if chunks is not None:
        if isinstance(chunks, tuple) and chunks and all(isinstance(c, tuple) for c in chunks):
            final = tuple(tuple(c) for c in chunks)
            if len(final) != len(result_chunks):
                raise ValueError(
                    f"map_blocks: chunks has {len(final)} axes but the output has {len(result_chunks)}"
                )
            for i, (given, have) in enumerate(zip(final, result_chunks)):
                if len(given) != len(have) and len(given) != 1:
                    raise ValueError(
                        f"map_blocks: chunks for axis {i} give {len(given)} blocks, but the "
                        f"block grid has {len(have)}"
                    )
            result_chunks = [g * len(h) if len(g) == 1 and len(h) > 1 else g
                             for g, h in zip(final, result_chunks)]
        else:
            shape = tuple(chunks) if isinstance(chunks, (tuple, list)) else (chunks,)
            if len(shape) != len(result_chunks):
                raise ValueError(
                    f"map_blocks: chunks={chunks!r} has {len(shape)} entries but the output has "
                    f"{len(result_chunks)} axes"
                )
            result_chunks = [(int(s),) * len(c) for s, c in zip(shape, result_chunks)]
    out_chunks_final = tuple(tuple(c) for c in result_chunks)
    out_numblocks = tuple(len(c) for c in out_chunks_final)

    # Map each output block index back to the input block grid (drop/new axes differ).
    kept_in_axes = [i for i in range(len(in_numblocks)) if i not in drop]
    new_axes_set = set()
    if new_axis is not None:
        new = (new_axis,) if isinstance(new_axis, int) else tuple(new_axis)
        new_axes_set = {a % len(out_numblocks) for a in new}
    out_to_in = [i for i in range(len(out_numblocks)) if i not in new_axes_set]
    read: list[int | None] = [None] * len(in_numblocks)  # dropped axes are single blocks: block 0
    for out_pos, in_axis in zip(out_to_in, kept_in_axes):
        read[in_axis] = out_pos
    to_input_index = FromAxes(read)

    identity = not drop and not new_axes_set
    wants_info, wants_id = _accepts(func, "block_info"), _accepts(func, "block_id")
    final_args: list[Any] = []
    k = 0
    for a in args:
        if is_array(a):
            arr = aligned[k]
            k += 1
            amap = Aligned(arr.numblocks, len(in_numblocks))
            final_args.append(BlockRef(arr.name, amap if identity else Composed(amap, to_input_index)))
        else:
            final_args.append(a)
    call: Callable = func
    if wants_info or wants_id:
        call = _CallWithBlockInfo(func, len(args), wants_info, wants_id)
        if wants_info:
            final_args.append(PerBlock(_BlockInfo(aligned, out_chunks_final, dtype)))
        if wants_id:
            final_args.append(PerBlock(_block_id))
    if enforce_ndim:
        call = _CheckNdim(call, len(out_chunks_final))
    call = _CheckDtype(call, dtype, label, declared)
    final_args.append(PerBlock(_block_id))  # the block index, for _CheckDtype's message
    digest = tokenize(func, *[a.name if is_array(a) else a for a in args], kwargs, dtype,
                      out_chunks_final, drop, new_axis)
    name = name or f"{token or label}-{digest}"
    return blockwise_array(call, final_args, out_chunks_final, dtype, name=name, inputs=aligned,
                           kwargs=kwargs, label=label, covering=identity, block_type=block_type)


def blockwise(func: Callable, out_ind: str, *argpairs: Any, dtype: Any = None,
              concatenate: bool = False, new_axes: dict | None = None, name: str | None = None,
              token: str | None = None, adjust_chunks: dict | None = None, align_arrays: bool = True,
              meta: Any = None, **kwargs: Any) -> Array:
    """Index-notation blockwise, as in ``einsum``: ``blockwise(f, "ij", x, "ik", y, "kj")``.

    Each argument is followed by its index string (or ``None`` for a plain value).
    Letters in the output are block-aligned; letters missing from the output are
    *contracted*: the function receives the list of all blocks along them (or one
    concatenated block when ``concatenate=True``).

    ``token`` prefixes the default name; ``adjust_chunks={letter: f}`` changes the output
    chunks along a letter (``f`` a function of each block length, an int for every block,
    or a tuple of lengths); ``align_arrays=False`` refuses inputs whose chunks differ
    along a shared letter instead of rechunking them; ``meta``'s dtype is used when
    ``dtype`` is omitted (dask's keywords).

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.ones((4, 6), chunks=2)
    >>> y = la.ones((6, 2), chunks=2)
    >>> def matmul_blocks(xs, ys):
    ...     return sum(a @ b for a, b in zip(xs, ys))
    >>> blockwise(matmul_blocks, "ij", x, "ik", y, "kj", dtype=float).compute()[0, 0]
    np.float64(6.0)
    """
    if len(argpairs) % 2:
        raise ValueError("blockwise: arguments must come in (array, index) pairs")
    pairs = [(argpairs[i], argpairs[i + 1]) for i in range(0, len(argpairs), 2)]
    letter_chunks: dict[str, list[tuple]] = {}
    for arr, ind in pairs:
        if ind is None:
            continue
        if not is_array(arr):
            raise TypeError(f"blockwise: argument with index {ind!r} must be a lazy array")
        if len(ind) != arr.ndim:
            raise ValueError(
                f"blockwise: index {ind!r} has {len(ind)} letters but the array has {arr.ndim} dimensions"
            )
        for letter, c in zip(ind, arr.chunks):
            letter_chunks.setdefault(letter, []).append(c)
    unified = {}
    for letter, cs in letter_chunks.items():
        non_single = [c for c in cs if not (len(c) == 1 and sum(c) == 1)] or cs
        if not align_arrays and len(set(non_single)) > 1:
            raise ValueError(f"blockwise: inputs have different chunks {sorted(set(non_single))} along index "
                             f"{letter!r} and align_arrays=False; rechunk them first or allow aligning")
        unified[letter] = unify_chunks_1d(*non_single)
    new_axes = new_axes or {}
    for letter, size in new_axes.items():
        unified[letter] = (size,) if isinstance(size, int) else tuple(size)
    missing = [c for c in out_ind if c not in unified]
    if missing:
        raise ValueError(f"blockwise: output index {missing[0]!r} appears in no input; give new_axes")
    out_chunks = tuple(_adjusted(unified[c], (adjust_chunks or {}).get(c)) for c in out_ind)
    contracted = sorted({c for _, ind in pairs if ind for c in ind} - set(out_ind))
    if dtype is None and meta is not None:
        dtype = meta.dtype
    if dtype is None:
        raise TypeError("blockwise: give dtype= (the output dtype cannot be inferred for index notation)")
    args: list[Any] = []
    inputs: list[Array] = []
    for arr, ind in pairs:
        if ind is None:
            args.append(arr)
            continue
        # A length-1 axis broadcasts against any other length (also 0): it stays one block.
        target = tuple(
            c if (len(c) == 1 and sum(c) == 1) else unified[letter]
            for letter, c in zip(ind, arr.chunks)
        )
        if target != arr.chunks:
            from .rechunk import rechunk

            arr = rechunk(arr, target)
        inputs.append(arr)
        args.append(BlockRef(arr.name, _IndexNotationMap(ind, out_ind, contracted,
                                                         {lt: len(unified[lt]) for lt in contracted},
                                                         arr.numblocks)))
    call = func
    if concatenate and contracted:
        call = _ConcatenateContracted(func, [ind for _, ind in pairs], contracted)
    digest = tokenize(func, out_ind, *[(a.name if is_array(a) else a, i) for a, i in pairs], kwargs,
                      concatenate, new_axes, out_chunks)
    label = getattr(func, "__name__", "blockwise")
    return blockwise_array(call, args, out_chunks, dtype, name=name or f"{token or label}-{digest}",
                           inputs=inputs, kwargs=kwargs, label=label)


def _adjusted(chunks: tuple, adjust: Any) -> tuple:
    """Output chunks along one letter after ``adjust_chunks`` (a function, an int or a tuple)."""
    if adjust is None:
        return chunks
    if callable(adjust):
        return tuple(adjust(c) for c in chunks)
    if isinstance(adjust, (int, np.integer)):
        return (int(adjust),) * len(chunks)
    adjust = tuple(adjust)
    if len(adjust) != len(chunks):
        raise ValueError(f"blockwise: adjust_chunks gives {len(adjust)} block lengths for {len(chunks)} blocks")
    return adjust


class _CheckNdim:
    """Call *func* and check the block it returns has *ndim* dimensions (``enforce_ndim=True``)."""

    def __init__(self, func: Callable, ndim: int):
        self.func, self.ndim = func, ndim

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        block = self.func(*args, **kwargs)
        if np.ndim(block) != self.ndim:
            raise ValueError(f"map_blocks: the function returned a block with {np.ndim(block)} dimensions, "
                             f"shape {np.shape(block)}, but the output has {self.ndim} (enforce_ndim=True)")
        return block

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "map_blocks")


class _IndexNotationMap(IndexMap):
    """Maps an output block index to an input's block (lists along contracted letters)."""

    __slots__ = ("ind", "out_ind", "contracted", "ncontract", "numblocks", "single")
    covering = True

    def __init__(self, ind: str, out_ind: str, contracted: list[str], ncontract: dict, numblocks):
        self.ind, self.out_ind = ind, out_ind
        self.contracted = [c for c in contracted if c in ind]
        self.ncontract = ncontract
        self.numblocks = numblocks
        self.single = not self.contracted

    def __call__(self, idx: tuple[int, ...]) -> Any:
        where = dict(zip(self.out_ind, idx))

        def build(fixed: dict, remaining: list[str]) -> Any:
            if not remaining:
                return tuple(0 if nb == 1 else fixed[c] for c, nb in zip(self.ind, self.numblocks))
            letter, rest = remaining[0], remaining[1:]
            return [build({**fixed, letter: k}, rest) for k in range(self.ncontract[letter])]

        return build(where, self.contracted)

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return self.single and self.ind == self.out_ind and tuple(self.numblocks) == tuple(out_numblocks)


class _ConcatenateContracted:
    """Concatenate nested block lists along their contracted axes before calling."""

    def __init__(self, func: Callable, inds: list, contracted: list[str]):
        self.func, self.inds, self.contracted = func, inds, contracted

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        out = []
        for a, ind in zip(args, self.inds):
            if ind is None:
                out.append(a)
                continue
            axes = [ind.index(c) for c in self.contracted if c in ind]
            out.append(_concat_nested(a, axes))
        return self.func(*out, **kwargs)

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "blockwise")


def _concat_nested(blocks: Any, axes: list[int]) -> Any:
    if not axes:
        return blocks
    first, rest = axes[0], axes[1:]
    return blocktype.concatenate([_concat_nested(b, rest) for b in blocks], axis=first)
