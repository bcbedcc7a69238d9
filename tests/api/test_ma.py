"""lazyarr.ma against numpy.ma: masked reductions, elementwise operations, masking functions,
fill values, the block type through the core, schedulers, and errors."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import axes_for, masked_arrays


def numpy_ma(func, *args, **kwargs):
    """The numpy.ma result, quietly (invalid values in masked places warn)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def assert_ma_eq(lazy, expected, **kwargs):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        assert_eq(lazy, expected, **kwargs)


def _expect(e):
    """numpy.ma's result as assert_eq compares it: masked arrays as they are, scalars as 0-d."""
    return e if isinstance(e, np.ma.MaskedArray) else np.asarray(e)[()]


def _tol(dtype):
    return {"rtol": 1e-4, "atol": 1e-4} if np.dtype(dtype) in (np.float32, np.complex64) else {"rtol": 1e-7,
                                                                                               "atol": 1e-9}


# -- reductions ------------------------------------------------------------------------------
REDUCTIONS = ["sum", "prod", "min", "max", "mean", "var", "std", "any", "all"]


@given(masked_arrays(dtype=st.sampled_from(["i8", "f8", "f4", "u1", "?"])), st.data(),
       st.sampled_from(REDUCTIONS), st.booleans())
def test_reductions_match_numpy_ma(mx, data, name, keepdims):
    m, x = mx
    axis = data.draw(axes_for(m.ndim))
    if name in ("min", "max") and (m.size == 0 or any(m.shape[a] == 0 for a in np.atleast_1d(
            range(m.ndim) if axis is None else axis))):
        return  # numpy.ma raises for empty slices too; the error is tested below
    if name in ("var", "std", "mean") and m.dtype == bool:
        return
    if name == "prod" and m.dtype.kind == "f" and m.ndim:
        m = m / 4 + 1  # keep products of many values finite and comparable
        x = x / 4 + 1
    expected = numpy_ma(getattr(m, name), axis=axis, keepdims=keepdims)
    got = getattr(x, name)(axis=axis, keepdims=keepdims)
    assert got.block_type is (np.ma.MaskedArray if got.ndim else got.block_type)
    # numpy.ma's mean/var/std of float32 are float64, except for a 0-d array, whose all-False mask
    # numpy.ma drops (then NumPy's float32 rule applies): a lazy array cannot tell those apart.
    same_dtype = not (m.ndim == 0 and name in ("mean", "var", "std"))
    assert_ma_eq(got, _expect(expected), check_dtype=same_dtype, **_tol(m.dtype))


@given(masked_arrays(dtype=st.sampled_from(["i8", "f8"]), shape=st.sampled_from([(7,), (4, 5), (3, 2, 4)])),
       st.data(), st.sampled_from(["argmin", "argmax"]))
def test_argmin_argmax_match_numpy_ma(mx, data, name):
    m, x = mx
    axis = data.draw(st.sampled_from([None, *range(m.ndim)]))
    expected = getattr(m, name)(axis=axis)
    got = getattr(x, name)(axis=axis)
    assert got.block_type is np.ndarray  # plain indices, as numpy.ma gives
    assert_eq(got, np.asarray(expected)[()] if axis is None else expected)


@given(masked_arrays(dtype=st.sampled_from(["i8", "f8"])), st.data(), st.sampled_from(["cumsum", "cumprod"]))
def test_cumulative_match_numpy_ma(mx, data, name):
    m, x = mx
    axis = data.draw(st.sampled_from([None, *range(m.ndim)]))
    if name == "cumprod" and m.dtype.kind == "f" and m.ndim:  # (numpy.ma: 0-d arithmetic gives a plain scalar)
        m, x = m / 4 + 1, x / 4 + 1
    assert_ma_eq(getattr(x, name)(axis=axis), numpy_ma(getattr(m, name), axis=axis), **_tol(m.dtype))


@given(masked_arrays(dtype=st.sampled_from(["i8", "f8"])), st.data(), st.booleans())
def test_count_matches_numpy_ma(mx, data, keepdims):
    m, x = mx
    axis = data.draw(axes_for(m.ndim))
    expected = np.ma.count(m, axis=axis, keepdims=keepdims)
    assert_eq(la.ma.count(x, axis=axis, keepdims=keepdims), np.asarray(expected, dtype=np.intp)[()])


@pytest.mark.parametrize("name", ["nanmin", "nanmax", "nansum", "nanmean", "nanvar", "count_nonzero", "nanargmax"])
def test_nan_reductions_honour_masks(name):
    m = np.ma.masked_array([[1.0, 0, np.nan, 3], [5, 6, 0, 8], [2, 2, 2, 2]],
                           mask=[[0, 1, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0]])
    x = la.from_array(m, chunks=(1, 2))
    for axis in (0, 1):
        expected = numpy_ma(getattr(np, name), m, axis=axis)
        assert_ma_eq(getattr(la, name)(x, axis=axis), expected)


def test_fully_masked_block_does_not_poison_the_result():
    m = np.ma.masked_array(np.arange(12.0).reshape(3, 4), mask=False)
    m[:, :2] = np.ma.masked  # block 0 along axis 1 is masked throughout
    x = la.from_array(m, chunks=2)
    for name in REDUCTIONS:
        assert_ma_eq(getattr(x, name)(axis=1), getattr(m, name)(axis=1))
        assert_ma_eq(getattr(x, name)(), np.asarray(getattr(m, name)())[()])
    assert la.from_array(m, chunks=2)[:, :2].sum().compute() is np.ma.masked


def test_all_masked_slice_is_masked_and_mean_is_not_nan():
    m = np.ma.masked_array([[1.0, 2.0], [3.0, 4.0]], mask=[[True, True], [False, True]])
    x = la.from_array(m, chunks=1)
    assert_ma_eq(x.mean(axis=1), m.mean(axis=1))
    assert x.mean(axis=1).compute().mask.tolist() == [True, False]


@given(masked_arrays(dtype="f8", shape=st.sampled_from([(6,), (3, 4)])), st.data(),
       st.sampled_from([None, "weights"]), st.booleans())
def test_average_matches_numpy_ma(mx, data, weighted, returned):
    m, x = mx
    axis = data.draw(st.sampled_from([None, *range(m.ndim)]))
    w = None
    if weighted:
        w = np.arange(1.0, m.size + 1).reshape(m.shape)
        if axis is not None and data.draw(st.booleans()):
            w = np.arange(1.0, m.shape[axis] + 1)
    expected = numpy_ma(np.ma.average, m, axis=axis, weights=w, returned=returned)
    got = la.ma.average(x, axis=axis, weights=w, returned=returned)
    if returned:
        for g, e in zip(got, expected):
            assert_ma_eq(g, _expect(e))
    else:
        assert_ma_eq(got, _expect(expected))


# -- elementwise -----------------------------------------------------------------------------
@given(masked_arrays(dtype="f8"), st.sampled_from(["add", "multiply", "true_divide", "sin", "log", "sqrt",
                                                   "maximum", "greater"]))
def test_elementwise_keeps_masks_as_numpy_ma(mx, name):
    m, x = mx
    ma_func, lazy_func = getattr(np.ma, name), getattr(np, name)
    if name in ("sin", "log", "sqrt"):
        expected, got = numpy_ma(ma_func, m), lazy_func(x)
    else:
        expected, got = numpy_ma(ma_func, m, m[::-1] if m.ndim else m), lazy_func(x, x[::-1] if x.ndim else x)
    assert got.block_type is np.ma.MaskedArray
    assert_ma_eq(got, expected)


def test_operators_match_numpy_ma_operators():
    m = np.ma.masked_array([1.0, 0.0, np.nan, 4.0, -1.0], mask=[0, 0, 0, 1, 0])
    x = la.from_array(m, chunks=2)
    assert_ma_eq(1 / x, numpy_ma(lambda: 1 / m))  # division by zero and NaN results are masked
    assert_ma_eq(x + m, m + m)
    assert_ma_eq(-x * 2, -m * 2)
    assert_ma_eq(x[la.ma.filled(x > 0, False)], m[(m > 0).filled(False)])  # unknown block sizes


def test_numpy_ma_operand_in_lazy_expression_keeps_its_mask():
    m = np.ma.masked_array([1, 2, 3, 4], mask=[0, 1, 0, 0])
    x = la.arange(4, chunks=2)
    assert_ma_eq(x + m, np.arange(4) + m)


# -- masking functions -----------------------------------------------------------------------
@given(masked_arrays(dtype=st.sampled_from(["i8", "f8"]), values="small"),
       st.sampled_from(["masked_equal", "masked_not_equal", "masked_greater", "masked_greater_equal",
                        "masked_less", "masked_less_equal"]), st.integers(-3, 3))
def test_masked_compare_functions(mx, name, value):
    m, x = mx
    expected = getattr(np.ma, name)(m, value)
    got = getattr(la.ma, name)(x, value)
    assert_ma_eq(got, expected)
    if m.ndim:  # (a 0-d result computes to a scalar or np.ma.masked: no fill value)
        assert got.compute().fill_value == expected.fill_value


@given(masked_arrays(dtype=st.sampled_from(["i8", "f8"]), values="small"), st.integers(-3, 3), st.integers(-3, 3))
def test_masked_inside_outside(mx, v1, v2):
    m, x = mx
    assert_ma_eq(la.ma.masked_inside(x, v1, v2), np.ma.masked_inside(m, v1, v2))
    assert_ma_eq(la.ma.masked_outside(x, v1, v2), np.ma.masked_outside(m, v1, v2))


@given(masked_arrays(dtype="f8", shape=st.sampled_from([(0,), (5,), (3, 4), ()])), st.data())
def test_masked_where(mx, data):
    m, x = mx
    cond = np.asarray(data.draw(st.lists(st.booleans(), min_size=m.size, max_size=m.size)), bool).reshape(m.shape)
    assert_ma_eq(la.ma.masked_where(cond, x), np.ma.masked_where(cond, m))
    assert_ma_eq(la.ma.masked_where(la.from_array(cond), x), np.ma.masked_where(cond, m))
    assert_ma_eq(la.ma.masked_where(x > 0.5, x), np.ma.masked_where(m > 0.5, m))
    # plain data becomes masked
    assert_ma_eq(la.ma.masked_where(cond, la.from_array(m.data)), np.ma.masked_where(cond, m.data))


def test_masked_where_does_not_write_to_its_input():
    m = np.ma.masked_array(np.arange(4.0), mask=[0, 0, 0, 1])
    x = la.from_array(m, chunks=2)
    la.ma.masked_where(x < 2, x).compute()
    la.ma.masked_where(la.from_array(m.data, chunks=2) < 2, la.from_array(m.data, chunks=2)).compute()
    assert m.mask.tolist() == [False, False, False, True]
    assert x.compute().mask.tolist() == [False, False, False, True]


def _with_invalid(shape, seed):
    a = np.random.default_rng(seed).standard_normal(shape)
    a.reshape(-1)[::3] = np.nan
    a.reshape(-1)[1::5] = np.inf
    a.reshape(-1)[2::7] = -np.inf
    return a


@pytest.mark.parametrize("shape, chunks", [((10,), 3), ((4, 5), (3, 2)), ((0, 3), 2), ((), ())])
def test_masked_invalid_and_fix_invalid(shape, chunks):
    a = _with_invalid(shape, 0)
    x = la.from_array(a, chunks=chunks)
    assert_ma_eq(la.ma.masked_invalid(x), np.ma.masked_invalid(a)) if a.ndim else None
    fixed, expected = la.ma.fix_invalid(x, fill_value=-1.0), np.ma.fix_invalid(a, fill_value=-1.0)
    if a.ndim:
        assert_ma_eq(fixed, expected)
        assert_eq(la.ma.getdata(fixed), expected.data)
        assert_eq(la.ma.getdata(la.ma.fix_invalid(x)), np.ma.fix_invalid(a).data)
    if a.size:
        assert_ma_eq(la.ma.masked_invalid(x).mean(), _expect(np.ma.masked_invalid(a).mean()))


def test_masked_values():
    a = np.array([1.0, 1.1, 2.0, 1.1000001, 3.0])
    x = la.from_array(a, chunks=2)
    expected = np.ma.masked_values(a, 1.1)
    got = la.ma.masked_values(x, 1.1)
    assert_ma_eq(got, expected)
    assert got.compute().fill_value == expected.fill_value
    ints = np.array([1, 2, 3, 2])
    assert_ma_eq(la.ma.masked_values(la.from_array(ints, chunks=3), 2), np.ma.masked_values(ints, 2))


# -- creation, access, fill values -------------------------------------------------------------
@given(masked_arrays(dtype=st.sampled_from(["i8", "f8", "?"])))
def test_filled_getdata_getmaskarray(mx):
    m, x = mx
    assert_eq(la.ma.getmaskarray(x), np.ma.getmaskarray(m))
    assert_eq(la.ma.getdata(x), np.ma.getdata(m))
    assert_eq(la.ma.filled(x), np.ma.filled(m))
    assert_eq(la.ma.filled(x, 1), np.ma.filled(m, 1))
    assert la.ma.filled(x).block_type is np.ndarray


def test_masked_array_and_fill_values():
    data = np.arange(6.0).reshape(2, 3)
    mask = [[0, 1, 0], [1, 0, 0]]
    x = la.ma.masked_array(la.from_array(data, chunks=2), mask=mask, fill_value=-5.0)
    expected = np.ma.masked_array(data, mask=mask, fill_value=-5.0)
    assert_ma_eq(x, expected)
    assert x.compute().fill_value == -5.0
    assert_eq(la.ma.filled(x), expected.filled())
    assert_ma_eq(la.ma.masked_array(data, mask=True), np.ma.masked_array(data, mask=True))
    assert_ma_eq(la.ma.masked_array([1, 2, 3]), np.ma.masked_array([1, 2, 3]))
    assert_ma_eq(la.ma.masked_array(x, mask=[[1, 0, 0], [0, 0, 0]]),
                 np.ma.masked_array(expected, mask=[[1, 0, 0], [0, 0, 0]]))  # masks are OR-ed
    assert la.ma.masked_array(data, dtype="f4").dtype == np.float32
    # the fill value survives operations, rechunking and several blocks
    assert (x * 2).rechunk(1).compute().fill_value == (expected * 2).fill_value


def test_set_fill_value():
    m = np.ma.masked_array(np.arange(5), mask=[0, 1, 0, 1, 0])
    x = la.from_array(m, chunks=2)
    before = x.name
    assert la.ma.set_fill_value(x, 42) is None
    np.ma.set_fill_value(m, 42)
    assert x.name != before
    assert x.compute().fill_value == 42
    assert_eq(la.ma.filled(x), m.filled())
    plain = la.arange(3, chunks=2)
    name = plain.name
    la.ma.set_fill_value(plain, 1)  # a plain array has no fill value: left alone, as in NumPy
    assert plain.name == name


@pytest.mark.parametrize("name", ["empty_like", "ones_like", "zeros_like"])
def test_like_functions_keep_the_mask(name):
    m = np.ma.masked_array(np.arange(6.0).reshape(2, 3), mask=[[0, 1, 0], [0, 0, 1]])
    x = la.from_array(m, chunks=2)
    got = getattr(la.ma, name)(x)
    expected = getattr(np.ma, name)(m)
    assert got.block_type is np.ma.MaskedArray
    assert_eq(la.ma.getmaskarray(got), np.ma.getmaskarray(expected))
    if name != "empty_like":
        assert_ma_eq(got, expected)
        assert_ma_eq(getattr(la.ma, name)(x, dtype=int), getattr(np.ma, name)(m, dtype=int))


def test_where_and_nonzero():
    m = np.ma.masked_array([0, 1, 2, 0, 3], mask=[0, 0, 1, 0, 0])
    x = la.from_array(m, chunks=2)
    assert_ma_eq(la.ma.where(x > 0, x, -1), np.ma.where(m > 0, m, -1))
    (idx,) = la.ma.nonzero(x)
    assert_eq(idx, np.ma.nonzero(m)[0], check_blocks=False)
    (idx,) = la.ma.where(x)
    assert_eq(idx, np.ma.nonzero(m)[0], check_blocks=False)


def test_asanyarray_keeps_masks_and_asarray_drops_them():
    m = np.ma.masked_array([1, 2, 3], mask=[0, 1, 0], fill_value=7)
    assert_ma_eq(la.ma.asanyarray(m), m)
    assert la.ma.asanyarray(m).compute().fill_value == 7
    assert_eq(la.asarray(m), np.asarray(m))
    assert_ma_eq(la.from_array(m, chunks=1), m)


def test_from_array_masks_enter_the_name():
    a = np.ma.masked_array([1, 2, 3], mask=[0, 1, 0])
    b = np.ma.masked_array([1, 2, 3], mask=[1, 0, 0])
    assert la.from_array(a).name != la.from_array(b).name
    assert la.from_array(a).name == la.from_array(a.copy()).name


# -- the block type through the core -----------------------------------------------------------
def test_block_type_through_core_operations():
    m = np.ma.masked_greater(np.arange(24.0).reshape(4, 6), 15)
    x = la.from_array(m, chunks=(3, 4))
    assert_ma_eq(x.rechunk((1, 5)), m)
    assert_ma_eq(x.T, m.T)
    assert_ma_eq(x[1:, ::2], m[1:, ::2])
    assert_ma_eq(x.reshape(6, 4), m.reshape(6, 4))
    assert_ma_eq(la.concatenate([x, x], axis=1), np.ma.concatenate([m, m], axis=1))
    assert_ma_eq(x.persist(), m)
    assert_ma_eq(x.map_blocks(lambda b: b * 2), m * 2)
    assert_ma_eq(x.blocks[1, 1], m[3:, 4:])
    assert x.map_blocks(np.ma.getdata).block_type is np.ndarray  # found by the sample run
    assert la.from_array(m.data).map_blocks(np.ma.masked_invalid).block_type is np.ma.MaskedArray


def test_fancy_indexing_keeps_masks():
    m = np.ma.masked_greater(np.arange(24.0).reshape(4, 6), 15)
    x = la.from_array(m, chunks=(3, 4))
    assert_ma_eq(x[[0, 3, 2]], m[[0, 3, 2]])
    assert_ma_eq(x[[0, 3], [1, 5]], m[[0, 3], [1, 5]])
    assert_ma_eq(x[la.ma.getdata(x) > 12], m[m.data > 12])
    assert_ma_eq(x[:, la.from_array(np.array([5, 0]))], m[:, [5, 0]])


def test_custom_reduction_with_concatenate_keeps_masks():
    m = np.ma.masked_greater(np.arange(12.0).reshape(3, 4), 6)
    x = la.from_array(m, chunks=2)
    got = la.reduction(x, np.sum, np.sum, axis=0, dtype=x.dtype)  # the combine joins partials
    assert_ma_eq(got, m.sum(axis=0))


def test_masked_blocks_where_plain_were_promised_keep_their_mask():
    # dtype= skips the sample run, so the build cannot know func masks: compute still keeps the mask
    x = la.arange(6, chunks=2).map_blocks(lambda b: np.ma.masked_greater(b, 3), dtype=int)
    assert x.block_type is np.ndarray
    got = x.compute()
    assert isinstance(got, np.ma.MaskedArray) and got.mask.tolist() == [False] * 4 + [True] * 2


def test_repr_and_html_name_the_chunk_type():
    x = la.ma.masked_equal(la.arange(4, chunks=2), 2)
    assert "chunktype=numpy.ma.MaskedArray" in repr(x)
    assert "numpy.ma.MaskedArray" in x._repr_html_()
    assert "chunktype=numpy.ndarray" in repr(la.ma.filled(x))
    assert "chunktype=numpy.ndarray" in repr(la.arange(4))


def test_plain_arrays_stay_plain():
    x = la.arange(6, chunks=4)
    for y in (x + 1, x.sum(), x.mean(axis=0), x.rechunk(2), x[::2], x.cumsum()):
        assert y.block_type is np.ndarray
        assert not isinstance(y.compute(), np.ma.MaskedArray)


def test_masked_reduction_0d_masked_result():
    x = la.ma.masked_greater(la.arange(4, chunks=2), -1)
    assert x.sum().compute() is np.ma.masked
    assert x.mean().compute() is np.ma.masked
    assert la.ma.count(x).compute() == 0


# -- schedulers ------------------------------------------------------------------------------
def test_every_local_scheduler(scheduler):
    m = np.ma.masked_greater(np.arange(30.0).reshape(5, 6), 20)
    x = la.from_array(m, chunks=2)
    assert_ma_eq(la.ma.masked_where(x < 3, x).mean(axis=0), np.ma.masked_where(m < 3, m).mean(axis=0))


def test_to_dask_keeps_masks():
    dask = pytest.importorskip("dask")
    m = np.ma.masked_greater(np.arange(12.0).reshape(3, 4), 6)
    x = la.from_array(m, chunks=2)
    (got,) = dask.compute((x + 1).to_dask())
    assert isinstance(got, np.ma.MaskedArray)
    assert got.mask.tolist() == (m + 1).mask.tolist()
    (kept,) = dask.persist(x.to_dask())
    back = la.asarray(kept)  # a dask array back into lazyarr: its blocks keep their masks
    assert isinstance(back.compute(), np.ma.MaskedArray)
    assert_ma_eq(back.sum(axis=0), m.sum(axis=0))


def test_distributed_cluster():
    distributed = pytest.importorskip("distributed")
    m = np.ma.masked_greater(np.arange(60.0).reshape(6, 10), 40)
    x = la.from_array(m, chunks=(2, 3))
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        expected = np.ma.masked_where(m > 0.9 * 40, m).mean(axis=0)
        got = la.ma.masked_where(x > 0.9 * 40, x).mean(axis=0).compute(scheduler=client)
        assert isinstance(got, np.ma.MaskedArray)
        np.testing.assert_array_equal(got.mask, expected.mask)
        np.testing.assert_allclose(got.filled(0), expected.filled(0))
        kept = la.ma.masked_invalid(x).persist(scheduler=client)
        assert kept.block_type is np.ma.MaskedArray
        assert isinstance(kept.compute(scheduler=client), np.ma.MaskedArray)


# -- errors ----------------------------------------------------------------------------------
def test_errors():
    x = la.arange(6, chunks=4)
    with pytest.raises(np.ma.MaskError, match="masked_array: mask has shape"):
        la.ma.masked_array(x, mask=[True, False])
    with pytest.raises(ValueError, match="masked_array: fill_value must be a scalar"):
        la.ma.masked_array(x, fill_value=[1, 2])
    with pytest.raises(TypeError):
        la.ma.masked_array(x, fill_value="a")
    with pytest.raises(IndexError, match="masked_where: condition has shape"):
        la.ma.masked_where([True, False], x)
    with pytest.raises(IndexError, match="masked_equal: value has shape"):
        la.ma.masked_equal(x, [1, 2])
    with pytest.raises(ValueError, match="masked_inside: v1 must be a scalar"):
        la.ma.masked_inside(x, [1, 2], 3)
    with pytest.raises(ValueError, match="filled: fill_value must be a scalar"):
        la.ma.filled(x, [1, 2])
    with pytest.raises(ValueError, match="set_fill_value: fill_value must be a scalar"):
        la.ma.set_fill_value(la.ma.masked_equal(x, 1), [1, 2])
    with pytest.raises(TypeError):
        la.ma.set_fill_value(la.ma.masked_equal(x, 1), "text")
    with pytest.raises(ValueError, match="where: give both x and y"):
        la.ma.where(x > 1, x)
    with pytest.raises(TypeError, match="average: Axis must be specified"):
        la.ma.average(x.reshape(2, 3), weights=[1, 2, 3])
    with pytest.raises(ValueError, match="average: Shape of weights"):
        la.ma.average(x.reshape(2, 3), axis=0, weights=[1, 2, 3])
    with pytest.raises(TypeError, match="zeros_like: unsupported keyword"):
        la.ma.zeros_like(x, shape=(3,))
    with pytest.raises(np.exceptions.AxisError, match="count"):
        la.ma.count(x, axis=1)
    with pytest.raises(ValueError, match="zero-size array"):
        la.ma.masked_equal(la.zeros((0,)), 1).min()


# -- unknown sizes and dask's names ------------------------------------------------------------
@given(masked_arrays(dtype="f8", shape=st.sampled_from([(9,), (4, 5)])), st.sampled_from(["sum", "mean", "max",
                                                                                      "std"]))
def test_reductions_over_unknown_block_sizes(mx, name):
    m, x = mx
    keep = np.ma.getdata(m) > 0  # a boolean index: the blocks' lengths are unknown until computed
    y = x[la.from_array(keep, chunks=x.chunks)]
    assert any(s != s for c in y.chunks for s in c) or y.size == 0
    expected = numpy_ma(getattr(m[keep], name))
    assert_ma_eq(getattr(y, name)(), _expect(expected))


def test_names_and_parameters_mirror_dask_array_ma():
    da = pytest.importorskip("dask.array")
    import inspect

    leaked = {"annotations", "blockwise", "chunk", "derived_from", "elemwise", "map_blocks", "normalize_masked_array",
              "normalize_token", "np", "reduction", "wraps"}  # dask's own imports, not its API
    for name in sorted(n for n in dir(da.ma) if not n.startswith("_") and n not in leaked):
        assert name in la.ma.__all__, f"la.ma.{name} is missing"
        theirs = [p for p, v in inspect.signature(getattr(da.ma, name)).parameters.items() if v.kind != v.VAR_KEYWORD]
        ours = [p for p, v in inspect.signature(getattr(la.ma, name)).parameters.items() if v.kind != v.VAR_KEYWORD]
        assert ours[:len(theirs)] == theirs, f"la.ma.{name}{ours} != dask.array.ma.{name}{theirs}"


# -- unique, topk and argtopk honour masks -----------------------------------------------------
@given(masked_arrays(dtype=st.sampled_from(["i8", "f8"]), values="small"))
def test_unique_matches_numpy_on_masked_arrays(mx):
    # NumPy gathers the masked elements into one masked entry after the values; its first
    # position, count and inverse index are reported like any value's.
    m, x = mx
    got = la.unique(x, return_index=True, return_inverse=True, return_counts=True)
    expected = numpy_ma(np.unique, m, return_index=True, return_inverse=True, return_counts=True)
    values = got[0].compute()
    assert isinstance(values, np.ma.MaskedArray)
    np.testing.assert_array_equal(np.ma.getmaskarray(values), np.ma.getmaskarray(expected[0]))
    np.testing.assert_array_equal(values.compressed(), expected[0].compressed())
    for g, e in zip(got[1:], expected[1:]):
        assert_eq(g, e.reshape(m.shape) if e.size == m.size and g.ndim == m.ndim else e)


def _masked_topk_oracle(row, k):
    """The |k| most wanted of a 1-d numpy.ma row: unmasked values first (largest first for k > 0,
    smallest first for k < 0), then masked ones if too few are unmasked."""
    ordered = np.ma.sort(row, endwith=k < 0)  # masked as the smallest for k > 0, the largest for k < 0
    return (ordered[::-1] if k > 0 else ordered)[:abs(k)]


@given(masked_arrays(dtype=st.sampled_from(["i8", "f8"]), shape=st.sampled_from([(7,), (4, 5), (0, 3), (3, 6)]),
                     values="small"), st.integers(-6, 6).filter(bool), st.data())
def test_topk_and_argtopk_never_pick_masked_elements_before_unmasked_ones(mx, k, data):
    m, x = mx
    axis = data.draw(st.integers(0, m.ndim - 1))
    top = la.topk(x, k, axis=axis).compute()
    where = la.argtopk(x, k, axis=axis).compute()
    assert isinstance(top, np.ma.MaskedArray) and not isinstance(where, np.ma.MaskedArray)
    def rows(a):  # the lines along axis, one per row
        b = np.moveaxis(a, axis, -1)
        return b.reshape(math.prod(b.shape[:-1]), b.shape[-1])

    for row, got, idx in zip(rows(m), rows(top), rows(where)):
        expected = _masked_topk_oracle(row, k)
        np.testing.assert_array_equal(np.ma.getmaskarray(got), np.ma.getmaskarray(expected))
        np.testing.assert_array_equal(got.compressed(), expected.compressed())
        # the indices point at those elements (ties may pick other positions of equal values)
        picked = row[idx]
        np.testing.assert_array_equal(np.ma.getmaskarray(picked), np.ma.getmaskarray(expected))
        np.testing.assert_array_equal(picked.compressed(), expected.compressed())


# -- point-wise indexing keeps masks; linalg reads the data, as NumPy's does --------------------
@given(masked_arrays(dtype="f8", shape=st.sampled_from([(6, 5), (4, 4), (3, 7)])), st.data())
def test_vindex_and_diagonals_keep_masks(mx, data):
    m, x = mx
    n = min(m.shape)
    rows = np.asarray(data.draw(st.lists(st.integers(0, m.shape[0] - 1), min_size=1, max_size=8)))
    cols = np.asarray(data.draw(st.lists(st.integers(0, m.shape[1] - 1), min_size=len(rows), max_size=len(rows))))
    offset = data.draw(st.integers(-n, n))
    for got, expected in [(x.vindex[rows, cols], m[rows, cols]), (x[rows, cols], m[rows, cols]),
                          (la.diagonal(x, offset), np.diagonal(m, offset)),
                          (la.linalg.diagonal(x, offset=offset), np.linalg.diagonal(m, offset=offset))]:
        value = got.compute()
        assert isinstance(value, np.ma.MaskedArray)
        np.testing.assert_array_equal(np.ma.getmaskarray(value), np.ma.getmaskarray(expected))
        np.testing.assert_array_equal(value.filled(0), expected.filled(0))


def _spd_masked(n, seed):
    """A symmetric positive-definite matrix with some entries masked (LAPACK never sees the mask)."""
    rng = np.random.default_rng(seed)
    a = rng.random((n, n))
    a = a @ a.T + n * np.eye(n)
    return np.ma.masked_array(a, mask=rng.random((n, n)) < 0.3)


@pytest.mark.parametrize("name, call", [
    ("inv", lambda xp, a: xp.linalg.inv(a)),
    ("det", lambda xp, a: xp.linalg.det(a)),
    ("solve", lambda xp, a: xp.linalg.solve(a, xp.ones(a.shape[0]) if xp is la else np.ones(a.shape[0]))),
    ("cholesky", lambda xp, a: xp.linalg.cholesky(a)),
    ("eigvalsh", lambda xp, a: xp.linalg.eigvalsh(a)),
    ("svdvals", lambda xp, a: xp.linalg.svd(a, compute_uv=False) if xp is np else xp.linalg.svdvals(a)),
    ("matrix_rank", lambda xp, a: xp.linalg.matrix_rank(a)),
    ("norm", lambda xp, a: xp.linalg.norm(a)),
    ("vector_norm", lambda xp, a: xp.linalg.vector_norm(a)),
    ("matrix_norm", lambda xp, a: xp.linalg.matrix_norm(a)),
    ("qr R", lambda xp, a: abs(xp.linalg.qr(a)[1])),
])
def test_linalg_reads_the_data_of_masked_arrays_as_numpy(name, call):
    # np.linalg starts with np.asarray, so a mask is ignored; before, masked blocks reached
    # LAPACK-shaped block products and failed in a task ("operands could not be broadcast").
    m = _spd_masked(6, 0)
    x = la.ma.masked_array(la.from_array(m.data, chunks=(6, 3)), mask=la.from_array(m.mask, chunks=(6, 3)))
    if name == "qr R":
        x = x.rechunk((3, 6))  # tall-and-skinny QR wants row blocks
    expected = numpy_ma(call, np, m.data)
    got = call(la, x)
    value = got.compute() if isinstance(got, la.Array) else got
    assert not isinstance(value, np.ma.MaskedArray)
    np.testing.assert_allclose(np.asarray(value), np.asarray(expected), rtol=1e-10, atol=1e-12)
