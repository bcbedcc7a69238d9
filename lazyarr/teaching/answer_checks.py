"""Value checks that a plain NumPy comparison cannot do: random data, histograms, types.

- :func:`distribution` — a lazy array of random numbers: its summary statistics (mean,
  standard deviation, range, the share within one standard deviation) must match the
  distribution the question names; each wrong distribution is named from the statistics.
- :func:`histogram_pair` — ``(counts, edges)`` as from ``np.histogram``: the number of bins,
  every value counted once, edges from the data (when ``range=`` is not allowed), and the
  counts right for the learner's own edges.
- :func:`a_class` — the answer is a class (``type(y)``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..core.array import Array
from . import properties as p
from .describe import describe
from .kinds import numpy_inputs
from .registry import Failure
from .source import Constraint, code_failure

__all__ = ["Stats", "distribution", "histogram_pair", "a_class"]


def _g(v: float) -> str:
    return f"{float(v):.4g}"


class Stats:
    """Summary statistics of a lazy array, computed in one pass by the check."""

    def __init__(self, answer: Array, centre: float, spread: float):
        self.answer = answer
        lo, hi, mean, std, within = p.computed_quietly(
            answer.min(), answer.max(), answer.mean(), answer.std(), (abs(answer - centre) < spread).mean())
        self.lo, self.hi, self.mean, self.std, self.within = (float(v) for v in (lo, hi, mean, std, within))

    def shape_name(self) -> str | None:
        """"uniform" or "normal" from the share of values within one of *their own* standard deviations."""
        import math

        if self.std == 0:
            return None
        (share,) = p.computed_quietly((abs(self.answer - self.mean) < self.std).mean())
        for name, expected in (("uniform", 1 / math.sqrt(3)), ("normal", math.erf(1 / math.sqrt(2)))):
            if abs(float(share) - expected) < 0.01:
                return name
        return None

    def text(self) -> str:
        return (f"your values range from {_g(self.lo)} to {_g(self.hi)}, with mean {_g(self.mean)} and "
                f"standard deviation {_g(self.std)}")


def distribution(kind: str, loc: float = 0.0, scale: float = 1.0,
                 tol: float = 0.01) -> Callable[[Array], Failure | None]:
    """Check that a lazy array holds ``"uniform"`` numbers in [0, 1) or ``"normal"`` ones (loc, scale).

    Means and standard deviations must agree within *tol* standard deviations; the share of
    values within one standard deviation of the mean tells a uniform from a normal sample.
    """
    import math

    if kind == "uniform":
        mean, std, share = 0.5, 1 / math.sqrt(12), 1 / math.sqrt(3)
        function = "la.random.random (or uniform)"
    elif kind == "normal":
        mean, std, share = loc, scale, math.erf(1 / math.sqrt(2))
        function = "la.random.normal(loc, scale, size=...)"
    else:
        raise ValueError(f"distribution: kind={kind!r} is not 'uniform' or 'normal'")

    def inspect(answer: Array) -> Failure | None:
        s = Stats(answer, mean, std)
        if kind == "uniform" and (s.lo < 0 or s.hi >= 1):
            return Failure("values", s.text(), f"Uniform random numbers in [0, 1) come from {function}.")
        if kind == "normal" and loc != scale and abs(s.mean - scale) < tol * loc and abs(s.std - loc) < tol * loc:
            return Failure("values", s.text(), "The mean and the standard deviation are swapped: "
                           "la.random.normal(loc, scale, ...) takes the mean (loc) first, then the standard "
                           "deviation (scale).")
        if abs(s.mean - mean) > tol * std or abs(s.std - std) > tol * std:
            looks = s.shape_name()
            named = f"These look like {looks} numbers. " if looks and looks != kind else ""
            return Failure("values", s.text(), f"{named}The question asks for {kind} values with the numbers it "
                           f"gives: {function}.")
        if abs(s.within - share) > 0.01:
            return Failure("values", s.text() + f"; {s.within:.0%} of them lie within one standard deviation "
                           "of the mean", f"Right mean and spread, but not {kind}ly distributed: use {function}.")
        return None

    return inspect


def histogram_pair(setup: Callable[[], dict], *, bins: int | None, range_allowed: bool = True,
                   mask: Callable[[np.ndarray], np.ndarray] | None = None, data: str = "x",
                   whole: str = "", code: Sequence[Constraint] = (),
                   code_hint: str = "") -> Callable[[Any], Failure | None]:
    """Inspect a lazy histogram answer ``(counts, edges)`` of *data* (``mask`` selects part of it).

    Parameters
    ----------
    bins : int or None
        The number of bins the question asks for (None: any).
    range_allowed : bool
        False when the question says "without giving range=": the edges must then run
        from the data's min to its max (a ``range=`` giving the same edges is caught by
        the question's code check).
    whole : str
        How to name the unmasked data when the learner histograms it instead.
    code : sequence of constraints
        Checks on how the cell is written (``source.py``), after the values.
    """
    def inspect(answer: Any) -> Failure | None:
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return Failure("type", f"your answer is {describe(answer)}",
                           "A histogram is a pair (counts, bin_edges), as np.histogram returns: keep both.")
        counts, edges = answer
        failure = p.expect_lazy(counts, "np.histogram on computed data is eager: give the lazy array to "
                                        "la.histogram (or np.histogram) before computing anything.")
        if failure:
            return failure
        if counts.ndim != 1:
            return Failure("shape", f"your counts have shape {p.fmt_shape(counts.shape)}",
                           "A histogram of any array has one count per bin: a 1-D array.")
        if bins is not None and not np.isnan(counts.shape[0]) and counts.shape[0] != bins:
            return Failure("bins", f"your histogram has {counts.shape[0]} bins",
                           f"The question asks for {bins} bins: bins= sets how many.")
        values = numpy_inputs(setup)[data]
        selected = values[mask(values)] if mask is not None else values.ravel()
        got_counts, got_edges = p.computed_quietly(counts, edges)
        got_counts, got_edges = np.asarray(got_counts), np.asarray(got_edges)
        if got_edges.shape != (got_counts.shape[0] + 1,):
            return Failure("values", f"your edges have shape {p.fmt_shape(got_edges.shape)}",
                           "There is one more edge than there are bins: keep the edges np.histogram returns.")
        if got_counts.dtype.kind == "f" and not np.all(got_counts == np.round(got_counts)):
            return Failure("values", f"your counts are fractions ({p.show_values(got_counts)})",
                           "density=True gives densities, not counts: leave density out.")
        total = int(got_counts.sum())
        if total != selected.size:
            if mask is not None and total == values.size:
                hint = f"That is a histogram of all of {whole or 'the data'}: histogram only the selected values."
            elif total < selected.size:
                hint = "Some values fall outside your edges: every value should land in exactly one bin."
            else:
                hint = "Every value should land in exactly one bin, and only the values the question names."
            return Failure("values", f"your counts add up to {total}", hint)
        if not range_allowed:
            lo, hi = float(selected.min()), float(selected.max())
            if not (np.isclose(got_edges[0], lo) and np.isclose(got_edges[-1], hi)):
                return Failure("values", f"your edges run from {got_edges[0]} to {got_edges[-1]}",
                               "Without range=, the edges run from the data's smallest to its largest value: "
                               "leave range= out and let la.histogram find them.")
        want, _ = np.histogram(selected, bins=got_edges)
        failure = p.expect_close(got_counts, want, "Counts should match np.histogram of the same data with your edges.")
        complaint = None if failure else code_failure(code, [data])
        return failure or (Failure("code", complaint, code_hint or "Your histogram is right: now write it the way "
                                   "the question asks.") if complaint else None)

    return inspect


def a_class(right: type, *, wrong_classes: dict[type, str] | None = None, hint: str) -> Callable[[Any], Failure | None]:
    """The answer is the class *right* (``type(y)``); *wrong_classes* maps typical wrong classes to hints."""
    wrong_classes = wrong_classes or {}

    def inspect(answer: Any) -> Failure | None:
        if answer is right:
            return None
        if isinstance(answer, type):
            for cls, says in wrong_classes.items():
                if issubclass(answer, cls):
                    return Failure("type", f"your answer is {describe(answer)}", says)
            return Failure("type", f"your answer is {describe(answer)}", hint)
        if isinstance(answer, str):
            return Failure("type", f"your answer is {describe(answer)}, not a class",
                           "Give the class itself, not its name in quotes: Python's type() returns it.")
        if isinstance(answer, right):
            return Failure("type", f"your answer is {describe(answer)} itself, not its type",
                           "Python's built-in type() tells you the class of an object.")
        return Failure("type", f"your answer is {describe(answer)}, not a class", hint)

    return inspect
