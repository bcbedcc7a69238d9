"""Property checks, in teaching order, and the compute counter.

An answer is inspected one property at a time, in the order a learner meets the ideas:
lazy or computed -> shape -> dtype -> chunks -> values -> number of computes. The first
property that fails is reported with the learner's own value and one hint. Values are
compared with a NumPy reference computed *now* from the same (seeded) inputs, so any
correct approach passes and nothing expected is written down in this package.
"""

from __future__ import annotations

import contextlib
import math
import numbers
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..callbacks import Callback, ComputeStart
from ..core.array import Array
from .registry import Failure

__all__ = ["ComputeCounter", "counter", "describe", "summarize", "fmt_shape", "expect_lazy",
           "expect_computed", "expect_shape", "expect_dtype", "expect_chunks", "expect_close",
           "computed_quietly", "DEFAULT_HINTS"]

DEFAULT_HINTS = {
    "lazy": "A NumPy value means .compute() (or np.asarray) ran too early: build the answer from lazyarr "
            "operations and leave the computing for later.",
    "computed": "Your answer is still a lazy recipe: call .compute() (or la.compute(...)) to get numbers.",
    "shape": "Check the sizes and their order: shapes are (rows, columns, ...).",
    "dtype": "Choose the dtype when you create the array (dtype=...), or convert with .astype(...).",
    "chunks": "Give chunks= when you create the array, or change them with .rechunk(...).",
    "values": "Shape and dtype are right, but the numbers differ from NumPy's on the same input: "
              "re-read which operation the question asks for.",
    "computes": "Compute several results in one call, la.compute(a, b): their shared work runs once.",
}


class ComputeCounter(Callback):
    """Counts computes, so a check can tell how many happened since the previous check.

    Only :meth:`start` is used. Computes that a check runs itself are not counted
    (see :func:`computed_quietly`).
    """

    def __init__(self) -> None:
        self.count = 0
        self.paused = 0
        self.mark = 0

    def start(self, event: ComputeStart) -> None:
        if not self.paused:
            self.count += 1

    def since_mark(self) -> int:
        return self.count - self.mark

    def reset_mark(self) -> None:
        self.mark = self.count


counter = ComputeCounter()


@contextlib.contextmanager
def _paused() -> Iterator[None]:
    counter.paused += 1
    try:
        yield
    finally:
        counter.paused -= 1


def computed_quietly(*arrays: Any) -> tuple:
    """Compute lazy arrays (others pass through) without counting it as the learner's compute."""
    from ..core.compute import compute

    with _paused():
        return compute(*arrays)


# -- describing a learner's value (never the expected one) ---------------------------
def fmt_shape(shape: tuple) -> str:
    parts = ["nan" if isinstance(s, float) and math.isnan(s) else str(int(s)) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: Any) -> str:
    """A short description of any value, e.g. ``a NumPy array of shape (3,), dtype int64``.

    >>> describe(np.zeros(3, dtype=np.int64))
    'a NumPy array of shape (3,), dtype int64'
    >>> describe(3)
    'the number 3'
    """
    if isinstance(value, Array):
        return f"a lazy lazyarr Array of shape {fmt_shape(value.shape)}, dtype {value.dtype}"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {fmt_shape(value.shape)}, dtype {value.dtype}"
    if isinstance(value, np.generic):
        return f"the NumPy {type(value).__name__} {_short(str(value))}"
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return f"the number {_short(repr(value))}"
    if isinstance(value, str):
        return f"the text {_short(repr(value))}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, type):
        return f"the type {value.__module__}.{value.__qualname__}"
    return f"a {type(value).__module__}.{type(value).__qualname__} object"


def summarize(values: Any) -> str:
    """The first few of the learner's computed values, e.g. ``0.5, 0.25, 1 (… 10 values)``.

    >>> summarize(np.arange(10))
    '0, 1, 2, 3, … (10 values)'
    >>> summarize(np.float64(2.5))
    '2.5'
    """
    arr = np.asarray(values)
    if arr.ndim == 0:
        return np.format_float_positional(arr, precision=6, trim="-") if arr.dtype.kind == "f" else str(arr)
    flat = arr.ravel()
    shown = ", ".join(np.format_float_positional(v, precision=4, trim="-") if arr.dtype.kind == "f" else str(v)
                      for v in flat[:4])
    return shown + (f", … ({flat.size} values)" if flat.size > 4 else "")


# -- the properties, in teaching order ------------------------------------------------
def expect_lazy(answer: Any, hint: str | None = None) -> Failure | None:
    if isinstance(answer, Array):
        return None
    if isinstance(answer, (np.ndarray, np.generic, numbers.Number)):
        return Failure("lazy", f"already computed: your answer is {describe(answer)}, not a lazy array",
                       hint or DEFAULT_HINTS["lazy"])
    return Failure("lazy", f"your answer is {describe(answer)}, not a lazy lazyarr Array",
                   hint or "Build the answer with lazyarr (import lazyarr as la) operations.")


def expect_computed(answer: Any, hint: str | None = None) -> Failure | None:
    if isinstance(answer, Array):
        return Failure("computed", f"still lazy: your answer is {describe(answer)}",
                       hint or DEFAULT_HINTS["computed"])
    if type(answer).__name__ == "Future":
        return Failure("computed", f"your answer is {describe(answer)}: a handle to a result that is "
                       "still on the cluster", hint or "Call .result() on a Future, or use .compute().")
    return None


def expect_shape(answer: Array, shape: tuple, hint: str | None = None) -> Failure | None:
    """*shape* may contain ``nan``: that length must be unknown (as after boolean indexing)."""
    got = answer.shape
    unknown = [isinstance(s, float) and math.isnan(s) for s in got]
    want_unknown = [isinstance(s, float) and math.isnan(s) for s in shape]
    same = len(got) == len(shape) and all(
        u == w and (u or int(g) == int(s)) for g, s, u, w in zip(got, shape, unknown, want_unknown))
    if same:
        return None
    if len(got) == len(shape) and any(unknown) and not any(want_unknown):
        found = f"your answer has shape {fmt_shape(got)}: its length is still unknown (nan)"
    else:
        found = f"your answer has shape {fmt_shape(got)}"
    return Failure("shape", found, hint or DEFAULT_HINTS["shape"])


def expect_dtype(answer: Any, dtype: Any, hint: str | None = None) -> Failure | None:
    got = np.asarray(answer).dtype if not isinstance(answer, Array) else answer.dtype
    if got == np.dtype(dtype):
        return None
    return Failure("dtype", f"your answer has dtype {got}", hint or DEFAULT_HINTS["dtype"])


def expect_chunks(answer: Array, ok: Callable[[tuple], bool], hint: str | None = None) -> Failure | None:
    if ok(answer.chunks):
        return None
    chunks = answer.chunks
    shown = ", ".join("(" + ", ".join(str(c) for c in axis[:4]) + (", …" if len(axis) > 4 else "") + ")"
                      for axis in chunks)
    return Failure("chunks", f"your answer's chunks are ({shown}): {answer.npartitions} blocks of up to "
                   f"{fmt_shape(answer.chunksize)}", hint or DEFAULT_HINTS["chunks"])


def expect_close(got: Any, want: Any, hint: str | None = None, rtol: float = 1e-7,
                 atol: float = 0.0) -> Failure | None:
    """Compare computed values with the NumPy reference (shape first, then numbers)."""
    got_arr, want_arr = np.asarray(got), np.asarray(want)
    if got_arr.shape != want_arr.shape:
        return Failure("values", f"your answer computes to {got_arr.size} values, shape {fmt_shape(got_arr.shape)}",
                       hint or DEFAULT_HINTS["values"])
    if want_arr.dtype.kind in "fc":
        same = bool(np.allclose(got_arr, want_arr, rtol=rtol, atol=atol, equal_nan=True))
    else:
        same = bool(np.array_equal(got_arr, want_arr))
    if same:
        return None
    return Failure("values", f"your answer computes to {summarize(got_arr)}", hint or DEFAULT_HINTS["values"])
