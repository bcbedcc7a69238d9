"""What every scheduler shares: preparing the bookkeeping and running one task.

:func:`prepare` computes, once per compute, the numbers a scheduler needs: how many
dependencies each task still waits for, who depends on whom, how many consumers each
result has (so it can be freed when the last one ran), and a priority per task.

The priority is the memory-friendly order of :func:`lazyarr.core.order.order`: a
depth-first walk from the outputs that finishes one branch of a reduction tree (its
leaves, then their combine) before starting the next, so only a few blocks are in
memory at a time even when millions would fit the graph.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..callbacks import Callback, ComputeEnd, ComputeStart, TaskEnd
from ..core.graph import Key, Task, gc_paused
from ..core.order import order
from ..errors import add_note

__all__ = ["Plan", "execute_task", "prepare"]


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
