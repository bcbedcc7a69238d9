"""Test helpers for "memory stays bounded" checks: live blocks counted, peak bytes traced."""

from __future__ import annotations

import tracemalloc
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["live_block_counter", "traced_peak"]


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


def traced_peak(func: Callable[[], Any]) -> tuple[Any, int]:
    """Run *func*; return its result and the peak of the memory allocated meanwhile, in bytes.

    NumPy reports its array buffers to :mod:`tracemalloc`, so this counts every block
    made while *func* runs (on any thread), not the interpreter's own baseline: a
    measure that does not depend on what else the process holds, unlike the RSS.

    >>> import lazyarr as la
    >>> total, peak = traced_peak(lambda: la.ones(10**6, chunks=10**5).sum().compute(scheduler="sync"))
    >>> total, peak < 8 * 10**6  # never the whole 8 MB array, only blocks of 0.8 MB
    (np.float64(1000000.0), True)
    """
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    try:
        result = func()
        return result, tracemalloc.get_traced_memory()[1] - base
    finally:
        if started:
            tracemalloc.stop()
