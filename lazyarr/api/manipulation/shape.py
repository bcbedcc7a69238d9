"""Shape manipulation: transpose, swapaxes, broadcast_to, reshape, concatenate, ...

All are blockwise layers: transposing permutes the block grid, broadcasting repeats
blocks, concatenation routes each output block to one block of one input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import Aligned, BlockRef, PerBlock, Permuted, blockwise_array, broadcast_chunks, infer_dtype
from ...core.chunks import normalize_chunks, unify_chunks_1d
from ...core.data import as_lazy as _lazy
from ...core.graph import Key
from ...core.index_maps import BlockShape, FromAxes, IndexFunction
from ...core.known_sizes import require_known_sizes, settle_data_dependent_shapes
from ...core.reshape import reshape as core_reshape
from ...core.tokenize import tokenize
from ...core.validate import check_axes, check_axis, check_integer, check_shape
from ...errors import unknown_size_error
from ..registry import implements

try:
    from numpy.lib.array_utils import normalize_axis_tuple
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_tuple  # type: ignore

__all__ = [
    "broadcast_to", "broadcast_arrays", "concatenate", "concat", "expand_dims", "flatten",
    "moveaxis", "permute_dims", "ravel", "reshape", "squeeze", "stack", "swapaxes", "transpose",
    "repeat", "atleast_1d", "atleast_2d", "atleast_3d",
]


def _transpose_block(block: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    return np.transpose(block, axes)


@implements(np.transpose)
def transpose(a: Any, axes: Sequence[int] | None = None) -> Array:
    """Permute the axes (lazy ``numpy.transpose``); the block grid is permuted too.

    >>> import lazyarr as la
    >>> x = la.ones((2, 6), chunks=(1, 3))
    >>> x.T.shape, x.T.chunks
    ((6, 2), ((3, 3), (1, 1)))
    """
    x = _lazy(a)
    if axes is None:
        axes = tuple(range(x.ndim))[::-1]
    else:
        if len(axes) != x.ndim:
            raise ValueError(f"transpose: axes {tuple(axes)} don't match array with {x.ndim} dimensions")
        axes = tuple(normalize_axis_tuple(axes, x.ndim))
        if sorted(axes) != list(range(x.ndim)):
            raise ValueError(f"transpose: repeated axis in {axes}")
    if axes == tuple(range(x.ndim)):
        return x
    chunks = tuple(x.chunks[a] for a in axes)
    name = "transpose-" + tokenize(x.name, axes)
    return blockwise_array(_transpose_block, [BlockRef(x.name, Permuted(axes)), axes], chunks, x.dtype,
                           name=name, inputs=[x], label="transpose")


def permute_dims(x: Array, /, axes: tuple[int, ...]) -> Array:
    """Array API name of :func:`transpose` (``axes`` required).

    >>> import lazyarr as la
    >>> la.permute_dims(la.ones((2, 3)), (1, 0)).shape
    (3, 2)
    """
    return transpose(x, axes)


@implements(np.swapaxes)
def swapaxes(a: Any, axis1: int, axis2: int) -> Array:
    """Interchange two axes (lazy ``numpy.swapaxes``).

    >>> import lazyarr as la
    >>> la.swapaxes(la.ones((2, 3, 4)), 0, 2).shape
    (4, 3, 2)
    """
    x = _lazy(a)
    i = check_axis("swapaxes", axis1, x.ndim, name="axis1", bools=True)
    j = check_axis("swapaxes", axis2, x.ndim, name="axis2", bools=True)
    axes = list(range(x.ndim))
    axes[i], axes[j] = axes[j], axes[i]
    return transpose(x, axes)


@implements(np.moveaxis)
def moveaxis(a: Any, source: Any, destination: Any) -> Array:
    """Move axes to new positions (lazy ``numpy.moveaxis``).

    >>> import lazyarr as la
    >>> la.moveaxis(la.ones((2, 3, 4)), 0, -1).shape
    (3, 4, 2)
    """
    x = _lazy(a)
    src = normalize_axis_tuple(source, x.ndim, "source")
    dst = normalize_axis_tuple(destination, x.ndim, "destination")
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number of elements")
    order = [n for n in range(x.ndim) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(x, order)


def _broadcast_block(block: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return np.broadcast_to(block, shape)


@implements(np.broadcast_to)
def broadcast_to(array: Any, shape: Any, chunks: Any = None, subok: bool = False, *, meta: Any = None) -> Array:
    """Broadcast to a new shape (lazy ``numpy.broadcast_to``); new axes get *chunks*.

    >>> import lazyarr as la
    >>> la.broadcast_to(la.arange(3), (2, 3)).compute()
    array([[0, 1, 2],
           [0, 1, 2]])
    """
    x = _lazy(array)
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(int(s) for s in shape)
    if any(s < 0 for s in shape):
        raise ValueError("all elements of broadcast shape must be non-negative")
    off = len(shape) - x.ndim
    if off < 0:
        raise ValueError(
            f"input operand has more dimensions than allowed by the axis remapping: cannot broadcast "
            f"shape {x.shape} to {shape}"
        )
    for j, n in enumerate(x.shape):
        if not (n == shape[off + j] or n == 1 or (isinstance(n, float) and math.isnan(n))):
            raise ValueError(f"operands could not be broadcast together with remapped shapes "
                             f"[original->remapped]: {x.shape} and requested shape {shape}")
    if shape == x.shape:
        # broadcast_arrays passes common chunks: every result must have them
        return x if chunks is None else x.rechunk(chunks)
    if chunks is None:
        lead = normalize_chunks("auto", shape[:off], x.dtype) if off else ()
        out_chunks = list(lead) + [
            (shape[off + j],) if (n == 1 and shape[off + j] != 1) else c
            for j, (n, c) in enumerate(zip(x.shape, x.chunks))
        ]
        if x.ndim:
            # Broadcast axes get the same block size as auto chunking would choose.
            auto = normalize_chunks("auto", shape, x.dtype)
            out_chunks = [auto[i] if (i >= off and x.shape[i - off] == 1 and shape[i] != 1) else c
                          for i, c in enumerate(out_chunks)]
        out_chunks = tuple(out_chunks)
    else:
        out_chunks = normalize_chunks(chunks, shape, x.dtype, funcname="broadcast_to")
    x = x.rechunk(tuple(c if n != 1 else (1,) for n, c in zip(x.shape, out_chunks[off:])))
    name = "broadcast_to-" + tokenize(x.name, shape, out_chunks)

    return blockwise_array(_broadcast_block, [BlockRef(x.name, Aligned(x.numblocks, len(shape))),
                                              PerBlock(BlockShape(out_chunks))], out_chunks, x.dtype,
                           name=name, inputs=[x], label="broadcast_to")


@implements(np.broadcast_arrays)
def broadcast_arrays(*args: Any, subok: bool = False) -> list[Array]:
    """Broadcast several arrays against each other (lazy ``numpy.broadcast_arrays``).

    >>> import lazyarr as la
    >>> [a.shape for a in la.broadcast_arrays(la.ones(3), la.ones((2, 1)))]
    [(2, 3), (2, 3)]
    """
    arrays = [_lazy(a) for a in args]
    if len({a.chunks for a in arrays}) == 1:
        return list(arrays)  # nothing to broadcast (also where lengths are unknown)
    for a in arrays:
        require_known_sizes(a, "broadcast_arrays")
    shape = np.broadcast_shapes(*(a.shape for a in arrays))

    chunks = broadcast_chunks(*arrays, funcname="broadcast_arrays")
    return [broadcast_to(a, shape, chunks=chunks) for a in arrays]


def _reshape_block(block: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return np.reshape(block, shape)


@implements(np.reshape)
def reshape(a: Any, /, shape: Any = None, order: str = "C", *, newshape: Any = None,
            copy: bool | None = None, merge_chunks: bool = True, limit: Any = None) -> Array:
    """Give a new shape (lazy ``numpy.reshape``, C order); any shape NumPy accepts.

    >>> import lazyarr as la
    >>> la.arange(12, chunks=4).reshape((3, 4)).compute()[2]
    array([ 8,  9, 10, 11])
    """
    if shape is None:
        shape = newshape
    x = _lazy(a)
    if shape is None:
        return x  # NumPy reads shape=None as "keep the shape"
    shape = check_shape("reshape", shape, unknown_ok=True)  # NumPy's TypeError for 2.0 or '3'
    return core_reshape(x, shape, order=order)


@implements(np.ravel)
def ravel(a: Any, order: str = "C") -> Array:
    """Flatten to one dimension (lazy ``numpy.ravel``).

    >>> import lazyarr as la
    >>> la.ravel(la.ones((2, 3), chunks=1)).shape
    (6,)
    """
    x = _lazy(a)
    if x.ndim == 1 and order in ("C", "F", "A", "K"):  # already flat: itself, even with unknown (nan) sizes
        return x
    return reshape(x, (-1,), order=order)


def flatten(a: Any, order: str = "C") -> Array:
    """Same as :func:`ravel` (the array is immutable, so no copy is needed).

    >>> import lazyarr as la
    >>> la.ones((2, 2)).flatten().shape
    (4,)
    """
    return ravel(a, order)


@implements(np.squeeze)
def squeeze(a: Any, axis: Any = None) -> Array:
    """Remove length-one axes (lazy ``numpy.squeeze``).

    >>> import lazyarr as la
    >>> la.squeeze(la.ones((1, 3, 1))).shape
    (3,)
    """
    x = _lazy(a)
    if axis is None:
        axes = tuple(i for i, s in enumerate(x.shape) if s == 1)
    else:
        if x.ndim == 0 and not isinstance(axis, tuple):
            check_axis("squeeze", axis, 1)  # NumPy: axis=0 (not (0,)) of a 0-d array is fine
            return x
        axes = check_axes("squeeze", axis, x.ndim)
        for ax in axes:
            if x.shape[ax] != 1:
                raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    if not axes:
        return x
    if any(len(x.chunks[i]) > 1 for i in axes):  # a zero-length block beside the one element
        x = x.rechunk(tuple((1,) if i in axes else c for i, c in enumerate(x.chunks)))
    keep = [i for i in range(x.ndim) if i not in axes]
    chunks = tuple(x.chunks[i] for i in keep)
    shape = tuple(x.shape[i] for i in keep)
    name = "squeeze-" + tokenize(x.name, axes)
    return blockwise_array(_squeeze_block, [BlockRef(x.name, FromAxes.dropped(axes, x.ndim)), axes], chunks,
                           x.dtype, name=name, inputs=[x], label="squeeze") if shape is not None else x


def _squeeze_block(block: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    return np.squeeze(block, axis=axes)


@implements(np.expand_dims)
def expand_dims(a: Any, axis: Any = 0) -> Array:
    """Insert length-one axes (lazy ``numpy.expand_dims``).

    >>> import lazyarr as la
    >>> la.expand_dims(la.ones(3), 0).shape
    (1, 3)

    Differences from NumPy: *axis* defaults to 0, as in the Array API standard.
    """
    x = _lazy(a)
    if not isinstance(axis, (tuple, list)):
        axis = (axis,)
    axes = check_axes("expand_dims", axis, x.ndim + len(axis), bools=True, lists=True)
    index: list[Any] = []
    for i in range(x.ndim + len(axes)):
        index.append(None if i in axes else slice(None))
    return x[tuple(index)]


def _stack_or_concat_router(names: list[str], offsets: list[int], axis: int) -> IndexFunction:
    """Index map of a concatenation: output block -> the Key of the input array's block."""
    return IndexFunction(partial(_route_to_input, names, offsets, axis))  # a partial pickles; a closure not


def _route_to_input(names: list[str], offsets: list[int], axis: int, idx: tuple[int, ...]) -> Key:
    i = idx[axis]
    k = next(k for k in range(len(offsets) - 1) if offsets[k] <= i < offsets[k + 1])
    local = idx[:axis] + (i - offsets[k],) + idx[axis + 1:]
    return Key(names[k], local)


def _identity(block: np.ndarray) -> np.ndarray:
    return block


@implements(np.concatenate)
def concatenate(arrays: Sequence[Any], axis: int | None = 0, out: None = None, *, dtype: Any = None,
                casting: str = "same_kind", allow_unknown_chunksizes: bool = False) -> Array:
    """Join arrays along an existing axis (lazy ``numpy.concatenate``).

    The result keeps the inputs' blocks along *axis* (no data moves); other axes are
    rechunked to common boundaries when they differ.

    Arrays with unknown (``nan``) sizes along the other axes are joined as they are, as
    dask does with ``allow_unknown_chunksizes=True`` (accepted, and always on here): if
    the sizes turn out to differ, computing raises NumPy's ValueError.

    >>> import lazyarr as la
    >>> la.concatenate([la.ones(2), la.zeros(3)]).compute()
    array([1., 1., 0., 0., 0.])
    """
    if out is not None:
        raise TypeError("concatenate: out= is not supported for lazy arrays")
    seq = [_lazy(a) for a in arrays]
    if not seq:
        raise ValueError("need at least one array to concatenate")
    if axis is not None:
        check_integer("concatenate", "axis", axis)  # NumPy checks the axis's type before the arrays
    if axis is None:
        seq = [ravel(a) for a in seq]
        axis = 0
    ndim = seq[0].ndim
    if ndim == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    for k, a in enumerate(seq):
        if a.ndim != ndim:
            raise ValueError(
                f"all the input array dimensions except for the concatenation axis must match exactly, "
                f"but along dimension 0, the array at index 0 has {ndim} dimension(s) and the array at "
                f"index {k} has {a.ndim} dimension(s)"
            )
    axis = check_axis("concatenate", axis, ndim)
    out_dtype = np.dtype(dtype) if dtype is not None else np.result_type(*(a.dtype for a in seq))
    for d in range(ndim):
        if d == axis:
            continue
        sizes = {a.shape[d] for a in seq}
        known = {s for s in sizes if not (isinstance(s, float) and math.isnan(s))}
        if len(known) > 1:
            raise ValueError(
                f"all the input array dimensions except for the concatenation axis must match "
                f"exactly, but along dimension {d} the arrays have sizes {sorted(known)}"
            )
        if len(known) != len(sizes):
            if len({a.chunks[d] for a in seq}) > 1:
                raise unknown_size_error("concatenate", d)
    common = []
    for d in range(ndim):
        if d == axis:
            common.append(None)
        else:
            chunkings = [a.chunks[d] for a in seq]
            common.append(chunkings[0] if len(set(chunkings)) == 1 else unify_chunks_1d(*chunkings))
    seq = [a.rechunk(tuple(a.chunks[d] if d == axis else common[d] for d in range(ndim))) for a in seq]
    seq = [a.astype(out_dtype) if a.dtype != out_dtype else a for a in seq]
    if len(seq) == 1:
        return seq[0]
    offsets = [0]
    for a in seq:
        offsets.append(offsets[-1] + a.numblocks[axis])
    chunks = tuple(
        tuple(c for a in seq for c in a.chunks[axis]) if d == axis else common[d] for d in range(ndim)
    )
    names = [a.name for a in seq]
    route = _stack_or_concat_router(names, offsets, axis)
    name = "concatenate-" + tokenize(names, axis)
    return blockwise_array(_identity, [BlockRef(names[0], route)], chunks, out_dtype, name=name,
                           inputs=seq, label="concatenate")


def concat(arrays: Sequence[Array], /, *, axis: int | None = 0) -> Array:
    """Array API name of :func:`concatenate`.

    >>> import lazyarr as la
    >>> la.concat([la.ones(2), la.ones(2)]).shape
    (4,)
    """
    return concatenate(arrays, axis=axis)


@implements(np.stack)
def stack(arrays: Sequence[Any], axis: int = 0, out: None = None, *, dtype: Any = None,
          casting: str = "same_kind", allow_unknown_chunksizes: bool = False) -> Array:
    """Join arrays along a new axis (lazy ``numpy.stack``).

    >>> import lazyarr as la
    >>> la.stack([la.ones(3), la.zeros(3)]).shape
    (2, 3)
    """
    seq = [_lazy(a) for a in arrays]
    if not seq:
        raise ValueError("need at least one array to stack")
    shapes = {a.shape for a in seq}
    if len(shapes) != 1:
        raise ValueError("all input arrays must have the same shape")
    axis = check_axis("stack", axis, seq[0].ndim + 1, bools=True)
    return concatenate([expand_dims(a, axis) for a in seq], axis=axis, dtype=dtype)


@implements(np.repeat)
def repeat(a: Any, repeats: Any, axis: int | None = None) -> Array:
    """Repeat each element (lazy ``numpy.repeat``); *repeats* is an int or one count per element.

    Counts given as a lazy array (the Array API's ``repeat(x, repeats_array)``) give a
    result whose sizes along *axis* are unknown (nan) until computed.

    >>> import lazyarr as la
    >>> la.repeat(la.arange(3, chunks=2), 2).compute()
    array([0, 0, 1, 1, 2, 2])
    """
    x = _lazy(a)
    if axis is not None:
        check_axis("repeat", axis, max(x.ndim, 1))  # NumPy repeats a 0-d array as a 1-d one
    if axis is None or x.ndim == 0:
        x = ravel(x)
        axis = 0
    axis = check_axis("repeat", axis, x.ndim)
    if not isinstance(repeats, (int, np.integer)):
        if is_array(repeats):
            return _repeat_lazy(x, repeats, axis)
        counts = np.asarray(repeats)
        if counts.ndim == 0:
            repeats = int(counts)
        else:
            if counts.dtype.kind not in "iub":
                raise TypeError(f"Cannot cast array data from dtype('{counts.dtype}') to dtype('int64') "
                                f"according to the rule 'safe'")
            n = int(x.shape[axis])
            if counts.ndim != 1 or counts.shape[0] not in (1, n):
                raise ValueError(f"operands could not be broadcast together with shape ({n},) {counts.shape}")
            if (counts < 0).any():
                raise ValueError("repeats may not contain negative values.")
            # Each element i appears counts[i] times: a gather with np.repeat(arange(n), counts).
            index = np.repeat(np.arange(n), np.broadcast_to(counts, (n,)))
            return x[(slice(None),) * axis + (index,)]
    if repeats < 0:
        raise ValueError("negative dimensions are not allowed")
    chunks = tuple(tuple(s * int(repeats) for s in c) if d == axis else c for d, c in enumerate(x.chunks))
    name = "repeat-" + tokenize(x.name, repeats, axis)
    return blockwise_array(np.repeat, [BlockRef(x.name, Aligned(x.numblocks, x.ndim)), int(repeats), axis],
                           chunks, x.dtype, name=name, inputs=[x], label="repeat")


def _repeat_block(block: np.ndarray, counts: np.ndarray, axis: int) -> np.ndarray:
    if counts.size and counts.min() < 0:
        raise ValueError("repeat: repeats may not contain negative values")
    return np.repeat(block, counts, axis=axis)


def _repeat_lazy(x: Array, repeats: Array, axis: int) -> Array:
    """``repeat`` with lazy counts (the Array API allows an array of repeats): each block of
    *x* repeats its elements by the matching block of counts. The output's sizes along
    *axis* depend on the counts' values: they are unknown (nan) until computed."""
    if repeats.dtype.kind not in "iub":
        raise TypeError(f"repeat: repeats must be integers, got dtype {repeats.dtype}")
    n = x.shape[axis]
    if repeats.ndim > 1 or (repeats.ndim == 1 and repeats.shape[0] not in (1, n)):
        raise ValueError(f"repeat: repeats of shape {repeats.shape} do not broadcast to the {n} elements along "
                         f"axis {axis}; give one count, or one count per element")
    if repeats.ndim == 0 or repeats.shape[0] != n:
        repeats = broadcast_to(repeats.reshape(-1), (n,))
    counts = repeats.astype(np.intp).rechunk((x.chunks[axis],))
    chunks = tuple(tuple(math.nan for _ in c) if d == axis else c for d, c in enumerate(x.chunks))
    name = "repeat-" + tokenize(x.name, counts.name, axis)
    out = blockwise_array(_repeat_block, [BlockRef(x.name, Aligned(x.numblocks, x.ndim)),
                                          BlockRef(counts.name, FromAxes([axis], fuse=False)), axis],
                          chunks, x.dtype, name=name, inputs=[x, counts], label="repeat")
    settle_data_dependent_shapes(out)
    return out


def _atleast(n: int, arrays: tuple) -> Any:
    out = []
    for a in arrays:
        x = _lazy(a)
        if x.ndim < n:
            if n == 3 and x.ndim == 2:
                x = x[:, :, None]
            elif n == 3 and x.ndim == 1:
                x = x[None, :, None]
            else:
                x = x[(None,) * (n - x.ndim)]
        out.append(x)
    return out[0] if len(out) == 1 else out


@implements(np.atleast_1d)
def atleast_1d(*arys: Any) -> Any:
    """Lazy ``numpy.atleast_1d``.

    >>> import lazyarr as la
    >>> la.atleast_1d(la.asarray(1.0)).shape
    (1,)
    """
    return _atleast(1, arys)


@implements(np.atleast_2d)
def atleast_2d(*arys: Any) -> Any:
    """Lazy ``numpy.atleast_2d``.

    >>> import lazyarr as la
    >>> la.atleast_2d(la.ones(3)).shape
    (1, 3)
    """
    return _atleast(2, arys)


@implements(np.atleast_3d)
def atleast_3d(*arys: Any) -> Any:
    """Lazy ``numpy.atleast_3d``.

    >>> import lazyarr as la
    >>> la.atleast_3d(la.ones(3)).shape
    (1, 3, 1)
    """
    return _atleast(3, arys)


def _single_block_apply(x: Array, axis: int, func: Any, *args: Any, drop: bool, label: str) -> Array:
    """Rechunk *axis* into one block and apply ``func(block, axis, *args)`` per block."""
    x = x.rechunk({axis: -1})
    if drop:
        chunks = tuple(c for d, c in enumerate(x.chunks) if d != axis)
        index_map: Any = FromAxes.dropped((axis,), x.ndim)
    else:
        chunks = x.chunks
        index_map = Aligned(x.numblocks, x.ndim)

    sample = np.ones((1,) * x.ndim, dtype=x.dtype)
    kw_dtype = infer_dtype(lambda s: func(s, axis, *args), [sample], funcname=label)
    name = f"{label}-" + tokenize(x.name, axis, func, args, drop)
    return blockwise_array(func, [BlockRef(x.name, index_map), axis, *args], chunks, kw_dtype,
                           name=name, inputs=[x], label=label)
