"""The Array API standard's semantics on lazy arrays, with NumPy 2 (a conforming library) as oracle.

- Type promotion with Python scalars (operators and the standard's elementwise functions).
- Special cases (signed zeros, NaN, infinities) for every elementwise function of the standard.
- Calls written the standard's way (keyword-only ``axis``, ``correction``, ``device``, ...).
- The functions, attributes and errors this work adds (namespace info, dtype functions,
  devices, DLPack, matrix_transpose, unstack, tile, expand_dims).
"""

from __future__ import annotations

import operator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la

# Special values make NumPy warn (0/0, log(-1), ...). The warnings come from the scheduler's worker
# threads, where the caller's np.errstate does not apply, so they are filtered here instead.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

STANDARD_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                   "float32", "float64", "complex64", "complex128"]


@st.composite
def shapes_and_chunks(draw, min_dims=0, max_dims=3, max_side=5):
    """A shape (0-d and zero-length axes included) and a random chunking of it."""
    shape = tuple(draw(st.lists(st.integers(0, max_side), min_size=min_dims, max_size=max_dims)))
    chunks = tuple(draw(st.integers(1, max(n, 1))) for n in shape)
    return shape, chunks


def lazy(data: np.ndarray, chunks) -> la.Array:
    return la.from_array(data, chunks=chunks)


def assert_same(result, expected, approx=False):
    """Equal dtype, shape and values, with NaNs in the same places and the same signs of zero.

    *approx*: for reductions, whose chunked summation order differs from NumPy's.
    """
    result = np.asarray(result.compute() if isinstance(result, la.Array) else result)
    expected = np.asarray(expected)
    assert result.dtype == expected.dtype, (result.dtype, expected.dtype)
    assert result.shape == expected.shape
    if approx:
        np.testing.assert_allclose(result, expected, rtol=1e-6 if expected.dtype.itemsize <= 4 else 1e-12)
        return
    np.testing.assert_array_equal(result, expected)  # NaN == NaN here
    if expected.dtype.kind == "f":
        np.testing.assert_array_equal(np.signbit(result), np.signbit(expected))
    if expected.dtype.kind == "c":
        for part in (np.real, np.imag):
            np.testing.assert_array_equal(np.signbit(part(result)), np.signbit(part(expected)))


def outcome(func):
    """The result, or the exception type: lazy and NumPy must agree on both."""
    try:
        with np.errstate(all="ignore"):
            return func()
    except Exception as exc:  # noqa: BLE001 - any error type is compared with NumPy's
        return type(exc)


# -- type promotion with Python scalars --------------------------------------------------------
OPERATORS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv, operator.mod,
             operator.pow, operator.and_, operator.or_, operator.xor, operator.lshift, operator.rshift,
             operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne]
SCALARS = st.one_of(st.booleans(), st.integers(-3, 3), st.integers(100, 300),
                    st.floats(-2, 2, allow_nan=False, width=32), st.sampled_from([float("nan"), -0.0, float("inf")]),
                    st.complex_numbers(max_magnitude=2, allow_nan=False, allow_infinity=False))


@given(sc=shapes_and_chunks(), dtype=st.sampled_from(STANDARD_DTYPES), op=st.sampled_from(OPERATORS),
       scalar=SCALARS, reflected=st.booleans())
def test_python_scalar_promotion_operators(sc, dtype, op, scalar, reflected):
    shape, chunks = sc
    data = (np.arange(int(np.prod(shape))).reshape(shape) % 3).astype(dtype)
    x = lazy(data, chunks)
    args_lazy, args_np = ((scalar, x), (scalar, data)) if reflected else ((x, scalar), (data, scalar))
    expected = outcome(lambda: op(*args_np))
    result = outcome(lambda: op(*args_lazy))
    if isinstance(expected, type):
        assert result is expected  # NumPy's error, raised when the graph is built
    else:
        assert isinstance(result, la.Array)
        with np.errstate(all="ignore"):
            assert_same(result, expected)


@given(sc=shapes_and_chunks(), dtype=st.sampled_from(STANDARD_DTYPES), scalar=SCALARS,
       name=st.sampled_from(["add", "multiply", "subtract", "divide", "pow", "maximum", "minimum", "equal",
                             "less", "copysign", "hypot", "atan2", "logaddexp", "nextafter", "remainder",
                             "bitwise_and", "bitwise_left_shift", "logical_and"]))
def test_python_scalar_promotion_functions(sc, dtype, scalar, name):
    # 2024.12: binary elementwise functions accept a Python scalar for one argument.
    shape, chunks = sc
    data = (np.arange(int(np.prod(shape))).reshape(shape) % 3).astype(dtype)
    expected = outcome(lambda: getattr(np, name)(data, scalar))
    result = outcome(lambda: getattr(la, name)(lazy(data, chunks), scalar))
    if isinstance(expected, type):
        assert result is expected
    else:
        with np.errstate(all="ignore"):
            assert_same(result, expected)


@given(sc=shapes_and_chunks(max_dims=2), dtypes=st.tuples(st.sampled_from(STANDARD_DTYPES),
                                                          st.sampled_from(STANDARD_DTYPES)),
       op=st.sampled_from(OPERATORS), other_chunks=st.integers(1, 5))
def test_array_array_promotion(sc, dtypes, op, other_chunks):
    # The standard's promotion table between arrays (NumPy 2 follows it and extends it across kinds).
    shape, chunks = sc
    a = np.asarray(np.arange(int(np.prod(shape))).reshape(shape) % 3 + 1).astype(dtypes[0])
    b = np.asarray(np.arange(shape[-1] if shape else 1) % 2 + 1).astype(dtypes[1])  # broadcasts against a
    expected = outcome(lambda: op(a, b))
    result = outcome(lambda: op(lazy(a, chunks), lazy(b, other_chunks)))
    if isinstance(expected, type):
        assert result is expected
    else:
        with np.errstate(all="ignore"):
            assert_same(result, expected)


INPLACE = [operator.iadd, operator.isub, operator.imul, operator.itruediv, operator.ifloordiv, operator.imod,
           operator.ipow, operator.iand, operator.ior, operator.ixor, operator.ilshift, operator.irshift]


@given(sc=shapes_and_chunks(max_dims=2), dtype=st.sampled_from(STANDARD_DTYPES), op=st.sampled_from(INPLACE),
       other=st.one_of(SCALARS, st.sampled_from(STANDARD_DTYPES)), grow=st.booleans())
def test_inplace_operators_keep_dtype_and_shape(sc, dtype, op, other, grow):
    # x op= y must not change x's dtype or shape (NumPy raises where it would).
    shape, chunks = sc
    data = np.asarray(np.arange(int(np.prod(shape))).reshape(shape) % 3 + 1).astype(dtype)
    if isinstance(other, str):  # an array operand of that dtype, possibly broadcasting x to more dimensions
        other = np.ones(((2,) if grow else ()) + shape, dtype=other)
    expected = outcome(lambda: op(data.copy(), other))
    result = outcome(lambda: op(lazy(data, chunks), other))
    if isinstance(expected, type):
        assert isinstance(result, type) and issubclass(expected, result), (expected, result)
    else:
        with np.errstate(all="ignore"):
            assert_same(result, expected)


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
    result = outcome(lambda: getattr(la, name)(la.from_array(data, chunks=chunk)).compute())
    if isinstance(expected, type):
        assert result is expected
    else:
        assert_same(result, expected)


@pytest.mark.parametrize("name", BINARY)
@given(chunks=st.tuples(st.integers(1, 14), st.integers(1, 14)), dtype=st.sampled_from(["float32", "float64"]))
def test_binary_special_cases(name, chunks, dtype):
    x1 = np.broadcast_to(SPECIAL[:, None], (14, 14)).astype(dtype)
    x2 = np.broadcast_to(SPECIAL[None, :], (14, 14)).astype(dtype)
    expected = outcome(lambda: getattr(np, name)(x1, x2))
    result = outcome(lambda: getattr(la, name)(la.from_array(x1, chunks=chunks), la.from_array(x2, chunks=chunks))
                     .compute())
    assert_same(result, expected)


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
    result = outcome(lambda: getattr(la, name)(la.from_array(x1, chunks=chunks), la.from_array(x2, chunks=chunks))
                     .compute())
    if isinstance(expected, type):
        assert result is expected
    else:
        assert_same(result, expected)


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
    x = lazy(data, chunks)
    if name == "where":  # where(condition, x1, x2, /) with a Python scalar
        expected, result = np.where(data > 2, data, 0.5), la.where(x > 2, x, 0.5)
    else:
        spelling = NUMPY_SPELLING.get((name, args)) if not kwargs else None
        expected = spelling(data) if spelling else getattr(np, name)(data, *args, **kwargs)
        result = getattr(la, name)(x, *args, **kwargs)
    if isinstance(expected, tuple):
        assert isinstance(result, tuple) and len(result) == len(expected)
        for r, e in zip(result, expected):
            assert_same(r, e)
    else:
        assert_same(result, expected, approx=name in REDUCTIONS)


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
    assert_same(getattr(la, name)(*args, **kwargs), getattr(np, name)(*args, **kwargs))


def test_standard_meshgrid_concat_stack():
    a, b = np.arange(3.0), np.arange(4.0)
    for r, e in zip(la.meshgrid(la.asarray(a), la.asarray(b), indexing="ij"), np.meshgrid(a, b, indexing="ij")):
        assert_same(r, e)
    assert_same(la.concat([la.asarray(a), la.asarray(b)], axis=0), np.concat([a, b], axis=0))
    assert_same(la.concat([la.ones((2, 2)), la.zeros((2, 2))], axis=None), np.concat([np.ones((2, 2)),
                                                                                     np.zeros((2, 2))], axis=None))
    assert_same(la.stack([la.asarray(a), la.asarray(a)], axis=-1), np.stack([a, a], axis=-1))


# -- the functions this work adds ------------------------------------------------------------
@given(sc=shapes_and_chunks(min_dims=2, max_dims=4))
def test_matrix_transpose_matches_numpy(sc):
    shape, chunks = sc
    data = np.arange(int(np.prod(shape))).reshape(shape)
    x = lazy(data, chunks)
    assert_same(la.matrix_transpose(x), np.matrix_transpose(data))
    assert_same(np.matrix_transpose(x), np.matrix_transpose(data))  # through __array_function__
    assert_same(x.mT, data.mT)


@given(sc=shapes_and_chunks(min_dims=1), axis=st.integers(-3, 2))
def test_unstack_matches_numpy(sc, axis):
    shape, chunks = sc
    data = np.arange(int(np.prod(shape))).reshape(shape)
    expected = outcome(lambda: np.unstack(data, axis=axis))
    result = outcome(lambda: la.unstack(lazy(data, chunks), axis=axis))
    if isinstance(expected, type):
        assert result is expected
        return
    assert len(result) == len(expected)
    for r, e in zip(result, expected):
        assert_same(r, e)


@given(sc=shapes_and_chunks(), reps=st.one_of(st.integers(0, 3), st.lists(st.integers(0, 3), max_size=4)))
def test_tile_matches_numpy(sc, reps):
    shape, chunks = sc
    data = np.arange(int(np.prod(shape))).reshape(shape)
    reps = tuple(reps) if isinstance(reps, list) else reps
    assert_same(la.tile(lazy(data, chunks), reps), np.tile(data, reps))


@given(sc=shapes_and_chunks(max_dims=3), axis=st.integers(-4, 3))
def test_expand_dims_matches_numpy(sc, axis):
    shape, chunks = sc
    data = np.zeros(shape)
    expected = outcome(lambda: np.expand_dims(data, axis=axis))
    result = outcome(lambda: la.expand_dims(lazy(data, chunks), axis=axis))
    if isinstance(expected, type):
        assert result is expected
    else:
        assert_same(result, expected)


@given(a=st.sampled_from(STANDARD_DTYPES), b=st.sampled_from(STANDARD_DTYPES),
       scalar=st.sampled_from([None, True, 1, 1.0, 1j]))
def test_dtype_functions_match_numpy(a, b, scalar):
    x = la.ones(3, dtype=a, chunks=2)
    extra = () if scalar is None else (scalar,)
    assert la.result_type(x, b, *extra) == np.result_type(np.dtype(a), np.dtype(b), *extra)
    assert la.can_cast(x, b) == np.can_cast(np.dtype(a), np.dtype(b))
    assert la.can_cast(a, b) == np.can_cast(a, b)
    for kind in ("bool", "signed integer", "unsigned integer", "integral", "real floating", "complex floating",
                 "numeric"):
        assert la.isdtype(getattr(la, a), kind) == np.isdtype(np.dtype(a), kind)
    if np.dtype(a).kind in "fc":
        assert la.finfo(x).eps == np.finfo(a).eps and la.finfo(getattr(la, a)).bits == np.finfo(a).bits
    if np.dtype(a).kind in "iu":
        assert (la.iinfo(x).min, la.iinfo(x).max) == (np.iinfo(a).min, np.iinfo(a).max)


def test_numpy_functions_dispatch_lazily():
    x = la.arange(6, chunks=4).reshape(2, 3)
    for result, expected in [(np.unstack(x, axis=1), np.unstack(np.arange(6).reshape(2, 3), axis=1)),
                             ((np.tile(x, 2),), (np.tile(np.arange(6).reshape(2, 3), 2),))]:
        for r, e in zip(result, expected):
            assert isinstance(r, la.Array)
            assert_same(r, e)


def test_dtype_functions_through_numpy():
    x = la.ones(3, dtype="int8")
    assert np.result_type(x, 1.0) == np.dtype("float64")
    assert np.result_type(x, np.int16) == np.dtype("int16")
    assert np.can_cast(x, np.int16)


def test_result_type_needs_arguments():
    with pytest.raises(ValueError, match="result_type: at least one array or dtype is required"):
        la.result_type()


def test_can_cast_rejects_python_scalars():
    with pytest.raises(TypeError, match="can_cast: from_ must be a dtype or an array, got the Python scalar 1"):
        la.can_cast(1, la.int8)


def test_finfo_iinfo_reject_the_other_kind():
    with pytest.raises(ValueError, match="finfo: dtype int32 is not a floating-point dtype"):
        la.finfo(la.int32)
    with pytest.raises(ValueError, match="iinfo: dtype float64 is not an integer dtype"):
        la.iinfo(la.ones(2))


def test_isdtype_rejects_arrays():
    with pytest.raises(TypeError, match="isdtype: dtype must be a dtype, got a lazy array of dtype float64"):
        la.isdtype(la.ones(2), "real floating")


def test_matrix_transpose_needs_two_dimensions():
    with pytest.raises(ValueError, match=r"matrix_transpose: input must have at least 2 dimensions, got shape \(3,\)"):
        la.matrix_transpose(la.ones(3))


def test_unstack_needs_one_dimension():
    with pytest.raises(ValueError, match="unstack: input must be at least 1-d, got a 0-d array"):
        la.unstack(la.asarray(1.0))


def test_tile_rejects_negative_repetitions():
    with pytest.raises(ValueError, match=r"tile: repetitions must be non-negative integers, got \(2, -1\)"):
        la.tile(la.ones(3), (2, -1))


# -- devices, DLPack, namespace ----------------------------------------------------------------
def test_device_and_to_device():
    x = la.ones((3, 2), chunks=2)
    assert x.device == "cpu" == la.__array_namespace_info__().default_device()
    assert x.to_device("cpu") is x
    assert x.to_device(x.device) is x


@pytest.mark.parametrize("call, match", [
    (lambda: la.ones(3).to_device("cuda"), "to_device: unsupported device 'cuda'"),
    (lambda: la.zeros_like(la.ones(3), device="gpu"), "zeros: unsupported device 'gpu'"),
    (lambda: la.full((2,), 1.0, device="gpu"), "full: unsupported device 'gpu'"),
    (lambda: la.arange(3, device="gpu"), "arange: unsupported device 'gpu'"),
    (lambda: la.asarray([1], device="gpu"), "asarray: unsupported device 'gpu'"),
    (lambda: la.linspace(0, 1, 3, device="gpu"), "linspace: unsupported device 'gpu'"),
    (lambda: la.eye(2, device="gpu"), "eye: unsupported device 'gpu'"),
    (lambda: la.astype(la.ones(2), "int8", device="gpu"), "astype: unsupported device 'gpu'"),
    (lambda: la.from_dlpack(np.ones(2), device="gpu"), "from_dlpack: unsupported device 'gpu'"),
    (lambda: la.ones(3).to_device("cpu", stream=1), "to_device: stream=1 is not supported on the CPU"),
])
def test_device_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@given(sc=shapes_and_chunks(), dtype=st.sampled_from(STANDARD_DTYPES))
def test_dlpack_round_trip(sc, dtype):
    shape, chunks = sc
    data = np.asarray(np.arange(int(np.prod(shape))).reshape(shape) % 3).astype(dtype)
    x = lazy(data, chunks)
    assert x.__dlpack_device__() == data.__dlpack_device__()
    assert_same(np.from_dlpack(x), data)  # computes: DLPack shares memory that exists
    assert la.from_dlpack(x) is x  # already lazy: nothing to compute
    y = la.from_dlpack(data)
    assert isinstance(y, la.Array)
    assert_same(y, data)


def test_dlpack_rejects_stream_and_non_dlpack():
    with pytest.raises(ValueError, match="__dlpack__: stream=1 is not supported on the CPU"):
        la.ones(2).__dlpack__(stream=1)
    with pytest.raises(TypeError, match="from_dlpack: list objects do not support DLPack"):
        la.from_dlpack([1, 2])


@pytest.mark.parametrize("version", [None, "2021.12", "2022.12", "2023.12", "2024.12"])
def test_array_namespace(version):
    assert la.ones(2).__array_namespace__(api_version=version) is la


@pytest.mark.parametrize("version", ["2020.10", "2025.12", "latest"])
def test_array_namespace_rejects_unknown_versions(version):
    with pytest.raises(ValueError, match=f"__array_namespace__: unsupported Array API version '{version}'"):
        la.ones(2).__array_namespace__(api_version=version)


def test_asarray_copy():
    data = np.arange(4.0)
    copied = la.asarray(data, copy=True)
    shared = la.asarray(data)
    data[0] = 100.0
    assert copied.compute()[0] == 0.0  # copy=True: later writes are not seen
    assert shared.compute()[0] == 100.0  # copy=None may share, as NumPy does
    with pytest.raises(ValueError, match="Unable to avoid copy"):
        la.asarray([1, 2], copy=False)  # a list must be copied: NumPy's error
    x = la.ones(3)
    assert la.asarray(x, copy=False) is x and la.asarray(x, copy=True) is x  # lazy arrays are immutable


@given(shapes=st.lists(st.lists(st.sampled_from([0, 1, 2, 3]), max_size=3).map(tuple), max_size=4))
def test_broadcast_shapes_matches_numpy(shapes):
    expected = outcome(lambda: np.broadcast_shapes(*shapes))
    result = outcome(lambda: la.broadcast_shapes(*shapes))
    assert result == expected


def test_broadcast_shapes_with_unknown_lengths():
    nan = float("nan")
    result = la.broadcast_shapes((nan, 1), (1, 4))
    assert np.isnan(result[0]) and result[1] == 4
    assert la.broadcast_shapes((nan, 3), (2, 1)) == (2, 3)  # a known length wins
    with pytest.raises(ValueError, match=r"broadcast_shapes: shapes .* do not broadcast: lengths \[2, 3\] meet on"):
        la.broadcast_shapes((nan, 2), (3,))
