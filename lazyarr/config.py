"""Global options and the ``config.set(...)`` context manager.

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
malloc_mmap_threshold : int or None, default 16 MiB
    Linux/glibc: blocks larger than this many bytes are returned to the operating system
    as soon as they are freed (see ``lazyarr/core/malloc.py``); None leaves malloc alone.

Examples
--------
>>> import lazyarr as la
>>> with la.config.set(scheduler="sync"):
...     la.config.get("scheduler")
'sync'
>>> la.config.get("scheduler")
'threads'
"""

from __future__ import annotations

import contextlib
import threading
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
}

_options: dict[str, Any] = dict(defaults)
_lock = threading.Lock()
_MISSING = object()
# Options the user chose with ``set`` (as opposed to defaults): an active distributed
# Client is used only when the user did not choose a scheduler.
_explicit: dict[str, int] = {}


def get(name: str, default: Any = _MISSING) -> Any:
    """The current value of option *name*."""
    if name in _options:
        return _options[name]
    if default is not _MISSING:
        return default
    raise KeyError(f"config.get: unknown option {name!r}; known options are {sorted(_options)}")


class set(contextlib.AbstractContextManager):  # noqa: A001 - mirrors dask.config.set
    """Set options globally, or temporarily when used in a ``with`` block.

    Unknown option names raise ``KeyError`` (a typo should not pass silently).
    """

    def __init__(self, **options: Any):
        unknown = sorted(k for k in options if k not in defaults)
        if unknown:
            raise KeyError(
                f"config.set: unknown option(s) {unknown}; known options are {sorted(defaults)}"
            )
        with _lock:
            self._previous = {k: _options[k] for k in options}
            self._previous_explicit = {k: _explicit.get(k, 0) for k in options}
            _options.update(options)
            for k in options:
                _explicit[k] = _explicit.get(k, 0) + 1

    def __exit__(self, *exc: Any) -> None:
        with _lock:
            _options.update(self._previous)
            for k, n in self._previous_explicit.items():
                if n:
                    _explicit[k] = n
                else:
                    _explicit.pop(k, None)


def is_set(name: str) -> bool:
    """True if option *name* was chosen with :class:`set` rather than left at its default.

    >>> is_set("scheduler")
    False
    >>> with set(scheduler="threads"):
    ...     is_set("scheduler")
    True
    """
    return name in _explicit

