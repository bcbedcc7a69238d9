"""median, quantile, percentile (+ nan versions), average, cov, corrcoef against NumPy."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la

METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen",
           "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint", "nearest"]


def _check(lazy, expected, tol=1e-12):
    assert isinstance(lazy, la.Array)
    got = lazy.compute()
    expected = np.asarray(expected)
    assert got.shape == expected.shape and got.dtype == expected.dtype, (got.shape, expected.shape, got.dtype,
                                                                         expected.dtype)
    if got.dtype in (np.float32, np.complex64):
        tol = max(tol, 1e-5)  # blocked sums round differently from NumPy's pairwise sum
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol, equal_nan=True)


@st.composite
def arrays(draw, nan=False, min_side=1):
    shape = tuple(draw(st.lists(st.integers(min_side, 5), min_size=1, max_size=3)))
    rng = np.random.default_rng(draw(st.integers(0, 1000)))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64]))
    a = rng.integers(-5, 5, shape).astype(dtype) if dtype == np.int64 else rng.standard_normal(shape).astype(dtype)
    if nan:
        a = a.astype(np.float64)
        a[rng.random(shape) < 0.3] = np.nan
    chunks = tuple(draw(st.integers(1, n)) for n in shape)
    axis = draw(st.sampled_from([None, 0, -1, tuple(range(len(shape)))]))
    return a, la.from_array(a, chunks=chunks), axis


@given(arrays(), st.sampled_from(METHODS), st.sampled_from([0.5, [0.0, 0.3, 1.0], [[0.25], [0.75]]]),
       st.booleans())
def test_quantile_methods(data, method, q, keepdims):
    a, x, axis = data
    _check(la.quantile(x, q, axis=axis, method=method, keepdims=keepdims),
           np.quantile(a, q, axis=axis, method=method, keepdims=keepdims))
    pq = np.asarray(q) * 100
    _check(np.percentile(x, pq, axis=axis, method=method, keepdims=keepdims),
           np.percentile(a, pq, axis=axis, method=method, keepdims=keepdims))


@given(arrays(), st.booleans())
def test_median(data, keepdims):
    a, x, axis = data
    _check(la.median(x, axis=axis, keepdims=keepdims), np.median(a, axis=axis, keepdims=keepdims))
    _check(np.median(x, axis=axis, keepdims=keepdims), np.median(a, axis=axis, keepdims=keepdims))


@given(arrays(nan=True), st.sampled_from(["linear", "lower", "nearest"]))
def test_nan_versions(data, method):
    a, x, axis = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        _check(la.nanmedian(x, axis=axis), np.nanmedian(a, axis=axis))
        _check(la.nanquantile(x, [0.2, 0.9], axis=axis, method=method),
               np.nanquantile(a, [0.2, 0.9], axis=axis, method=method))
        _check(np.nanpercentile(x, 40, axis=axis, method=method), np.nanpercentile(a, 40, axis=axis, method=method))


def test_quantile_weights():
    a = np.random.default_rng(0).random((4, 6))
    w = np.random.default_rng(1).random((4, 6))
    _check(la.quantile(la.from_array(a, chunks=2), 0.3, axis=1, weights=w, method="inverted_cdf"),
           np.quantile(a, 0.3, axis=1, weights=w, method="inverted_cdf"))


def test_median_empty_and_0d():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        _check(la.median(la.zeros((0,))), np.median(np.zeros(0)))
    _check(la.median(la.from_array(np.float64(3.0))), np.median(3.0))


@given(arrays(), st.booleans(), st.booleans())
def test_average(data, weighted, keepdims):
    a, x, axis = data
    if not weighted:
        _check(la.average(x, axis=axis, keepdims=keepdims), np.average(a, axis=axis, keepdims=keepdims))
        return
    w = np.arange(a.size).reshape(a.shape) % 3 + 1
    _check(la.average(x, axis=axis, weights=w, keepdims=keepdims),
           np.average(a, axis=axis, weights=w, keepdims=keepdims), 1e-6)
    avg, scl = la.average(x, axis=axis, weights=w, returned=True)
    eavg, escl = np.average(a, axis=axis, weights=w, returned=True)
    _check(avg, eavg, 1e-6)
    _check(scl, escl)


def test_average_axis_weights():
    a = np.random.default_rng(0).random((3, 4, 5))
    x = la.from_array(a, chunks=2)
    _check(la.average(x, axis=1, weights=np.arange(4)), np.average(a, axis=1, weights=np.arange(4)))
    w = np.random.default_rng(2).random((5, 3))
    _check(la.average(x, axis=(2, 0), weights=w), np.average(a, axis=(2, 0), weights=w))
    with pytest.raises(ZeroDivisionError, match="Weights sum to zero"):
        la.average(x, axis=1, weights=np.zeros(4)).compute()


@given(st.integers(1, 5), st.integers(2, 9), st.booleans(), st.booleans(), st.sampled_from([None, 0, 2]),
       st.booleans())
def test_cov_corrcoef(nvar, nobs, rowvar, bias, ddof, with_y):
    rng = np.random.default_rng(nvar * 10 + nobs)
    m = rng.standard_normal((nvar, nobs) if rowvar else (nobs, nvar))
    y = rng.standard_normal(m.shape) if with_y else None
    lm = la.from_array(m, chunks=2)
    ly = la.from_array(y, chunks=3) if with_y else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        _check(la.cov(lm, ly, rowvar=rowvar, bias=bias, ddof=ddof), np.cov(m, y, rowvar=rowvar, bias=bias, ddof=ddof))
        _check(np.corrcoef(lm, ly, rowvar=rowvar), np.corrcoef(m, y, rowvar=rowvar))


def test_cov_weights_and_complex():
    rng = np.random.default_rng(0)
    m = rng.standard_normal((3, 8)) + 1j * rng.standard_normal((3, 8))
    f = np.arange(8) % 3 + 1
    aw = rng.random(8)
    lm = la.from_array(m, chunks=(2, 3))
    _check(la.cov(lm, fweights=f, aweights=aw), np.cov(m, fweights=f, aweights=aw))
    _check(la.cov(lm, fweights=f, ddof=0), np.cov(m, fweights=f, ddof=0))
    _check(la.cov(lm, aweights=la.from_array(aw, chunks=3)), np.cov(m, aweights=aw))
    _check(la.corrcoef(lm), np.corrcoef(m))
    _check(la.cov(la.from_array(m[0].real)), np.cov(m[0].real))


def test_errors():
    x = la.ones((3, 4), chunks=2)
    with pytest.raises(ValueError, match="quantile: Quantiles must be in the range \\[0, 1\\]"):
        la.quantile(x, 1.5)
    with pytest.raises(ValueError, match="percentile: Percentiles must be in the range \\[0, 100\\]"):
        la.percentile(x, -1)
    with pytest.raises(ValueError, match="quantile: 'bogus' is not a valid method"):
        la.quantile(x, 0.5, method="bogus")
    with pytest.raises(np.exceptions.AxisError):
        la.median(x, axis=2)
    with pytest.raises(TypeError, match="average: Axis must be specified"):
        la.average(x, weights=np.ones(4))
    with pytest.raises(ValueError, match="average: Shape of weights must be consistent"):
        la.average(x, axis=0, weights=np.ones(4))
    with pytest.raises(ValueError, match="cov: m has more than 2 dimensions"):
        la.cov(la.ones((2, 2, 2)))
    with pytest.raises(TypeError, match="cov: fweights must be integer"):
        la.cov(x, fweights=[1.5, 1, 1, 1])
    with pytest.raises(ValueError, match="cov: aweights cannot be negative"):
        la.cov(x, aweights=[-1, 1, 1, 1])
    with pytest.raises(RuntimeError, match="cov: incompatible numbers of samples and fweights"):
        la.cov(x, fweights=[1, 1])
