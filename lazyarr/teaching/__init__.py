"""Exercise checks for the lazyarr course: ``check``, ``hint``, ``solution`` and ``progress``.

Each exercise cell in ``exercises/`` ends with ``check("02.1", answer)``: the result
says at once whether the answer is right and, if not, which property to look at
(laziness, shape, dtype, chunks, values, how many computes the cell ran, where it ran,
how it is written), quoting your own value in plain words and naming the likely mistake,
never the expected answer. ``hint("02.1", 2)`` gives more help; the last hint offers
``solution("02.1")``, which shows the worked answer after you confirm with
``solution("02.1", show=True)``. ``progress()`` prints which questions you attempted and
passed in this session, with no answers in it, to paste or save for your teacher.

**The answers are not secret.** Anyone can read them: the worked solutions are in
``solutions/`` and in this package (``solution_cells.json``), and the reference code is
in ``questions.py``. Fixed answers are stored as salted hashes only so that a glance at the
source does not spoil them: that is obfuscation, not secrecy. These checks are for
learning, not for grading.

In a notebook kernel, importing this package registers an IPython ``pre_run_cell`` hook,
so "how many computes" counts the answer's own cell only (see ``watch.py``).

>>> from lazyarr.teaching import check
>>> check("00.1", 6 * 7)
✔ 00.1 correct.
  Every exercise works like this one.
"""

from .check import check, hint, watch_computes
from .progress import progress
from .registry import Question, all_questions, get_question
from .result import CheckResult, HintText
from .solution import solution

__all__ = ["check", "hint", "solution", "progress", "watch_computes", "CheckResult", "HintText", "Question",
           "all_questions", "get_question"]
