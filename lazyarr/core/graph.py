"""Task graphs as plain, immutable data.

This is the first stage of the pipeline (build → optimize → schedule → show): every
lazy operation adds one :class:`Layer` of :class:`Task` objects to a :class:`Graph`.

* A :class:`Key` names one block of one array: ``Key("add-3f2a", (0, 1))``. It is
  the *only* way for a task to refer to another task's output, so there is never
  any doubt whether a tuple in an argument list is data or a reference.
* A :class:`Task` is a function plus arguments; any :class:`Key` inside the
  arguments (also inside lists, tuples and dicts) is a dependency.
* A :class:`Layer` holds the tasks of one operation. Layers may describe their
  tasks compactly and build them only when asked (see ``core/blockwise.py``), which
  keeps building a 100,000-block graph cheap.
* A :class:`Graph` maps layer names to layers and knows which layer depends on
  which. It offers the flat ``Key -> Task`` mapping that schedulers run, task
  dependencies, a topological order and culling.

This module deliberately imports nothing from NumPy: a graph is just functions and
keys.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

__all__ = [
    "ALL",
    "Graph",
    "Key",
    "TaskMap",
    "Layer",
    "MaterializedLayer",
    "Task",
    "gc_paused",
    "literal",
    "make_keys",
    "toposort",
]


class Key(NamedTuple):
    """The name of one block of one array: ``(array name, block index)``.

    Examples
    --------
    >>> k = Key("ones-1a2b", (0, 1))
    >>> k.name, k.index
    ('ones-1a2b', (0, 1))
    """

    name: str
    index: tuple[int, ...]

    def __repr__(self) -> str:
        return f"Key({self.name!r}, {self.index!r})"


def make_keys(name: str, indices: Iterable[tuple[int, ...]]) -> list[Key]:
    """``[Key(name, idx) for idx in indices]``, about twice as fast.

    ``Key(...)`` runs NamedTuple's ``__new__``, a Python function; big layers make
    100,000 keys at once, so they call the C-level ``tuple.__new__`` directly.

    >>> make_keys("a", [(0,), (1,)])
    [Key('a', (0,)), Key('a', (1,))]
    """
    new = tuple.__new__
    return [new(Key, (name, idx)) for idx in indices]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building a big graph.

    Materializing 100,000 tasks creates several hundred thousand small objects that
    all stay alive; the collector would walk them again and again (about 40% of the
    time), only to find no cycles: keys, tasks and their argument tuples never form
    any. Freeing by reference counting is unaffected.

    >>> with gc_paused():
    ...     tasks = {Key("a", (i,)): Task(abs, (i,)) for i in range(3)}
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def literal(value: Any) -> Any:
    """Return *value* unchanged: the function of a task that just holds data."""
    return value


def _collect_keys(obj: Any, found: list[Key]) -> bool:
    """Append every Key inside *obj* to *found*; return True if a Key was nested."""
    t = type(obj)
    if t is Key:
        found.append(obj)
        return False
    if t is list or t is tuple:
        nested = False
        for item in obj:
            if type(item) is Key:
                found.append(item)
                nested = True
            elif type(item) in (list, tuple, dict):
                _collect_keys(item, found)
                nested = True
        return nested
    if t is dict:
        for item in obj.values():
            _collect_keys(item, found)
        return True
    return False


def _substitute(obj: Any, results: Mapping[Key, Any]) -> Any:
    """Replace every Key inside *obj* by its computed value."""
    t = type(obj)
    if t is Key:
        return results[obj]
    if t is list:
        return [_substitute(item, results) for item in obj]
    if t is tuple:
        return tuple(_substitute(item, results) for item in obj)
    if t is dict:
        return {k: _substitute(v, results) for k, v in obj.items()}
    return obj


class Task:
    """A function applied to arguments, some of which may be :class:`Key` references.

    Parameters
    ----------
    func : callable
        What to run.
    args : tuple
        Positional arguments; Keys (also nested in lists/tuples/dicts) are replaced
        by the results of those tasks before *func* is called.
    kwargs : dict, optional
        Keyword arguments, searched for Keys the same way.

    Examples
    --------
    >>> t = Task(max, (Key("a", (0,)), 3))
    >>> t.dependencies
    (Key('a', (0,)),)
    >>> t.execute({Key("a", (0,)): 5})
    5
    """

    __slots__ = ("func", "args", "kwargs", "dependencies", "_plain")

    def __init__(self, func: Callable[..., Any], args: tuple = (), kwargs: dict | None = None):
        self.func = func
        self.args = tuple(args)
        self.kwargs = kwargs or {}
        found: list[Key] = []
        nested = False
        for a in self.args:
            if type(a) is Key:
                found.append(a)
            elif type(a) in (list, tuple, dict):
                _collect_keys(a, found)
                nested = True
        if self.kwargs:
            _collect_keys(self.kwargs, found)
            nested = nested or bool(found)
        # dict.fromkeys keeps the first occurrence order and drops repeats.
        self.dependencies: tuple[Key, ...] = tuple(dict.fromkeys(found))
        # "plain" tasks only have Keys at the top level of args: the common case,
        # executed with a cheap list comprehension instead of a recursive walk.
        self._plain = not nested

    @classmethod
    def from_parts(cls, func: Callable[..., Any], args: tuple, kwargs: dict,
                   dependencies: tuple[Key, ...]) -> Task:
        """A task whose Keys all sit at the top level of *args* and are given as *dependencies*.

        Building a task normally scans its arguments for Keys. A layer that builds
        thousands of tasks of one shape (``BlockwiseLayer``) already knows where its Keys
        are, so it uses this constructor and skips the scan.

        >>> t = Task.from_parts(max, (Key("a", (0,)), 3), {}, (Key("a", (0,)),))
        >>> t.execute({Key("a", (0,)): 5})
        5
        """
        task = cls.__new__(cls)
        task.func = func
        task.args = args
        task.kwargs = kwargs
        task.dependencies = dependencies
        task._plain = True
        return task

    @property
    def is_data(self) -> bool:
        """True if this task only holds a value (drawn as a data node)."""
        return self.func is literal

    def execute(self, results: Mapping[Key, Any]) -> Any:
        """Run the task, reading dependencies from *results*."""
        if not self.dependencies:
            return self.func(*self.args, **self.kwargs)
        if self._plain:
            args = [results[a] if type(a) is Key else a for a in self.args]
            return self.func(*args, **self.kwargs)
        return self.func(*_substitute(self.args, results), **_substitute(self.kwargs, results))

    def __repr__(self) -> str:
        name = getattr(self.func, "__name__", type(self.func).__name__)
        return f"Task({name}, {len(self.args)} args, {len(self.dependencies)} deps)"


class _AllKeys:
    """Sentinel meaning "every key of a layer" (lets culling skip enumerating)."""

    def __repr__(self) -> str:
        return "ALL"


ALL: Any = _AllKeys()


class Layer(Mapping):
    """The tasks of one operation, as a read-only mapping ``Key -> Task``.

    Subclasses describe their tasks compactly and build them on demand; they must
    implement ``__getitem__``, ``__iter__`` and ``__len__``. ``label`` is the
    operation's human name (``"add"``, ``"sum"``) used by pictures and progress bars;
    ``info`` carries optional display facts (``chunks``, ``dtype``).
    """

    name: str
    label: str
    info: Mapping[str, Any]

    def cull(self, keys: set[Key]) -> Layer:
        """Return a layer holding only the tasks for *keys*."""
        return MaterializedLayer(self.name, {k: self[k] for k in keys}, self.label, self.info)

    def input_keys(self, keys: Any = ALL) -> dict[str, Any]:
        """Which keys of other layers the tasks for *keys* (or ALL) need, by layer name.

        A value of ``ALL`` means every key of that layer; subclasses override this to
        answer without building tasks.
        """
        needed: dict[str, set[Key]] = {}
        tasks = (self[k] for k in (self if keys is ALL else keys))
        for task in tasks:
            for dep in task.dependencies:
                needed.setdefault(dep.name, set()).add(dep)
        return needed

    def materialize(self) -> dict[Key, Task]:
        """All tasks as a plain dict."""
        return {k: self[k] for k in self}

    def __hash__(self) -> int:  # layers are compared by identity
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} ({self.label}): {len(self)} tasks>"


class MaterializedLayer(Layer):
    """A layer whose tasks are stored explicitly in a dict."""

    def __init__(
        self,
        name: str,
        tasks: Mapping[Key, Task],
        label: str | None = None,
        info: Mapping[str, Any] | None = None,
    ):
        self.name = name
        self._tasks = dict(tasks)
        self.label = label or name.rsplit("-", 1)[0]
        self.info = dict(info or {})

    def __getitem__(self, key: Key) -> Task:
        return self._tasks[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._tasks)

    def __len__(self) -> int:
        return len(self._tasks)

    def __contains__(self, key: object) -> bool:
        return key in self._tasks

    def materialize(self) -> dict[Key, Task]:
        return dict(self._tasks)


def toposort(dependencies: Mapping[Any, Iterable[Any]]) -> list[Any]:
    """Order nodes so that every node comes after the nodes it depends on.

    Dependencies that are not themselves nodes of the mapping are ignored.

    >>> toposort({"c": ["a", "b"], "b": ["a"], "a": []})
    ['a', 'b', 'c']
    """
    remaining = {node: 0 for node in dependencies}
    dependents: dict[Any, list[Any]] = {node: [] for node in dependencies}
    for node, deps in dependencies.items():
        for dep in deps:
            if dep in remaining:
                remaining[node] += 1
                dependents[dep].append(node)
    ready = [node for node, n in remaining.items() if n == 0]
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for dependent in dependents[node]:
            remaining[dependent] -= 1
            if remaining[dependent] == 0:
                ready.append(dependent)
    if len(order) != len(remaining):
        cycle = [n for n, count in remaining.items() if count > 0]
        raise ValueError(f"toposort: the graph has a cycle through {cycle[:5]!r}")
    return order


class TaskMap(dict):
    """``Key -> Task``, plus what the layers said about the size of their blocks.

    Schedulers use :meth:`nbytes` to order tasks so that memory stays low.
    """

    def __init__(self) -> None:
        super().__init__()
        self.block_layout: dict[str, tuple[tuple, int]] = {}  # layer -> (chunks, itemsize)

    def nbytes(self, key: Key) -> float | None:
        """Bytes of the block *key* makes, or None when unknown.

        >>> t = TaskMap(); t.block_layout["x"] = (((2, 3), (4,)), 8)
        >>> t.nbytes(Key("x", (1, 0)))
        96
        """
        layout = self.block_layout.get(key.name)
        if layout is None:
            return None
        chunks, itemsize = layout
        try:
            size = itemsize
            for c, i in zip(chunks, key.index):
                size *= c[i]
        except (IndexError, TypeError):
            return None
        return None if size != size else size  # nan: a block of unknown length


class Graph(Mapping):
    """Layers by name plus which layer depends on which; a mapping ``Key -> Task``.

    Graphs are immutable: operations build new graphs with :meth:`with_layer` or
    :meth:`merge` and share the layers of their inputs.

    Examples
    --------
    >>> a = MaterializedLayer("a", {Key("a", (0,)): Task(literal, (1,))})
    >>> b = MaterializedLayer("b", {Key("b", (0,)): Task(abs, (Key("a", (0,)),))})
    >>> g = Graph({"a": a}, {"a": frozenset()}).with_layer(b, ["a"])
    >>> len(g), g.layer_order()
    (2, ['a', 'b'])
    """

    __slots__ = ("layers", "dependencies")

    def __init__(self, layers: Mapping[str, Layer], dependencies: Mapping[str, frozenset[str]]):
        self.layers: dict[str, Layer] = dict(layers)
        self.dependencies: dict[str, frozenset[str]] = dict(dependencies)

    # -- construction -------------------------------------------------------------
    @classmethod
    def from_layer(cls, layer: Layer, inputs: Iterable[Graph] = ()) -> Graph:
        """A graph with *layer* on top of the graphs of its inputs."""
        base = cls.merge(*inputs)
        deps = frozenset(name for name in layer.input_keys(ALL)
                         if name in base.layers and name != layer.name)
        return base.with_layer(layer, deps)

    def with_layer(self, layer: Layer, depends_on: Iterable[str]) -> Graph:
        layers = dict(self.layers)
        deps = dict(self.dependencies)
        layers[layer.name] = layer
        deps[layer.name] = frozenset(depends_on)
        return Graph(layers, deps)

    @classmethod
    def merge(cls, *graphs: Graph) -> Graph:
        """Union of graphs; layers with the same name are the same operation."""
        graphs = tuple(g for g in graphs if g is not None)
        if len(graphs) == 1:
            return graphs[0]
        layers: dict[str, Layer] = {}
        deps: dict[str, frozenset[str]] = {}
        for g in graphs:
            for name, layer in g.layers.items():
                have = layers.get(name)
                if have is not None and have is not layer:
                    # The same operation culled differently (e.g. x and x[0] both used):
                    # keep every task either side needs.
                    layer = _union_layers(have, layer)
                layers[name] = layer
                deps[name] = deps.get(name, frozenset()) | g.dependencies.get(name, frozenset())
        return cls(layers, deps)

    # The flat task view: a Graph is also a mapping Key -> Task over all its layers.
    def __getitem__(self, key: Key) -> Task:
        """The task that makes *key*."""
        return self.layers[key.name][key]

    def __iter__(self) -> Iterator[Key]:
        for layer in self.layers.values():
            yield from layer

    def __len__(self) -> int:
        return sum(len(layer) for layer in self.layers.values())

    def __contains__(self, key: object) -> bool:
        if type(key) is not Key:
            return False
        layer = self.layers.get(key.name)  # type: ignore[union-attr]
        return layer is not None and key in layer

    def tasks(self) -> TaskMap:
        """The flat mapping of every task: what a scheduler runs."""
        out = TaskMap()
        with gc_paused():
            for layer in self.layers.values():
                out.update(layer.materialize())
                info = getattr(layer, "info", None) or {}
                if "chunks" in info and "dtype" in info:
                    out.block_layout[layer.name] = (info["chunks"], info["dtype"].itemsize)
        return out

    def task_dependencies(self) -> dict[Key, tuple[Key, ...]]:
        return {key: task.dependencies for key, task in self.tasks().items()}

    def layer_order(self) -> list[str]:
        """Layer names in topological order (inputs first)."""
        return toposort(self.dependencies)

    def dependents(self) -> dict[str, set[str]]:
        """For each layer, the layers that use it."""
        out: dict[str, set[str]] = {name: set() for name in self.layers}
        for name, deps in self.dependencies.items():
            for dep in deps:
                if dep in out:
                    out[dep].add(name)
        return out

    # -- culling ------------------------------------------------------------------
    def cull(self, keys: Iterable[Key]) -> Graph:
        """Keep only the tasks needed to compute *keys*.

        Works layer by layer from the outputs down; a layer whose every key is needed
        is kept as it is (no tasks are built), otherwise it is cut to the needed keys.
        """
        needed: dict[str, Any] = {}
        for key in keys:
            bucket = needed.setdefault(key.name, set())
            if bucket is not ALL:
                bucket.add(key)
        layers: dict[str, Layer] = {}
        for name in reversed(self.layer_order()):
            want = needed.get(name)
            if not want:
                continue
            layer = self.layers[name]
            if want is not ALL and len(want) == len(layer):
                want = ALL
            kept = layer if want is ALL else layer.cull(want)
            inputs = kept.input_keys(ALL)
            # Tasks may chain within their own layer (a cumulative sum's carries):
            # grow the kept set until it holds its own dependencies.
            while want is not ALL and inputs.get(name, ALL) is not ALL and not inputs[name] <= want:
                want = want | inputs[name]
                kept = layer.cull(want)
                inputs = kept.input_keys(ALL)
            inputs.pop(name, None)
            layers[name] = kept
            for dep_name, dep_keys in inputs.items():
                have = needed.get(dep_name)
                if dep_keys is ALL or have is ALL:
                    needed[dep_name] = ALL
                elif have is None:
                    needed[dep_name] = set(dep_keys)
                else:
                    have.update(dep_keys)
        deps = {name: frozenset(d for d in self.dependencies[name] if d in layers) for name in layers}
        return Graph(layers, deps)

    def __repr__(self) -> str:
        return f"<Graph: {len(self.layers)} layers, {len(self)} tasks>"


def _union_layers(a: Layer, b: Layer) -> Layer:
    """One layer holding the tasks of two (possibly differently culled) versions of a layer."""
    if a is b:
        return a
    if getattr(a, "indices", 0) is None:  # an unculled blockwise layer already has every key
        return a
    if getattr(b, "indices", 0) is None:
        return b
    if len(a) >= len(b) and all(k in a for k in b):
        return a
    if all(k in b for k in a):
        return b
    if hasattr(a, "indices"):
        return a.cull(set(a) | set(b))  # blockwise layers re-cull from their description
    return MaterializedLayer(a.name, {**a.materialize(), **b.materialize()}, a.label, a.info)
