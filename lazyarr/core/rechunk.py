"""Changing how an array is cut into blocks.

:func:`plan_rechunk` is pure: per axis it lists, for each output block, which input
blocks overlap it and which slice of each is needed. The layer builder then makes
one blockwise task per output block that cuts and glues those pieces.

A task holds every input block it cuts from, so a single step can need far more
memory than one block: rechunking ``(8000, 100)`` blocks into ``(100, 8000)`` blocks
makes each output block read 80 input blocks whole. :func:`plan_rechunk_stages`
measures that cost (:func:`stage_cost`) and, when it is too high, goes through an
intermediate chunking cut at the boundaries of *both* the old and the new chunks (each
of its blocks lies inside one old block and inside one new block, so both steps stay
within one block's memory), then merges intermediate blocks back as long as both
steps stay under the limit, to keep the task count down.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np

from ..errors import unknown_size_error
from . import blocktype
from .array import Array
from .blockwise import BlockRef, PerBlock, blockwise_array
from .chunks import chunk_boundaries, normalize_chunks, parse_bytes
from .index_maps import Lookup, nest
from .tokenize import tokenize

__all__ = ["glue_pieces", "plan_rechunk", "plan_rechunk_stages", "rechunk", "stage_cost"]


def plan_axis(old: tuple, new: tuple) -> list[list[tuple[int, slice]]]:
    """For each new block along one axis: ``[(old block, slice in it), ...]``.

    >>> plan_axis((4, 4), (2, 6))
    [[(0, slice(0, 2, None))], [(0, slice(2, 4, None)), (1, slice(0, 4, None))]]
    """
    old_bounds = chunk_boundaries(old)
    plan = []
    j = 0
    start = 0
    for size in new:
        stop = start + size
        pieces = []
        while j < len(old) and old_bounds[j + 1] <= start and old[j] != 0:
            j += 1
        k = j
        while k < len(old) and old_bounds[k] < stop:
            lo = max(start, old_bounds[k]) - old_bounds[k]
            hi = min(stop, old_bounds[k + 1]) - old_bounds[k]
            if hi > lo:
                pieces.append((k, slice(int(lo), int(hi))))
            k += 1
        if not pieces:  # zero-length block
            pieces.append((min(j, len(old) - 1), slice(0, 0)))
        plan.append(pieces)
        start = stop
    return plan


def plan_rechunk(old: tuple, new: tuple) -> list[list[list[tuple[int, slice]]]]:
    """Per axis, the pieces of old blocks that make each new block."""
    return [plan_axis(o, n) for o, n in zip(old, new)]


def stage_cost(old: tuple, new: tuple, itemsize: int = 1) -> int:
    """Bytes of input blocks that the largest single rechunk task reads.

    >>> stage_cost(((8000,), (100,) * 80), ((100,) * 80, (8000,)), 8)  # 80 blocks of 6.1 MiB
    512000000
    """
    total = itemsize
    for o, n in zip(old, new):
        widest = 0
        for pieces in plan_axis(o, n):
            widest = max(widest, sum(int(o[b]) for b, _ in pieces))
        total *= widest
    return total


def _block_bytes(chunks: tuple, itemsize: int) -> int:
    return itemsize * math.prod(max((int(c) for c in cs), default=0) for cs in chunks)


def _meet(old: tuple, new: tuple) -> tuple:
    """Chunks cut at every boundary of *old* and of *new*."""
    bounds = sorted(set(chunk_boundaries(old)) | set(chunk_boundaries(new)))
    return tuple(int(b - a) for a, b in zip(bounds[:-1], bounds[1:])) or (0,)


def _merge_pairs(chunks: tuple) -> tuple:
    return tuple(sum(chunks[i:i + 2]) for i in range(0, len(chunks), 2))


def plan_rechunk_stages(old: tuple, new: tuple, itemsize: int = 8, limit: int | None = None) -> list[tuple]:
    """The chunkings to go through, ending with *new*: one stage, or two when one is too costly.

    *limit* (bytes a task may read) defaults to four times the larger of the old and new
    block sizes.

    >>> old = ((8000,), (100,) * 80)
    >>> new = ((100,) * 80, (8000,))
    >>> stages = plan_rechunk_stages(old, new, itemsize=8)
    >>> len(stages), stages[0] != old, stages[-1] == new
    (2, True, True)
    >>> max(stage_cost(a, b, 8) for a, b in zip([old] + stages, stages)) <= 4 * 8000 * 100 * 8
    True
    """
    if limit is None:
        limit = 4 * max(_block_bytes(old, itemsize), _block_bytes(new, itemsize), itemsize)
    if stage_cost(old, new, itemsize) <= limit:
        return [new]
    inter = tuple(_meet(o, n) for o, n in zip(old, new))
    improved = True
    while improved:
        improved = False
        for axis in sorted(range(len(inter)), key=lambda a: -len(inter[a])):
            if len(inter[axis]) < 2:
                continue
            trial = inter[:axis] + (_merge_pairs(inter[axis]),) + inter[axis + 1:]
            if stage_cost(old, trial, itemsize) <= limit and stage_cost(trial, new, itemsize) <= limit:
                inter, improved = trial, True
    if inter in (old, new):
        return [new]
    return [inter, new]


def _glue(pieces: Any, slices: Any) -> np.ndarray:
    """Cut each piece and concatenate them back along every axis (nested lists)."""
    return _glue_axis(pieces, slices, 0)


def _glue_axis(pieces: Any, slices: Any, axis: int) -> np.ndarray:
    if not isinstance(pieces, list):
        return pieces[slices]
    parts = [_glue_axis(p, s, axis + 1) for p, s in zip(pieces, slices)]
    if len(parts) == 1:
        return parts[0]
    return blocktype.concatenate(parts, axis=axis)


def rechunk(x: Array, chunks: Any = "auto", *, threshold: Any = None, block_size_limit: Any = None,
            balance: bool = False, method: Any = None) -> Array:
    """Return *x* cut into new blocks.

    Parameters
    ----------
    chunks : int, tuple, dict, str
        Target chunks (a dict changes only the axes it names).
    method : str, optional
        dask's choice between its task-based and peer-to-peer rechunk algorithms; accepted
        and ignored: lazyarr has one algorithm (staged glueing, below).

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.ones((6, 6), chunks=2)
    >>> x.rechunk((3, 6)).chunks
    ((3, 3), (6,))
    >>> x.rechunk(x.chunks) is x
    True
    """
    limit = None if block_size_limit is None else parse_bytes(block_size_limit, "rechunk: block_size_limit")
    new = normalize_chunks(chunks, x.shape, x.dtype, limit=limit, previous_chunks=x.chunks, funcname="rechunk")
    if new == x.chunks:
        return x
    unknown = [any(isinstance(s, float) and math.isnan(s) for s in c) for c in x.chunks]
    for axis, (o, n) in enumerate(zip(x.chunks, new)):
        if o != n and unknown[axis] and not _one_block(n):
            raise unknown_size_error("rechunk", axis)
    if any(unknown):
        # Along an axis of unknown sizes the blocks are kept (each output block takes its input
        # block whole) or all glued into one (``rechunk({axis: -1})``, what sort and median ask
        # for): neither needs the sizes. One stage, as the block sizes are not known.
        def keep_or_merge(o: tuple, n: tuple) -> list:
            whole = [(i, slice(None)) for i in range(len(o))]
            return [whole] if o != n else [[piece] for piece in whole]

        plans = [keep_or_merge(o, n) if u else plan_axis(o, n) for o, n, u in zip(x.chunks, new, unknown)]
        return glue_pieces(x, plans, new, name="rechunk-" + tokenize(x.name, new), label="rechunk")
    stages = plan_rechunk_stages(x.chunks, new, x.dtype.itemsize, limit)
    for stage in stages:
        x = _rechunk_one_stage(x, stage)
    return x


def _one_block(chunks: tuple) -> bool:
    """Whether *chunks* is one block of unknown length (the whole of an axis of unknown length)."""
    return len(chunks) == 1 and isinstance(chunks[0], float) and math.isnan(chunks[0])


def _rechunk_one_stage(x: Array, new: tuple) -> Array:
    """One rechunk layer: each output block glues the pieces of the input blocks it overlaps."""
    return glue_pieces(x, plan_rechunk(x.chunks, new), new, name="rechunk-" + tokenize(x.name, new),
                       label="rechunk")


def glue_pieces(x: Array, plans: Sequence[list[list[tuple[int, slice]]]], chunks: tuple, *, name: str,
                label: str) -> Array:
    """An array whose blocks are glued from pieces of *x*'s blocks, one task per block.

    ``plans[axis][i]`` lists the ``(input block, slice)`` pieces that make output block
    *i* along *axis* (:func:`plan_rechunk` for a rechunk; ``map_overlap`` plans blocks
    extended by a halo from their neighbours). An output block is every combination of
    its pieces along all axes, cut and concatenated back together.

    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=3)
    >>> glue_pieces(x, [[[(0, slice(1, 3)), (1, slice(0, 1))]]], ((3,),), name="middle", label="glue").compute()
    array([1, 2, 3])
    """
    sources = Lookup([[[b for b, _ in pieces] for pieces in axis] for axis in plans], in_numblocks=x.numblocks)
    cuts = [[[s for _, s in pieces] for pieces in axis] for axis in plans]
    # A partial of a module-level function, not a closure: graphs must pickle.
    return blockwise_array(_glue, [BlockRef(x.name, sources), PerBlock(partial(_glue_slices, cuts))], chunks,
                           x.dtype, name=name, inputs=[x], label=label)


def _glue_slices(cuts: list, idx: tuple[int, ...]) -> Any:
    """The nested slices that cut the pieces of output block *idx* (see :func:`glue_pieces`)."""
    return nest([c[i] for c, i in zip(cuts, idx)])
