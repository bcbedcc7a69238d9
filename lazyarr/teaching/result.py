"""What :func:`~lazyarr.teaching.check` and :func:`~lazyarr.teaching.hint` return.

A :class:`CheckResult` is shown by Jupyter: ``_repr_html_`` in JupyterLab, ``__repr__``
in a terminal or in nbval's text comparison. Each outcome has a word *and* a symbol,
so it never relies on colour alone, and the text is deterministic (nbval compares it).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

__all__ = ["CheckResult", "HintText", "OUTCOMES"]

#: outcome -> (symbol, CSS accent colour). The colour is decoration only.
OUTCOMES: dict[str, tuple[str, str]] = {
    "not attempted": ("○", "#6b7280"),
    "correct": ("✔", "#15803d"),
    "incorrect": ("✘", "#b45309"),
    "error": ("⚠", "#b91c1c"),
}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one answer.

    Attributes
    ----------
    qid : str
        The question id, e.g. ``"02.1"``.
    outcome : str
        One of ``"not attempted"``, ``"correct"``, ``"incorrect"``, ``"error"``.
    headline : str
        The first line without the symbol, e.g. ``"02.1 correct"``.
    details : tuple of str
        Further lines: what is wrong (quoting the learner's value) and one hint.
    prop : str or None
        For ``"incorrect"``: the first failing property (``"lazy"``, ``"shape"``, ...).

    Examples
    --------
    >>> r = CheckResult("02.1", "correct", "02.1 correct.")
    >>> print(r)
    ✔ 02.1 correct.
    >>> r.passed
    True
    """

    qid: str
    outcome: str
    headline: str
    details: tuple[str, ...] = field(default=())
    prop: str | None = None

    @property
    def symbol(self) -> str:
        return OUTCOMES[self.outcome][0]

    @property
    def passed(self) -> bool:
        return self.outcome == "correct"

    def __bool__(self) -> bool:
        return self.passed

    def text(self) -> str:
        return "\n".join([f"{self.symbol} {self.headline}", *(f"  {line}" for line in self.details)])

    __str__ = text

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        symbol, colour = OUTCOMES[self.outcome]
        cls = "lazyarr-check-" + self.outcome.replace(" ", "-")
        lines = "".join(f"<div>{html.escape(line)}</div>" for line in self.details)
        return (f'<div class="lazyarr-check {cls}" role="status" '
                f'style="border-left: 4px solid {colour}; padding: 0.2em 0.6em; margin: 0.2em 0">'
                f"<div><strong>{html.escape(symbol)} {html.escape(self.headline)}</strong></div>{lines}</div>")


@dataclass(frozen=True)
class HintText:
    """One hint, shown as text (terminal) or HTML (JupyterLab).

    >>> print(HintText("02.1", 1, 3, "Think about chunks."))
    hint 1/3 for 02.1: Think about chunks.
    """

    qid: str
    n: int
    total: int
    text: str

    def __str__(self) -> str:
        return f"hint {self.n}/{self.total} for {self.qid}: {self.text}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return (f'<div class="lazyarr-hint" role="note"><strong>hint {self.n}/{self.total} for '
                f"{html.escape(self.qid)}:</strong> {html.escape(self.text)}</div>")
