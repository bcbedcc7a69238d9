"""check() and hint() behaviour that does not depend on a particular question."""

import html

import numpy as np
import pytest

import lazyarr as la
from lazyarr.teaching import check, hint
from lazyarr.teaching.registry import Question, answer_hash, normalize_literal, register
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


def test_unknown_question_is_an_error_outcome_not_an_exception(watched):
    assert check("77.7", 1).outcome == "error"
    assert check(None, 1).outcome == "error"
    assert "no exercise" in hint("77.7").text


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


def test_counter_counts_only_the_learners_computes(watched):
    x = la.random.default_rng(2).random((2000, 2000), chunks=500)
    lo, hi = la.compute(x.min(), x.max())
    assert watched.since_mark() == 1
    assert check("02.2", (lo, hi)).passed
    assert watched.since_mark() == 0  # check's own computes are not counted, and the mark moved


def test_importing_teaching_outside_a_kernel_registers_nothing():
    import subprocess
    import sys

    code = ("import lazyarr.teaching\nfrom lazyarr.callbacks import active_callbacks\n"
            "assert active_callbacks() == (), active_callbacks()")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=".")


def test_strict_false_overrides_the_environment(watched, monkeypatch):
    monkeypatch.setenv("LAZYARR_CHECK_STRICT", "1")
    assert check("00.1", 41, strict=False).outcome == "incorrect"
    with pytest.raises(AssertionError):
        check("00.1", 41)
