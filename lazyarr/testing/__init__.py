"""Testing helpers: :func:`assert_eq` against NumPy, :func:`assert_identical`, :func:`tolerance`,
and hypothesis strategies (:mod:`lazyarr.testing.strategies`, which needs hypothesis)."""

from .assertions import assert_eq, assert_identical, tolerance

__all__ = ["assert_eq", "assert_identical", "tolerance"]
