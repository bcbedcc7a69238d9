"""Masked arrays (issue 17): a masked reduction, lazyarr.ma beside dask.array.ma and numpy.ma.

Every function takes ``xp`` (``lazyarr``, ``dask.array`` or ``numpy``) and the size; lazy
versions return the lazy result, the harness computes it. Nothing here imports lazyarr or
dask at module level.
"""

from __future__ import annotations

import numpy as np
from harness import register

CASES: dict = {}


def masked_mean(xp, n):
    x = xp.random.random((n, n))
    return xp.ma.masked_where(x > 0.9, x).mean(axis=0)


def masked_mean_numpy(xp, n):
    x = np.random.default_rng(0).random((n, n))
    return np.ma.masked_where(x > 0.9, x).mean(axis=0)


register(CASES, "masked_mean", "x = random((10000, 10000)); ma.masked_where(x > 0.9, x).mean(axis=0)",
         lazy=masked_mean, numpy=masked_mean_numpy, full={"n": 10000}, quick={"n": 1000},
         targets={"vs_dask": 1.0})
