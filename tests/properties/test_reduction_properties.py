"""Every reduction against NumPy, with random axes, keepdims, chunkings and dtypes."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.errors import UnknownChunkSizeError
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import arrays_and_chunks, axes_for, unknown_size_arrays

REDUCTIONS = ["sum", "prod", "mean", "std", "var", "min", "max", "any", "all", "nansum", "nanprod",
              "nanmean", "nanstd", "nanvar", "nanmin", "nanmax", "ptp", "count_nonzero"]
ARG_REDUCTIONS = ["argmin", "argmax", "nanargmin", "nanargmax"]
CUMULATIVE = ["cumsum", "cumprod", "nancumsum", "nancumprod"]


def _expected(func, *args, **kwargs):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return func(*args, **kwargs), None
        except Exception as exc:
            return None, exc


@given(data=st.data(), name=st.sampled_from(REDUCTIONS), keepdims=st.booleans(),
       split_every=st.sampled_from([None, 2, 3]))
def test_reductions_match_numpy(data, name, keepdims, split_every):
    a, chunks = data.draw(arrays_and_chunks(max_dims=3, empty_blocks=True))
    axis = data.draw(axes_for(a.ndim))
    npfunc = getattr(np, name)
    kwargs = {} if name == "count_nonzero" else {}
    expected, error = _expected(npfunc, a, axis=axis, keepdims=keepdims, **kwargs)
    x = la.from_array(a, chunks=chunks)
    lazyfunc = getattr(la, name)
    if error is not None:
        with pytest.raises(type(error)):
            lazyfunc(x, axis=axis, keepdims=keepdims, split_every=split_every).compute()
        return
    lazy = lazyfunc(x, axis=axis, keepdims=keepdims, split_every=split_every)
    if name == "count_nonzero" and axis is None and not keepdims:
        expected = np.intp(expected)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        tol = 1e-4 if a.dtype in (np.float32, np.complex64) else 1e-9
        if name in ("prod", "nanprod") and a.dtype.kind in "iu":
            tol = 0  # integer products may overflow identically; compare exactly
        assert_eq(lazy, expected, rtol=tol, atol=tol)
        assert_eq(npfunc(x, axis=axis, keepdims=keepdims), expected, rtol=tol, atol=tol)


@given(data=st.data(), name=st.sampled_from(ARG_REDUCTIONS), keepdims=st.booleans())
def test_arg_reductions_match_numpy(data, name, keepdims):
    a, chunks = data.draw(arrays_and_chunks(kinds="iuf", max_dims=3, empty_blocks=True))
    axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1))) if a.ndim else None
    if data.draw(st.booleans()) and a.dtype.kind == "f" and a.size:
        a = a.copy()
        a.reshape(-1)[data.draw(st.integers(0, a.size - 1))] = np.nan
    expected, error = _expected(getattr(np, name), a, axis=axis, keepdims=keepdims)
    x = la.from_array(a, chunks=chunks)
    if error is not None:
        with pytest.raises(type(error)):
            getattr(la, name)(x, axis=axis, keepdims=keepdims).compute()
        return
    assert_eq(getattr(la, name)(x, axis=axis, keepdims=keepdims), expected)


@given(data=st.data(), name=st.sampled_from(CUMULATIVE))
def test_cumulative_match_numpy(data, name):
    a, chunks = data.draw(arrays_and_chunks(kinds="iuf", max_dims=3, empty_blocks=True))
    axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1))) if a.ndim else None
    expected, error = _expected(getattr(np, name), a, axis=axis)
    assume(error is None)
    tol = 1e-4 if a.dtype == np.float32 else 1e-9
    assert_eq(getattr(la, name)(la.from_array(a, chunks=chunks), axis=axis), expected, rtol=tol, atol=tol)


@given(data=arrays_and_chunks(kinds="f", min_dims=1, max_dims=2, empty_blocks=True), ddof=st.sampled_from([0, 1]))
def test_where_and_ddof(data, ddof):
    a, chunks = data
    mask = a > 0
    x, m = la.from_array(a, chunks=chunks), la.from_array(mask, chunks=chunks)
    tol = 1e-5 if a.dtype == np.float32 else 1e-9
    for name in ("sum", "mean", "var", "std"):
        kwargs = {"ddof": ddof} if name in ("var", "std") else {}
        expected, error = _expected(getattr(np, name), a, where=mask, **kwargs)
        assume(error is None)
        assert_eq(getattr(la, name)(x, where=m, **kwargs), expected, rtol=tol, atol=tol)
    assert_eq(la.max(x, where=mask, initial=-5.0), np.max(a, where=mask, initial=-5.0))


def test_var_is_stable_for_large_means():
    rng = np.random.default_rng(0)
    a = 1e9 + rng.standard_normal(200_000)
    x = la.from_array(a, chunks=7_000)
    np.testing.assert_allclose(x.var().compute(), a.var(), rtol=1e-12)
    np.testing.assert_allclose(x.std(ddof=1).compute(), a.std(ddof=1), rtol=1e-12)


def test_reduction_dtype_argument():
    a = np.arange(10, dtype=np.int8)
    x = la.from_array(a, chunks=3)
    assert_eq(x.sum(dtype=np.int16), a.sum(dtype=np.int16))
    assert_eq(x.mean(dtype=np.float32), a.mean(dtype=np.float32))


@pytest.mark.parametrize("name", ["min", "max", "argmin", "argmax"])
def test_empty_reductions_raise_at_build_time(name):
    x = la.ones((0, 3))
    with pytest.raises(ValueError, match="empty sequence|no identity"):
        getattr(la, name)(x, axis=0 if "arg" not in name else 0)


def test_bad_axis_raises_axis_error():
    with pytest.raises(np.exceptions.AxisError, match="axis 2 is out of bounds"):
        la.ones((2, 2)).sum(axis=2)
    with pytest.raises(TypeError, match="axis must be"):
        la.ones((2, 2)).sum(axis="x")


def test_where_without_initial_for_min():
    x = la.ones(3)
    with pytest.raises(ValueError, match="initial"):
        la.min(x, where=x > 0)


def test_tree_reduction_depth_follows_split_every():
    x = la.ones(64, chunks=1)
    names = {n.split("-")[1] for n in x.sum(split_every=2).graph.layers if n.startswith("sum-")}
    assert {"combine1", "combine6"} <= names  # 64 -> 32 -> ... -> 1: six rounds
    names4 = {n.split("-")[1] for n in x.sum(split_every=4).graph.layers if n.startswith("sum-")}
    assert "combine3" in names4 and "combine4" not in names4


def test_ufunc_reduce_and_accumulate():
    a = np.arange(1, 13.0).reshape(3, 4)
    x = la.from_array(a, chunks=2)
    assert_eq(np.add.reduce(x, axis=1), np.add.reduce(a, axis=1))
    assert_eq(np.maximum.reduce(x, axis=None), np.maximum.reduce(a, axis=None))
    assert_eq(np.subtract.reduce(x, axis=1), np.subtract.reduce(a, axis=1))
    assert_eq(np.multiply.accumulate(x, axis=0), np.multiply.accumulate(a, axis=0))
    assert_eq(np.minimum.accumulate(x, axis=1), np.minimum.accumulate(a, axis=1))
    assert_eq(np.subtract.accumulate(x, axis=1), np.subtract.accumulate(a, axis=1))
    with pytest.raises(ValueError, match="not reorderable"):
        np.subtract.reduce(x, axis=(0, 1))


# -- unknown (nan) chunk sizes: every reduction and scan works on them, as on known sizes ---------
@given(data=st.data(), name=st.sampled_from(REDUCTIONS + ARG_REDUCTIONS), keepdims=st.booleans())
def test_reductions_with_unknown_sizes_match_numpy(data, name, keepdims):
    a, y = data.draw(unknown_size_arrays(kinds="iuf"))
    if name in ARG_REDUCTIONS:
        axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1)))
    else:
        axis = data.draw(axes_for(a.ndim))
    expected, error = _expected(getattr(np, name), a, axis=axis, keepdims=keepdims)
    if error is not None:  # e.g. the argmax of a selection that came out empty
        with pytest.raises(type(error)):
            getattr(la, name)(y, axis=axis, keepdims=keepdims).compute()
        return
    lazy = getattr(la, name)(y, axis=axis, keepdims=keepdims)  # never refused: sizes are found as blocks run
    tol = 1e-4 if a.dtype == np.float32 else 1e-9
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        np.testing.assert_allclose(lazy.compute(), expected, rtol=tol, atol=tol, equal_nan=True)


@given(data=st.data(), name=st.sampled_from(CUMULATIVE + ["cumulative_sum", "cumulative_prod"]))
def test_cumulative_with_unknown_sizes_match_numpy(data, name):
    a, y = data.draw(unknown_size_arrays(kinds="iuf"))
    axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1)))
    expected, error = _expected(getattr(np, name), a, axis=axis)
    if error is not None:  # cumulative_sum of a 2-d array without an axis
        with pytest.raises(type(error)):
            getattr(la, name)(y, axis=axis)
        return
    if axis is None and a.ndim > 1:  # flattening needs every size: refused when the graph is built
        with pytest.raises(UnknownChunkSizeError, match="compute_chunk_sizes"):
            getattr(la, name)(y, axis=axis)
        return
    tol = 1e-4 if a.dtype == np.float32 else 1e-9
    np.testing.assert_allclose(getattr(la, name)(y, axis=axis).compute(), expected, rtol=tol, atol=tol)


@given(data=st.data(), side=st.sampled_from(["left", "right"]))
def test_searches_with_unknown_sizes_match_numpy(data, side):
    a, y = data.draw(unknown_size_arrays(kinds="iuf"))
    edges = np.sort(data.draw(arrays_and_chunks(kinds="f", min_dims=1, max_dims=1))[0])
    np.testing.assert_array_equal(la.searchsorted(edges, y, side=side).compute(),
                                  np.searchsorted(edges, a, side=side))
    np.testing.assert_array_equal(la.isin(y, edges).compute(), np.isin(a, edges))
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    k = data.draw(st.integers(1, 3))
    expected, error = _expected(lambda: np.flip(np.sort(a, axis=axis), axis=axis).take(range(k), axis=axis))
    if error is None and a.shape[axis] >= k:  # topk of the k largest along a masked (unknown) axis
        np.testing.assert_array_equal(la.topk(y, k, axis=axis).compute(), expected)
