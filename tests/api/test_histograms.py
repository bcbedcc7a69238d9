"""histogram, histogram2d, histogramdd, bincount, digitize against NumPy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import lazy_arrays, shapes


def data(*dtypes):
    """Arrays of up to 3 axes; "small" values repeat, and many lie exactly on bin edges."""
    return lazy_arrays(shape=shapes(0, 3, 7), dtype=st.sampled_from(dtypes),
                       values=st.sampled_from(["small", "normal"]), scale=3)


DATA = data(np.float64, np.float32, np.int64)


@given(DATA, st.integers(1, 6), st.sampled_from([None, (-2, 2), (0, 0), (-1.5, 3)]), st.booleans())
def test_histogram_int_bins(data, bins, range_, weighted):
    a, x = data
    w = np.linspace(0, 1, a.size).reshape(a.shape) if weighted else None
    lw = la.from_array(w, chunks=x.chunks) if weighted else None
    expected = np.histogram(a, bins=bins, range=range_, weights=w)
    assert_eq(la.histogram(x, bins=bins, range=range_, weights=lw), expected, rtol=1e-12)
    assert_eq(np.histogram(x, bins=bins, range=range_, weights=lw), expected, rtol=1e-12)


@given(data(np.float64), st.sampled_from([2, 5]), st.booleans())
def test_histogram_density(data, bins, weighted):
    a, x = data
    if a.size == 0:
        return
    w = np.arange(a.size, dtype=float).reshape(a.shape) + 1 if weighted else None
    with np.errstate(all="ignore"):
        expected = np.histogram(a, bins=bins, density=True, weights=w)
        got = la.histogram(x, bins=bins, density=True, weights=w)
        assert_eq(got, expected, rtol=1e-12)


@given(DATA, st.sampled_from([[-3, -1, 0, 0.5, 4], [0, 1], [-10, 10]]), st.booleans())
def test_histogram_edge_arrays(data, edges, lazy_edges):
    a, x = data
    np_edges = np.array(edges, dtype=float) if lazy_edges else edges
    bins = la.from_array(np_edges, chunks=2) if lazy_edges else edges
    assert_eq(la.histogram(x, bins=bins), np.histogram(a, bins=np_edges), rtol=1e-12)


@pytest.mark.parametrize("estimator", ["auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt"])
def test_histogram_estimators(estimator):
    a = np.random.default_rng(0).standard_normal(500)
    h, e = la.histogram(la.from_array(a, chunks=100), bins=estimator)
    assert np.isnan(h.shape[0])  # the number of bins is data dependent
    eh, ee = np.histogram(a, bins=estimator)
    np.testing.assert_array_equal(h.compute(), eh)
    np.testing.assert_allclose(e.compute(), ee)


def test_histogram_values_on_edges_and_last_edge_inclusive():
    a = np.array([0.0, 1.0, 1.0, 2.0, 3.0, 4.0])
    assert_eq(la.histogram(la.from_array(a, chunks=2), bins=4), np.histogram(a, bins=4), rtol=1e-12)
    assert_eq(la.histogram(la.from_array(a, chunks=2), bins=[0, 1, 2, 4]), np.histogram(a, bins=[0, 1, 2, 4]),
              rtol=1e-12)


def test_histogram_empty_and_constant():
    assert_eq(la.histogram(la.zeros((0,)), bins=3), np.histogram(np.zeros(0), bins=3), rtol=1e-12)
    assert_eq(la.histogram(la.full((5,), 7.0, chunks=2)), np.histogram(np.full(5, 7.0)), rtol=1e-12)


def test_histogram_nan():
    a = np.array([1.0, np.nan, 2.0])
    x = la.from_array(a, chunks=2)
    h, e = la.histogram(x, bins=2)  # building is lazy: the error comes at compute time, like NumPy's
    with pytest.raises(ValueError, match="autodetected range of \\[nan, nan\\] is not finite"):
        h.compute()
    assert_eq(la.histogram(x, bins=2, range=(0, 3)), np.histogram(a, bins=2, range=(0, 3)), rtol=1e-12)


@given(st.integers(0, 30), st.integers(1, 10), st.sampled_from([3, [2, 4], [[0, 0.5, 1], 3]]), st.booleans(),
       st.booleans())
def test_histogram2d(n, chunk, bins, density, weighted):
    rng = np.random.default_rng(n)
    x, y = rng.random(n), rng.random(n)
    w = rng.random(n) if weighted else None
    if density and n == 0:
        return
    expected = np.histogram2d(x, y, bins=bins, density=density, weights=w)
    got = la.histogram2d(la.from_array(x, chunks=chunk), la.from_array(y, chunks=chunk), bins=bins, density=density,
                         weights=w)
    for g, e in zip(got, expected):
        assert_eq(g, e, rtol=1e-12)


@pytest.mark.parametrize("bins", [2, (2, 3, 4), [[0, 0.5, 1], 2, 3]])
@pytest.mark.parametrize("range_", [None, [(0, 1), (0, 2), (-1, 1)]])
def test_histogramdd(bins, range_):
    rng = np.random.default_rng(0)
    s = rng.random((40, 3))
    eh, ee = np.histogramdd(s, bins=bins, range=range_)
    h, e = np.histogramdd(la.from_array(s, chunks=(7, 2)), bins=bins, range=range_)
    assert_eq(h, eh, rtol=1e-12)
    for g, x in zip(e, ee):
        assert_eq(g, x, rtol=1e-12)
    h2, _ = la.histogramdd([la.from_array(s[:, i], chunks=9) for i in range(3)], bins=bins, range=range_,
                           density=True)
    assert_eq(h2, np.histogramdd(s, bins=bins, range=range_, density=True)[0], rtol=1e-12)


@given(st.lists(st.integers(0, 12), max_size=30), st.integers(1, 8), st.integers(0, 20), st.booleans())
def test_bincount(values, chunk, minlength, weighted):
    a = np.array(values, dtype=np.int64)
    w = np.linspace(0, 2, a.size) if weighted else None
    got = la.bincount(la.from_array(a, chunks=chunk), weights=w, minlength=minlength)
    assert_eq(got, np.bincount(a, weights=w, minlength=minlength), rtol=1e-12)


@given(data(np.float64, np.int64), st.sampled_from([[-1, 0, 2], [3, 0, -2], [0.5]]),
       st.booleans(), st.booleans())
def test_digitize(data, bins, right, lazy_bins):
    a, x = data
    b = la.from_array(np.array(bins), chunks=1) if lazy_bins else bins
    assert_eq(la.digitize(x, b, right=right), np.digitize(a, bins, right=right), rtol=1e-12)


def test_errors():
    x = la.ones(5, chunks=2)
    with pytest.raises(ValueError, match="histogram: `bins` must be positive, when an integer; got 0"):
        la.histogram(x, bins=0)
    with pytest.raises(ValueError, match="histogram: max must be larger than min"):
        la.histogram(x, range=(2, 1))
    with pytest.raises(ValueError, match="histogram: supplied range of \\[0, inf\\] is not finite"):
        la.histogram(x, range=(0, np.inf))
    with pytest.raises(ValueError, match="histogram: 'bogus' is not a valid estimator"):
        la.histogram(x, bins="bogus")
    with pytest.raises(ValueError, match="histogram: `bins` must increase monotonically"):
        la.histogram(x, bins=[2, 1, 3])
    with pytest.raises(ValueError, match="histogram: weights should have the same shape"):
        la.histogram(x, weights=np.ones(3))
    with pytest.raises(TypeError, match="bincount: Cannot cast array data"):
        la.bincount(x)
    with pytest.raises(ValueError, match="bincount: 'minlength' must not be negative"):
        la.bincount(la.arange(3), minlength=-1)
    with pytest.raises(ValueError, match="bincount: object too deep"):
        la.bincount(la.ones((2, 2), dtype=int))
    with pytest.raises(ValueError, match="digitize: bins must be monotonically"):
        la.digitize(x, [1, 3, 2])
    with pytest.raises(ValueError, match="histogramdd: The dimension of bins"):
        la.histogramdd(la.ones((4, 2)), bins=[2, 2, 2])
    with pytest.raises(ValueError, match="bincount"):
        la.bincount(la.from_array(np.array([-1, 2]))).compute()
