"""Blockwise tools for users: ``map_overlap``, ``apply_along_axis``, ``apply_gufunc``,
``vectorize`` and ``reduction``.

``map_blocks`` and ``blockwise`` (in ``core/blockwise.py``) run a function on each
block on its own. The tools here cover the common cases where a block needs more:

* :func:`map_overlap` — a stencil needs a few neighbouring elements: each block is
  extended by a *halo* of ``depth`` elements copied from its neighbours (or from the
  boundary rule at the array's edges), the function runs, and the halo is cut off;
* :func:`apply_along_axis` / :func:`apply_gufunc` — the function needs whole lines
  (its *core* dimensions): those axes are rechunked into one block;
* :func:`reduction` — your own tree reduction from ``chunk``, ``combine`` and
  ``aggregate`` functions (the same machinery as ``sum`` or ``argmax``).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable
from typing import Any

import numpy as np

from ..core.array import Array, is_array
from ..core.blockwise import BlockRef, PerBlock, blockwise, blockwise_array, infer_dtype, map_blocks
from ..core.chunks import chunk_boundaries
from ..core.reduction import reduction as core_reduction
from ..core.tokenize import tokenize
from .registry import implements

__all__ = ["apply_along_axis", "apply_gufunc", "map_overlap", "reduction", "vectorize"]

_BOUNDARY_MODES = {"periodic": "wrap", "reflect": "symmetric", "nearest": "edge"}


def _lazy(x: Any) -> Array:
    if is_array(x):
        return x
    from ..core.data import from_array

    return from_array(np.asarray(x))


# --------------------------------------------------------------------------------------
# map_overlap
# --------------------------------------------------------------------------------------
def _per_axis(value: Any, ndim: int, default: Any, name: str) -> list:
    if isinstance(value, dict):
        out = [default] * ndim
        for k, v in value.items():
            out[k % ndim] = v
        return out
    if isinstance(value, (tuple, list)):
        if len(value) != ndim:
            raise ValueError(f"map_overlap: {name}={value!r} has {len(value)} entries for an array with {ndim} "
                             f"dimensions; give one per axis, a dict {{axis: value}} or a single value")
        return list(value)
    return [value if value is not None else default] * ndim


def _windows(chunks: tuple, depth: int, padded: bool, n: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Per block: its extended window in the (padded) array, and the halo widths to trim."""
    bounds = chunk_boundaries(chunks)
    windows, halos = [], []
    for b in range(len(chunks)):
        lo, hi = int(bounds[b]), int(bounds[b + 1])
        if padded:  # the padded array starts `depth` elements earlier
            windows.append((lo, hi + 2 * depth))
            halos.append((depth, depth))
        else:
            wlo, whi = max(0, lo - depth), min(n, hi + depth)
            windows.append((wlo, whi))
            halos.append((lo - wlo, whi - hi))
    return windows, halos


def _pieces(chunks: tuple, window: tuple[int, int]) -> list[tuple[int, slice]]:
    bounds = chunk_boundaries(chunks)
    lo, hi = window
    out = []
    for b in range(len(chunks)):
        s, e = int(bounds[b]), int(bounds[b + 1])
        if e > lo and s < hi:
            out.append((b, slice(max(lo, s) - s, min(hi, e) - s)))
    return out or [(0, slice(0, 0))]


def _glue_nested(blocks: Any, slices: Any, axis: int = 0) -> np.ndarray:
    if not isinstance(blocks, list):
        return blocks[slices]
    parts = [_glue_nested(b, s, axis + 1) for b, s in zip(blocks, slices)]
    return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=axis)


def _nest(per_axis: list[list[Any]]) -> Any:
    if not per_axis:
        return ()
    if len(per_axis) == 1:
        return [(v,) for v in per_axis[0]]
    rest = _nest(per_axis[1:])

    def prefix(v: Any, nested: Any) -> Any:
        return [prefix(v, n) for n in nested] if isinstance(nested, list) else (v, *nested)

    return [prefix(v, rest) for v in per_axis[0]]


def _with_halo(x: Array, depths: list[int], boundaries: list[Any]) -> tuple[Array, list[list[tuple[int, int]]]]:
    """Each block of *x* extended by its halo (one blockwise layer); also the halo widths."""
    from .padding import pad

    original_chunks = x.chunks
    pad_width = [(d, d) if b != "none" else (0, 0) for d, b in zip(depths, boundaries)]
    for axis, (d, b) in enumerate(zip(depths, boundaries)):
        if not d or b == "none":
            continue
        if isinstance(b, str):
            x = pad(x, [(d, d) if a == axis else (0, 0) for a in range(x.ndim)], mode=_BOUNDARY_MODES[b])
        else:
            x = pad(x, [(d, d) if a == axis else (0, 0) for a in range(x.ndim)], constant_values=b)
    plans, halos, out_chunks = [], [], []
    for axis in range(x.ndim):
        n = int(sum(original_chunks[axis]))
        windows, halo = _windows(original_chunks[axis], depths[axis], pad_width[axis][0] > 0, n)
        plans.append([_pieces(x.chunks[axis], w) for w in windows])
        halos.append(halo)
        out_chunks.append(tuple(w[1] - w[0] for w in windows))

    def sources(idx: tuple[int, ...]) -> Any:
        return _nest([[p[0] for p in plans[a][i]] for a, i in enumerate(idx)])

    def slices(idx: tuple[int, ...]) -> Any:
        return _nest([[p[1] for p in plans[a][i]] for a, i in enumerate(idx)])

    name = "overlap-" + tokenize(x.name, depths, [str(b) for b in boundaries])
    extended = blockwise_array(_glue_nested, [BlockRef(x.name, _Covering(sources)), PerBlock(slices)],
                               tuple(out_chunks), x.dtype, name=name, inputs=[x], label="overlap")
    return extended, halos


class _Covering:
    covering = True
    single = False

    def __init__(self, fn: Callable):
        self.fn = fn

    def __call__(self, idx: tuple[int, ...]) -> Any:
        return self.fn(idx)


def _trim_block(block: np.ndarray, index: tuple) -> np.ndarray:
    return block[index]


def map_overlap(func: Callable, *args: Any, depth: Any = 1, boundary: Any = "none", trim: bool = True,
                dtype: Any = None, **kwargs: Any) -> Array:
    """Run *func* on every block extended by ``depth`` neighbouring elements per side.

    Parameters
    ----------
    func : callable
        ``func(extended_block, ..., **kwargs)``; with ``trim=True`` it must return an
        array of the extended block's shape (the halo is cut off afterwards).
    *args : arrays
        Lazy or NumPy arrays of the same shape (rechunked to the first one's chunks).
    depth : int, tuple or dict
        Halo width per axis (``{axis: depth}`` for only some axes).
    boundary : str, number, tuple or dict
        What lies beyond the array's edges: ``"none"`` (edge blocks get a narrower halo),
        ``"periodic"`` (wrap around), ``"reflect"`` (mirror, edge element included),
        ``"nearest"`` (repeat the edge element) or a constant.
    trim : bool
        Cut the halo off the function's output (default True).

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.array([1, 2, 4, 7, 11, 16]), chunks=2)
    >>> def second_difference(b):
    ...     out = np.zeros_like(b)
    ...     out[1:-1] = b[2:] - 2 * b[1:-1] + b[:-2]
    ...     return out
    >>> la.map_overlap(second_difference, x, depth=1, boundary="nearest").compute()
    array([ 1,  1,  1,  1,  1, -5])
    """
    arrays = [_lazy(a) for a in args if is_array(a) or isinstance(a, np.ndarray)]
    if not arrays:
        raise TypeError("map_overlap: needs at least one array argument")
    first = arrays[0]
    for axis, n in enumerate(first.shape):
        if isinstance(n, float) and math.isnan(n):
            from ..errors import unknown_size_error

            raise unknown_size_error("map_overlap", axis)
    depths = [int(d) for d in _per_axis(depth, first.ndim, 0, "depth")]
    if any(d < 0 for d in depths):
        raise ValueError(f"map_overlap: depth must be non-negative, got {depth!r}")
    boundaries = _per_axis(boundary, first.ndim, "none", "boundary")
    for b in boundaries:
        if isinstance(b, str) and b not in ("none", *_BOUNDARY_MODES):
            raise ValueError(f"map_overlap: boundary={b!r}; allowed: 'none', 'periodic', 'reflect', 'nearest' "
                             f"or a number")
    for axis, (d, b) in enumerate(zip(depths, boundaries)):
        if d and b != "none" and d > first.shape[axis] and b in ("periodic", "reflect"):
            raise ValueError(f"map_overlap: depth {d} along axis {axis} is larger than the axis ({first.shape[axis]})")
    extended_args, halos = [], None
    it = iter(arrays)
    for a in args:
        if is_array(a) or isinstance(a, np.ndarray):
            arr = next(it)
            if arr.shape != first.shape:
                raise ValueError(f"map_overlap: all arrays must have the same shape; got {first.shape} and "
                                 f"{arr.shape}")
            arr = arr.rechunk(first.chunks)
            ext, halos = _with_halo(arr, depths, boundaries)
            extended_args.append(ext)
        else:
            extended_args.append(a)
    result = map_blocks(func, *extended_args, dtype=dtype, **kwargs)
    if not trim:
        return result
    assert halos is not None
    final_halos = halos

    def index(idx: tuple[int, ...]) -> tuple:
        out = []
        for a, i in enumerate(idx):
            lo, hi = final_halos[a][i]
            out.append(slice(lo, result.chunks[a][i] - hi))
        return tuple(out)

    name = "trim-" + tokenize(result.name, depths)
    from .searching import _Source

    return blockwise_array(_trim_block, [BlockRef(result.name, _Source(lambda idx: idx)), PerBlock(index)],
                           first.chunks, result.dtype, name=name, inputs=[result], label="trim")


# --------------------------------------------------------------------------------------
# apply_along_axis, apply_gufunc, vectorize
# --------------------------------------------------------------------------------------
def _apply_along(block: np.ndarray, func1d: Callable, axis: int, args: tuple, kwargs: dict) -> np.ndarray:
    return np.apply_along_axis(func1d, axis, block, *args, **kwargs)


class _CoreAxisMap:
    covering = True
    single = True

    def __init__(self, axis: int, n_out: int):
        self.axis, self.n_out = axis, n_out

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        return idx[:self.axis] + (0,) + idx[self.axis + self.n_out:]

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return self.n_out == 1


@implements(np.apply_along_axis)
def apply_along_axis(func1d: Callable, axis: int, arr: Any, *args: Any, dtype: Any = None, shape: Any = None,
                     **kwargs: Any) -> Array:
    """Apply *func1d* to every 1-d line along *axis* (lazy ``numpy.apply_along_axis``).

    The axis is rechunked into one block. The output's dtype and the shape *func1d*
    returns are found by calling it once on a line of ones (give ``dtype=`` and
    ``shape=`` to skip that).

    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.arange(12).reshape(3, 4), chunks=2)
    >>> la.apply_along_axis(lambda v: v[::-1].cumsum(), 1, x).compute()[0]
    array([3, 5, 6, 6])
    """
    x = _lazy(arr)
    from numpy.lib.array_utils import normalize_axis_index

    axis = normalize_axis_index(axis, x.ndim)
    from .searching import require_known_sizes
    from .sorting import rechunk_whole_axis

    require_known_sizes(x, "apply_along_axis", [axis])

    x = rechunk_whole_axis(x, axis)
    if dtype is None or shape is None:
        sample = np.asarray(func1d(np.ones(int(x.shape[axis]), dtype=x.dtype), *args, **kwargs))
        dtype = sample.dtype if dtype is None else dtype
        shape = sample.shape if shape is None else shape
    shape = tuple(shape)
    chunks = x.chunks[:axis] + tuple((s,) for s in shape) + x.chunks[axis + 1:]
    name = "apply_along_axis-" + tokenize(x.name, func1d, axis, args, kwargs)
    return blockwise_array(_apply_along, [BlockRef(x.name, _CoreAxisMap(axis, len(shape))), func1d, axis,
                                          tuple(args), dict(kwargs)],
                           chunks, dtype, name=name, inputs=[x], label="apply_along_axis")


_DIMS = re.compile(r"\(([^()]*)\)")


def parse_signature(signature: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """``"(i,j),(j)->(i)"`` -> ``([("i", "j"), ("j",)], [("i",)])``.

    >>> parse_signature("(i),(i)->()")
    ([('i',), ('i',)], [()])
    """
    sig = signature.replace(" ", "")
    if "->" not in sig:
        raise ValueError(f"apply_gufunc: not a valid gufunc signature: {signature!r}; e.g. '(i),(i)->()'")
    ins, outs = sig.split("->")

    def dims(part: str) -> list[tuple[str, ...]]:
        return [tuple(d for d in group.split(",") if d) for group in _DIMS.findall(part)]

    return dims(ins), dims(outs)


def apply_gufunc(func: Callable, signature: str, *args: Any, output_dtypes: Any = None,
                 output_sizes: dict | None = None, vectorize: bool = False, allow_rechunk: bool = False,
                 **kwargs: Any) -> Array:
    """Apply a generalized ufunc: loop dimensions are blockwise, core dimensions are whole.

    Parameters
    ----------
    func : callable
        Works on NumPy arrays whose *last* axes are the core dimensions of *signature*.
    signature : str
        E.g. ``"(i)->()"`` (reduce a line), ``"(i,j),(j)->(i)"`` (matrix-vector).
    output_dtypes : dtype, optional
        Inferred by calling *func* on tiny arrays if omitted.
    output_sizes : dict, optional
        Sizes of core dimensions that appear only in the output.
    vectorize : bool
        Wrap *func* with ``np.vectorize(func, signature=signature)`` first.
    allow_rechunk : bool
        Rechunk core dimensions split over several blocks (else raise ValueError).

    Only one output is supported.

    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.arange(12.0).reshape(3, 4), chunks=(1, 4))
    >>> apply_gufunc(lambda v: v.mean(axis=-1), "(i)->()", x).compute()
    array([1.5, 5.5, 9.5])
    """
    in_dims, out_dims = parse_signature(signature)
    if len(out_dims) != 1:
        raise NotImplementedError("apply_gufunc: only signatures with one output are supported")
    if len(in_dims) != len(args):
        raise ValueError(f"apply_gufunc: signature {signature!r} has {len(in_dims)} inputs but {len(args)} "
                         f"arrays were given")
    if vectorize:
        func = np.vectorize(func, signature=signature, otypes=[output_dtypes] if output_dtypes else None)
    arrays = [_lazy(a) for a in args]
    loop_ndim = max(a.ndim - len(d) for a, d in zip(arrays, in_dims))
    core_letters: dict[str, str] = {}
    pool = iter(string.ascii_uppercase)
    loop_letters = string.ascii_lowercase[:loop_ndim]
    pairs: list[Any] = []
    for a, dims in zip(arrays, in_dims):
        n_loop = a.ndim - len(dims)
        if n_loop < 0:
            raise ValueError(f"apply_gufunc: an input with shape {a.shape} has fewer dimensions than its core "
                             f"dimensions {dims}")
        for k, d in enumerate(dims):
            core_letters.setdefault(d, next(pool))
            axis = n_loop + k
            if a.numblocks[axis] > 1:
                if not allow_rechunk:
                    raise ValueError(
                        f"apply_gufunc: core dimension {d!r} (axis {axis}) is split into {a.numblocks[axis]} "
                        f"blocks; rechunk it into one block or pass allow_rechunk=True"
                    )
                a = a.rechunk({axis: -1})
        pairs += [a, loop_letters[loop_ndim - n_loop:] + "".join(core_letters[d] for d in dims)]
    new_axes = {}
    for d in out_dims[0]:
        if d not in core_letters:
            if not output_sizes or d not in output_sizes:
                raise ValueError(f"apply_gufunc: output core dimension {d!r} needs a size in output_sizes")
            core_letters[d] = next(pool)
            new_axes[core_letters[d]] = int(output_sizes[d])
    out_ind = loop_letters + "".join(core_letters[d] for d in out_dims[0])
    if output_dtypes is None:
        # one loop element, whole core dimensions: a single line is cheap and always valid
        samples = [np.ones((1,) * (a.ndim - len(d)) + tuple(int(n) for n in a.shape[a.ndim - len(d):]), dtype=a.dtype)
                   for a, d in zip(arrays, in_dims)]
        output_dtypes = infer_dtype(func, samples, kwargs, "apply_gufunc")
    dtype = output_dtypes[0] if isinstance(output_dtypes, (list, tuple)) else output_dtypes
    return blockwise(func, out_ind, *pairs, dtype=dtype, concatenate=True, new_axes=new_axes, **kwargs)


class vectorize:  # noqa: N801 - named after np.vectorize, which it mirrors
    """A Python function applied element by element (or per core dimensions) to lazy arrays.

    Like ``np.vectorize``: with ``signature`` it becomes a gufunc run through
    :func:`apply_gufunc`; without, an elementwise function run block by block.

    >>> import lazyarr as la
    >>> clipped = la.vectorize(lambda v: v if v < 3 else 3, otypes=[int])
    >>> clipped(la.arange(5, chunks=2)).compute()
    array([0, 1, 2, 3, 3])
    """

    def __init__(self, pyfunc: Callable, otypes: Any = None, signature: str | None = None, **kwargs: Any):
        self.pyfunc, self.otypes, self.signature = pyfunc, otypes, signature
        self._np = np.vectorize(pyfunc, otypes=otypes, signature=signature, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Array:
        dtype = self.otypes[0] if self.otypes else None
        if self.signature is not None:
            return apply_gufunc(self._np, self.signature, *args, output_dtypes=dtype, allow_rechunk=True, **kwargs)
        from ..core.blockwise import elemwise

        return elemwise(self._np, *args, dtype=dtype, label=getattr(self.pyfunc, "__name__", "vectorize"), **kwargs)


# --------------------------------------------------------------------------------------
# reduction
# --------------------------------------------------------------------------------------
class _UserChunk:
    def __init__(self, func: Callable):
        self.func = func
        self.__name__ = getattr(func, "__name__", "chunk")

    def __call__(self, block: np.ndarray, axis: tuple) -> Any:
        return self.func(block, axis=axis, keepdims=True)


class _UserCombine:
    def __init__(self, func: Callable | None, chunk: Callable):
        self.func, self.chunk = func, chunk
        self.__name__ = getattr(func or chunk, "__name__", "combine")

    def __call__(self, parts: list, axis: tuple) -> Any:
        # Partials keep the reduced axes; joined along one of them, they can be reduced
        # again whatever their layout on the block grid.
        joined = np.concatenate(parts, axis=axis[0])
        return (self.func or self.chunk)(joined, axis=axis, keepdims=True)


class _UserAggregate:
    def __init__(self, func: Callable | None):
        self.func = func
        self.__name__ = getattr(func, "__name__", "aggregate")

    def __call__(self, partial: Any, axis: tuple, keepdims: bool) -> Any:
        if self.func is not None:
            return self.func(partial, axis=axis, keepdims=keepdims)
        return partial if keepdims else np.squeeze(partial, axis=axis)


def reduction(x: Any, chunk: Callable, combine: Callable | None = None, aggregate: Callable | None = None, *,
              axis: Any = None, keepdims: bool = False, dtype: Any = None, split_every: Any = None,
              name: str | None = None) -> Array:
    """Your own tree reduction, built from NumPy-style functions.

    Parameters
    ----------
    chunk : callable
        ``chunk(block, axis=tuple, keepdims=True)`` summarizes one block, keeping the
        reduced axes (length 1, or any length your combine understands).
    combine : callable, optional
        ``combine(joined, axis=tuple, keepdims=True)`` where *joined* is neighbouring
        partials concatenated along a reduced axis; defaults to *chunk*.
    aggregate : callable, optional
        ``aggregate(partial, axis=tuple, keepdims=bool)`` gives the final value;
        defaults to dropping the reduced axes.
    axis, keepdims, dtype, split_every
        As for ``sum``; *dtype* is inferred from a tiny sample if omitted.

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.array([[3, -8, 2], [5, 1, -1]]), chunks=1)
    >>> def max_abs(b, axis, keepdims):
    ...     return np.max(np.abs(b), axis=axis, keepdims=keepdims)
    >>> la.reduction(x, max_abs, axis=1).compute()
    array([8, 5])
    """
    a = _lazy(x)
    axes = tuple(range(a.ndim)) if axis is None else tuple(
        sorted(int(ax) % a.ndim for ax in (axis if isinstance(axis, (tuple, list)) else (axis,))))
    if dtype is None:
        sample = np.ones((2,) * a.ndim, dtype=a.dtype)
        partial = chunk(sample, axis=axes, keepdims=True)
        dtype = np.asarray(aggregate(partial, axis=axes, keepdims=keepdims) if aggregate else partial).dtype
    label = name or getattr(chunk, "__name__", "reduction")
    return core_reduction(a, _UserChunk(chunk), _UserCombine(combine, chunk), _UserAggregate(aggregate),
                          axis=axes, keepdims=keepdims, dtype=np.dtype(dtype), name=label, split_every=split_every)
