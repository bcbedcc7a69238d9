"""Benchmark cases for linear algebra and histograms: lazyarr vs NumPy vs dask.

Every case is a plain function without arguments that builds its input (seeded
random data), runs the operation to completion and returns a small checksum (a sanity
check only: each library draws different random numbers). Input creation is
part of what is timed in every implementation alike (it is cheap next to the work).

``CASES`` maps a case name to ``{"lazyarr": f, "numpy": f, "dask": f}``; the dask
versions return None when dask is not installed. Run this file directly for a quick
table: ``python benchmarks/cases_linalg.py [case ...]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np

N_DOT, CHUNK_DOT = 5000, 1000
M_TSQR, N_TSQR, CHUNK_TSQR = 1_000_000, 100, 50_000
N_HIST, CHUNK_HIST, BINS = 5000, 1000, 50


def _dask():
    try:
        import dask.array as da
    except ImportError:
        return None
    return da


# --------------------------------------------------------------------------------------
# dot(x, x + x.T), 5000 x 5000 float64, 1000 x 1000 blocks
# --------------------------------------------------------------------------------------
def dot_lazyarr() -> float:
    """lazyarr: ``dot(x, x + x.T)`` for a 5000x5000 float64 array in 1000x1000 blocks
    (125 block products + tree sums, threads scheduler)."""
    import lazyarr as la

    x = la.random.default_rng(0).random((N_DOT, N_DOT), chunks=CHUNK_DOT)
    return float(la.dot(x, x + x.T).compute()[0, :10].sum())


def dot_numpy() -> float:
    """NumPy: ``np.dot(x, x + x.T)`` for a 5000x5000 float64 array (one multithreaded BLAS call)."""
    x = np.random.default_rng(0).random((N_DOT, N_DOT))
    return float(np.dot(x, x + x.T)[0, :10].sum())


def dot_dask() -> float | None:
    """dask: ``da.dot(x, x + x.T)`` for a 5000x5000 float64 array in 1000x1000 blocks."""
    da = _dask()
    if da is None:
        return None
    x = da.random.default_rng(0).random((N_DOT, N_DOT), chunks=CHUNK_DOT)
    return float(da.dot(x, x + x.T).compute()[0, :10].sum())


# --------------------------------------------------------------------------------------
# TSQR of a 1,000,000 x 100 matrix
# --------------------------------------------------------------------------------------
def tsqr_lazyarr() -> float:
    """lazyarr: reduced QR (TSQR) of a 1,000,000x100 float64 matrix in 20 row blocks of 50,000 rows;
    computes both Q (800 MB) and R and returns ``|R|.sum()``."""
    import lazyarr as la

    x = la.random.default_rng(0).random((M_TSQR, N_TSQR), chunks=(CHUNK_TSQR, N_TSQR))
    q, r = la.linalg.qr(x)
    q_np, r_np = la.compute(q, r)
    return float(np.abs(r_np).sum())


def tsqr_numpy() -> float:
    """NumPy: ``np.linalg.qr`` (reduced) of a 1,000,000x100 float64 matrix (LAPACK geqrf + orgqr)."""
    x = np.random.default_rng(0).random((M_TSQR, N_TSQR))
    q, r = np.linalg.qr(x)
    return float(np.abs(r).sum())


def tsqr_dask() -> float | None:
    """dask: ``da.linalg.tsqr`` of a 1,000,000x100 float64 matrix in 20 row blocks."""
    da = _dask()
    if da is None:
        return None
    import dask

    x = da.random.default_rng(0).random((M_TSQR, N_TSQR), chunks=(CHUNK_TSQR, N_TSQR))
    q, r = da.linalg.tsqr(x)
    q_np, r_np = dask.compute(q, r)
    return float(np.abs(r_np).sum())


# --------------------------------------------------------------------------------------
# Histogram of a masked 5000 x 5000 normal array
# --------------------------------------------------------------------------------------
def histogram_lazyarr() -> float:
    """lazyarr: 50-bin histogram of the positive values of a 5000x5000 standard normal array
    (1000x1000 blocks). lazyarr has no boolean-mask indexing yet, so masked-out values become
    NaN (``where``) and are dropped by the explicit ``range`` (NaN lies in no bin)."""
    import lazyarr as la

    x = la.random.default_rng(0).standard_normal((N_HIST, N_HIST), chunks=CHUNK_HIST)
    masked = la.where(x > 0, x, np.nan)
    hist, edges = la.histogram(masked, bins=BINS, range=(0, 5))
    return float(hist.compute().sum())


def histogram_numpy() -> float:
    """NumPy: 50-bin histogram of ``x[x > 0]`` for a 5000x5000 standard normal array, range (0, 5)."""
    x = np.random.default_rng(0).standard_normal((N_HIST, N_HIST))
    hist, edges = np.histogram(x[x > 0], bins=BINS, range=(0, 5))
    return float(hist.sum())


def histogram_dask() -> float | None:
    """dask: 50-bin histogram of ``x[x > 0]`` for a 5000x5000 standard normal array, range (0, 5)."""
    da = _dask()
    if da is None:
        return None
    x = da.random.default_rng(0).standard_normal((N_HIST, N_HIST), chunks=CHUNK_HIST)
    hist, edges = da.histogram(x[x > 0], bins=BINS, range=(0, 5))
    return float(hist.compute().sum())


CASES: dict[str, dict[str, Callable]] = {
    "dot": {"lazyarr": dot_lazyarr, "numpy": dot_numpy, "dask": dot_dask},
    "tsqr": {"lazyarr": tsqr_lazyarr, "numpy": tsqr_numpy, "dask": tsqr_dask},
    "histogram": {"lazyarr": histogram_lazyarr, "numpy": histogram_numpy, "dask": histogram_dask},
}


def main(names: list[str]) -> None:
    for name in names or list(CASES):
        for impl, func in CASES[name].items():
            start = time.perf_counter()
            result = func()
            elapsed = time.perf_counter() - start
            print(f"{name:10s} {impl:8s} {elapsed:8.2f} s   checksum={result}")


if __name__ == "__main__":
    main(sys.argv[1:])
