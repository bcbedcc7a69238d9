"""Blocks keep their promises, and errors raised inside tasks say where they came from.

``map_blocks(..., dtype=)`` promises the dtype of every block; a block of another dtype
used to be cast silently when the result was put together (``0.5`` became ``0``). It is an
error naming the declared and the produced dtype, the function and the block, like a block
of the wrong shape. Errors raised by a task keep their type and carry a note naming the
operation and the block, on every scheduler.
"""

from __future__ import annotations

import numpy as np
import pytest

import lazyarr as la
from lazyarr.testing import assert_eq


def _notes(exc: BaseException) -> str:
    return "\n".join(getattr(exc, "__notes__", []))


def test_map_blocks_refuses_a_float_block_declared_int(scheduler):
    # The reproducer: returned [0 0 1 1 ...], silently truncated.
    y = la.map_blocks(lambda b: b * 0.5, la.arange(10, chunks=5), dtype=int)
    with pytest.raises(TypeError) as info:
        y.compute(scheduler=scheduler)
    msg = str(info.value)
    assert "map_blocks" in msg and "'lambda'" in msg
    assert "dtype=int64" in msg and "float64" in msg
    assert "block (0,)" in msg or "block (1,)" in msg


def test_map_blocks_refuses_a_wider_int_block_declared_int8():
    # b * 300 of an int16 block is int16; declared int8 it used to wrap around.
    x = la.arange(10, chunks=5, dtype=np.int16)
    with pytest.raises(TypeError, match=r"dtype int16 for block \((0|1),\).*dtype=int8"):
        la.map_blocks(lambda b: b * 300, x, dtype=np.int8).compute(scheduler="sync")


def test_map_blocks_checks_the_inferred_dtype_too():
    # A function whose dtype depends on the block's values: the sample's dtype is a promise too.
    def by_value(b):
        return b.astype(np.float32) if b.size and b[0] >= 5 else b

    with pytest.raises(TypeError, match="inferred by running it on a one-element sample"):
        la.map_blocks(by_value, la.arange(10, chunks=5)).compute(scheduler="sync")


@pytest.mark.parametrize("dtype", [float, np.float32, bool, complex, "U3", "S2"])
def test_map_blocks_with_the_right_dtype_is_unchanged(dtype):
    a = np.arange(6)
    x = la.from_array(a, chunks=4)
    y = la.map_blocks(lambda b: b.astype(dtype), x, dtype=dtype)
    assert_eq(y, a.astype(dtype))


def test_map_blocks_dtype_check_covers_block_info_and_reductions_of_the_result():
    def offset(b, block_info=None):
        return b + block_info[None]["array-location"][0][0] / 2

    x = la.ones(6, chunks=3, dtype=int)
    with pytest.raises(TypeError, match="offset"):
        la.map_blocks(offset, x, dtype=int).sum().compute(scheduler="sync")
    assert_eq(la.map_blocks(offset, x, dtype=float), np.array([1, 1, 1, 2.5, 2.5, 2.5]))


def test_error_inside_a_task_keeps_its_type_and_names_operation_and_block(scheduler):
    def fail_on_second(b, block_id=None):
        if block_id == (1,):
            raise KeyError("boom")
        return b

    y = la.map_blocks(fail_on_second, la.arange(6, chunks=3), dtype=int) + 1
    with pytest.raises(KeyError, match="boom") as info:
        y.compute(scheduler=scheduler)
    notes = _notes(info.value)
    assert "block (1,)" in notes and "fail_on_second" in notes


def test_internal_map_blocks_callers_declare_exact_dtypes():
    # Internal callers of map_blocks: each block's dtype must be the declared one.
    a = np.arange(12.0).reshape(3, 4)
    x = la.from_array(a, chunks=2)
    assert_eq(la.tril(x, 1), np.tril(a, 1))
    assert_eq(la.triu(x.astype(np.float32)), np.triu(a.astype(np.float32)))
    assert_eq(la.isin(x, [1.0, 5.0]), np.isin(a, [1.0, 5.0]))
    assert_eq(la.sort(x, axis=1), np.sort(a, axis=1))
    assert_eq(la.pad(x.astype(np.int32), 2, mode="median"), np.pad(a.astype(np.int32), 2, mode="median"))
    assert_eq(la.pad(x.astype(np.int16), 2, mode="linear_ramp"), np.pad(a.astype(np.int16), 2, mode="linear_ramp"))
    assert_eq(la.map_overlap(lambda b: b * 2, x, depth=1, boundary="reflect"), a * 2)
