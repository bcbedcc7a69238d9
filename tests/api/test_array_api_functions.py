"""The functions and array attributes lazyarr adds for the Array API standard, against NumPy 2.

Namespace info, dtype functions, devices, DLPack, matrix_transpose, unstack, tile,
expand_dims, broadcast_shapes, and their errors.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq, assert_identical
from lazyarr.testing.strategies import shapes_and_chunks

try:  # helpers next to this file: a sibling module if tests/ is a package, else on sys.path (pytest)
    from .array_api_helpers import STANDARD_DTYPES, outcome
except ImportError:
    from array_api_helpers import STANDARD_DTYPES, outcome


# -- the functions this work adds ------------------------------------------------------------
@given(sc=shapes_and_chunks(min_dims=2, max_dims=4, empty_blocks=True))
def test_matrix_transpose_matches_numpy(sc):
    shape, chunks = sc
    data = np.arange(int(np.prod(shape))).reshape(shape)
    x = la.from_array(data, chunks=chunks)
    assert_eq(la.matrix_transpose(x), np.matrix_transpose(data), exact=True)
    assert_eq(np.matrix_transpose(x), np.matrix_transpose(data), exact=True)  # through __array_function__
    assert_eq(x.mT, data.mT, exact=True)


@given(sc=shapes_and_chunks(min_dims=1, empty_blocks=True), axis=st.integers(-3, 2))
def test_unstack_matches_numpy(sc, axis):
    shape, chunks = sc
    data = np.arange(int(np.prod(shape))).reshape(shape)
    expected = outcome(lambda: np.unstack(data, axis=axis))
    result = outcome(lambda: la.unstack(la.from_array(data, chunks=chunks), axis=axis))
    if isinstance(expected, type):
        assert result is expected
        return
    assert len(result) == len(expected)
    for r, e in zip(result, expected):
        assert_eq(r, e, exact=True)


@given(sc=shapes_and_chunks(empty_blocks=True),
       reps=st.one_of(st.integers(0, 3), st.lists(st.integers(0, 3), max_size=4)))
def test_tile_matches_numpy(sc, reps):
    shape, chunks = sc
    data = np.arange(int(np.prod(shape))).reshape(shape)
    reps = tuple(reps) if isinstance(reps, list) else reps
    assert_eq(la.tile(la.from_array(data, chunks=chunks), reps), np.tile(data, reps), exact=True)


@given(sc=shapes_and_chunks(max_dims=3, empty_blocks=True), axis=st.integers(-4, 3))
def test_expand_dims_matches_numpy(sc, axis):
    shape, chunks = sc
    data = np.zeros(shape)
    expected = outcome(lambda: np.expand_dims(data, axis=axis))
    result = outcome(lambda: la.expand_dims(la.from_array(data, chunks=chunks), axis=axis))
    if isinstance(expected, type):
        assert result is expected
    else:
        assert_eq(result, expected, exact=True)


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
            assert_eq(r, e, exact=True)


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


@given(sc=shapes_and_chunks(empty_blocks=True), dtype=st.sampled_from(STANDARD_DTYPES))
def test_dlpack_round_trip(sc, dtype):
    shape, chunks = sc
    data = np.asarray(np.arange(int(np.prod(shape))).reshape(shape) % 3).astype(dtype)
    x = la.from_array(data, chunks=chunks)
    assert x.__dlpack_device__() == data.__dlpack_device__()
    assert_identical(np.from_dlpack(x), data)  # computes: DLPack shares memory that exists
    assert la.from_dlpack(x) is x  # already lazy: nothing to compute
    y = la.from_dlpack(data)
    assert isinstance(y, la.Array)
    assert_eq(y, data, exact=True)


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
    assert la.asarray(x, copy=False) is x  # copy=True is a new object: see tests/api/test_copies.py
    assert la.asarray(x, copy=True) is not x


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
