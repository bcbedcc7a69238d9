"""reshape: any shape NumPy accepts, on any chunking (C order).

The plan splits the old and new shapes into *groups* of axes whose sizes multiply to
the same number (``(6, 4) -> (2, 3, 4)`` has groups ``(6,) -> (2, 3)`` and
``(4,) -> (4,)``). A group mapping one axis to one axis keeps its chunks.

For the other groups, think of the group's elements in C order as one flat run. A
block can be reshaped on its own exactly when it is a *contiguous* piece of that run
on both sides. On one side, a chunking gives contiguous pieces when it has the
form "axes before ``k`` in blocks of 1, axis ``k`` cut anywhere, axes after ``k``
whole" (:func:`contiguous_form`). So the plan is:

1. if the input is already of that form and its flat cut points can also be written
   in that form on the output side, nothing moves (merging or splitting axes along
   existing block boundaries, e.g. ``(4, 6)`` in blocks ``(2, 6)`` to ``(24,)``);
2. otherwise pick a flat block length ``F`` that both sides can express and that is
   close to the input's block size (:func:`_choose_flat_block`), rechunk the input to
   it (a staged, memory-bounded rechunk) and reshape block by block.

Blocks then correspond one to one in C order, and each task is ``block.reshape``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import unknown_size_error
from .array import Array
from .blockwise import BlockRef, PerBlock, blockwise_array
from .chunks import chunk_boundaries
from .index_maps import BlockShape, IndexMap
from .tokenize import tokenize

__all__ = ["reshape", "normalize_shape"]


def normalize_shape(shape: Any, size: int, old_shape: tuple) -> tuple[int, ...]:
    """Resolve a single ``-1`` and check the size (NumPy's messages)."""
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    shape = tuple(int(s) for s in shape)
    unknown = [i for i, s in enumerate(shape) if s == -1]
    if len(unknown) > 1:
        raise ValueError("can only specify one unknown dimension")
    if any(s < -1 for s in shape):
        raise ValueError(f"negative dimensions not allowed, got shape {shape}")
    if unknown:
        known = math.prod(s for s in shape if s != -1)
        if known == 0 or size % known:
            raise ValueError(f"cannot reshape array of size {size} into shape "
                             f"{tuple('-1' if s == -1 else s for s in shape)}".replace("'", ""))
        shape = tuple(size // known if s == -1 else s for s in shape)
    if math.prod(shape) != size:
        raise ValueError(f"cannot reshape array of size {size} into shape {shape}")
    return shape


def _reshape_block(block: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return block.reshape(shape)


def reshape(x: Array, shape: Any, order: str = "C") -> Array:
    """Lazy reshape; see the module docstring for the plan.

    >>> import lazyarr as la
    >>> la.ones((4, 6), chunks=2).reshape((2, 2, 6)).shape
    (2, 2, 6)
    >>> la.ones((4, 6), chunks=(2, 6)).reshape(-1).chunks   # along block boundaries: no rechunk
    ((12, 12),)
    >>> la.ones((5000, 5000), chunks=1000).reshape((1000, 5000, 5)).chunks[0][:3]
    (40, 40, 40)
    """
    if order not in ("C", "A"):
        raise NotImplementedError(f"reshape: only order='C' is supported lazily, got order={order!r}")
    for axis, n in enumerate(x.shape):
        if isinstance(n, float) and math.isnan(n):
            raise unknown_size_error("reshape", axis)
    shape = normalize_shape(shape, int(x.size), x.shape)
    if shape == x.shape:
        return x
    if x.npartitions == 1 or x.size == 0:
        x = x.rechunk(tuple(-1 for _ in x.shape)) if x.ndim else x
        chunks: tuple = tuple((s,) for s in shape)
    else:
        in_chunks, chunks = plan_reshape(tuple(int(n) for n in x.shape), x.chunks, shape)
        x = x.rechunk(in_chunks)
    name = "reshape-" + tokenize(x.name, shape, chunks)

    order_map = _BlockOrder(x.numblocks, tuple(len(c) for c in chunks))
    return blockwise_array(_reshape_block, [BlockRef(x.name, order_map), PerBlock(BlockShape(chunks))], chunks,
                           x.dtype, name=name, inputs=[x], label="reshape")


class _BlockOrder(IndexMap):
    """Blocks correspond one to one in C order (same number of blocks in and out).

    >>> _BlockOrder((2, 3), (6,))((4,))
    (1, 1)
    """

    __slots__ = ("in_numblocks", "out_numblocks")
    covering = True
    single = True

    def __init__(self, in_numblocks: tuple[int, ...], out_numblocks: tuple[int, ...]):
        self.in_numblocks, self.out_numblocks = in_numblocks, out_numblocks

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        if not self.out_numblocks:
            return (0,) * len(self.in_numblocks)
        flat = np.ravel_multi_index(idx, self.out_numblocks)
        return tuple(int(i) for i in np.unravel_index(flat, self.in_numblocks)) if self.in_numblocks else ()

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return True


def group_axes(old: tuple[int, ...], new: tuple[int, ...]) -> list[tuple[list[int], list[int]]]:
    """Pair runs of old and new axes whose sizes multiply to the same number (no zero sizes).

    >>> group_axes((6, 4), (2, 3, 4))
    [([0], [0, 1]), ([1], [2])]
    >>> group_axes((3, 1, 4), (3, 4, 1))
    [([0], [0]), ([1, 2], [1]), ([], [2])]
    """
    groups = []
    i = j = 0
    while i < len(old) or j < len(new):
        gi: list[int] = []
        gj: list[int] = []
        pi = pj = 1
        if i < len(old):
            gi.append(i)
            pi *= old[i]
            i += 1
        if j < len(new):
            gj.append(j)
            pj *= new[j]
            j += 1
        while pi != pj:
            if pi < pj:
                gi.append(i)
                pi *= old[i]
                i += 1
            else:
                gj.append(j)
                pj *= new[j]
                j += 1
        groups.append((gi, gj))
    return groups


def contiguous_form(sizes: tuple[int, ...], chunks: tuple) -> tuple[int, tuple] | None:
    """``(k, chunks[k])`` if blocks are contiguous in C order: axes before *k* in blocks of
    1, axes after *k* whole; None otherwise.

    >>> contiguous_form((4, 6), ((2, 2), (6,)))
    (0, (2, 2))
    >>> contiguous_form((4, 6), ((1, 1, 1, 1), (3, 3)))
    (1, (3, 3))
    >>> contiguous_form((4, 6), ((2, 2), (3, 3))) is None
    True
    """
    multi = [a for a, c in enumerate(chunks) if len(c) > 1]
    k = multi[-1] if multi else 0
    if all(all(s == 1 for s in chunks[a]) for a in range(k)):
        return k, tuple(int(s) for s in chunks[k])
    return None


def _flat_cuts(sizes: tuple[int, ...], k: int, chunks_k: tuple) -> np.ndarray:
    """All flat cut points (0 ... N) of a contiguous-form chunking."""
    stride = math.prod(sizes[k + 1:])
    row = sizes[k] * stride
    rows = math.prod(sizes[:k])
    inner = np.asarray(chunk_boundaries(chunks_k)[:-1], dtype=np.int64) * stride
    cuts = (np.arange(rows, dtype=np.int64)[:, None] * row + inner[None, :]).reshape(-1)
    return np.append(cuts, rows * row)


def _express(cuts: np.ndarray, sizes: tuple[int, ...]) -> tuple | None:
    """Chunks for *sizes* (contiguous form) whose flat cut points are exactly *cuts*."""
    total = math.prod(sizes)
    for k in range(len(sizes)):
        stride = math.prod(sizes[k + 1:])
        row = sizes[k] * stride
        first = cuts[cuts <= row]
        if first[-1] != row or np.any(first % stride):
            continue
        rows = total // row
        if rows * (len(first) - 1) + 1 != len(cuts):
            continue
        expected = np.append((np.arange(rows, dtype=np.int64)[:, None] * row + first[None, :-1]).reshape(-1), total)
        if np.array_equal(expected, cuts):
            return tuple(
                (1,) * sizes[a] if a < k else tuple(int(v) for v in np.diff(first) // stride) if a == k
                else (sizes[a],)
                for a in range(len(sizes))
            )
    return None


def _divisors(n: int) -> list[int]:
    small = [d for d in range(1, math.isqrt(n) + 1) if n % d == 0]
    return sorted(set(small + [n // d for d in small]))


def _choose_flat_block(n: tuple[int, ...], m: tuple[int, ...], target: int) -> tuple[int, int, int]:
    """``(k_in, k_out, F)``: contiguous forms on both sides sharing flat block length F."""
    best: tuple[float, int, int, int] | None = None
    for ki in range(len(n)):
        pi = math.prod(n[ki + 1:])
        ri = n[ki] * pi
        for ko in range(len(m)):
            po = math.prod(m[ko + 1:])
            ro = m[ko] * po
            unit = math.lcm(pi, po)
            common = math.gcd(ri, ro)
            if common % unit:
                continue
            options = [unit * d for d in _divisors(common // unit)]
            fitting = [f for f in options if f <= target]
            f = max(fitting) if fitting else min(options)
            score = abs(math.log(f / target)) + (0 if f <= target else 1)
            if best is None or score < best[0]:
                best = (score, ki, ko, f)
    assert best is not None  # k_in = k_out = 0 always works (F divides the whole group)
    return best[1], best[2], best[3]


def _form_chunks(sizes: tuple[int, ...], k: int, flat: int) -> tuple:
    stride = math.prod(sizes[k + 1:])
    row = sizes[k] * stride
    return tuple((1,) * sizes[a] if a < k else (flat // stride,) * (row // flat) if a == k else (sizes[a],)
                 for a in range(len(sizes)))


def plan_reshape(old: tuple[int, ...], old_chunks: tuple, new: tuple[int, ...]) -> tuple[tuple, tuple]:
    """``(input chunks, output chunks)`` so that blocks reshape one by one (sizes > 0).

    >>> plan_reshape((4, 6), ((2, 2), (6,)), (24,))
    (((2, 2), (6,)), ((12, 12),))
    >>> plan_reshape((24,), ((12, 12),), (4, 6))
    (((12, 12),), ((2, 2), (6,)))
    >>> plan_reshape((4, 6), ((2, 2), (3, 3)), (24,))
    (((1, 1, 1, 1), (6,)), ((6, 6, 6, 6),))
    >>> plan_reshape((3, 1), ((3,), (0, 1)), (3,))   # a zero-length block beside a size-1 axis
    (((3,), (1,)), ((3,),))
    """
    in_chunks: list[Any] = list(old_chunks)
    out_chunks: list[Any] = [None] * len(new)
    for gi, gj in group_axes(old, new):
        if not gj:
            # Size-1 input axes that disappear: one block each (a zero-length block may sit beside it).
            for i in gi:
                in_chunks[i] = (old[i],)
            continue
        if not gi:
            for j in gj:
                out_chunks[j] = (1,)
            continue
        if len(gi) == 1 and len(gj) == 1:
            out_chunks[gj[0]] = tuple(old_chunks[gi[0]])
            continue
        n = tuple(old[i] for i in gi)
        m = tuple(new[j] for j in gj)
        form = contiguous_form(n, tuple(old_chunks[i] for i in gi))
        found = _express(_flat_cuts(n, *form), m) if form is not None else None
        if found is None:
            target = max(1, math.prod(max(old_chunks[i]) for i in gi))
            ki, ko, flat = _choose_flat_block(n, m, target)
            for i, c in zip(gi, _form_chunks(n, ki, flat)):
                in_chunks[i] = c
            found = _form_chunks(m, ko, flat)
        for j, c in zip(gj, found):
            out_chunks[j] = c
    return tuple(in_chunks), tuple(out_chunks)
