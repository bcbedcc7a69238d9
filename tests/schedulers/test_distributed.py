"""lazyarr on a real dask.distributed cluster: two worker processes on 127.0.0.1.

Every result is compared with the same computation on the local threaded scheduler
and with NumPy. Functions that run on the workers are defined in this module, which
is registered with cloudpickle so the workers need not import it.
"""

import re
import sys
import warnings

import numpy as np
import pytest

import lazyarr as la
from lazyarr.callbacks import Callback

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")

from lazyarr.schedulers import cluster as cluster_module  # noqa: E402

cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=":0")
    client = distributed.Client(cluster, set_as_default=False)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture
def data():
    return np.random.default_rng(42).random((30, 20))


def local(x):
    return x.compute(scheduler="threads")


# -- workloads, compared with the local result ------------------------------------------------
def test_elementwise(client, data):
    x = la.from_array(data, chunks=(7, 6))
    y = np.sin(x) * 2 + x.T.T - 1
    got = y.compute(scheduler=client)
    np.testing.assert_array_equal(got, local(y))
    np.testing.assert_allclose(got, np.sin(data) * 2 + data - 1)


@pytest.mark.parametrize("axis", [None, 0, 1])
def test_reductions(client, data, axis):
    x = la.from_array(data, chunks=(4, 7))
    for y, expected in [(x.sum(axis=axis), data.sum(axis=axis)), (x.std(axis=axis), data.std(axis=axis)),
                        (x.argmax(axis=axis), data.argmax(axis=axis))]:
        got = y.compute(scheduler=client)
        np.testing.assert_allclose(got, local(y))
        np.testing.assert_allclose(got, expected)
        assert np.asarray(got).dtype == expected.dtype


def test_overlap_and_sliding_windows(client, data):
    x = la.from_array(data, chunks=(7, 6))
    y = x.map_overlap(lambda b: b - np.roll(b, 1, axis=1), depth={1: (1, 0)}, boundary="periodic")
    np.testing.assert_allclose(y.compute(scheduler=client), data - np.roll(data, 1, axis=1))
    w = la.lib.stride_tricks.sliding_window_view(x, 3, axis=0).mean(-1)
    expected = np.lib.stride_tricks.sliding_window_view(data, 3, 0).mean(-1)
    np.testing.assert_allclose(w.compute(scheduler=client), expected)


def test_slicing(client, data):
    x = la.from_array(data, chunks=(7, 6))
    y = x[3:25:2, ::-3][None, ..., 1]
    np.testing.assert_array_equal(y.compute(scheduler=client), data[3:25:2, ::-3][None, ..., 1])


def test_matmul(client, data):
    x = la.from_array(data, chunks=(7, 6))
    y = x @ x.T
    np.testing.assert_allclose(y.compute(scheduler=client), local(y))
    np.testing.assert_allclose(y.compute(scheduler=client), data @ data.T)


def test_qr_if_available(client):
    if not hasattr(la, "linalg") or not hasattr(la.linalg, "qr"):
        pytest.skip("lazyarr.linalg.qr is not on this branch")
    tall = np.random.default_rng(3).random((60, 4))
    x = la.from_array(tall, chunks=(15, 4))
    q, r = la.linalg.qr(x)
    got_q, got_r, product = la.compute(q, r, q @ r, scheduler=client)
    local_q, local_r = la.compute(q, r, scheduler="threads")
    np.testing.assert_allclose(got_r, local_r)
    np.testing.assert_allclose(got_q, local_q)
    np.testing.assert_allclose(product, tall)


def test_histogram_if_available(client, data):
    if not hasattr(la, "histogram"):
        pytest.skip("lazyarr.histogram is not on this branch")
    x = la.from_array(data, chunks=(7, 6))
    counts, edges = la.histogram(x, bins=5, range=(0, 1))
    got_counts, got_edges = la.compute(counts, edges, scheduler=client)
    exp_counts, exp_edges = np.histogram(data, bins=5, range=(0, 1))
    np.testing.assert_array_equal(got_counts, exp_counts)
    np.testing.assert_allclose(got_edges, exp_edges)


def test_from_array_with_a_lock(client, data):
    import threading

    x = la.from_array(data, chunks=10, lock=threading.Lock())  # the lock is used here, never sent
    np.testing.assert_array_equal((x + 0).compute(scheduler=client), data)


def test_without_optimization(client, data):
    x = la.from_array(data, chunks=10)
    assert (x + 1).sum().compute(scheduler=client, optimize_graph=False) == pytest.approx((data + 1).sum())


def test_0d_and_empty(client):
    s = (la.ones(()) * 3).compute(scheduler=client)
    assert isinstance(s, np.float64) and s == 3
    assert (la.zeros((0, 4), chunks=2) + 1).compute(scheduler=client).shape == (0, 4)


# -- ways of choosing the cluster ------------------------------------------------------------------
class SchedulerSeen(Callback):
    def start(self, event):
        self.scheduler = event.scheduler


def test_compute_many_at_once(client, data):
    x = la.from_array(data, chunks=5)
    a, b, c = la.compute(x.sum(), x.max(axis=0), "not an array", scheduler=client)
    assert a == pytest.approx(data.sum()) and c == "not an array"
    np.testing.assert_array_equal(b, data.max(axis=0))


def test_config_set_scheduler_client(client, data):
    x = la.from_array(data, chunks=10)
    with la.config.set(scheduler=client), SchedulerSeen() as seen:
        assert x.sum().compute() == pytest.approx(data.sum())
    assert seen.scheduler == "distributed"


def test_active_client_is_used_by_default_with_opt_outs(client):
    x = la.arange(10, chunks=5)
    with client.as_current():
        with SchedulerSeen() as seen:
            assert x.sum().compute() == 45
        assert seen.scheduler == "distributed"
        with la.config.set(scheduler="threads"), SchedulerSeen() as seen:
            x.sum().compute()
        assert seen.scheduler == "threads"
        with la.config.set(distributed_default=False), SchedulerSeen() as seen:
            x.sum().compute()
        assert seen.scheduler == "threads"
        with SchedulerSeen() as seen:
            x.sum().compute(scheduler="sync")
        assert seen.scheduler == "sync"


# -- dask's own tools on a cluster, through x.to_dask() ------------------------------------------------
def test_client_compute_and_dask_compute(client, data):
    x = la.from_array(data, chunks=(7, 6))
    y = (x + 1).mean(axis=1)
    future = client.compute(y.to_dask())
    np.testing.assert_allclose(future.result(), (data + 1).mean(axis=1))
    with client.as_current():
        import dask

        (got,) = dask.compute(y.to_dask())
    np.testing.assert_allclose(got, (data + 1).mean(axis=1))


def test_client_persist_wait_and_progress(client, data):
    x = la.from_array(data, chunks=(7, 6))
    p = client.persist((x * 3).to_dask())  # a dask array whose blocks stay on the cluster
    with client.as_current():  # wait and progress work on the current client, as for dask arrays
        distributed.wait(p)
        futures = distributed.futures_of(p)
        assert len(futures) == p.npartitions and all(f.status == "finished" for f in futures)
        distributed.progress(p, notebook=False)  # returns once everything is done
    np.testing.assert_allclose(client.compute(p).result(), data * 3)
    back = la.asarray(p)  # back in lazyarr: its blocks are read from the cluster
    np.testing.assert_allclose(back.compute(scheduler=client), data * 3)


def test_same_array_through_lazyarr_and_dask_sends_no_conflicting_keys(client, data):
    # x.compute(scheduler=client) sends fused tasks (inputs read here) under x's names;
    # x.to_dask() uses names of its own, so the scheduler never sees one key with two specs.
    x = la.from_array(data, chunks=(7, 6))
    y = (x * 2 + 1).sum(axis=0)
    kept = client.persist(y.to_dask())  # keeps dask's keys alive on the scheduler while we compute
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with client.as_current():
            import dask

            a = y.compute(scheduler=client)
            (b,) = dask.compute(y.to_dask())
            c = y.compute(scheduler=client)
    logs = "\n".join(str(m) for _, m in client.get_scheduler_logs(n=200))
    assert "different run_spec" not in logs
    for got in (a, b, c, client.compute(kept).result()):
        np.testing.assert_allclose(got, (data * 2 + 1).sum(axis=0))


# -- persist keeps blocks on the cluster -------------------------------------------------------------
def counting(block, path):
    with open(path, "a") as f:
        f.write("x\n")
    return block * 2


def runs(path):
    return len(path.read_text().splitlines()) if path.exists() else 0


@pytest.mark.parametrize("how", ["method", "client", "default"])
def test_persist_reuses_remote_blocks(client, data, tmp_path, how):
    path = tmp_path / "runs.txt"
    x = la.from_array(data, chunks=(10, 10)).map_blocks(counting, path=str(path), dtype=data.dtype)
    if how == "default":
        with client.as_current():
            p = x.persist()  # the running Client is the default scheduler
    else:
        p = x.persist(scheduler=client) if how == "method" else la.asarray(client.persist(x.to_dask()))
    with client.as_current():
        distributed.wait(p.to_dask())  # dask's tools see the persisted blocks through the adapter
    assert runs(path) == x.npartitions == 6
    assert all(t.func.__name__ == "fetch_future" for t in p.graph.tasks().values())
    np.testing.assert_allclose(p.compute(scheduler=client), data * 2)
    np.testing.assert_allclose((p + 1).sum(axis=0).compute(scheduler=client), (data * 2 + 1).sum(axis=0))
    with client.as_current():
        np.testing.assert_allclose(p.mean().compute(), (data * 2).mean())
    np.testing.assert_allclose(client.compute(p.to_dask()).result(), data * 2)  # dask reads the same Futures
    assert runs(path) == 6  # nothing was computed again


# -- errors -----------------------------------------------------------------------------------------------
def explode(block):
    if block.min() >= 10:
        raise ZeroDivisionError("boom in a block")
    return block


def test_task_error_keeps_type_and_note(client):
    x = la.arange(20, chunks=5).map_blocks(explode, dtype=int)
    with pytest.raises(ZeroDivisionError, match="boom in a block") as info:
        x.sum().compute(scheduler=client)
    notes = "\n".join(getattr(info.value, "__notes__", []))
    # Blocks 2 and 3 both fail; whichever the cluster ran first is reported.
    assert re.search(r"lazyarr: raised while computing block \((2|3),\) of operation '.*explode", notes)
    # The cluster is still usable afterwards.
    assert la.arange(4).sum().compute(scheduler=client) == 6


def test_task_error_through_client_compute(client):
    x = la.arange(20, chunks=5).map_blocks(explode, dtype=int)
    with pytest.raises(ZeroDivisionError) as info:
        client.compute(x.to_dask()).result()
    assert any("explode" in n for n in info.value.__notes__)


# -- callbacks -----------------------------------------------------------------------------------------------
class Record(Callback):
    def start(self, event):
        self.started, self.ended, self.finished = event, [], None

    def task_end(self, key, event):
        assert event.start <= event.end
        self.ended.append(key)

    def finish(self, event):
        self.finished = event


def test_callbacks_see_every_task_once(client, data):
    x = la.from_array(data, chunks=(10, 5))
    with Record() as rec:
        (x + 1).sum(axis=0).compute(scheduler=client)
    assert rec.started.scheduler == "distributed" and rec.started.num_workers == 2
    assert len(rec.ended) == len(set(rec.ended)) == rec.started.ntasks
    assert rec.finished.error is None and rec.finished.ntasks_done == rec.started.ntasks


def test_callbacks_finish_with_the_error(client):
    x = la.arange(20, chunks=5).map_blocks(explode, dtype=int)
    with Record() as rec, pytest.raises(ZeroDivisionError):
        x.compute(scheduler=client)
    assert isinstance(rec.finished.error, ZeroDivisionError)


# -- large inputs are scattered, not embedded -------------------------------------------------------------------
@pytest.mark.slow
def test_large_numpy_inputs_are_scattered_once(client, monkeypatch):
    big = np.random.default_rng(1).random((2000, 1000))  # 16 MB: above dask's large-graph warning
    operand = np.random.default_rng(2).random(1000)
    sent = []
    real_scatter = client.scatter

    def spy(data, **kwargs):
        sent.append(len(data))
        return real_scatter(data, **kwargs)

    monkeypatch.setattr(client, "scatter", spy)
    x = la.from_array(big, chunks=(500, 1000))
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*large graph.*")
        got = (x * operand).sum(axis=1).compute(scheduler=client)
        np.testing.assert_allclose(got, (big * operand).sum(axis=1))
        assert sent == [4]  # the four blocks of `big`; `operand` is small enough to embed
        np.testing.assert_allclose(x.max().compute(scheduler=client), big.max())
    assert sent == [4]  # computing again reused the scattered blocks
    assert len(cluster_module._scattered[client.id]) >= 4
    # A failing compute whose outputs include scattered blocks leaves them in place.
    failing = la.arange(20, chunks=5).map_blocks(explode, dtype=int)
    with pytest.raises(ZeroDivisionError):
        la.compute(x, failing, scheduler=client)
    np.testing.assert_array_equal(x.compute(scheduler=client), big)
    assert sent == [4]
