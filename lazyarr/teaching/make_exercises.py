"""Generate ``exercises/`` from ``solutions/``: the single source of the exercise notebooks.

In a solutions notebook, answers are marked in two ways:

- ``answer = x[x > 0.5]  # SOLUTION``: the right-hand side becomes ``...``
  (a line without an assignment becomes ``...`` as a whole);
- lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` become one ``...`` line.

Outputs, execution counts, execution timestamps and stored widget state are dropped, so
the exercises are committed clean. Run from the repository root::

    python -m lazyarr.teaching.make_exercises            # write exercises/
    python -m lazyarr.teaching.make_exercises --check    # exit 1 if exercises/ is stale

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

__all__ = ["strip_solutions", "make_exercise", "dumps", "generate", "main"]

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


def generate(solutions: Path, exercises: Path) -> list[Path]:
    """Write ``exercises/<stem>.ipynb`` for every ``solutions/<stem>.ipynb``; return the paths."""
    exercises.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(solutions.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        target = exercises / path.name
        target.write_text(dumps(make_exercise(notebook)), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate exercises/ from solutions/.")
    parser.add_argument("--solutions", default="solutions", type=Path)
    parser.add_argument("--out", default="exercises", type=Path)
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if --out is stale")
    args = parser.parse_args(argv)
    if not args.check:
        for path in generate(args.solutions, args.out):
            print(f"wrote {path}")
        return 0
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        fresh = {p.name: p.read_text(encoding="utf-8") for p in generate(args.solutions, Path(tmp))}
    current = {p.name: p.read_text(encoding="utf-8") for p in sorted(args.out.glob("*.ipynb"))}
    stale = sorted(n for n in fresh.keys() | current.keys() if fresh.get(n) != current.get(n))
    for name in stale:
        print(f"stale: {args.out / name} (run python -m lazyarr.teaching.make_exercises)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
