"""Cumulative sums (issue 16): ``cumsum`` of 10^8 elements with both of dask.array's methods.

The input is a lazy ``arange`` (cheap to make) in 100 blocks of 10^6, so the scan and
its carries are what is measured. ``"sequential"`` chains the carries from block to
block; ``"blelloch"`` combines them in a tree (``2 log2(100)`` steps deep). NumPy runs
one ``np.cumsum``. Nothing here imports lazyarr or dask at module level.
"""

from __future__ import annotations

import numpy as np
from harness import register

CASES: dict = {}


def _cumsum(method: str):
    def run(xp, n, c):
        return xp.cumsum(xp.arange(n, chunks=c, dtype=np.float64), method=method)

    return run


for _method in ("sequential", "blelloch"):
    register(CASES, f"cumsum_{_method}", f"cumsum(arange(10**8, chunks=10**6), method={_method!r})",
             lazy=_cumsum(_method), numpy=lambda xp, n, c: np.cumsum(np.arange(n, dtype=np.float64)),
             full={"n": 10**8, "c": 10**6}, quick={"n": 10**6, "c": 10**4}, targets={"vs_dask": 1.0})
