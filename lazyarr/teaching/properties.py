"""Property checks, in teaching order.

An answer is inspected one property at a time, in the order a learner meets the ideas:
lazy or computed -> shape -> dtype -> chunks -> values -> number of computes. The first
property that fails is reported with the learner's own value and one hint (the likely
mistake when ``diagnose.py`` recognises it). Values are compared with a NumPy reference
computed *now* from the same (seeded) inputs, so any correct approach passes and nothing
expected is written down in this package.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from ..core.array import Array
from .describe import describe, fmt_shape, show_values
from .diagnose import close, relation, shape_relation
from .registry import Failure
from .watch import ComputeCounter, counter, paused

__all__ = ["ComputeCounter", "counter", "describe", "summarize", "fmt_shape", "expect_lazy",
           "expect_computed", "expect_shape", "expect_dtype", "expect_chunks", "expect_close",
           "computed_quietly", "DEFAULT_HINTS", "is_number"]

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

#: The old name of :func:`~lazyarr.teaching.describe.show_values`.
summarize = show_values


def computed_quietly(*arrays: Any) -> tuple:
    """Compute lazy arrays (others pass through) for the check itself.

    Not counted as the learner's compute, and always on local threads: the check's own
    work neither depends on nor shows up in a cluster the learner started.
    """
    from ..core.compute import compute

    with paused():
        return compute(*arrays, scheduler="threads")


def is_number(value: Any) -> bool:
    """A real or complex number (Python or NumPy), not a bool."""
    return isinstance(value, (numbers.Number, np.number)) and not isinstance(value, (bool, np.bool_))


# -- the properties, in teaching order ------------------------------------------------
def expect_lazy(answer: Any, hint: str | None = None) -> Failure | None:
    if isinstance(answer, Array):
        return None
    if isinstance(answer, (np.ndarray, np.generic, numbers.Number)) and not isinstance(answer, (bool, np.bool_)):
        return Failure("lazy", f"already computed: your answer is {describe(answer)}, not a lazy array",
                       hint or DEFAULT_HINTS["lazy"])
    if callable(answer) and not isinstance(answer, type):
        return Failure("lazy", f"your answer is {describe(answer)}",
                       "A method or function gives its result only when you call it: add the parentheses.")
    return Failure("lazy", f"your answer is {describe(answer)}, not a lazy array",
                   hint or "Build the answer with lazyarr operations (import lazyarr as la), and leave it lazy.")


def expect_computed(answer: Any, hint: str | None = None, what: str = "your answer") -> Failure | None:
    """*answer* holds numbers, not a lazy recipe or a handle (*what* names it: "item 2 of your tuple")."""
    if isinstance(answer, Array):
        return Failure("computed", f"still lazy: {what} is {describe(answer)}", hint or DEFAULT_HINTS["computed"])
    if type(answer).__name__ == "Future":
        return Failure("computed", f"{what} is {describe(answer)}",
                       hint or "Call .result() on a Future, or use .compute() to get the number itself.")
    if isinstance(answer, (np.ndarray, np.generic)) or is_number(answer):
        return None
    return Failure("type", f"{what} is {describe(answer)}, not a number",
                   hint or "Give the computed numbers themselves, e.g. the result of .compute().")


def expect_shape(answer: Array, shape: tuple, hint: str | None = None,
                 unknown_hint: str | None = None) -> Failure | None:
    """*shape* may contain ``nan``: that length must be unknown (as after boolean indexing).

    *unknown_hint* is for an answer whose length is still unknown where a known one is asked for.
    """
    got = answer.shape
    unknown = [isinstance(s, float) and math.isnan(s) for s in got]
    want_unknown = [isinstance(s, float) and math.isnan(s) for s in shape]
    same = len(got) == len(shape) and all(
        u == w and (u or int(g) == int(s)) for g, s, u, w in zip(got, shape, unknown, want_unknown))
    if same:
        return None
    if len(got) == len(shape) and any(unknown) and not any(want_unknown):
        return Failure("shape", f"your answer has shape {fmt_shape(got)}: its length is still unknown (nan)",
                       unknown_hint or hint or DEFAULT_HINTS["shape"])
    found = f"your answer has shape {fmt_shape(got)}"
    diagnosis = None if any(unknown) or any(want_unknown) else shape_relation(got, shape)
    return Failure("shape", found, diagnosis or hint or DEFAULT_HINTS["shape"])


def _dtype_relation(got: np.dtype, want: np.dtype) -> str | None:
    if got == np.float64 and want.kind in "biu":
        return "Without dtype=, lazyarr (like NumPy) makes float64 numbers: ask for another dtype with dtype=..."
    if got.kind == want.kind and got.itemsize != want.itemsize:
        return (f"{got} is the right kind of number in the wrong size ({got.itemsize * 8} bits): "
                "re-read the dtype the question asks for")
    if got.kind in "biu" and want.kind in "fc":
        return "Your numbers are whole numbers (integers) where the result has fractions: avoid int dtypes here."
    return None


def expect_dtype(answer: Any, dtype: Any, hint: str | None = None) -> Failure | None:
    """*dtype* is a dtype, or ``dtype(got) -> bool`` when several are right."""
    got = np.asarray(answer).dtype if not isinstance(answer, Array) else answer.dtype
    if callable(dtype) and not isinstance(dtype, (type, np.dtype)):
        if dtype(got):
            return None
        return Failure("dtype", f"your answer has dtype {got}", hint or DEFAULT_HINTS["dtype"])
    if got == np.dtype(dtype):
        return None
    return Failure("dtype", f"your answer has dtype {got}",
                   hint or _dtype_relation(got, np.dtype(dtype)) or DEFAULT_HINTS["dtype"])


def describe_chunks(chunks: tuple) -> str:
    """``blocks of 250 × 250 (64 blocks)``, from the learner's chunks."""
    sizes = " × ".join(str(max(axis)) if axis else "0" for axis in chunks)
    nblocks = int(np.prod([len(axis) for axis in chunks]))
    return f"blocks of up to {sizes} ({nblocks} block{'s' if nblocks != 1 else ''})"


def expect_chunks(answer: Array, ok: Callable[[tuple], bool], hint: str | None = None) -> Failure | None:
    if ok(answer.chunks):
        return None
    return Failure("chunks", f"your answer is cut into {describe_chunks(answer.chunks)}",
                   hint or DEFAULT_HINTS["chunks"])


def expect_close(got: Any, want: Any, hint: str | None = None, rtol: float = 1e-7, atol: float = 0.0,
                 what: str = "your answer", explain: Callable[[Any], str | None] | None = None) -> Failure | None:
    """Compare computed values with the NumPy reference (shape first, then numbers).

    A mismatch is explained, in order, by *explain(got)* (the question's known mistakes),
    a generic relation to the right value (transposed, squared, ...), then *hint*.
    """
    got_arr, want_arr = np.asarray(got), np.asarray(want)
    if got_arr.shape == want_arr.shape and close(got_arr, want_arr, rtol, atol):
        return None
    diagnosis = explain(got) if explain is not None else None
    if got_arr.shape != want_arr.shape:
        return Failure("values", f"{what} computes to {got_arr.size} value{'s' if got_arr.size != 1 else ''}, "
                       f"shape {fmt_shape(got_arr.shape)}",
                       diagnosis or shape_relation(got_arr.shape, want_arr.shape) or hint or DEFAULT_HINTS["values"])
    return Failure("values", f"{what} computes to {show_values(got_arr)}",
                   diagnosis or relation(got_arr, want_arr, rtol) or hint or DEFAULT_HINTS["values"])
