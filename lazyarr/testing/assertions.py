"""``assert_eq``: compare a lazy array with NumPy, checking metadata and every block."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..core.array import Array, is_array
from ..core.compute import compute_blocks

__all__ = ["assert_eq"]


def _check_blocks(x: Array) -> None:
    """Every computed block has the shape the chunks promise and the array's dtype."""
    blocks = compute_blocks([x], scheduler="sync")
    for key, block in blocks.items():
        block = np.asarray(block)
        expected = tuple(c[i] for c, i in zip(x.chunks, key.index))
        known = all(not (isinstance(s, float) and math.isnan(s)) for s in expected)
        if known:
            assert block.shape == expected, f"block {key.index} has shape {block.shape}, chunks say {expected}"
        assert block.dtype == x.dtype, f"block {key.index} has dtype {block.dtype}, array says {x.dtype}"


def assert_eq(lazy: Any, expected: Any, *, check_dtype: bool = True, check_blocks: bool = True,
              rtol: float = 1e-7, atol: float = 0.0, equal_nan: bool = True) -> None:
    """Assert that *lazy* computes to *expected* (a NumPy array or scalar).

    Checks shape and dtype before computing, then values, then (optionally) that every
    block matches the declared chunks and dtype.

    >>> import numpy as np, lazyarr as la
    >>> assert_eq(la.arange(5, chunks=2) * 2, np.arange(5) * 2)
    """
    expected = np.asarray(expected)
    if is_array(lazy):
        shape = tuple(lazy.shape)
        known = all(not (isinstance(s, float) and math.isnan(s)) for s in shape)
        if known:
            assert shape == expected.shape, f"shape {shape} != expected {expected.shape}"
        if check_dtype:
            assert lazy.dtype == expected.dtype, f"dtype {lazy.dtype} != expected {expected.dtype}"
        if check_blocks:
            _check_blocks(lazy)
        result = lazy.compute()
        if lazy.ndim == 0:
            assert np.ndim(result) == 0 and not isinstance(result, np.ndarray), (
                f"a 0-d compute should give a NumPy scalar, got {type(result).__name__}"
            )
    else:
        result = lazy
    result = np.asarray(result)
    assert result.shape == expected.shape, f"computed shape {result.shape} != expected {expected.shape}"
    if check_dtype:
        assert result.dtype == expected.dtype, f"computed dtype {result.dtype} != expected {expected.dtype}"
    if expected.dtype.kind in "fc":
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)
    else:
        np.testing.assert_array_equal(result, expected)
