"""Global options and the ``config.set(...)`` context manager.

Options
-------
scheduler : str or object, default ``"threads"``
    ``"threads"``, ``"sync"``, or a scheduler object (e.g. a ``distributed.Client``).
num_workers : int or None, default None
    Threads used by the threaded scheduler (None: the number of CPUs).
chunk_size : str or int, default ``"128 MiB"``
    Target block size in bytes for ``chunks="auto"``.
split_every : int, default 8
    Fan-in of tree reductions.
fuse : bool, default True
    Fuse chains of blockwise operations into one task per block.
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

__all__ = ["get", "set", "defaults"]

defaults: dict[str, Any] = {
    "scheduler": "threads",
    "num_workers": None,
    "chunk_size": "128 MiB",
    "split_every": 8,
    "fuse": True,
    "distributed_default": True,
    "malloc_mmap_threshold": 16 * 2**20,
}

_options: dict[str, Any] = dict(defaults)
_lock = threading.Lock()
_MISSING = object()


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
            _options.update(options)

    def __exit__(self, *exc: Any) -> None:
        with _lock:
            _options.update(self._previous)

