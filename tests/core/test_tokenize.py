"""Deterministic names: same expression -> same keys, different -> different."""

import numpy as np

import lazyarr as la
from lazyarr.core.tokenize import tokenize


def test_same_expression_same_name():
    x = la.ones((10, 10), chunks=5)
    assert (x + 1).name == (x + 1).name
    assert (x + 1).name != (x + 2).name
    assert la.ones(5).name == la.ones(5).name
    assert la.ones(5, chunks=2).name != la.ones(5, chunks=3).name


def test_numpy_data_is_hashed_by_content():
    a = np.arange(10)
    assert la.from_array(a, chunks=5).name == la.from_array(a.copy(), chunks=5).name
    b = a.copy()
    b[3] = 99
    assert la.from_array(a, chunks=5).name != la.from_array(b, chunks=5).name


def test_lambdas_with_different_closures_differ():
    def make(k):
        return lambda v: v + k

    assert tokenize(make(1)) == tokenize(make(1))
    assert tokenize(make(1)) != tokenize(make(2))


def test_shared_subexpression_is_one_set_of_tasks():
    x = la.random.default_rng(0).random(100, chunks=10)
    y = x + 1
    z = y * y + y
    layers = [name for name in z.graph.layers if name.startswith("add-")]
    assert len(layers) == 2  # y and the final add; y is not duplicated


def test_unknown_objects_get_random_tokens():
    class Opaque:
        pass

    o = Opaque()
    assert tokenize(o) != tokenize(o)  # never wrongly shared


def test_large_numpy_data_is_hashed_by_content_in_pieces():
    # Above a few pieces the digest is computed piecewise on threads; every byte still counts.
    from lazyarr.core import tokenize as tk

    n = 4 * tk._PIECE // 8 + 3  # not a multiple of the piece size: the last piece is short
    a = np.zeros(n)
    token = tokenize(a)
    assert tokenize(a.copy()) == token
    for where in (0, tk._PIECE // 8, n - 1):  # first piece, a piece boundary, the short last piece
        b = a.copy()
        b[where] = 1.0
        assert tokenize(b) != token
    assert tokenize(a[:-1]) != token  # a different length
    assert tokenize(a.view(np.int64)) != token  # same bytes, different dtype
