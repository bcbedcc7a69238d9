"""Predict-then-run questions: the learner writes down a number before running the code.

A prediction is judged against the *real* value, worked out by lazyarr at check time (a task
count from the graph, a block count, a file size), so the question stays right when the
library's graphs change and no expected number is written down in this package. Typical
wrong predictions are recognised the same way: each question names the mistakes it knows
as values derived from the same facts (``"the number of blocks"``, ``"half the size"``), and
a prediction equal to one of them gets the hint written for that mistake.

Any whole number passes for a count, whatever its type (``24``, ``24.0``, ``np.int64(24)``);
measured quantities (bytes) may allow a relative tolerance.

>>> from lazyarr.teaching.predict import predicted_number
>>> inspect = predicted_number(lambda: 24, mistakes=lambda: {12: "That is only the blocks."},
...                            hint="Count the tasks of every operation.")
>>> inspect(24.0) is None
True
>>> inspect(12).hint
'That is only the blocks.'
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

from .describe import describe, show_number
from .registry import Failure

__all__ = ["predicted_number"]

TYPE_HINT = "Write your prediction as one whole number, e.g. answer = 12 (not text in quotes)."


def _as_number(value: Any) -> float | None:
    """The prediction as a float, or None if it is not a real number (bools and text are not)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def predicted_number(truth: Callable[[], float], *, hint: str,
                     mistakes: Callable[[], dict[float, str]] | None = None, rel_tol: float = 0.0,
                     whole: bool = True, type_hint: str = TYPE_HINT) -> Callable[[Any], Failure | None]:
    """Inspect a numeric prediction against a value lazyarr works out at check time.

    Parameters
    ----------
    truth : callable
        ``truth()`` returns the real value (run at check time, never stored).
    hint : str
        The hint for a wrong prediction that matches none of the known mistakes.
    mistakes : callable, optional
        ``mistakes()`` returns ``{value_a_typical_mistake_gives: hint_for_that_mistake}``,
        built from the same facts as *truth*.
    rel_tol : float
        Relative tolerance: 0 for counts; e.g. 0.01 for a measured size.
    whole : bool
        The prediction must be a whole number (``12.0`` counts as whole).
    type_hint : str
        The hint for an answer that is not a number.
    """

    def inspect(answer: Any) -> Failure | None:
        got = _as_number(answer)
        if got is None or (whole and not got.is_integer()):
            return Failure("type", f"your prediction is {describe(answer)}", type_hint)
        want = float(truth())

        def close(a: float, b: float) -> bool:
            return abs(a - b) <= rel_tol * abs(b)

        if close(got, want):
            return None
        known = {v: h for v, h in (mistakes() if mistakes else {}).items() if not close(float(v), want)}
        shown = show_number(answer)
        for value, why in known.items():
            if close(got, float(value)):
                return Failure("prediction", f"your prediction is {shown}", why)
        return Failure("prediction", f"your prediction is {shown}", hint)

    return inspect
