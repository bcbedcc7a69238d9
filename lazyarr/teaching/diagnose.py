"""Name the learner's likely mistake from the answer itself.

A wrong value is compared, in this order, with

1. the question's own :class:`Mistake` list: NumPy code for each typical wrong route
   (operands swapped, ``var`` instead of ``std``, ``ddof=1``, the other axis, an
   off-by-one slice, ...), run on the same inputs; the first one the answer matches
   names the mistake;
2. generic relations between the answer and the right value: transposed, reversed,
   squared or square-rooted, off by a constant factor or offset, shifted by one.

Only when nothing matches does the learner get the question's neutral hint. The
messages describe what the learner's value *is*, never the expected value.

>>> import numpy as np
>>> want = np.arange(9.0).reshape(3, 3)
>>> relation(want.T, want)
'Your result is the transpose of the right one (rows and columns swapped).'
>>> relation(10 * want, want)
'Your numbers are all 10 times the right ones.'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Mistake", "match_mistake", "relation", "shape_relation", "close"]


@dataclass(frozen=True)
class Mistake:
    """A typical wrong route to an answer.

    Parameters
    ----------
    says : str
        What the learner probably did and why it differs, in plain words.
    make : callable
        ``make(**numpy_inputs)``: the value that mistake produces (NumPy code), or a
        tuple of values for tuple answers.
    """

    says: str
    make: Callable[..., Any]


def close(got: Any, want: Any, rtol: float = 1e-7, atol: float = 0.0) -> bool:
    """Same shape and the same numbers (within *rtol* for floats; NaN equals NaN)."""
    try:
        a, b = np.asarray(got), np.asarray(want)
    except Exception:
        return False
    if a.shape != b.shape:
        return False
    if a.dtype.kind in "fc" or b.dtype.kind in "fc":
        try:
            return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
        except TypeError:
            return False
    try:
        return bool(np.array_equal(a, b))
    except TypeError:
        return False


def match_mistake(got: Any, want: Any, inputs: dict, mistakes: Sequence[Mistake], rtol: float = 1e-7) -> str | None:
    """The ``says`` of the first mistake whose value the answer equals (and the right one does not)."""
    for mistake in mistakes:
        try:
            wrong = mistake.make(**inputs)
        except Exception:  # a mistake that does not apply to these inputs
            continue
        if close(got, wrong, rtol) and not close(want, wrong, rtol):
            return mistake.says
    return None


def _number(c: float) -> str:
    return np.format_float_positional(np.float64(c), precision=6, trim="-", unique=True)


def relation(got: Any, want: Any, rtol: float = 1e-7) -> str | None:
    """A generic relation between a wrong value and the right one, in plain words, or None."""
    a, b = np.asarray(got), np.asarray(want)
    if a.shape != b.shape or a.size == 0 or a.dtype.kind not in "biuf" or b.dtype.kind not in "biuf":
        return None
    a, b = a.astype(np.float64), b.astype(np.float64)
    if a.ndim == 2 and a.shape == b.T.shape and not close(b, b.T, rtol) and close(a, b.T, rtol):
        return "Your result is the transpose of the right one (rows and columns swapped)."
    if a.ndim >= 1 and a.shape[0] > 1 and close(a, b[::-1], rtol) and not close(b, b[::-1], rtol):
        return "Your values are the right ones in reverse order."
    if not close(b, b * b, rtol) and close(a, b * b, rtol):
        return "Your numbers are the squares of the right ones."
    if np.all(b >= 0) and not close(b, b * b, rtol) and close(a * a, b, rtol):
        return "Your numbers are the square roots of the right ones."
    nonzero = b != 0
    if nonzero.any() and np.array_equal(nonzero, a != 0):
        ratio = a[nonzero] / b[nonzero]
        c = float(ratio.flat[0])
        if np.allclose(ratio, c, rtol=1e-6) and not np.isclose(c, 1.0, rtol=rtol):
            if np.isclose(c, -1.0):
                return "Your numbers have the opposite sign."
            return f"Your numbers are all {_number(c)} times the right ones."
    diff = a - b
    d = float(diff.flat[0])
    if np.allclose(diff, d, rtol=0, atol=1e-9 * max(1.0, float(np.abs(b).max()))) and abs(d) > 0:
        return f"Your numbers are all off by {_number(d)} from the right ones."
    if a.ndim == 1 and a.size > 2:
        if close(a[1:], b[:-1], rtol) or close(a[:-1], b[1:], rtol):
            return "Your values are the right ones shifted by one position (an off-by-one start or stop?)."
    return None


def shape_relation(got: tuple, want: tuple) -> str | None:
    """What a wrong (known) shape suggests, or None.

    >>> shape_relation((2000, 1000), (1000, 2000))
    'The sizes are in the wrong order: a shape is (rows, columns).'
    >>> shape_relation((51,), (50,))
    'One element too many along axis 0: check where your slice starts and stops (off by one?).'
    """
    got, want = tuple(got), tuple(want)
    if len(got) == len(want) and len(got) > 1 and sorted(got) == sorted(want) and got != want:
        return "The sizes are in the wrong order: a shape is (rows, columns)."
    if want == () and got != ():
        return f"Your answer still has {len(got)} ax{'is' if len(got) == 1 else 'es'}: one single number was asked for."
    if got == () and want != ():
        return "Your answer is a single number: you reduced over every axis."
    if len(got) == len(want) + 1 and tuple(s for s in got if s != 1) == tuple(s for s in want if s != 1):
        return "Your answer has an extra axis of length 1."
    if len(got) == len(want):
        diffs = [i for i, (g, w) in enumerate(zip(got, want)) if g != w]
        if len(diffs) == 1:
            i = diffs[0]
            g, w = got[i], want[i]
            if abs(g - w) == 1:
                return (f"One element too {'many' if g > w else 'few'} along axis {i}: check where your slice "
                        "starts and stops (off by one?).")
            if w and g in (2 * w, 2 * w - 1, 2 * w + 1):
                return f"About twice as many elements as asked along axis {i}: check the slice's step."
            if g and w in (2 * g, 2 * g - 1, 2 * g + 1):
                return f"About half as many elements as asked along axis {i}: check the slice's step and stop."
    return None
