"""``solution(qid)``: the worked answer, behind a confirmation (as Kaggle's learntools does).

``solution("02.1")`` first says what it will do and how to confirm; ``solution("02.1",
show=True)`` shows the solution cell's code. The code comes from ``solution_cells.json``,
a copy of the answer cells of ``solutions/`` that ships inside the package (written by
``python -m lazyarr.teaching.make_exercises``), so a pip-installed course has it too.

Nothing here is secret: anyone can read that file (or ``solutions/``). The confirmation
is there to make looking a decision, not to hide anything.

>>> solution("00.1")
The worked answer to 00.1 is one step away. Try once more first: hint("00.1") has more help.
When you are ready, run: solution("00.1", show=True)
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .progress import tally
from .registry import get_question

__all__ = ["solution", "SolutionText", "solution_cells", "CELLS_FILE"]

CELLS_FILE = Path(__file__).with_name("solution_cells.json")


@lru_cache(maxsize=1)
def solution_cells() -> dict[str, dict[str, str]]:
    """``qid -> {"stem": ..., "code": ...}`` from the shipped copy of the solutions (empty if missing)."""
    try:
        return json.loads(CELLS_FILE.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return {}


@dataclass(frozen=True)
class SolutionText:
    """What :func:`solution` shows: a message, and the code when confirmed."""

    qid: str
    message: str
    code: str = ""

    def text(self) -> str:
        if not self.code:
            return self.message
        return self.message + "\n" + "\n".join("    " + line for line in self.code.splitlines())

    __str__ = text

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        body = f"<div>{html.escape(self.message)}</div>".replace("\n", "<br>")
        if self.code:
            body += f"<pre><code>{html.escape(self.code)}</code></pre>"
        return f'<div class="lazyarr-solution" role="note">{body}</div>'


def solution(qid: str, show: bool = False) -> SolutionText:
    """The worked answer to exercise *qid*: call once to see how, then with ``show=True``.

    Parameters
    ----------
    qid : str
        The exercise id, e.g. ``"02.1"``.
    show : bool
        ``True`` shows the solution cell's code (your teacher's progress summary notes it).
    """
    question = get_question(qid) if isinstance(qid, str) else None
    if question is None:
        return SolutionText(str(qid), "There is no exercise with this id: copy the id from the exercise heading.")
    if not show:
        return SolutionText(qid, f"The worked answer to {qid} is one step away. Try once more first: "
                                 f"hint(\"{qid}\") has more help.\nWhen you are ready, run: "
                                 f"solution(\"{qid}\", show=True)")
    tally.solution_shown(qid)
    cell = solution_cells().get(qid)
    if cell is None:
        return SolutionText(qid, f"The worked answer to {qid} is exercise {qid} in solutions/{question.stem}.ipynb.")
    return SolutionText(qid, f"Worked answer to {qid} (from solutions/{cell['stem']}.ipynb):", cell["code"])
