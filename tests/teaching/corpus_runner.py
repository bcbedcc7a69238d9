"""Students' answers to every exercise, run cell by cell in a real kernel.

The corpus lives in ``tests/teaching/corpus/<qid>.toml``, one file per question, so a new
question is a new file (no merge conflicts)::

    qid = "02.2"

    [[right]]                      # at least 4, reached different ways
    why = "the model answer"
    answer = "answer = la.compute(x.min(), x.max())"

    [[right]]
    why = "computed in an earlier cell: no compute is needed here"
    before = "{setup}\\nlo, hi = la.compute(x.min(), x.max())"   # an earlier cell ({setup}: the given lines)
    answer = "answer = (lo, hi)"

    [[wrong]]                      # at least 4 typical mistakes
    answer = "answer = (x.min().compute(), x.max().compute())"
    prop = "number of computes"    # the label after "not quite: " (verdict "incorrect" unless given)
    says = ["ran 2 computes", "la.compute(a, b)"]   # fragments the feedback must contain

Each case runs as a student runs it: the lesson's first cells (imports, a cluster) once per
kernel, then, per case, an optional earlier cell and the exercise cell itself - the given
setup lines from ``solutions/``, the case's answer lines, then ``check(qid, answer)``.
"""

from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from lazyarr.teaching.make_exercises import strip_solutions, unmark_solutions

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).with_name("corpus")
CHECK = re.compile(r'check\("(?P<qid>\d\d\.\d+)", answer\)')
VERDICTS = {"○": "not attempted", "✔": "correct", "✘": "incorrect", "⚠": "error"}


@dataclass(frozen=True)
class Case:
    qid: str
    kind: str  # "right" or "wrong"
    index: int
    answer: str
    before: tuple[str, ...] = ()
    verdict: str = "correct"
    prop: str | None = None
    says: tuple[str, ...] = ()
    why: str = ""

    @property
    def id(self) -> str:
        return f"{self.qid}-{self.kind}-{self.index}"


@dataclass
class Lesson:
    """What the solutions notebook gives: first cells, each question's setup lines, last cells."""

    stem: str
    preamble: list[str] = field(default_factory=list)
    setups: dict[str, str] = field(default_factory=dict)
    cleanup: list[str] = field(default_factory=list)


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def lesson(stem: str) -> Lesson:
    """Read ``solutions/<stem>.ipynb``: code before the first exercise, each setup, code after the last."""
    nb = json.loads((ROOT / "solutions" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    out = Lesson(stem)
    seen_exercise = False
    trailing: list[str] = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        text = _source(cell)
        found = CHECK.search(text)
        if found:
            seen_exercise = True
            trailing = []
            given = [line for line in strip_solutions(text).splitlines()
                     if line.strip() and not CHECK.search(line) and line.strip() != "answer = ..."]
            out.setups[found["qid"]] = "\n".join(given)
        elif not seen_exercise:
            out.preamble.append(text)
        elif "SOLUTION" not in text:
            trailing.append(text)
    out.cleanup = trailing
    return out


def load(path: Path) -> list[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    qid = data["qid"]
    cases = []
    for kind in ("right", "wrong"):
        for i, entry in enumerate(data.get(kind, [])):
            before = entry.get("before", ())
            says = entry.get("says", ())
            cases.append(Case(
                qid, kind, i, entry["answer"],
                before=(before,) if isinstance(before, str) else tuple(before),
                verdict=entry.get("verdict", "correct" if kind == "right" else "incorrect"),
                prop=entry.get("prop"), says=(says,) if isinstance(says, str) else tuple(says),
                why=entry.get("why", "")))
    return cases


def corpus_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted(CORPUS.glob("*.toml"))}


def all_cases() -> list[Case]:
    return [case for path in corpus_files().values() for case in load(path)]


# -- running in a kernel ------------------------------------------------------------------
HELPERS = '''
def _corpus_forget(keep):
    for name in [n for n in list(globals()) if n not in keep and not n.startswith("_")]:
        del globals()[name]

def _corpus_secret(value):
    """A text form of the model answer that a wrong answer's feedback must never show."""
    import numpy as _np
    import lazyarr as _la
    from lazyarr.teaching.describe import show_values
    if isinstance(value, tuple):
        value = value[0]
    if isinstance(value, _la.Array):
        if value.size != value.size or value.size > 1_000_000:
            return None
        value = value.compute(scheduler="threads")
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, str) or isinstance(value, int):
        return str(value)
    if _np.ndim(value) > 0 and _np.size(value) > 1000:
        return None
    text = show_values(value)
    return text if len(text) > 3 else None
'''


class LessonKernel:
    """One kernel for one lesson: the lesson's first cells run once, then case after case."""

    def __init__(self, stem: str):
        import nbformat
        from nbclient import NotebookClient

        self.stem = stem
        self.lesson = lesson(stem)
        self.nb = nbformat.v4.new_notebook()
        self.nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        self.client = NotebookClient(self.nb, kernel_name="python3", timeout=600, allow_errors=True,
                                     resources={"metadata": {"path": str(ROOT)}})
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   MPLBACKEND="Agg")
        env.pop("LAZYARR_CHECK_STRICT", None)
        self._context = self.client.setup_kernel(env=env)
        self._context.__enter__()
        for source in self.lesson.preamble:
            self.run(source, must_succeed=True)
        self.run(HELPERS + "\n_corpus_keep = set(globals()) | {'_corpus_keep'}", must_succeed=True)
        self.secrets: dict[str, str | None] = {}

    def run(self, source: str, must_succeed: bool = False) -> list[dict]:
        from nbformat.v4 import new_code_cell

        cell = new_code_cell(source)
        self.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.nb.cells) - 1)
        errors = [o for o in cell.outputs if o["output_type"] == "error"]
        if must_succeed and errors:
            raise AssertionError(f"cell failed:\n{source}\n{errors[0]['ename']}: {errors[0]['evalue']}")
        return cell.outputs

    def text(self, outputs: list[dict]) -> str:
        errors = [o for o in outputs if o["output_type"] == "error"]
        if errors:
            raise AssertionError(f"the cell raised {errors[0]['ename']}: {errors[0]['evalue']}\n"
                                 + "\n".join(errors[0].get("traceback", []))[-3000:])
        results = [o for o in outputs if o["output_type"] == "execute_result"]
        assert results, f"no result shown: {outputs}"
        return results[-1]["data"]["text/plain"]

    def secret(self, qid: str) -> str | None:
        """The model answer's text, from the solutions notebook's own answer line."""
        if qid not in self.secrets:
            nb = json.loads((ROOT / "solutions" / f"{self.stem}.ipynb").read_text(encoding="utf-8"))
            cell = next(_source(c) for c in nb["cells"] if c["cell_type"] == "code" and f'check("{qid}"' in _source(c))
            self.forget()
            self.run("\n".join(line for line in unmark_solutions(cell).splitlines() if not CHECK.search(line)),
                     must_succeed=True)
            shown = self.text(self.run("__import__('json').dumps(_corpus_secret(answer))", must_succeed=True))
            self.secrets[qid] = json.loads(ast.literal_eval(shown))
        return self.secrets[qid]

    def forget(self) -> None:
        self.run("_corpus_forget(_corpus_keep)", must_succeed=True)

    def run_case(self, case: Case) -> str:
        """Run *case* as a student would; return what check() showed."""
        setup = self.lesson.setups[case.qid]
        self.forget()
        for before in case.before:
            self.run(before.replace("{setup}", setup), must_succeed=True)
        cell = "\n".join(part for part in (setup, case.answer, f'check("{case.qid}", answer)') if part)
        return self.text(self.run(cell))

    def close(self) -> None:
        for source in self.lesson.cleanup:
            try:
                self.run(source)
            except Exception:
                pass
        self._context.__exit__(None, None, None)


def verdict_of(text: str) -> tuple[str, str | None]:
    """("incorrect", "values") from the first line of check()'s text."""
    first = text.splitlines()[0]
    verdict = VERDICTS.get(first[:1], "?")
    label = first.split("not quite: ", 1)[1] if verdict == "incorrect" else None
    return verdict, label
