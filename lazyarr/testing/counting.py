"""How many times did a piece of code compute? :class:`CountComputes`.

Laziness is a promise about *when* work happens, so tests (and lessons) count graph runs:
"this call builds a graph and computes nothing", "this library call computes 4 small
things", "this computes each array once".
"""

from __future__ import annotations

import threading
from typing import Any

from ..callbacks import Callback

__all__ = ["CountComputes"]


class CountComputes(Callback):
    """A callback that counts graph runs (``computes``) and the tasks they ran (``tasks``).

    Use it as a ``with`` block around the code to watch; every compute started inside
    (``x.compute()``, ``np.asarray(x)``, ``bool(x)``, ``la.compute(...)``) counts once.

    >>> import lazyarr as la
    >>> x = la.arange(10, chunks=5)
    >>> with CountComputes() as c:
    ...     y = (x + 1).sum()        # builds a graph only
    ...     value = int(y)           # one compute
    >>> c.computes, value
    (1, 55)
    """

    def __init__(self) -> None:
        super().__init__()
        self.computes = 0
        self.tasks = 0
        self._lock = threading.Lock()  # task_end runs on the scheduler's worker threads

    def start(self, event: Any) -> None:
        self.computes += 1

    def task_end(self, key: Any, event: Any) -> None:
        with self._lock:
            self.tasks += 1
