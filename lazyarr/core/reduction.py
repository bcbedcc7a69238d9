"""Tree reductions: chunk -> combine rounds (fan-in ``split_every``) -> aggregate.

A reduction is three small functions over *partials* (whatever summary of a block is
convenient: a sum, a (count, mean, M2) triple, ...):

* ``chunk(block, *extra, axis)`` summarizes one block, keeping reduced axes as length 1;
* ``combine(partials, axis)`` merges a list of partials that sit next to each other
  along the reduced axes (all have the same shape, so merging is a simple fold);
* ``aggregate(partial, axis, keepdims)`` turns the last partial into the result.

Blocks are merged ``split_every`` at a time, so a reduction over N blocks takes about
log(N) rounds and only a handful of partials is alive at once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import config
from .array import Array
from .blockwise import Aligned, BlockRef, PerBlock, blockwise_array, broadcast_chunks
from .index_maps import FromAxes, IndexMap
from .tokenize import tokenize

__all__ = ["reduction", "normalize_split_every"]


def normalize_split_every(split_every: Any, axes: Sequence[int], numblocks: Sequence[int]) -> dict[int, int]:
    """Fan-in per reduced axis: an int is spread over the axes that have several blocks."""
    if split_every is None:
        split_every = config.get("split_every")
    if isinstance(split_every, dict):
        out = {a: int(split_every.get(a, 2)) for a in axes}
    else:
        n = int(split_every)
        if n < 2:
            raise ValueError(f"reduction: split_every must be at least 2, got {split_every!r}")
        many = [a for a in axes if numblocks[a] > 1] or list(axes)
        per_axis = max(2, int(round(n ** (1.0 / max(len(many), 1)))))
        out = {a: per_axis for a in axes}
    for a, s in out.items():
        if s < 2:
            raise ValueError(f"reduction: split_every for axis {a} must be at least 2, got {s}")
    return out


class _Group(IndexMap):
    """Index map of one combine round: the input blocks merged into one output block.

    >>> _Group((0,), {0: 2}, (5, 1))((2, 0))
    [(4, 0)]
    """

    __slots__ = ("axes", "split", "in_numblocks")
    covering = True

    def __init__(self, axes: tuple[int, ...], split: dict[int, int], in_numblocks: tuple[int, ...]):
        self.axes, self.split, self.in_numblocks = axes, split, in_numblocks

    def __call__(self, idx: tuple[int, ...]) -> list[tuple[int, ...]]:
        ranges = []
        for a, i in enumerate(idx):
            if a in self.split:
                s = self.split[a]
                ranges.append(range(i * s, min((i + 1) * s, self.in_numblocks[a])))
            else:
                ranges.append((i,))
        return [tuple(t) for t in itertools.product(*ranges)]


class _Chunk:
    def __init__(self, func: Callable, axis: tuple[int, ...], kwargs: dict):
        self.func, self.axis, self.kwargs = func, axis, kwargs

    def __call__(self, *args: Any) -> Any:
        return self.func(*args, axis=self.axis, **self.kwargs)

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "chunk")


class _Combine(_Chunk):
    pass


class _Aggregate:
    def __init__(self, func: Callable, axis: tuple[int, ...], keepdims: bool, kwargs: dict):
        self.func, self.axis, self.keepdims, self.kwargs = func, axis, keepdims, kwargs

    def __call__(self, partial: Any) -> Any:
        return self.func(partial, axis=self.axis, keepdims=self.keepdims, **self.kwargs)

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "aggregate")


def reduction(x: Array, chunk: Callable, combine: Callable, aggregate: Callable, *,
              axis: tuple[int, ...], keepdims: bool, dtype: Any, name: str,
              split_every: Any = None, extras: Sequence[Array] = (), chunk_kwargs: dict | None = None,
              aggregate_kwargs: dict | None = None, per_block: Callable | None = None,
              block_type: type | None = None) -> Array:
    """Build a tree reduction of *x* over the (normalized, non-negative) *axis* tuple.

    *extras* are arrays of the same shape as *x* (e.g. a ``where=`` mask) handed to
    ``chunk`` after the block; *per_block* adds ``chunk`` an argument computed from the
    block index (e.g. the block's offset, for ``argmin``). *block_type* is the result's,
    when it is not *x*'s (``argmin`` of masked data gives plain indices).
    """
    label = name
    axis = tuple(sorted(axis))
    token = tokenize(name, x.name, axis, keepdims, dtype, split_every, [e.name for e in extras],
                     chunk_kwargs, aggregate_kwargs, chunk, combine, aggregate)
    # Stage 1: one partial per block (aligned with x, so it fuses with x's producer).
    out_ndim = x.ndim
    inputs = [x]
    args: list[Any] = [BlockRef(x.name, Aligned(x.numblocks, out_ndim))]
    if extras:
        chunks_all = broadcast_chunks(x, *extras, funcname=name)
        # where= may not enlarge the array (its block boundaries may differ: it is aligned below)
        if len(chunks_all) != x.ndim or any(sum(c) != n and not math.isnan(n) for c, n in zip(chunks_all, x.shape)):
            raise ValueError(f"{name}: where= must broadcast to the array's shape {x.shape}")
        for e in extras:
            from .blockwise import _align

            e = _align(e, x.chunks)
            inputs.append(e)
            args.append(BlockRef(e.name, Aligned(e.numblocks, out_ndim)))
    if per_block is not None:
        args.append(PerBlock(per_block))
    partial_chunks = tuple(
        (1,) * len(c) if a in axis else c for a, c in enumerate(x.chunks)
    )
    current = blockwise_array(_Chunk(chunk, axis, chunk_kwargs or {}), args, partial_chunks, dtype,
                              name=f"{label}-chunk-{token}", inputs=inputs, label=label)
    # Stage 2: combine rounds until every reduced axis has one block.
    split = normalize_split_every(split_every, axis, x.numblocks)
    depth = 0
    while any(current.numblocks[a] > 1 for a in axis):
        depth += 1
        new_chunks = tuple(
            (1,) * math.ceil(len(c) / split[a]) if a in axis else c for a, c in enumerate(current.chunks)
        )
        group = _Group(axis, split, current.numblocks)
        current = blockwise_array(_Combine(combine, axis, {}), [BlockRef(current.name, group)],
                                  new_chunks, dtype, name=f"{label}-combine{depth}-{token}",
                                  inputs=[current], label=label)
    # Stage 3: turn the final partial into the result block.
    if keepdims:
        out_chunks = tuple((1,) if a in axis else c for a, c in enumerate(current.chunks))
        index_map: Any = Aligned(current.numblocks, out_ndim)
    else:
        out_chunks = tuple(c for a, c in enumerate(current.chunks) if a not in axis)
        index_map = FromAxes.dropped(axis, out_ndim)
    return blockwise_array(_Aggregate(aggregate, axis, keepdims, aggregate_kwargs or {}),
                           [BlockRef(current.name, index_map)], out_chunks, dtype,
                           name=f"{label}-{token}", inputs=[current], label=label, block_type=block_type)


def fold(func: Callable[[Any, Any], Any]) -> Callable[[list, tuple], Any]:
    """A combine step that folds a binary function over the partials.

    >>> import numpy as np
    >>> fold(np.add)([1, 2, 3], axis=(0,))
    np.int64(6)
    """
    return _Fold(func)


class _Fold:
    """``fold(func)``: a class, not a closure, so that graphs pickle."""

    def __init__(self, func: Callable[[Any, Any], Any]):
        self.func = func
        self.__name__ = getattr(func, "__name__", "combine")

    def __lazyarr_token__(self) -> str:
        return tokenize("fold", self.func)  # equal for equal functions, so graph names stay deterministic

    def __call__(self, parts: list, axis: tuple[int, ...]) -> Any:
        result = parts[0]
        for p in parts[1:]:
            result = self.func(result, p)
        return result


def as_numpy_scalar_block(value: Any, dtype: np.dtype) -> np.ndarray:
    return np.asarray(value, dtype=dtype)
