"""The question registry: every exercise's id, title, checks and hints.

A :class:`Question` knows how to *inspect* an answer: its ``inspect`` function returns
``None`` when the answer is right, or a :class:`Failure` naming the first failing
property, the learner's own value and one concept-level hint. Expected values are never
stored as literals: array answers are compared with a NumPy reference computed at check
time (see ``properties.py``), and fixed answers (counts, multiple choice) are stored as
salted hashes (:func:`answer_hash`), so reading this package does not give them away.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Failure", "Question", "register", "get_question", "all_questions", "answer_hash",
           "normalize_literal"]

#: Mixed into every hash, so a table of hashes of small numbers does not reveal answers.
_SALT = "lazyarr-teaching-7f3c9e1b"


@dataclass(frozen=True)
class Failure:
    """Why an answer is not right: the property, what the learner gave, one hint."""

    prop: str
    found: str
    hint: str


@dataclass(frozen=True)
class Question:
    """One exercise.

    Parameters
    ----------
    qid : str
        ``"NN.k"``: lesson number and question number.
    title : str
        The heading text after ``### Exercise NN.k -``.
    stem : str
        The lesson's file stem, e.g. ``"02-chunks"`` (solutions live in ``solutions/<stem>.ipynb``).
    inspect : callable
        ``inspect(answer) -> Failure | None``.
    hints : tuple of str
        Progressive hints, most general first; a last hint pointing to the solutions
        notebook is added by :func:`lazyarr.teaching.hint`.
    why : str
        One sentence shown with a correct answer.
    """

    qid: str
    title: str
    stem: str
    inspect: Callable[[Any], Failure | None]
    hints: tuple[str, ...]
    why: str = ""


_QUESTIONS: dict[str, Question] = {}


def register(question: Question) -> Question:
    """Add *question* to the registry (ids are unique)."""
    if question.qid in _QUESTIONS:
        raise ValueError(f"register: question id {question.qid!r} is already registered; ids must be unique")
    _QUESTIONS[question.qid] = question
    return question


def _load() -> None:
    # The question bank registers itself on import; imported lazily to keep this module small.
    from . import questions  # noqa: F401


def get_question(qid: str) -> Question | None:
    """The question with id *qid*, or None."""
    _load()
    return _QUESTIONS.get(qid)


def all_questions() -> list[Question]:
    """Every registered question, in id order."""
    _load()
    return [_QUESTIONS[q] for q in sorted(_QUESTIONS)]


def normalize_literal(value: Any) -> str | None:
    """A canonical text for a literal answer, or None if it is not a number or a string.

    Integral numbers of any type (``12``, ``np.int64(12)``, ``12.0``) become ``"12"``;
    strings are stripped and lower-cased.

    >>> normalize_literal(12.0), normalize_literal(" NumPy "), normalize_literal([1])
    ('12', 'numpy', None)
    """
    import numbers

    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return None


def answer_hash(qid: str, value: Any) -> str:
    """Salted SHA-256 of a literal answer for question *qid* (see :func:`normalize_literal`).

    >>> len(answer_hash("00.1", 42))
    64
    >>> answer_hash("00.1", 42) == answer_hash("00.2", 42)
    False
    """
    text = normalize_literal(value)
    return hashlib.sha256(f"{_SALT}:{qid}:{text}".encode()).hexdigest()
