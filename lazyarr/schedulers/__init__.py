"""Schedulers run a flat task mapping and return the requested results.

``sync`` is the reference (read it first); ``threads`` runs tasks on a thread pool.
Both share ``base.prepare`` (dependency counts and a memory-friendly order) and
``base.execute_task`` (callbacks and error notes).
"""

from __future__ import annotations

from typing import Any

from . import sync, threads

__all__ = ["get_scheduler", "SCHEDULERS"]

SCHEDULERS = {
    "threads": threads.get,
    "threading": threads.get,
    "sync": sync.get,
    "synchronous": sync.get,
    "single-threaded": sync.get,
}


def get_scheduler(name: Any) -> Any:
    """The ``get`` function for a scheduler name."""
    try:
        return SCHEDULERS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"compute: unknown scheduler {name!r}; use one of 'threads', 'sync', or a "
            f"distributed Client"
        ) from None
