"""The default scheduler: a pool of worker threads sharing one ready-queue.

Two modules make it, to be read in this order:

* ``pool.py``: the basic pool. Each worker takes the most urgent ready task, runs it,
  and records the result (freeing the inputs nobody needs any more), taking one lock
  per task; the main thread waits in short slices, so Ctrl-C stops it promptly;
* ``batching.py``: the refinement that makes thousands of tiny tasks cheap. Operations
  seen to take a few microseconds are taken in batches, by one worker at a time.

:func:`get` runs the refined pool with the same signature as ``sync.get``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from ..callbacks import Callback
from ..core.graph import Key, Task
from .base import Deliver
from .batching import BatchingPool

__all__ = ["get", "default_num_workers"]


def default_num_workers() -> int:
    """The number of CPUs this process may run on.

    >>> default_num_workers() >= 1
    True
    """
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def get(tasks: Mapping[Key, Task], outputs: Sequence[Key], *, callbacks: Sequence[Callback] = (),
        deliver: Deliver | None = None, num_workers: int | None = None) -> dict[Key, Any]:
    """Run *tasks* on a thread pool; return the results for *outputs* (or *deliver* them).

    Examples
    --------
    >>> from lazyarr.core.graph import Key, Task
    >>> tasks = {Key("x", (i,)): Task(pow, (i, 2)) for i in range(4)}
    >>> get(tasks, [Key("x", (3,))], num_workers=2)
    {Key('x', (3,)): 9}
    """
    pool = BatchingPool(tasks, outputs, num_workers=num_workers or default_num_workers(),
                        callbacks=callbacks, deliver=deliver)
    return pool.run()
