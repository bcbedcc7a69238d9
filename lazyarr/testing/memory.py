"""Counting live blocks: a test helper for "memory stays bounded" checks."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np

__all__ = ["live_block_counter"]


def live_block_counter() -> tuple[Callable[[np.ndarray], np.ndarray], list[int]]:
    """A ``map_blocks`` function that copies its block and counts how many copies are alive.

    Returns ``(track, peak)``: map ``track`` over an array, compute, then ``peak[0]`` is the
    largest number of its output blocks that were in memory at the same time.

    >>> import lazyarr as la
    >>> track, peak = live_block_counter()
    >>> _ = la.ones(100, chunks=10).map_blocks(track, dtype=float).sum().compute(scheduler="sync")
    >>> peak[0] <= 3
    True
    """
    live: set[int] = set()
    peak = [0]

    def track(block: np.ndarray) -> np.ndarray:
        out = block.copy()
        live.add(id(out))
        peak[0] = max(peak[0], len(live))
        weakref.finalize(out, live.discard, id(out))
        return out

    return track, peak
