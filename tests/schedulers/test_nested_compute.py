"""Issue 15: a compute nested inside a task on a dask.distributed worker must not deadlock.

The issue's cluster: one worker with two threads, in this process. Both outer tasks hold a
thread while their inner compute runs; before, the inner compute picked the active Client and
waited for threads that were all waiting (a hang). Each test has a timeout, so a deadlock fails.
"""

import numpy as np
import pytest

import lazyarr as la
from lazyarr.schedulers.choice import in_cluster_task

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                       dashboard_address=None)
    client = distributed.Client(cluster)  # the default Client, as in the issue
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def inner_sum_default(block):
    return block * 0 + la.ones(100, chunks=10).sum().compute()


def inner_sum_on_the_cluster(block):
    return block * 0 + la.ones(100, chunks=10).sum().compute(scheduler=distributed.get_client())


def where_it_runs(block):
    return np.full(block.shape, in_cluster_task())


@pytest.mark.timeout(60)
def test_nested_compute_with_the_default_scheduler_runs_locally(client):
    x = la.ones(2, chunks=1)
    np.testing.assert_array_equal(la.map_blocks(inner_sum_default, x, dtype=float).compute(), [100.0, 100.0])


@pytest.mark.timeout(60)
def test_nested_compute_on_the_cluster_secedes_while_it_waits(client):
    x = la.ones(2, chunks=1)
    got = la.map_blocks(inner_sum_on_the_cluster, x, dtype=float).compute()
    np.testing.assert_array_equal(got, [100.0, 100.0])


@pytest.mark.timeout(60)
def test_the_outer_compute_still_uses_the_client(client):
    x = la.ones(2, chunks=1)
    assert not in_cluster_task()
    assert la.map_blocks(where_it_runs, x, dtype=bool).compute().all()  # the tasks ran on the worker
