"""The reference scheduler: one task at a time, in the priority order, on this thread.

Read this first. The whole algorithm: walk the tasks in a topological order that
keeps memory small; run each; as soon as every task that needs a result has run,
drop that result. Exceptions propagate with clean tracebacks, which makes
``scheduler="sync"`` the one to debug with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..callbacks import Callback
from ..core.graph import Key, Task
from .base import Deliver, execute_task, notify_finish, notify_start, prepare, run_with_callbacks

__all__ = ["get"]


def get(tasks: Mapping[Key, Task], outputs: Sequence[Key], *, callbacks: Sequence[Callback] = (),
        deliver: Deliver | None = None, num_workers: int | None = None) -> dict[Key, Any]:
    """Run *tasks* and return the results for *outputs* (or hand each to *deliver*)."""
    plan = prepare(tasks, outputs)
    run_order = list(plan.priority)  # built in priority order, so already sorted
    results: dict[Key, Any] = {}
    returned: dict[Key, Any] = {}
    remaining = dict(plan.consumers)
    notify_start(callbacks, tasks, "sync", 1)
    done = 0
    try:
        for key in run_order:
            task = tasks[key]
            if callbacks:
                value = run_with_callbacks(key, task, results, callbacks)
            else:
                value = execute_task(key, task, results)
            done += 1
            if key in remaining:  # someone still needs it
                results[key] = value
            if key in plan.outputs:
                if deliver is not None:
                    deliver(key, value)
                else:
                    returned[key] = value
            for dep in task.dependencies:
                remaining[dep] -= 1
                if remaining[dep] == 0:
                    del results[dep]  # nobody needs this block any more
    except BaseException as exc:
        notify_finish(callbacks, done, exc)
        raise
    notify_finish(callbacks, done, None)
    return returned
