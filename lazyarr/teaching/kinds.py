"""Kinds of questions: builders that turn a short description into an ``inspect`` function.

- :func:`lazy_array` — the answer is a lazy array; checked for laziness, shape, dtype,
  optionally chunks, then values against a NumPy reference on the same inputs, then
  (in a notebook) how the cell is written when the wording asks for it.
- :func:`computed` — the answer is computed numbers (one value or a tuple); checked for
  "not lazy", values, and optionally how many computes the answer's own cell ran and
  on which scheduler.
- :func:`literal` — a number or a word, compared through salted hashes, with specific
  hints for typical wrong answers (also keyed by hash).

Wrong values are explained by the question's :class:`~lazyarr.teaching.diagnose.Mistake`
list first, then by generic relations (transposed, squared, ...), then by its hints.
"""

from __future__ import annotations

import numbers
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..core.array import Array
from . import properties as p
from .describe import describe, show_number
from .diagnose import Mistake, close, match_mistake
from .registry import Failure, answer_hash, normalize_literal
from .source import Constraint, code_failure
from .watch import counter

__all__ = ["lazy_array", "computed", "literal", "numpy_inputs", "given", "Mistake"]

Inputs = Callable[[], dict]
Reference = Callable[..., Any]

_CACHE: OrderedDict[Any, dict] = OrderedDict()
_CACHE_SIZE = 2  # the inputs of the last two questions checked (lesson 08's are 200 MB each)


def numpy_inputs(setup: Inputs) -> dict:
    """Build the question's inputs exactly as its setup lines do, then compute them.

    Inputs are seeded, so they are computed once and kept (read-only) for the next checks.
    """
    if setup in _CACHE:
        _CACHE.move_to_end(setup)
        return _CACHE[setup]
    lazy = setup()
    names = list(lazy)
    values = p.computed_quietly(*(lazy[n] for n in names))
    inputs = {}
    for name, value in zip(names, values):
        if isinstance(value, np.ndarray):
            value.setflags(write=False)  # a reference or a mistake must not change the cached inputs
        inputs[name] = value
    _CACHE[setup] = inputs
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return inputs


_numpy_inputs = numpy_inputs  # the name the question bank used first


def given(code: str) -> Inputs:
    """A setup function from the exercise's given lines (run with ``la`` and ``np`` imported).

    >>> setup = given("x = la.arange(6, chunks=3)")
    >>> sorted(setup())
    ['x']
    """

    def setup() -> dict:
        import lazyarr

        namespace: dict[str, Any] = {"la": lazyarr, "np": np}
        exec(code, namespace)  # the course's own setup lines, not learner input
        return {k: v for k, v in namespace.items() if k not in ("la", "np", "__builtins__")}

    setup.__qualname__ = setup.__name__ = f"given({code!r})"
    return setup


def _input_names(setup: Inputs) -> list[str]:
    try:
        return list(setup())
    except Exception:
        return []


def _code(code: Sequence[Constraint], setup: Inputs, hint: str | None) -> Failure | None:
    complaint = code_failure(code, _input_names(setup)) if code else None
    if complaint:
        return Failure("code", complaint, hint or "Your numbers are right: now write it the way the question asks.")
    return None


def _shape_failure(answer: Array, want_shape: tuple, want: np.ndarray | None, hints: dict) -> Failure | None:
    """Shape, where ``nan`` in *want_shape* means "unknown is expected; the right known length is fine too"."""
    if any(isinstance(s, float) and np.isnan(s) for s in want_shape) and not np.isnan(answer.size):
        if want is not None:
            want_shape = want.shape
        elif answer.ndim == len(want_shape):
            return None  # known sizes, and no reference to compare lengths with: the values decide
    failure = p.expect_shape(answer, want_shape, hints.get("shape"), hints.get("unknown"))
    if failure and answer.dtype == bool and (want is None or want.dtype != bool):
        return replace(failure, hint="Your answer is a mask, True or False for every value: index the array with "
                                     "it, x[mask], to keep only the selected values.")
    return failure


def lazy_array(setup: Inputs, reference: Reference | None = None, *, shape: tuple | None = None,
               dtype: Any = None, chunks: Callable[[tuple], bool] | None = None,
               values: Callable[[Array], Failure | None] | None = None, rtol: float = 1e-7,
               hints: dict[str, str] | None = None, mistakes: Iterable[Mistake] = (),
               explain_chunks: Callable[[tuple], str | None] | None = None,
               code: Sequence[Constraint] = ()) -> Callable[[Any], Failure | None]:
    """Inspect a lazy-array answer.

    Parameters
    ----------
    setup : callable
        Returns the question's lazy inputs by name (the same code as the setup lines).
    reference : callable, optional
        ``reference(**numpy_inputs)``: the expected NumPy result. Its shape and dtype are
        the expected ones unless *shape*/*dtype* are given (``nan`` in *shape*: a length
        that is unknown, as after boolean indexing; the right known length passes too).
    dtype : dtype or callable, optional
        The expected dtype, or ``dtype(got) -> bool`` when several are right.
    chunks : callable, optional
        ``chunks(answer.chunks) -> bool`` when the question asks for particular chunks;
        *explain_chunks(answer.chunks)* names what is wrong with them.
    values : callable, optional
        A custom value check instead of comparing with *reference* (for big or random data).
    hints : dict, optional
        Hints per property, used when no mistake is recognised (``"unknown"``: for an
        answer whose length is still unknown where a known one is asked for).
    mistakes : iterable of Mistake
        Typical wrong routes, recognised from the answer's value.
    code : sequence of constraints
        Checks on how the cell is written (``source.py``), run in a notebook after the values.
    """
    hints = hints or {}
    mistakes = tuple(mistakes)

    def inspect(answer: Any) -> Failure | None:
        failure = p.expect_lazy(answer, hints.get("lazy"))
        if failure:
            return failure
        inputs, want = None, None
        if reference is not None and (shape is None or dtype is None or values is None or mistakes):
            inputs = numpy_inputs(setup)
            want = np.asarray(reference(**inputs))
        failure = _shape_failure(answer, shape if shape is not None else want.shape, want, hints)
        if failure and mistakes and inputs is not None and not np.isnan(answer.size) and answer.size <= 5_000_000:
            (got,) = p.computed_quietly(answer)
            diagnosis = match_mistake(got, want, inputs, mistakes, rtol)
            failure = replace(failure, hint=diagnosis) if diagnosis else failure
        if failure:
            return failure
        failure = p.expect_dtype(answer, dtype if dtype is not None else want.dtype, hints.get("dtype"))
        if failure:
            return failure
        if chunks is not None:
            failure = p.expect_chunks(answer, chunks, hints.get("chunks"))
            if failure:
                diagnosis = explain_chunks(answer.chunks) if explain_chunks else None
                return replace(failure, hint=diagnosis) if diagnosis else failure
        if values is not None:
            failure = values(answer)
        else:
            (got,) = p.computed_quietly(answer)
            failure = p.expect_close(got, want, hints.get("values"), rtol=rtol,
                                     explain=lambda g: match_mistake(g, want, inputs, mistakes, rtol))
        return failure or _code(code, setup, hints.get("code"))

    return inspect


def _items(answer: Any, n: int) -> list | None:
    """The *n* items of a tuple, list or 1-D NumPy array answer, or None."""
    if isinstance(answer, (tuple, list)) and len(answer) == n:
        return list(answer)
    if isinstance(answer, np.ndarray) and answer.ndim == 1 and answer.shape[0] == n:
        return list(answer)
    return None


def _scheduler_failure(want: str, hint: str | None) -> Failure | None:
    ran_on = counter.schedulers() or ((counter.last_scheduler,) if counter.last_scheduler else ())
    if want in ran_on:
        return None
    if not ran_on:
        found = "no compute ran for this answer"
    elif counter.schedulers():
        found = f"this cell computed with the {' and '.join(sorted(set(ran_on)))} scheduler, not on the cluster"
    else:
        found = f"the last compute ran with the {ran_on[0]} scheduler, not on the cluster"
    return Failure("scheduler", found, hint or "With a Client running, .compute() with no scheduler= runs on the "
                   "cluster; scheduler=\"threads\" or \"sync\" keeps the work on this machine.")


def computed(setup: Inputs, reference: Reference, *, items: int | None = None, names: Sequence[str] = (),
             computes: int | None = None, scheduler: str | None = None, rtol: float = 1e-7,
             hints: dict[str, str] | None = None, mistakes: Iterable[Mistake] = ()) -> Callable[[Any], Failure | None]:
    """Inspect an answer of computed numbers: one value, or a tuple of *items* values.

    Parameters
    ----------
    items : int, optional
        The answer is a tuple (or list) of this many values; *names* says what each is.
    computes : int, optional
        At most this many computes in the answer's own cell. Fewer is fine: a value
        computed (or persisted) in an earlier cell needs none here.
    scheduler : str, optional
        The answer's compute must have run on this scheduler (``"distributed"``): the
        cell's computes, or the last compute when the cell ran none.
    mistakes : iterable of Mistake
        Typical wrong routes; for a tuple answer, ``make`` returns the whole tuple.
    """
    hints = hints or {}
    mistakes = tuple(mistakes)
    labels = list(names)

    def item_name(i: int, container: str) -> str:
        extra = f" ({labels[i]})" if i < len(labels) else ""
        return f"item {i + 1} of your {container}{extra}"

    def inspect(answer: Any) -> Failure | None:
        used = counter.computes()
        if items is None:
            parts, whats = [answer], ["your answer"]
        else:
            parts = _items(answer, items)
            if parts is None:
                shape_words = "(" + ", ".join(labels[:items]) + ")" if labels else f"a tuple of {items} values"
                return Failure("type", f"your answer is {describe(answer)}",
                               hints.get("type") or f"Give {shape_words} as a tuple, e.g. answer = (a, b).")
            container = type(answer).__name__ if isinstance(answer, (tuple, list)) else "array"
            whats = [item_name(i, container) for i in range(items)]
        for part, what in zip(parts, whats):
            failure = p.expect_computed(part, hints.get("computed"), what=what)
            if failure:
                return failure
        inputs = numpy_inputs(setup)
        want = reference(**inputs)
        wants = list(want) if items is not None else [want]
        if items is not None and not all(close(g, w, rtol) for g, w in zip(parts, wants)):
            if items == 2 and close(parts[0], wants[1], rtol) and close(parts[1], wants[0], rtol):
                order = "(" + ", ".join(labels) + ")" if labels else "the order the question gives"
                return Failure("values", "your two items are the right values in the wrong order",
                               f"The question asks for {order}, in that order.")
            diagnosis = _tuple_mistake(parts, wants, inputs, mistakes, rtol)
            if diagnosis:
                return Failure("values", f"your answer is {describe(answer)} with wrong values", diagnosis)
        for got, expected, what in zip(parts, wants, whats):
            explain = (lambda g: match_mistake(g, expected, inputs, mistakes, rtol)) if items is None else None
            failure = p.expect_close(got, expected, hints.get("values"), rtol=rtol, what=what, explain=explain)
            if failure:
                return failure
        if computes is not None and used > computes:
            return Failure("computes", f"this cell ran {used} compute{'s' if used != 1 else ''}",
                           hints.get("computes") or p.DEFAULT_HINTS["computes"])
        if scheduler is not None:
            return _scheduler_failure(scheduler, hints.get("scheduler"))
        return None

    return inspect


def _tuple_mistake(parts: list, wants: list, inputs: dict, mistakes: tuple[Mistake, ...], rtol: float) -> str | None:
    for mistake in mistakes:
        try:
            wrong = list(mistake.make(**inputs))
        except Exception:
            continue
        if len(wrong) == len(parts) and all(close(g, w, rtol) for g, w in zip(parts, wrong)) \
                and not all(close(g, w, rtol) for g, w in zip(wants, wrong)):
            return mistake.says
    return None


def _literal_type_failure(answer: Any, kinds: tuple, type_hint: str) -> Failure | None:
    """None when *answer* has an accepted type; a plain-words failure otherwise."""
    import types

    if isinstance(answer, (bool, np.bool_)):
        return Failure("type", f"your answer is {describe(answer)}", type_hint)
    if str in kinds and isinstance(answer, str):
        return None
    if int in kinds and isinstance(answer, (numbers.Real, np.number)):
        if isinstance(answer, numbers.Integral) or float(answer).is_integer():
            return None  # 12.0 is a fine count (worked out by hand: 2000/500 * 3000/1000)
        return Failure("type", f"your answer is the number {show_number(answer)}, not a whole number",
                       "A count is a whole number: check your divisions." if str not in kinds else type_hint)
    if str in kinds and isinstance(answer, types.ModuleType):
        return Failure("type", f"your answer is {describe(answer)}, not a word",
                       f"Put the word in quotes: answer = \"{answer.__name__.split('.')[0]}\".")
    return Failure("type", f"your answer is {describe(answer)}", type_hint)


def literal(qid: str, right: str, *, wrong: dict[str, str] | None = None, kind: type | tuple = (int, str),
            choices: tuple[str, ...] = (), hint: str, type_hint: str) -> Callable[[Any], Failure | None]:
    """Inspect a literal answer through salted hashes.

    Parameters
    ----------
    qid : str
        The question id (part of every hash).
    right : str
        ``answer_hash(qid, correct_answer)``.
    wrong : dict
        ``answer_hash(qid, typical_wrong_answer) -> specific hint``.
    kind : type or tuple of types
        Accepted Python types. ``int`` accepts any whole number, also ``12.0`` or a NumPy integer.
    choices : tuple of str
        For multiple choice: the allowed words (public, shown in the question).
    """
    wrong = wrong or {}
    kinds = kind if isinstance(kind, tuple) else (kind,)

    def inspect(answer: Any) -> Failure | None:
        failure = _literal_type_failure(answer, kinds, type_hint)
        if failure:
            return failure
        text = normalize_literal(answer)
        if choices and text not in choices:
            return Failure("choice", f"your answer is {answer!r}, which is not one of the choices",
                           "Answer with one of: " + ", ".join(repr(c) for c in choices) + ".")
        digest = answer_hash(qid, answer)
        if digest == right:
            return None
        shown = show_number(answer) if not isinstance(answer, str) else repr(answer)
        return Failure("value", f"your answer is {shown}", wrong.get(digest, hint))

    return inspect
