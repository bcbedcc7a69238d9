"""Helpers shared by the creation modules: shape checks and the per-block shape/offset functions."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.chunks import chunk_boundaries

__all__: list[str] = []


def _shape_tuple(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        if isinstance(shape, str):
            raise TypeError
        shape = tuple(int(s) for s in shape)
    except (TypeError, ValueError):
        raise TypeError(f"shape must be an int or a tuple of ints, got {shape!r}") from None
    if any(s < 0 for s in shape):
        raise ValueError(f"negative dimensions are not allowed, got shape {shape}")
    return shape


class _BlockShape:
    """PerBlock function: the shape of block ``idx`` for given chunks."""

    def __init__(self, chunks: tuple):
        self.chunks = chunks
        self._shapes: dict = {}  # by block index; most blocks share a few shapes (see __call__)

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        # Runs once per block: in 1-d, look the (usually equal) shapes up instead of building them.
        if len(idx) == 1:
            size = self.chunks[0][idx[0]]
            shape = self._shapes.get(size)
            if shape is None:
                shape = self._shapes[size] = (int(size),)
            return shape
        return tuple([int(c[i]) for c, i in zip(self.chunks, idx)])

    def __lazyarr_token__(self) -> Any:
        return ("blockshape", self.chunks)


class _BlockOffset:
    """PerBlock function: the global index of the first element of block ``idx``."""

    def __init__(self, chunks: tuple):
        self.bounds = [chunk_boundaries(c) for c in chunks]

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(int(b[i]) for b, i in zip(self.bounds, idx))



def _device(kw: dict, fname: str) -> Any:
    """The ``device=`` keyword (the Array API's; only "cpu"); any other keyword is an error, as in NumPy."""
    unknown = sorted(set(kw) - {"device", "like"})
    if unknown:
        raise TypeError(f"{fname}() got an unexpected keyword argument {unknown[0]!r}")
    return kw.get("device")
