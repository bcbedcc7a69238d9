"""Overlapping computations (issue 17): a 3 x 3 stencil with ``map_overlap`` and a moving
average with ``sliding_window_view``, for lazyarr, dask and NumPy.

Every function takes ``xp`` (``lazyarr``, ``dask.array`` or ``numpy``) and the size
parameters; lazy versions return the lazy result, which the harness computes.
"""

from __future__ import annotations

import numpy as np
from harness import register

CASES: dict = {}


def _rng() -> np.random.Generator:
    return np.random.default_rng(0)


def laplacian(b: np.ndarray) -> np.ndarray:
    """The 5-point Laplacian inside the block (its outer ring, the halo, is cut off later)."""
    out = np.zeros_like(b)
    out[1:-1, 1:-1] = b[:-2, 1:-1] + b[2:, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] - 4 * b[1:-1, 1:-1]
    return out


def stencil(xp, n, c):
    x = xp.random.random((n, n), chunks=c)
    return x.map_overlap(laplacian, depth=1, boundary="reflect")


def stencil_numpy(xp, n, c):
    x = _rng().random((n, n))
    return laplacian(np.pad(x, 1, mode="symmetric"))[1:-1, 1:-1]


register(CASES, "overlap_stencil", "random((8000, 8000), chunks=2000).map_overlap(3x3 Laplacian, depth=1, "
         "boundary='reflect')", lazy=stencil, numpy=stencil_numpy, full={"n": 8000, "c": 2000},
         quick={"n": 2000, "c": 500}, targets={"vs_dask": 1.0})


def moving_average(xp, n, c):
    x = xp.random.random(n, chunks=c)
    return xp.lib.stride_tricks.sliding_window_view(x, 11).mean(-1)


def moving_average_numpy(xp, n, c):
    x = _rng().random(n)
    return np.lib.stride_tricks.sliding_window_view(x, 11).mean(-1)


register(CASES, "sliding_mean", "sliding_window_view(random(10**8, chunks=10**7), 11).mean(-1)",
         lazy=moving_average, numpy=moving_average_numpy, full={"n": 10**8, "c": 10**7},
         quick={"n": 10**6, "c": 10**5}, targets={"vs_dask": 1.0})
