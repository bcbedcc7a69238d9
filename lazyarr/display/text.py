"""One-line text repr of an array."""

from __future__ import annotations

from typing import Any


def _fmt_shape(shape: tuple) -> str:
    return "(" + ", ".join("nan" if s != s else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def array_repr(x: Any) -> str:
    """One line: ``lazyarr.Array<name, shape=..., dtype=..., chunksize=..., chunktype=numpy.ndarray>``."""
    label = x.name.rsplit("-", 1)[0]
    return (f"lazyarr.Array<{label}, shape={_fmt_shape(x.shape)}, dtype={x.dtype}, "
            f"chunksize={_fmt_shape(x.chunksize)}, chunktype=numpy.ndarray>")
