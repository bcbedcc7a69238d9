"""Adapter to dask.distributed (optional dependency; filled in by the scale-out work).

The core calls :func:`default_client` to honour an active distributed ``Client`` and
hands non-string schedulers to :func:`compute_blocks_on` / :func:`persist_on`.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["default_client", "compute_blocks_on", "persist_on"]


def default_client() -> Any:
    """The active distributed Client, if ``distributed`` is imported and one is running."""
    if "distributed" not in sys.modules:
        return None  # never import distributed just to look
    try:
        from distributed import default_client as _default

        return _default()
    except Exception:
        return None


def compute_blocks_on(scheduler: Any, graph: Any, keys: Any, **kwargs: Any) -> Any:
    raise NotImplementedError(
        f"compute: scheduler objects ({type(scheduler).__name__}) are not supported yet; "
        f"use scheduler='threads' or 'sync'"
    )


def persist_on(scheduler: Any, arrays: Any, **kwargs: Any) -> Any:
    raise NotImplementedError(
        f"persist: scheduler objects ({type(scheduler).__name__}) are not supported yet"
    )
