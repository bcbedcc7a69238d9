"""A class-progress summary: which questions were attempted and passed, with no answers in it.

Every ``check()``, ``hint()`` and ``solution(..., show=True)`` in a session (one notebook's
kernel) is tallied here. ``progress()`` prints the tally for the lessons touched so far; a
student pastes it into the class chat, or saves it as a small JSON file the teacher
collects (``progress(save="ada.json", name="Ada")``). The teacher merges the files::

    python -m lazyarr.teaching.progress *.json

Nothing in a summary reveals an answer: only ids, counts and yes/no.

>>> from lazyarr.teaching.progress import Tally
>>> t = Tally()
>>> t.checked("00.1", "incorrect"); t.checked("00.1", "correct")
>>> print(t.report())
lazyarr progress: 1 of 1 question passed
  00-start-here
    ✔ 00.1 passed (2 attempts)
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Tally", "Report", "progress", "tally", "main"]


@dataclass
class QuestionTally:
    attempts: int = 0
    passed: bool = False
    hints: int = 0
    solution_seen: bool = False
    solution_before_pass: bool = False


@dataclass
class Tally:
    """What happened to each question in this session."""

    questions: dict[str, QuestionTally] = field(default_factory=dict)

    def _get(self, qid: str) -> QuestionTally:
        return self.questions.setdefault(qid, QuestionTally())

    def checked(self, qid: str, outcome: str) -> None:
        if outcome == "not attempted":
            return
        entry = self._get(qid)
        entry.attempts += 1
        if outcome == "correct" and not entry.passed:
            entry.passed = True

    def hinted(self, qid: str) -> None:
        self._get(qid).hints += 1

    def solution_shown(self, qid: str) -> None:
        entry = self._get(qid)
        entry.solution_seen = True
        if not entry.passed:
            entry.solution_before_pass = True

    def report(self, name: str | None = None) -> Report:
        return Report(name, {q: QuestionTally(**asdict(t)) for q, t in self.questions.items()})

    def clear(self) -> None:
        self.questions.clear()


tally = Tally()


def _lessons(qids: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Lesson stem -> [(qid, stem)] for every question of the lessons in *qids*."""
    from .registry import all_questions

    lessons: dict[str, list[str]] = {}
    known = {q.qid: q.stem for q in all_questions()}
    touched = {known.get(qid, qid[:2]) for qid in qids}
    for question in all_questions():
        if question.stem in touched:
            lessons.setdefault(question.stem, []).append(question.qid)
    for qid in qids:  # a question no longer registered still shows
        stem = known.get(qid, qid[:2])
        if qid not in lessons.setdefault(stem, []):
            lessons[stem].append(qid)
    return {stem: sorted(q) for stem, q in sorted(lessons.items())}


@dataclass(frozen=True)
class Report:
    """A printable, pasteable summary (``print(progress())``), also as JSON (:meth:`to_json`)."""

    name: str | None
    questions: dict[str, QuestionTally]

    def _line(self, qid: str) -> str:
        t = self.questions.get(qid)
        if t is None or t.attempts == 0:
            line = f"○ {qid} not attempted"
        elif t.passed:
            line = f"✔ {qid} passed ({t.attempts} attempt{'s' if t.attempts != 1 else ''})"
        else:
            line = f"✘ {qid} attempted, not passed yet ({t.attempts} attempt{'s' if t.attempts != 1 else ''})"
        extras = []
        if t is not None and t.hints:
            extras.append(f"{t.hints} hint{'s' if t.hints != 1 else ''}")
        if t is not None and t.solution_seen:
            extras.append("solution seen" + (" before passing" if t.solution_before_pass else ""))
        return line + "".join(", " + extra for extra in extras)

    def lines(self) -> list[str]:
        lessons = _lessons(set(self.questions))
        total = sum(len(q) for q in lessons.values())
        passed = sum(1 for t in self.questions.values() if t.passed)
        who = f" for {self.name}" if self.name else ""
        if not lessons:
            return [f"lazyarr progress{who}: no exercise checked yet in this session"]
        out = [f"lazyarr progress{who}: {passed} of {total} question{'s' if total != 1 else ''} passed"]
        for stem, qids in lessons.items():
            out.append(f"  {stem}")
            out.extend(f"    {self._line(qid)}" for qid in qids)
        return out

    def text(self) -> str:
        return "\n".join(self.lines())

    __str__ = text

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return '<pre class="lazyarr-progress">' + html.escape(self.text()) + "</pre>"

    def to_json(self) -> dict[str, Any]:
        from .. import __version__

        lessons = _lessons(set(self.questions))
        everything = [qid for qids in lessons.values() for qid in qids]
        return {"format": "lazyarr-progress/1", "name": self.name, "lazyarr": __version__,
                "questions": {qid: asdict(self.questions.get(qid, QuestionTally())) for qid in everything}}

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return path


def progress(name: str | None = None, *, save: str | Path | None = None) -> Report:
    """Which questions you attempted and passed in this notebook session (no answers in it).

    Parameters
    ----------
    name : str, optional
        Your name, shown in the summary (for the teacher).
    save : str or Path, optional
        Also write the summary as a small JSON file your teacher can collect.

    Examples
    --------
    >>> from lazyarr.teaching import check, progress
    >>> _ = check("00.1", 41)
    >>> _ = check("00.1", 42)
    >>> print(progress("Ada"))  # doctest: +ELLIPSIS
    lazyarr progress for Ada: ... passed
      00-start-here
        ✔ 00.1 passed ...
    """
    report = tally.report(name)
    if save is not None:
        report.save(save)
    return report


def merge(files: list[Path]) -> str:
    """A class table from students' JSON summaries: per question, how many attempted and passed."""
    per_question: dict[str, list[int]] = {}
    names = []
    for path in files:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != "lazyarr-progress/1":
            raise ValueError(f"progress: {path} is not a lazyarr progress file (format {data.get('format')!r}); "
                             "students write them with progress(save=...)")
        names.append(data.get("name") or Path(path).stem)
        for qid, t in data["questions"].items():
            counts = per_question.setdefault(qid, [0, 0, 0])
            counts[0] += t["attempts"] > 0
            counts[1] += bool(t["passed"])
            counts[2] += bool(t["solution_seen"])
    lines = [f"{len(files)} student{'s' if len(files) != 1 else ''}: {', '.join(names)}",
             "question  attempted  passed  saw solution"]
    for qid in sorted(per_question):
        attempted, passed, seen = per_question[qid]
        lines.append(f"{qid:<9} {attempted:>9} {passed:>7} {seen:>13}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Merge students' lazyarr progress files into a class table.")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    try:
        print(merge(args.files))
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
