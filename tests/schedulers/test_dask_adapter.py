"""The dask adapter without a cluster: key and task translation, ``x.to_dask()`` and dask arrays in lazyarr.

These run dask's own local schedulers on our translated graphs, with NumPy as the oracle.
"""

import gc
import operator
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr import config
from lazyarr.core.graph import Graph, Key, Task, literal
from lazyarr.core.optimize import optimize

dask = pytest.importorskip("dask")
from dask.task_spec import DataNode, TaskRef  # noqa: E402
from dask.task_spec import Task as DaskTask  # noqa: E402

from lazyarr.schedulers import choice, cluster  # noqa: E402
from lazyarr.schedulers import dask as adapter  # noqa: E402

names = st.text(alphabet="abcdef-0123456789", min_size=1, max_size=12)
indices = st.lists(st.integers(0, 1000), max_size=4).map(tuple)


# -- keys -----------------------------------------------------------------------------------
@given(names, indices)
def test_key_round_trip(name, index):
    key = Key(name, index)
    dkey = adapter.to_dask_key(key)
    assert type(dkey) is tuple and dkey[0] == name and dkey[1:] == index
    assert adapter.from_dask_key(dkey) == key


def test_string_dask_key_is_a_0d_key():
    assert adapter.from_dask_key("x-1") == Key("x-1", ())


# -- tasks ----------------------------------------------------------------------------------
def test_data_task_becomes_a_data_node():
    node = adapter.translate_task(Key("a", (0,)), Task(literal, (np.arange(3),)))
    assert isinstance(node, DataNode) and node.key == ("a", 0)
    np.testing.assert_array_equal(node(), np.arange(3))


def test_task_refers_to_each_dependency_in_order():
    a, b = Key("a", (0,)), Key("b", (1, 2))
    node = adapter.translate_task(Key("c", (0,)), Task(np.subtract, (b, a)))
    assert isinstance(node, DaskTask) and node.key == ("c", 0)
    assert node.dependencies == {("a", 0), ("b", 1, 2)}
    assert node({("a", 0): 1, ("b", 1, 2): 10}) == 9


def test_nested_dependencies_are_found():
    a, b = Key("a", (0,)), Key("a", (1,))
    node = adapter.translate_task(Key("c", (0,)), Task(np.concatenate, ([a, b],)))
    out = node({("a", 0): np.zeros(2), ("a", 1): np.ones(1)})
    np.testing.assert_array_equal(out, [0, 0, 1])


def test_external_dependencies_use_the_given_reference():
    ref = TaskRef("scattered-123")
    node = adapter.translate_task(Key("c", (0,)), Task(np.negative, (Key("a", (0,)),)),
                                  external={Key("a", (0,)): ref})
    assert node.dependencies == {"scattered-123"}
    assert node({"scattered-123": 4}) == -4


def test_persisted_block_is_its_future():
    ref = TaskRef(("p", 0))
    assert adapter.translate_task(Key("p", (0,)), Task(adapter.fetch_future, (ref,))) is ref


def test_task_errors_keep_type_and_get_the_block_note():
    node = adapter.translate_task(Key("div-1a", (3,)), Task(operator.floordiv, (Key("a", (0,)), 0)))
    with pytest.raises(ZeroDivisionError) as info:
        node({("a", 0): 1})
    assert any("block (3,) of operation 'div" in n for n in info.value.__notes__)


@given(st.lists(st.integers(1, 7), min_size=0, max_size=3), st.integers(1, 4), st.booleans())
def test_translated_graph_runs_on_dask_get(shape, chunk, fuse):
    data = np.arange(int(np.prod(shape)), dtype=float).reshape(shape)
    x = la.from_array(data, chunks=chunk)
    y = ((x + 1) * 2).sum(axis=0) if x.ndim else (x + 1) * 2
    expected = ((data + 1) * 2).sum(axis=0) if data.ndim else (data + 1) * 2
    keys = y.keys()
    graph = optimize(y.graph, keys, fuse=fuse)
    blocks = dask.get(adapter.translate_tasks(graph.tasks()), [adapter.to_dask_key(k) for k in keys])
    got = np.empty(y.shape, y.dtype)
    starts = [np.cumsum((0,) + c) for c in y.chunks]
    for key, block in zip(keys, blocks):
        got[tuple(slice(s[i], s[i + 1]) for s, i in zip(starts, key.index))] = block
    np.testing.assert_array_equal(got, expected)


# -- x.to_dask(): a real dask array -----------------------------------------------------------------
def test_is_not_a_dask_collection():
    # On purpose (docs/ecosystem.md): otherwise xarray's dask chunk manager claims lazy arrays too.
    x = la.ones(3)
    assert not dask.is_dask_collection(x)
    assert dask.is_dask_collection(x.to_dask())


@pytest.mark.parametrize("optimize_graph", [True, False])
def test_dask_compute_matches_numpy(optimize_graph):
    data = np.arange(30.0).reshape(5, 6)
    x = la.from_array(data, chunks=(2, 4))
    ys = [x + 1, (x * 2).sum(axis=0), x[1:4, ::2], (x @ x.T).mean()]
    a, b, c, d = dask.compute(*(y.to_dask(optimize_graph=optimize_graph) for y in ys))
    np.testing.assert_array_equal(a, data + 1)
    np.testing.assert_array_equal(b, (data * 2).sum(axis=0))
    np.testing.assert_array_equal(c, data[1:4, ::2])
    assert d == pytest.approx((data @ data.T).mean())


@given(st.lists(st.integers(0, 7), min_size=0, max_size=3), st.integers(1, 4))
def test_to_dask_keeps_chunks_dtype_and_values(shape, chunk):
    data = np.arange(int(np.prod(shape)), dtype=np.int32).reshape(shape)
    x = la.from_array(data, chunks=chunk) * 3
    d = x.to_dask()
    assert d.chunks == x.chunks and d.dtype == x.dtype and d.name == x.name + "-dask"
    got = d.compute(scheduler="sync")
    assert isinstance(got, (np.ndarray, np.generic)) and got.dtype == np.int32  # 0-d: as dask gives it
    np.testing.assert_array_equal(got, data * 3)


def test_to_dask_unknown_chunk_sizes():
    x = la.arange(10, chunks=4)
    y = x[x % 3 == 0]
    d = y.to_dask()
    assert np.isnan(d.chunks[0][0])
    np.testing.assert_array_equal(d.compute(), [0, 3, 6, 9])


def test_to_dask_0d_and_empty():
    (s,) = dask.compute(la.ones(()).to_dask() * 3)
    assert s == 3 and np.ndim(s) == 0
    (e,) = dask.compute(la.zeros((0, 3), chunks=2).to_dask() + 1)
    assert e.shape == (0, 3)


def test_to_dask_runs_our_fusion():
    x = la.ones((6,), chunks=2)
    y = ((x + 1) * 3).sum()
    assert len(y.to_dask().dask) == len(optimize(y.graph, y.keys())) < len(y.graph)
    assert len(y.to_dask(optimize_graph=False).dask) == len(y.graph)


def test_dask_compute_shares_work_between_collections():
    calls = []

    def record(block):
        calls.append(1)
        return block

    x = la.ones(8, chunks=2).map_blocks(record, dtype=float).to_dask()
    a, b = dask.compute(x.sum(), x.max(), scheduler="sync")
    assert (a, b) == (8, 1) and len(calls) == 4


def test_dask_compute_lazy_and_dask_together():
    data = np.arange(12.0)
    x = la.from_array(data, chunks=5)
    d = dask.array.from_array(data, chunks=4)
    a, b = dask.compute(x.to_dask() * 2, d + 1)
    np.testing.assert_array_equal(a, data * 2)
    np.testing.assert_array_equal(b, data + 1)


def test_dask_asarray_uses_to_dask_array():
    import dask.array as da

    x = la.arange(10, chunks=4) + 1
    d = da.asarray(x)
    assert isinstance(d, da.Array) and d.chunks == x.chunks
    np.testing.assert_array_equal(d.compute(), np.arange(10) + 1)


@pytest.mark.xfail(strict=True, reason="dask's from_array cuts its own chunks and slices x[...] lazily: "
                   "its blocks stay lazyarr arrays (no hook on our side); use x.to_dask() or da.asarray(x)")
def test_dask_from_array_keeps_chunks_and_computes_numpy():
    import dask.array as da

    x = la.arange(10, chunks=4)
    d = da.from_array(x)
    assert d.chunks == x.chunks
    assert type(d.compute()) is np.ndarray


def test_tokenize_to_dask_follows_the_name():
    from dask.base import tokenize

    x = la.arange(4, chunks=2)
    assert x.to_dask().name == la.arange(4, chunks=2).to_dask().name
    assert tokenize(x.to_dask()) == tokenize(la.arange(4, chunks=2).to_dask())
    assert tokenize(x.to_dask()) != tokenize((x + 1).to_dask())


# -- dask arrays inside lazyarr: la.asarray(d) and mixed arithmetic --------------------------------
def test_asarray_of_a_dask_array_keeps_its_graph_and_chunks():
    import dask.array as da

    d = da.arange(10, chunks=3) * 2
    x = la.asarray(d)
    assert isinstance(x, la.Array) and x.chunks == d.chunks and x.name == d.name
    np.testing.assert_array_equal(x.compute(scheduler="sync"), np.arange(10) * 2)
    np.testing.assert_array_equal(la.from_array(d, chunks=5).compute(), np.arange(10) * 2)
    assert la.from_array(d, chunks=5).chunks == ((5, 5),)


def test_dask_tasks_run_on_our_scheduler():
    import dask.array as da

    seen = []

    class Count(la.Callback):
        def task_end(self, key, info):
            seen.append(key)

    with Count():
        la.asarray(da.ones(6, chunks=2)).sum().compute()
    assert len(seen) >= 3


@pytest.mark.parametrize("op", [operator.add, operator.mul, operator.truediv, operator.lt])
def test_mixed_arithmetic_gives_a_lazy_array_in_both_orders(op):
    import dask.array as da

    a, b = np.arange(1.0, 11.0), np.linspace(1, 2, 10)
    x, d = la.from_array(a, chunks=4), da.from_array(b, chunks=3)
    for got, expected in [(op(x, d), op(a, b)), (op(d, x), op(b, a))]:
        assert isinstance(got, la.Array)
        np.testing.assert_array_equal(got.compute(), expected)


def test_mixed_ufunc_gives_a_lazy_array():
    import dask.array as da

    x, d = la.arange(6, chunks=4), da.arange(6, chunks=3)
    got = np.add(d, x)
    assert isinstance(got, la.Array)
    np.testing.assert_array_equal(got.compute(), np.arange(6) * 2)


# -- scheduler objects in la.compute ----------------------------------------------------------------
def test_dask_get_function_as_scheduler():
    data = np.arange(12.0).reshape(3, 4)
    x = la.from_array(data, chunks=2)
    np.testing.assert_array_equal((x + x.T.T).compute(scheduler=dask.get), data * 2)
    a, b = la.compute(x.sum(), x.min(), scheduler=dask.get)
    assert (a, b) == (data.sum(), data.min())


def test_unknown_scheduler_object_is_a_type_error():
    with pytest.raises(TypeError, match=r"compute: scheduler=42 is not a scheduler name"):
        la.ones(3).compute(scheduler=42)


def test_persist_needs_a_client():
    with pytest.raises(TypeError, match=r"persist: scheduler=.* is not a distributed Client"):
        la.ones(3).persist(scheduler=dask.get)


# -- choosing the distributed default ----------------------------------------------------------------
@pytest.fixture
def fake_default_client(monkeypatch):
    client = object()
    monkeypatch.setattr(choice, "active_client", lambda: client)
    return client


def test_active_client_is_the_default(fake_default_client):
    assert choice.resolve(None).client is fake_default_client


@pytest.mark.parametrize("chosen", ["threads", "sync"])
def test_chosen_scheduler_opts_out(fake_default_client, chosen):
    assert choice.resolve(chosen).name == chosen
    with config.set(scheduler=chosen):
        assert choice.resolve(None).name == chosen
    assert choice.resolve(None).client is fake_default_client


def test_distributed_default_false_opts_out(fake_default_client):
    with config.set(distributed_default=False):
        assert choice.resolve(None).name == "threads"


def test_is_set_restores_on_exit():
    assert not config.is_set("num_workers")
    with config.set(num_workers=2):
        with config.set(num_workers=3):
            assert config.is_set("num_workers")
        assert config.is_set("num_workers")
    assert not config.is_set("num_workers")


def test_no_client_without_distributed_imported():
    code = ("import sys, lazyarr as la; la.ones(4, chunks=2).sum().compute(); "
            "assert 'distributed' not in sys.modules and 'dask' not in sys.modules, 'imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=".")


# -- scattering (with a stand-in client) ---------------------------------------------------------------
class FakeFuture(TaskRef):
    __slots__ = ("status",)

    def __init__(self, key):
        super().__init__(key)
        self.status = "finished"


class FakeClient:
    id = "fake-client"

    def __init__(self):
        self.sent = []

    def scatter(self, data, hash=True):
        self.sent.append(dict(data))
        return {k: FakeFuture(k) for k in data}


def test_scatter_sends_blocks_of_big_inputs_once(monkeypatch):
    monkeypatch.setattr(cluster, "_scattered", {})
    big = np.arange(64.0).reshape(8, 8)
    small = np.arange(4.0)
    x = la.from_array(big, chunks=4)
    y = la.from_array(small, chunks=2)
    tasks = Graph.merge(x.graph, y.graph).tasks()
    client = FakeClient()
    found = cluster.scatter_inputs(client, tasks, threshold=100)
    assert set(found) == set(x.keys())  # only the big array's blocks
    (sent,) = client.sent
    np.testing.assert_array_equal(sent[(x.name, 1, 0)], big[4:, :4])
    assert cluster.scatter_inputs(client, tasks, threshold=100) == found
    assert len(client.sent) == 1  # the second compute sends nothing
    del x, tasks, big, found
    gc.collect()
    assert cluster._scattered["fake-client"] == {}  # forgotten with the source array


def test_scatter_big_data_tasks():
    big = np.ones(1000)
    tasks = {Key("d", (0,)): Task(literal, (big,)), Key("s", (0,)): Task(literal, (np.ones(2),))}
    client = FakeClient()
    found = cluster.scatter_inputs(client, tasks, threshold=1000)
    assert set(found) == {Key("d", (0,))}


def test_translated_graph_holds_no_big_array_after_scatter(monkeypatch):
    import pickle

    monkeypatch.setattr(cluster, "_scattered", {})
    big = np.random.default_rng(0).random((400, 400))  # 1.28 MB: over the default threshold
    x = la.from_array(big, chunks=200) + 1
    dsk, external = cluster._prepare(FakeClient(), optimize(x.graph, x.keys()).tasks(), x.keys(), None)
    assert len(external) == 4
    assert len(pickle.dumps(dsk)) < big.nbytes / 10


@pytest.mark.parametrize("name", ["distributed", "dask.distributed"])
def test_scheduler_distributed_by_name(fake_default_client, name):
    assert choice.resolve(name).client is fake_default_client


def test_scheduler_distributed_by_name_needs_a_client(monkeypatch):
    monkeypatch.setattr(choice, "active_client", lambda: None)
    with pytest.raises(ValueError, match=r"compute: scheduler='distributed' needs a running distributed Client"):
        la.ones(3).compute(scheduler="distributed")


def test_task_call_token_is_cheap_and_tells_work_apart():
    from dask.base import tokenize

    big = np.zeros(10**6)
    a, b = Key("a", (0,)), Key("b", (0,))
    call = adapter.TaskCall(Key("c", (0,)), Task(np.add, (a, big)))
    assert tokenize(call) == tokenize(adapter.TaskCall(Key("c", (0,)), Task(np.add, (a, big))))
    assert tokenize(call) != tokenize(adapter.TaskCall(Key("c", (0,)), Task(np.add, (b, big))))
    assert tokenize(call) != tokenize(adapter.TaskCall(Key("c", (0,)), Task(np.subtract, (a, big))))
    assert tokenize(call) != tokenize(adapter.TaskCall(Key("c", (1,)), Task(np.add, (a, big))))


def test_small_in_memory_inputs_are_sliced_before_sending():
    import threading

    source = np.arange(12.0)
    x = la.from_array(source, chunks=4, lock=threading.Lock())
    tasks = cluster.read_small_inputs(x.graph.tasks())
    assert all(t.func is literal for t in tasks.values())
    np.testing.assert_array_equal(tasks[Key(x.name, (2,))].args[0], source[8:])


def test_graph_from_dask_reads_foreign_nodes_and_renames():
    from dask.task_spec import Alias

    dsk = {("a", 0): DataNode(("a", 0), 3), ("b", 0): DaskTask(("b", 0), operator.neg, TaskRef(("a", 0))),
           ("c", 0): Alias(("c", 0), ("b", 0)), ("d", 0): 7}
    graph = adapter.graph_from_dask(dsk, rename={"b": "b2"})
    assert set(graph.layers) == {"a", "b2", "c", "d"} and graph.dependencies["c"] == {"b2"}
    rebuilt = la.compute(*(la.core.array.Array(graph, n, ((1,),), int) for n in ("b2", "c", "d")),
                         scheduler="sync")
    assert rebuilt == (-3, -3, 7)


class FakeAsyncClient(FakeClient):
    asynchronous = True
    get = gather = submit = None


@pytest.mark.parametrize("method", ["compute", "persist"])
def test_asynchronous_client_is_refused(method):
    with pytest.raises(TypeError, match=rf"{method}: the distributed Client is asynchronous"):
        getattr(la.ones(3), method)(scheduler=FakeAsyncClient())
