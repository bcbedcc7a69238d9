"""Adapter to dask: our graphs in dask's task format, and the dask collection protocol.

lazyarr never ships a cluster of its own: to scale out, it hands its graphs to dask
(``dask.compute``, ``dask.distributed``). This module is the only place that speaks
dask's language, and it imports dask only inside functions, so lazyarr works without
it. Running on a ``distributed.Client`` (scatter, futures, progress) lives next door in
``schedulers/cluster.py``; choosing it (``scheduler=client``, an active Client) in
``schedulers/choice.py``.

The translation is one line per idea:

* our ``Key(name, (i, j))`` is dask's key ``(name, i, j)`` (a 0-d array's block is
  ``(name,)``);
* our ``Task`` becomes a dask ``Task`` that calls :func:`run_task` with the original
  key and task (a :class:`TaskCall`) and one ``TaskRef`` per dependency, so the worker runs exactly what our own
  schedulers run (``execute_task``: same functions, same error notes);
* a data task becomes a ``DataNode``; a block persisted on a cluster becomes the
  ``Future`` holding it;
* each of our layers becomes one layer of a dask ``HighLevelGraph`` with the same
  name, translated only when dask reads it, so ``__dask_optimize__`` can hand the
  original layers to our own optimizer (cull, blockwise fusion).

Examples
--------
>>> import lazyarr as la
>>> to_dask_key(Key("add-1f", (0, 2)))
('add-1f', 0, 2)
>>> from_dask_key(("add-1f", 0, 2))
Key('add-1f', (0, 2))
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ..core import blocktype
from ..core.attach import attach
from ..core.graph import Graph, Key, MaterializedLayer, Task, literal
from ..core.optimize import optimize
from .base import execute_task

__all__ = [
    "to_dask_key",
    "from_dask_key",
    "run_task",
    "TaskCall",
    "fetch_future",
    "translate_task",
    "translate_tasks",
    "to_high_level_graph",
    "from_high_level_graph",
    "graph_from_dask",
]


# -- keys ----------------------------------------------------------------------------------
def to_dask_key(key: Key) -> tuple:
    """``Key(name, index)`` as dask's key ``(name, *index)``."""
    return (key.name, *key.index)


def from_dask_key(key: Any) -> Key:
    """A dask key ``(name, *index)`` (or a bare name) back as our :class:`Key`."""
    if isinstance(key, str):
        return Key(key, ())
    return Key(key[0], tuple(key[1:]))


# -- what runs on a worker -------------------------------------------------------------------
class TaskCall:
    """One of our tasks as shipped inside a dask task: its key, the task, where to report.

    Dask tokenizes every task it is given (to name the graph and to notice a key
    submitted twice with different work); by default that pickles the whole task.
    Our key names are already tokens of the operation that makes them, so the key,
    the function's name and the dependency keys identify the work cheaply.
    """

    __slots__ = ("key", "task", "report")

    def __init__(self, key: Key, task: Task, report: str | None = None):
        self.key = key
        self.task = task
        self.report = report

    def __dask_tokenize__(self) -> tuple:
        func = self.task.func
        return (self.key.name, self.key.index, getattr(func, "__name__", type(func).__name__),
                tuple((d.name, d.index) for d in self.task.dependencies))

    def __reduce__(self) -> tuple:
        return TaskCall, (self.key, self.task, self.report)

    def __repr__(self) -> str:
        return f"TaskCall({self.key!r})"


def run_task(call: TaskCall, *values: Any) -> Any:
    """Run one of our tasks inside a dask task: *values* are its dependencies, in order.

    Going through ``execute_task`` keeps the original exception type and adds the same
    "raised while computing block ... of operation ..." note as the local schedulers.
    With ``call.report`` (a topic name), the worker tells the client when the task ran,
    which drives lazyarr callbacks such as the progress bar.
    """
    key, task = call.key, call.task
    results = dict(zip(task.dependencies, values))
    if call.report is None:
        return execute_task(key, task, results)
    start = time.time()
    value = execute_task(key, task, results)
    _report_task(call.report, key, start, time.time())
    return value


def _report_task(topic: str, key: Key, start: float, end: float) -> None:
    from distributed import get_worker

    try:
        worker = get_worker()
    except ValueError:  # run by a local dask scheduler: nobody is listening
        return
    worker.log_event(topic, (key.name, key.index, start, end, threading.get_ident(), worker.address))


def fetch_future(future: Any) -> Any:
    """The value held by a cluster Future: how a local scheduler reads a persisted block."""
    return future.result()


# -- tasks -----------------------------------------------------------------------------------
def _is_future(obj: Any) -> bool:
    from dask.task_spec import TaskRef

    return isinstance(obj, TaskRef)


def translate_task(key: Key, task: Task, report: str | None = None,
                   external: Mapping[Key, Any] | None = None) -> Any:
    """One of our tasks as a dask graph node (``Task``, ``DataNode`` or a ``Future``).

    *external* maps dependency keys to Futures already on the cluster (scattered data).
    """
    from dask.task_spec import DataNode, TaskRef
    from dask.task_spec import Task as DaskTask

    dkey = to_dask_key(key)
    if task.func is fetch_future and _is_future(task.args[0]):
        return task.args[0]  # already on the cluster: the Future itself is the node
    if task.func is literal and not task.dependencies and not task.kwargs:
        return DataNode(dkey, task.args[0])
    external = external or {}
    refs = [external[d] if d in external else TaskRef(to_dask_key(d)) for d in task.dependencies]
    return DaskTask(dkey, run_task, TaskCall(key, task, report), *refs)


def translate_tasks(tasks: Mapping[Key, Task], report: str | None = None,
                    external: Mapping[Key, Any] | None = None) -> dict:
    """A flat ``{dask key: node}`` graph (what ``Client.get`` and ``dask.get`` run)."""
    return {to_dask_key(k): translate_task(k, t, report, external) for k, t in tasks.items()}


class DaskLayerView(Mapping):
    """One of our layers, read by dask as ``{dask key: node}``; translated on first use."""

    def __init__(self, layer: Any):
        self.source = layer
        self._nodes: dict | None = None

    def _translated(self) -> dict:
        if self._nodes is None:
            self._nodes = translate_tasks(self.source.materialize())
        return self._nodes

    def __getitem__(self, key: Any) -> Any:
        return self._translated()[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._translated())

    def __len__(self) -> int:
        return len(self.source)

    def __contains__(self, key: object) -> bool:
        return key in self._translated()


def to_high_level_graph(graph: Graph) -> Any:
    """Our graph as a dask ``HighLevelGraph``: one lazily translated layer per layer."""
    from dask.highlevelgraph import HighLevelGraph
    from dask.highlevelgraph import MaterializedLayer as DaskLayer

    layers = {name: DaskLayer(DaskLayerView(layer)) for name, layer in graph.layers.items()}
    deps = {name: set(graph.dependencies.get(name, ())) for name in graph.layers}
    return HighLevelGraph(layers, deps)


def from_high_level_graph(dsk: Any) -> Graph | None:
    """Our graph back from a ``HighLevelGraph`` made of our layers (None if it has others)."""
    layers = getattr(dsk, "layers", None)
    if layers is None:
        return None
    ours = {}
    for name, layer in layers.items():
        view = getattr(layer, "mapping", None)
        if not isinstance(view, DaskLayerView):
            return None
        ours[name] = view.source
    deps = {name: frozenset(d for d in dsk.dependencies.get(name, ()) if d in ours) for name in ours}
    return Graph(ours, deps)


# -- the dask collection protocol (Array.__dask_*__, attached by install below, delegate here) ---
def dask_graph(x: Any) -> Any:
    """*x*'s graph as a dask ``HighLevelGraph``."""
    return to_high_level_graph(x.graph)


def dask_keys(x: Any) -> list:
    """Block keys as nested lists following the block grid (dask's convention)."""
    if x.ndim == 0:
        return [(x.name,)]

    def nest(prefix: tuple[int, ...]) -> list:
        axis = len(prefix)
        if axis == x.ndim - 1:
            return [(x.name, *prefix, i) for i in range(x.numblocks[axis])]
        return [nest(prefix + (i,)) for i in range(x.numblocks[axis])]

    return nest(())


def finalize(results: list, ndim: int) -> Any:
    """Stitch the nested list of computed blocks into one NumPy array (a scalar if 0-d)."""
    if ndim == 0:
        return blocktype.as_scalar_result(_first(results))
    return _join(results, 0) if _count(results) > 1 else np.asanyarray(_first(results))


def _join(nested: Any, axis: int) -> Any:
    # Not np.block: it drops the masks of numpy.ma blocks; blocktype.concatenate keeps them.
    if not isinstance(nested, list):
        return nested
    parts = [_join(n, axis + 1) for n in nested]
    return parts[0] if len(parts) == 1 else blocktype.concatenate(parts, axis=axis)


def _count(nested: Any) -> int:
    return sum(_count(n) for n in nested) if isinstance(nested, list) else 1


def _first(nested: Any) -> Any:
    while isinstance(nested, list):
        nested = nested[0]
    return nested


def dask_postcompute(x: Any) -> tuple:
    return finalize, (x.ndim,)


def dask_postpersist(x: Any) -> tuple:
    return rebuild, (x.name, x.chunks, x.dtype, x.block_type)


def rebuild(dsk: Mapping, name: str, chunks: tuple, dtype: Any, block_type: type = np.ndarray,
            rename: Mapping[str, str] | None = None) -> Any:
    """A lazy array over a dask graph handed back by dask (after persist or optimize).

    After ``persist`` the graph holds the blocks (values, or Futures on a cluster);
    after ``dask.optimize`` it holds tasks. Both are read back into our graph format by
    :func:`graph_from_dask`; *rename* maps old array names to new ones.
    """
    from ..core.array import Array

    rename = dict(rename or {})
    new_name = rename.get(name, name)
    return Array(graph_from_dask(dsk, rename), new_name, chunks, dtype, block_type)


def _alias(value: Any) -> Any:
    return value


def run_dask_node(node: Any, dkeys: list, *values: Any) -> Any:
    """Run a foreign dask graph node inside our graph (values are its dependencies)."""
    return node(dict(zip(dkeys, values)))


def _renamed(obj: Any, rename: Mapping[str, str]) -> Any:
    t = type(obj)
    if t is Key:
        return Key(rename.get(obj.name, obj.name), obj.index)
    if t in (list, tuple):
        return t(_renamed(o, rename) for o in obj)
    if t is dict:
        return {k: _renamed(v, rename) for k, v in obj.items()}
    return obj


def task_from_dask(node: Any, rename: Mapping[str, str]) -> Task:
    """One dask graph node back as our Task (the inverse of :func:`translate_task`)."""
    from dask.task_spec import Alias, DataNode, GraphNode

    if _is_future(node):
        return Task(fetch_future, (node,))
    if isinstance(node, DataNode):
        return Task(literal, (node.value,))
    if isinstance(node, Alias):
        return Task(_alias, (_renamed(from_dask_key(node.target), rename),))
    if isinstance(node, GraphNode):
        call = node.args[0] if getattr(node, "func", None) is run_task else None
        if isinstance(call, TaskCall):
            task = call.task
            return task if not rename else Task(task.func, _renamed(task.args, rename),
                                                _renamed(task.kwargs, rename))
        dkeys = sorted(node.dependencies, key=str)
        return Task(run_dask_node, (node, dkeys, *(_renamed(from_dask_key(k), rename) for k in dkeys)))
    return Task(literal, (node,))  # a plain value: a persisted block


def graph_from_dask(dsk: Mapping, rename: Mapping[str, str] | None = None) -> Graph:
    """Our :class:`Graph` from a dask graph: one layer per array name found in its keys."""
    rename = rename or {}
    by_layer: dict[str, dict[Key, Task]] = {}
    for dkey, node in dict(dsk).items():
        key = from_dask_key(dkey)
        key = Key(rename.get(key.name, key.name), key.index)
        by_layer.setdefault(key.name, {})[key] = task_from_dask(node, rename)
    layers = {}
    deps: dict[str, frozenset[str]] = {}
    for lname, tasks in by_layer.items():
        data_only = all(t.func in (literal, fetch_future) for t in tasks.values())
        layers[lname] = MaterializedLayer(lname, tasks, label="persisted" if data_only else None)
        needed = {d.name for t in tasks.values() for d in t.dependencies}
        deps[lname] = frozenset(n for n in needed if n != lname and n in by_layer)
    return Graph(layers, deps)


def dask_tokenize(x: Any) -> tuple:
    return ("lazyarr.Array", x.name)  # names are deterministic tokens of the whole computation


def dask_optimize(dsk: Any, keys: Any, **kwargs: Any) -> Any:
    """Run *our* optimizer (cull, blockwise fusion) on graphs made of our layers."""
    from dask.core import flatten

    graph = from_high_level_graph(dsk)
    if graph is None:
        return dsk  # mixed with foreign layers: leave it to dask
    wanted = [from_dask_key(k) for k in flatten(keys)]
    return to_high_level_graph(optimize(graph, wanted))


def dask_get(dsk: Any, keys: Any, **kwargs: Any) -> Any:
    """Default scheduler for ``dask.compute(x)`` without a cluster: dask's thread pool."""
    import dask.threaded

    return dask.threaded.get(dsk, keys, **kwargs)


class _DaskCollection:
    """The dask collection protocol: ``dask.compute(x)``, ``dask.persist(x)`` and
    ``client.compute(x)`` accept lazy arrays; :func:`install` copies it onto ``Array``."""

    def __dask_graph__(self) -> Any:
        """dask's view of the task graph: a ``HighLevelGraph`` with one layer per operation."""
        return dask_graph(self)

    @property
    def dask(self) -> Any:
        """The task graph as dask sees it (``x.dask`` in dask.array; needs dask): ``x.__dask_graph__()``.

        lazyarr's own graph is ``x.graph``.

        >>> import lazyarr as la
        >>> len(la.ones(4, chunks=2).dask)
        2
        """
        return dask_graph(self)

    def __dask_keys__(self) -> list:
        """The output block keys in dask's format, nested like the block grid."""
        return dask_keys(self)

    def __dask_layers__(self) -> tuple[str, ...]:
        """The name of the graph layer holding this array's blocks."""
        return (self.name,)

    def __dask_postcompute__(self) -> tuple:
        """How dask turns the computed blocks into the result: stitch them into one NumPy array."""
        return dask_postcompute(self)

    def __dask_postpersist__(self) -> tuple:
        """How dask rebuilds a lazy array from persisted blocks."""
        return dask_postpersist(self)

    def __dask_tokenize__(self) -> tuple:
        """dask's deterministic token: the array's name, itself a token of the computation."""
        return dask_tokenize(self)

    __dask_optimize__ = staticmethod(dask_optimize)
    __dask_scheduler__ = staticmethod(dask_get)


def install(cls: type) -> None:
    """Attach the dask collection protocol to *cls* (``import lazyarr`` does this; dask stays unimported)."""
    attach(cls, _DaskCollection)
