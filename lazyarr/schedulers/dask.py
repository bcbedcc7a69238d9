"""Adapter to dask: our graphs in dask's task format, ``x.to_dask()`` and dask arrays in lazyarr.

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
* ``x.to_dask()`` (:func:`to_dask`) is a real ``dask.array.Array``: our optimized
  layers, translated, under names ending in ``-dask``; :func:`from_dask` goes back
  (a dask array's graph read as ours: ``la.asarray(d)``, ``lazy + d``).

``Array`` deliberately does not speak the dask collection protocol: see :func:`install`.

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
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..core import blocktype
from ..core.attach import add_method
from ..core.data import register_converter
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
    "to_dask",
    "from_dask",
    "is_dask_array",
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


# -- the adapters: x.to_dask() and back (dask arrays inside lazyarr) ------------------------
#: Suffix of the layer names in a graph handed to dask by :func:`to_dask`. The same
#: lazy array computed with ``x.compute(scheduler=client)`` sends *other* tasks under its
#: own names (fused, inputs read or scattered on the client); giving dask's copy names of
#: its own keeps every key bound to one task on a cluster (no "different run_spec").
DASK_SUFFIX = "-dask"


def to_dask(x: Any, optimize_graph: bool = True) -> Any:
    """A real ``dask.array.Array`` computing the same blocks as the lazy array *x*.

    The chunks are kept; each block is one dask task running our task (through
    :func:`run_task`), after our own optimizer (cull, blockwise fusion) with
    *optimize_graph*. The keys are *x*'s keys with ``-dask`` added to every name.
    Use it wherever a dask collection is expected::

        client.compute(x.to_dask())      # a Future of the NumPy result
        client.persist(x.to_dask())      # a dask array whose blocks stay on the cluster
        dask.compute(x.to_dask(), y)     # together with other dask collections

    ``x.compute()`` does not need it: it runs on an active ``distributed.Client``
    by itself, and ``x.compute(scheduler=client)`` names one.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=4) * 2
    >>> d = x.to_dask()             # doctest: +SKIP
    >>> d.chunks, d.compute()       # doctest: +SKIP
    (((4, 2),), array([ 0,  2,  4,  6,  8, 10]))
    """
    import dask.array as da
    from dask.highlevelgraph import HighLevelGraph

    keys = x.keys()
    graph = optimize(x.graph, keys) if optimize_graph else x.graph.cull(keys)
    rename = {name: name + DASK_SUFFIX for name in graph.layers}
    layers, deps = {}, {}
    for name, layer in graph.layers.items():
        tasks = {Key(rename[name], k.index): Task(t.func, _renamed(t.args, rename), _renamed(t.kwargs, rename))
                 for k, t in layer.materialize().items()}
        layers[rename[name]] = translate_tasks(tasks)
        deps[rename[name]] = {rename[d] for d in graph.dependencies.get(name, ()) if d in rename}
    hlg = HighLevelGraph(layers, deps)
    meta = blocktype.allocate((0,) * x.ndim, x.dtype, x.block_type)  # np.ma blocks stay masked in dask
    return da.Array(hlg, rename[x.name], x.chunks, meta=meta)


def is_dask_array(obj: Any) -> bool:
    """Is *obj* a ``dask.array.Array`` (checked without importing dask)?"""
    return any(c.__module__.startswith("dask.array") and c.__name__ == "Array" for c in type(obj).__mro__)


def from_dask(d: Any) -> Any:
    """A lazy array over the graph of the dask array *d*: same chunks, same keys, nothing computed.

    Each dask task runs inside our schedulers (so lazyarr callbacks and progress bars
    see it). ``la.asarray(d)``, ``la.from_array(d)`` and mixed arithmetic such as
    ``lazy + d`` go through here (the result is a lazyarr array).
    """
    from ..core.array import Array

    graph = graph_from_dask(d.__dask_graph__())
    meta = getattr(d, "_meta", None)  # dask's sample block: says whether blocks are masked
    block_type = np.ma.MaskedArray if isinstance(meta, np.ma.MaskedArray) else np.ndarray
    return Array(graph, d.name, d.chunks, d.dtype, block_type)


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


def _to_dask_method(self: Any, optimize_graph: bool = True) -> Any:
    """This lazy array as a ``dask.array.Array`` (same chunks, same blocks): for dask's own tools.

    ``client.compute(x.to_dask())``, ``client.persist(x.to_dask())``,
    ``dask.compute(x.to_dask(), other)``. See :func:`lazyarr.schedulers.dask.to_dask`.
    Needs dask installed.

    >>> import lazyarr as la
    >>> d = la.ones((4, 4), chunks=2).to_dask()   # doctest: +SKIP
    >>> d.chunks                                  # doctest: +SKIP
    ((2, 2), (2, 2))
    """
    return to_dask(self, optimize_graph=optimize_graph)


def _dask_graph_property(self: Any) -> Any:
    """The task graph as dask sees it (``x.dask`` in dask.array; needs dask): ``x.to_dask().dask``.

    lazyarr's own graph is ``x.graph``.

    >>> import lazyarr as la
    >>> len(la.ones(4, chunks=2).dask)  # doctest: +SKIP
    2
    """
    return to_dask(self).dask


def install(cls: type) -> None:
    """Give *cls* (lazyarr's Array) ``to_dask()``, and let lazyarr take dask arrays as operands.

    The dask collection protocol (``__dask_graph__``...) is deliberately *not* on
    ``Array``: with it, xarray's dask chunk manager claims lazyarr arrays too (and runs
    them on dask's scheduler), and ``dask.array.from_array`` treats them as dask
    collections. ``x.to_dask()`` is the explicit door into dask (docs/ecosystem.md).
    dask stays unimported until used.
    """
    add_method(cls, "to_dask", _to_dask_method)
    # dask.array.asarray(x) looks for this name (as for dask dataframes): same adapter.
    add_method(cls, "to_dask_array", _to_dask_method)
    add_method(cls, "dask", property(_dask_graph_property))
    register_converter(is_dask_array, from_dask)
