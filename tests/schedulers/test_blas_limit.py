"""While the threaded scheduler runs, BLAS gets cores // workers threads (no oversubscription)."""

import os

import numpy as np
import pytest

import lazyarr as la

threadpoolctl = pytest.importorskip("threadpoolctl", reason="threadpoolctl is optional")


def _blas_threads() -> int | None:
    info = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
    return info[0]["num_threads"] if info else None


def _seen_inside_tasks(**compute_kwargs) -> set:
    seen = []

    def record(block):
        seen.append(_blas_threads())
        return block

    la.ones(4, chunks=1).map_blocks(record, dtype=float).sum().compute(**compute_kwargs)
    return set(seen)


@pytest.fixture(autouse=True)
def _needs_blas():
    if _blas_threads() is None:
        pytest.skip("NumPy's BLAS is not visible to threadpoolctl here")


def test_threaded_compute_limits_blas_and_restores_it():
    before = _blas_threads()
    workers = 2
    expected = max(1, (os.cpu_count() or 1) // workers)
    assert _seen_inside_tasks(scheduler="threads", num_workers=workers) == {expected}
    assert _blas_threads() == before


def test_single_worker_and_sync_leave_blas_alone():
    before = _blas_threads()
    assert _seen_inside_tasks(scheduler="sync") == {before}
    assert _seen_inside_tasks(scheduler="threads", num_workers=1) == {before}


def test_config_can_turn_it_off_or_force_a_limit():
    before = _blas_threads()
    with la.config.set(blas_threads=None):
        assert _seen_inside_tasks(scheduler="threads", num_workers=2) == {before}
    with la.config.set(blas_threads=1):
        assert _seen_inside_tasks(scheduler="threads", num_workers=2) == {1}


def test_products_stay_correct_under_the_limit():
    a = np.random.default_rng(0).random((300, 300))
    x = la.from_array(a, chunks=100)
    np.testing.assert_allclose((x @ x.T).compute(scheduler="threads", num_workers=2), a @ a.T)
