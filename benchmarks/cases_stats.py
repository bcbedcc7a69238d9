"""Benchmark cases of ``lazyarr.stats`` (issue 17), side by side with dask.array.stats and SciPy.

Nothing here imports lazyarr, dask or SciPy at module level (the harness imports one library
per child process).
"""

from __future__ import annotations

import numpy as np
from harness import register

CASES: dict = {}


def ttest_ind(xp, n, c):
    """Two lazy samples of *n* uniform numbers in blocks of *c*; the t-test comes back lazy."""
    if xp.__name__ == "dask.array":
        from dask.array import stats
    else:
        stats = xp.stats
    a = xp.random.random((n,), chunks=c)
    b = xp.random.random((n,), chunks=c) + 0.001
    return stats.ttest_ind(a, b)


def ttest_ind_numpy(xp, n, c):
    from scipy import stats

    rng = np.random.default_rng(0)
    a = rng.random(n)
    b = rng.random(n) + 0.001
    return stats.ttest_ind(a, b)


register(CASES, "stats_ttest_ind", "stats.ttest_ind of two random((10**8,), chunks=10**7) samples "
         "(statistic and p-value; NumPy column: SciPy on NumPy arrays)",
         lazy=ttest_ind, numpy=ttest_ind_numpy, full={"n": 10**8, "c": 10**7}, quick={"n": 10**6, "c": 10**5},
         targets={"vs_dask": 1.0})
