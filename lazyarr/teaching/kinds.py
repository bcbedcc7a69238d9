"""Kinds of questions: builders that turn a short description into an ``inspect`` function.

- :func:`lazy_array` — the answer is a lazy array; checked for laziness, shape, dtype,
  optionally chunks, then values against a NumPy reference on the same inputs.
- :func:`computed` — the answer is computed numbers (one value or a tuple); checked for
  "not lazy", values, and optionally how many computes the learner used.
- :func:`literal` — a number or a word, compared through salted hashes, with specific
  hints for typical wrong answers (also keyed by hash).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..core.array import Array
from . import properties as p
from .registry import Failure, answer_hash, normalize_literal

__all__ = ["lazy_array", "computed", "literal"]

Inputs = Callable[[], dict]
Reference = Callable[..., Any]


def _numpy_inputs(setup: Inputs) -> dict:
    """Build the question's inputs exactly as its setup cell does, then compute them."""
    lazy = setup()
    names = list(lazy)
    values = p.computed_quietly(*(lazy[n] for n in names))
    return dict(zip(names, values))


def lazy_array(setup: Inputs, reference: Reference | None = None, *, shape: tuple | None = None,
               dtype: Any = None, chunks: Callable[[tuple], bool] | None = None,
               values: Callable[[Array], Failure | None] | None = None, rtol: float = 1e-7,
               hints: dict[str, str] | None = None) -> Callable[[Any], Failure | None]:
    """Inspect a lazy-array answer.

    Parameters
    ----------
    setup : callable
        Returns the question's lazy inputs by name (the same code as the setup lines).
    reference : callable, optional
        ``reference(**numpy_inputs)``: the expected NumPy result. Its shape and dtype are
        the expected ones unless *shape*/*dtype* are given (use ``nan`` in *shape* for
        a length that must be unknown).
    chunks : callable, optional
        ``chunks(answer.chunks) -> bool`` when the lesson is about chunks.
    values : callable, optional
        A custom value check instead of comparing with *reference* (for big or random data).
    hints : dict, optional
        Hints per property, replacing the defaults.
    """
    hints = hints or {}

    def inspect(answer: Any) -> Failure | None:
        failure = p.expect_lazy(answer, hints.get("lazy"))
        if failure:
            return failure
        want = None
        if reference is not None and (shape is None or dtype is None or values is None):
            want = np.asarray(reference(**_numpy_inputs(setup)))
        want_shape = shape if shape is not None else want.shape
        want_dtype = dtype if dtype is not None else want.dtype
        failure = (p.expect_shape(answer, want_shape, hints.get("shape"))
                   or p.expect_dtype(answer, want_dtype, hints.get("dtype"))
                   or (chunks is not None and p.expect_chunks(answer, chunks, hints.get("chunks"))) or None)
        if failure:
            return failure
        if values is not None:
            return values(answer)
        (got,) = p.computed_quietly(answer)
        return p.expect_close(got, want, hints.get("values"), rtol=rtol)

    return inspect


def computed(setup: Inputs, reference: Reference, *, items: int | None = None, computes: int | None = None,
             rtol: float = 1e-7, hints: dict[str, str] | None = None) -> Callable[[Any], Failure | None]:
    """Inspect an answer of computed numbers: one value, or a tuple of *items* values.

    *computes* is how many ``compute`` calls the learner should have needed since the
    previous check (the exercise cell's own).
    """
    hints = hints or {}

    def inspect(answer: Any) -> Failure | None:
        parts = answer if items is not None and isinstance(answer, (tuple, list)) else [answer]
        if items is not None and (not isinstance(answer, (tuple, list)) or len(answer) != items):
            return Failure("type", f"your answer is {p.describe(answer)}",
                           hints.get("type") or f"Give a tuple of {items} values, e.g. answer = (a, b).")
        for part in parts:
            failure = p.expect_computed(part, hints.get("computed"))
            if failure:
                return failure
        used = p.counter.since_mark()
        want = reference(**_numpy_inputs(setup))
        wants = want if items is not None else [want]
        for got, expected in zip(parts, wants):
            failure = p.expect_close(got, expected, hints.get("values"), rtol=rtol)
            if failure:
                return failure
        if computes is not None and used != computes:
            return Failure("computes", f"this cell ran {used} compute{'s' if used != 1 else ''}",
                           hints.get("computes") or p.DEFAULT_HINTS["computes"])
        return None

    return inspect


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
        Accepted Python types (NumPy integers count as int).
    choices : tuple of str
        For multiple choice: the allowed words (public, shown in the question).
    """
    wrong = wrong or {}
    kinds = kind if isinstance(kind, tuple) else (kind,)

    def inspect(answer: Any) -> Failure | None:
        text = normalize_literal(answer)
        ok_type = text is not None and (isinstance(answer, kinds) or (int in kinds and isinstance(answer, np.integer)))
        if not ok_type:
            return Failure("type", f"your answer is {p.describe(answer)}", type_hint)
        if choices and text not in choices:
            return Failure("choice", f"your answer is {answer!r}, which is not one of the choices",
                           "Answer with one of: " + ", ".join(repr(c) for c in choices) + ".")
        digest = answer_hash(qid, answer)
        if digest == right:
            return None
        return Failure("value", f"your answer is {answer!r}", wrong.get(digest, hint))

    return inspect
