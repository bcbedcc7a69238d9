"""Scaffold a new exercise in one command: question entry, solution cell, exercise, corpus stub.

Run from the repository root::

    python -m lazyarr.teaching.new_question 03.9 --title "the last row" \\
        --question "Take the last row of `x`, lazily." \\
        --setup "x = la.arange(12, chunks=4).reshape(3, 4)" --solution "x[-1]"

It

1. appends a ``q(...)`` entry to ``lazyarr/teaching/questions.py`` (``--kind lazy``: a lazy
   array compared with a NumPy reference; ``computed``: computed numbers; ``literal``: a
   number or a word, stored as a salted hash) with ``TODO`` hints for you to write;
2. adds the heading and the exercise cell to ``solutions/<stem>.ipynb`` (a new lesson
   notebook if there is none yet) and executes it in a fresh kernel (``--no-execute`` to skip);
3. regenerates ``exercises/`` and the shipped solution cells (``make_exercises``);
4. writes ``tests/teaching/corpus/<qid>.toml`` with the model answer and two generic wrong
   answers: add more until the corpus test is satisfied (4 right, 4 wrong).

Then: write the NumPy reference (the scaffold guesses it from your solution by replacing
``la.`` with ``np.``), the hints and the typical :class:`~lazyarr.teaching.diagnose.Mistake`\\ s,
and run ``pytest tests/teaching -k <qid>``.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
from pathlib import Path

from .make_exercises import dumps, generate
from .registry import answer_hash

__all__ = ["scaffold", "main"]

KINDS = ("lazy", "computed", "literal")
_QID = re.compile(r"^\d\d\.\d+$")


class ScaffoldError(ValueError):
    """The command cannot scaffold this question (the message says why and what to do)."""


def _assigned(code: str) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id not in names:
            names.append(node.id)
    return names


def _numpy_version(solution: str) -> str:
    """A first guess at the NumPy reference: lazyarr calls become NumPy calls, computes disappear."""
    text = re.sub(r"\bla\.", "np.", solution)
    return text.replace(".compute()", "")


def _py(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a double-quoted Python string, as the bank writes them


def _entry(qid: str, title: str, stem: str, kind: str, setup: str, solution: str) -> str:
    inputs = f"given({_py(setup)})" if setup.strip() else "dict"
    params = ", ".join(_assigned(setup)) if setup.strip() else ""
    head = f"\n\n# -- {qid}: scaffolded by new_question; write the reference, the hints and the mistakes --\n"
    if kind == "literal":
        namespace: dict = {}
        import numpy as np

        import lazyarr

        namespace.update(la=lazyarr, np=np)
        exec(setup, namespace)  # the teacher's own setup lines
        value = eval(solution, namespace)
        type_name = "str" if isinstance(value, str) else "int"
        inspect = (f"literal({_py(qid)}, {_py(answer_hash(qid, value))}, kind={type_name},\n"
                   f"          hint=\"TODO what to reconsider when the answer is wrong.\",\n"
                   f"          type_hint=\"TODO what kind of answer to give.\")")
    elif kind == "computed":
        inspect = f"computed({inputs}, lambda {params}: {_numpy_version(solution)})"
    else:
        inspect = f"lazy_array({inputs}, lambda {params}: {_numpy_version(solution)})"
    return (f"{head}q({_py(qid)}, {_py(title)}, {_py(stem)},\n  {inspect},\n"
            f"  (\"TODO a first, general hint.\", \"TODO a second, more specific hint.\"),\n"
            f"  why=\"TODO one sentence on why this matters.\")\n")


_toml = _py  # a JSON string is also a valid TOML basic string


def _corpus(qid: str, kind: str, solution: str) -> str:
    answer = f"answer = {solution}"
    lines = [f"# Students' answers to exercise {qid}, run cell by cell in a real kernel by",
             "# tests/teaching/test_corpus.py. Add right answers reached different ways and typical wrong",
             "# answers until there are at least 4 of each (the test fails until then).",
             f"qid = {_toml(qid)}", "", "[[right]]", 'why = "the model answer"', f"answer = {_toml(answer)}"]
    wrong = [("answer = None", "lazy" if kind == "lazy" else "type", "None (no value at all)")]
    if kind == "lazy":
        wrong.insert(0, (f"answer = ({solution}).compute()", "lazy", "already computed"))
    elif kind == "computed" and ".compute()" in solution:
        wrong.insert(0, (f"answer = {solution.replace('.compute()', '')}", "computed", "still lazy"))
    for code, prop, says in wrong:
        lines += ["", "[[wrong]]", f"answer = {_toml(code)}", f"prop = {_toml(prop)}", f"says = [{_toml(says)}]"]
    return "\n".join(lines) + "\n"


def _new_notebook(stem: str) -> dict:
    number = stem[:2]
    title = stem[3:].replace("-", " ").capitalize()
    intro = (f"# Exercises {number} · {title}\n\nTODO one line on what these exercises practise.\n\n"
             "Each exercise cell has given setup lines, one `answer = ...` line for you, and `check(...)`, "
             "which tells\nyou at once how you did. `hint(\"NN.k\")` gives a hint, `hint(\"NN.k\", 2)` the next one. "
             "Run the\nfirst cell before the others.")
    return {"cells": [{"cell_type": "markdown", "id": "c00", "metadata": {}, "source": intro.splitlines(keepends=True)},
                      {"cell_type": "code", "execution_count": None, "id": "c01", "metadata": {}, "outputs": [],
                       "source": ["import numpy as np\n", "import lazyarr as la\n",
                                  "from lazyarr.teaching import check, hint"]}],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _add_cells(notebook: dict, qid: str, title: str, question: str, setup: str, solution: str) -> None:
    heading = f"### Exercise {qid} - {title}\n\n{question or 'TODO the question, in one or two sentences.'}"
    code = "\n".join(part for part in (setup.strip(), f"answer = {solution}  # SOLUTION", f'check("{qid}", answer)')
                     if part)
    cells = notebook["cells"]
    last = max((i for i, c in enumerate(cells) if c["cell_type"] == "code"
                and "check(" in "".join(c["source"])), default=len(cells) - 1)
    last_heading = next(("".join(c["source"]) for c in reversed(cells[:last]) if c["cell_type"] == "markdown"
                         and "".join(c["source"]).startswith("### Exercise")), "")
    if "**Predict, then run.**" in last_heading:
        # A predict-then-run exercise owns the code cell after its check (it runs the code): keep them together.
        last = next((i for i in range(last + 1, len(cells)) if cells[i]["cell_type"] == "code"), last)
    tag = qid.replace(".", "-")
    new = [{"cell_type": "markdown", "id": f"q{tag}-question", "metadata": {},
            "source": heading.splitlines(keepends=True)},
           {"cell_type": "code", "execution_count": None, "id": f"q{tag}-answer", "metadata": {}, "outputs": [],
            "source": code.splitlines(keepends=True)}]
    cells[last + 1:last + 1] = new


def _execute(path: Path, root: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("LAZYARR_CHECK_STRICT", None)
    env.pop("MPLBACKEND", None)  # figures stored as images, as a student's kernel makes them
    client = NotebookClient(notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(root)}})
    with client.setup_kernel(env=env):
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
    path.write_text(dumps(json.loads(nbformat.writes(notebook))), encoding="utf-8")


def scaffold(root: Path, qid: str, title: str, *, setup: str = "", solution: str, kind: str = "lazy",
             question: str = "", stem: str | None = None, execute: bool = True) -> list[Path]:
    """Create everything a new question needs under *root*; return the files written."""
    if not _QID.match(qid):
        raise ScaffoldError(f"new_question: {qid!r} is not a question id; ids look like \"03.5\" (lesson.number)")
    if kind not in KINDS:
        raise ScaffoldError(f"new_question: --kind {kind!r} is not one of {', '.join(KINDS)}")
    questions = root / "lazyarr" / "teaching" / "questions.py"
    bank = questions.read_text(encoding="utf-8")
    if re.search(rf"""\bq\(\s*["']{re.escape(qid)}["']""", bank):
        raise ScaffoldError(f"new_question: question {qid} already exists in {questions}; published ids never "
                            "change, so pick the next free number")
    try:
        ast.parse(setup)
        ast.parse(solution, mode="eval")
    except SyntaxError as exc:
        raise ScaffoldError(f"new_question: --setup or --solution is not valid Python ({exc.msg}); the solution is "
                            "one expression, the right-hand side of answer = ...") from None
    solutions = root / "solutions"
    existing = sorted(solutions.glob(f"{qid[:2]}-*.ipynb"))
    stem = stem or (existing[0].stem if existing else None)
    if stem is None:
        raise ScaffoldError(f"new_question: no solutions/{qid[:2]}-*.ipynb yet; name the new lesson with --stem "
                            f"{qid[:2]}-topic")
    notebook_path = solutions / f"{stem}.ipynb"
    notebook = json.loads(notebook_path.read_text(encoding="utf-8")) if notebook_path.exists() else _new_notebook(stem)
    corpus = root / "tests" / "teaching" / "corpus" / f"{qid}.toml"
    if corpus.exists():
        raise ScaffoldError(f"new_question: {corpus} already exists")

    questions.write_text(bank.rstrip("\n") + "\n" + _entry(qid, title, stem, kind, setup, solution), encoding="utf-8")
    _add_cells(notebook, qid, title, question, setup, solution)
    notebook_path.write_text(dumps(notebook), encoding="utf-8")
    if execute:
        _execute(notebook_path, root)
    written = [questions, notebook_path]
    written += generate(solutions, root / "exercises", root / "lazyarr" / "teaching" / "solution_cells.json")
    corpus.parent.mkdir(parents=True, exist_ok=True)
    corpus.write_text(_corpus(qid, kind, solution), encoding="utf-8")
    return [*written, corpus]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scaffold a new exercise: question entry, solution cell, "
                                                 "regenerated exercise, corpus test stub.")
    parser.add_argument("qid", help='the new id, e.g. "03.5"')
    parser.add_argument("--title", required=True, help="the heading text after 'Exercise NN.k - '")
    parser.add_argument("--solution", required=True, help="the model answer: the expression after 'answer = '")
    parser.add_argument("--setup", default="", help="the given setup lines of the exercise cell")
    parser.add_argument("--question", default="", help="the question's wording (markdown)")
    parser.add_argument("--kind", default="lazy", choices=KINDS)
    parser.add_argument("--stem", help="the lesson's file stem, e.g. 03-indexing (default: the existing one)")
    parser.add_argument("--root", default=".", type=Path, help="the repository root (default: here)")
    parser.add_argument("--no-execute", dest="execute", action="store_false",
                        help="do not execute the solutions notebook (then execute it before committing)")
    args = parser.parse_args(argv)
    try:
        written = scaffold(args.root, args.qid, args.title, setup=args.setup, solution=args.solution,
                           kind=args.kind, question=args.question, stem=args.stem, execute=args.execute)
    except (ScaffoldError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(f"next: write the reference, hints and mistakes of {args.qid} in questions.py (search for TODO), add "
          f"answers to tests/teaching/corpus/{args.qid}.toml, then run: pytest tests/teaching -k {args.qid}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
