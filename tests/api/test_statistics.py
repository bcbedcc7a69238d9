"""median, quantile, percentile (+ nan versions), average, cov, corrcoef against NumPy."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq, tolerance
from lazyarr.testing.strategies import dtypes, lazy_arrays, shapes

METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen",
           "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint", "nearest"]


# 1 to 3 axes of 1 to 5 elements; the nan data has ties (small integers) and NaNs.
DATA = lazy_arrays(shape=shapes(1, 3, 5, min_side=1), dtype=dtypes(choices=[np.float64, np.float32, np.int64]))
NAN_DATA = lazy_arrays(shape=shapes(1, 3, 5, min_side=1), dtype=np.float64,
                       values=st.sampled_from(["normal", "small"]), nan=0.3)
AXES = st.sampled_from([None, 0, -1, "all"])
CLOSE = tolerance(np.float64, 1e-12)  # for float64 and complex128 data


@given(DATA, AXES, st.sampled_from(METHODS), st.sampled_from([0.5, [0.0, 0.3, 1.0], [[0.25], [0.75]]]),
       st.booleans())
def test_quantile_methods(data, axis, method, q, keepdims):
    (a, x), axis = data, tuple(range(data[0].ndim)) if axis == "all" else axis
    close = tolerance(a, 1e-12, 1e-5)
    assert_eq(la.quantile(x, q, axis=axis, method=method, keepdims=keepdims),
              np.quantile(a, q, axis=axis, method=method, keepdims=keepdims), **close)
    pq = np.asarray(q) * 100
    assert_eq(np.percentile(x, pq, axis=axis, method=method, keepdims=keepdims),
              np.percentile(a, pq, axis=axis, method=method, keepdims=keepdims), **close)


@given(DATA, AXES, st.booleans())
def test_median(data, axis, keepdims):
    (a, x), axis = data, tuple(range(data[0].ndim)) if axis == "all" else axis
    close = tolerance(a, 1e-12, 1e-5)
    assert_eq(la.median(x, axis=axis, keepdims=keepdims),
              np.median(a, axis=axis, keepdims=keepdims), **close)
    assert_eq(np.median(x, axis=axis, keepdims=keepdims),
              np.median(a, axis=axis, keepdims=keepdims), **close)


@given(NAN_DATA, AXES, st.sampled_from(["linear", "lower", "nearest"]))
def test_nan_versions(data, axis, method):
    (a, x), axis = data, tuple(range(data[0].ndim)) if axis == "all" else axis
    close = tolerance(a, 1e-12, 1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert_eq(la.nanmedian(x, axis=axis), np.nanmedian(a, axis=axis), **close)
        assert_eq(la.nanquantile(x, [0.2, 0.9], axis=axis, method=method),
                  np.nanquantile(a, [0.2, 0.9], axis=axis, method=method), **close)
        assert_eq(np.nanpercentile(x, 40, axis=axis, method=method),
                  np.nanpercentile(a, 40, axis=axis, method=method), **close)


def test_quantile_weights():
    a = np.random.default_rng(0).random((4, 6))
    w = np.random.default_rng(1).random((4, 6))
    assert_eq(la.quantile(la.from_array(a, chunks=2), 0.3, axis=1, weights=w, method="inverted_cdf"),
              np.quantile(a, 0.3, axis=1, weights=w, method="inverted_cdf"), **CLOSE)


def test_median_empty_and_0d():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert_eq(la.median(la.zeros((0,))), np.median(np.zeros(0)), **CLOSE)
    assert_eq(la.median(la.from_array(np.float64(3.0))), np.median(3.0), **CLOSE)


@given(DATA, AXES, st.booleans(), st.booleans())
def test_average(data, axis, weighted, keepdims):
    (a, x), axis = data, tuple(range(data[0].ndim)) if axis == "all" else axis
    close = tolerance(a, 1e-12, 1e-5)
    if not weighted:
        assert_eq(la.average(x, axis=axis, keepdims=keepdims),
                  np.average(a, axis=axis, keepdims=keepdims), **close)
        return
    w = np.arange(a.size).reshape(a.shape) % 3 + 1
    assert_eq(la.average(x, axis=axis, weights=w, keepdims=keepdims),
              np.average(a, axis=axis, weights=w, keepdims=keepdims), **tolerance(a, 1e-6, 1e-5))
    avg, scl = la.average(x, axis=axis, weights=w, returned=True)
    eavg, escl = np.average(a, axis=axis, weights=w, returned=True)
    assert_eq(avg, eavg, **tolerance(a, 1e-6, 1e-5))
    assert_eq(scl, escl, **close)


def test_average_axis_weights():
    a = np.random.default_rng(0).random((3, 4, 5))
    x = la.from_array(a, chunks=2)
    assert_eq(la.average(x, axis=1, weights=np.arange(4)),
              np.average(a, axis=1, weights=np.arange(4)), **CLOSE)
    w = np.random.default_rng(2).random((5, 3))
    assert_eq(la.average(x, axis=(2, 0), weights=w), np.average(a, axis=(2, 0), weights=w), **CLOSE)
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
        assert_eq(la.cov(lm, ly, rowvar=rowvar, bias=bias, ddof=ddof),
                  np.cov(m, y, rowvar=rowvar, bias=bias, ddof=ddof), **CLOSE)
        assert_eq(np.corrcoef(lm, ly, rowvar=rowvar), np.corrcoef(m, y, rowvar=rowvar), **CLOSE)


def test_cov_weights_and_complex():
    rng = np.random.default_rng(0)
    m = rng.standard_normal((3, 8)) + 1j * rng.standard_normal((3, 8))
    f = np.arange(8) % 3 + 1
    aw = rng.random(8)
    lm = la.from_array(m, chunks=(2, 3))
    assert_eq(la.cov(lm, fweights=f, aweights=aw), np.cov(m, fweights=f, aweights=aw), **CLOSE)
    assert_eq(la.cov(lm, fweights=f, ddof=0), np.cov(m, fweights=f, ddof=0), **CLOSE)
    assert_eq(la.cov(lm, aweights=la.from_array(aw, chunks=3)), np.cov(m, aweights=aw), **CLOSE)
    assert_eq(la.corrcoef(lm), np.corrcoef(m), **CLOSE)
    assert_eq(la.cov(la.from_array(m[0].real)), np.cov(m[0].real), **CLOSE)


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
