"""Checks on how the answer's cell is written (source.py): only the learner's own lines count."""

import numpy as np
import pytest

import lazyarr as la
from lazyarr.teaching.source import learner_calls, uses_method, uses_numpy_function, without_keyword

NS = {"np": np, "la": la, "x": la.ones(3)}


def calls(code):
    return learner_calls(code, {"x"}, NS)


def test_given_lines_and_the_check_are_not_the_learners():
    found, readable = calls("x = la.random.default_rng(7).random((6, 6), chunks=2)\n"
                            "answer = x.std(axis=0)\ncheck('04.3', answer)")
    assert readable and [(c.base, c.name, c.keywords, c.on_module) for c in found] == [("x", "std", ("axis",), None)]


def test_a_cell_without_an_answer_line_cannot_be_judged():
    assert calls("check('04.3', answer)") == ([], False)
    assert calls(None) == ([], False)
    assert calls("answer = (") == ([], False)  # does not parse


def test_magics_are_transformed_before_parsing():
    found, readable = calls("%load_ext autoreload\nanswer = np.sqrt(x)")
    assert readable and found[-1].on_module == "numpy"
    assert calls("%time answer = np.sqrt(x)")[1] is False  # the answer line is inside a magic: not judged


@pytest.mark.parametrize("code,complaint", [
    ("answer = np.sqrt(x + x.T)", None),
    ("import numpy\nanswer = numpy.sqrt(x)", None),
    ("answer = la.sqrt(x + x.T)", "your cell calls la.sqrt(...)"),
    ("answer = (x + x.T) ** 0.5", "your cell calls no NumPy function"),
])
def test_uses_numpy_function(code, complaint):
    got = uses_numpy_function()(*calls(code))
    assert (got is None) if complaint is None else (complaint in got), got


@pytest.mark.parametrize("code,complaint", [
    ("answer = x.std(axis=0)", None),
    ("s = x.var(axis=0)\nanswer = s ** 0.5", None),
    ("answer = np.std(x, axis=0)", "np.std(...), a function"),
    ("answer = la.std(x, axis=0)", "la.std(...), a function"),
])
def test_uses_method(code, complaint):
    got = uses_method("std", "var")(*calls(code))
    assert (got is None) if complaint is None else (complaint in got), got


def test_without_keyword():
    check = without_keyword("range", "histogram")
    assert check(*calls("answer = la.histogram(x, bins=20)")) is None
    assert "gives range=" in check(*calls("answer = la.histogram(x, bins=20, range=(0, 1))"))
    assert check(*calls("r = range(3)\nanswer = la.histogram(x, bins=20)")) is None
