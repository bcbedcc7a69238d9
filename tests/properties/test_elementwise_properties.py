"""Elementwise operations against NumPy over random shapes, chunkings and dtypes."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import arrays_and_chunks

UNARY = ["negative", "absolute", "sqrt", "exp", "log1p", "sin", "cos", "tanh", "floor", "ceil",
         "isnan", "isfinite", "sign", "square", "logical_not", "conjugate", "rint", "signbit"]
BINARY = ["add", "subtract", "multiply", "true_divide", "floor_divide", "remainder", "power", "maximum",
          "minimum", "fmax", "arctan2", "hypot", "equal", "less", "greater_equal", "logical_and",
          "logical_xor", "bitwise_and", "left_shift", "copysign", "logaddexp", "nextafter"]


def _numpy(func, *args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return func(*args), None
        except Exception as exc:  # the lazy version must raise the same type at build time
            return None, exc


@given(data=arrays_and_chunks(empty_blocks=True), name=st.sampled_from(UNARY))
def test_unary_ufuncs_match_numpy(data, name):
    a, chunks = data
    ufunc = getattr(np, name)
    expected, error = _numpy(ufunc, a)
    x = la.from_array(a, chunks=chunks)
    if error is not None:
        with pytest.raises(type(error)):
            getattr(la, name)(x)
        return
    with np.errstate(all="ignore"):
        assert_eq(getattr(la, name)(x), expected)
        assert_eq(ufunc(x), expected)  # NEP 13 dispatch builds the same thing


@given(data=arrays_and_chunks(max_dims=3, empty_blocks=True),
       other=arrays_and_chunks(max_dims=2, empty_blocks=True),
       name=st.sampled_from(BINARY))
def test_binary_ufuncs_broadcast_and_promote_like_numpy(data, other, name):
    (a, ca), (b, cb) = data, other
    ufunc = getattr(np, name)
    expected, error = _numpy(ufunc, a, b)
    x, y = la.from_array(a, chunks=ca), la.from_array(b, chunks=cb)
    if error is not None:  # raised at build time, or (value-dependent) when computed
        with pytest.raises(type(error)):
            ufunc(x, y).compute()
        return
    with np.errstate(all="ignore"):
        assert_eq(ufunc(x, y), expected)
        assert_eq(ufunc(x, b), expected)  # a NumPy operand is wrapped lazily


@given(data=arrays_and_chunks(kinds="iuf", empty_blocks=True),
       scalar=st.sampled_from([1, -1, 2.5, True, 3j]),
       op=st.sampled_from(["__add__", "__mul__", "__sub__", "__radd__", "__rtruediv__", "__lt__", "__eq__"]))
def test_python_scalars_follow_nep50(data, scalar, op):
    a, chunks = data
    x = la.from_array(a, chunks=chunks)
    expected, error = _numpy(lambda: getattr(a, op)(scalar))
    if error is not None:
        with pytest.raises(type(error)):
            getattr(x, op)(scalar)
        return
    if expected is NotImplemented:
        return
    with np.errstate(all="ignore"):
        assert_eq(getattr(x, op)(scalar), expected)


@given(data=arrays_and_chunks(kinds="f", min_dims=1, empty_blocks=True))
def test_two_output_ufuncs(data):
    a, chunks = data
    x = la.from_array(a, chunks=chunks)
    for ufunc in (np.modf, np.frexp):
        lazy = ufunc(x)
        for got, want in zip(lazy, ufunc(a)):
            assert_eq(got, want)
    q, r = divmod(x, 3.0)
    eq, er = divmod(a, 3.0)
    assert_eq(q, eq)
    assert_eq(r, er)


@given(data=arrays_and_chunks(kinds="f", max_dims=3, empty_blocks=True))
def test_where_clip_isclose_round_nan_to_num(data):
    a, chunks = data
    x = la.from_array(a, chunks=chunks)
    assert_eq(la.where(x > 0, x, -x), np.where(a > 0, a, -a))
    assert_eq(np.where(x > 0, x, 0.5), np.where(a > 0, a, 0.5))
    assert_eq(la.clip(x, -1, 1), np.clip(a, -1, 1))
    assert_eq(np.isclose(x, 0.5), np.isclose(a, 0.5))
    assert_eq(np.round(x, 1), np.round(a, 1))
    with np.errstate(all="ignore"):
        assert_eq(np.nan_to_num(x / 0.0), np.nan_to_num(a / 0.0))
    assert_eq(x.astype(np.float32), a.astype(np.float32))


def test_in_place_operators_build_new_arrays():
    x = la.ones(4, chunks=2)
    y = x
    y += 1
    assert y is not x
    np.testing.assert_array_equal(x.compute(), np.ones(4))
    np.testing.assert_array_equal(y.compute(), np.full(4, 2.0))


def test_uint8_overflowing_python_int_is_a_build_time_error():
    x = la.ones(3, dtype=np.uint8)
    with pytest.raises(OverflowError):
        x + 300


def test_numpy_out_argument_is_refused_clearly():
    x = la.ones(3)  # a lazy out= works (tests/api/test_dask_gaps.py); a NumPy one cannot be filled lazily
    with pytest.raises(TypeError, match="a NumPy out cannot be filled lazily"):
        np.add(x, 1, out=np.empty(3))


def test_broadcast_mismatch_is_a_build_time_error():
    with pytest.raises(ValueError, match="could not be broadcast"):
        la.ones((3, 4)) + la.ones((5,))


def test_different_chunkings_are_aligned():
    a = np.arange(12.0)
    x = la.from_array(a, chunks=5)
    y = la.from_array(a, chunks=((3, 9),))
    z = x + y
    assert z.chunks == ((3, 2, 5, 2),)
    assert_eq(z, a + a)
