"""compute(*arrays): merge graphs, optimize, run a scheduler, stitch blocks together.

Several arrays computed together share one graph, so common work runs once. Blocks
are copied into a preallocated result as they arrive (and then freed), so computing
an array needs about one copy of it in memory, not two.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from .. import config
from ..callbacks import active_callbacks
from .array import Array, is_array
from .chunks import chunk_boundaries
from .graph import Graph, Key, MaterializedLayer, Task, gc_paused, literal
from .malloc import fix_mmap_threshold
from .optimize import optimize

__all__ = ["compute", "persist", "compute_blocks"]


def _resolve_scheduler(scheduler: Any) -> Any:
    if scheduler is None:
        scheduler = config.get("scheduler")
        # Only when the user chose no scheduler (an explicit "threads" opts out).
        if not config.is_set("scheduler") and config.get("distributed_default"):
            from ..schedulers.dask import default_client

            client = default_client()  # a running distributed Client, as dask users expect
            if client is not None:
                return client
    if isinstance(scheduler, str) and scheduler in ("distributed", "dask.distributed"):
        from ..schedulers.dask import default_client

        client = default_client()
        if client is None:
            raise ValueError(
                f"compute: scheduler={scheduler!r} needs a running distributed Client, and none is active; "
                f"start one (client = distributed.Client()) or pass it: scheduler=client"
            )
        return client
    return scheduler


def compute_blocks(arrays: list[Array], *, scheduler: Any = None, num_workers: int | None = None,
                   optimize_graph: bool = True, callbacks: Any = (), deliver: Any = None) -> dict[Key, Any]:
    """Run the graphs of *arrays*; return their blocks by key (unless *deliver* takes them)."""
    graph = Graph.merge(*(a.graph for a in arrays))
    with gc_paused():
        keys = list(dict.fromkeys(itertools.chain.from_iterable(a.keys() for a in arrays)))
    scheduler = _resolve_scheduler(scheduler)
    if not isinstance(scheduler, str):
        from ..schedulers.dask import compute_blocks_on

        return compute_blocks_on(scheduler, graph, keys, optimize_graph=optimize_graph,
                                 callbacks=active_callbacks(callbacks), deliver=deliver)
    from ..schedulers import get_scheduler

    get = get_scheduler(scheduler)
    fix_mmap_threshold(config.get("malloc_mmap_threshold"))  # keep freed blocks from piling up
    with gc_paused():  # hundreds of thousands of acyclic objects: nothing for the collector to find
        graph = optimize(graph, keys) if optimize_graph else graph.cull(keys)
        tasks = graph.tasks()
    return get(tasks, keys, callbacks=active_callbacks(callbacks), deliver=deliver,
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
                self.outputs[i] = np.empty(a.shape, dtype=a.dtype)
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
            value = np.asarray(value)
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
                    value = blocks[(0,) * a.ndim]
                else:
                    value = _concatenate_nested(blocks, a.numblocks)
            else:
                value = self.outputs[i]
            if a.ndim == 0:
                value = np.asarray(value).reshape(())[()]
            elif not isinstance(value, np.ndarray):
                value = np.asarray(value)
            results.append(value)
        return results


def _concatenate_nested(blocks: dict, numblocks: tuple[int, ...]) -> np.ndarray:
    def build(prefix: tuple[int, ...], axis: int) -> np.ndarray:
        if axis == len(numblocks):
            return np.asarray(blocks[prefix])
        parts = [build(prefix + (i,), axis + 1) for i in range(numblocks[axis])]
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=axis)

    return build((), 0)


def compute(*args: Any, scheduler: Any = None, num_workers: int | None = None,
            optimize_graph: bool = True, callbacks: Any = (), traverse: bool = True) -> tuple:
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
    arrays = [a for a in args if is_array(a)]
    if not arrays:
        return tuple(args)
    assembler = _Assembler(arrays)
    compute_blocks(arrays, scheduler=scheduler, num_workers=num_workers,
                   optimize_graph=optimize_graph, callbacks=callbacks, deliver=assembler)
    results = iter(assembler.finish())
    return tuple(next(results) if is_array(a) else a for a in args)


def persist(*args: Any, **kwargs: Any) -> tuple:
    """Compute every block now; return lazy arrays whose graphs just hold those blocks.

    On a distributed scheduler the blocks stay in the cluster's memory instead.

    >>> import lazyarr as la
    >>> x, y = la.persist(la.arange(4, chunks=2) + 1, la.ones(2))
    >>> x.compute()
    array([1, 2, 3, 4])
    """
    arrays = [a for a in args if is_array(a)]
    scheduler = _resolve_scheduler(kwargs.pop("scheduler", None))
    if not isinstance(scheduler, str):
        from ..schedulers.dask import persist_on

        persisted = iter(persist_on(scheduler, arrays, **kwargs))
        return tuple(next(persisted) if is_array(a) else a for a in args)
    blocks: dict[Key, Any] = {}

    def keep(key: Key, value: Any) -> None:
        blocks[key] = value

    compute_blocks(arrays, scheduler=scheduler, deliver=keep, **kwargs)
    out = []
    for a in args:
        if not is_array(a):
            out.append(a)
            continue
        tasks = {k: Task(literal, (blocks[k],)) for k in a.keys()}
        layer = MaterializedLayer(a.name, tasks, label="persisted", info={"chunks": a.chunks, "dtype": a.dtype})
        out.append(Array(Graph({a.name: layer}, {a.name: frozenset()}), a.name, a.chunks, a.dtype))
    return tuple(out)
