"""Text reprs: the one-line array repr and shape formatting.

>>> import lazyarr as la
>>> array_repr(la.ones((4, 6), chunks=(2, 3)))
'lazyarr.Array<ones, shape=(4, 6), dtype=float64, chunksize=(2, 3), chunktype=numpy.ndarray>'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..core.blocktype import block_type_name

__all__ = ["array_repr", "axis_chunksize", "axis_length", "fmt_shape"]


def axis_length(chunks: Sequence[float]) -> float:
    """Sum of the chunk lengths (``nan`` if any is unknown).

    Uses the built-in ``sum`` (C speed): a million-chunk axis takes milliseconds.
    """
    return sum(chunks) if chunks else 0


def axis_chunksize(chunks: Sequence[float], length: float | None = None) -> float:
    """The largest chunk length (``nan`` if any is unknown; *length* saves adding up again)."""
    if not chunks:
        return 0
    return math.nan if math.isnan(axis_length(chunks) if length is None else length) else max(chunks)


def fmt_shape(shape: tuple) -> str:
    """A shape as NumPy prints it, with ``nan`` for unknown lengths: ``(nan, 3)``, ``(5,)``."""
    return "(" + ", ".join("nan" if s != s else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


_fmt_shape = fmt_shape  # the name used before this module grew


def array_repr(x: Any, shape: tuple | None = None, chunksize: tuple | None = None) -> str:
    """One line: ``lazyarr.Array<label, shape=..., dtype=..., chunksize=..., chunktype=numpy.ndarray>``.

    e.g. ``lazyarr.Array<random_sample, shape=(10000, 10000), dtype=float64, chunksize=(4096, 4096),
    chunktype=numpy.ndarray>`` (on one line).
    """
    label = x.name.rsplit("-", 1)[0]
    # Same values as x.shape and x.chunksize, computed with C-speed sum/max (fast for huge grids).
    if shape is None:
        shape = tuple(_int(axis_length(c)) for c in x.chunks)
    if chunksize is None:
        chunksize = tuple(_int(axis_chunksize(c)) for c in x.chunks)
    return (f"lazyarr.Array<{label}, shape={fmt_shape(shape)}, dtype={x.dtype}, "
            f"chunksize={fmt_shape(chunksize)}, chunktype={block_type_name(getattr(x, 'block_type', None))}>")


def _int(n: float) -> float:
    return n if n != n else int(n)
