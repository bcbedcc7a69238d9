"""Buffer reuse in fused programs: results as without it, and nobody else's block is written."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.core import fused
from lazyarr.core.fused import IN, LIT, STEP, FusedFunction

BIG = fused.REUSE_MIN_BYTES // 8 + 5  # float64 elements: a block big enough to be reused


def _address(a: np.ndarray) -> int:
    return a.__array_interface__["data"][0]


def test_a_private_intermediate_receives_the_next_ufunc_result():
    seen = []

    def fresh(x):  # records where its (fresh) result lives, without keeping a reference
        out = x + 1.0
        seen.append(_address(out))
        return out

    f = FusedFunction(((fresh, ((IN, 0),), {}, "fresh"),
                       (np.multiply, ((STEP, 0), (LIT, 2.0)), {}, "mul"),
                       (np.sqrt, ((STEP, 1),), {}, "sqrt")))
    x = np.arange(BIG, dtype=float)
    result = f(x)
    np.testing.assert_array_equal(result, np.sqrt((x + 1.0) * 2.0))
    assert _address(result) == seen[0]


def test_task_inputs_and_literals_are_never_written():
    x = np.arange(BIG, dtype=float)
    lit = np.full(BIG, 3.0)
    x0, lit0 = x.copy(), lit.copy()
    f = FusedFunction(((np.asarray, ((IN, 0),), {}, "asarray"),  # returns the input block itself
                       (np.add, ((STEP, 0), (LIT, 1.0)), {}, "add"),
                       (np.copy, ((LIT, lit),), {}, "copy-lit"),
                       (np.asarray, ((LIT, lit),), {}, "lit"),  # returns the literal itself
                       (np.multiply, ((STEP, 3), (STEP, 1)), {}, "mul")))
    np.testing.assert_array_equal(f(x), lit0 * (x0 + 1.0))
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(lit, lit0)


def test_a_block_someone_else_holds_is_not_written():
    kept = []

    def keep(x):
        out = x * 1.0
        kept.append(out)  # e.g. a cache
        return out

    f = FusedFunction(((keep, ((IN, 0),), {}, "keep"), (np.add, ((STEP, 0), (LIT, 5.0)), {}, "add")))
    x = np.ones(BIG)
    np.testing.assert_array_equal(f(x), x + 5.0)
    np.testing.assert_array_equal(kept[0], x)


def test_views_and_results_of_another_dtype_or_shape_get_their_own_buffer():
    x = np.arange(2 * BIG, dtype=np.float32)  # as many bytes as BIG float64 values
    row = np.arange(3.0)
    f = FusedFunction(((np.multiply, ((IN, 0), (LIT, 1.0)), {}, "copy32"),
                       (np.add, ((STEP, 0), (LIT, np.float64(1e-9))), {}, "add64"),  # float32 + float64 scalar
                       (np.add, ((STEP, 1), (IN, 1)), {}, "add-f64-array")))
    with pytest.raises(ValueError):  # broadcasting still fails as in NumPy
        f(x, row)
    y = np.full(2 * BIG, 0.25)
    result = f(x, y)
    assert result.dtype == np.float64  # float32 + float64 array: not squeezed into the float32 temporary
    np.testing.assert_array_equal(result, (x * 1.0 + np.float64(1e-9)) + y)  # 1e-9 would vanish in float32
    bigger = FusedFunction(((np.multiply, ((IN, 0), (LIT, 1.0)), {}, "copy"),
                            (np.add, ((STEP, 0), (IN, 1)), {}, "add-broadcast")))
    col = np.arange(BIG, dtype=float)[:, None]
    out = bigger(np.ones(BIG), col[:4])  # (BIG,) + (4, 1) -> (4, BIG): larger than the temporary
    np.testing.assert_array_equal(out, np.ones(BIG) + col[:4])


@settings(max_examples=40, deadline=None)
@given(dtype=st.sampled_from(["float64", "float32", "int64", "int8", "complex128", "bool"]),
       n=st.sampled_from([0, 1, 7, BIG]))
def test_fused_chains_match_numpy(dtype, n):
    a = (np.arange(n) % 5).astype(dtype)
    x = la.from_array(a, chunks=max(n // 2, 1))
    expected = np.negative((a * a) + a) if dtype != "bool" else np.logical_not((a & a) | a)
    got = (-((x * x) + x)) if dtype != "bool" else ~((x & x) | x)
    result = got.compute()
    assert result.dtype == expected.dtype
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_array_equal(x.compute(), a)  # the input is untouched
