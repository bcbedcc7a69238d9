"""The order tasks run in: a topological order that keeps few results in memory.

This is graph logic, shared by every consumer of a task graph: the local schedulers
run tasks in this order (``schedulers/base.py`` ranks the ready tasks by it), and the
displays replay it (``display/explain.py`` estimates peak memory, ``display/graph.py``
numbers the tasks). It needs only the flat ``Key -> Task`` mapping of ``core/graph.py``.

Examples
--------
>>> from lazyarr.core.graph import Key, Task
>>> tasks = {Key("x", (0,)): Task(int, (1,)), Key("x", (1,)): Task(int, (2,)),
...          Key("s", ()): Task(max, (Key("x", (0,)), Key("x", (1,))))}
>>> order(tasks, [Key("s", ())])
{Key('x', (0,)): 0, Key('x', (1,)): 1, Key('s', ()): 2}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .graph import Key, Task

__all__ = ["order"]


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
