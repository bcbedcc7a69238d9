"""The dask adapter without a cluster: key and task translation, the collection protocol.

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
from lazyarr.core.graph import Graph, Key, MaterializedLayer, Task, literal
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
    nested = adapter.dask_keys(y)
    by_key = dict(zip(map(adapter.to_dask_key, keys), blocks))

    def fill(n):
        return [fill(i) for i in n] if isinstance(n, list) else by_key[n]

    np.testing.assert_array_equal(adapter.finalize(fill(nested), y.ndim), expected)


# -- high-level graphs ------------------------------------------------------------------------
def test_high_level_graph_round_trip_keeps_our_layers():
    x = la.ones((4, 4), chunks=2)
    y = (x + 1).sum(axis=1)
    hlg = adapter.to_high_level_graph(y.graph)
    assert set(hlg.layers) == set(y.graph.layers)
    assert set(y.__dask_layers__()) <= set(hlg.layers)
    back = adapter.from_high_level_graph(hlg)
    assert all(back.layers[n] is y.graph.layers[n] for n in y.graph.layers)
    assert back.dependencies == y.graph.dependencies
    assert len(dict(hlg)) == len(y.graph)


def test_foreign_layers_are_left_to_dask():
    from dask.highlevelgraph import HighLevelGraph

    hlg = HighLevelGraph.from_collections("foreign", {("foreign", 0): 1}, dependencies=())
    assert adapter.from_high_level_graph(hlg) is None
    assert adapter.dask_optimize(hlg, [("foreign", 0)]) is hlg


def test_dask_optimize_runs_our_fusion():
    x = la.ones((6,), chunks=2)
    y = ((x + 1) * 3).sum()
    optimized = adapter.dask_optimize(y.__dask_graph__(), y.__dask_keys__())
    ours = optimize(y.graph, y.keys())
    assert len(dict(optimized)) == len(ours) < len(y.graph)


# -- the collection protocol via dask.compute / dask.persist --------------------------------------
def test_is_a_dask_collection():
    from dask.typing import DaskCollection

    x = la.ones(3)
    assert dask.is_dask_collection(x)
    assert isinstance(x, DaskCollection)


@pytest.mark.parametrize("optimize_graph", [True, False])
def test_dask_compute_matches_numpy(optimize_graph):
    data = np.arange(30.0).reshape(5, 6)
    x = la.from_array(data, chunks=(2, 4))
    a, b, c, d = dask.compute(x + 1, (x * 2).sum(axis=0), x[1:4, ::2], (x @ x.T).mean(),
                              optimize_graph=optimize_graph)
    np.testing.assert_array_equal(a, data + 1)
    np.testing.assert_array_equal(b, (data * 2).sum(axis=0))
    np.testing.assert_array_equal(c, data[1:4, ::2])
    assert d == pytest.approx((data @ data.T).mean())


def test_dask_compute_0d_and_empty():
    (s,) = dask.compute(la.ones(()) * 3)
    assert isinstance(s, np.float64) and s == 3
    (e,) = dask.compute(la.zeros((0, 3), chunks=2) + 1)
    assert e.shape == (0, 3)


def test_dask_compute_shares_work_between_collections():
    calls = []

    def record(block):
        calls.append(1)
        return block

    x = la.ones(8, chunks=2).map_blocks(record, dtype=float)
    a, b = dask.compute(x.sum(), x.max(), scheduler="sync")
    assert (a, b) == (8, 1) and len(calls) == 4


def test_dask_persist_locally_holds_the_blocks():
    data = np.arange(10)
    x = la.from_array(data, chunks=3) * 2
    (p,) = dask.persist(x, scheduler="sync")
    assert p.name == x.name and p.chunks == x.chunks
    assert all(t.func is literal for t in p.graph.tasks().values())
    np.testing.assert_array_equal(p.compute(), data * 2)


def test_postpersist_rebuild_renames():
    x = la.arange(4, chunks=2)
    rebuild, args = x.__dask_postpersist__()
    y = rebuild({(x.name, 0): np.zeros(2), (x.name, 1): np.ones(2)}, *args, rename={x.name: "renamed-1"})
    assert y.name == "renamed-1"
    np.testing.assert_array_equal(y.compute(), [0, 0, 1, 1])


def test_tokenize_follows_the_name():
    from dask.base import tokenize

    x = la.arange(4, chunks=2)
    assert tokenize(x) == tokenize(la.arange(4, chunks=2))
    assert tokenize(x) != tokenize(x + 1)


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


def test_layer_view_is_a_mapping():
    layer = MaterializedLayer("a", {Key("a", (0,)): Task(literal, (1,))})
    view = adapter.DaskLayerView(layer)
    assert len(view) == 1 and ("a", 0) in view and list(view) == [("a", 0)]


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


def test_dask_optimize_returns_an_equivalent_array():
    data = np.arange(24.0).reshape(4, 6)
    x = la.from_array(data, chunks=(2, 3))
    y = ((x + 1) * 2).sum(axis=0)
    (opt,) = dask.optimize(y)
    assert isinstance(opt, la.Array) and opt.name == y.name and len(opt.graph) < len(y.graph)
    np.testing.assert_array_equal(opt.compute(scheduler="sync"), ((data + 1) * 2).sum(axis=0))


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
