"""Generate ``exercises/`` from ``solutions/``: the single source of the exercise notebooks.

In a solutions notebook, answers are marked in two ways:

- ``answer = x[x > 0.5]  # SOLUTION``: the right-hand side becomes ``...``
  (a line without an assignment becomes ``...`` as a whole);
- lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` become one ``...`` line.

Outputs, execution counts, execution timestamps and stored widget state are dropped, so
the exercises are committed clean. The answer cells themselves (markers removed) are copied
to ``lazyarr/teaching/solution_cells.json``, which ships in the package for
``solution(qid, show=True)``. Run from the repository root::

    python -m lazyarr.teaching.make_exercises            # write exercises/ and solution_cells.json
    python -m lazyarr.teaching.make_exercises --check    # exit 1 if either is stale

Notebooks are read and written as plain JSON in nbformat's own layout, so the only
dependency is the standard library.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["strip_solutions", "unmark_solutions", "make_exercise", "dumps", "generate", "solution_cells_text",
           "main", "CELLS_FILE"]

CELLS_FILE = Path(__file__).with_name("solution_cells.json")
_CHECK = re.compile(r'check\(\s*["\'](?P<qid>\d\d\.\d+)["\']')

_LINE = re.compile(r"^(?P<indent>\s*)(?P<body>.*?)\s*#\s*SOLUTION\s*$")
# An assignment target: names, attributes, subscripts, tuples (not a call's keyword argument).
_ASSIGN = re.compile(r"^(?P<lhs>[\w\s,.\[\]\"']+?)\s*(?P<op>[-+*/%@&|^]?=)(?!=)\s*(?P<rhs>.+)$")
_BEGIN = re.compile(r"^(?P<indent>\s*)#\s*BEGIN SOLUTION\s*$")
_END = re.compile(r"^\s*#\s*END SOLUTION\s*$")


def strip_solutions(source: str) -> str:
    """Replace the marked answers in one cell's source with ``...``.

    >>> print(strip_solutions("x = la.ones(3)\\nanswer = x.sum()  # SOLUTION\\ncheck('01.1', answer)"))
    x = la.ones(3)
    answer = ...
    check('01.1', answer)
    >>> print(strip_solutions("if True:\\n    # BEGIN SOLUTION\\n    a = 1\\n    b = 2\\n    # END SOLUTION"))
    if True:
        ...
    """
    out: list[str] = []
    in_block = False
    for line in source.split("\n"):
        if in_block:
            if _END.match(line):
                in_block = False
            continue
        begin = _BEGIN.match(line)
        if begin:
            in_block = True
            out.append(begin.group("indent") + "...")
            continue
        marked = _LINE.match(line)
        if marked:
            assign = _ASSIGN.match(marked.group("body"))
            if assign:
                out.append(f"{marked.group('indent')}{assign.group('lhs')} {assign.group('op')} ...")
            else:
                out.append(marked.group("indent") + "...")
            continue
        out.append(line)
    if in_block:
        raise ValueError("make_exercises: '# BEGIN SOLUTION' without a matching '# END SOLUTION'; "
                         "close every solution block in the same cell")
    return "\n".join(out)


def unmark_solutions(source: str) -> str:
    """The solution cell as a learner would type it: markers removed, answers kept.

    >>> print(unmark_solutions("x = 1\\nanswer = x + 1  # SOLUTION\\n# BEGIN SOLUTION\\ny = 2\\n# END SOLUTION"))
    x = 1
    answer = x + 1
    y = 2
    """
    out = []
    for line in source.split("\n"):
        if _BEGIN.match(line) or _END.match(line):
            continue
        marked = _LINE.match(line)
        out.append(marked.group("indent") + marked.group("body") if marked else line)
    return "\n".join(out)


def solution_cells_text(solutions: Path) -> str:
    """JSON text of ``{"cells": {qid: {"stem", "code"}}}`` for every checked cell in *solutions*."""
    cells = {}
    for path in sorted(solutions.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            text = _source_text(cell.get("source", ""))
            found = _CHECK.search(text) if cell.get("cell_type") == "code" else None
            if found:
                cells[found.group("qid")] = {"stem": path.stem, "code": unmark_solutions(text).strip("\n")}
    return json.dumps({"format": 1, "generated_by": "python -m lazyarr.teaching.make_exercises",
                       "cells": dict(sorted(cells.items()))}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _source_text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else source


def _source_lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def make_exercise(notebook: dict) -> dict:
    """The exercise version of a solutions notebook (a new dict; the input is unchanged)."""
    nb = copy.deepcopy(notebook)
    nb.get("metadata", {}).pop("widgets", None)  # stored widget state belongs to executed notebooks
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)  # nbclient's timestamps
        if cell.get("cell_type") != "code":
            continue
        cell["source"] = _source_lines(strip_solutions(_source_text(cell["source"])))
        cell["outputs"] = []
        cell["execution_count"] = None
    return nb


def dumps(notebook: dict) -> str:
    """JSON text in the layout nbformat writes (so diffs stay small)."""
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False, separators=(",", ": ")) + "\n"


def generate(solutions: Path, exercises: Path, cells_file: Path | None = None) -> list[Path]:
    """Write ``exercises/<stem>.ipynb`` for every ``solutions/<stem>.ipynb`` (and *cells_file*,
    the shipped copy of the solution cells, when given); return the paths written."""
    exercises.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(solutions.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        target = exercises / path.name
        target.write_text(dumps(make_exercise(notebook)), encoding="utf-8")
        written.append(target)
    if cells_file is not None:
        cells_file.write_text(solution_cells_text(solutions), encoding="utf-8")
        written.append(cells_file)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate exercises/ (and the shipped solution cells) from solutions/.")
    parser.add_argument("--solutions", default="solutions", type=Path)
    parser.add_argument("--out", default="exercises", type=Path)
    parser.add_argument("--cells", default=CELLS_FILE, type=Path,
                        help="where the package's copy of the solution cells goes (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if anything is stale")
    args = parser.parse_args(argv)
    if not args.check:
        for path in generate(args.solutions, args.out, args.cells):
            print(f"wrote {path}")
        return 0
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        fresh = {p.name: p.read_text(encoding="utf-8") for p in generate(args.solutions, Path(tmp))}
    current = {p.name: p.read_text(encoding="utf-8") for p in sorted(args.out.glob("*.ipynb"))}
    stale = [str(args.out / n) for n in sorted(fresh.keys() | current.keys()) if fresh.get(n) != current.get(n)]
    cells = args.cells.read_text(encoding="utf-8") if args.cells.exists() else None
    if cells != solution_cells_text(args.solutions):
        stale.append(str(args.cells))
    for name in stale:
        print(f"stale: {name} (run python -m lazyarr.teaching.make_exercises)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
