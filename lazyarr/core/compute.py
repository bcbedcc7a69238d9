"""compute(*arrays): merge graphs, optimize, run a scheduler, stitch blocks together.

Several arrays computed together share one graph, so common work runs once. Blocks
are copied into a preallocated result as they arrive (and then freed), so computing
an array needs about one copy of it in memory, not two.

The path of ``x.compute()``:

1. **resolve** the ``scheduler=`` argument into a :class:`Scheduler` (below);
2. **optimize** the merged graph (``core/optimize.py``: cull, fuse) into the flat
   ``Key -> Task`` mapping that schedulers run;
3. **get**: the scheduler runs the tasks;
4. **deliver**: each output block is handed to :class:`_Assembler` as soon as it is
   made, which copies it into its place in the result.

Which scheduler runs the tasks is not decided here. The core imports nothing above it,
so the scheduler layer plugs itself in: when ``lazyarr/schedulers`` is imported (and
``import lazyarr`` imports it) it calls :func:`set_scheduler_resolver` with its
``resolve`` function, which turns every form of ``scheduler=`` (a name, a distributed
Client, a dask ``get``, None for the configured default) into an object with the two
methods of :class:`Scheduler`. This module calls it once per compute and knows nothing
about threads, clusters or dask.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from .. import config
from ..callbacks import active_callbacks
from . import blocktype
from .array import Array, is_array
from .chunks import chunk_boundaries
from .graph import Graph, Key, MaterializedLayer, Task, gc_paused
from .optimize import optimize

__all__ = ["compute", "persist", "compute_blocks", "Scheduler", "set_scheduler_resolver", "resolve_scheduler"]


class Scheduler(Protocol):
    """What a compute needs from a scheduler (``lazyarr/schedulers`` provides them)."""

    name: str

    def get(self, tasks: Mapping[Key, Task], keys: Sequence[Key], *, callbacks: Sequence[Any],
            deliver: Callable[[Key, Any], None] | None, num_workers: int | None) -> dict[Key, Any]:
        """Run *tasks*; hand each block of *keys* to *deliver* (or return them by key)."""

    def persist(self, tasks: Mapping[Key, Task], keys: Sequence[Key], *, callbacks: Sequence[Any],
                num_workers: int | None) -> dict[Key, Task]:
        """Run *tasks*; return, per key of *keys*, a data task that holds its block."""


_resolver: Callable[[Any, str], Scheduler] | None = None


def set_scheduler_resolver(resolver: Callable[[Any, str], Scheduler]) -> None:
    """Plug in how a ``scheduler=`` argument becomes a :class:`Scheduler`.

    ``resolver(scheduler, caller)`` gets the argument as given (None when the user
    chose nothing) and the user-facing function's name for its error messages.
    ``lazyarr/schedulers/__init__.py`` calls this when it is imported.
    """
    global _resolver
    _resolver = resolver


def resolve_scheduler(scheduler: Any = None, caller: str = "compute") -> Scheduler:
    """The :class:`Scheduler` that *scheduler* names (see ``lazyarr.schedulers.resolve``)."""
    if _resolver is None:
        raise RuntimeError(f"{caller}: no scheduler is plugged in; import lazyarr (it imports lazyarr.schedulers)")
    return _resolver(scheduler, caller)


def _tasks_to_run(arrays: list[Array], optimize_graph: bool) -> tuple[Mapping[Key, Task], list[Key]]:
    """The flat task mapping a scheduler runs for *arrays*, and their block keys."""
    graph = Graph.merge(*(a.graph for a in arrays))
    with gc_paused():  # hundreds of thousands of acyclic objects: nothing for the collector to find
        keys = list(dict.fromkeys(itertools.chain.from_iterable(a.keys() for a in arrays)))
        graph = optimize(graph, keys) if optimize_graph else graph.cull(keys)
        return graph.tasks(), keys


def compute_blocks(arrays: list[Array], *, scheduler: Any = None, num_workers: int | None = None,
                   optimize_graph: bool = True, callbacks: Any = (), deliver: Any = None) -> dict[Key, Any]:
    """Run the graphs of *arrays*; return their blocks by key (unless *deliver* takes them)."""
    runner = resolve_scheduler(scheduler, "compute")
    tasks, keys = _tasks_to_run(arrays, optimize_graph)
    return runner.get(tasks, keys, callbacks=active_callbacks(callbacks), deliver=deliver,
                      num_workers=num_workers or config.get("num_workers"))


class _Assembler:
    """Copies finished blocks into preallocated outputs (thread-safe: regions are disjoint)."""

    def __init__(self, arrays: list[Array]):
        self.targets: dict[str, list[int]] = {}
        self.outputs: list[Any] = [None] * len(arrays)
        self.pending: dict[int, dict] = {}
        self.bounds = []
        for i, a in enumerate(arrays):
            self.targets.setdefault(a.name, []).append(i)
            known = not any(math.isnan(s) for s in a.shape)
            if a.npartitions == 1 or not known:
                self.pending[i] = {}
            else:
                self.outputs[i] = blocktype.allocate(a.shape, a.dtype, a.block_type)
            # Plain int lists: indexing them is much cheaper than indexing NumPy arrays.
            self.bounds.append([[int(v) for v in chunk_boundaries(c)] if known else [] for c in a.chunks])
        self.arrays = arrays

    def __call__(self, key: Key, value: Any) -> None:
        for i in self.targets.get(key.name, ()):
            if i in self.pending:
                self.pending[i][key.index] = value
                continue
            b = self.bounds[i]
            region = tuple([slice(b[a][j], b[a][j + 1]) for a, j in enumerate(key.index)])
            out = self.outputs[i]
            value = np.asanyarray(value)
            if isinstance(value, np.ma.MaskedArray):
                if not isinstance(out, np.ma.MaskedArray):
                    # A masked block where the build said plain blocks (a function given dtype= that
                    # masks): make the result masked rather than drop the mask. A view: no copy.
                    out = self.outputs[i] = blocktype.allocate_mask(out)
                if not any(key.index):  # the result takes the first block's fill value
                    out.fill_value = value.fill_value
            expected = tuple([b[a][j + 1] - b[a][j] for a, j in enumerate(key.index)])
            if value.shape != expected:
                raise ValueError(
                    f"compute: block {key.index} of {key.name!r} has shape {value.shape}, but the "
                    f"array's chunks say {expected}; check the chunks= given to map_blocks/blockwise"
                )
            out[region] = value

    def finish(self) -> list[Any]:
        results = []
        for i, a in enumerate(self.arrays):
            if i in self.pending:
                blocks = self.pending[i]
                if a.npartitions == 1:
                    # The block may be the graph's own data (a view into from_array's source,
                    # a persisted block): the user's result must be theirs to write into.
                    value = np.array(blocks[(0,) * a.ndim], copy=True, subok=True)  # subok: masks stay
                else:
                    value = _concatenate_nested(blocks, a.numblocks)
                    first = blocks[(0,) * a.ndim]
                    if isinstance(value, np.ma.MaskedArray) and isinstance(first, np.ma.MaskedArray):
                        value.fill_value = first.fill_value  # np.ma.concatenate resets it
            else:
                value = self.outputs[i]
            if a.ndim == 0:
                value = blocktype.as_scalar_result(value)  # a NumPy scalar (numpy.ma: see there)
            else:
                value = blocktype.as_result(value, a.block_type)
            results.append(value)
        return results


def _concatenate_nested(blocks: dict, numblocks: tuple[int, ...]) -> np.ndarray:
    def build(prefix: tuple[int, ...], axis: int) -> np.ndarray:
        if axis == len(numblocks):
            return np.asanyarray(blocks[prefix])
        parts = [build(prefix + (i,), axis + 1) for i in range(numblocks[axis])]
        # a new array even for one part (never the graph's data); blocktype.concatenate keeps masks
        return parts[0].copy() if len(parts) == 1 else blocktype.concatenate(parts, axis=axis)

    return build((), 0)


def compute(*args: Any, scheduler: Any = None, num_workers: int | None = None,
            optimize_graph: bool = True, callbacks: Any = (), traverse: bool = True, get: Any = None) -> tuple:
    """Compute several lazy arrays at once, sharing their common work.

    Parameters
    ----------
    *args : Array or any object
        Lazy arrays are computed; other objects are returned unchanged.
    scheduler : {"threads", "sync", "distributed"}, a distributed Client or a dask ``get``, optional
        Default from ``lazyarr.config`` (``"threads"``); when no scheduler was chosen and a
        distributed Client is running, that Client (opt out: ``config.set(scheduler="threads")``
        or ``config.set(distributed_default=False)``). ``"distributed"`` means the running Client.
    num_workers : int, optional
        Threads for the threaded scheduler (default: number of CPUs).
    optimize_graph : bool
        Cull and fuse before running (default True).
    callbacks : Callback or sequence of Callback
        Extra callbacks for this call only.
    get : callable, optional
        dask's old spelling of ``scheduler=`` with a ``get`` function; used as the scheduler.

    Returns
    -------
    tuple
        One result per argument: NumPy arrays (NumPy scalars for 0-d arrays).

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(10, chunks=5)
    >>> la.compute(x.sum(), x.max())
    (np.int64(45), np.int64(9))
    """
    if get is not None:
        if scheduler is not None:
            raise TypeError("compute: give scheduler= or get=, not both (get= is dask's old name for it)")
        scheduler = get
    arrays = [a for a in args if is_array(a)]
    if not arrays:
        return tuple(args)
    assembler = _Assembler(arrays)
    compute_blocks(arrays, scheduler=scheduler, num_workers=num_workers,
                   optimize_graph=optimize_graph, callbacks=callbacks, deliver=assembler)
    results = iter(assembler.finish())
    return tuple(next(results) if is_array(a) else a for a in args)


def persist(*args: Any, scheduler: Any = None, num_workers: int | None = None,
            optimize_graph: bool = True, callbacks: Any = ()) -> tuple:
    """Compute every block now; return lazy arrays whose graphs just hold those blocks.

    Takes the keywords of :func:`compute`. On a distributed scheduler the blocks stay in
    the cluster's memory instead, and this returns at once while they are computed.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = (la.arange(6, chunks=3) * 2).persist()
    >>> x.graph.layers[x.name].label
    'persisted'
    >>> x.sum().compute()
    np.int64(30)
    """
    arrays = [a for a in args if is_array(a)]
    if not arrays:
        return tuple(args)
    runner = resolve_scheduler(scheduler, "persist")
    tasks, keys = _tasks_to_run(arrays, optimize_graph)
    held = runner.persist(tasks, keys, callbacks=active_callbacks(callbacks),
                          num_workers=num_workers or config.get("num_workers"))
    out = []
    for a in args:
        if not is_array(a):
            out.append(a)
            continue
        layer = MaterializedLayer(a.name, {k: held[k] for k in a.keys()}, label="persisted",
                                  info={"chunks": a.chunks, "dtype": a.dtype})
        out.append(Array(Graph({a.name: layer}, {a.name: frozenset()}), a.name, a.chunks, a.dtype,
                         a.block_type))
    return tuple(out)
