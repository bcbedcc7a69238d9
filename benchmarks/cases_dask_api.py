"""Benchmark cases of issue 16: dask.array functions lazyarr added (point gathers, coarsening).

Same conventions as ``cases_core.py``: each function takes ``xp`` (``lazyarr``, ``dask.array``
or ``numpy``) and the sizes; the lazy versions return the lazy result, the NumPy versions do
the whole workload.
"""

from __future__ import annotations

import numpy as np
from harness import register

CASES: dict = {}


def _points(n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return rng.integers(0, n, k), rng.integers(0, n, k)


def vindex_gather(xp, n, k):
    rows, cols = _points(n, k)
    return xp.random.random((n, n)).vindex[rows, cols]


def vindex_gather_numpy(xp, n, k):
    rows, cols = _points(n, k)
    return np.random.default_rng(0).random((n, n))[rows, cols]


register(CASES, "vindex_gather", "x = random((10000, 10000)); x.vindex[rows, cols] at 10**6 random points",
         lazy=vindex_gather, numpy=vindex_gather_numpy, full={"n": 10000, "k": 1_000_000},
         quick={"n": 1000, "k": 10_000}, targets={"vs_dask": 1.0})


def coarsen_mean(xp, n, c, f):
    return xp.coarsen(np.mean, xp.random.random((n, n), chunks=c), {0: f, 1: f})


def coarsen_mean_numpy(xp, n, c, f):
    x = np.random.default_rng(0).random((n, n))
    return x.reshape(n // f, f, n // f, f).mean(axis=(1, 3))


register(CASES, "coarsen_mean", "coarsen(np.mean, random((10000, 10000), chunks=2000), {0: 10, 1: 10})",
         lazy=coarsen_mean, numpy=coarsen_mean_numpy, full={"n": 10000, "c": 2000, "f": 10},
         quick={"n": 1000, "c": 200, "f": 10}, targets={"vs_dask": 1.0})
