"""Schedulers run a flat task mapping and hand back the requested blocks.

* ``choice.py``: :func:`resolve` turns every form of ``scheduler=`` (a name, a
  distributed Client, a dask ``get``, nothing) into a scheduler object;
* ``sync.py``: the reference scheduler, one task at a time (read it first);
* ``threads.py``: the default, a pool of worker threads (``pool.py``) that takes tiny
  tasks in batches (``batching.py``);
* ``base.py``: what the local schedulers share (``prepare``: dependency counts and the
  memory-friendly order of ``core/order.py``; ``execute_task``: callbacks and error notes);
* ``cluster.py`` and ``dask.py``: running on dask.distributed, and dask's formats.

The core imports nothing from this package: importing it (``import lazyarr`` does)
plugs :func:`resolve` into ``core/compute.py`` with ``set_scheduler_resolver``.
"""

from __future__ import annotations

from ..core.compute import set_scheduler_resolver
from .choice import LOCAL_SCHEDULERS, active_client, resolve

__all__ = ["resolve", "active_client", "LOCAL_SCHEDULERS"]

set_scheduler_resolver(resolve)
