"""``la.stats`` against ``scipy.stats``: random shapes, chunkings (zero-length blocks too), dtypes,
axes and NaNs; the lazy results; every scheduler; one test per bad argument."""

import pickle
import sys
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.api.stats.results import TestResult
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import chunks_for, dtypes, lazy_arrays, shapes

scipy_stats = pytest.importorskip("scipy.stats")

REAL = dtypes("biuf")


def scipy_result(func, *args, **kwargs):
    """SciPy's answer, without its warnings about small samples, NaN and precision."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def tol(*arrays):
    """Tolerances: lazyarr sums float32 data in float64, SciPy in float32."""
    single = any(np.asarray(a).dtype in (np.float16, np.float32) for a in arrays)
    return {"rtol": 2e-3, "atol": 2e-4} if single else {"rtol": 1e-7, "atol": 1e-9}


def assert_test_eq(res, expected, *arrays):
    """A lazy ``(statistic, pvalue)`` result equals SciPy's."""
    assert isinstance(res, TestResult)
    # SciPy's NaN path of Welch's test answers float32 data in float64 (its other paths, and
    # lazyarr, keep float32): compare the dtype only without NaN in single precision.
    nan_single = any(np.asarray(a).dtype == np.float32 and np.isnan(a).any() for a in arrays)
    assert_eq(res.statistic, np.asarray(expected.statistic), check_dtype=not nan_single, **tol(*arrays))
    assert_eq(res.pvalue, np.asarray(expected.pvalue), check_dtype=not nan_single, **tol(*arrays))


@st.composite
def samples(draw, min_dims=0, max_dims=3, nan=True):
    """(NumPy data, the same as a lazy array with random chunks, an axis for it)."""
    shape = draw(shapes(min_dims, max_dims, 9))
    frac = draw(st.sampled_from([0.0, 0.0, 0.1])) if nan else 0.0
    a, x = draw(lazy_arrays(shape=shape, dtype=REAL, values=st.sampled_from(["normal", "small"]), nan=frac,
                            empty_blocks=draw(st.booleans())))
    axis = draw(st.one_of(st.none(), st.integers(-max(a.ndim, 1), max(a.ndim, 1) - 1)))
    return a, x, axis


@st.composite
def sample_like(draw, a, axis, same_length=False):
    """A second sample shaped like *a* except (unless *same_length*) along *axis*."""
    shape = list(a.shape) if a.ndim else [1]
    if axis is not None and not same_length:
        shape[axis] = draw(st.integers(0, 9))
    elif axis is None and not same_length:
        shape = list(draw(shapes(1, 3, 6)))
    dtype = draw(REAL)
    return draw(lazy_arrays(shape=tuple(shape), dtype=dtype, values=st.sampled_from(["normal", "small"]),
                            empty_blocks=draw(st.booleans())))


# -- one sample -----------------------------------------------------------------------------
@given(samples(), st.booleans())
def test_skew(data, bias):
    a, x, axis = data
    assert_eq(la.stats.skew(x, axis=axis, bias=bias), scipy_result(scipy_stats.skew, a, axis=axis, bias=bias),
              **tol(a))


@given(samples(), st.booleans(), st.booleans())
def test_kurtosis(data, fisher, bias):
    a, x, axis = data
    expected = scipy_result(scipy_stats.kurtosis, a, axis=axis, fisher=fisher, bias=bias)
    assert_eq(la.stats.kurtosis(x, axis=axis, fisher=fisher, bias=bias), expected, **tol(a))


@given(samples(), st.one_of(st.integers(0, 5), st.lists(st.integers(0, 5), min_size=1, max_size=3)))
def test_moment(data, order):
    a, x, axis = data
    expected = scipy_result(scipy_stats.moment, a, order, axis=axis)
    if isinstance(order, list) and a.size:
        # One result per order, stacked (SciPy's NaN path returns a scalar for a one-order list).
        expected = np.stack([np.asarray(scipy_result(scipy_stats.moment, a, k, axis=axis)) for k in order])
    assert_eq(la.stats.moment(x, order, axis=axis), expected, **tol(a))


@pytest.mark.parametrize("func", ["skewtest", "kurtosistest", "normaltest"])
@given(data=samples(), alternative=st.sampled_from(["two-sided", "less", "greater"]))
def test_normality_tests(func, data, alternative):
    a, x, axis = data
    if func != "kurtosistest":
        # SciPy's skewtest replaces a skewness of exactly 0 by 1 (Z jumps from 0 to 1.01), so
        # perfectly symmetric data (SciPy's sums exactly 0, ours 1e-17) cannot be compared.
        assume(not np.any(scipy_result(scipy_stats.skew, a, axis=axis) == 0))
    kwargs = {} if func == "normaltest" else {"alternative": alternative}
    expected = scipy_result(getattr(scipy_stats, func), a, axis=axis, **kwargs)
    assert_test_eq(getattr(la.stats, func)(x, axis=axis, **kwargs), expected, a)


@given(samples(), st.sampled_from(["two-sided", "less", "greater"]), st.sampled_from([0, 0.5, -1.25]))
def test_ttest_1samp(data, alternative, popmean):
    a, x, axis = data
    expected = scipy_result(scipy_stats.ttest_1samp, a, popmean, axis=axis, alternative=alternative)
    res = la.stats.ttest_1samp(x, popmean, axis=axis, alternative=alternative)
    assert_test_eq(res, expected, a)
    assert_eq(res.df, np.asarray(expected.df, dtype=float), check_dtype=False)


def test_moment_takes_dasks_keyword():
    a = np.arange(10.0) ** 2
    x = la.from_array(a, chunks=3)
    assert_eq(la.stats.moment(x, moment=3), scipy_stats.moment(a, moment=3))
    assert_eq(la.stats.moment(x), scipy_stats.moment(a))


def test_ttest_1samp_popmean_array():
    a = np.random.default_rng(1).normal(size=(12, 4))
    pop = np.array([[0.0, 0.5, -0.5, 1.0]])
    expected = scipy_stats.ttest_1samp(a, pop, axis=0)
    assert_test_eq(la.stats.ttest_1samp(la.from_array(a, chunks=5), la.from_array(pop), axis=0), expected, a)
    assert_test_eq(la.stats.ttest_1samp(la.from_array(a, chunks=5), pop), expected, a)


# -- two or more samples ----------------------------------------------------------------------
@given(st.data(), st.booleans(), st.sampled_from(["two-sided", "less", "greater"]))
def test_ttest_ind(data, equal_var, alternative):
    a, x, axis = data.draw(samples(min_dims=1))
    b, y = data.draw(sample_like(a, axis))
    expected = scipy_result(scipy_stats.ttest_ind, a, b, axis=axis, equal_var=equal_var, alternative=alternative)
    res = la.stats.ttest_ind(x, y, axis=axis, equal_var=equal_var, alternative=alternative)
    assert_test_eq(res, expected, a, b)
    assert_eq(res.df, np.asarray(expected.df, dtype=res.df.dtype), **tol(a, b))


def test_ttest_ind_broadcasts_and_takes_numpy_data():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(10, 1)), rng.normal(size=(7, 3))
    expected = scipy_stats.ttest_ind(a, b)
    assert_test_eq(la.stats.ttest_ind(la.from_array(a, chunks=3), b), expected, a)
    a1 = rng.normal(size=7)  # fewer dimensions: length-1 axes in front, as SciPy
    assert_test_eq(la.stats.ttest_ind(a1, la.from_array(b, chunks=2), axis=-1), scipy_stats.ttest_ind(a1, b, axis=-1),
                   a1)


@given(st.data(), st.sampled_from(["two-sided", "less", "greater"]))
def test_ttest_rel(data, alternative):
    a, x, axis = data.draw(samples(min_dims=1))
    b, y = data.draw(sample_like(a, axis, same_length=True))
    # SciPy subtracts in the data's dtype (uint8 wraps around); lazyarr in the floating dtype of the result.
    common = np.result_type(a.dtype, b.dtype)
    common = common if common.kind == "f" else np.dtype(np.float64)
    fa, fb = a.astype(common), b.astype(common)
    expected = scipy_result(scipy_stats.ttest_rel, fa, fb, axis=axis, alternative=alternative)
    assert_test_eq(la.stats.ttest_rel(x, y, axis=axis, alternative=alternative), expected, a, b)


def test_ttest_rel_unsigned_does_not_wrap():
    a, b = np.array([0, 1, 2, 5], np.uint8), np.array([1, 3, 2, 2], np.uint8)
    expected = scipy_stats.ttest_rel(a.astype(float), b.astype(float))
    assert_test_eq(la.stats.ttest_rel(la.from_array(a, chunks=3), b), expected, a)


@given(st.data(), st.integers(2, 4), st.booleans())
def test_f_oneway(data, k, equal_var):
    a, x, axis = data.draw(samples(min_dims=1))
    others = [data.draw(sample_like(a, axis)) for _ in range(k - 1)]
    arrays = [a] + [o[0] for o in others]
    expected = scipy_result(scipy_stats.f_oneway, *arrays, axis=axis, equal_var=equal_var)
    res = la.stats.f_oneway(x, *[o[1] for o in others], axis=axis, equal_var=equal_var)
    if np.ndim(expected[0]) == 0 and res.statistic.ndim > 0 and np.isnan(expected[0]):
        # SciPy's Welch test returns one scalar NaN, whatever the other axes, when every group has
        # fewer than two values; lazyarr keeps the shape (NaN in every line, as each line is degenerate).
        got = res.compute()
        assert np.isnan(got.statistic).all() and np.isnan(got.pvalue).all()
        return
    assert_test_eq(res, expected, *arrays)


def test_f_oneway_constant_groups():
    for groups in ([[1.0, 1, 1], [2.0, 2]], [[3.0, 3], [3.0, 3, 3]], [[1.0], [2.0]], [[1.0, 2], []]):
        expected = scipy_result(scipy_stats.f_oneway, *groups)
        res = la.stats.f_oneway(*[la.from_array(np.array(g), chunks=2) for g in groups])
        assert_test_eq(res, expected)


LAMBDAS = [None, 0, 1, -1, 0.5, 1.7, "pearson", "log-likelihood", "freeman-tukey", "mod-log-likelihood", "neyman",
           "cressie-read"]


@given(st.data(), st.sampled_from(LAMBDAS), st.sampled_from([0, 1, 2]), st.booleans())
def test_power_divergence(data, lambda_, ddof, with_expected):
    shape = data.draw(shapes(0, 3, 6))
    chunks = data.draw(chunks_for(shape, empty_blocks=True))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    dtype = data.draw(dtypes("iuf"))
    f_obs = rng.integers(1, 20, shape).astype(dtype)
    axis = data.draw(st.one_of(st.none(), st.integers(-max(len(shape), 1), max(len(shape), 1) - 1)))
    kwargs = {"ddof": ddof, "axis": axis, "lambda_": lambda_}
    f_exp = None
    if with_expected:  # expected frequencies with the same totals (SciPy checks that)
        scale = rng.uniform(0.5, 1.5, shape)
        f_exp = f_obs.sum(axis=axis, keepdims=True) * scale / np.sum(scale, axis=axis, keepdims=True)
    expected = scipy_result(scipy_stats.power_divergence, f_obs, f_exp, **kwargs)
    lazy_exp = None if f_exp is None else la.from_array(f_exp, chunks=chunks)
    res = la.stats.power_divergence(la.from_array(f_obs, chunks=chunks), lazy_exp, **kwargs)
    assert_test_eq(res, expected, f_obs)
    if lambda_ in (None, 1, "pearson"):
        assert_test_eq(la.stats.chisquare(la.from_array(f_obs, chunks=chunks), lazy_exp, ddof=ddof, axis=axis),
                       expected, f_obs)


def test_power_divergence_broadcasts_f_exp_and_ddof():
    f_obs = np.array([[16.0, 18, 16, 14, 12, 12], [32.0, 24, 16, 28, 20, 24]]).T
    f_exp = np.full((6, 1), 88 / 6)  # the same total as f_obs[:, 0]
    ddof = np.array([0, 1])
    expected = scipy_stats.chisquare(f_obs[:, :1], f_exp, ddof=ddof)
    assert_test_eq(la.stats.chisquare(la.from_array(f_obs[:, :1], chunks=4), f_exp, ddof=ddof), expected)


# -- special data ---------------------------------------------------------------------------
def test_large_mean_keeps_precision():
    """Each block's sums are taken about its own mean, so a large offset does not cancel them."""
    a = 1e9 + np.random.default_rng(3).normal(size=1000)
    noise = a - 1e9  # exact: the same numbers without the offset (SciPy itself loses digits on ``a``)
    x = la.from_array(a, chunks=70)
    assert_eq(la.stats.skew(x), scipy_stats.skew(noise), rtol=1e-7)
    assert_eq(la.stats.kurtosis(x), scipy_stats.kurtosis(noise), rtol=1e-7)
    assert_eq(la.stats.moment(x, 3), scipy_stats.moment(noise, 3), rtol=1e-7)


def test_unknown_chunk_sizes():
    a = np.random.default_rng(4).normal(size=60)
    x = la.from_array(a, chunks=13)
    kept = x[x > -0.5]
    assert np.isnan(kept.shape[0])
    b = a[a > -0.5]
    assert_eq(la.stats.skew(kept), scipy_stats.skew(b))
    assert_test_eq(la.stats.ttest_1samp(kept, 0.1), scipy_stats.ttest_1samp(b, 0.1), b)
    assert_test_eq(la.stats.ttest_ind(kept, x), scipy_stats.ttest_ind(b, a), b)


def test_nan_propagates():
    a = np.random.default_rng(5).normal(size=(20, 3))
    a[4, 1] = np.nan
    x = la.from_array(a, chunks=6)
    for got, expected in [(la.stats.ttest_ind(x, x + 1), scipy_stats.ttest_ind(a, a + 1)),
                          (la.stats.normaltest(x), scipy_stats.normaltest(a))]:
        assert np.isnan(got.compute().pvalue[1])
        assert_test_eq(got, expected, a)


# -- the lazy results -----------------------------------------------------------------------
def test_building_a_test_computes_nothing():
    def boom(block):
        raise AssertionError("computed while building")

    x = la.map_blocks(boom, la.ones((10, 2), chunks=5), dtype=float)
    for res in (la.stats.ttest_ind(x, x), la.stats.normaltest(x), la.stats.f_oneway(x, x), la.stats.chisquare(x)):
        assert isinstance(res.statistic, la.Array) and isinstance(res.pvalue, la.Array)
    assert isinstance(la.stats.skew(x), la.Array)


def test_result_behaves_like_scipys():
    a, b = np.arange(10.0), np.arange(10.0)[::-1] ** 1.5
    res = la.stats.ttest_ind(la.from_array(a, chunks=3), la.from_array(b, chunks=4))
    t, p = res  # unpacks as a pair
    assert t is res.statistic and p is res.pvalue and len(res) == 2
    assert "Ttest_indResult(statistic=lazyarr.Array<shape=(), dtype=float64>" in repr(res)
    done = res.compute(scheduler="sync")
    expected = scipy_stats.ttest_ind(a, b)
    assert type(done) is la.stats.Ttest_indResult
    assert type(done.statistic) is np.float64 and type(done.pvalue) is np.float64
    np.testing.assert_allclose([done.statistic, done.pvalue, done.df], [expected.statistic, expected.pvalue,
                                                                          expected.df])
    assert repr(done) == f"Ttest_indResult(statistic={done.statistic!r}, pvalue={done.pvalue!r})"
    assert la.compute(*res) == (done.statistic, done.pvalue)
    kept = res.persist(scheduler="sync")
    assert kept.pvalue.compute() == done.pvalue
    again = pickle.loads(pickle.dumps(done))
    assert type(again) is la.stats.Ttest_indResult and again.df == done.df
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = res.nope


def test_result_computes_in_one_pass():
    """statistic and pvalue share the data: each input block is computed once."""
    calls = []

    def count(block):
        calls.append(1)
        return block

    x = la.map_blocks(count, la.arange(40, chunks=10) * 1.0, dtype=float)
    la.stats.ttest_1samp(x, 3.0).compute(scheduler="sync")
    assert len(calls) == 4


def test_every_scheduler(scheduler):
    a = np.random.default_rng(6).normal(size=(30, 4))
    x = la.from_array(a, chunks=(7, 3))
    assert_test_eq(la.stats.ttest_ind(x, x + 0.5), scipy_stats.ttest_ind(a, a + 0.5), a)
    np.testing.assert_allclose(la.stats.normaltest(x).compute().statistic, scipy_stats.normaltest(a).statistic)


def test_distributed_cluster():
    distributed = pytest.importorskip("distributed")
    a = np.random.default_rng(7).normal(size=(30, 4))
    x = la.from_array(a, chunks=(7, 3))
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0")
    with cluster, distributed.Client(cluster, set_as_default=False) as client:
        got = la.stats.ttest_ind(x, x * 2 + 0.1, equal_var=False).compute(scheduler=client)
        skew = la.stats.skew(x).compute(scheduler=client)
    expected = scipy_stats.ttest_ind(a, a * 2 + 0.1, equal_var=False)
    np.testing.assert_allclose([got.statistic, got.pvalue], [expected.statistic, expected.pvalue])
    np.testing.assert_allclose(skew, scipy_stats.skew(a))


def test_statistics_without_scipy_and_a_clear_error_for_p_values(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.special", None)
    x = la.arange(10.0, chunks=4)
    assert float(la.stats.moment(x, 2)) == 8.25  # moments need NumPy alone
    with pytest.raises(ImportError, match=r"ttest_1samp: p-values need SciPy.*lazyarr\[stats\]"):
        la.stats.ttest_1samp(x, 0)


# -- bad arguments: one test each -----------------------------------------------------------
X = la.ones((6, 3), chunks=2)


@pytest.mark.parametrize("call", [
    lambda p: la.stats.skew(X, nan_policy=p), lambda p: la.stats.kurtosis(X, nan_policy=p),
    lambda p: la.stats.moment(X, 2, nan_policy=p), lambda p: la.stats.skewtest(X, nan_policy=p),
    lambda p: la.stats.kurtosistest(X, nan_policy=p), lambda p: la.stats.normaltest(X, nan_policy=p),
    lambda p: la.stats.ttest_1samp(X, 0, nan_policy=p), lambda p: la.stats.ttest_rel(X, X, nan_policy=p),
    lambda p: la.stats.ttest_ind(X, X, nan_policy=p), lambda p: la.stats.f_oneway(X, X, nan_policy=p),
])
def test_nan_policy_other_than_propagate(call):
    for policy in ("omit", "raise"):
        with pytest.raises(NotImplementedError, match=f"nan_policy='{policy}' is not supported"):
            call(policy)
    with pytest.raises(ValueError, match="nan_policy must be one of"):
        call("ignore")


@pytest.mark.parametrize("func", ["ttest_1samp", "ttest_rel", "ttest_ind", "skewtest", "kurtosistest"])
def test_bad_alternative(func):
    args = (X, 0) if func == "ttest_1samp" else (X, X) if func in ("ttest_rel", "ttest_ind") else (X,)
    with pytest.raises(ValueError, match=f"{func}: alternative must be 'two-sided', 'less' or 'greater', got 'bigger'"):
        getattr(la.stats, func)(*args, alternative="bigger")


def test_axis_out_of_range():
    with pytest.raises(np.exceptions.AxisError, match="skew: axis 2 is out of bounds"):
        la.stats.skew(X, axis=2)


def test_axis_tuple():
    with pytest.raises(TypeError, match=r"ttest_ind: axis must be an int or None, got \(0, 1\)"):
        la.stats.ttest_ind(X, X, axis=(0, 1))


def test_complex_data():
    with pytest.raises(TypeError, match="skew: data of dtype complex128 is not supported"):
        la.stats.skew(la.ones(4, dtype=complex))


def test_equal_var_not_bool():
    with pytest.raises(TypeError, match="ttest_ind: equal_var must be True or False"):
        la.stats.ttest_ind(X, X, equal_var="yes")


def test_lambda_bad_string():
    with pytest.raises(ValueError, match="power_divergence: invalid string for lambda_: 'chi'"):
        la.stats.power_divergence(X, lambda_="chi")


def test_lambda_bad_type():
    with pytest.raises(TypeError, match="power_divergence: lambda_ must be a number"):
        la.stats.power_divergence(X, lambda_=[1])


@pytest.mark.parametrize("order", [-1, 1.5, [[1, 2]], [], "2"])
def test_moment_bad_order(order):
    with pytest.raises(ValueError, match="moment: .*order"):
        la.stats.moment(X, order)


def test_moment_order_twice():
    with pytest.raises(TypeError, match="moment: give the order once"):
        la.stats.moment(X, 2, moment=3)


def test_popmean_bad_shape():
    with pytest.raises(ValueError, match=r"ttest_1samp: popmean of shape \(3,\) must be a number"):
        la.stats.ttest_1samp(X, np.zeros(3))


def test_samples_do_not_match():
    with pytest.raises(ValueError, match=r"ttest_ind: the samples' shapes \[\(6, 3\), \(6, 2\)\] must agree"):
        la.stats.ttest_ind(X, la.ones((6, 2)))


def test_f_oneway_one_sample():
    with pytest.raises(TypeError, match="f_oneway: at least two samples are required; got 1"):
        la.stats.f_oneway(X)


def test_f_exp_does_not_broadcast():
    with pytest.raises(ValueError, match=r"chisquare: f_obs of shape \(6, 3\) and f_exp of shape \(4,\)"):
        la.stats.chisquare(X, la.ones(4))


def test_data_not_an_array():
    with pytest.raises(TypeError, match="skew: a must be an array of numbers, got dict"):
        la.stats.skew({"a": 1})
