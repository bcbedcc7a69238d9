"""The Array API standard's semantics on lazy arrays, with NumPy 2 (a conforming library) as oracle.

- Type promotion with Python scalars (operators and the standard's elementwise functions).
- Special cases (signed zeros, NaN, infinities) for every elementwise function of the standard.
- In-place operators keep the array's dtype and shape.
- Calls written the standard's way (keyword-only ``axis``, ``correction``, ``device``, ...).

(The functions, attributes and errors lazyarr adds for the standard: test_array_api_functions.py.)
"""

from __future__ import annotations

import operator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import shapes_and_chunks

try:  # helpers next to this file: a sibling module if tests/ is a package, else on sys.path (pytest)
    from .array_api_helpers import STANDARD_DTYPES, lazy_outcome, outcome
except ImportError:
    from array_api_helpers import STANDARD_DTYPES, lazy_outcome, outcome

# Special values make NumPy warn (0/0, log(-1), ...). The warnings come from the scheduler's worker
# threads, where the caller's np.errstate does not apply, so they are filtered here instead.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


# -- type promotion with Python scalars --------------------------------------------------------
OPERATORS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv, operator.mod,
             operator.pow, operator.and_, operator.or_, operator.xor, operator.lshift, operator.rshift,
             operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne]
SCALARS = st.one_of(st.booleans(), st.integers(-3, 3), st.integers(100, 300),
                    st.floats(-2, 2, allow_nan=False, width=32), st.sampled_from([float("nan"), -0.0, float("inf")]),
                    st.complex_numbers(max_magnitude=2, allow_nan=False, allow_infinity=False))


@given(sc=shapes_and_chunks(empty_blocks=True), dtype=st.sampled_from(STANDARD_DTYPES), op=st.sampled_from(OPERATORS),
       scalar=SCALARS, reflected=st.booleans())
def test_python_scalar_promotion_operators(sc, dtype, op, scalar, reflected):
    shape, chunks = sc
    data = (np.arange(int(np.prod(shape))).reshape(shape) % 3).astype(dtype)
    x = la.from_array(data, chunks=chunks)
    args_lazy, args_np = ((scalar, x), (scalar, data)) if reflected else ((x, scalar), (data, scalar))
    expected = outcome(lambda: op(*args_np))
    result = outcome(lambda: op(*args_lazy))
    if isinstance(expected, type):
        assert result is expected  # NumPy's error, raised when the graph is built
    else:
        assert isinstance(result, la.Array)
        with np.errstate(all="ignore"):
            assert_eq(result, expected, exact=True)


@given(sc=shapes_and_chunks(empty_blocks=True), dtype=st.sampled_from(STANDARD_DTYPES), scalar=SCALARS,
       name=st.sampled_from(["add", "multiply", "subtract", "divide", "pow", "maximum", "minimum", "equal",
                             "less", "copysign", "hypot", "atan2", "logaddexp", "nextafter", "remainder",
                             "bitwise_and", "bitwise_left_shift", "logical_and"]))
def test_python_scalar_promotion_functions(sc, dtype, scalar, name):
    # 2024.12: binary elementwise functions accept a Python scalar for one argument.
    shape, chunks = sc
    data = (np.arange(int(np.prod(shape))).reshape(shape) % 3).astype(dtype)
    expected = outcome(lambda: getattr(np, name)(data, scalar))
    result = outcome(lambda: getattr(la, name)(la.from_array(data, chunks=chunks), scalar))
    if isinstance(expected, type):
        assert result is expected
    else:
        with np.errstate(all="ignore"):
            assert_eq(result, expected, exact=True)


@given(sc=shapes_and_chunks(max_dims=2, empty_blocks=True), dtypes=st.tuples(st.sampled_from(STANDARD_DTYPES),
                                                          st.sampled_from(STANDARD_DTYPES)),
       op=st.sampled_from(OPERATORS), other_chunks=st.integers(1, 5))
def test_array_array_promotion(sc, dtypes, op, other_chunks):
    # The standard's promotion table between arrays (NumPy 2 follows it and extends it across kinds).
    shape, chunks = sc
    a = np.asarray(np.arange(int(np.prod(shape))).reshape(shape) % 3 + 1).astype(dtypes[0])
    b = np.asarray(np.arange(shape[-1] if shape else 1) % 2 + 1).astype(dtypes[1])  # broadcasts against a
    expected = outcome(lambda: op(a, b))
    result = outcome(lambda: op(la.from_array(a, chunks=chunks), la.from_array(b, chunks=other_chunks)))
    if isinstance(expected, type):
        assert result is expected
    else:
        with np.errstate(all="ignore"):
            assert_eq(result, expected, exact=True)


INPLACE = [operator.iadd, operator.isub, operator.imul, operator.itruediv, operator.ifloordiv, operator.imod,
           operator.ipow, operator.iand, operator.ior, operator.ixor, operator.ilshift, operator.irshift]


@given(sc=shapes_and_chunks(max_dims=2, empty_blocks=True), dtype=st.sampled_from(STANDARD_DTYPES),
       op=st.sampled_from(INPLACE), other=st.one_of(SCALARS, st.sampled_from(STANDARD_DTYPES)), grow=st.booleans())
def test_inplace_operators_keep_dtype_and_shape(sc, dtype, op, other, grow):
    # x op= y must not change x's dtype or shape (NumPy raises where it would).
    shape, chunks = sc
    data = np.asarray(np.arange(int(np.prod(shape))).reshape(shape) % 3 + 1).astype(dtype)
    if isinstance(other, str):  # an array operand of that dtype, possibly broadcasting x to more dimensions
        other = np.ones(((2,) if grow else ()) + shape, dtype=other)
    expected = outcome(lambda: op(data.copy(), other))
    result = outcome(lambda: op(la.from_array(data, chunks=chunks), other))
    if isinstance(expected, type):
        assert isinstance(result, type) and issubclass(expected, result), (expected, result)
    else:
        with np.errstate(all="ignore"):
            assert_eq(result, expected, exact=True)


def test_inplace_error_messages():
    x = la.ones(3, dtype="int64")
    with pytest.raises(TypeError, match=r"__iadd__: the result has dtype float64, which cannot be stored in an "
                                        r"array of dtype int64 \(casting rule 'same_kind'\)"):
        x += 1.5
    with pytest.raises(ValueError, match=r"__imul__: non-broadcastable output operand with shape \(3,\) doesn't "
                                         r"match the broadcast shape \(2, 3\)"):
        x *= la.ones((2, 3), dtype="int64")


def test_scalar_conversion_of_complex_raises():
    with pytest.raises(TypeError):
        float(la.asarray(1 + 2j))  # as float(np.asarray(1 + 2j)): no silent loss of the imaginary part
    assert complex(la.asarray(2)) == 2 + 0j and float(la.asarray(2.5)) == 2.5


@pytest.mark.parametrize("dtype, scalar, expected", [
    ("int8", 1, "int8"), ("uint8", 1, "uint8"), ("float32", 1.5, "float32"), ("int16", 1.5, "float64"),
    ("bool", 1, "int64"), ("float32", 1j, "complex64"), ("bool", True, "bool"), ("float64", 1j, "complex128"),
])
def test_python_scalar_promotion_table(dtype, scalar, expected):
    # The standard's table: the scalar takes the array's precision when kinds allow it.
    x = la.ones(4, dtype=dtype, chunks=3)
    assert (x + scalar).dtype == np.dtype(expected)
    assert (scalar * x).dtype == np.dtype(expected)
    assert la.result_type(x, scalar) == np.dtype(expected)


def test_python_scalar_out_of_range_errors():
    with pytest.raises(OverflowError):
        la.ones(3, dtype="uint8") + 300  # NumPy 2 (NEP 50) refuses rather than wrapping


# -- special cases ---------------------------------------------------------------------------
SPECIAL = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, np.pi, 1e-310, 700.0])
UNARY = ["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "conj", "cos", "cosh", "exp", "expm1",
         "floor", "imag", "isfinite", "isinf", "isnan", "log", "log1p", "log2", "log10", "negative", "positive",
         "real", "reciprocal", "round", "sign", "signbit", "sin", "sinh", "square", "sqrt", "tan", "tanh", "trunc",
         "logical_not"]
BINARY = ["add", "atan2", "copysign", "divide", "equal", "floor_divide", "greater", "greater_equal", "hypot",
          "less", "less_equal", "logaddexp", "maximum", "minimum", "multiply", "nextafter", "not_equal", "pow",
          "remainder", "subtract", "logical_and", "logical_or", "logical_xor"]


@pytest.mark.parametrize("name", UNARY)
@given(chunk=st.integers(1, 14), dtype=st.sampled_from(["float32", "float64", "complex64", "complex128"]))
def test_unary_special_cases(name, chunk, dtype):
    data = SPECIAL.astype(dtype)
    if dtype.startswith("complex"):  # every pair of special real and imaginary parts
        data = (SPECIAL[:, None] + 1j * SPECIAL[None, :]).astype(dtype).ravel()
        if name in ("ceil", "floor", "trunc", "signbit", "logical_not"):
            return  # not defined for complex numbers by the standard
    expected = outcome(lambda: getattr(np, name)(data))
    result = lazy_outcome(lambda: getattr(la, name)(la.from_array(data, chunks=chunk)))
    if isinstance(expected, type):
        assert result is expected
    else:
        assert_eq(result, expected, exact=True)


@pytest.mark.parametrize("name", BINARY)
@given(chunks=st.tuples(st.integers(1, 14), st.integers(1, 14)), dtype=st.sampled_from(["float32", "float64"]))
def test_binary_special_cases(name, chunks, dtype):
    x1 = np.broadcast_to(SPECIAL[:, None], (14, 14)).astype(dtype)
    x2 = np.broadcast_to(SPECIAL[None, :], (14, 14)).astype(dtype)
    expected = outcome(lambda: getattr(np, name)(x1, x2))
    result = lazy_outcome(lambda: getattr(la, name)(la.from_array(x1, chunks=chunks), la.from_array(x2, chunks=chunks)))
    assert_eq(result, expected, exact=True)


INTEGER_BINARY = ["add", "subtract", "multiply", "floor_divide", "remainder", "pow", "maximum", "minimum", "equal",
                  "less", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift"]


@pytest.mark.parametrize("name", INTEGER_BINARY)
@given(chunks=st.tuples(st.integers(1, 6), st.integers(1, 6)),
       dtype=st.sampled_from(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]))
def test_integer_special_cases(name, chunks, dtype):
    # Division by zero, overflow at the limits, shifts by more than the width, negative powers.
    info = np.iinfo(dtype)
    values = np.array(sorted({0, 1, 2, info.max, info.min, info.bits, info.bits + 1} | ({-1} if info.min else set())),
                      dtype=dtype)
    x1 = np.broadcast_to(values[:, None], (values.size, values.size))
    x2 = np.broadcast_to(values[None, :], (values.size, values.size))
    expected = outcome(lambda: getattr(np, name)(x1, x2))
    result = lazy_outcome(lambda: getattr(la, name)(la.from_array(x1, chunks=chunks), la.from_array(x2, chunks=chunks)))
    if isinstance(expected, type):
        assert result is expected
    else:
        assert_eq(result, expected, exact=True)


# -- the standard's calling conventions ------------------------------------------------------
# (name, positional arguments after x, keyword arguments): called on NumPy 2 and on lazyarr.
STANDARD_CALLS = [
    ("sum", (), {"axis": 0, "keepdims": True, "dtype": "float32"}),
    ("prod", (), {"axis": -1, "dtype": "int64"}),
    ("mean", (), {"axis": (0, 1), "keepdims": False}),
    ("std", (), {"axis": 0, "correction": 1}),
    ("var", (), {"correction": 0.5, "keepdims": True}),
    ("max", (), {"axis": 1, "keepdims": True}),
    ("min", (), {"axis": None}),
    ("all", (), {"axis": 0}),
    ("any", (), {"keepdims": True}),
    ("argmax", (), {"axis": 1, "keepdims": True}),
    ("argmin", (), {"axis": 0}),
    ("count_nonzero", (), {"axis": (0,), "keepdims": True}),
    ("cumulative_sum", (), {"axis": 1, "include_initial": True}),
    ("cumulative_prod", (), {"axis": 0, "dtype": "float64"}),
    ("clip", (), {"min": 1, "max": 4}),
    ("clip", (1,), {}),  # NumPy 2.4 requires a_max here: compared with clip(x, 1, None) below
    ("expand_dims", (), {"axis": -1}),
    ("expand_dims", (), {}),  # NumPy 2.4 requires axis: compared with expand_dims(x, 0) below
    ("squeeze", (), {"axis": ()}),
    ("permute_dims", ((1, 0),), {}),
    ("permute_dims", (), {"axes": (1, 0)}),
    ("reshape", ((-1,),), {"copy": None}),
    ("reshape", (), {"shape": (3, -1)}),
    ("moveaxis", (0, -1), {}),
    ("broadcast_to", ((2, 4, 3),), {}),
    ("repeat", (2,), {"axis": 0}),
    ("tile", ((2, 1),), {}),
    ("matrix_transpose", (), {}),
    ("unstack", (), {"axis": 1}),
    ("astype", ("float32",), {"copy": False}),
    ("astype", ("int8",), {"copy": True, "device": "cpu"}),
    ("zeros_like", (), {"dtype": "int32", "device": "cpu"}),
    ("full_like", (7,), {"dtype": "float32"}),
    ("round", (), {}),
    ("where", (), {}),
]
# Calls the standard allows but NumPy 2.4 does not: the NumPy spelling of the same call.
NUMPY_SPELLING = {("clip", (1,)): lambda data: np.clip(data, 1, None),
                  ("expand_dims", ()): lambda data: np.expand_dims(data, 0)}
REDUCTIONS = {"sum", "prod", "mean", "std", "var", "cumulative_sum", "cumulative_prod"}


@pytest.mark.parametrize("name, args, kwargs", STANDARD_CALLS, ids=lambda v: str(v))
@given(chunks=st.tuples(st.integers(1, 4), st.integers(1, 3)))
def test_standard_calls(name, args, kwargs, chunks):
    data = np.arange(12, dtype="float64").reshape(4, 3) % 5
    x = la.from_array(data, chunks=chunks)
    if name == "where":  # where(condition, x1, x2, /) with a Python scalar
        expected, result = np.where(data > 2, data, 0.5), la.where(x > 2, x, 0.5)
    else:
        spelling = NUMPY_SPELLING.get((name, args)) if not kwargs else None
        expected = spelling(data) if spelling else getattr(np, name)(data, *args, **kwargs)
        result = getattr(la, name)(x, *args, **kwargs)
    if isinstance(expected, tuple):
        assert isinstance(result, tuple) and len(result) == len(expected)
        for r, e in zip(result, expected):
            assert_eq(r, e, exact=True)
    else:
        if name in REDUCTIONS:  # chunked sums add in another order than NumPy's
            assert_eq(result, expected, rtol=1e-6 if expected.dtype.itemsize <= 4 else 1e-12)
        else:
            assert_eq(result, expected, exact=True)


@pytest.mark.parametrize("name, args, kwargs", [
    ("arange", (1, 10, 3), {"dtype": "float32", "device": "cpu"}),
    ("arange", (5,), {}),
    ("linspace", (0, 1, 7), {"endpoint": False, "dtype": "float32", "device": "cpu"}),
    ("eye", (3, 5), {"k": 1, "dtype": "int8", "device": "cpu"}),
    ("eye", (3,), {}),
    ("zeros", ((2, 3),), {"dtype": "bool", "device": "cpu"}),
    ("ones", (4,), {"device": None}),
    ("full", ((2, 2), 3.5), {"dtype": "float32", "device": "cpu"}),
    ("asarray", ([[1, 2], [3, 4]],), {"dtype": "int16", "device": "cpu", "copy": True}),
    ("asarray", (2.5,), {}),
])
def test_standard_creation_calls(name, args, kwargs):
    assert_eq(getattr(la, name)(*args, **kwargs), getattr(np, name)(*args, **kwargs), exact=True)


def test_standard_meshgrid_concat_stack():
    a, b = np.arange(3.0), np.arange(4.0)
    for r, e in zip(la.meshgrid(la.asarray(a), la.asarray(b), indexing="ij"), np.meshgrid(a, b, indexing="ij")):
        assert_eq(r, e, exact=True)
    assert_eq(la.concat([la.asarray(a), la.asarray(b)], axis=0), np.concat([a, b], axis=0), exact=True)
    assert_eq(la.concat([la.ones((2, 2)), la.zeros((2, 2))], axis=None),
              np.concat([np.ones((2, 2)), np.zeros((2, 2))], axis=None), exact=True)
    assert_eq(la.stack([la.asarray(a), la.asarray(a)], axis=-1), np.stack([a, a], axis=-1), exact=True)
