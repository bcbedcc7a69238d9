"""Keeping BLAS from oversubscribing the cores while our thread pool runs.

NumPy's BLAS (OpenBLAS, MKL) starts its own threads inside every matrix product. When
several of our workers each call BLAS, 2 workers x 2 BLAS threads fight over 2 cores and
a blocked ``dot`` runs about twice slower than it should. While a threaded compute runs we
therefore give BLAS ``cores // workers`` threads (at least 1), through the optional
``threadpoolctl`` package; without it, nothing changes (set ``OPENBLAS_NUM_THREADS``
yourself). ``lazyarr.config.set(blas_threads=None)`` leaves BLAS alone, an int forces a
limit.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

from .. import config

__all__ = ["blas_limit"]

_controller: Any = None
_lock = threading.Lock()


def _get_controller() -> Any:
    """A cached ``threadpoolctl.ThreadpoolController`` (finding the libraries is the slow part)."""
    global _controller
    with _lock:
        if _controller is None:
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:
                _controller = False
            else:
                _controller = ThreadpoolController()
        return _controller


@contextlib.contextmanager
def blas_limit(num_workers: int) -> Iterator[int | None]:
    """Limit BLAS threads for the duration of a compute with *num_workers* workers.

    Yields the limit applied, or None when BLAS is left alone.
    """
    setting = config.get("blas_threads")
    if setting is None or (setting == "auto" and num_workers < 2):
        yield None
        return
    limit = max(1, (os.cpu_count() or 1) // num_workers) if setting == "auto" else int(setting)
    controller = _get_controller()
    if not controller:
        yield None
        return
    with controller.limit(limits=limit, user_api="blas"):
        yield limit
