"""Keeping BLAS threads and our worker threads from fighting over the cores.

NumPy's BLAS (OpenBLAS, MKL) runs every matrix product on all cores by itself. The
threads scheduler runs several block products at once, each of which then starts
its own BLAS threads: ``num_workers x BLAS threads`` threads on a few cores, which
often makes products *slower* (see ``benchmarks/cases_linalg.py``).
:class:`BlasThreadLimit` lowers the BLAS thread count only while a parallel compute
runs, then restores it. It needs the optional package ``threadpoolctl``; without it
the callback warns once and does nothing (set ``OPENBLAS_NUM_THREADS=1`` before
starting Python instead).
"""

from __future__ import annotations

import warnings
from typing import Any

from ...callbacks import Callback, ComputeEnd, ComputeStart

__all__ = ["BlasThreadLimit"]


class BlasThreadLimit(Callback):
    """Limit BLAS to *limit* threads while a compute with at least *min_workers* workers runs.

    >>> import lazyarr as la
    >>> with BlasThreadLimit(1):
    ...     _ = (la.ones((4, 4), chunks=2) @ la.ones((4, 4), chunks=2)).compute()
    """

    _warned = False

    def __init__(self, limit: int = 1, min_workers: int = 2):
        self.limit, self.min_workers = int(limit), int(min_workers)
        self._controller: Any = None

    def start(self, event: ComputeStart) -> None:
        if event.num_workers < self.min_workers:
            return
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            if not BlasThreadLimit._warned:
                BlasThreadLimit._warned = True
                warnings.warn("BlasThreadLimit: threadpoolctl is not installed, so BLAS threads are not limited; "
                              "pip install threadpoolctl, or set OPENBLAS_NUM_THREADS=1 before starting Python",
                              RuntimeWarning, stacklevel=2)
            return
        self._controller = threadpool_limits(limits=self.limit, user_api="blas")

    def finish(self, event: ComputeEnd) -> None:
        if self._controller is not None:
            self._controller.restore_original_limits()
            self._controller = None
