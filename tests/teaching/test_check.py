"""check(), hint() and solution() behaviour, and the wrong verdicts of issue 19 as regression
tests (in-process, without a kernel: the same cases also run in a real kernel in test_corpus.py)."""

import html
import subprocess
import sys

import numpy as np
import pytest

import lazyarr as la
from lazyarr.callbacks import ComputeStart
from lazyarr.teaching import check, hint, solution
from lazyarr.teaching.describe import describe, show_values
from lazyarr.teaching.registry import Failure, Question, answer_hash, normalize_literal, register
from lazyarr.teaching.result import CheckResult


def test_four_outcomes_have_a_word_and_a_symbol(watched):
    results = {
        "not attempted": check("00.1", ...),
        "correct": check("00.1", 42),
        "incorrect": check("00.1", 41),
        "error": check("nope", 42),
    }
    symbols = set()
    for outcome, result in results.items():
        assert result.outcome == outcome
        first = result.text().splitlines()[0]
        symbols.add(first[0])
        html_text = result._repr_html_()
        assert html.escape(result.symbol) in html_text and result.outcome.replace(" ", "-") in html_text
    assert symbols == {"○", "✔", "✘", "⚠"}
    assert "not quite" in results["incorrect"].text() and "correct" in results["correct"].text()


def test_text_and_html_are_deterministic(watched):
    a, b = check("01.1", la.zeros((2000, 1000), dtype="int32")), check("01.1", la.zeros((2000, 1000), dtype="int32"))
    assert a.text() == b.text() and a._repr_html_() == b._repr_html_()
    assert repr(a) == a.text()


def test_html_is_escaped():
    r = CheckResult("00.1", "incorrect", "00.1 not quite: value", ("your answer is '<script>'.",))
    assert "<script>" not in r._repr_html_() and "&lt;script&gt;" in r._repr_html_()


def test_incorrect_quotes_the_learners_value_but_never_the_expected_one(watched):
    text = check("01.1", la.zeros((2000, 1000), dtype="int32")).text()
    assert "(2000, 1000)" in text
    assert "(1000, 2000)" not in text


def test_error_outcome_has_message_and_no_traceback(watched):
    x = la.ones(4, chunks=2).map_blocks(lambda b: 1 / 0, dtype=float)
    result = check("01.2", x.max() * 10)
    assert result.outcome == "error", result.text()
    assert "ZeroDivisionError: division by zero" in result.text()
    assert "Traceback" not in result.text() and "File " not in result.text()


def test_inspection_that_raises_is_an_error_not_a_crash(watched):
    class Weird:
        @property
        def shape(self):
            raise ValueError("no shape for you")

    register(Question("99.1", "test only", "99-test", lambda a: a.shape, ("h",)))
    result = check("99.1", Weird())
    assert result.outcome == "error" and "ValueError: no shape for you" in result.text()


def test_a_bug_in_the_checker_is_an_error_outcome_not_a_traceback(watched):
    register(Question("99.2", "test only", "99-test", lambda a: Failure("values", None, "h"), ("h",)))
    result = check("99.2", 1)
    assert result.outcome == "error" and "the checker failed" in result.text() and "not in your answer" in result.text()


def test_unknown_question_is_an_error_outcome_not_an_exception(watched):
    assert check("77.7", 1).outcome == "error"
    assert check(None, 1).outcome == "error"
    assert "no exercise" in hint("77.7").text
    assert "no exercise" in solution("77.7").text()


@pytest.mark.parametrize("answer", [..., 41, "x", la.ones(3)])
def test_strict_mode_raises_for_anything_but_correct(answer, watched, monkeypatch):
    monkeypatch.setenv("LAZYARR_CHECK_STRICT", "1")
    with pytest.raises(AssertionError, match="00.1"):
        check("00.1", answer)
    assert check("00.1", 42).passed


def test_strict_mode_off_for_zero(watched, monkeypatch):
    monkeypatch.setenv("LAZYARR_CHECK_STRICT", "0")
    assert check("00.1", 41).outcome == "incorrect"
    with pytest.raises(AssertionError):
        check("00.1", 41, strict=True)


def test_strict_false_overrides_the_environment(watched, monkeypatch):
    monkeypatch.setenv("LAZYARR_CHECK_STRICT", "1")
    assert check("00.1", 41, strict=False).outcome == "incorrect"
    with pytest.raises(AssertionError):
        check("00.1", 41)


def test_literal_hashes_are_salted_per_question_and_normalized():
    assert answer_hash("00.1", 42) == answer_hash("00.1", np.int64(42)) == answer_hash("00.1", 42.0)
    assert answer_hash("00.1", 42) != answer_hash("01.3", 42)
    assert answer_hash("05.1", " NumPy") == answer_hash("05.1", "numpy")
    assert normalize_literal(True) is None and normalize_literal([1, 2]) is None


def test_literal_answers_are_not_stored_in_clear():
    import inspect
    import re

    from lazyarr.teaching import questions

    source = inspect.getsource(questions)
    assert answer_hash("00.1", 42) in source
    assert answer_hash("01.3", 12) in source
    assert not re.search(r"\b(42|12)\b", source)


def test_the_docs_say_answers_are_not_secret():
    import lazyarr.teaching as teaching

    assert "not secret" in teaching.__doc__ and "obfuscation, not secrecy" in teaching.__doc__


# -- right answers that were rejected ----------------------------------------------------------
@pytest.mark.parametrize("count", [(2000 / 500) * (3000 / 1000), np.float64(12.0), np.int32(12), 12])
def test_a_whole_number_of_any_type_is_a_count(count, watched):
    assert check("01.3", count).passed


def test_an_earlier_cells_compute_is_not_counted(watched):
    x = la.random.default_rng(2).random((2000, 2000), chunks=500)
    x.sum().compute()  # an unrelated compute in an earlier cell
    watched.new_cell("answer = la.compute(x.min(), x.max())")
    lo, hi = la.compute(x.min(), x.max())
    assert watched.computes() == 1
    assert check("02.2", (lo, hi)).passed
    assert watched.computes() == 0  # the check's own computes are not counted, and the mark moved


def test_computed_earlier_is_not_punished(watched):
    x = la.random.default_rng(2).random((2000, 2000), chunks=500)
    lo, hi = la.compute(x.min(), x.max())
    watched.new_cell("answer = (lo, hi)")
    assert check("02.2", (lo, hi)).passed


def test_two_computes_in_the_answers_cell_are_caught(watched):
    x = la.random.default_rng(2).random((2000, 2000), chunks=500)
    watched.new_cell("answer = (x.min().compute(), x.max().compute())")
    result = check("02.2", (x.min().compute(), x.max().compute()))
    assert result.prop == "computes" and "this cell ran 2 computes" in result.text()


# -- wrong answers that were accepted ----------------------------------------------------------
def _x06h():
    return la.random.default_rng(10).normal(size=100_000, chunks=10_000)


@pytest.mark.parametrize("kwargs,prop,says", [
    ({"bins": 20, "range": (-5, 5)}, "values", "leave range= out"),
    ({"bins": 10}, "bins", "your histogram has 10 bins"),
    ({}, "bins", "your histogram has 10 bins"),
])
def test_histogram_without_range_checks_bins_and_range(kwargs, prop, says, watched):
    result = check("06.3", la.histogram(_x06h(), **kwargs))
    assert result.outcome == "incorrect" and result.prop == prop and says in result.text(), result.text()
    assert check("06.3", la.histogram(_x06h(), bins=20)).passed


@pytest.mark.slow
def test_lazy_histogram_needs_fifty_bins(watched):
    x = la.random.default_rng(13).normal(9, 1, size=(5000, 5000))
    y = x[x < 10]
    result = check("08.4", la.histogram(y, bins=5))
    assert result.prop == "bins" and "5 bins" in result.text(), result.text()


def _x07():
    return la.random.default_rng(11).random((2000, 2000), chunks=500)


def test_a_local_compute_is_not_on_the_cluster(watched):
    watched.new_cell("answer = x.mean().compute()")
    result = check("07.2", _x07().mean().compute())  # no Client here: the threads scheduler ran it
    assert result.prop == "scheduler" and "threads scheduler, not on the cluster" in result.text(), result.text()


def test_a_compute_on_the_cluster_passes(watched):
    mean = _x07().mean().compute(scheduler="sync")
    watched.new_cell("answer = x.mean().compute()")
    watched.start(ComputeStart(1, {}, "distributed", 2))  # as the distributed adapter reports it
    assert check("07.2", mean).passed


# -- feedback that names the likely mistake ---------------------------------------------------
def _x04():
    return la.random.default_rng(7).random((600, 600), chunks=200)


@pytest.mark.parametrize("qid,make,says", [
    ("04.2", lambda x: np.dot(x + x.T, x), "operands are in the other order"),
    ("04.2", lambda x: x * (x + x.T), "element by element"),
    ("04.3", lambda x: x.var(axis=0), "the variance"),
    ("04.3", lambda x: x.std(axis=0, ddof=1), "ddof=1"),
    ("04.3", lambda x: x.std(axis=1), "axis=1"),
])
def test_the_likely_mistake_is_named(qid, make, says, watched):
    text = check(qid, make(_x04())).text()
    assert says in text, text
    assert "axis" not in text or "axis" in says  # the axis was right in the other cases: don't blame it


@pytest.mark.parametrize("value,words", [
    (None, "None (no value at all)"),
    (True, "True (a yes/no value, not a number)"),
    (np, "the module numpy"),
    ("42", "the text '42'"),
    ((la.ones(3), la.ones(3)), "a tuple of 2 lazy arrays"),
    ((np.ones(3), la.ones(3)), "a tuple of a NumPy array and a lazy array"),
    (la.ones(3).sum, "the method .sum of a lazy array, not called"),
    (np.sqrt, "the function numpy.sqrt, not called"),
    (la.ones(()), "a lazy 0-d array (one number, not computed yet)"),
    (la.Array, "the class lazyarr.Array"),
])
def test_plain_words_for_beginners_values(value, words):
    assert describe(value).startswith(words), describe(value)


def test_which_item_of_a_tuple_is_wrong(watched):
    x = la.random.default_rng(2).random((2000, 2000), chunks=500)
    text = check("02.2", (x.min().compute(), x.max())).text()
    assert "item 2 of your tuple (highest) is a lazy 0-d array" in text, text


def test_numbers_are_shown_as_numpy_prints_them():
    assert show_values(np.float64(0.99999985)) == "0.99999985"
    assert show_values(np.array([0.99999985, 0.5, 0.25, 1.5, 2.5, 3.5, 4.5])).startswith("[0.99999985 ")
    text = check("01.2", la.ones((), dtype=float) * 0.99999985, strict=False).text()
    assert "0.99999985" in text and "1." not in text.split("\n")[1], text


# -- hints, solutions -----------------------------------------------------------------------
def test_last_hint_offers_the_solution():
    last = hint("02.1", 99)
    assert 'solution("02.1")' in last.text and "solutions/" not in last.text


def test_solution_asks_for_confirmation_then_shows_the_cell():
    ask = solution("02.1")
    assert 'solution("02.1", show=True)' in ask.text() and "answer =" not in ask.text()
    shown = solution("02.1", show=True)
    assert "answer = la.random" in shown.text() and 'check("02.1", answer)' in shown.text()
    assert "SOLUTION" not in shown.text()
    assert "<pre><code>" in shown._repr_html_() and "&quot;02.1&quot;" in shown._repr_html_()


def test_the_cell_hook_counts_per_cell_in_ipython():
    """A real IPython shell runs cells: the pre_run_cell hook resets the count at each cell."""
    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "shell.run_cell('import lazyarr as la\\nfrom lazyarr.teaching import check')\n"
        "shell.run_cell('import importlib, lazyarr.teaching.check as c\\nimportlib.reload(c)')  # no double hook\n"
        "hooks = [f for f in shell.events.callbacks['pre_run_cell'] if getattr(f, '_lazyarr_cell_hook', 0)]\n"
        "assert len(hooks) == 1, hooks\n"
        "shell.run_cell('x = la.random.default_rng(2).random((200, 200), chunks=50)\\nt = x.sum().compute()')\n"
        "r = shell.run_cell('x = la.random.default_rng(2).random((2000, 2000), chunks=500)\\n"
        "answer = la.compute(x.min(), x.max())\\ncheck(\"02.2\", answer)')\n"
        "assert r.result.passed, r.result\n"
        "r = shell.run_cell('answer = (x.min().compute(), x.max().compute())\\ncheck(\"02.2\", answer)')\n"
        "assert r.result.prop == 'computes' and 'ran 2 computes' in r.result.text(), r.result\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=".", capture_output=True, timeout=120)


def test_importing_teaching_outside_a_kernel_registers_nothing():
    code = ("import lazyarr.teaching\nfrom lazyarr.callbacks import active_callbacks\n"
            "assert active_callbacks() == (), active_callbacks()")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=".")
