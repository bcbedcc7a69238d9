"""The core benchmark cases of issue 8 (sizes for a 2-core, 24 GiB machine).

Every function takes ``xp`` (``lazyarr``, ``dask.array`` or ``numpy``) and the size
parameters. Lazy versions return the lazy result; the harness computes it. NumPy
versions do the whole workload. Nothing here imports lazyarr or dask at module level.
"""

from __future__ import annotations

import time

import numpy as np
from harness import Report, register

CASES: dict = {}


def _rng() -> np.random.Generator:
    return np.random.default_rng(0)


# -- seeds: the three workloads of the original tutorial ------------------------------------
register(
    CASES, "seed_mean", "random((10000, 10000)).mean() with default chunks",
    lazy=lambda xp, n: xp.random.random((n, n)).mean(),
    numpy=lambda xp, n: _rng().random((n, n)).mean(),
    full={"n": 10000}, quick={"n": 2000}, targets={"vs_dask": 1.0},
)


def seed_dot(xp, n, c):
    x = xp.random.random((n, n), chunks=c)
    return xp.dot(x, x + x.T)


def seed_dot_numpy(xp, n, c):
    x = _rng().random((n, n))
    return np.dot(x, x + x.T)


register(CASES, "seed_dot", "x = random((5000, 5000), chunks=1000); dot(x, x + x.T)",
         lazy=seed_dot, numpy=seed_dot_numpy, full={"n": 5000, "c": 1000}, quick={"n": 1000, "c": 250},
         targets={"vs_dask": 1.0, "vs_numpy": 1.1})


def seed_hist(xp, n):
    x = xp.random.normal(9, 1, (n, n)) + np.ones((n, n))
    hist, _ = xp.histogram(x[x < 10], bins=100, range=[-9, 11])
    return hist


def seed_hist_numpy(xp, n):
    x = _rng().normal(9, 1, (n, n)) + np.ones((n, n))
    return np.histogram(x[x < 10], bins=100, range=[-9, 11])[0]


register(CASES, "seed_hist", "normal(9, 1, (5000, 5000)) + np.ones(...); histogram of x[x < 10], 100 bins "
         "(incl. building)", lazy=seed_hist, numpy=seed_hist_numpy, full={"n": 5000}, quick={"n": 1000},
         targets={"vs_dask": 1.0, "vs_numpy": 1.0})


# -- elementwise and reductions --------------------------------------------------------------
def elementwise_chain(xp, n, c):
    x = xp.random.random((n, n), chunks=c)
    return ((x + 1) * 2 - x**2).sum()


def elementwise_chain_numpy(xp, n, c):
    x = _rng().random((n, n))
    return ((x + 1) * 2 - x**2).sum()


register(CASES, "elementwise_chain", "x = random((8000, 8000), chunks=1000); ((x + 1) * 2 - x ** 2).sum()",
         lazy=elementwise_chain, numpy=elementwise_chain_numpy, full={"n": 8000, "c": 1000},
         quick={"n": 2000, "c": 500}, targets={"vs_dask": 1.0, "vs_numpy": 0.5})

register(
    CASES, "reduce_axis", "random((20000, 5000), chunks=(1000, 5000)).sum(axis=0)",
    lazy=lambda xp, n, m, c: xp.random.random((n, m), chunks=(c, m)).sum(axis=0),
    numpy=lambda xp, n, m, c: _rng().random((n, m)).sum(axis=0),
    full={"n": 20000, "m": 5000, "c": 1000}, quick={"n": 4000, "m": 1000, "c": 200}, targets={"vs_dask": 1.0},
)

# -- scheduler overhead ------------------------------------------------------------------------
register(
    CASES, "many_small_tasks", "random(1_000_000, chunks=100).sum() (10,000 blocks)",
    lazy=lambda xp, n, c: xp.random.random(n, chunks=c).sum(),
    numpy=lambda xp, n, c: _rng().random(n).sum(),
    full={"n": 1_000_000, "c": 100}, quick={"n": 100_000, "c": 100}, per_task=True,
    targets={"vs_dask": 1.0, "us_per_task": 50},
)

register(
    CASES, "scheduler_overhead", "ones(1_000_000, chunks=100).sum(): pure per-task cost",
    lazy=lambda xp, n, c: xp.ones(n, chunks=c).sum(),
    numpy=lambda xp, n, c: np.ones(n).sum(),
    full={"n": 1_000_000, "c": 100}, quick={"n": 100_000, "c": 100}, per_task=True,
    targets={"vs_dask": 1.0, "us_per_task": 20},
)


def graph_build(xp, n, c):
    """Build ``ones(n, chunks=c) + 1`` and prepare it for a scheduler, without computing."""
    t0 = time.perf_counter()
    y = xp.ones(n, chunks=c) + 1
    t1 = time.perf_counter()
    if xp.__name__ == "lazyarr":
        from lazyarr.core.optimize import optimize

        graph = optimize(y.graph, y.keys())
        t2 = time.perf_counter()
        tasks = graph.tasks()
    else:
        import dask

        (opt,) = dask.optimize(y)
        t2 = time.perf_counter()
        tasks = dict(opt.__dask_graph__())
    t3 = time.perf_counter()
    return Report(None, len(tasks), {"build_s": t1 - t0, "optimize_s": t2 - t1, "materialize_s": t3 - t2})


register(CASES, "graph_build_100k", "ones(1_000_000, chunks=10) + 1: build + optimize + flat task dict",
         lazy=graph_build, full={"n": 1_000_000, "c": 10}, quick={"n": 100_000, "c": 10},
         targets={"vs_dask": 1.0, "seconds": 0.3})

# -- memory --------------------------------------------------------------------------------------
register(
    CASES, "bounded_memory", "random((40000, 40000), chunks=2000).mean(): 12.8 GB logical, peak RSS",
    lazy=lambda xp, n, c: xp.random.random((n, n), chunks=c).mean(),
    numpy=lambda xp, n, c: _rng().random((n, n)).mean(),
    full={"n": 40000, "c": 2000}, quick={"n": 6000, "c": 1000},
    targets={"vs_dask": 1.0, "rss_mb": 150}, timeout=900,
)

# -- data movement -------------------------------------------------------------------------------
register(
    CASES, "rechunk_transpose", "random((8000, 8000), chunks=(8000, 100)).rechunk((100, 8000)).T.sum()",
    lazy=lambda xp, n, c: xp.random.random((n, n), chunks=(n, c)).rechunk((c, n)).T.sum(),
    numpy=lambda xp, n, c: _rng().random((n, n)).T.sum(),
    full={"n": 8000, "c": 100}, quick={"n": 2000, "c": 50}, targets={"vs_dask": 1.0},
)


def slicing(xp, n, c, start, stop):
    x = xp.random.random((n, n), chunks=c) if xp.__name__ != "numpy" else _rng().random((n, n))
    return x[::3, start:stop:7].sum()


register(CASES, "slicing", "random((10000, 10000), chunks=1000)[::3, 100:9000:7].sum()",
         lazy=slicing, numpy=slicing, full={"n": 10000, "c": 1000, "start": 100, "stop": 9000},
         quick={"n": 2000, "c": 250, "start": 20, "stop": 1800}, targets={"vs_dask": 1.0})

# -- boolean masks (issue 15): a reduction of x[x > 0.5] holds blocks, not rows ---------------------
def masked_sum(xp, rows, cols, c_rows, c_cols):
    if xp.__name__ == "numpy":
        x = _rng().random((rows, cols))
    else:
        x = xp.random.random((rows, cols), chunks=(c_rows, c_cols))
    return x[x > 0.5].sum()


register(CASES, "masked_sum_wide", "x = random((1000, 200000), chunks=(1000, 2000)); x[x > 0.5].sum()",
         lazy=masked_sum, numpy=masked_sum, full={"rows": 1000, "cols": 200_000, "c_rows": 1000, "c_cols": 2000},
         quick={"rows": 100, "cols": 20_000, "c_rows": 100, "c_cols": 200}, targets={"rss_mb": 400})
register(CASES, "masked_sum_tall", "x = random((200000, 1000), chunks=(2000, 1000)); x[x > 0.5].sum()",
         lazy=masked_sum, numpy=masked_sum, full={"rows": 200_000, "cols": 1000, "c_rows": 2000, "c_cols": 1000},
         quick={"rows": 20_000, "cols": 100, "c_rows": 200, "c_cols": 100}, targets={"rss_mb": 400})

register(
    CASES, "reshape_seed", "zeros((5000, 5000), chunks=1000).reshape((1000, 5000, 5)).sum()",
    lazy=lambda xp, n, c: xp.zeros((n, n), chunks=c).reshape((n // 5, n, 5)).sum(),
    numpy=lambda xp, n, c: np.zeros((n, n)).reshape((n // 5, n, 5)).sum(),
    full={"n": 5000, "c": 1000}, quick={"n": 1000, "c": 250}, targets={"seconds": 0.5},
)

# -- display -------------------------------------------------------------------------------------
register(
    CASES, "repr_million_chunks", "ones((1000, 1000), chunks=1)._repr_html_(): 1,000,000 chunks",
    lazy=lambda xp, n: xp.ones((n, n), chunks=1)._repr_html_(),
    full={"n": 1000}, quick={"n": 300}, targets={"seconds": 0.05},
)
