"""reshape: any shape NumPy accepts, on any chunking (C order).

The plan splits the old and new shapes into groups of axes whose sizes multiply to
the same number (``(6, 4) -> (2, 3, 4)`` has groups ``(6,) -> (2, 3)`` and
``(4,) -> (4,)``). Groups that map one axis to one axis keep their chunks. For the
others, the input is rechunked so that each block covers whole rows of the group;
then each block can be reshaped on its own and no data crosses block boundaries.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import unknown_size_error
from .array import Array
from .blockwise import BlockRef, PerBlock, blockwise_array
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
    """
    if order not in ("C", "A"):
        raise NotImplementedError(f"reshape: only order='C' is supported lazily, got order={order!r}")
    for axis, n in enumerate(x.shape):
        if isinstance(n, float) and math.isnan(n):
            raise unknown_size_error("reshape", axis)
    shape = normalize_shape(shape, int(x.size), x.shape)
    if shape == x.shape:
        return x
    if x.npartitions == 1:
        chunks = tuple((s,) for s in shape)
    else:
        x, chunks = _plan(x, shape)
    name = "reshape-" + tokenize(x.name, shape, chunks)

    def block_shape(idx: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(int(c[i]) for c, i in zip(chunks, idx))

    in_numblocks = x.numblocks
    return blockwise_array(_reshape_block, [BlockRef(x.name, _BlockOrder(in_numblocks, tuple(len(c) for c in chunks))),
                                            PerBlock(block_shape)], chunks, x.dtype, name=name,
                           inputs=[x], label="reshape")


class _BlockOrder:
    """Blocks correspond one to one in C order (same number of blocks in and out)."""

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


def _groups(old: tuple[int, ...], new: tuple[int, ...]) -> list[tuple[list[int], list[int]]]:
    """Pair runs of old and new axes with equal products (size-1 axes ride along)."""
    groups = []
    i = j = 0
    while i < len(old) or j < len(new):
        gi, gj = [], []
        pi = pj = 1
        if i < len(old):
            gi.append(i)
            pi *= old[i]
            i += 1
        if j < len(new):
            gj.append(j)
            pj *= new[j]
            j += 1
        while pi != pj or (i < len(old) and old[i] == 1 and pj == pi and j >= len(new)):
            if pi < pj and i < len(old):
                gi.append(i)
                pi *= old[i]
                i += 1
            elif pj < pi and j < len(new):
                gj.append(j)
                pj *= new[j]
                j += 1
            elif i < len(old):
                gi.append(i)
                pi *= old[i]
                i += 1
            elif j < len(new):
                gj.append(j)
                pj *= new[j]
                j += 1
            else:
                break
        groups.append((gi, gj))
    return groups


def _plan(x: Array, shape: tuple[int, ...]) -> tuple[Array, tuple]:
    """Rechunk *x* so each block reshapes on its own; return it and the output chunks."""
    if x.size == 0 or 0 in shape:
        single = x.rechunk(tuple(-1 for _ in x.shape))
        return single, tuple((s,) for s in shape)
    old = tuple(int(s) for s in x.shape)
    target_in: list[Any] = list(x.chunks)
    out_chunks: list[Any] = [None] * len(shape)
    for gi, gj in _groups(old, shape):
        if len(gi) == 1 and len(gj) == 1:
            out_chunks[gj[0]] = x.chunks[gi[0]]
            continue
        if not gi:
            for j in gj:
                out_chunks[j] = (shape[j],)
            continue
        if not gj:
            for i in gi:
                target_in[i] = (old[i],)
            continue
        # Keep the first input axis of the group chunked only where its blocks map to
        # whole slabs of the first output axis; otherwise take the group whole.
        first_in, rest_in = gi[0], gi[1:]
        rest_in_size = math.prod(old[i] for i in rest_in)
        rest_out_size = math.prod(shape[j] for j in gj[1:])
        for i in rest_in:
            target_in[i] = (old[i],)
        if rest_in_size % rest_out_size == 0:
            factor = rest_in_size // rest_out_size
            target_in[first_in] = x.chunks[first_in]
            out_chunks[gj[0]] = tuple(int(c * factor) for c in x.chunks[first_in])
            for j in gj[1:]:
                out_chunks[j] = (shape[j],)
        elif rest_out_size % rest_in_size == 0:
            # Output rows are longer than input rows: blocks of the first input axis must
            # hold whole multiples of the ratio.
            ratio = rest_out_size // rest_in_size
            base = max(1, int(round(max(x.chunks[first_in]) / ratio)))
            n_first_out = shape[gj[0]]
            sizes = [base] * (n_first_out // base) + ([n_first_out % base] if n_first_out % base else [])
            target_in[first_in] = tuple(s * ratio for s in sizes)
            out_chunks[gj[0]] = tuple(sizes)
            for j in gj[1:]:
                out_chunks[j] = (shape[j],)
        else:
            target_in[first_in] = (old[first_in],)
            for j in gj:
                out_chunks[j] = (shape[j],)
    return x.rechunk(tuple(target_in)), tuple(out_chunks)

