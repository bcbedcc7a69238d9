"""The one-command scaffold for a new question, on a copy of the repository."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lazyarr.teaching.new_question import main

from .corpus_runner import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo(tmp_path):
    shutil.copytree(ROOT / "lazyarr", tmp_path / "lazyarr", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "solutions").mkdir()
    shutil.copy(ROOT / "solutions" / "03-indexing.ipynb", tmp_path / "solutions")
    (tmp_path / "exercises").mkdir()
    return tmp_path


def run_in(root, code):
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("LAZYARR_CHECK_STRICT", None)
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                          check=True, timeout=120).stdout


ARGS = ["03.9", "--title", "the last row", "--question", "Take the last row of `x`, lazily.",
        "--setup", "x = la.arange(12, chunks=4).reshape(3, 4)", "--solution", "x[-1]"]


def test_scaffolds_entry_solution_exercise_and_corpus(repo, capsys):
    assert main([*ARGS, "--root", str(repo), "--no-execute"]) == 0
    assert "next: write the reference" in capsys.readouterr().out
    bank = (repo / "lazyarr" / "teaching" / "questions.py").read_text()
    assert 'q("03.9", "the last row", "03-indexing",' in bank and "TODO" in bank
    solutions = json.loads((repo / "solutions" / "03-indexing.ipynb").read_text())
    sources = ["".join(c["source"]) for c in solutions["cells"]]
    assert "### Exercise 03.9 - the last row\n\nTake the last row of `x`, lazily." in sources
    assert "x = la.arange(12, chunks=4).reshape(3, 4)\nanswer = x[-1]  # SOLUTION\ncheck(\"03.9\", answer)" in sources
    # Right after the last exercise, 03.6 (which the scaffold put after 03.5, a predict-then-run
    # question, and the cell that runs its code).
    last = max(i for i, s in enumerate(sources) if 'check("03.6"' in s)
    assert sources.index("### Exercise 03.9 - the last row\n\nTake the last row of `x`, lazily.") == last + 1
    predict = max(i for i, s in enumerate(sources) if 'check("03.5"' in s)
    assert "check(" not in sources[predict + 2] and sources[predict + 1].startswith("Now run it")
    assert sources[predict + 3].startswith("### Exercise 03.6")
    exercise = json.loads((repo / "exercises" / "03-indexing.ipynb").read_text())
    assert any("answer = ...\ncheck(\"03.9\", answer)" in "".join(c["source"]) for c in exercise["cells"])
    cells = json.loads((repo / "lazyarr" / "teaching" / "solution_cells.json").read_text())["cells"]
    assert cells["03.9"]["code"].endswith('answer = x[-1]\ncheck("03.9", answer)')
    cases = load(repo / "tests" / "teaching" / "corpus" / "03.9.toml")
    assert [(c.kind, c.prop) for c in cases] == [("right", None), ("wrong", "lazy"), ("wrong", "lazy")]
    # The scaffolded question works at once, with the stub's verdicts.
    out = run_in(repo, "import lazyarr as la\nfrom lazyarr.teaching import check\n"
                       "x = la.arange(12, chunks=4).reshape(3, 4)\n"
                       "print(check('03.9', x[-1]).outcome, check('03.9', x[-1].compute()).prop,"
                       " check('03.9', None).prop, check('03.9', x[0]).prop)")
    assert out.split() == ["correct", "lazy", "lazy", "values"]


def test_literal_question_is_stored_as_a_hash(repo):
    assert main(["03.8", "--title", "how many", "--kind", "literal", "--setup", "x = la.ones(10, chunks=5)",
                 "--solution", "x.npartitions", "--root", str(repo), "--no-execute"]) == 0
    bank = (repo / "lazyarr" / "teaching" / "questions.py").read_text()
    entry = bank[bank.index('q("03.8"'):]
    assert "literal(" in entry and "x.npartitions" not in entry
    out = run_in(repo, "from lazyarr.teaching import check\nprint(check('03.8', 2).outcome, check('03.8', 3).outcome)")
    assert out.split() == ["correct", "incorrect"]


@pytest.mark.parametrize("args,message", [
    (["03.1", "--title", "t", "--solution", "x"], "already exists"),
    (["3.5", "--title", "t", "--solution", "x"], "is not a question id"),
    (["13.1", "--title", "t", "--solution", "x"], "--stem 13-topic"),
    (["03.7", "--title", "t", "--solution", "x["], "not valid Python"),
])
def test_errors_say_what_to_do(repo, capsys, args, message):
    assert main([*args, "--root", str(repo), "--no-execute"]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_new_lesson_notebook_is_created_and_executed(repo):
    assert main(["13.1", "--title", "a first question", "--stem", "13-new-topic", "--setup",
                 "x = la.ones(4, chunks=2)", "--solution", "x.sum()", "--root", str(repo)]) == 0
    nb = json.loads((repo / "solutions" / "13-new-topic.ipynb").read_text())
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == [1, 2]
    shown = "".join(nb["cells"][-1]["outputs"][0]["data"]["text/plain"])
    assert shown.startswith("✔ 13.1 correct.")
