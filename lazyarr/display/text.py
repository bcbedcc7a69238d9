"""Text reprs: the one-line array repr and shape formatting.

>>> import lazyarr as la
>>> array_repr(la.ones((4, 6), chunks=(2, 3)))
'lazyarr.Array<ones, shape=(4, 6), dtype=float64, chunksize=(2, 3), chunktype=numpy.ndarray>'
"""

from __future__ import annotations

from typing import Any

__all__ = ["array_repr", "fmt_shape"]


def fmt_shape(shape: tuple) -> str:
    """A shape as NumPy prints it, with ``nan`` for unknown lengths: ``(nan, 3)``, ``(5,)``."""
    return "(" + ", ".join("nan" if s != s else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


_fmt_shape = fmt_shape  # the name used before this module grew


def array_repr(x: Any) -> str:
    """One line: ``lazyarr.Array<label, shape=..., dtype=..., chunksize=..., chunktype=numpy.ndarray>``.

    e.g. ``lazyarr.Array<random_sample, shape=(10000, 10000), dtype=float64, chunksize=(4096, 4096),
    chunktype=numpy.ndarray>`` (on one line).
    """
    label = x.name.rsplit("-", 1)[0]
    return (f"lazyarr.Array<{label}, shape={fmt_shape(x.shape)}, dtype={x.dtype}, "
            f"chunksize={fmt_shape(x.chunksize)}, chunktype=numpy.ndarray>")
