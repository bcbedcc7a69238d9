"""Hypothesis strategies for shapes, chunkings and dtypes (import needs hypothesis)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

__all__ = ["shapes", "block_sizes", "chunks_for", "dtypes", "arrays_and_chunks"]

DTYPES = [np.bool_, np.int8, np.int32, np.int64, np.uint8, np.uint32, np.float32, np.float64,
          np.complex64, np.complex128]


def shapes(min_dims: int = 0, max_dims: int = 4, max_side: int = 7) -> st.SearchStrategy:
    """Shapes from 0-d to *max_dims*, including zero-length axes."""
    return st.lists(st.integers(0, max_side), min_size=min_dims, max_size=max_dims).map(tuple)


@st.composite
def block_sizes(draw: Any, n: int) -> tuple[int, ...]:
    """Random block sizes covering an axis of length *n* (``(0,)`` for an empty axis).

    >>> from hypothesis import find
    >>> sum(find(block_sizes(10), lambda c: len(c) > 2))
    10
    """
    sizes, left = [], n
    while left > 0:
        size = draw(st.integers(1, left))
        sizes.append(size)
        left -= size
    return tuple(sizes) or (0,)


@st.composite
def chunks_for(draw: Any, shape: tuple[int, ...], empty_blocks: bool = False) -> tuple:
    """Random explicit chunkings for *shape* (uneven block sizes included).

    With *empty_blocks*, some axes also get a zero-length block somewhere, as after
    slicing or filtering (``((2, 0, 3),)``).

    >>> from hypothesis import find
    >>> find(chunks_for((5,), empty_blocks=True), lambda c: 0 in c[0])[0].count(0)
    1
    """
    out = []
    for n in shape:
        if n == 0:
            sizes = [0]
        else:
            cuts = draw(st.sets(st.integers(1, n - 1), max_size=min(n - 1, 4))) if n > 1 else set()
            bounds = [0, *sorted(cuts), n]
            sizes = [b - a for a, b in zip(bounds[:-1], bounds[1:])]
        if empty_blocks and draw(st.booleans()):
            sizes.insert(draw(st.integers(0, len(sizes))), 0)
        out.append(tuple(sizes))
    return tuple(out)


def dtypes(kinds: str = "biufc") -> st.SearchStrategy:
    return st.sampled_from([np.dtype(d) for d in DTYPES if np.dtype(d).kind in kinds])


@st.composite
def arrays_and_chunks(draw: Any, kinds: str = "biufc", min_dims: int = 0, max_dims: int = 4,
                      max_side: int = 7, elements: Any = None,
                      empty_blocks: bool = False) -> tuple[np.ndarray, tuple]:
    """A NumPy array with random shape and dtype, plus a random chunking for it.

    Elements are finite and at most 100 in size; *empty_blocks* as in :func:`chunks_for`.
    """
    from hypothesis.extra import numpy as hnp

    shape = draw(shapes(min_dims, max_dims, max_side))
    dtype = draw(dtypes(kinds))
    if elements is None:
        if dtype.kind == "f":
            elements = st.floats(-100, 100, width=dtype.itemsize * 8)
        elif dtype.kind == "c":
            elements = st.complex_numbers(max_magnitude=100, width=dtype.itemsize * 8)
        elif dtype.kind in "iu":
            info = np.iinfo(dtype)
            elements = st.integers(max(info.min, -100), min(info.max, 100))
    data = draw(hnp.arrays(dtype, shape, elements=elements))
    return data, draw(chunks_for(shape, empty_blocks))
