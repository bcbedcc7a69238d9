"""Options, set globally or per thread: ``config.set(...)``, as a plain call or a ``with`` block.

Options
-------
scheduler : str or object, default ``"threads"``
    ``"threads"``, ``"sync"``, ``"distributed"``, or a scheduler object (e.g. a
    ``distributed.Client``); every form is listed in ``lazyarr/schedulers/choice.py``.
num_workers : int or None, default None
    Threads used by the threaded scheduler (None: the number of CPUs).
chunk_size : str or int, default ``"128 MiB"``
    Target block size in bytes for ``chunks="auto"``.
split_every : int, default 8
    Fan-in of tree reductions.
fuse : bool, default True
    Fuse chains of blockwise operations into one task per block.
distributed_default : bool, default True
    When no scheduler was chosen (neither ``scheduler=`` nor ``config.set(scheduler=...)``)
    and a ``distributed.Client`` is running, compute on it, as dask does. Set False
    (or choose a scheduler) to keep computing locally.

blas_threads : "auto", int or None, default "auto"
    BLAS threads while the threaded scheduler runs (needs ``threadpoolctl``): "auto" gives
    ``cores // workers``, so workers and BLAS do not oversubscribe the cores; None leaves
    BLAS alone (see ``lazyarr/schedulers/blas.py``).
data_dependent_shapes : "nan" or "compute", default "nan"
    The lengths made by ``x[mask]``, ``unique``, ``nonzero``, ``argwhere``, ``repeat`` with
    lazy counts, ``bincount`` and estimated histogram edges depend on the values. "nan"
    leaves them unknown until computed (dask's behaviour); "compute" computes them as the
    operation returns, so shapes are integers as in NumPy (one compute per operation; what
    scikit-learn's Array API code needs). See ``lazyarr/core/known_sizes.py``.
malloc_mmap_threshold : int or None, default 16 MiB
    Linux/glibc: blocks larger than this many bytes are returned to the operating system
    as soon as they are freed (see ``lazyarr/core/malloc.py``); None leaves malloc alone.

Two ways to set options, as in dask
-----------------------------------
* ``la.config.set(scheduler="sync")`` as a plain call sets the option **globally**, for every
  thread, until it is set again: "set once at the top of a notebook".
* ``with la.config.set(scheduler="sync"):`` sets it **for this block of code only**: for the
  calling thread, and for the tasks its computes start (the threaded scheduler runs them in a
  copy of the caller's context). Other threads never see it, so two threads may each hold
  their own ``with`` block at the same time, and leaving a block restores exactly what the
  thread saw before it. This is :mod:`contextvars` at work: ``asyncio`` tasks get the same
  isolation.

A plain call inside a ``with`` block for the same option changes the global value; the
block's own value stays in force for this thread until the block ends.

A ``with`` block is written to the global options for the instant between creating the
``set`` object and entering the block (Python cannot tell a plain call from a ``with``
statement before ``__enter__``); ``__enter__`` moves it to the calling context at once.

Examples
--------
>>> import lazyarr as la
>>> with la.config.set(scheduler="sync"):
...     la.config.get("scheduler")
'sync'
>>> la.config.get("scheduler")
'threads'

Inside a ``with`` block, another thread sees the global value:

>>> import threading
>>> seen = []
>>> with la.config.set(chunk_size="1 KiB"):
...     t = threading.Thread(target=lambda: seen.append(la.config.get("chunk_size")))
...     t.start(); t.join()
>>> seen
['128 MiB']
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import threading
from types import MappingProxyType
from typing import Any

__all__ = ["get", "set", "defaults", "is_set"]

defaults: dict[str, Any] = {
    "scheduler": "threads",
    "num_workers": None,
    "chunk_size": "128 MiB",
    "split_every": 8,
    "fuse": True,
    "distributed_default": True,
    "malloc_mmap_threshold": 16 * 2**20,
    "blas_threads": "auto",
    "data_dependent_shapes": "nan",
}

#: options that take one of a few values, checked when set (a typo should not pass silently)
choices: dict[str, tuple] = {
    "data_dependent_shapes": ("nan", "compute"),
}

_MISSING = object()

# Global options: for each option, the writes of plain ``set`` calls in order, each tagged with
# the ``set`` object's number. The value is the last write, the default when there is none.
# A ``with`` block removes its own write by number when it is entered, so two threads entering
# blocks in any interleaving never leave each other's values behind.
_global_writes: dict[str, list[tuple[int, Any]]] = {}
_lock = threading.Lock()
_numbers = itertools.count()

# Options of the ``with`` blocks the current context is inside: an immutable mapping, replaced
# (never mutated) on entering and restored on leaving, so copies of the context are independent.
_local: contextvars.ContextVar[MappingProxyType] = contextvars.ContextVar(
    "lazyarr_config", default=MappingProxyType({}))


def get(name: str, default: Any = _MISSING) -> Any:
    """The current value of option *name*: this context's ``with`` blocks first, then the global value.

    >>> get("split_every")
    8
    """
    local = _local.get()
    if name in local:
        return local[name]
    writes = _global_writes.get(name)
    if writes:
        return writes[-1][1]
    if name in defaults:
        return defaults[name]
    if default is not _MISSING:
        return default
    raise KeyError(f"config.get: unknown option {name!r}; known options are {sorted(defaults)}")


class set(contextlib.AbstractContextManager):  # noqa: A001 - mirrors dask.config.set
    """Set options globally (a plain call), or for one thread's block of code (a ``with`` block).

    Unknown option names raise ``KeyError`` (a typo should not pass silently).

    >>> import lazyarr as la
    >>> with la.config.set(split_every=4):
    ...     la.config.get("split_every")
    4
    """

    def __init__(self, **options: Any):
        unknown = sorted(k for k in options if k not in defaults)
        if unknown:
            raise KeyError(
                f"config.set: unknown option(s) {unknown}; known options are {sorted(defaults)}"
            )
        for k, v in options.items():
            if k in choices and v not in choices[k]:
                raise ValueError(f"config.set: option {k} must be one of {choices[k]}, got {v!r}")
        self._options = options
        self._token: contextvars.Token | None = None
        with _lock:  # a plain call ends here: the write stays
            self._number = next(_numbers)
            for k, v in options.items():
                _global_writes.setdefault(k, []).append((self._number, v))

    def __enter__(self) -> set:
        with _lock:  # a with block: take the write back from the global options ...
            for k in self._options:
                writes = [w for w in _global_writes[k] if w[0] != self._number]
                if writes:
                    _global_writes[k] = writes
                else:
                    del _global_writes[k]
        # ... and make it this context's own
        self._token = _local.set(MappingProxyType({**_local.get(), **self._options}))
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._token is not None:
            _local.reset(self._token)
            self._token = None


def is_set(name: str) -> bool:
    """True if option *name* was chosen with :class:`set` rather than left at its default.

    >>> is_set("scheduler")
    False
    >>> with set(scheduler="threads"):
    ...     is_set("scheduler")
    True
    """
    return name in _local.get() or bool(_global_writes.get(name))
