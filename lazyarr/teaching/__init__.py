"""Exercise checks for the lazyarr course: ``check(qid, answer)`` and ``hint(qid, n)``.

Each exercise cell in ``exercises/`` ends with ``check("02.1", answer)``: the result
says at once whether the answer is right and, if not, which property to look at
(laziness, shape, dtype, chunks, values, number of computes), quoting your own value
and giving one hint, never the expected answer. ``hint("02.1", 2)`` gives more help;
the last hint points to the worked solution in ``solutions/``.

>>> from lazyarr.teaching import check
>>> check("00.1", 6 * 7)
✔ 00.1 correct.
  Every exercise works like this one.
"""

from .check import check, hint, watch_computes
from .registry import Question, all_questions, get_question
from .result import CheckResult, HintText

__all__ = ["check", "hint", "watch_computes", "CheckResult", "HintText", "Question", "all_questions",
           "get_question"]
