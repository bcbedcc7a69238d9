"""``check(qid, answer)`` and ``hint(qid, n)``: immediate, specific feedback in a notebook.

``check`` never raises in a learner's notebook: whatever the answer, it returns a
:class:`~lazyarr.teaching.result.CheckResult` with one of four outcomes. In CI the
environment variable ``LAZYARR_CHECK_STRICT=1`` turns anything but "correct" into an
``AssertionError`` with the same message, so a broken solution fails the build.
"""

from __future__ import annotations

import os
from typing import Any

from .progress import tally
from .registry import get_question
from .result import CheckResult, HintText
from .watch import counter, install_cell_hook

__all__ = ["check", "hint", "watch_computes"]

_LABELS = {"lazy": "lazy", "computed": "computed", "computes": "number of computes", "value": "value",
           "scheduler": "where it ran", "code": "how it is written"}


def watch_computes() -> None:
    """Start counting computes (for questions about *how many* computes an answer's cell ran)."""
    counter.register()


# In a notebook, count per cell from the moment the lesson imports check(); elsewhere (tests,
# scripts) counting starts at the first check() so importing this package changes nothing.
install_cell_hook()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    message = text[0] if text else ""
    return message if len(message) <= 300 else message[:299] + "…"


def _inspect(qid: Any, answer: Any) -> CheckResult:
    question = get_question(qid) if isinstance(qid, str) else None
    if question is None:
        return CheckResult(str(qid), "error", f"{qid!r} is not an exercise id",
                           ("Exercise ids look like \"02.1\": copy the id from the exercise heading.",))
    if answer is Ellipsis:
        return CheckResult(qid, "not attempted", f"{qid} not attempted",
                           ("Replace `...` with your answer and run the cell again.",))
    try:
        failure = question.inspect(answer)
    except Exception as exc:  # the learner's answer raised while being inspected or computed
        return CheckResult(qid, "error", f"{qid}: your answer raised {type(exc).__name__}: {_first_line(exc)}",
                           (f'Fix the error, or ask for a hint: hint("{qid}")',))
    if failure is None:
        return CheckResult(qid, "correct", f"{qid} correct.", (question.why,) if question.why else ())
    label = _LABELS.get(failure.prop, failure.prop)
    found = failure.found if failure.found.endswith((".", "?", "!", ")")) else failure.found + "."
    return CheckResult(qid, "incorrect", f"{qid} not quite: {label}",
                       (found, "hint: " + failure.hint, f'more: hint("{qid}")'), prop=failure.prop)


def check(qid: str, answer: Any, *, strict: bool | None = None) -> CheckResult:
    """Check *answer* to exercise *qid* and say what is right or what to look at.

    Parameters
    ----------
    qid : str
        The exercise id from its heading, e.g. ``"01.1"``.
    answer : object
        Your answer; ``...`` (Ellipsis) means "not attempted yet".
    strict : bool, optional
        Raise ``AssertionError`` unless correct. Default: on when the environment variable
        ``LAZYARR_CHECK_STRICT`` is set (CI); ``strict=False`` keeps deliberate demos of
        wrong answers running there. Learners never need it.

    Returns
    -------
    CheckResult
        Shown as text or HTML. Outcomes: not attempted, correct, incorrect (the first
        property that differs, your value and a hint), error (your answer raised).

    Examples
    --------
    >>> check("00.1", ...)
    ○ 00.1 not attempted
      Replace `...` with your answer and run the cell again.
    >>> check("00.1", "forty-two")
    ✘ 00.1 not quite: type
      your answer is the text 'forty-two'.
      hint: Give a whole number, like 7 or 1000 (not text in quotes).
      more: hint("00.1")
    """
    watch_computes()
    try:
        try:
            result = _inspect(qid, answer)
        finally:
            counter.after_check()  # a second check in the same cell counts only what follows
        tally.checked(result.qid, result.outcome)
    except Exception as exc:  # never a traceback for a learner, even from the checker itself
        result = CheckResult(str(qid), "error", f"{qid}: the checker failed: {type(exc).__name__}: {_first_line(exc)}",
                             ("This is a bug in lazyarr's checker, not in your answer: please tell your teacher.",))
    if strict is None:
        strict = os.environ.get("LAZYARR_CHECK_STRICT", "") not in ("", "0")
    if strict and not result.passed:
        raise AssertionError(result.text())
    return result


def hint(qid: str, n: int = 1) -> HintText:
    """The *n*-th hint for exercise *qid*; the last one offers the worked answer, ``solution(qid)``.

    >>> hint("00.1")
    hint 1/3 for 00.1: Use Python's * operator.
    >>> hint("00.1", 99).n
    3
    """
    question = get_question(qid) if isinstance(qid, str) else None
    if question is None:
        return HintText(str(qid), 1, 1, "There is no exercise with this id: copy the id from the exercise heading.")
    hints = [*question.hints, f"Still stuck? The worked answer is one call away: solution(\"{qid}\"). "
             "Try once more before you look!"]
    try:
        k = min(max(int(n), 1), len(hints))
    except (TypeError, ValueError):
        k = 1
    tally.hinted(qid)
    return HintText(qid, k, len(hints), hints[k - 1])
