"""What every scheduler shares: preparing the bookkeeping and running one task.

:func:`prepare` computes, once per compute, the numbers a scheduler needs: how many
dependencies each task still waits for, who depends on whom, how many consumers each
result has (so it can be freed when the last one ran), and a priority per task.

The priority is a depth-first post-order from the outputs: it finishes one branch of
a reduction tree (its leaves, then their combine) before starting the next branch,
so only a few blocks are in memory at a time even when millions would fit the graph.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..callbacks import Callback, ComputeEnd, ComputeStart, TaskEnd
from ..core.graph import Key, Task, gc_paused
from ..errors import add_note

__all__ = ["Plan", "execute_task", "prepare", "order"]


def order(tasks: Mapping[Key, Task], outputs: Sequence[Key]) -> dict[Key, int]:
    """A topological order of the tasks *outputs* need, chosen to keep few results in memory.

    A depth-first walk from the outputs picks the next input to produce. When a block is
    placed and *all* its users then have their inputs, they are placed right after it:
    the block is consumed completely as soon as it is made, so computing ``x.mean()`` and
    ``x.std()`` together (or storing ``x + 1`` and ``x * 2``) holds a block of ``x`` once,
    briefly, instead of keeping every block of ``x`` until the second result starts.

    When *tasks* knows its blocks' sizes (a :class:`~lazyarr.core.graph.TaskMap`), that
    happens only if it does not make memory grow: in ``dot(x, y)`` a block of ``y`` meets
    every block of a column of ``x``, and running those products at once would create
    several blocks, each waiting for the other terms of its sum. Then the users wait for
    the walk, which finishes one output block at a time.
    """
    needed: dict[Key, None] = {}
    stack = list(outputs)
    while stack:
        key = stack.pop()
        if key not in needed:
            needed[key] = None
            stack.extend(tasks[key].dependencies)
    missing = {key: len(tasks[key].dependencies) for key in needed}
    users: dict[Key, list[Key]] = {key: [] for key in needed}
    for key in needed:
        for dep in tasks[key].dependencies:
            users[dep].append(key)
    priority: dict[Key, int] = {}
    unplaced_users = {key: len(users[key]) for key in needed}
    nbytes = getattr(tasks, "nbytes", None)  # block sizes, when the graph told them
    delivered = set(outputs)

    def grows_less(key: Key, runnable: list[Key]) -> bool:
        # Do the users' results take no more memory than the block they consume? (Outputs
        # are handed over at once; a result of unknown size counts as big as the block.)
        own = nbytes(key)
        if own is None:
            return True
        made = 0.0
        for u in runnable:
            if u in delivered and not users[u]:
                continue
            size = nbytes(u)
            made += own if size is None else size
        return made <= own

    def place(first: Key) -> None:
        ready = [first]
        while ready:
            key = ready.pop()
            if key in priority:
                continue
            priority[key] = len(priority)
            for dep in tasks[key].dependencies:
                unplaced_users[dep] -= 1
            runnable = []
            for user in users[key]:
                missing[user] -= 1
                if missing[user] == 0:
                    runnable.append(user)
            if nbytes is None or (len(runnable) == unplaced_users[key] and grows_less(key, runnable)):
                ready.extend(reversed(runnable))  # all their inputs exist: consume them now
            # Otherwise the block stays in memory anyway (some users wait for other inputs), or
            # its users' results would take more memory than it: the walk reaches them later.

    for out in outputs:
        if out in priority:
            continue
        walk = [(out, iter(tasks[out].dependencies))]
        while walk:
            key, deps = walk[-1]
            for dep in deps:
                if dep not in priority:
                    walk.append((dep, iter(tasks[dep].dependencies)))
                    break
            else:
                walk.pop()
                if key not in priority:  # its inputs are placed (or it has none)
                    place(key)
    return priority


class Plan:
    """Bookkeeping for one compute: counts, dependents, priorities.

    * ``priority``: key -> rank in the memory-friendly order (the dict is in that order);
    * ``waiting``: key -> number of dependencies (a scheduler counts them down);
    * ``dependents``: key -> tasks that use its result (keys nobody uses are absent);
    * ``consumers``: key -> number of dependents, for keys that have any.
    """

    __slots__ = ("tasks", "outputs", "priority", "waiting", "dependents", "consumers")

    def __init__(self, tasks: Mapping[Key, Task], outputs: Sequence[Key]):
        self.tasks = tasks
        self.outputs = set(outputs)
        self.priority = order(tasks, outputs)
        waiting: dict[Key, int] = {}
        dependents: dict[Key, list[Key]] = {}
        for key in self.priority:
            deps = tasks[key].dependencies
            waiting[key] = len(deps)
            for dep in deps:
                users = dependents.get(dep)
                if users is None:
                    dependents[dep] = [key]
                else:
                    users.append(key)
        self.waiting = waiting
        self.dependents = dependents
        # A result is freed once all its dependents ran (outputs are handed back instead).
        self.consumers = {k: len(v) for k, v in dependents.items()}


def prepare(tasks: Mapping[Key, Task], outputs: Sequence[Key]) -> Plan:
    with gc_paused():  # only dicts, lists and ints: nothing for the cyclic collector to find
        return Plan(tasks, outputs)


def _operation(key: Key, task: Task) -> str:
    label = key.name.rsplit("-", 1)[0]
    func_name = getattr(task.func, "__name__", None)
    if func_name and func_name not in label:
        return f"{label} ({func_name})"
    return label


def execute_task(key: Key, task: Task, results: Mapping[Key, Any]) -> Any:
    """Run one task; on failure, keep the exception and note which operation and block."""
    try:
        return task.execute(results)
    except Exception as exc:
        add_note(exc, f"lazyarr: raised while computing block {key.index} of operation "
                      f"'{_operation(key, task)}' (task {key!r})")
        raise


def run_with_callbacks(key: Key, task: Task, results: Mapping[Key, Any],
                       callbacks: Sequence[Callback], worker: int = 0) -> Any:
    """:func:`execute_task` with the per-task hooks (only called when callbacks exist)."""
    for cb in callbacks:
        cb.task_start(key)
    start = time.perf_counter()
    value = execute_task(key, task, results)
    event = TaskEnd(start, time.perf_counter(), threading.get_ident(), worker)
    for cb in callbacks:
        cb.task_end(key, event)
    return value


def start_event(tasks: Mapping[Key, Task], scheduler: str, num_workers: int) -> ComputeStart:
    layers: dict[str, list] = {}
    for key, task in tasks.items():
        entry = layers.get(key.name)
        if entry is None:
            layers[key.name] = [_short_label(key.name, task), 1]
        else:
            entry[1] += 1
    return ComputeStart(len(tasks), {k: (v[0], v[1]) for k, v in layers.items()}, scheduler, num_workers)


def _short_label(name: str, task: Task) -> str:
    fused = getattr(task.func, "labels", None)
    if fused:
        return "-".join(dict.fromkeys(fused))
    label = name.rsplit("-", 1)[0]
    for suffix in ("-chunk", "-combine"):
        if suffix in label:
            label = label.split(suffix)[0]
    return label


def notify_start(callbacks: Sequence[Callback], tasks: Mapping[Key, Task], scheduler: str,
                 num_workers: int) -> None:
    if callbacks:
        event = start_event(tasks, scheduler, num_workers)
        for cb in callbacks:
            cb.start(event)


def notify_finish(callbacks: Sequence[Callback], done: int, error: BaseException | None) -> None:
    for cb in callbacks:
        try:
            cb.finish(ComputeEnd(done, error))
        except Exception:  # a broken display must not hide the real result or error
            pass


Deliver = Callable[[Key, Any], None]
