"""The exercise generator, and that exercises/ is exactly what it generates from solutions/."""

import json
from pathlib import Path

import pytest

from lazyarr.teaching.make_exercises import (
    CELLS_FILE,
    dumps,
    generate,
    main,
    make_exercise,
    solution_cells_text,
    strip_solutions,
    unmark_solutions,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("line,expected", [
    ("answer = x.max()  # SOLUTION", "answer = ..."),
    ("    answer = la.compute(a, b)   #SOLUTION", "    answer = ..."),
    ("counts, edges = la.histogram(y, bins=50)  # SOLUTION", "counts, edges = ..."),
    ("total += x.sum()  # SOLUTION", "total += ..."),
    ("answer = (x == 1)  # SOLUTION", "answer = ..."),
    ("print(f(a=1))  # SOLUTION", "..."),
    ("answer = x  # a comment, not a marker", "answer = x  # a comment, not a marker"),
])
def test_solution_lines(line, expected):
    assert strip_solutions(line) == expected


def test_solution_blocks_keep_indentation_and_surroundings():
    src = "a = 1\n# BEGIN SOLUTION\nb = 2\nc = 3\n# END SOLUTION\nd = 4"
    assert strip_solutions(src) == "a = 1\n...\nd = 4"


def test_unclosed_block_is_an_error():
    with pytest.raises(ValueError, match="BEGIN SOLUTION' without a matching"):
        strip_solutions("# BEGIN SOLUTION\nx = 1")


def test_make_exercise_strips_outputs_counts_and_widget_state():
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "metadata": {"execution": {"a": 1}, "tags": ["t"]},
                     "outputs": [{"output_type": "stream", "name": "stdout", "text": "hi"}],
                     "source": ["answer = 1  # SOLUTION\n", "check('00.1', answer)"]},
                    {"cell_type": "markdown", "metadata": {}, "source": "answer = 1  # SOLUTION"}],
          "metadata": {"widgets": {"x": 1}, "kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    ex = make_exercise(nb)
    code, md = ex["cells"]
    assert code["outputs"] == [] and code["execution_count"] is None
    assert code["metadata"] == {"tags": ["t"]}
    assert "".join(code["source"]) == "answer = ...\ncheck('00.1', answer)"
    assert md["source"] == "answer = 1  # SOLUTION"  # markdown is left alone
    assert "widgets" not in ex["metadata"] and nb["metadata"]["widgets"] == {"x": 1}  # input unchanged


def test_generation_is_deterministic(tmp_path):
    sol = tmp_path / "solutions"
    sol.mkdir()
    nb = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (sol / "01-x.ipynb").write_text(json.dumps(nb))
    out, cells = tmp_path / "exercises", tmp_path / "cells.json"
    generate(sol, out, cells)
    first = (out / "01-x.ipynb").read_text()
    assert first == dumps(nb)
    args = ["--solutions", str(sol), "--out", str(out), "--cells", str(cells), "--check"]
    assert main(args) == 0
    (out / "01-x.ipynb").write_text(first + " ")
    assert main(args) == 1
    generate(sol, out, cells)
    cells.write_text(cells.read_text().replace("{", "{ ", 1))
    assert main(args) == 1  # the shipped copy of the solution cells is stale


def test_committed_exercises_match_the_solutions(tmp_path):
    """Regenerate into a temp dir: exercises/ must not differ (don't hand-edit exercises)."""
    solutions = sorted(p.name for p in (ROOT / "solutions").glob("*.ipynb"))
    assert solutions, "no solutions notebooks"
    generate(ROOT / "solutions", tmp_path)
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.ipynb")}
    current = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "exercises").glob("*.ipynb")}
    assert sorted(current) == sorted(fresh)
    stale = [name for name in fresh if fresh[name] != current[name]]
    assert not stale, f"exercises out of date: {stale}; run python -m lazyarr.teaching.make_exercises"


def test_unmark_keeps_the_answers_and_drops_the_markers():
    src = "x = 1\nanswer = x + 1  # SOLUTION\n# BEGIN SOLUTION\n    y = 2\n# END SOLUTION\ncheck('00.1', answer)"
    assert unmark_solutions(src) == "x = 1\nanswer = x + 1\n    y = 2\ncheck('00.1', answer)"


def test_solution_cells_are_the_checked_cells(tmp_path):
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": ["x = 2\n", "answer = x * 3  # SOLUTION\n", 'check("00.1", answer)']}
    plot = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": ["# BEGIN SOLUTION\n", "plot()\n", "# END SOLUTION"]}
    nb = {"cells": [cell, plot], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "00-a.ipynb").write_text(json.dumps(nb))
    cells = json.loads(solution_cells_text(tmp_path))["cells"]
    assert cells == {"00.1": {"stem": "00-a", "code": 'x = 2\nanswer = x * 3\ncheck("00.1", answer)'}}


def test_shipped_solution_cells_match_the_solutions():
    assert CELLS_FILE.read_text(encoding="utf-8") == solution_cells_text(ROOT / "solutions"), \
        "run python -m lazyarr.teaching.make_exercises"
