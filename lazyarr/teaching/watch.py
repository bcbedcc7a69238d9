"""What happened in the answer's own cell: how many computes, on which scheduler, its source.

An exercise cell is *setup lines, the answer line, then ``check(...)``*. Questions such as
"two results with a single compute" judge what that cell did, not what earlier cells did,
so a notebook kernel resets the count at the start of every cell: importing
``lazyarr.teaching`` in IPython registers a ``pre_run_cell`` hook that calls
:meth:`CellWatch.new_cell` with the cell's source. Outside IPython (scripts, tests) there
are no cells: the count then runs from the previous ``check()`` (which calls
:meth:`CellWatch.after_check`).

Computes that a check runs itself are not counted (see :func:`paused`).

>>> import lazyarr as la
>>> w = CellWatch()
>>> with w:
...     w.new_cell("answer = ...")
...     _ = la.ones(4, chunks=2).sum().compute(scheduler="sync")
>>> w.computes(), w.schedulers()
(1, ('sync',))
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ..callbacks import Callback, ComputeStart

__all__ = ["CellWatch", "ComputeCounter", "counter", "paused", "install_cell_hook"]


class CellWatch(Callback):
    """Counts the learner's computes (and their schedulers) since the cell started.

    Attributes
    ----------
    source : str or None
        The source of the running cell, when a notebook kernel reported it.
    last_scheduler : str or None
        The scheduler of the most recent compute, in any cell: evidence of where a value
        that was computed in an earlier cell came from.
    """

    def __init__(self) -> None:
        self.count = 0
        self.paused = 0
        self.mark = 0
        self.source: str | None = None
        self.in_cells = False
        self.last_scheduler: str | None = None
        self._schedulers: list[str] = []

    # -- Callback hook -------------------------------------------------------------------
    def start(self, event: ComputeStart) -> None:
        if self.paused:
            return
        self.count += 1
        self.last_scheduler = str(event.scheduler)
        self._schedulers.append(self.last_scheduler)

    # -- cell boundaries -----------------------------------------------------------------
    def new_cell(self, source: str | None = None) -> None:
        """A notebook cell starts: count from zero and remember its source."""
        self.mark = self.count
        self._schedulers = []
        self.source = source
        self.in_cells = True

    def after_check(self) -> None:
        """A check finished: a second check in the same cell counts only what follows it."""
        self.mark = self.count
        self._schedulers = []

    # -- what the cell did ---------------------------------------------------------------
    def computes(self) -> int:
        """How many computes (and persists) the learner ran since the cell started."""
        return self.count - self.mark

    def schedulers(self) -> tuple[str, ...]:
        """The scheduler of each of those computes, in order."""
        return tuple(self._schedulers)

    # Older names, kept for the tests and notebooks that use them.
    since_mark = computes

    def reset_mark(self) -> None:
        self.after_check()


#: The old name of :class:`CellWatch`.
ComputeCounter = CellWatch

counter = CellWatch()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Computes inside this block are the checker's own: they are not counted."""
    counter.paused += 1
    try:
        yield
    finally:
        counter.paused -= 1


def _pre_run_cell(info: Any = None) -> None:
    counter.new_cell(getattr(info, "raw_cell", None))


_pre_run_cell._lazyarr_cell_hook = True  # type: ignore[attr-defined]


def install_cell_hook() -> bool:
    """In an IPython kernel: count computes per cell from now on. Returns False elsewhere.

    Safe to call repeatedly (a re-imported module replaces its old hook instead of adding one).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "events"):
        return False
    for callback in list(shell.events.callbacks.get("pre_run_cell", [])):
        if getattr(callback, "_lazyarr_cell_hook", False):
            shell.events.unregister("pre_run_cell", callback)
    shell.events.register("pre_run_cell", _pre_run_cell)
    counter.register()
    counter.in_cells = True
    return True
