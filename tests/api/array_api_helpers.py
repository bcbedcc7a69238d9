"""Shared helpers for the Array API tests: hypothesis strategies and NumPy-oracle comparisons."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

import lazyarr as la

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
