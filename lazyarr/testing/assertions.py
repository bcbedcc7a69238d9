"""Comparing lazy results with NumPy: :func:`assert_eq`, :func:`assert_identical`, :func:`tolerance`."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..core.array import Array, is_array
from ..core.blocktype import type_of_block
from ..core.compute import compute_blocks

__all__ = ["assert_eq", "assert_identical", "tolerance"]


def _check_blocks(x: Array) -> None:
    """Every computed block has the shape the chunks promise, the array's dtype and its block type."""
    blocks = compute_blocks([x], scheduler="sync")
    for key, block in blocks.items():
        if x.ndim:  # (a 0-d numpy.ma result is a NumPy scalar or np.ma.masked: either is right)
            assert type_of_block(block) is x.block_type, (
                f"block {key.index} is a {type(block).__name__}, the array says {x.block_type.__name__}")
        if block is np.ma.masked:
            continue  # numpy.ma's "nothing here" constant: shape () and dtype float64, whatever was reduced
        block = np.asarray(block)
        expected = tuple(c[i] for c, i in zip(x.chunks, key.index))
        known = all(not (isinstance(s, float) and math.isnan(s)) for s in expected)
        if known:
            assert block.shape == expected, f"block {key.index} has shape {block.shape}, chunks say {expected}"
        assert block.dtype == x.dtype, f"block {key.index} has dtype {block.dtype}, array says {x.dtype}"


def _as_array(result: Any, expected: np.ndarray) -> np.ndarray:
    """A computed result as an array; a 0-d result must be the NumPy scalar ``expected[()]`` is.

    Flexible scalars (``np.bytes_``, ``np.str_``) do not carry their width: they are read
    in the expected dtype.
    """
    if expected.ndim == 0 and not isinstance(result, np.ndarray):
        assert type(result) is type(expected[()]), (
            f"a 0-d result should be a {type(expected[()]).__name__}, got {type(result).__name__}")
        return np.asarray(result, dtype=expected.dtype if expected.dtype.kind in "SUV" else None)
    return np.asarray(result)


def assert_identical(actual: Any, expected: Any) -> None:
    """Assert that a computed (or stored and read back) result is *expected*, bit for bit.

    Same shape, same dtype and the same bytes, for every dtype (strings, datetimes,
    structured and void included): what a file must hold after a round trip.

    >>> assert_identical(np.arange(3), np.arange(3))
    >>> assert_identical(np.float64(-0.0), np.array(0.0))
    Traceback (most recent call last):
    ...
    AssertionError: the bytes differ
    """
    expected = np.asarray(expected)
    actual = _as_array(actual, expected)
    assert actual.shape == expected.shape, f"shape {actual.shape} != expected {expected.shape}"
    assert actual.dtype == expected.dtype, f"dtype {actual.dtype} != expected {expected.dtype}"
    assert actual.tobytes() == expected.tobytes(), "the bytes differ"


def tolerance(expected: Any, double: float = 1e-10, single: float = 1e-4) -> dict[str, float]:
    """``rtol`` and ``atol`` for comparing a blocked computation with NumPy's, by precision.

    Blocked sums add in another order than NumPy's pairwise sums, so results agree only
    to about the precision of the dtype: *single* for float16, float32 and complex64,
    *double* otherwise (integers and booleans are compared exactly anyway). *expected*
    is the expected result, or its dtype.

    >>> tolerance(np.float32), tolerance(np.ones(2), 1e-12)
    ({'rtol': 0.0001, 'atol': 0.0001}, {'rtol': 1e-12, 'atol': 1e-12})
    """
    tol = single if np.result_type(expected) in (np.float16, np.float32, np.complex64) else double
    return {"rtol": tol, "atol": tol}


def _assert_same_signs(result: np.ndarray, expected: np.ndarray) -> None:
    parts = (np.real, np.imag) if expected.dtype.kind == "c" else (lambda a: a,)
    for part in parts:
        np.testing.assert_array_equal(np.signbit(part(result)), np.signbit(part(expected)),
                                      err_msg="signs differ (of a zero or a NaN)")


def assert_eq(lazy: Any, expected: Any, *, check_dtype: bool = True, check_blocks: bool = True,
              rtol: float = 1e-7, atol: float = 0.0, equal_nan: bool = True, exact: bool = False) -> None:
    """Assert that *lazy* is a lazy array that computes to *expected* (a NumPy array or scalar).

    Checks that *lazy* is a lazy array (a NumPy function called on one must dispatch to
    lazyarr, not compute), its shape and dtype before computing, then the values (floats
    and complex numbers within *rtol*/*atol*, NaNs equal), and (optionally) that every
    block has the shape its chunks promise and the array's dtype. A 0-d result must come
    back as a NumPy scalar, as NumPy returns it.

    ``exact=True`` asks for equal values of any dtype, with NaNs in the same places and
    the same signs (``-0.0`` is not ``0.0``): for operations that must not round.

    A tuple (or list) of lazy arrays, as ``la.histogram`` returns, is compared element by
    element with a tuple of expected results.

    >>> import numpy as np, lazyarr as la
    >>> assert_eq(la.arange(5, chunks=2) * 2, np.arange(5) * 2)
    >>> assert_eq(la.histogram(la.arange(5, chunks=2), bins=2), np.histogram(np.arange(5), bins=2))
    >>> assert_eq(-la.zeros(2), np.zeros(2), exact=True)
    Traceback (most recent call last):
    ...
    AssertionError: ...signs differ (of a zero or a NaN)...
    >>> assert_eq(np.arange(5) * 2, np.arange(5) * 2)
    Traceback (most recent call last):
    ...
    AssertionError: expected a lazy array, got ndarray
    """
    if isinstance(lazy, (tuple, list)):
        assert isinstance(expected, (tuple, list)) and len(expected) == len(lazy), (
            f"got {len(lazy)} results, expected {len(expected) if isinstance(expected, (tuple, list)) else 1}")
        for got, want in zip(lazy, expected):
            assert_eq(got, want, check_dtype=check_dtype, check_blocks=check_blocks, rtol=rtol, atol=atol,
                      equal_nan=equal_nan, exact=exact)
        return
    assert is_array(lazy), f"expected a lazy array, got {type(lazy).__name__}"
    if isinstance(expected, np.ma.MaskedArray):
        return _assert_eq_masked(lazy, expected, check_dtype=check_dtype, check_blocks=check_blocks,
                                 rtol=rtol, atol=atol, equal_nan=equal_nan, exact=exact)
    expected = np.asarray(expected)
    shape = tuple(lazy.shape)  # lengths not known until computed are nan: the others must be right
    assert len(shape) == expected.ndim and all(
        isinstance(n, float) and math.isnan(n) or n == e for n, e in zip(shape, expected.shape)), (
        f"shape {shape} != expected {expected.shape}")
    if check_dtype:
        assert lazy.dtype == expected.dtype, f"dtype {lazy.dtype} != expected {expected.dtype}"
    if check_blocks:
        _check_blocks(lazy)
    computed = lazy.compute()
    assert not isinstance(computed, np.ma.MaskedArray), "expected a plain result, got a numpy.ma.MaskedArray"
    if lazy.ndim == 0:
        assert np.ndim(computed) == 0 and not isinstance(computed, np.ndarray), (
            f"a 0-d compute should give a NumPy scalar, got {type(computed).__name__}")
    result = _as_array(computed, expected) if check_dtype else np.asarray(computed)
    assert result.shape == expected.shape, f"computed shape {result.shape} != expected {expected.shape}"
    if check_dtype:
        assert result.dtype == expected.dtype, f"computed dtype {result.dtype} != expected {expected.dtype}"
    if exact:
        np.testing.assert_array_equal(result, expected)  # NaN == NaN here
        if expected.dtype.kind in "fc":
            _assert_same_signs(result, expected)
    elif expected.dtype.kind in "fc":
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)
    else:
        np.testing.assert_array_equal(result, expected)


def _assert_eq_masked(lazy: Array, expected: np.ma.MaskedArray, *, check_dtype: bool, check_blocks: bool,
                      **compare: Any) -> None:
    """:func:`assert_eq` for a ``numpy.ma`` result: the same mask, and the same values where unmasked.

    >>> import numpy as np, lazyarr as la
    >>> a = np.ma.masked_greater(np.arange(5.0), 2)
    >>> assert_eq(la.from_array(a, chunks=2) * 2, a * 2)
    >>> assert_eq(la.from_array(a, chunks=2).sum(), a.sum())
    >>> assert_eq(la.from_array(a, chunks=2) + 1, np.arange(5.0) + 1)
    Traceback (most recent call last):
    ...
    AssertionError: expected a plain result, got a numpy.ma.MaskedArray
    """
    assert lazy.ndim == expected.ndim and all(
        isinstance(n, float) and math.isnan(n) or n == e for n, e in zip(lazy.shape, expected.shape)), (
        f"shape {lazy.shape} != expected {expected.shape}")
    if check_dtype and expected is not np.ma.masked:  # (np.ma.masked is float64 whatever was reduced)
        assert lazy.dtype == expected.dtype, f"dtype {lazy.dtype} != expected {expected.dtype}"
    if check_blocks:
        _check_blocks(lazy)
    computed = lazy.compute()
    if lazy.ndim == 0:  # computed to a scalar or np.ma.masked, as numpy.ma's reductions and ufuncs give
        want = expected.reshape(())[()]
        if want is np.ma.masked or computed is np.ma.masked:
            assert computed is want, f"got {computed!r}, expected {expected!r}"
            return
        expected, computed = np.ma.masked_array(want, mask=False), np.ma.masked_array(computed, mask=False)
    assert isinstance(computed, np.ma.MaskedArray), f"expected a numpy.ma.MaskedArray, got {type(computed).__name__}"
    assert computed.shape == expected.shape, f"computed shape {computed.shape} != expected {expected.shape}"
    if check_dtype:
        assert computed.dtype == expected.dtype, f"computed dtype {computed.dtype} != expected {expected.dtype}"
    mask = np.ma.getmaskarray(expected)
    np.testing.assert_array_equal(np.ma.getmaskarray(computed), mask, err_msg="the masks differ")
    # The data under a mask is anybody's: compare the unmasked values only.
    got, want = np.ma.getdata(computed)[~mask], np.ma.getdata(expected)[~mask]
    if compare.pop("exact") or want.dtype.kind not in "fc":
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, **compare)
