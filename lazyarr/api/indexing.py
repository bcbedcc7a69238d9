"""Advanced indexing: integer arrays, boolean masks, lazy indices, ``__setitem__``.

(Basic indexing — ints, slices, None, Ellipsis — lives in ``core/slicing.py``.)
"""

from __future__ import annotations

from typing import Any

from ..core.array import Array

__all__ = ["advanced_getitem", "nonzero", "setitem"]


def advanced_getitem(x: Array, index: Any) -> Array:
    raise NotImplementedError(
        "getitem: integer-array and boolean-mask indexing are not implemented yet; "
        "use basic slicing or compute first"
    )


def setitem(x: Array, index: Any, value: Any) -> Array:
    raise NotImplementedError("setitem: assignment into lazy arrays is not implemented yet")


def nonzero(a: Any) -> Any:
    raise NotImplementedError("nonzero: not implemented yet")
